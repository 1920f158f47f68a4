"""Two-body states: Curtis's worked examples, conservation laws, Edelbaum's limits."""

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from lunarbase.constants import MOON_GM, MOON_RADIUS
from lunarbase.physics import kepler, orbits

MU_E = 398600e9  # Curtis's value, km^3/s^2 in SI


def test_curtis_example_3_7_universal_variable():
    r, v = kepler.propagate(MU_E, np.array([7000e3, -12124e3, 0]), np.array([2667.9, 4621.0, 0]), 3600.0)
    np.testing.assert_allclose(r / 1e3, [-3297.8, 7413.4, 0], atol=0.5)
    np.testing.assert_allclose(v / 1e3, [-8.2977, -0.96309, 0], atol=2e-3)


def test_curtis_example_8_3_hyperbolic_departure_to_mars():
    # 300 km parking orbit, Hohmann to Mars: v_inf 2.943 km/s, Delta-v 3.590 km/s, beta = 29.18 deg.
    rp = 6678e3
    vp = np.sqrt(2943.0**2 + 2 * MU_E / rp)
    assert vp - np.sqrt(MU_E / rp) == pytest.approx(3590.0, abs=2.0)
    r, v = np.array([rp, 0, 0]), np.array([0, vp, 0])
    v_inf = kepler.asymptote_velocity(MU_E, r, v)
    assert np.linalg.norm(v_inf) == pytest.approx(2943.0, abs=0.5)
    e = kepler.elements(MU_E, r, v).e
    assert np.degrees(np.arccos(1 / e)) == pytest.approx(29.18, abs=0.03)
    # Patched to the Sun at 1 AU along Earth's motion: the transfer ellipse's a = (R_E + R_M)/2.
    v_helio = np.sqrt(132.71e18 / 149.6e9) + 2943.0
    helio = kepler.elements(132.71e18, np.array([149.6e9, 0, 0]), np.array([0, v_helio, 0]))
    assert helio.a == pytest.approx(0.5 * (149.6e9 + 227.9e9), rel=2e-4)


@settings(max_examples=40, deadline=None)
@given(st.floats(1.5e6, 5e7), st.floats(0.5, 1.6), st.floats(-3e5, 3e5))
@example(1.5e6, 1.4095406195532934, 160118.5)  # near-parabolic ellipse (e = 0.987): plain Newton stalled
def test_propagate_conserves_energy_and_momentum(radius, speed_factor, dt):
    r0 = np.array([radius, 0.0, 0.0])
    v0 = np.array([0.0, speed_factor * np.sqrt(MOON_GM / radius), 100.0])
    r, v = kepler.propagate(MOON_GM, r0, v0, dt)
    e0, e1 = kepler.elements(MOON_GM, r0, v0), kepler.elements(MOON_GM, r, v)
    assert e1.energy == pytest.approx(e0.energy, rel=1e-8, abs=1e-6)
    assert e1.h == pytest.approx(e0.h, rel=1e-8)
    back, _ = kepler.propagate(MOON_GM, r, v, -dt)
    np.testing.assert_allclose(back, r0, atol=1e-3 * radius)


def test_time_between_radii_agrees_with_propagation():
    r, v = np.array([MOON_RADIUS, 0, 0]), np.array([0, 2600.0, 0])
    t = kepler.time_between_radii(MOON_GM, r, v, 66.1e6)
    r1, _ = kepler.propagate(MOON_GM, r, v, t)
    assert np.linalg.norm(r1) == pytest.approx(66.1e6, rel=1e-9)


def test_edelbaum_limits():
    assert orbits.edelbaum_delta_v(7726.0, 3075.0, 0.0) == pytest.approx(4651.0)  # coplanar: |v0 - v1|
    # LEO -> GEO with 28.5 deg: 5.8-5.9 km/s is the textbook Edelbaum figure (Wertz, SMAD; Kechichian 1997).
    assert orbits.edelbaum_delta_v(7726.0, 3075.0, np.radians(28.5)) == pytest.approx(5900.0, rel=0.02)
    # Pure plane change of di at speed v: 2 v sin(pi di / 4) ~ (pi/2) v di for small di.
    assert orbits.edelbaum_delta_v(7000.0, 7000.0, 0.01) == pytest.approx(np.pi / 2 * 7000.0 * 0.01, rel=1e-4)
