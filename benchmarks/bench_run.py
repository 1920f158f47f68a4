"""How long one run of ``lunar-base-alpha`` (2026-2100, monthly steps) takes, and where the time goes.

Prints the median wall time of ``simulate`` (model time: the scenario is loaded once, outside the timing),
of the compiled growth loop alone, and of the same loop run as plain Python (the baseline, in this same
process) for a ratio; then the loop's throughput over many samples at once.

    .venv/bin/python benchmarks/bench_run.py
"""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np

from _timing import median_seconds
from lunarbase import load_scenario, simulate
from lunarbase.architectures import lunar
from lunarbase.engine import time_grid


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
    draw = sample_draw(scenario, samples)
    t, dt = time_grid(2026, 2100, 12)
    whole_s = median_seconds(lambda: lunar.simulate(draw, t, dt), 3)
    print(f"whole model over {samples} samples (vectorised designs, fleet, costs): {whole_s:.2f} s "
          f"({whole_s / samples * 1e3:.3f} ms a sample vs {run_s * 1e3:.2f} ms for one scalar run)")


def sample_draw(scenario, samples: int, seed: int = 1):
    """A Monte Carlo-style draw: exit speed, productivity and reinvestment varied per sample."""
    rng = np.random.default_rng(seed)
    p = scenario.params
    draw = SimpleNamespace(**{name: getattr(p, name) for name in type(p).model_fields})
    draw.mass_driver = p.mass_driver.model_construct(
        **{**dict(p.mass_driver), "exit_speed": rng.uniform(2.45e3, 3.5e3, samples)})
    draw.industry = p.industry.model_construct(
        **{**dict(p.industry), "productivity": p.industry.productivity * rng.uniform(0.3, 2.0, samples),
           "reinvestment_fraction": rng.uniform(0.2, 0.8, samples)})
    return draw


if __name__ == "__main__":
    main()
