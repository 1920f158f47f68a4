"""``lunarbase serve``: the model live in a browser, and the same model as a JSON API (FastAPI, OpenAPI schema).

One page (``static/index.html`` with its own small script and style, and the installed plotly package's
``plotly.min.js``: no CDN, it works offline) and JSON endpoints under ``/api`` that carry the contract of the
CLI's ``--json``: a run is ``summary.to_json``, a comparison ``summary.comparison_json``, launches
``launch_report.depart_json`` / ``windows_json``; quantities are ``{"value": .., "unit": ..}``. Scenarios are
loaded as the CLI loads them (``scenario.load_scenario`` with the same ``section.field=value unit`` strings as
``--set``), so a parameter refused there is refused here with the same line.

Bad input is a 4xx whose ``detail`` is the CLI's message (one line per problem; ``errors`` lists them), never a
500. Caps keep one request's work bounded: the body (``MAX_BODY_BYTES``), the steps of a run
(``MAX_RUN_STEPS``), the launches of a launch study (``MAX_DEPART_LAUNCHES``, ``MAX_WINDOWS_LAUNCHES``), the
samples of a study (``MAX_STUDY_SAMPLES``), the runs at once (``MAX_CONCURRENT_RUNS``; a request waits at most
``RUN_WAIT_S`` for a turn, else 503) and the study jobs at once (``MAX_JOBS``; more is 429), each stopped after
``JOB_TIMEOUT_S``. A scenario is a preset name or an uploaded file's text, never a path on the server; a
catalog entry is read only from the catalog folder's ``entries`` (``catalog.show`` checks the id).

The swarm (``/api/swarm``) is ``lunarbase swarm --json`` for one year (``swarm_view.summary_json``, at most
``MAX_SWARM_SATELLITES`` satellites a request) plus ``points``: at most ``SWARM_POINTS`` of them at mid-year for
the page's 3-D view.

Identical run requests are answered from a small cache (``RUN_CACHE_SIZE`` most recent): the model is
deterministic, so the answer is the same; any change of preset, override or span runs the model again.
"""

from __future__ import annotations

import json
import math
import re
import tempfile
import threading
import time
import tomllib
import uuid
from collections import OrderedDict
from datetime import date, datetime
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import FastAPI, HTTPException, Query, Request
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from lunarbase.presets import DEFAULT_SCENARIO, preset_descriptions, preset_names

#: The largest request body read (a scenario file is at most ``scenario.MAX_SCENARIO_BYTES``, 1 MB).
MAX_BODY_BYTES = 1_100_000
#: Overrides in one request, and the characters of one.
MAX_SETS, MAX_SET_CHARS = 300, 500
#: Time steps of one run (years x steps a year): 200 years monthly is 2,400; the engine's own cap is far higher.
MAX_RUN_STEPS = 20_000
#: Runs computed at once (CPU-bound: more would only share the cores), and how long a request waits for a turn.
MAX_CONCURRENT_RUNS, RUN_WAIT_S = 2, 20.0
#: Launches of one ``depart`` (each a record in the answer) and one ``windows`` request (patched conics).
MAX_DEPART_LAUNCHES, MAX_WINDOWS_LAUNCHES = 2_000, 20_000
#: Samples of a study started from the page, study jobs running at once, jobs remembered, and a job's wall limit.
MAX_STUDY_SAMPLES, MAX_JOBS, MAX_JOBS_KEPT, JOB_TIMEOUT_S = 1024, 2, 20, 600.0
#: The routes ``compare`` runs when none is named: the CLI's ``ALL_ROUTES`` (not imported: the CLI imports this
#: module; tests/interfaces/test_server.py checks that the two agree).
DEFAULT_ROUTES = ("lunar-base-alpha", "lunar-equatorial", "lunar-conservative", "earth-orbit-starship", "terrestrial",
                  "mars-base", "mercury-swarm")
#: Runs answered from memory when asked again, identically.
RUN_CACHE_SIZE = 64
#: Satellites of one swarm request (the CLI's default and most: about 2 s of summary), and points drawn of them.
MAX_SWARM_SATELLITES, SWARM_POINTS = 20_000, 3_000

STATIC = resources.files("lunarbase.interfaces") / "static"
SetItem = Annotated[str, StringConstraints(max_length=MAX_SET_CHARS)]
Name = Annotated[str, StringConstraints(max_length=200)]
Short = Annotated[str, StringConstraints(max_length=100)]
Format = Literal["toml", "json", "csv", "parquet"]


class ScenarioIn(BaseModel):
    """A scenario as the CLI takes it: a preset (or an uploaded file's text), ``--set`` overrides, ``--years``."""

    model_config = ConfigDict(extra="forbid")
    scenario: Name = Field(DEFAULT_SCENARIO, description="A preset name (GET /api/presets)")
    set: list[SetItem] = Field(default_factory=list, max_length=MAX_SETS,
                               description='Overrides as for --set: PATH=VALUE, e.g. mass_driver.exit_speed=2.6 km/s')
    years: Short | None = Field(None, description="START:END, e.g. 2026:2100 (as --years)")
    toml: str | None = Field(None, max_length=1_000_000,
                             description="An uploaded scenario file's text (TOML); used instead of `scenario`. "
                                         "Its `base`, if any, must be a preset.")


class SwarmIn(ScenarioIn):
    """The scenario, and ``lunarbase swarm``'s year, satellites and seed."""

    year: float = Field(2060.0, description="The year to look at, inside the run (e.g. 2060)")
    satellites: int = Field(MAX_SWARM_SATELLITES, description="At most this many satellites (every one when the "
                            f"swarm is smaller, else a weighted sample); 1 to {MAX_SWARM_SATELLITES:,} here")
    seed: int = Field(0, ge=0, le=2**32 - 1, description="Seed of the launch instants and the sample")


class CompareIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    routes: list[Name] | None = Field(None, max_length=12, description="Presets (default: every route)")
    set: list[SetItem] = Field(default_factory=list, max_length=MAX_SETS)
    years: Short | None = None


class LaunchIn(BaseModel):
    """The options of ``depart`` / ``windows`` (patched conics only: N-body is the CLI's)."""

    model_config = ConfigDict(extra="forbid")
    site: Short = "south-polar-ridge"
    exit_speed: Short | None = Field(None, description="e.g. '2.5 km/s'")
    azimuth: Short | None = Field(None, description="e.g. '270 deg', or 'best'")
    date: Short | None = Field(None, description="depart: one launch date (TDB), e.g. 2030-01-01T06:00")
    span: Short | None = Field(None, description="START:END dates, e.g. 2030-01-01:2030-02-01")
    every: Short = "1 h"
    latitude: Short | None = None
    longitude: Short | None = None
    elevation: Short | None = None
    track_elevation: Short | None = None
    target_radius: Short = "1 AU"
    thrust_to_mass: Short = "1e-4 m/s2"
    target: Literal["escape", "outer", "inner", "target"] = "outer"
    delta_v_budget: Short = "2 km/s"


class StudyIn(ScenarioIn):
    samples: int = Field(64, ge=1, le=MAX_STUDY_SAMPLES, description="Samples (sobol: a power of 2)")
    seed: int = Field(0, ge=0, le=2**32 - 1)
    method: Literal["mc", "lhs", "sobol", "morris"] = "mc"


def _lines(text: str) -> list[str]:
    return [line for line in str(text).splitlines() if line.strip()] or [str(text)]


def problem(status: int, message: str) -> JSONResponse:
    """The 4xx answer: ``detail`` is the CLI's message, ``errors`` its lines."""
    return JSONResponse({"detail": str(message), "errors": _lines(message)}, status_code=status)


class _TooLarge(Exception):
    pass


class BodyLimit:
    """Refuse a request body over ``limit`` bytes (413), by its Content-Length or as it streams in."""

    def __init__(self, app, limit: int):
        self.app, self.limit = app, limit

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        length = dict(scope.get("headers") or []).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.limit):
            return await problem(413, f"request: body of {length.decode(errors='replace')} bytes; expected at most "
                                      f"{self.limit:,}")(scope, receive, send)
        seen, started = 0, False

        async def limited():
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise _TooLarge
            return message

        async def watched(message):
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, limited, watched)
        except _TooLarge:
            if not started:
                await problem(413, f"request: body over {self.limit:,} bytes")(scope, receive, send)


# --- scenarios -------------------------------------------------------------------------------------------------

def _check_upload(text: str) -> None:
    """An uploaded scenario may name a preset as its ``base``, never a file on the server."""
    from lunarbase.scenario import ScenarioError

    try:
        table = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise ScenarioError(f"scenario: uploaded file: not valid TOML ({err})") from None
    except RecursionError:
        raise ScenarioError("scenario: uploaded file: not valid TOML for a scenario (arrays or tables nested too "
                            "deeply)") from None
    base = table.get("base")
    if base is not None and base not in preset_names():
        raise ScenarioError(f"base: got {base!r} in the uploaded file; expected a preset name "
                            f"({', '.join(preset_names())})")


def load(req: ScenarioIn):
    """The scenario of a request, loaded as the CLI loads it; a run beyond ``MAX_RUN_STEPS`` is refused."""
    from lunarbase.scenario import ScenarioError, load_scenario

    if req.toml is not None:
        _check_upload(req.toml)
        with tempfile.TemporaryDirectory(prefix="lunarbase-upload-") as folder:
            path = Path(folder) / "uploaded.toml"
            path.write_text(req.toml, encoding="utf-8", errors="replace")
            sc = load_scenario(str(path), req.set, req.years)
    elif req.scenario not in preset_names():
        raise ScenarioError(f"scenario: got '{req.scenario}'; expected a preset ({', '.join(preset_names())}), or "
                            "a file's text uploaded as `toml`")
    else:
        sc = load_scenario(req.scenario, req.set, req.years)
    h = sc.params.horizon
    steps = (h.end_year - h.start_year) * h.steps_per_year
    if steps > MAX_RUN_STEPS:
        raise ScenarioError(f"horizon: {h.end_year - h.start_year} years at {h.steps_per_year} steps a year is "
                            f"{steps:,} steps; expected at most {MAX_RUN_STEPS:,} here (the CLI runs longer spans)")
    return sc


def _display_bound(bound: float, si_unit: str | None, display: str | None, compounding: str | None) -> float:
    """A schema bound (SI, continuous for a compounded rate) in the unit the field is shown in."""
    from lunarbase.units import annual_rate, to_unit

    if si_unit is None or not display:
        return float(bound)
    value = float(annual_rate(bound, compounding)) if compounding else float(bound)
    if not math.isfinite(value):
        return value
    return float(f"{(value * to_unit(si_unit)).to_value(to_unit(display)):.12g}")


def parameter_schema(sc) -> dict[str, Any]:
    """Every parameter of ``sc``: section, value (in the unit it is shown in), unit, kind, allowed range (``min``
    / ``max`` with ``exclusive_min`` / ``exclusive_max``), choices, and source note (``scenario/schema.py``)."""
    from typing import get_args, get_origin

    from lunarbase.scenario.schema import SECTIONS

    sections: dict[str, list[dict[str, Any]]] = {}
    for row in sc.rows():
        section, name = row.path.split(".", 1)
        info = SECTIONS[section].model_fields[name]
        field: dict[str, Any] = {"path": row.path, "name": name, "source": row.source,
                                 "unit": row.display_unit or "", "value": row.display_value}
        annotation = info.annotation
        if get_origin(annotation) is Literal:
            field.update(kind="choice", choices=list(get_args(annotation)))
        elif annotation is bool:
            field["kind"] = "bool"
        elif annotation is str:
            field["kind"] = "text"
        else:
            field["kind"] = "integer" if annotation is int else ("quantity" if row.unit is not None else "number")
            for meta in info.metadata:
                for attr, key, exclusive in (("ge", "min", False), ("gt", "min", True), ("le", "max", False),
                                             ("lt", "max", True)):
                    bound = getattr(meta, attr, None)
                    if bound is not None:
                        field[key] = _display_bound(bound, row.unit, row.display_unit, row.compounding)
                        field[f"exclusive_{key}"] = exclusive
            if row.compounding and "max" not in field:
                field["max"] = None  # an annual decay below 100 %/yr is the model's own check
        if isinstance(field["value"], float) and not math.isfinite(field["value"]):
            field["value"] = None
        sections.setdefault(section, []).append(field)
    return {"scenario": sc.name, "description": sc.description, "sections": sections,
            "uncertainty": sc.uncertainty.json() if sc.uncertainty is not None else None}


# --- the scenario as TOML ---------------------------------------------------------------------------------------

_BARE = re.compile(r"^[A-Za-z0-9_-]+$")


def _key(key: str) -> str:
    return key if _BARE.match(key) else json.dumps(key)


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf") if math.isinf(value) else repr(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{_key(k)} = {_value(v)}" for k, v in value.items()) + " }"
    if isinstance(value, list):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    return json.dumps(str(value), ensure_ascii=False)  # a JSON string is a TOML basic string


def toml_text(table: dict[str, Any], prefix: str = "") -> str:
    """A TOML document of ``table`` (as ``tomllib`` reads it): scalars first, then each sub-table."""
    def inline(v: Any) -> bool:  # a table of plain values inside a section ({ value, source }) stays on its line
        return not isinstance(v, dict) or (bool(prefix) and not any(isinstance(x, dict) for x in v.values()))

    head = [f"{_key(k)} = {_value(v)}" for k, v in table.items() if inline(v)]
    out = "\n".join(head) + ("\n" if head else "")
    for k, v in table.items():
        if not inline(v):
            name = f"{prefix}.{_key(k)}" if prefix else _key(k)
            out += f"\n[{name}]\n" + toml_text(v, name)
    return out


def scenario_toml(req: ScenarioIn, sc) -> str:
    """The request's scenario as a file ``lunarbase run FILE`` reproduces: the preset as ``base`` (or the uploaded
    file), with each override as ``{ value, source }`` in its section."""
    from lunarbase.scenario import parse_set

    if req.toml is not None:
        table = tomllib.loads(req.toml)
    else:
        table = {"name": sc.name, "description": sc.description, "base": req.scenario}
    overrides = [parse_set(item) for item in req.set]
    if req.years is not None:
        h = sc.params.horizon
        overrides += [("horizon.start_year", h.start_year), ("horizon.end_year", h.end_year)]
    for path, value in overrides:
        section, _, key = path.partition(".")
        table.setdefault(section, {})[key] = {"value": value, "source": "set in lunarbase serve"}
    return f"# lunarbase scenario: lunarbase run {sc.name}.toml\n" + toml_text(table)


# --- jobs --------------------------------------------------------------------------------------------------------

class _Cancelled(Exception):
    pass


class Job:
    """A study run in a background thread: progress, cancel, and its summary when done."""

    def __init__(self, req: StudyIn, sc, catalog_dir: Path | str | None = None, scheduler: str | None = None):
        self.id = uuid.uuid4().hex[:12]
        self.req, self.sc = req, sc
        self.catalog_dir, self.scheduler = catalog_dir, scheduler
        self.state, self.done, self.total = "queued", 0, 0
        self.summary: dict | None = None
        self.error: str | None = None
        self.catalog_id: str | None = None
        self.started = time.time()
        self.cancel = threading.Event()

    def json(self) -> dict[str, Any]:
        out = {"id": self.id, "scenario": self.sc.name, "method": self.req.method, "samples": self.req.samples,
               "seed": self.req.seed, "state": self.state, "done": self.done, "total": self.total,
               "elapsed": {"value": round(time.time() - self.started, 3), "unit": "s"}}
        if self.error:
            out["detail"] = self.error
        if self.summary is not None:
            out["summary"] = self.summary
        if self.catalog_id is not None:
            out["catalog_id"] = self.catalog_id
        return out

    def keep(self, result) -> None:
        """Write the finished study where the catalog keeps studies started here (``<catalog>/served``: its page,
        Parquet and inputs, as ``explore --out`` writes them) and record it, so the catalog tab and ``lunarbase
        catalog`` list it beside the command line's. A catalog that cannot be written leaves the summary here (read from
        the chunks: ``Study.write`` forgets a summary it could not keep)."""
        from lunarbase import catalog
        from lunarbase.interfaces.outputs import write_study
        from lunarbase.interfaces.study_report import from_study_summary, render_study_report

        try:
            folder = write_study(result, catalog.catalog_dir(self.catalog_dir) / "served",
                                 report=lambda read: render_study_report(from_study_summary(self.sc, result.inputs,
                                                                                            read)))
            summary = result.summary  # read from the written files
            medians = {name: m["median"] for name, m in summary["milestones"].items()}
            self.catalog_id = catalog.record(
                "study", self.sc.name, {"drawn": summary["parameters"],
                                        "scenario": result.inputs["scenario_parameters"]},
                {"median_year": medians, "infeasible": summary["infeasible"], "runs": summary["runs"]}, folder,
                self.catalog_dir, method=self.req.method, samples=self.req.samples, seed=self.req.seed)
        except OSError as err:
            self.error = f"catalog: cannot write the study ({err.strerror or err}); its summary is here only"

    def run(self) -> None:
        from lunarbase.interfaces.summary import finite
        from lunarbase.study import StudyError, run_study

        def progress(done: int, total: int) -> None:
            self.done, self.total = done, total
            if self.cancel.is_set():
                raise _Cancelled
            if time.time() - self.started > JOB_TIMEOUT_S:
                self.error = f"study: stopped after {JOB_TIMEOUT_S:.0f} s (the limit of a study started here)"
                raise _Cancelled

        self.state = "running"
        try:
            with tempfile.TemporaryDirectory(prefix="lunarbase-serve-study-") as work:
                chunk = max(16, min(128, self.req.samples // 8))  # progress (and cancel) every chunk, ~0.1-0.3 s
                result = run_study(self.sc, self.req.samples, self.req.seed, self.req.method, chunk_size=chunk,
                                   scheduler=self.scheduler, folder=Path(work) / "work", progress=progress)
                self.keep(result)  # first: the summary is then read from the written files (else from the chunks)
                self.summary = json.loads(json.dumps(finite(result.summary), default=_plain))
            self.state = "done"
        except _Cancelled:
            self.state = "failed" if self.error else "cancelled"
        except (StudyError, ValueError) as err:
            self.state, self.error = "failed", str(err)
        except Exception as err:  # a job's failure is its state, read by the page; the server goes on
            self.state, self.error = "failed", f"study: {type(err).__name__}: {err}"


class RecentAnswers:
    """The ``size`` answers last asked for, by request (thread-safe, least recently used dropped first): the model
    is deterministic, so an identical request has the same answer."""

    def __init__(self, size: int = RUN_CACHE_SIZE):
        self.size, self.lock, self.items = size, threading.Lock(), OrderedDict()

    def get(self, key: str):
        """The answer kept for ``key``, or None."""
        with self.lock:
            if key not in self.items:
                return None
            self.items.move_to_end(key)
            return self.items[key]

    def put(self, key: str, value) -> None:
        with self.lock:
            self.items[key] = value
            while len(self.items) > self.size:
                self.items.popitem(last=False)


def timed(response: Response, start: float, hit: bool) -> None:
    """The server time since ``start`` in ``X-Run-Ms``, and in ``X-Run-Cache`` whether the answer was kept."""
    response.headers["X-Run-Ms"] = f"{(time.perf_counter() - start) * 1e3:.1f}"
    response.headers["X-Run-Cache"] = "hit" if hit else "miss"


def swarm_of(run, year: float, satellites: int, seed: int):
    """The swarm of ``run`` in ``year``, its summary and its links, as ``lunarbase swarm`` makes them by default
    (``swarm.survey``). Raises ``SwarmError`` as ``swarm.build`` does."""
    from lunarbase import swarm as swarm_mod

    return swarm_mod.survey(run, year, satellites, seed)


def swarm_points(s, year: float, most: int = SWARM_POINTS) -> dict[str, Any]:
    """At most ``most`` of the swarm's satellites alive at mid-year (evenly through the sample, which is in
    launch order), heliocentric J2000 ecliptic, AU, with each one's launch year; and the Sun and the Earth."""
    import numpy as np

    from lunarbase import swarm as swarm_mod
    from lunarbase.constants import AU

    mid = float(swarm_mod.jd_of_year(np.floor(year) + 0.5))
    alive = np.flatnonzero(s.alive(mid)[:, 0])
    take = alive[np.unique(np.linspace(0, alive.size - 1, min(most, alive.size)).round().astype(int))] \
        if alive.size else alive
    r, _ = s.take(take).states(np.array([mid])) if take.size else (np.zeros((0, 1, 3)), None)
    xyz = np.round(r[:, 0, :] / AU, 6)
    earth = np.round(swarm_mod.earth_positions(np.array([mid]))[0] / AU, 6)
    return {"frame": "heliocentric J2000 ecliptic", "unit": "AU", "year": float(np.floor(year) + 0.5),
            "shown": int(take.size), "of": int(alive.size),
            "x": xyz[:, 0].tolist(), "y": xyz[:, 1].tolist(), "z": xyz[:, 2].tolist(),
            "launch_year": s.cohort[take].astype(int).tolist(),
            "sun": [0.0, 0.0, 0.0], "earth": earth.tolist()}


def _plain(obj: Any) -> Any:
    """NumPy scalars and arrays in a study summary, as JSON."""
    if hasattr(obj, "tolist"):
        return obj.tolist()
    return str(obj)


# --- the app -----------------------------------------------------------------------------------------------------

def create_app(catalog_dir: Path | str | None = None, allowed_hosts: list[str] | None = None,
               scheduler: str | None = None) -> FastAPI:
    """The dashboard and its API. ``catalog_dir``: the run catalog (default as the CLI's ``--catalog``), where
    studies started from the page are written and recorded; ``allowed_hosts``: the Host headers answered
    (``lunarbase serve`` on a loopback address allows only loopback names, so a page elsewhere cannot reach it
    by DNS rebinding); ``scheduler``: a Dask scheduler's address for those studies (None: in this process)."""
    from lunarbase import __version__
    from lunarbase.scenario import ScenarioError

    app = FastAPI(title="lunarbase", version=__version__, docs_url=None, redoc_url=None,  # their pages use a CDN
                  description="The lunarbase model as JSON: runs, comparisons, launches, studies and the run "
                              "catalog, with the contract of the CLI's --json (quantities as {value, unit}).")
    runs = threading.BoundedSemaphore(MAX_CONCURRENT_RUNS)
    cache, swarm_cache = RecentAnswers(), RecentAnswers()
    jobs: OrderedDict[str, Job] = OrderedDict()
    jobs_lock = threading.Lock()

    @app.exception_handler(ScenarioError)
    async def _scenario_error(request: Request, err: ScenarioError):
        return problem(400, str(err))

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request: Request, err: RequestValidationError):
        lines = []
        for e in err.errors():
            loc = ".".join(str(p) for p in e.get("loc", ()) if p not in ("body", "query", "path"))
            lines.append(f"{loc or 'request'}: {e.get('msg', 'invalid')}")
        return problem(422, "\n".join(dict.fromkeys(lines)))

    @app.exception_handler(ValidationError)
    async def _model_error(request: Request, err: ValidationError):
        return await _validation_error(request, RequestValidationError(err.errors()))

    def model(work):
        """Run ``work`` when one of the ``MAX_CONCURRENT_RUNS`` turns is free (503 after ``RUN_WAIT_S``)."""
        if not runs.acquire(timeout=RUN_WAIT_S):
            raise HTTPException(503, f"busy: {MAX_CONCURRENT_RUNS} runs in progress for over {RUN_WAIT_S:.0f} s; "
                                     "try again")
        try:
            return work()
        finally:
            runs.release()

    def run_of(req: ScenarioIn):
        """The run, its JSON, and whether they came from the cache (asked identically before)."""
        from lunarbase.engine import simulate
        from lunarbase.interfaces.summary import to_json

        key = req.model_dump_json()
        if (kept := cache.get(key)) is not None:
            return (*kept, True)
        sc = load(req)
        run = model(lambda: simulate(sc))
        found = (run, to_json(run))
        cache.put(key, found)
        return (*found, False)

    # --- the page ---------------------------------------------------------------------------------------------

    @app.get("/", include_in_schema=False)
    def page() -> HTMLResponse:
        return HTMLResponse((STATIC / "index.html").read_text(encoding="utf-8"), headers=_PAGE_HEADERS)

    @app.get("/static/plotly.min.js", include_in_schema=False)
    def plotly_js() -> FileResponse:
        import plotly

        return FileResponse(Path(plotly.__file__).parent / "package_data" / "plotly.min.js",
                            media_type="text/javascript")

    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")

    # --- the API -----------------------------------------------------------------------------------------------

    @app.get("/api/presets", summary="The presets shipped with lunarbase, and the labels of what a run reports")
    def presets() -> dict:
        from lunarbase.figures import MILESTONES, YEARLY

        return {"default": DEFAULT_SCENARIO, "routes": list(DEFAULT_ROUTES),
                "presets": [{"name": n, "description": d} for n, d in preset_descriptions().items()],
                "milestones": {k: m.label for k, m in MILESTONES.items()},
                "yearly": {k: {"label": f.label, "unit": f.shown_unit} for k, f in YEARLY.items()}}

    @app.get("/api/parameters", summary="Every parameter of a preset: value, unit, range, source")
    def parameters_get(scenario: Annotated[str, Query(max_length=200)] = DEFAULT_SCENARIO) -> dict:
        return parameter_schema(load(ScenarioIn(scenario=scenario)))

    @app.post("/api/parameters", summary="Every parameter of a scenario (preset or uploaded file, with overrides)")
    def parameters_post(req: ScenarioIn) -> dict:
        return parameter_schema(load(req))

    def answer(req: ScenarioIn, response: Response) -> dict:
        """The run's JSON; its server time in ``X-Run-Ms``, and in ``X-Run-Cache`` whether it came from the cache."""
        start = time.perf_counter()
        _, summary, hit = run_of(req)
        timed(response, start, hit)
        return summary

    @app.post("/api/run", summary="Run a scenario: the object of `lunarbase run --json`")
    def run_post(req: ScenarioIn, response: Response) -> dict:
        return answer(req, response)

    @app.get("/api/run", summary="Run a preset with overrides: the object of `lunarbase run --json`")
    def run_get(scenario: Annotated[str, Query(max_length=200)] = DEFAULT_SCENARIO,
                set: Annotated[list[str] | None, Query(max_length=MAX_SETS)] = None,
                years: Annotated[str | None, Query(max_length=100)] = None, *, response: Response) -> dict:
        return answer(_query_request(scenario, set, years), response)

    def download(req: ScenarioIn, fmt: str) -> Response:
        from lunarbase.interfaces.outputs import write_run

        if fmt == "toml":
            sc = load(req)
            return _attachment(scenario_toml(req, sc).encode(), f"{sc.name}.toml", "application/toml")
        run, summary, _ = run_of(req)
        name = run.scenario.name
        if fmt == "json":
            return _attachment(json.dumps(summary, indent=1, allow_nan=False).encode(), f"{name}.json",
                               "application/json")
        with tempfile.TemporaryDirectory(prefix="lunarbase-serve-") as out:  # the CLI's own file set, read back
            folder = write_run(run, Path(out))
            file = {"csv": "timeseries.csv", "parquet": "timeseries.parquet"}[fmt]
            data = (folder / file).read_bytes()
        media = "text/csv" if fmt == "csv" else "application/vnd.apache.parquet"
        return _attachment(data, f"{name}-timeseries.{fmt}", media)

    @app.post("/api/download/{fmt}", summary="The scenario as TOML, or the run's results as JSON, CSV or Parquet",
              response_class=Response)
    def download_post(fmt: Format, req: ScenarioIn) -> Response:
        return download(req, fmt)

    @app.get("/api/download/{fmt}", summary="As POST, for a preset with overrides in the query",
             response_class=Response)
    def download_get(fmt: Format, scenario: Annotated[str, Query(max_length=200)] = DEFAULT_SCENARIO,
                     set: Annotated[list[str] | None, Query(max_length=MAX_SETS)] = None,
                     years: Annotated[str | None, Query(max_length=100)] = None) -> Response:
        return download(_query_request(scenario, set, years), fmt)

    @app.post("/api/compare", summary="Routes side by side: the object of `lunarbase compare --json`")
    def compare(req: CompareIn) -> dict:
        from lunarbase.comparison import compare as run_compare
        from lunarbase.interfaces.summary import comparison_json

        names = list(dict.fromkeys(req.routes or DEFAULT_ROUTES))
        loaded, problems = [], []
        for name in names:
            try:
                loaded.append(load(ScenarioIn(scenario=name, set=req.set, years=req.years)))
            except ScenarioError as err:
                problems.append(str(err))
        if problems:
            raise ScenarioError("\n".join(dict.fromkeys(problems)))
        return model(lambda: comparison_json(run_compare(loaded)))

    def swarm_answer(req: SwarmIn, response: Response) -> dict:
        """``lunarbase swarm --json`` for the request's year (its checks, in its words), plus ``points``."""
        from lunarbase import swarm as swarm_mod
        from lunarbase.interfaces import swarm_view
        from lunarbase.interfaces.summary import finite

        start = time.perf_counter()
        if (line := swarm_mod.satellites_problem(req.satellites)) is not None:
            raise ScenarioError(line)
        if req.satellites > MAX_SWARM_SATELLITES:
            raise ScenarioError(f"swarm: --satellites: got {req.satellites:,}; expected at most "
                                f"{MAX_SWARM_SATELLITES:,} here (the CLI samples more)")
        key = req.model_dump_json()
        if (kept := swarm_cache.get(key)) is not None:
            timed(response, start, hit=True)
            return kept
        run, _, _ = run_of(ScenarioIn(**req.model_dump(include=set(ScenarioIn.model_fields))))
        try:
            s, summary, link = model(lambda: swarm_of(run, req.year, req.satellites, req.seed))
        except swarm_mod.SwarmError as err:
            raise ScenarioError(str(err)) from None
        found = {**finite(swarm_view.summary_json(run.scenario.name, s, summary, link)),
                 "points": swarm_points(s, req.year)}
        swarm_cache.put(key, found)
        timed(response, start, hit=False)
        return found

    @app.post("/api/swarm", summary="The swarm in a year: the object of `lunarbase swarm --json`, and points to draw")
    def swarm_post(req: SwarmIn, response: Response) -> dict:
        return swarm_answer(req, response)

    @app.get("/api/swarm", summary="The swarm of a preset with overrides in a year (as POST)")
    def swarm_get(scenario: Annotated[str, Query(max_length=200)] = DEFAULT_SCENARIO,
                  set: Annotated[list[str] | None, Query(max_length=MAX_SETS)] = None,
                  years: Annotated[str | None, Query(max_length=100)] = None, year: float = 2060.0,
                  satellites: int = MAX_SWARM_SATELLITES, seed: Annotated[int, Query(ge=0, le=2**32 - 1)] = 0, *,
                  response: Response) -> dict:
        req = _query_request(scenario, set, years)
        return swarm_answer(SwarmIn(**req.model_dump(), year=year, satellites=satellites, seed=seed), response)

    def launch_study(req: LaunchIn, purpose: str, most: int):
        from lunarbase.launch_study import LaunchStudy

        count = span_launches(req.span, req.every)
        if count is not None and count > most:  # refused before the dates are made (a long span every minute is GBs)
            raise ScenarioError(f"span: {count:,} launches; expected at most {most:,} here (a shorter span or a "
                                "longer step: every)")
        inputs = req.model_dump()
        inputs["dates"] = inputs.pop("date")
        if purpose == "windows":
            inputs.pop("dates")
        else:
            inputs.pop("target"), inputs.pop("delta_v_budget")
        study = LaunchStudy.from_inputs(**inputs, method="conic", days="60 d", jupiter=False, purpose=purpose,
                                        name=lambda field: "date" if field == "dates" else field)
        if study.jd.size > most:
            raise ScenarioError(f"span: {study.jd.size:,} launches; expected at most {most:,} here (a shorter "
                                "span or a longer step: every)")
        return study

    @app.post("/api/depart", summary="Throw payloads off the Moon (patched conics): `lunarbase depart --json`")
    def depart(req: LaunchIn) -> dict:
        from lunarbase.interfaces.launch_report import depart_json
        from lunarbase.interfaces.summary import finite

        study = launch_study(req, "depart", MAX_DEPART_LAUNCHES)
        return model(lambda: finite(depart_json(study, study.propagate(), study.lunar_phase())))

    @app.post("/api/windows", summary="Launch windows over a span (patched conics): `lunarbase windows --json`")
    def windows(req: LaunchIn) -> dict:
        from lunarbase.interfaces.launch_report import windows_json
        from lunarbase.interfaces.summary import finite

        study = launch_study(req, "windows", MAX_WINDOWS_LAUNCHES)
        return model(lambda: finite(windows_json(study, study.windows())))

    def catalog_call(work):
        from lunarbase.catalog import CatalogError

        try:
            return work()
        except CatalogError as err:
            raise HTTPException(404, str(err)) from None
        except OSError as err:
            raise HTTPException(404, f"catalog: cannot read ({err.strerror or err})") from None

    @app.get("/api/catalog", summary="The run catalog's runs and studies, oldest first (`catalog list --json`)")
    def catalog_list() -> list[dict]:
        from lunarbase import catalog

        if not (catalog.catalog_dir(catalog_dir) / "entries").is_dir():
            return []
        rows = catalog_call(lambda: catalog.entries(catalog_dir).to_pylist())
        return [{**r, "created": r["created"].isoformat()} for r in rows]

    @app.get("/api/catalog/{entry_id}", summary="One catalog entry (`catalog show`)")
    def catalog_show(entry_id: Annotated[str, PathParam(max_length=100, pattern=r"^\w[\w.-]*$")]) -> dict:
        from lunarbase import catalog

        return catalog_call(lambda: catalog.show(entry_id, catalog_dir))

    @app.post("/api/studies", status_code=202, summary="Start an uncertainty study (as `explore`) in the background")
    def study_start(req: StudyIn) -> dict:
        from lunarbase.study import StudyError, runs_of

        sc = load(req)
        if sc.uncertainty is None:
            raise ScenarioError(f"explore: scenario {sc.name} declares no [uncertainty] table; expected one naming "
                                "the parameters to draw and their distributions (see docs/model.md)")
        try:
            total = runs_of(req.method, req.samples, len(sc.uncertainty.paths))
        except StudyError as err:
            raise ScenarioError(f"explore: {err}") from None
        if total > 4 * MAX_STUDY_SAMPLES:
            raise ScenarioError(f"samples: {req.method} with {req.samples} samples is {total:,} runs; expected at "
                                f"most {4 * MAX_STUDY_SAMPLES:,} here (the CLI's explore runs more)")
        with jobs_lock:  # requests run in a thread pool: the count and the insert are one step
            if sum(j.state in ("queued", "running") for j in jobs.values()) >= MAX_JOBS:
                raise HTTPException(429, f"studies: {MAX_JOBS} running; expected one to finish or be cancelled "
                                         "first")
            job = Job(req, sc, catalog_dir, scheduler)
            jobs[job.id] = job
            while len(jobs) > MAX_JOBS_KEPT:
                oldest = next((k for k, j in jobs.items() if j.state not in ("queued", "running")), None)
                if oldest is None:
                    break
                jobs.pop(oldest)
        threading.Thread(target=job.run, name=f"lunarbase-study-{job.id}", daemon=True).start()
        return job.json()

    @app.get("/api/studies", summary="Studies started here (without summaries)")
    def study_list() -> list[dict]:
        with jobs_lock:
            listed = list(jobs.values())
        return [{k: v for k, v in j.json().items() if k != "summary"} for j in listed]

    def job_of(job_id: str) -> Job:
        with jobs_lock:
            job = jobs.get(job_id)
        if job is None:
            raise HTTPException(404, f"studies: no job '{job_id[:40]}'; expected an id from POST /api/studies")
        return job

    @app.get("/api/studies/{job_id}", summary="A study's progress, and its summary when done")
    def study_get(job_id: str) -> dict:
        return job_of(job_id).json()

    @app.delete("/api/studies/{job_id}", summary="Cancel a study")
    def study_cancel(job_id: str) -> dict:
        job = job_of(job_id)
        job.cancel.set()
        return job.json()

    app.state.jobs = jobs
    app.state.cache = cache
    if allowed_hosts:
        from starlette.middleware.trustedhost import TrustedHostMiddleware

        app.add_middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts)
    app.add_middleware(BodyLimit, limit=MAX_BODY_BYTES)
    return app


#: The page loads only from its own server: scripts, styles, data and fetches (Plotly draws with inline styles).
_PAGE_HEADERS = {"Content-Security-Policy": "default-src 'self'; img-src 'self' data: blob:; "
                                           "style-src 'self' 'unsafe-inline'; connect-src 'self'",
                 "Referrer-Policy": "no-referrer", "X-Content-Type-Options": "nosniff"}


def _query_request(scenario: str, sets: list[str] | None, years: str | None) -> ScenarioIn:
    from lunarbase.scenario import ScenarioError

    if len(sets or []) > MAX_SETS:
        raise ScenarioError(f"set: {len(sets)} overrides; expected at most {MAX_SETS}")
    if any(len(s) > MAX_SET_CHARS for s in sets or []):
        raise ScenarioError(f"set: an override over {MAX_SET_CHARS} characters; expected PATH=VALUE")
    return ScenarioIn(scenario=scenario, set=sets or [], years=years)


def span_launches(span: str | None, every: str) -> int | None:
    """About how many launches ``span`` (START:END dates) every ``every`` makes, or None where either does not
    read (``LaunchStudy`` then says why in its own words)."""
    import numpy as np

    from lunarbase.units import UnitParseError, parse_quantity

    if not span:
        return None
    try:
        step_s = float(parse_quantity(every, "s"))
    except (UnitParseError, ValueError, TypeError):
        return None
    for i, char in enumerate(span):  # the ':' between the two dates (times hold colons too)
        if char != ":":
            continue
        try:
            start, end = np.datetime64(span[:i].strip(), "s"), np.datetime64(span[i + 1:].strip(), "s")
        except ValueError:
            continue
        seconds = float((end - start) / np.timedelta64(1, "s"))
        if step_s > 0 and math.isfinite(seconds):
            return int(abs(seconds) // step_s) + 1
    return None


def _attachment(data: bytes, filename: str, media: str) -> Response:
    return Response(data, media_type=media, headers={"Content-Disposition": f'attachment; filename="{filename}"'})


LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")


def is_loopback(host: str) -> bool:
    """Whether ``host`` is this machine only (127.0.0.0/8, ::1 or localhost)."""
    import ipaddress

    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


__all__ = ["create_app", "is_loopback", "load", "parameter_schema", "scenario_toml"]
