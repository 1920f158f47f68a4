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


def capped_growth_since(t_years, start_year, initial, rate_per_s, cap):
    """:func:`capped_exponential` from ``start_year`` on (decimal years ``t_years``), and none before it.

    On a grid of steps (``t_years`` 1-D) against columns of samples ((n, 1) or single values), the same
    operations in two compiled passes about NumPy's exponential (the one the formulas take): the same numbers,
    without the dozen (n, steps) temporaries.
    """
    t = np.asarray(t_years, dtype=float)
    columns = [np.asarray(x, dtype=float) for x in (start_year, initial, rate_per_s, cap)]
    rows = {x.shape[0] for x in columns if x.ndim == 2 and x.shape[1] == 1} | {1}
    if t.ndim == 1 and t.size and len(rows) <= 2 and all(x.size == 1 or (x.ndim == 2 and x.shape[1] == 1)
                                                          for x in columns):
        n = max(rows)
        start, m0, rate, top = columns
        with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
            headroom = np.log(top) - np.log(m0)  # as capped_exponential takes them
            limit = np.where(m0 > 0, headroom, 0.0)

        def row(x):
            return np.ascontiguousarray(np.broadcast_to(np.reshape(x, (-1,)), (n,)))

        exponent, grown = np.empty((n, t.size)), np.empty((n, t.size))
        _growth_exponent_loop(t, row(start), row(rate), row(limit), float(YEAR), exponent, grown)
        with np.errstate(over="ignore"):
            np.exp(grown, out=grown)
        _capped_growth_loop(t, row(start), row(m0), row(top), row(headroom), exponent, grown)
        return grown
    years = t - start_year
    return np.where(years >= 0.0, capped_exponential(initial, rate_per_s, np.maximum(years, 0.0) * YEAR, cap), 0.0)


@compiled_loop
def _growth_exponent_loop(t, start, rate, limit, year_s, exponent, clipped):
    """``capped_growth_since``'s exponent k max(t - t0, 0) yr, and it clipped at the headroom (``np.minimum``'s
    rule: NaN carries), before the exponential."""
    for i in range(exponent.shape[0]):
        for j in range(t.size):
            e = rate[i] * (max(t[j] - start[i], 0.0) * year_s)
            exponent[i, j] = e
            h = limit[i]
            clipped[i, j] = e if (e <= h or e != e) else h


@compiled_loop
def _capped_growth_loop(t, start, m0, cap, headroom, exponent, grown):
    """``capped_growth_since``'s choice, after the exponential of the clipped exponent (in ``grown``): none before
    the start or from nothing, the ceiling from the headroom on, else M0 exp(.)."""
    for i in range(grown.shape[0]):
        for j in range(t.size):
            if not t[j] - start[i] >= 0.0 or not m0[i] > 0:
                grown[i, j] = 0.0
            elif exponent[i, j] < headroom[i]:
                grown[i, j] = m0[i] * grown[i, j]
            else:
                grown[i, j] = cap[i]


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
