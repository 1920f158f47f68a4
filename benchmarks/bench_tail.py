"""The CPU a study chunk costs a sample outside the compiled growth loop (the "tail": the fleet, links, workloads,
costs, the drivers' time grids and the study's outputs), against another revision, with its outputs checked equal.

For each route's preset study (each preset's own ``[uncertainty]`` set, Monte Carlo, one chunk of ``--samples``),
child processes run ``study.run_chunk`` on this tree and on the source tree of git revision ``--against``
(``git archive``, in a temporary folder, as ``bench_samples.py --against`` does), alternated (A B A B ...) so that
the shared cores' load falls on both alike. Each child warms the chunk once, then takes the least CPU time of the
process (``time.process_time``) over ``--repeat`` calls: of the whole ``run_chunk``, and of it less the time in the
surface routes' compiled growth loop (``surface_base.grow``, timed by a wrapper; the other routes have none, so
their tail is the whole chunk). The parent prints us a sample of each, the best over ``--rounds`` children, the
ratio of this tree's to the baseline's, and whether every output column of the chunk is equal
(``np.array_equal``, NaN equal to NaN) between the two trees (else how many differ, by how much at most, and which,
a yearly fan's columns ``key@year`` named once by their key).

    PYTHONPATH=src .venv/bin/python benchmarks/bench_tail.py [--against be41f34] [--samples 512] [--routes ...]
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

#: One preset study per route kind (each has an ``[uncertainty]`` table).
PRESETS = ("lunar-base-alpha", "mars-base", "mercury-swarm", "earth-orbit-starship", "terrestrial")


def child(preset: str, samples: int, repeat: int, outputs: str) -> dict[str, float]:
    """In a child (``PYTHONPATH`` the tree to time): the least CPU s a sample of the chunk, whole and less the growth
    loop, over ``repeat`` calls after a warm one; the chunk's outputs pickled to ``outputs``."""
    from lunarbase import load_scenario
    from lunarbase.architectures import surface_base
    from lunarbase.scenario import uncertainty
    from lunarbase.study import _Design, chunks_of, run_chunk

    in_loop = [0.0]
    grow = surface_base.grow

    def timed_grow(*args, **kwargs):
        start = time.process_time()
        try:
            return grow(*args, **kwargs)
        finally:
            in_loop[0] += time.process_time() - start

    surface_base.grow = timed_grow  # simulate reads the module's global at each call
    scenario = load_scenario(preset)
    design = _Design(scenario.uncertainty, uncertainty.sample, "mc", samples, 3, chunks_of(samples, samples))
    given, _ = design.draws(design.point(0))
    out = run_chunk(scenario, given)  # compile or load the cached loops
    whole, tail = [], []
    for _ in range(repeat):
        in_loop[0] = 0.0
        start = time.process_time()
        run_chunk(scenario, given)
        cpu = time.process_time() - start
        whole.append(cpu)
        tail.append(cpu - in_loop[0])
    with open(outputs, "wb") as f:
        pickle.dump({k: np.asarray(v) for k, v in out.items()}, f)
    return {"whole": min(whole) / samples, "tail": min(tail) / samples}


def equal_outputs(a: dict, b: dict) -> dict[str, float]:
    """Output columns that differ between two chunks (NaN equal to NaN), with their largest relative difference
    (inf for a column in one only, of another shape, or not numbers)."""
    bad = {name: np.inf for name in sorted(set(a) ^ set(b))}
    for name in sorted(set(a) & set(b)):
        x, y = a[name], b[name]
        nan = x.dtype.kind == "f" and y.dtype.kind == "f"
        if x.shape != y.shape or not np.array_equal(x, y, equal_nan=nan):
            with np.errstate(all="ignore"):
                rel = np.nanmax(np.abs(x - y) / np.abs(x)) if nan and x.shape == y.shape else np.inf
            bad[name] = float(rel)
    return bad


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--against", default="be41f34", help="git revision of the baseline")
    parser.add_argument("--samples", type=int, default=512, help="samples in the chunk")
    parser.add_argument("--repeat", type=int, default=5, help="timed calls in each child")
    parser.add_argument("--rounds", type=int, default=2, help="alternated children of each tree")
    parser.add_argument("--routes", default=",".join(PRESETS), help="presets, comma-separated")
    parser.add_argument("--child", default="", help=argparse.SUPPRESS)
    parser.add_argument("--outputs", default="", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.samples, args.repeat, args.outputs)))
        return
    root = Path(__file__).resolve().parents[1]
    with tempfile.TemporaryDirectory() as tmp:
        archive = subprocess.run(["git", "-C", str(root), "archive", args.against, "src"], capture_output=True,
                                 check=True).stdout
        base = Path(tmp) / "base"
        base.mkdir()
        subprocess.run(["tar", "-x", "-C", str(base)], input=archive, check=True)
        trees = {args.against: str(base / "src"), "this tree": str(root / "src")}
        print(f"CPU us a sample of one {args.samples}-sample study chunk (study.run_chunk), least of {args.repeat} "
              f"calls x {args.rounds} alternated children; tail = the chunk less surface_base.grow")
        print(f"{'preset':22} {'tree':10} {'whole':>8} {'tail':>8}   outputs")
        for preset in args.routes.split(","):
            best = {name: {"whole": np.inf, "tail": np.inf} for name in trees}
            outputs = {}
            for r in range(args.rounds):
                for name, src in trees.items():
                    path = Path(tmp) / f"{preset}-{r}-{name.replace(' ', '_')}.pkl"
                    env = {**os.environ, "PYTHONPATH": src}
                    run = subprocess.run([sys.executable, __file__, "--child", preset, "--samples", str(args.samples),
                                          "--repeat", str(args.repeat), "--outputs", str(path)], env=env,
                                         capture_output=True, text=True)
                    if run.returncode:
                        raise SystemExit(f"{preset} on {name}: {run.stderr[-2000:]}")
                    got = json.loads(run.stdout.strip().splitlines()[-1])
                    best[name] = {k: min(best[name][k], got[k]) for k in got}
                    with open(path, "rb") as f:
                        outputs[name] = pickle.load(f)
            differ = equal_outputs(*outputs.values())
            for name in trees:
                print(f"{preset:22} {name[:10]:10} {best[name]['whole'] * 1e6:8.1f} {best[name]['tail'] * 1e6:8.1f}")
            old, new = best[args.against], best["this tree"]
            verdict = f"{len(outputs['this tree'])} columns equal" if not differ else (
                f"{len(differ)} of {len(outputs['this tree'])} columns differ, by at most "
                f"{max(differ.values()):.2g} (relative): {', '.join(sorted({k.split('@')[0] for k in differ}))}")
            print(f"{preset:22} {'ratio':10} {new['whole'] / old['whole']:7.2f}x {new['tail'] / old['tail']:7.2f}x"
                  f"   {verdict}")


if __name__ == "__main__":
    main()
