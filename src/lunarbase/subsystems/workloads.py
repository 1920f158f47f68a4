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

The ``workloads`` section's shares w, normalised by their sum, weigh them into one usable share. Allocation
``fixed``: u = w_t u_t + w_b u_b + w_i u_i (interactive compute that cannot be served stays idle). Allocation
``best`` (the default): the operator gives the interactive share it cannot serve, w_i (1 - u_i), to training and
batch inference in proportion to their shares (demand for those is taken not to be the limit):

    u = w_t u_t + w_b u_b + w_i [u_i + (1 - u_i) (w_t u_t + w_b u_b) / (w_t + w_b)].

Receivers (``links.ground_network = "sized"``): the satellites running a workload hold the share of a receiver's
time that carries what it sends home, r_w = min(1, F b_w / (a R(d))) (b_ckpt for training, b_inf for inference;
a the sky's availability), so each workload's usable share is its dedicated-receiver value and does not depend on
the fleet's size. A satellite needs sum_w v_w r_w, v_w the compute each workload is given: the shares w (fixed;
interactive only where its round trip fits the budget) or the allocation above (best); the network needs
sum r / k telescopes (k beams each).
"""

from __future__ import annotations

import numpy as np

from lunarbase._jit import compiled_loop, jitable
from lunarbase.physics import links as phys
from lunarbase.physics.growth import column
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


def mixed(p, fractions: dict[str, np.ndarray]) -> np.ndarray:
    """The usable share of the mix under ``workloads.allocation`` (the module docstring)."""
    w = mix(p.workloads)
    u = {name: np.asarray(fractions[name], dtype=float) for name in WORKLOADS}
    fixed = sum(w[name] * u[name] for name in WORKLOADS)
    if p.workloads.allocation == "fixed":
        return fixed
    others = w["training"] + w["batch_inference"]
    with np.errstate(divide="ignore", invalid="ignore"):
        elsewhere = np.where(others > 0, (w["training"] * u["training"] + w["batch_inference"]
                                          * u["batch_inference"]) / np.where(others > 0, others, 1.0), 0.0)
    return fixed + w["interactive_inference"] * (1.0 - u["interactive_inference"]) * elsewhere


def _tables(p, distance_m, sun_angle_rad, rate_home_bps):
    """Rate home while a receiver is held, link up (0/1) and round trip in budget (0/1), each (rows or 1) x ages x
    orbit samples, from the cohort geometry."""
    k, w = p.links, p.workloads
    d = np.asarray(distance_m, dtype=float)
    d = d.reshape((1, *d.shape)) if d.ndim == 2 else d
    samples = d.shape[-1]
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
    return rate, up, in_time


def _receiver_share(p, satellites_in_service):
    """The time share of a receiver a satellite may hold, rows x steps: a (sized: the network is built to need) or
    ``links.receiver_share`` of the fixed network."""
    k = p.links
    if k.ground_network == "sized":
        return np.atleast_2d(np.asarray(k.ground_availability, dtype=float)) + 0.0 * np.atleast_2d(
            np.asarray(satellites_in_service, dtype=float))
    return np.atleast_2d(links_mod.receiver_share(k, satellites_in_service))


def _loop_arguments(p, x, kern, fc, share, rate, up, in_time) -> tuple:
    """The arguments both compiled loops take, broadcast to one row per sample and made contiguous: the grids
    (deployments, kernel, FLOP/s a satellite, receiver share, the geometry's tables), then a value a row of the
    cluster share, lasers, bits per FLOP, sky availability and the mix's weights, then 1 for the best allocation."""
    k, w = p.links, p.workloads
    weights = mix(w)
    rows = max(np.shape(a)[0] for a in (x, kern, fc, share, rate, up, in_time, np.atleast_2d(
        np.reshape(np.asarray(weights["training"], dtype=float), (-1, 1)))))
    n = x.shape[-1]

    def row(value):
        return column(value, rows)

    def grid(value, shape):
        return np.ascontiguousarray(np.broadcast_to(value, shape), dtype=float)

    return (grid(x, (rows, n)), grid(kern, (rows, kern.shape[-1])), grid(fc, (rows, n)), grid(share, (rows, n)),
            grid(rate, (rows, rate.shape[1], rate.shape[2])), grid(up, (rows, up.shape[1], up.shape[2])),
            grid(in_time, (rows, in_time.shape[1], in_time.shape[2])), row(np.clip(k.cluster_share, 0.0, 1.0)),
            row(links_mod.isl_capacity_bps(k)), row(w.training_bits_per_flop), row(w.checkpoint_bits_per_flop),
            row(w.inference_bits_per_flop), row(k.ground_availability), row(weights["training"]),
            row(weights["batch_inference"]), row(weights["interactive_inference"]),
            1 if w.allocation == "best" else 0)


def _run_loop(p, x, kern, fc, share, rate, up, in_time):
    """The compiled convolution on a grid of steps: FLOP/s usable by each workload, by the mix, the installed FLOP/s
    (every u = 1), the satellite-equivalents in service and the receivers they need, each rows x steps."""
    args = _loop_arguments(p, x, kern, fc, share, rate, up, in_time)
    out = np.zeros((7, args[0].shape[0], x.shape[-1]))
    _usable_loop(*args, out)
    return out


def fleet_usable_flops(p, flops_deployed, flops_per_satellite, kernel, satellites_in_service, distance_m,
                       sun_angle_rad=None, rate_home_bps=None) -> dict[str, np.ndarray]:
    """FLOP/s of the fleet each workload can use at each step, {workload: (rows, steps)}, "mix" for the mix under
    ``workloads.allocation``, and "receivers" the receivers' time shares the fleet needs (sized network): the
    cohorts in service weighted by what their age leaves usable (exact, step by step; ``usable_shares`` is the fast
    path the routes take),

        U_w(j) = sum_k x_(j-k) K(k) <u_w(age k, cohort j - k, step j)>_m,

    x the FLOP/s deployed a step (``flops_deployed``), K the fleet kernel (``fleet.installed`` of one cohort:
    survival, wear and the step weights), u_w the workload's usable share (``usable_fraction``'s laws) for a
    satellite of its cohort's FLOP/s (``flops_per_satellite``, rows x steps by deployment step) at the cohort's
    ``distance_m`` and ``sun_angle_rad`` ((rows or 1) x ages x orbit samples; ages up to the longest service,
    ``fleet.service_steps``: the kernel is zero beyond), averaged over the orbit samples, with the receiver share
    of a sized network (a) or of the fixed one for the fleet in service at step j (``links.receiver_share``). With
    every u = 1 it is ``fleet.installed`` (tests check it at round-off).

    ``sun_angle_rad`` None: never behind the Sun (Earth orbit; ``links.conjunction_angle`` not read).
    ``rate_home_bps``: the rate home while a receiver is held, where the route knows it without the optical budget
    (Earth orbit: ``links.max_rate``, which binds at any LEO range); default ``links.capacity_home_bps`` at d.
    """
    x = np.atleast_2d(np.asarray(flops_deployed, dtype=float))
    kern = np.atleast_2d(np.asarray(kernel, dtype=float))
    fc = np.atleast_2d(np.asarray(flops_per_satellite, dtype=float))
    rate, up, in_time = _tables(p, distance_m, sun_angle_rad, rate_home_bps)
    out = _run_loop(p, x, kern, fc, _receiver_share(p, satellites_in_service), rate, up, in_time)
    return {**dict(zip(WORKLOADS, out[:3], strict=True)), "mix": out[3], "receivers": out[6]}


#: Steps of the routes' grid merged into one of the fast path's (a year of monthly steps).
COARSE_SECONDS = 365.25 * 86400.0
#: Ages standing for a block of ages in the fast path (spread over it).
AGE_POINTS = 1


def usable_shares(p, flops_deployed, flops_per_satellite, kernel, satellites_in_service, distance_m, dt_s,
                  sun_angle_rad=None, rate_home_bps=None, coarse_steps=None) -> dict[str, np.ndarray]:
    """The shares of the installed FLOP/s each workload and the mix can use, and the receivers needed a satellite
    in service, each rows x steps: ``fleet_usable_flops`` on a coarse grid (the routes' fast path, one compiled
    pass).

    Deployments are summed over blocks of g steps (``coarse_steps``, default a year's), the kernel averaged over
    the g ages about each block's age, the geometry taken at ``AGE_POINTS`` ages spread over each block of ages
    and the fixed network's share at the blocks' middles; the convolution runs on the blocks, and its shares
    (usable over installed; receivers over satellite-equivalents) are interpolated linearly between the blocks'
    middles (on along the last two beyond the last). The shares vary slowly with the fleet's age mix, so the
    error is small (tests: 2100's delivered compute within 0.5 % of the exact sum on the presets; years of a
    ramp-up or of launch windows differ more, docs/model.md); with g = 1 it is ``fleet_usable_flops`` over
    ``fleet.installed`` at round-off.
    """
    x = np.atleast_2d(np.asarray(flops_deployed, dtype=float))
    kern = np.atleast_2d(np.asarray(kernel, dtype=float))
    fc = np.atleast_2d(np.asarray(flops_per_satellite, dtype=float))
    g = max(1, int(round(COARSE_SECONDS / dt_s))) if coarse_steps is None else int(coarse_steps)
    rate, up, in_time = _tables(p, distance_m, sun_angle_rad, rate_home_bps)
    kern = kern[:, :rate.shape[1]]  # zero beyond the longest service (``fleet.service_steps``)
    args = _loop_arguments(p, x, kern, fc, _receiver_share(p, satellites_in_service), rate, up, in_time)
    out = np.empty((5, args[0].shape[0], x.shape[-1]))  # the loop writes every element
    _fast_loop(*args, g, AGE_POINTS, out)
    return {**dict(zip(WORKLOADS, out[:3], strict=True)), "mix": out[3], "receivers_per_satellite": out[4]}


@jitable
def _capped(have, inv_need):
    """min(1, have / need) from 1 / need (inf where nothing is needed: all of it)."""
    if inv_need == np.inf:
        return 1.0
    v = have * inv_need
    return v if v < 1.0 else 1.0


@jitable
def _satellite_at(r, inv_clear, up, q, cluster_isl, inv_inf, inv_ckpt, need_inf, need_ckpt, w_t, w_b, w_i, to_t, to_b,
                  r_t_weight, r_b_weight):
    """One satellite's usable shares (training, batch, interactive, mix) and the receivers it needs, from the rate
    home it holds r, 1 / (a R), link up (0/1), round trip in budget (0/1), cluster x lasers' share and 1 / needs;
    ``to_t``, ``to_b``: the shares of unserved interactive compute given to training and batch (0 when fixed).
    Receivers: each workload's satellites hold what its traffic home needs, min(1, F b / (a R)), weighed by the
    compute each workload is given, ``r_t_weight`` = w_t + w_i (1 - q) to_t and ``r_b_weight`` = w_b + w_i (1 - q)
    to_b + w_i q (they depend on the round trip alone: taken once for each age and orbit sample)."""
    home = _capped(r, inv_inf)
    vb = _capped(r * up, inv_inf)
    vi = q * up * home
    vt = cluster_isl * _capped(r, inv_ckpt)
    idle = w_i * (1.0 - vi)
    vm = (w_t + idle * to_t) * vt + (w_b + idle * to_b) * vb + w_i * vi
    r_t = 0.0 if need_ckpt == 0 else _capped(need_ckpt, inv_clear)
    r_b = 0.0 if need_inf == 0 else _capped(need_inf, inv_clear)
    return vt, vb, vi, vm, r_t_weight * r_t + r_b_weight * r_b


#: Cohort blocks the vectorised loop of ``_fast_loop`` takes at a time (a multiple of its vector body: 8 doubles in
#: an AVX-512 register, unrolled up to 4 times).
_LANES = 32


@jitable
def _inverse(value):
    return 1.0 / value if value > 0 else np.inf


@compiled_loop
def _fast_loop(x, kern, fc, share, rate, up, in_time, cluster, isl, b_isl, b_ckpt, b_inf, avail, w_t, w_b, w_i, best,
               g, points, out):
    """The coarse convolution of ``usable_shares``, writing every element of ``out`` (5 x rows x steps).

    For each row: deployments, satellites and FLOP/s a satellite summed by block of g steps, the kernel averaged
    over blocks of ages, then U(jb) = sum over c of x(c) K(jb - c) <u(age block jb - c, cohort c, block jb)>, the
    mean over the ages' points and orbit samples. The satellites' shares (``_satellite_at``) run with the cohorts'
    blocks c innermost, a long loop whose conditionals become selects once inlined, which LLVM vectorises; each
    (age block, cohort) pair keeps its own sums over points and samples (in their order), and the convolution then
    adds the pairs of each jb in order of increasing c, so every sum is taken in the order of the loop over c, a,
    points and samples this replaced: the same bits (tests/subsystems/test_links_workloads.py against the loop
    kept in benchmarks/bench_usable_loop.py, which times both). No fastmath: no operation is reordered.
    """
    n_rows, n = x.shape
    ages, samples = rate.shape[1], rate.shape[2]
    n_k = kern.shape[1]
    blocks = (n + g - 1) // g
    coarse_ages = min((n_k + g // 2 + g - 1) // g, blocks)
    xb, sb, fb = np.zeros(blocks), np.zeros(blocks), np.zeros(blocks)
    kb = np.zeros(coarse_ages)
    # By cohort block: what its FLOP/s a satellite needs of the links; by block: the receiver share at its middle.
    # Each padded by _LANES blocks, so that the vectorised loop below can run a whole number of _LANES (its vector
    # body) and never its scalar remainder; the padding's values are computed on and never used.
    padded = blocks + _LANES
    need_inf, need_ckpt = np.zeros(padded), np.zeros(padded)
    inv_inf, inv_ckpt, cluster_isl = np.zeros(padded), np.zeros(padded), np.zeros(padded)
    s_mid = np.zeros(padded)
    # Sums over points and orbit samples of each (age block, cohort block) pair's shares.
    sums = np.zeros((5, coarse_ages, padded))
    inv_clear = np.zeros((coarse_ages, points, samples))
    r_tab = np.zeros((coarse_ages, points, samples))
    at = np.zeros((coarse_ages, points), dtype=np.int64)
    up_tab, q_tab = np.zeros((coarse_ages, points, samples)), np.zeros((coarse_ages, points, samples))
    r_t_weight, r_b_weight = np.zeros((coarse_ages, points, samples)), np.zeros((coarse_ages, points, samples))
    ratio = np.zeros((5, blocks))
    # Where each step falls between the blocks' middles: the same for every row, so found once.
    lo_of, hi_of, frac_of = np.zeros(n, dtype=np.int64), np.zeros(n, dtype=np.int64), np.zeros(n)
    for j in range(n):
        pos = (j - (g - 1) / 2.0) / g
        lo_b = int(np.floor(pos))
        frac = pos - lo_b
        if lo_b < 0:
            lo_b, frac = 0, 0.0
        if lo_b >= blocks - 1:  # past the last middle: on along the last two blocks' line
            lo_b = max(blocks - 2, 0)
            frac = pos - lo_b if blocks > 1 else 0.0
        lo_of[j], hi_of[j], frac_of[j] = lo_b, min(lo_b + 1, blocks - 1), frac
    run_end = np.zeros(n, dtype=np.int64)  # the step after the last with the same two middles as step j
    for j in range(n - 1, -1, -1):
        run_end[j] = run_end[j + 1] if j + 1 < n and lo_of[j + 1] == lo_of[j] else j + 1
    per = 1.0 / (points * samples)
    for i in range(n_rows):
        for b in range(blocks):  # deployments, satellites and a satellite's FLOP/s by block
            xs = ss = 0.0
            for j in range(b * g, min((b + 1) * g, n)):
                xs += x[i, j]
                if fc[i, j] > 0:
                    ss += x[i, j] / fc[i, j]
            xb[b], sb[b] = xs, ss
            fb[b] = xs / ss if ss > 0 else fc[i, min(b * g + g // 2, n - 1)]
        for a in range(coarse_ages):  # the kernel over the g ages about a g
            total = 0.0
            for age in range(a * g - g // 2, a * g - g // 2 + g):
                if 0 <= age < n_k:
                    total += kern[i, age]
            kb[a] = total / g
            lo, hi = max(a * g - g // 2, 0), a * g + g - g // 2
            for pt in range(points):
                age = min(int(lo + (pt + 0.5) * (hi - lo) / points), ages - 1)
                at[a, pt] = age
                for m in range(samples):
                    r_tab[a, pt, m] = rate[i, age, m]
                    inv_clear[a, pt, m] = _inverse(avail[i] * rate[i, age, m])
        wt, wb, wi = w_t[i], w_b[i], w_i[i]
        others = wt + wb
        to_t = wt / others if best == 1 and others > 0 else 0.0
        to_b = wb / others if best == 1 and others > 0 else 0.0
        # What depends on the age and orbit sample alone, found once a row (``_satellite_at``'s own operations).
        for a in range(coarse_ages):
            for pt in range(points):
                age = at[a, pt]
                for m in range(samples):
                    q = in_time[i, age, m]
                    up_tab[a, pt, m], q_tab[a, pt, m] = up[i, age, m], q
                    moved = wi * (1.0 - q)
                    r_t_weight[a, pt, m] = wt + moved * to_t
                    r_b_weight[a, pt, m] = wb + moved * to_b + wi * q
        first_c = blocks  # cohorts before the first deployed one add nothing
        for c in range(blocks):
            f = fb[c]
            need_inf[c], need_ckpt[c] = f * b_inf[i], f * b_ckpt[i]
            inv_inf[c], inv_ckpt[c] = _inverse(need_inf[c]), _inverse(need_ckpt[c])
            cluster_isl[c] = cluster[i] * _capped(isl[i], _inverse(f * b_isl[i]))
            s_mid[c] = share[i, min(c * g + g // 2, n - 1)]
            if xb[c] != 0.0 and first_c == blocks:
                first_c = c
        # Every pair's shares from the first deployed cohort on, those of pairs with no weight too (left out of the
        # sums below), so that the loop over cohorts has no branch. It runs on views that start at the first cohort:
        # an index counted from 0 is known not to be negative, and Numba's check for a negative one would stop LLVM
        # from vectorising the loop.
        f_inf, f_ckpt = need_inf[first_c:], need_ckpt[first_c:]
        f_inv_inf, f_inv_ckpt, f_cluster = inv_inf[first_c:], inv_ckpt[first_c:], cluster_isl[first_c:]
        for a in range(min(coarse_ages, blocks - first_c)):
            cohorts = (blocks - a - first_c + _LANES - 1) // _LANES * _LANES  # and the padding's, up to _LANES
            s_a = s_mid[first_c + a:]  # the receiver share of block c + a
            t_a, b_a, i_a = sums[0, a, first_c:], sums[1, a, first_c:], sums[2, a, first_c:]
            m_a, r_a = sums[3, a, first_c:], sums[4, a, first_c:]
            for k in range(cohorts):
                t_a[k] = b_a[k] = i_a[k] = m_a[k] = r_a[k] = 0.0
            for pt in range(points):
                for m in range(samples):
                    r_am, clear_am, up_am, q_am = r_tab[a, pt, m], inv_clear[a, pt, m], up_tab[a, pt, m], \
                        q_tab[a, pt, m]
                    rtw, rbw = r_t_weight[a, pt, m], r_b_weight[a, pt, m]
                    for k in range(cohorts):
                        vt, vb, vi, vm, vr = _satellite_at(s_a[k] * r_am, clear_am, up_am, q_am, f_cluster[k],
                                                           f_inv_inf[k], f_inv_ckpt[k], f_inf[k], f_ckpt[k], wt, wb,
                                                           wi, to_t, to_b, rtw, rbw)
                        t_a[k] += vt
                        b_a[k] += vb
                        i_a[k] += vi
                        m_a[k] += vm
                        r_a[k] += vr
        # The convolution, each block's sums over its cohorts in order of increasing c; shares by block.
        for jb in range(blocks):
            acc_t = acc_b = acc_i = acc_m = total = sats = receivers = 0.0
            for c in range(max(first_c, jb - coarse_ages + 1), jb + 1):
                a = jb - c
                if xb[c] == 0.0:
                    continue
                weight = xb[c] * kb[a]
                if weight == 0.0:
                    continue
                acc_t += weight * sums[0, a, c] * per
                acc_b += weight * sums[1, a, c] * per
                acc_i += weight * sums[2, a, c] * per
                acc_m += weight * sums[3, a, c] * per
                total += weight
                f = fb[c]
                if f > 0:
                    sats += weight / f
                    receivers += weight / f * sums[4, a, c] * per
            ratio[0, jb] = acc_t / total if total > 0 else 0.0
            ratio[1, jb] = acc_b / total if total > 0 else 0.0
            ratio[2, jb] = acc_i / total if total > 0 else 0.0
            ratio[3, jb] = acc_m / total if total > 0 else 0.0
            ratio[4, jb] = receivers / sats if sats > 0 else 0.0
        # Linear between the blocks' middles (flat before the first, on along the last two beyond the last, within
        # [0, 1]); nothing before the first cohort.
        first = n
        for j in range(n):
            if x[i, j] > 0:
                first = j
                break
        for o in range(5):
            row = out[o, i]
            for j in range(first):
                row[j] = 0.0
            # The steps between the same two middles share their two ratios: loaded once a run, whose steps (a view
            # from its first, indices from 0 as above) vectorise.
            j = first
            while j < n:
                end = run_end[j]
                r_lo, r_hi = ratio[o, lo_of[j]], ratio[o, hi_of[j]]
                run, frac_run = row[j:end], frac_of[j:end]
                for k in range(end - j):
                    v = r_lo + (r_hi - r_lo) * frac_run[k]
                    run[k] = min(max(v, 0.0), 1.0)
                j = end


@compiled_loop
def _usable_loop(x, kern, fc, share, rate, up, in_time, cluster, isl, b_isl, b_ckpt, b_inf, avail, w_t, w_b, w_i, best,
                 out):
    n_rows, n = x.shape
    ages, samples = rate.shape[1], rate.shape[2]
    n_k = kern.shape[1]
    for i in range(n_rows):
        others = w_t[i] + w_b[i]
        for j in range(n):
            s = share[i, j]
            t_sum = b_sum = i_sum = m_sum = total = sats = receivers = 0.0
            for a in range(min(j + 1, n_k)):
                c = j - a
                weight = x[i, c] * kern[i, a]
                if weight == 0.0:
                    continue
                aa = min(a, ages - 1)
                f = fc[i, c]
                need_inf, need_ckpt, need_isl = f * b_inf[i], f * b_ckpt[i], f * b_isl[i]
                isl_ok = min(isl[i] / need_isl, 1.0) if need_isl > 0 else 1.0
                ut = ub = ui = um = ur = 0.0
                for m in range(samples):
                    big_r = rate[i, aa, m]
                    r = s * big_r
                    home = min(r / need_inf, 1.0) if need_inf > 0 else 1.0
                    vb = min(r * up[i, aa, m] / need_inf, 1.0) if need_inf > 0 else 1.0
                    vi = in_time[i, aa, m] * up[i, aa, m] * home
                    vt = cluster[i] * isl_ok * (min(r / need_ckpt, 1.0) if need_ckpt > 0 else 1.0)
                    vm = w_t[i] * vt + w_b[i] * vb + w_i[i] * vi
                    if best == 1 and others > 0:
                        vm += w_i[i] * (1.0 - vi) * (w_t[i] * vt + w_b[i] * vb) / others
                    ut += vt
                    ub += vb
                    ui += vi
                    um += vm
                    # Receivers: each workload's satellites hold what it sends home needs, r = min(1, F b / (a R)).
                    clear = avail[i] * big_r
                    r_t = (min(need_ckpt / clear, 1.0) if clear > 0 else 1.0) if need_ckpt > 0 else 0.0
                    r_b = (min(need_inf / clear, 1.0) if clear > 0 else 1.0) if need_inf > 0 else 0.0
                    q = in_time[i, aa, m]
                    a_t, a_b = w_t[i], w_b[i]
                    if best == 1 and others > 0:
                        a_t += w_i[i] * (1.0 - q) * w_t[i] / others
                        a_b += w_i[i] * (1.0 - q) * w_b[i] / others
                    ur += a_t * r_t + (a_b + w_i[i] * q) * r_b
                t_sum += weight * ut / samples
                b_sum += weight * ub / samples
                i_sum += weight * ui / samples
                m_sum += weight * um / samples
                total += weight
                if f > 0:
                    sats += weight / f
                    receivers += weight / f * ur / samples
            out[0, i, j] = t_sum
            out[1, i, j] = b_sum
            out[2, i, j] = i_sum
            out[3, i, j] = m_sum
            out[4, i, j] = total
            out[5, i, j] = sats
            out[6, i, j] = receivers
