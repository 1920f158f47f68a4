"""The time-stepping engine: a scenario in, a :class:`Run` out.

The engine lays the time grid (``steps_per_year`` steps from the start of ``start_year`` to the end of
``end_year``), hands it to the route the scenario names (the contract of ``architectures.route``), attaches
the units of the figure catalogue to what comes back, and reads the result: milestones, yearly figures, the
binding constraint by period, the horizon year, and the physical-bounds check.

A run may carry samples: ``simulate(scenario, draws={"industry.productivity": values, ...})`` runs every
sample at once through the same vectorised code; ``run.sample(i)`` is sample i as a run of its own.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import astropy.units as u
import numpy as np

from lunarbase.architectures import ROUTES
from lunarbase.architectures.route import ONE_VALUE_PER_RUN, Design, ReadRecorder, mode_hint
from lunarbase.constants import H100_FLOPS, YEAR
from lunarbase.constraints import CONSTRAINTS
from lunarbase.figures import MILESTONES, SERIES, YEARLY
from lunarbase.scenario import Scenario, ScenarioError, consistency_problems
from lunarbase.scenario import draws as draws_mod
from lunarbase.subsystems import bounds
from lunarbase.subsystems import economics as econ
from lunarbase.units import to_unit

#: FLOP in one PFLOP/s-year: 1e15 FLOP/s for a Julian year.
PFLOPS_YEAR = 1e15 * YEAR

#: The waterfall from peak to delivered compute, in order: stage -> what it counts.
WATERFALL = {
    "peak": "peak: nameplate of the accelerators in service",
    "power_thermal": "x power and thermal: accelerator failures beyond spares, eclipses, power limit",
    "availability": "x availability: partial failures, repairs",
    "utilisation": "x utilisation = delivered: sold or in use",
}


@dataclass(frozen=True)
class LevelizedCost:
    """The levelized cost of compute over a run's horizon (per sample for a draw: arrays of n).

    ``per_flop`` is PV(spending) / PV(FLOP delivered), both discounted at the route's ``discount_rate`` (real,
    compounded yearly): ``economics.levelized_cost`` at the horizon. ``shares`` are the waterfall's stages as
    present-value-weighted shares of peak (``WATERFALL``); the last is what the cost is divided by.
    """

    discount_rate: Any
    per_flop: Any
    shares: dict[str, Any]
    undiscounted_per_flop: Any

    @property
    def per_pflops_year(self) -> Any:
        """USD per PFLOP/s-year delivered, in the run's number format (``chips.number_format``)."""
        return self.per_flop * PFLOPS_YEAR

    @property
    def per_accelerator_hour(self) -> Any:
        """USD per hour of one H100-equivalent delivered (989 TFLOP/s dense BF16, NVIDIA's datasheet)."""
        return self.per_flop * H100_FLOPS * 3600.0

    def per_pflops_year_at(self, stage: str) -> Any:
        """The same spending over the compute of an earlier stage of the waterfall (peak: the least)."""
        return self.per_pflops_year * self.shares["utilisation"] / self.shares[stage]


def rental_per_pflops_year(usd_per_hour):
    """An H100's hourly rental as USD per PFLOP/s-year: price * hours in a year / PFLOP/s of one H100."""
    return np.asarray(usd_per_hour, dtype=float) * YEAR / 3600.0 / (H100_FLOPS / 1e15)


def time_grid(start_year: int, end_year: int, steps_per_year: int) -> tuple[np.ndarray, float]:
    """Step start times in decimal years, from 1 Jan ``start_year`` to the last step of ``end_year``."""
    n = (end_year - start_year + 1) * steps_per_year
    return start_year + np.arange(n) / steps_per_year, YEAR / steps_per_year


@dataclass
class Run:
    """One simulated scenario: its series (SI, units in ``figures.SERIES``) and everything derived from them.

    A run of one scenario gives each series as a 1-D array over the steps (``run["installed_compute"]``); a
    run of ``samples`` draws gives (samples, steps) arrays, and ``run.sample(i)`` is one of them on its own.
    """

    scenario: Scenario
    t: np.ndarray
    dt: float
    series: dict[str, np.ndarray]
    design: Design = field(repr=False)
    draws: Mapping[str, np.ndarray] = field(default_factory=dict, repr=False)
    samples: int | None = None

    def __getitem__(self, name: str) -> np.ndarray:
        values = self.series[name]
        return values if self.samples is not None else values[0]

    def unit(self, name: str) -> str:
        """The SI unit of series ``name``, from the figure catalogue."""
        return SERIES[name].unit

    @property
    def number_format(self) -> str:
        """The number format every FLOP figure of the run counts in (``chips.number_format``, e.g. BF16 dense)."""
        return self.scenario.params.chips.number_format

    def quantity(self, name: str) -> u.Quantity:
        """Series ``name`` as an astropy Quantity (for notebooks and unit-aware tools)."""
        return u.Quantity(self[name], to_unit(self.unit(name)), copy=True)

    def sample(self, i: int) -> Run:
        """Sample ``i`` as a run of its own: its series, its design, and its scenario with the drawn values."""
        if self.samples is None:
            raise IndexError("sample: this run holds one scenario, not samples")
        if not -self.samples <= i < self.samples:
            raise IndexError(f"sample: got {i}; expected 0 to {self.samples - 1}")
        i %= self.samples
        params = draws_mod.sample_parameters(self.scenario.params, self.draws, i)
        sources = {**self.scenario.sources, **{p: f"sample {i} of a draw" for p in self.draws}}
        scenario = Scenario(self.scenario.name, self.scenario.description, params, sources,
                            self.scenario.explicit)
        return Run(scenario, self.t, self.dt, {k: v[i:i + 1] for k, v in self.series.items()},
                   self.design.sample(i, self.samples))

    @cached_property
    def years(self) -> np.ndarray:
        return np.unique(np.floor(self.t + 1e-9)).astype(int)

    @cached_property
    def milestones(self) -> dict[str, Any]:
        """Decimal year each milestone is first reached: None if never; per sample (NaN if never) for draws."""
        out = {}
        for name, m in MILESTONES.items():
            year = first_crossing(*self.milestone_series(name), m.threshold)
            out[name] = year if self.samples is not None else (None if np.isnan(year[0]) else float(year[0]))
        return out

    def milestone_series(self, name: str) -> tuple[np.ndarray, np.ndarray]:
        """The times and the (samples, steps) values milestone ``name`` is read from: the series at the step
        starts, or, for a rate over a year (``Milestone.over_a_year``), its mean over the year that ends with each
        step, at that step's end."""
        m = MILESTONES[name]
        values = np.atleast_2d(self.series[m.series])
        if not m.over_a_year:
            return self.t, values
        steps = self.scenario.params.horizon.steps_per_year
        total = np.cumsum(values, axis=-1)
        total[:, steps:] -= total[:, :-steps].copy()
        return self.t + self.dt / YEAR, total / steps

    def yearly(self, key: str) -> np.ndarray:
        """Figure ``key`` of ``figures.YEARLY`` for each calendar year (flows summed, stocks at year end), SI."""
        figure = YEARLY[key]
        steps = self.scenario.params.horizon.steps_per_year
        values = self[figure.name]
        values = values.reshape(*values.shape[:-1], -1, steps)
        return values.sum(axis=-1) * self.dt if figure.kind == "flow" else values[..., -1]

    def _one(self, what: str) -> None:
        if self.samples is not None:
            raise ValueError(f"{what}: this run holds {self.samples} samples; read run.sample(i).{what}")

    @cached_property
    def levelized_cost(self) -> LevelizedCost:
        """The levelized cost of compute over the horizon, with its waterfall (see :class:`LevelizedCost`)."""
        p = draws_mod.columns(self.scenario.params, self.draws) if self.draws else self.scenario.params
        rate = np.reshape(p.economics.discount_rate, (-1, 1))
        discount = econ.discount_factors(self.t, rate)

        def pv(name: str) -> np.ndarray:
            return np.sum(self.series[name] * discount, axis=-1)

        d = p.delivery
        peak = pv("peak_flops")
        derated = pv("installed_flops") * np.ravel(d.power_thermal_derating)
        available = derated * np.ravel(d.availability)
        stages = {"peak": peak, "power_thermal": derated, "availability": available,
                  "utilisation": available * np.ravel(d.utilisation)}
        with np.errstate(divide="ignore", invalid="ignore"):
            shares = {k: np.where(peak > 0, v / np.where(peak > 0, peak, 1.0), np.nan) for k, v in stages.items()}
        per_flop = self.series["levelized_cost"][:, -1]
        undiscounted = self.series["cost_per_pflops_year"][:, -1] / PFLOPS_YEAR
        rate = np.broadcast_to(np.ravel(rate), per_flop.shape)
        if self.samples is None:
            return LevelizedCost(float(rate[0]), float(per_flop[0]), {k: float(v[0]) for k, v in shares.items()},
                                 float(undiscounted[0]))
        return LevelizedCost(rate, per_flop, shares, undiscounted)

    @cached_property
    def binding_by_year(self) -> list[str]:
        """The constraint that bound most steps of each year ("idle" before the base starts)."""
        self._one("binding_by_year")
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
        self._one("bounds")
        p = self.scenario.params
        body = self.design.body
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


def first_crossing(t: np.ndarray, values: np.ndarray, threshold: float) -> np.ndarray:
    """Decimal year of the first step whose value exceeds ``threshold``, per row of ``values`` (NaN if never)."""
    above = np.nan_to_num(np.atleast_2d(values), nan=-np.inf) > threshold
    first = np.argmax(above, axis=-1)
    return np.where(above.any(axis=-1), np.asarray(t)[first], np.nan)


def _catalogued(series: dict[str, np.ndarray], rows: int, steps: int, route: str) -> dict[str, np.ndarray]:
    """Every series as a (rows, steps) float array; the common yardsticks a route lacks are zero."""
    unknown = sorted(set(series) - set(SERIES))
    if unknown:  # a programming error: a new series needs its unit and label in figures.SERIES
        raise KeyError(f"route {route} returned series missing from figures.SERIES: {', '.join(unknown)}")
    out = {}
    for name, figure in SERIES.items():
        if name in series:
            out[name] = np.broadcast_to(np.asarray(series[name], dtype=float), (rows, steps))
        elif figure.common:
            out[name] = np.zeros((rows, steps))
    return out


def _sampled(scenario: Scenario, draws: Mapping[str, Any], fixed: tuple[str, ...]):
    """The parameters with drawn fields as (n, 1) columns, the checked draws and n; one line per problem."""
    try:
        checked, n = draws_mod.validate(draws)
    except draws_mod.DrawError as err:
        raise ScenarioError(str(err)) from None
    refused = [path for path in checked if path in (*ONE_VALUE_PER_RUN, *fixed)]
    if refused:
        route = scenario.params.route.kind
        raise ScenarioError("\n".join(f"{path}: drawn per sample; the {route} route takes one value per run "
                                      "(run each value separately)" for path in refused))
    p = draws_mod.columns(scenario.params, checked)
    contradictions = consistency_problems(p)  # the same checks as a scenario's, sample by sample
    if contradictions:
        raise ScenarioError("\n".join(contradictions))
    return p, checked, n


#: Settings every run reads outside the route (the time grid, the route's choice).
_READ_BY_THE_ENGINE = ("horizon.", "route.kind")


def _refuse_unread(scenario: Scenario, set_paths, reads: set[str]) -> None:
    """A setting the run never read does nothing: refuse it in one line, naming the mode that would use it."""
    unread = sorted(path for path in set_paths if path not in reads and not path.startswith(_READ_BY_THE_ENGINE))
    if not unread:
        return
    rows = {r.path: r for r in scenario.rows()}
    route = scenario.params.route.kind
    lines = []
    for path in unread:
        hint = mode_hint(path)
        hint = "" if f"'{route}'" in hint else hint  # a hint for the route already chosen says nothing
        lines.append(f"{path}: got {rows[path].text()}, which does nothing on the {route} route as set; "
                     + (f"expected it only with {hint}" if hint else "expected it left out"))
    raise ScenarioError("\n".join(lines))


def simulate(scenario: Scenario, draws: Mapping[str, Any] | None = None) -> Run:
    """Run ``scenario`` from its start year to its horizon with the route its ``route.kind`` names.

    ``draws``: optional per-sample values, ``{"section.field": 1-D array (SI numbers, or a Quantity)}``; the
    run then holds one series per sample (see :class:`Run`).
    """
    route = ROUTES[scenario.params.route.kind]
    if draws:
        p, checked, n = _sampled(scenario, draws, route.one_value_per_run)
    else:
        p, checked, n = scenario.params, {}, None
    reads: set[str] = set()
    seen = ReadRecorder(p, reads)
    design = route.design(seen)
    infeasible = route.problems(seen, design)
    if infeasible:
        raise ScenarioError("\n".join(infeasible))
    h = scenario.params.horizon
    t, dt = time_grid(h.start_year, h.end_year, h.steps_per_year)
    series = _catalogued(route.simulate(seen, design, t, dt), n or 1, t.size, route.kind)
    _refuse_unread(scenario, {*scenario.explicit, *checked}, reads)
    return Run(scenario=scenario, t=t, dt=dt, series=series, design=design, draws=checked, samples=n)


__all__ = ["LevelizedCost", "PFLOPS_YEAR", "Run", "WATERFALL", "first_crossing", "rental_per_pflops_year", "simulate",
           "time_grid"]
