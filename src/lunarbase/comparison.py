"""Routes side by side: every route on the same yardsticks, from the same engine.

``compare(scenarios)`` runs each scenario (its ``route`` section picks the composition) and reads them
year by year: compute added and installed (W and FLOP/s), Earth launches (tankers included), the levelized
cost of compute (discounted) to date, cumulative spend, the power used and its Kardashev level, the sunlight
intercepted, milestones, the binding constraint, and when one route's installed compute overtakes another's.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from lunarbase.engine import Run, simulate
from lunarbase.scenario import Scenario, ScenarioError

#: The yardsticks, in table order: key -> the engine's yearly figure (see ``engine.YEARLY``).
MEASURES = ("compute_launched", "flops_added", "installed_compute", "installed_flops", "earth_flights",
            "levelized_cost_to_date", "cumulative_spend", "power_used", "kardashev", "sunlight_captured")

#: The measure an overtaking is read on.
OVERTAKE_MEASURE = "installed_compute"


@dataclass(frozen=True)
class Overtake:
    """Route ``route`` moves ahead of ``other`` on ``measure`` in ``year`` (year-end values)."""

    route: str
    other: str
    year: int
    measure: str = OVERTAKE_MEASURE

    def json(self) -> dict:
        return {"route": self.route, "overtakes": self.other, "year": self.year, "measure": self.measure}


def overtakes(names: list[str], values: np.ndarray, years: np.ndarray, measure: str = OVERTAKE_MEASURE
              ) -> list[Overtake]:
    """Every year a route's value rises above another's that was ahead of it (strictly) the year before.

    ``values`` has one row per route. A route that starts ahead (or ties at zero) has not overtaken.
    """
    v = np.nan_to_num(np.asarray(values, dtype=float), nan=0.0)
    out = []
    for a in range(len(names)):
        for b in range(len(names)):
            if a == b:
                continue
            ahead = v[a] > v[b]
            behind_before = np.concatenate([[False], v[a][:-1] < v[b][:-1]])
            for k in np.flatnonzero(ahead & behind_before):
                out.append(Overtake(names[a], names[b], int(years[k]), measure))
    return sorted(out, key=lambda o: (o.year, o.route, o.other))


@dataclass
class Comparison:
    runs: list[Run]

    @property
    def names(self) -> list[str]:
        return [r.scenario.name for r in self.runs]

    @property
    def years(self) -> np.ndarray:
        return self.runs[0].years

    @property
    def number_format(self) -> str:
        """The number format every route's FLOP figures count in (``compare`` refuses routes that differ)."""
        return self.runs[0].number_format

    def yearly(self, key: str) -> np.ndarray:
        """One row per route of the engine's yearly figure ``key`` (SI; flows summed over each year)."""
        return np.stack([r.yearly(key) for r in self.runs])

    @cached_property
    def overtakes(self) -> list[Overtake]:
        return overtakes(self.names, self.yearly(OVERTAKE_MEASURE), self.years)


def compare(scenarios: list[Scenario]) -> Comparison:
    """Run every scenario; all must share one time grid so that their years line up."""
    if not scenarios:
        raise ScenarioError("scenario: got none; expected at least one route to compare")
    names = [sc.name for sc in scenarios]
    if len(set(names)) != len(names):
        raise ScenarioError(f"scenario: got {', '.join(names)}; expected each route once (names repeat)")
    grids = {(sc.params.horizon.start_year, sc.params.horizon.end_year, sc.params.horizon.steps_per_year)
             for sc in scenarios}
    if len(grids) > 1:
        raise ScenarioError(f"horizon: got {sorted(grids)}; expected every route on the same years and steps "
                            "(use --years)")
    formats = {sc.params.chips.number_format for sc in scenarios}
    if len(formats) > 1:
        raise ScenarioError(f"chips.number_format: got {', '.join(sorted(formats))}; expected one number format for "
                            "every route (FLOP/s counted in different formats do not compare)")
    return Comparison([simulate(sc) for sc in scenarios])


__all__ = ["MEASURES", "Comparison", "Overtake", "compare", "overtakes"]
