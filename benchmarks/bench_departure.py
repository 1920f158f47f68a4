"""Patched-conic departures: launches per second, compiled kernel vs the same laws run as NumPy arrays.

Prints the figures; the baseline (the identical jitable chain evaluated uncompiled on arrays) runs in the same
process for a ratio. Launch states are built once (site geometry) and excluded from the propagator timing;
the full chain including the site geometry is timed too.
"""

import numpy as np

from _timing import median_seconds
from lunarbase.physics import ephemeris, patched_conics
from lunarbase.subsystems import launch_site, launch_windows

N = 1_000_000


def main():
    rng = np.random.default_rng(1)
    jd = ephemeris.jd_from_iso("2030-01-01") + rng.random(N) * 365.0
    site = launch_site.SITES["south-polar-ridge"]
    speed = rng.uniform(2.3e3, 3.5e3, N)
    r, v = launch_site.launch_states(site, speed, jd)
    patched_conics.conic_launches(r[:10], v[:10], jd[:10])  # compile / load cache, build ephemeris nodes
    patched_conics.conic_launches(r, v, jd)
    t_conic = median_seconds(lambda: patched_conics.conic_launches(r, v, jd), 3)
    patched_conics.site_launches(site, speed[:10], jd[:10])
    t_full = median_seconds(lambda: patched_conics.site_launches(site, speed, jd), 3)
    t_full_numpy_geometry = median_seconds(
        lambda: patched_conics.conic_launches(*launch_site.launch_states(site, speed, jd), jd), 1)
    moon = tuple(ephemeris.node_table("moon", "earth", jd.min(), jd.max() + 400))
    earth = tuple(ephemeris.node_table("earth", "sun", jd.min(), jd.max() + 400))
    n_base = 200_000

    def numpy_chain():
        with np.errstate(all="ignore"):
            patched_conics._conic_chain(jd[:n_base], r[:n_base, 0], r[:n_base, 1], r[:n_base, 2], v[:n_base, 0],
                                   v[:n_base, 1], v[:n_base, 2], moon, earth)

    t_numpy = median_seconds(numpy_chain, 3) * N / n_base
    print(f"patched conics, {N:,} launches over 2030 (distinct dates and speeds):")
    print(f"  compiled kernel   {t_conic:7.3f} s  = {N / t_conic / 1e6:6.2f} M launches/s")
    print(f"  NumPy baseline    {t_numpy:7.3f} s  = {N / t_numpy / 1e6:6.2f} M launches/s (same laws, arrays)")
    print(f"  ratio             {t_numpy / t_conic:7.1f}x")
    print(f"  site geometry + conics, one compiled pass {t_full:7.3f} s = {N / t_full / 1e6:.2f} M launches/s")
    print(f"  site geometry in NumPy, then the kernel    {t_full_numpy_geometry:7.3f} s = "
          f"{N / t_full_numpy_geometry / 1e6:.2f} M launches/s")

    # The fleet's around-the-clock month (hourly, 709 launches a sample) for 1,000 exit-speed samples near the
    # threshold: conics alone, and with the N-body table read where it covers them (the baseline in this process).
    speeds = np.linspace(2.35e3, 2.6e3, 1000)
    start = ephemeris.jd_from_iso("2030-01-01")
    launch_windows.around_the_clock(site, speeds[:2], start)  # load the table
    t_clock_conic = median_seconds(lambda: launch_windows.around_the_clock(site, speeds, start, nbody_table=False), 3)
    t_clock_table = median_seconds(lambda: launch_windows.around_the_clock(site, speeds, start), 3)
    print(f"around the clock, 1,000 samples x 709 launches: conics {t_clock_conic:.3f} s, with the N-body table "
          f"{t_clock_table:.3f} s ({t_clock_table / t_clock_conic:.2f}x)")


if __name__ == "__main__":
    main()
