"""How long the N-body propagator takes: 10,000 payloads thrown off the Moon, followed 60 days.

Payloads leave one site on the Moon's leading limb (the point of the Moon's surface along its geocentric
velocity) on 2030-01-01, horizontally, at exit speeds uniform in 2.3-3.5 km/s and azimuths uniform in
0-360 deg. Prints the wall time of ``integrate_launches`` for 10,000 payloads and, as the baseline in this
same process, for 1,000 of the same payloads (the ratio shows how the cost scales), plus the outcome counts.

    .venv/bin/python benchmarks/bench_nbody.py [N]
"""

from __future__ import annotations

import sys
import time

import numpy as np

from lunarbase import constants as C
from lunarbase.physics import ephemeris, nbody, outcomes

JD = ephemeris.jd_from_iso("2030-01-01")
DAYS = 60.0


def launches(n: int, seed: int = 1):
    """Selenocentric ICRS states: position R_moon * site, velocity speed * horizontal unit vector."""
    r_m, v_m = ephemeris.relative_states("moon", "earth", JD)
    site = v_m / np.linalg.norm(v_m)
    east = -r_m - (-r_m).dot(site) * site
    east /= np.linalg.norm(east)
    north = np.cross(site, east)
    rng = np.random.default_rng(seed)
    speed = rng.uniform(2300.0, 3500.0, n)
    azimuth = rng.uniform(0.0, 2.0 * np.pi, n)
    r = np.tile(C.MOON_RADIUS * site, (n, 1))
    v = speed[:, None] * (np.cos(azimuth)[:, None] * east + np.sin(azimuth)[:, None] * north)
    return np.full(n, JD), r, v


def timed(n: int):
    jd, r, v = launches(n)
    start = time.perf_counter()
    res = nbody.integrate_launches(jd, r, v, days=DAYS)
    return time.perf_counter() - start, res


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    timed(10)  # compile the per-step scan (cached on disk) and load the ephemeris outside the timing
    base_n = max(n // 10, 1)
    base_s, _ = timed(base_n)
    full_s, res = timed(n)
    counts = np.bincount(res.outcome, minlength=len(outcomes.NAMES))
    print(f"N-body, {DAYS:.0f} days, IAS15 eps={nbody.IAS15_EPSILON:g}, two step tiers")
    print(f"  {base_n:>6} payloads: {base_s:7.2f} s   (baseline)")
    print(f"  {n:>6} payloads: {full_s:7.2f} s   ratio {full_s / base_s:.1f} for {n / base_n:.0f}x the payloads")
    print("  outcomes: " + ", ".join(f"{name} {c}" for name, c in zip(outcomes.NAMES, counts, strict=True)))
    esc = res.outcome == outcomes.ESCAPED
    if esc.any():
        print(f"  escaped: a {np.median(res.a[esc]) / C.AU:.3f} AU median, time to leave the Hill sphere "
              f"{np.nanmedian(res.time_to_leave_hill[esc]) / 86400.0:.1f} d median")


if __name__ == "__main__":
    main()
