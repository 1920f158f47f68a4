"""The command line: ``run``, ``compare``, ``claims``, ``explore``, ``catalog``, ``optimise``, ``scenarios``,
``show``, ``depart``, ``windows``, ``swarm`` and ``serve``.

Each command parses its options, hands them to the core (``engine``, ``comparison``, ``launch_study``) and
renders what comes back (``console``, ``summary``, ``outputs``, ``report``, ``launch_report``).

Bad input gets one line per problem on stderr and exit code 2, with no traceback and no output files.

The model, astropy and the renderers are imported inside the commands that use them, so that ``--help`` and
``scenarios`` start in a fraction of a second (``benchmarks/bench_startup.py``).
"""

from __future__ import annotations

import json
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from lunarbase.presets import DEFAULT_SCENARIO, preset_descriptions

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Systems model of a lunar base that builds AI satellites and throws them into deep space.")
out_console = Console()
err_console = Console(stderr=True)

SetOption = Annotated[list[str] | None, typer.Option("--set", help="Override a parameter: PATH=VALUE, "
                                                      "e.g. mass_driver.exit_speed=\"2.6 km/s\"")]
ScenarioArg = Annotated[str, typer.Argument(help="A preset name or a TOML file")]
YearsOption = Annotated[str | None, typer.Option("--years", help="START:END, e.g. 2026:2100")]
JsonOption = Annotated[bool, typer.Option("--json", help="Print one JSON object on stdout, nothing else")]
ReportOption = Annotated[bool, typer.Option(help="Write report.html")]
CatalogOption = Annotated[Path | None, typer.Option("--catalog", help="Run catalog folder (default "
                                                    "$LUNARBASE_CATALOG or ~/.lunarbase/catalog)")]


def _fail(message: str) -> None:
    for line in str(message).splitlines():  # escaped: "lunarbase[nbody]" is text, not console markup
        err_console.print(f"[bold red]error:[/] {escape(line)}", highlight=False, markup=True, soft_wrap=True)
    raise typer.Exit(code=2)


def _check_out(out: Path, name: str | None = None) -> None:
    """--out names a folder (made if missing); an existing file there, or at ``out/name`` where the results go, is
    one line and exit 2, before any work."""
    if out.exists() and not out.is_dir():
        _fail(f"--out: '{out}' is a file; expected a folder to write into (it is made if missing)")
    if name is not None and (out / name).exists() and not (out / name).is_dir():
        _fail(f"--out: '{out / name}' is a file; expected a folder there (or nothing), which the results replace "
              "whole; move the file or choose another --out")


def _deliver(out: Path | None, write, as_json_object, show, as_json: bool) -> None:
    """Write the file set (an unwritable --out, or a file where its folder goes, is one line, exit 2), then print
    JSON or the summary (``show(folder)``; with no --out, nothing is written and ``show(None)``)."""
    from lunarbase.atomic import NotAFolderError

    try:
        folder = None if out is None else write()
    except NotAFolderError as err:
        _fail(f"--out: '{err.filename}' is a file; expected a folder there (or nothing), which the results replace "
              "whole; move the file or choose another --out")
    except OSError as err:
        _fail(f"--out: cannot write to '{out}' ({err.strerror or err})")
    if as_json:
        sys.stdout.write(json.dumps(as_json_object(), allow_nan=False) + "\n")
        return
    show(folder)


def _model(work):
    """Run the model (a spinner on stderr while it runs, on a terminal); what it cannot build, or work beyond
    the engine's caps (``engine.MAX_STEPS``, ``MAX_STEP_SAMPLES``, refused before it starts), is one line per
    problem and exit 2."""
    from lunarbase.scenario import ScenarioError

    try:
        if not err_console.is_terminal:
            return work()
        with err_console.status("running the model"):
            return work()
    except ScenarioError as err:
        _fail(str(err))


def _load(scenario: str, sets: list[str] | None, years: str | None = None):
    from lunarbase.scenario import ScenarioError, load_scenario

    try:
        return load_scenario(scenario, sets or [], years)
    except ScenarioError as err:
        _fail(str(err))


@app.command()
def run(
    scenario: ScenarioArg = DEFAULT_SCENARIO,
    set_: SetOption = None,
    years: YearsOption = None,
    as_json: JsonOption = False,
    out: Annotated[Path, typer.Option("--out", help="Folder for the file set (one sub-folder per scenario)")] = Path(
        "out"),
    report: ReportOption = True,
    catalog_: CatalogOption = None,
) -> None:
    """Run a scenario: print its summary and write report, time series, summary and parameters."""
    from lunarbase.engine import simulate
    from lunarbase.interfaces.console import print_summary
    from lunarbase.interfaces.outputs import write_run
    from lunarbase.interfaces.summary import to_json

    _check_out(out)
    sc = _load(scenario, set_, years)
    _check_out(out, sc.name)
    result = _model(lambda: simulate(sc))
    page = None
    if report:  # Plotly is imported only when a page is asked for
        from lunarbase.interfaces.report import render_report

        page = render_report(result)

    def write():
        folder = write_run(result, out, page)
        summary = to_json(result)
        _record(catalog_, "run", result.scenario.name, summary["parameters"],
                {k: summary[k] for k in ("milestones", "final", "levelized_cost")}, folder)
        return folder

    _deliver(out, write, lambda: to_json(result), lambda folder: print_summary(out_console, result, folder), as_json)


def _record(catalog_dir, kind: str, scenario: str, parameters, headline, folder, **study) -> str | None:
    """Add a run or study to the catalog; a catalog that cannot be written is one warning, not a failure."""
    from lunarbase import catalog

    try:
        return catalog.record(kind, scenario, parameters, headline, folder, catalog_dir, **study)
    except OSError as err:
        err_console.print(f"[yellow]warning:[/] catalog: cannot write to '{catalog.catalog_dir(catalog_dir)}' "
                          f"({escape(err.strerror or str(err))}); the outputs are written, the entry is not",
                          highlight=False, soft_wrap=True)
        return None


#: The routes ``compare`` runs when none is named: every preset, one per route and lunar variant.
ALL_ROUTES = ("lunar-base-alpha", "lunar-equatorial", "lunar-conservative", "earth-orbit-starship", "terrestrial",
              "mars-base", "mercury-swarm")


@app.command()
def compare(
    scenarios_: Annotated[list[str] | None, typer.Argument(metavar="[SCENARIO]...",
                                                           help="Presets or TOML files (default: all routes)")] = None,
    set_: SetOption = None,
    years: YearsOption = None,
    as_json: JsonOption = False,
    out: Annotated[Path, typer.Option("--out", help="Folder for the file set (sub-folder 'compare')")] = Path("out"),
    report: ReportOption = True,
) -> None:
    """Run routes side by side: compute, launches, cost, milestones, binding constraint, overtakes."""
    from lunarbase.comparison import compare as run_compare
    from lunarbase.interfaces.outputs import write_comparison
    from lunarbase.interfaces.summary import comparison_json
    from lunarbase.scenario import ScenarioError, load_scenario

    _check_out(out)
    names = list(scenarios_ or ALL_ROUTES)
    loaded, problems = [], []
    for name in names:
        try:
            loaded.append(load_scenario(name, set_ or [], years))
        except ScenarioError as err:
            problems.append(str(err))
    if problems:
        _fail("\n".join(dict.fromkeys(problems)))
    from lunarbase.interfaces.console import print_comparison

    result = _model(lambda: run_compare(loaded))
    page = None
    if report:
        from lunarbase.interfaces.report import render_compare_report

        page = render_compare_report(result)
    _deliver(out, lambda: write_comparison(result, out, page),
             lambda: comparison_json(result), lambda folder: print_comparison(out_console, result, folder), as_json)


@app.command()
def explore(
    scenario: ScenarioArg = DEFAULT_SCENARIO,
    samples: Annotated[int, typer.Option("--samples", help="Samples (sobol: base N, a power of 2; runs N (k+2))")]
    = 256,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the study (numpy SeedSequence)")] = 0,
    method: Annotated[str, typer.Option("--method", help="mc, lhs, sobol or morris")] = "mc",
    scheduler: Annotated[str | None, typer.Option("--scheduler", help="Dask scheduler, e.g. tcp://host:8786 "
                                                  "(default: a local cluster of --workers processes)")] = None,
    workers: Annotated[int | None, typer.Option("--workers", help="Local cluster size (default: the cores; "
                                                "0: run in this process, no Dask)")] = None,
    chunk_size: Annotated[int, typer.Option("--chunk-size", help="Runs per task (fixes the results' chunks)")]
    = 768,  # study.DEFAULT_CHUNK_SIZE (not imported: the CLI starts without pyarrow; a test checks they agree)
    resume: Annotated[bool, typer.Option("--resume", help="Keep the chunks an interrupted study finished")] = False,
    set_: SetOption = None,
    years: YearsOption = None,
    out: Annotated[Path, typer.Option("--out", help="Folder for the study (sub-folder '<scenario>-explore')")] = Path(
        "out"),
    as_json: JsonOption = False,
    quiet: Annotated[bool, typer.Option("--quiet", help="No progress bar")] = False,
    discover: Annotated[str | None, typer.Option("--discover", help="Scenario discovery (PRIM): what must be "
                                                 "true to reach MILESTONE by YEAR, e.g. "
                                                 "launch_rate_1TW_per_yr:2050")] = None,
    tornado: Annotated[bool, typer.Option("--tornado/--no-tornado", help="One at a time across each range (one "
                                          "extra run of 2k+1 samples)")] = True,
    catalog_: CatalogOption = None,
) -> None:
    """Run an uncertainty study of a scenario's [uncertainty] table: milestone odds by year, fans, sensitivity,
    a tornado, and with --discover what must be true for a milestone by a year (PRIM)."""
    import os
    import shutil

    from lunarbase.study import METHODS, StudyError, run_study

    _check_out(out)
    problems = []
    if method not in METHODS:
        problems.append(f"explore: --method: got '{method}'; expected one of {', '.join(METHODS)}")
    if workers is not None and workers < 0:
        problems.append(f"explore: --workers: got {workers}; expected a whole number >= 0 (0: no Dask)")
    if scheduler is not None and not scheduler.startswith(("tcp://", "tls://", "inproc://", "ucx://")):
        problems.append(f"explore: --scheduler: got '{scheduler}'; expected a Dask address such as "
                        "tcp://127.0.0.1:8786")
    target = _parse_discover(discover, problems)
    if problems:
        _fail("\n".join(problems))
    sc = _load(scenario, set_, years)
    if getattr(sc, "uncertainty", None) is None:
        _fail(f"explore: scenario {sc.name} declares no [uncertainty] table; expected one naming the parameters "
              "to draw and their distributions (see docs/model.md)")
    first, last = sc.params.horizon.start_year, sc.params.horizon.end_year
    if target is not None and not first <= target[1] <= last:
        _fail(f"explore: --discover: year {target[1]} is outside the horizon {first}–{last}; expected a year in "
              "it (or a longer horizon: --years or --set horizon.end_year=...)")
    from lunarbase.interfaces.outputs import study_folder_name, write_study

    work = out / f".{study_folder_name(sc.name)}.work"
    engine = scheduler or (None if workers == 0 else "local")

    def study(progress=None):
        return run_study(sc, samples, seed, method, chunk_size=chunk_size, scheduler=engine,
                         workers=workers or os.cpu_count(), folder=work, resume=resume, progress=progress)

    try:
        if quiet or as_json:
            result = study()
        else:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

            with Progress("[progress.description]{task.description}", BarColumn(), MofNCompleteColumn(),
                          TimeRemainingColumn(), console=err_console, transient=True) as bar:
                task = bar.add_task(f"{method} runs", total=None)
                result = study(lambda done, total: bar.update(task, completed=done, total=total))
    except StudyError as err:
        _fail("\n".join(f"explore: {line}" for line in str(err).splitlines()))
    except OSError as err:
        _fail(f"--out: cannot write to '{out}' ({err.strerror or err})")
    except KeyboardInterrupt:
        err_console.print(f"explore: interrupted; the finished chunks are kept in {work}: run the same command "
                          "with --resume to go on", highlight=False, soft_wrap=True)
        raise typer.Exit(code=130) from None
    if result.inputs["runs"] and result.column("status").tolist().count("ok") == 0:
        reason = result.column("reason")[0]
        shutil.rmtree(work, ignore_errors=True)
        _fail(f"explore: every run was infeasible: {reason}")
    extras = {}
    if target is not None:
        extras["discovery"] = study_discovery(result, sc.uncertainty, *target)
    if tornado:
        extras["tornado"] = study_tornado(sc, target[0] if target else TORNADO_MILESTONE)
    try:
        from lunarbase.interfaces.study_report import from_study_summary, render_study_report

        folder = write_study(result, out, summary_extras=extras,
                             report=lambda summary: render_study_report(from_study_summary(sc, result.inputs, summary)))
    except OSError as err:
        _fail(f"--out: cannot write to '{out}' ({err.strerror or err})")
    result.folder = folder
    summary = {**result.summary, **extras}  # as read back from the written files
    shutil.rmtree(work, ignore_errors=True)
    medians = {name: m["median"] for name, m in summary["milestones"].items()}
    entry = _record(catalog_, "study", sc.name, {"drawn": summary["parameters"],
                                                  "scenario": result.inputs["scenario_parameters"]},
                    {"median_year": medians, "infeasible": summary["infeasible"], "runs": summary["runs"]},
                    folder, method=method, samples=samples, seed=seed)
    if as_json:
        sys.stdout.write(json.dumps(explore_json(summary, entry, folder), allow_nan=False) + "\n")
        return
    from lunarbase.interfaces.console import print_study

    print_study(out_console, summary, folder, entry)


#: The milestone whose year the tornado swings when --discover names none.
TORNADO_MILESTONE = "launch_rate_100GW_per_yr"
#: PRIM's settings for --discover: the chosen box is the first on the peeling trajectory whose density (share of
#: its samples reaching the milestone) is at least THRESHOLD; each step peels PEEL_ALPHA of the box's samples off
#: one side of one parameter; peeling stops before a box would hold less than MASS_MIN of the samples.
PRIM_THRESHOLD, PRIM_PEEL_ALPHA, PRIM_MASS_MIN = 0.8, 0.05, 0.05


def _parse_discover(text: str | None, problems: list[str]) -> tuple[str, int] | None:
    """``MILESTONE:YEAR`` as (milestone, year); a malformed one or an unknown milestone adds a problem line."""
    if text is None:
        return None
    from lunarbase.figures import MILESTONES

    name, _, year = text.rpartition(":")
    try:
        year_int = int(year)
    except ValueError:
        year_int = None
    if not name or year_int is None:
        problems.append(f"explore: --discover: got '{text}'; expected MILESTONE:YEAR, e.g. "
                        "launch_rate_1TW_per_yr:2050")
        return None
    if name not in MILESTONES:
        problems.append(f"explore: --discover: unknown milestone '{name}'; expected one of {', '.join(MILESTONES)}")
        return None
    return name, year_int


def study_discovery(result, unc, milestone: str, year: int) -> dict:
    """What must be true to reach ``milestone`` by the end of ``year``: PRIM (``analysis.prim``) over the study's
    feasible runs. X: each uncertain parameter's value per run in the unit its ``[uncertainty]`` entry gives (the
    unit-cube point through the entry's inverse CDF, as the run was given it); y: the milestone reached during or
    before ``year``. Infeasible runs are left out and counted. Where no run, or every run, reaches it there is
    nothing to peel: said in ``note``, without a box.

    Returns the summary's ``"discovery"``: milestone, label, year, target, runs used and left out, how many and
    what share reach it, and (when peeled) PRIM's trajectory (``coverage``, ``density``, ``mass``,
    ``restricted``, ``boxes`` per step: ``[[low, high]]`` per parameter), ``chosen``, ``threshold``,
    ``peel_alpha``, ``note`` and ``box`` (the chosen box's limits on the parameters it restricts, each with its
    ``unit``, astropy's string of the entry's unit)."""
    import numpy as np

    from lunarbase import analysis
    from lunarbase.figures import MILESTONES
    from lunarbase.units import to_unit

    ok = result.column("status") == "ok"
    design = result.design()[ok]
    names = list(unc.paths)
    units = {e.path: to_unit(e.unit).to_string() if e.unit else "" for e in unc.entries}  # astropy's spelling
    X = np.column_stack([np.asarray(e.ppf(design[:, j]), dtype=float) for j, e in enumerate(unc.entries)])
    with np.errstate(invalid="ignore"):
        y = result.column(milestone)[ok] < year + 1  # NaN (never) compares False
    label = MILESTONES[milestone].label
    out = {"milestone": milestone, "label": label, "year": year, "target": f"{label} by {year}",
           "runs": int(ok.sum()), "infeasible_excluded": int((~ok).sum()), "reaching": int(y.sum()),
           "share_reaching": float(y.mean()) if y.size else 0.0, "parameters": names,
           "units": [units.get(n, "") for n in names]}
    if not y.any():
        out["note"] = (f"no feasible run reaches '{label}' by {year}: nothing to discover; try a later year or an "
                       "earlier milestone")
        return out
    if y.all():
        out["note"] = f"every feasible run reaches '{label}' by {year}: it holds across the whole range, no box needed"
        return out
    res = analysis.prim(X, y, names, threshold=PRIM_THRESHOLD, peel_alpha=PRIM_PEEL_ALPHA, mass_min=PRIM_MASS_MIN)
    found = res.as_dict()
    for row in found["box"]:
        row["unit"] = units.get(row["name"], "")
    out.update(found)
    out["boxes"] = res.boxes.tolist()
    out["mass_min"] = PRIM_MASS_MIN
    return out


def study_tornado(sc, milestone: str, low_q: float = 0.05, high_q: float = 0.95) -> dict:
    """One at a time across each uncertain parameter's range (``analysis.tornadoes``: each at its ``low_q`` and
    ``high_q`` quantile, the others at their medians, one vectorised run of 2k + 1 samples) of the horizon year's
    installed compute (W) and of ``milestone``'s year (never reached: the horizon + 1, said in ``note``).
    A run the route cannot build leaves the tornado out, said in one ``note``."""
    import numpy as np

    from lunarbase import analysis
    from lunarbase.figures import MILESTONES
    from lunarbase.scenario import ScenarioError

    horizon = sc.params.horizon.end_year
    outputs = {"installed_compute": lambda run: run.yearly("installed_compute")[:, -1],
               milestone: lambda run: np.asarray(run.milestones[milestone], dtype=float)}
    try:
        swings = analysis.tornadoes(sc, sc.uncertainty, outputs, low_q, high_q)
    except ScenarioError as err:
        return {"note": "left out: a one-at-a-time run cannot be built: " + "; ".join(str(err).splitlines())}
    compute = swings["installed_compute"].as_dict()
    finite = lambda v: v if np.isfinite(v) else None  # noqa: E731 - JSON has no NaN
    compute.update(base=finite(compute["base"]), unit="W", year=horizon,
                   bars=[{**b, "low": finite(b["low"]), "high": finite(b["high"])} for b in compute["bars"]])
    years = swings[milestone]
    values = [years.base, *[v for _, lo, hi in years.bars for v in (lo, hi)]]
    never = sum(1 for v in values if np.isnan(v))
    clean = lambda v: horizon + 1.0 if np.isnan(v) else v  # noqa: E731
    ms = {"base": clean(years.base), "low_q": low_q, "high_q": high_q, "unit": "yr", "never_as": horizon + 1,
          "bars": [{"name": n, "low": clean(lo), "high": clean(hi)} for n, lo, hi in years.bars],
          "note": (f"'{MILESTONES[milestone].label}' never reached counts as {horizon + 1}, the year after the "
                   f"horizon ({never} of the {len(values)} one-at-a-time runs)") if never else ""}
    ms["bars"].sort(key=lambda b: -abs(b["high"] - b["low"]))
    return {"installed_compute": compute, milestone: ms}


def explore_json(summary: dict, catalog_id: str | None, folder: Path) -> dict:
    """The object ``explore --json`` prints: samples, seed, each milestone's cdf (and se) and median, the
    sensitivity when the method gives one, the catalog id; then the rest of the summary."""
    head = {"samples": summary["samples"], "seed": summary["seed"],
            "milestones": {name: {"cdf": m["cdf"], "median": m["median"], "se": m["se"]}
                           for name, m in summary["milestones"].items()}}
    if "sensitivity" in summary:
        head["sensitivity"] = summary["sensitivity"]
    head["catalog_id"] = catalog_id
    rest = {k: v for k, v in summary.items() if k not in head}
    return {**head, **rest, "folder": str(folder)}


catalog_app = typer.Typer(no_args_is_help=True, help="The run catalog: every run --out and explore, queried "
                          "with SQL (DuckDB).")
app.add_typer(catalog_app, name="catalog")


@catalog_app.command("list")
def catalog_list(catalog_: CatalogOption = None, as_json: JsonOption = False) -> None:
    """List the catalog's runs and studies, oldest first."""
    from lunarbase import catalog

    rows = _catalog(lambda: catalog.entries(catalog_)).to_pylist()
    if as_json:
        sys.stdout.write(json.dumps([{**r, "created": r["created"].isoformat()} for r in rows]) + "\n")
        return
    table = Table(title=f"Catalog {catalog.catalog_dir(catalog_)}", title_justify="left")
    for column, style in (("id", "bold"), ("kind", ""), ("scenario", ""), ("created (UTC)", ""), ("study", "")):
        table.add_column(column, style=style, overflow="fold")
    for r in rows:
        study = f"{r['method']} n={r['samples']} seed={r['seed']}" if r["kind"] == "study" else ""
        table.add_row(r["id"], r["kind"], r["scenario"], r["created"].strftime("%Y-%m-%d %H:%M"), study)
    out_console.print(table)


@catalog_app.command("show")
def catalog_show(entry_id: Annotated[str, typer.Argument(metavar="ID", help="An id from 'catalog list'")],
                 catalog_: CatalogOption = None) -> None:
    """Print one entry as JSON: its parameters, headline figures and output folder."""
    from lunarbase import catalog

    sys.stdout.write(json.dumps(_catalog(lambda: catalog.show(entry_id, catalog_)), indent=1) + "\n")


@catalog_app.command("query")
def catalog_query(sql: Annotated[str, typer.Argument(metavar="SQL", help="One query of table 'entries'")],
                  catalog_: CatalogOption = None, as_json: JsonOption = False) -> None:
    """Query the catalog with SQL (DuckDB), read-only: table 'entries', one row per run or study."""
    from lunarbase import catalog

    result = _catalog(lambda: catalog.query(sql, catalog_))
    rows = result.to_pylist()
    if as_json:
        sys.stdout.write(json.dumps(rows, default=str) + "\n")
        return
    table = Table(show_lines=False)
    for name in result.column_names:
        table.add_column(name, overflow="fold")
    for row in rows:
        table.add_row(*("" if v is None else str(v) for v in row.values()))
    out_console.print(table)


def _catalog(work):
    from lunarbase.catalog import CatalogError

    try:
        return work()
    except CatalogError as err:
        _fail(str(err))
    except OSError as err:
        _fail(f"catalog: cannot read ({err.strerror or err})")


@app.command()
def claims(
    as_json: JsonOption = False,
    out: Annotated[Path | None, typer.Option("--out", help="Folder for claims.html and claims.json (sub-folder "
                                                           "'claims')")] = None,
    samples: Annotated[int, typer.Option("--samples", min=0, max=4096,
                                         help="Runs of each default preset's [uncertainty] set for the "
                                              "probabilities (0: none)")] = 128,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the probabilities' Latin hypercube")] = 0,
) -> None:
    """The plan's claims, one by one: what each implies, what the model gives, a verdict from the numbers, and
    the probability of each dated claim over the default uncertainty set."""
    from lunarbase.claims import check_claims, study_samples
    from lunarbase.interfaces.claims_view import claims_json, print_claims, render_claims_report, write_claims

    if out is not None:
        _check_out(out)
    checked = _model(lambda: check_claims(samples=study_samples(samples, seed) if samples else None))
    _deliver(out, lambda: write_claims(checked, out, render_claims_report(checked)), lambda: claims_json(checked),
             lambda folder: print_claims(out_console, checked, folder), as_json)


@app.command()
def scenarios() -> None:
    """List the presets shipped with lunarbase."""
    table = Table(title="Presets", show_lines=False)
    table.add_column("name", style="bold")
    table.add_column("description")
    for name, description in preset_descriptions().items():  # read from the files, no scenario built
        table.add_row(name, description)
    out_console.print(table)


@app.command()
def show(
    scenario: ScenarioArg = DEFAULT_SCENARIO,
    set_: SetOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the parameters as JSON")] = False,
) -> None:
    """Print every resolved parameter with its unit and its source note, then the uncertainty table (what a study
    varies: each distribution, its 5 / 50 / 95 % values and its source)."""
    sc = _load(scenario, set_)
    if as_json:
        records = {r.path: {"value": r.json(), "source": r.source} for r in sc.rows()}
        uncertainty = sc.uncertainty.json() if sc.uncertainty is not None else None
        sys.stdout.write(json.dumps({"scenario": sc.name, "parameters": records, "uncertainty": uncertainty}) + "\n")
        return
    table = Table(title=f"{sc.name}: {sc.description}", title_justify="left")
    table.add_column("parameter", style="bold", no_wrap=True)
    table.add_column("value", justify="right", no_wrap=True)
    table.add_column("source", overflow="fold")  # a long identifier in a note folds onto the next line, whole
    for row in sc.rows():
        table.add_row(row.path, row.text(), row.source)
    out_console.print(table)
    if sc.uncertainty is not None:
        out_console.print(_uncertainty_table(sc.uncertainty))


def _uncertainty_table(unc) -> Table:
    """The ``[uncertainty]`` table: each path beside its distribution, its 5 / 50 / 95 % values with unit, and
    its source (one cell, so that the words have the width of the terminal less the path's)."""
    table = Table(title="Uncertainty: what a study varies (the scenario's \\[uncertainty] table)",
                  title_justify="left", show_lines=True)
    table.add_column("parameter", style="bold", no_wrap=True)
    table.add_column("distribution; 5 / 50 / 95 %; source", overflow="fold")
    for row in unc.rows():
        table.add_row(row.path, f"{escape(row.dist)}\n5 / 50 / 95 %: {escape(row.summary)}\n"
                                f"[dim]{escape(row.source)}[/]")
    pairs = unc.json()["correlations"]
    if pairs:
        table.caption = "rank correlations: " + "; ".join(f"{a} ~ {b} {rho:+.2g}" for a, b, rho in pairs)
        table.caption_justify = "left"
    return table


def _flag(field: str) -> str:
    """A launch study's field as the command line names it: exit_speed -> --exit-speed, dates -> --date."""
    return "--date" if field == "dates" else "--" + field.replace("_", "-")


def _study(**inputs):
    """The launch study from the options (one validating constructor for CLI and Python); bad ones exit 2."""
    from lunarbase.launch_study import LaunchStudy, LaunchStudyError

    try:
        return LaunchStudy.from_inputs(**inputs, name=_flag)
    except LaunchStudyError as err:
        _fail(str(err))


def _with_progress(study, quiet: bool, work):
    """``work(progress=...)`` with a progress bar on stderr: N-body (not with --json), and conic spans of more
    than ``launch_study.PROPAGATE_CHUNK`` launches on a terminal (with --json too: the bar is on stderr)."""
    from rich.progress import Progress

    from lunarbase.launch_study import PROPAGATE_CHUNK

    long_conic = study.method == "conic" and study.jd.size > PROPAGATE_CHUNK and err_console.is_terminal
    if (study.method == "conic" or quiet) and not long_conic:
        return work()
    with Progress(console=err_console, transient=True) as bar:
        task = bar.add_task("N-body" if study.method != "conic" else "patched conics", total=1.0)
        return work(progress=lambda f: bar.update(task, completed=f))


@contextmanager
def _records_progress(total: int):
    """A progress bar on stderr while records are written (only on a terminal, and for more than a chunk):
    yields the callback the writer tells the records written so far, or None."""
    from lunarbase.interfaces.launch_report import STREAM_CHUNK

    if not err_console.is_terminal or total <= STREAM_CHUNK:
        yield None
        return
    from rich.progress import Progress

    with Progress(console=err_console, transient=True) as bar:
        task = bar.add_task("writing launches", total=total)
        yield lambda done: bar.update(task, completed=done)


SiteOption = Annotated[str, typer.Option("--site", help="Launch site preset: south-polar-ridge, equatorial-nearside")]
SpeedOption = Annotated[str | None, typer.Option("--exit-speed", help="Speed off the track, e.g. '2.5 km/s'")]
AzimuthOption = Annotated[str | None, typer.Option("--azimuth", help="Track azimuth from north through east, "
                                                   "e.g. '270 deg' (default: along the Moon's orbital motion); "
                                                   "'best': the largest escaping share, then the least onboard Δv")]
LatOption = Annotated[str | None, typer.Option("--latitude", help="Override the site latitude, e.g. '-89.5 deg'")]
LonOption = Annotated[str | None, typer.Option("--longitude", help="Override the site longitude (east), e.g. '0 deg'")]
ElevOption = Annotated[str | None, typer.Option("--elevation", help="Override the site elevation, e.g. '1.5 km'")]
TrackElOption = Annotated[str | None, typer.Option("--track-elevation", help="Track elevation angle, e.g. '1 deg'")]
DateOption = Annotated[str | None, typer.Option("--date", help="Launch date (TDB), ISO, e.g. 2030-01-01T06:00")]
SpanOption = Annotated[str | None, typer.Option("--span", help="START:END dates, e.g. 2030-01-01:2030-02-01")]
EveryOption = Annotated[str, typer.Option("--every", help="Step between launches over --span, e.g. '1 h'")]
TargetRadiusOption = Annotated[str, typer.Option("--target-radius", help="Circular heliocentric target, e.g. '1 AU'")]
ThrustOption = Annotated[str, typer.Option("--thrust-to-mass", help="Electric propulsion thrust/mass, '1e-4 m/s2'")]
DaysOption = Annotated[str, typer.Option("--days", help="N-body: follow each payload this long, e.g. '60 d'")]


@app.command()
def depart(
    site: SiteOption = "south-polar-ridge",
    exit_speed: SpeedOption = None,
    azimuth: AzimuthOption = None,
    date: DateOption = None,
    span: SpanOption = None,
    every: EveryOption = "1 h",
    method: Annotated[str, typer.Option("--method", help="conic, nbody or both")] = "conic",
    latitude: LatOption = None,
    longitude: LonOption = None,
    elevation: ElevOption = None,
    track_elevation: TrackElOption = None,
    target_radius: TargetRadiusOption = "1 AU",
    thrust_to_mass: ThrustOption = "1e-4 m/s2",
    days: DaysOption = "60 d",
    jupiter: Annotated[bool, typer.Option("--jupiter", help="N-body: include Jupiter")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object, one record per launch (streamed)")] = False,
    as_jsonl: Annotated[bool, typer.Option("--jsonl", help="JSON Lines: the study, then one launch per line")] = False,
) -> None:
    """Throw payloads off the Moon: outcome, heliocentric orbit and onboard Delta-v per launch."""
    from lunarbase.interfaces.console import fit
    from lunarbase.interfaces.launch_report import depart_tables, write_depart_json

    if as_json and as_jsonl:
        _fail("--jsonl: got it with --json; expected one of the two")
    study = _study(site=site, exit_speed=exit_speed, dates=date, azimuth=azimuth, method=method,
                   target_radius=target_radius, thrust_to_mass=thrust_to_mass, days=days, jupiter=jupiter, span=span,
                   every=every, latitude=latitude, longitude=longitude, elevation=elevation,
                   track_elevation=track_elevation)
    result = _with_progress(study, as_json or as_jsonl, study.propagate)
    phase = study.lunar_phase()
    if as_json or as_jsonl:  # streamed a chunk at a time: memory stays flat, the first bytes come at once
        with _records_progress(study.jd.size) as told:
            write_depart_json(study, result, phase, sys.stdout.write, lines=as_jsonl, progress=told)
        return
    for shown in depart_tables(study, result, phase):
        out_console.print(fit(out_console, shown))


@app.command()
def windows(
    site: SiteOption = "south-polar-ridge",
    exit_speed: SpeedOption = None,
    azimuth: AzimuthOption = None,
    span: SpanOption = None,
    every: EveryOption = "1 h",
    target: Annotated[str, typer.Option("--target", help="escape, outer (a ≥ 1 AU), inner (a < 1 AU) or target "
                                        "(escapes within --delta-v-budget)")] = "outer",
    delta_v_budget: Annotated[str, typer.Option("--delta-v-budget", help="For --target target, e.g. '2 km/s'")] = (
        "2 km/s"),
    latitude: LatOption = None,
    longitude: LonOption = None,
    elevation: ElevOption = None,
    track_elevation: TrackElOption = None,
    target_radius: TargetRadiusOption = "1 AU",
    thrust_to_mass: ThrustOption = "1e-4 m/s2",
    method: Annotated[str, typer.Option("--method", help="conic, or nbody (REBOUND; at most 20,000 launches)")] = (
        "conic"),
    days: DaysOption = "60 d",
    out: Annotated[Path, typer.Option("--out", help="Folder for windows.html and windows.parquet")] = Path("out"),
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object: windows per synodic month")] = False,
) -> None:
    """Launch windows over a span: which launches per synodic month reach the target class, and the
    around-the-clock share that escapes; writes windows.html (outcome and distances against lunar phase, at most
    20,000 launches drawn) and windows.parquet (every launch)."""
    from lunarbase.atomic import write_file_atomically
    from lunarbase.interfaces.console import fit
    from lunarbase.interfaces.launch_report import windows_json, windows_note, windows_page, windows_table
    from lunarbase.interfaces.launch_report import windows_table_arrow as launches_table
    from lunarbase.interfaces.outputs import write_text_atomic

    _check_out(out)
    study = _study(site=site, exit_speed=exit_speed, azimuth=azimuth, method=method, target_radius=target_radius,
                   thrust_to_mass=thrust_to_mass, days=days, span=span, every=every, latitude=latitude,
                   longitude=longitude, elevation=elevation, track_elevation=track_elevation, target=target,
                   delta_v_budget=delta_v_budget, purpose="windows")
    found = _with_progress(study, as_json, study.windows)
    try:  # every launch in Parquet, then the page that draws a subset of them and names the file
        import pyarrow.parquet as pq

        write_file_atomically(out / "windows.parquet", lambda tmp: pq.write_table(launches_table(study, found), tmp))
        path = write_text_atomic(out / "windows.html", windows_page(study, found, "windows.parquet"))
    except OSError as err:
        _fail(f"--out: cannot write to '{out}' ({err.strerror or err})")
    if as_json:
        sys.stdout.write(json.dumps({**windows_json(study, found), "report": str(path)}, allow_nan=False) + "\n")
        return
    out_console.print(fit(out_console, windows_table(study, found)))
    out_console.print(windows_note(study, found, path))


@app.command()
def optimise(
    scenario: ScenarioArg = DEFAULT_SCENARIO,
    objective: Annotated[str, typer.Option("--objective", help="years-to:MILESTONE, levelized-cost or pareto "
                                           "(years to the milestone vs cumulative spend)")] = "years-to",
    milestone: Annotated[str | None, typer.Option("--milestone", help="e.g. launch_rate_1TW_per_yr (default)")] = None,
    lever: Annotated[list[str] | None, typer.Option("--lever", help="PATH=LOW:HIGH with units, e.g. "
                                                    "mass_driver.exit_speed=\"2.5 km/s:4 km/s\" (default: the "
                                                    "route's levers)")] = None,
    robust: Annotated[int | None, typer.Option("--robust", help="N samples of the [uncertainty] table: maximise "
                                               "P(milestone by --by)")] = None,
    by: Annotated[float | None, typer.Option("--by", help="Year for --robust")] = None,
    spend_to: Annotated[str, typer.Option("--spend-to", help="pareto: spend to the horizon or the milestone")] = (
        "horizon"),
    max_spend: Annotated[str | None, typer.Option("--max-spend", help="Cap on cumulative spend to the horizon, "
                                                  "e.g. '5e12 USD'")] = None,
    generations: Annotated[int, typer.Option("--generations", help="Generations (1-1000)")] = 25,
    population: Annotated[int, typer.Option("--population", help="Settings a generation (4-1000)")] = 40,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the search and the robust samples")] = 1,
    set_: SetOption = None,
    out: Annotated[Path | None, typer.Option("--out", help="Folder for the file set (sub-folder "
                                             "SCENARIO-optimise)")] = None,
    as_json: JsonOption = False,
) -> None:
    """Search policy levers for the earliest milestone, the cheapest compute, or the Pareto front of time
    against spend (pymoo GA / NSGA-II, seeded); --robust maximises the probability of a milestone."""
    from lunarbase.optimise import Lever, Objective, OptimiseError, Robust
    from lunarbase.optimise import optimise as search
    from lunarbase.units import UnitParseError, parse_quantity

    if out is not None:
        _check_out(out)
    sc = _load(scenario, set_)
    try:
        cap = None if max_spend is None else parse_quantity(max_spend, "USD")
    except UnitParseError as err:
        _fail(f"--max-spend: got '{max_spend}'; {err}")
    if (robust is None) != (by is None):
        _fail("--robust and --by: got one without the other; expected --robust N --by YEAR together")
    try:
        goal = Objective.parse(objective, milestone, spend_to=spend_to, max_spend=cap)
        levers = [Lever.parse(item) for item in lever or []]
    except OptimiseError as err:
        _fail(str(err))
    plan = None if robust is None else Robust(robust, by)
    found = _model(lambda: search(sc, goal, levers, population=population, generations=generations, seed=seed,
                                  robust=plan))
    if goal.kind == "pareto" and not found.feasible:
        _fail(found.notes[0])
    from lunarbase.interfaces.optimisation import optimise_json, print_optimisation, write_optimisation

    _deliver(out, lambda: write_optimisation(found, out), lambda: optimise_json(found),
             lambda folder: print_optimisation(out_console, found, folder), as_json)


@app.command("swarm")
def swarm_command(
    scenario: ScenarioArg = DEFAULT_SCENARIO,
    year: Annotated[float, typer.Option("--year", help="The year to look at, inside the run (e.g. 2060)")] = 2060.0,
    satellites: Annotated[int, typer.Option("--satellites", help="At most this many satellites: every one when the "
                                            "swarm is smaller, else a weighted sample")] = 20_000,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the launch instants and the sample")] = 0,
    cluster_radius: Annotated[str, typer.Option("--cluster-radius", help="Neighbours within this count as a "
                                                "cluster")] = "1000 km",
    set_: SetOption = None,
    years: YearsOption = None,
    as_json: JsonOption = False,
    out: Annotated[Path | None, typer.Option("--out", help="Folder for swarm.html, swarm.czml, states.parquet "
                                             "(sub-folder '<scenario>-swarm')")] = None,
) -> None:
    """Every satellite in its orbit in a year: how many, how far from the Earth, light time, solar conjunction
    outages, neighbours, the rate home and the share of the compute each workload can use; with --out a 3-D view
    over the years (swarm.html), CZML and Parquet of states."""
    from lunarbase import swarm as swarm_mod
    from lunarbase.units import UnitParseError, parse_quantity

    problems = []
    if (line := swarm_mod.satellites_problem(satellites)) is not None:
        problems.append(line)
    angles = {}
    for flag, text, unit, low, high in (("--cluster-radius", cluster_radius, "m", 0.0, 1e13),):
        try:
            angles[flag] = parse_quantity(text, unit)
        except UnitParseError as err:
            problems.append(f"swarm: {flag}: got '{text}'; {err}")
            continue
        if not low < angles[flag] < high:
            problems.append(f"swarm: {flag}: got '{text}'; expected a value above 0" + (
                " and below 180 deg" if unit == "rad" else ""))
    if out is not None:
        _check_out(out)
    if problems:
        _fail("\n".join(problems))
    sc = _load(scenario, set_, years)
    if (line := swarm_mod.year_problem(sc.params.horizon, year)) is not None:  # before the model runs
        _fail(line)
    from lunarbase.engine import simulate
    from lunarbase.interfaces import swarm_view

    run_ = _model(lambda: simulate(sc))
    try:
        s, summary, link = swarm_mod.survey(run_, year, satellites, seed, cluster_radius=angles["--cluster-radius"])
    except swarm_mod.SwarmError as err:
        _fail(str(err))
    result = swarm_view.summary_json(sc.name, s, summary, link)

    def write():
        from lunarbase.interfaces.outputs import scenario_records

        hist = swarm_mod.history(run_, satellites=min(satellites, swarm_mod.VIEW_POINTS), seed=seed)
        html = swarm_view.render_html(sc.name, hist, start_year=int(year) + 0.5)  # frames fall at mid-year
        packets = swarm_view.czml(sc.name, hist, swarm_mod.years_covered(run_))
        settings = [{"path": f"swarm.{k}", "value": v, "source": "command line"} for k, v in
                    (("year", year), ("satellites", satellites), ("seed", seed),
                     ("cluster_radius", cluster_radius))]
        return swarm_view.write_swarm(out, f"{sc.name}-swarm", html, packets, swarm_view.states_table(hist), result,
                                      scenario_records(sc) + settings)

    _deliver(out, write if out is not None else (lambda: None), lambda: result,
             lambda folder: swarm_view.print_swarm(out_console, sc.name, s, summary, folder, link), as_json)


@app.command()
def serve(
    host: Annotated[str, typer.Option("--host", help="Address to listen on (loopback by default; another needs "
                                      "--allow-remote: the server has no authentication)")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port")] = 8000,
    allow_remote: Annotated[bool, typer.Option("--allow-remote", help="Listen on a non-loopback --host: anyone who "
                                               "reaches it can run the model")] = False,
    catalog_: CatalogOption = None,
    scheduler: Annotated[str | None, typer.Option("--scheduler", help="A Dask scheduler (tcp://host:port) for the "
                                                  "studies started from the page (default: in this process)")] = None,
) -> None:
    """Serve the model live in a browser (and as a JSON API, its OpenAPI schema at /openapi.json): every parameter
    an input, recomputed on each change; routes, launches, the swarm and studies in tabs."""
    from lunarbase.interfaces.server import LOOPBACK_HOSTS, is_loopback

    if not 1 <= port <= 65535:
        _fail(f"--port: got {port}; expected 1-65535")
    if not is_loopback(host) and not allow_remote:
        _fail(f"--host: got '{host}', which is reachable from other machines; expected a loopback address "
              "(127.0.0.1), or --allow-remote to serve the model to the network on purpose (no authentication)")
    import uvicorn

    from lunarbase.engine import simulate
    from lunarbase.interfaces.server import create_app
    from lunarbase.scenario import load_scenario
    from lunarbase.study import tune_allocator

    tune_allocator()  # before the server's threads allocate: runs and studies on them reuse the main arena
    simulate(load_scenario(DEFAULT_SCENARIO))  # the first run compiles and caches; the page's first answer is quick
    hosts = [*LOOPBACK_HOSTS, "[::1]"] if is_loopback(host) else None  # loopback: no DNS rebinding from a page
    shown = f"[{host}]" if ":" in host else host
    err_console.print(f"lunarbase serve: http://{shown}:{port}/ (API schema at /openapi.json; Ctrl-C stops)",
                      highlight=False, soft_wrap=True)
    uvicorn.run(create_app(catalog_, allowed_hosts=hosts, scheduler=scheduler), host=host, port=port,
                log_level="warning", timeout_keep_alive=5, limit_concurrency=200)


def main() -> None:
    """Entry point: usage errors (unknown option, missing value) also get one line and exit code 2."""
    try:
        code = app(standalone_mode=False)
    except Exception as err:  # the CLI library's usage errors carry exit_code 2 and format_message()
        if getattr(err, "exit_code", None) == 2 and hasattr(err, "format_message"):
            err_console.print(f"[bold red]error:[/] {escape(err.format_message())}", highlight=False, soft_wrap=True)
            sys.exit(2)
        raise
    sys.exit(code if isinstance(code, int) else 0)


if __name__ == "__main__":
    main()
