"""Output file sets: a folder per scenario with the report, the time series, the summary and the
parameters it was made from. Written to a staging folder first, then swapped into place in one atomic step
(``atomic.write_folder_atomically``), so a failed or killed run never leaves a half-written set and a
reader always finds the previous set or the new one.

A column that counts FLOP names its number format (``chips.number_format``): in the Parquet field's metadata
(``number_format``, beside ``unit``), in the table's metadata, and in the CSV header after the unit,
``installed_flops [FLOP / s] (BF16 dense)``.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from lunarbase.atomic import staged_folder as atomic_staged
from lunarbase.atomic import write_folder_atomically, write_text_atomically
from lunarbase.engine import Run
from lunarbase.figures import SERIES, YEARLY
from lunarbase.interfaces.summary import to_json
from lunarbase.units import to_unit


def parameter_records(run: Run) -> list[dict]:
    """Every parameter with its effective value, the unit it is shown in, its SI value and its source."""
    return scenario_records(run.scenario)


def scenario_records(scenario) -> list[dict]:
    """``parameter_records`` of a scenario (the values every sample of a study shares, bar the drawn ones)."""
    return [
        {
            "path": row.path,
            "value": row.display_value,
            "unit": row.display_unit or "",
            "si_value": row.value,
            "si_unit": "" if row.unit is None else to_unit(row.unit).to_string(),
            "source": row.source,
        }
        for row in scenario.rows()
    ]


def timeseries_table(run: Run) -> pa.Table:
    """Monthly series of sample 0 for programs: SI (flows per second) with each field's unit (and a FLOP
    figure's number format) in its metadata, the parameters and the number format in the schema's. The CSV, for
    people, gives flows per year (``csv_columns``)."""
    columns = {"year": run.t}
    meta_of = {"year": {"unit": "yr"}}
    for name, values in run.series.items():
        columns[name] = values[0]
        meta_of[name] = {"unit": to_unit(run.unit(name)).to_string() if run.unit(name) else ""}
        if SERIES[name].flop:
            meta_of[name]["number_format"] = run.number_format
    fields = [pa.field(name, pa.float64(), metadata=meta_of[name]) for name in columns]
    meta = {"scenario": run.scenario.name, "number_format": run.number_format,
            "parameters": json.dumps(parameter_records(run))}
    return pa.Table.from_arrays([float64_column(v) for v in columns.values()],
                                schema=pa.schema(fields, metadata=meta))


def float64_column(values) -> pa.Array:
    """A float64 Arrow array over the NumPy values' own buffer. Why not ``pa.array``: it asks pandas whether the
    values are a DataFrame, importing it (~0.16 s of a cold ``run``); from the buffer, Arrow never does."""
    data = np.ascontiguousarray(values, dtype=np.float64)
    return pa.Array.from_buffers(pa.float64(), data.size, [None, pa.py_buffer(data)])


def csv_columns(run: Run) -> dict[str, tuple[str, np.ndarray]]:
    """Sample 0's monthly series as the CSV holds them, for people: name -> (unit, values), each in its
    catalogue ``table_unit`` (rates per year: W/yr of compute launched, not W/s; other stocks in SI)."""
    columns = {"year": ("yr", run.t)}
    for name, values in run.series.items():
        si, shown = to_unit(run.unit(name)), to_unit(SERIES[name].table_unit)
        columns[name] = (shown.to_string() if SERIES[name].table_unit else "",
                         values[0] if si == shown else (values[0] * si).to_value(shown))
    return columns


def _csv_header(run: Run, name: str, unit: str) -> str:
    """``name [unit]``, and ``(number format)`` after it for a FLOP figure."""
    head = f"{name} [{unit}]" if unit else name
    return f"{head} ({run.number_format})" if name in SERIES and SERIES[name].flop else head


def _write_csv(run: Run, path: Path) -> None:
    columns = csv_columns(run)
    with path.open("w", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow([_csv_header(run, name, unit) for name, (unit, _) in columns.items()])
        writer.writerows(zip(*(values.tolist() for _, values in columns.values()), strict=True))


def staged_folder(out_dir: Path, name: str):
    """The ``with`` form of ``write_folder_atomically`` for ``out_dir/name`` (``atomic.staged_folder``): fill the
    yielded staging folder; it replaces ``out_dir/name`` whole when the block ends, and is dropped on an error."""
    return atomic_staged(Path(out_dir) / name)


def write_run(run: Run, out_dir: Path, report_html: str | None = None) -> Path:
    """Write the file set of ``run`` to ``out_dir/<scenario>/`` atomically; return that folder."""

    def write(staging: Path) -> None:
        table = timeseries_table(run)
        pq.write_table(table, staging / "timeseries.parquet")
        _write_csv(run, staging / "timeseries.csv")
        (staging / "summary.json").write_text(json.dumps(to_json(run), indent=1, allow_nan=False))
        (staging / "parameters.json").write_text(json.dumps(parameter_records(run), indent=1))
        if report_html is not None:
            (staging / "report.html").write_text(report_html)

    write_folder_atomically(Path(out_dir) / run.scenario.name, write)
    return out_dir / run.scenario.name


def write_text_atomic(path: Path, text: str) -> Path:
    """Write ``text`` to ``path`` whole (``atomic.write_text_atomically``)."""
    return write_text_atomically(path, text)


def comparison_rows(cmp) -> tuple[list[str], list[list]]:
    """A long table: one row per route and year, every yardstick in SI (units in the header)."""
    from lunarbase.comparison import MEASURES

    header = ["route", "year", *[_yearly_header(k, cmp.number_format) for k in MEASURES], "binding"]
    rows = []
    for run in cmp.runs:
        columns = [run.yearly(k) for k in MEASURES]
        for i, year in enumerate(run.years):
            rows.append([run.scenario.name, int(year), *[float(c[i]) for c in columns], run.binding_by_year[i]])
    return header, rows


def _yearly_header(key: str, number_format: str) -> str:
    """A yardstick's CSV header: ``key [SI unit]``, and ``(number format)`` after it for a FLOP figure."""
    unit = _yearly_unit(YEARLY[key])
    head = f"{key} [{unit}]" if unit else key
    return f"{head} ({number_format})" if YEARLY[key].flop else head


def _yearly_unit(figure) -> str:
    """The unit of a yearly figure: a flow's total over the year (SI unit x s) per year, a stock in SI."""
    if not figure.unit:
        return ""
    return to_unit(figure.table_unit if figure.kind == "flow" else figure.unit).to_string()


def write_comparison(cmp, out_dir: Path, report_html: str | None = None, name: str = "compare") -> Path:
    """Write the comparison's file set to ``out_dir/<name>/`` atomically; return that folder.

    ``compare.json`` (what ``--json`` prints), ``compare.csv`` (route x year), ``parameters.json`` (every
    route's parameters with effective value, unit and source) and ``report.html``.
    """
    from lunarbase.interfaces.summary import comparison_json

    def write(staging: Path) -> None:
        (staging / "compare.json").write_text(json.dumps(comparison_json(cmp), indent=1, allow_nan=False))
        header, rows = comparison_rows(cmp)
        with (staging / "compare.csv").open("w", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(header)
            writer.writerows(rows)
        (staging / "parameters.json").write_text(json.dumps(
            {run.scenario.name: parameter_records(run) for run in cmp.runs}, indent=1))
        if report_html is not None:
            (staging / "report.html").write_text(report_html)

    write_folder_atomically(Path(out_dir) / name, write)
    return out_dir / name


def study_folder_name(scenario_name: str) -> str:
    """The folder ``explore`` writes a study of scenario ``scenario_name`` to, inside ``--out``."""
    return f"{scenario_name}-explore"


def write_study(study, out_dir: Path, report: Callable[[dict], str] | None = None,
                summary_extras: dict | None = None) -> Path:
    """Write a finished study's file set to ``out_dir/<scenario>-explore/`` atomically (``Study.write``, one
    staging folder swapped into place); return that folder.

    ``samples.parquet`` and ``yearly/<key>.parquet`` (``lunarbase.study``), ``study.json`` (inputs, seed and
    summary, with ``summary_extras``: the analyses ``explore`` adds, such as discovery and tornado),
    ``parameters.json`` (the scenario's parameters; the drawn ones vary per sample) and, when given,
    ``report.html``: ``report(summary)``, the page of the summary (extras included) as read from the written
    files (read from the chunk files instead, a year's fan opens every chunk: ~7 s for 16,384 runs).
    """

    def extra(staging: Path) -> None:
        (staging / "parameters.json").write_text(json.dumps(scenario_records(study.scenario), indent=1))
        if report is not None:
            (staging / "report.html").write_text(report({**study.summary, **(summary_extras or {})}))
        if summary_extras:
            data = json.loads((staging / "study.json").read_text())
            data["summary"].update(summary_extras)
            (staging / "study.json").write_text(json.dumps(data, indent=1, allow_nan=False))

    return study.write(Path(out_dir) / study_folder_name(study.scenario.name), extra)
