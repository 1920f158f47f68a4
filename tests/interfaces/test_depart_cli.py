"""`lunarbase depart` and `lunarbase windows` as a user meets them."""

import json

import numpy as np
import pytest

from tests.interfaces.conftest import cli


@pytest.mark.parametrize("args, field", [
    (["--exit-speed", "-1 km/s"], "--exit-speed"),
    (["--exit-speed", "4e5 km/s"], "--exit-speed"),
    (["--exit-speed", "2.5 km/s", "--latitude", "95 deg"], "--latitude"),
    (["--exit-speed", "2.5 km/s", "--date", "2200-01-01"], "--date"),
    (["--exit-speed", "2.5 km/s", "--date", "2025-06-01"], "--date"),
    (["--exit-speed", "2.5 km/s", "--site", "olympus-mons"], "--site"),
    (["--exit-speed", "2.5 km/s", "--method", "warp"], "--method"),
])
def test_depart_bad_input_one_line(args, field):
    res = cli("depart", *args)
    assert res.returncode == 2
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and field in lines[0] and "Traceback" not in res.stderr


def test_depart_json_records():
    res = cli("depart", "--exit-speed", "2.5 km/s", "--span", "2030-01-01:2030-01-02", "--every", "6 h", "--json")
    assert res.returncode == 0, res.stderr
    data = json.loads(res.stdout)
    assert len(data["launches"]) == 5
    rec = data["launches"][0]
    assert rec["outcome"] == "escaped"
    assert rec["a"]["unit"] == "AU" and 0.8 < rec["a"]["value"] < 1.2
    assert rec["delta_v_to_target"]["unit"] == "km / s"


def test_windows_cli_writes_chart(tmp_path):
    res = cli("windows", "--exit-speed", "2.5 km/s", "--span", "2030-01-01:2030-02-15", "--out", str(tmp_path),
               "--json")
    assert res.returncode == 0, res.stderr
    data = json.loads(res.stdout)
    assert data["escape_share"] == 1.0 and 0.3 < data["target_share"] < 0.7
    page = (tmp_path / "windows.html").read_text()
    assert "Plotly" in page and "<script src" not in page
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_depart_both_reports_the_difference():
    pytest.importorskip("rebound")
    res = cli("depart", "--exit-speed", "3 km/s", "--date", "2030-01-01", "--method", "both", "--days", "30 d",
               "--json")
    assert res.returncode == 0, res.stderr
    rec = json.loads(res.stdout)["launches"][0]
    assert rec["conic"]["outcome"] == rec["nbody"]["outcome"] == "escaped"
    assert rec["difference"]["same_outcome"] is True
    assert abs(rec["difference"]["a_relative"]["value"]) < 0.01


def test_windows_json_reports_the_orbit_distribution(tmp_path):
    res = cli("windows", "--exit-speed", "2.5 km/s", "--span", "2030-01-01:2030-01-30", "--target", "target",
               "--delta-v-budget", "1 km/s", "--out", str(tmp_path), "--json")
    assert res.returncode == 0, res.stderr
    data = json.loads(res.stdout)
    dist = data["orbits_of_escapes"]
    a = dist["a"]["values"]
    assert dist["a"]["unit"] == "AU" and a == sorted(a) and 0.85 < a[0] < a[-1] < 1.2
    assert 0.0 < data["target_share"] < 1.0  # a 1 km/s budget serves only part of the month
    assert sum(data["outcomes"].values()) == data["launches"]


def test_depart_best_azimuth_cli():
    res = cli("depart", "--exit-speed", "3 km/s", "--azimuth", "best", "--date", "2030-01-01", "--json")
    assert res.returncode == 0, res.stderr
    data = json.loads(res.stdout)
    pro = json.loads(cli("depart", "--exit-speed", "3 km/s", "--date", "2030-01-01", "--json").stdout)
    assert data["track_azimuth"]["value"] != pytest.approx(pro["track_azimuth"]["value"])


def test_windows_nbody_agrees_with_conics(tmp_path):
    pytest.importorskip("rebound")
    args = ["windows", "--exit-speed", "2.5 km/s", "--span", "2030-01-01:2030-01-08", "--every", "4 h", "--days",
            "40 d", "--json"]
    nb = json.loads(cli(*args, "--method", "nbody", "--out", str(tmp_path / "n")).stdout)
    co = json.loads(cli(*args, "--out", str(tmp_path / "c")).stdout)
    assert nb["outcomes"] == co["outcomes"]
    np.testing.assert_allclose(nb["orbits_of_escapes"]["a"]["values"], co["orbits_of_escapes"]["a"]["values"],
                               rtol=0.01)


def test_depart_conic_warns_where_nbody_contradicts_it():
    """The issue's case: every launch 'bound' by conics at 2.43 km/s; the note says N-body expects most to escape."""
    result = cli("depart", "--exit-speed", "2.43 km/s", "--span", "2030-01-01:2030-01-30", "--every", "2 d", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert all(r["outcome"] == "bound" for r in data["launches"])
    assert "N-body table" in data["note"] and "have 0 escaping" in data["note"]
    expected = int(data["note"].split("expects ")[1].split(";")[0])
    assert expected >= 12  # of 15
    shown = cli("depart", "--exit-speed", "2.43 km/s", "--span", "2030-01-01:2030-01-30", "--every", "2 d")
    assert "note: patched conics are unreliable" in " ".join(shown.stdout.split())
    fast = cli("depart", "--exit-speed", "3 km/s", "--json")
    assert json.loads(fast.stdout)["note"] == ""
