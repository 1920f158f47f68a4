"""Responses with the sign physics fixes, and results that do not depend on the step length.

Each property varies one input in the direction that can only help (less wear, less energy per kg, more
productive factories, more sunlight, more Earth flights, fewer failures) at a random point of the other
inputs, and checks that nothing gets worse: the milestones come no later and the horizon's compute is no
less. Two tolerances, both stated: a milestone may move by less than one step (it is read at step starts),
and the horizon's compute by 0.3 % (whole mass drivers and whole flights make it a step function of the
inputs, not a smooth one; the wrong-sign responses this guards against were 3.7 % and 0.7 %).

More Earth flights are not among them: under a fixed reinvestment share a base that Earth no longer holds back
keeps growing factories with that share instead of deploying what Earth refused, so in a given year it can hold
less compute and more industry. That is the policy's choice, not physics; ``lunarbase optimise`` tunes the share.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lunarbase.constants import YEAR
from lunarbase.engine import simulate
from lunarbase.scenario import load_scenario
from lunarbase.units import continuous_rate

#: Where the point is drawn from: (path, low, high), SI or as the schema takes a draw (annual rates as given).
_BACKGROUND = (
    ("industry.productivity", 0.6 / YEAR, 1.6 / YEAR),
    ("industry.reinvestment_fraction", 0.3, 0.8),
    ("logistics.flights_max", 300.0 / YEAR, 2000.0 / YEAR),
    ("industry.energy_per_kg", 8 * 3.6e6, 25 * 3.6e6),
)

#: (path, the better value's factor over the drawn one).
_BETTER = {
    "industry.depreciation": ("industry.depreciation", 0.0),
    "industry.energy_per_kg": ("industry.energy_per_kg", 0.6),
    "industry.productivity": ("industry.productivity", 1.5),
    "satellite.failure_rate": ("satellite.failure_rate", 0.3),
}

_MILESTONES = ("launch_rate_1GW_per_yr", "launch_rate_100GW_per_yr")
_COMPUTE_TOLERANCE = 3e-3


def _outcomes(run):
    years = {m: np.nan_to_num(run.milestones[m], nan=np.inf) for m in _MILESTONES}
    return years, run["installed_compute"][:, -1]


@pytest.mark.parametrize("better", sorted(_BETTER))
@settings(max_examples=6, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(point=st.lists(st.floats(0.0, 1.0), min_size=len(_BACKGROUND), max_size=len(_BACKGROUND)))
def test_a_better_input_never_makes_the_base_worse(better, point):
    scenario = load_scenario("lunar-base-alpha")
    draws = {path: np.full(2, lo + f * (hi - lo)) for (path, lo, hi), f in zip(_BACKGROUND, point, strict=True)}
    path, factor = _BETTER[better]
    if path not in draws:  # the scenario's own value, as SI (an annual rate goes in as the file gives it)
        row = next(r for r in scenario.rows() if r.path == path)
        draws[path] = np.full(2, row._as_given)
    draws[path] = draws[path] * np.array([1.0, factor])
    run = simulate(scenario, draws=draws)
    years, compute = _outcomes(run)
    step = 1.0 / scenario.params.horizon.steps_per_year
    for m in _MILESTONES:
        assert years[m][1] <= years[m][0] + step * 0.999, (better, m, years[m])
    assert compute[1] >= compute[0] * (1.0 - _COMPUTE_TOLERANCE), (better, compute)


def test_the_issue_cases_have_the_right_sign():
    """The cases the review found: no wear, more sunlight, less energy per kg gave less compute in 2100."""
    base = simulate(load_scenario("lunar-base-alpha"))["installed_compute"][-1]
    for sets in (["industry.depreciation=0 %/yr"], ["site.illumination_fraction=100 %"],
                 ["industry.energy_per_kg=10 kWh/kg"]):
        better = simulate(load_scenario("lunar-base-alpha", sets=sets))["installed_compute"][-1]
        assert better >= base * (1.0 - _COMPUTE_TOLERANCE), sets


def test_monthly_steps_agree_with_weekly_ones():
    """Monthly vs weekly within 0.5 % in the horizon's compute and 0.15 yr on each launch milestone (the review
    measured 1.3 % and 0.3 yr; measured now 0.2 % and 0.02 / 0.10 yr: the growth step is exact for
    self-reproduction, and a launch rate is read over a year, not one step's pace annualised). A milestone the
    horizon does not reach (100 GW/yr, since the sized laser terminals' Earth mass slowed the base) must be missed
    at both steps."""
    runs = [simulate(load_scenario("lunar-base-alpha", sets=[f"horizon.steps_per_year={n}"])) for n in (12, 52)]
    monthly, weekly = (r["installed_compute"][-1] for r in runs)
    assert monthly == pytest.approx(weekly, rel=5e-3)
    assert runs[0].milestones["launch_rate_1GW_per_yr"] is not None
    for name in ("launch_rate_1GW_per_yr", "launch_rate_100GW_per_yr"):
        first, second = runs[0].milestones[name], runs[1].milestones[name]
        assert (first is None) == (second is None), name
        assert first is None or abs(first - second) < 0.15, name


def test_rates_in_draws_are_continuous_once_read():
    """The properties above pass annual rates as a file writes them; the engine holds them continuous."""
    run = simulate(load_scenario("lunar-base-alpha"), draws={"industry.depreciation": np.array([0.02, 0.02]) / YEAR})
    assert run.draws["industry.depreciation"][0] == pytest.approx(float(continuous_rate(0.02 / YEAR, "decay")))
