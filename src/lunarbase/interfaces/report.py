"""The HTML report: one self-contained file (Plotly's JavaScript embedded once, no network needed)."""

from __future__ import annotations

import html
from datetime import UTC, datetime

import numpy as np
import plotly.graph_objects as go
from plotly.offline import get_plotlyjs

from lunarbase._version import __version__
from lunarbase.constraints import CONSTRAINTS
from lunarbase.engine import PFLOPS_YEAR, WATERFALL, Run, rental_per_pflops_year
from lunarbase.figures import YEARLY, in_format
from lunarbase.interfaces.summary import (
    LEVELIZED_METHOD,
    MILESTONE_LABELS,
    departure_method,
    figure_label,
    final_figures,
    satellite_figures,
    share_of_peak,
    shown,
)
from lunarbase.references import H100_RENTAL, KARDASHEV_LINES, POWER_LINES, REFERENCES
from lunarbase.units import format_human

_LAYOUT = dict(template="plotly_white", height=420, margin=dict(l=70, r=30, t=60, b=50),
               legend=dict(orientation="h", y=-0.18))


def _reference_lines(fig: go.Figure, lines: list[tuple[float, str]], log: bool = False) -> None:
    """Dotted horizontal lines with labels; on a log axis Plotly places annotations at log10(y)."""
    for value, label in lines:
        fig.add_hline(y=value, line_dash="dot", line_color="#888")
        if not label:
            continue
        fig.add_annotation(x=0.01, xref="paper", y=float(np.log10(value)) if log else value, yref="y", text=label,
                           showarrow=False, xanchor="left", yanchor="bottom", font=dict(size=10, color="#555"))


def _yearly(run: Run, key: str) -> tuple[np.ndarray, str]:
    values, unit = shown(key, run.yearly(key))
    return np.where(values > 0, values, np.nan), unit


def _log_chart(run: Run, title: str, keys: list[str], y_title: str, lines=()) -> go.Figure:
    fig = go.Figure()
    for key in keys:
        values, _ = _yearly(run, key)
        fig.add_trace(go.Scatter(x=run.years, y=values, mode="lines", name=figure_label(key, run.number_format)))
    _reference_lines(fig, list(lines), log=True)
    fig.update_layout(title=title, yaxis_type="log", yaxis_title=y_title, xaxis_title="year", **_LAYOUT)
    return fig


# One unit per axis: a stock (W installed) and a flow (W/yr launched), or a power and a mass, never share one.
def installed_chart(run: Run) -> go.Figure:
    return _log_chart(run, "Installed compute", ["installed_compute"], "W", [*POWER_LINES, (1e12, "1 TW")])


def launched_chart(run: Run) -> go.Figure:
    return _log_chart(run, "Compute launched per year", ["compute_launched"], "W/yr",
                      [(1e9, "1 GW/yr"), (1e11, "100 GW/yr"), (1e12, "1 TW/yr")])


def base_chart(run: Run) -> go.Figure:
    """Surface power (W, left axis) and factory mass (kg, right axis)."""
    fig = go.Figure()
    power, _ = _yearly(run, "surface_power")
    factory, _ = _yearly(run, "factory_mass")
    fig.add_trace(go.Scatter(x=run.years, y=power, name="surface power (W, left)", mode="lines"))
    fig.add_trace(go.Scatter(x=run.years, y=factory, name="factory mass (kg, right)", mode="lines", yaxis="y2",
                             line=dict(dash="dash")))
    fig.update_layout(title="Surface power and factory mass at the base", yaxis_type="log", yaxis_title="W",
                      yaxis2=dict(title="kg", type="log", overlaying="y", side="right"), xaxis_title="year",
                      **_LAYOUT)
    return fig


def binding_chart(run: Run) -> go.Figure:
    names = [name.replace("_", " ") for name in CONSTRAINTS]
    codes = [CONSTRAINTS.index(b) for b in run.binding_by_year]
    fig = go.Figure(go.Scatter(x=run.years, y=[names[c] for c in codes], mode="markers",
                               marker=dict(size=9, symbol="square", color=codes, colorscale="Viridis",
                                           cmin=0, cmax=len(CONSTRAINTS) - 1)))
    fig.update_layout(title="What limits deployment, year by year", xaxis_title="year",
                      yaxis=dict(categoryorder="array", categoryarray=names), **_LAYOUT)
    return fig


def launch_chart(run: Run) -> go.Figure:
    fig = go.Figure()
    cap, _ = _yearly(run, "launch_capacity")
    launched, _ = _yearly(run, "mass_launched")
    drivers, _ = _yearly(run, "mass_drivers")
    fig.add_trace(go.Scatter(x=run.years, y=cap, name="launch capacity (kg/yr)", mode="lines"))
    fig.add_trace(go.Scatter(x=run.years, y=launched, name="mass launched (kg/yr)", mode="lines"))
    fig.add_trace(go.Scatter(x=run.years, y=drivers, name="mass drivers", mode="lines", yaxis="y2",
                             line=dict(dash="dash")))
    fig.update_layout(title="Mass-driver throughput", yaxis_type="log", yaxis_title="kg/yr",
                      yaxis2=dict(title="drivers", overlaying="y", side="right", rangemode="tozero",
                                  tickformat="d"),
                      xaxis_title="year", **_LAYOUT)
    return fig


def cost_chart(run: Run) -> go.Figure:
    fig = go.Figure()
    steps = run.scenario.params.horizon.steps_per_year
    for item, kind in (("launch", "capex"), ("hardware", "capex"), ("chips", "capex"), ("operations", "opex")):
        yearly = run[f"spend_{item}"].reshape(-1, steps).sum(axis=1) * run.dt
        fig.add_trace(go.Scatter(x=run.years, y=yearly, name=f"{item} ({kind})", stackgroup="spend", mode="lines"))
    cumulative, _ = _yearly(run, "cumulative_spend")
    fig.add_trace(go.Scatter(x=run.years, y=cumulative, name="cumulative (right axis)", yaxis="y2",
                             line=dict(color="black", dash="dot")))
    fig.update_layout(title="Spending by item", yaxis_title="USD per year",
                      yaxis2=dict(title="USD cumulative", overlaying="y", side="right"),
                      xaxis_title="year", **_LAYOUT)
    return fig


def rental_lines() -> list[tuple[float, str]]:
    """Today's H100 rental, low and high, as reference lines in USD per PFLOP/s-year (one label for both)."""
    _, (low, high) = H100_RENTAL
    return [(float(rental_per_pflops_year(high)), f"an H100 rented on demand, ${low:.2f}–{high:.2f}/h (2026)"),
            (float(rental_per_pflops_year(low)), "")]


def levelized_chart(run: Run) -> go.Figure:
    return _log_chart(run, "Levelized cost of compute to date (discounted), with today's H100 rental",
                      ["levelized_cost_to_date"], "USD per PFLOP/s-year delivered", rental_lines())


def levelized_rows(run: Run) -> list[list[str]]:
    """The levelized cost, per PFLOP/s-year and per H100-hour, its waterfall, and the old yardstick, labelled."""
    lc = run.levelized_cost
    rows = [[f"Levelized cost per PFLOP/s-year delivered ({run.number_format}), discounted at "
             f"{lc.discount_rate:.0%}/yr real", format_human(lc.per_pflops_year, "USD/PFLOPs_yr")],
            ["Levelized cost per H100-hour delivered (989 TFLOP/s dense BF16, 700 W)",
             format_human(lc.per_accelerator_hour, "USD/h")]]
    rows += [[f"waterfall, {label}", share_of_peak(lc.shares[stage])] for stage, label in WATERFALL.items()]
    label, (low, high) = H100_RENTAL
    per_year = rental_per_pflops_year([low, high])
    rows.append([label, f"${low:.2f}–{high:.2f} per hour (${per_year[0]:,.0f}–{per_year[1]:,.0f} per PFLOP/s-yr)"])
    rows.append(["Undiscounted cumulative spend per PFLOP/s-year done (not a levelized cost)",
                 format_human(lc.undiscounted_per_flop * PFLOPS_YEAR, "USD/PFLOPs_yr")])
    return rows


def kardashev_chart(run: Run) -> go.Figure:
    level, _ = shown("kardashev", run.yearly("kardashev"))
    fig = go.Figure(go.Scatter(x=run.years, y=level, mode="lines", name="electric power used"))
    _reference_lines(fig, KARDASHEV_LINES)
    fig.update_layout(title="Kardashev level (Sagan: K = (log10 P[W] - 6) / 10)", yaxis_title="K",
                      xaxis_title="year", **_LAYOUT)
    return fig


def budget_chart(run: Run) -> go.Figure:
    budget = satellite_figures(run)["budget"]
    items = [k for k, (v, _) in budget.items() if v > 0]
    fig = go.Figure(go.Bar(x=items, y=[budget[k][0] for k in items], text=[f"{budget[k][0]:.0f}" for k in items]))
    fig.update_layout(title="Satellite mass budget (kg)", yaxis_title="kg", **_LAYOUT)
    return fig


def html_table(header: list[str], rows: list[list[str]]) -> str:
    """A table of text, escaped, in its own scrolling box (class ``scroll``): every page's tables."""
    head = "".join(f"<th>{html.escape(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in r) + "</tr>" for r in rows)
    # A wide table scrolls inside its own box rather than widening the page.
    return f'<div class="scroll"><table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>'


_CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2rem auto;max-width:1100px;
color:#222;padding:0 1rem}
h1{margin-bottom:.2rem} .muted{color:#666} table{border-collapse:collapse;margin:1rem 0;width:100%;font-size:.9rem}
th,td{border-bottom:1px solid #ddd;padding:.3rem .5rem;text-align:left;vertical-align:top}
td:nth-child(2){white-space:nowrap} .flag{color:#a15c00} .scroll{overflow-x:auto}
"""


def run_charts(run: Run) -> list[go.Figure]:
    """The charts of a run's report, in page order."""
    charts = [launched_chart(run), installed_chart(run), base_chart(run), binding_chart(run), launch_chart(run),
              cost_chart(run), levelized_chart(run), kardashev_chart(run)]
    if run.design.satellite is not None:
        charts.append(budget_chart(run))
    return charts


def render_report(run: Run) -> str:
    """The whole report as one HTML string."""
    sc = run.scenario
    horizon = int(run.years[-1])
    chart_html = "".join(
        f'<section class="chart">{fig.to_html(full_html=False, include_plotlyjs=False)}</section>'
        for fig in run_charts(run)
    )
    milestones = html_table(["milestone", "year"], [
        [MILESTONE_LABELS[k], f"{v:.1f}" if v is not None else f"not reached by {horizon}"]
        for k, v in run.milestones.items()])
    final = html_table(["figure", "value"], [[figure_label(k, run.number_format), format_human(v, u)]
                                        for k, (v, u) in final_figures(run).items()]
                   + [[name, format_human(v, u)] for name, v, u in REFERENCES.values()])
    levelized = html_table(["figure", "value"], levelized_rows(run))
    binding = html_table(["years", "binding constraint"], [
        [f"{a}–{b}" if b > a else str(a), c.replace("_", " ")] for a, b, c in run.binding_periods])
    params = html_table(["parameter", "value", "source"], [[r.path, r.text(), r.source] for r in sc.rows()])
    flags = "".join(f'<p class="flag">bound: {html.escape(f)}</p>' for f in run.bounds[1])
    method, note = departure_method(run)
    if note:
        flags += f'<p class="flag">departure: {html.escape(note)}</p>'
    if method:
        flags += f'<p class="muted">departure figures from: {html.escape(method)}</p>'
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>lunarbase — {html.escape(sc.name)}</title>
<style>{_CSS}</style><script type="text/javascript">{get_plotlyjs()}</script></head>
<body>
<h1>{html.escape(sc.name)}</h1>
<p class="muted">{html.escape(sc.description)}</p>
<p class="muted">lunarbase {__version__} · {run.years[0]}–{horizon} in {sc.params.horizon.steps_per_year} steps a
year · made {stamp}</p>
<p class="muted">FLOP figures count {html.escape(run.number_format)} operations (chips.number_format).</p>
{flags}
<h2>Milestones</h2>{milestones}
<h2>In {horizon}</h2>{final}
<h2>Levelized cost of compute, {run.years[0]}–{horizon}</h2>
<p class="muted">{html.escape(LEVELIZED_METHOD)}.</p>{levelized}
<h2>Binding constraint</h2>{binding}
<h2>Charts</h2>{chart_html}
<h2>Parameters and their sources</h2>{params}
</body></html>
"""


_ROUTE_CHARTS = (
    ("installed_compute", "Installed compute", "W", POWER_LINES),
    ("compute_launched", "Compute added per year", "W/yr", ()),  # POWER_LINES are in W, not W/yr
    ("installed_flops", "Installed computing speed", "FLOP/s", ()),
    ("flops_added", "Computing speed added per year", "FLOP/s per yr", ()),
    ("earth_flights", "Earth launches per year", "flights/yr", ()),
    ("levelized_cost_to_date", "Levelized cost of compute to date (discounted), with today's H100 rental",
     "USD per PFLOP/s-year", "rental"),
    ("cumulative_spend", "Cumulative spending", "USD", ()),
)


def route_chart(cmp, key: str, title: str, y_title: str, lines=()) -> go.Figure:
    """One line per route on a log axis, with the reference lines ("rental": today's H100 rental)."""
    lines = rental_lines() if isinstance(lines, str) and lines == "rental" else lines
    fig = go.Figure()
    for run in cmp.runs:
        values, _ = _yearly(run, key)
        fig.add_trace(go.Scatter(x=run.years, y=values, mode="lines", name=run.scenario.name))
    _reference_lines(fig, list(lines), log=True)
    fig.update_layout(title=title, yaxis_type="log", yaxis_title=y_title, xaxis_title="year", **_LAYOUT)
    return fig


def route_kardashev_chart(cmp) -> go.Figure:
    fig = go.Figure()
    for run in cmp.runs:
        level, _ = shown("kardashev", run.yearly("kardashev"))
        fig.add_trace(go.Scatter(x=run.years, y=level, mode="lines", name=run.scenario.name))
    _reference_lines(fig, KARDASHEV_LINES)
    fig.update_layout(title="Kardashev level of the electric power used (Sagan: K = (log10 P[W] - 6) / 10)",
                      yaxis_title="K", xaxis_title="year", **_LAYOUT)
    return fig


def route_binding_chart(cmp) -> go.Figure:
    names = [name.replace("_", " ") for name in CONSTRAINTS]
    fig = go.Figure()
    for run in cmp.runs:
        fig.add_trace(go.Scatter(x=run.years, y=[run.scenario.name] * len(run.years), mode="markers",
                                 name=run.scenario.name, showlegend=False,
                                 text=[b.replace("_", " ") for b in run.binding_by_year],
                                 hovertemplate="%{x}: %{text}<extra>%{y}</extra>",
                                 marker=dict(size=8, symbol="square", cmin=0, cmax=len(CONSTRAINTS) - 1,
                                             colorscale="Viridis",
                                             color=[CONSTRAINTS.index(b) for b in run.binding_by_year])))
    fig.add_annotation(x=0, xref="paper", y=1.08, yref="paper", showarrow=False, xanchor="left",
                       text="colour = binding constraint: " + ", ".join(names), font=dict(size=10))
    fig.update_layout(title="What limits each route, year by year", xaxis_title="year", **_LAYOUT)
    return fig


def render_compare_report(cmp) -> str:
    """The comparison as one self-contained HTML page (Plotly embedded once)."""
    from lunarbase.comparison import MEASURES

    horizon = int(cmp.years[-1])
    charts = [route_chart(cmp, key, in_format(title, cmp.number_format) if YEARLY[key].flop else title, y_title,
                          lines)
              for key, title, y_title, lines in _ROUTE_CHARTS] + [route_kardashev_chart(cmp), route_binding_chart(cmp)]
    chart_html = "".join(
        f'<section class="chart">{fig.to_html(full_html=False, include_plotlyjs=False)}</section>'
        for fig in charts)
    keys = list(next(iter(cmp.runs)).milestones)
    milestones = html_table(["route", *[MILESTONE_LABELS[k] for k in keys]], [
        [run.scenario.name, *[f"{run.milestones[k]:.1f}" if run.milestones[k] is not None else "—" for k in keys]]
        for run in cmp.runs])
    final = html_table(["route", *[figure_label(k, cmp.number_format) for k in MEASURES], "binding"], [
        [run.scenario.name, *[format_human(*final_figures(run)[k]) for k in MEASURES], run.binding_by_year[-1]]
        for run in cmp.runs])
    label, (low, high) = H100_RENTAL
    costs = html_table(["route", "discount rate (real)", "per PFLOP/s-year delivered", "per H100-hour delivered",
                    "delivered / peak"], [
        [run.scenario.name, f"{run.levelized_cost.discount_rate:.0%}",
         format_human(run.levelized_cost.per_pflops_year, "USD/PFLOPs_yr"),
         format_human(run.levelized_cost.per_accelerator_hour, "USD/h"),
         f"{run.levelized_cost.shares['usable']:.0%}"] for run in cmp.runs]
        + [[label, "", f"${rental_per_pflops_year(low):,.0f}–{rental_per_pflops_year(high):,.0f}",
            f"${low:.2f}–{high:.2f} per h", ""]])
    passes = html_table(["year", "route", "overtakes (installed compute)"],
                    [[str(o.year), o.route, o.other] for o in cmp.overtakes]) if cmp.overtakes else (
        "<p>No route overtakes another.</p>")
    refs = html_table(["reference", "value"], [[label, format_human(v, u)] for label, v, u in REFERENCES.values()])
    params = "".join(
        f"<details><summary>{html.escape(run.scenario.name)}: {html.escape(run.scenario.description)}</summary>"
        + html_table(["parameter", "value", "source"], [[r.path, r.text(), r.source] for r in run.scenario.rows()])
        + "</details>" for run in cmp.runs)
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    steps = cmp.runs[0].scenario.params.horizon.steps_per_year
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>lunarbase — routes compared</title>
<style>{_CSS}</style><script type="text/javascript">{get_plotlyjs()}</script></head>
<body>
<h1>Routes compared</h1>
<p class="muted">{html.escape(", ".join(cmp.names))}</p>
<p class="muted">lunarbase {__version__} · {cmp.years[0]}–{horizon} in {steps} steps a year · made {stamp}</p>
<p class="muted">FLOP figures count {html.escape(cmp.number_format)} operations (chips.number_format).</p>
<h2>Milestones</h2>{milestones}
<h2>In {horizon}</h2>{final}
<h2>Levelized cost of compute, {cmp.years[0]}–{horizon}</h2>
<p class="muted">{html.escape(LEVELIZED_METHOD)}.</p>{costs}
<h2>Overtakes</h2>{passes}
<h2>References</h2>{refs}
<h2>Charts</h2>{chart_html}
<h2>Parameters and their sources</h2>{params}
</body></html>
"""
