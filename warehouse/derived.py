"""Everything the warehouse materialises from its own tables, declared in one place with its layer and when it
is built. Nothing here is a source of truth: each can be dropped and rebuilt from the tables the migrations
create."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb


@dataclass(frozen=True)
class Derived:
    name: str  # schema.table
    layer: str  # raw, staging or marts
    built: str  # "snapshot": in the published read copy only (the search index and marts.exporters are
    # rebuilt after every load, by `after_load`)
    sql: str
    comment: str


DERIVED: tuple[Derived, ...] = (
    Derived("marts.events_wide", "marts", "snapshot",
            "SELECT * FROM marts.v_export_events ORDER BY event_date DESC NULLS LAST, event_id",
            "Snapshot only: v_export_events materialised for readers (search page, API), no joins at read time."),
)


def materialise(con: duckdb.DuckDBPyConnection, built: str) -> list[str]:
    """(Re)build every derived table declared for this moment; returns their names."""
    done = []
    for d in DERIVED:
        if d.built == built:
            con.execute(f"CREATE OR REPLACE TABLE {d.name} AS {d.sql}")
            con.execute(f"COMMENT ON TABLE {d.name} IS '{d.comment.replace(chr(39), chr(39) * 2)}'")
            done.append(d.name)
    return done


def after_load(con: duckdb.DuckDBPyConnection) -> None:
    """What every load rebuilds once its batches are in: the full-text index and the exporter entities."""
    from .exporters import rebuild_exporters
    from .search import build_index

    build_index(con)
    rebuild_exporters(con)
