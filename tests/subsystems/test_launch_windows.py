"""Launch windows through the synodic month, around the clock, and the best track."""

import numpy as np
import pytest

from lunarbase.constants import MOON_GM, MOON_RADIUS
from lunarbase.physics import kepler
from lunarbase.physics.outcomes import ESCAPED
from lunarbase.subsystems import launch_site, launch_windows

JD_2030 = 2462502.5  # 2030-01-01 TDB


def test_windows_follow_the_synodic_month():
    site = launch_site.SITES["south-polar-ridge"]
    jd = launch_windows.launch_dates(JD_2030, JD_2030 + 59.06, 3600.0)
    res = launch_windows.propagate(site, 2500.0, jd)
    outer = launch_windows.reaches(res, "outer")
    found = launch_windows.windows(jd, outer)
    starts = np.array([w.start_jd for w in found if w.launches > 24])
    assert len(starts) == 2
    assert np.diff(starts)[0] == pytest.approx(29.53, abs=1.0)  # one window per synodic month
    assert 0.35 < outer.mean() < 0.65  # half the month outward, half inward
    assert (res.outcome == ESCAPED).all()


def test_around_the_clock_share_is_monotonic_in_speed():
    site = launch_site.SITES["equatorial-nearside"]
    out = launch_windows.around_the_clock(site, [2300.0, 2400.0, 2420.0, 2450.0, 2600.0], JD_2030)
    assert np.all(np.diff(out.escape_share) >= 0)
    assert out.escape_share[0] == 0.0 and out.escape_share[-1] == 1.0
    assert np.isnan(out.delta_v_to_target[0]) and out.delta_v_to_target[-1] > 0


@pytest.mark.parametrize("name, speed", [("south-polar-ridge", 2450.0), ("south-polar-ridge", 3000.0),
                                         ("equatorial-nearside", 2500.0)])
def test_best_azimuth_beats_or_matches_the_prograde_track(name, speed):
    site = launch_site.SITES[name]
    best = site._replace(track_azimuth=launch_windows.best_azimuth(site, speed, JD_2030))
    got = launch_windows.around_the_clock(best, speed, JD_2030, every_s=6 * 3600.0)
    pro = launch_windows.around_the_clock(site, speed, JD_2030, every_s=6 * 3600.0)
    assert got.escape_share[0] >= pro.escape_share[0]
    if got.escape_share[0] == pro.escape_share[0] > 0:
        assert got.delta_v_to_target[0] <= pro.delta_v_to_target[0] + 1e-6


def test_hyperbola_turns_the_payload_so_prograde_is_not_always_best():
    # From the sub-Earth point at 3 km/s the hyperbola turns the payload by
    # theta_inf - 90 deg = arccos(-1/e) - 90 deg with e = 1 + R v_inf^2 / GM = 2.19: 27.2 deg (2.45 km/s: 63 deg).
    v_inf = np.sqrt(3000.0**2 - 2 * MOON_GM / MOON_RADIUS)
    e = 1 + MOON_RADIUS * v_inf**2 / MOON_GM
    assert np.degrees(np.arccos(-1 / e)) - 90 == pytest.approx(27.2, abs=0.1)
    r, v = launch_site.launch_states(launch_site.SITES["equatorial-nearside"], 3000.0, JD_2030)
    w = kepler.asymptote_velocity(MOON_GM, r, v)
    turn = np.degrees(np.arccos(np.dot(w, v) / np.linalg.norm(w) / np.linalg.norm(v)))
    assert turn == pytest.approx(np.degrees(np.arccos(-1 / e)) - 90, abs=1.0)
