"""Civilisation-scale yardsticks."""

import numpy as np

from lunarbase._jit import compiled_loop


def kardashev_level(power_w):
    """Sagan's interpolation of the Kardashev scale, K = (log10 P[W] - 6) / 10.

    Sagan, The Cosmic Connection (1973). K = 1 at 1e16 W, K = 2 at 1e26 W. NaN for P <= 0.
    """
    p = np.asarray(power_w, dtype=float)
    if p.ndim == 2 and p.size and (p.flags.c_contiguous or p.flags.f_contiguous):
        # A chunk's (rows, steps): the same operations in two passes about NumPy's log10, and the same memory order.
        out = np.empty_like(p)
        _positive_or_one_loop(p, out)
        np.log10(out, out=out)
        _kardashev_loop(p, out)
        return out
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(p > 0.0, (np.log10(np.where(p > 0.0, p, 1.0)) - 6.0) / 10.0, np.nan)


@compiled_loop
def _positive_or_one_loop(p, out):
    """``np.where(p > 0, p, 1)``."""
    for i in range(p.shape[0]):
        for j in range(p.shape[1]):
            out[i, j] = p[i, j] if p[i, j] > 0.0 else 1.0


@compiled_loop
def _kardashev_loop(p, log10_p):
    """``kardashev_level``'s (log10 P - 6) / 10 where P > 0, else NaN, in place of the logarithm."""
    for i in range(p.shape[0]):
        for j in range(p.shape[1]):
            log10_p[i, j] = (log10_p[i, j] - 6.0) / 10.0 if p[i, j] > 0.0 else np.nan


def power_at_kardashev(level):
    """Inverse of :func:`kardashev_level`: P = 10^(10 K + 6) W."""
    return 10.0 ** (10.0 * np.asarray(level, dtype=float) + 6.0)
