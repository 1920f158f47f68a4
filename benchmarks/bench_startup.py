"""How long the command line takes to start: fresh processes, as a user types them.

Times ``lunarbase --help``, ``lunarbase scenarios`` and ``lunarbase run --json --no-report`` (the default
scenario, files written to a temporary folder), each in a new Python process, median of several, against the
baseline ``python -c "import numpy"`` timed the same way in this same script. Targets (the issue's): ``--help``
and ``scenarios`` under 0.5 s, ``run --json`` under 1.5 s. The commands run from this checkout's ``src/``.

Wall time is what the user waits; CPU time (user + system) is less disturbed by other work on the machine,
which the load average printed beside the figures tells. "Cold" means a fresh interpreter, with the operating
system's file cache and Numba's on-disk cache of the compiled loops warm (one untimed run first fills them, as
the first run after installing does).

    .venv/bin/python benchmarks/bench_startup.py [--repeat 7]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src"
CLI = [sys.executable, "-m", "lunarbase.interfaces.cli"]


def seconds(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall time and CPU time (user + system) of one fresh process, s; a failing command is an error."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(argv, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7, help="processes per command (median reported)")
    repeat = parser.parse_args().repeat
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, (str(SRC), os.environ.get("PYTHONPATH"))))}
    with tempfile.TemporaryDirectory() as out:
        commands = {
            'python -c "import numpy" (baseline)': [sys.executable, "-c", "import numpy"],
            "lunarbase --help": [*CLI, "--help"],
            "lunarbase scenarios": [*CLI, "scenarios"],
            "lunarbase run --json --no-report": [*CLI, "run", "--json", "--no-report", "--out", out],
        }
        targets = {"lunarbase --help": 0.5, "lunarbase scenarios": 0.5, "lunarbase run --json --no-report": 1.5}
        for argv in commands.values():  # fill the file cache and Numba's cache, untimed
            seconds(argv, env)
        times = {name: [seconds(argv, env) for _ in range(repeat)] for name, argv in commands.items()}
    wall = {name: statistics.median(w for w, _ in t) for name, t in times.items()}
    cpu = {name: statistics.median(c for _, c in t) for name, t in times.items()}
    baseline = wall['python -c "import numpy" (baseline)']
    print(f"fresh processes, median of {repeat} ({sys.executable}, {os.cpu_count()} cores, "
          f"load average {os.getloadavg()[0]:.1f}):")
    for name in commands:
        target = f"  (target < {targets[name]:.1f} s)" if name in targets else ""
        print(f"  {name:34s} {wall[name]:5.2f} s wall, {cpu[name]:5.2f} s CPU, {wall[name] / baseline:5.1f}x the "
              f"baseline{target}")


if __name__ == "__main__":
    main()
