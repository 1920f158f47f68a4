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
