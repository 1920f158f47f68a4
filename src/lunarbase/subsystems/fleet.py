"""The fleet in deep space: cohorts launched each step, failures, degradation and retirement.

A cohort deployed at step k holds at age tau = (j - k) dt the share s(tau) = exp(-lambda tau) [tau < life]
of its satellites, each at a power factor exp(-d tau) from array degradation. Installed quantities are
convolutions of deployments with these kernels.
"""

import numpy as np

from lunarbase.physics.scales import kardashev_level
from lunarbase.physics.sunlight import share_of_sun


def delayed(series, steps):
    """``series`` shifted later by ``steps`` along the last axis (zeros before): what comes online after building,
    or arrives after a transfer.

    ``steps``: one whole number, or one per row of ``series`` (samples).
    """
    series = np.atleast_2d(np.asarray(series, dtype=float))
    lags = np.ravel(np.asarray(steps, dtype=int))
    rows = np.broadcast_shapes(series.shape[:1], lags.shape)
    series, lags = np.broadcast_to(series, (*rows, series.shape[-1])), np.broadcast_to(lags, rows)
    out = np.zeros_like(series)
    n = series.shape[-1]
    for row, k in enumerate(lags):
        if k < n:
            out[row, k:] = series[row, : n - k]
    return out


def survival(age_s, failure_rate, lifetime_s):
    """Share of a cohort still working at ``age_s``: exp(-lambda age), zero from end of life."""
    age = np.asarray(age_s, dtype=float)
    return np.where(age < lifetime_s, np.exp(-failure_rate * age), 0.0)


def in_service(deployed, kernel):
    """Causal convolution along the last axis: out[j] = sum_k deployed[k] kernel[j - k]; never negative."""
    deployed, kernel = np.atleast_2d(deployed), np.atleast_2d(kernel)
    rows = np.broadcast_shapes(deployed.shape[:1], kernel.shape[:1])  # samples may vary either one
    n = deployed.shape[-1]
    deployed, kernel = np.broadcast_to(deployed, (*rows, n)), np.broadcast_to(kernel, (*rows, n))
    if deployed.shape[0] <= 64:
        out = np.stack([np.convolve(d, k)[:n] for d, k in zip(deployed, kernel, strict=True)])
    else:
        out = _fft_convolve(deployed, kernel)[..., :n]
    return np.maximum(out, 0.0)


def _fft_convolve(a, b):
    """Full linear convolution along the last axis by the real FFT, zero-padded to 2n so nothing wraps
    (convolution theorem); numpy's FFT, so that importing the fleet does not import scipy.signal."""
    size = 2 * a.shape[-1]
    return np.fft.irfft(np.fft.rfft(a, size, axis=-1) * np.fft.rfft(b, size, axis=-1), size, axis=-1)


def installed(deployed_per_step, value_per_unit, dt_s, failure_rate, lifetime_s, degradation_rate=0.0, spares=0.0):
    """Installed total of ``value_per_unit`` carried by the surviving satellites at each step.

    Each satellite's value wears at ``degradation_rate``, held whole while cold ``spares`` (a share of it) last:
    min(1, (1 + s) exp(-d tau)).
    """
    n = np.shape(deployed_per_step)[-1]
    age = np.arange(n) * dt_s
    kernel = survival(age[None, :], np.reshape(failure_rate, (-1, 1)), np.reshape(lifetime_s, (-1, 1)))
    wear = np.exp(-np.reshape(degradation_rate, (-1, 1)) * age[None, :])
    kernel = kernel * np.minimum(1.0, (1.0 + np.reshape(spares, (-1, 1))) * wear)
    return in_service(np.asarray(deployed_per_step) * value_per_unit, kernel)


def delivered(powered_flops, delivery):
    """FLOP/s delivered from FLOP/s powered: x power-and-thermal derating x availability x utilisation.

    The last three steps of the waterfall peak -> powered (accelerator failures beyond the spares, eclipses: in
    ``installed``; arrays are sized for their wear) ->
    derated -> available -> utilised, with the ``delivery`` section's shares.
    """
    return (np.asarray(powered_flops, dtype=float) * delivery.power_thermal_derating * delivery.availability
            * delivery.utilisation)


def bus_power(installed_compute_w, bus_overhead):
    """Electric power the satellites in service draw, W: compute plus the bus, P_c / (1 - overhead)."""
    return np.asarray(installed_compute_w, dtype=float) / (1.0 - np.asarray(bus_overhead, dtype=float))


def civilisation_scale(sunlight_captured_w, power_used_w):
    """Share of the Sun's luminosity the fleet intercepts, and Sagan's Kardashev level of the power used.

    One Kardashev measure for every route: the electric power the route uses (compute with its overheads,
    and the base), K = (log10 P[W] - 6) / 10 (Sagan 1973); sunlight intercepted is its own figure.
    """
    return share_of_sun(sunlight_captured_w), kardashev_level(power_used_w)
