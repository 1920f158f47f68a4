"""lunarbase: a validated systems model of a lunar base that builds AI compute satellites.

SI floats and NumPy arrays inside; astropy quantities at the edges (scenario files, CLI, reports).

    >>> from lunarbase import load_scenario, simulate
    >>> run = simulate(load_scenario("lunar-base-alpha"))
    >>> run.milestones["launch_rate_1TW_per_yr"]

    >>> from astropy import units as u
    >>> from lunarbase import depart
    >>> depart("south-polar-ridge", 2.5 * u.km / u.s, ["2030-01-01", "2030-01-15"])  # an astropy QTable
"""

from lunarbase._version import __version__
from lunarbase.engine import Run, simulate
from lunarbase.launch_study import depart
from lunarbase.scenario import Scenario, ScenarioError, load_scenario

__all__ = ["Run", "Scenario", "ScenarioError", "depart", "load_scenario", "simulate", "__version__"]
