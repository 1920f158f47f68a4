"""Output file sets: a folder per scenario with the report, the time series, the summary and the
parameters it was made from. Written to a temporary folder first, then renamed into place, so a failed
run never leaves a half-written set.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import tempfile
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from lunarbase.engine import Run
from lunarbase.summary import to_json
from lunarbase.units import to_unit


def parameter_records(run: Run) -> list[dict]:
    """Every parameter with its effective value, the unit it is shown in, its SI value and its source."""
    return [
        {
            "path": row.path,
            "value": row.display_value,
            "unit": row.display_unit or "",
            "si_value": row.value,
            "si_unit": "" if row.unit is None else to_unit(row.unit).to_string(),
            "source": row.source,
        }
        for row in run.scenario.rows()
    ]


def timeseries_table(run: Run) -> pa.Table:
    """Monthly series of sample 0, SI units in each field's metadata, parameters in the schema's."""
    columns = {"year": run.t}
    units = {"year": "yr"}
    for name, (values, unit) in run.series.items():
        columns[name] = values[0]
        units[name] = to_unit(unit).to_string() if unit else ""
    fields = [pa.field(name, pa.float64(), metadata={"unit": units[name]}) for name in columns]
    meta = {"scenario": run.scenario.name, "parameters": json.dumps(parameter_records(run))}
    return pa.table(list(columns.values()), schema=pa.schema(fields, metadata=meta))


def _write_csv(table: pa.Table, path: Path) -> None:
    with path.open("w", newline="") as fh:
        writer = csv.writer(fh)
        header = []
        for f in table.schema:
            unit = f.metadata[b"unit"].decode() if f.metadata else ""
            header.append(f"{f.name} [{unit}]" if unit else f.name)
        writer.writerow(header)
        writer.writerows(zip(*(col.to_pylist() for col in table.columns), strict=True))


def write_run(run: Run, out_dir: Path, report_html: str | None = None) -> Path:
    """Write the file set of ``run`` to ``out_dir/<scenario>/`` atomically; return that folder."""
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / run.scenario.name
    staging = Path(tempfile.mkdtemp(prefix=f".{run.scenario.name}.", dir=out_dir))
    try:
        table = timeseries_table(run)
        pq.write_table(table, staging / "timeseries.parquet")
        _write_csv(table, staging / "timeseries.csv")
        (staging / "summary.json").write_text(json.dumps(to_json(run), indent=1, allow_nan=False))
        (staging / "parameters.json").write_text(json.dumps(parameter_records(run), indent=1))
        if report_html is not None:
            (staging / "report.html").write_text(report_html)
        os.chmod(staging, 0o755)
        _replace_dir(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return target


def _replace_dir(new: Path, target: Path) -> None:
    if target.exists():
        old = target.with_name(f".{target.name}.old")
        shutil.rmtree(old, ignore_errors=True)
        target.rename(old)
        new.rename(target)
        shutil.rmtree(old, ignore_errors=True)
    else:
        new.rename(target)
