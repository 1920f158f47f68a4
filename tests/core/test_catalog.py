"""The run catalog: atomic entries, readable after a crash mid-write, and queries that read nothing else."""

import os
import signal
import subprocess
import sys

import pytest

from lunarbase import catalog


def test_entries_round_trip_and_a_crash_mid_write_leaves_it_readable(tmp_path):
    first = catalog.record("run", "lunar-base-alpha", {"a": 1}, {"x": 2.0}, tmp_path, tmp_path)
    catalog.record("study", "lunar-base-alpha", {"a": 1}, {"x": 3.0}, tmp_path, tmp_path, method="mc", samples=8,
                   seed=1)
    # what a writer killed between write and rename leaves: a hidden temporary file, half written
    (tmp_path / "entries" / f".{first}x.parquet.tmp").write_bytes(b"PAR1 half a file")
    rows = catalog.entries(tmp_path).to_pylist()
    assert [r["kind"] for r in rows] == ["run", "study"]
    assert catalog.show(first, tmp_path)["headline"] == {"x": 2.0}
    got = catalog.query("SELECT json_extract(headline, '$.x')::DOUBLE AS x FROM entries ORDER BY x", tmp_path)
    assert got.column("x").to_pylist() == [2.0, 3.0]
    assert not list((tmp_path / "entries").glob("[!.]*.tmp"))


_KILLED_WRITER = """
import os, signal, sys
import pyarrow.parquet as pq
from lunarbase import atomic, catalog

folder = sys.argv[1]
if sys.argv[2] == "file":  # killed mid-write of an entry: its hidden temporary file stays, half written
    def half(table, where):
        open(where, "wb").write(b"PAR1 half a file")
        os.kill(os.getpid(), signal.SIGKILL)
    pq.write_table = half
    catalog.record("run", "lunar-base-alpha", {}, {}, folder, folder)
else:  # killed while filling a staging folder named like an entry, holding a whole Parquet file
    entries = catalog.catalog_dir(folder) / "entries"
    with atomic.staged_folder(entries / "run-20990101T000000-abcdef.parquet") as staging:
        pq.write_table(pq.read_table(next(entries.glob("[!.]*.parquet"))), staging / "x.parquet")
        os.kill(os.getpid(), signal.SIGKILL)
"""


@pytest.mark.parametrize("leftover", ["file", "folder"])
def test_a_reader_ignores_what_a_killed_atomic_writer_left(tmp_path, leftover):
    first = catalog.record("run", "lunar-base-alpha", {"a": 1}, {"x": 2.0}, tmp_path, tmp_path)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    proc = subprocess.run([sys.executable, "-c", _KILLED_WRITER, str(tmp_path), leftover], env=env, timeout=120,
                          capture_output=True, text=True)
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    left = [p for p in (tmp_path / "entries").iterdir() if p.name.startswith(".")]
    assert len(left) == 1 and left[0].is_dir() == (leftover == "folder")  # the leftover is there, hidden
    assert catalog.entries(tmp_path).column("id").to_pylist() == [first]
    assert catalog.query("SELECT count(*) AS n FROM entries", tmp_path).column("n").to_pylist() == [1]
    with pytest.raises(catalog.CatalogError):
        catalog.show(left[0].name.removesuffix(".parquet"), tmp_path)
    catalog.record("run", "lunar-base-alpha", {"a": 2}, {"x": 3.0}, tmp_path, tmp_path)  # the next write works
    assert catalog.entries(tmp_path).num_rows == 2


def test_an_empty_catalog_lists_nothing(tmp_path):
    assert catalog.entries(tmp_path / "none").num_rows == 0


@pytest.mark.parametrize("sql", ["SELECT * FROM read_csv('/etc/passwd')", "select * from parquet_scan('x')",
                                 "COPY entries TO 'x.csv'", "ATTACH 'x.db'", "INSTALL httpfs", "LOAD httpfs",
                                 "SELECT 1; COPY entries TO 'x'", "SET enable_external_access=true",
                                 "SELECT * FROM glob('/*')"])
def test_sql_that_reads_or_writes_files_is_refused(tmp_path, sql):
    with pytest.raises(catalog.CatalogError) as err:
        catalog.query(sql, tmp_path)
    assert "\n" not in str(err.value)


def test_even_past_the_word_filter_duckdb_cannot_touch_files(tmp_path):
    with pytest.raises(catalog.CatalogError, match="disabled"):
        catalog.query("SELECT * FROM '/tmp/any.csv'", tmp_path)
    assert catalog.query("SELECT 'read_csv' AS word", tmp_path).column("word").to_pylist() == ["read_csv"]
