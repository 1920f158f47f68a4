"""Make the N-body escape table the fleet model reads (src/lunarbase/data/escape_table.npz).

What it runs (``lunarbase.subsystems.escape_table.GRID``): from each covered site's horizontal prograde track,
each exit speed, each lunar phase (elongation every 15 deg from new moon, placed to 1e-6 rad by Newton steps
on ``launch_windows.lunar_phase``) and each of sixteen epochs (new moons 14 synodic months apart from January
2030), one payload followed by REBOUND/IAS15 (``physics.nbody.integrate_launches``: Sun, Earth, Moon from the
ephemeris) for a Julian year. One simulation per (site, epoch), the chunks spread over worker processes.

It then prints, per site: the wall time, the escaping share by speed next to the patched conics' on the same
launches, the N-body thresholds (least speed from which half, and all, of the launches escape within the
year), the conics' (least speed from which all escape), and the speed from which the conics agree (same
outcome everywhere, a within 1 %).

    PYTHONPATH=src python scripts/make_escape_table.py [--workers N] [--out PATH]

Needs REBOUND (``pip install lunarbase[nbody]``, GPL-3.0); the package only reads the file it writes.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np

from lunarbase.constants import SYNODIC_MONTH
from lunarbase.physics import ephemeris, nbody
from lunarbase.physics.outcomes import ESCAPED, NAMES
from lunarbase.subsystems import escape_table, launch_site, launch_windows

GRID = escape_table.GRID


def _wrap(x):
    return np.angle(np.exp(1j * x))


def phase_dates(jd_guess: np.ndarray, target: np.ndarray) -> np.ndarray:
    """TDB Julian dates near ``jd_guess`` where the lunar phase equals ``target`` (rad), to 1e-6 rad."""
    rate = 2.0 * np.pi / (SYNODIC_MONTH / 86400.0)  # rad/day, mean
    jd = np.array(jd_guess, dtype=float)
    for _ in range(20):
        err = _wrap(launch_windows.lunar_phase(jd) - target)
        jd = jd - err / rate
        if np.max(np.abs(err)) < 1e-6:
            break
    return jd


def launch_jd() -> np.ndarray:
    """Launch dates (phases, epochs): each epoch's new moon, then every phase after it within that month."""
    first = ephemeris.jd_from_iso(GRID["first_epoch"])
    step = escape_table.epoch_step_days()
    month = SYNODIC_MONTH / 86400.0
    guesses = first + np.arange(GRID["epochs"]) * step
    new_moon = phase_dates(guesses, np.zeros(GRID["epochs"]))
    new_moon = np.where(new_moon < guesses, new_moon + month, new_moon)  # on or after the epoch's date
    new_moon = phase_dates(new_moon, np.zeros(GRID["epochs"]))
    phases = escape_table.grid_phases()
    guess = new_moon[None, :] + phases[:, None] / (2 * np.pi) * month
    return phase_dates(guess, np.broadcast_to(phases[:, None], guess.shape))


def run_chunk(args):
    """One (site, epoch): every speed and phase in one simulation. Returns the fields (speeds, phases)."""
    site_name, jd_phases = args
    fields = escape_table.site_fields([site_name])
    site = launch_site.SITES[site_name]._replace(**{k: float(v[0]) for k, v in fields.items()})
    speeds = escape_table.grid_speeds()
    jd = np.broadcast_to(jd_phases[None, :], (len(speeds), len(jd_phases)))
    r, v = launch_site.launch_states(site, speeds[:, None], jd)
    nb = GRID["nbody"]
    assert nbody.IAS15_EPSILON == nb["epsilon"]
    res = nbody.integrate_launches(jd.ravel(), r.reshape(-1, 3), v.reshape(-1, 3), days=GRID["days"],
                                   stop_distance=nb["stop_distance_m"], hill_radius=nb["hill_radius_m"])
    shape = jd.shape
    return {name: np.asarray(getattr(res, name)).reshape(shape) for name in escape_table.FIELDS}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=min(os.cpu_count() or 1, 16))
    parser.add_argument("--out", type=Path, default=escape_table.PATH)
    parser.add_argument("--report-only", action="store_true", help="only print the report of the shipped table")
    args = parser.parse_args(argv)
    if args.report_only:
        report(escape_table.load().jd)
        return 0
    rebound = nbody.import_rebound()

    t0 = time.perf_counter()
    jd = launch_jd()  # (phases, epochs)
    sites = GRID["sites"]
    speeds = escape_table.grid_speeds()
    shape = (len(sites), len(speeds), GRID["phases"], GRID["epochs"])
    out = {name: np.full(shape, np.nan) for name in escape_table.FIELDS}
    chunks = [(s, m) for s in range(len(sites)) for m in range(GRID["epochs"])]
    print(f"{len(chunks)} simulations of {len(speeds) * GRID['phases']} payloads, {GRID['days']} d each, "
          f"{args.workers} workers", flush=True)
    with ProcessPoolExecutor(max_workers=args.workers) as pool:
        work = [(sites[s], jd[:, m]) for s, m in chunks]
        for (s, m), res in zip(chunks, pool.map(run_chunk, work), strict=True):
            for name in escape_table.FIELDS:
                out[name][s, :, :, m] = res[name]
            print(f"  {sites[s]} epoch {m}: done at {time.perf_counter() - t0:.0f} s", flush=True)
    wall = time.perf_counter() - t0

    meta = {"version": escape_table.VERSION, "signature": escape_table.signature(), "grid": GRID,
            "rebound": rebound.__version__, "generated_utc": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "wall_seconds": round(wall, 1), "workers": args.workers,
            "script": "scripts/make_escape_table.py"}
    fields = escape_table.site_fields(sites)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    tmp = args.out.with_suffix(".tmp.npz")
    np.savez_compressed(
        tmp, meta=np.array(json.dumps(meta, default=list)), sites=np.array(sites), speed=speeds, jd=jd,
        outcome=out["outcome"].astype(np.int8),
        **{name: out[name].astype(np.float32) for name in escape_table.FIELDS if name != "outcome"}, **fields)
    os.replace(tmp, args.out)
    print(f"wrote {args.out} ({args.out.stat().st_size / 1024:.0f} KiB) in {wall:.0f} s of wall time")
    report(jd)
    return 0


def _from(speeds, ok) -> float:
    """The least speed from which ``ok`` holds at every faster grid speed (NaN if not even at the fastest)."""
    bad = np.flatnonzero(~np.asarray(ok))
    if not bad.size:
        return float(speeds[0])
    return float(speeds[bad[-1] + 1]) if bad[-1] + 1 < len(speeds) else float("nan")


def report(jd) -> None:
    """Escaping shares by speed, N-body against conics on the same launches, and the thresholds."""
    escape_table.load.cache_clear()
    table = escape_table.load()
    speeds = table.speed
    for s, name in enumerate(table.sites):
        site = launch_site.SITES[name]._replace(track_azimuth=table.track_azimuth[s])
        conic = launch_windows.propagate(site, speeds[:, None, None], jd[None], "conic")
        nb_share = table.escape_share()[s]
        c_share = np.mean(conic.outcome == ESCAPED, axis=(1, 2))
        counts = {n: int(np.sum(table.outcome[s] == k)) for k, n in enumerate(NAMES)}
        with np.errstate(invalid="ignore"):
            a_err = np.abs(table.a[s] / conic.a - 1.0)
        same = np.all(table.outcome[s] == conic.outcome, axis=(1, 2)) & np.all(
            (a_err <= 0.01) | (table.outcome[s] != ESCAPED), axis=(1, 2))
        agree_from = _from(speeds, same)
        print(f"\n{name} (prograde track, azimuth {np.degrees(table.track_azimuth[s]):.2f} deg): {counts}")
        print(" speed km/s   N-body share   conic share")
        for k, v in enumerate(speeds):
            if v <= 2.6e3 or k % 3 == 0:
                print(f"   {v / 1e3:.2f}         {nb_share[k]:6.1%}        {c_share[k]:6.1%}")
        half, most, every = (_from(speeds, nb_share >= x) for x in (0.5, 0.95, 1.0))
        first, c_first, c_all = speeds[np.argmax(nb_share > 0)], speeds[np.argmax(c_share > 0)], _from(speeds,
                                                                                                     c_share >= 1.0)
        print(f" N-body within {GRID['days']} d: first escapes at {first / 1e3:.2f} km/s; at least half from "
              f"{half / 1e3:.2f}, at least 95 % from {most / 1e3:.2f}, all from {every / 1e3:.2f} km/s (at every "
              f"faster grid speed)\n conics: first at {c_first / 1e3:.2f}, all from {c_all / 1e3:.2f} km/s; "
              f"conics agree (outcomes, a within 1 %) from {agree_from / 1e3:.2f} km/s")
        if nb_share[0] > 0:
            print(" WARNING: the lowest speed of the grid escapes: extend GRID['speeds'] down", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
