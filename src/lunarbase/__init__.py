"""lunarbase: a validated systems model of a lunar base that builds AI compute satellites.

SI floats and NumPy arrays inside; astropy quantities at the edges (scenario files, CLI, reports).

    >>> from lunarbase import load_scenario, simulate
    >>> run = simulate(load_scenario("lunar-base-alpha"))
    >>> run.milestones["launch_rate_1TW_per_yr"]
"""

__version__ = "0.1.0"

from lunarbase.engine import Run, simulate  # noqa: E402
from lunarbase.scenario import Scenario, ScenarioError, load_scenario  # noqa: E402

__all__ = ["Run", "Scenario", "ScenarioError", "load_scenario", "simulate", "__version__"]
