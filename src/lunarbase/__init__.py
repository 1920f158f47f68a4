"""lunarbase: a validated systems model of a lunar base that builds AI compute satellites.

SI floats and NumPy arrays inside; astropy quantities at the edges (scenario files, CLI, reports).

    >>> from lunarbase import load_scenario, simulate
    >>> run = simulate(load_scenario("lunar-base-alpha"))
    >>> run.milestones["launch_rate_1TW_per_yr"]

    >>> from astropy import units as u
    >>> from lunarbase import depart
    >>> depart("south-polar-ridge", 2.5 * u.km / u.s, ["2030-01-01", "2030-01-15"])  # an astropy QTable

The public names are imported on first use (PEP 562), so that ``import lunarbase`` and the command line's
``--help`` do not pay for astropy, Numba and the model until they need them.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

from lunarbase._version import __version__

#: Public name -> the module that defines it.
_PUBLIC = {
    "Run": "lunarbase.engine",
    "simulate": "lunarbase.engine",
    "depart": "lunarbase.launch_study",
    "Scenario": "lunarbase.scenario",
    "ScenarioError": "lunarbase.scenario",
    "load_scenario": "lunarbase.scenario",
}

if TYPE_CHECKING:
    from lunarbase.engine import Run, simulate
    from lunarbase.launch_study import depart
    from lunarbase.scenario import Scenario, ScenarioError, load_scenario


def __getattr__(name: str):
    """Import a public name from its module the first time it is asked for, then keep it here."""
    if name not in _PUBLIC:
        raise AttributeError(f"module 'lunarbase' has no attribute {name!r}")
    value = getattr(import_module(_PUBLIC[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_PUBLIC})


__all__ = ["Run", "Scenario", "ScenarioError", "depart", "load_scenario", "simulate", "__version__"]
