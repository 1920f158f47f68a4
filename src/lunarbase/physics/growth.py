"""Growth laws for self-replicating industry: exponential growth, and growth held back by a build delay.

A stock M that adds, per unit time, k times what it was a delay tau ago (capacity built now only works once
it is finished) obeys the delay equation dM/dt = k M(t - tau). Its growing solution is M ~ exp(lambda t)
with lambda = k exp(-lambda tau), i.e. lambda = W(k tau) / tau, W the principal Lambert W function
(Hayes 1950; Corless et al. 1996, Adv. Comput. Math. 5:329, sec. 4). With tau -> 0, lambda -> k.
"""

import numpy as np

from lunarbase._jit import compiled_loop
from lunarbase.constants import YEAR


def capped_exponential(initial, rate_per_s, elapsed_s, cap):
    """min(M0 exp(k t), M_max): exponential growth up to a ceiling, without overflow.

    Where k t exceeds ln(M_max / M0) the ceiling holds, so a fast rate over a long time gives the ceiling
    rather than an overflow (and no NumPy warning); M0 = 0 stays 0; an infinite ceiling lets the exponential
    run to infinity, as IEEE arithmetic does. Below the ceiling the value is M0 exp(k t) exactly.
    """
    m0, cap = np.asarray(initial, dtype=float), np.asarray(cap, dtype=float)
    exponent = np.asarray(rate_per_s, dtype=float) * np.asarray(elapsed_s, dtype=float)
    with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
        headroom = np.log(cap) - np.log(m0)  # ln(M_max / M0); +inf when M0 = 0 < M_max
        grown = m0 * np.exp(np.minimum(exponent, np.where(m0 > 0, headroom, 0.0)))
    return np.where(m0 > 0, np.where(exponent < headroom, grown, cap), 0.0)


def grid_of_columns(t, *columns):
    """The shape of a law of a grid of steps ``t`` (1-D) and per-sample ``columns`` (each one value, or an (n, 1)
    column of samples, n shared), as NumPy broadcasts them; None for any other shapes. The compiled passes of the
    time-grid laws take such arguments, one row of values a sample; NumPy takes the rest."""
    if np.ndim(t) != 1 or np.size(t) == 0:
        return None
    rows = {np.shape(x)[0] for x in columns if np.ndim(x) == 2 and np.shape(x)[1] == 1 and np.size(x) > 1}
    if len(rows) > 1 or not all(np.size(x) == 1 or (np.ndim(x) == 2 and np.shape(x)[1] == 1) for x in columns):
        return None
    return np.broadcast_shapes(np.shape(t), *(np.shape(x) for x in columns))


def column(x, n):
    """``x`` (one value or an (n, 1) column) as n contiguous values, one a sample."""
    return np.ascontiguousarray(np.broadcast_to(np.reshape(np.asarray(x, dtype=float), (-1,)), (n,)))


def step_rows(x, steps):
    """A series (one row of ``steps``, or an (n, steps) grid) as a C-ordered float (rows, steps) array, rows 1 where
    every sample shares it: what the compiled passes read (row min(i, rows - 1) for sample i)."""
    x = np.asarray(x, dtype=float)
    return np.ascontiguousarray(np.broadcast_to(x, (x.shape[0] if x.ndim == 2 else 1, steps)))


def capped_growth_since(t_years, start_year, initial, rate_per_s, cap):
    """:func:`capped_exponential` from ``start_year`` on (decimal years ``t_years``), and none before it.

    On a grid of steps (``t_years`` 1-D) against columns of samples ((n, 1) or single values), the same
    operations in two compiled passes about NumPy's exponential (the one the formulas take): the same numbers,
    without the dozen (n, steps) temporaries.
    """
    t = np.asarray(t_years, dtype=float)
    columns = [np.asarray(x, dtype=float) for x in (start_year, initial, rate_per_s, cap)]
    shape = grid_of_columns(t, *columns)
    if shape is not None:
        start, m0, rate, top = columns
        with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
            headroom = np.log(top) - np.log(m0)  # as capped_exponential takes them
            limit = np.where(m0 > 0, headroom, 0.0)
        n = 1 if len(shape) == 1 else shape[0]
        grown = np.empty((n, t.size))
        _growth_exponent_loop(t, column(start, n), column(rate, n), column(limit, n), float(YEAR), grown)
        with np.errstate(over="ignore"):
            np.exp(grown, out=grown)
        _capped_growth_loop(t, column(start, n), column(rate, n), float(YEAR), column(m0, n), column(top, n),
                            column(headroom, n), grown)
        return grown.reshape(shape)
    years = t - start_year
    return np.where(years >= 0.0, capped_exponential(initial, rate_per_s, np.maximum(years, 0.0) * YEAR, cap), 0.0)


@compiled_loop
def _growth_exponent_loop(t, start, rate, limit, year_s, clipped):
    """``capped_growth_since``'s exponent k max(t - t0, 0) yr clipped at the headroom (``np.minimum``'s rule: NaN
    carries), before the exponential."""
    for i in range(clipped.shape[0]):
        s, k, h = start[i], rate[i], limit[i]
        for j in range(t.size):
            e = k * (max(t[j] - s, 0.0) * year_s)
            clipped[i, j] = e if (e <= h or e != e) else h


@compiled_loop
def _capped_growth_loop(t, start, rate, year_s, m0, cap, headroom, grown):
    """``capped_growth_since``'s choice, after the exponential of the clipped exponent (in ``grown``): none before
    the start or from nothing, the ceiling from the headroom on (the exponent taken again, as the first pass took
    it), else M0 exp(.). Selects, not branches, so that it vectorises."""
    for i in range(grown.shape[0]):
        s, k, m, c, h = start[i], rate[i], m0[i], cap[i], headroom[i]
        alive = m > 0
        for j in range(t.size):
            years = t[j] - s
            v = m * grown[i, j] if k * (max(years, 0.0) * year_s) < h else c
            grown[i, j] = v if (years >= 0.0 and alive) else 0.0


def delayed_growth_rate(rate_per_s, delay_s):
    """Growth rate lambda (1/s) of dM/dt = k M(t - tau): lambda = W(k tau) / tau, or k when tau = 0."""
    from scipy.special import lambertw  # here, so that a run that needs no Lambert W does not import SciPy

    k = np.asarray(rate_per_s, dtype=float)
    tau = np.asarray(delay_s, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        lagged = np.real(lambertw(k * tau)) / np.where(tau > 0, tau, 1.0)
    return np.where(tau > 0, lagged, k)


def doubling_time(rate_per_s):
    """ln 2 / lambda, s."""
    return np.log(2.0) / np.asarray(rate_per_s, dtype=float)


def time_to_grow(initial, final, rate_per_s):
    """Time for exponential growth at ``rate_per_s`` to take ``initial`` to ``final``: ln(final/initial)/lambda."""
    return np.log(np.asarray(final, dtype=float) / initial) / np.asarray(rate_per_s, dtype=float)


def delayed_growth_path(initial, rate_per_s, delay_s, t_s):
    """Integrate dM/dt = k M(t - tau) from M = ``initial`` held over [-tau, 0], explicit steps on ``t_s``.

    The check on :func:`delayed_growth_rate`: the late-time log slope of this path tends to lambda.
    """
    t = np.asarray(t_s, dtype=float)
    m = np.empty_like(t)
    m[0] = initial
    for j in range(1, t.size):
        dt = t[j] - t[j - 1]
        then = t[j - 1] - delay_s
        past = initial if then <= t[0] else np.interp(then, t[:j], m[:j])
        m[j] = m[j - 1] + rate_per_s * past * dt
    return m
