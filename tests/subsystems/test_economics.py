"""Economics: Wright's law, cost yardsticks and published cost figures (Suncatcher, Starcloud)."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lunarbase import load_scenario
from lunarbase.subsystems import (
    economics,
)
from lunarbase.subsystems import economics as econ
from tests.conftest import run_of


@settings(max_examples=200, deadline=None)
@given(n=st.floats(1.0, 1e9), lr=st.floats(0.5, 1.0), c1=st.floats(1.0, 1e6))
def test_wright_each_doubling_multiplies_by_learning_rate(n, lr, c1):
    # Wright (1936): each doubling of cumulative units multiplies unit cost by the learning rate.
    a, b = economics.wright_cost(c1, n, lr), economics.wright_cost(c1, 2 * n, lr)
    assert b == pytest.approx(a * lr, rel=1e-9)


def test_wright_reference_values():
    # 85 % learning: unit 2 costs 85 %, unit 4 72.25 %, unit 1024 0.85^10 = 19.69 % of the first.
    assert economics.wright_cost(100.0, 1, 0.85) == pytest.approx(100.0)
    assert economics.wright_cost(100.0, 4, 0.85) == pytest.approx(72.25)
    assert economics.wright_cost(100.0, 1024, 0.85) == pytest.approx(100 * 0.85**10, rel=1e-12)
    # Fewer than one unit counts as the first.
    assert economics.wright_cost(100.0, 0.0, 0.85) == pytest.approx(100.0)


@settings(max_examples=100, deadline=None)
@given(n=st.floats(1.0, 1e12), floor=st.floats(0.0, 100.0))
def test_wright_floor_respected(n, floor):
    c = economics.wright_cost(100.0, n, 0.8, floor)
    assert c >= floor
    assert c == pytest.approx(max(100.0 * n ** math.log2(0.8), floor), rel=1e-9)


def test_cost_per_watt_and_pflops_year():
    np.testing.assert_allclose(economics.cost_per_watt(np.array([1.0, 10.0]), np.array([0.0, 4.0])),
                               [np.nan, 2.5])
    # 1 PFLOP/s for one Julian year is 1e15 * 31,557,600 FLOP.
    assert economics.cost_per_pflops_year(7.0, 1e15 * 365.25 * 86400) == pytest.approx(7.0)
    assert np.isnan(economics.cost_per_pflops_year(7.0, 0.0))


def test_cost_per_watt_scalar_zero_is_nan():
    assert np.isnan(economics.cost_per_watt(1.0, 0.0))


def test_suncatcher_parity_launch_price():
    """Suncatcher (arXiv:2511.19468): launch at <~ $200/kg for rough cost parity with ground power.

    The earth-orbit preset's satellite (39 W/kg as a thermal and power engineer sizes it, issue 15; 52 W/kg before,
    which gave $217/kg), 5-year life, against the terrestrial preset's power ($80/MWh at PUE 1.2) reaches parity at
    $164/kg: at or below Suncatcher's "<~ $200/kg", within 25 % of it. It differs because Suncatcher's satellite mass
    and ground prices are their own (they use a Starlink-like bus).
    """
    sat = run_of("earth-orbit-starship").design.satellite
    g = load_scenario("terrestrial").params.grid
    life = load_scenario("earth-orbit-starship").params.satellite.lifetime
    price = float(econ.parity_launch_price(float(sat.specific_power), life, g.electricity_price, g.pue))
    assert 0.75 * 200.0 <= price <= 1.10 * 200.0


def test_starcloud_ten_year_cost():
    """Starcloud white paper: 40 MW for 10 years, $167M of energy on Earth vs $8.2M in space ($30/kg launch).

    Ground: at the $47.6/MWh Starcloud's figure implies (PUE 1) the arithmetic agrees to 0.1 %; at this
    model's $80/MWh and PUE 1.2 it is 2.0x. Space: launching the earth-orbit satellite's arrays and radiators
    for 40 MW at $30/kg costs $13.2M, 1.61x Starcloud's: our arrays (2 kg/m^2, sized at end of life with the
    batteries' recharge) and 333 K radiators (3 kg/m^2, net of the Earth's infrared and albedo) are heavier than
    theirs, and their $8.2M also counts the arrays' purchase.
    """
    sat = run_of("earth-orbit-starship").design.satellite
    mass_per_w = (float(sat.arrays) + float(sat.radiators)) / float(sat.compute_power)
    implied = 167e6 / (40 * 10 * 8766.0) / 3.6e9  # USD/J
    assert econ.ground_energy_cost(40e6, 10.0, implied) == pytest.approx(167e6, rel=1e-3)
    space = float(econ.space_power_launch_cost(40e6, mass_per_w, 30.0))
    assert space / 8.2e6 == pytest.approx(1.61, abs=0.1)
    g = load_scenario("terrestrial").params.grid
    assert econ.ground_energy_cost(40e6, 10.0, g.electricity_price, g.pue) / 167e6 == pytest.approx(2.0, abs=0.1)


def test_capital_recovery_factor_textbook_values():
    # A/P at 10 % over 10 years is 0.16275 (compound-interest tables, e.g. Newnan, Engineering Economic
    # Analysis, App. C); at 6 % over 20 years 0.08718; at r = 0 the payment is 1/n.
    assert econ.capital_recovery_factor(0.10, 10) == pytest.approx(0.16275, abs=5e-6)
    assert econ.capital_recovery_factor(0.06, 20) == pytest.approx(0.08718, abs=5e-6)
    assert econ.capital_recovery_factor(0.0, 8) == pytest.approx(1 / 8)


def test_discount_factors_compound_yearly_from_the_first_step():
    t = np.array([2026.0, 2027.0, 2028.5])
    np.testing.assert_allclose(econ.discount_factors(t, 0.1), [1.0, 1 / 1.1, 1.1 ** -2.5], rtol=1e-12)
    columns = econ.discount_factors(t, np.array([[0.0], [0.2]]))  # samples of the rate, one row each
    np.testing.assert_allclose(columns, [[1, 1, 1], [1, 1 / 1.2, 1.2 ** -2.5]], rtol=1e-12)


@settings(max_examples=50, deadline=None)
@given(rate=st.floats(0.0, 0.5), spend=st.floats(1.0, 1e12), done=st.floats(1.0, 1e12))
def test_constant_spend_and_delivery_level_to_their_ratio_at_any_rate(rate, spend, done):
    t = 2026 + np.arange(40) / 12
    lc = econ.levelized_cost(np.full(t.size, spend), np.full(t.size, done), econ.discount_factors(t, rate))
    np.testing.assert_allclose(lc, spend / done, rtol=1e-9)


@pytest.mark.parametrize(("rate", "years"), [(0.06, 20), (0.10, 10), (0.15, 6), (0.0, 5)])
def test_one_outlay_then_level_output_is_capex_times_crf_over_output(rate, years):
    """Capex C at t = 0, then Q a year for n years (yearly steps, output at the ends of years 1..n):
    LC = C / sum_k Q (1 + r)^-k = C * CRF(r, n) / Q, the LCOE of a plant with no running costs."""
    capex, output = 1e9, 2.5e3
    t = 2026.0 + np.arange(years + 1)
    spend = np.zeros(t.size)
    spend[0] = capex
    done = np.full(t.size, output)
    done[0] = 0.0
    lc = econ.levelized_cost(spend, done, econ.discount_factors(t, rate))
    assert np.isnan(lc[0])
    assert lc[-1] == pytest.approx(capex * float(econ.capital_recovery_factor(rate, years)) / output, rel=1e-12)
