"""The lever search: it finds optima the physics fixes, beats a coarse grid of the same model, keeps a
non-dominated front, repeats itself from a seed, turns unbuildable settings into constraints, and refuses bad
levers in one line. Short horizons and small populations keep each test to a few seconds."""

import dataclasses

import astropy.units as u
import numpy as np
import pytest

from lunarbase import load_scenario
from lunarbase.optimise import (
    Evaluator,
    Lever,
    Objective,
    OptimiseError,
    Robust,
    brute_force,
    default_levers,
    optimise,
)
from lunarbase.scenario.uncertainty import parse

SETS = ["horizon.end_year=2060"]
GW = "launch_rate_1GW_per_yr"


@pytest.fixture(scope="module")
def alpha():
    return load_scenario("lunar-base-alpha", SETS)


def test_an_earlier_start_is_sooner_so_the_search_ends_at_the_low_end(alpha):
    lever = Lever("industry.start_year", 2028, 2040, "")
    found = optimise(alpha, Objective("years-to", GW), [lever], population=10, generations=6, seed=3)
    at_low = Evaluator(alpha, GW)({"industry.start_year": np.array([2028.0])}).year[0]
    assert found.best_values()["industry.start_year"] < 2029
    assert found.best["year"] <= at_low + 1.0


def test_faster_replication_is_sooner_so_the_search_ends_at_the_top(alpha):
    lever = Lever("industry.productivity", 0.5, 2.0, "1/yr")
    found = optimise(alpha, Objective("years-to", GW), [lever], population=10, generations=6, seed=3)
    at_top = Evaluator(alpha, GW)({"industry.productivity": np.array([2.0]) / u.yr}).year[0]
    assert found.best_values()["industry.productivity"] > 1.8
    assert found.best["year"] <= at_top + 0.5


def test_the_search_is_no_worse_than_a_coarse_grid(alpha):
    levers = [Lever("industry.reinvestment_fraction", 20, 90, "%"), Lever("industry.productivity", 0.5, 2, "1/yr")]
    objective = Objective("years-to", GW)
    _, grid_best = brute_force(alpha, objective, levers, 4)
    found = optimise(alpha, objective, levers, population=16, generations=8, seed=2)
    assert found.best["scored_year"] <= grid_best + 1e-9
    assert found.evaluations == 16 * 8


def test_pareto_front_is_non_dominated_and_sorted(alpha):
    levers = [Lever("industry.reinvestment_fraction", 20, 90, "%"), Lever("logistics.flights_max", 50, 1000, "1/yr")]
    found = optimise(alpha, Objective("pareto", GW), levers, population=16, generations=6, seed=1)
    f = np.column_stack([found.front_years, found.front_spend])
    assert len(f) >= 2 and found.front_x.shape == (len(f), 2)
    for i in range(len(f)):
        assert not np.any(np.all(f <= f[i], axis=1) & np.any(f < f[i], axis=1))
    assert np.all(np.diff(found.front_years) >= 0) and np.all(np.diff(found.front_spend) <= 0)
    assert np.all(found.front_years <= alpha.params.horizon.end_year + 1)  # every point reaches the milestone


def test_a_seed_repeats_the_search(alpha):
    levers = [Lever("industry.reinvestment_fraction", 20, 90, "%"), Lever("industry.productivity", 0.5, 2, "1/yr")]
    a, b = (optimise(alpha, "levelized-cost", levers, population=8, generations=4, seed=7) for _ in range(2))
    np.testing.assert_array_equal(a.best_x, b.best_x)
    assert a.best == b.best


def test_unbuildable_settings_are_constraints_not_crashes(alpha):
    # Above ~140 kW the satellite outweighs the 3 t shot: the engine refuses; the search steps round it.
    levers = [Lever("satellite.compute_power", 60, 400, "kW"), Lever("industry.reinvestment_fraction", 20, 90, "%")]
    found = optimise(alpha, Objective("years-to", GW), levers, population=12, generations=5, seed=1)
    assert found.feasible
    assert found.samples > found.evaluations  # the refused chunks were split and run again
    check = Evaluator(alpha, GW)({p: np.array([v]) for p, v in zip(
        [lv.path for lv in levers], found.best_x, strict=True)})
    assert check.built[0]


def test_default_levers_are_read_by_every_route():
    for name in ("lunar-base-alpha", "lunar-conservative", "earth-orbit-starship", "terrestrial", "mars-base",
                 "mercury-swarm"):
        sc = load_scenario(name, SETS)
        levers = default_levers(sc)
        assert 4 <= len(levers) <= 6, name
        found = optimise(sc, "levelized-cost", levers, population=4, generations=1, seed=1)
        assert found.evaluations == 4, name
    fab = {lv.path for lv in default_levers(load_scenario("lunar-conservative"))}
    assert "chips.lunar_fab_year" not in fab  # no fab on that preset: its year would do nothing


@pytest.mark.parametrize(("item", "expected"), [
    ("industry.nonsense=0.1:0.2", "unknown parameter"),
    ("industry.reinvestment_fraction=0.9:0.3", "expected LOW < HIGH"),
    ("mass_driver.exit_speed=2 kg:3 kg", "expected"),
    ("industry.reinvestment_fraction=0.5:1.5", "outside the schema's bounds"),
    ("route.self_sufficient=0:1", "a switch or a choice"),
    ("mass_driver.exit_speed 2:3", "expected PATH=LOW:HIGH"),
])
def test_bad_levers_are_one_line(alpha, item, expected):
    with pytest.raises(OptimiseError) as err:
        optimise(alpha, "levelized-cost", [Lever.parse(item)], population=4, generations=1)
    assert expected in str(err.value) and len(str(err.value).splitlines()) == 1


def test_lever_units():
    lever = Lever.parse("mass_driver.exit_speed=2.5:4 km/s")
    assert (lever.si_low, lever.si_high, lever.unit) == (2500.0, 4000.0, "km / s")
    assert Lever.parse("industry.reinvestment_fraction=30 %:90 %").si_high == pytest.approx(0.9)


def test_a_lever_the_route_never_reads_is_refused():
    sc = load_scenario("earth-orbit-starship", SETS)
    with pytest.raises(OptimiseError, match="industry.reinvestment_fraction.*does nothing on the earth-orbit"):
        optimise(sc, "levelized-cost", [Lever.parse("industry.reinvestment_fraction=0.3:0.9")], population=4,
                 generations=1)


def test_unknown_milestone_and_robust_without_uncertainty(alpha):
    with pytest.raises(OptimiseError, match="expected one of"):
        optimise(alpha, Objective("years-to", "launch_rate_1PW"), population=4, generations=1)
    bare = dataclasses.replace(alpha, uncertainty=None)
    with pytest.raises(OptimiseError, match="no \\[uncertainty\\] table"):
        optimise(bare, Objective("years-to", GW), population=4, generations=1, robust=Robust(8, 2050))


def stand_in():
    """A one-entry uncertainty set: productivity uniform over 0.4-1.6 per year."""
    return parse({"industry.productivity": {"dist": "uniform", "low": "0.4 1/yr", "high": "1.6 1/yr",
                                            "source": "test"}})


def test_robust_maximises_the_probability_over_common_samples(alpha):
    lever = [Lever("industry.start_year", 2028, 2040, "")]
    robust = Robust(12, 2055.0, uncertainty=stand_in())
    found = optimise(alpha, Objective("years-to", GW), lever, population=6, generations=3, seed=5, robust=robust)
    p, se = found.best["probability"], found.best["standard_error"]
    assert 0.5 < p <= 1.0 and se == pytest.approx(np.sqrt(p * (1 - p) / 12))
    assert found.best_values()["industry.start_year"] < 2034  # a late start cannot make 2050 on most samples
    again = optimise(alpha, Objective("years-to", GW), lever, population=6, generations=3, seed=5, robust=robust)
    assert again.best == found.best
    assert found.samples >= 6 * 3 * 12


def test_a_lever_cannot_also_be_uncertain(alpha):
    with pytest.raises(OptimiseError, match="also in the \\[uncertainty\\] table"):
        optimise(alpha, Objective("years-to", GW), [Lever("industry.productivity", 0.5, 2, "1/yr")],
                 population=4, generations=1, robust=Robust(4, 2050.0, uncertainty=stand_in()))


def test_best_scenario_carries_the_levers_with_their_source(alpha):
    found = optimise(alpha, "levelized-cost", [Lever("industry.reinvestment_fraction", 20, 90, "%")],
                     population=4, generations=2, seed=1)
    best = found.best_scenario()
    assert best.params.industry.reinvestment_fraction == pytest.approx(found.best_x[0])
    assert "lunarbase optimise" in best.sources["industry.reinvestment_fraction"]


def test_the_evaluators_lean_runs_give_the_full_runs_metrics(alpha):
    """The evaluator's runs hold only the series its metrics read (``metric_series``): the same metrics, bit for
    bit, as from a run that holds every series."""
    from lunarbase.engine import simulate
    from lunarbase.optimise import metric_series, metrics

    draws = {"industry.reinvestment_fraction": np.array([0.3, 0.5, 0.8]),
             "mass_driver.exit_speed": np.array([2600.0, 2800.0, 3000.0])}
    full = metrics(simulate(alpha, draws=draws, inert_samples="allow"), GW)
    lean_run = simulate(alpha, draws=draws, inert_samples="allow", series=metric_series(GW))
    assert set(lean_run.series) == metric_series(GW)
    lean = metrics(lean_run, GW)
    for a, b in zip(dataclasses.astuple(full), dataclasses.astuple(lean), strict=True):
        assert np.array_equal(a, b, equal_nan=True)
    assert np.array_equal(Evaluator(alpha, GW)(draws).year, full.year, equal_nan=True)
