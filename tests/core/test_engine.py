"""The engine: the time grid, milestones, binding constraints and series as quantities."""

import math

import numpy as np

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
