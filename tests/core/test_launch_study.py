"""One launch study behind the CLI and the Python API: the same validation, the same answers."""

import json

import numpy as np
import pytest
from astropy import units as u
from typer.testing import CliRunner

import lunarbase
from lunarbase import launch_study
from lunarbase.interfaces.cli import app
from lunarbase.launch_study import LaunchStudy, LaunchStudyError
from lunarbase.physics import patched_conics
from lunarbase.physics.outcomes import ESCAPED
from lunarbase.scenario import ScenarioError
from lunarbase.subsystems import launch_site, launch_windows

JD_2030 = 2462502.5  # 2030-01-01 TDB


runner = CliRunner()


def _cli_problems(*args) -> list[str]:
    """The CLI's error lines, in-process (exit code 2, nothing on stdout)."""
    res = runner.invoke(app, list(args))
    assert res.exit_code == 2, res.output
    assert res.stdout == ""
    lines = res.stderr.strip().splitlines()
    assert all(line.startswith("error: ") for line in lines)
    return [line.removeprefix("error: ") for line in lines]


def _python_problems(**inputs) -> LaunchStudyError:
    with pytest.raises(LaunchStudyError) as err:
        LaunchStudy.from_inputs(**inputs)
    return err.value


def _as_python(line: str) -> str:
    """A CLI line with its flags as Python argument names (longest first: --target-radius before --target)."""
    for field, flag in sorted(FLAGS.items(), key=lambda item: -len(item[1])):
        line = line.replace(flag, field)
    return line


# (Python inputs, CLI arguments, the field): the same problem each way.
SAME_PROBLEM = [
    (dict(exit_speed="-1 km/s"), ["--exit-speed", "-1 km/s"], "exit_speed"),
    (dict(exit_speed="2.5 kg"), ["--exit-speed", "2.5 kg"], "exit_speed"),
    (dict(latitude="95 deg"), ["--latitude", "95 deg"], "latitude"),
    (dict(dates="2200-01-01"), ["--date", "2200-01-01"], "dates"),
    (dict(dates="2030-01-01", span="2030-01-01:2030-01-02"),
     ["--date", "2030-01-01", "--span", "2030-01-01:2030-01-02"], "dates"),
    (dict(span="2030-02-01:2030-01-01"), ["--span", "2030-02-01:2030-01-01"], "span"),
    (dict(span="2030-01-01:2030-01-02", every="30 s"), ["--span", "2030-01-01:2030-01-02", "--every", "30 s"],
     "every"),
    (dict(span="2030-01-01:2034-01-01", every="1 min"), ["--span", "2030-01-01:2034-01-01", "--every", "1 min"],
     "span"),
    (dict(site="olympus-mons"), ["--site", "olympus-mons"], "site"),
    (dict(method="warp"), ["--method", "warp"], "method"),
    (dict(target_radius="0.01 AU"), ["--target-radius", "0.01 AU"], "target_radius"),
    (dict(thrust_to_mass="100 m/s2"), ["--thrust-to-mass", "100 m/s2"], "thrust_to_mass"),
    (dict(days="30 min"), ["--days", "30 min"], "days"),
]


WINDOWS_PROBLEM = [
    (dict(method="both"), ["--method", "both"], "method"),
    (dict(target="mars"), ["--target", "mars"], "target"),
    (dict(delta_v_budget="-1 km/s"), ["--delta-v-budget", "-1 km/s"], "delta_v_budget"),
    (dict(method="nbody", span="2030-01-01:2030-04-01", every="5 min"),
     ["--method", "nbody", "--span", "2030-01-01:2030-04-01", "--every", "5 min"], "method"),
]


#: Fields and their flags: the flag is the argument name with dashes, but ``dates`` is ``--date`` (one date).
FLAGS = {field: "--" + field.replace("_", "-") for field in (
    "site", "exit_speed", "latitude", "span", "every", "method", "target_radius", "thrust_to_mass", "days", "target",
    "delta_v_budget")} | {"dates": "--date"}


def test_python_api_quantities_in_qtable_out():
    from astropy import units as u
    from astropy.table import QTable

    from lunarbase import depart

    t = depart("south-polar-ridge", [2.5, 3.0] * u.km / u.s, ["2030-01-01", "2030-01-15"])
    assert isinstance(t, QTable) and len(t) == 4
    assert t["a"].unit == u.AU and t["delta_v_to_target"].unit == u.km / u.s
    assert list(t["outcome"]) == ["escaped"] * 4
    assert str(t["date"][0]).startswith("2030-01-01")
    # The same launches through the internal SI path.
    r, v = launch_site.launch_states(launch_site.SITES["south-polar-ridge"], 2500.0, JD_2030)
    assert t["a"][0].to_value(u.m) == pytest.approx(float(patched_conics.conic_launches(r, v, JD_2030).a), rel=1e-9)
    with pytest.raises(ValueError, match="dates"):
        depart(dates="2200-01-01")


@pytest.mark.parametrize("inputs, args, field", SAME_PROBLEM)
def test_python_and_cli_say_the_same_about_the_same_problem(inputs, args, field):
    err = _python_problems(**{"exit_speed": "2.5 km/s", **inputs})
    cli = _cli_problems("depart", "--exit-speed", "2.5 km/s", *args)
    assert err.fields == [field]
    assert len(cli) == 1
    assert str(err) == _as_python(cli[0])
    assert str(err).startswith(f"{field}: ")


@pytest.mark.parametrize("inputs, args, field", WINDOWS_PROBLEM)
def test_windows_problems_the_same_both_ways(inputs, args, field, tmp_path):
    err = _python_problems(**{"exit_speed": "2.5 km/s", "purpose": "windows", **inputs})
    cli = _cli_problems("windows", "--exit-speed", "2.5 km/s", "--out", str(tmp_path), *args)
    assert err.fields == [field] and len(cli) == 1
    assert str(err) == _as_python(cli[0])
    assert not list(tmp_path.iterdir())  # bad input writes no chart


def test_cli_names_flags_and_python_names_arguments():
    cli = _cli_problems("depart", "--exit-speed", "-1 km/s")
    assert cli == ["--exit-speed: got '-1 km/s'; expected a speed above 0 and below the speed of light"]
    with pytest.raises(LaunchStudyError) as err:
        lunarbase.depart(exit_speed=-1 * u.km / u.s)
    assert str(err.value) == "exit_speed: got '-1.0 km / s'; expected a speed above 0 and below the speed of light"
    assert isinstance(err.value, ScenarioError) and isinstance(err.value, ValueError)


def test_missing_exit_speed_is_one_line():
    assert _cli_problems("depart") == ["--exit-speed: missing; expected a speed, e.g. '2.5 km/s'"]
    assert _python_problems().fields == ["exit_speed"]


def test_every_wrong_field_gets_its_line():
    lines = _cli_problems("depart", "--exit-speed", "-1 km/s", "--latitude", "95 deg", "--method", "warp")
    assert [line.split(":")[0] for line in lines] == ["--latitude", "--exit-speed", "--method"]
    err = _python_problems(exit_speed=[2.5, -3.0] * u.km / u.s, dates=["2030-01-01", "2200-01-01"])
    assert err.fields == ["exit_speed", "dates"]
    assert "got '-3.0 km / s'" in str(err) and "got '2200-01-01'" in str(err)  # the offending element


def test_depart_is_the_launch_study_one():
    assert lunarbase.depart is launch_study.depart


def test_depart_through_the_study_matches_launch_windows():
    t = lunarbase.depart("south-polar-ridge", [2.5, 3.0] * u.km / u.s, ["2030-01-01", "2030-01-15"])
    site = launch_site.SITES["south-polar-ridge"]
    direct = launch_windows.propagate(site, np.array([[2500.0], [3000.0]]), JD_2030 + np.array([0.0, 14.0]))
    np.testing.assert_array_equal(t["a"].to_value(u.m), direct.a.ravel())
    assert list(t["outcome"]) == ["escaped"] * 4


def test_the_study_resolves_the_track():
    site = launch_site.SITES["south-polar-ridge"]
    own = LaunchStudy.from_inputs(exit_speed="3 km/s")
    assert own.site == site and own.exit_speed == 3000.0 and own.jd.tolist() == [JD_2030]
    moved = LaunchStudy.from_inputs(exit_speed="3 km/s", latitude="-10 deg", longitude="20 deg")
    assert moved.site.track_azimuth == launch_site.prograde_azimuth(np.radians(-10.0), np.radians(20.0))
    best = LaunchStudy.from_inputs(exit_speed="3 km/s", azimuth="best")
    assert best.site.track_azimuth == launch_windows.best_azimuth(site, 3000.0, JD_2030)


def test_windows_agree_with_launch_windows():
    study = LaunchStudy.from_inputs(exit_speed="2.5 km/s", span="2030-01-01:2030-02-15", every="6 h",
                                    purpose="windows")
    found = study.windows()
    site = launch_site.SITES["south-polar-ridge"]
    jd = launch_windows.launch_dates(JD_2030, JD_2030 + 45.0, 6 * 3600.0)
    launches = launch_windows.propagate(site, 2500.0, jd)
    ok = launch_windows.reaches(launches, "outer")
    np.testing.assert_array_equal(study.jd, jd)
    np.testing.assert_array_equal(found.reaching, ok)
    assert found.windows == launch_windows.windows(jd, ok)
    starts, sampled, reaching = launch_windows.per_synodic_month(jd, ok)
    assert [m.start_jd for m in found.months] == starts.tolist()
    assert [m.launches for m in found.months] == sampled.tolist()
    assert [m.reaching for m in found.months] == reaching.tolist()
    assert sorted(w for m in found.months for w in m.windows) == sorted(found.windows)
    assert found.escape_share == np.mean(launches.outcome == ESCAPED)
    assert found.target_share == np.mean(ok)
    assert sum(found.outcomes.values()) == jd.size
    escaped = launches.outcome == ESCAPED
    np.testing.assert_array_equal(found.orbits["a"], np.percentile(launches.a[escaped], launch_study.PERCENTILES))
    np.testing.assert_array_equal(found.phase, launch_windows.lunar_phase(jd))


def test_windows_cli_prints_what_the_study_finds(tmp_path):
    args = ["--exit-speed", "2.5 km/s", "--span", "2030-01-01:2030-01-20", "--every", "6 h", "--target", "target",
            "--delta-v-budget", "1 km/s"]
    res = runner.invoke(app, ["windows", *args, "--out", str(tmp_path), "--json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    found = LaunchStudy.from_inputs(exit_speed="2.5 km/s", span="2030-01-01:2030-01-20", every="6 h", target="target",
                                    delta_v_budget="1 km/s", purpose="windows").windows()
    assert data["escape_share"] == found.escape_share and data["target_share"] == found.target_share
    assert data["outcomes"] == found.outcomes
    assert [m["reaching"] for m in data["months"]] == [m.reaching for m in found.months]
    assert data["report"] == str(tmp_path / "windows.html")


def test_windows_study_takes_one_speed():
    err = _python_problems(exit_speed=[2.5, 3.0] * u.km / u.s, purpose="windows")
    assert err.fields == ["exit_speed"]
