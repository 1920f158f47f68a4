"""The run summary printed in the terminal (rich tables)."""

from __future__ import annotations

import math
from pathlib import Path

from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

from lunarbase.engine import Run
from lunarbase.figures import DESIGN, MILESTONES
from lunarbase.interfaces.summary import (
    LABELS,
    MILESTONE_LABELS,
    departure_figures,
    final_figures,
    launcher_figures,
    satellite_figures,
)
from lunarbase.references import REFERENCES
from lunarbase.units import format_human, to_unit


def _plain(cell) -> str:
    return Text.from_markup(cell).plain if isinstance(cell, str) else getattr(cell, "plain", str(cell))


def fit(console: Console, table):
    """``table`` narrowed to the console's width with every word whole, and returned (anything but a table is
    returned as it is).

    Left to itself, rich shrinks the widest columns of a table wider than the terminal below their longest
    word and cuts it ("launches…"). Here the widest wrapable column gives way first, one character at a time,
    never below its longest word, so that cells wrap between words; the tables are designed to fit 80 columns
    that way (``tests/interfaces/test_narrow_terminal.py``).
    """
    if not isinstance(table, Table):
        return table
    lines = [[line for cell in (column.header, *column._cells) for line in _plain(cell).splitlines()]
             for column in table.columns]
    natural = [max((cell_len(line) for line in col), default=0) for col in lines]
    floor = [natural[i] if column.no_wrap else max((cell_len(word) for line in lines[i] for word in line.split()),
                                                      default=0) for i, column in enumerate(table.columns)]
    wide = console.measure(table, options=console.options.update_width(10_000)).maximum
    widths, excess = list(natural), wide - console.width
    while excess > 0:
        give = [i for i in range(len(widths)) if widths[i] > floor[i]]
        if not give:
            break
        widest = max(give, key=lambda i: widths[i])
        widths[widest] -= 1
        excess -= 1
    for column, width, full in zip(table.columns, widths, natural, strict=True):
        if width < full:
            column.max_width = width
    return table


def _text(group: str, name: str, value, unit: str) -> str:
    """A design figure in the unit the catalogue shows it in (SI with prefixes where it names none)."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if not math.isfinite(value):  # e.g. the onboard Δv where no launch escapes
        return "—"
    shown = DESIGN[group][name].shown
    if not shown or shown == unit:
        return format_human(value, unit)
    converted = (value * to_unit(unit)).to_value(to_unit(shown))
    return f"{converted:.4g} {shown}"


def _year(value: float | None, horizon: int) -> str:
    return f"{value:.1f}" if value is not None else f"not reached by {horizon}"


def print_summary(console: Console, run: Run, folder: Path | None = None) -> None:
    horizon = int(run.years[-1])
    console.print(f"[bold]{run.scenario.name}[/]  {run.scenario.description}", highlight=False)

    milestones = Table(title="Milestones", title_justify="left")
    milestones.add_column("milestone")
    milestones.add_column("year", justify="right")
    for key, year in run.milestones.items():
        milestones.add_row(MILESTONE_LABELS[key], _year(year, horizon))
    console.print(fit(console, milestones))

    final = Table(title=f"In {horizon}", title_justify="left")
    final.add_column("figure")
    final.add_column("value", justify="right")
    for key, (value, unit) in final_figures(run).items():
        final.add_row(LABELS[key][0], format_human(value, unit))
    for label, value, unit in REFERENCES.values():
        final.add_row(f"[dim]{label}[/]", f"[dim]{format_human(value, unit)}[/]")
    console.print(fit(console, final))

    binding = Table(title="Binding constraint", title_justify="left")
    binding.add_column("years")
    binding.add_column("what limits deployment")
    for first, last, name in run.binding_periods:
        binding.add_row(f"{first}–{last}" if last > first else f"{first}", name.replace("_", " "))
    console.print(fit(console, binding))

    design = Table(title="Launch and satellite", title_justify="left")
    design.add_column("figure")
    design.add_column("value", justify="right")
    parts = []
    if run.design.launcher is not None:
        parts.append(("launcher", run.design.launcher_kind.replace("-", " "), launcher_figures(run)))
    if run.design.departure is not None:
        parts.append(("departure", "departure", departure_figures(run)))
    if run.design.satellite is not None:
        sat = satellite_figures(run)
        sat.pop("budget")
        parts.append(("satellite", "satellite", sat))
    for group, part, figures in parts:
        for name, (value, unit) in figures.items():
            design.add_row(f"{part}: {name.replace('_', ' ')}", _text(group, name, value, unit))
    console.print(fit(console, design))

    _, flags = run.bounds
    for flag in flags:
        console.print(f"[yellow]bound:[/] {flag}", highlight=False)
    if folder is not None:
        console.print(f"wrote {folder}/ (report.html, timeseries.parquet, timeseries.csv, summary.json, "
                      "parameters.json)", highlight=False)


#: Short headers for the comparison tables (the report and JSON carry the full labels; the cells carry units).
_SHORT = {**{name: m.short for name, m in MILESTONES.items()},
          "compute_launched": "added", "flops_added": "FLOP/s added", "installed_compute": "installed",
          "installed_flops": "FLOP/s inst.", "earth_flights": "Earth launches",
          "cost_per_pflops_year": "$ per PFLOP/s-yr", "cumulative_spend": "spent", "kardashev": "K"}
#: Years per table of installed compute by year, so that a route's row fits an 80-column terminal.
_YEARS_PER_TABLE = 4


def print_comparison(console: Console, cmp, folder: Path | None = None) -> None:
    """The routes side by side: milestones, horizon figures, installed compute by decade, overtakes."""
    from lunarbase.comparison import MEASURES

    horizon = int(cmp.years[-1])
    keys = list(cmp.runs[0].milestones)
    marks = Table(title="Milestones (year first reached)", title_justify="left")
    marks.add_column("route", style="bold", no_wrap=True)
    for k in keys:
        marks.add_column(_SHORT[k], justify="right")
    for run in cmp.runs:
        marks.add_row(run.scenario.name, *[f"{run.milestones[k]:.1f}" if run.milestones[k] is not None else "—"
                                           for k in keys])
    console.print(fit(console, marks))

    # Two tables of at most five figures each, so a route's row fits an 80-column terminal.
    halves = (("compute", MEASURES[:4]), ("launches, money and scale", MEASURES[4:]))
    for part, measures in halves:
        final = Table(title=f"In {horizon}: {part}", title_justify="left")
        final.add_column("route", style="bold", no_wrap=True)
        for k in measures:
            final.add_column(_SHORT[k], justify="right")
        if part != "compute":
            final.add_column("binding")
        for run in cmp.runs:
            figures = final_figures(run)
            extra = [] if part == "compute" else [run.binding_by_year[-1].replace("_", " ")]
            final.add_row(run.scenario.name, *[format_human(*figures[k]) for k in measures], *extra)
        console.print(fit(console, final))

    decades = [int(y) for y in cmp.years if y % 10 == 0] or [horizon]
    for first in range(0, len(decades), _YEARS_PER_TABLE):
        years = decades[first:first + _YEARS_PER_TABLE]
        by_year = Table(title=f"Installed compute and the binding constraint, {years[0]}–{years[-1]}"
                        if len(years) > 1 else f"Installed compute and the binding constraint, {years[0]}",
                        title_justify="left")
        by_year.add_column("route", style="bold", no_wrap=True)
        for y in years:
            by_year.add_column(str(y), justify="right")
        for run in cmp.runs:
            installed = run.yearly("installed_compute")
            idx = {int(y): i for i, y in enumerate(run.years)}
            by_year.add_row(run.scenario.name, *[
                f"{format_human(installed[idx[y]], 'W')}\n[dim]{run.binding_by_year[idx[y]].replace('_', ' ')}[/]"
                for y in years])
        console.print(fit(console, by_year))
    for label, value, unit in REFERENCES.values():
        console.print(f"[dim]{label}: {format_human(value, unit)}[/]", highlight=False)

    if cmp.overtakes:
        passes = Table(title="Overtakes (installed compute)", title_justify="left")
        passes.add_column("year", justify="right")
        passes.add_column("route")
        passes.add_column("moves ahead of")
        for o in cmp.overtakes:
            passes.add_row(str(o.year), o.route, o.other)
        console.print(fit(console, passes))
    else:
        console.print("No route overtakes another.")
    if folder is not None:
        console.print(f"wrote {folder}/ (report.html, compare.json, compare.csv, parameters.json)", highlight=False)
