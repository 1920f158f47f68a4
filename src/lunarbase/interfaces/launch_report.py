"""Launch studies rendered: JSON records, rich tables, the difference table and the launch-window HTML chart.

The studies themselves (validation, propagation, windows) are ``lunarbase.launch_study``; this module only shows
what they return.
"""

from __future__ import annotations

import html
import json
import math
from collections.abc import Callable

import numpy as np
import plotly.graph_objects as go
from astropy import units as u
from plotly.offline import get_plotlyjs
from rich.table import Table

from lunarbase._version import __version__
from lunarbase.constants import AU
from lunarbase.launch_study import FIELDS, OUTCOMES, PERCENTILES, Launches, LaunchStudy, WindowsFound, iso_dates

_BY_NAME = {f[0]: f for f in FIELDS}
#: How each propagator is named in titles and on the windows page.
METHOD_LABELS = {"conic": "patched conics", "nbody": "N-body (REBOUND IAS15)"}


def _shown(value: float, si: str, display: str) -> float | None:
    value = float(value)
    if not math.isfinite(value):
        return None
    if si == display:
        return value
    return float((value * u.Unit(si)).to_value(u.Unit(display)))


def _quantity(value: float, si: str, display: str) -> dict:
    return {"value": _shown(value, si, display), "unit": u.Unit(display).to_string() if display else ""}


def record(launches: Launches, k: int, phase: float) -> dict:
    """One launch as JSON: date, lunar phase, outcome and every field as {"value", "unit"} (null if n/a)."""
    out = {"date": str(iso_dates(launches.jd.ravel()[k])[0]),
           "lunar_phase": _quantity(phase, "rad", "deg"),
           "outcome": OUTCOMES[int(launches.outcome.ravel()[k])]}
    for name, si, display, _ in FIELDS:
        out[name] = _quantity(getattr(launches, name).ravel()[k], si, display)
    return out


def difference(conic: Launches, nbody: Launches, k: int) -> dict:
    """How the two methods differ for launch k: outcome agreement and a, perihelion, aphelion differences."""
    out = {"same_outcome": bool(conic.outcome.ravel()[k] == nbody.outcome.ravel()[k])}
    for name in ("a", "perihelion", "aphelion"):
        c, n = float(getattr(conic, name).ravel()[k]), float(getattr(nbody, name).ravel()[k])
        out[f"{name}_nbody_minus_conic"] = _quantity(n - c, "m", "km")
        out[f"{name}_relative"] = _quantity((n - c) / n if math.isfinite(n - c) else float("nan"), "", "")
    out["e_nbody_minus_conic"] = _quantity(float(nbody.e.ravel()[k]) - float(conic.e.ravel()[k]), "", "")
    return out


def distribution_json(orbits: dict) -> dict:
    """The orbit distribution (``launch_study.orbit_distribution``, SI) as JSON, each field in its display unit."""
    out = {"percentiles": list(PERCENTILES)}
    for name, values in orbits.items():
        _, si, display, _ = _BY_NAME[name]
        out[name] = {"values": [_shown(x, si, display) for x in values], "unit": u.Unit(display).to_string()}
    return out


def _cell(value: float, si: str, display: str) -> str:
    v = _shown(value, si, display)
    return "—" if v is None else f"{v:.4g}"


#: The two tables ``depart`` prints, so each fits an 80-column terminal: the orbit, then speeds and propulsion.
ORBIT_FIELDS = ("a", "e", "i", "perihelion", "aphelion")
SPEED_FIELDS = ("v_inf_moon", "v_inf_earth", "time_to_leave_hill", "delta_v_to_target", "transfer_time")


#: Table headers shorter than the fields' labels, so that the orbit table fits 80 columns; the caption says them.
_SYMBOLS = {"perihelion": "q", "aphelion": "Q", "i": "i"}
_ORBIT_CAPTION = "q perihelion, Q aphelion, i inclination to the ecliptic; — where the payload does not escape"


def _dates(jd) -> list[str]:
    """Launch dates to the minute, date and time apart so that a narrow table may wrap them."""
    return [str(d)[:16].replace("T", " ") for d in iso_dates(np.ravel(jd))]


def tables(launches: Launches, phase, title: str, limit: int = 200) -> list[Table]:
    """Rich tables, one row per launch (the first ``limit``), units in the headers."""
    dates = _dates(launches.jd.ravel()[:limit])
    out = []
    for part, names in (("orbit", ORBIT_FIELDS), ("speeds and onboard propulsion", SPEED_FIELDS)):
        t = Table(title=f"{title}: {part}", title_justify="left",
                  caption=_ORBIT_CAPTION if part == "orbit" else None, caption_justify="left")
        t.add_column("date (TDB)")
        t.add_column("phase\ndeg" if part == "orbit" else "outcome", justify="right")
        if part == "orbit":
            t.add_column("outcome")
        for name in names:
            _, _, display, label = _BY_NAME[name]
            t.add_column(f"{_SYMBOLS.get(name, label)}\n{display}".strip(), justify="right")
        for k in range(min(limit, launches.jd.size)):
            outcome = OUTCOMES[int(launches.outcome.ravel()[k])]
            lead = [f"{np.degrees(phase.ravel()[k]):.1f}", outcome] if part == "orbit" else [outcome]
            cells = [_cell(getattr(launches, n).ravel()[k], *_BY_NAME[n][1:3]) for n in names]
            t.add_row(dates[k], *lead, *cells)
        out.append(t)
    return out


def difference_table(conic: Launches, nbody: Launches, limit: int = 200) -> Table:
    """Per launch: both outcomes, both semi-major axes and their relative difference."""
    t = Table(title="N-body minus patched conics", title_justify="left")
    for col in ("date (TDB)", "conic", "N-body", "a conic\nAU", "a N-body\nAU", "Δa / a\n%", "Δq\n10³ km"):
        t.add_column(col, justify="right")
    dates = _dates(conic.jd.ravel()[:limit])
    for k in range(min(limit, conic.jd.size)):
        d = difference(conic, nbody, k)
        rel = d["a_relative"]["value"]
        dq = d["perihelion_nbody_minus_conic"]["value"]
        t.add_row(dates[k], OUTCOMES[int(conic.outcome.ravel()[k])], OUTCOMES[int(nbody.outcome.ravel()[k])],
                  _cell(conic.a.ravel()[k], "m", "AU"), _cell(nbody.a.ravel()[k], "m", "AU"),
                  "—" if rel is None else f"{100 * rel:+.2f}", "—" if dq is None else f"{dq / 1e3:+.4g}")
    return t


#: The most launches the windows page draws: beyond it the charts show an even subset (every k-th launch, which
#: keeps the pattern against lunar phase) and say so; ``windows.parquet`` beside the page holds every launch.
#: Why: at the 2,000,000-launch cap the page drew every point, 211 MB of HTML and 1.6 GB of memory to write.
MAX_DRAWN = 20_000


def drawn_subset(n: int, most: int | None = None) -> np.ndarray:
    """Indices of the launches a chart draws: all ``n`` up to ``most`` (``MAX_DRAWN``), else every k-th
    (k = ceil(n / most))."""
    most = MAX_DRAWN if most is None else most
    return np.arange(0, n, max(1, -(-n // most)))


def windows_html(launches: Launches, phase, ok, summary_rows: list[list[str]], title: str,
                 method: str = "patched conics", data_file: str | None = None) -> str:
    """Self-contained page: outcome and heliocentric distances against lunar phase, and the window table.

    The charts draw at most ``MAX_DRAWN`` launches (``drawn_subset``); the page says when they draw fewer than
    all and names ``data_file``, where every launch is. The window table counts every launch.
    """
    n = launches.outcome.size
    take = drawn_subset(n)
    deg = np.degrees(np.asarray(phase).ravel())[take]
    outcome = launches.outcome.ravel()[take]
    fig = go.Figure()
    for code, name in enumerate(OUTCOMES):
        sel = outcome == code
        if sel.any():
            fig.add_trace(go.Scatter(x=deg[sel], y=np.full(sel.sum(), name), mode="markers", name=name,
                                     marker=dict(size=5)))
    fig.update_layout(title="Outcome against lunar phase (0° new moon, 180° full)", xaxis_title="lunar phase, deg",
                      template="plotly_white", height=320)
    dist = go.Figure()
    for name, label in (("perihelion", "perihelion"), ("a", "semi-major axis"), ("aphelion", "aphelion")):
        dist.add_trace(go.Scatter(x=deg, y=getattr(launches, name).ravel()[take] / AU, mode="markers", name=label,
                                  marker=dict(size=4)))
    reach = np.asarray(ok).ravel()[take]
    dist.add_trace(go.Scatter(x=deg[reach], y=np.ones(int(np.sum(reach))), mode="markers",
                              name="reaches the target class", marker=dict(symbol="line-ns-open", size=10)))
    dist.add_hline(y=1.0, line_dash="dot", line_color="#888")
    dist.update_layout(title="Heliocentric distances of the escapes against lunar phase",
                       xaxis_title="lunar phase, deg", yaxis_title="AU", template="plotly_white", height=420)
    rows = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in r) + "</tr>" for r in summary_rows)
    body = "".join(f.to_html(full_html=False, include_plotlyjs=False) for f in (fig, dist))
    drawn = "" if take.size == n else (
        f" The charts draw {take.size:,} of the {n:,} launches (one in {take[1] - take[0]:,}, evenly)"
        + (f"; every launch is in {html.escape(data_file)}" if data_file else "") + ".")
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{html.escape(title)}</title>"
            f"<script>{get_plotlyjs()}</script><style>body{{font-family:sans-serif;margin:2em}}"
            "td,th{padding:2px 8px;border-bottom:1px solid #ddd}</style></head><body>"
            f"<h1>{html.escape(title)}</h1>"
            f"<p>lunarbase {__version__}. Propagated by {html.escape(method)}; dates TDB.{drawn}</p>"
            f"{body}<h2>Windows per synodic month</h2><table><tr><th>month from</th><th>launches</th>"
            f"<th>reaching the class</th><th>windows (start → end)</th></tr>{rows}</table></body></html>")


def _by_method(study: LaunchStudy, result) -> tuple:
    """The (conic, nbody) launches of ``study.propagate()``'s result; None for a method not run."""
    if study.method == "both":
        return result
    return (result, None) if study.method == "conic" else (None, result)


def _speed_json(study: LaunchStudy) -> dict:
    return {"value": study.exit_speed / 1e3, "unit": "km / s"}


def _azimuth_json(study: LaunchStudy) -> dict:
    return {"value": float(np.degrees(study.site.track_azimuth)), "unit": "deg"}


def depart_json(study: LaunchStudy, result, phase) -> dict:
    """What ``depart --json`` prints: the study (site, exit speed, method, track azimuth) and one record per
    launch; with both methods each record holds both and their difference."""
    conic, nbody = _by_method(study, result)
    records = []
    for k in range(study.jd.size):
        if study.method == "both":
            records.append({"conic": record(conic, k, phase[k]), "nbody": record(nbody, k, phase[k]),
                            "difference": difference(conic, nbody, k)})
        else:
            records.append(record(conic if conic is not None else nbody, k, phase[k]))
    return {"site": study.name, "exit_speed": _speed_json(study), "method": study.method,
            "track_azimuth": _azimuth_json(study), "note": _caveat(study, conic), "launches": records}


def _study_json(study: LaunchStudy, conic) -> dict:
    """The head of what ``depart --json`` prints: the study, without its launches."""
    return {"site": study.name, "exit_speed": _speed_json(study), "method": study.method,
            "track_azimuth": _azimuth_json(study), "note": _caveat(study, conic)}


#: Launch records formatted at a time by the streaming writers: ~20 MB of text, so memory stays flat.
STREAM_CHUNK = 65_536
#: How the streaming writers print a number: significant digits far beyond what the model knows (1 m in an AU,
#: 1 um/s in a speed), in C by one ``%`` per record rather than a Python ``repr`` per number (5x faster).
NUMBER_FORMAT = "%.10g"
_NOT_FINITE = ('"value": nan', '"value": inf', '"value": -inf')


def _record_texts(launches: Launches, phase: np.ndarray, lo: int, hi: int) -> list[str]:
    """Launches ``lo:hi`` as JSON texts: the records of ``record`` (the same keys, units and nulls), the numbers
    to ``NUMBER_FORMAT``'s ten significant digits.

    Why: ``record`` converts units with astropy and formats the date one launch at a time (~2 ms a launch);
    here each field is converted with one multiplication by its unit's factor, the dates are written by one
    vectorised call (``iso_dates``) and each record by one C-level ``%`` format, a chunk at a time (~8 us a
    launch on a slow core). NaN and infinities are written ``null``, as ``record`` writes them.
    """
    dates = iso_dates(launches.jd.ravel()[lo:hi]).tolist()
    deg = np.degrees(np.asarray(phase, dtype=float).ravel()[lo:hi])
    finite = np.isfinite(deg)
    columns = [deg.tolist()]
    outcome = np.asarray(OUTCOMES, dtype=object)[launches.outcome.ravel()[lo:hi].astype(int)].tolist()
    template = ['{"date": "%s", "lunar_phase": {"value": ' + NUMBER_FORMAT + ', "unit": "deg"}, "outcome": "%s"']
    for name, si, display, _ in FIELDS:
        factor = 1.0 if si == display else float(u.Unit(si).to(u.Unit(display)))
        values = np.asarray(getattr(launches, name), dtype=float).ravel()[lo:hi]
        finite &= np.isfinite(values)
        columns.append((values if factor == 1.0 else values * factor).tolist())
        unit = u.Unit(display).to_string() if display else ""
        template.append(f', "{name}": {{"value": {NUMBER_FORMAT}, "unit": "{unit}"}}')
    form = "".join(template) + "}"
    texts = [form % row for row in zip(dates, columns[0], outcome, *columns[1:], strict=True)]
    for k in np.flatnonzero(~finite).tolist():
        texts[k] = _nulls(texts[k])
    return texts


def _nulls(text: str) -> str:
    for token in _NOT_FINITE:
        text = text.replace(token, '"value": null')
    return text


def _texts(study: LaunchStudy, result, phase, lo: int, hi: int) -> list[str]:
    """Records ``lo:hi`` as JSON texts for the study's method (both methods: a record per launch with both
    and their difference, written one by one: N-body follows at most 100,000 launches, slowly)."""
    conic, nbody = _by_method(study, result)
    if study.method != "both":
        return _record_texts(conic if conic is not None else nbody, phase, lo, hi)
    return [json.dumps({"conic": record(conic, k, phase[k]), "nbody": record(nbody, k, phase[k]),
                        "difference": difference(conic, nbody, k)}, allow_nan=False) for k in range(lo, hi)]


def write_depart_json(study: LaunchStudy, result, phase, write: Callable[[str], object], lines: bool = False,
                      progress: Callable[[int], None] | None = None) -> None:
    """Stream what ``depart --json`` prints to ``write``, ``STREAM_CHUNK`` records at a time: the same document
    as ``json.dumps(depart_json(...))``, or (``lines``) JSON Lines: the study first (``"launches"``: how many
    follow), then one record per line. ``progress(k)`` is told the records written so far."""
    conic, _ = _by_method(study, result)
    head, n = _study_json(study, conic), int(study.jd.size)
    if lines:
        write(json.dumps({**head, "launches": n}, allow_nan=False) + "\n")
    else:
        write(json.dumps(head, allow_nan=False)[:-1] + ', "launches": [')
    for lo in range(0, n, STREAM_CHUNK):
        hi = min(lo + STREAM_CHUNK, n)
        texts = _texts(study, result, phase, lo, hi)
        write("".join(t + "\n" for t in texts) if lines else (", " if lo else "") + ", ".join(texts))
        if progress is not None:
            progress(hi)
    if not lines:
        write("]}\n")


def _caveat(study: LaunchStudy, conic) -> str:
    """The study's warning about conics that N-body contradicts ("" if none, or N-body ran too)."""
    return study.conic_caveat(conic) if study.method == "conic" and conic is not None else ""


def depart_tables(study: LaunchStudy, result, phase, limit: int = 200) -> list:
    """What ``depart`` prints: the two tables per method run, the difference table when both ran, and a note
    when there are more than ``limit`` launches."""
    conic, nbody = _by_method(study, result)
    shown = []
    for method, launches in (("conic", conic), ("nbody", nbody)):
        if launches is not None:
            title = f"{study.name} at {study.exit_speed / 1e3:.4g} km/s, {METHOD_LABELS[method]}"
            shown += tables(launches, phase, title, limit)
    if conic is not None and nbody is not None:
        shown.append(difference_table(conic, nbody, limit))
    if study.jd.size > limit:
        shown.append(f"(first {limit} of {study.jd.size} launches shown; --json gives them all)")
    caveat = _caveat(study, conic)
    if caveat:
        shown.append(f"note: {caveat}")
    return shown


def _iso(jd: float) -> str:
    return str(iso_dates(jd)[0])


def windows_title(study: LaunchStudy) -> str:
    return f"Launch windows — {study.name} at {study.exit_speed / 1e3:.4g} km/s, target {study.target}"


def windows_json(study: LaunchStudy, found: WindowsFound) -> dict:
    """What ``windows --json`` prints (less the chart's path): the study, the shares, the outcome counts, the
    orbit distribution of the escapes and the windows per synodic month."""
    months = [{"month_start": _iso(m.start_jd), "launches": m.launches, "reaching": m.reaching,
               "windows": [{"start": _iso(w.start_jd), "end": _iso(w.end_jd), "launches": w.launches}
                           for w in m.windows]}
              for m in found.months]
    return {"site": study.name, "exit_speed": _speed_json(study), "target": study.target,
            "track_azimuth": _azimuth_json(study), "launches": int(study.jd.size),
            "escape_share": found.escape_share, "target_share": found.target_share, "outcomes": found.outcomes,
            "orbits_of_escapes": distribution_json(found.orbits), "months": months,
            "note": _caveat(study, found.launches)}


def windows_rows(found: WindowsFound) -> list[list[str]]:
    """One row per synodic month: its start, launches, launches reaching, and its windows (start → end)."""
    return [[_iso(m.start_jd)[:16], str(m.launches), str(m.reaching),
             "; ".join(f"{_iso(w.start_jd)[:16]} → {_iso(w.end_jd)[:16]}" for w in m.windows) or "—"]
            for m in found.months]


def windows_page(study: LaunchStudy, found: WindowsFound, data_file: str | None = None) -> str:
    """The windows chart page (``windows_html``) for a study; ``data_file`` names where every launch is."""
    return windows_html(found.launches, found.phase, found.reaching, windows_rows(found), windows_title(study),
                        METHOD_LABELS[study.method], data_file)


def windows_table_arrow(study: LaunchStudy, found: WindowsFound):
    """Every launch of a windows study as an Arrow table for ``windows.parquet``: date (TDB Julian date), lunar
    phase, outcome (code, and its name in the schema's metadata), whether it reaches the target class, and every
    field of ``FIELDS`` in SI, each field's unit in its metadata. No strings per row: 2,000,000 launches take
    ~150 MB in memory and far less on disk."""
    import pyarrow as pa

    launches = found.launches
    columns = {"jd_tdb": (launches.jd.ravel(), "d"), "lunar_phase": (np.asarray(found.phase).ravel(), "rad"),
               "outcome": (launches.outcome.ravel().astype(np.int8), ""),
               "reaches_target": (np.asarray(found.reaching).ravel(), "")}
    for name, si, _, _ in FIELDS:
        columns[name] = (np.asarray(getattr(launches, name), dtype=float).ravel(), si)
    fields = [pa.field(name, pa.from_numpy_dtype(values.dtype), metadata={"unit": unit})
              for name, (values, unit) in columns.items()]
    meta = {"site": study.name, "exit_speed_m_per_s": repr(float(study.exit_speed)), "target": study.target,
            "method": study.method, "outcomes": json.dumps(list(OUTCOMES)), "generator": f"lunarbase {__version__}"}
    return pa.table([pa.array(v) for v, _ in columns.values()], schema=pa.schema(fields, metadata=meta))


def windows_table(study: LaunchStudy, found: WindowsFound) -> Table:
    """The windows per synodic month as a rich table."""
    t = Table(title=windows_title(study), title_justify="left")
    for col in ("month from (TDB)", "launches", "reaching", "windows"):
        t.add_column(col)
    for row in windows_rows(found):
        t.add_row(*row)
    return t


def windows_note(study: LaunchStudy, found: WindowsFound, chart) -> str:
    """The line under the windows table: the shares escaping and reaching, and where the chart is."""
    caveat = _caveat(study, found.launches)
    return (f"escape share around the clock: {found.escape_share:.1%}; reaching '{study.target}': "
            f"{found.target_share:.1%}; chart: {chart}" + (f"\nnote: {caveat}" if caveat else ""))
