"""The report of a study: one self-contained HTML page (Plotly's JavaScript embedded once, no network needed).

A study's analyses (``lunarbase.analysis``) arrive as one plain dict, the same that ``study.json`` holds, so the
page can be written again from the file alone. Every section but the header is optional; a section missing from
the dict is left off the page.

The ``study`` dict
------------------

Numbers are plain floats (``None`` or NaN where there is none); units are astropy strings.

``scenario`` (str, required)
    The scenario studied. Optional beside it: ``description`` (str), ``start_year``/``horizon`` (int, the run's
    first and last year), ``number_format`` (str, the FLOP format, ``chips.number_format``).
``method`` (str, required), ``samples`` (int, required), ``seed`` (int, required)
    How the points were drawn: ``"mc"``, ``"lhs"``, ``"sobol"`` (Saltelli's design) or ``"morris"``; the number of
    model runs; the seed that reproduces them.
``inputs``: list of dicts
    Each uncertain parameter: ``path`` (``"section.field"``), ``distribution`` (text, e.g. ``"uniform 2.45–2.9"``
    or ``"triangular(0.5, 0.8, 1.2)"``), ``unit`` (the unit its numbers are in), ``source`` (why this range).
``milestones``: ``{name: {"years": [int], "p": [float], "se": [float], "median": int | None}}``
    The probability of reaching each milestone by the end of each year and its Monte Carlo standard error
    (``analysis.probability_by_year``), and the median year (``analysis.median_year``). ``name`` is a key of
    ``figures.MILESTONES`` (its label is shown) or any text; optional ``label``.
``fans``: ``{key: {"years": [int], "q5": [...], "q25": [...], "q50": [...], "q75": [...], "q95": [...]}}``
    Quantiles across samples of a yearly figure (``analysis.fan``). ``key`` is a key of ``figures.YEARLY``: its
    values are then the engine's SI yearly figures (``Run.yearly``: flows summed over the year, stocks at its end)
    and the page shows them in the catalogue's unit (W/yr, USD per PFLOP/s-year ...). Give ``unit`` (and
    ``label``) to plot values as they are instead.
``sobol``: ``{output: {parameter: {"S1", "S1_conf", "ST", "ST_conf"}}}``
    Sobol indices with the half-widths of their bootstrap intervals (``analysis.sobol_indices``) per output: a
    milestone name (its year; 'never' read as the horizon + 1) or a ``figures.YEARLY`` key (the horizon's figure).
``morris``: ``{output: {parameter: {"mu_star", "mu_star_conf", "mu", "sigma"}}}`` (``analysis.morris_indices``).
``tornado``: ``{output: {"base": float, "low_q": float, "high_q": float, "bars": [{"name", "low", "high"}],
"unit": str (optional), "note": str (optional)}}``
    One-at-a-time swings (``analysis.Tornado.as_dict``): the output with every parameter at its median, and with
    one at its low and high quantile; ``bars`` largest swing first; ``note`` is shown under the heading.
``prim``: ``analysis.PrimResult.as_dict()`` plus ``target`` (text: ``"Launching 1 TW a year by 2050"``)
    ``coverage``, ``density``, ``mass``, ``restricted`` (per peeling step), ``chosen`` (step index),
    ``threshold``, ``peel_alpha``, ``note``, and ``box``: ``[{"name", "low", "high", "data_low", "data_high"}]``,
    the chosen box's limits on the dimensions it restricts, optional ``unit`` each. Optional: ``reaching``,
    ``runs``, ``share_reaching``, ``infeasible_excluded`` (``explore --discover``'s counts). Without
    ``coverage`` (no run, or every run, reaches the target) the section shows ``target`` and ``note`` alone.
``pareto``: ``{"x": [...], "y": [...], "front": [int], "x_label", "x_unit", "y_label", "y_unit"}``
    Every sample's two figures (e.g. the year 1 TW/yr is reached and the cumulative spend by then) and the indices
    of the non-dominated ones (``analysis.pareto_front``).
``binding``: ``{"shares": {constraint: float}, "year": int}`` or ``{"shares": {constraint: [float]}, "years": [int]}``
    How often each constraint binds (``analysis.binding_shares``): in one year, or year by year.
"""

from __future__ import annotations

import html
import math
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import plotly.graph_objects as go
from plotly.offline import get_plotlyjs

from lunarbase._version import __version__
from lunarbase.atomic import write_text_atomically
from lunarbase.constraints import MEANINGS
from lunarbase.figures import MILESTONES, YEARLY, in_format
from lunarbase.interfaces.report import _CSS, _LAYOUT, html_table
from lunarbase.interfaces.summary import shown
from lunarbase.units import format_human

#: The z of a two-sided 95 % normal interval: the CDF's band is p +/- Z95 se.
Z95 = 1.959963984540054

#: What each sampling method means, for the header.
METHODS = {
    "mc": "Monte Carlo (independent draws)",
    "lhs": "Latin hypercube (Iman & Conover 1982 rank correlation)",
    "sobol": "Saltelli's design on a scrambled Sobol' sequence (N (k + 2) runs)",
    "morris": "Morris trajectories (r (k + 1) runs)",
}


def _arr(values) -> np.ndarray:
    """A JSON list (None where there is no number) as floats with NaN."""
    return np.array([np.nan if v is None else v for v in values], dtype=float)


def _num(value, digits: int = 4) -> str:
    return "—" if value is None or not math.isfinite(float(value)) else f"{float(value):.{digits}g}"


def output_label(key: str, number_format: str | None = None) -> str:
    """A milestone's or yearly figure's label (with its number format where it counts FLOP), else the key."""
    if key in MILESTONES:
        return f"year of: {MILESTONES[key].label}"
    if key in YEARLY:
        fig = YEARLY[key]
        label = in_format(fig.label, number_format) if fig.flop and number_format else fig.label
        return f"{label} (horizon year)"
    return key


def _milestone_label(name: str, entry: Mapping) -> str:
    return entry.get("label") or (MILESTONES[name].label if name in MILESTONES else name)


# --- charts ---------------------------------------------------------------------------------------------------

def cdf_chart(milestones: Mapping[str, Mapping]) -> go.Figure:
    """P(reached by each year) per milestone, with its 95 % Monte Carlo band (p +/- 1.96 se, clipped to [0, 1])."""
    fig = go.Figure()
    for i, (name, m) in enumerate(milestones.items()):
        years, p, se = _arr(m["years"]), _arr(m["p"]), _arr(m["se"])
        colour = _COLOURS[i % len(_COLOURS)]
        lo, hi = np.clip(p - Z95 * se, 0, 1), np.clip(p + Z95 * se, 0, 1)
        fig.add_trace(go.Scatter(x=np.r_[years, years[::-1]], y=np.r_[hi, lo[::-1]], fill="toself",
                                 fillcolor=_rgba(colour, 0.18), line=dict(width=0), hoverinfo="skip",
                                 showlegend=False, legendgroup=name))
        fig.add_trace(go.Scatter(x=years, y=p, mode="lines", name=_milestone_label(name, m), legendgroup=name,
                                 line=dict(color=colour), customdata=se,
                                 hovertemplate="%{x}: %{y:.3f} ± %{customdata:.3f} (1 se)<extra></extra>"))
    fig.update_layout(title="Probability of reaching each milestone by each year (band: 95 % Monte Carlo interval)",
                      yaxis=dict(title="probability", range=[0, 1.02]), xaxis_title="year", **_LAYOUT)
    return fig


def _fan_values(key: str, entry: Mapping) -> tuple[dict[str, np.ndarray], str, str]:
    """The quantiles of a fan in the unit people read them in, with that unit and the figure's label."""
    qs = {q: _arr(entry[q]) for q in ("q5", "q25", "q50", "q75", "q95") if q in entry}
    if "unit" in entry or key not in YEARLY:
        return qs, entry.get("unit", ""), entry.get("label", key)
    unit = YEARLY[key].shown_unit
    return {q: shown(key, v)[0] for q, v in qs.items()}, unit, entry.get("label", YEARLY[key].label)


def fan_chart(key: str, entry: Mapping, number_format: str | None = None) -> go.Figure:
    """The 5–95 % and 25–75 % bands and the median of a yearly figure across samples; a log axis where the median
    spans more than two decades."""
    qs, unit, label = _fan_values(key, entry)
    if key in YEARLY and YEARLY[key].flop and number_format and "label" not in entry:
        label = in_format(label, number_format)
    years = _arr(entry["years"])
    fig = go.Figure()
    for lo, hi, name, alpha in (("q5", "q95", "5–95 %", 0.15), ("q25", "q75", "25–75 %", 0.3)):
        if lo in qs and hi in qs:
            fig.add_trace(go.Scatter(x=np.r_[years, years[::-1]], y=np.r_[qs[hi], qs[lo][::-1]], fill="toself",
                                     fillcolor=_rgba(_COLOURS[0], alpha), line=dict(width=0), name=name,
                                     hoverinfo="skip"))
    if "q50" in qs:
        fig.add_trace(go.Scatter(x=years, y=qs["q50"], mode="lines", name="median", line=dict(color=_COLOURS[0]),
                                 text=[format_human(v, unit) for v in qs["q50"]],
                                 hovertemplate="%{x}: %{text}<extra>median</extra>"))
    positive = qs.get("q50", np.array([]))
    positive = positive[np.isfinite(positive) & (positive > 0)]
    log = positive.size > 1 and positive.max() / positive.min() > 100
    if log:  # zeros have no place on a log axis: blank them rather than draw a cliff
        for trace in fig.data:
            trace.y = np.where(np.asarray(trace.y, dtype=float) > 0, trace.y, np.nan)
    fig.update_layout(title=f"{label}: spread across samples", yaxis_type="log" if log else "linear",
                      yaxis_title=unit.replace("PFLOPs_yr", "PFLOP/s-year") or "—", xaxis_title="year", **_LAYOUT)
    return fig


def sobol_chart(output: str, indices: Mapping[str, Mapping], number_format: str | None = None) -> go.Figure:
    """First-order and total Sobol indices per parameter with their bootstrap intervals, by total index."""
    names = sorted(indices, key=lambda n: -np.nan_to_num(float(indices[n]["ST"])))
    fig = go.Figure()
    for key, label in (("S1", "first order S1"), ("ST", "total ST")):
        fig.add_trace(go.Bar(x=names, y=[indices[n][key] for n in names], name=label,
                             error_y=dict(type="data", array=[indices[n][f"{key}_conf"] for n in names])))
    fig.update_layout(title=f"Sobol indices: {output_label(output, number_format)}", barmode="group",
                      yaxis_title="share of variance", **_LAYOUT)
    return fig


def morris_chart(output: str, indices: Mapping[str, Mapping], number_format: str | None = None) -> go.Figure:
    """Morris screening: mu* (importance) against sigma (interactions or non-linearity), one point a parameter."""
    names = list(indices)
    fig = go.Figure(go.Scatter(
        x=[indices[n]["mu_star"] for n in names], y=[indices[n]["sigma"] for n in names], mode="markers+text",
        text=names, textposition="top center", marker=dict(size=9),
        error_x=dict(type="data", array=[indices[n]["mu_star_conf"] for n in names])))
    fig.update_layout(title=f"Morris screening: {output_label(output, number_format)}",
                      xaxis=dict(title="μ* (mean |elementary effect|)", rangemode="tozero"),
                      yaxis=dict(title="σ (spread of the effects)", rangemode="tozero"), **_LAYOUT)
    return fig


def tornado_chart(output: str, entry: Mapping, number_format: str | None = None) -> go.Figure:
    """Each parameter's swing of the output from its low to its high quantile, the others at their medians;
    the largest swing on top."""
    bars = list(entry["bars"])[::-1]  # Plotly draws categories bottom up
    base = float("nan") if entry["base"] is None else float(entry["base"])
    names = [b["name"] for b in bars]
    fig = go.Figure()
    for key, q, colour in (("low", entry.get("low_q", 0.05), _COLOURS[0]),
                           ("high", entry.get("high_q", 0.95), _COLOURS[1])):
        values = _arr([b[key] for b in bars])
        fig.add_trace(go.Bar(y=names, x=values - base, base=base, orientation="h", marker_color=colour,
                             name=f"parameter at its {q:.0%} quantile", customdata=values,
                             hovertemplate="%{y}: %{customdata:.4g}<extra></extra>"))
    fig.add_vline(x=base, line_color="#444")
    unit = entry.get("unit", "")
    fig.update_layout(title=f"One at a time: {output_label(output, number_format)} (line: all at their medians, "
                            f"{_num(base)} {unit})".replace(" )", ")"),
                      barmode="overlay", xaxis_title=unit or "value", height=max(320, 60 + 34 * len(bars)),
                      **{k: v for k, v in _LAYOUT.items() if k != "height"})
    return fig


def prim_chart(entry: Mapping) -> go.Figure:
    """The peeling trajectory: each box's coverage against its density, coloured by the dimensions it restricts;
    the chosen box ringed."""
    cov, den = _arr(entry["coverage"]), _arr(entry["density"])
    mass, restricted = _arr(entry["mass"]), _arr(entry["restricted"])
    c = int(entry["chosen"])
    fig = go.Figure(go.Scatter(
        x=cov, y=den, mode="markers+lines", name="peeling trajectory", line=dict(color="#bbb"),
        marker=dict(size=8, color=restricted, colorscale="Viridis", colorbar=dict(title="dims")),
        customdata=np.c_[np.arange(cov.size), mass, restricted],
        hovertemplate="step %{customdata[0]}: coverage %{x:.3f}, density %{y:.3f}, mass %{customdata[1]:.3f}, "
                      "%{customdata[2]} dims<extra></extra>"))
    fig.add_trace(go.Scatter(x=[cov[c]], y=[den[c]], mode="markers", name=f"chosen box (step {c})",
                             marker=dict(size=16, symbol="circle-open", color="crimson", line=dict(width=2))))
    if entry.get("threshold") is not None:
        fig.add_hline(y=float(entry["threshold"]), line_dash="dot", line_color="#888")
    fig.update_layout(title=f"PRIM: {entry.get('target', 'cases of interest')}: coverage against density",
                      xaxis=dict(title="coverage (share of the cases of interest inside the box)", range=[0, 1.02]),
                      yaxis=dict(title="density (share of the box's samples that are cases)", range=[0, 1.02]),
                      **_LAYOUT)
    return fig


def pareto_chart(entry: Mapping) -> go.Figure:
    """Every sample's two figures, with the non-dominated ones joined."""
    x, y = _arr(entry["x"]), _arr(entry["y"])
    front = [int(i) for i in entry.get("front", [])]
    x_title = f"{entry.get('x_label', 'x')} ({entry['x_unit']})" if entry.get("x_unit") else entry.get("x_label", "x")
    y_title = f"{entry.get('y_label', 'y')} ({entry['y_unit']})" if entry.get("y_unit") else entry.get("y_label", "y")
    fig = go.Figure(go.Scatter(x=x, y=y, mode="markers", name="samples", marker=dict(size=5, color="#9bb")))
    if front:
        fig.add_trace(go.Scatter(x=x[front], y=y[front], mode="lines+markers", name="Pareto front",
                                 line=dict(color="crimson", shape="hv")))
    positive = y[np.isfinite(y) & (y > 0)]
    log = positive.size > 1 and positive.max() / positive.min() > 100
    fig.update_layout(title=f"Trade-off: {entry.get('x_label', 'x')} against {entry.get('y_label', 'y')}",
                      xaxis_title=x_title, yaxis_title=y_title, yaxis_type="log" if log else "linear", **_LAYOUT)
    return fig


def binding_chart(entry: Mapping) -> go.Figure:
    """How often each constraint binds: bars for one year, stacked areas year by year."""
    shares = entry["shares"]
    fig = go.Figure()
    if "years" in entry:
        for name, values in shares.items():
            fig.add_trace(go.Scatter(x=entry["years"], y=values, name=name.replace("_", " "), stackgroup="binding",
                                     mode="lines", hovertemplate="%{x}: %{y:.1%}<extra>" + name + "</extra>"))
        title = "How often each constraint binds, year by year (share of samples)"
        fig.update_layout(xaxis_title="year")
    else:
        names = sorted(shares, key=lambda n: -shares[n])
        fig.add_trace(go.Bar(x=[n.replace("_", " ") for n in names], y=[shares[n] for n in names],
                             text=[f"{shares[n]:.0%}" for n in names]))
        title = "How often each constraint binds" + (f" in {entry['year']}" if "year" in entry else "")
    fig.update_layout(title=title, yaxis=dict(title="share of samples", range=[0, 1.02], tickformat=".0%"),
                      **_LAYOUT)
    return fig


_COLOURS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf")


def _rgba(hex_colour: str, alpha: float) -> str:
    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


# --- tables ---------------------------------------------------------------------------------------------------

def milestone_rows(study: Mapping) -> list[list[str]]:
    """Per milestone: the median year and P(reached by the horizon), each probability with its standard error."""
    rows = []
    for name, m in study["milestones"].items():
        p, se, years = _arr(m["p"]), _arr(m["se"]), list(m["years"])
        median = m.get("median")
        rows.append([_milestone_label(name, m), str(median) if median is not None else f"after {years[-1]}",
                     f"{p[-1]:.3f} ± {se[-1]:.3f}"])
    return rows


def _limit(value, data, side: str) -> str:
    """A box limit, or 'no limit' where the box keeps the samples' own end on that side."""
    if data is not None and value is not None and (value <= data if side == ">" else value >= data):
        return "no limit"
    return _num(value)


def _prob_at(m: Mapping, year: int) -> str:
    years = list(m["years"])
    if year not in years:
        return "—"
    i = years.index(year)
    return f"{_arr(m['p'])[i]:.2f} ± {_arr(m['se'])[i]:.2f}"


def _sections(study: Mapping) -> list[tuple[str, str, list[go.Figure]]]:
    """The optional sections, in page order: (heading, HTML before the charts, charts)."""
    fmt = study.get("number_format")
    out = []
    if study.get("milestones"):
        ms = study["milestones"]
        years = list(next(iter(ms.values()))["years"])
        marks = [y for y in (2030, 2040, 2050, 2060, 2080, 2100) if y in years]
        table = html_table(["milestone", "median year", f"P(by {years[-1]}) ± se", *[f"P(by {y})" for y in marks]],
                       [[*row, *[_prob_at(m, y) for y in marks]] for row, m in zip(milestone_rows(study), ms.values(),
                                                                                    strict=True)])
        note = ('<p class="muted">A milestone counts as reached by a year when it is reached during or before it; '
                "samples that never reach it stay out of every year, so a curve may end below 1. ± is the Monte "
                "Carlo standard error sqrt(p (1 − p) / n).</p>")
        out.append(("Milestones: probability by year", note + table, [cdf_chart(ms)]))
    if study.get("fans"):
        out.append(("Spread across samples", '<p class="muted">Bands: 5–95 % and 25–75 % of the samples; line: the '
                    "median, year by year (each year's quantiles apart, not one sample's path).</p>",
                    [fan_chart(k, v, fmt) for k, v in study["fans"].items()]))
    if study.get("sobol"):
        out.append(("Sensitivity: Sobol indices", '<p class="muted">S1: the share of the output\'s variance a '
                    "parameter explains alone (Saltelli et al. 2010); ST: with all its interactions (Jansen 1999); "
                    "error bars: bootstrap 95 % intervals. A milestone never reached counts as the year after the "
                    "horizon.</p>", [sobol_chart(k, v, fmt) for k, v in study["sobol"].items()]))
    if study.get("morris"):
        out.append(("Screening: Morris elementary effects", '<p class="muted">μ*: mean absolute elementary effect '
                    "(Morris 1991; Campolongo et al. 2007), in the output's unit per unit-cube step; σ: their spread "
                    "(interactions or non-linearity).</p>",
                    [morris_chart(k, v, fmt) for k, v in study["morris"].items()]))
    if study.get("tornado"):
        notes = "".join(f'<p class="muted">{html.escape(str(v["note"]))}</p>' for v in study["tornado"].values()
                        if v.get("note"))
        out.append(("One at a time: tornado", '<p class="muted">Each parameter at its low and high quantile, every '
                    "other at its median.</p>" + notes,
                    [tornado_chart(k, v, fmt) for k, v in study["tornado"].items()]))
    if study.get("prim") and "coverage" not in study["prim"]:
        p = study["prim"]
        out.append(("Scenario discovery: PRIM", f'<p>What must be true for <b>{html.escape(str(p.get("target", "")))}'
                    f'</b>?</p><p class="flag">{html.escape(str(p.get("note", "nothing to discover")))}</p>', []))
    elif study.get("prim"):
        p = study["prim"]
        c = int(p["chosen"])
        head = (f'<p>What must be true for <b>{html.escape(str(p.get("target", "the cases of interest")))}</b>: '
                f"the box at step {c} holds {_arr(p['coverage'])[c]:.0%} of the cases (coverage) and "
                f"{_arr(p['density'])[c]:.0%} of its samples are cases (density), {_arr(p['mass'])[c]:.0%} of all "
                f"samples; peeled {p.get('peel_alpha', 0.05):.0%} a step (Friedman &amp; Fisher 1999).</p>")
        if p.get("share_reaching") is not None:
            head += (f'<p class="muted">{p.get("reaching", "")} of {p.get("runs", "")} feasible runs '
                     f'({float(p["share_reaching"]):.0%}) reach it'
                     + (f'; {p["infeasible_excluded"]} infeasible runs left out' if p.get("infeasible_excluded")
                        else "") + ".</p>")
        if p.get("note"):
            head += f'<p class="flag">{html.escape(p["note"])}</p>'
        box = html_table(["parameter", "low", "high", "range in the samples", "unit"],
                     [[b["name"], _limit(b["low"], b.get("data_low"), ">"), _limit(b["high"], b.get("data_high"), "<"),
                       f"{_num(b.get('data_low'))} – {_num(b.get('data_high'))}", b.get("unit", "")]
                      for b in p.get("box", [])]) if p.get("box") else "<p>The chosen box restricts nothing.</p>"
        out.append(("Scenario discovery: PRIM", head + box, [prim_chart(p)]))
    if study.get("pareto"):
        out.append(("Trade-off: Pareto front", "", [pareto_chart(study["pareto"])]))
    if study.get("binding"):
        b = study["binding"]
        names = list(b["shares"])
        table = html_table(["constraint", "what it means"], [[n.replace("_", " "), MEANINGS.get(n, "")] for n in names])
        out.append(("Binding constraints", table, [binding_chart(b)]))
    return out


def render_study_report(study: Mapping[str, Any]) -> str:
    """The whole study page as one HTML string (see the module docstring for ``study``)."""
    missing = [k for k in ("scenario", "method", "samples", "seed") if k not in study]
    if missing:
        raise ValueError(f"study report: missing {', '.join(missing)}")
    esc = html.escape
    name = str(study["scenario"])
    method = str(study["method"])
    body = []
    for heading, before, charts in _sections(study):
        figs = "".join(f'<section class="chart">{f.to_html(full_html=False, include_plotlyjs=False)}</section>'
                       for f in charts)
        body.append(f"<h2>{esc(heading)}</h2>{before}{figs}")
    if study.get("inputs"):
        body.append("<h2>Uncertain inputs</h2>" + html_table(
            ["parameter", "distribution", "unit", "source"],
            [[i["path"], i.get("distribution", ""), i.get("unit", ""), i.get("source", "")] for i in study["inputs"]]))
    span = (f" · {study['start_year']}–{study['horizon']}" if "start_year" in study and "horizon" in study else "")
    fmt = (f'<p class="muted">FLOP figures count {esc(study["number_format"])} operations '
           "(chips.number_format).</p>") if study.get("number_format") else ""
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>lunarbase study — {esc(name)}</title>
<style>{_CSS}</style><script type="text/javascript">{get_plotlyjs()}</script></head>
<body>
<h1>Study: {esc(name)}</h1>
<p class="muted">{esc(str(study.get("description", "")))}</p>
<p class="muted">lunarbase {__version__}{span} · {int(study["samples"]):,} runs · sampling:
{esc(METHODS.get(method, method))} · seed {esc(str(study["seed"]))} · made {stamp}</p>
{fmt}
{"".join(body)}
</body></html>
"""


def write_study_report(study: Mapping[str, Any], path: str | Path) -> Path:
    """Write the study page to ``path`` (a file, or a folder that gets ``report.html``); returns the file.

    Written to a temporary name and renamed, so a reader never sees half a page."""
    path = Path(path)
    if path.is_dir() or not path.suffix:
        path = path / "report.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    write_text_atomically(path, render_study_report(study))
    return path


__all__ = ["METHODS", "cdf_chart", "fan_chart", "morris_chart", "output_label", "pareto_chart", "prim_chart",
           "render_study_report", "sobol_chart", "tornado_chart", "write_study_report"]


def _input_row(path: str, row) -> dict:
    """One uncertain parameter for the inputs table: its distribution in words with 5 / 50 / 95 %, and source."""
    if row is None:
        return {"path": path, "distribution": "", "unit": "", "source": ""}
    return {"path": path, "distribution": f"{row.dist}; 5 / 50 / 95 %: {row.summary}", "unit": row.unit,
            "source": row.source}


def from_study_summary(scenario, inputs: dict, summary: dict) -> dict:
    """The report's ``study`` dict from a finished ``lunarbase.study`` run: its inputs and its summary (the
    milestone CDFs with their standard errors, the fans, Sobol or Morris indices, the binding shares at the
    horizon, the tornado with yearly figures in the unit people read them in, the discovery as ``prim``) and each
    uncertain parameter's distribution and source from the scenario's ``[uncertainty]``."""
    rows = {r.path: r for r in scenario.uncertainty.rows()} if scenario.uncertainty is not None else {}
    study = {
        "scenario": inputs["scenario"], "method": inputs["method"], "samples": inputs["samples"],
        "seed": inputs["seed"], "number_format": scenario.params.chips.number_format,
        "inputs": [_input_row(path, rows.get(path)) for path in inputs["parameters"]],
        "milestones": {name: {"years": [y for y, _ in m["cdf"]], "p": [p for _, p in m["cdf"]],
                              "se": [e for _, e in m["se"]], "median": m["median"], "label": m.get("label")}
                       for name, m in summary["milestones"].items()},
        "fans": {key: {"years": [row[0] for row in f["values"]],
                       **{f"q{round(q * 100)}": [row[i + 1] for row in f["values"]]
                          for i, q in enumerate(f["quantiles"])}}
                 for key, f in summary.get("fans", {}).items()},
    }
    runs = max(sum(summary.get("binding_final", {}).values()), 1)
    if summary.get("binding_final"):
        study["binding"] = {"shares": {k: v / runs for k, v in summary["binding_final"].items()},
                            "year": summary["years"][-1] if summary.get("years") else None}
    for method in ("sobol", "morris"):
        if summary.get("sensitivity") and inputs["method"] == method:
            study[method] = summary["sensitivity"]
    tornado = {key: _tornado_shown(key, entry) for key, entry in (summary.get("tornado") or {}).items()
               if isinstance(entry, Mapping) and "bars" in entry}
    if tornado:
        study["tornado"] = tornado
    if summary.get("discovery"):
        study["prim"] = dict(summary["discovery"])
    return study


def _tornado_shown(key: str, entry: Mapping) -> dict:
    """A tornado of a yearly figure in its SI unit (as the summary holds it) in the unit people read it in."""
    out = dict(entry)
    if key not in YEARLY or not YEARLY[key].unit or entry.get("unit") != YEARLY[key].unit:
        return out
    def conv(v):
        return None if v is None else float(shown(key, v)[0])

    out["base"] = conv(entry["base"])
    out["bars"] = [{**b, "low": conv(b["low"]), "high": conv(b["high"])} for b in entry["bars"]]
    out["unit"] = YEARLY[key].shown_unit
    return out
