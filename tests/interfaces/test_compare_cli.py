"""`lunarbase compare`: JSON, tables and bad input."""

import json
import os
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from lunarbase.interfaces.cli import app
from tests.interfaces.conftest import cli

ROUTES = ("lunar-base-alpha", "earth-orbit-starship", "terrestrial", "mars-base", "mercury-swarm")


@pytest.fixture(scope="module")
def compare_json(tmp_path_factory):
    out = tmp_path_factory.mktemp("compare")
    result = CliRunner().invoke(app, ["compare", "--json", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout), out


def test_compare_json_has_one_object_per_route(compare_json):
    data, out = compare_json
    names = [r["scenario"] for r in data["routes"]]
    assert set(ROUTES) <= set(names) and len(names) == 7
    for route in data["routes"]:
        assert {"route", "milestones", "final", "binding_periods", "overtakes", "parameters", "series"} <= set(route)
        assert route["series"]["installed_compute"]["unit"] == "W"
        assert len(route["series"]["binding"]) == len(route["series"]["year"])
        lc = route["levelized_cost"]
        assert {"per_pflops_year", "per_accelerator_hour", "discount_rate", "waterfall", "reference"} <= set(lc)
        assert lc["per_pflops_year"]["unit"] == "USD / PFLOPs_yr" and lc["per_accelerator_hour"]["unit"] == "USD / h"
        assert 0.0 < lc["discount_rate"] < 1.0
        assert {"power_used", "kardashev", "sunlight_captured", "earth_flights"} <= set(route["final"])
    rates = {r["scenario"]: r["levelized_cost"]["discount_rate"] for r in data["routes"]}
    assert rates["terrestrial"] < rates["earth-orbit-starship"] < rates["lunar-base-alpha"]
    assert data["reference"]["sun_luminosity"]["value"] == pytest.approx(3.828e26)
    assert data["number_format"] == "BF16 dense"
    assert data["routes"][0]["final"]["installed_flops"]["number_format"] == "BF16 dense"
    header = (out / "compare" / "compare.csv").read_text().splitlines()[0].split(",")
    assert "installed_flops [FLOP / s] (BF16 dense)" in header and "installed_compute [W]" in header
    assert "Installed computing speed (BF16 dense)" in (out / "compare" / "report.html").read_text()
    folder = out / "compare"
    assert {p.name for p in folder.iterdir()} == {"report.html", "compare.json", "compare.csv", "parameters.json"}
    params = json.loads((folder / "parameters.json").read_text())
    row = next(r for r in params["mars-base"] if r["path"] == "surface.dust_storm_outage")
    assert row["value"] == pytest.approx(5.0) and row["source"]


@pytest.mark.parametrize("args, expected", [
    (["compare", "no-such-route"], "scenario: 'no-such-route'"),
    (["compare", "terrestrial", "--set", "grid.pue=0.5"], "grid.pue"),
    (["compare", "terrestrial", "terrestrial"], "expected each route once"),
])
def test_compare_bad_input_is_one_line_exit_2(tmp_path, args, expected):
    result = CliRunner().invoke(app, [*args, "--out", str(tmp_path)])
    assert result.exit_code == 2
    assert expected in result.output and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert list(tmp_path.iterdir()) == []


def test_compare_prints_the_table(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "lunarbase.interfaces.cli", "compare", "terrestrial", "mars-base",
                           "--out",
                           str(tmp_path)], capture_output=True, text=True,
                          env={"COLUMNS": "200", "PATH": "",  # the code under test, wherever it is imported from
                               **{k: v for k, v in os.environ.items() if k == "PYTHONPATH"}})
    assert proc.returncode == 0, proc.stderr
    assert "Milestones" in proc.stdout and "mars-base" in proc.stdout and "Sun's luminosity" in proc.stdout
    assert "Levelized cost of compute" in proc.stdout and "H100 SXM rented on demand" in proc.stdout


def test_compare_tables_name_the_number_format(tmp_path):
    result = cli("compare", "terrestrial", "mars-base", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "FLOP figures count BF16 dense operations (chips.number_format)" in result.stdout
