"""The routes' coarse convolution of the usable shares against the loop it replaced: same bits, and how much faster.

``workloads._fast_loop`` runs the satellites' shares with the cohorts' blocks innermost (a long branch-free loop
LLVM vectorises) and adds each block's pairs afterwards in the order the loop it replaced did. That loop (cohort
block, age block, point and orbit sample nested, one satellite at a time) is kept here verbatim as
``reference_fast_loop``. For each preset, the loop's inputs are captured from the preset's scalar scenario and from
its study chunk (its ``[uncertainty]`` draws, Monte Carlo, ``--samples`` samples); both loops run on them, the five
outputs must be equal bit for bit (NaN where NaN), and each loop's time is the best of ``--repeat`` runs in this
process's CPU time (on a shared machine the wall time also counts other processes), per sample, with the ratio.

    PYTHONPATH=src .venv/bin/python benchmarks/bench_usable_loop.py [--samples 512] [--repeat 7] \\
        [--presets lunar-base-alpha,mars-base]
"""

from __future__ import annotations

import argparse

import numpy as np

from _capture import preset_calls
from _timing import best_cpu_seconds
from lunarbase._jit import compiled_loop
from lunarbase.presets import preset_names
from lunarbase.subsystems import workloads
from lunarbase.subsystems.workloads import _capped, _inverse, _satellite_at

#: The presets timed by default: the Moon's (four orbit samples) and Mars's (eight).
DEFAULT_PRESETS = ("lunar-base-alpha", "mars-base")


@compiled_loop
def reference_fast_loop(x, kern, fc, share, rate, up, in_time, cluster, isl, b_isl, b_ckpt, b_inf, avail, w_t, w_b,
                        w_i, best, g, points, out):
    n_rows, n = x.shape
    ages, samples = rate.shape[1], rate.shape[2]
    n_k = kern.shape[1]
    blocks = (n + g - 1) // g
    coarse_ages = min((n_k + g // 2 + g - 1) // g, blocks)
    xb, sb, fb = np.zeros(blocks), np.zeros(blocks), np.zeros(blocks)
    kb = np.zeros(coarse_ages)
    acc = np.zeros((7, blocks))
    ratio = np.zeros((5, blocks))
    inv_clear = np.zeros((coarse_ages, points, samples))
    r_tab = np.zeros((coarse_ages, points, samples))
    at = np.zeros((coarse_ages, points), dtype=np.int64)
    up_tab, q_tab = np.zeros((coarse_ages, points, samples)), np.zeros((coarse_ages, points, samples))
    r_t_weight, r_b_weight = np.zeros((coarse_ages, points, samples)), np.zeros((coarse_ages, points, samples))
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
        acc[:] = 0.0
        isl_need = b_isl[i]
        others = w_t[i] + w_b[i]
        to_t = w_t[i] / others if best == 1 and others > 0 else 0.0
        to_b = w_b[i] / others if best == 1 and others > 0 else 0.0
        # What depends on the age and orbit sample alone, found once a row (``_satellite``'s own operations).
        for a in range(coarse_ages):
            for pt in range(points):
                age = at[a, pt]
                for m in range(samples):
                    q = in_time[i, age, m]
                    up_tab[a, pt, m], q_tab[a, pt, m] = up[i, age, m], q
                    moved = w_i[i] * (1.0 - q)
                    r_t_weight[a, pt, m] = w_t[i] + moved * to_t
                    r_b_weight[a, pt, m] = w_b[i] + moved * to_b + w_i[i] * q
        for c in range(blocks):
            if xb[c] == 0.0:
                continue
            f = fb[c]
            need_inf, need_ckpt = f * b_inf[i], f * b_ckpt[i]
            inv_inf, inv_ckpt = _inverse(need_inf), _inverse(need_ckpt)
            cluster_isl = cluster[i] * _capped(isl[i], _inverse(f * isl_need))
            for a in range(min(coarse_ages, blocks - c)):
                weight = xb[c] * kb[a]
                if weight == 0.0:
                    continue
                jb = c + a
                s = share[i, min(jb * g + g // 2, n - 1)]
                ut = ub = ui = um = ur = 0.0
                for pt in range(points):
                    for m in range(samples):
                        vt, vb, vi, vm, vr = _satellite_at(s * r_tab[a, pt, m], inv_clear[a, pt, m], up_tab[a, pt, m],
                                                           q_tab[a, pt, m], cluster_isl, inv_inf, inv_ckpt, need_inf,
                                                           need_ckpt, w_t[i], w_b[i], w_i[i], to_t, to_b,
                                                           r_t_weight[a, pt, m], r_b_weight[a, pt, m])
                        ut += vt
                        ub += vb
                        ui += vi
                        um += vm
                        ur += vr
                per = 1.0 / (points * samples)
                acc[0, jb] += weight * ut * per
                acc[1, jb] += weight * ub * per
                acc[2, jb] += weight * ui * per
                acc[3, jb] += weight * um * per
                acc[4, jb] += weight
                if f > 0:
                    acc[5, jb] += weight / f
                    acc[6, jb] += weight / f * ur * per
        # Shares by block, then linear between the blocks' middles (flat before the first, on along the last two
        # beyond the last, within [0, 1]); nothing before the first cohort.
        for b in range(blocks):
            for o in range(4):
                ratio[o, b] = acc[o, b] / acc[4, b] if acc[4, b] > 0 else 0.0
            ratio[4, b] = acc[6, b] / acc[5, b] if acc[5, b] > 0 else 0.0
        first = n
        for j in range(n):
            if x[i, j] > 0:
                first = j
                break
        for o in range(5):
            for j in range(first, n):
                lo_b, hi_b = lo_of[j], hi_of[j]
                v = ratio[o, lo_b] + (ratio[o, hi_b] - ratio[o, lo_b]) * frac_of[j]
                out[o, i, j] = min(max(v, 0.0), 1.0)


def captured_inputs(name: str, samples: int) -> dict[str, tuple]:
    """The loop's arguments for a preset, ``out`` left out: its scalar scenario's and its study chunk's (a preset
    without ``[uncertainty]`` has no chunk; one whose route does not weigh the links captures nothing)."""
    return preset_calls(workloads, "_fast_loop", name, samples, keep=lambda *args: args[:-1])


def run(loop, args: tuple) -> np.ndarray:
    """``out`` of one call, allocated as ``usable_shares`` did for each loop (zeros for the reference: it leaves the
    steps before a row's first deployment as they are)."""
    x = args[0]
    out = np.zeros((5, *x.shape)) if loop is reference_fast_loop else np.empty((5, *x.shape))
    loop(*args, out)
    return out



def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--samples", type=int, default=512)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--presets", default=",".join(DEFAULT_PRESETS), help="comma-separated, or 'all'")
    args = parser.parse_args()
    names = preset_names() if args.presets == "all" else args.presets.split(",")
    print(f"{'preset':<27} {'case':<7} {'rows':>5} {'samples':>7}  {'reference us/row (CPU)':>22}  "
          f"{'new us/row (CPU)':>16}  {'ratio':>6}  identical")
    failed = []
    for name in names:
        for case, inputs in captured_inputs(name, args.samples).items():
            reference, new = run(reference_fast_loop, inputs), run(workloads._fast_loop, inputs)
            same = np.array_equal(reference, new, equal_nan=True)
            if not same:
                failed.append(f"{name} {case}")
            rows, orbit_samples = inputs[0].shape[0], inputs[4].shape[2]
            ref = best_cpu_seconds(lambda a=inputs: run(reference_fast_loop, a), args.repeat)
            fast = best_cpu_seconds(lambda a=inputs: run(workloads._fast_loop, a), args.repeat)
            print(f"{name:<27} {case:<7} {rows:>5} {orbit_samples:>7}  {ref / rows * 1e6:>22.2f}  "
                  f"{fast / rows * 1e6:>16.2f}  {ref / fast:>6.2f}  {'yes' if same else 'NO'}")
    if failed:
        raise SystemExit("outputs differ: " + "; ".join(failed))


if __name__ == "__main__":
    main()
