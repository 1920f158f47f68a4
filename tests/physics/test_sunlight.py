"""Sunlight: the solar constant and the inverse-square law."""

import math

import numpy as np
import pytest

from lunarbase import constants as C
from lunarbase.physics import sunlight


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
