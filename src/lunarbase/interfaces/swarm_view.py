"""What ``lunarbase swarm`` prints and writes: the year's tables, the JSON, and the folder ``--out`` fills.

The folder (written whole, ``atomic.write_folder_atomically``): ``swarm.html`` (a 3-D Plotly view, WebGL,
plotly.js embedded, a slider over the years), ``swarm.czml`` (CesiumJS: at most ``CZML_CAP`` satellites,
geocentric ICRF positions, Lagrange-interpolated), ``states.parquet`` (every drawn satellite at every frame, SI,
units in each field's metadata), ``summary.json`` (the ``--json`` object) and ``parameters.json`` (the
scenario's parameters with their sources, and the swarm's own settings).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from lunarbase import swarm as swarm_mod
from lunarbase.atomic import write_folder_atomically
from lunarbase.constants import AU
from lunarbase.units import quantity_json

#: Most objects in the CZML: CesiumJS slows past about a thousand time-dynamic entities.
CZML_CAP = 1_000
#: CZML position samples a year (Lagrange degree 5 through them: a 1 AU orbit's 12 samples a year hold it within
#: ~1e-4 of its radius).
CZML_SAMPLES_PER_YEAR = 12


def summary_json(scenario: str, s: swarm_mod.Swarm, year_summary: swarm_mod.YearSummary,
                 link: swarm_mod.LinkSummary | None = None) -> dict:
    """The ``--json`` object: quantities as ``{"value", "unit"}``, SI; with ``link``, the links home and the usable
    share of the compute per workload (``usable_fraction``, plain shares, and ``usable_mix``)."""
    y = year_summary

    def percentiles(values: dict, unit: str) -> dict:
        return {k: quantity_json(v, unit) for k, v in values.items()}

    return {
        "scenario": scenario,
        "year": y.year,
        "satellites": quantity_json(y.satellites, ""),
        "sampled": y.sampled,
        "weighted": bool(s.total > s.size + 0.5),
        "distance": percentiles(y.distance_m, "m"),
        "light_time": percentiles(y.light_time_s, "s"),
        "conjunction_outage": quantity_json(y.outage_days_per_year, "d / yr"),
        "conjunction_outage_p95": quantity_json(y.outage_p95_days, "d / yr"),
        "share_ever_in_conjunction": quantity_json(y.share_ever_in_conjunction, ""),
        "conjunction_angle": quantity_json(np.degrees(y.conjunction_angle_rad), "deg"),
        "cluster_radius": quantity_json(y.cluster_radius_m, "m"),
        "neighbours_within_cluster_radius": quantity_json(y.neighbours_within, ""),
        "clustered_share": quantity_json(y.clustered_share, ""),
        "nearest_neighbour_in_sample": percentiles(y.nearest_neighbour_m, "m"),
        "close_approach_distance": quantity_json(y.close_approach_m, "m"),
        "close_pairs_in_sample": y.close_pairs,
        "date_step": quantity_json(y.step_days, "d"),
        "departure": s.method,
    } | ({} if link is None else link_json(link))


def link_json(link: swarm_mod.LinkSummary) -> dict:
    """The links' part of the ``--json`` object."""
    return {
        "link_capacity_home": {k: quantity_json(v, "bit / s") for k, v in link.capacity_home_bps.items()},
        "inference_traffic_home": quantity_json(link.needed_home_bps, "bit / s"),
        "flops_per_satellite": quantity_json(link.flops_per_satellite, "FLOP / s"),
        "usable_fraction": {k: round(v, 6) for k, v in link.usable.items()},
        "usable_mix": round(link.usable_mix, 6),
        "clustered_share_used": round(link.cluster_share, 6),
    }


def print_swarm(console, scenario: str, s: swarm_mod.Swarm, y: swarm_mod.YearSummary, folder: Path | None,
                link: swarm_mod.LinkSummary | None = None) -> None:
    """The year's tables, at most 80 columns."""
    from rich.table import Table

    weighted = s.total > s.size + 0.5
    console.print(f"[bold]{scenario}[/]: the swarm in {y.year:g}", highlight=False)
    head = Table(show_header=False, box=None, pad_edge=False)
    head.add_column(style="dim")
    head.add_column()
    head.add_row("satellites alive", f"{y.satellites:,.0f}" + (f" (a weighted sample of {y.sampled:,})" if weighted
                                                                 else " (every one)"))
    head.add_row("departure", s.method)
    console.print(head)
    table = Table(title="Seen from the Earth, over the year", title_justify="left")
    table.add_column("figure")
    for name in ("p05", "p50", "p95"):
        table.add_column(name, justify="right")
    table.add_row("distance (AU)", *(f"{y.distance_m[k] / AU:.3g}" for k in ("p05", "p50", "p95")))
    table.add_row("distance (million km)", *(f"{y.distance_m[k] / 1e9:.4g}" for k in ("p05", "p50", "p95")))
    table.add_row("light time, one way (min)", *(f"{y.light_time_s[k] / 60:.3g}" for k in ("p05", "p50", "p95")))
    table.add_row("nearest neighbour in sample (km)", *(f"{y.nearest_neighbour_m[k] / 1e3:.3g}"
                                                        for k in ("p05", "p50", "p95")))
    console.print(table)
    links = Table(title="Conjunctions and clusters", title_justify="left", show_header=False)
    links.add_column()
    links.add_column(justify="right")
    angle = np.degrees(y.conjunction_angle_rad)
    links.add_row(f"conjunction outage, mean (SEP < {angle:g} deg)", f"{y.outage_days_per_year:.3g} d/yr")
    links.add_row("conjunction outage, p95 of satellites", f"{y.outage_p95_days:.3g} d/yr")
    links.add_row("share ever in conjunction this year", f"{100 * y.share_ever_in_conjunction:.3g} %")
    links.add_row(f"others within {y.cluster_radius_m / 1e3:,.0f} km, mean (estimate)", f"{y.neighbours_within:.3g}")
    links.add_row(f"share with one within {y.cluster_radius_m / 1e3:,.0f} km", f"{100 * y.clustered_share:.3g} %")
    links.add_row(f"pairs closer than {y.close_approach_m / 1e3:g} km (sample)", f"{y.close_pairs:,}")
    console.print(links)
    if link is not None:
        home = Table(title="Links home and what the compute can serve (mid-year)", title_justify="left",
                     show_header=False)
        home.add_column()
        home.add_column(justify="right")
        home.add_row("rate home a satellite, p05 / p50 / p95 (Gb/s)",
                     " / ".join(f"{link.capacity_home_bps[k] / 1e9:.3g}" for k in ("p05", "p50", "p95")))
        home.add_row("inference traffic home a satellite (Gb/s)", f"{link.needed_home_bps / 1e9:.3g}")
        for name, share in link.usable.items():
            home.add_row(f"usable for {name.replace('_', ' ')}", f"{100 * share:.3g} %")
        home.add_row("usable, the mix as allocated", f"{100 * link.usable_mix:.3g} %")
        console.print(home)
    if weighted:
        console.print("[dim]A weighted sample: neighbour counts are estimates (each point stands for "
                      f"{s.total / s.size:,.0f} satellites); nearest neighbours and close pairs are the sample's "
                      "own, upper and lower bounds.[/]", highlight=False)
    if folder is not None:
        console.print(f"written: {folder}", highlight=False, soft_wrap=True)


def _cohort_colours(cohorts: np.ndarray) -> tuple[float, float]:
    return float(cohorts.min()), float(max(cohorts.max(), cohorts.min() + 1))


def render_html(scenario: str, hist: swarm_mod.History, points: int = swarm_mod.VIEW_POINTS,
                start_year: float | None = None) -> str:
    """The 3-D view: Sun, Earth, Moon and the swarm coloured by launch year, one frame a date with a slider
    (starting at the frame nearest ``start_year``, default the last); at most ``points`` swarm points over all
    frames (the first alive of the shuffled sample in each); buttons to look at the whole orbit or around the
    Earth (the frames fall at the same date each year, so the Earth stays near one place)."""
    import plotly.graph_objects as go
    from plotly.offline import get_plotlyjs

    frames_n = hist.jd.size
    per_frame = max(1, points // frames_n)
    lo, hi = _cohort_colours(hist.swarm.cohort)
    years = swarm_mod.year_of_jd(hist.jd)
    first = frames_n - 1 if start_year is None else int(np.argmin(np.abs(years - start_year)))

    def swarm_trace(k):
        idx = np.flatnonzero(hist.alive[:, k])[:per_frame]
        xyz = np.round(hist.position_m[idx, k] / AU, 5)
        return go.Scatter3d(x=xyz[:, 0], y=xyz[:, 1], z=xyz[:, 2], mode="markers", name="satellites",
                            marker=dict(size=2, color=hist.swarm.cohort[idx], cmin=lo, cmax=hi, colorscale="Plasma",
                                        colorbar=dict(title="launch year", thickness=12)),
                            hovertemplate="%{x:.3f}, %{y:.3f}, %{z:.3f} AU<extra>satellite</extra>")

    def body(name, xyz, size, colour):
        xyz = np.round(np.atleast_2d(xyz) / AU, 6)
        return go.Scatter3d(x=xyz[:, 0], y=xyz[:, 1], z=xyz[:, 2], mode="markers", name=name,
                            marker=dict(size=size, color=colour), hovertemplate=f"{name}<extra></extra>")

    def bodies(k):
        return [body("Earth", hist.earth_m[k], 6, "deepskyblue"), body("Moon", hist.moon_m[k], 3, "lightgray")]

    ring = np.linspace(0, 2 * np.pi, 361)
    orbit = go.Scatter3d(x=np.cos(ring), y=np.sin(ring), z=0 * ring, mode="lines", name="1 AU circle",
                         line=dict(color="rgb(150,150,150)", width=2), hoverinfo="skip")
    data = [swarm_trace(first), *bodies(first), body("Sun", np.zeros(3), 12, "gold"), orbit]
    names = [f"{y:.2f}" for y in years]
    frames = [go.Frame(name=names[k], data=[swarm_trace(k), *bodies(k)], traces=[0, 1, 2]) for k in range(frames_n)]
    steps = [dict(method="animate", label=f"{int(np.floor(years[k]))}",
                  args=[[names[k]], dict(mode="immediate", frame=dict(duration=0, redraw=True),
                                         transition=dict(duration=0))]) for k in range(frames_n)]
    alive = hist.position_m[hist.alive] / AU
    reach = 1.1 * max(1.2, float(np.nanmax(np.abs(alive))) if alive.size else 1.2)
    whole = dict(xaxis=dict(range=[-reach, reach]), yaxis=dict(range=[-reach, reach]),
                 zaxis=dict(range=[-reach / 4, reach / 4]))
    centre = np.mean(hist.earth_m, axis=0) / AU
    span = 0.4
    near = dict(xaxis=dict(range=[centre[0] - span, centre[0] + span]),
                yaxis=dict(range=[centre[1] - span, centre[1] + span]), zaxis=dict(range=[-span / 4, span / 4]))

    def scene(ranges):
        return {f"scene.{a}.range": ranges[a]["range"] for a in ranges}

    axis = dict(title="AU", backgroundcolor="rgb(10,10,25)", gridcolor="rgb(60,60,80)", color="rgb(200,200,210)")
    fig = go.Figure(data=data, frames=frames)
    fig.update_layout(
        template="plotly_dark", paper_bgcolor="rgb(10,10,25)",
        title=f"{scenario}: the swarm, heliocentric J2000 ecliptic (a sample of {hist.swarm.size:,} standing for "
              f"{hist.swarm.total:,.0f} satellites launched)",
        scene=dict(xaxis={**axis, **whole["xaxis"]}, yaxis={**axis, **whole["yaxis"]},
                   zaxis={**axis, **whole["zaxis"]}, aspectmode="manual", aspectratio=dict(x=1, y=1, z=0.25)),
        sliders=[dict(active=first, steps=steps, currentvalue=dict(prefix="year "), pad=dict(t=30))],
        updatemenus=[
            dict(type="buttons", showactive=False, x=0.0, y=0.02, xanchor="left", yanchor="top",
                 buttons=[dict(label="play", method="animate",
                               args=[None, dict(frame=dict(duration=300, redraw=True), fromcurrent=True)])]),
            dict(type="buttons", direction="right", x=0.0, y=1.0, xanchor="left", yanchor="bottom", showactive=False,
                 bgcolor="rgb(50,50,80)", font=dict(color="white"),
                 buttons=[dict(label="whole orbit", method="relayout", args=[scene(whole)]),
                          dict(label="around the Earth", method="relayout", args=[scene(near)])])],
        height=780, margin=dict(l=0, r=0, t=80, b=0), legend=dict(x=0, y=0.92))
    chart = fig.to_html(full_html=False, include_plotlyjs=False, div_id="swarm", auto_play=False)
    note = (f"{per_frame:,} points at most a frame, {frames_n} frames, one a year at mid-year (decimated for the "
            "browser); colours: launch year. Two-body orbits after a low-thrust transfer to the target orbit "
            "(lunarbase.swarm); positions in AU.")
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>lunarbase — swarm — {scenario}</title>'
            f'<script type="text/javascript">{get_plotlyjs()}</script></head>'
            f'<body style="font-family:sans-serif;background:rgb(10,10,25);color:rgb(220,220,230)">'
            f"{chart}<p>{note}</p></body></html>")


def czml(scenario: str, hist: swarm_mod.History, run_years: tuple[float, float], cap: int = CZML_CAP) -> list:
    """CZML packets for CesiumJS: the first ``cap`` satellites of the (shuffled) sample, geocentric ICRF
    (Cesium's INERTIAL frame) positions sampled ``CZML_SAMPLES_PER_YEAR`` a year from launch to death or the end
    of the run, times as ISO dates (TDB, read as UTC: ~69 s apart, immaterial here)."""
    s = hist.swarm
    take = min(cap, s.size)
    start, end = float(swarm_mod.jd_of_year(run_years[0])), float(swarm_mod.jd_of_year(run_years[1]))
    grid = np.arange(start, end, 365.25 / CZML_SAMPLES_PER_YEAR)
    r, _ = s.take(np.arange(take)).states(grid)
    geo = swarm_mod.icrf_from_ecliptic(r - swarm_mod.body_positions("earth", grid)[None, :, :])
    alive = s.alive(grid)[:take]
    iso = swarm_mod.iso_dates(np.array([start, end]))
    packets = [{"id": "document", "name": f"lunarbase swarm: {scenario}", "version": "1.0",
                "description": f"{take:,} of {s.size:,} drawn satellites (standing for {s.total:,.0f}); CZML is "
                               f"capped at {cap:,} objects (CesiumJS slows past about a thousand)",
                "clock": {"interval": f"{iso[0]}Z/{iso[1]}Z", "currentTime": f"{iso[0]}Z", "multiplier": 864000}}]
    lo, hi = _cohort_colours(s.cohort)
    for k in range(take):
        idx = np.flatnonzero(alive[k])
        if idx.size < 2:
            continue
        when = (grid[idx] - grid[idx[0]]) * 86400.0
        samples = np.column_stack([when, geo[k, idx]]).ravel()
        first_last = swarm_mod.iso_dates(grid[[idx[0], idx[-1]]])
        share = (s.cohort[k] - lo) / (hi - lo)
        packets.append({
            "id": f"satellite-{k}", "name": f"satellite {k} (launched {s.cohort[k]})",
            "availability": f"{first_last[0]}Z/{first_last[1]}Z",
            "position": {"epoch": f"{first_last[0]}Z", "referenceFrame": "INERTIAL",
                         "interpolationAlgorithm": "LAGRANGE", "interpolationDegree": 5,
                         "cartesian": [round(float(x), 1) for x in samples]},
            "point": {"pixelSize": 3, "color": {"rgba": [int(255 * share), 180, int(255 * (1 - share)), 255]}},
        })
    return packets


def states_table(hist: swarm_mod.History):
    """Every drawn satellite alive at every frame: one row each, SI, units in the fields' metadata."""
    import pyarrow as pa

    sat, frame = np.nonzero(hist.alive)
    r, v = hist.position_m[sat, frame], hist.velocity_m_s[sat, frame]
    d, light, sep = swarm_mod.sight_lines(r, hist.earth_m[frame])
    columns = {
        "satellite": (sat.astype(np.int64), ""), "jd_tdb": (hist.jd[frame], "d"),
        "year": (swarm_mod.year_of_jd(hist.jd[frame]), "yr"), "cohort": (hist.swarm.cohort[sat], "yr"),
        "weight": (hist.swarm.weight[sat], ""),
        **{f"{n}": (r[:, k], "m") for k, n in enumerate("xyz")},
        **{f"v{n}": (v[:, k], "m / s") for k, n in enumerate("xyz")},
        "distance_to_earth": (d, "m"), "light_time": (light, "s"), "sun_earth_satellite_angle": (sep, "rad"),
    }
    fields = [pa.field(name, pa.array(values).type, metadata={"unit": unit}) for name, (values, unit) in
              columns.items()]
    meta = {"frame": "heliocentric J2000 ecliptic", "time_scale": "TDB"}
    return pa.Table.from_arrays([pa.array(values) for values, _ in columns.values()],
                                schema=pa.schema(fields, metadata=meta))


def write_swarm(out_dir: Path, name: str, html: str, packets: list, table, summary: dict, parameters: list) -> Path:
    """The folder ``out_dir/name`` written whole (module docstring)."""
    import pyarrow.parquet as pq

    def write(staging: Path) -> None:
        (staging / "swarm.html").write_text(html, encoding="utf-8")
        (staging / "swarm.czml").write_text(json.dumps(packets, allow_nan=False), encoding="utf-8")
        pq.write_table(table, staging / "states.parquet")
        (staging / "summary.json").write_text(json.dumps(summary, indent=1, allow_nan=False))
        (staging / "parameters.json").write_text(json.dumps(parameters, indent=1, allow_nan=False))

    write_folder_atomically(Path(out_dir) / name, write)
    return Path(out_dir) / name
