"""Physical laws checked against independent, sourced reference figures (never the code's own output).

Sources are cited next to each check; see docs/references.md for the collected figures.
"""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lunarbase import constants as C
from lunarbase.physics import orbits, scales, sunlight, thermal

#: CODATA 2018 Stefan-Boltzmann constant, typed in by hand so the check does not lean on astropy.
SIGMA_CODATA = 5.670374419e-8
#: Curtis, Orbital Mechanics for Engineering Students, Example 8.3: Sun GM (km^3/s^2 -> m^3/s^2).
CURTIS_SUN_GM = 1.327e20
CURTIS_R_EARTH = 149.6e9  # m, Curtis Table A.1 / Example 8.3
CURTIS_R_MARS = 227.9e9  # m


# --------------------------------------------------------------------------------------------- constants


def test_constants_match_published_values():
    # IAU 2012 Resolution B2: 1 au = 149,597,870,700 m exactly.
    assert C.AU == 149_597_870_700.0
    # IAU 2015 nominal GM_sun = 1.3271244e20 m^3/s^2 (DE430: 1.32712440018e20).
    assert C.SUN_GM == pytest.approx(1.32712440018e20, rel=1e-9)
    # WGS84 / IERS Earth GM 3.986004418e14 m^3/s^2. astropy carries the IAU 2015 nominal 3.986004e14, which is
    # 1.05e-7 lower; 1e-6 covers both.
    assert C.EARTH_GM == pytest.approx(3.986004418e14, rel=1e-6)
    # CODATA 2018 sigma; CGPM 1901 standard gravity; IAU 2015 B3 nominal solar luminosity.
    assert C.STEFAN_BOLTZMANN == pytest.approx(SIGMA_CODATA, rel=1e-9)
    assert C.STANDARD_GRAVITY == 9.80665
    assert C.SUN_LUMINOSITY == pytest.approx(3.828e26, rel=1e-9)


def test_earth_radius_is_wgs84_as_labelled():
    # WGS84 defining parameter a = 6378137.0 m (NIMA TR8350.2), as the constant's comment claims.
    assert C.EARTH_RADIUS == pytest.approx(6378.137e3, rel=1e-9)


# --------------------------------------------------------------------------------------------- orbits


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


# --------------------------------------------------------------------------------------------- sunlight


def test_solar_constant_at_1_au():
    # Total solar irradiance 1361 W/m^2 at 1 AU (Kopp & Lean 2011, GRL 38), within 0.5 %.
    assert sunlight.solar_flux_w_per_m2(C.AU) == pytest.approx(1361.0, rel=0.005)


def test_solar_flux_inverse_square():
    # Inverse-square law: at Mars (1.524 AU) ~586 W/m^2 (NASA Mars fact sheet 586.2), at Mercury (0.387 AU)
    # ~9083 W/m^2 (NASA Mercury fact sheet 9082.7); and S(k r) = S(r)/k^2 exactly.
    s1 = sunlight.solar_flux_w_per_m2(C.AU)
    assert sunlight.solar_flux_w_per_m2(1.524 * C.AU) == pytest.approx(586.2, rel=0.01)
    assert sunlight.solar_flux_w_per_m2(0.387 * C.AU) == pytest.approx(9082.7, rel=0.01)
    k = np.array([0.1, 0.5, 2.0, 5.2, 30.0])
    np.testing.assert_allclose(sunlight.solar_flux_w_per_m2(k * C.AU), s1 / k**2, rtol=1e-12)


def test_solar_flux_by_hand():
    # S = L / (4 pi r^2) with L = 3.828e26 W (IAU 2015 B3), written out in the test.
    assert sunlight.solar_flux_w_per_m2(C.AU) == pytest.approx(3.828e26 / (4 * math.pi * 149_597_870_700.0**2),
                                                               rel=1e-9)


def test_share_of_sun():
    assert sunlight.share_of_sun(3.828e26) == pytest.approx(1.0)
    assert sunlight.share_of_sun(3.828e24) == pytest.approx(0.01)


# --------------------------------------------------------------------------------------------- thermal


@pytest.mark.parametrize("t, eps, t_sink", [(340.0, 0.90, 3.0), (293.15, 0.74, 0.0), (500.0, 1.0, 250.0)])
def test_radiator_flux_stefan_boltzmann(t, eps, t_sink):
    # Stefan-Boltzmann law q = eps sigma (T^4 - T_sink^4) per side, sigma CODATA 2018, by hand.
    one_side = eps * SIGMA_CODATA * (t**4 - t_sink**4)
    assert thermal.radiator_flux_w_per_m2(t, eps, t_sink, sides=1) == pytest.approx(one_side, rel=1e-9)
    assert thermal.radiator_flux_w_per_m2(t, eps, t_sink, sides=2) == pytest.approx(2 * one_side, rel=1e-9)
    # Default is two-sided.
    assert thermal.radiator_flux_w_per_m2(t, eps, t_sink) == pytest.approx(2 * one_side, rel=1e-9)


def test_radiator_flux_zero_at_sink_temperature():
    assert thermal.radiator_flux_w_per_m2(250.0, 0.9, 250.0) == 0.0
    assert thermal.radiator_flux_w_per_m2(3.0, 0.9, 3.0, sides=1) == 0.0


def test_radiator_flux_ai1_figure():
    # 'AI1' satellite: two-sided radiators ~1,400 W/m^2 (press coverage; docs/references.md). At 340 K, eps 0.9 the
    # law gives 2 * 0.9 * sigma * 340^4 = 1364 W/m^2, within 5 % of the quoted round figure.
    assert thermal.radiator_flux_w_per_m2(340.0, 0.9, 3.0) == pytest.approx(1400.0, rel=0.05)


def test_black_body_at_solar_surface():
    # A black body at the Sun's effective temperature 5772 K (IAU 2015 B3) emits 6.29e7 W/m^2, and L = 4 pi R^2 q
    # with R_sun = 695,700 km (IAU 2015 B3) gives the nominal 3.828e26 W within 0.1 %.
    q = thermal.radiator_flux_w_per_m2(5772.0, 1.0, 0.0, sides=1)
    assert 4 * math.pi * 695_700e3**2 * q == pytest.approx(3.828e26, rel=1e-3)


# --------------------------------------------------------------------------------------------- scales


def test_kardashev_reference_levels():
    # Sagan (1973): K = (log10 P - 6) / 10. K(2e13 W) = 0.730; K = 1 at 1e16 W; K = 2 at 1e26 W.
    assert scales.kardashev_level(2e13) == pytest.approx(0.73, abs=0.005)
    assert scales.kardashev_level(1e16) == pytest.approx(1.0, abs=1e-12)
    assert scales.kardashev_level(1e26) == pytest.approx(2.0, abs=1e-12)
    assert scales.kardashev_level(1e6) == pytest.approx(0.0, abs=1e-12)


def test_kardashev_today():
    # World primary energy 592 EJ in 2024 -> 18.8 TW, K ~ 0.727 (Energy Institute Statistical Review 2025).
    assert C.WORLD_PRIMARY_POWER_2024 == pytest.approx(18.8e12, rel=0.01)
    assert scales.kardashev_level(C.WORLD_PRIMARY_POWER_2024) == pytest.approx(0.727, abs=0.001)


def test_kardashev_of_the_sun():
    # All of the Sun's output, 3.828e26 W (IAU 2015 B3), is Sagan K = (26.583 - 6) / 10 = 2.058.
    assert scales.kardashev_level(C.SUN_LUMINOSITY) == pytest.approx((math.log10(3.828e26) - 6) / 10, abs=1e-12)
    assert scales.kardashev_level(C.SUN_LUMINOSITY) == pytest.approx(2.058, abs=0.001)


def test_kardashev_nan_for_non_positive_power():
    assert np.all(np.isnan(scales.kardashev_level(np.array([0.0, -1.0]))))


@settings(max_examples=200, deadline=None)
@given(k=st.floats(-1.0, 3.0))
def test_kardashev_inverse_round_trip(k):
    p = scales.power_at_kardashev(k)
    assert p == pytest.approx(10 ** (10 * k + 6), rel=1e-9)
    assert scales.kardashev_level(p) == pytest.approx(k, abs=1e-9)


@settings(max_examples=200, deadline=None)
@given(p=st.floats(1e-3, 1e30))
def test_kardashev_round_trip_from_power(p):
    assert scales.power_at_kardashev(scales.kardashev_level(p)) == pytest.approx(p, rel=1e-9)
