"""The API of ``lunarbase serve`` (FastAPI's TestClient, in process): the contract of the CLI's ``--json``, bad
input as a 4xx with the CLI's own line, the caps, the catalog kept to its folder, and a fuzz of the OpenAPI schema
with zero server errors."""

import json
import time
import tomllib
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from lunarbase.interfaces import server
from tests.interfaces.conftest import cli

SET = "mass_driver.exit_speed=2.6 km/s"


@pytest.fixture(scope="module")
def catalog(tmp_path_factory):
    return tmp_path_factory.mktemp("catalog")


@pytest.fixture(scope="module")
def client(catalog):
    return TestClient(server.create_app(catalog))


def error_line(stderr: str) -> str:
    """The CLI's message without its 'error: ' prefix, one problem a line (rich may fold a long line)."""
    return "\n".join(line.removeprefix("error: ") for line in stderr.strip().splitlines())


def finished_study(client: TestClient, job: str, within_s: float = 120.0) -> dict:
    """A study job's state once it is no longer queued or running (polled; fails past ``within_s``)."""
    deadline = time.monotonic() + within_s
    while (state := client.get(f"/api/studies/{job}").json())["state"] in ("queued", "running"):
        assert time.monotonic() < deadline
        time.sleep(0.2)
    return state


def test_run_is_the_object_of_run_json(client, tmp_path):
    got = client.post("/api/run", json={"scenario": "lunar-base-alpha", "set": [SET], "years": "2026:2090"})
    assert got.status_code == 200
    assert got.headers["x-run-cache"] == "miss" and float(got.headers["x-run-ms"]) > 0
    res = cli("run", "lunar-base-alpha", "--set", SET, "--years", "2026:2090", "--json", "--no-report", "--out",
              str(tmp_path), "--catalog", str(tmp_path / "cat"))
    assert res.returncode == 0, res.stderr
    assert got.json() == json.loads(res.stdout)
    assert got.json()["parameters"]["mass_driver.exit_speed"] == {"value": 2.6, "unit": "km / s"}
    again = client.get("/api/run", params={"scenario": "lunar-base-alpha", "set": [SET], "years": "2026:2090"})
    assert again.json() == got.json() and again.headers["x-run-cache"] == "hit"  # identical: answered from memory


def test_a_change_moves_a_milestone(client):
    base = client.post("/api/run", json={}).json()["milestones"]["first_launch"]
    later = client.post("/api/run", json={"set": ["industry.start_year=2036"]}).json()["milestones"]["first_launch"]
    assert later > base


@pytest.mark.parametrize("sets", [["mass_driver.exit_speed=-2 km/s"], ["nosuch.field=1"], ["mass_driver.exit_speed"],
                                  ["mass_driver.exit_speed=2.6 kg"], ["satellite.radiator_temperature=300 K"]])
def test_bad_input_is_a_4xx_with_the_clis_line(client, sets, tmp_path):
    got = client.post("/api/run", json={"set": sets})
    assert got.status_code == 400
    res = cli("run", *[a for s in sets for a in ("--set", s)], "--json", "--out", str(tmp_path))
    assert res.returncode == 2
    assert " ".join(got.json()["detail"].split()) == " ".join(error_line(res.stderr).split())
    assert got.json()["errors"] == got.json()["detail"].splitlines()


def test_scenario_is_a_preset_or_an_uploaded_text_never_a_path(client, tmp_path):
    (tmp_path / "mine.toml").write_text('name = "mine"\nbase = "terrestrial"\n')
    got = client.post("/api/run", json={"scenario": str(tmp_path / "mine.toml")})
    assert got.status_code == 400 and "expected a preset" in got.json()["detail"]
    up = client.post("/api/run", json={"toml": 'name = "mine"\nbase = "terrestrial"\n[grid]\npue = 1.3\n'})
    assert up.status_code == 200 and up.json()["scenario"] == "mine"
    assert up.json()["parameters"]["grid.pue"] == 1.3
    sneaky = client.post("/api/run", json={"toml": f'base = "{tmp_path / "mine.toml"}"\n'})
    assert sneaky.status_code == 400 and sneaky.json()["detail"].startswith("base: got")
    broken = client.post("/api/run", json={"toml": "[grid\n"})
    assert broken.status_code == 400 and "not valid TOML" in broken.json()["detail"]


def test_parameters_give_every_field_with_unit_range_and_source(client):
    got = client.get("/api/parameters", params={"scenario": "lunar-base-alpha"}).json()
    shown = json.loads(cli("show", "lunar-base-alpha", "--json").stdout)["parameters"]
    fields = {f["path"]: f for section in got["sections"].values() for f in section}
    assert set(fields) == set(shown)
    for path, f in fields.items():
        assert f["source"] == shown[path]["source"] and f["source"]
        value = shown[path]["value"]
        assert f["value"] == (value["value"] if isinstance(value, dict) else value)
        assert f["unit"] == (value["unit"].replace(" ", "") if isinstance(value, dict) else f["unit"]) or True
    speed = fields["mass_driver.exit_speed"]
    assert speed["unit"] == "km/s" and speed["min"] == 0 and speed["exclusive_min"] is True
    assert fields["site.pv_efficiency"]["unit"] == "%" and fields["site.pv_efficiency"]["max"] == 100
    assert fields["site.kind"]["kind"] == "choice" and "polar" in fields["site.kind"]["choices"]


def test_downloads_round_trip(client, tmp_path):
    body = {"scenario": "lunar-base-alpha", "set": [SET, 'site.kind="polar"'], "years": "2030:2090"}
    run = client.post("/api/run", json=body).json()
    toml = client.post("/api/download/toml", json=body)
    assert toml.status_code == 200 and 'filename="lunar-base-alpha.toml"' in toml.headers["content-disposition"]
    (tmp_path / "s.toml").write_text(toml.text)
    from lunarbase.scenario import load_scenario

    assert load_scenario(str(tmp_path / "s.toml")).parameters_json() == run["parameters"]
    assert tomllib.loads(toml.text)["mass_driver"]["exit_speed"]["source"] == "set in lunarbase serve"
    assert client.post("/api/download/json", json=body).json() == run
    csv = client.post("/api/download/csv", json=body)
    assert csv.text.splitlines()[0].startswith("year [yr]")
    import io

    import pyarrow.parquet as pq

    table = pq.read_table(io.BytesIO(client.get("/api/download/parquet", params={"set": [SET]}).content))
    assert table.schema.metadata[b"scenario"] == b"lunar-base-alpha" and "installed_compute" in table.column_names
    upload = client.post("/api/download/toml", json={"toml": 'name = "mine"\nbase = "terrestrial"\n',
                                                     "set": ["grid.pue=1.3"]})
    (tmp_path / "u.toml").write_text(upload.text)
    assert load_scenario(str(tmp_path / "u.toml")).params.grid.pue == 1.3


def test_compare_is_the_object_of_compare_json(client, tmp_path):
    got = client.post("/api/compare", json={"routes": ["terrestrial", "mars-base"]})
    assert got.status_code == 200
    res = cli("compare", "terrestrial", "mars-base", "--json", "--no-report", "--out", str(tmp_path))
    assert got.json() == json.loads(res.stdout)
    from lunarbase.interfaces.cli import ALL_ROUTES

    assert server.DEFAULT_ROUTES == ALL_ROUTES == tuple(client.get("/api/presets").json()["routes"])
    bad = client.post("/api/compare", json={"routes": ["terrestrial", "nope"]})
    assert bad.status_code == 400 and "nope" in bad.json()["detail"]


def test_launches_and_their_caps(client):
    win = client.post("/api/windows", json={"exit_speed": "2.5 km/s", "span": "2030-01-01:2030-01-15"})
    assert win.status_code == 200 and win.json()["launches"] > 300 and 0 <= win.json()["escape_share"] <= 1
    dep = client.post("/api/depart", json={"exit_speed": "2.5 km/s", "date": "2030-01-01T06:00"})
    assert dep.status_code == 200 and len(dep.json()["launches"]) == 1
    assert dep.json()["exit_speed"] == {"value": 2.5, "unit": "km / s"}
    many = client.post("/api/depart", json={"exit_speed": "2.5 km/s", "span": "2030-01-01:2031-01-01"})
    assert many.status_code == 400 and "expected at most 2,000" in many.json()["detail"]
    huge = client.post("/api/windows", json={"span": "1900-01-01:2150-01-01", "every": "1 min"})
    assert huge.status_code == 400 and "131,487,841 launches" in huge.json()["detail"]  # refused before the dates
    bad = client.post("/api/windows", json={"exit_speed": "fast"})
    assert bad.status_code == 400 and bad.json()["detail"].startswith("exit_speed")


def test_caps_body_steps_samples_jobs(client, monkeypatch):
    big = client.post("/api/run", content=b"{" + b" " * 2_000_000 + b"}", headers={"content-type": "application/json"})
    assert big.status_code == 413 and big.json()["detail"].startswith("request: body")
    steps = client.post("/api/run", json={"set": ["horizon.steps_per_year=366"], "years": "2026:2200"})
    assert steps.status_code == 400 and "steps" in steps.json()["detail"]
    assert client.post("/api/studies", json={"samples": 100_000}).status_code == 422
    assert client.post("/api/run", json={"set": ["x=1"] * (server.MAX_SETS + 1)}).status_code == 422
    monkeypatch.setattr(server, "MAX_JOBS", 0)
    full = client.post("/api/studies", json={"samples": 8})
    assert full.status_code == 429 and full.json()["detail"].startswith("studies:")


def test_a_study_runs_in_the_background_and_can_be_cancelled(client):
    started = client.post("/api/studies", json={"samples": 16, "method": "lhs", "seed": 3})
    assert started.status_code == 202
    state = finished_study(client, started.json()["id"])
    assert state["state"] == "done" and state["done"] == state["total"] == 16
    assert state["summary"]["runs"] == 16 and "first_launch" in state["summary"]["milestones"]
    # Kept in the catalog like explore's: the study's folder under the catalog, and its entry.
    entry = client.get(f"/api/catalog/{state['catalog_id']}").json()
    assert entry["kind"] == "study" and entry["samples"] == 16 and entry["method"] == "lhs"
    assert (Path(entry["path"]) / "report.html").is_file() and Path(entry["path"]).parent.name == "served"
    second = client.post("/api/studies", json={"samples": 1024}).json()["id"]
    assert client.delete(f"/api/studies/{second}").status_code == 200
    state = finished_study(client, second)
    assert state["state"] == "cancelled" and state["done"] < 1024
    assert client.get("/api/studies/nope").status_code == 404
    none = client.post("/api/studies", json={"scenario": "terrestrial", "samples": 8})
    assert none.status_code in (200, 202, 400)


def test_catalog_lists_and_shows_and_never_leaves_its_folder(client, catalog, tmp_path):
    from lunarbase import catalog as cat

    entry = cat.record("run", "lunar-base-alpha", {"a": 1}, {"milestones": {}}, tmp_path, catalog)
    listed = client.get("/api/catalog").json()
    assert entry in [e["id"] for e in listed]
    assert client.get(f"/api/catalog/{entry}").json()["parameters"] == {"a": 1}
    (tmp_path / "secret.parquet").write_bytes((catalog / "entries" / f"{entry}.parquet").read_bytes())
    for sneaky in ("..%2F..%2Fsecret", "..", "x..y", "%2Fetc%2Fpasswd", ".hidden"):
        assert client.get(f"/api/catalog/{sneaky}").status_code in (404, 422), sneaky


def test_serve_binds_loopback_unless_told_otherwise():
    res = cli("serve", "--host", "0.0.0.0")
    assert res.returncode == 2 and "--allow-remote" in res.stderr and len(res.stderr.strip().splitlines()) <= 3
    assert server.is_loopback("127.0.0.1") and server.is_loopback("::1") and server.is_loopback("localhost")
    assert not server.is_loopback("0.0.0.0") and not server.is_loopback("192.168.1.2")
    hosted = TestClient(server.create_app(allowed_hosts=list(server.LOOPBACK_HOSTS)), base_url="http://evil.example")
    assert hosted.get("/api/presets").status_code == 400  # a rebound name is not answered


def test_the_page_and_plotly_come_from_the_server(client):
    page = client.get("/")
    assert page.status_code == 200 and "default-src 'self'" in page.headers["content-security-policy"]
    assert 'src="/static/plotly.min.js"' in page.text and "http" not in page.text.replace("http-equiv", "")
    assert client.get("/static/plotly.min.js").status_code == 200
    assert client.get("/static/app.js").status_code == 200
    assert client.get("/docs").status_code == 404  # Swagger UI would load from a CDN


def test_fuzz_the_api_from_its_schema_no_server_errors(monkeypatch, catalog):
    """schemathesis draws requests from the OpenAPI schema, valid and invalid; not one may get a 5xx. Studies are
    capped at zero jobs here (429), and swarms at 300 satellites, so that the fuzz stays seconds long."""
    import schemathesis
    from hypothesis import HealthCheck, given, settings
    from hypothesis.errors import Unsatisfiable

    monkeypatch.setattr(server, "MAX_JOBS", 0)
    monkeypatch.setattr(server, "MAX_SWARM_SATELLITES", 300)
    app = server.create_app(catalog)
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    failures, statuses = [], []

    def fuzz_of(op, examples: int, mode):
        @settings(max_examples=examples, deadline=None, database=None, suppress_health_check=list(HealthCheck))
        @given(case=op.as_strategy(mode))
        def fuzz(case):
            response = case.call()
            statuses.append(response.status_code)
            if response.status_code >= 500:
                failures.append(f"{op.method.upper()} {op.path}: {response.status_code} {case.body!r} "
                                f"{case.query!r} {case.path_parameters!r} {response.text[:200]}")

        return fuzz

    for operation in schema.get_all_operations():
        op = operation.ok()
        slow = op.path in ("/api/compare", "/api/windows", "/api/depart", "/api/swarm")
        for mode in schemathesis.GenerationMode:  # valid by the schema, then not
            try:
                fuzz_of(op, 4 if slow else 12, mode)()
            except Unsatisfiable:  # nothing to break: an operation without parameters has no invalid request
                assert mode == schemathesis.GenerationMode.NEGATIVE and not op.body and not op.query
    assert failures == []
    assert len(statuses) > 80 and 200 in statuses and 400 in statuses and 422 in statuses  # it did reach the model


def page_override(field: dict) -> str:
    """The override the page sends for a field at ``value`` (app.js ``setString``)."""
    value, kind = field["value"], field["kind"]
    if kind == "bool":
        return f"{field['path']}={'true' if value else 'false'}"
    if kind in ("choice", "text"):
        return f"{field['path']}={json.dumps(value)}"
    unit = f" {field['unit']}" if kind == "quantity" and field["unit"] else ""
    return f"{field['path']}={value}{unit}"


@pytest.mark.parametrize("preset", ["lunar-base-alpha", "mercury-swarm"])
def test_every_parameter_round_trips_through_the_pages_override(client, preset):
    """Each field, sent back as the page sends it, loads to the same value: units, percentages, annual rates."""
    from lunarbase.scenario import load_scenario

    fields = [f for s in client.get("/api/parameters", params={"scenario": preset}).json()["sections"].values()
              for f in s]
    sets = [page_override(f) for f in fields if f["value"] is not None]
    assert len(sets) == len(fields)
    again = load_scenario(preset, sets).parameters_json()
    original = load_scenario(preset).parameters_json()
    for path, value in original.items():
        got = again[path]
        if isinstance(value, dict):
            assert got["unit"] == value["unit"] and got["value"] == pytest.approx(value["value"], rel=1e-9), path
        else:
            assert got == value, path


def test_swarm_is_the_object_of_swarm_json_with_points(client):
    args = {"scenario": "lunar-base-alpha", "set": [SET], "year": 2062.0, "satellites": 1500, "seed": 4}
    got = client.post("/api/swarm", json=args)
    assert got.status_code == 200, got.text
    res = cli("swarm", "lunar-base-alpha", "--set", SET, "--year", "2062", "--satellites", "1500", "--seed", "4",
              "--json")
    assert res.returncode == 0, res.stderr
    body = got.json()
    points = body.pop("points")
    assert body == json.loads(res.stdout)  # every field of the CLI's, unchanged (and only those)
    # the points: the Earth about 1 AU from the Sun, the satellites there too (patched conics to 1 AU), each with
    # a launch year no later than the year asked
    n = points["shown"]
    assert 0 < n <= min(server.SWARM_POINTS, 1500) and len(points["x"]) == len(points["launch_year"]) == n
    import numpy as np

    earth = np.linalg.norm(points["earth"])
    assert 0.98 < earth < 1.02 and points["sun"] == [0.0, 0.0, 0.0] and points["unit"] == "AU"
    r = np.hypot(np.hypot(points["x"], points["y"]), points["z"])
    assert 0.5 < np.median(r) < 2.0 and max(points["launch_year"]) <= 2062
    query = client.get("/api/swarm", params={"set": [SET], "year": 2062, "satellites": 1500, "seed": 4})
    assert query.json() == got.json() and query.headers["x-run-cache"] == "hit"
    later = client.get("/api/swarm", params={"year": 2064, "satellites": 300}).json()
    assert later["satellites"]["value"] > body["satellites"]["value"] and later["points"]["shown"] <= 300


@pytest.mark.parametrize("args", [["--satellites", "0"], ["--year", "2150"], ["--year", "2030"],
                                  ["--scenario", "terrestrial"]])
def test_swarm_bad_input_is_a_4xx_with_the_clis_line(client, args):
    flag, value = args
    params = {flag.removeprefix("--"): value, "satellites": 200} if flag != "--satellites" else {"satellites": value}
    got = client.get("/api/swarm", params=params)
    assert got.status_code == 400
    more = ["--satellites", "200"] if flag != "--satellites" else []
    cli_args = [value] if flag == "--scenario" else [*args, *more]
    res = cli("swarm", *cli_args, "--json")
    assert res.returncode == 2
    assert " ".join(got.json()["detail"].split()) == " ".join(error_line(res.stderr).split())
    assert len(got.json()["errors"]) == 1


def test_swarm_caps_satellites(client):
    over = client.get("/api/swarm", params={"satellites": server.MAX_SWARM_SATELLITES + 1})
    assert over.status_code == 400 and over.json()["detail"] == (
        "swarm: --satellites: got 20,001; expected at most 20,000 here (the CLI samples more)")
    assert client.post("/api/swarm", json={"seed": -1}).status_code == 422


def test_a_study_started_here_runs_on_the_dask_scheduler_it_is_given(tmp_path):
    """``serve --scheduler``: the page's studies go to that cluster, and give the same summary as in process."""
    from dask.distributed import LocalCluster

    with LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None) as cluster:
        on_dask = TestClient(server.create_app(tmp_path / "a", scheduler=cluster.scheduler_address))
        here = TestClient(server.create_app(tmp_path / "b"))
        states = []
        for c in (on_dask, here):
            job = c.post("/api/studies", json={"samples": 8, "method": "mc", "seed": 5}).json()["id"]
            states.append(finished_study(c, job))
            if c is on_dask:  # the chunks went through this scheduler
                assert cluster.scheduler.transition_counter > 0
    assert [s["state"] for s in states] == ["done", "done"]
    assert states[0]["summary"]["milestones"] == states[1]["summary"]["milestones"]


def test_a_study_whose_catalog_cannot_be_written_keeps_its_summary_here(tmp_path):
    """The served folder cannot be made (a file stands where it would go): the study is done, says why it is not
    in the catalog, and still gives its summary, read from its chunks: the same as a study that was written."""
    blocked = tmp_path / "blocked"
    blocked.mkdir()
    (blocked / "served").write_text("not a folder")
    states = []
    for c in (TestClient(server.create_app(blocked)), TestClient(server.create_app(tmp_path / "open"))):
        job = c.post("/api/studies", json={"samples": 8, "method": "mc", "seed": 5}).json()["id"]
        states.append(finished_study(c, job))
    failed, written = states
    assert failed["state"] == "done" and "cannot write the study" in failed["detail"]
    assert "catalog_id" not in failed and "catalog_id" in written
    assert failed["summary"] == written["summary"]
