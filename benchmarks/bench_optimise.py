"""Evaluations a second for the lever search: a whole population in one vectorised ``simulate`` call (what
``lunarbase optimise`` does) against the same settings run one by one as scalar scenarios, in this process.

    .venv/bin/python benchmarks/bench_optimise.py [--population 64] [--end-year 2100]
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from _timing import median_seconds
from lunarbase import load_scenario, simulate
from lunarbase.optimise import Evaluator, Objective, _lever_draws, default_levers, optimise


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--population", type=int, default=64)
    parser.add_argument("--end-year", type=int, default=2100)
    args = parser.parse_args()
    scenario = load_scenario("lunar-base-alpha", [f"horizon.end_year={args.end_year}"])
    levers = default_levers(scenario)
    rng = np.random.default_rng(0)
    lo, hi = np.array([lv.si_low for lv in levers]), np.array([lv.si_high for lv in levers])
    x = lo + rng.random((2 * args.population, len(levers))) * (hi - lo)
    evaluate = Evaluator(scenario, "launch_rate_1TW_per_yr")
    built = evaluate(_lever_draws(levers, x)).built  # also compiles or loads the loops for this signature
    x = x[built][:args.population]  # settings the route can build: both sides run the same samples, unsplit
    draws = _lever_draws(levers, x)

    vector_s = median_seconds(lambda: evaluate(draws), 5)
    one = [{k: v[i:i + 1] for k, v in draws.items()} for i in range(args.population)]
    scalar = [load_scenario("lunar-base-alpha", [f"horizon.end_year={args.end_year}",
                                                 *[f"{lv.path}={_setting(lv, v)}" for lv, v in zip(levers, row,
                                                                                                   strict=True)]])
              for row in x]
    simulate(scalar[0])

    def one_by_one():
        for sc in scalar:
            simulate(sc)

    scalar_s = median_seconds(one_by_one, 3)
    drawn_s = median_seconds(lambda: [evaluate(d) for d in one], 3)
    n = len(x)
    steps = (args.end_year - 2026 + 1) * 12
    print(f"lunar-base-alpha to {args.end_year} ({steps} monthly steps), {n} settings of "
          f"{', '.join(lv.path for lv in levers)}:")
    print(f"  one vectorised call:        {vector_s * 1e3:8.1f} ms  {n / vector_s:8.0f} evaluations/s")
    print(f"  one by one, scalar runs:    {scalar_s * 1e3:8.1f} ms  {n / scalar_s:8.0f} evaluations/s "
          f"(vectorised is {scalar_s / vector_s:.1f}x faster)")
    print(f"  one by one, 1-sample draws: {drawn_s * 1e3:8.1f} ms  {n / drawn_s:8.0f} evaluations/s")
    started = time.perf_counter()
    found = optimise(scenario, Objective("pareto", "launch_rate_100GW_per_yr"), population=n, generations=10, seed=1)
    took = time.perf_counter() - started
    print(f"optimise --objective pareto, default levers, {n} x 10 generations: {took:.1f} s, "
          f"{found.samples} model samples ({found.samples / took:.0f}/s), front of {found.front_years.size}")


def _setting(lever, si_value: float) -> str:
    """A --set value for a lever's SI value, in the lever's unit ("2.7 km/s")."""
    return f'"{float(lever.shown(si_value))!r} {lever.unit}"' if lever.unit else repr(float(si_value))


if __name__ == "__main__":
    main()
