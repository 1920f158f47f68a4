"""The run summary printed in the terminal (rich tables)."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.table import Table

from lunarbase.engine import Run
from lunarbase.summary import (
    LABELS,
    MILESTONE_LABELS,
    REFERENCES,
    departure_figures,
    final_figures,
    mass_driver_figures,
    satellite_figures,
)
from lunarbase.units import format_human, to_unit

#: Units people read these figures in (SI inside).
_DISPLAY = {"m/s": "km/s", "m/s2": "g0", "J/kg": "MJ/kg", "kg/s": "t/h"}
_DISPLAY_BY_NAME = {"length": "m", "outer_semimajor_axis": "AU", "outer_aphelion": "AU",
                    "inner_semimajor_axis": "AU", "inner_perihelion": "AU"}


def _text(name: str, value, unit: str) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    shown = _DISPLAY_BY_NAME.get(name, _DISPLAY.get(unit))
    if shown is None or shown == unit:
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
    console.print(milestones)

    final = Table(title=f"In {horizon}", title_justify="left")
    final.add_column("figure")
    final.add_column("value", justify="right")
    for key, (value, unit) in final_figures(run).items():
        final.add_row(LABELS[key][0], format_human(value, unit))
    for label, value, unit in REFERENCES.values():
        final.add_row(f"[dim]{label}[/]", f"[dim]{format_human(value, unit)}[/]")
    console.print(final)

    binding = Table(title="Binding constraint", title_justify="left")
    binding.add_column("years")
    binding.add_column("what limits deployment")
    for first, last, name in run.binding_periods:
        binding.add_row(f"{first}–{last}" if last > first else f"{first}", name.replace("_", " "))
    console.print(binding)

    design = Table(title="Launch and satellite", title_justify="left")
    design.add_column("figure")
    design.add_column("value", justify="right")
    sat = satellite_figures(run)
    sat.pop("budget")
    for part, figures in (("mass driver", mass_driver_figures(run)), ("departure", departure_figures(run)),
                          ("satellite", sat)):
        for name, (value, unit) in figures.items():
            design.add_row(f"{part}: {name.replace('_', ' ')}", _text(name, value, unit))
    console.print(design)

    _, flags = run.bounds
    for flag in flags:
        console.print(f"[yellow]bound:[/] {flag}", highlight=False)
    if folder is not None:
        console.print(f"wrote {folder}/ (report.html, timeseries.parquet, timeseries.csv, summary.json, "
                      "parameters.json)", highlight=False)
