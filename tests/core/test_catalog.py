"""The run catalog: atomic entries, readable after a crash mid-write, and queries that read nothing else."""

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
