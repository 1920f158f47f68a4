"""How many samples a second the vectorised model runs, route by route, and where the time goes.

For each preset route, draws ~10-20 parameters that matter from plausible ranges (a seeded RNG; factors of the
preset's own values unless an absolute range is given), then times ``simulate(scenario, draws=...)`` over
chunks of samples: the median wall time, and the least CPU time of the process (on a shared machine the wall
time also counts other processes). The baseline, in the same process, is one scalar ``simulate`` per sample
(the same draws, one scenario each), for a ratio. Peak memory of a chunk is what ``tracemalloc`` sees NumPy
allocate during it (the arrays of the ``Run`` included). Then a profile of one chunk splits the time into the
route's design and problems, its simulate (of which the compiled loop) and the engine's own bookkeeping.

    PYTHONPATH=src .venv/bin/python benchmarks/bench_samples.py [--chunks 1000,4000] [--routes lunar-base-alpha]

Issue 10 asks for >= 10,000 samples/s on two cores (two workers), so >= 5,000 samples/s per core for
lunar-base-alpha at monthly steps, and well under 1 GB a 1,000-sample chunk.

``--steps 4,12`` prints the rate at coarser steps a year and their error against weekly steps on the same draws.

``--study`` measures instead the whole study path, route by route, with each preset's own ``[uncertainty]`` set
(Monte Carlo, ``--chunk``-sample chunks): ``run_study`` in this process, then on a Dask ``LocalCluster`` of one
and of two single-threaded workers (started, and warmed with a small study, before the clock starts), each
from the call to the last chunk file written; then ``Study.write`` and the summary. ``--against REV`` runs the
same measurement on the source tree of git revision ``REV`` (``git archive``, in a temporary folder), in child
processes alternated with this tree's (A B A B ...), and prints the ratio of the medians: on a shared machine
the cores' load moves from minute to minute, and alternating shares it out fairly between the two.

    PYTHONPATH=src .venv/bin/python benchmarks/bench_samples.py --study [--samples 16384] [--against 5ae1c57]
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import numpy as np

from _timing import best_cpu_seconds, median_seconds
from lunarbase import load_scenario, simulate
from lunarbase.architectures import ROUTES
from lunarbase.scenario.draws import sample_parameters, validate
from lunarbase.study import DEFAULT_CHUNK_SIZE

#: Per preset: settings the study needs, and the draws: path -> ("x", low, high) a factor of the preset's value,
#: or ("abs", low, high) in SI.
STUDIES = {
    "lunar-base-alpha": (["mass_driver.payload_per_shot=7 t"], {  # slow draws need bigger tanks
        "mass_driver.exit_speed": ("abs", 2.45e3, 3.4e3),
        "industry.productivity": ("x", 0.3, 2.0),
        "industry.reinvestment_fraction": ("abs", 0.2, 0.8),
        "industry.autonomy": ("abs", 0.7, 0.99),
        "industry.energy_per_kg": ("x", 0.5, 2.0),
        "industry.closure_final": ("abs", 0.9, 0.999),
        "industry.start_year": ("abs", 2029.0, 2035.0),
        "logistics.flights_max": ("x", 0.3, 3.0),
        "logistics.flights_growth": ("x", 0.5, 1.5),
        "logistics.tankers_per_flight": ("x", 0.7, 1.5),
        "logistics.learning_rate": ("abs", 0.75, 0.9),
        "satellite.compute_power": ("x", 0.7, 1.3),
        "satellite.failure_rate": ("x", 0.5, 2.0),
        "satellite.lifetime": ("x", 0.7, 1.5),
        "chips.efficiency_growth": ("x", 0.5, 1.5),
        "chips.cost_per_unit": ("x", 0.5, 2.0),
        "chips.share_to_base": ("abs", 0.02, 0.3),
        "economics.discount_rate": ("abs", 0.03, 0.12),
    }),
    "earth-orbit-starship": ([], {
        "orbit.altitude": ("abs", 500e3, 1200e3),
        "orbit.flight_share": ("abs", 0.2, 0.8),
        "orbit.satellite_cost_per_kg": ("x", 0.5, 2.0),
        "logistics.flights_max": ("x", 0.3, 3.0),
        "logistics.flights_growth": ("x", 0.5, 1.5),
        "logistics.learning_rate": ("abs", 0.75, 0.9),
        "satellite.compute_power": ("x", 0.7, 1.3),
        "satellite.failure_rate": ("x", 0.5, 2.0),
        "satellite.lifetime": ("x", 0.7, 1.5),
        "chips.efficiency_growth": ("x", 0.5, 1.5),
        "chips.cost_per_unit": ("x", 0.5, 2.0),
        "economics.discount_rate": ("abs", 0.03, 0.12),
    }),
    "terrestrial": ([], {
        "grid.capacity_added_initial": ("x", 0.5, 2.0),
        "grid.capacity_added_growth": ("x", 0.5, 2.0),
        "grid.capacity_added_max": ("x", 0.5, 2.0),
        "grid.ai_share": ("abs", 0.3, 0.9),
        "grid.build_time": ("x", 0.5, 2.0),
        "grid.pue": ("abs", 1.1, 1.6),
        "grid.electricity_price": ("x", 0.5, 2.0),
        "grid.capex_per_watt": ("x", 0.7, 1.5),
        "grid.server_lifetime": ("x", 0.8, 1.4),
        "chips.efficiency_growth": ("x", 0.5, 1.5),
        "chips.cost_per_unit": ("x", 0.5, 2.0),
        "economics.discount_rate": ("abs", 0.03, 0.12),
    }),
    "mars-base": ([], {
        "rocket.exit_speed": ("abs", 5.2e3, 7.0e3),
        "rocket.isp": ("x", 0.9, 1.05),
        "surface.dust_storm_outage": ("abs", 0.0, 0.2),
        "industry.productivity": ("x", 0.3, 2.0),
        "industry.reinvestment_fraction": ("abs", 0.2, 0.8),
        "industry.energy_per_kg": ("x", 0.5, 2.0),
        "logistics.flights_max": ("x", 0.3, 3.0),
        "logistics.tankers_per_flight": ("x", 0.7, 1.5),
        "satellite.compute_power": ("x", 0.7, 1.3),
        "satellite.failure_rate": ("x", 0.5, 2.0),
        "chips.efficiency_growth": ("x", 0.5, 1.5),
        "economics.discount_rate": ("abs", 0.03, 0.12),
    }),
    "mercury-swarm": (["mass_driver.payload_per_shot=7 t"], {  # slow draws need bigger tanks
        "mass_driver.exit_speed": ("abs", 4.3e3, 5.5e3),
        "industry.productivity": ("x", 0.3, 2.0),
        "industry.reinvestment_fraction": ("abs", 0.2, 0.8),
        "industry.energy_per_kg": ("x", 0.5, 2.0),
        "logistics.flights_max": ("x", 0.3, 3.0),
        "satellite.compute_power": ("x", 0.7, 1.3),
        "satellite.lifetime": ("x", 0.7, 1.5),
        "satellite.junction_temperature": ("abs", 340.0, 365.0),
        "chips.efficiency_growth": ("x", 0.5, 1.5),
        "economics.discount_rate": ("abs", 0.03, 0.12),
    }),
}


def study(preset: str, samples: int, seed: int = 1):
    """The preset's scenario (with the study's settings) and a seeded draw of ``samples`` samples (SI)."""
    sets, ranges = STUDIES[preset]
    scenario = load_scenario(preset, sets)
    rng = np.random.default_rng(seed)
    draws = {}
    for path, (how, low, high) in ranges.items():
        section, _, name = path.partition(".")
        base = getattr(getattr(scenario.params, section), name) if how == "x" else 1.0
        draws[path] = base * rng.uniform(low, high, samples)
    return scenario, draws


def scalar_baseline(scenario, draws, samples: int) -> float:
    """Seconds a sample when each is its own scalar run (the drawn values set on the scenario's parameters)."""
    checked, _ = validate({k: v[:samples] for k, v in draws.items()})
    one = []
    for i in range(samples):
        params = sample_parameters(scenario.params, checked, i)
        one.append(type(scenario)(scenario.name, scenario.description, params, scenario.sources, scenario.explicit))
    start = time.perf_counter()
    for s in one:
        simulate(s)
    return (time.perf_counter() - start) / samples



def peak_bytes(func) -> int:
    """Peak of NumPy's (and Python's) allocations while ``func`` runs, by ``tracemalloc``."""
    tracemalloc.start()
    try:
        func()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


#: Functions whose cumulative time is shown as a part of a route's simulate.
_LOOPS = ("_grow", "grow")


def time_split(scenario, draws) -> dict[str, float]:
    """One chunk profiled: seconds in the route's design, its problems, its simulate (and the compiled loop
    in it), and the engine's own bookkeeping (validation, catalogue, the rest)."""
    route = ROUTES[scenario.params.route.kind]
    profile = cProfile.Profile()
    profile.enable()
    simulate(scenario, draws=draws, inert_samples="allow")
    profile.disable()
    stats = pstats.Stats(profile).stats
    total = max(v[3] for v in stats.values())
    parts = {"design": 0.0, "problems": 0.0, "simulate": 0.0, "loop": 0.0}
    targets = {"design": route.design.__code__, "problems": route.problems.__code__,
               "simulate": route.simulate.__code__}
    for (file, line, name), (_, _, _, cumulative, _) in stats.items():
        for part, code in targets.items():
            if (file, line, name) == (code.co_filename, code.co_firstlineno, code.co_name):
                parts[part] += cumulative
        if name == "grow" and file.endswith("surface_base.py"):
            parts["loop"] += cumulative
    parts["engine"] = total - parts["design"] - parts["problems"] - parts["simulate"]
    parts["total"] = total
    return parts


def study_rates(preset: str, samples: int, chunk: int, workers: tuple[int, ...]) -> dict[str, float]:
    """Samples a second of ``run_study`` on ``preset``'s own uncertainty set: in this process (wall and CPU), on
    warmed LocalClusters of each number of ``workers``, and of ``Study.write`` with the summary."""
    from lunarbase.study import run_study

    try:
        from lunarbase.study import local_cluster  # the study's own cluster (its workers' allocator settings)
    except ImportError:  # a tree from before local_cluster (--against): the LocalCluster its studies made
        from distributed import LocalCluster

        def local_cluster(n):
            return LocalCluster(n_workers=n, threads_per_worker=1, processes=True, host="127.0.0.1",
                                dashboard_address="127.0.0.1:0", worker_dashboard_address=None)

    scenario = load_scenario(preset)
    out: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        run_study(scenario, 2 * chunk, 2, "mc", chunk_size=chunk, folder=Path(tmp) / "warm")  # compile or load
        start, cpu = time.perf_counter(), time.process_time()
        study = run_study(scenario, samples, 1, "mc", chunk_size=chunk, folder=Path(tmp) / "in")
        out["in_process"] = samples / (time.perf_counter() - start)
        out["in_process_cpu"] = samples / (time.process_time() - cpu)
        start = time.perf_counter()
        study.write(Path(tmp) / "out")
        study.summary  # noqa: B018 - read back from the written files
        out["write"] = samples / (time.perf_counter() - start)
        for n in workers:
            with local_cluster(n) as cluster:
                address = cluster.scheduler_address
                run_study(scenario, 2 * chunk * n, 3, "mc", chunk_size=chunk, scheduler=address,
                          folder=Path(tmp) / "warm")  # each worker loads the compiled loops once
                start = time.perf_counter()
                run_study(scenario, samples, 1, "mc", chunk_size=chunk, scheduler=address, folder=Path(tmp) / "d")
                out[f"workers_{n}"] = samples / (time.perf_counter() - start)
    return out


def study_main(args) -> None:
    """The ``--study`` table, with ``--against`` the alternated comparison (see the module's docstring)."""
    routes = args.routes.split(",")
    trees = {"this tree": str(Path(__file__).resolve().parents[1] / "src")}
    base = None
    if args.against:
        base = tempfile.TemporaryDirectory()
        root = Path(__file__).resolve().parents[1]
        archive = subprocess.run(["git", "-C", str(root), "archive", args.against, "src"], capture_output=True,
                                 check=True).stdout
        subprocess.run(["tar", "-x", "-C", base.name], input=archive, check=True)
        trees = {args.against: str(Path(base.name) / "src"), **trees}
    keys = ("in_process", "in_process_cpu", "workers_1", "workers_2", "write")
    print(f"samples/s through run_study, {args.samples:,} samples in chunks of {args.chunk}, each preset's "
          f"[uncertainty] set; wall time on a shared machine (median of {args.repeat}), CPU time of this process")
    print(f"{'preset':22} {'tree':10} {'in process':>11} {'(CPU)':>8} {'1 worker':>9} {'2 workers':>10} "
          f"{'write+summary':>14}")
    for preset in routes:
        got: dict[str, list[dict]] = {name: [] for name in trees}
        for _ in range(args.repeat):
            for name, src in trees.items():
                env = {**os.environ, "PYTHONPATH": src}
                child = subprocess.run([sys.executable, __file__, "--study-child", preset, "--samples",
                                        str(args.samples), "--chunk", str(args.chunk)], env=env,
                                       capture_output=True, text=True)
                if child.returncode:
                    raise SystemExit(f"{preset} on {name}: {child.stderr[-2000:]}")
                got[name].append(json.loads(child.stdout.strip().splitlines()[-1]))
        medians = {name: {k: statistics.median(r[k] for r in rows) for k in keys} for name, rows in got.items()}
        for name, m in medians.items():
            print(f"{preset:22} {name[:10]:10} {m['in_process']:11,.0f} {m['in_process_cpu']:8,.0f} "
                  f"{m['workers_1']:9,.0f} {m['workers_2']:10,.0f} {m['write']:14,.0f}")
        if base is not None:
            old, new = medians[args.against], medians["this tree"]
            print(f"{preset:22} {'ratio':10} " + " ".join(f"{new[k] / old[k]:{w}.2f}x" for k, w in
                                                           zip(keys, (10, 7, 8, 9, 13), strict=True)))
    if base is not None:
        base.cleanup()


def step_errors(preset: str, samples: int, steps: tuple[int, ...], reference: int = 52) -> None:
    """The rate (CPU) at each ``steps`` a year, and its error against ``reference`` steps a year (weekly) on the same
    draws: the median and 95th percentile of |relative difference| of installed compute at the horizon, and the
    largest |difference| of a milestone's year, over samples where both reach it."""
    from lunarbase.study import _outputs

    scenario, draws = study(preset, samples)
    results = {}
    for k in (reference, *steps):
        sc = load_scenario(preset, [*STUDIES[preset][0], f"horizon.steps_per_year={k}"])
        simulate(sc, draws={p: v[:8] for p, v in draws.items()}, inert_samples="allow")
        cpu = best_cpu_seconds(lambda sc=sc: simulate(sc, draws=draws, inert_samples="allow"), 2)
        results[k] = (samples / cpu, _outputs(simulate(sc, draws=draws, inert_samples="allow")))
    ref = results[reference][1]
    for k in (*steps, reference):
        rate, out = results[k]
        with np.errstate(all="ignore"):
            rel = np.abs(out["installed_compute"] / ref["installed_compute"] - 1.0)
        years = max((np.nanmax(np.abs(out[m] - ref[m])) if np.any(np.isfinite(out[m] - ref[m])) else 0.0)
                    for m in ("first_launch", "launch_rate_1GW_per_yr", "launch_rate_1TW_per_yr", "installed_1TW"))
        print(f"{preset:22} {k:4d} steps/yr: {rate:8,.0f} samples/s (CPU, one core); vs {reference}/yr: installed "
              f"compute at the horizon |rel. diff.| median {np.nanmedian(rel):.2%}, "
              f"p95 {np.nanpercentile(rel, 95):.2%}; milestones within {years:.2f} yr")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chunks", default="1000,4000", help="chunk sizes, comma-separated")
    parser.add_argument("--routes", default=",".join(STUDIES), help="presets, comma-separated")
    parser.add_argument("--baseline", type=int, default=20, help="scalar runs for the baseline")
    parser.add_argument("--study", action="store_true", help="samples/s through run_study, per route and workers")
    parser.add_argument("--samples", type=int, default=16384, help="--study: samples per study")
    parser.add_argument("--chunk", type=int, default=DEFAULT_CHUNK_SIZE,
                        help="--study: samples per chunk (the study's default)")
    parser.add_argument("--repeat", type=int, default=1, help="--study: alternated runs of each tree")
    parser.add_argument("--against", default="", help="--study: a git revision to compare with, alternated")
    parser.add_argument("--steps", default="", help="steps a year to compare with weekly steps, e.g. 4,12")
    parser.add_argument("--study-child", default="", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.steps:
        for preset in args.routes.split(","):
            step_errors(preset, 500, tuple(int(x) for x in args.steps.split(",")))
        return
    if args.study_child:
        print(json.dumps(study_rates(args.study_child, args.samples, args.chunk, (1, 2))))
        return
    if args.study:
        study_main(args)
        return
    chunks = [int(x) for x in args.chunks.split(",")]
    print(f"{'preset':22} {'params':>6} {'chunk':>6} {'samples/s':>10} {'ms/chunk':>9} {'x scalar':>9} "
          f"{'CPU samples/s':>14} {'peak MB':>8}")
    for preset in args.routes.split(","):
        scenario, draws = study(preset, max(chunks))
        # compile or load the cached loops
        simulate(scenario, draws={k: v[:8] for k, v in draws.items()}, inert_samples="allow")
        scalar_s = scalar_baseline(scenario, draws, args.baseline)
        for n in chunks:
            chunk = {k: v[:n] for k, v in draws.items()}
            def run(chunk=chunk, s=scenario):  # a study's call: settings inert in some samples are drawn on purpose
                return simulate(s, draws=chunk, inert_samples="allow")

            seconds, cpu, peak = median_seconds(run, 3), best_cpu_seconds(run, 3), peak_bytes(run)
            print(f"{preset:22} {len(draws):6d} {n:6d} {n / seconds:10.0f} {seconds * 1e3:9.1f} "
                  f"{scalar_s / (seconds / n):9.1f} {n / cpu:14.0f} {peak / 2**20:8.0f}")
        n = chunks[0]
        parts = time_split(scenario, {k: v[:n] for k, v in draws.items()})
        shares = ", ".join(f"{k} {parts[k] * 1e3 / n * 1e3:.0f}" for k in ("design", "problems", "simulate", "loop",
                                                                          "engine"))
        print(f"  {n} samples, us a sample (profiled): {shares}; scalar run {scalar_s * 1e3:.2f} ms")


if __name__ == "__main__":
    main()
