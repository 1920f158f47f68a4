"""The time-stepping engine: a scenario in, a :class:`Run` out.

The engine lays the time grid (``steps_per_year`` steps from the start of ``start_year`` to the end of
``end_year``), hands it to the route the scenario names (the contract of ``architectures.route``), attaches
the units of the figure catalogue to what comes back, and reads the result: milestones, yearly figures, the
binding constraint by period, the horizon year, and the physical-bounds check.

A run may carry samples: ``simulate(scenario, draws={"industry.productivity": values, ...})`` runs every
sample at once through the same vectorised code; ``run.sample(i)`` is sample i as a run of its own.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from types import SimpleNamespace
from typing import Any

import astropy.units as u
import numpy as np

from lunarbase._jit import compiled_loop
from lunarbase.architectures import ROUTES
from lunarbase.architectures.route import ONE_VALUE_PER_RUN, Design, ReadRecorder, mode_hint
from lunarbase.constants import H100_FLOPS, YEAR
from lunarbase.constraints import CONSTRAINTS
from lunarbase.figures import MILESTONES, SERIES, YEARLY
from lunarbase.scenario import Scenario, ScenarioError, consistency_problems
from lunarbase.scenario import draws as draws_mod
from lunarbase.scenario.draws import samples_listed
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
    "utilisation": "x utilisation: sold or in use",
    "usable": "x usable = delivered: what the links let the workload mix use (1 on the ground)",
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
        return _per_pflops_year(self.per_flop)

    @property
    def per_accelerator_hour(self) -> Any:
        """USD per hour of one H100-equivalent delivered (989 TFLOP/s dense BF16, NVIDIA's datasheet)."""
        return self.per_flop * H100_FLOPS * 3600.0

    def per_pflops_year_at(self, stage: str) -> Any:
        """The same spending over the compute of an earlier stage of the waterfall (peak: the least)."""
        return self.per_pflops_year * self.shares["usable"] / self.shares[stage]


def _per_pflops_year(usd_per_flop):
    """USD per FLOP (levelized: over the FLOP delivered) as USD per PFLOP/s-year."""
    return usd_per_flop * PFLOPS_YEAR


def rental_per_pflops_year(usd_per_hour):
    """An H100's hourly rental as USD per PFLOP/s-year: price * hours in a year / PFLOP/s of one H100."""
    return np.asarray(usd_per_hour, dtype=float) * YEAR / 3600.0 / (H100_FLOPS / 1e15)


#: The most steps one run takes. Why: memory, ~70 float64 series a step (and the route as much again while it runs),
#: ~0.5 GB at the cap. The work is linear in the steps (the fleet's in-service sum is a recurrence,
#: ``subsystems.fleet``): the schema's longest run, 1957:3000 at 366 steps a year (382,104 steps), takes ~0.8 s
#: (it took 139 s when that sum was a direct convolution). A longer request is refused before any work.
MAX_STEPS = 400_000
#: The most steps x samples one ``simulate`` call takes. Why: each step-sample holds ~70 float64 series (560 B)
#: and the route as much again while it runs, so 4,000,000 step-samples is ~4 GB at most; a larger draw is refused
#: before any work, saying its size: run it in chunks (``optimise`` does, ``CHUNK`` samples at a time).
MAX_STEP_SAMPLES = 4_000_000


def work_problems(h, samples: int) -> list[str]:
    """The run's estimated work against ``MAX_STEPS`` and ``MAX_STEP_SAMPLES``: one line per cap passed, saying
    the estimate, or none. ``h``: the horizon section (years and steps a year), ``samples``: 1 for one scenario."""
    steps = (h.end_year - h.start_year + 1) * h.steps_per_year
    span = f"{h.start_year}:{h.end_year} at {h.steps_per_year} steps a year"
    if steps > MAX_STEPS:
        return [f"horizon.steps_per_year: got {span} = {steps:,} steps; expected at most {MAX_STEPS:,} steps a run "
                f"(~{steps * 1.1e3 / 1e9:.2g} GB of series); fewer steps a year or a shorter span"]
    if steps * samples > MAX_STEP_SAMPLES:
        return [f"draws: got {samples:,} samples x {steps:,} steps ({span}) = {steps * samples:,} step-samples; "
                f"expected at most {MAX_STEP_SAMPLES:,} in one call (~1 kB each); run the samples in chunks of at "
                f"most {max(1, MAX_STEP_SAMPLES // steps):,}"]
    return []


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
        if m.series not in self._year_means:  # several milestones read one rate's yearly mean: made once
            steps = self.scenario.params.horizon.steps_per_year
            self._year_means[m.series] = year_mean(values, steps)
        return self.t + self.dt / YEAR, self._year_means[m.series]

    @cached_property
    def _year_means(self) -> dict[str, np.ndarray]:
        return {}

    def yearly(self, key: str) -> np.ndarray:
        """Figure ``key`` of ``figures.YEARLY`` for each calendar year (flows summed, stocks at year end), SI."""
        figure = YEARLY[key]
        steps = self.scenario.params.horizon.steps_per_year
        values = self[figure.name]
        values = values.reshape(*values.shape[:-1], -1, steps)
        return values.sum(axis=-1) * self.dt if figure.kind == "flow" else values[..., -1]

    def horizon_year(self, key: str) -> np.ndarray:
        """Figure ``key`` of ``figures.YEARLY`` in the horizon's year: ``yearly(key)[..., -1]``, the same sums,
        without the other years'."""
        figure = YEARLY[key]
        steps = self.scenario.params.horizon.steps_per_year
        values = self[figure.name]
        return values[..., -steps:].sum(axis=-1) * self.dt if figure.kind == "flow" else values[..., -1].copy()

    def _one(self, what: str) -> None:
        if self.samples is not None:
            raise ValueError(f"{what}: this run holds {self.samples} samples; read run.sample(i).{what}")

    @property
    def _per_flop_at_horizon(self) -> np.ndarray:
        """USD per FLOP delivered over the horizon, a value a sample (``economics.levelized_cost`` at its end)."""
        return self.series["levelized_cost"][:, -1]

    @property
    def levelized_cost_per_pflops_year(self) -> np.ndarray:
        """``levelized_cost.per_pflops_year`` for every sample, without its waterfall's present values (what a
        study or an optimiser reads: three passes over the run's series fewer)."""
        return _per_pflops_year(self._per_flop_at_horizon)

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
                  "utilisation": available * np.ravel(d.utilisation), "usable": pv("delivered_flops")}
        with np.errstate(divide="ignore", invalid="ignore"):
            shares = {k: np.where(peak > 0, v / np.where(peak > 0, peak, 1.0), np.nan) for k, v in stages.items()}
        per_flop = self._per_flop_at_horizon
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
    """Decimal year of the first step whose value exceeds ``threshold``, per row of ``values`` (NaN if never; a
    NaN value never exceeds it). One compiled pass that stops at the crossing."""
    values = np.atleast_2d(values)
    times = np.asarray(t, dtype=float)
    if values.ndim != 2 or times.shape != values.shape[-1:]:
        above = np.nan_to_num(values, nan=-np.inf) > threshold
        first = np.argmax(above, axis=-1)
        return np.where(above.any(axis=-1), times[first], np.nan)
    out = np.empty(values.shape[0])
    _first_crossing_loop(times, np.asarray(values, dtype=float), float(threshold), out)
    return out


@compiled_loop
def _first_crossing_loop(t, values, threshold, out):
    rows, steps = values.shape
    for i in range(rows):
        out[i] = np.nan
        for j in range(steps):
            if values[i, j] > threshold:  # NaN compares false: never a crossing
                out[i] = t[j]
                break


def year_mean(values: np.ndarray, steps_per_year: int) -> np.ndarray:
    """Mean of each row of ``values`` (rows, steps) over the year that ends with each step (the steps so far, over a
    year's worth, in the first year): (C_j - C_(j-s)) / s with C the running sum (``np.cumsum``'s sequential sums)."""
    values = np.ascontiguousarray(values, dtype=float)
    out = np.empty_like(values)
    _year_mean_loop(values, int(steps_per_year), out)
    return out


@compiled_loop
def _year_mean_loop(values, steps, out):
    rows, n = values.shape
    for i in range(rows):
        total = 0.0
        for j in range(n):
            total += values[i, j]
            out[i, j] = total  # the running sum first: the difference reads the sum a year back
        for j in range(n - 1, -1, -1):
            out[i, j] = (out[i, j] - out[i, j - steps]) / steps if j >= steps else out[i, j] / steps


def _catalogued(series: dict[str, np.ndarray], rows: int, steps: int, route: str,
                wanted: frozenset[str] | None = None) -> dict[str, np.ndarray]:
    """Every series (or every one ``wanted``) as a (rows, steps) float array; the common yardsticks a route lacks
    are zero."""
    unknown = sorted(set(series) - set(SERIES))
    if unknown:  # a programming error: a new series needs its unit and label in figures.SERIES
        raise KeyError(f"route {route} returned series missing from figures.SERIES: {', '.join(unknown)}")
    out = {}
    for name, figure in SERIES.items():
        if wanted is not None and name not in wanted:
            continue
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


def _sample_params(p, checked: Mapping[str, np.ndarray], i: int) -> SimpleNamespace:
    """Sample ``i``'s parameters in the same (1, 1)-column form: the drawn fields cut to that sample."""
    sections = {name: SimpleNamespace(**vars(section)) for name, section in vars(p).items()}
    for path, values in checked.items():
        head, _, name = path.partition(".")
        setattr(sections[head], name, values[i:i + 1].reshape(-1, 1))
    return SimpleNamespace(**sections)


_SAMPLES_SUFFIX = re.compile(r" \(samples? [0-9, .]+\)$")


def _field_of(line: str) -> str:
    """The field a problem line names first (``mass_driver.payload_per_shot: got ...``): the check it is."""
    return line.partition(":")[0]


def _per_sample_problems(route, p, design: Design, checked, n: int, found: list[str]) -> list[str]:
    """Every feasibility check applied to each sample alone, as a scalar run applies it, merged with the
    array's lines (``found``) into one line per check naming every offending sample.

    Why: a route's checks on the whole array may gate one check on another (``if not out``: the satellite's
    propellant is checked only where nothing else is wrong; the chips' ceiling only where the reference chip
    passes; the shot size only where the acceleration passes), so in an array a sample refused alone could
    go unnamed, or pass. Each sample's own run of ``route.problems`` on its cut design costs ~0.1 ms.
    """
    offenders: dict[str, list[int]] = {}
    first_line: dict[str, str] = {}
    for i in range(n):
        for line in route.problems(_sample_params(p, checked, i), design.sample(i, n)):
            field = _field_of(line)
            offenders.setdefault(field, []).append(i)
            first_line.setdefault(field, line)
    lines, named = [], set()
    for line in found:  # the array's line (its range of values) with every offending sample named
        field = _field_of(line)
        if field in offenders and field not in named:
            bad = np.zeros(n, dtype=bool)
            bad[offenders[field]] = True
            line = _SAMPLES_SUFFIX.sub("", line) + f" ({samples_listed(bad)})"
        lines.append(line)
        named.add(field)
    for field, samples in offenders.items():  # checks the array skipped: the first sample's own line
        if field not in named:
            bad = np.zeros(n, dtype=bool)
            bad[samples] = True
            lines.append(f"{first_line[field]} ({samples_listed(bad)})")
    return lines


def _refuse_unread_per_sample(scenario: Scenario, route, p, design: Design, checked, n: int,
                              set_paths, array_reads: set[str], design_reads: frozenset[str]) -> None:
    """A setting a sample's own run would not read does nothing in that sample: refuse it, naming the samples.

    Why: a route reads some settings only where the values call for them (the fab's year where there is a fab,
    the city where anyone lives, the flights' growth where the cap is above the start): on an array it reads
    them if any sample does, so a sample whose scalar run is refused ("does nothing") would pass. Each sample is
    run alone through ``problems`` and ``simulate`` on a one-step-a-year grid (the reads do not depend on the
    step; ~3 ms a sample for the lunar route) to record what it reads; the design's reads (``design_reads``, made
    once for the array, on no value) count for every sample.
    """
    watched = sorted(path for path in set_paths if path in array_reads and not path.startswith(_READ_BY_THE_ENGINE))
    if not watched:
        return
    h = scenario.params.horizon
    t, dt = time_grid(h.start_year, h.end_year, 1)
    unread = {path: np.zeros(n, dtype=bool) for path in watched}
    for i in range(n):
        reads = set(design_reads)
        seen = ReadRecorder(_sample_params(p, checked, i), reads)
        cut = design.sample(i, n)
        try:
            with np.errstate(all="ignore"), warnings.catch_warnings():
                warnings.simplefilter("ignore")
                route.problems(seen, cut)
                route.simulate(seen, cut, t, dt)
        except Exception:  # noqa: BLE001 - a sample the short pass cannot run keeps the array's verdict
            continue
        for path in watched:
            if path not in reads:
                unread[path][i] = True
    rows = {r.path: r for r in scenario.rows()}
    lines = []
    for path, bad in unread.items():
        if not bad.any():
            continue
        i = int(np.flatnonzero(bad)[0])
        got = f"{checked[path][i]:.6g} (SI)" if path in checked else rows[path].text()
        hint = mode_hint(path)
        hint = "" if f"'{scenario.params.route.kind}'" in hint else hint
        lines.append(f"{path}: got {got}, which does nothing on the {scenario.params.route.kind} route as set in "
                     f"{samples_listed(bad)}; " + (f"expected it only with {hint}" if hint else "expected it left out")
                     + " (run those samples apart, or without it)")
    if lines:
        raise ScenarioError("\n".join(lines))


def simulate(scenario: Scenario, draws: Mapping[str, Any] | None = None, *, inert_samples: str = "refuse",
             series: Collection[str] | None = None) -> Run:
    """Run ``scenario`` from its start year to its horizon with the route its ``route.kind`` names.

    ``draws``: optional per-sample values, ``{"section.field": 1-D array (SI numbers, or a Quantity)}``; the
    run then holds one series per sample (see :class:`Run`). A draw is refused where any of its samples, run
    alone, would be: every feasibility check applies per sample, naming the samples. ``inert_samples``: with
    "refuse" (the default, as a scalar run refuses it), a drawn setting that does nothing in some samples (the
    fab's year where a sample draws no fab) is refused, naming them (~3 ms a sample: each is run alone); with
    "allow", it is enough that some sample reads it: what a study over an uncertainty set wants, where a setting
    that acts only in some worlds is drawn on purpose (``study``, ``optimise``, ``analysis.tornado``).
    ``series``: the names of ``figures.SERIES`` the caller will read (a study's: ``study.STUDY_SERIES``); the run
    holds only those, and the route may skip work that makes only the others (the same numbers). None: all.
    """
    wanted = None if series is None else frozenset(series)
    if wanted is not None and not wanted <= set(SERIES):
        raise ValueError(f"series: got {', '.join(sorted(wanted - set(SERIES)))}; expected names of figures.SERIES")
    route = ROUTES[scenario.params.route.kind]
    if draws:
        p, checked, n = _sampled(scenario, draws, route.one_value_per_run)
    else:
        p, checked, n = scenario.params, {}, None
    too_much = work_problems(scenario.params.horizon, n or 1)  # before any work, saying the estimate
    if too_much:
        raise ScenarioError("\n".join(too_much))
    reads: set[str] = set()
    seen = ReadRecorder(p, reads)
    design = route.design(seen)
    design_reads = frozenset(reads)
    infeasible = route.problems(seen, design)
    # Where the array passes every check, each check ran on every sample (a gated check is skipped only where
    # another already failed): each sample alone is checked only to name every offender of a refused draw.
    if n is not None and infeasible:
        infeasible = _per_sample_problems(route, p, design, checked, n, infeasible)
    if infeasible:
        raise ScenarioError("\n".join(infeasible))
    h = scenario.params.horizon
    t, dt = time_grid(h.start_year, h.end_year, h.steps_per_year)
    made = _catalogued(route.simulate(seen, design, t, dt, wanted=wanted), n or 1, t.size, route.kind, wanted)
    set_paths = {*scenario.explicit, *checked}
    _refuse_unread(scenario, set_paths, reads)
    if inert_samples not in ("refuse", "allow"):
        raise ValueError(f"inert_samples: got {inert_samples!r}; expected 'refuse' or 'allow'")
    if n is not None and inert_samples == "refuse":
        _refuse_unread_per_sample(scenario, route, p, design, checked, n, set_paths, reads, design_reads)
    return Run(scenario=scenario, t=t, dt=dt, series=made, design=design, draws=checked, samples=n)


__all__ = ["LevelizedCost", "MAX_STEPS", "MAX_STEP_SAMPLES", "PFLOPS_YEAR", "Run", "WATERFALL", "first_crossing",
           "rental_per_pflops_year", "simulate", "time_grid", "work_problems", "year_mean"]
