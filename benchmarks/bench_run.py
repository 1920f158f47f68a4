"""How long one run of ``lunar-base-alpha`` (2026-2100, monthly steps) takes, and where the time goes.

Prints the median wall time of ``simulate`` (model time: the scenario is loaded once, outside the timing),
of the compiled growth loop alone, and of the same loop run as plain Python (the baseline, in this same
process) for a ratio; then the loop's throughput over many samples at once.

    .venv/bin/python benchmarks/bench_run.py
"""

from __future__ import annotations

import numpy as np

from _timing import median_seconds
from lunarbase import load_scenario, simulate
from lunarbase.architectures import surface_base


def loop_inputs(scenario, samples: int = 1):
    """Capture the compiled loop's named inputs for ``scenario`` by running it once; repeat them per sample."""
    captured = {}
    original = surface_base._grow

    def spy(c, x, out, keep):
        captured.update(c=c, x=x, out=out, keep=keep)
        return original(c, x, out, keep)

    surface_base._grow = spy
    try:
        simulate(scenario)
    finally:
        surface_base._grow = original
    c = np.repeat(captured["c"], samples, axis=1)  # the constants stacked, (constants, samples)
    # A driver the samples share stays one row; the others are repeated per sample.
    x = type(captured["x"])(*(a if a.shape[0] == 1 else np.ascontiguousarray(np.repeat(a, samples, axis=0))
                              for a in captured["x"]))
    out = type(captured["out"])(*(np.zeros((samples, a.shape[1])) for a in captured["out"]))
    return c, x, out, captured["keep"]


def main() -> None:
    scenario = load_scenario("lunar-base-alpha")
    simulate(scenario)  # compile or load the cached loop
    steps = (scenario.params.horizon.end_year - scenario.params.horizon.start_year + 1) * 12

    run_s = median_seconds(lambda: simulate(scenario), 50)
    c, x, out, keep = loop_inputs(scenario)
    compiled_s = median_seconds(lambda: surface_base._grow(c, x, out, keep), 200)
    python_s = median_seconds(lambda: surface_base._grow.py_func(c, x, out, keep), 3)
    print(f"simulate(lunar-base-alpha), {steps} monthly steps: {run_s * 1e3:.2f} ms median of 50 "
          f"(target < 20 ms)")
    print(f"  growth loop compiled:   {compiled_s * 1e6:8.1f} us")
    print(f"  growth loop as Python:  {python_s * 1e6:8.1f} us  (baseline; compiled is {python_s / compiled_s:.0f}x "
          "faster)")
    print(f"  the rest (designs, fleet, costs): {(run_s - compiled_s) * 1e3:.2f} ms")

    samples = 4_000  # within simulate's cap of 4e6 step-samples a call
    c, x, out, keep = loop_inputs(scenario, samples)
    many_s = median_seconds(lambda: surface_base._grow(c, x, out, keep), 3)
    print(f"growth loop over {samples} samples: {many_s:.3f} s "
          f"({samples * steps / many_s / 1e6:.1f} M sample-steps/s, one core)")
    draws = sample_draws(samples)
    roomy = load_scenario("lunar-base-alpha", ["mass_driver.payload_per_shot=7 t"])  # slow draws need bigger tanks
    # As a study calls it: settings that act in some samples only are drawn on purpose (the default, "refuse",
    # runs each sample alone through the route once more to name any it does nothing in: ~2 ms a sample).
    whole_s = median_seconds(lambda: simulate(roomy, draws=draws, inert_samples="allow"), 3)
    print(f"whole model over {samples} samples (simulate with draws, as a study): {whole_s:.2f} s "
          f"({whole_s / samples * 1e3:.3f} ms a sample vs {run_s * 1e3:.2f} ms for one scalar run)")


def sample_draws(samples: int, seed: int = 1) -> dict:
    """A Monte Carlo-style draw: exit speed, productivity and reinvestment varied per sample (SI)."""
    rng = np.random.default_rng(seed)
    productivity = load_scenario("lunar-base-alpha").params.industry.productivity
    return {"mass_driver.exit_speed": rng.uniform(2.45e3, 3.5e3, samples),
            "industry.productivity": productivity * rng.uniform(0.3, 2.0, samples),
            "industry.reinvestment_fraction": rng.uniform(0.2, 0.8, samples)}


if __name__ == "__main__":
    main()
