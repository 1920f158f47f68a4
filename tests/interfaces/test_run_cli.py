"""The command line as a user meets it: every command, the file set, and bad input of each kind."""

import json
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from lunarbase.interfaces.cli import app
from tests.interfaces.conftest import cli

runner = CliRunner()


def lunarbase(*args):
    """The installed entry point in a fresh process, as a user runs it (for the checks a real process needs)."""
    return subprocess.run([sys.executable, "-m", "lunarbase.interfaces.cli", *args], capture_output=True, text=True,
                          timeout=300)


@pytest.fixture(scope="module")
def json_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    result = runner.invoke(app, ["run", "lunar-base-alpha", "--json", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout), out


def is_quantity(obj):
    return isinstance(obj, dict) and set(obj) == {"value", "unit"} and isinstance(obj["unit"], str)


def test_run_json_is_one_object_with_the_promised_keys(json_run):
    data, _ = json_run
    for key in ("scenario", "parameters", "milestones", "departure", "mass_driver", "satellite", "final", "series"):
        assert key in data
    assert data["scenario"] == "lunar-base-alpha"
    assert set(data["milestones"]) == {"first_launch", "launch_rate_1GW_per_yr", "launch_rate_100GW_per_yr",
                                       "launch_rate_1TW_per_yr", "installed_1TW", "kardashev_1"}
    for value in data["milestones"].values():
        assert value is None or 2026 <= value <= 2101
    for key in ("surface_speed", "v_inf_moon", "v_inf_earth", "outer_semimajor_axis", "outer_aphelion",
                "inner_semimajor_axis", "inner_perihelion"):
        assert is_quantity(data["departure"][key]), key
    assert data["departure"]["escapes_earth_moon"] is True
    for key in ("exit_speed", "acceleration", "length", "energy_per_kg", "peak_power", "throughput"):
        assert is_quantity(data["mass_driver"][key]), key
    for key in ("compute_power", "mass", "specific_power", "array_area", "radiator_area"):
        assert is_quantity(data["satellite"][key]), key
    assert is_quantity(data["parameters"]["mass_driver.exit_speed"])
    assert data["final"]["year"] == 2100
    assert len(data["series"]["year"]) == 75
    assert len(data["series"]["installed_compute"]["value"]) == 75


def test_json_names_the_number_format_and_the_satellites_cohort(json_run):
    data, _ = json_run
    assert data["number_format"] == "BF16 dense"
    flops = data["satellite"]["flops"]
    assert set(flops) == {"value", "unit", "number_format", "cohort_year"}
    assert flops["number_format"] == "BF16 dense" and flops["cohort_year"] == 2100 and flops["unit"] == "FLOP / s"
    for key in ("installed_flops", "flops_added", "delivered_flops"):
        assert data["final"][key]["number_format"] == "BF16 dense", key
        assert data["series"][key]["number_format"] == "BF16 dense", key
    assert is_quantity(data["final"]["installed_compute"])  # figures in watts carry no number format
    # The 2100 cohort: 120 kW at the ceiling, 200 x 2.25e12 FLOP/s per W (Ho, Erdil & Besiroglu 2023), within 1e-5.
    assert flops["value"] == pytest.approx(120e3 * 200 * 2.25e12, rel=1e-5)


def test_run_json_reports_the_levelized_cost_beside_todays_rental(json_run):
    import astropy.units as u

    import lunarbase.units  # noqa: F401  (enables USD, FLOP, PFLOPs_yr)

    data, _ = json_run
    lc = data["levelized_cost"]
    per_year, per_hour = lc["per_pflops_year"], lc["per_accelerator_hour"]
    assert is_quantity(per_year) and is_quantity(per_hour)
    assert lc["discount_rate"] == pytest.approx(0.15) and lc["number_format"] == "BF16 dense"
    # One PFLOP/s-year is 1e15 FLOP/s for 8,766 h; an H100-hour is 989 TFLOP/s for an hour.
    value = u.Quantity(per_year["value"], per_year["unit"])
    assert value.to_value(u.Unit("USD") / (u.Unit("FLOP") / u.s * u.h)) * 989e12 == pytest.approx(per_hour["value"])
    assert u.Unit(per_hour["unit"]) == u.Unit("USD / h")
    assert [s["stage"] for s in lc["waterfall"]] == ["peak", "power_thermal", "availability", "utilisation",
                                                   "usable"]
    shares = [s["share_of_peak"] for s in lc["waterfall"]]
    assert shares[0] == 1.0 and shares == sorted(shares, reverse=True)
    rental = lc["reference"]["per_accelerator_hour"]
    assert rental["low"]["value"] == pytest.approx(2.0) and rental["high"]["value"] == pytest.approx(3.5)
    assert "cost_per_pflops_year" not in data["final"]  # the undiscounted yardstick is no headline
    assert is_quantity(lc["undiscounted_cumulative_per_pflops_year"])


def test_json_units_parse_with_astropy(json_run):
    import astropy.units as u

    import lunarbase.units  # noqa: F401  (enables USD, FLOP, g0)

    data, _ = json_run
    speed = data["mass_driver"]["exit_speed"]
    assert u.Quantity(speed["value"], speed["unit"]).to_value(u.km / u.s) == pytest.approx(2.5)
    power = data["final"]["installed_compute"]
    u.Unit(power["unit"])
    rate = data["final"]["compute_launched"]
    assert u.Unit(rate["unit"]).is_equivalent(u.W / u.yr)


def test_run_writes_the_file_set(json_run):
    _, out = json_run
    folder = out / "lunar-base-alpha"
    names = {p.name for p in folder.iterdir()}
    assert {"report.html", "timeseries.parquet", "timeseries.csv", "summary.json", "parameters.json"} <= names
    html = (folder / "report.html").read_text()
    assert "<script src=" not in html  # Plotly embedded, nothing fetched
    assert "Plotly" in html and "plotly.js" in html
    assert "mass_driver.exit_speed" in html  # parameter table with sources
    table = pq.read_table(folder / "timeseries.parquet")
    assert table.num_rows == 75 * 12
    assert table.schema.field("installed_compute").metadata[b"unit"] == b"W"
    assert b"number_format" not in table.schema.field("installed_compute").metadata
    assert table.schema.field("installed_flops").metadata == {b"unit": b"FLOP / s", b"number_format": b"BF16 dense"}
    assert table.schema.metadata[b"number_format"] == b"BF16 dense"
    assert b"parameters" in table.schema.metadata
    header = (folder / "timeseries.csv").read_text().splitlines()[0].split(",")
    assert "installed_compute [W]" in header and "compute_launch_rate [W / yr] (BF16 dense)" not in header
    assert "compute_launch_rate [W / yr]" in header
    assert {"installed_flops [FLOP / s] (BF16 dense)", "satellite_flops [FLOP / s] (BF16 dense)",
            "flops_launch_rate [FLOP / (s yr)] (BF16 dense)", "cost_per_pflops_year [USD] (BF16 dense)"} <= set(header)
    assert "Installed computing speed (BF16 dense)" in html and "FLOP figures count BF16 dense operations" in html
    params = json.loads((folder / "parameters.json").read_text())
    row = next(r for r in params if r["path"] == "mass_driver.exit_speed")
    assert row["value"] == pytest.approx(2.5) and row["unit"] == "km/s" and row["source"]
    assert not any(p.name.startswith(".") for p in out.iterdir())  # no staging left behind


def test_run_prints_the_summary(tmp_path):
    result = runner.invoke(app, ["run", "lunar-equatorial", "--out", str(tmp_path), "--years", "2026:2080",
                                 "--set", "mass_driver.exit_speed=2.6 km/s"])
    assert result.exit_code == 0, result.output
    for text in ("Milestones", "In 2080", "Binding constraint", "Installed compute", "Kardashev",
                 "Installed computing speed (BF16 dense)", "satellite: flops (2080 cohort, BF16 dense)",
                 "Levelized cost of compute", "per H100-hour", "H100 SXM rented on demand"):
        assert text in result.stdout
    data = json.loads((tmp_path / "lunar-equatorial" / "summary.json").read_text())
    assert data["parameters"]["mass_driver.exit_speed"]["value"] == pytest.approx(2.6)
    assert data["final"]["year"] == 2080


def test_scenarios_and_show():
    result = runner.invoke(app, ["scenarios"])
    assert result.exit_code == 0
    for name in ("lunar-base-alpha", "lunar-equatorial", "lunar-conservative"):
        assert name in result.stdout
    result = runner.invoke(app, ["show", "lunar-equatorial", "--json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    entry = data["parameters"]["site.longest_darkness"]
    assert entry["value"]["unit"] == "d" and "synodic" in entry["source"]
    result = runner.invoke(app, ["show", "lunar-base-alpha"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert "mass_driver.exit_speed" in result.stdout and "2.5 km/s" in result.stdout


def test_show_lists_the_uncertainty_table_and_its_json():
    data = json.loads(runner.invoke(app, ["show", "lunar-base-alpha", "--json"]).stdout)["uncertainty"]
    entry = data["entries"]["industry.productivity"]
    assert entry["dist"] == "lognormal" and entry["parameters"]["median"] == {"value": 1.0, "unit": "1 / yr"}
    assert entry["p50"]["value"] == pytest.approx(1.0) and "CP-2255" in entry["source"]
    assert data["correlations"] == []
    text = runner.invoke(app, ["show", "lunar-base-alpha"], env={"COLUMNS": "200"}).stdout
    assert "Uncertainty" in text and "5 / 50 / 95 %: 0.4 / 1 / 2.5 /yr" in text


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["run", "--set", "mass_driver.exit_speed=4e8 m/s"], "mass_driver.exit_speed"),
        (["run", "--set", "satellite.compute_power=-3 kW"], "satellite.compute_power"),
        (["run", "--set", "site.illumination_fraction=120 %"], "site.illumination_fraction"),
        (["run", "--set", "warp.factor=9"], "warp.factor: unknown parameter"),
        (["run", "nowhere-preset"], "neither a preset"),
        (["run", "--years", "2100:2026"], "--years"),
        (["show", "--set", "mass_driver.acceleration=300 kg"], "mass_driver.acceleration"),
        (["run", "--set", "mass_driver.acceleration=9000 g0"], "cannot be hardened"),
        (["run", "--set", "mass_driver.payload_per_shot=1 t"], "must fit one shot"),
        (["run", "--set", "chips.efficiency_growth_end_year=2100"], "chips.efficiency_growth_end_year: got 2100; "
                                                                    "removed"),
        (["run", "--set", "chips.flops_per_unit=1e24 FLOP/s"], "beyond the Landauer limit 3.14e+20 FLOP/s per W"),
        (["run", "--set", "chips.efficiency_ceiling_factor=1e9"], "chips.efficiency_ceiling_factor: got 1e+09"),
        (["run", "--set", "satellite.junction_temperature=370 K"], "above chips.max_temperature 368.15 K"),
        (["run", "--set", "satellite.radiator_temperature=340 K"], "satellite.radiator_temperature: got '340 K'; "
                                                                   "removed"),
        (["run", "--set", 'chips.number_format="FP8 dense"'], "expected chips.flops_per_unit set to the chip's"),
    ],
)
def test_bad_input_is_one_line_exit_2_and_writes_nothing(tmp_path, args, expected):
    result = cli(*args, "--out", str(tmp_path)) if args[0] == "run" else cli(*args)
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert expected in lines[0] and "Traceback" not in result.stderr
    assert result.stdout == ""
    assert list(tmp_path.iterdir()) == []


def test_unwritable_output_folder_is_one_line(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    result = cli("run", "--out", str(blocker), "--years", "2026:2030")
    assert result.returncode == 2
    assert "--out" in result.stderr and "Traceback" not in result.stderr


def test_existing_results_survive_a_failed_run(tmp_path):
    ok = runner.invoke(app, ["run", "--out", str(tmp_path), "--years", "2026:2040"])
    assert ok.exit_code == 0
    before = (tmp_path / "lunar-base-alpha" / "summary.json").read_text()
    bad = cli("run", "--out", str(tmp_path), "--set", "mass_driver.efficiency=0 %")
    assert bad.returncode == 2
    assert (tmp_path / "lunar-base-alpha" / "summary.json").read_text() == before


def test_a_real_process_fails_in_one_line_with_exit_2(tmp_path):
    """The in-process runner stands in for most checks; this one is the installed module in its own process."""
    result = lunarbase("run", "--set", "warp.factor=9", "--out", str(tmp_path))
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.strip().splitlines() == ["error: warp.factor: unknown parameter; sections are "
                                                  + result.stderr.split("sections are ", 1)[1].strip()]
    assert list(tmp_path.iterdir()) == []


def test_module_entry_point_help():
    result = lunarbase("--help")
    assert result.returncode == 0
    for command in ("run", "scenarios", "show"):
        assert command in result.stdout
    assert Path(sys.executable).exists()


@pytest.mark.parametrize(("args", "expected"), [(["run", "--bogus"], "No such option"),
                                                (["run", "--set"], "requires an argument"),
                                                (["launch"], "No such command")])
def test_usage_errors_are_one_line_exit_2(args, expected):
    result = cli(*args)
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1 and expected in result.stderr


def test_a_launch_below_lunar_escape_is_reported_not_crashed(tmp_path):
    result = runner.invoke(app, ["run", "--json", "--out", str(tmp_path), "--years", "2026:2050",
                                 "--set", "mass_driver.exit_speed=2 km/s"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["departure"]["escapes_earth_moon"] is False
    assert data["departure"]["v_inf_moon"]["value"] is None
    assert data["final"]["installed_compute"]["value"] == 0.0


def test_mars_cannot_take_a_mass_driver(tmp_path):
    result = CliRunner().invoke(app, ["run", "mars-base", "--set", 'route.launcher="mass-driver"', "--out",
                                      str(tmp_path)])
    assert result.exit_code == 2
    assert "route.launcher" in result.output and "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == []


def test_growth_without_end_stays_under_the_ceiling(tmp_path):
    """What `--set chips.efficiency_growth_end_year=2100` asked for (growth to the horizon) now meets the ceiling:
    even at 100 %/yr no cohort passes 200 x 2.25e12 = 4.5e14 FLOP/s per W, let alone Landauer's 3.07e20 at 340 K
    (the end-year-2100 run of the unbounded law reached 3.1e20)."""
    result = runner.invoke(app, ["run", "--json", "--out", str(tmp_path), "--set", "chips.efficiency_growth=100 %/yr"])
    assert result.exit_code == 0, result.output
    flops = json.loads(result.stdout)["satellite"]["flops"]
    assert flops["value"] / 120e3 == pytest.approx(4.5e14, rel=1e-9) and flops["value"] / 120e3 <= 4.5e14


def test_launches_just_above_the_conic_threshold_deploy_and_say_how_they_were_judged():
    """The issue: at 2.44 km/s from the ridge the conics call every launch bound, yet N-body has 99 % escaping.
    The run now deploys them (share and installed compute above zero) and names its source."""
    result = cli("run", "--set", "mass_driver.exit_speed=2.44 km/s", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["departure"]["escape_share"] > 0.95
    assert data["final"]["installed_compute"]["value"] > 0.0
    assert data["departure"]["method"].startswith("N-body table")
    assert data["departure"]["note"] == ""
    shown = cli("run", "--set", "mass_driver.exit_speed=2.44 km/s")
    assert "departure figures from: N-body table" in shown.stdout


def test_a_run_that_deploys_nothing_says_so():
    result = cli("run", "--set", "mass_driver.exit_speed=2.2 km/s")
    assert result.returncode == 0, result.stderr
    assert "no launch leaves the Earth-Moon system at 2.2 km/s" in " ".join(result.stdout.split())


def test_a_track_no_table_covers_is_flagged_near_the_threshold():
    result = cli("run", "--set", "mass_driver.exit_speed=2.45 km/s", "--set", "mass_driver.track_aim=azimuth",
                 "--set", "mass_driver.track_azimuth=60 deg", "--json")
    assert result.returncode == 0, result.stderr
    note = json.loads(result.stdout)["departure"]["note"]
    assert "no N-body run has checked" in note


def test_the_csv_gives_rates_per_year_and_the_parquet_si_per_second(json_run):
    """The CSV (for people) and the Parquet (for programs) hold the same series: flows per year in the CSV,
    per second in the Parquet, each with its unit; computing speeds stay per second in both."""
    import csv

    import astropy.units as u
    import numpy as np

    from lunarbase.figures import SERIES

    _, out = json_run
    folder = out / "lunar-base-alpha"
    table = pq.read_table(folder / "timeseries.parquet")
    with (folder / "timeseries.csv").open() as fh:
        rows = list(csv.reader(fh))
    columns = {}
    for k, head in enumerate(rows[0]):
        name, _, unit = head.partition(" [")
        columns[name] = (unit.split("]")[0], np.array([float(r[k]) for r in rows[1:]]))  # then "(BF16 dense)"
    assert columns["compute_launch_rate"][0] == "W / yr" and columns["flops_launch_rate"][0] == "FLOP / (s yr)"
    assert columns["installed_flops"][0] == "FLOP / s" and columns["launch_capacity"][0] == "kg / yr"
    for name, figure in SERIES.items():
        if name not in columns:
            continue
        unit, values = columns[name]
        si = table.column(name).to_numpy()
        assert table.schema.field(name).metadata[b"unit"].decode() == u.Unit(figure.unit or "").to_string()
        if figure.kind == "flow":
            assert u.Unit(unit) == u.Unit(figure.unit) * u.s / u.yr, name  # every flow per year
            np.testing.assert_allclose(values, si * 365.25 * 86400, rtol=1e-12, err_msg=name)
        else:
            np.testing.assert_allclose(values, (si * u.Unit(figure.unit or "")).to_value(u.Unit(unit or "")),
                                       rtol=1e-12, err_msg=name)


def test_compare_csv_names_its_yearly_units_per_year(tmp_path):
    import csv

    res = cli("compare", "terrestrial", "--no-report", "--out", str(tmp_path))
    assert res.returncode == 0, res.stderr
    with (tmp_path / "compare" / "compare.csv").open() as fh:
        header = next(csv.reader(fh))
    assert "compute_launched [W / yr]" in header and "earth_flights [1 / yr]" in header
    assert "flops_added [FLOP / (s yr)] (BF16 dense)" in header and "installed_compute [W]" in header
    assert not [h for h in header if "(s yr)" in h and "FLOP" not in h]  # no "W / (s yr)"


def test_show_json_gives_each_default_as_written():
    """The defaults come back exactly as the schema writes them: 15 kWh/kg, not 14.999999999999998."""
    import re

    from lunarbase.scenario.schema import SECTIONS

    data = json.loads(cli("show", "--json").stdout)["parameters"]
    assert data["industry.energy_per_kg"]["value"] == {"value": 15.0, "unit": "kWh / kg"}
    for section, cls in SECTIONS.items():
        for name, field in cls.model_fields.items():
            written = re.match(r"\s*([-+]?[\d.]+(?:[eE][-+]?\d+)?)\s*\S", str(field.default))
            shown = data[f"{section}.{name}"]["value"]
            if written and isinstance(shown, dict):
                assert shown["value"] == float(written[1]), f"{section}.{name}: {shown} for {field.default!r}"


def _one_line_exit_2(result, expected):
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and expected in lines[0], result.stderr
    assert "Traceback" not in result.stderr and "Warning" not in result.stderr and result.stdout == ""


@pytest.mark.parametrize(("text", "expected"), [
    ("x = " + "[" * 5000 + "]" * 5000 + "\n", "nested too deeply"),  # arrays in arrays
    ("[mass_driver]\nexit_speed = " + "{ a = " * 3000 + "1" + " }" * 3000 + "\n", "nested too deeply"),
    ("[" + ".".join(["mass_driver"] * 3000) + "]\n", "mass_driver.mass_driver"),  # tables in tables
    (bytes(range(256)) * 8, "cannot be read"),  # a binary file
])
def test_a_file_that_is_no_scenario_is_one_line_and_writes_nothing(tmp_path, text, expected):
    path = tmp_path / "bad.toml"
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    out = tmp_path / "out"
    _one_line_exit_2(cli("run", str(path), "--out", str(out)), expected)
    assert not out.exists()


@pytest.mark.parametrize("path", ["/dev/zero", "."])
def test_a_device_or_a_folder_is_no_scenario_file(tmp_path, path):
    _one_line_exit_2(cli("run", path, "--out", str(tmp_path)), "not a regular file")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.filterwarnings("error")
@pytest.mark.parametrize("temperature", ["3 K", "2 K", "0.001 K"])
def test_a_radiator_no_warmer_than_its_sink_is_refused_without_a_numpy_warning(tmp_path, temperature):
    result = cli("run", "--set", f'satellite.junction_temperature="{temperature}"', "--out", str(tmp_path))
    _one_line_exit_2(result, "satellite.junction_temperature")
    assert "satellite.sink_temperature" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_an_empty_launch_date_is_refused():
    _one_line_exit_2(cli("depart", "--exit-speed", "2.5 km/s", "--date", ""), "--date")


@pytest.mark.parametrize("command", [["run", "--years", "2026:2030"], ["compare", "terrestrial"],
                                     ["windows", "--exit-speed", "2.5 km/s", "--span", "2030-01-01:2030-01-03"]])
def test_out_naming_an_existing_file_is_refused_before_any_work(tmp_path, command):
    blocker = tmp_path / "results"
    blocker.write_text("a file the user keeps")
    _one_line_exit_2(cli(*command, "--out", str(blocker)), "--out")
    assert blocker.read_text() == "a file the user keeps" and sorted(tmp_path.iterdir()) == [blocker]
