"""The fleet in deep space: cohorts launched each step, failures, degradation and retirement.

A cohort deployed at step k holds at age tau = (j - k) dt the share s(tau) = exp(-lambda tau) [tau < life]
of its satellites, each at a power factor exp(-d tau) from array degradation. Installed quantities are
convolutions of deployments with these kernels.
"""

import numpy as np

from lunarbase.physics.scales import kardashev_level
from lunarbase.physics.sunlight import share_of_sun


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


def installed(deployed_per_step, value_per_unit, dt_s, failure_rate, lifetime_s, degradation_rate=0.0):
    """Installed total of ``value_per_unit`` carried by the surviving satellites at each step."""
    n = np.shape(deployed_per_step)[-1]
    age = np.arange(n) * dt_s
    kernel = survival(age[None, :], np.reshape(failure_rate, (-1, 1)), np.reshape(lifetime_s, (-1, 1)))
    kernel = kernel * np.exp(-np.reshape(degradation_rate, (-1, 1)) * age[None, :])
    return in_service(np.asarray(deployed_per_step) * value_per_unit, kernel)


def civilisation_scale(sunlight_captured_w):
    """Share of the Sun and Sagan's Kardashev level of the sunlight the fleet intercepts."""
    return share_of_sun(sunlight_captured_w), kardashev_level(sunlight_captured_w)
