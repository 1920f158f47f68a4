"""Optimisation over policy levers: what settings reach a milestone soonest, or compute cheapest, and at what spend.

A lever is a parameter the plan chooses (the share of output reinvested, the exit speed, the satellite's power,
the landings a year, the fab's opening year) with a range to search, declared as data (:class:`Lever`). Every
route has a default set (``DEFAULT_LEVERS``); ``Lever.parse("PATH=LOW:HIGH")`` reads one from the command line.

Objectives (``Objective``):

- ``years-to``: minimise the decimal year a milestone (``figures.MILESTONES``) is first reached. A setting that
  never reaches it is scored ``end_year + 1 + PENALTY_YEARS + PENALTY_PER_DECADE x d``, where ``d`` (at most
  ``PENALTY_DECADES``) is how many decades the milestone's series peaks below its threshold: always worse than
  any setting that reaches it, and still ordered by how close it came, so the search has a slope to follow.
- ``levelized-cost``: minimise ``Run.levelized_cost.per_pflops_year`` (USD per PFLOP/s-year delivered,
  discounted); a setting that delivers no compute has none and is infeasible.
- ``pareto``: minimise (years to the milestone, cumulative spend to the milestone, or to the horizon) together;
  a setting that never reaches the milestone is infeasible (violation: its penalty years), so the front holds
  only settings that get there. NSGA-II (Deb et al. 2002, IEEE TEC 6(2)) finds the front.

Single objectives use a genetic algorithm (pymoo ``GA``). Both are seeded: the same seed gives the same result.
Constraints: a setting the route cannot build (``ScenarioError``: a satellite that does not fit the shot, ...)
is infeasible, never a crash; an optional ``max_spend`` bounds the cumulative spend to the horizon. pymoo ranks
feasible settings first, then infeasible ones by their total violation (Deb 2000, constraint domination).

A whole population is one vectorised ``engine.simulate(scenario, draws=...)`` call (in chunks of
``CHUNK`` samples, to bound memory); when one sample cannot be built the engine refuses the whole call, so the
chunk is split in halves until the offending samples stand alone (``_evaluate``).

Robust mode (``Robust(n, by)``): each candidate is run over the same ``n`` points of the scenario's uncertainty
set (common random numbers: one unit-cube design, drawn once from the seed, for every candidate, so that two
candidates differ by their levers, not by their luck), and the objective is the probability of reaching the
milestone by ``by``, p = k / n (maximised), with its Monte Carlo standard error sqrt(p (1 - p) / n). A sample
the route cannot build counts as not reaching it.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import annotated_types as at
import astropy.units as u
import numpy as np

from lunarbase.architectures.route import ONE_VALUE_PER_RUN
from lunarbase.engine import Run, first_crossing, simulate
from lunarbase.figures import MILESTONES
from lunarbase.scenario import Scenario, ScenarioError
from lunarbase.scenario import draws as draws_mod
from lunarbase.scenario.schema import SECTIONS, field_compounding, field_unit, is_text_choice, parameter_field
from lunarbase.units import UnitParseError, annual_rate, format_quantity, parse_quantity, to_unit


class OptimiseError(ScenarioError):
    """Bad optimisation input, or a search with nothing feasible; ``str(err)`` is one line per problem."""


#: Years added past the horizon for a milestone never reached, and per decade its series falls short.
PENALTY_YEARS = 10.0
PENALTY_PER_DECADE = 5.0
PENALTY_DECADES = 6.0

#: Samples per engine call: the series of one sample over 900 monthly steps are ~0.5 MB.
CHUNK = 256

#: Caps on the search's size: a run is ~1 ms a sample vectorised, so the largest search is minutes.
MAX_POPULATION = 1000
MAX_GENERATIONS = 1000
MAX_ROBUST = 10_000

OBJECTIVES = ("years-to", "levelized-cost", "pareto")
DEFAULT_MILESTONE = "launch_rate_1TW_per_yr"


# ---------------------------------------------------------------------------------------------------- levers


@dataclass(frozen=True)
class Lever:
    """A parameter to search over ``low``..``high`` (in ``unit``), with ``why`` it is a choice of the plan.

    ``unit`` is any unit convertible to the field's SI unit ("km/s" for ``mass_driver.exit_speed``, "%/yr"
    for an annual rate, "" for a year or a plain number). Annual rates are annual, as a scenario file reads them.
    """

    path: str
    low: float
    high: float
    unit: str = ""
    why: str = ""

    @property
    def si_unit(self) -> str:
        section, _, name = self.path.partition(".")
        return field_unit(SECTIONS[section], name) or ""

    def si(self, value) -> np.ndarray:
        """Values in ``unit`` as the field's SI numbers (what a draw takes)."""
        return _convert(value, self.unit, self.si_unit)

    def shown(self, si_value) -> np.ndarray:
        """SI values back in ``unit``."""
        return _convert(si_value, self.si_unit, self.unit)

    @property
    def si_low(self) -> float:
        return float(self.si(self.low))

    @property
    def si_high(self) -> float:
        return float(self.si(self.high))

    def text(self, value: float) -> str:
        """A value in ``unit`` for people, e.g. '2.75 km/s'."""
        return f"{value:.4g} {self.unit}".strip()

    @property
    def range_text(self) -> str:
        return f"{self.text(self.low)} to {self.text(self.high)}"

    @classmethod
    def parse(cls, item: str) -> Lever:
        """``PATH=LOW:HIGH`` with units, e.g. ``mass_driver.exit_speed=2.5 km/s:4 km/s`` or
        ``industry.reinvestment_fraction=0.3:0.9``; a bare LOW takes HIGH's unit (``2.5:4 km/s``)."""
        path, eq, span = (s.strip() for s in item.partition("="))
        if not eq or span.count(":") != 1:
            raise OptimiseError(f"--lever: got '{item}'; expected PATH=LOW:HIGH, e.g. "
                                "mass_driver.exit_speed=\"2.5 km/s:4 km/s\"")
        _field(path)  # unknown paths first: the unit cannot be read without the field
        low_text, high_text = (s.strip() for s in span.split(":"))
        unit = field_unit(*_split(path)) or ""
        low_q, high_q = _quantity(path, low_text, unit), _quantity(path, high_text, unit)
        if low_q.unit == u.dimensionless_unscaled and high_q.unit != u.dimensionless_unscaled \
                and _is_number(low_text):
            low_q = low_q.value * high_q.unit  # "2.5:4 km/s": LOW in HIGH's unit
        shown = _unit_text(high_q.unit)
        try:
            low = float(low_q.to_value(high_q.unit))
        except u.UnitConversionError:
            raise OptimiseError(f"--lever {path}: got '{low_text}' and '{high_text}'; expected both in units of "
                                f"{unit or 'a plain number'}") from None
        return cls(path, low, float(high_q.value), shown, "set on the command line (--lever)")


def _split(path: str) -> tuple[type, str]:
    section, _, name = path.partition(".")
    return SECTIONS[section], name


def _field(path: str):
    """The pydantic field of ``path``; one line if it is unknown or cannot be a lever."""
    try:
        _, _, info = parameter_field(path)
    except LookupError as why:
        raise OptimiseError(f"--lever {path}: {why.args[0]}") from None
    if info.annotation is bool or is_text_choice(info):
        raise OptimiseError(f"--lever {path}: a switch or a choice; expected a numeric parameter "
                            "(run each choice separately with --set)")
    if path in ONE_VALUE_PER_RUN:
        raise OptimiseError(f"--lever {path}: one value per run; expected a parameter that can vary between "
                            "samples (set it with --set)")
    return info


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _quantity(path: str, text: str, unit: str) -> u.Quantity:
    """One end of a range as a Quantity in the units it was written in; checked against the field's unit."""
    if _is_number(text):
        q = float(text) * u.dimensionless_unscaled
    else:
        try:
            q = u.Quantity(text)
        except (TypeError, ValueError):
            raise OptimiseError(f"--lever {path}: got '{text}'; expected a number with units of "
                                f"{unit or 'a plain number'}") from None
    if not np.isfinite(q.value):
        raise OptimiseError(f"--lever {path}: got '{text}'; expected a finite number")
    try:
        parse_quantity(q if q.unit != u.dimensionless_unscaled or not unit else q.value, unit or "")
    except UnitParseError as err:
        if not (q.unit == u.dimensionless_unscaled and unit):  # a bare number may take the other end's unit
            raise OptimiseError(f"--lever {path}: got '{text}'; {err}") from None
    return q


def _unit_text(unit: u.UnitBase) -> str:
    return "" if unit == u.dimensionless_unscaled else unit.to_string()


def _convert(value, frm: str, to: str) -> np.ndarray:
    value = np.asarray(value, dtype=float)
    if frm == to:
        return value
    angles = u.dimensionless_angles()
    return np.asarray((value * to_unit(frm)).to_value(to_unit(to), equivalencies=angles), dtype=float)


_BOUNDS = ((at.Ge, "ge", np.greater_equal, ">="), (at.Gt, "gt", np.greater, ">"),
           (at.Le, "le", np.less_equal, "<="), (at.Lt, "lt", np.less, "<"))


def check_levers(levers: Sequence[Lever]) -> None:
    """Each lever names a numeric parameter once, in units of its field, with low < high inside the schema's
    bounds; every problem is one line."""
    problems, seen = [], set()
    for lever in levers:
        try:
            info = _field(lever.path)
            low, high = lever.si_low, lever.si_high
        except OptimiseError as err:
            problems.append(str(err))
            continue
        except u.UnitConversionError:
            problems.append(f"--lever {lever.path}: got a range in '{lever.unit}'; expected units of "
                            f"{lever.si_unit or 'a plain number'}")
            continue
        if lever.path in seen:
            problems.append(f"--lever {lever.path}: given twice; expected one range per parameter")
        seen.add(lever.path)
        if not low < high:
            problems.append(f"--lever {lever.path}: got {lever.range_text}; expected LOW < HIGH")
            continue
        for meta in info.metadata:
            for kind, attr, ok, word in _BOUNDS:
                if isinstance(meta, kind):
                    limit = getattr(meta, attr)
                    bad = [v for v in (low, high) if not ok(v, limit)]
                    if bad:
                        limit_text = format_quantity(limit, lever.si_unit, lever.unit if lever.unit else None, 6)
                        problems.append(f"--lever {lever.path}: got {lever.range_text}, outside the schema's "
                                        f"bounds; expected every value {word} {limit_text}")
    if problems:
        raise OptimiseError("\n".join(problems))


# Default levers by route, each a choice of the plan with a range a planner would argue over.
_REINVEST = Lever("industry.reinvestment_fraction", 20, 90, "%",
                  "the plan's main policy choice: grow the base or launch satellites now")
_POWER = Lever("satellite.compute_power", 60, 200, "kW",
               "bigger satellites carry more compute per shot but must fit it (mass_driver.payload_per_shot)")
_FAB = Lever("chips.lunar_fab_year", 2035, 2070, "", "when to open the fab that ends the wait on Earth's chips")
_BODY_EXIT = {  # just above each body's escape threshold to where a faster throw stops paying
    "moon": Lever("mass_driver.exit_speed", 2.45, 3.0, "km/s",
                  "faster throws leave more of the Earth-Moon system, at more track and energy a kg"),
    "mercury": Lever("mass_driver.exit_speed", 4.3, 5.5, "km/s",
                     "Mercury's escape speed is 4.25 km/s; faster throws cost track and energy"),
    "mars": Lever("rocket.exit_speed", 5.1, 6.5, "km/s",
                  "Mars's escape speed is 5.03 km/s; a faster departure costs propellant"),
}


def default_levers(scenario: Scenario) -> tuple[Lever, ...]:
    """The default levers of ``scenario``'s route: 4-5 choices of the plan that the route reads."""
    p = scenario.params
    kind = p.route.kind
    if kind == "terrestrial":
        return (Lever("grid.capacity_added_max", 20, 120, "GW/yr", "how hard to push grid connections"),
                Lever("grid.ai_share", 30, 95, "%", "how much new data-centre power goes to AI"),
                Lever("chips.share_to_base", 5, 50, "%", "how much of the world's accelerators to buy"),
                Lever("grid.capacity_added_growth", 0, 20, "%/yr", "how fast connections grow"))
    if kind == "earth-orbit":
        return (Lever("logistics.flights_max", 1000, 20000, "1/yr", "Starship cadence at full rate"),
                Lever("orbit.flight_share", 10, 100, "%", "share of flights that carry compute"),
                _POWER,
                Lever("chips.share_to_base", 5, 50, "%", "how much of the world's accelerators to buy"))
    body = p.route.body
    exit_lever = _BODY_EXIT["mars" if p.route.launcher == "rocket" else body if body in _BODY_EXIT else "moon"]
    landings = Lever("logistics.flights_max", 100, 3000 if body == "moon" else 1000, "1/yr",
                     "Earth cargo landings a year at full cadence: seeds, chips and what the base cannot make")
    levers = [_REINVEST, exit_lever, _POWER, landings]
    if p.chips.lunar_fab and not p.route.self_sufficient:  # a self-sufficient base makes chips from the start
        levers.append(_FAB)
    return tuple(levers)


# ------------------------------------------------------------------------------------------------ objectives


@dataclass(frozen=True)
class Objective:
    """What to minimise: ``kind`` in ``OBJECTIVES``; ``milestone`` for years-to and pareto; ``spend_to``
    ("milestone" or "horizon") for the pareto front's spending; ``max_spend`` (USD) bounds the cumulative spend
    to the horizon."""

    kind: str = "years-to"
    milestone: str = DEFAULT_MILESTONE
    spend_to: str = "horizon"
    max_spend: float | None = None

    @classmethod
    def parse(cls, text: str, milestone: str | None = None, **kw) -> Objective:
        """``years-to:MILESTONE``, ``years-to`` (with ``milestone``), ``levelized-cost`` or ``pareto``."""
        kind, _, named = text.partition(":")
        kind = kind.strip()
        if kind not in OBJECTIVES:
            raise OptimiseError(f"--objective: got '{text}'; expected years-to:MILESTONE, levelized-cost or pareto")
        if named and kind == "levelized-cost":
            raise OptimiseError(f"--objective: got '{text}'; levelized-cost takes no milestone")
        if named and milestone and named != milestone:
            raise OptimiseError(f"--objective: names {named} and --milestone {milestone}; expected one milestone")
        return cls(kind, (named or milestone or DEFAULT_MILESTONE).strip(), **kw)

    def check(self) -> None:
        if self.milestone not in MILESTONES:
            raise OptimiseError(f"--milestone: got '{self.milestone}'; expected one of {', '.join(MILESTONES)}")
        if self.spend_to not in ("milestone", "horizon"):
            raise OptimiseError(f"--spend-to: got '{self.spend_to}'; expected milestone or horizon")
        if self.max_spend is not None and not (math.isfinite(self.max_spend) and self.max_spend > 0):
            raise OptimiseError(f"--max-spend: got {self.max_spend:g} USD; expected a positive amount")

    @property
    def label(self) -> str:
        if self.kind == "levelized-cost":
            return "levelized cost of compute (USD per PFLOP/s-year delivered, discounted)"
        short = MILESTONES[self.milestone].label
        if self.kind == "pareto":
            return f"years to '{short}' vs cumulative spend to the {self.spend_to}"
        return f"year '{short}' is first reached"


@dataclass(frozen=True)
class Robust:
    """Maximise P(milestone reached by ``by``) over ``n`` common-random-number samples of the uncertainty set
    (``method`` "lhs" or "mc"). ``uncertainty``: the set; None reads ``scenario.uncertainty``."""

    n: int
    by: float
    method: str = "lhs"
    uncertainty: Any = None


def penalty_text(scenario: Scenario) -> str:
    end = scenario.params.horizon.end_year
    return (f"never reached by {end}: scored {end + 1 + PENALTY_YEARS:g} + {PENALTY_PER_DECADE:g} yr per decade "
            f"its series peaks below the threshold (at most {PENALTY_DECADES:g} decades)")


# ----------------------------------------------------------------------------------------------- evaluation


@dataclass
class Metrics:
    """Per sample: milestone year (NaN: never), penalised year, spend to the milestone and to the horizon (USD),
    levelized cost (USD per PFLOP/s-year, NaN: none delivered), and whether the route could build it."""

    year: np.ndarray
    scored_year: np.ndarray
    spend_milestone: np.ndarray
    spend_horizon: np.ndarray
    levelized: np.ndarray
    built: np.ndarray

    @classmethod
    def empty(cls, n: int) -> Metrics:
        nan = np.full(n, np.nan)
        return cls(nan.copy(), nan.copy(), nan.copy(), nan.copy(), nan.copy(), np.zeros(n, dtype=bool))

    def put(self, rows: slice | np.ndarray, other: Metrics) -> None:
        for name in self.__dataclass_fields__:
            getattr(self, name)[rows] = getattr(other, name)


def metrics(run: Run, milestone: str) -> Metrics:
    """The figures the objectives read, per sample of ``run``."""
    m = MILESTONES[milestone]
    times, values = run.milestone_series(milestone)
    year = first_crossing(times, values, m.threshold)
    end = run.scenario.params.horizon.end_year
    peak = np.max(np.nan_to_num(values, nan=0.0), axis=-1)
    with np.errstate(divide="ignore"):
        short = np.log10(m.threshold / np.maximum(peak, 1e-300)) if m.threshold > 0 else np.full(peak.shape, np.inf)
    decades = np.clip(short, 0.0, PENALTY_DECADES)
    scored = np.where(np.isnan(year), end + 1 + PENALTY_YEARS + PENALTY_PER_DECADE * decades, year)
    spend = np.atleast_2d(run.series["cumulative_spend"])
    reached = ~np.isnan(year)
    step = np.where(reached, np.argmax(values > m.threshold, axis=-1), spend.shape[-1] - 1)
    levelized = np.atleast_1d(np.asarray(run.levelized_cost_per_pflops_year, dtype=float))
    levelized = np.where(np.isfinite(levelized), levelized, np.nan)
    return Metrics(year, scored, spend[np.arange(spend.shape[0]), step], spend[:, -1], levelized,
                   np.ones(year.shape, dtype=bool))


def metric_series(milestone: str) -> frozenset[str]:
    """The series ``metrics`` reads for ``milestone``: an evaluator's runs hold only these."""
    return frozenset({MILESTONES[milestone].series, "cumulative_spend", "levelized_cost"})


class Evaluator:
    """Runs rows of draws through the engine in chunks; a chunk the route cannot build is split until the
    samples it cannot build stand alone (their metrics: not built). Counts the samples it simulates."""

    def __init__(self, scenario: Scenario, milestone: str):
        self.scenario, self.milestone = scenario, milestone
        self.samples = 0

    def __call__(self, draws: Mapping[str, np.ndarray]) -> Metrics:
        n = len(next(iter(draws.values())))
        out = Metrics.empty(n)
        for start in range(0, n, CHUNK):
            rows = slice(start, min(start + CHUNK, n))
            out.put(rows, self._split({k: v[rows] for k, v in draws.items()}))
        return out

    def _split(self, draws: Mapping[str, np.ndarray]) -> Metrics:
        n = len(next(iter(draws.values())))
        self.samples += n
        try:
            return metrics(simulate(self.scenario, draws=draws, inert_samples="allow",
                                    series=metric_series(self.milestone)), self.milestone)
        except ScenarioError:
            if n == 1:
                return Metrics.empty(1)
        half = n // 2
        out = Metrics.empty(n)
        out.put(slice(0, half), self._split({k: v[:half] for k, v in draws.items()}))
        out.put(slice(half, n), self._split({k: v[half:] for k, v in draws.items()}))
        return out


def _lever_draws(levers: Sequence[Lever], x: np.ndarray) -> dict[str, np.ndarray]:
    """SI draws from rows of lever values; a whole-number field gets whole numbers."""
    out = {}
    for j, lever in enumerate(levers):
        values = np.ascontiguousarray(x[:, j], dtype=float)
        if SECTIONS[lever.path.split(".")[0]].model_fields[lever.path.split(".")[1]].annotation is int:
            values = np.round(values)
        out[lever.path] = values
    return out


def _current(scenario: Scenario, path: str) -> float:
    """The scenario's value of ``path`` as a draw takes it (SI; an annual rate annual)."""
    section, name = _split(path)
    value = getattr(getattr(scenario.params, path.partition(".")[0]), name)
    compounding = field_compounding(section, name)
    return float(value if compounding is None else annual_rate(value, compounding))


def _precheck(scenario: Scenario, levers: Sequence[Lever], extra: Mapping[str, Any] | None = None) -> None:
    """Run the scenario once with every lever drawn at its own value: a lever the route never reads is refused
    here in one line (the engine's), before the search. (The box's corners may be unbuildable: that is a
    constraint of the search, not an error.)"""
    draws = {lv.path: np.array([_current(scenario, lv.path)]) for lv in levers}
    try:
        simulate(scenario, draws={**draws, **(extra or {})}, inert_samples="allow")
    except ScenarioError as err:
        paths = {lv.path for lv in levers}
        raise OptimiseError("\n".join(f"--lever {line}" if line.split(":")[0] in paths else
                                      f"{scenario.name} as set: {line}" for line in str(err).splitlines())) from None


# ------------------------------------------------------------------------------------------------- results


@dataclass
class Optimum:
    """What the search found: lever values in SI (``best_x``; ``Lever.shown`` gives them in the lever's unit),
    the best's figures, the Pareto front (pareto only: ``front_x`` rows, ``front_years``, ``front_spend``), and
    the search's size (``evaluations`` candidates; ``samples``: engine samples, robust ones included)."""

    scenario: Scenario
    objective: Objective
    levers: tuple[Lever, ...]
    algorithm: str
    seed: int
    population: int
    generations: int
    best_x: np.ndarray
    best: dict[str, float | None]
    front_x: np.ndarray
    front_years: np.ndarray
    front_spend: np.ndarray
    evaluations: int
    samples: int
    seconds: float
    penalty: str
    robust: Robust | None = None
    feasible: bool = True
    notes: list[str] = field(default_factory=list)

    def best_values(self) -> dict[str, float]:
        """Each lever's best value in the lever's unit."""
        return {lv.path: float(lv.shown(self.best_x[j])) for j, lv in enumerate(self.levers)}

    def best_scenario(self) -> Scenario:
        """The scenario with the best lever values, each with its source ("optimised within LOW to HIGH")."""
        checked, _ = draws_mod.validate(_lever_draws(self.levers, self.best_x[None, :]))
        params = draws_mod.sample_parameters(self.scenario.params, checked, 0)
        sources = {**self.scenario.sources, **{lv.path: f"lunarbase optimise ({self.objective.kind}): best within "
                                                        f"{lv.range_text}" for lv in self.levers}}
        return Scenario(self.scenario.name, self.scenario.description, params, sources,
                        self.scenario.explicit | {lv.path for lv in self.levers})

    def evaluations_per_second(self) -> float:
        return self.samples / self.seconds if self.seconds > 0 else float("nan")


# ------------------------------------------------------------------------------------------------- search


def _unit_cube(unc, n: int, method: str, seed: int) -> np.ndarray:
    """The (n, k) unit-cube design of the uncertainty set (``scenario.uncertainty.sample``), seeded."""
    from lunarbase.scenario.uncertainty import sample

    return np.asarray(sample(unc, n, method, seed), dtype=float)


def _robust_setup(scenario: Scenario, robust: Robust, levers: Sequence[Lever], seed: int):
    unc = robust.uncertainty if robust.uncertainty is not None else getattr(scenario, "uncertainty", None)
    if unc is None:
        raise OptimiseError(f"--robust: scenario {scenario.name} has no [uncertainty] table; expected one naming "
                            "the parameters to vary and their distributions")
    if not 1 <= robust.n <= MAX_ROBUST:
        raise OptimiseError(f"--robust: got {robust.n}; expected 1 to {MAX_ROBUST} samples")
    h = scenario.params.horizon
    if not h.start_year <= robust.by <= h.end_year + 1:
        raise OptimiseError(f"--by: got {robust.by:g}; expected a year within the horizon, {h.start_year} to "
                            f"{h.end_year + 1}")
    clash = sorted(set(unc.paths) & {lv.path for lv in levers})
    if clash:
        raise OptimiseError(f"--lever {', '.join(clash)}: also in the [uncertainty] table; expected a lever to be "
                            "chosen, not drawn (drop one of them)")
    cube = _unit_cube(unc, robust.n, robust.method, seed)
    drawn = unc.from_unit_cube(cube)
    si = {path: _as_si(path, values) if isinstance(values, u.Quantity) else np.asarray(values, dtype=float)
          for path, values in drawn.items()}
    try:
        draws_mod.validate(si)  # checked once here, not once per candidate
    except draws_mod.DrawError as err:
        raise OptimiseError("\n".join(f"[uncertainty] {line}" for line in str(err).splitlines())) from None
    return si


def _as_si(path: str, values: u.Quantity) -> np.ndarray:
    """A Quantity draw as plain SI numbers, as a draw reads them (annual rates stay annual)."""
    unit = field_unit(*_split(path)) or ""
    return np.asarray(values.to_value(to_unit(unit), equivalencies=u.dimensionless_angles()), dtype=float)


def optimise(scenario: Scenario, objective: Objective | str = "years-to", levers: Sequence[Lever] | None = None,
             *, population: int = 40, generations: int = 25, seed: int = 1, robust: Robust | None = None,
             progress: Callable[[int, int], None] | None = None) -> Optimum:
    """Search the levers' box for the best setting of ``objective`` on ``scenario`` (see the module docstring).

    ``levers``: default ``default_levers(scenario)``. ``population`` candidates a generation, ``generations``
    generations, ``seed`` for the search and the robust design. Bad input raises :class:`OptimiseError`.
    """
    objective = Objective.parse(objective) if isinstance(objective, str) else objective
    objective.check()
    levers = tuple(levers) if levers else default_levers(scenario)
    check_levers(levers)
    if not 4 <= population <= MAX_POPULATION:
        raise OptimiseError(f"--population: got {population}; expected 4 to {MAX_POPULATION}")
    if not 1 <= generations <= MAX_GENERATIONS:
        raise OptimiseError(f"--generations: got {generations}; expected 1 to {MAX_GENERATIONS}")
    if robust is not None and objective.kind == "pareto":
        raise OptimiseError("--robust: maximises the probability of a milestone; expected --objective years-to "
                            "with it, not pareto")
    if robust is not None and objective.kind == "levelized-cost":
        raise OptimiseError("--robust: maximises the probability of a milestone; expected --objective "
                            "years-to:MILESTONE with it, not levelized-cost")
    uncertain = _robust_setup(scenario, robust, levers, seed) if robust is not None else {}
    _precheck(scenario, levers, {k: v[:1] for k, v in uncertain.items()})

    from pymoo.algorithms.moo.nsga2 import NSGA2
    from pymoo.algorithms.soo.nonconvex.ga import GA
    from pymoo.core.problem import Problem
    from pymoo.optimize import minimize

    evaluate = Evaluator(scenario, objective.milestone)
    lo = np.array([lv.si_low for lv in levers])
    hi = np.array([lv.si_high for lv in levers])
    span = hi - lo
    n_obj = 2 if objective.kind == "pareto" else 1
    # pymoo searches the unit box: levers a million-fold apart in SI (W beside a share) mutate alike.
    n_constr = 2 if robust is None else 0
    end = scenario.params.horizon.end_year
    calls = [0]

    def score(x_unit: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        x = lo + x_unit * span
        draws = _lever_draws(levers, x)
        if robust is None:
            m = evaluate(draws)
            return _objectives(objective, m, end), _violations(objective, m, end)
        n = robust.n
        rows = {k: np.repeat(v, n) for k, v in draws.items()}
        rows.update({k: np.tile(v, len(x)) for k, v in uncertain.items()})
        m = evaluate(rows)
        hit = (m.year <= robust.by).reshape(len(x), n)  # NaN compares False: never reached, or not built
        p = hit.mean(axis=1)
        # Ties (p = 0 everywhere early on) are broken by the mean scored year, by less than one sample's worth.
        tie = np.nanmean(np.where(m.built, m.scored_year, np.nan).reshape(len(x), n), axis=1)
        tie = np.nan_to_num((tie - scenario.params.horizon.start_year) / 1000.0, nan=1.0)
        return (-p + np.clip(tie, 0, 1) / (10.0 * n))[:, None], np.zeros((len(x), 0))

    class _Problem(Problem):
        def __init__(self):
            super().__init__(n_var=len(levers), n_obj=n_obj, n_ieq_constr=n_constr, xl=0.0, xu=1.0)

        def _evaluate(self, x, out, *args, **kwargs):
            f, g = score(np.clip(x, 0.0, 1.0))
            out["F"] = f
            if n_constr:
                out["G"] = g
            calls[0] += 1
            if progress is not None:
                progress(calls[0], generations)

    algorithm = NSGA2(pop_size=population) if n_obj == 2 else GA(pop_size=population, eliminate_duplicates=True)
    started = time.perf_counter()
    res = minimize(_Problem(), algorithm, ("n_gen", generations), seed=seed, verbose=False)
    seconds = time.perf_counter() - started
    evaluations = int(res.algorithm.evaluator.n_eval)
    name = "pymoo NSGA-II" if n_obj == 2 else "pymoo GA"
    base = dict(scenario=scenario, objective=objective, levers=levers, algorithm=name, seed=seed,
                population=population, generations=generations, evaluations=evaluations, samples=evaluate.samples,
                seconds=seconds, penalty=penalty_text(scenario), robust=robust)

    empty = np.zeros((0, len(levers)))
    if res.X is None:  # nothing feasible: report the least infeasible setting the search saw
        pop = res.pop
        cv = pop.get("CV").ravel()
        k = int(np.argmin(cv))
        x_best = lo + np.clip(pop.get("X")[k], 0, 1) * span
        return Optimum(**base, best_x=x_best, best=_best_figures(scenario, levers, x_best, objective, robust,
                                                                 uncertain),
                       front_x=empty, front_years=np.zeros(0), front_spend=np.zeros(0), feasible=False,
                       notes=[_why_infeasible(objective, scenario)])
    xs = np.atleast_2d(res.X)
    xs = lo + np.clip(xs, 0, 1) * span
    if n_obj == 2:
        f = np.atleast_2d(res.F)
        order = np.lexsort((f[:, 1], f[:, 0]))
        keep = order[_non_dominated(f[order])]
        xs, f = xs[keep], f[keep]
        front_years, front_spend = f[:, 0], f[:, 1]
        # The knee of the front: the point nearest the ideal (fastest, cheapest) in normalised objectives.
        scale = np.ptp(f, axis=0)
        scale[scale == 0] = 1.0
        k = int(np.argmin(np.hypot(*((f - f.min(axis=0)) / scale).T)))
        x_best = xs[k]
    else:
        x_best = xs[0]
        front_years, front_spend, xs = np.zeros(0), np.zeros(0), empty
    best = _best_figures(scenario, levers, x_best, objective, robust, uncertain)
    return Optimum(**base, best_x=x_best, best=best, front_x=xs, front_years=front_years, front_spend=front_spend)


def _objectives(objective: Objective, m: Metrics, end: int) -> np.ndarray:
    # Finite stand-ins for settings the route cannot build: the constraint column already marks them.
    worst_year = end + 1 + PENALTY_YEARS + PENALTY_PER_DECADE * PENALTY_DECADES
    year = np.where(m.built, m.scored_year, worst_year)
    if objective.kind == "years-to":
        return year[:, None]
    if objective.kind == "levelized-cost":
        return np.nan_to_num(m.levelized, nan=1e30)[:, None]
    spend = m.spend_milestone if objective.spend_to == "milestone" else m.spend_horizon
    return np.column_stack([year, np.nan_to_num(spend, nan=1e30)])


def _violations(objective: Objective, m: Metrics, end: int) -> np.ndarray:
    """Constraint columns, feasible where <= 0: (1) the route can build it (and, for pareto, reaches the
    milestone: violation = its penalty years; for levelized-cost, delivers compute); (2) the spend cap, as a
    share over it."""
    built = np.where(m.built, 0.0, 1e3)
    if objective.kind == "pareto":
        built = built + np.where(m.built & np.isnan(m.year), m.scored_year - end, 0.0)
    if objective.kind == "levelized-cost":
        built = built + np.where(m.built & np.isnan(m.levelized), 1.0, 0.0)
    cap = np.zeros_like(built)
    if objective.max_spend is not None:
        cap = np.nan_to_num(m.spend_horizon / objective.max_spend - 1.0, nan=1e3)
    return np.column_stack([built, cap])


def _why_infeasible(objective: Objective, scenario: Scenario) -> str:
    end = scenario.params.horizon.end_year
    if objective.kind == "pareto":
        return (f"no setting in the lever ranges reaches '{MILESTONES[objective.milestone].label}' by {end}"
                + (" within --max-spend" if objective.max_spend is not None else "")
                + "; expected wider ranges, a later horizon (--set horizon.end_year=...) or an earlier milestone")
    return ("no setting in the lever ranges is feasible"
            + (" within --max-spend" if objective.max_spend is not None else "")
            + "; shown: the least infeasible one")


def _non_dominated(f: np.ndarray) -> np.ndarray:
    """Indices of the rows of ``f`` (minimised) no other row dominates (<= in all, < in one); duplicates once."""
    keep = []
    for i in range(len(f)):
        dominated = np.any(np.all(f <= f[i], axis=1) & np.any(f < f[i], axis=1))
        duplicate = any(np.array_equal(f[i], f[j]) for j in keep)
        if not dominated and not duplicate:
            keep.append(i)
    return np.array(keep, dtype=int)


def _best_figures(scenario, levers, x, objective, robust, uncertain) -> dict[str, float | None]:
    """The best setting's figures: milestone year (None: never), spend to it and to the horizon, levelized
    cost; in robust mode the probability and its standard error over the same samples."""
    ev = Evaluator(scenario, objective.milestone)
    m = ev(_lever_draws(levers, x[None, :]))

    def one(a) -> float | None:
        v = float(a[0])
        return v if math.isfinite(v) else None

    out: dict[str, float | None] = {
        "year": one(m.year), "scored_year": one(m.scored_year) if m.built[0] else None,
        "spend_to_milestone": one(m.spend_milestone) if not np.isnan(m.year[0]) else None,
        "spend_to_horizon": one(m.spend_horizon), "levelized_cost": one(m.levelized),
    }
    if robust is not None:
        n = robust.n
        rows = {k: np.repeat(v, n) for k, v in _lever_draws(levers, x[None, :]).items()}
        rows.update(uncertain)
        mr = ev(rows)
        p = float(np.mean(mr.year <= robust.by))
        out["probability"] = p
        out["standard_error"] = math.sqrt(p * (1 - p) / n)
        out["unbuildable_samples"] = float(np.sum(~mr.built))
    return out


def brute_force(scenario: Scenario, objective: Objective, levers: Sequence[Lever], points: int
                ) -> tuple[np.ndarray, float]:
    """The best of a ``points``-per-lever grid over the box, for checking the search: (lever SI values, score)."""
    axes = [np.linspace(lv.si_low, lv.si_high, points) for lv in levers]
    grid = np.stack([a.ravel() for a in np.meshgrid(*axes, indexing="ij")], axis=1)
    m = Evaluator(scenario, objective.milestone)(_lever_draws(levers, grid))
    end = scenario.params.horizon.end_year
    f = _objectives(objective, m, end)[:, 0]
    g = _violations(objective, m, end)
    f = np.where(np.all(g <= 0, axis=1), f, np.inf)
    k = int(np.argmin(f))
    return grid[k], float(f[k])


__all__ = ["DEFAULT_MILESTONE", "Lever", "OBJECTIVES", "Objective", "Optimum", "OptimiseError", "PENALTY_YEARS",
           "Robust", "brute_force", "check_levers", "default_levers", "metrics", "optimise", "penalty_text"]
