"""What ``lunarbase claims`` prints and writes: the claims table, its JSON records and ``claims.html``.

Rendering only: the checks are ``lunarbase.claims``. The table has one row per claim (the claim and its source,
the key figure it implies, what the model gives on the plan's figures and on the defaults, the verdict), then each
verdict's reason; ``--json`` is a list of :meth:`lunarbase.claims.Checked.json` records; the page embeds Plotly's
JavaScript once and fetches nothing.
"""

from __future__ import annotations

import html
import json
import math
from datetime import UTC, datetime
from pathlib import Path

from rich.console import Console
from rich.table import Table

from lunarbase._version import __version__
from lunarbase.claims import ROUTES, Checked
from lunarbase.interfaces.console import fit
from lunarbase.interfaces.outputs import staged_folder
from lunarbase.interfaces.report import html_table

#: Colours of the verdicts in the terminal.
_STYLE = {"consistent": "green", "consistent only if": "yellow", "impossible by physics": "bold red"}


def claims_json(checked: list[Checked]) -> list[dict]:
    """The records ``--json`` prints and ``claims.json`` holds."""
    return [c.json() for c in checked]


def _model_cell(c: Checked) -> str:
    plan, default = ROUTES[c.claim.route]
    return f"plan: {c.model[plan].text}\ndefault: {c.model[default].text}"


def print_claims(console: Console, checked: list[Checked], folder: Path | None = None) -> None:
    """The claims table, then the reason for each verdict."""
    table = Table(title="The plan's claims, checked", title_justify="left", show_lines=True)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("claim")
    table.add_column("implies")
    table.add_column("model")
    table.add_column("verdict")
    for i, c in enumerate(checked, 1):
        key = c.key_figure
        table.add_row(str(i), f"{c.claim.title}\n[dim]{c.claim.who}, {c.claim.date}, {c.claim.kind}[/]",
                      f"{key.text()}\n[dim]{key.label}[/]" if key else "—", _model_cell(c),
                      f"[{_STYLE[c.verdict]}]{c.verdict}[/]")
    console.print(fit(console, table))
    console.print("plan = the plan-as-stated presets (the claims' own figures); default = lunar-base-alpha or "
                  "earth-orbit-starship (engineering values). probability = share of runs of the default preset's "
                  "[uncertainty] set (a Latin hypercube, claims --samples) meeting a dated claim.", style="dim",
                  markup=False)
    console.print()
    console.print("Why", style="bold")
    for i, c in enumerate(checked, 1):
        odds = "" if c.probability is None else f" (probability {c.probability:.0%})"
        console.print(f"{i:>2}. {c.verdict}{odds}: {c.reason}", soft_wrap=False, highlight=False, markup=False)
    if folder is not None:
        console.print(f"\nwrote {folder}/claims.html and claims.json")


def _chart(checked: list[Checked]):
    """Each claim's ceilings as need / limit on a log axis: right of 1, the limit is passed."""
    import plotly.graph_objects as go

    fig = go.Figure()
    for physical, colour, name in ((True, "#c0392b", "physical ceiling"), (False, "#2980b9", "other limit")):
        xs, ys, text = [], [], []
        for c in checked:
            for x in c.ceilings:
                if x.physical == physical and math.isfinite(x.ratio) and x.ratio > 0:
                    xs.append(x.ratio)
                    ys.append(f"{c.claim.title}: {x.label}")
                    text.append(x.text())
        fig.add_trace(go.Bar(x=xs, y=ys, orientation="h", name=name, marker_color=colour, hovertext=text,
                             hoverinfo="text"))
    fig.add_vline(x=1.0, line_dash="dot", line_color="#555")
    fig.update_layout(title="What each claim needs, against the ceilings it meets (need / limit; 1 = at the limit)",
                      xaxis_type="log", xaxis_title="need / limit", template="plotly_white",
                      height=max(420, 28 * sum(len(c.ceilings) for c in checked)),
                      margin=dict(l=420, r=30, t=60, b=50), legend=dict(orientation="h", y=-0.08))
    return fig


_CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2rem auto;max-width:1200px;
color:#222;padding:0 1rem} .muted{color:#666} table{border-collapse:collapse;margin:1rem 0;width:100%;
font-size:.88rem} th,td{border-bottom:1px solid #ddd;padding:.3rem .5rem;text-align:left;vertical-align:top}
.scroll{overflow-x:auto} .consistent{color:#1e8449} .only{color:#b9770e} .impossible{color:#c0392b;font-weight:bold}
"""


def render_claims_report(checked: list[Checked]) -> str:
    """The claims as one self-contained HTML page (Plotly's JavaScript embedded; nothing fetched)."""
    from plotly.offline import get_plotlyjs

    css = {"consistent": "consistent", "consistent only if": "only", "impossible by physics": "impossible"}
    rows = []
    for i, c in enumerate(checked, 1):
        plan, default = ROUTES[c.claim.route]
        key = c.key_figure
        rows.append(f"<tr><td>{i}</td><td><b>{html.escape(c.claim.title)}</b><br>“{html.escape(c.claim.words)}”"
                    f"<br><span class='muted'>{html.escape(c.claim.source)}, {html.escape(c.claim.date)}</span></td>"
                    f"<td>{html.escape(key.text()) if key else '—'}<br><span class='muted'>"
                    f"{html.escape(key.label) if key else ''}</span></td>"
                    f"<td>{html.escape(plan)}: {html.escape(c.model[plan].text)}<br>{html.escape(default)}: "
                    f"{html.escape(c.model[default].text)}</td>"
                    f"<td class='{css[c.verdict]}'>{html.escape(c.verdict)}</td><td>{html.escape(c.reason)}</td>"
                    + f"<td>{'—' if c.probability is None else f'{c.probability:.0%}'}</td></tr>")
    head = "".join(f"<th>{h}</th>" for h in ("#", "claim", "implies", "model", "verdict", "reason", "probability"))
    summary = f'<div class="scroll"><table><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table></div>'
    details = "".join(
        f"<h3>{i}. {html.escape(c.claim.title)}</h3>"
        + html_table(["implies", "value"], [[f.label, f.text()] for f in c.implies])
        + (html_table(["ceiling", "law", "need / limit", "kind"],
                  [[x.label, x.law, x.text().split(": ", 1)[1], "physical" if x.physical else "other"]
                   for x in c.ceilings]) if c.ceilings else "")
        for i, c in enumerate(checked, 1))
    chart = _chart(checked).to_html(full_html=False, include_plotlyjs=False)
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>lunarbase — the plan's claims, checked</title>
<style>{_CSS}</style><script type="text/javascript">{get_plotlyjs()}</script></head>
<body>
<h1>The plan's claims, checked</h1>
<p class="muted">lunarbase {__version__} · made {stamp} · plan = the plan-as-stated presets (the claims' own
figures); default = lunar-base-alpha or earth-orbit-starship (engineering values). Press figures are claims as
reported, not measurements.</p>
{summary}
<h2>Needs against ceilings</h2><section class="chart">{chart}</section>
<h2>What each claim implies</h2>{details}
</body></html>
"""


def write_claims(checked: list[Checked], out_dir: Path, page: str) -> Path:
    """``out_dir/claims/`` with claims.html and claims.json, written atomically; return that folder."""
    with staged_folder(out_dir, "claims") as staging:
        (staging / "claims.json").write_text(json.dumps(claims_json(checked), indent=1, allow_nan=False))
        (staging / "claims.html").write_text(page)
    return out_dir / "claims"


__all__ = ["claims_json", "print_claims", "render_claims_report", "write_claims"]
