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
    indexes: tuple[str, ...] = ()  # columns a reader looks rows up by (one ART index each)


DERIVED: tuple[Derived, ...] = (
    Derived("marts.events_wide", "marts", "snapshot",
            "SELECT * FROM marts.v_export_events ORDER BY event_date DESC NULLS LAST, event_id",
            "Snapshot only: v_export_events materialised for readers (search page, API), no joins at read time.",
            ("event_id", "exporter_id")),
    Derived("marts.mentions_wide", "marts", "snapshot",
            "SELECT m.*, a.canonical_url AS url, a.site, a.published, a.title, a.warc_file IS NOT NULL AS archived "
            "FROM marts.mentions m JOIN staging.articles a USING (article_id) ORDER BY m.event_id, m.mention_id",
            "Snapshot only: each mention with its article's URL, outlet, date and title, looked up by event or "
            "article.", ("event_id", "article_id")),
    Derived("marts.exporters_wide", "marts", "snapshot",
            "SELECT x.*, p.name AS province, k.name AS kabkota, "
            "coalesce((SELECT list(a.alias ORDER BY a.events DESC, a.alias) FROM marts.exporter_aliases a "
            "WHERE a.exporter_id = x.exporter_id), []) AS aliases, "
            "coalesce((SELECT list(DISTINCT a.site ORDER BY a.site) FROM marts.event_exporters ee "
            "JOIN marts.mentions m USING (event_id) JOIN staging.articles a USING (article_id) "
            "WHERE ee.exporter_id = x.exporter_id), []) AS outlet_sites "
            "FROM marts.exporters x LEFT JOIN marts.dim_regions p ON p.code = x.province_code "
            "LEFT JOIN marts.dim_regions k ON k.code = x.kabkota_code",
            "Snapshot only: each exporter entity with its region names, names as written and outlets, looked up "
            "by id.", ("exporter_id",)),
)


def materialise(con: duckdb.DuckDBPyConnection, built: str) -> list[str]:
    """(Re)build every derived table declared for this moment; returns their names."""
    done = []
    for d in DERIVED:
        if d.built == built:
            con.execute(f"CREATE OR REPLACE TABLE {d.name} AS {d.sql}")
            con.execute(f"COMMENT ON TABLE {d.name} IS '{d.comment.replace(chr(39), chr(39) * 2)}'")
            for column in d.indexes:
                con.execute(f"CREATE INDEX {d.name.split('.')[1]}_{column} ON {d.name} ({column})")
            done.append(d.name)
    return done


def after_load(con: duckdb.DuckDBPyConnection) -> None:
    """What every load rebuilds once its batches are in: the full-text index and the exporter entities."""
    from .exporters import rebuild_exporters
    from .search import build_index

    build_index(con)
    rebuild_exporters(con)
