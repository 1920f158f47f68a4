"""The fleet in deep space: cohorts launched each step, failures, degradation and retirement.

A cohort deployed at step k holds at age tau = (j - k) dt the share s(tau) = exp(-lambda tau) [tau < life]
of its satellites, each at a power factor exp(-d tau) from array degradation. Installed quantities are
convolutions of deployments with these kernels.
"""

import numpy as np

from lunarbase._jit import compiled_loop
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
    series = np.ascontiguousarray(np.broadcast_to(series, (*rows, series.shape[-1])))
    out = np.empty_like(series)
    _delay_loop(series, np.ascontiguousarray(np.broadcast_to(lags, rows), dtype=np.int64), out)
    return out


@compiled_loop
def _delay_loop(series, lags, out):
    n_rows, n = series.shape
    for row in range(n_rows):
        k = max(lags[row], 0)
        for j in range(n):
            out[row, j] = series[row, j - k] if j >= k else 0.0


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
    if deployed.shape[0] <= _DIRECT_ROWS:
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
    """Installed total of ``value_per_unit`` carried by the surviving satellites at each step.

    A few rows (one scenario, a handful of samples): the direct causal sum with the kernel
    ``survival(age) exp(-d age)``. Many rows (a chunk of samples): the same sum by its recurrence
    (``cohorts_by_recurrence``), one pass, equal to the direct sum at round-off.
    """
    value = np.atleast_2d(np.asarray(deployed_per_step, dtype=float) * value_per_unit)
    n = value.shape[-1]
    age = np.arange(n) * dt_s
    rows = np.broadcast_shapes(value.shape[:1], *(np.shape(np.ravel(x)) for x in
                                                  (failure_rate, lifetime_s, degradation_rate)))
    if rows[0] > _DIRECT_ROWS:
        decay = (np.ravel(np.asarray(failure_rate, dtype=float))
                 + np.ravel(np.asarray(degradation_rate, dtype=float))) * dt_s
        # Steps a cohort serves: the ages below its lifetime (the kernel's support, compared as the kernel does).
        life_steps = np.searchsorted(age, np.ravel(np.asarray(lifetime_s, dtype=float)), side="left")
        return cohorts_by_recurrence(np.broadcast_to(value, (*rows, n)), decay, life_steps)
    kernel = survival(age[None, :], np.reshape(failure_rate, (-1, 1)), np.reshape(lifetime_s, (-1, 1)))
    kernel = kernel * np.exp(-np.reshape(degradation_rate, (-1, 1)) * age[None, :])
    return in_service(value, kernel)


#: Up to this many rows ``installed`` sums directly (np.convolve, exact for a scenario); beyond, by recurrence.
_DIRECT_ROWS = 64


def cohorts_by_recurrence(deployed, decay_per_step, life_steps) -> np.ndarray:
    """S_j = sum_{k < L} x_(j-k) r^k, the cohorts of ``deployed`` (rows x steps) in service with r = e^(-decay)
    a step and a life of L steps, per row: by S_j = r S_(j-1) + x_j - r^L x_(j-L), one pass (O(steps), where
    the direct sum is O(steps L)); never negative. Round-off: r^k by repeated products, within ~k ulp of
    e^(-k decay); where every cohort has retired the sum is zero to ~L ulp of what retired."""
    deployed = np.ascontiguousarray(deployed, dtype=float)
    n = deployed.shape[0]
    decay = np.ascontiguousarray(np.broadcast_to(np.asarray(decay_per_step, dtype=float), (n,)))
    life = np.ascontiguousarray(np.broadcast_to(np.asarray(life_steps, dtype=np.int64), (n,)))
    out = np.empty_like(deployed)
    _cohort_loop(deployed, decay, life, out)
    return out


@compiled_loop
def _cohort_loop(deployed, decay, life, out):
    n_rows, n_steps = deployed.shape
    for i in range(n_rows):
        r = np.exp(-decay[i])
        retire = np.exp(-decay[i] * life[i])  # what is left of a cohort's value as it retires
        total = 0.0
        for j in range(n_steps):
            total = total * r + deployed[i, j]
            if j >= life[i]:
                total -= retire * deployed[i, j - life[i]]
            out[i, j] = max(total, 0.0)


def delivered(powered_flops, delivery):
    """FLOP/s delivered from FLOP/s powered: x power-and-thermal derating x availability x utilisation.

    The last three steps of the waterfall peak -> powered (array wear, eclipses: in ``installed``) ->
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
