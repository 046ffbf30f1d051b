"""Parquet partitions: the backfill's hand-off between the machines that read archives and the one that loads
the warehouse, and the format any other engine (Spark, pandas, DuckDB elsewhere) reads them in.

One partition per archive file: the candidate articles its records gave, each with its extraction result as
JSON, in record order. A partition is written to a temporary name and renamed, so it is whole or absent.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

COLUMNS = ["archive", "offset", "id", "url", "canonical_url", "site", "source", "title", "published", "language",
           "text", "content_hash", "is_export_story", "events_json"]


def write_partition(path: Path, rows: list[dict[str, Any]]) -> None:
    """Write the rows (COLUMNS) to one Parquet file, atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + f".tmp-{os.getpid()}")
    frame = pd.DataFrame(rows, columns=COLUMNS).astype(object)
    frame = frame.where(pd.notna(frame), None)
    con = duckdb.connect(":memory:")
    try:
        con.register("partition_rows", frame)
        con.execute(f"COPY (SELECT * FROM partition_rows ORDER BY archive, \"offset\") TO '{_sql_path(tmp)}' "
                    "(FORMAT parquet, COMPRESSION zstd)")
    finally:
        con.close()
    os.replace(tmp, path)


def read_partitions(paths: list[Path]) -> Iterator[dict[str, Any]]:
    """Rows of the partitions, file by file in the order given, each in record order."""
    con = duckdb.connect(":memory:")
    try:
        for p in paths:
            cur = con.execute(f"SELECT {', '.join(_q(c) for c in COLUMNS)} FROM read_parquet('{_sql_path(p)}') "
                              "ORDER BY \"offset\"")
            while batch := cur.fetchmany(500):
                for r in batch:
                    row = dict(zip(COLUMNS, r, strict=True))
                    row["events"] = json.loads(row.pop("events_json") or "[]")
                    yield row
    finally:
        con.close()


def _q(column: str) -> str:
    return f'"{column}"'


def _sql_path(p: Path) -> str:
    return str(p).replace("'", "''")
