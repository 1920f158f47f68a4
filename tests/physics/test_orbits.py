"""Two-body laws against textbook values (Curtis; Vallado; NASA fact sheets)."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lunarbase import constants as C
from lunarbase.physics import orbits

#: Curtis, Orbital Mechanics for Engineering Students, Example 8.3: Sun GM (km^3/s^2 -> m^3/s^2).
CURTIS_SUN_GM = 1.327e20


CURTIS_R_EARTH = 149.6e9  # m, Curtis Table A.1 / Example 8.3


CURTIS_R_MARS = 227.9e9  # m


def test_lunar_escape_speed():
    # Lunar escape speed 2.38 km/s = sqrt(2 GM/R) (docs/references.md; NASA Moon fact sheet 2.38 km/s).
    assert orbits.escape_speed(C.MOON_GM, C.MOON_RADIUS) == pytest.approx(2.38e3, abs=10.0)


def test_earth_escape_speed_at_surface():
    # NASA Earth fact sheet: escape velocity 11.186 km/s at the volumetric mean radius 6371.0 km.
    assert orbits.escape_speed(C.EARTH_GM, 6371.0e3) == pytest.approx(11.186e3, abs=2.0)


def test_mars_escape_speed():
    # Mars escape speed 5.03 km/s from GM 4.2828e13 m^3/s^2, R 3389.5 km (docs/references.md, JPL).
    assert orbits.escape_speed(4.2828e13, 3389.5e3) == pytest.approx(5.03e3, abs=10.0)


def test_earth_mean_orbital_speed():
    # Earth mean orbital speed 29.78 km/s (docs/references.md; NASA Earth fact sheet 29.78 km/s).
    assert orbits.circular_speed(C.SUN_GM, C.AU) == pytest.approx(29.78e3, abs=10.0)


def test_moon_circular_speed():
    # Moon mean orbital speed 1.022 km/s (NASA Moon fact sheet); circular sqrt(GM_E/r) within 1 %.
    assert orbits.circular_speed(C.EARTH_GM, C.MOON_DISTANCE) == pytest.approx(1.022e3, rel=0.01)


def test_escape_is_sqrt2_times_circular():
    # Identity from the definitions (Curtis eqs. 2.63, 2.80): v_esc = sqrt(2) v_c.
    r = np.geomspace(1e6, 1e13, 9)
    np.testing.assert_allclose(orbits.escape_speed(C.SUN_GM, r), math.sqrt(2) * orbits.circular_speed(C.SUN_GM, r),
                               rtol=1e-12)


def test_hohmann_earth_to_mars_curtis_example_8_3():
    # Curtis Example 8.3: v_inf at departure 2.943 km/s, at arrival 2.648 km/s; total 5.591 km/s (within 1 %).
    total = orbits.hohmann_delta_v(C.SUN_GM, CURTIS_R_EARTH, CURTIS_R_MARS)
    assert total == pytest.approx(2.943e3 + 2.648e3, rel=0.01)
    # With Curtis's own mu the agreement is at the 0.1 % level of his rounded figures.
    assert orbits.hohmann_delta_v(CURTIS_SUN_GM, CURTIS_R_EARTH, CURTIS_R_MARS) == pytest.approx(5.591e3, rel=1e-3)


def test_hohmann_legs_by_hand():
    # Hohmann legs written out by hand from vis-viva (Curtis eq. 6.3): both burns, r1 -> r2 and back.
    mu, r1, r2 = C.SUN_GM, CURTIS_R_EARTH, CURTIS_R_MARS
    a = (r1 + r2) / 2
    dv1 = math.sqrt(mu * (2 / r1 - 1 / a)) - math.sqrt(mu / r1)
    dv2 = math.sqrt(mu / r2) - math.sqrt(mu * (2 / r2 - 1 / a))
    assert dv1 == pytest.approx(2.943e3, rel=0.01)  # Curtis Example 8.3 departure v_inf
    assert dv2 == pytest.approx(2.648e3, rel=0.01)  # Curtis Example 8.3 arrival v_inf
    assert orbits.hohmann_delta_v(mu, r1, r2) == pytest.approx(dv1 + dv2, rel=1e-12)
    # A Hohmann transfer costs the same in either direction.
    assert orbits.hohmann_delta_v(mu, r2, r1) == pytest.approx(dv1 + dv2, rel=1e-12)


def test_hohmann_leo_to_geo():
    # Wikipedia, "Hohmann transfer orbit", Example: LEO at r = 6,678 km (300 km altitude) to GEO at 42,164 km
    # takes 2.42 + 1.46 = 3.88 km/s (figures rounded to 0.01 km/s, so 1 % tolerance).
    dv = orbits.hohmann_delta_v(C.EARTH_GM, 6_678e3, 42_164e3)
    assert dv == pytest.approx(3.88e3, rel=0.01)


def test_hohmann_same_orbit_is_free():
    assert orbits.hohmann_delta_v(C.SUN_GM, C.AU, C.AU) == pytest.approx(0.0, abs=1e-6)


def test_specific_energy_vis_viva():
    # eps = v^2/2 - mu/r (Curtis eq. 2.80); circular orbit has eps = -mu/(2r); escape speed has eps = 0.
    r = C.AU
    assert orbits.specific_energy(C.SUN_GM, r, math.sqrt(C.SUN_GM / r)) == pytest.approx(-C.SUN_GM / (2 * r))
    assert orbits.specific_energy(C.SUN_GM, r, math.sqrt(2 * C.SUN_GM / r)) == pytest.approx(0.0, abs=1e-3)


@settings(max_examples=200, deadline=None)
@given(r=st.floats(1e6, 1e13), frac=st.floats(0.05, 1.35))
def test_vis_viva_semimajor_axis_round_trip(r, frac):
    # Vis-viva v^2 = mu (2/r - 1/a) (Curtis eq. 2.81): a from (r, v), then v from (a, r) returns v.
    mu = C.SUN_GM
    v = frac * math.sqrt(mu / r)  # bound orbits only (frac < sqrt 2)
    a = orbits.semimajor_axis(mu, r, v)
    assert a > 0
    assert 1.0 / a == pytest.approx(2.0 / r - v**2 / mu, rel=1e-9)
    assert orbits.speed_at_radius(mu, a, r) == pytest.approx(v, rel=1e-9)
    # eps = -mu / (2a)
    assert orbits.specific_energy(mu, r, v) == pytest.approx(-mu / (2 * a), rel=1e-9)


def test_semimajor_axis_negative_for_hyperbola():
    # Curtis ch. 2: a < 0 for hyperbolic trajectories (v > v_esc).
    assert orbits.semimajor_axis(C.SUN_GM, C.AU, 1.5 * math.sqrt(2 * C.SUN_GM / C.AU)) < 0


def test_speed_at_radius_nan_where_unreachable():
    # An orbit with a = 1 AU cannot reach r = 3 AU (2/r - 1/a < 0).
    assert np.isnan(orbits.speed_at_radius(C.SUN_GM, C.AU, 3 * C.AU))


def test_excess_speed():
    # v_inf^2 = v^2 - v_esc^2 (Curtis eq. 2.112); a 3-4-5 triangle; NaN below escape.
    assert orbits.excess_speed(5.0, 4.0) == pytest.approx(3.0)
    assert orbits.excess_speed(4.0, 4.0) == 0.0
    assert np.isnan(orbits.excess_speed(3.0, 4.0))
