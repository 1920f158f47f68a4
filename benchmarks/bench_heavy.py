"""Heavy requests: launch records written per second by ``depart --json`` (streamed, vectorised) against the old
way (one ``record`` dict per launch through ``json.dumps``, run in the same process on a slice for the ratio),
the peak memory of the largest ``windows`` the caps allow (2,000,000 launches, in a child process so that its
peak is its own), and the time of a run at the step cap (``engine.MAX_STEPS``).

    PYTHONPATH=src python benchmarks/bench_heavy.py [--span START:END] [--skip-windows] [--skip-run]

Figures only; the tests check behaviour, never time.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _timing import median_seconds


def _old_record(launches, k: int, phase: float) -> dict:
    """``launch_report.record`` as it was: the date through ``astropy.time.Time(...).isot`` one launch at a time
    (``ephemeris.iso_from_jd`` is now vectorised ERFA), units through astropy per value."""
    from astropy.time import Time

    from lunarbase.interfaces.launch_report import _quantity
    from lunarbase.launch_study import FIELDS, OUTCOMES

    out = {"date": str(Time([launches.jd.ravel()[k]], format="jd", scale="tdb").isot[0]),
           "lunar_phase": _quantity(phase, "rad", "deg"), "outcome": OUTCOMES[int(launches.outcome.ravel()[k])]}
    for name, si, display, _ in FIELDS:
        out[name] = _quantity(getattr(launches, name).ravel()[k], si, display)
    return out


def records_per_second(span: str) -> None:
    from lunarbase.interfaces import launch_report
    from lunarbase.launch_study import LaunchStudy

    study = LaunchStudy.from_inputs(exit_speed="2.5 km/s", span=span, every="1 h")
    t0 = time.perf_counter()
    conic = study.propagate()
    phase = study.lunar_phase()
    t_propagate = time.perf_counter() - t0
    n = study.jd.size
    written = [0]

    def sink(text: str) -> None:
        written[0] += len(text)

    t_new = median_seconds(lambda: launch_report.write_depart_json(study, conic, phase, sink), 3)
    n_old = min(n, 3_000)

    def old_way():  # what depart --json did: a record dict per launch, astropy's Time for each date, one dumps
        records = [_old_record(conic, k, phase[k]) for k in range(n_old)]
        json.dumps({"launches": records}, allow_nan=False)

    t_old = median_seconds(old_way, 1) * n / n_old
    print(f"depart --json, {n:,} launches ({span}, every hour; propagation {t_propagate:.1f} s, not counted):")
    print(f"  streamed, vectorised : {n / t_new:12,.0f} records/s  ({t_new:.2f} s, "
          f"{written[0] / 3 / n:.0f} B a record)")
    print(f"  old, record by record: {n / t_old:12,.0f} records/s  (est. {t_old:.0f} s from {n_old:,} records)")
    print(f"  speed-up             : {t_old / t_new:12,.0f} x")


_WINDOWS_CHILD = """
import resource, sys, time
sys.argv = ["lunarbase", "windows", "--exit-speed", "2.5 km/s", "--span", sys.argv[1], "--every", sys.argv[2],
            "--out", sys.argv[3], "--json"]
from lunarbase.interfaces.cli import main
t = time.perf_counter()
try:
    main()
except SystemExit as stop:
    code = stop.code
print("CHILD", time.perf_counter() - t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, code, file=sys.stderr)
"""


def windows_peak(span: str, every: str) -> None:
    with tempfile.TemporaryDirectory() as out:
        env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src")}
        proc = subprocess.run([sys.executable, "-c", _WINDOWS_CHILD, span, every, out], env=env,
                              capture_output=True, text=True)
        child = next(line for line in proc.stderr.splitlines() if line.startswith("CHILD")).split()
        seconds, peak_kb = float(child[1]), int(child[2])
        launches = json.loads(proc.stdout)["launches"] if proc.stdout.strip() else "?"
        sizes = {p.name: p.stat().st_size for p in Path(out).iterdir()}
    print(f"windows --span {span} --every '{every}': {launches:,} launches, {seconds:.0f} s, peak RSS "
          f"{peak_kb / 1024:,.0f} MB; " + ", ".join(f"{k} {v / 1e6:,.1f} MB" for k, v in sorted(sizes.items())))


def capped_run() -> None:
    from lunarbase import load_scenario, simulate
    from lunarbase.engine import MAX_STEPS

    spy = 366
    years = min(MAX_STEPS // spy, 3000 - 1957 + 1)  # the cap, or the schema's longest span if that is shorter
    sc = load_scenario("lunar-base-alpha", [f"horizon.steps_per_year={spy}"], f"1957:{1957 + years - 1}")
    t = time.perf_counter()
    run = simulate(sc)
    seconds = time.perf_counter() - t
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"run at the step cap: 1957:{1957 + years - 1} at {spy} steps a year = {run.t.size:,} steps "
          f"(cap {MAX_STEPS:,}): {seconds:.1f} s, peak RSS {peak:,.0f} MB (this process)")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--span", default="2030-01-01:2099-12-31",
                        help="depart span, one launch an hour (default: the issue's 613,000 launches)")
    parser.add_argument("--skip-windows", action="store_true")
    parser.add_argument("--skip-run", action="store_true")
    args = parser.parse_args()
    records_per_second(args.span)
    if not args.skip_windows:
        windows_peak("2030-01-01:2033-10-20", "1 min")  # 1,998,721 launches: within 0.1 % of the cap
    if not args.skip_run:
        capped_run()


if __name__ == "__main__":
    main()
