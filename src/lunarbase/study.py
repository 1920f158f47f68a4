"""Uncertainty studies: many samples of one scenario, run in chunks, in this process or on Dask.

A study draws ``samples`` points of the scenario's ``[uncertainty]`` table (``scenario.uncertainty``) as a
unit-cube design (``scenario.uncertainty.sample``: Monte Carlo, Latin hypercube, Sobol' (Saltelli) or Morris),
maps them to parameter values and runs them through ``engine.simulate`` a chunk at a time, vectorised.

Determinism: the chunks are fixed by the study's inputs (``chunk_size``), never by the number of workers.
Monte Carlo: chunk i draws its own points from ``SeedSequence(seed).spawn(n_chunks)[i]``; the other methods
make the whole design once from ``seed`` and cut it into the same chunks. A chunk's outputs depend only on its
points, so the Parquet files are bit-identical whatever the workers, the order the chunks finish in, or the
engine (in process or Dask): ``tests/core/test_study.py`` checks it.

Each finished chunk is written at once, atomically (``atomic.write_file_atomically``: a hidden temporary
file renamed into place), as ``chunks/NNNNN.arrow`` (Arrow IPC: ~10x cheaper to write and read back than Parquet
for ~600 columns of a few hundred rows) in the study's work folder (memory stays one chunk per
worker, and ``resume=True`` skips the chunks already there: only whole chunk files count). ``Study.write``
streams them into the study's folder, written whole (``atomic.write_folder_atomically``):

- ``samples.parquet``: one row per run (``sample``, ``status``, ``reason``, the unit-cube point ``u:<path>``,
  each parameter's SI value ``<path>``, each milestone's decimal year (NaN: never), each ``figures.YEARLY``
  figure at the horizon year, ``levelized_cost_per_pflops_year`` and ``binding_final``); the unit in each
  field's metadata.
- ``yearly/<key>.parquet`` for the fan charts (``FAN``): ``sample`` and one column per calendar year; and
  ``yearly/binding.parquet``: the constraint that bound most steps of each year (code, names in metadata).

A sample the route cannot build fails its whole vectorised chunk (``ScenarioError``); the chunk is then cut
in halves until the infeasible samples stand alone (a few batches per bad sample), and an infeasible sample
is recorded with ``status = "infeasible"``, its one-line reason and NaN outputs. One bad sample never stops a study.

Summaries (``Study.summary``): each milestone's CDF by calendar year, P(reached by the end of year y) over all
runs (an infeasible run never reaches it), with the Monte Carlo standard error sqrt(p (1 - p) / n) (exact for
``mc``; for ``lhs`` an upper bound; for ``sobol`` and ``morris``, whose runs are not independent, indicative),
the median year (the first year with p >= 0.5, else None); the 5/25/50/75/95 % quantiles of each fan series
by year; how often each constraint binds; and, for ``sobol``, first-order and total Sobol' indices (Saltelli
2010; SALib ``analyze.sobol``, ``calc_second_order=False``), for ``morris`` the elementary effects' mu* and sigma
(Campolongo et al. 2007; SALib ``analyze.morris``), of every milestone year (never reached: the year after the
horizon) and every horizon-year figure.
"""

from __future__ import annotations

import ctypes
import functools
import json
import logging
import os
import platform
import shutil
import sys
import tempfile
import uuid
import warnings
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.feather as feather
import pyarrow.parquet as pq

from lunarbase._jit import compiled_loop
from lunarbase.atomic import write_file_atomically, write_folder_atomically, write_text_atomically
from lunarbase.constraints import CONSTRAINTS
from lunarbase.figures import MILESTONES, YEARLY
from lunarbase.scenario import Scenario, ScenarioError
from lunarbase.scenario.schema import SECTIONS, field_unit
from lunarbase.units import to_unit

METHODS = ("mc", "lhs", "sobol", "morris")
#: Runs per chunk unless the study says otherwise: a vectorised batch large enough to amortise the per-call
#: cost of the engine (~8 ms a chunk) and of Dask's task (~5 ms), small enough that two workers' chunks in
#: flight (~0.6 MB a run while a chunk runs) stay well within a 2 GB study (``bench_study_memory.py``).
DEFAULT_CHUNK_SIZE = 768
#: Yearly figures kept per run and year, for fan charts.
FAN = ("installed_compute", "compute_launched", "delivered_flops", "spend", "cumulative_spend",
       "levelized_cost_to_date")
QUANTILES = (0.05, 0.25, 0.5, 0.75, 0.95)
#: How many chunks wait on a cluster at once, per worker: enough to keep every worker busy, few enough that
#: designs and results in flight stay small for a million-run study.
IN_FLIGHT_PER_WORKER = 8
LCOE = "levelized_cost_per_pflops_year"
#: Runs per row group of the written study files (whole chunks gathered up to this): few row groups for a large
#: study (small footers), ~5 MB a yearly file's group in memory.
ROW_GROUP_RUNS = 8192
#: Bytes of one fan's columns read at once from a written study (a few years of a million runs).
FAN_READ_BYTES = 64 * 2**20
#: The work folder's chunk files: Arrow IPC (Feather v2), uncompressed (read back whole, once, by ``Study.write``;
#: distinct floats barely compress).
CHUNK_SUFFIX = ".arrow"
#: The chunk files' layout, stamped in the work folder: ``--resume`` reuses only chunks of the same layout.
CHUNK_FORMAT = 2
#: The file of a study's work folder that names the study now running there (a worker that reads it writes its
#: chunks there itself).
TOKEN = "token"
#: A chunk file's column of a yearly figure: ``<key>@years``, a list of a run's values, one a year (``_chunk_table``).
YEARS_SUFFIX = "@years"


def _year_columns(table: pa.Table, key: str, n_years: int) -> list[pa.Array]:
    """The ``<key>@years`` list column of a chunk table as one array a year (each a copy, in Arrow's memory like
    the table's: the written files' rows gathered for a row group are never NumPy's, which would hold them)."""
    lists = table.column(key + YEARS_SUFFIX).combine_chunks()
    return [pc.list_element(lists, j) for j in range(n_years)]


class StudyError(ValueError):
    """A study that cannot run as asked; ``str(err)`` is one line per problem."""


def runs_of(method: str, samples: int, k: int) -> int:
    """Model runs of a design: n for mc and lhs, n (k + 2) for Sobol' without second order, n (k + 1) for Morris."""
    return {"sobol": samples * (k + 2), "morris": samples * (k + 1)}.get(method, samples)


def chunks_of(runs: int, chunk_size: int) -> list[tuple[int, int]]:
    """(first run, runs) of each chunk: fixed by the study's size and chunk size alone."""
    return [(start, min(chunk_size, runs - start)) for start in range(0, runs, chunk_size)]


def _uncertainty_module():
    from lunarbase.scenario import uncertainty  # imported when a study runs (being written beside this module)

    return uncertainty


# ---------------------------------------------------------------------------------------------------------
# One chunk: what a worker runs.


def _binding_by_year(codes: np.ndarray, steps: int) -> np.ndarray:
    """The constraint code that bound most steps of each year, per run: (n, years) int8 (ties: lowest code)."""
    codes = np.ascontiguousarray(codes)
    out = np.empty((codes.shape[0], codes.shape[1] // steps), dtype=np.int8)
    _binding_loop(codes, steps, len(CONSTRAINTS), out)
    return out


@compiled_loop
def _binding_loop(codes, steps, kinds, out):
    """Each year's most frequent code (the lowest of a tie), counted in one pass: what argmax over the counts of
    each code gives."""
    counts = np.zeros(kinds, dtype=np.int64)
    for i in range(codes.shape[0]):
        for y in range(out.shape[1]):
            counts[:] = 0
            for j in range(y * steps, (y + 1) * steps):
                c = np.int64(codes[i, j])
                if 0 <= c < kinds:
                    counts[c] += 1
            best = 0
            for c in range(1, kinds):
                if counts[c] > counts[best]:
                    best = c
            out[i, y] = best


#: The series ``_outputs`` reads: a study's runs hold only these (``simulate(series=...)``).
STUDY_SERIES = frozenset({"binding", "levelized_cost", *(m.series for m in MILESTONES.values()),
                          *(f.name for f in YEARLY.values())})


def _outputs(run) -> dict[str, np.ndarray]:
    """Per-run outputs of a run of n samples: columns of n values, and for each fan (and the binding constraint)
    ``<key>@years``, an (n, years) block: a run's value for each year of the horizon."""
    out: dict[str, np.ndarray] = {}
    for name in MILESTONES:
        out[name] = np.asarray(run.milestones[name], dtype=float)
    for key in YEARLY:
        out[key] = run.horizon_year(key)
    out[LCOE] = np.asarray(run.levelized_cost_per_pflops_year, dtype=float)
    binding = _binding_by_year(run.series["binding"], run.scenario.params.horizon.steps_per_year)
    out["binding_final"] = np.asarray(CONSTRAINTS, dtype=object)[binding[:, -1]]
    for key in FAN:
        out[f"{key}{YEARS_SUFFIX}"] = np.ascontiguousarray(run.yearly(key), dtype=float)
    out[f"binding{YEARS_SUFFIX}"] = binding
    return out


#: glibc malloc settings for a process that runs chunks (``tune_allocator``): arrays below 32 MiB (glibc's largest
#: threshold) from the heap, up to 256 MiB freed kept for the next chunk, and one arena for every thread.
MMAP_THRESHOLD_BYTES = 32 * 2**20
TRIM_THRESHOLD_BYTES = 256 * 2**20
#: What a chunk-running process needs in its environment from its start (glibc reads it before Python runs):
#: Dask's nanny sets it for the workers of ``local_cluster``; set it for the workers of any other cluster.
WORKER_ENVIRON = {"MALLOC_ARENA_MAX": "1"}
#: Dask settings for the cluster a study starts (``local_cluster``): the workers without the statistical profiler
#: (it samples the task thread's stack every 10 ms, ~3 % of a chunk's CPU, for a dashboard a study does not
#: open), and every server's event-loop health check once a second, not every 20 ms (on two cores an idle
#: cluster's checks took ~60 ms of CPU a second, ~3 % of both cores; a loop blocked for over ``tick.limit`` is
#: still reported).
CLUSTER_CONFIG = {"distributed.worker.profile.enabled": False, "distributed.admin.tick.interval": "1s"}
_allocator_tuned = False


def tune_allocator() -> None:
    """Let a process that runs chunks reuse the memory of its last chunk (Linux, glibc; elsewhere nothing).

    Why: a chunk makes a few hundred (n, steps) arrays of ~4-7 MB. Dask's nanny starts each worker with
    ``MALLOC_TRIM_THRESHOLD_=65536``, which also turns off glibc's adaptive mmap threshold, so every such array
    was a fresh ``mmap`` whose pages fault in again: a worker spent ~2x the CPU of this process on the same chunk.
    And a thread other than the main one allocates from an arena of its own, whose 64 MB heaps hand the arrays'
    pages back and fault them in again: a chunk run on a thread (a Dask worker's, a web server's) cost ~1.6x its
    CPU on the main thread. With these settings (``mallopt``, process-wide, set once: the thresholds, and at most
    one arena for threads that have not allocated yet; ``WORKER_ENVIRON`` does it for every thread from a
    process's start) the freed arrays are reused; peak resident memory is the same (the most a chunk holds),
    only handed back to the system later."""
    global _allocator_tuned
    if _allocator_tuned:
        return
    _allocator_tuned = True
    if not sys.platform.startswith("linux") or platform.libc_ver()[0] != "glibc":
        return
    try:
        libc = ctypes.CDLL("libc.so.6")
        libc.mallopt(-3, MMAP_THRESHOLD_BYTES)  # M_MMAP_THRESHOLD
        libc.mallopt(-1, TRIM_THRESHOLD_BYTES)  # M_TRIM_THRESHOLD
        libc.mallopt(-8, 1)  # M_ARENA_MAX
    except (OSError, AttributeError):
        pass


def local_cluster(workers: int | None = None):
    """A Dask ``LocalCluster`` to run chunks on: ``workers`` processes (default: one a core) of one thread each,
    bound to 127.0.0.1, no dashboard on a fixed port, each started with ``WORKER_ENVIRON``."""
    import dask
    from distributed import LocalCluster

    environ = {f"distributed.nanny.pre-spawn-environ.{name}": value for name, value in WORKER_ENVIRON.items()}
    with dask.config.set({**environ, **CLUSTER_CONFIG}):
        # The scheduler's HTTP routes on a free port of the loopback (a fixed 8787 clashes with another cluster).
        return LocalCluster(n_workers=workers or os.cpu_count() or 1, threads_per_worker=1, processes=True,
                            host="127.0.0.1", dashboard_address="127.0.0.1:0", worker_dashboard_address=None,
                            silence_logs=logging.ERROR)


def run_chunk(scenario: Scenario, draws: dict[str, Any]) -> dict[str, np.ndarray]:
    """Outputs of one chunk (a draw for ``simulate``: Quantities of n values; plain numbers would be read as SI
    with annual rates compounded, as ``scenario.draws`` reads them), vectorised; if the route refuses any
    sample, sample by sample.

    Returns columns of n values: ``status`` ("ok" or "infeasible"), ``reason`` (one line, empty when ok) and
    the outputs of ``_outputs`` (NaN, and binding code -1, for an infeasible run).
    """
    from lunarbase.engine import simulate

    tune_allocator()
    n = len(next(iter(draws.values())))
    try:
        out = _outputs(simulate(scenario, draws=draws, inert_samples="allow", series=STUDY_SERIES))
        out["status"] = np.full(n, "ok", dtype=object)
        out["reason"] = np.full(n, "", dtype=object)
        return out
    except ScenarioError:
        pass  # one sample (or more) the route cannot build: find which by halving, keep the rest
    rows: list[dict[str, np.ndarray] | None] = [None] * n
    reasons = [""] * n

    def split(first: int, last: int) -> None:
        part = {p: v[first:last] for p, v in draws.items()}
        try:
            out = _outputs(simulate(scenario, draws=part, inert_samples="allow", series=STUDY_SERIES))
        except ScenarioError as err:
            if last - first == 1:
                reasons[first] = "; ".join(str(err).splitlines())
                return
            middle = (first + last) // 2
            split(first, middle)
            split(middle, last)
            return
        for i in range(first, last):
            rows[i] = {name: column[i - first:i - first + 1] for name, column in out.items()}

    split(0, n)
    template = next((r for r in rows if r is not None), None)
    if template is None:  # nothing feasible: the columns' names come from the catalogue alone
        template = _empty_outputs(scenario)
    out = {}
    for name, column in template.items():
        if column.dtype == object:
            fill = np.full(column[:1].shape, "", dtype=object)
        elif column.dtype == np.int8:
            fill = np.full(column[:1].shape, -1, dtype=np.int8)
        else:
            fill = np.full(column[:1].shape, np.nan)
        out[name] = np.concatenate([fill if r is None else r[name][:1] for r in rows])
    out["status"] = np.asarray(["infeasible" if r else "ok" for r in reasons], dtype=object)
    out["reason"] = np.asarray(reasons, dtype=object)
    return out


def _years(scenario: Scenario) -> np.ndarray:
    h = scenario.params.horizon
    return np.arange(h.start_year, h.end_year + 1)


def _empty_outputs(scenario: Scenario) -> dict[str, np.ndarray]:
    n_years = _years(scenario).size
    out = {name: np.full(1, np.nan) for name in (*MILESTONES, *YEARLY, LCOE)}
    out["binding_final"] = np.asarray([""], dtype=object)
    out.update({f"{key}{YEARS_SUFFIX}": np.full((1, n_years), np.nan) for key in FAN})
    out[f"binding{YEARS_SUFFIX}"] = np.full((1, n_years), -1, dtype=np.int8)
    return out


# ---------------------------------------------------------------------------------------------------------
# Units and tables.


def _parameter_unit(path: str) -> str:
    section, _, name = path.partition(".")
    unit = field_unit(SECTIONS[section], name)
    return to_unit(unit).to_string() if unit else ""


def _yearly_unit(key: str) -> str:
    """A yearly figure as ``Run.yearly`` gives it: a flow's total over the year (per year), a stock in SI."""
    figure = YEARLY[key]
    if not figure.unit:
        return ""
    return to_unit(figure.table_unit if figure.kind == "flow" else figure.unit).to_string()


@functools.lru_cache(maxsize=8)
def _units(paths: tuple[str, ...]) -> dict[str, str]:
    units = {f"u:{p}": "" for p in paths}
    units.update({p: _parameter_unit(p) for p in paths})
    units.update({name: "yr" for name in MILESTONES})
    units.update({key: _yearly_unit(key) for key in YEARLY})
    units[LCOE] = "USD / (PFLOP/s yr)"
    return units


def _chunk_table(index: int, start: int, point: np.ndarray, si: dict[str, np.ndarray], out: dict[str, np.ndarray],
                 paths: tuple[str, ...]) -> pa.Table:
    """One chunk as one table: the run's inputs and outputs, units in the metadata, and each ``<key>@years`` block
    as a column of fixed-size lists (a run's value for every year of the horizon).

    Why lists: ~500 columns ``<key>@<year>``, one Arrow array each, cost the calling process ~25 ms a chunk to
    build and write (as much CPU as a fifth of a worker's chunk); a few list columns cost ~2 ms. The blocks travel
    from a worker as they are (a few arrays: one frame each in Dask's protocol, not hundreds)."""
    n = point.shape[0]
    units = _units(paths)
    columns: dict[str, pa.Array] = {
        "sample": pa.array(np.arange(start, start + n, dtype=np.int64)),
        "chunk": pa.array(np.full(n, index, dtype=np.int32)),
        "status": pa.array(out["status"].tolist(), pa.string()),
        "reason": pa.array(out["reason"].tolist(), pa.string()),
    }
    for j, path in enumerate(paths):
        columns[f"u:{path}"] = pa.array(point[:, j])
    for path in paths:
        columns[path] = pa.array(si[path])
    for name in (*MILESTONES, *YEARLY, LCOE):
        columns[name] = pa.array(out[name])
    columns["binding_final"] = pa.array(out["binding_final"].tolist(), pa.string())
    for name, block in out.items():
        if name.endswith(YEARS_SUFFIX):
            columns[name] = pa.FixedSizeListArray.from_arrays(pa.array(block.ravel()), block.shape[1])
    fields = [pa.field(name, col.type, metadata={"unit": units[name]} if name in units else None)
              for name, col in columns.items()]
    return pa.Table.from_arrays(list(columns.values()), schema=pa.schema(fields))


# ---------------------------------------------------------------------------------------------------------
# The study.


@dataclass
class Study:
    """A finished study: its inputs, its work folder of chunk files, and (after ``write``) its study files."""

    scenario: Scenario
    inputs: dict[str, Any]
    work: Path
    problem: dict[str, Any]
    years: np.ndarray
    chunks_run: int = 0
    chunks_resumed: int = 0
    folder: Path | None = field(default=None)

    @property
    def paths(self) -> tuple[str, ...]:
        return tuple(self.inputs["parameters"])

    @property
    def runs(self) -> int:
        return int(self.inputs["runs"])

    def chunk_files(self) -> list[Path]:
        return [self.work / "chunks" / f"{i:05d}{CHUNK_SUFFIX}" for i in range(len(chunks_of(self.runs,
                                                                                         self.inputs["chunk_size"])))]

    def write(self, folder: Path | str, extra: Callable[[Path], Any] | None = None) -> Path:
        """Write the study's files to ``folder`` whole (``atomic.write_folder_atomically``): a staging folder gets
        ``samples.parquet`` and ``yearly/<key>.parquet`` (whole chunks gathered into row groups of
        ~``ROW_GROUP_RUNS``), ``study.json`` (inputs and summary) and whatever ``extra(staging)`` adds, then
        replaces ``folder`` in one step. On an error the previous ``folder`` stays as it was."""
        folder, before = Path(folder), self.folder

        def fill(staging: Path) -> None:
            self._write_files(staging)
            if extra is not None:
                extra(staging)

        try:
            write_folder_atomically(folder, fill)
        except BaseException:
            self.folder = before
            self.__dict__.pop("summary", None)
            raise
        self.folder = folder  # the summary, computed from the staging folder, holds
        return folder

    def _write_files(self, folder: Path) -> None:
        """Stream the chunks into the empty folder ``folder`` (and read the summary from there).

        Chunks are gathered into row groups of about ``ROW_GROUP_RUNS`` runs (whole chunks, in order): a million-run
        study's files then hold a few dozen row groups, not thousands, so their footers (held by the writers, and
        parsed by every reader) stay small, while the rows in memory stay bounded."""
        (folder / "yearly").mkdir()
        writers: dict[str, pq.ParquetWriter] = {}
        pending: dict[str, list[pa.Table]] = {}
        year_names = [str(y) for y in self.years]
        schemas: dict[str, pa.Schema] = {}
        study_meta = {"study": json.dumps(self.inputs)}
        try:
            for path in self.chunk_files():
                table = feather.read_table(path)
                per_run = table.drop_columns([c for c in table.column_names if "@" in c])
                self._append(writers, pending, "samples", folder / "samples.parquet",
                             per_run.replace_schema_metadata(study_meta))
                for key in (*FAN, "binding"):
                    cols = _year_columns(table, key, len(year_names))
                    if key not in schemas:
                        meta = ({"unit": _yearly_unit(key)} if key != "binding" else
                                {"codes": json.dumps(dict(enumerate(CONSTRAINTS)))})
                        schemas[key] = pa.schema([pa.field("sample", pa.int64()),
                                                  *[pa.field(y, c.type) for y, c in zip(year_names, cols,
                                                                                          strict=True)]],
                                                 metadata=meta)
                    part = pa.Table.from_arrays([table.column("sample"), *cols], schema=schemas[key])
                    self._append(writers, pending, key, folder / "yearly" / f"{key}.parquet", part)
            for name in list(pending):
                self._flush(writers, pending, name)
        finally:
            for writer in writers.values():
                writer.close()
        self.folder = folder
        self.__dict__.pop("summary", None)
        (folder / "study.json").write_text(json.dumps({"inputs": self.inputs, "summary": self.summary},
                                                      indent=1, allow_nan=False))

    @staticmethod
    def _append(writers, pending, name, path, table) -> None:
        if name not in writers:
            writers[name] = pq.ParquetWriter(path, table.schema, use_dictionary=["status", "reason",
                                                                                 "binding_final"])
        pending.setdefault(name, []).append(table)
        if sum(t.num_rows for t in pending[name]) >= ROW_GROUP_RUNS:
            Study._flush(writers, pending, name)

    @staticmethod
    def _flush(writers, pending, name) -> None:
        if pending.get(name):
            table = pa.concat_tables(pending.pop(name))
            writers[name].write_table(table, row_group_size=table.num_rows)

    def column(self, name: str) -> np.ndarray:
        """One per-run column over every chunk (from the study files once written)."""
        if self.folder is not None:
            return pq.read_table(self.folder / "samples.parquet", columns=[name]).column(0).to_numpy(
                zero_copy_only=False)
        key, at, year = name.partition("@")
        if at:  # one year of a yearly figure: its place in each run's list
            j = int(year) - int(self.years[0])
            return np.concatenate([pc.list_element(feather.read_table(p, columns=[key + YEARS_SUFFIX]).column(0), j)
                                   .to_numpy(zero_copy_only=False) for p in self.chunk_files()])
        return np.concatenate([feather.read_table(p, columns=[name]).column(0).to_numpy(zero_copy_only=False)
                               for p in self.chunk_files()])

    def design(self) -> np.ndarray:
        """The unit-cube design, (runs, k)."""
        return np.column_stack([self.column(f"u:{p}") for p in self.paths])

    def fan(self, key: str) -> dict[str, list]:
        """Quantiles ``QUANTILES`` of yearly figure ``key`` for each year, over the feasible runs (the written file
        opened once, read a few years' columns at a time: ~``FAN_READ_BYTES`` in memory)."""
        rows = []
        years = [int(y) for y in self.years]
        if self.folder is not None:
            file = pq.ParquetFile(self.folder / "yearly" / f"{key}.parquet")
            per_read = max(1, FAN_READ_BYTES // (8 * max(self.runs, 1)))
            batches = (years[k:k + per_read] for k in range(0, len(years), per_read))
            columns = (col.to_numpy() for batch in batches
                       for col in file.read(columns=[str(y) for y in batch]).columns)
        else:
            columns = (self.column(f"{key}@{y}") for y in years)
        for y, values in zip(years, columns, strict=True):
            ok = values[np.isfinite(values)]
            rows.append([int(y), *([float(q) for q in np.quantile(ok, QUANTILES)] if ok.size else
                                   [None] * len(QUANTILES))])
        return {"unit": _yearly_unit(key), "quantiles": list(QUANTILES), "values": rows}

    @cached_property
    def summary(self) -> dict[str, Any]:
        """The study's summary (see the module's docstring); JSON-ready, NaN as None."""
        status = self.column("status")
        n = status.size
        reasons = Counter(self.column("reason")[status != "ok"].tolist())
        milestones = {}
        for name in MILESTONES:
            years = self.column(name)
            reached = np.where(np.isfinite(years), years, np.inf)
            cdf, se, median = [], [], None
            for y in self.years:
                p = float(np.count_nonzero(reached < y + 1) / n)
                cdf.append([int(y), p])
                se.append([int(y), float(np.sqrt(p * (1 - p) / n))])
                if median is None and p >= 0.5:
                    median = int(y)
            milestones[name] = {"label": MILESTONES[name].label, "cdf": cdf, "se": se, "median": median}
        final = Counter(self.column("binding_final")[status == "ok"].tolist())
        lcoe = self.column(LCOE)
        lcoe = lcoe[np.isfinite(lcoe)]
        out = {
            "scenario": self.inputs["scenario"],
            "method": self.inputs["method"],
            "samples": self.inputs["samples"],
            "runs": n,
            "seed": self.inputs["seed"],
            "parameters": list(self.paths),
            "years": [int(self.years[0]), int(self.years[-1])],
            "feasible": int(np.count_nonzero(status == "ok")),
            "infeasible": int(np.count_nonzero(status != "ok")),
            "infeasible_reasons": dict(reasons.most_common(5)),
            "milestones": milestones,
            "se_note": "cdf: share of runs that reach the milestone by the end of each year (an infeasible run "
                       "never does); se: sqrt(p (1 - p) / runs), exact for independent draws (mc), "
                       "indicative for designs whose runs are not independent",
            "fans": {key: self.fan(key) for key in FAN},
            LCOE: {"unit": _units(())[LCOE],
                   "quantiles": {str(q): float(v) for q, v in zip(QUANTILES, np.quantile(lcoe, QUANTILES),
                                                                     strict=True)} if lcoe.size else None},
            "binding_final": dict(final.most_common()),
        }
        sens = self.sensitivity()
        if sens is not None:
            out["sensitivity"] = sens
            out["sensitivity_note"] = (f"a milestone never reached counts as {int(self.years[-1]) + 1}, the year "
                                       "after the horizon; outputs that do not vary are left out")
        return out

    def sensitivity(self) -> dict[str, dict[str, dict[str, float | None]]] | None:
        """Sobol' S1 and ST (with 95 % confidence) or Morris mu* and sigma of every milestone year and
        horizon-year figure; None for mc and lhs."""
        method = self.inputs["method"]
        if method not in ("sobol", "morris"):
            return None
        never = float(self.years[-1] + 1)
        outputs = {name: np.nan_to_num(self.column(name), nan=never) for name in MILESTONES}
        outputs.update({key: self.column(key) for key in (*YEARLY, LCOE)})
        result = {}
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            for name, y in outputs.items():
                if not np.all(np.isfinite(y)) or np.ptp(y) == 0:
                    continue  # constant (nothing to apportion) or infeasible runs (SALib needs every run)
                result[name] = self._indices(method, y)
        return result

    def _indices(self, method: str, y: np.ndarray) -> dict[str, dict[str, float | None]]:
        def clean(v) -> float | None:
            return float(v) if np.isfinite(v) else None

        seed = int(np.random.SeedSequence(self.inputs["seed"]).generate_state(1)[0])
        if method == "sobol":
            from SALib.analyze import sobol

            s = sobol.analyze(self.problem, y, calc_second_order=False, seed=seed)
            return {p: {"S1": clean(s["S1"][j]), "ST": clean(s["ST"][j]), "S1_conf": clean(s["S1_conf"][j]),
                        "ST_conf": clean(s["ST_conf"][j])} for j, p in enumerate(self.paths)}
        from SALib.analyze import morris

        s = morris.analyze(self.problem, self.design(), y, seed=seed)
        return {p: {"mu_star": clean(s["mu_star"][j]), "sigma": clean(s["sigma"][j]),
                    "mu_star_conf": clean(s["mu_star_conf"][j])} for j, p in enumerate(self.paths)}


def study_inputs(scenario: Scenario, paths: tuple[str, ...], samples: int, seed: int, method: str,
                 chunk_size: int) -> dict[str, Any]:
    """What fixes a study's results: the scenario's parameters, the drawn paths, the design and its chunks."""
    return {"scenario": scenario.name, "parameters": list(paths), "samples": samples, "seed": seed,
            "method": method, "chunk_size": chunk_size, "runs": runs_of(method, samples, len(paths)),
            "scenario_parameters": {r.path: r.json() for r in scenario.rows()}}


def _check(scenario: Scenario, unc, samples: int, seed: int, method: str, chunk_size: int) -> None:
    problems = []
    if unc is None:
        problems.append(f"scenario {scenario.name} declares no [uncertainty] table; expected one naming the "
                        "parameters to draw and their distributions")
    if method not in METHODS:
        problems.append(f"method: got '{method}'; expected one of {', '.join(METHODS)}")
    if samples < 1:
        problems.append(f"samples: got {samples}; expected a whole number >= 1")
    if method == "sobol" and samples & (samples - 1):
        problems.append(f"samples: got {samples} for sobol; expected a power of 2 (Sobol' sequences balance "
                        "only there)")
    if seed < 0:
        problems.append(f"seed: got {seed}; expected a whole number >= 0")
    if chunk_size < 1:
        problems.append(f"chunk_size: got {chunk_size}; expected a whole number >= 1")
    if problems:
        raise StudyError("\n".join(problems))


class _Design:
    """The unit-cube points of each chunk and their SI parameter values, drawn where the chunk runs (a Monte
    Carlo chunk from its own seed; the points of the other methods' whole design, drawn here, travel with each
    task), and where its file goes: the study's ``paths`` and work folder, and the ``token`` of this run of it."""

    def __init__(self, unc, sample, method: str, samples: int, seed: int, chunks: list[tuple[int, int]],
                 paths: tuple[str, ...] = (), work: Path | None = None):
        self.unc, self.sample, self.method, self.chunks = unc, sample, method, chunks
        self.paths, self.work, self.token = paths, work, uuid.uuid4().hex
        if method == "mc":  # one stream per chunk: its points do not depend on any other chunk
            self.seeds = np.random.SeedSequence(seed).spawn(len(chunks))
            self.whole = None
        else:
            self.whole = np.asarray(sample(unc, samples, method, seed), dtype=float)
            expected = runs_of(method, samples, len(unc.paths))
            if self.whole.shape != (expected, len(unc.paths)):
                raise StudyError(f"design: got shape {self.whole.shape}; expected ({expected}, {len(unc.paths)})")

    def __getstate__(self):
        return {**self.__dict__, "whole": None}  # a worker gets a chunk's points with its task

    def point(self, i: int) -> np.ndarray:
        start, size = self.chunks[i]
        if self.whole is not None:
            return self.whole[start:start + size]
        return np.asarray(self.sample(self.unc, size, "mc", self.seeds[i]), dtype=float)

    def draws(self, point: np.ndarray) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
        """The draw for ``simulate`` (Quantities, as the uncertainty table gives them) and the values the engine
        holds (SI; an annual rate as its continuous equivalent), checked here so a bad table fails at once."""
        from lunarbase.scenario import draws as draws_mod

        given = self.unc.from_unit_cube(point)
        try:
            si, _ = draws_mod.validate(given)
        except draws_mod.DrawError as err:
            raise StudyError(str(err)) from None
        return given, si


def _prepare_work(work: Path, inputs: dict[str, Any], resume: bool) -> set[int]:
    """The work folder ready for the study; the chunks already finished there (with ``resume``)."""
    chunks = work / "chunks"
    stamp = work / "inputs.json"
    inputs = {**inputs, "chunk_format": CHUNK_FORMAT}  # chunks written by another version's layout are not reused
    if resume and stamp.exists():
        before = json.loads(stamp.read_text())
        if before != inputs:
            changed = sorted(k for k in inputs if before.get(k) != inputs[k])
            raise StudyError(f"--resume: the unfinished study in {work} was run with other inputs "
                             f"({', '.join(changed)}); expected the same inputs, or run without --resume")
        return {int(p.stem) for p in chunks.glob(f"[0-9]*{CHUNK_SUFFIX}")}
    shutil.rmtree(work, ignore_errors=True)
    chunks.mkdir(parents=True)
    write_text_atomically(stamp, json.dumps(inputs, indent=1))
    return set()


def run_study(scenario: Scenario, samples: int, seed: int = 0, method: str = "mc", *,
              chunk_size: int = DEFAULT_CHUNK_SIZE, scheduler: str | None = None, workers: int | None = None,
              folder: Path | str | None = None, resume: bool = False,
              progress: Callable[[int, int], None] | None = None, uncertainty=None,
              sampler: Callable | None = None) -> Study:
    """Run a study of ``scenario``'s uncertainty table; return the :class:`Study` (chunks in ``folder``).

    ``scheduler``: None runs the chunks in this process; ``"local"`` on a ``LocalCluster`` of ``workers``
    processes (one thread each, bound to 127.0.0.1, no dashboard), shut down at the end; an address
    (``tcp://host:port``) on that cluster. ``folder``: the work folder for the chunk files (a temporary one if
    None); ``resume`` keeps the chunks a previous, interrupted study with the same inputs finished there.
    ``progress(done_runs, total_runs)`` is called as chunks finish. ``uncertainty`` and ``sampler`` default to
    ``scenario.uncertainty`` and ``lunarbase.scenario.uncertainty.sample``.
    """
    unc = uncertainty if uncertainty is not None else getattr(scenario, "uncertainty", None)
    _check(scenario, unc, samples, seed, method, chunk_size)
    tune_allocator()  # this process too: its threads (Dask's client) take in and write every chunk
    sample = sampler if sampler is not None else _uncertainty_module().sample
    paths = tuple(unc.paths)
    inputs = study_inputs(scenario, paths, samples, seed, method, chunk_size)
    chunks = chunks_of(inputs["runs"], chunk_size)
    work = Path(folder) if folder is not None else Path(tempfile.mkdtemp(prefix="lunarbase-study-"))
    done = _prepare_work(work, inputs, resume)
    design = _Design(unc, sample, method, samples, seed, chunks, paths, work)
    write_text_atomically(work / TOKEN, design.token)
    study = Study(scenario, inputs, work, unc.salib_problem(), _years(scenario), chunks_resumed=len(done))
    todo = [i for i in range(len(chunks)) if i not in done]
    finished = sum(chunks[i][1] for i in done)
    if progress:
        progress(finished, inputs["runs"])

    def record(i: int, table: pa.Table | None) -> None:
        nonlocal finished
        if table is not None:
            _write_chunk(work, i, table)
        study.chunks_run += 1
        finished += chunks[i][1]
        if progress:
            progress(finished, inputs["runs"])

    if scheduler is None:
        for i in todo:
            point = design.point(i)
            given, si = design.draws(point)
            record(i, _chunk_table(i, chunks[i][0], point, si, run_chunk(scenario, given), paths))
    else:
        _run_on_dask(scenario, design, todo, record, scheduler, workers)
    return study


def _write_chunk(work: Path, i: int, table: pa.Table) -> None:
    """Chunk ``i``'s file in the work folder, whole (written aside, then renamed into place)."""
    write_file_atomically(work / "chunks" / f"{i:05d}{CHUNK_SUFFIX}",
                          lambda tmp: feather.write_feather(table, tmp, compression="uncompressed"))


def _chunk_task(scenario: Scenario, design: _Design, i: int, point: np.ndarray | None, work: str,
                token: str) -> pa.Table | None:
    """A worker's task: chunk ``i`` drawn (``point``: its unit-cube points, or None to draw them here), run and
    tabled; written to the study's work folder where this worker sees it (its ``token`` file holds ``token``:
    the same machine, or a shared disk), and then None; otherwise the table, for the caller to write.

    Why here: a chunk's outputs are ~2 MB; carried to the calling process, serialised at both ends, they cost
    it ~25 us a sample of CPU, on a machine whose cores the workers need."""
    if point is None:
        point = design.point(i)
    given, si = design.draws(point)
    table = _chunk_table(i, design.chunks[i][0], point, si, run_chunk(scenario, given), design.paths)
    try:
        shared = (Path(work) / TOKEN).read_text() == token
    except OSError:
        shared = False
    if not shared:
        return table
    _write_chunk(Path(work), i, table)
    return None


def _run_on_dask(scenario, design: _Design, todo: list[int], record, scheduler: str, workers: int | None) -> None:
    """Submit the chunks to a Dask cluster, a few per worker at a time (``IN_FLIGHT_PER_WORKER``, topped up in
    batches once half have finished), and record each as it completes."""
    from distributed import Client, as_completed

    if not todo:  # every chunk finished before (--resume): no cluster to start
        return
    for name in ("distributed", "distributed.nanny", "distributed.worker", "distributed.scheduler"):
        logging.getLogger(name).setLevel(logging.ERROR)  # a restarted worker is reported by the study itself
    cluster = None
    if scheduler == "local":
        cluster = local_cluster(workers)
        client = Client(cluster)
    else:
        try:
            client = Client(scheduler, timeout="10s")
        except OSError as err:
            raise StudyError(f"--scheduler: cannot reach '{scheduler}' ({err}); expected a running Dask "
                             "scheduler, e.g. tcp://127.0.0.1:8786") from None
    try:
        n_workers = max(1, len(client.scheduler_info().get("workers", {})) or workers or 1)
        remote_scenario = client.scatter(scenario, broadcast=True)
        design.draws(design.point(todo[0]))  # a table the workers would refuse fails here, at once
        remote_design = client.scatter(design, broadcast=True)
        pending, chunk_of = list(todo), {}
        window = IN_FLIGHT_PER_WORKER * n_workers

        def submit(count: int) -> list:
            batch, pending[:count] = pending[:count], []
            keys = [f"lunarbase-chunk-{i}-{design.token}" for i in batch]
            chunk_of.update(zip(keys, batch, strict=True))
            k = len(batch)
            return client.map(_chunk_task, [remote_scenario] * k, [remote_design] * k, batch,
                              [design.point(i) if design.whole is not None else None for i in batch],
                              [str(design.work)] * k, [design.token] * k, key=keys, pure=False, retries=2)

        queue = as_completed(submit(window))
        for finished in queue.batches():
            # A worker that wrote its chunk returned None (the scheduler says so: no request for it); the tables of
            # any that could not, and any error, are fetched a batch a request.
            fetch = [future for future in finished if future.type is not type(None)]
            tables = dict(zip((future.key for future in fetch), client.gather(fetch), strict=True)) if fetch else {}
            for future in finished:
                future.release()
                record(chunk_of.pop(future.key), tables.get(future.key))
            if pending and len(chunk_of) <= window // 2:
                queue.update(submit(window - len(chunk_of)))
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


__all__ = ["CLUSTER_CONFIG", "DEFAULT_CHUNK_SIZE", "FAN", "METHODS", "QUANTILES", "STUDY_SERIES", "WORKER_ENVIRON",
           "Study", "StudyError", "chunks_of", "local_cluster", "run_chunk", "run_study", "runs_of", "tune_allocator"]
