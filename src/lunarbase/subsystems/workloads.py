"""What a satellite's compute is good for: the share of it each workload can use given its links (docs/model.md,
links and workloads).

For a satellite of F FLOP/s whose link home carries R bit/s while it holds a receiver (a time share s of it), is
out inside the solar-conjunction angle, and lies d from Earth, each workload run alone could use:

- training: u_t = c min(1, R_isl / (F b_isl)) min(1, s R / (F b_ckpt)), c the share of satellites within laser
  range of enough neighbours, R_isl what its lasers between satellites carry, b_isl the gradient traffic a FLOP
  and b_ckpt the checkpoints sent home a FLOP (the conjunction only pauses checkpoints: kept on board);
- batch inference: u_b = min(1, s R (1 - out) / (F b_inf)), results b_inf bits a FLOP sent home (a run's
  results wait on board through an outage, so over a fleet it is the mean capacity that counts);
- interactive inference: u_i = [2 d / c <= t_budget] (1 - out) min(1, s R / (F b_inf)): a round trip must fit the
  latency budget and the link must be up while a user waits.

The ``workloads`` section's shares, normalised by their sum, weigh them into one usable share.
"""

from __future__ import annotations

import numpy as np

from lunarbase._jit import compiled_loop
from lunarbase.physics import links as phys
from lunarbase.subsystems import links as links_mod

#: The workloads, in report order.
WORKLOADS = ("training", "batch_inference", "interactive_inference")


def reference_flops_per_satellite(p):
    """A satellite's FLOP/s with the reference chip: P_c x FLOP/s per W of ``chips``."""
    return np.asarray(p.satellite.compute_power, dtype=float) * p.chips.flops_per_unit / p.chips.power_per_unit


def mix(workloads) -> dict[str, np.ndarray]:
    """The workload shares, normalised by their sum (all zero: none)."""
    raw = {"training": workloads.training_share, "batch_inference": workloads.batch_inference_share,
           "interactive_inference": workloads.interactive_inference_share}
    total = sum(np.asarray(v, dtype=float) for v in raw.values())
    return {k: np.asarray(v, dtype=float) / np.where(total > 0, total, 1.0) for k, v in raw.items()}


def _fraction(have, need):
    """min(1, have / need), 1 where nothing is needed."""
    have, need = np.asarray(have, dtype=float), np.asarray(need, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(need > 0, np.minimum(have / np.where(need > 0, need, 1.0), 1.0), 1.0)


def usable_fraction(p, distance_m, sun_angle_rad, cluster_share, flops_per_satellite=None, receiver_share=None):
    """Share of a satellite's compute each workload can use, {workload: array} (arrays broadcast; the module
    docstring). ``p``: Parameters or a draw's namespace; ``distance_m`` to Earth; ``sun_angle_rad`` the
    Sun-Earth-satellite angle; ``cluster_share`` in [0, 1], within laser range of enough neighbours.

    ``flops_per_satellite``: its FLOP/s (default: the reference chip's, ``reference_flops_per_satellite``; pass
    ``compute_power x chips.efficiency_series`` for a year). ``receiver_share``: the share of time it holds a ground
    receiver (default: ``links.ground_availability``, a receiver of its own when the sky is clear; a fleet
    passes ``links.receiver_share`` for its size).
    """
    k, w = p.links, p.workloads
    flops = reference_flops_per_satellite(p) if flops_per_satellite is None else np.asarray(flops_per_satellite,
                                                                                            dtype=float)
    share = k.ground_availability if receiver_share is None else np.asarray(receiver_share, dtype=float)
    rate = share * links_mod.capacity_home_bps(p, distance_m)
    up = 1.0 - links_mod.link_out(k, sun_angle_rad)
    in_time = 2.0 * phys.light_time(distance_m) <= w.latency_budget
    home = _fraction(rate, flops * w.inference_bits_per_flop)
    out = {
        "training": np.clip(cluster_share, 0.0, 1.0) * _fraction(links_mod.isl_capacity_bps(k),
                                                                 flops * w.training_bits_per_flop)
        * _fraction(rate, flops * w.checkpoint_bits_per_flop),
        "batch_inference": _fraction(rate * up, flops * w.inference_bits_per_flop),
        "interactive_inference": in_time * up * home,
    }
    shape = np.broadcast_shapes(*(np.shape(v) for v in out.values()))
    return {name: np.array(np.broadcast_to(v, shape), dtype=float) for name, v in out.items()}


def weighted(p, fractions: dict[str, np.ndarray]) -> np.ndarray:
    """The usable share of the mix: sum over workloads of share x usable fraction."""
    weights = mix(p.workloads)
    return sum(weights[name] * np.asarray(fractions[name], dtype=float) for name in WORKLOADS)


def fleet_usable_flops(p, flops_deployed, flops_per_satellite, kernel, satellites_in_service, distance_m,
                       sun_angle_rad=None, rate_home_bps=None) -> dict[str, np.ndarray]:
    """FLOP/s of the fleet each workload can use at each step, {workload: (rows, steps)}, and "mix" for the
    weighted sum: the cohorts in service weighted by what their age and the fleet's size leave usable,

        U_w(j) = sum_k x_(j-k) K(k) <u_w(age k, cohort j - k, step j)>_m,

    x the FLOP/s deployed a step (``flops_deployed``), K the fleet kernel (``fleet.installed`` of one cohort:
    survival, wear and the step weights), u_w the workload's usable share (``usable_fraction``'s laws) for a
    satellite of its cohort's FLOP/s (``flops_per_satellite``, rows x steps by deployment step) at the cohort's
    ``distance_m`` and ``sun_angle_rad`` ((rows or 1) x ages x orbit samples; ages up to the longest service,
    ``fleet.service_steps``: the kernel is zero beyond), averaged over the
    orbit samples, with the receiver share of the fleet in service at step j (``links.receiver_share``). With every
    u = 1 it is ``fleet.installed`` (tests check it at round-off).

    ``sun_angle_rad`` None: never behind the Sun (Earth orbit; ``links.conjunction_angle`` not read).
    ``rate_home_bps``: the rate home while a receiver is held, where the route knows it without the optical budget
    (Earth orbit: ``links.max_rate``, which binds at any LEO range); default ``links.capacity_home_bps`` at d.
    """
    k, w = p.links, p.workloads
    x = np.atleast_2d(np.asarray(flops_deployed, dtype=float))
    kern = np.atleast_2d(np.asarray(kernel, dtype=float))
    fc = np.atleast_2d(np.asarray(flops_per_satellite, dtype=float))
    share = np.atleast_2d(links_mod.receiver_share(k, satellites_in_service))
    d = np.asarray(distance_m, dtype=float)
    d = d.reshape((1, *d.shape)) if d.ndim == 2 else d
    samples = d.shape[-1]
    # Per orbit sample, the tables broadcast with the (rows, 1) columns of a draw's parameters.
    if rate_home_bps is None:
        rate = np.stack([np.atleast_2d(links_mod.capacity_home_bps(p, d[..., m])) for m in range(samples)], axis=-1)
    else:
        rate = np.reshape(np.asarray(rate_home_bps, dtype=float), (-1, 1, 1)) + 0.0 * d
    if sun_angle_rad is None:
        up = np.ones_like(d)
    else:
        sep = np.broadcast_to(sun_angle_rad, d.shape)
        up = np.stack([np.atleast_2d(1.0 - links_mod.link_out(k, sep[..., m])) for m in range(samples)], axis=-1)
    in_time = np.stack([np.atleast_2d(2.0 * phys.light_time(d[..., m]) <= w.latency_budget)
                        for m in range(samples)], axis=-1).astype(float)
    weights = mix(w)
    rows = max(a.shape[0] for a in (x, kern, fc, share, rate, up, in_time))
    n = x.shape[-1]

    def row(value):
        return np.ascontiguousarray(np.broadcast_to(np.reshape(np.asarray(value, dtype=float), (-1,)), (rows,)))

    def grid(value, shape):
        return np.ascontiguousarray(np.broadcast_to(value, shape), dtype=float)

    out = np.zeros((3, rows, n))
    _usable_loop(grid(x, (rows, n)), grid(kern, (rows, n)), grid(fc, (rows, n)), grid(share, (rows, n)),
                 grid(rate, (rows, rate.shape[1], samples)), grid(up, (rows, up.shape[1], samples)),
                 grid(in_time, (rows, in_time.shape[1], samples)), row(np.clip(k.cluster_share, 0.0, 1.0)),
                 row(links_mod.isl_capacity_bps(k)), row(w.training_bits_per_flop), row(w.checkpoint_bits_per_flop),
                 row(w.inference_bits_per_flop), out)
    result = dict(zip(WORKLOADS, out, strict=True))
    result["mix"] = sum(np.reshape(weights[name], (-1, 1)) * result[name] for name in WORKLOADS)
    return result


@compiled_loop
def _usable_loop(x, kern, fc, share, rate, up, in_time, cluster, isl, b_isl, b_ckpt, b_inf, out):
    n_rows, n = x.shape
    ages, samples = rate.shape[1], rate.shape[2]
    for i in range(n_rows):
        for j in range(n):
            s = share[i, j]
            t_sum = b_sum = i_sum = 0.0
            for a in range(min(j + 1, ages)):
                c = j - a
                weight = x[i, c] * kern[i, a]
                if weight == 0.0:
                    continue
                f = fc[i, c]
                need_inf, need_ckpt, need_isl = f * b_inf[i], f * b_ckpt[i], f * b_isl[i]
                isl_ok = min(isl[i] / need_isl, 1.0) if need_isl > 0 else 1.0
                ut = ub = ui = 0.0
                for m in range(samples):
                    r = s * rate[i, a, m]
                    home = min(r / need_inf, 1.0) if need_inf > 0 else 1.0
                    ub += min(r * up[i, a, m] / need_inf, 1.0) if need_inf > 0 else 1.0
                    ui += in_time[i, a, m] * up[i, a, m] * home
                    ut += min(r / need_ckpt, 1.0) if need_ckpt > 0 else 1.0
                t_sum += weight * cluster[i] * isl_ok * ut / samples
                b_sum += weight * ub / samples
                i_sum += weight * ui / samples
            out[0, i, j] = t_sum
            out[1, i, j] = b_sum
            out[2, i, j] = i_sum
