"""``lunarbase swarm``: the year's tables at 80 columns, the JSON quantities, the --out folder, bad input."""

import json
import re

import numpy as np
import pyarrow.parquet as pq
import pytest
from rich.cells import cell_len
from rich.console import Console

from lunarbase.interfaces import cli as cli_module
from tests.interfaces.conftest import cli


@pytest.fixture(autouse=True)
def narrow(monkeypatch):
    monkeypatch.setattr(cli_module, "out_console", Console(width=80))
    monkeypatch.setattr(cli_module, "err_console", Console(width=80, stderr=True))


@pytest.mark.filterwarnings("error")
def test_tables_fit_80_columns():
    res = cli("swarm", "--year", "2060", "--satellites", "300")
    assert res.returncode == 0, res.stderr
    assert max(cell_len(line) for line in res.stdout.splitlines()) <= 80
    assert "…" not in res.stdout and not re.search(r"\bnan\b", res.stdout, re.IGNORECASE)
    for words in ("satellites alive", "distance (AU)", "light time", "conjunction outage", "weighted sample"):
        assert words in res.stdout


@pytest.fixture(scope="module")
def json_2060():
    res = cli("swarm", "--year", "2060", "--satellites", "400", "--json")
    assert res.returncode == 0, res.stderr
    return json.loads(res.stdout)


def test_json_holds_quantities_with_units(json_2060):
    got = json_2060
    assert got["satellites"]["unit"] == "" and got["satellites"]["value"] > 1e5
    assert got["sampled"] == 400 and got["weighted"] is True
    for key, unit in (("distance", "m"), ("light_time", "s")):
        q = got[key]
        assert [q[p]["unit"] for p in ("p05", "p50", "p95")] == [unit] * 3
        assert q["p05"]["value"] <= q["p50"]["value"] <= q["p95"]["value"]
    assert got["light_time"]["p50"]["value"] == pytest.approx(got["distance"]["p50"]["value"] / 299792458.0)
    assert got["conjunction_outage"]["unit"] == "d / yr" and got["conjunction_outage"]["value"] >= 0.0
    from lunarbase.scenario import load_scenario

    angle = load_scenario("lunar-base-alpha").params.links.conjunction_angle  # the scenario's, not a CLI default
    assert got["conjunction_angle"] == {"value": pytest.approx(np.degrees(angle)), "unit": "deg"}
    links = got["link_capacity_home"]
    assert [links[p]["unit"] for p in ("p05", "p50", "p95")] == ["bit / s"] * 3
    assert links["p05"]["value"] <= links["p50"]["value"] <= links["p95"]["value"]
    assert set(got["usable_fraction"]) == {"training", "batch_inference", "interactive_inference"}
    assert all(0.0 <= v <= 1.0 for v in got["usable_fraction"].values())
    # The swarm sits 0.02-0.25 AU away: light time 10-120 s, far past a 3 s round-trip budget.
    assert got["usable_fraction"]["interactive_inference"] == 0.0


def test_out_writes_the_folder(tmp_path):
    res = cli("swarm", "--year", "2060", "--satellites", "300", "--json", "--out", str(tmp_path))
    assert res.returncode == 0, res.stderr
    folder = tmp_path / "lunar-base-alpha-swarm"
    assert sorted(p.name for p in folder.iterdir()) == ["parameters.json", "states.parquet", "summary.json",
                                                       "swarm.czml", "swarm.html"]
    html = (folder / "swarm.html").read_text()
    assert '"type":"scatter3d"' in html.replace(" ", "") and "<script src=" not in html  # plotly.js inline
    assert len(html) > 3_000_000  # plotly.js itself is ~4.6 MB
    packets = json.loads((folder / "swarm.czml").read_text())
    assert packets[0]["id"] == "document" and "capped at 1,000" in packets[0]["description"]
    assert 1 < len(packets) <= 1001
    table = pq.read_table(folder / "states.parquet")
    assert table.schema.field("x").metadata[b"unit"] == b"m"
    assert table.num_rows > 0 and table.column("distance_to_earth").to_numpy().min() > 0
    params = json.loads((folder / "parameters.json").read_text())
    assert any(r["path"] == "mass_driver.exit_speed" for r in params)
    assert any(r["path"] == "swarm.satellites" for r in params)


@pytest.mark.parametrize("args, words", [
    (("--year", "2300"), "--year: got 2300"),
    (("--year", "2060", "--satellites", "0"), "--satellites: got 0"),
    (("--year", "2060", "--set", "links.conjunction_angle=2 m"), "links.conjunction_angle"),
    (("--year", "2060", "--cluster-radius", "-5 km"), "--cluster-radius"),
    (("earth-orbit-starship", "--year", "2060"), "expected a surface base on the Moon"),
])
def test_bad_input_is_one_line_and_exit_2(args, words, tmp_path):
    res = cli("swarm", *args, "--out", str(tmp_path / "o"))
    assert res.returncode == 2
    assert words in res.stderr and "Traceback" not in res.stderr
    assert len([line for line in res.stderr.splitlines() if line.strip()]) == 1
    assert not (tmp_path / "o").exists() or not any((tmp_path / "o").iterdir())


def test_swarm_help_imports_no_heavy_library():
    from tests.interfaces.test_startup import heavy, imported_by

    assert heavy(imported_by("swarm", "--help")) == set()
