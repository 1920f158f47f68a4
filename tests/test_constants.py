"""Constants against their published values (CODATA, IAU, WGS84, CGPM)."""

import pytest

from lunarbase import constants as C

#: CODATA 2018 Stefan-Boltzmann constant, typed in by hand so the check does not lean on astropy.
SIGMA_CODATA = 5.670374419e-8


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
