"""The time-stepping engine: a scenario in, a :class:`Run` out.

The engine lays the time grid (``steps_per_year`` steps from the start of ``start_year`` to the end of
``end_year``), hands it to an architecture, and reads the result: milestones, yearly figures, the binding
constraint by period, the horizon year, and the physical-bounds check.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import astropy.units as u
import numpy as np

from lunarbase.architectures import ROUTES
from lunarbase.constants import YEAR
from lunarbase.scenario import Scenario, ScenarioError
from lunarbase.subsystems import bounds
from lunarbase.subsystems.industry import CONSTRAINTS
from lunarbase.units import to_unit

#: Milestones: name -> (series, threshold in SI). Rates are per second inside; thresholds per year / YEAR.
MILESTONES = {
    "first_launch": ("satellites_launched", 0.0),
    "launch_rate_1GW_per_yr": ("compute_launch_rate", 1e9 / YEAR),
    "launch_rate_100GW_per_yr": ("compute_launch_rate", 1e11 / YEAR),
    "launch_rate_1TW_per_yr": ("compute_launch_rate", 1e12 / YEAR),
    "installed_1TW": ("installed_compute", 1e12),
    "kardashev_1": ("kardashev", 1.0),
}

#: Yearly figures: key -> (series, "flow" summed over the year or "stock" at year end, unit per year shown).
YEARLY = {
    "surface_power": ("power_capacity", "stock", "W"),
    "factory_mass": ("factory_mass", "stock", "kg"),
    "crew": ("crew", "stock", ""),
    "mass_drivers": ("mass_drivers", "stock", ""),
    "launch_capacity": ("launch_capacity", "stock", "kg/s"),
    "mass_launched": ("mass_launched", "flow", "kg"),
    "satellites_launched": ("satellites_launched", "flow", ""),
    "satellites_in_service": ("satellites_in_service", "stock", ""),
    "compute_launched": ("compute_launch_rate", "flow", "W"),
    "flops_added": ("flops_launch_rate", "flow", "FLOP/s"),
    "installed_compute": ("installed_compute", "stock", "W"),
    "installed_flops": ("installed_flops", "stock", "FLOP/s"),
    "sunlight_captured": ("sunlight_captured", "stock", "W"),
    "share_of_sun": ("share_of_sun", "stock", ""),
    "kardashev": ("kardashev", "stock", ""),
    "earth_flights": ("flights", "flow", ""),
    "earth_mass_landed": ("earth_landed_total", "flow", "kg"),
    "spend": ("spend_total", "flow", "USD"),
    "cumulative_spend": ("cumulative_spend", "stock", "USD"),
    "cost_per_kw": ("cost_per_watt", "stock", "USD/W"),
    "cost_per_pflops_year": ("cost_per_pflops_year", "stock", "USD"),
}


def time_grid(start_year: int, end_year: int, steps_per_year: int) -> tuple[np.ndarray, float]:
    """Step start times in decimal years, from 1 Jan ``start_year`` to the last step of ``end_year``."""
    n = (end_year - start_year + 1) * steps_per_year
    return start_year + np.arange(n) / steps_per_year, YEAR / steps_per_year


@dataclass
class Run:
    """One simulated scenario: the series (sample 0 by default) and everything derived from them."""

    scenario: Scenario
    t: np.ndarray
    dt: float
    series: dict[str, tuple[np.ndarray, str]]
    designs: dict = field(repr=False)

    def __getitem__(self, name: str) -> np.ndarray:
        return self.series[name][0][0]

    def unit(self, name: str) -> str:
        return self.series[name][1]

    def quantity(self, name: str) -> u.Quantity:
        """Series ``name`` of sample 0 as an astropy Quantity (for notebooks and unit-aware tools)."""
        return u.Quantity(self[name], to_unit(self.unit(name)), copy=True)

    @cached_property
    def years(self) -> np.ndarray:
        return np.unique(np.floor(self.t + 1e-9)).astype(int)

    @cached_property
    def milestones(self) -> dict[str, float | None]:
        return {name: first_crossing(self.t, self[s], threshold) for name, (s, threshold) in MILESTONES.items()}

    def yearly(self, key: str) -> np.ndarray:
        """Figure ``key`` of :data:`YEARLY` for each calendar year (flows summed, stocks at year end)."""
        name, kind, _ = YEARLY[key]
        steps = self.scenario.params.horizon.steps_per_year
        values = self[name].reshape(-1, steps)
        return values.sum(axis=1) * self.dt if kind == "flow" else values[:, -1]

    @cached_property
    def binding_by_year(self) -> list[str]:
        """The constraint that bound most steps of each year ("idle" before the base starts)."""
        steps = self.scenario.params.horizon.steps_per_year
        codes = self["binding"].reshape(-1, steps).astype(int)
        return [CONSTRAINTS[int(np.bincount(row, minlength=len(CONSTRAINTS)).argmax())] for row in codes]

    @cached_property
    def binding_periods(self) -> list[tuple[int, int, str]]:
        """Runs of years with the same binding constraint: (first year, last year, constraint)."""
        periods: list[tuple[int, int, str]] = []
        for year, name in zip(self.years, self.binding_by_year, strict=True):
            if periods and periods[-1][2] == name:
                periods[-1] = (periods[-1][0], int(year), name)
            else:
                periods.append((int(year), int(year), name))
        return periods

    @cached_property
    def bounds(self) -> tuple[dict[str, float], list[str]]:
        p = self.scenario.params
        body = self.designs.get("body")
        where = {} if body is None else {"body_mass": body.mass, "body_radius": body.radius,
                                         "body_name": body.name.capitalize()}
        return bounds.check(**where,
            mass_lifted_kg=float(np.sum(self["mass_launched"]) * self.dt),
            mass_mined_kg=float(self["regolith_used"][-1]),
            array_area_m2=float(self["surface_array_area"][-1]),
            usable_area_m2=p.site.usable_area,
            regolith_density=p.bounds.regolith_density,
            mining_depth=p.bounds.mining_depth,
        )


def first_crossing(t: np.ndarray, values: np.ndarray, threshold: float) -> float | None:
    """Decimal year of the first step whose value exceeds ``threshold`` (None if never)."""
    above = np.flatnonzero(np.nan_to_num(values, nan=-np.inf) > threshold)
    return float(t[above[0]]) if above.size else None


#: Series every route reports, so that all routes read on the same yardsticks (zero where a route has none).
COMMON_SERIES = {name: unit for name, unit in (
    *((s, "") for s, _, _ in YEARLY.values()), *((s, "") for s, _ in MILESTONES.values()),
    ("regolith_used", "kg"), ("surface_array_area", "m2"), ("spend_launch", "USD/s"), ("spend_hardware", "USD/s"),
    ("spend_chips", "USD/s"), ("spend_operations", "USD/s"), ("earth_landed", "kg/s"), ("binding", ""))}


def simulate(scenario: Scenario) -> Run:
    """Run ``scenario`` from its start year to its horizon with the route its ``route.kind`` names."""
    architecture = ROUTES[scenario.params.route.kind]
    infeasible = architecture.problems(scenario.params)
    if infeasible:
        raise ScenarioError("\n".join(infeasible))
    h = scenario.params.horizon
    t, dt = time_grid(h.start_year, h.end_year, h.steps_per_year)
    series, designs = architecture.simulate(scenario.params, t, dt)
    rows = next(iter(series.values()))[0].shape[0]
    for name in COMMON_SERIES:
        if name not in series:
            series[name] = (np.zeros((rows, t.size)), "")
        elif series[name][0].shape != (rows, t.size):
            series[name] = (np.broadcast_to(series[name][0], (rows, t.size)), series[name][1])
    return Run(scenario=scenario, t=t, dt=dt, series=series, designs=designs)


__all__ = ["MILESTONES", "Run", "YEARLY", "simulate", "time_grid"]
