"""``lunarbase explore`` and ``lunarbase catalog``: the JSON object, the study folder, the catalog entry, and
one line with exit 2 for bad input. The scenario's [uncertainty] table is set to a few uniform ranges
(tests/study_ranges.py) so the studies stay small."""

from __future__ import annotations

import json

import pytest

import lunarbase.scenario as scenario_pkg
from tests import study_ranges
from tests.interfaces.conftest import cli

SHORT = ["--set", "horizon.end_year=2040"]


@pytest.fixture
def declared(monkeypatch):
    """Scenarios load with the stand-in uncertainty table (or none, when the test says so)."""
    table = {"unc": study_ranges.Uncertainty(study_ranges.LUNAR_RANGES)}
    load = scenario_pkg.load_scenario

    def with_table(*args, **kwargs):
        sc = load(*args, **kwargs)
        object.__setattr__(sc, "uncertainty", table["unc"])
        return sc

    monkeypatch.setattr(scenario_pkg, "load_scenario", with_table)
    return table


def test_explore_json_is_the_summary_object(declared, tmp_path):
    cat = tmp_path / "cat"
    res = cli("explore", "--samples", "12", "--seed", "3", "--workers", "0", "--chunk-size", "8", *SHORT,
              "--out", str(tmp_path), "--json", "--catalog", str(cat))
    assert res.returncode == 0, res.stderr
    got = json.loads(res.stdout)
    assert list(got)[:4] == ["samples", "seed", "milestones", "catalog_id"]
    assert (got["samples"], got["seed"]) == (12, 3)
    run_json = json.loads(cli("run", *SHORT, "--json", "--out", str(tmp_path / "run"), "--no-report",
                              "--catalog", str(cat)).stdout)
    assert set(got["milestones"]) == set(run_json["milestones"])
    for m in got["milestones"].values():
        assert [y for y, _ in m["cdf"]] == list(range(2026, 2041))
        assert all(0 <= p <= 1 for _, p in m["cdf"]) and len(m["se"]) == len(m["cdf"])
        assert m["median"] is None or 2026 <= m["median"] <= 2040
    assert "sensitivity" not in got
    folder = tmp_path / "lunar-base-alpha-explore"
    assert {p.name for p in folder.iterdir()} == {"samples.parquet", "yearly", "study.json", "parameters.json",
                                                 "report.html"}
    assert json.loads((folder / "study.json").read_text())["inputs"]["seed"] == 3
    assert not list(tmp_path.glob(".*work"))  # the chunks' work folder goes once the study is written
    shown = json.loads(cli("catalog", "show", got["catalog_id"], "--catalog", str(cat)).stdout)
    assert (shown["kind"], shown["samples"], shown["seed"], shown["path"]) == ("study", 12, 3, str(folder))
    listed = cli("catalog", "list", "--json", "--catalog", str(cat))
    assert [r["kind"] for r in json.loads(listed.stdout)] == ["study", "run"]
    q = cli("catalog", "query", "SELECT kind, count(*) AS n FROM entries GROUP BY kind ORDER BY kind", "--json",
            "--catalog", str(cat))
    assert json.loads(q.stdout) == [{"kind": "run", "n": 1}, {"kind": "study", "n": 1}]


def test_explore_sobol_reports_sensitivity_and_prints_at_80_columns(declared, tmp_path, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    res = cli("explore", "--samples", "4", "--method", "sobol", "--workers", "0", "--quiet", *SHORT,
              "--out", str(tmp_path))
    assert res.returncode == 0, res.stderr
    assert "Milestones" in res.stdout and "catalog id" in res.stdout
    assert max(len(line) for line in res.stdout.splitlines()) <= 80
    study = json.loads((tmp_path / "lunar-base-alpha-explore" / "study.json").read_text())["summary"]
    assert set(study["sensitivity"]["first_launch"]) == set(study_ranges.LUNAR_RANGES)


@pytest.mark.parametrize("args, message", [
    (["--method", "grid"], "explore: --method: got 'grid'; expected one of mc, lhs, sobol, morris"),
    (["--samples", "6", "--method", "sobol"], "expected a power of 2"),
    (["--scheduler", "localhost"], "expected a Dask address"),
    (["--workers", "-1"], "expected a whole number >= 0"),
])
def test_bad_input_is_one_line_and_exit_2(declared, tmp_path, args, message):
    res = cli("explore", *args, "--workers", "0", *SHORT, "--out", str(tmp_path)) if "--workers" not in args else \
        cli("explore", *args, *SHORT, "--out", str(tmp_path))
    assert res.returncode == 2
    assert message in res.stderr and "Traceback" not in res.stderr
    assert not (tmp_path / "lunar-base-alpha-explore").exists()


def test_a_scenario_without_an_uncertainty_table_is_refused(declared, tmp_path):
    declared["unc"] = None
    res = cli("explore", "lunar-conservative", "--workers", "0", "--out", str(tmp_path))
    assert res.returncode == 2
    assert res.stderr.count("\n") == 1
    assert "explore: scenario lunar-conservative declares no [uncertainty] table; expected" in res.stderr


@pytest.mark.parametrize("sql", ["SELECT * FROM read_parquet('/etc/passwd')", "COPY entries TO '/tmp/x.csv'",
                                 "ATTACH '/tmp/x.db'", "INSTALL httpfs", "LOAD httpfs",
                                 "SELECT * FROM '/tmp/x.parquet'"])
def test_catalog_query_reads_only_the_catalog(tmp_path, sql):
    res = cli("catalog", "query", sql, "--catalog", str(tmp_path))
    assert res.returncode == 2 and res.stderr.count("\n") == 1 and "Traceback" not in res.stderr


def test_catalog_show_unknown_id(tmp_path):
    res = cli("catalog", "show", "run-nope", "--catalog", str(tmp_path))
    assert res.returncode == 2 and "no entry 'run-nope'" in res.stderr


def test_explore_writes_its_report_page(declared, tmp_path):
    """The study folder carries report.html: offline, with the milestones' odds and the inputs' sources."""
    res = cli("explore", "--samples", "8", "--workers", "0", "--quiet", *SHORT, "--out", str(tmp_path))
    assert res.returncode == 0, res.stderr
    page = (tmp_path / "lunar-base-alpha-explore" / "report.html").read_text()
    assert "test range" in page and "First satellite launched" in page
    assert "<script src=\"http" not in page


#: One input decides when the first satellite flies (productivity moves it by ~5 years; the others not at all).
DECIDED = {"industry.productivity": (0.6, 1.2, "1/yr"), "chips.efficiency_growth": (15.0, 35.0, "%/yr"),
           "economics.discount_rate": (0.05, 0.15, "")}


def test_discovery_box_restricts_the_parameter_that_decides_the_milestone(declared, tmp_path):
    """First launch by 2039: about half the runs (productivity above ~0.82 /yr). PRIM's chosen box restricts
    productivity from below and nothing else; the tornado swings the horizon's compute and that milestone's year;
    the JSON, study.json and report.html carry both."""
    declared["unc"] = study_ranges.Uncertainty(DECIDED)
    res = cli("explore", "--samples", "40", "--workers", "0", *SHORT, "--discover", "first_launch:2039",
              "--out", str(tmp_path), "--json")
    assert res.returncode == 0, res.stderr
    got = json.loads(res.stdout)
    d = got["discovery"]
    assert (d["milestone"], d["year"], d["runs"], d["infeasible_excluded"]) == ("first_launch", 2039, 40, 0)
    assert 0.3 <= d["share_reaching"] <= 0.7 and d["reaching"] == round(40 * d["share_reaching"])
    assert d["parameters"] == list(DECIDED) and d["units"] == ["1 / yr", "% / yr", ""]
    c = d["chosen"]
    assert d["density"][c] >= 0.8 and d["coverage"][c] >= 0.8 and d["coverage"][0] == 1 and d["mass"][0] == 1
    assert len(d["boxes"]) == len(d["coverage"]) == len(d["restricted"])
    (box,) = d["box"]
    assert (box["name"], box["unit"]) == ("industry.productivity", "1 / yr")
    assert 0.7 < box["low"] < 0.95 and box["high"] == box["data_high"] and box["data_low"] < 0.65
    t = got["tornado"]
    assert set(t) == {"installed_compute", "first_launch"}
    assert t["installed_compute"]["bars"][0]["name"] == "industry.productivity"
    assert (t["installed_compute"]["unit"], t["installed_compute"]["year"]) == ("W", 2040)
    bar = t["first_launch"]["bars"][0]
    assert bar["name"] == "industry.productivity" and bar["low"] > t["first_launch"]["base"] > bar["high"]
    # at its 5 % quantile (0.63 /yr) productivity launches after 2040: 'never' by the horizon, read as 2041
    assert bar["low"] == 2041 and "never reached counts as 2041" in t["first_launch"]["note"]
    assert "(1 of the 7 one-at-a-time runs)" in t["first_launch"]["note"]
    folder = tmp_path / "lunar-base-alpha-explore"
    saved = json.loads((folder / "study.json").read_text())["summary"]
    assert saved["discovery"] == d and saved["tornado"] == t
    page = (folder / "report.html").read_text()
    assert "Scenario discovery: PRIM" in page and "First satellite launched by 2039" in page
    assert "One at a time: tornado" in page and "1 / yr" in page


def test_discovery_prints_its_box_at_80_columns_and_tornado_can_be_left_out(declared, tmp_path, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    declared["unc"] = study_ranges.Uncertainty(DECIDED)
    res = cli("explore", "--samples", "24", "--method", "lhs", "--workers", "0", "--quiet", *SHORT,
              "--discover", "first_launch:2039", "--no-tornado", "--out", str(tmp_path))
    assert res.returncode == 0, res.stderr
    assert "What must be true for 'First satellite launched' by 2039" in res.stdout
    assert "PRIM box" in res.stdout and "industry.productivity" in res.stdout
    assert "One at a time" not in res.stdout
    assert max(len(line) for line in res.stdout.splitlines()) <= 80
    saved = json.loads((tmp_path / "lunar-base-alpha-explore" / "study.json").read_text())["summary"]
    assert "tornado" not in saved and saved["discovery"]["box"][0]["name"] == "industry.productivity"


def test_tornado_by_default_swings_100_gw_a_year_and_says_never(declared, tmp_path, monkeypatch):
    """Without --discover the tornado's milestone is launching 100 GW a year; never reached by 2040 it counts as
    2041, said in the note; a milestone no run reaches by the year asked is said plainly, not a failure."""
    monkeypatch.setenv("COLUMNS", "80")
    res = cli("explore", "--samples", "6", "--workers", "0", "--quiet", *SHORT, "--out", str(tmp_path),
              "--discover", "launch_rate_1TW_per_yr:2040")
    assert res.returncode == 0, res.stderr
    assert "no feasible run reaches 'Launching 1 TW a year' by 2040: nothing to discover" in res.stdout
    assert max(len(line) for line in res.stdout.splitlines()) <= 80
    summary = json.loads((tmp_path / "lunar-base-alpha-explore" / "study.json").read_text())["summary"]
    assert summary["discovery"]["share_reaching"] == 0 and "box" not in summary["discovery"]
    t = summary["tornado"]["launch_rate_1TW_per_yr"]
    assert t["base"] == 2041 and t["never_as"] == 2041 and "counts as 2041" in t["note"]
    assert len(t["bars"]) == len(study_ranges.LUNAR_RANGES)
    page = (tmp_path / "lunar-base-alpha-explore" / "report.html").read_text()
    assert "nothing to discover" in page and "counts as 2041" in page
    res = cli("explore", "--samples", "4", "--workers", "0", "--quiet", *SHORT, "--out", str(tmp_path), "--json")
    assert set(json.loads(res.stdout)["tornado"]) == {"installed_compute", "launch_rate_100GW_per_yr"}


@pytest.mark.parametrize("arg, message", [
    ("launch_rate_10TW:2050", "explore: --discover: unknown milestone 'launch_rate_10TW'; expected one of "
                              "first_launch, "),
    ("first_launch:2045", "explore: --discover: year 2045 is outside the horizon 2026–2040; expected a year in it"),
    ("first_launch", "explore: --discover: got 'first_launch'; expected MILESTONE:YEAR"),
    ("first_launch:soon", "explore: --discover: got 'first_launch:soon'; expected MILESTONE:YEAR"),
])
def test_bad_discover_is_one_line_and_exit_2(declared, tmp_path, arg, message):
    res = cli("explore", "--workers", "0", *SHORT, "--discover", arg, "--out", str(tmp_path))
    assert res.returncode == 2 and res.stderr.count("\n") == 1
    assert message in res.stderr and "Traceback" not in res.stderr
    assert not (tmp_path / "lunar-base-alpha-explore").exists()


def test_the_cli_chunk_size_is_the_studys_default():
    """``explore --chunk-size`` defaults to ``study.DEFAULT_CHUNK_SIZE`` (written out in the CLI, which starts
    without the study's imports)."""
    import inspect

    from lunarbase.interfaces import cli as cli_module
    from lunarbase.study import DEFAULT_CHUNK_SIZE

    assert inspect.signature(cli_module.explore).parameters["chunk_size"].default == DEFAULT_CHUNK_SIZE
