"""``lunarbase optimise``: the table at 80 columns, one JSON object, the file set, and one-line refusals."""

import csv
import json

import pytest

from tests.interfaces.conftest import cli

FAST = ("--set", "horizon.end_year=2060", "--population", "8", "--generations", "3")
LEVERS = ("--lever", "industry.reinvestment_fraction=20 %:90 %", "--lever", "logistics.flights_max=50:1000 1/yr")


def test_table_fits_80_columns():
    result = cli("optimise", *FAST, "--objective", "years-to:launch_rate_1GW_per_yr", *LEVERS)
    assert result.returncode == 0, result.stderr
    assert "industry.reinvestment_fraction" in result.stdout and "pymoo GA, seed 1" in result.stdout
    assert max(len(line) for line in result.stdout.splitlines()) <= 80


def test_json_is_one_object_with_units():
    result = cli("optimise", *FAST, "--objective", "pareto", "--milestone", "launch_rate_1GW_per_yr", *LEVERS,
                 "--seed", "4", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["seed"] == 4 and data["evaluations"] == 24 and data["algorithm"] == "pymoo NSGA-II"
    assert data["best"]["logistics.flights_max"]["unit"] == "1 / yr"
    front = data["pareto_front"]
    assert front["spend"]["unit"] == "USD" and len(front["years"]["value"]) == len(front["spend"]["value"]) >= 1
    assert set(front["levers"]) == {"industry.reinvestment_fraction", "logistics.flights_max"}


def test_out_writes_the_front_and_the_parameters(tmp_path):
    result = cli("optimise", *FAST, "--objective", "pareto", "--milestone", "launch_rate_1GW_per_yr", *LEVERS,
                 "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    folder = tmp_path / "lunar-base-alpha-optimise"
    rows = list(csv.reader((folder / "front.csv").open()))
    assert rows[0][:2] == ["milestone_year [yr]", "spend_to_horizon [USD]"]
    assert rows[0][2] == "industry.reinvestment_fraction [%]" and len(rows) >= 2
    assert json.loads((folder / "optimise.json").read_text())["objective"]["kind"] == "pareto"
    params = {p["path"]: p for p in json.loads((folder / "parameters.json").read_text())}
    assert "lunarbase optimise" in params["logistics.flights_max"]["source"]
    assert params["mass_driver.exit_speed"]["unit"] == "km/s"


@pytest.mark.parametrize(("args", "expected"), [
    (("--lever", "industry.nonsense=0:1"), "unknown parameter"),
    (("--lever", "industry.reinvestment_fraction=0.9:0.3"), "expected LOW < HIGH"),
    (("--lever", "mass_driver.exit_speed=2 kg:3 kg"), "expected"),
    (("--lever", "industry.reinvestment_fraction=0.5:2"), "outside the schema's bounds"),
    (("--milestone", "launch_rate_1PW"), "expected one of"),
    (("--objective", "fastest"), "expected years-to:MILESTONE"),
    (("--robust", "10"), "together"),
    (("--population", "2"), "expected 4 to"),
    (("--max-spend", "5 kg"), "--max-spend"),
])
def test_bad_input_is_one_line_and_exit_2(args, expected, tmp_path):
    result = cli("optimise", "--set", "horizon.end_year=2060", *args, "--out", str(tmp_path / "x"))
    assert result.returncode == 2
    assert expected in result.stderr and len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "Traceback" not in result.stderr and not (tmp_path / "x").exists()


def test_robust_needs_an_uncertainty_table(tmp_path):
    bare = tmp_path / "bare.toml"  # an empty [uncertainty] table replaces the base's: none to be robust over
    bare.write_text('base = "lunar-base-alpha"\n[uncertainty]\n')
    result = cli("optimise", str(bare), "--set", "horizon.end_year=2060", "--robust", "10", "--by", "2050")
    assert result.returncode == 2 and "no [uncertainty] table" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr


def test_a_lever_the_route_does_not_read_is_refused():
    result = cli("optimise", "terrestrial", "--set", "horizon.end_year=2060", "--lever",
                 "mass_driver.exit_speed=2.5 km/s:3 km/s")
    assert result.returncode == 2 and "does nothing on the terrestrial route" in result.stderr
