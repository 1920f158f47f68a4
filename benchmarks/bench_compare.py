"""How long ``compare`` of every route (2026-2100, monthly steps) takes: the issue's target is under 1 s.

Prints the median model time of ``compare`` over all presets (scenarios loaded once, outside the timing),
each route's own time, and, as the baseline run in this same process for a ratio, one run of the default
``lunar-base-alpha`` preset.

    .venv/bin/python benchmarks/bench_compare.py
"""

from __future__ import annotations

import time

from _timing import median_seconds
from lunarbase import load_scenario, simulate
from lunarbase.comparison import compare
from lunarbase.interfaces.cli import ALL_ROUTES


def main() -> None:
    start = time.perf_counter()
    scenarios = [load_scenario(name) for name in ALL_ROUTES]
    load_s = time.perf_counter() - start
    compare(scenarios)  # compile or load the cached loop
    baseline = load_scenario("lunar-base-alpha")
    base_s = median_seconds(lambda: simulate(baseline), 30)
    all_s = median_seconds(lambda: compare(scenarios), 20)
    print(f"compare of {len(scenarios)} routes, 2026-2100 monthly: {all_s * 1e3:.1f} ms median of 20 "
          f"(target < 1000 ms)")
    print(f"  baseline simulate(lunar-base-alpha): {base_s * 1e3:.2f} ms; compare is {all_s / base_s:.1f}x that")
    print(f"  loading the {len(scenarios)} scenarios (once, outside the timing): {load_s * 1e3:.1f} ms")
    for sc in scenarios:
        print(f"  {sc.name:22s} {median_seconds(lambda sc=sc: simulate(sc), 10) * 1e3:7.2f} ms")


if __name__ == "__main__":
    main()
