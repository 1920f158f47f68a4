"""Kepler propagation throughput on the same 1e6 elliptic orbits: lunarbase vs NumPy vs heyoka, one process.

Orbits: e uniform in [0, 0.9), M uniform in [0, 2 pi), a in 0.5-3 AU, angles uniform (seed 1). Printed, in
millions of orbits per second (median of 5 runs, after one warm-up call):

* Kepler's equation alone (E from e, M; the figure the issue compares): a plain NumPy Newton iteration from
  E0 = M + e sin M to |step| < 1e-12 (the baseline); lunarbase's compiled Danby-Burkardt solver
  (``propagation.solve_kepler``, numba, all cores); heyoka's ``kepE`` in a compiled function (``cfunc``),
  called in batch mode on the (2, n) array, where heyoka is installed.
* The whole state (elements -> position and velocity): lunarbase's numba path, and lunarbase with its heyoka
  backend (``lunarbase[fast]``).

    .venv/bin/python benchmarks/bench_propagate.py [N]
"""

from __future__ import annotations

import sys

import numpy as np

from _timing import median_seconds
from lunarbase.constants import AU, SUN_GM
from lunarbase.physics import propagation


def numpy_newton(m, e):
    """The baseline: vectorised Newton on E - e sin E - M = 0 (Vallado algorithm 2), every orbit to 1e-12."""
    big_e = m + e * np.sin(m)
    for _ in range(50):
        step = (big_e - e * np.sin(big_e) - m) / (1.0 - e * np.cos(big_e))
        big_e -= step
        if np.max(np.abs(step)) < 1e-12:
            break
    return big_e


def main(n: int = 1_000_000) -> None:
    rng = np.random.default_rng(1)
    e, m = rng.uniform(0.0, 0.9, n), rng.uniform(0.0, 2 * np.pi, n)
    el = propagation.Elements(rng.uniform(0.5, 3.0, n) * AU, e, rng.uniform(0, np.pi, n), rng.uniform(0, 2 * np.pi, n),
                              rng.uniform(0, 2 * np.pi, n), m, np.zeros(n))
    rows = {}

    def timed(name, func, check=None):
        func()
        rows[name] = n / median_seconds(func, 5) / 1e6
        if check is not None:
            big_e = check()
            print(f"  {name}: max |E - e sin E - M| = {np.max(np.abs(big_e - e * np.sin(big_e) - m)):.1e} rad")

    timed("NumPy Newton (baseline)", lambda: numpy_newton(m, e), lambda: numpy_newton(m, e))
    timed("lunarbase solve_kepler (numba)", lambda: propagation.solve_kepler(m, e),
          lambda: propagation.solve_kepler(m, e))
    func = None
    try:
        import heyoka as hy

        ev, mv = hy.make_vars("e", "M")
        func = hy.cfunc([hy.kepE(ev, mv)], [ev, mv])
        inputs = np.ascontiguousarray(np.stack([e, m]))
        timed("heyoka kepE cfunc (batch)", lambda: func(inputs), lambda: func(inputs)[0])
    except ImportError:
        print("  heyoka: not installed (pip install 'lunarbase[fast]'): no heyoka figure")
    timed("lunarbase states, numba (E and r, v)", lambda: propagation.states(SUN_GM, el, 0.0, backend="numba"))
    if func is not None:
        timed("lunarbase states, heyoka backend", lambda: propagation.states(SUN_GM, el, 0.0, backend="heyoka"))
    print(f"{n:,} elliptic orbits, millions of orbits per second (median of 5):")
    for name, rate in rows.items():
        print(f"  {name:<42} {rate:8.2f} M/s")


if __name__ == "__main__":
    main(int(float(sys.argv[1])) if len(sys.argv) > 1 else 1_000_000)
