"""The analyses of a study: what a set of sampled runs says about the plan, as pure functions on NumPy arrays.

A study (``lunarbase.study``) draws n points of the uncertain parameters, runs them through ``engine.simulate``
in one vectorised call per chunk, and keeps per sample the milestone years (NaN where never reached), the
horizon-year figures and yearly series. This module turns those arrays into:

- **Probability of a milestone by each year** (:func:`probability_by_year`): the empirical CDF of the year it is
  reached, P(T <= y) = (1/n) sum_i 1[T_i <= y], with its Monte Carlo standard error sqrt(p (1 - p) / n)
  (the binomial standard error of a proportion); samples that never reach it count as not reached by any year,
  so the CDF may stay below 1. :func:`median_year` reads where it first reaches 0.5.
- **Fan charts** (:func:`fan`): the 5/25/50/75/95 % quantiles of a yearly series across samples.
- **How often each constraint binds** (:func:`binding_shares`).
- **Variance-based sensitivity** (:func:`sobol_indices`): Sobol first-order indices S1 (Saltelli et al. 2010's
  estimator) and total indices ST (Jansen 1999's estimator), with bootstrap confidence intervals, by
  ``SALib.analyze.sobol`` on Saltelli/Sobol' samples (``SALib.sample.sobol``). The same code path is checked on
  the Ishigami function against its analytical indices (``tests/core/test_analysis.py``).
- **Screening** (:func:`morris_indices`): Morris (1991) elementary effects, with Campolongo et al. (2007)'s mu*
  (mean absolute effect), by ``SALib.analyze.morris``.
- **One at a time** (:func:`tornado`): each parameter at its low and high quantile, the others at their median, in
  one vectorised run of 2k + 1 samples.
- **Trade-offs** (:func:`pareto_front`): the samples no other beats on both of two figures (time and money).
- **Scenario discovery** (:func:`prim`): the Patient Rule Induction Method of Friedman & Fisher (1999), peeling a
  box in the parameter space towards the samples where a milestone is reached by the chosen year. Implemented here
  (about a hundred lines, tested on a planted box): the EMA Workbench's PRIM, the kept library that has one,
  brings scikit-learn, statsmodels, seaborn and Platypus (about 180 MB) and warns on import.

Sources are in docs/model.md ("The analyses of a study") and docs/references.md.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from lunarbase.constraints import CONSTRAINTS

#: The quantiles of a fan chart, in percent.
FAN_QUANTILES = (5, 25, 50, 75, 95)


# --- milestones -------------------------------------------------------------------------------------------------

def probability_by_year(years_reached, calendar_years) -> tuple[np.ndarray, np.ndarray]:
    """P(milestone reached by the end of each calendar year) and its Monte Carlo standard error.

    ``years_reached``: (n,) decimal years at which each sample reaches the milestone, NaN where it never does.
    ``calendar_years``: (m,) integer years; a milestone reached at decimal year t counts as reached by year y
    when t < y + 1 (during or before calendar year y).

    p(y) = (1/n) sum_i 1[t_i < y + 1];   se(y) = sqrt(p (1 - p) / n)   (binomial standard error).

    The standard error is that of independent draws (Monte Carlo or Latin hypercube, where it is conservative);
    for a Saltelli design pass its base matrix A only, which is an independent quasi-random sample.
    """
    t = np.asarray(years_reached, dtype=float).ravel()
    years = np.asarray(calendar_years, dtype=float).ravel()
    n = t.size
    if n == 0:
        raise ValueError("probability_by_year: no samples")
    # NaN compares False: a sample that never reaches the milestone is not reached by any year.
    with np.errstate(invalid="ignore"):
        p = (t[None, :] < years[:, None] + 1.0).mean(axis=1)
    return p, np.sqrt(p * (1.0 - p) / n)


def median_year(calendar_years, p) -> int | None:
    """The first calendar year by which the milestone is reached with probability >= 0.5 (None if never)."""
    hits = np.flatnonzero(np.asarray(p, dtype=float) >= 0.5)
    return int(np.asarray(calendar_years)[hits[0]]) if hits.size else None


# --- fans and binding shares -----------------------------------------------------------------------------------

def fan(values, q: Sequence[float] = FAN_QUANTILES) -> dict[str, np.ndarray]:
    """Quantiles across samples of a yearly series: ``{"q5": (years,), "q25": ..., ...}``.

    ``values``: (n, years). Quantiles by linear interpolation between order statistics (NumPy's default,
    Hyndman & Fan 1996 type 7); NaN samples are left out (a year where every sample is NaN gives NaN).
    """
    v = np.asarray(values, dtype=float)
    if v.ndim != 2:
        raise ValueError(f"fan: expected (samples, years), got shape {v.shape}")
    out = {}
    with np.errstate(invalid="ignore"), _quiet_all_nan():
        for level in q:
            out[f"q{level:g}"] = np.nanpercentile(v, level, axis=0)
    return out


class _quiet_all_nan:
    """Silence NumPy's 'All-NaN slice' RuntimeWarning: an all-NaN year is a NaN quantile, said in the docstring."""

    def __enter__(self):
        import warnings

        self._ctx = warnings.catch_warnings()
        self._ctx.__enter__()
        warnings.filterwarnings("ignore", "All-NaN slice", RuntimeWarning)

    def __exit__(self, *exc):
        return self._ctx.__exit__(*exc)


def binding_shares(codes, names: Sequence[str] = CONSTRAINTS) -> dict[str, float] | dict[str, np.ndarray]:
    """How often each constraint binds: the share of samples (and steps) whose ``binding`` code is each one.

    ``codes``: (n,) codes (one per sample, e.g. the horizon year's) gives ``{name: share}``; (n, years) gives
    ``{name: (years,) share per year}``. Only constraints that bind somewhere are listed; shares sum to 1 over
    the listed names (per year).
    """
    c = np.asarray(codes, dtype=float)
    if np.isnan(c).any():
        raise ValueError("binding_shares: NaN code")
    c = c.astype(int)
    out = {}
    for code, name in enumerate(names):
        share = (c == code).mean(axis=0)
        if np.any(share > 0):
            out[name] = share if c.ndim > 1 else float(share)
    return out


# --- sensitivity ------------------------------------------------------------------------------------------------

def never_as_horizon(y, horizon: int | None, what: str = "output") -> np.ndarray:
    """Milestone years with 'never' (NaN) read as ``horizon + 1``, the first year after the run ends.

    A variance-based index needs a number for every sample. Reading 'never' as the year after the horizon keeps
    those samples (dropping them would break the Saltelli design) and orders them after every sample that reaches
    the milestone; it understates how late 'never' is, so indices of a milestone most samples never reach mostly
    measure *whether* it is reached. Without a ``horizon`` a NaN is refused.
    """
    v = np.asarray(y, dtype=float).ravel()
    if np.isnan(v).any():
        if horizon is None:
            raise ValueError(f"{what}: {int(np.isnan(v).sum())} NaN values and no horizon to read them as "
                             "'never' (horizon + 1)")
        v = np.where(np.isnan(v), horizon + 1.0, v)
    if not np.isfinite(v).all():
        raise ValueError(f"{what}: infinite values")
    return v


def sobol_indices(problem: Mapping[str, Any], Y, *, horizon: int | None = None, num_resamples: int = 200,
                  conf_level: float = 0.95, seed: int = 0) -> dict[str, dict[str, float]]:
    """Sobol first-order and total indices with bootstrap confidence intervals, per parameter.

    ``problem``: SALib's ``{"num_vars", "names", "bounds"}``; ``Y``: (N (k + 2),) outputs of the points of
    ``SALib.sample.sobol.sample(problem, N, calc_second_order=False)``, in that order.

    With A, B the two base matrices and AB_i = A with column i from B (Saltelli et al. 2010, Table 2):

        S1_i = mean(f(B) (f(AB_i) - f(A))) / V              (Saltelli et al. 2010, eq. (b))
        ST_i = mean((f(A) - f(AB_i))^2) / (2 V)             (Jansen 1999)

    V the variance of f over A and B. ``S1_conf``/``ST_conf`` are the half-widths of the ``conf_level`` bootstrap
    intervals (``num_resamples`` resamples, seeded, so a study is reproducible). NaN outputs (a milestone never
    reached) are read as ``horizon + 1`` (:func:`never_as_horizon`). An output that does not vary has no variance
    to apportion: every index is 0.

    Returns ``{name: {"S1", "S1_conf", "ST", "ST_conf"}}``.
    """
    from SALib.analyze import sobol

    names = list(problem["names"])
    k = len(names)
    y = never_as_horizon(Y, horizon, "sobol_indices")
    if y.size % (k + 2):
        raise ValueError(f"sobol_indices: {y.size} outputs is not N (k + 2) for k = {k} (calc_second_order=False)")
    if np.ptp(y) == 0:
        return {name: {"S1": 0.0, "S1_conf": 0.0, "ST": 0.0, "ST_conf": 0.0} for name in names}
    res = sobol.analyze(dict(problem), y, calc_second_order=False, num_resamples=num_resamples,
                        conf_level=conf_level, print_to_console=False,
                        # A Generator, not the int: SALib 1.6 tests `if seed:`, so seed 0 would go unseeded.
                        seed=np.random.default_rng(seed))
    return {name: {key: float(res[key][i]) for key in ("S1", "S1_conf", "ST", "ST_conf")}
            for i, name in enumerate(names)}


def morris_indices(problem: Mapping[str, Any], X, Y, *, horizon: int | None = None, num_levels: int = 4,
                   num_resamples: int = 200, conf_level: float = 0.95, seed: int = 0) -> dict[str, dict[str, float]]:
    """Morris elementary-effects screening: mu* (with its bootstrap half-width), mu and sigma per parameter.

    ``X``: the (r (k + 1), k) trajectory points of ``SALib.sample.morris.sample(problem, r, num_levels)``;
    ``Y``: their outputs. An elementary effect is EE_i = (f(x + Delta e_i) - f(x)) / Delta along a trajectory
    (Morris 1991); mu*_i = mean |EE_i| ranks importance without effects of opposite sign cancelling (Campolongo,
    Cariboni & Saltelli 2007); sigma_i, their standard deviation, flags interactions or non-linearity. NaN outputs
    read as ``horizon + 1``, as in :func:`sobol_indices`.

    Returns ``{name: {"mu_star", "mu_star_conf", "mu", "sigma"}}``.
    """
    from SALib.analyze import morris

    y = never_as_horizon(Y, horizon, "morris_indices")
    res = morris.analyze(dict(problem), np.asarray(X, dtype=float), y, num_resamples=num_resamples,
                         conf_level=conf_level, print_to_console=False, num_levels=num_levels,
                         seed=np.random.default_rng(seed))
    return {name: {"mu_star": float(res["mu_star"][i]), "mu_star_conf": float(res["mu_star_conf"][i]),
                   "mu": float(res["mu"][i]), "sigma": float(res["sigma"][i])}
            for i, name in enumerate(problem["names"])}


@dataclass(frozen=True)
class Tornado:
    """One-at-a-time swings: the output at every median (``base``) and, per parameter, at its low and high
    quantile (``low``, ``high``: output values, not parameter values), sorted by swing |high - low|, largest
    first; ``low_q``/``high_q`` the quantiles used."""

    base: float
    bars: list[tuple[str, float, float]]
    low_q: float
    high_q: float

    def as_dict(self) -> dict:
        return {"base": self.base, "low_q": self.low_q, "high_q": self.high_q,
                "bars": [{"name": n, "low": lo, "high": hi} for n, lo, hi in self.bars]}


def tornado_points(k: int, low_q: float = 0.05, high_q: float = 0.95) -> np.ndarray:
    """The (2k + 1, k) unit-cube points of a tornado: all at 0.5 (row 0), then parameter i at ``low_q`` (row
    2i + 1) and at ``high_q`` (row 2i + 2) with the others at 0.5."""
    if not 0 <= low_q < 0.5 < high_q <= 1:
        raise ValueError(f"tornado: expected 0 <= low_q < 0.5 < high_q <= 1, got {low_q}, {high_q}")
    u = np.full((2 * k + 1, k), 0.5)
    for i in range(k):
        u[2 * i + 1, i] = low_q
        u[2 * i + 2, i] = high_q
    return u


def tornado_from_values(names: Sequence[str], values, low_q: float = 0.05, high_q: float = 0.95) -> Tornado:
    """Sort the outputs of :func:`tornado_points` into a :class:`Tornado` (NaN swings sort last)."""
    v = np.asarray(values, dtype=float).ravel()
    if v.size != 2 * len(names) + 1:
        raise ValueError(f"tornado: {v.size} outputs for {len(names)} parameters; expected {2 * len(names) + 1}")
    bars = [(name, float(v[2 * i + 1]), float(v[2 * i + 2])) for i, name in enumerate(names)]
    swing = [abs(hi - lo) for _, lo, hi in bars]
    order = sorted(range(len(bars)), key=lambda i: (np.isnan(swing[i]), -np.nan_to_num(swing[i])))
    return Tornado(float(v[0]), [bars[i] for i in order], low_q, high_q)


def tornado(scenario, unc, output_fn: Callable[[Any], np.ndarray], low_q: float = 0.05, high_q: float = 0.95,
            *, simulate: Callable | None = None) -> Tornado:
    """One parameter at a time across its range: each at its ``low_q`` and ``high_q`` quantile, the others at
    their median, in ONE vectorised ``engine.simulate`` call of 2k + 1 samples.

    ``unc``: the study's uncertainty (``.paths``, ``.from_unit_cube(u) -> {path: Quantity (m,)}``), whose unit
    cube maps a quantile q to the parameter's q-quantile; ``output_fn(run) -> (2k + 1,)`` the figure to swing
    (read a milestone's NaN as the horizon + 1 there, see :func:`never_as_horizon`). ``simulate`` defaults to
    ``engine.simulate``.
    """
    return tornadoes(scenario, unc, {"output": output_fn}, low_q, high_q, simulate=simulate)["output"]


def tornadoes(scenario, unc, outputs: Mapping[str, Callable[[Any], np.ndarray]], low_q: float = 0.05,
              high_q: float = 0.95, *, simulate: Callable | None = None) -> dict[str, Tornado]:
    """:func:`tornado` of several outputs of the same ONE vectorised run of 2k + 1 samples: ``{name: Tornado}``
    for ``outputs`` ``{name: output_fn}``."""
    if simulate is None:
        from functools import partial

        from lunarbase.engine import simulate as engine_simulate

        # Settings an uncertainty set draws may act only in some of its worlds: allowed, as in a study.
        simulate = partial(engine_simulate, inert_samples="allow")
    names = list(unc.paths)
    u = tornado_points(len(names), low_q, high_q)
    run = simulate(scenario, draws=unc.from_unit_cube(u))
    return {key: tornado_from_values(names, fn(run), low_q, high_q) for key, fn in outputs.items()}


# --- scenario discovery -----------------------------------------------------------------------------------------

@dataclass
class PrimResult:
    """A PRIM peeling trajectory and the box chosen on it.

    ``boxes``: (steps, k, 2) lower and upper limits of every step's box (step 0 spans all the data);
    ``coverage``, ``density``, ``mass``: (steps,); ``restricted``: (steps,) number of dimensions whose limits are
    tighter than the data's; ``chosen``: the chosen step; ``names``: the k parameter names.
    """

    names: list[str]
    boxes: np.ndarray
    coverage: np.ndarray
    density: np.ndarray
    mass: np.ndarray
    restricted: np.ndarray
    chosen: int
    threshold: float
    peel_alpha: float
    note: str = ""
    _lo: np.ndarray = field(default=None, repr=False)
    _hi: np.ndarray = field(default=None, repr=False)

    def box(self, step: int | None = None) -> dict[str, tuple[float, float]]:
        """The limits of the box at ``step`` (default: the chosen one) on the dimensions it restricts."""
        b = self.boxes[self.chosen if step is None else step]
        return {name: (float(b[j, 0]), float(b[j, 1])) for j, name in enumerate(self.names)
                if b[j, 0] > self._lo[j] or b[j, 1] < self._hi[j]}

    def as_dict(self) -> dict:
        """The report's ``prim`` section (see ``interfaces.study_report``)."""
        c = self.chosen
        return {"coverage": self.coverage.tolist(), "density": self.density.tolist(), "mass": self.mass.tolist(),
                "restricted": self.restricted.tolist(), "chosen": c, "threshold": self.threshold,
                "peel_alpha": self.peel_alpha, "note": self.note,
                "box": [{"name": n, "low": lo, "high": hi, "data_low": float(self._lo[self.names.index(n)]),
                         "data_high": float(self._hi[self.names.index(n)])} for n, (lo, hi) in self.box().items()]}


def prim(X, y, names: Sequence[str], *, threshold: float = 0.8, peel_alpha: float = 0.05, mass_min: float = 0.05,
         choose: int | None = None) -> PrimResult:
    """Scenario discovery with PRIM, peeling only (Friedman & Fisher 1999, section 2).

    ``X``: (n, k) parameter values of the samples; ``y``: (n,) True where the case of interest happens (e.g. 1 TW/yr
    reached by 2050); ``names``: the k parameter names.

    Start from the box spanning all the data. At each step, for every dimension j, try removing the samples below
    the ``peel_alpha`` quantile of x_j inside the box, or those above the 1 - ``peel_alpha`` quantile; keep the
    peel whose remaining box has the highest density (mean of y, Friedman & Fisher's criterion), ties to the
    smaller peel. Where the quantile falls on the edge value itself (a discrete parameter, or the repeated values of
    a Saltelli or Morris design), the peel removes the samples at that value, as Friedman & Fisher do for
    discrete inputs, and the limit becomes the next value in. Stop when the next box would hold less than
    ``mass_min`` of the samples or no peel removes a sample. Every step records

        coverage = sum_box y / sum y,   density = sum_box y / n_box,   mass = n_box / n,

    and the number of restricted dimensions. Pasting (the optional second stage) is not done: it rarely moves a
    box by more than one peel and Bryant & Lempert (2010) use peeling alone for scenario discovery.

    The chosen box is ``choose`` (a step index) or else the first step (the largest coverage) whose density is
    at least ``threshold``; where none reaches it, the densest step, said in ``note``.
    """
    X = np.asarray(X, dtype=float)
    yb = np.asarray(y, dtype=bool).ravel()
    n, k = X.shape
    if yb.size != n or len(names) != k:
        raise ValueError(f"prim: X is {X.shape}, y has {yb.size} values and {len(names)} names")
    if not 0 < peel_alpha < 0.5:
        raise ValueError(f"prim: peel_alpha {peel_alpha}; expected between 0 and 0.5")
    total = yb.sum()
    if total == 0:
        raise ValueError("prim: no sample is a case of interest (y is all False)")
    lo, hi = X.min(axis=0), X.max(axis=0)
    box = np.stack([lo, hi], axis=1)
    inside = np.ones(n, dtype=bool)
    boxes, cov, den, mass = [box.copy()], [1.0], [total / n], [1.0]
    while True:
        best = None  # (density, -removed, j, side, limit, new inside)
        xs, ys = X[inside], yb[inside]
        for j in range(k):
            for side, q in ((0, peel_alpha), (1, 1 - peel_alpha)):
                col = xs[:, j]
                limit = np.quantile(col, q)
                keep = col >= limit if side == 0 else col <= limit
                if keep.all():  # ties at the edge (a choice, a design's repeated values): peel the edge value
                    keep = col > col.min() if side == 0 else col < col.max()
                    if keep.any():
                        limit = col[keep].min() if side == 0 else col[keep].max()
                removed = keep.size - keep.sum()
                if removed == 0 or keep.sum() < mass_min * n:
                    continue
                d = ys[keep].mean()
                cand = (d, -removed)
                if best is None or cand > best[:2]:
                    best = (d, -removed, j, side, limit, keep)
        if best is None:
            break
        _, _, j, side, limit, keep = best
        box[j, side] = limit
        idx = np.flatnonzero(inside)
        inside[idx[~keep]] = False
        boxes.append(box.copy())
        cov.append(yb[inside].sum() / total)
        den.append(yb[inside].mean())
        mass.append(inside.mean())
    boxes = np.array(boxes)
    restricted = ((boxes[:, :, 0] > lo) | (boxes[:, :, 1] < hi)).sum(axis=1)
    den_a = np.array(den)
    note = ""
    if choose is not None:
        if not -len(boxes) <= choose < len(boxes):
            raise ValueError(f"prim: choose {choose}; the trajectory has steps 0 to {len(boxes) - 1}")
        chosen = choose % len(boxes)
    else:
        ok = np.flatnonzero(den_a >= threshold)
        if ok.size:
            chosen = int(ok[0])
        else:
            chosen = int(np.argmax(den_a))
            note = f"no box reaches density {threshold:g}; the densest ({den_a[chosen]:.3g}) is chosen"
    return PrimResult(list(names), boxes, np.array(cov), den_a, np.array(mass), restricted, chosen, threshold,
                      peel_alpha, note, lo, hi)


# --- trade-offs ---------------------------------------------------------------------------------------------------

def pareto_front(x, y) -> np.ndarray:
    """Indices of the samples no other sample beats on both ``x`` and ``y`` (both to be minimised, e.g. the year a
    milestone is reached and the spending by then), sorted by ``x``. A sample is dominated when another is no worse
    on both and better on one; NaN samples (never reached) are left out."""
    x = np.asarray(x, dtype=float).ravel()
    y = np.asarray(y, dtype=float).ravel()
    ok = np.flatnonzero(np.isfinite(x) & np.isfinite(y))
    order = ok[np.lexsort((y[ok], x[ok]))]  # by x, ties by y: a point is on the front when its y beats all before
    front, best = [], np.inf
    for i in order:
        if y[i] < best:
            front.append(i)
            best = y[i]
    return np.array(front, dtype=int)


__all__ = ["FAN_QUANTILES", "PrimResult", "Tornado", "binding_shares", "fan", "median_year", "morris_indices",
           "never_as_horizon", "pareto_front", "prim", "probability_by_year", "sobol_indices", "tornado",
           "tornado_from_values", "tornado_points", "tornadoes"]
