"""Earth logistics: flights and price on Wright's learning curve."""

import math

import numpy as np
import pytest

from lunarbase.constants import YEAR
from lunarbase.scenario import load_scenario
from lunarbase.subsystems import (
    logistics,
)

PARAMS = load_scenario("lunar-base-alpha").params


def test_flights_rate():
    g, f0, fmax = 0.4 / YEAR, 2 / YEAR, 1000 / YEAR
    t = np.array([2027.0, 2028.0, 2029.0, 2100.0])
    r = logistics.flights_rate(t, 2028.0, f0, g, fmax)
    assert r[0] == 0.0
    assert r[1] == pytest.approx(f0)
    assert r[2] == pytest.approx(f0 * math.exp(0.4), rel=1e-9)
    assert r[3] == pytest.approx(fmax)
    assert logistics.landed_capacity(r[3], 100e3) == pytest.approx(1000 * 100e3 / YEAR)


def test_logistics_cost_follows_wright():
    lg = PARAMS.logistics
    assert logistics.cost_per_kg(1, lg) == pytest.approx(lg.cost_per_kg_initial)
    assert logistics.cost_per_kg(2, lg) == pytest.approx(lg.cost_per_kg_initial * lg.learning_rate)
    assert logistics.cost_per_kg(1e12, lg) == pytest.approx(lg.cost_floor_per_kg)
