"""Rockets off a body with air: propellant by Tsiolkovsky."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lunarbase.subsystems import rocket


def test_rocket_propellant_by_tsiolkovsky():
    """Mars ascent 5.6 km/s at 360 s: R = exp(5600 / (360 g0)) = 4.87; (R - 1)(1 + 1.2) kg per kg."""
    r = math.exp(5600.0 / (360.0 * 9.80665))
    assert rocket.propellant_per_kg_payload(5600.0, 360.0, 1.2) == pytest.approx((r - 1) * 2.2, rel=1e-12)
    assert rocket.propellant_per_kg_payload(0.0, 360.0, 1.2) == 0.0


@given(dv=st.floats(0, 1e4), extra=st.floats(1.0, 1e3))
def test_rocket_propellant_rises_with_delta_v(dv, extra):
    assert rocket.propellant_per_kg_payload(dv + extra, 350.0, 1.0) > rocket.propellant_per_kg_payload(dv, 350.0, 1.0)
