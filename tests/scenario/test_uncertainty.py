"""Uncertainty as data: the ``[uncertainty]`` table, its distributions, units, bounds and inheritance, the designs
(Monte Carlo, Latin hypercube, Sobol, Morris), Iman-Conover rank correlations, and the shipped default sets."""

import math

import astropy.units as u
import numpy as np
import pytest
from scipy import stats

from lunarbase.constants import YEAR
from lunarbase.engine import simulate
from lunarbase.scenario import ScenarioError, load_scenario, preset_names
from lunarbase.scenario import draws as draws_mod
from lunarbase.scenario.uncertainty import Uncertainty, UncertaintyError, iman_conover, parse, sample

Q = np.array([0.0, 0.001, 0.05, 0.25, 0.5, 0.75, 0.95, 0.999, 1.0])
INNER = Q[1:-1]


def one(path, **spec):
    """The single entry of a table with ``path = spec``."""
    return parse({path: spec}, "test").entries[0]


def scenario_file(tmp_path, body, base="lunar-base-alpha", name="study"):
    path = tmp_path / f"{name}.toml"
    path.write_text((f'base = "{base}"\n' if base else "") + f'name = "{name}"\n' + body)
    return str(path)


# ------------------------------------------------------------------------------------------ distributions


def test_uniform_quantiles_are_linear():
    e = one("industry.productivity", dist="uniform", low="0.5 /yr", high="1.5 /yr")
    np.testing.assert_allclose(e.ppf(Q), stats.uniform(0.5, 1.0).ppf(Q))
    assert e.unit == "1/yr" and e.quantity([0.5]).unit == u.Unit("1/yr")


def test_triangular_quantiles_match_scipy():
    e = one("industry.closure_final", dist="triangular", low="90 %", mode="99.5 %", high="99.9 %")
    ref = stats.triang((99.5 - 90) / (99.9 - 90), loc=90, scale=9.9)
    np.testing.assert_allclose(e.ppf(Q), ref.ppf(Q), rtol=1e-12)
    e = one("industry.start_year", dist="triangular", low=2030, mode=2030, high=2035)  # mode at an end
    np.testing.assert_allclose(e.ppf(Q), stats.triang(0.0, loc=2030, scale=5).ppf(Q), rtol=1e-12)


def test_normal_quantiles_match_scipy_and_the_tails_are_held_at_0_1_percent():
    e = one("economics.discount_rate", dist="normal", mean=0.12, sd=0.02)
    ref = stats.norm(0.12, 0.02)
    np.testing.assert_allclose(e.ppf(INNER), ref.ppf(INNER), rtol=1e-12)
    assert e.ppf([0.0])[0] == pytest.approx(ref.ppf(0.001)) and e.ppf([1.0])[0] == pytest.approx(ref.ppf(0.999))
    assert e.support() == pytest.approx((ref.ppf(0.001), ref.ppf(0.999)))


def test_truncated_normal_is_scipys_truncnorm():
    e = one("industry.closure_final", dist="normal", mean="97 %", sd="3 %", low="90 %", high="100 %")
    a, b = (90 - 97) / 3, (100 - 97) / 3
    np.testing.assert_allclose(e.ppf(Q), stats.truncnorm(a, b, loc=97, scale=3).ppf(Q), rtol=1e-9)
    assert e.support() == (90, 100)


def test_lognormal_from_median_and_p95():
    e = one("industry.productivity", dist="lognormal", median="0.5 1/yr", p95="1.5 1/yr")
    sigma = math.log(3) / 1.6448536269514722
    assert e.sigma == pytest.approx(sigma)
    np.testing.assert_allclose(e.ppf(INNER), stats.lognorm(sigma, scale=0.5).ppf(INNER), rtol=1e-12)
    assert e.ppf([0.5, 0.95]) == pytest.approx([0.5, 1.5])


def test_lognormal_from_mean_and_sd_has_that_mean_and_sd():
    e = one("chips.lunar_fab_capacity", dist="lognormal", mean="10 GW/yr", sd="5 GW/yr")
    ref = stats.lognorm(e.sigma, scale=math.exp(e.mu))
    assert ref.mean() == pytest.approx(10) and ref.std() == pytest.approx(5)
    np.testing.assert_allclose(e.ppf(INNER), ref.ppf(INNER), rtol=1e-12)


def test_choice_follows_the_cumulative_weights():
    e = one("mass_driver.exit_speed", dist="choice", values=["2.5 km/s", "3000 m/s"], weights=[0.25, 0.75])
    assert e.values == (2.5, 3.0) and e.unit == "km/s"
    assert list(e.ppf([0.0, 0.2499, 0.25, 0.9, 1.0])) == [2.5, 2.5, 3.0, 3.0, 3.0]
    q = np.random.default_rng(0).random(20000)
    assert np.mean(e.ppf(q) == 2.5) == pytest.approx(0.25, abs=0.01)
    switch = one("chips.lunar_fab", dist="choice", values=[True, False], weights=[0.7, 0.3])
    assert switch.unit is None and switch.ppf([0.1, 0.9]).tolist() == [True, False]
    assert one("chips.lunar_fab", dist="choice", values=[True, False]).weights == (0.5, 0.5)


def test_rows_give_5_50_95_percent_with_units_and_the_source():
    unc = parse({"industry.productivity": {"dist": "lognormal", "median": "1 /yr", "p95": "2.5 /yr",
                                           "source": "NASA CP-2255"}}, "test")
    (row,) = unc.rows()
    assert (row.path, row.source, row.unit) == ("industry.productivity", "NASA CP-2255", "/yr")
    assert row.summary == "0.4 / 1 / 2.5 /yr" and row.dist.startswith("lognormal")
    assert unc.json()["entries"]["industry.productivity"]["p95"] == {"value": pytest.approx(2.5), "unit": "1 / yr"}


# ------------------------------------------------------------------------------------------ units


def test_annual_rates_are_given_as_a_file_gives_them_and_compounded_like_scenario_values():
    unc = parse({"chips.efficiency_growth": {"dist": "uniform", "low": "20 %/yr", "high": "30 %/yr"}}, "test")
    drawn = unc.from_unit_cube(np.array([[0.5]]))["chips.efficiency_growth"]
    assert drawn.unit == u.Unit("%/yr") and drawn[0].value == pytest.approx(25)
    checked, _ = draws_mod.validate(unc.from_unit_cube(np.array([[0.5]])))
    assert checked["chips.efficiency_growth"][0] == pytest.approx(load_scenario().params.chips.efficiency_growth)
    assert checked["chips.efficiency_growth"][0] == pytest.approx(math.log(1.25) / YEAR)


def test_mixed_units_are_converted_to_the_first_one_given():
    e = one("mass_driver.exit_speed", dist="uniform", low="2450 m/s", high="2.6 km/s")
    assert e.unit == "m/s" and (e.low, e.high) == (2450, pytest.approx(2600))
    e = one("industry.energy_per_kg", dist="triangular", low="36 MJ/kg", mode="15 kWh/kg", high="35 kWh/kg")
    assert e.unit == "MJ/kg" and e.mode == pytest.approx(54) and e.high == pytest.approx(126)
    drawn = parse({"economics.discount_rate": {"dist": "uniform", "low": 0.08, "high": "30 %"}}, "t")
    assert drawn.entries[0].unit == "" and drawn.entries[0].high == pytest.approx(0.3)


# ------------------------------------------------------------------------------------------ refusals


@pytest.mark.parametrize(("path", "spec", "words"), [
    ("industry.productivity", {"dist": "lognormal", "median": "0.5 km/s", "p95": "1 /yr"}, "a rate"),
    ("industry.productivity", {"dist": "uniform", "low": 1, "high": 2}, "with units"),
    ("industry.closure_final", {"dist": "normal", "mean": "95 %", "sd": "5 %"}, "reaching 110"),
    ("industry.closure_final", {"dist": "uniform", "low": "90 %", "high": "101 %"}, "<= 100 %"),
    ("industry.closure_final", {"dist": "uniform", "low": "95 %", "high": "90 %"}, "above low"),
    ("industry.closure_final", {"dist": "triangular", "low": "90 %", "mode": "80 %", "high": "99 %"}, "mode"),
    ("industry.productivity", {"dist": "lognormal", "median": "1.5 /yr", "p95": "0.5 /yr"}, "above the median"),
    ("industry.productivity", {"dist": "lognormal", "median": "1 /yr", "sd": "0.5 /yr"}, "median and p95"),
    ("industry.productivity", {"dist": "normal", "mean": "1 /yr", "sd": "0 /yr", "low": "0.1 /yr"}, "sd"),
    ("satellite.failure_rate", {"dist": "uniform", "low": "50 %/yr", "high": "120 %/yr"}, "< 100 %/yr"),
    ("mass_driver.exit_speed", {"dist": "choice", "values": ["2.5 km/s", "3 km/s"], "weights": [0.5, 0.6]}, "sum"),
    ("mass_driver.exit_speed", {"dist": "choice", "values": ["2.5 km/s"], "weights": [-1]}, ">= 0"),
    ("chips.lunar_fab", {"dist": "uniform", "low": 0, "high": 1}, "choice"),
    ("chips.lunar_fab", {"dist": "choice", "values": [1, 0]}, "true and/or false"),
    ("route.kind", {"dist": "choice", "values": ["earth-orbit"]}, "one value per run"),
    ("horizon.end_year", {"dist": "uniform", "low": 2090, "high": 2100}, "one value per run"),
    ("site.kind", {"dist": "choice", "values": ["polar"]}, "text"),
    ("industry.nonsense", {"dist": "uniform", "low": 1, "high": 2}, "unknown parameter"),
    ("industry.productivity", {"dist": "gamma", "low": 1, "high": 2}, "one of uniform"),
    ("industry.productivity", {"dist": "uniform", "low": "1 /yr", "high": "2 /yr", "extra": 3}, "unknown key"),
    ("industry.productivity", "1 /yr", "inline table"),
    ("chips.efficiency_growth_end_year", {"dist": "uniform", "low": 2040, "high": 2050}, "removed"),
])
def test_bad_entries_are_one_line_naming_the_path(path, spec, words):
    with pytest.raises(UncertaintyError) as err:
        parse({path: spec}, "file x.toml")
    message = str(err.value)
    assert "\n" not in message and message.startswith(f"uncertainty.{path}") and words in message, message


def test_every_bad_entry_is_reported_once():
    with pytest.raises(UncertaintyError) as err:
        parse({"industry.productivity": {"dist": "uniform", "low": 1, "high": 2},
               "industry.closure_final": {"dist": "uniform", "low": "90 %", "high": "101 %"}}, "x")
    assert len(str(err.value).splitlines()) == 2


@pytest.mark.parametrize(("pairs", "words"), [
    ([["industry.productivity", "industry.autonomy", 0.5]], "a path of the [uncertainty] table"),
    ([["industry.productivity", "industry.productivity", 0.5]], "two different paths"),
    ([["industry.productivity", "industry.closure_final", 1.0]], "strictly between"),
    ([["industry.productivity", "industry.closure_final", 0.5]] * 2, "each pair once"),
    ([["industry.productivity", "industry.closure_final", 0.9], ["industry.productivity", "economics.discount_rate",
      0.9], ["industry.closure_final", "economics.discount_rate", -0.9]], "positive definite"),
])
def test_bad_correlations_are_one_line(pairs, words):
    table = {"industry.productivity": {"dist": "uniform", "low": "1 /yr", "high": "2 /yr"},
             "industry.closure_final": {"dist": "uniform", "low": "90 %", "high": "99 %"},
             "economics.discount_rate": {"dist": "uniform", "low": "5 %", "high": "20 %"}, "correlations":
             {"pairs": pairs}}
    with pytest.raises(UncertaintyError) as err:
        parse(table, "x")
    assert "\n" not in str(err.value) and words in str(err.value), str(err.value)


@pytest.mark.parametrize("command", ["show", "run"])
def test_the_cli_refuses_a_bad_entry_in_one_line_with_exit_2(tmp_path, command):
    from tests.interfaces.conftest import cli

    path = scenario_file(tmp_path, '[uncertainty]\n"industry.closure_final" = { dist = "normal", mean = "95 %", '
                                   'sd = "5 %", source = "x" }\n')
    extra = ("--no-report", "--out", str(tmp_path / "out")) if command == "run" else ()
    res = cli(command, path, *extra)
    assert res.returncode == 2 and res.stdout == ""
    assert len(res.stderr.strip().splitlines()) == 1 and "Traceback" not in res.stderr
    assert "uncertainty.industry.closure_final" in res.stderr and "study.toml" in res.stderr
    assert not (tmp_path / "out").exists()


# ------------------------------------------------------------------------------------------ inheritance


def test_a_file_without_a_table_takes_its_bases_and_one_with_a_table_replaces_it(tmp_path):
    alpha = load_scenario("lunar-base-alpha").uncertainty
    inherited = load_scenario(scenario_file(tmp_path, "[satellite]\ncompute_power = \"200 kW\"\n", name="a"))
    assert inherited.uncertainty == alpha
    own = load_scenario(scenario_file(tmp_path, '[uncertainty]\n"industry.autonomy" = { dist = "uniform", '
                                                'low = "80 %", high = "95 %" }\n', name="b"))
    assert own.uncertainty.paths == ("industry.autonomy",)
    assert own.uncertainty.entries[0].source == "set in file b.toml"
    empty = load_scenario(scenario_file(tmp_path, "[uncertainty]\n", name="c"))
    assert empty.uncertainty is None
    assert load_scenario(scenario_file(tmp_path, "", base=None, name="d")).uncertainty is None


def test_a_files_table_replaces_a_presets_that_has_its_own(tmp_path):
    """lunar-equatorial's table replaced alpha's; a file on lunar-equatorial takes lunar-equatorial's."""
    equatorial = load_scenario("lunar-equatorial").uncertainty
    assert "site.storage_specific_energy" in equatorial.paths
    assert "site.storage_specific_energy" not in load_scenario("lunar-base-alpha").uncertainty.paths
    on_it = load_scenario(scenario_file(tmp_path, "", base="lunar-equatorial"))
    assert on_it.uncertainty == equatorial


def test_nested_keys_read_as_dotted_paths(tmp_path):
    sc = load_scenario(scenario_file(tmp_path, '[uncertainty.industry]\nautonomy = { dist = "uniform", '
                                               'low = "80 %", high = "95 %" }\n'))
    assert sc.uncertainty.paths == ("industry.autonomy",)


# ------------------------------------------------------------------------------------------ designs

TWO = parse({"industry.productivity": {"dist": "lognormal", "median": "1 /yr", "p95": "2.5 /yr"},
             "industry.closure_final": {"dist": "triangular", "low": "90 %", "mode": "99 %", "high": "99.9 %"},
             "economics.discount_rate": {"dist": "uniform", "low": "8 %", "high": "30 %"}}, "test")


@pytest.mark.parametrize("method", ["mc", "lhs", "sobol", "morris"])
def test_designs_are_deterministic_under_a_seed(method):
    a, b = sample(TWO, 16, method, 7), sample(TWO, 16, method, 7)
    np.testing.assert_array_equal(a, b)
    assert np.all((a >= 0) & (a <= 1))
    c = sample(TWO, 16, method, np.random.SeedSequence(7))
    np.testing.assert_array_equal(c, sample(TWO, 16, method, np.random.SeedSequence(7)))
    assert not np.array_equal(sample(TWO, 16, method, 8), a)


def test_design_shapes():
    k = len(TWO.entries)
    assert sample(TWO, 100, "mc", 1).shape == (100, k)
    assert sample(TWO, 100, "lhs", 1).shape == (100, k)
    assert sample(TWO, 64, "sobol", 1).shape == (64 * (k + 2), k)
    assert sample(TWO, 10, "morris", 1).shape == (10 * (k + 1), k)
    assert TWO.salib_problem() == {"num_vars": k, "names": list(TWO.paths), "bounds": [[0.0, 1.0]] * k}


def test_latin_hypercube_has_one_sample_per_stratum():
    design = sample(TWO, 50, "lhs", 3)
    for j in range(design.shape[1]):
        assert sorted(np.floor(design[:, j] * 50).astype(int)) == list(range(50))


def test_sobol_design_is_salibs_and_its_analysis_runs_on_the_outputs():
    from SALib.analyze import sobol as sobol_analyze
    from SALib.sample import sobol as sobol_sample

    design = sample(TWO, 256, "sobol", 5)
    np.testing.assert_array_equal(design, sobol_sample.sample(TWO.salib_problem(), 256, calc_second_order=False,
                                                              seed=5))
    y = 4 * design[:, 0] + design[:, 1] + 0 * design[:, 2]
    si = sobol_analyze.analyze(TWO.salib_problem(), y, calc_second_order=False, seed=5)
    assert si["S1"][0] > 0.8 and abs(si["S1"][2]) < 0.05


def test_bad_requests_are_one_line():
    with pytest.raises(UncertaintyError, match="method"):
        sample(TWO, 10, "halton", 1)
    with pytest.raises(UncertaintyError, match="n: got 0"):
        sample(TWO, 0, "mc", 1)
    with pytest.raises(UncertaintyError, match=r"expected \(m, 3\)"):
        TWO.from_unit_cube(np.zeros((4, 2)))
    with pytest.raises(UncertaintyError, match=r"\[0, 1\]"):
        TWO.from_unit_cube(np.full((4, 3), 1.5))


def test_from_unit_cube_gives_quantities_in_each_entrys_unit():
    drawn = TWO.from_unit_cube(sample(TWO, 20, "lhs", 2))
    assert list(drawn) == list(TWO.paths)
    assert drawn["industry.productivity"].unit == u.Unit("1/yr") and drawn["industry.productivity"].shape == (20,)
    assert drawn["industry.closure_final"].unit == u.percent


# ------------------------------------------------------------------------------------------ correlations

CORRELATED = Uncertainty(TWO.entries, ((1.0, 0.6, -0.3), (0.6, 1.0, 0.0), (-0.3, 0.0, 1.0)))


@pytest.mark.parametrize("method", ["mc", "lhs"])
def test_iman_conover_reaches_the_rank_correlations_and_keeps_the_marginals(method):
    design = sample(CORRELATED, 2000, method, 11)
    plain = sample(TWO, 2000, method, 11)
    for j in range(3):  # the same values, reordered
        np.testing.assert_array_equal(np.sort(design[:, j]), np.sort(plain[:, j]))
    rho = stats.spearmanr(design).statistic
    np.testing.assert_allclose(rho, np.asarray(CORRELATED.correlations), atol=0.03)
    values = CORRELATED.from_unit_cube(design)
    assert stats.spearmanr(values["industry.productivity"].value,
                           values["industry.closure_final"].value).statistic == pytest.approx(0.6, abs=0.03)


def test_iman_conover_from_a_file(tmp_path):
    sc = load_scenario(scenario_file(tmp_path, '[uncertainty]\n'
                                     '"industry.productivity" = { dist = "uniform", low = "0.5 /yr", high = "2 /yr" }\n'
                                     '"industry.closure_final" = { dist = "uniform", low = "90 %", high = "99 %" }\n'
                                     '[uncertainty.correlations]\n'
                                     'pairs = [["industry.productivity", "industry.closure_final", 0.5]]\n'))
    assert sc.uncertainty.correlated
    design = sample(sc.uncertainty, 1000, "lhs", 1)
    assert stats.spearmanr(design[:, 0], design[:, 1]).statistic == pytest.approx(0.5, abs=0.04)
    for method in ("sobol", "morris"):
        with pytest.raises(UncertaintyError, match="independent inputs"):
            sample(sc.uncertainty, 8, method, 1)


def test_iman_conover_needs_more_samples_than_parameters():
    with pytest.raises(UncertaintyError, match="n: got 3"):
        iman_conover(np.random.default_rng(0).random((3, 3)), np.eye(3))


# ------------------------------------------------------------------------------------------ the default sets


@pytest.mark.parametrize("name", preset_names())
def test_every_preset_ships_a_sourced_set_that_runs(name):
    unc = load_scenario(name).uncertainty
    assert unc is not None and not unc.correlated  # independent, so Sobol and Morris designs work too
    assert len(unc.entries) >= (15 if name == "lunar-base-alpha" else 8)
    for e in unc.entries:
        assert e.source and not e.source.startswith("set in"), e.path
    run = simulate(load_scenario(name), draws=unc.from_unit_cube(sample(unc, 200, "lhs", 1)))
    assert run.samples == 200 and np.all(np.isfinite(run["installed_compute"]))


def test_alphas_set_covers_what_the_issue_names():
    paths = set(load_scenario("lunar-base-alpha").uncertainty.paths)
    assert {"industry.productivity", "industry.closure_final", "logistics.learning_rate", "logistics.flights_max",
            "chips.mass_per_unit", "chips.efficiency_growth", "chips.efficiency_ceiling_factor",
            "chips.lunar_fab_year", "satellite.failure_rate", "economics.discount_rate", "mass_driver.exit_speed",
            "industry.energy_per_kg"} <= paths
    assert 15 <= len(paths) <= 25


def test_a_scenario_error_not_an_uncertainty_error_reaches_the_caller(tmp_path):
    path = scenario_file(tmp_path, '[uncertainty]\n"industry.autonomy" = { dist = "uniform", low = "80 %" }\n')
    with pytest.raises(ScenarioError, match="missing high"):
        load_scenario(path)
