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


def test_every_launch_is_priced_alike_on_wright_over_launches():
    # A launch costs the price per kg to LEO on Wright's curve times what it lifts: $1,500/kg x 150 t = $225M
    # for the first; each doubling of launches multiplies it by 85 %; the $30/kg floor holds at the end.
    lg = PARAMS.logistics
    assert logistics.price_per_launch(1, lg) == pytest.approx(1500 * 150e3)
    assert logistics.price_per_launch(2, lg) == pytest.approx(1500 * 150e3 * 0.85)
    assert logistics.price_per_launch(1e15, lg) == pytest.approx(30 * 150e3)


def test_a_kg_landed_pays_for_its_tankers():
    # 100 t landed takes 1 + 10 launches: 11 x $225M / 100 t = $24,750 per kg at the first launch.
    lg = PARAMS.logistics
    assert logistics.launches_per_flight(lg.tankers_per_flight) == 11.0
    assert logistics.price_per_kg_delivered(1, lg) == pytest.approx(11 * 1500 * 150e3 / 100e3)
    # To Earth orbit (no tankers, 150 t a flight) a kg costs the price per kg to LEO itself.
    orbit = load_scenario("earth-orbit-starship").params.logistics
    assert logistics.price_per_kg_delivered(1, orbit) == pytest.approx(1500.0)
