"""The command line: ``lunarbase run``, ``lunarbase scenarios``, ``lunarbase show``.

Bad input gets one line per problem on stderr and exit code 2, with no traceback and no output files.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from lunarbase.scenario import DEFAULT_SCENARIO, ScenarioError, load_scenario, preset_names

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Systems model of a lunar base that builds AI satellites and throws them into deep space.")
out_console = Console()
err_console = Console(stderr=True)

SetOption = Annotated[list[str] | None, typer.Option("--set", help="Override a parameter: PATH=VALUE, "
                                                      "e.g. mass_driver.exit_speed=\"2.6 km/s\"")]
ScenarioArg = Annotated[str, typer.Argument(help="A preset name or a TOML file")]


def _fail(message: str) -> None:
    for line in str(message).splitlines():
        err_console.print(f"[bold red]error:[/] {line}", highlight=False, markup=True, soft_wrap=True)
    raise typer.Exit(code=2)


def _deliver(out: Path, write, as_json_object, show, as_json: bool) -> None:
    """Write the file set (an unwritable --out is one line, exit 2), then print JSON or the summary."""
    try:
        folder = write()
    except OSError as err:
        _fail(f"--out: cannot write to '{out}' ({err.strerror or err})")
    if as_json:
        sys.stdout.write(json.dumps(as_json_object(), allow_nan=False) + "\n")
        return
    show(folder)


def _load(scenario: str, sets: list[str] | None, years: str | None = None):
    try:
        return load_scenario(scenario, sets or [], years)
    except ScenarioError as err:
        _fail(str(err))


@app.command()
def run(
    scenario: ScenarioArg = DEFAULT_SCENARIO,
    set_: SetOption = None,
    years: Annotated[str | None, typer.Option("--years", help="START:END, e.g. 2026:2100")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object on stdout, nothing else")] = False,
    out: Annotated[Path, typer.Option("--out", help="Folder for the file set (one sub-folder per scenario)")] = Path(
        "out"),
    report: Annotated[bool, typer.Option(help="Write report.html")] = True,
) -> None:
    """Run a scenario: print its summary and write report, time series, summary and parameters."""
    from lunarbase.engine import simulate
    from lunarbase.interfaces.outputs import write_run
    from lunarbase.interfaces.report import render_report
    from lunarbase.interfaces.summary import to_json

    sc = _load(scenario, set_, years)
    try:
        result = simulate(sc)
    except ScenarioError as err:
        _fail(str(err))
    from lunarbase.interfaces.console import print_summary

    _deliver(out, lambda: write_run(result, out, render_report(result) if report else None),
             lambda: to_json(result), lambda folder: print_summary(out_console, result, folder), as_json)


#: The routes ``compare`` runs when none is named: every preset, one per route and lunar variant.
ALL_ROUTES = ("lunar-base-alpha", "lunar-equatorial", "lunar-conservative", "earth-orbit-starship", "terrestrial",
              "mars-base", "mercury-swarm")


@app.command()
def compare(
    scenarios_: Annotated[list[str] | None, typer.Argument(metavar="[SCENARIO]...",
                                                           help="Presets or TOML files (default: all routes)")] = None,
    set_: SetOption = None,
    years: Annotated[str | None, typer.Option("--years", help="START:END, e.g. 2026:2100")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object on stdout, nothing else")] = False,
    out: Annotated[Path, typer.Option("--out", help="Folder for the file set (sub-folder 'compare')")] = Path("out"),
    report: Annotated[bool, typer.Option(help="Write report.html")] = True,
) -> None:
    """Run routes side by side: compute, launches, cost, milestones, binding constraint, overtakes."""
    from lunarbase.comparison import compare as run_compare
    from lunarbase.interfaces.outputs import write_comparison
    from lunarbase.interfaces.report import render_compare_report
    from lunarbase.interfaces.summary import comparison_json

    names = list(scenarios_ or ALL_ROUTES)
    loaded, problems = [], []
    for name in names:
        try:
            loaded.append(load_scenario(name, set_ or [], years))
        except ScenarioError as err:
            problems.append(str(err))
    if problems:
        _fail("\n".join(dict.fromkeys(problems)))
    try:
        result = run_compare(loaded)
    except ScenarioError as err:
        _fail(str(err))
    from lunarbase.interfaces.console import print_comparison

    _deliver(out, lambda: write_comparison(result, out, render_compare_report(result) if report else None),
             lambda: comparison_json(result), lambda folder: print_comparison(out_console, result, folder), as_json)


@app.command()
def scenarios() -> None:
    """List the presets shipped with lunarbase."""
    table = Table(title="Presets", show_lines=False)
    table.add_column("name", style="bold")
    table.add_column("description")
    for name in preset_names():
        table.add_row(name, load_scenario(name).description)
    out_console.print(table)


@app.command()
def show(
    scenario: ScenarioArg = DEFAULT_SCENARIO,
    set_: SetOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the parameters as JSON")] = False,
) -> None:
    """Print every resolved parameter with its unit and its source note."""
    sc = _load(scenario, set_)
    if as_json:
        records = {r.path: {"value": r.json(), "source": r.source} for r in sc.rows()}
        sys.stdout.write(json.dumps({"scenario": sc.name, "parameters": records}) + "\n")
        return
    table = Table(title=f"{sc.name}: {sc.description}", title_justify="left")
    table.add_column("parameter", style="bold", no_wrap=True)
    table.add_column("value", justify="right", no_wrap=True)
    table.add_column("source")
    for row in sc.rows():
        table.add_row(row.path, row.text(), row.source)
    out_console.print(table)


def _quantity_option(flag: str, text: str | None, unit: str, low: float | None = None, high: float | None = None,
                     expected: str = "") -> float | None:
    """Parse a CLI quantity; bad values get one line naming the flag, the value and what was expected."""
    from lunarbase.units import UnitParseError, parse_quantity

    if text is None:
        return None
    try:
        value = parse_quantity(text, unit)
    except UnitParseError as err:
        _fail(f"{flag}: got '{text}'; {err}")
    if (low is not None and value < low) or (high is not None and value > high):
        _fail(f"{flag}: got '{text}'; expected {expected}")
    return value


def _launch_setup(site, latitude, longitude, elevation, exit_speed, azimuth, track_elevation, date, span, every):
    """The site (preset plus overrides), exit speed and launch dates from the CLI options, validated."""
    import numpy as np

    from lunarbase.constants import SPEED_OF_LIGHT
    from lunarbase.physics import ephemeris
    from lunarbase.subsystems import launch_site, launch_windows

    try:
        base = launch_site.site_named(site)
    except ValueError as err:
        _fail(str(err))
    half_pi = np.pi / 2
    lat = _quantity_option("--latitude", latitude, "rad", -half_pi, half_pi, "a latitude within ±90 deg")
    lon = _quantity_option("--longitude", longitude, "rad")
    elev = _quantity_option("--elevation", elevation, "m", -20e3, 20e3, "an elevation within ±20 km")
    speed = _quantity_option("--exit-speed", exit_speed, "m/s", 0.0, SPEED_OF_LIGHT,
                             "a speed above 0 and below the speed of light")
    if speed is None:
        _fail("--exit-speed: missing; expected a speed, e.g. '2.5 km/s'")
    if speed <= 0.0:
        _fail(f"--exit-speed: got '{exit_speed}'; expected a speed above 0 and below the speed of light")
    az = None if azimuth == "best" else _quantity_option("--azimuth", azimuth, "rad")
    el = _quantity_option("--track-elevation", track_elevation, "rad", -half_pi, half_pi, "an angle within ±90 deg")
    lat = base.latitude if lat is None else lat
    lon = base.longitude if lon is None else lon
    if az is None:
        az = base.track_azimuth if (lat, lon) == (base.latitude, base.longitude) else \
            launch_site.prograde_azimuth(lat, lon)
    chosen = base._replace(latitude=lat, longitude=lon, elevation=base.elevation if elev is None else elev,
                           track_azimuth=az, track_elevation=base.track_elevation if el is None else el)
    lo_year, hi_year = ephemeris.COVERED_YEARS
    covered = f"a date from {lo_year}-01-01 to {hi_year - 1}-12-31 (TDB), ISO format, e.g. 2030-01-01T06:00"

    def jd_of(flag, text):
        try:
            jd = ephemeris.jd_from_iso(text)
        except ValueError:
            _fail(f"{flag}: got '{text}'; expected {covered}")
        year = ephemeris.year_from_jd(jd)
        if not (lo_year <= year < hi_year):
            _fail(f"{flag}: got '{text}'; expected {covered}")
        return jd

    if span is not None:
        if date is not None:
            _fail(f"--date: got '{date}' together with --span; expected one of the two")
        parts = span.split(":", 1) if span.count(":") == 1 or "T" not in span else span.split("/", 1)
        if len(parts) != 2:
            _fail(f"--span: got '{span}'; expected START:END dates, e.g. 2030-01-01:2030-03-01")
        start, end = jd_of("--span", parts[0]), jd_of("--span", parts[1])
        if end < start:
            _fail(f"--span: got '{span}'; expected END after START")
        step = _quantity_option("--every", every, "s", 60.0, None, "a step of at least 1 min, e.g. '1 h'")
        jd = launch_windows.launch_dates(start, end, step)
        if jd.size > 2_000_000:
            _fail(f"--span: got '{span}' every '{every}' = {jd.size} launches; expected at most 2,000,000")
    else:
        jd = np.array([jd_of("--date", date or f"{lo_year + 4}-01-01")])
    return chosen, speed, jd


def _aim(chosen, azimuth, speed, jd, r_t, accel):
    """With ``--azimuth best``, the sweep's track for this speed over the month from the first launch."""
    from lunarbase.subsystems import launch_windows

    if azimuth != "best":
        return chosen
    return chosen._replace(track_azimuth=launch_windows.best_azimuth(chosen, speed, float(jd[0]), r_t, accel))


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
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object, one record per launch")] = False,
) -> None:
    """Throw payloads off the Moon: outcome, heliocentric orbit and onboard Delta-v per launch."""
    import numpy as np

    from lunarbase.constants import AU
    from lunarbase.interfaces.launch_report import difference, difference_table, record, tables
    from lunarbase.subsystems import launch_windows

    chosen, speed, jd = _launch_setup(site, latitude, longitude, elevation, exit_speed, azimuth, track_elevation,
                                      date, span, every)
    if method not in launch_windows.METHODS:
        _fail(f"--method: got '{method}'; expected one of {', '.join(launch_windows.METHODS)}")
    r_t = _quantity_option("--target-radius", target_radius, "m", 0.05 * AU, 1000 * AU, "0.05 to 1000 AU")
    accel = _quantity_option("--thrust-to-mass", thrust_to_mass, "m/s2", 1e-9, 10.0, "1e-9 to 10 m/s2")
    n_days = _quantity_option("--days", days, "s", 3600.0, 3650 * 86400.0, "1 h to 10 yr") / 86400.0
    chosen = _aim(chosen, azimuth, speed, jd, r_t, accel)
    if method != "conic" and jd.size > 100_000:
        _fail(f"--method: got '{method}' for {jd.size} launches; expected at most 100,000 for N-body")
    try:
        result = _propagate(chosen, speed, jd, method, r_t, accel, n_days, jupiter, quiet=as_json)
    except ImportError as err:
        _fail(f"--method: got '{method}'; {err}")
    phase = launch_windows.lunar_phase(jd)
    conic, nbody = (result if method == "both" else (result, None) if method == "conic" else (None, result))
    if as_json:
        records = []
        for k in range(jd.size):
            if method == "both":
                records.append({"conic": record(conic, k, phase[k]), "nbody": record(nbody, k, phase[k]),
                                "difference": difference(conic, nbody, k)})
            else:
                records.append(record(conic if conic is not None else nbody, k, phase[k]))
        header = {"site": site, "exit_speed": {"value": speed / 1e3, "unit": "km / s"}, "method": method,
                  "track_azimuth": {"value": float(np.degrees(chosen.track_azimuth)), "unit": "deg"}}
        sys.stdout.write(json.dumps({**header, "launches": records}, allow_nan=False) + "\n")
        return
    for label, res in (("patched conics", conic), ("N-body (REBOUND IAS15)", nbody)):
        if res is not None:
            for t in tables(res, phase, f"{site} at {speed / 1e3:.4g} km/s, {label}"):
                out_console.print(t)
    if conic is not None and nbody is not None:
        out_console.print(difference_table(conic, nbody))
    if jd.size > 200:
        out_console.print(f"(first 200 of {jd.size} launches shown; --json gives them all)")


def _propagate(chosen, speed, jd, method, r_t, accel, n_days, jupiter, quiet):
    from rich.progress import Progress

    from lunarbase.subsystems import launch_windows

    if method == "conic" or quiet:
        return launch_windows.propagate(chosen, speed, jd, method, r_t, accel, n_days, jupiter)
    with Progress(console=err_console, transient=True) as bar:
        task = bar.add_task("N-body", total=1.0)
        return launch_windows.propagate(chosen, speed, jd, method, r_t, accel, n_days, jupiter,
                                        progress=lambda f: bar.update(task, completed=f))


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
    out: Annotated[Path, typer.Option("--out", help="Folder for windows.html")] = Path("out"),
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object: windows per synodic month")] = False,
) -> None:
    """Launch windows over a span: which launches per synodic month reach the target class, and the
    around-the-clock share that escapes; writes windows.html (outcome and distances against lunar phase)."""
    import numpy as np

    from lunarbase.constants import AU
    from lunarbase.interfaces.launch_report import orbit_distribution, windows_html
    from lunarbase.interfaces.outputs import write_text_atomic
    from lunarbase.physics import ephemeris
    from lunarbase.physics.outcomes import ESCAPED, NAMES
    from lunarbase.subsystems import launch_windows

    if span is None:
        span = "2030-01-01:2030-03-01"
    chosen, speed, jd = _launch_setup(site, latitude, longitude, elevation, exit_speed, azimuth, track_elevation,
                                      None, span, every)
    r_t = _quantity_option("--target-radius", target_radius, "m", 0.05 * AU, 1000 * AU, "0.05 to 1000 AU")
    accel = _quantity_option("--thrust-to-mass", thrust_to_mass, "m/s2", 1e-9, 10.0, "1e-9 to 10 m/s2")
    budget = _quantity_option("--delta-v-budget", delta_v_budget, "m/s", 0.0, None, "a non-negative speed")
    chosen = _aim(chosen, azimuth, speed, jd, r_t, accel)
    if method not in ("conic", "nbody"):
        _fail(f"--method: got '{method}'; expected conic or nbody")
    if method == "nbody" and jd.size > 20_000:
        _fail(f"--method: got 'nbody' for {jd.size} launches; expected at most 20,000 (widen --every)")
    n_days = _quantity_option("--days", days, "s", 3600.0, 3650 * 86400.0, "1 h to 10 yr") / 86400.0
    try:
        launches = _propagate(chosen, speed, jd, method, r_t, accel, n_days, False, quiet=as_json)
    except ImportError as err:
        _fail(f"--method: got '{method}'; {err}")
    try:
        ok = launch_windows.reaches(launches, target, budget)
    except ValueError as err:
        _fail(str(err))
    phase = launch_windows.lunar_phase(jd)
    starts, sampled, reaching = launch_windows.per_synodic_month(jd, ok)
    found = launch_windows.windows(jd, ok)
    months = []
    for m, start in enumerate(starts):
        end = start + launch_windows.SYNODIC_MONTH / ephemeris.DAY
        inside = [w for w in found if start <= w.start_jd < end]
        months.append({"month_start": str(ephemeris.iso_from_jd(start)[0]), "launches": int(sampled[m]),
                       "reaching": int(reaching[m]),
                       "windows": [{"start": str(ephemeris.iso_from_jd(w.start_jd)[0]),
                                    "end": str(ephemeris.iso_from_jd(w.end_jd)[0]), "launches": w.launches}
                                   for w in inside]})
    share = float(np.mean(launches.outcome == ESCAPED))
    summary = {"site": site, "exit_speed": {"value": speed / 1e3, "unit": "km / s"}, "target": target,
               "track_azimuth": {"value": float(np.degrees(chosen.track_azimuth)), "unit": "deg"},
               "launches": int(jd.size), "escape_share": share, "target_share": float(np.mean(ok)),
               "outcomes": {name: int(np.sum(launches.outcome == code)) for code, name in enumerate(NAMES)},
               "orbits_of_escapes": orbit_distribution(launches), "months": months}
    rows = [[m["month_start"][:16], str(m["launches"]), str(m["reaching"]),
             "; ".join(f"{w['start'][:16]} → {w['end'][:16]}" for w in m["windows"]) or "—"] for m in months]
    try:
        path = write_text_atomic(out / "windows.html", windows_html(
            launches, phase, ok, rows, f"Launch windows — {site} at {speed / 1e3:.4g} km/s, target {target}",
            "N-body (REBOUND IAS15)" if method == "nbody" else "patched conics"))
    except OSError as err:
        _fail(f"--out: cannot write to '{out}' ({err.strerror or err})")
    if as_json:
        sys.stdout.write(json.dumps({**summary, "report": str(path)}, allow_nan=False) + "\n")
        return
    t = Table(title=f"Launch windows — {site} at {speed / 1e3:.4g} km/s, target {target}", title_justify="left")
    for col in ("month from (TDB)", "launches", "reaching", "windows"):
        t.add_column(col)
    for row in rows:
        t.add_row(*row)
    out_console.print(t)
    out_console.print(f"escape share around the clock: {share:.1%}; reaching '{target}': {np.mean(ok):.1%}; "
                      f"chart: {path}")


def main() -> None:
    """Entry point: usage errors (unknown option, missing value) also get one line and exit code 2."""
    try:
        code = app(standalone_mode=False)
    except Exception as err:  # the CLI library's usage errors carry exit_code 2 and format_message()
        if getattr(err, "exit_code", None) == 2 and hasattr(err, "format_message"):
            err_console.print(f"[bold red]error:[/] {err.format_message()}", highlight=False, soft_wrap=True)
            sys.exit(2)
        raise
    sys.exit(code if isinstance(code, int) else 0)


if __name__ == "__main__":
    main()
