"""The city: crew on site, its Earth needs and how many factories it can run."""

import numpy as np
import pytest

from lunarbase.constants import YEAR
from lunarbase.subsystems import (
    city,
)


def test_crew_schedule():
    t = np.array([2029.0, 2030.0, 2033.0, 2036.0, 2100.0])
    crew = city.crew_schedule(t, 2030.0, 4.0, 3 * YEAR, 10_000.0)
    # None before the start; 4, then doubled every 3 years, capped at 10,000.
    np.testing.assert_allclose(crew, [0.0, 4.0, 8.0, 16.0, 10_000.0], rtol=1e-12)


def test_crew_on_site():
    assert city.crew_on_site(100.0, 4.0, city.crew_needed(50e6, 1e6, 0.0)) == 50.0  # factory-limited: 50,000 t
    # / 1,000 t each
    assert city.crew_on_site(100.0, 4.0, city.crew_needed(50e6, 1e6, 0.8)) == pytest.approx(10.0)  # robots: 80 %
    assert city.crew_on_site(10.0, 4.0, city.crew_needed(50e6, 1e6, 0.0)) == 10.0  # schedule-limited
    assert city.crew_on_site(10.0, 4.0, city.crew_needed(0.0, 1e6, 0.0)) == 4.0  # at least the first crew


def test_earth_needs_by_hand():
    # 10 crew at 1 t/yr each, 2 new arrivals with 10 t of habitat each over a 1-month step.
    dt = YEAR / 12
    expected = 10 * (1000 / YEAR) + 2 * 10_000 / dt
    assert city.earth_needs(10.0, 8.0, dt, 1000 / YEAR, 10_000.0) == pytest.approx(expected, rel=1e-12)
    # Departures bring nothing.
    assert city.earth_needs(8.0, 10.0, dt, 1000 / YEAR, 10_000.0) == pytest.approx(8 * 1000 / YEAR, rel=1e-12)


def test_output_factor():
    """Robots run a share a alone; the rest needs (1 - a) F / m people: 0.1 people for 1,000 t at a = 0.9."""
    assert city.output_factor(0.0, 1e6, 0.9, 1e6) == pytest.approx(0.9)
    assert city.output_factor(0.05, 1e6, 0.9, 1e6) == pytest.approx(0.95)  # half the people needed
    assert city.output_factor(10.0, 1e6, 0.9, 1e6) == pytest.approx(1.0)
    assert city.output_factor(0.0, 0.0, 0.5, 1e6) == 1.0
    assert city.output_factor(0.0, 1e6, 1.0, 1e6) == 1.0
