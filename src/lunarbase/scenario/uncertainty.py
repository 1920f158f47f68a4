"""Uncertainty as data: the distributions a scenario declares for its uncertain inputs, and designs to sample them.

A scenario's ``[uncertainty]`` table maps parameter paths to distributions, each with its units and source::

    [uncertainty]
    "industry.productivity" = { dist = "lognormal", median = "1 /yr", p95 = "2.5 /yr", source = "..." }
    "mass_driver.exit_speed" = { dist = "choice", values = ["2.5 km/s", "3 km/s"], weights = [0.5, 0.5] }

    [uncertainty.correlations]
    pairs = [["industry.productivity", "industry.closure_final", 0.5]]   # Spearman rank targets

Distributions (parameters in any unit that converts to the field's; the first one given is the entry's unit):

- ``uniform``: ``low``, ``high``; ``triangular``: ``low``, ``mode``, ``high`` (Kotz & van Dorp 2004);
- ``normal``: ``mean``, ``sd``, optional ``low``/``high`` truncation (``scipy.stats.truncnorm``);
- ``lognormal``: ``median`` and ``p95`` (sigma = ln(p95 / median) / z_0.95, z_0.95 = 1.6449), or ``mean`` and ``sd``
  (sigma^2 = ln(1 + sd^2 / mean^2), mu = ln(mean) - sigma^2 / 2), optional ``low``/``high`` truncation;
- ``choice``: ``values`` (quantities, numbers or booleans) and ``weights`` (summing to 1; equal if left out).

An unbounded side of a normal or lognormal is held at its 0.1 % (or 99.9 %) point: a design's u below 0.001 gives
that quantile, so every sample is finite and lies in the range checked against the field's bounds; the quantiles
in between are exact. A study varies the parameters in the table and nothing else; a file that declares its own
table replaces its base's entirely (``scenario._resolve``). Each path must be a schema parameter that can vary per
sample (not a text choice, nor ``horizon.*`` or ``route.*``), each unit must convert to the field's, and the
distribution's whole support must lie within the field's schema bounds; each problem is one line. Annual rates
("%/yr") are given as a file gives them; ``scenario.draws`` compounds them as it does scenario values.

A design is a unit cube ``u`` of shape (m, k), one column per entry in file order (:func:`sample`: Monte Carlo,
Latin hypercube, SALib's Saltelli/Sobol and Morris designs); :meth:`Uncertainty.from_unit_cube` maps each column
through its marginal's inverse CDF. Rank correlations are imposed on Monte Carlo and Latin hypercube designs by
Iman & Conover (1982), which reorders each column and leaves every marginal as drawn.

SciPy and SALib are imported when a design is drawn or mapped, not when a scenario is loaded.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from statistics import NormalDist
from typing import Any

import annotated_types as at
import astropy.units as u
import numpy as np

from lunarbase.constants import YEAR
from lunarbase.scenario.draws import DrawError, validate
from lunarbase.scenario.schema import field_compounding, field_unit, is_text_choice, parameter_field
from lunarbase.units import UnitParseError, parse_quantity, to_unit


class UncertaintyError(ValueError):
    """A bad ``[uncertainty]`` table or design request; ``str(err)`` is one line per problem."""


#: The distributions and the keys each takes (besides ``dist`` and ``source``): required, then optional.
DISTRIBUTIONS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "uniform": (("low", "high"), ()),
    "triangular": (("low", "mode", "high"), ()),
    "normal": (("mean", "sd"), ("low", "high")),
    "lognormal": ((), ("median", "p95", "mean", "sd", "low", "high")),
    "choice": (("values",), ("weights",)),
}
#: The design methods of :func:`sample`.
METHODS = ("mc", "lhs", "sobol", "morris")
#: Sections whose fields every route takes once per run (``architectures.route.ONE_VALUE_PER_RUN``).
_ONE_PER_RUN = ("horizon", "route")
#: The probabilities an unbounded tail of a normal or lognormal is held at.
TAIL = 0.001
_Z95 = NormalDist().inv_cdf(0.95)  # 1.6448536...
_NUMBER = re.compile(r"^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*")
#: The keys of each distribution, in words.
_KEYS = {"uniform": "low and high", "triangular": "low, mode and high", "normal": "mean and sd (optional low, high)",
         "lognormal": "median and p95, or mean and sd (optional low, high)", "choice": "values (optional weights)"}
_BOUNDS = ((at.Ge, "ge", ">="), (at.Gt, "gt", ">"), (at.Le, "le", "<="), (at.Lt, "lt", "<"))


@dataclass(frozen=True)
class Entry:
    """One varied parameter: its distribution's parameters in the entry's ``unit`` (the unit of the first
    quantity the file gave; "" for a plain number; ``None`` for a switch) and its one-line ``source``."""

    path: str
    dist: str
    source: str
    unit: str | None
    low: float | None = None
    high: float | None = None
    mode: float | None = None
    mean: float | None = None
    sd: float | None = None
    median: float | None = None
    p95: float | None = None
    values: tuple[Any, ...] = ()
    weights: tuple[float, ...] = ()

    @property
    def sigma(self) -> float | None:
        """The lognormal's sigma (of ln x), from median and p95 or from mean and sd; ``None`` for the others."""
        if self.dist != "lognormal":
            return None
        if self.median is not None:
            return math.log(self.p95 / self.median) / _Z95
        return math.sqrt(math.log1p((self.sd / self.mean) ** 2))

    @property
    def mu(self) -> float | None:
        """The lognormal's mu (the mean of ln x)."""
        if self.dist != "lognormal":
            return None
        if self.median is not None:
            return math.log(self.median)
        return math.log(self.mean) - self.sigma**2 / 2

    def _normal(self) -> tuple[float, float, float, float]:
        """Location and scale of the normal behind a normal or lognormal, and the cumulative probabilities of its
        truncation points (0 and 1 where none)."""
        if self.dist == "normal":
            loc, scale, log = self.mean, self.sd, False
        else:
            loc, scale, log = self.mu, self.sigma, True
        z = NormalDist(loc, scale)

        def cdf(x):
            if x is None:
                return None
            if log:
                return 0.0 if x <= 0 else z.cdf(math.log(x))
            return z.cdf(x)

        lo, hi = cdf(self.low), cdf(self.high)
        return loc, scale, 0.0 if lo is None else lo, 1.0 if hi is None else hi

    def _probabilities(self, q: np.ndarray) -> np.ndarray:
        """Cumulative probabilities of the untruncated normal for design values ``q``: mapped into the truncation
        interval, and an unbounded side held at its 0.1 % / 99.9 % point."""
        _, _, lo, hi = self._normal()
        p = lo + q * (hi - lo)
        return np.clip(p, TAIL if self.low is None else lo, 1 - TAIL if self.high is None else hi)

    def support(self) -> tuple[Any, Any]:
        """The least and the greatest value a design can give, in the entry's unit (a switch: False, True)."""
        if self.dist == "choice":
            return min(self.values), max(self.values)
        if self.dist in ("uniform", "triangular"):
            return self.low, self.high
        loc, scale, lo, hi = self._normal()
        z = NormalDist(loc, scale)
        a = self.low if self.low is not None else z.inv_cdf(TAIL)
        b = self.high if self.high is not None else z.inv_cdf(1 - TAIL)
        if self.dist == "lognormal":
            a = self.low if self.low is not None else math.exp(a)
            b = self.high if self.high is not None else math.exp(b)
        return a, b

    def ppf(self, q) -> np.ndarray:
        """The inverse CDF at design values ``q`` in [0, 1], in the entry's unit (switches: booleans).

        uniform: low + q (high - low); triangular: low + sqrt(q (high - low)(mode - low)) below
        F(mode) = (mode - low)/(high - low), high - sqrt((1 - q)(high - low)(high - mode)) above; normal and
        lognormal: Phi^-1 of the probability mapped into the truncation interval (truncnorm's ppf), exp() for the
        lognormal; choice: the first value whose cumulative weight exceeds q.
        """
        q = np.asarray(q, dtype=float)
        if self.dist == "uniform":
            return self.low + q * (self.high - self.low)
        if self.dist == "triangular":
            a, c, b = self.low, self.mode, self.high
            f_c = (c - a) / (b - a)
            below = a + np.sqrt(np.clip(q, 0.0, 1.0) * (b - a) * (c - a))
            above = b - np.sqrt(np.clip(1.0 - q, 0.0, 1.0) * (b - a) * (b - c))
            return np.where(q < f_c, below, above)
        if self.dist == "choice":
            edges = np.cumsum(self.weights)
            index = np.minimum(np.searchsorted(edges / edges[-1], q, side="right"), len(self.values) - 1)
            return np.asarray(self.values)[index]
        from scipy.special import ndtri

        loc, scale, _, _ = self._normal()
        x = loc + scale * ndtri(self._probabilities(q))
        x = np.exp(x) if self.dist == "lognormal" else x
        return np.clip(x, -np.inf if self.low is None else self.low, np.inf if self.high is None else self.high)

    def quantity(self, q) -> u.Quantity | np.ndarray:
        """:meth:`ppf` as an astropy Quantity in the entry's unit (a switch: a boolean array)."""
        values = self.ppf(q)
        return values if self.unit is None else u.Quantity(values, to_unit(self.unit))

    def describe(self) -> str:
        """The distribution in a few words: 'lognormal median 1, p95 2.5 /yr'."""
        num = _number
        unit = _shown(self.unit)
        tail = f" {unit}" if unit else ""
        if self.dist == "choice":
            weights = "" if len(set(self.weights)) == 1 else \
                " (weights " + ", ".join(f"{w:.3g}" for w in self.weights) + ")"
            return f"choice {', '.join(num(v) for v in self.values)}{tail}{weights}"
        keys = [k for k in ("low", "mode", "high", "mean", "sd", "median", "p95") if getattr(self, k) is not None]
        order = {"uniform": ("low", "high"), "triangular": ("low", "mode", "high")}.get(self.dist)
        keys = list(order) if order else [k for k in ("mean", "sd", "median", "p95", "low", "high") if k in keys]
        return f"{self.dist} " + ", ".join(f"{k} {num(getattr(self, k))}" for k in keys) + tail


@dataclass(frozen=True)
class UncertaintyRow:
    """One entry for display: path, distribution in words, its 5 / 50 / 95 % values with unit, and source."""

    path: str
    dist: str
    p5: str
    p50: str
    p95: str
    unit: str
    source: str
    #: The 5, 50 and 95 % values as numbers in ``unit`` (a switch: booleans).
    quantiles: tuple[Any, Any, Any]

    @property
    def summary(self) -> str:
        return f"{self.p5} / {self.p50} / {self.p95}" + (f" {self.unit}" if self.unit else "")

    def json(self) -> dict[str, Any]:
        """The row as JSON: the distribution in words, its 5 / 50 / 95 % values (quantities as everywhere:
        ``{"value": ..., "unit": ...}``) and the source."""
        return {"description": self.dist, "p5": _json(self.quantiles[0], self.unit),
                "p50": _json(self.quantiles[1], self.unit), "p95": _json(self.quantiles[2], self.unit),
                "source": self.source}


def _json(x, unit: str | None):
    """A value of an entry as JSON: a switch as a bool, a quantity as ``{"value", "unit"}`` (astropy's string)."""
    if isinstance(x, bool | np.bool_):
        return bool(x)
    return {"value": float(x), "unit": to_unit(unit or "").to_string()}


@dataclass(frozen=True)
class Uncertainty:
    """The scenario's uncertain inputs: one :class:`Entry` per varied parameter, in file order, and the target
    Spearman rank-correlation matrix (k x k, the identity where none is declared) as nested tuples."""

    entries: tuple[Entry, ...]
    correlations: tuple[tuple[float, ...], ...] = ()

    def __post_init__(self):
        if not self.correlations:
            k = len(self.entries)
            object.__setattr__(self, "correlations", tuple(tuple(float(i == j) for j in range(k)) for i in range(k)))

    @property
    def paths(self) -> tuple[str, ...]:
        return tuple(e.path for e in self.entries)

    @property
    def correlated(self) -> bool:
        """Whether any pair has a rank-correlation target."""
        return not np.array_equal(np.asarray(self.correlations), np.eye(len(self.entries)))

    def salib_problem(self) -> dict:
        """SALib's problem for the unit cube: ``{"num_vars": k, "names": paths, "bounds": [[0, 1]] * k}``."""
        k = len(self.entries)
        return {"num_vars": k, "names": list(self.paths), "bounds": [[0.0, 1.0]] * k}

    def from_unit_cube(self, q: np.ndarray) -> dict[str, u.Quantity]:
        """Each column of the design ``q`` (m, k), in [0, 1], through its entry's inverse CDF: ``{path: values}``,
        Quantities in the entry's unit (a switch: a boolean array), fit for ``engine.simulate(scenario, draws=...)``.
        """
        q = np.asarray(q, dtype=float)
        k = len(self.entries)
        if q.ndim != 2 or q.shape[1] != k or q.shape[0] == 0:
            raise UncertaintyError(f"design: got an array of shape {q.shape}; expected (m, {k}), one column per "
                                   f"entry ({', '.join(self.paths)})")
        if not np.all((q >= 0.0) & (q <= 1.0)):
            raise UncertaintyError("design: got values outside [0, 1]; expected a unit-cube design")
        return {e.path: e.quantity(q[:, j]) for j, e in enumerate(self.entries)}

    def rows(self) -> list[UncertaintyRow]:
        """For display: path, distribution, its 5 / 50 / 95 % values with unit, and source."""
        out = []
        for e in self.entries:
            qs = tuple(e.ppf(np.array([p]))[0] for p in (0.05, 0.5, 0.95))
            text = [_number(x) for x in qs]
            out.append(UncertaintyRow(e.path, e.describe(), *text, _shown(e.unit), e.source, qs))
        return out

    def json(self) -> dict[str, Any]:
        """``show --json``'s ``"uncertainty"``: each entry's distribution, quantiles and source; the pairs."""
        rows = {}
        for e, row in zip(self.entries, self.rows(), strict=True):
            keys = ("values", "weights") if e.dist == "choice" else \
                [k for k in ("low", "mode", "high", "mean", "sd", "median", "p95") if getattr(e, k) is not None]
            parameters = {k: [_json(v, e.unit) for v in e.values] if k == "values" else list(e.weights)
                          if k == "weights" else _json(getattr(e, k), e.unit) for k in keys}
            rows[row.path] = {"dist": e.dist, "parameters": parameters, **row.json()}
        c = np.asarray(self.correlations)
        pairs = [[self.paths[i], self.paths[j], float(c[i, j])] for i in range(len(self.paths))
                 for j in range(i + 1, len(self.paths)) if c[i, j] != 0.0]
        return {"entries": rows, "correlations": pairs}


def _number(x) -> str:
    """A value for people: a switch as true/false, a year or other figure of 1,000 to 10 million whole, else three
    significant figures."""
    if isinstance(x, bool | np.bool_):
        return str(bool(x)).lower()
    return f"{x:.0f}" if 1e3 <= abs(x) < 1e7 else f"{x:.3g}"


def _shown(unit: str | None) -> str:
    """A unit as people read it: '/yr' for '1/yr'."""
    if not unit:
        return ""
    return unit[1:] if re.fullmatch(r"1\s*/.*", unit) else unit


# ---------------------------------------------------------------------------------------------------------- parsing


def _field(path: str, origin: str):
    """The schema field a path names, or one line on why it cannot vary per sample."""
    where = f"uncertainty.{path}"
    try:
        cls, name, info = parameter_field(path)
    except LookupError as why:
        raise UncertaintyError(f"{where}: in {origin}, {why.args[0]}") from None
    section = path.partition(".")[0]
    if section in _ONE_PER_RUN:
        raise UncertaintyError(f"{where}: in {origin}, every route takes one value per run; expected it left out "
                               "of [uncertainty] (run each value separately)")
    if is_text_choice(info):
        raise UncertaintyError(f"{where}: in {origin}, a choice of text cannot vary across samples; expected it "
                               "left out of [uncertainty] (run each value separately)")
    return cls, name, info


def _quantity(raw: Any, field: str | None, where: str) -> tuple[float, str]:
    """A value as given (a string with units or, for a dimensionless field, a number): its number and unit."""
    if isinstance(raw, bool) or not isinstance(raw, int | float | str):
        expected = "a quantity with units" if field else "a number or a quantity such as '12 %'"
        raise UncertaintyError(f"{where}: got {raw!r}; expected {expected}")
    try:
        parse_quantity(raw, field)  # the schema's own check: kind, units, finite
    except UnitParseError as err:
        raise UncertaintyError(f"{where}: got {raw!r}; {err}") from None
    if isinstance(raw, int | float):
        return float(raw), ""
    text = raw.strip()
    unit = _NUMBER.sub("", text, count=1).strip()
    unit = "1" + unit if unit.startswith("/") else unit
    return float(u.Quantity(text).to_value(to_unit(unit))), unit


def _in_unit(raw: Any, field: str, unit: str, where: str) -> float:
    value, given = _quantity(raw, field, where)
    if given == unit:
        return value
    equiv = u.dimensionless_angles() if field == "rad" else []
    return float((value * to_unit(given)).to_value(to_unit(unit), equivalencies=equiv))


def _bounds(info, field: str | None, compounding: str | None) -> list[tuple[str, float]]:
    """The field's schema bounds in SI as (word, limit); a decay rate also below 100 %/yr."""
    out = [(word, float(getattr(meta, attr))) for meta in info.metadata for kind, attr, word in _BOUNDS
           if isinstance(meta, kind)]
    if compounding == "decay":
        out.append(("<", 1.0 / YEAR))
    return out


def _entry(path: str, spec: Any, origin: str) -> Entry:
    where = f"uncertainty.{path}"
    section_cls, name, info = _field(path, origin)
    if not isinstance(spec, dict):
        raise UncertaintyError(f"{where}: got {spec!r} in {origin}; expected an inline table such as "
                               "{ dist = \"uniform\", low = \"...\", high = \"...\", source = \"...\" }")
    dist = spec.get("dist")
    if dist not in DISTRIBUTIONS:
        raise UncertaintyError(f"{where}.dist: got {dist!r} in {origin}; expected one of {', '.join(DISTRIBUTIONS)}")
    required, optional = DISTRIBUTIONS[dist]
    extra = sorted(set(spec) - {"dist", "source", *required, *optional})
    missing = [key for key in required if key not in spec]
    if extra or missing:
        got = f"got unknown key {', '.join(extra)}" if extra else f"missing {', '.join(missing)}"
        raise UncertaintyError(f"{where}: {got} in {origin}; expected a {dist} with {_KEYS[dist]}")
    source = spec.get("source", f"set in {origin}")
    if not isinstance(source, str) or not source.strip():
        raise UncertaintyError(f"{where}.source: got {source!r} in {origin}; expected a one-line note")
    field = field_unit(section_cls, name)
    field = "" if field is None else field
    switch = info.annotation is bool
    compounding = field_compounding(section_cls, name)
    if dist == "choice":
        return _choice(path, spec, (info, field, compounding), switch, source, origin)
    if switch:
        raise UncertaintyError(f"{where}.dist: got {dist!r} for a switch; expected \"choice\" with values "
                               "[true, false]")
    if dist == "lognormal":
        pairs = [{"median", "p95"}, {"mean", "sd"}]
        given = {k for k in ("median", "p95", "mean", "sd") if k in spec}
        if given not in pairs:
            raise UncertaintyError(f"{where}: got {', '.join(sorted(given)) or 'neither'} in {origin}; expected "
                                   "a lognormal with median and p95, or with mean and sd")
    keys = [k for k in ("low", "mode", "high", "mean", "sd", "median", "p95") if k in spec]
    first = next(k for k in ("low", "mean", "median") if k in spec)
    _, unit = _quantity(spec[first], field, f"{where}.{first}")
    params = {key: _in_unit(spec[key], field, unit, f"{where}.{key}") for key in keys}
    entry = Entry(path, dist, source.strip(), unit, **params)
    _check_shape(entry, where, origin)
    _check_bounds(entry, info, field, compounding, where, origin)
    return entry


def _choice(path, spec, schema, switch, source, origin) -> Entry:
    where = f"uncertainty.{path}"
    info, field, compounding = schema
    values = spec["values"]
    if not isinstance(values, list) or not values:
        raise UncertaintyError(f"{where}.values: got {values!r} in {origin}; expected a non-empty list")
    if switch:
        if not all(isinstance(v, bool) for v in values):
            raise UncertaintyError(f"{where}.values: got {values!r} in {origin}; expected true and/or false")
        unit, parsed = None, tuple(values)
    else:
        _, unit = _quantity(values[0], field, f"{where}.values[0]")
        parsed = tuple(_in_unit(v, field, unit, f"{where}.values[{i}]") for i, v in enumerate(values))
    weights = spec.get("weights", [1.0 / len(values)] * len(values))
    if (not isinstance(weights, list) or len(weights) != len(values)
            or not all(isinstance(w, int | float) and not isinstance(w, bool) and math.isfinite(w) and w >= 0
                       for w in weights)):
        raise UncertaintyError(f"{where}.weights: got {weights!r} in {origin}; expected {len(values)} numbers >= 0, "
                               "one per value")
    if abs(sum(weights) - 1.0) > 1e-6:
        raise UncertaintyError(f"{where}.weights: got {weights!r} (sum {sum(weights):.6g}) in {origin}; expected "
                               "weights that sum to 1")
    entry = Entry(path, "choice", source.strip(), unit, values=parsed, weights=tuple(float(w) for w in weights))
    if not switch:
        _check_bounds(entry, info, field, compounding, where, origin)
    return entry


def _check_shape(e: Entry, where: str, origin: str) -> None:
    """Parameters that make a distribution: low < high, low <= mode <= high, sd > 0, 0 < median < p95, ..."""
    def fail(key, got, expected):
        unit = f" {_shown(e.unit)}" if _shown(e.unit) else ""
        raise UncertaintyError(f"{where}.{key}: got {got:.6g}{unit} in {origin}; expected {expected}")

    unit = f" {_shown(e.unit)}" if _shown(e.unit) else ""
    if e.low is not None and e.high is not None and not e.low < e.high:
        fail("high", e.high, f"a value above low ({e.low:.6g}{unit})")
    if e.dist == "triangular" and not e.low <= e.mode <= e.high:
        fail("mode", e.mode, f"a value within low and high ({e.low:.6g} to {e.high:.6g}{unit})")
    if e.sd is not None and not e.sd > 0:
        fail("sd", e.sd, "a spread above 0")
    if e.dist == "lognormal":
        centre = e.median if e.median is not None else e.mean
        if not centre > 0:
            fail("median" if e.median is not None else "mean", centre, "a value above 0 (a lognormal is positive)")
        if e.median is not None and not e.p95 > e.median:
            fail("p95", e.p95, f"a value above the median ({e.median:.6g}{unit})")
        if e.low is not None and e.low < 0:
            fail("low", e.low, "a value >= 0 (a lognormal is positive)")
    if e.dist in ("normal", "lognormal"):
        _, _, lo, hi = e._normal()
        a, b = e.support()
        if not hi - lo > 1e-9 or not a < b:
            raise UncertaintyError(f"{where}: the truncation low/high in {origin} leaves almost none of the "
                                   f"distribution; expected low and high about its centre")


def _check_bounds(e: Entry, info, field: str | None, compounding: str | None, where: str, origin: str) -> None:
    """The whole support (an unbounded normal's or lognormal's 0.1-99.9 % range) within the field's bounds."""
    a, b = e.support()
    if e.unit is None:  # a switch: nothing to bound
        return
    scale = (1.0 * to_unit(e.unit)).to_value(to_unit(field), equivalencies=u.dimensionless_angles())
    limits = _bounds(info, field, compounding)
    ops = {">=": np.greater_equal, ">": np.greater, "<=": np.less_equal, "<": np.less}
    bad = []
    for value in (a, b):
        for word, limit in limits:
            if not ops[word](value * scale, limit):
                bad.append((value, word, limit))
    if bad:
        value, _, _ = bad[0]
        lows = [f"{w} {limit / scale:.6g}" for w, limit in limits if w.startswith(">")]
        highs = [f"{w} {limit / scale:.6g}" for w, limit in limits if w.startswith("<")]
        expected = " and ".join([*lows, *highs])
        unit = _shown(e.unit)
        reach = {"normal": " (its 0.1-99.9 % range)", "lognormal": " (its 0.1-99.9 % range)"}.get(e.dist, "")
        reach = "" if e.low is not None and e.high is not None else reach
        hint = "; set low and high to truncate" if reach else ""
        raise UncertaintyError(f"{where}: got a {e.dist} reaching {value:.6g}{' ' + unit if unit else ''}{reach} "
                               f"in {origin}; "
                               f"expected values {expected}{' ' + unit if unit else ''} (the field's bounds){hint}")
    try:  # the draw's own checks on the support's ends: what a run will be given
        validate({e.path: np.asarray([a, b], dtype=float) * to_unit(e.unit)})
    except DrawError as err:
        raise UncertaintyError(f"uncertainty.{err}") from None


def _paths(table: Mapping[str, Any], prefix: str = "") -> list[tuple[str, Any]]:
    """``"a.b" = {...}`` and ``[uncertainty.a] b = {...}`` alike: (path, spec) in file order."""
    out = []
    for key, value in table.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict) and "dist" not in value and "." not in key and not prefix:
            out += _paths(value, f"{path}.")
        else:
            out.append((path, value))
    return out


def _correlations(spec: Any, paths: tuple[str, ...], origin: str) -> tuple[tuple[float, ...], ...]:
    where = "uncertainty.correlations"
    if not isinstance(spec, dict) or set(spec) - {"pairs"}:
        raise UncertaintyError(f"{where}: got {spec!r} in {origin}; expected pairs = [[\"a.b\", \"c.d\", 0.5], ...]")
    pairs = spec.get("pairs", [])
    k = len(paths)
    c = np.eye(k)
    if not isinstance(pairs, list):
        raise UncertaintyError(f"{where}.pairs: got {pairs!r} in {origin}; expected a list of [path, path, rho]")
    for i, pair in enumerate(pairs):
        ok = (isinstance(pair, list) and len(pair) == 3 and all(isinstance(p, str) for p in pair[:2])
              and isinstance(pair[2], int | float) and not isinstance(pair[2], bool))
        if not ok:
            raise UncertaintyError(f"{where}.pairs[{i}]: got {pair!r} in {origin}; expected [path, path, rho]")
        a, b, rho = pair
        for p in (a, b):
            if p not in paths:
                raise UncertaintyError(f"{where}.pairs[{i}]: got {p!r} in {origin}; expected a path of the "
                                       f"[uncertainty] table ({', '.join(paths)})")
        if a == b or not -1.0 < rho < 1.0:
            raise UncertaintyError(f"{where}.pairs[{i}]: got {pair!r} in {origin}; expected two different paths "
                                   "and a rank correlation strictly between -1 and 1")
        ia, ib = paths.index(a), paths.index(b)
        if c[ia, ib] != 0.0:
            raise UncertaintyError(f"{where}.pairs[{i}]: got {a} and {b} twice in {origin}; expected each pair once")
        c[ia, ib] = c[ib, ia] = float(rho)
    if np.linalg.eigvalsh(_pearson(c)).min() <= 1e-10:
        raise UncertaintyError(f"{where}: the pairs in {origin} contradict one another (the matrix is not positive "
                               "definite); expected correlations that can hold together")
    return tuple(tuple(float(x) for x in row) for row in c)


def _pearson(spearman: np.ndarray) -> np.ndarray:
    """The normal scores' correlation that gives a rank correlation: r = 2 sin(pi rho_s / 6) (Pearson 1907)."""
    return 2.0 * np.sin(np.pi * np.asarray(spearman) / 6.0)


def parse(table: Any, origin: str = "the scenario") -> Uncertainty | None:
    """An ``[uncertainty]`` table as read from TOML: the :class:`Uncertainty`, or ``None`` for an empty table.
    Every problem found is one line of the :class:`UncertaintyError`."""
    if not isinstance(table, dict):
        raise UncertaintyError(f"uncertainty: got {table!r} in {origin}; expected a table of path = {{ dist = ... }}")
    table = dict(table)
    correlations = table.pop("correlations", None)
    entries, problems, seen = [], [], set()
    for path, spec in _paths(table):
        try:
            if path in seen:
                raise UncertaintyError(f"uncertainty.{path}: given twice in {origin}; expected each path once")
            seen.add(path)
            entries.append(_entry(path, spec, origin))
        except UncertaintyError as err:
            problems.append(str(err))
    if problems:
        raise UncertaintyError("\n".join(problems))
    if not entries:
        if correlations:
            raise UncertaintyError(f"uncertainty.correlations: in {origin}, no entries to correlate; expected "
                                   "entries in [uncertainty]")
        return None
    paths = tuple(e.path for e in entries)
    return Uncertainty(tuple(entries), _correlations(correlations, paths, origin) if correlations is not None
                       else ())


# ---------------------------------------------------------------------------------------------------------- designs


def _rng_seed(seed) -> int:
    """An int for SALib from an int or a ``SeedSequence``."""
    if isinstance(seed, np.random.SeedSequence):
        return int(seed.generate_state(1)[0])
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer):
        raise UncertaintyError(f"seed: got {seed!r}; expected an int or a numpy SeedSequence")
    return int(seed)


def sample(unc: Uncertainty, n: int, method: str, seed) -> np.ndarray:
    """A unit-cube design, shape (m, k), one column per entry of ``unc`` in order.

    - ``"mc"``: m = n independent uniforms (``numpy.random.default_rng(seed)``);
    - ``"lhs"``: m = n, ``scipy.stats.qmc.LatinHypercube`` (McKay, Beckman & Conover 1979);
    - ``"sobol"``: m = n (k + 2), ``SALib.sample.sobol.sample(problem, n, calc_second_order=False, seed=...)``, the
      Saltelli (2010) ordering ``SALib.analyze.sobol.analyze`` expects (n a power of 2 for its convergence);
    - ``"morris"``: m = n (k + 1), n trajectories of ``SALib.sample.morris.sample(problem, n, num_levels=4, ...)``.

    ``mc`` and ``lhs`` then impose the rank correlations, if any, by Iman & Conover (1982); ``sobol`` and
    ``morris`` refuse them (their indices assume independent inputs). ``seed``: an int or a ``SeedSequence``.
    """
    if method not in METHODS:
        raise UncertaintyError(f"method: got {method!r}; expected one of {', '.join(METHODS)}")
    if isinstance(n, bool) or not isinstance(n, int | np.integer) or n < 1:
        raise UncertaintyError(f"n: got {n!r}; expected a whole number of samples >= 1")
    k = len(unc.entries)
    n = int(n)
    if method in ("sobol", "morris"):
        if unc.correlated:
            raise UncertaintyError(f"method: got {method!r} with [uncertainty.correlations]; expected \"mc\" or "
                                   "\"lhs\" (Sobol indices and Morris effects assume independent inputs)")
        problem = unc.salib_problem()
        if method == "sobol":
            from SALib.sample import sobol

            return np.asarray(sobol.sample(problem, n, calc_second_order=False, seed=_rng_seed(seed)))
        from SALib.sample import morris

        return np.asarray(morris.sample(problem, n, num_levels=4, seed=_rng_seed(seed)))
    if not isinstance(seed, np.random.SeedSequence):
        _rng_seed(seed)
    rng = np.random.default_rng(seed)
    if method == "mc":
        design = rng.random((n, k))
    else:
        import inspect

        from scipy.stats import qmc

        key = "rng" if "rng" in inspect.signature(qmc.LatinHypercube).parameters else "seed"
        design = qmc.LatinHypercube(d=k, **{key: rng}).random(n)
    if unc.correlated:
        design = iman_conover(design, np.asarray(unc.correlations))
    return design


def iman_conover(design: np.ndarray, spearman: np.ndarray) -> np.ndarray:
    """``design`` with each column reordered so that the rank correlations approach ``spearman`` (Iman & Conover
    1982): van der Waerden scores S of the design's ranks, their correlation E = Q Q^T and the target (for normal
    scores, r = 2 sin(pi rho_s / 6)) C = P P^T (Cholesky); T = S Q^-T P^T has correlation C; each column of the
    design takes the ranks of T's column. Every column keeps its values, so every marginal is unchanged."""
    from scipy.special import ndtri

    design = np.asarray(design, dtype=float)
    m, k = design.shape
    if m <= k + 1:
        raise UncertaintyError(f"n: got {m} samples for {k} correlated parameters; expected more than {k + 1} "
                               "(Iman-Conover needs the scores' correlation matrix to be invertible)")
    ranks = np.argsort(np.argsort(design, axis=0, kind="stable"), axis=0, kind="stable")
    scores = ndtri((ranks + 1.0) / (m + 1.0))
    q = np.linalg.cholesky(np.corrcoef(scores, rowvar=False))
    p = np.linalg.cholesky(_pearson(spearman))
    target = scores @ np.linalg.inv(q).T @ p.T
    order = np.argsort(np.argsort(target, axis=0, kind="stable"), axis=0, kind="stable")
    out = np.empty_like(design)
    for j in range(k):
        out[:, j] = np.sort(design[:, j])[order[:, j]]
    return out


__all__ = ["DISTRIBUTIONS", "METHODS", "Entry", "Uncertainty", "UncertaintyError", "UncertaintyRow",
           "iman_conover", "parse", "sample"]
