"""The Python API for notebooks and scripts: `from warehouse import open_warehouse`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from .connection import connect, db_path, open_reader
from .search import Hit, search


class Warehouse:
    """Read access to the published warehouse snapshot (or the live file when none is published yet)."""

    def __init__(self, con: duckdb.DuckDBPyConnection, path: Path):
        self.con, self.path = con, path

    def sql(self, query: str, params: list[Any] | None = None) -> pd.DataFrame:
        return self.con.execute(query, params or []).df()

    def events(self, province: str | None = None, destination: str | None = None, since: str | dt.date | None = None,
               until: str | dt.date | None = None, status: str | None = "shipment", product: str | None = None,
               min_sources: int = 1) -> pd.DataFrame:
        """Events from v_export_events; province and destination take a code or a name (case-insensitive)."""
        where, params = ["num_sources >= ?"], [min_sources]
        if status:
            where.append("status = ?")
            params.append(status)
        if province:
            where.append("(province_code = ? OR lower(province) = lower(?) OR kabkota_code = ? "
                         "OR lower(kabkota) = lower(?))")
            params += [province] * 4
        if destination:
            where.append("(destination_iso2 = upper(?) OR lower(destination) = lower(?) "
                         "OR lower(destination_en) = lower(?))")
            params += [destination] * 3
        if since:
            where.append("event_date >= CAST(? AS DATE)")
            params.append(str(since))
        if until:
            where.append("event_date <= CAST(? AS DATE)")
            params.append(str(until))
        if product:
            where.append("(product_code = ? OR product ILIKE ?)")
            params += [product, f"%{product}%"]
        q = (f"SELECT * FROM marts.v_export_events WHERE {' AND '.join(where)} "
             "ORDER BY event_date DESC NULLS LAST, event_id")
        return self.sql(q, params)

    def mentions(self, event_id: str) -> pd.DataFrame:
        return self.sql(
            "SELECT m.*, a.canonical_url AS url, a.site, a.published, a.title FROM marts.mentions m "
            "JOIN staging.articles a USING (article_id) WHERE event_id = ? ORDER BY a.published, a.site", [event_id])

    def articles(self, export_stories_only: bool = False) -> pd.DataFrame:
        where = "WHERE is_export_story" if export_stories_only else ""
        return self.sql(f"SELECT * EXCLUDE (text) FROM staging.articles {where} ORDER BY published, article_id")

    def search(self, query: str, limit: int = 20) -> list[Hit]:
        return search(self.con, query, limit)

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Warehouse:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_warehouse(path: str | Path | None = None, live: bool = False) -> Warehouse:
    """Open the warehouse read-only: the published snapshot by default, the live file with live=True."""
    p = db_path(path)
    return Warehouse(connect(p, read_only=True) if live else open_reader(p), p)
