"""Chips: efficiency by year, Earth and fab supply, unit cost."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lunarbase.constants import YEAR
from lunarbase.scenario import load_scenario
from lunarbase.subsystems import (
    chips,
)

PARAMS = load_scenario("lunar-base-alpha").params


def test_flops_per_watt_starts_at_the_reference_and_grows_at_g_far_below_the_ceiling():
    # NVIDIA B200: 2,250 TFLOP/s dense BF16 at 1,000 W -> 2.25e12 FLOP/s per W in the reference year.
    g = 0.25 / YEAR
    f = chips.flops_per_watt(np.array([2025.0, 2026.0]), 2.25e15, 1000.0, 2025.0, g, 200.0)
    assert f[0] == pytest.approx(2.25e12, rel=1e-12)
    # Logistic: E(1 yr) / E_ref = k / (1 + (k - 1) e^-g), i.e. e^0.25 = 1.284 but for the ceiling's pull.
    assert f[1] / f[0] == pytest.approx(200.0 / (1.0 + 199.0 * math.exp(-0.25)), rel=1e-12)
    # 25 %/yr continuous while far below: the rate is g (1 - E/E_max), 0.5 % short of g at E_ref = E_max / 200.
    assert f[1] / f[0] == pytest.approx(math.exp(0.25), rel=2e-3)


def test_flops_per_watt_logistic_midpoint_and_ceiling():
    # Half the ceiling where (k - 1) e^(-g t) = 1, i.e. t_half = t_ref + ln(k - 1) / g (Verhulst's logistic).
    g, k = 0.25 / YEAR, 200.0
    t_half = 2025.0 + math.log(k - 1.0) / 0.25
    half, late = chips.flops_per_watt(np.array([t_half, 2300.0]), 2.25e15, 1000.0, 2025.0, g, k)
    assert half == pytest.approx(0.5 * k * 2.25e12, rel=1e-12)
    assert late == pytest.approx(k * 2.25e12, rel=1e-12) and late <= k * 2.25e12
    # No pull towards a ceiling of 1, nor growth at g = 0: the reference chip, every year.
    np.testing.assert_allclose(chips.flops_per_watt(np.array([1990.0, 2100.0]), 2.25e15, 1000.0, 2025.0, g, 1.0),
                               2.25e12, rtol=1e-12)
    np.testing.assert_allclose(chips.flops_per_watt(np.array([1990.0, 2100.0]), 2.25e15, 1000.0, 2025.0, 0.0, k),
                               2.25e12, rtol=1e-12)


@settings(max_examples=300, deadline=None)
@given(k=st.floats(1.0, 1e8), growth=st.floats(0.0, 3.0), reference_year=st.floats(1960.0, 2200.0),
       span=st.floats(0.0, 1000.0))
def test_the_ceiling_is_approached_and_never_passed(k, growth, reference_year, span):
    """For any ceiling, growth rate and horizon: E never passes k E_ref, never falls with time, and gets within
    1 % of the ceiling by t_ref + ln(99 (k - 1)) / g."""
    e_ref = 2.25e12
    t = np.linspace(1957.0, reference_year + span, 400)
    f = chips.flops_per_watt(t, 2.25e15, 1000.0, reference_year, growth / YEAR, k)
    assert np.all(np.isfinite(f)) and np.all(f >= 0.0)
    assert np.all(f <= k * e_ref)
    assert np.all(np.diff(f) >= -1e-12 * k * e_ref)
    if growth > 1e-6 and k > 1.0:
        near = reference_year + math.log(99.0 * (k - 1.0)) / growth
        assert chips.flops_per_watt(near, 2.25e15, 1000.0, reference_year, growth / YEAR, k) == pytest.approx(
            0.99 * k * e_ref, rel=1e-9)


def test_efficiency_series_reads_the_section():
    t = np.array([2025.0, 2045.0, 2100.0])
    f = chips.efficiency_series(PARAMS.chips, t)
    growth = math.log(1.25) / YEAR  # 25 %/yr compounded yearly, as a continuous rate
    np.testing.assert_allclose(f, chips.flops_per_watt(t, 2.25e15, 1000.0, 2025.0, growth, 200.0), rtol=1e-12)


def test_efficiency_problems_name_the_field_that_passes_landauer():
    c = PARAMS.chips
    assert chips.efficiency_problems(c, 340.0, "satellite.radiator_temperature") == []
    # Landauer at 340 K, one bit: 1 / (k_B 340 K ln 2) = 3.07e20 FLOP/s per W; 1e24 FLOP/s at 1 kW passes it.
    hot = c.model_copy(update={"flops_per_unit": 1e24})
    (line,) = chips.efficiency_problems(hot, 340.0, "satellite.radiator_temperature")
    assert line.startswith("chips.flops_per_unit: got 1e+24 FLOP/s") and "3.07e+20" in line
    # A ceiling of 1e9 x 2.25e12 = 2.25e21 passes it too; the largest factor allowed is 3.07e20 / 2.25e12.
    (line,) = chips.efficiency_problems(c.model_copy(update={"efficiency_ceiling_factor": 1e9}), 340.0, "here")
    assert line.startswith("chips.efficiency_ceiling_factor: got 1e+09") and "1.366e+08" in line
    # Ten bits erased per FLOP lower the floor tenfold: a factor of 2e7 passes 3.07e19.
    many = c.model_copy(update={"efficiency_ceiling_factor": 2e7, "bits_erased_per_flop": 10.0})
    assert chips.efficiency_problems(many, 340.0, "here")[0].startswith("chips.efficiency_ceiling_factor")
    assert chips.efficiency_problems(many.model_copy(update={"bits_erased_per_flop": 1.0}), 340.0, "here") == []


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
