"""The samples axis: ``simulate(scenario, draws=...)`` runs N samples through the same vectorised code, and
gives, sample by sample, exactly what N scalar runs of the same values give, on every route."""


import astropy.units as u
import numpy as np
import pytest

from lunarbase import load_scenario, simulate
from lunarbase.constants import YEAR
from lunarbase.figures import DESIGN
from lunarbase.scenario import ScenarioError
from lunarbase.scenario.schema import SECTIONS, field_unit

#: Per route: a preset and draws (SI) of parameters that reach its design, its loop and its costs.
CASES = {
    "surface base, Moon, site varied": ("lunar-base-alpha", {
        "mass_driver.exit_speed": [2.45e3, 2.6e3, 3.0e3],
        "site.latitude": np.radians([-89.45, -85.0, -80.5]),
        "industry.productivity": np.array([1.0, 0.5, 2.0]) / YEAR,
        "satellite.compute_power": [100e3, 110e3, 80e3]}),
    "surface base, Moon, best track": ("lunar-base-alpha", {
        "mass_driver.exit_speed": [2.6e3, 3.0e3],
        "industry.start_year": [2030, 2031]}),
    "surface base, Mars by rocket": ("mars-base", {
        "rocket.exit_speed": [5.3e3, 6.0e3, 7.0e3],
        "surface.dust_storm_outage": [0.0, 0.05, 0.2],
        "industry.reinvestment_fraction": [0.3, 0.5, 0.7],
        "logistics.tankers_per_flight": [3.0, 5.0, 8.0]}),
    "surface base, Mercury": ("mercury-swarm", {
        "satellite.lifetime": np.array([5.0, 10.0, 20.0]) * YEAR,
        "industry.reinvestment_fraction": [0.3, 0.5, 0.7],
        "satellite.radiator_temperature": [300.0, 340.0, 348.0]}),
    "Earth orbit": ("earth-orbit-starship", {
        "orbit.altitude": [500e3, 650e3, 1000e3],
        "logistics.flights_max": np.array([1000.0, 8760.0, 20000.0]) / YEAR,
        "satellite.compute_power": [100e3, 150e3, 80e3],
        "chips.efficiency_ceiling_factor": [50.0, 200.0, 1000.0],
        "logistics.tankers_per_flight": [0.0, 1.0, 3.0],
        "economics.discount_rate": [0.05, 0.10, 0.20]}),
    "ground": ("terrestrial", {
        "grid.build_time": np.array([1.0, 2.0, 4.0]) * YEAR,
        "grid.server_lifetime": np.array([4.0, 5.0, 7.0]) * YEAR,
        "grid.pue": [1.1, 1.2, 1.5],
        "chips.efficiency_growth": np.array([0.1, 0.25, 1.0]) / YEAR,
        "delivery.utilisation": [0.5, 0.8, 1.0],
        "economics.discount_rate": [0.0, 0.06, 0.12]}),
}


#: Extra settings a case needs (as a user would type them).
SETS = {"surface base, Moon, best track": ["mass_driver.track_aim=\"best\""]}


def _set(path: str, value) -> str:
    section, _, name = path.partition(".")
    unit = field_unit(SECTIONS[section], name)
    if isinstance(value, bool | np.bool_):
        return f"{path}={'true' if value else 'false'}"
    return f"{path}={float(value)!r} {unit}".rstrip() if unit else f"{path}={float(value)!r}"


def test_samples_broadcast_through_the_same_code():
    """Arrays of samples (a Monte Carlo draw) give, sample by sample, what scalar runs give."""
    speeds = np.array([2.45e3, 2.5e3, 2.7e3])
    productivity = np.array([1.0, 0.5, 2.0]) / YEAR
    fab = np.array([True, False, True])
    run = simulate(load_scenario(), draws={"mass_driver.exit_speed": speeds, "industry.productivity": productivity,
                                           "chips.lunar_fab": fab})
    assert run.samples == 3 and run["installed_compute"].shape == (3, run.t.size)
    for i in range(3):
        one = simulate(load_scenario(sets=[f"mass_driver.exit_speed={speeds[i]} m/s",
                                           f"industry.productivity={productivity[i]} 1/s",
                                           f"chips.lunar_fab={'true' if fab[i] else 'false'}"]))
        for name in ("installed_compute", "cumulative_spend", "factory_mass", "binding", "flights"):
            np.testing.assert_allclose(run[name][i], one[name], rtol=1e-12, err_msg=name)


@pytest.mark.parametrize("case", list(CASES))
def test_a_vectorised_run_of_n_samples_equals_n_scalar_runs(case):
    preset, draws = CASES[case]
    base = SETS.get(case, [])
    run = simulate(load_scenario(preset, base), draws=draws)
    n = len(next(iter(draws.values())))
    assert run.samples == n
    for i in range(n):
        one = simulate(load_scenario(preset, base + [_set(p, v[i]) for p, v in draws.items()]))
        mine = run.sample(i)
        for name in one.series:
            np.testing.assert_allclose(mine[name], one[name], rtol=1e-12, atol=0, equal_nan=True,
                                       err_msg=f"{case}, sample {i}: {name}")
        assert mine.milestones == one.milestones
        lc, ref = run.levelized_cost, one.levelized_cost
        np.testing.assert_allclose([lc.per_flop[i], lc.discount_rate[i], *(lc.shares[k][i] for k in ref.shares)],
                                   [ref.per_flop, ref.discount_rate, *ref.shares.values()], rtol=1e-12,
                                   equal_nan=True, err_msg=f"{case}, sample {i}: levelized cost")
        assert mine.binding_periods == one.binding_periods
        for group in ("satellite", "departure"):
            part, ref = getattr(mine.design, group), getattr(one.design, group)
            for field in (DESIGN[group].keys() & set(getattr(ref, "_fields", ()))):
                np.testing.assert_allclose(np.ravel(getattr(part, field)), np.ravel(getattr(ref, field)),
                                           rtol=1e-12, equal_nan=True, err_msg=f"{case}, sample {i}: {field}")


def test_milestones_of_samples_are_per_sample_years():
    run = simulate(load_scenario(), draws={"industry.productivity": np.array([0.5, 1.0, 2.0]) / YEAR})
    years = run.milestones["launch_rate_1GW_per_yr"]
    assert years.shape == (3,) and np.all(np.diff(years) < 0)  # more productive factories get there sooner
    assert years[1] == pytest.approx(run.sample(1).milestones["launch_rate_1GW_per_yr"])


def test_a_sample_carries_its_drawn_values_and_their_source():
    run = simulate(load_scenario(), draws={"mass_driver.exit_speed": [2.5e3, 2.8e3]})
    rows = {r.path: r for r in run.sample(1).scenario.rows()}
    assert rows["mass_driver.exit_speed"].value == 2.8e3
    assert rows["mass_driver.exit_speed"].source == "sample 1 of a draw"
    assert run.sample(-1).scenario.params.mass_driver.exit_speed == 2.8e3
    with pytest.raises(IndexError):
        run.sample(2)


def test_quantities_are_converted_to_si():
    a = simulate(load_scenario(), draws={"mass_driver.exit_speed": [2.5, 2.8] * u.km / u.s})
    b = simulate(load_scenario(), draws={"mass_driver.exit_speed": [2500.0, 2800.0]})
    np.testing.assert_array_equal(a["installed_compute"], b["installed_compute"])


@pytest.mark.parametrize(("draws", "says"), [
    ({"route.kind": ["terrestrial"]}, "route.kind: a choice cannot vary across samples"),
    ({"horizon.end_year": [2090, 2100]}, "horizon.end_year: drawn per sample; the surface-base route takes one"),
    ({"departure.model": ["site"]}, "departure.model: a choice cannot vary"),
    ({"industry.nothing": [1.0]}, "industry.nothing: unknown parameter"),
    ({"industry.productivity": [1e-8, -1e-8, 2e-8]}, "industry.productivity: got -1e-08 (sample 1); expected a value"),
    ({"mass_driver.exit_speed": [[2500.0]]}, "expected one value per sample (1-D)"),
    ({"mass_driver.exit_speed": [2500.0, np.nan]}, "got non-finite values (sample 1)"),
    ({"mass_driver.exit_speed": [2.5, 3.0] * u.kg}, "mass_driver.exit_speed: got values in 'kg'; expected a speed"),
    ({"mass_driver.exit_speed": [2500.0, 2600.0], "industry.autonomy": [0.5]}, "expected the same number of samples"),
    ({"mass_driver.acceleration": [300 * 9.8, 1e6]}, "the satellite cannot be hardened for it"),
    ({"satellite.radiator_temperature": [340.0, 360.0]}, "expected at most 348.15 K (sample 1)"),
    ({"chips.efficiency_ceiling_factor": [200.0, 1e9, 1e10]}, "expected at most 1.366e+08 (samples 1, 2)"),
])
def test_bad_draws_are_refused_in_one_line_each(draws, says):
    with pytest.raises(ScenarioError) as err:
        simulate(load_scenario(), draws=draws)
    assert says in str(err.value)
    assert len(str(err.value).splitlines()) == 1


def test_a_route_refuses_what_it_takes_once_per_run():
    with pytest.raises(ScenarioError, match="mass_driver.track_aim: a choice cannot vary"):
        simulate(load_scenario(), draws={"mass_driver.track_aim": ["best", "prograde"]})
    with pytest.raises(ScenarioError, match=r"\(sample 1\)"):
        simulate(load_scenario(), draws={"mass_driver.payload_per_shot": [5e3, 1e3]})


def test_a_run_of_samples_asks_for_a_sample_where_one_figure_is_meant():
    run = simulate(load_scenario(), draws={"industry.autonomy": [0.5, 0.9]})
    with pytest.raises(ValueError, match="holds 2 samples"):
        run.binding_by_year  # noqa: B018


def test_a_chunk_of_many_samples_equals_scalar_runs_at_round_off():
    """Beyond a handful of samples the fleet sums by recurrence and the departure reads the N-body table's rows
    once: a chunk of 70 gives, sample by sample, what scalar runs give, to round-off."""
    rng = np.random.default_rng(5)
    n = 70
    draws = {"mass_driver.exit_speed": rng.uniform(2.45e3, 3.4e3, n),
             "satellite.lifetime": rng.uniform(4.0, 8.0, n) * YEAR,
             "satellite.failure_rate": rng.uniform(0.01, 0.06, n) / YEAR,
             "industry.productivity": rng.uniform(0.5, 2.0, n) / YEAR}
    base = ["mass_driver.payload_per_shot=5 t"]
    run = simulate(load_scenario("lunar-base-alpha", base), draws=draws)
    for i in (0, 33, 69):
        one = simulate(load_scenario("lunar-base-alpha", base + [_set(p, v[i]) for p, v in draws.items()]))
        for name in one.series:
            ref = one[name]
            np.testing.assert_allclose(run[name][i], ref, rtol=1e-10, atol=1e-12 * np.nanmax(np.abs(ref), initial=0.0),
                                       equal_nan=True, err_msg=f"sample {i}: {name}")
