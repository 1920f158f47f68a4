"""Civilisation-scale yardsticks."""

import numpy as np


def kardashev_level(power_w):
    """Sagan's interpolation of the Kardashev scale, K = (log10 P[W] - 6) / 10.

    Sagan, The Cosmic Connection (1973). K = 1 at 1e16 W, K = 2 at 1e26 W. NaN for P <= 0.
    """
    p = np.asarray(power_w, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(p > 0.0, (np.log10(np.where(p > 0.0, p, 1.0)) - 6.0) / 10.0, np.nan)


def power_at_kardashev(level):
    """Inverse of :func:`kardashev_level`: P = 10^(10 K + 6) W."""
    return 10.0 ** (10.0 * np.asarray(level, dtype=float) + 6.0)
