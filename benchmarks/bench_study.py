"""How fast a study runs end to end, through Dask and in this process, and how much memory a large one holds.

1. A Sobol' study of 20 parameters, N = 1024 (N (k + 2) = 22,528 runs; the issue's "about 44,000" counts the
   second-order design, N (2k + 2)), lunar-base-alpha 2026-2100, through a LocalCluster of 2 workers: wall time
   from the call to the written study files and runs per second; then the same study in this process (no Dask),
   the baseline.
2. Peak resident memory of a Monte Carlo study of ``--rss-samples`` runs (default 50,000; the issue's check is
   1e6), run in a child process without Dask, chunks streamed to Parquet.

    PYTHONPATH=src .venv/bin/python benchmarks/bench_study.py [--n 1024] [--workers 2] [--rss-samples 50000]

The twenty ranges are the tests' fixed set (``tests/study_ranges.py``), so the figure does not move when a
preset's own ``[uncertainty]`` table changes. Last measured (2026-11-28, this machine quiet): 9.0 s through Dask
(2 workers, cluster start included), 7.6 s in process; N = 2048 (45,056 runs): 13.8 s through Dask.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def table():
    from tests import study_ranges as standin

    return standin.Uncertainty(standin.TWENTY), standin.sample


def timed_study(method: str, n: int, scheduler, workers: int, chunk: int = 512) -> tuple[float, int]:
    from lunarbase import load_scenario
    from lunarbase.study import run_study

    unc, sample = table()
    # shots of 4 t: the heaviest satellites the twenty ranges allow (3.1 t) fit one shot, so every run is feasible
    sc = load_scenario("lunar-base-alpha", ["mass_driver.payload_per_shot=6 t"])
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        study = run_study(sc, n, 1, method, chunk_size=chunk, scheduler=scheduler, workers=workers,
                          folder=Path(tmp) / "work", uncertainty=unc, sampler=sample)
        study.write(Path(tmp) / "out")
        study.summary  # noqa: B018  (the summary, sensitivity indices included, is part of the end to end)
        return time.perf_counter() - start, study.runs


def rss_child(samples: int) -> None:
    import resource

    seconds, runs = timed_study("mc", samples, None, 0)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"runs": runs, "seconds": seconds, "peak_rss_mb": peak_mb}))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=1024)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rss-samples", type=int, default=50_000)
    parser.add_argument("--rss-child", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.rss_child:
        rss_child(args.rss_child)
        return
    timed_study("sobol", 2, None, 0)  # compile (or load) the engine once so both timings see warm caches
    seconds, runs = timed_study("sobol", args.n, "local", args.workers)
    print(f"sobol k=20 N={args.n}: {runs:,} runs through Dask ({args.workers} workers): {seconds:.1f} s, "
          f"{runs / seconds:,.0f} runs/s (cluster start included)")
    seconds, runs = timed_study("sobol", args.n, None, 0)
    print(f"sobol k=20 N={args.n}: {runs:,} runs in this process (no Dask):   {seconds:.1f} s, "
          f"{runs / seconds:,.0f} runs/s")
    if args.rss_samples <= 0:
        return
    child = subprocess.run([sys.executable, __file__, "--rss-child", str(args.rss_samples)], capture_output=True,
                           text=True, check=True)
    got = json.loads(child.stdout.strip().splitlines()[-1])
    print(f"mc {got['runs']:,} runs in one process: {got['seconds']:.1f} s, peak RSS {got['peak_rss_mb']:,.0f} MB")


if __name__ == "__main__":
    main()
