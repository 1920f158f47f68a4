"""Light in Earth orbit: sun-synchronous inclination, eclipse share (Vallado; the ISS)."""

import math
import warnings

import numpy as np
import pytest

from lunarbase.physics import eclipse


def test_sun_synchronous_inclination_matches_textbook():
    """Vallado (table in sec. 9.6) / New SMAD: 800 km -> 98.6 deg, 500 km -> 97.4 deg (within 0.05 deg)."""
    assert math.degrees(eclipse.sun_synchronous_inclination(800e3)) == pytest.approx(98.6, abs=0.05)
    assert math.degrees(eclipse.sun_synchronous_inclination(500e3)) == pytest.approx(97.4, abs=0.05)


def test_eclipse_at_beta_zero_matches_the_iss():
    """400 km, beta = 0: ~36 min of a 92.6 min orbit in shadow (cylindrical shadow; within 1 min)."""
    minutes = float(eclipse.eclipse_fraction(400e3, 0.0) * eclipse.orbit_period(400e3)) / 60.0
    assert eclipse.orbit_period(400e3) / 60.0 == pytest.approx(92.6, abs=0.2)
    assert minutes == pytest.approx(36.0, abs=1.0)
    assert eclipse.eclipse_fraction(400e3, eclipse.critical_beta(400e3) + 1e-6) == 0.0


def test_dawn_dusk_is_nearly_always_lit():
    """Starcloud: capacity factor > 95 %; the dawn-dusk orbit beats a 53 deg LEO shell."""
    from lunarbase.subsystems.destination import leo_sunlit_fraction

    dawn_dusk = float(eclipse.dawn_dusk_sunlit_fraction(650e3))
    assert 0.95 < dawn_dusk < 1.0
    assert float(leo_sunlit_fraction(650e3, math.radians(53))) < dawn_dusk - 0.1


def test_sun_synchronous_orbits_end_near_6000_km():
    # cos i = -1 at a^(7/2) = 3 sqrt(GM) J2 R^2 / (2 rate) (Vallado eq. 9-37 solved for a): about 5,980 km, the
    # limit near 6,000 km usually quoted for sun-synchronous orbits.
    from lunarbase.physics.eclipse import SUN_SYNCHRONOUS_CEILING

    assert 5_900e3 < SUN_SYNCHRONOUS_CEILING < 6_050e3
    assert np.degrees(eclipse.sun_synchronous_inclination(SUN_SYNCHRONOUS_CEILING - 1.0)) == pytest.approx(180.0,
                                                                                                           abs=0.1)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert np.isnan(eclipse.sun_synchronous_inclination(SUN_SYNCHRONOUS_CEILING + 1e3))
