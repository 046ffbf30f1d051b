"""The Python API for notebooks and scripts: `from warehouse import open_warehouse`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from .connection import connect, db_path
from .queries import EventFilter, events_table, facet_counts, find_events
from .search import Hit, search
from .snapshot import open_reader


class Warehouse:
    """Read access to the published warehouse snapshot (or the live file when none is published yet)."""

    def __init__(self, con: duckdb.DuckDBPyConnection, path: Path):
        self.con, self.path = con, path

    def sql(self, query: str, params: list[Any] | None = None) -> pd.DataFrame:
        """Any read-only query, as a DataFrame."""
        return self.con.execute(query, params or []).df()

    def rows(self, query: str, params: list[Any] | None = None) -> list[tuple]:
        """Any read-only query, as tuples (no DataFrame on the way: what the query benchmarks time)."""
        return self.con.execute(query, params or []).fetchall()

    def events(self, filter: EventFilter | None = None, **criteria: Any) -> pd.DataFrame:
        """Events as a DataFrame: an `EventFilter`, or its fields as keywords (the same filter as the search
        page and /api/events). Regions take a Kemendagri code or an official name, destinations an ISO code
        or a country name, in any case; an unknown one raises ValueError naming the closest matches.

        Example: wh.events(province="Jawa Barat", destination="CN", since="2019-01-01")
        """
        f = filter.replace(**criteria) if filter else EventFilter(**criteria)
        rows, _total = find_events(self.con, f)
        columns = [c[0] for c in self.con.execute(f"DESCRIBE {events_table(self.con)}").fetchall()]
        return pd.DataFrame(rows, columns=columns)

    def summary(self, facet: str, filter: EventFilter | None = None, limit: int = 10,
                **criteria: Any) -> pd.DataFrame:
        """Matching events counted by province, destination, product or month."""
        f = filter.replace(**criteria) if filter else EventFilter(**criteria)
        return pd.DataFrame(facet_counts(self.con, f, facet, limit), columns=[facet, "events"])

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
