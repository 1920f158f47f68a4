"""The run summary printed in the terminal (rich tables)."""

from __future__ import annotations

import math
from pathlib import Path

from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

from lunarbase.engine import PFLOPS_YEAR, WATERFALL, Run, rental_per_pflops_year
from lunarbase.figures import DESIGN, MILESTONES, YEARLY
from lunarbase.interfaces.summary import (
    CEILING_CONSTRAINT,
    MILESTONE_LABELS,
    ceiling_figures,
    ceilings_reached,
    cohort_year,
    departure_figures,
    departure_method,
    figure_label,
    final_figures,
    launcher_figures,
    satellite_figures,
    share_of_peak,
)
from lunarbase.references import H100_RENTAL, REFERENCES
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


def rental_line() -> str:
    """Today's rental price of an H100 as a reference line, per hour and per PFLOP/s-year."""
    label, (low, high) = H100_RENTAL
    per_year = rental_per_pflops_year([low, high])
    return f"{label}: ${low:.2f}–{high:.2f} per hour, i.e. ${per_year[0]:,.0f}–{per_year[1]:,.0f} per PFLOP/s-yr"


def levelized_table(run: Run) -> Table:
    """The levelized cost of compute with its waterfall from peak to delivered compute."""
    lc = run.levelized_cost
    table = Table(title=f"Levelized cost of compute, {run.years[0]}–{run.years[-1]} (discounted at "
                        f"{lc.discount_rate:.0%}/yr, real)", title_justify="left")
    table.add_column("figure")
    table.add_column("value", justify="right")
    table.add_row(f"per PFLOP/s-year delivered ({run.number_format})",
                  format_human(lc.per_pflops_year, "USD/PFLOPs_yr"))
    table.add_row("per H100-hour delivered (989 TFLOP/s)", format_human(lc.per_accelerator_hour, "USD/h"))
    for stage, label in WATERFALL.items():
        table.add_row(f"[dim]  {label}[/]", f"[dim]{share_of_peak(lc.shares[stage])}[/]")
    table.add_row("[dim]undiscounted cumulative spend per PFLOP/s-year (not a levelized cost)[/]",
                  f"[dim]{format_human(lc.undiscounted_per_flop * PFLOPS_YEAR, 'USD/PFLOPs_yr')}[/]")
    return table


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
        final.add_row(figure_label(key, run.number_format), format_human(value, unit))
    for label, value, unit in REFERENCES.values():
        final.add_row(f"[dim]{label}[/]", f"[dim]{format_human(value, unit)}[/]")
    console.print(fit(console, final))
    console.print(fit(console, levelized_table(run)))
    console.print(f"[dim]{rental_line()}[/]", highlight=False)

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
            what = f"{part}: {name.replace('_', ' ')}"
            if DESIGN[group][name].flop:  # the chips of one cohort, counted in one number format
                what += f" ({cohort_year(run)} cohort, {run.number_format})"
            design.add_row(what, _text(group, name, value, unit))
    console.print(fit(console, design))
    if run.design.satellite is not None:
        _print_budget(console, run)
    method, note = departure_method(run)
    if method:
        console.print(f"[dim]departure figures from: {method}[/]", highlight=False)
    if note:
        console.print(f"[yellow]departure:[/] {note}", highlight=False)

    _print_ceilings(console, run)
    if folder is not None:
        console.print(f"wrote {folder}/ (report.html, timeseries.parquet, timeseries.csv, summary.json, "
                      "parameters.json)", highlight=False)


def _print_budget(console: Console, run: Run) -> None:
    """The satellite's mass budget, item by item, with each item's share of the whole."""
    budget = satellite_figures(run)["budget"]
    total = sum(value for value, _ in budget.values())
    table = Table(title="Satellite mass budget", title_justify="left")
    table.add_column("item")
    table.add_column("kg", justify="right")
    table.add_column("share", justify="right")
    for item, (value, _) in budget.items():
        table.add_row(item.replace("_", " "), f"{value:,.0f}", f"{value / total:.0%}" if total > 0 else "")
    table.add_row("total", f"{total:,.0f}", "100%" if total > 0 else "")
    console.print(fit(console, table))


def _print_ceilings(console: Console, run: Run) -> None:
    """The route's physical ceilings, the year each is reached, and the flags for totals beyond the body."""
    figures = ceiling_figures(run)
    if figures:
        reached = {c["constraint"]: c["from"] for c in ceilings_reached(run)}
        table = Table(title="Physical ceilings", title_justify="left")
        table.add_column("ceiling")
        table.add_column("value", justify="right")
        table.add_column("reached", justify="right")
        for name, (value, unit) in figures.items():
            table.add_row(DESIGN["ceilings"][name].label, format_human(value, unit),
                          str(reached.get(CEILING_CONSTRAINT[name], "—")))
        console.print(fit(console, table))
    for flag in run.bounds[1]:
        console.print(f"[yellow]bound:[/] {flag}", highlight=False)


#: Short headers for the comparison tables (the report and JSON carry the full labels).
_SHORT = {**{name: m.short for name, m in MILESTONES.items()},
          "compute_launched": "added", "flops_added": "FLOP/s added", "installed_compute": "installed",
          "installed_flops": "FLOP/s inst.", "earth_flights": "Earth launches",
          "levelized_cost_to_date": "levelized $ per PFLOP/s-yr", "cumulative_spend": "spent",
          "power_used": "power used", "kardashev": "K (power used)", "sunlight_captured": "sunlight int."}
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

    # Tables of at most four figures each, so a route's row fits an 80-column terminal; the levelized cost has a
    # table of its own below.
    parts = (("compute", MEASURES[:4]), ("launches and money", ("earth_flights", "cumulative_spend")),
             ("power and scale", ("power_used", "kardashev", "sunlight_captured")))
    for part, measures in parts:
        final = Table(title=f"In {horizon}: {part}", title_justify="left")
        final.add_column("route", style="bold", no_wrap=True)
        for k in measures:
            final.add_column(_SHORT[k], justify="right")
        if part == "launches and money":
            final.add_column("binding")
        for run in cmp.runs:
            figures = final_figures(run)
            extra = [run.binding_by_year[-1].replace("_", " ")] if part == "launches and money" else []
            final.add_row(run.scenario.name, *[format_human(*figures[k]) for k in measures], *extra)
        console.print(fit(console, final))
        if part == "compute":
            console.print(f"[dim]FLOP figures count {cmp.number_format} operations (chips.number_format)[/]",
                          highlight=False)

    costs = Table(title=f"Levelized cost of compute, {cmp.years[0]}–{horizon} (discounted, real)",
                  title_justify="left")
    costs.add_column("route", style="bold", no_wrap=True)
    for header in ("rate", "$/PFLOP/s-yr", "$/H100-hour", "delivered/peak"):
        costs.add_column(header, justify="right")
    for run in cmp.runs:
        lc = run.levelized_cost
        costs.add_row(run.scenario.name, f"{lc.discount_rate:.0%}", format_human(lc.per_pflops_year, "USD"),
                      format_human(lc.per_accelerator_hour, "USD"), f"{lc.shares['usable']:.0%}")
    console.print(fit(console, costs))
    console.print(f"[dim]{rental_line()}[/]", highlight=False)

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

    ceilings = Table(title="Physical ceilings reached (first year)", title_justify="left")
    ceilings.add_column("route", style="bold", no_wrap=True)
    ceilings.add_column("ceilings reached")
    ceilings.add_column("flags", justify="right")
    for run in cmp.runs:
        reached = ", ".join(f"{c['constraint'].replace('_', ' ')} {c['from']}" for c in ceilings_reached(run))
        ceilings.add_row(run.scenario.name, reached or "none", str(len(run.bounds[1])))
    console.print(ceilings)

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


def _first_year_at(cdf: list, p: float) -> str:
    """The first year whose probability reaches ``p``, or '—' if none does within the horizon."""
    return next((str(year) for year, q in cdf if q >= p), "—")


def print_study(console: Console, summary: dict, folder: Path | None = None, catalog_id: str | None = None) -> None:
    """A study's summary: per milestone the years by which 10/50/90 % of runs reach it and the odds by the
    horizon (with their Monte Carlo standard error), then infeasible runs, the most sensitive parameters, the
    tornado's largest swings, the discovery box (``explore --discover``) and where the files are."""
    first, last = summary["years"]
    console.print(f"[bold]{summary['scenario']}[/]  {summary['method']} study: {summary['runs']:,} runs "
                  f"(samples {summary['samples']:,}, seed {summary['seed']}), {len(summary['parameters'])} "
                  f"parameters drawn, {first}–{last}", highlight=False)
    table = Table(title="Milestones: the year by which a share of runs reach them", title_justify="left")
    table.add_column("milestone")
    for head in ("10 %", "median", "90 %"):
        table.add_column(head, justify="right")
    table.add_column(f"P(by {last}) ± se", justify="right")
    for name, m in summary["milestones"].items():
        p, se = m["cdf"][-1][1], m["se"][-1][1]
        table.add_row(MILESTONE_LABELS[name], _first_year_at(m["cdf"], 0.1), _first_year_at(m["cdf"], 0.5),
                      _first_year_at(m["cdf"], 0.9), f"{100 * p:.1f} ± {100 * se:.1f} %")
    console.print(fit(console, table))
    if summary["infeasible"]:
        console.print(f"[yellow]{summary['infeasible']:,} runs infeasible[/] (outputs NaN in samples.parquet), "
                      "most often: " + "; ".join(f"{reason} ({k})" for reason, k in
                                                 list(summary["infeasible_reasons"].items())[:2]), highlight=False)
    sens = summary.get("sensitivity") or {}
    key = "ST" if summary["method"] == "sobol" else "mu_star"
    rows = [(name, sorted(((v[key] or 0.0, p) for p, v in by.items()), reverse=True)[:3])
            for name, by in sens.items() if name in summary["milestones"]]
    if rows:
        table = Table(title=f"Most influential parameters ({'total Sobol index ST' if key == 'ST' else 'Morris mu*'})",
                      title_justify="left")
        table.add_column("milestone")
        table.add_column("parameters", overflow="fold")
        for name, top in rows:
            table.add_row(MILESTONE_LABELS[name], ", ".join(f"{p} {v:.2g}" for v, p in top))
        console.print(fit(console, table))
    _print_tornado(console, summary.get("tornado"))
    _print_discovery(console, summary.get("discovery"))
    if folder is not None:
        console.print(f"Written to {folder}/ (report.html, samples.parquet, yearly/, study.json)"
                      + (f"; catalog id {catalog_id}" if catalog_id else ""), highlight=False)


def _limit(value: float) -> str:
    return f"{value:.5g}"


def _print_tornado(console: Console, tornado: dict | None) -> None:
    """The three largest one-at-a-time swings of each tornado output, low -> high quantile."""
    if not tornado:
        return
    if "note" in tornado and len(tornado) == 1:
        console.print(f"Tornado {tornado['note']}", highlight=False)
        return
    table = Table(title="One at a time (5 % -> 95 % quantile, others at their medians): largest swings",
                  title_justify="left")
    table.add_column("output")
    table.add_column("all at medians", justify="right")
    table.add_column("parameters (value at low -> high)", overflow="fold")
    for key, entry in tornado.items():
        if key in MILESTONES:
            label = f"year: {MILESTONE_LABELS[key]}"
        else:
            label = f"{YEARLY[key].label if key in YEARLY else key} in {entry.get('year', '')}"

        def fmt(v, key=key, unit=entry.get("unit", "")):
            if v is None or not math.isfinite(v):
                return "—"
            return f"{v:.1f}" if key in MILESTONES else format_human(v, unit)

        bars = ", ".join(f"{b['name']} {fmt(b['low'])} -> {fmt(b['high'])}" for b in entry["bars"][:3]
                         if b["low"] != b["high"]) or "no parameter moves it"
        table.add_row(label, fmt(entry["base"]), bars)
    console.print(fit(console, table))
    for entry in tornado.values():
        if entry.get("note"):
            console.print(f"[dim]{entry['note']}[/]", highlight=False)


def _print_discovery(console: Console, d: dict | None) -> None:
    """What must be true (PRIM): the chosen box's limits per parameter, its coverage and density."""
    if not d:
        return
    head = (f"What must be true for '{d['label']}' by {d['year']}: {d['reaching']:,} of {d['runs']:,} feasible runs "
            f"({100 * d['share_reaching']:.0f} %) reach it"
            + (f"; {d['infeasible_excluded']:,} infeasible left out" if d.get("infeasible_excluded") else ""))
    console.print(head, highlight=False)
    if "coverage" not in d:
        console.print(f"[yellow]{d['note']}[/]", highlight=False)
        return
    c = d["chosen"]
    table = Table(title=f"PRIM box (step {c}): coverage {100 * d['coverage'][c]:.0f} %, density "
                        f"{100 * d['density'][c]:.0f} %, mass {100 * d['mass'][c]:.0f} %", title_justify="left")
    table.add_column("parameter", overflow="fold")
    table.add_column("low", justify="right")
    table.add_column("high", justify="right")
    table.add_column("unit")
    table.add_column("sampled range", justify="right")
    for b in d["box"]:
        table.add_row(b["name"], "—" if b["low"] <= b["data_low"] else _limit(b["low"]),
                      "—" if b["high"] >= b["data_high"] else _limit(b["high"]), b.get("unit", ""),
                      f"{_limit(b['data_low'])}–{_limit(b['data_high'])}")
    if d["box"]:
        console.print(fit(console, table))
    else:
        console.print("The chosen box restricts no parameter.", highlight=False)
    if d.get("note"):
        console.print(f"[yellow]{d['note']}[/]", highlight=False)
