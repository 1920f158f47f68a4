"""Peak resident memory and speed of large Monte Carlo studies: does memory stay flat in the number of samples?

Each study (lunar-base-alpha's default ``[uncertainty]`` set, Monte Carlo, 2026-2100 at the default monthly
steps) runs in a child process: ``run_study`` streams each finished chunk to a Parquet file, then ``Study.write``
streams the chunks into the study's files and reads the summary (CDFs, fans, quantiles) back from them. This
process samples the resident memory of the child's whole process tree (the child and, with ``--workers N``, its
Dask nannies and workers), summed, every 0.1 s with psutil, and keeps the peak; the child also reports its own
``ru_maxrss``. Times are wall clock on a shared machine (other processes take the cores too).

    PYTHONPATH=src .venv/bin/python benchmarks/bench_study_memory.py [--samples 20000,100000] [--workers 2]
        [--chunk 768]

The issue's check: a 1e6-sample study stays under 2 GB resident (``--samples 1000000``; ~5 minutes on two
free cores). With smaller sizes the script fits peak = a + b N over the sizes run and prints the line's value at
1e6: the memory per extra sample ``b`` is what must stay near zero.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from lunarbase.study import DEFAULT_CHUNK_SIZE


def child(samples: int, workers: int, chunk: int) -> None:
    from lunarbase import load_scenario
    from lunarbase.study import run_study

    scenario = load_scenario("lunar-base-alpha")
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        study = run_study(scenario, samples, 1, "mc", chunk_size=chunk, scheduler="local" if workers else None,
                          workers=workers or None, folder=Path(tmp) / "work")
        ran = time.perf_counter() - start
        study.write(Path(tmp) / "out")
        study.summary  # noqa: B018 - read back from the written files, as the CLI does
        total = time.perf_counter() - start
        feasible = study.summary["feasible"]
    print(json.dumps({"samples": samples, "run_s": ran, "total_s": total, "feasible": feasible,
                      "child_maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))


def tree_rss(proc) -> int:
    """Resident bytes of ``proc`` and all its descendants (0 for any that are gone)."""
    import psutil

    total = 0
    try:
        procs = [proc, *proc.children(recursive=True)]
    except psutil.Error:
        return 0
    for p in procs:
        try:
            total += p.memory_info().rss
        except psutil.Error:
            pass
    return total


def measure(samples: int, workers: int, chunk: int) -> dict:
    import psutil

    cmd = [sys.executable, __file__, "--child", str(samples), "--workers", str(workers), "--chunk", str(chunk)]
    popen = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    proc = psutil.Process(popen.pid)
    peak = [0]
    done = threading.Event()

    def watch() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], tree_rss(proc))
            time.sleep(0.1)

    thread = threading.Thread(target=watch, daemon=True)
    thread.start()
    out, err = popen.communicate()
    done.set()
    thread.join()
    if popen.returncode:
        raise SystemExit(f"child failed ({popen.returncode}):\n{err[-3000:]}")
    got = json.loads(out.strip().splitlines()[-1])
    got["tree_peak_mb"] = peak[0] / 2**20
    return got


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", default="20000,100000", help="study sizes, comma-separated")
    parser.add_argument("--workers", type=int, default=0, help="Dask workers (0: in the child process, no Dask)")
    parser.add_argument("--chunk", type=int, default=DEFAULT_CHUNK_SIZE,
                        help="samples per chunk (the study's default)")
    parser.add_argument("--child", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.workers, args.chunk)
        return
    where = f"{args.workers} Dask workers" if args.workers else "in process"
    print(f"lunar-base-alpha mc, chunks of {args.chunk}, {where}; wall times on a shared machine")
    print(f"{'samples':>9} {'run s':>7} {'run+write s':>12} {'samples/s (run)':>16} {'samples/s (all)':>16} "
          f"{'peak tree RSS MB':>17} {'child maxrss MB':>16}")
    rows = []
    for n in (int(x) for x in args.samples.split(",")):
        got = measure(n, args.workers, args.chunk)
        rows.append(got)
        print(f"{n:9,d} {got['run_s']:7.1f} {got['total_s']:12.1f} {n / got['run_s']:16,.0f} "
              f"{n / got['total_s']:16,.0f} {got['tree_peak_mb']:17,.0f} {got['child_maxrss_mb']:16,.0f}")
    if len(rows) >= 2:
        (n0, m0), (n1, m1) = ((r["samples"], r["tree_peak_mb"]) for r in (rows[0], rows[-1]))
        slope = (m1 - m0) / (n1 - n0)
        print(f"peak grows {slope * 1e3:.3f} MB per 1,000 samples; at 1e6 samples (line through "
              f"{n0:,} and {n1:,}): {m0 + slope * (1e6 - n0):,.0f} MB")


if __name__ == "__main__":
    main()
