"""Kardashev levels (Sagan's interpolation) and shares of the Sun."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lunarbase import constants as C
from lunarbase.physics import scales


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
