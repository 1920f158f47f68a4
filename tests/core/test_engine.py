"""The engine: the time grid, milestones, binding constraints and series as quantities."""

import math

import numpy as np
import pytest

from lunarbase import load_scenario, simulate
from lunarbase.constants import YEAR
from lunarbase.constraints import CONSTRAINTS
from lunarbase.engine import time_grid
from tests.conftest import run_of


def test_time_grid_covers_the_horizon_in_monthly_steps():
    t, dt = time_grid(2026, 2100, 12)
    assert t.size == 75 * 12
    assert t[0] == 2026 and math.isclose(t[-1], 2100 + 11 / 12)
    assert math.isclose(dt, YEAR / 12)


def test_binding_constraints_are_reported_each_year(alpha):
    assert len(alpha.binding_by_year) == alpha.years.size
    assert set(alpha.binding_by_year) <= set(CONSTRAINTS)
    assert alpha.binding_by_year[0] == "idle"  # 2026: the seed lands in 2030
    periods = alpha.binding_periods
    assert periods[0][0] == 2026 and periods[-1][1] == 2100


def test_a_payload_that_does_not_escape_is_not_deployed():
    # 2.33 km/s from the ridge: below the Moon's escape speed, and N-body (the table) has every launch fall back.
    run = run_of("lunar-base-alpha", ("mass_driver.exit_speed=2.33 km/s",))
    assert not bool(np.ravel(run.design.departure.escapes_earth_moon)[0])
    assert run["satellites_launched"].sum() > 0
    assert run["installed_compute"].max() == 0.0
    assert run.milestones["launch_rate_1GW_per_yr"] is None


def test_milestones_are_in_order(alpha):
    m = alpha.milestones
    reached = [m[k] for k in ("first_launch", "launch_rate_1GW_per_yr", "launch_rate_100GW_per_yr") if m[k]]
    assert reached == sorted(reached)
    assert m["first_launch"] is not None


def test_series_as_astropy_quantities(alpha):
    import astropy.units as u

    power = alpha.quantity("installed_compute")
    assert power.unit == u.W and power.shape == (900,)
    assert alpha.quantity("launch_capacity").to(u.t / u.yr).unit == u.t / u.yr


@pytest.mark.parametrize("preset", ["lunar-base-alpha", "earth-orbit-starship", "terrestrial"])
def test_levelized_cost_is_discounted_spend_over_discounted_delivered_compute(preset):
    """LC = sum S_j (1 + r)^-t_j / sum D_j (1 + r)^-t_j with D in PFLOP/s-years delivered, written out here; per
    H100-hour it is LC * 0.989 PFLOP/s / 8,766 h; and the waterfall multiplies to what is delivered."""
    run = run_of(preset)
    p = run.scenario.params
    weight = (1.0 + p.economics.discount_rate) ** -(run.t - run.t[0])
    pflops_years = run["delivered_flops"] * run.dt / (1e15 * YEAR)
    hand = np.sum(run["spend_total"] * run.dt * weight) / np.sum(pflops_years * weight)
    lc = run.levelized_cost
    assert lc.discount_rate == p.economics.discount_rate
    assert lc.per_pflops_year == pytest.approx(hand, rel=1e-9)
    assert lc.per_accelerator_hour == pytest.approx(hand * 0.989 / 8766.0, rel=1e-9)
    d = p.delivery
    np.testing.assert_allclose(run["delivered_flops"], run["installed_flops"] * d.power_thermal_derating
                               * d.availability * d.utilisation * run["usable_fraction"], rtol=1e-12)
    assert lc.shares["peak"] == 1.0 and 0.0 < lc.shares["power_thermal"] <= d.power_thermal_derating * (1 + 1e-12)
    assert lc.shares["availability"] == pytest.approx(lc.shares["power_thermal"] * d.availability, rel=1e-12)
    assert lc.shares["utilisation"] == pytest.approx(lc.shares["availability"] * d.utilisation, rel=1e-12)
    assert lc.per_pflops_year_at("peak") == pytest.approx(lc.per_pflops_year * lc.shares["usable"], rel=1e-12)
    # What a study and the optimiser read, without the waterfall: the same number.
    assert run.levelized_cost_per_pflops_year.tolist() == [pytest.approx(hand, rel=1e-9)]


def test_undiscounted_it_is_the_old_yardstick_over_the_delivered_share():
    """At r = 0 the levelized cost is cumulative spend / PFLOP/s-years delivered: the undiscounted yardstick
    (spend per PFLOP/s-year of installed, powered compute) divided by derating x availability x utilisation."""
    run = run_of("terrestrial", ("economics.discount_rate=0",))
    d = run.scenario.params.delivery
    lc = run.levelized_cost
    assert lc.per_flop == pytest.approx(lc.undiscounted_per_flop / (d.power_thermal_derating * d.availability
                                                                    * d.utilisation), rel=1e-9)


def test_a_higher_discount_rate_costs_more_when_spending_comes_first():
    """The base spends for a decade before it delivers: each point of WACC raises its levelized cost (samples)."""
    run = simulate(load_scenario(), draws={"economics.discount_rate": [0.05, 0.10, 0.15, 0.25]})
    per_flop = run.levelized_cost.per_flop
    assert np.all(np.diff(per_flop) > 0)
    assert run.sample(2).levelized_cost.per_flop == pytest.approx(per_flop[2], rel=1e-12)


@pytest.mark.parametrize("preset", ["lunar-base-alpha", "mars-base", "earth-orbit-starship", "terrestrial"])
def test_a_run_asked_for_one_series_holds_it_and_the_same_numbers(preset):
    """``simulate(series={name})`` for every series of the catalogue: the run holds that series alone, equal bit
    for bit to a full run's (a route that skips work for series nobody asked for must still make, from the same
    inputs, each one asked for)."""
    from lunarbase.figures import SERIES

    scenario = load_scenario(preset)
    full = simulate(scenario)
    for name in SERIES:
        if name not in full.series:
            continue
        lean = simulate(scenario, series={name})
        assert set(lean.series) == {name}
        assert np.array_equal(lean.series[name], full.series[name], equal_nan=True), name
