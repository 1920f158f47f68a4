"""Heavy or hostile requests on the command line: records streamed, pages decimated with the full data beside
them, and work beyond the stated caps refused before it starts, in one line saying the estimate."""

import json
import math

import numpy as np
import pyarrow.parquet as pq
import pytest

from lunarbase import load_scenario, simulate
from lunarbase.engine import MAX_STEP_SAMPLES, MAX_STEPS
from lunarbase.interfaces import launch_report
from lunarbase.launch_study import MAX_LAUNCHES, LaunchStudy
from lunarbase.scenario import ScenarioError
from tests.interfaces.conftest import cli

SPAN = ("--exit-speed", "2.3 km/s", "--span", "2030-01-01:2030-01-03", "--every", "2 h")


def _close(a, b) -> bool:
    """Equal JSON, numbers to ten significant digits (what the streaming writer prints)."""
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_close(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(_close(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) or isinstance(b, float):
        return a is not None and b is not None and math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)
    return a == b


def test_depart_json_is_streamed_as_the_records_say():
    """The streamed document holds what ``depart_json`` builds record by record, nulls included."""
    res = cli("depart", *SPAN, "--json")
    assert res.returncode == 0, res.stderr
    study = LaunchStudy.from_inputs(exit_speed="2.3 km/s", span="2030-01-01:2030-01-03", every="2 h")
    conic = study.propagate()
    expected = launch_report.depart_json(study, conic, study.lunar_phase())
    got = json.loads(res.stdout)
    assert _close(got, expected) and len(got["launches"]) == study.jd.size == 25
    assert '"value": null' in res.stdout  # bound launches have no heliocentric orbit


def test_depart_jsonl_gives_the_study_then_a_launch_a_line():
    res = cli("depart", *SPAN, "--jsonl")
    assert res.returncode == 0, res.stderr
    lines = [json.loads(line) for line in res.stdout.splitlines()]
    assert lines[0]["launches"] == len(lines) - 1 == 25 and lines[0]["site"] == "south-polar-ridge"
    assert _close(lines[1:], json.loads(cli("depart", *SPAN, "--json").stdout)["launches"])


def test_depart_json_and_jsonl_together_are_refused():
    res = cli("depart", *SPAN, "--json", "--jsonl")
    assert res.returncode == 2 and res.stderr.count("error:") == 1 and "--jsonl" in res.stderr


def test_streaming_writes_in_chunks(monkeypatch):
    """More launches than a chunk: the same document, written a chunk at a time."""
    study = LaunchStudy.from_inputs(exit_speed="2.5 km/s", span="2030-01-01:2030-01-05", every="1 h")
    conic, phase = study.propagate(), study.lunar_phase()
    whole = []
    launch_report.write_depart_json(study, conic, phase, whole.append)
    monkeypatch.setattr(launch_report, "STREAM_CHUNK", 7)
    parts, told = [], []
    launch_report.write_depart_json(study, conic, phase, parts.append, progress=told.append)
    assert "".join(parts) == "".join(whole) and len(parts) > 10 and told[-1] == study.jd.size


def test_conic_propagation_in_chunks_equals_one_call(monkeypatch):
    import lunarbase.launch_study as ls

    study = LaunchStudy.from_inputs(exit_speed="2.5 km/s", span="2030-01-01:2030-01-03", every="1 h")
    whole = study.propagate()
    monkeypatch.setattr(ls, "PROPAGATE_CHUNK", 10)
    told = []
    chunked = study.propagate(progress=told.append)
    for a, b in zip(whole, chunked, strict=True):
        np.testing.assert_array_equal(a, b)
    assert told[-1] == 1.0 and len(told) == 5


def test_windows_draws_a_subset_and_keeps_every_launch_in_parquet(tmp_path, monkeypatch):
    monkeypatch.setattr(launch_report, "MAX_DRAWN", 100)
    res = cli("windows", "--exit-speed", "2.5 km/s", "--span", "2030-01-01:2030-02-15", "--out", str(tmp_path),
              "--json")
    assert res.returncode == 0, res.stderr
    data = json.loads(res.stdout)
    table = pq.read_table(tmp_path / "windows.parquet")
    assert table.num_rows == data["launches"] > 100
    assert table.schema.field("a").metadata[b"unit"] == b"m"
    assert json.loads(table.schema.metadata[b"outcomes"])[0] == "escaped"
    assert np.isclose(np.mean(table["reaches_target"].to_numpy()), data["target_share"])
    page = (tmp_path / "windows.html").read_text()
    drawn = launch_report.drawn_subset(data["launches"]).size
    assert drawn <= 100 and f"draw {drawn:,} of the {data['launches']:,} launches" in page and "windows.parquet" in page
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_drawn_subset_is_even_and_bounded():
    assert launch_report.drawn_subset(50, 100).size == 50
    take = launch_report.drawn_subset(2_000_000, 20_000)
    assert take.size <= 20_000 and np.all(np.diff(take) == 100)


def test_a_run_beyond_the_step_cap_is_refused_before_it_starts():
    """The schema's longest run (1957:3000 at 366 a year, 382,104 steps) fits the cap; a longer one is refused
    in one line saying its size (reached here through the engine's own check: the schema stops it first)."""
    from types import SimpleNamespace

    from lunarbase.engine import work_problems

    assert work_problems(SimpleNamespace(start_year=1957, end_year=3000, steps_per_year=366), 1) == []
    (line,) = work_problems(SimpleNamespace(start_year=1957, end_year=3000, steps_per_year=400), 1)
    assert "417,600 steps" in line and f"{MAX_STEPS:,}" in line


def test_a_draw_beyond_the_step_sample_cap_is_refused_saying_its_size():
    n = MAX_STEP_SAMPLES // 900 + 1
    with pytest.raises(ScenarioError) as err:
        simulate(load_scenario(), draws={"industry.productivity": np.full(n, 1e-8)})
    assert str(err.value).startswith(f"draws: got {n:,} samples x 900 steps") and "\n" not in str(err.value)


def test_depart_beyond_the_launch_cap_is_refused_saying_its_count():
    res = cli("depart", "--exit-speed", "2.5 km/s", "--span", "2030-01-01:2099-12-31", "--every", "1 min")
    assert res.returncode == 2 and res.stderr.count("error:") == 1
    assert "launches" in res.stderr and f"{MAX_LAUNCHES:,}" in res.stderr
