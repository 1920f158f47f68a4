"""The analyses of a study against cases whose answers are known: Ishigami's Sobol indices, a Morris input that
does nothing, a planted PRIM box, the binomial standard error of a CDF."""

import numpy as np
import pytest
from astropy import units as u

from lunarbase import analysis


def unit_problem(names):
    """The unit-cube problem the study's Uncertainty hands SALib."""
    return {"num_vars": len(names), "names": list(names), "bounds": [[0.0, 1.0]] * len(names)}


def ishigami(x, a=7.0, b=0.1):
    return np.sin(x[:, 0]) + a * np.sin(x[:, 1]) ** 2 + b * x[:, 2] ** 4 * np.sin(x[:, 0])


def ishigami_indices(a=7.0, b=0.1):
    """Analytical S1 and ST of the Ishigami function (Ishigami & Homma 1990; Saltelli et al. 2008, 4.4)."""
    v1 = 0.5 * (1 + b * np.pi ** 4 / 5) ** 2
    v2 = a ** 2 / 8
    v13 = b ** 2 * np.pi ** 8 * (1 / 18 - 1 / 50)
    v = v1 + v2 + v13
    return np.array([v1, v2, 0.0]) / v, np.array([v1 + v13, v2, v13]) / v


def test_ishigami_analytical_values_as_quoted():
    s1, st = ishigami_indices()
    assert s1 == pytest.approx([0.3139, 0.4424, 0.0], abs=1e-4)
    assert st == pytest.approx([0.5576, 0.4424, 0.2437], abs=1e-4)


def test_sobol_indices_of_ishigami_through_the_unit_cube():
    """The study's path: SALib's Sobol' points in the unit cube, mapped to the inputs' ranges ([-pi, pi]),
    outputs into sobol_indices. Within 0.03 at N = 4096, and the truth inside each bootstrap interval widened by
    the same 0.03 (the intervals are themselves estimates)."""
    from SALib.sample import sobol

    problem = unit_problem(["x1", "x2", "x3"])
    unit = sobol.sample(problem, 4096, calc_second_order=False, seed=1)
    res = analysis.sobol_indices(problem, ishigami(-np.pi + 2 * np.pi * unit), seed=1)
    s1, st = ishigami_indices()
    for i, name in enumerate(problem["names"]):
        r = res[name]
        assert r["S1"] == pytest.approx(s1[i], abs=0.03) and r["ST"] == pytest.approx(st[i], abs=0.03)
        assert abs(r["S1"] - s1[i]) <= r["S1_conf"] + 0.03 and abs(r["ST"] - st[i]) <= r["ST_conf"] + 0.03
        assert 0 < r["S1_conf"] < 0.1 and 0 < r["ST_conf"] < 0.1


def test_the_bootstrap_is_seeded():
    """Same seed, same intervals (seed 0 too, which SALib would take for 'no seed'); another seed, others."""
    problem = unit_problem(["a", "b"])
    rng = np.random.default_rng(0)
    y = rng.normal(size=256 * 4)
    for seed in (0, 5):
        assert analysis.sobol_indices(problem, y, seed=seed) == analysis.sobol_indices(problem, y, seed=seed)
    assert analysis.sobol_indices(problem, y, seed=0) != analysis.sobol_indices(problem, y, seed=5)


def test_sobol_reads_never_as_the_year_after_the_horizon():
    problem = unit_problem(["a", "b"])
    y = np.array([2040.0, np.nan, 2050.0, 2045.0] * 4)  # N = 4, k + 2 = 4 rows each
    with pytest.raises(ValueError, match="horizon"):
        analysis.sobol_indices(problem, y)
    assert analysis.never_as_horizon(y, 2100)[1] == 2101
    flat = analysis.sobol_indices(problem, np.full(16, np.nan), horizon=2100)
    assert flat["a"] == {"S1": 0.0, "S1_conf": 0.0, "ST": 0.0, "ST_conf": 0.0}
    with pytest.raises(ValueError, match="N \\(k \\+ 2\\)"):
        analysis.sobol_indices(problem, np.arange(15.0))


def test_morris_finds_the_input_that_does_nothing():
    from SALib.sample import morris

    problem = unit_problem(["strong", "weak", "none"])
    X = morris.sample(problem, 50, num_levels=4, seed=3)
    Y = 10 * X[:, 0] + X[:, 1] ** 2 + 0 * X[:, 2]
    res = analysis.morris_indices(problem, X, Y, seed=3)
    assert res["none"]["mu_star"] == pytest.approx(0, abs=1e-12) and res["none"]["sigma"] == pytest.approx(0)
    assert res["strong"]["mu_star"] == pytest.approx(10) and res["strong"]["sigma"] == pytest.approx(0, abs=1e-9)
    assert 0 < res["weak"]["mu_star"] < 2 and res["weak"]["mu_star_conf"] >= 0
    assert analysis.morris_indices(problem, X, Y, seed=0) == analysis.morris_indices(problem, X, Y, seed=0)


def test_probability_by_year_and_its_standard_error():
    t = np.array([2030.5, 2031.0, 2035.2, np.nan, np.nan, 2029.9, np.nan, 2040.0])
    years = np.arange(2028, 2045)
    p, se = analysis.probability_by_year(t, years)
    assert p[years == 2029][0] == pytest.approx(1 / 8)       # 2029.9 counts in 2029
    assert p[years == 2031][0] == pytest.approx(3 / 8)       # 2031.0 counts in 2031, not 2030
    assert p[-1] == pytest.approx(5 / 8)                      # never-reached samples stay out
    np.testing.assert_allclose(se, np.sqrt(p * (1 - p) / t.size))
    assert se[0] == 0 and np.all(np.diff(p) >= 0)
    assert analysis.median_year(years, p) == 2035
    assert analysis.median_year(years, np.minimum(p, 0.4)) is None


def test_standard_error_matches_the_spread_of_repeated_studies():
    """sqrt(p (1 - p) / n) is the spread of the estimate over independent studies."""
    rng = np.random.default_rng(0)
    truth = rng.uniform(2030, 2070, size=(2000, 400))  # 2000 studies of 400 samples; P(by 2050) = 0.525
    p = (truth < 2051).mean(axis=1)
    _, se = analysis.probability_by_year(truth[0], [2050])
    assert p.std() == pytest.approx(se[0], rel=0.1)


def test_fan_quantiles_and_binding_shares():
    v = np.arange(101.0)[:, None] * np.array([1.0, 2.0])
    v[0, 1] = np.nan
    f = analysis.fan(v)
    assert list(f) == ["q5", "q25", "q50", "q75", "q95"]
    assert f["q50"][0] == 50 and f["q5"][0] == 5 and f["q95"][0] == 95
    assert f["q50"][1] == pytest.approx(101)  # median of 2..200 with the NaN left out
    assert np.isnan(analysis.fan(np.full((3, 2), np.nan))["q50"]).all()

    codes = np.array([[0, 0], [0, 2], [5, 2], [0, 2]])
    shares = analysis.binding_shares(codes)
    assert set(shares) == {"factory", "power", "launch"}
    np.testing.assert_allclose(shares["factory"], [0.75, 0.25])
    assert analysis.binding_shares(codes[:, 1]) == {"factory": 0.25, "power": 0.75}


def test_prim_finds_a_planted_box():
    """Cases of interest are (almost) exactly the box x0 in [0.2, 0.6], x2 > 0.7; x1 and x3 do nothing."""
    rng = np.random.default_rng(4)
    X = rng.uniform(size=(4000, 4))
    inside = (X[:, 0] > 0.2) & (X[:, 0] < 0.6) & (X[:, 2] > 0.7)
    y = inside ^ (rng.uniform(size=4000) < 0.02)  # 2 % noise
    res = analysis.prim(X, y, ["x0", "x1", "x2", "x3"], threshold=0.9, peel_alpha=0.05)
    box = res.box()
    assert set(box) == {"x0", "x2"}
    assert box["x0"] == pytest.approx((0.2, 0.6), abs=0.03) and box["x2"][0] == pytest.approx(0.7, abs=0.03)
    c = res.chosen
    assert res.density[c] >= 0.9 and res.coverage[c] > 0.85 and res.restricted[c] == 2
    # the trajectory: starts at the whole data, coverage never rises, mass shrinks by about alpha a step
    assert res.coverage[0] == 1 and res.mass[0] == 1 and res.restricted[0] == 0
    assert np.all(np.diff(res.coverage) <= 1e-12) and np.all(np.diff(res.mass) < 0)
    assert res.mass[1] == pytest.approx(0.95, abs=0.01) and res.mass[-1] >= 0.05
    d = res.as_dict()
    assert d["chosen"] == c and {b["name"] for b in d["box"]} == {"x0", "x2"} and len(d["coverage"]) == len(res.mass)
    assert analysis.prim(X, y, ["x0", "x1", "x2", "x3"], choose=3).chosen == 3
    weak = analysis.prim(X, y, ["x0", "x1", "x2", "x3"], threshold=1.01)
    assert "densest" in weak.note and weak.chosen == int(np.argmax(weak.density))
    with pytest.raises(ValueError, match="all False"):
        analysis.prim(X, np.zeros(4000, bool), ["x0", "x1", "x2", "x3"])


def test_prim_peels_a_discrete_parameter_at_its_edge_value():
    """A choice (or a design's repeated values): the 5 % quantile is the edge value itself, so the quantile peel
    removes nothing; PRIM peels the samples at that value instead and the box keeps the other values."""
    rng = np.random.default_rng(2)
    switch = rng.integers(0, 3, size=600).astype(float)  # three values, each a third of the samples
    noise = rng.uniform(size=600)
    y = switch == 2
    res = analysis.prim(np.c_[switch, noise], y, ["switch", "noise"], threshold=0.95)
    assert res.box() == {"switch": (2.0, 2.0)}
    assert res.density[res.chosen] == 1 and res.coverage[res.chosen] == 1


class StandInUncertainty:
    """The study's Uncertainty, as far as the tornado uses it: paths and a unit cube mapped to quantities."""

    paths = ("mass_driver.exit_speed", "industry.productivity")

    def from_unit_cube(self, unit):
        unit = np.asarray(unit)
        return {"mass_driver.exit_speed": (2.5 + 0.4 * unit[:, 0]) * u.km / u.s,
                "industry.productivity": (0.5 + 0.5 * unit[:, 1]) / u.yr}


def test_tornado_points_and_sorting():
    pts = analysis.tornado_points(2, 0.05, 0.95)
    np.testing.assert_array_equal(pts, [[0.5, 0.5], [0.05, 0.5], [0.95, 0.5], [0.5, 0.05], [0.5, 0.95]])
    t = analysis.tornado_from_values(["a", "b", "c"], [1, 0.9, 1.1, 0, 3, np.nan, 1])
    assert [b[0] for b in t.bars] == ["b", "a", "c"] and t.base == 1 and t.bars[0][1:] == (0, 3)
    with pytest.raises(ValueError):
        analysis.tornado_points(2, 0.6, 0.9)


def test_tornado_runs_one_vectorised_simulation():
    from lunarbase import load_scenario
    from lunarbase.engine import simulate

    calls = []

    def counted(scenario, draws):
        calls.append({k: v.shape for k, v in draws.items()})
        return simulate(scenario, draws=draws)

    unc = StandInUncertainty()
    t = analysis.tornado(load_scenario("lunar-base-alpha"), unc,
                         lambda run: run["cumulative_spend"][:, -1], simulate=counted)
    assert calls == [{"mass_driver.exit_speed": (5,), "industry.productivity": (5,)}]
    assert {b[0] for b in t.bars} == set(unc.paths) and t.base > 0
    prod = dict((n, (lo, hi)) for n, lo, hi in t.bars)["industry.productivity"]
    assert prod[0] != prod[1]


def test_pareto_front_keeps_the_undominated():
    x = np.array([2040, 2045, 2041, 2050, np.nan, 2040, 2060])
    y = np.array([9.0, 5.0, 9.5, 1.0, 0.1, 8.0, 1.0])
    assert analysis.pareto_front(x, y).tolist() == [5, 1, 3]
