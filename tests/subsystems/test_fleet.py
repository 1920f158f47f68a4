"""The fleet: cohorts that fail, degrade and retire."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lunarbase.constants import YEAR
from lunarbase.subsystems import (
    fleet,
)


def test_single_cohort_decays_then_retires():
    # One cohort: exp(-lambda t) while t < life, zero from end of life.
    dt, lam, life, n = 1.0, 0.05, 10.0, 20
    deployed = np.zeros(n)
    deployed[0] = 100.0
    out = fleet.installed(deployed, 1.0, dt, lam, life)[0]
    age = np.arange(n) * dt
    # In service over each step's span: half the first (it arrives through it), half the one it retires in.
    weight = np.clip(life / dt + 0.5 - np.arange(n), 0.0, 1.0)
    weight[0] = 0.5
    expected = 100.0 * np.exp(-lam * age) * weight
    np.testing.assert_allclose(out, expected, rtol=1e-12, atol=1e-12)
    assert out[10] == pytest.approx(50.0 * math.exp(-lam * 10)) and out[11] == pytest.approx(0.0, abs=1e-12)


def test_cohort_with_degradation():
    # Value per unit fades with exp(-d t) on top of failures: exp(-(lambda + d) t).
    dt, lam, d, n = 1.0, 0.03, 0.01, 8
    deployed = np.zeros(n)
    deployed[2] = 5.0
    out = fleet.installed(deployed, 2.0, dt, lam, 1e9, d)[0]
    age = np.clip(np.arange(n) - 2, 0, None) * dt
    expected = np.where(np.arange(n) >= 2, 10.0 * np.exp(-(lam + d) * age), 0.0)
    expected[2] *= 0.5
    np.testing.assert_allclose(out, expected, rtol=1e-12)


def test_no_failures_installed_is_cumulative():
    rng = np.random.default_rng(1)
    deployed = rng.uniform(0, 10, 50)
    out = fleet.installed(deployed, 3.0, 1.0, 0.0, 1e30)[0]
    np.testing.assert_allclose(out, 3.0 * (np.cumsum(deployed) - 0.5 * deployed), rtol=1e-12)


def test_recurrence_path_matches_direct_sum():
    # More than 64 rows takes the recurrence; check against a direct causal sum written here.
    rng = np.random.default_rng(2)
    rows, n, dt, lam, life = 70, 40, 1.0, 0.05, 12.0
    deployed = rng.uniform(0, 1, (rows, n))
    out = fleet.installed(deployed, 1.0, dt, lam, life)
    weight = np.clip(life / dt + 0.5 - np.arange(n), 0.0, 1.0)
    weight[0] = 0.5
    kernel = np.exp(-lam * np.arange(n) * dt) * weight
    expected = np.array([[sum(row[k] * kernel[j - k] for k in range(j + 1)) for j in range(n)] for row in deployed])
    np.testing.assert_allclose(out, expected, rtol=1e-9, atol=1e-9)


def test_recurrence_path_single_cohort_retires():
    deployed = np.zeros((65, 20))
    deployed[:, 0] = 1.0
    out = fleet.installed(deployed, 1.0, 1.0, 0.1, 5.0)
    np.testing.assert_allclose(out[:, 6:], 0.0, atol=1e-12)
    np.testing.assert_allclose(out[:, 4], math.exp(-0.4), rtol=1e-9)
    np.testing.assert_allclose(out[:, 5], 0.5 * math.exp(-0.5), rtol=1e-9)  # retiring half-way through its step
    np.testing.assert_allclose(out[:, 0], 0.5, rtol=1e-9)  # arriving half-way through its step


def test_recurrence_agrees_with_the_direct_sum_over_a_century_of_months():
    # A chunk of samples (recurrence) against each sample alone (np.convolve): growth, a pause longer than the
    # life (everything retires), restarts; per-sample failure, life and degradation. Round-off: rtol 1e-9, and
    # 1e-12 of the largest value where the fleet has retired to zero.
    rng = np.random.default_rng(3)
    rows, n, dt = 70, 900, 1.0 / 12
    deployed = rng.uniform(0, 1, (rows, n)) * np.exp(np.arange(n) / 100.0)
    deployed[:, 300:500] = 0.0
    lam, life, deg = rng.uniform(0, 0.1, rows), rng.uniform(3.0, 12.0, rows), rng.uniform(0, 0.02, rows)
    many = fleet.installed(deployed, 2.0, dt, lam[:, None], life[:, None], deg[:, None])
    for i in range(rows):
        one = fleet.installed(deployed[i], 2.0, dt, lam[i], life[i], deg[i])[0]
        np.testing.assert_allclose(many[i], one, rtol=1e-9, atol=1e-12 * one.max())
        assert np.all(many[i][one == 0.0] <= 1e-12 * one.max())


@settings(max_examples=100, deadline=None)
@given(deployed=st.lists(st.floats(0.0, 1e6), min_size=1, max_size=40), lam=st.floats(0.0, 1.0),
       life=st.floats(0.5, 50.0), rows=st.sampled_from([1, 65]))
def test_installed_never_negative(deployed, lam, life, rows):
    arr = np.tile(np.asarray(deployed), (rows, 1))
    out = fleet.installed(arr, 1.0, 1.0, lam, life)
    assert np.all(out >= 0.0)
    # Never more than was ever deployed.
    assert np.all(out <= np.cumsum(arr, axis=-1) * (1 + 1e-9) + 1e-6)


def test_civilisation_scale():
    # The share is of sunlight intercepted; the Kardashev level (Sagan 1973) is of the power used.
    share, level = fleet.civilisation_scale(np.array([3.828e26, 1e16]), np.array([1e16, 3.828e26]))
    np.testing.assert_allclose(share, [1.0, 1e16 / 3.828e26], rtol=1e-9)
    np.testing.assert_allclose(level, [1.0, (math.log10(3.828e26) - 6) / 10], rtol=1e-12)


def test_bus_power_adds_the_overhead():
    # 120 kW of compute behind a 10 % bus overhead draws 120 / 0.9 = 133.3 kW.
    assert fleet.bus_power(120e3, 0.10) == pytest.approx(120e3 / 0.9, rel=1e-12)


def test_the_waterfall_multiplies():
    # Delivered = powered x derating x availability x utilisation: 100 x 0.9 x 0.95 x 0.8 = 68.4.
    from types import SimpleNamespace

    delivery = SimpleNamespace(power_thermal_derating=0.9, availability=0.95, utilisation=0.8)
    np.testing.assert_allclose(fleet.delivered(np.array([100.0, 0.0]), delivery), [68.4, 0.0], rtol=1e-12)


def test_a_steady_fleet_converges_to_the_continuous_integral_at_second_order():
    """Launch at R a year for 30 years into a 6-year life with failures at 13 %/yr: in service at the end,
    R (1 - e^(-f L)) / f exactly. The step-averaged stock (trapezoid rule) is within 0.1 % at monthly steps and
    its error falls ~4x per halving of the step (counting the step's own cohort whole was 0.5 % off, first order)."""
    f, life, rate = 0.13 / YEAR, 6 * YEAR, 1.0 / YEAR
    exact = rate * (1 - math.exp(-f * life)) / f
    errors = []
    for per_year in (12, 24, 48):
        dt = YEAR / per_year
        n = 30 * per_year
        out = fleet.installed(np.full(n, rate * dt), 1.0, dt, f, life)[0]
        errors.append(abs(out[-1] / exact - 1))
    assert errors[0] < 1e-3
    assert errors[1] < errors[0] / 3 and errors[2] < errors[1] / 3
