"""Chips: efficiency by year, Earth and fab supply, unit cost."""

import math

import numpy as np
import pytest

from lunarbase.constants import YEAR
from lunarbase.scenario import load_scenario
from lunarbase.subsystems import (
    chips,
)

PARAMS = load_scenario("lunar-base-alpha").params


def test_flops_per_watt_reference_and_flattening():
    # NVIDIA B200: 2,250 TFLOP/s dense BF16 at 1,000 W -> 2.25e12 FLOP/s per W in the reference year.
    g = 0.25 / YEAR
    f = chips.flops_per_watt(np.array([2025.0, 2026.0, 2044.0, 2045.0, 2060.0, 2100.0]), 2.25e15, 1000.0,
                             2025.0, g, 2045.0)
    assert f[0] == pytest.approx(2.25e12, rel=1e-12)
    assert f[1] / f[0] == pytest.approx(math.exp(0.25), rel=1e-9)  # 25 %/yr continuous
    assert f[2] < f[3]
    assert f[4] == pytest.approx(f[3], rel=1e-12)  # flat after the end year
    assert f[5] == pytest.approx(f[3], rel=1e-12)
    assert f[3] / f[0] == pytest.approx(math.exp(0.25 * 20), rel=1e-9)


def test_earth_supply():
    g = 0.2 / YEAR
    s = chips.earth_supply(np.array([2025.0, 2030.0]), 2025.0, 10e9 / YEAR, g, 0.1)
    assert s[0] == pytest.approx(0.1 * 10e9 / YEAR, rel=1e-12)
    assert s[1] / s[0] == pytest.approx(math.exp(0.2 * 5), rel=1e-9)


def test_lunar_fab_supply():
    cap, g = 10e9 / YEAR, 0.3 / YEAR
    t = np.array([2030.0, 2044.9, 2045.0, 2046.0])
    on = chips.lunar_fab_supply(t, True, 2045.0, cap, g)
    assert on[0] == 0.0 and on[1] == 0.0  # before the opening year
    assert on[2] == pytest.approx(cap, rel=1e-12)
    assert on[3] == pytest.approx(cap * math.exp(0.3), rel=1e-9)
    off = chips.lunar_fab_supply(t, False, 2045.0, cap, g)
    assert np.all(off == 0.0)


def test_supply_series_presets():
    t = np.array([2030.0, 2050.0])
    earth, lunar = chips.supply_series(PARAMS.chips, t)
    assert np.all(earth > 0)
    assert lunar[0] == 0.0 and lunar[1] > 0.0
    no_fab = PARAMS.chips.model_copy(update={"lunar_fab": False})
    _, lunar_off = chips.supply_series(no_fab, t)
    assert np.all(lunar_off == 0.0)


def test_unit_cost_decline():
    c = chips.unit_cost(np.array([2025.0, 2035.0]), 35_000.0, 0.1 / YEAR, 2025.0)
    assert c[0] == pytest.approx(35_000.0)
    assert c[1] == pytest.approx(35_000.0 * math.exp(-1.0), rel=1e-9)
