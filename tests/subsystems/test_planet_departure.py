"""Departures straight from a planet into heliocentric orbit (Curtis)."""

import pytest

from lunarbase.constants import AU
from lunarbase.subsystems import bodies, planet_departure


def test_planet_departure_hohmann_earth_to_mars():
    """From Earth's orbit to Mars's: Curtis Example 8.3 total 5.591 km/s with v_inf = 0 (within 1 %)."""
    earth = bodies.BODIES["earth"]
    dep = planet_departure.depart(earth, earth.escape_speed, 1.524 * AU)
    assert float(dep.v_inf_body) == pytest.approx(0.0, abs=1e-6)
    assert float(dep.delta_v_to_target) / 1e3 == pytest.approx(5.591, rel=0.01)
