"""The ephemeris against Meeus's worked examples and physical bounds over 2026-2150."""

import numpy as np
import pytest

from lunarbase.constants import AU
from lunarbase.physics import ephemeris, moon_orientation

JD_2030 = 2462502.5  # 2030-01-01 TDB


def _ecliptic_lon_lat_dist(body, jd):
    r, _ = ephemeris.relative_states(body, "earth", jd)
    x = ephemeris.ecliptic_from_icrs(r)
    d = np.linalg.norm(x)
    return np.degrees(np.arctan2(x[1], x[0])) % 360, np.degrees(np.arcsin(x[2] / d)), d


def test_moon_position_meeus_example_47a():
    # 1992 April 12, 0h TD: geocentric lambda 133.162655 deg, beta -3.229126 deg, distance 368,409.7 km
    # (of date; to the J2000 ecliptic add general precession 50.29"/yr x 7.72 yr = 0.108 deg).
    lon, lat, dist = _ecliptic_lon_lat_dist("moon", 2448724.5)
    precession = 50.29 / 3600 * (2000.0 - 1992.28)
    assert lon == pytest.approx(133.1627 + precession, abs=0.02)
    assert lat == pytest.approx(-3.2291, abs=0.02)
    assert dist == pytest.approx(368409.7e3, abs=30e3)


def test_sun_distance_meeus_example_25b():
    # 1992 October 13, 0h TD: Sun-Earth distance R = 0.99760775 AU (VSOP87, Meeus example 25.b).
    _, _, dist = _ecliptic_lon_lat_dist("sun", 2448908.5)
    assert dist / AU == pytest.approx(0.99760775, abs=2e-6)


def test_ephemeris_physical_bounds_over_the_whole_range():
    jd = ephemeris.jd_from_iso("2026-01-01") + np.linspace(0, 365.25 * 124.9, 3000)
    r_m, _ = ephemeris.relative_states("moon", "earth", jd)
    r_s, _ = ephemeris.relative_states("earth", "sun", jd)
    d_m, d_s = np.linalg.norm(r_m, axis=-1), np.linalg.norm(r_s, axis=-1) / AU
    assert 356_000e3 < d_m.min() and d_m.max() < 407_000e3  # perigee / apogee extremes
    assert 0.9832 < d_s.min() < 0.9834 and 1.0166 < d_s.max() < 1.0168  # perihelion / aphelion, e = 0.0167


def test_interpolation_matches_the_series_and_differentiates_consistently():
    jd = JD_2030 + np.array([0.123, 7.77, 20.5])
    r, v = ephemeris.relative_states("moon", "earth", jd)
    r_plus, _ = ephemeris.relative_states("moon", "earth", jd + 1e-3)
    r_minus, _ = ephemeris.relative_states("moon", "earth", jd - 1e-3)
    np.testing.assert_allclose((r_plus - r_minus) / 172.8, v, atol=0.01)  # m/s, central difference


def test_moon_librations_meeus_example_53a():
    # 1992 April 12, 0h TD: total librations l = -1.23 deg, b = +4.20 deg (sub-Earth point).
    r, _ = ephemeris.relative_states("earth", "moon", 2448724.5)
    bf = moon_orientation.body_from_icrf(2448724.5) @ r
    assert np.degrees(np.arctan2(bf[1], bf[0])) == pytest.approx(-1.23, abs=0.05)
    assert np.degrees(np.arcsin(bf[2] / np.linalg.norm(bf))) == pytest.approx(4.20, abs=0.05)


@pytest.mark.parametrize("body", ephemeris.BODIES)
def test_nodes_are_astropys_builtin_ephemeris(body):
    # The module calls ERFA itself; at the nodes it must give what astropy's built-in ephemeris gives.
    from astropy.coordinates import get_body_barycentric_posvel
    from astropy.time import Time

    jd = JD_2030 + np.array([0.0, 0.25, 63.75, 64.0, 200.5])  # nodes, across block edges
    r, v = ephemeris.states(body, jd)
    pos, vel = get_body_barycentric_posvel(body, Time(jd, format="jd", scale="tdb"), ephemeris="builtin")
    np.testing.assert_allclose(r, pos.get_xyz(xyz_axis=1).to_value("m"), rtol=0, atol=1e-3)  # m
    np.testing.assert_allclose(v, vel.get_xyz(xyz_axis=1).to_value("m/s"), rtol=0, atol=1e-9)  # m/s


def test_iso_dates_are_astropys_to_the_millisecond():
    """The vectorised ISO writer gives astropy's ``Time.isot`` strings, day boundaries and milliseconds included."""
    from astropy.time import Time

    rng = np.random.default_rng(3)
    jd = np.concatenate([2435000.5 + rng.random(5000) * 365.25 * 200, 2462502.5 + np.arange(48) / 24,
                         2462502.5 + np.arange(100) / 86400e3 - 50 / 86400e3, [2462502.4999999995, 2462502.5]])
    np.testing.assert_array_equal(ephemeris.iso_from_jd(jd), Time(jd, format="jd", scale="tdb").isot)
    assert ephemeris.iso_from_jd(2462502.5).shape == (1,)
