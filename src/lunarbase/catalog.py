"""The run catalog: every run and study written to disk, one Parquet row-set each, queried with DuckDB.

The catalog is a folder (``~/.lunarbase/catalog``, or ``$LUNARBASE_CATALOG``, or ``--catalog DIR``) holding
``entries/<id>.parquet``, one row per run or study: ``id``, ``kind`` (run or study), ``scenario``,
``created`` (UTC), ``method``, ``samples``, ``seed`` (null for a run), ``parameters`` (JSON: the effective
parameters, and for a study the drawn paths), ``headline`` (JSON: milestones and horizon figures, or the
study's medians) and ``path`` (the output folder).

Writes are atomic (``atomic.write_file_atomically``): each row-set goes to a hidden temporary file
``.<id>.parquet.<random>`` in the same folder and is renamed into place, so a reader sees a whole file or none,
and a crash mid-write leaves only a hidden file, which readers skip: an entry is a file ``<id>.parquet`` whose
name does not start with a dot (``_is_entry``), never a temporary file nor an ``atomic`` staging folder.
Queries run in an in-memory DuckDB database holding the catalog as table ``entries``, with external access
switched off and the configuration locked before the user's SQL runs: a query reads the catalog and nothing else
(functions that read or write files are refused in one line first).
"""

from __future__ import annotations

import io
import json
import os
import re
import secrets
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.json as pa_json
import pyarrow.parquet as pq

from lunarbase.atomic import write_file_atomically

ENV = "LUNARBASE_CATALOG"
SCHEMA = pa.schema([
    ("id", pa.string()), ("kind", pa.string()), ("scenario", pa.string()),
    ("created", pa.timestamp("us", tz="UTC")), ("method", pa.string()), ("samples", pa.int64()),
    ("seed", pa.int64()), ("parameters", pa.string()), ("headline", pa.string()), ("path", pa.string()),
])
#: What a catalog query may not name: anything that reads, writes or loads outside the catalog's table.
_REFUSED = re.compile(
    r"\b(read_\w+|parquet_\w+|glob|copy|attach|detach|install|load|export|import|pragma|set|reset|call|"
    r"checkpoint|vacuum|sniff_csv|query_table|query|getenv|duckdb_\w+|delta_scan|iceberg_\w+|sqlite_\w+|"
    r"postgres_\w+|mysql_\w+|httpfs)\b", re.IGNORECASE)
_ALLOWED_START = re.compile(r"^\s*(select|with|from|describe|summarize|show|values|table|\()", re.IGNORECASE)


class CatalogError(ValueError):
    """A catalog that cannot be read or a query that is refused; ``str(err)`` is one line."""


def catalog_dir(explicit: Path | str | None = None) -> Path:
    """The catalog folder: ``explicit``, else ``$LUNARBASE_CATALOG``, else ``~/.lunarbase/catalog``."""
    if explicit:
        return Path(explicit).expanduser()
    if os.environ.get(ENV):
        return Path(os.environ[ENV]).expanduser()
    return Path.home() / ".lunarbase" / "catalog"


def new_id(kind: str, when: datetime) -> str:
    """``run-20260301T120000-1a2b3c``: the kind, the UTC time and 24 random bits (unique across processes)."""
    return f"{kind}-{when.strftime('%Y%m%dT%H%M%S')}-{secrets.token_hex(3)}"


def record(kind: str, scenario: str, parameters: dict[str, Any], headline: dict[str, Any], path: Path | str,
           folder: Path | str | None = None, method: str | None = None, samples: int | None = None,
           seed: int | None = None) -> str:
    """Add one entry to the catalog atomically; return its id."""
    if kind not in ("run", "study"):
        raise ValueError(f"kind: got {kind!r}; expected 'run' or 'study'")
    now = datetime.now(UTC)
    entry_id = new_id(kind, now)
    row = {"id": entry_id, "kind": kind, "scenario": scenario, "created": now.isoformat(), "method": method,
           "samples": samples, "seed": seed, "parameters": json.dumps(parameters, allow_nan=False),
           "headline": json.dumps(headline, allow_nan=False), "path": str(Path(path).resolve())}
    # Parsed by Arrow's own JSON reader against the schema: ``pa.table`` on Python values asks pandas whether
    # they are a DataFrame, importing it (~0.16 s of every cold ``run --out``).
    table = pa_json.read_json(io.BytesIO(json.dumps(row).encode()),
                              parse_options=pa_json.ParseOptions(explicit_schema=SCHEMA))
    write_file_atomically(catalog_dir(folder) / "entries" / f"{entry_id}.parquet",
                          lambda tmp: pq.write_table(table, tmp))
    return entry_id


def _is_entry(path: Path) -> bool:
    """A whole entry: a file ``<id>.parquet``; not a writer's hidden temporary file or staging folder
    (``.NAME.<random>``, ``.NAME.stage-<pid>-<random>``: every name ``lunarbase.atomic`` writes to starts with
    a dot), nor a folder."""
    return not path.name.startswith(".") and path.suffix == ".parquet" and path.is_file()


def _files(folder: Path | str | None) -> list[Path]:
    entries = catalog_dir(folder) / "entries"
    return sorted(p for p in entries.iterdir() if _is_entry(p)) if entries.is_dir() else []


def _connect(folder: Path | str | None):
    """An in-memory DuckDB with the catalog as table ``entries``, then sealed: no file or network access."""
    import duckdb

    con = duckdb.connect(":memory:")
    files = _files(folder)
    if files:
        table = pa.concat_tables([pq.read_table(p, schema=SCHEMA) for p in files])
    else:
        table = SCHEMA.empty_table()
    con.register("_arrow_entries", table)
    con.execute("CREATE TABLE entries AS SELECT * FROM _arrow_entries")
    con.unregister("_arrow_entries")
    con.execute("SET enable_external_access = false")
    con.execute("SET lock_configuration = true")
    return con


def check_sql(sql: str) -> None:
    """Refuse, in one line, SQL that is not a query of the catalog (file functions, COPY, ATTACH, ...)."""
    text = re.sub(r"'(?:[^']|'')*'", "''", sql)  # words inside string literals are data, not SQL
    if not _ALLOWED_START.match(text):
        raise CatalogError("query: expected one read-only query of table 'entries' (SELECT, WITH, DESCRIBE, "
                           "SUMMARIZE), e.g. \"SELECT id, scenario FROM entries\"")
    found = _REFUSED.search(text)
    if found:
        raise CatalogError(f"query: '{found.group(0)}' reads or changes something outside the catalog; expected "
                           "a query of table 'entries' only")


def query(sql: str, folder: Path | str | None = None) -> pa.Table:
    """Run one read-only SQL query over table ``entries``; return the result as an Arrow table."""
    import duckdb

    check_sql(sql)
    con = _connect(folder)
    try:
        result = con.sql(sql)
        return result.to_arrow_table() if result is not None else pa.table({})
    except duckdb.Error as err:
        raise CatalogError("query: " + " ".join(str(err).split())) from None
    finally:
        con.close()


def entries(folder: Path | str | None = None) -> pa.Table:
    """Every entry, oldest first, without the long JSON columns."""
    con = _connect(folder)
    try:
        return con.sql("SELECT id, kind, scenario, created, method, samples, seed, path FROM entries "
                       "ORDER BY created, id").to_arrow_table()
    finally:
        con.close()


def show(entry_id: str, folder: Path | str | None = None) -> dict[str, Any]:
    """One entry as a dict, its JSON columns parsed; ``CatalogError`` if no entry has that id."""
    path = catalog_dir(folder) / "entries" / f"{entry_id}.parquet"
    if not re.fullmatch(r"\w[\w.-]*", entry_id) or not _is_entry(path):
        raise CatalogError(f"catalog show: no entry '{entry_id}' in {catalog_dir(folder)}; expected an id from "
                           "'lunarbase catalog list'")
    row = pq.read_table(path, schema=SCHEMA).to_pylist()[0]
    row["created"] = row["created"].isoformat()
    row["parameters"], row["headline"] = json.loads(row["parameters"]), json.loads(row["headline"])
    return row


__all__ = ["ENV", "SCHEMA", "CatalogError", "catalog_dir", "check_sql", "entries", "query", "record", "show"]
