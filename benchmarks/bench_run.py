"""How long one run of ``lunar-base-alpha`` (2026-2100, monthly steps) takes, and where the time goes.

Prints the median wall time of ``simulate`` (model time: the scenario is loaded once, outside the timing),
of the compiled growth loop alone, and of the same loop run as plain Python (the baseline, in this same
process) for a ratio; then the loop's throughput over many samples at once.

    .venv/bin/python benchmarks/bench_run.py
"""

from __future__ import annotations

import statistics
import time

import numpy as np

from lunarbase import load_scenario, simulate
from lunarbase.architectures import lunar


def median_seconds(func, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def loop_inputs(scenario, samples: int = 1):
    """Capture the compiled loop's inputs for ``scenario`` by running it once."""
    captured = {}
    original = lunar._grow

    def spy(const, series, out):
        captured.update(const=const.copy(), series=series.copy(), out=out.copy())
        return original(const, series, out)

    lunar._grow = spy
    try:
        simulate(scenario)
    finally:
        lunar._grow = original
    const = np.ascontiguousarray(np.repeat(captured["const"], samples, axis=0))
    series = np.ascontiguousarray(np.repeat(captured["series"], samples, axis=1))
    out = np.zeros((captured["out"].shape[0], samples, series.shape[2]))
    return const, series, out


def main() -> None:
    scenario = load_scenario("lunar-base-alpha")
    simulate(scenario)  # compile or load the cached loop
    steps = (scenario.params.horizon.end_year - scenario.params.horizon.start_year + 1) * 12

    run_s = median_seconds(lambda: simulate(scenario), 50)
    const, series, out = loop_inputs(scenario)
    compiled_s = median_seconds(lambda: lunar._grow(const, series, out), 200)
    python_s = median_seconds(lambda: lunar._grow.py_func(const, series, out), 3)
    print(f"simulate(lunar-base-alpha), {steps} monthly steps: {run_s * 1e3:.2f} ms median of 50 "
          f"(target < 20 ms)")
    print(f"  growth loop compiled:   {compiled_s * 1e6:8.1f} us")
    print(f"  growth loop as Python:  {python_s * 1e6:8.1f} us  (baseline; compiled is {python_s / compiled_s:.0f}x "
          "faster)")
    print(f"  the rest (designs, fleet, costs): {(run_s - compiled_s) * 1e3:.2f} ms")

    samples = 10_000
    const, series, out = loop_inputs(scenario, samples)
    many_s = median_seconds(lambda: lunar._grow(const, series, out), 3)
    print(f"growth loop over {samples} samples: {many_s:.3f} s "
          f"({samples * steps / many_s / 1e6:.1f} M sample-steps/s, one core)")


if __name__ == "__main__":
    main()
