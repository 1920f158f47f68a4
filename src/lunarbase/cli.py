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
    from lunarbase.outputs import write_run
    from lunarbase.report import render_report
    from lunarbase.summary import to_json

    sc = _load(scenario, set_, years)
    try:
        result = simulate(sc)
    except ScenarioError as err:
        _fail(str(err))
    try:
        folder = write_run(result, out, render_report(result) if report else None)
    except OSError as err:
        _fail(f"--out: cannot write to '{out}' ({err.strerror or err})")
    if as_json:
        sys.stdout.write(json.dumps(to_json(result), allow_nan=False) + "\n")
        return
    from lunarbase.console import print_summary

    print_summary(out_console, result, folder)


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
