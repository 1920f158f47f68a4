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


def installed(deployed_per_step, value_per_unit, dt_s, failure_rate, lifetime_s, degradation_rate=0.0, spares=0.0):
    """Installed total of ``value_per_unit`` carried by the surviving satellites at each step.

    A stock averaged over each step. A cohort k steps old at step j stands for ages k dt +- dt/2 and is weighted
    by the share of that span it is in service: the step's own cohort half (it arrives through the step), the
    one retiring at its life L the share clip(L/dt + 1/2 - k, 0, 1), the others whole. That is the midpoint rule
    of the continuous fleet, second order in dt (counting the first and last cohorts whole or not at all left
    a first-order error: a six-year fleet off by ~0.5 % at monthly steps).
    Each satellite's value wears at ``degradation_rate`` d, held whole while cold ``spares`` s (a share of it)
    last, and its satellite survives failures at rate f: the kernel is K(tau) = e^(-f tau) min(1, (1 + s)
    e^(-d tau)), that is e^(-f tau) while tau < tau_s = ln(1 + s)/d and (1 + s) e^(-(f + d) tau) from then on.
    Summed by the recurrences of its two exponential windows (``cohorts_by_recurrence``): one pass, O(steps) for
    one scenario or a chunk of samples alike, equal to the direct causal sum at round-off (the tests check it).
    """
    value = np.atleast_2d(np.asarray(deployed_per_step, dtype=float) * value_per_unit)
    n = value.shape[-1]
    age = np.arange(n) * dt_s
    rows = np.broadcast_shapes(value.shape[:1], *(np.shape(np.ravel(x)) for x in
                                                  (failure_rate, lifetime_s, degradation_rate, spares)))
    f, d, s, life = (np.broadcast_to(np.ravel(np.asarray(x, dtype=float)), rows)
                     for x in (failure_rate, degradation_rate, spares, lifetime_s))
    # Steps a cohort counts in (weight above zero) and those its spares keep whole (ages up to tau_s).
    life_steps = np.minimum(np.ceil(life / dt_s + 0.5), n).astype(np.int64)
    with np.errstate(divide="ignore", invalid="ignore"):
        tau_s = np.where(d > 0.0, np.log1p(s) / d, np.inf)
    whole_steps = np.minimum(np.searchsorted(age, tau_s, side="right"), life_steps)
    last_weight = np.clip(life / dt_s + 1.5 - life_steps, 0.0, 1.0)
    return cohorts_by_recurrence(np.broadcast_to(value, (*rows, n)), f * dt_s, whole_steps, (f + d) * dt_s,
                                 life_steps, 1.0 + s, last_weight)


def cohorts_by_recurrence(deployed, decay1, whole_steps, decay2, life_steps, scale2, last_weight=1.0) -> np.ndarray:
    """S_j = sum_{k < W} x_(j-k) r1^k + c sum_{W <= k < L} x_(j-k) r2^k, the cohorts of ``deployed`` (rows x
    steps) in service, per row, with r = e^(-decay) a step: whole for W steps, then worn and scaled by c, until L
    steps; the step's own cohort (k = 0) weighs 1/2 and the last (k = L - 1) ``last_weight`` (see ``installed``).
    Each window by its recurrence, T_j = r T_(j-1) + r^a x_(j-a) - r^b x_(j-b) for the window [a, b): one pass
    (O(steps), where the direct sum is O(steps L)); never negative. Round-off: r^k by repeated products, within
    ~k ulp of e^(-k decay); where every cohort has retired the sum is zero to ~L ulp."""
    deployed = np.ascontiguousarray(deployed, dtype=float)
    n = deployed.shape[0]

    def row(x, dtype=float):
        return np.ascontiguousarray(np.broadcast_to(np.asarray(x, dtype=dtype), (n,)))

    out = np.empty_like(deployed)
    _cohort_loop(deployed, row(decay1), row(whole_steps, np.int64), row(decay2), row(life_steps, np.int64),
                 row(scale2), row(last_weight), out)
    return out


@compiled_loop
def _cohort_loop(deployed, decay1, whole, decay2, life, scale2, last_weight, out):
    n_rows, n_steps = deployed.shape
    for i in range(n_rows):
        r1, r2 = np.exp(-decay1[i]), np.exp(-decay2[i])
        w, ell = whole[i], life[i]
        r1_w = np.exp(-decay1[i] * w)  # what is left of a cohort's whole value as its spares run out
        r2_w, r2_l = np.exp(-decay2[i] * w), np.exp(-decay2[i] * ell)  # its worn value then, and as it retires
        # The kernel at k = 0 and at the last step served, k = ell - 1, to weigh them (see ``installed``).
        k0 = 1.0 if w > 0 else (scale2[i] if ell > 0 else 0.0)
        last = ell - 1
        k_last = np.exp(-decay1[i] * last) if last < w else scale2[i] * np.exp(-decay2[i] * last)
        w0 = 0.5 if ell > 1 else min(0.5, last_weight[i])
        first = second = 0.0
        for j in range(n_steps):
            first = first * r1 + deployed[i, j]
            if j >= w:
                first -= r1_w * deployed[i, j - w]
            second *= r2
            if j >= w and w < ell:
                second += r2_w * deployed[i, j - w]
            if j >= ell and w < ell:
                second -= r2_l * deployed[i, j - ell]
            total = first + scale2[i] * second - (1.0 - w0) * k0 * deployed[i, j]
            if last >= 1 and j >= last:
                total -= (1.0 - last_weight[i]) * k_last * deployed[i, j - last]
            out[i, j] = max(total, 0.0)


def delivered(powered_flops, delivery, usable=1.0):
    """FLOP/s delivered from FLOP/s powered: x power-and-thermal derating x availability x utilisation x usable.

    The last steps of the waterfall peak -> powered (accelerator failures beyond the spares, eclipses: in
    ``installed``; arrays are sized for their wear) ->
    derated -> available -> utilised, with the ``delivery`` section's shares, and the share of the powered
    compute the workloads' links let them use (``usable``: ``workloads.usable_shares``, the share of the powered
    FLOP/s by the fleet's ages; 1 on the ground). A chunk's (rows, steps) arrays in C order take one compiled pass,
    the same products in the same order.
    """
    powered, usable_share = np.asarray(powered_flops, dtype=float), np.asarray(usable, dtype=float)
    shares = [np.asarray(x, dtype=float) for x in (delivery.power_thermal_derating, delivery.availability,
                                                     delivery.utilisation)]
    if (powered.ndim == 2 and powered.flags.c_contiguous and usable_share.shape == powered.shape
            and usable_share.flags.c_contiguous and all(x.size == 1 or x.shape == (powered.shape[0], 1)
                                                        for x in shares)):
        out = np.empty(powered.shape)
        rows = [np.ascontiguousarray(np.broadcast_to(np.reshape(x, (-1,)), powered.shape[:1])) for x in shares]
        _delivered_loop(powered, *rows, usable_share, out)
        return out
    return (np.asarray(powered_flops, dtype=float) * delivery.power_thermal_derating * delivery.availability
            * delivery.utilisation * usable)


@compiled_loop
def _delivered_loop(powered, derating, availability, utilisation, usable, out):
    """``delivered``'s powered x derating x availability x utilisation x usable, left to right."""
    for i in range(out.shape[0]):
        a, b, c = derating[i], availability[i], utilisation[i]
        for j in range(out.shape[1]):
            out[i, j] = powered[i, j] * a * b * c * usable[i, j]


def kernel(n_steps, dt_s, failure_rate, lifetime_s, degradation_rate=0.0, spares=0.0):
    """The fleet kernel K(k) of ``installed``, rows x steps: what one unit deployed at step 0 stands for k steps
    later (survival, wear, spares and the first and last steps' weights), ``installed`` of one impulse.

    Zero beyond ``service_steps`` (but for the recurrences' round-off); asked for only that many steps it is the
    same numbers as the first of a longer one's (each row's retirement and spares fall within them, and the
    recurrence is causal), for a fraction of the work."""
    impulse = np.zeros((1, int(n_steps)))
    impulse[0, 0] = 1.0
    return installed(impulse, 1.0, dt_s, failure_rate, lifetime_s, degradation_rate, spares)


def service_steps(n_steps, dt_s, lifetime_s) -> int:
    """Steps a cohort can stay in service, at most ``n_steps``: the kernel is zero beyond ceil(L / dt + 1/2)."""
    return int(min(n_steps, np.ceil(np.max(np.asarray(lifetime_s, dtype=float)) / dt_s + 0.5)))


def share_of(part, whole):
    """part / whole where whole > 0, else 0 (a share of nothing is none)."""
    part, whole = np.asarray(part, dtype=float), np.asarray(whole, dtype=float)
    return np.where(whole > 0, part / np.where(whole > 0, whole, 1.0), 0.0)


def bus_power(installed_compute_w, bus_overhead):
    """Electric power the satellites in service draw, W: compute plus the bus, P_c / (1 - overhead)."""
    return np.asarray(installed_compute_w, dtype=float) / (1.0 - np.asarray(bus_overhead, dtype=float))


def civilisation_scale(sunlight_captured_w, power_used_w):
    """Share of the Sun's luminosity the fleet intercepts, and Sagan's Kardashev level of the power used.

    One Kardashev measure for every route: the electric power the route uses (compute with its overheads,
    and the base), K = (log10 P[W] - 6) / 10 (Sagan 1973); sunlight intercepted is its own figure.
    """
    return share_of_sun(sunlight_captured_w), kardashev_level(power_used_w)
