"""marts.exporters, marts.exporter_aliases and marts.event_exporters, rebuilt from marts.events after every load.

The resolution itself is `nlp.entity_names` (pure); this module reads the named exporters, resolves them, and
replaces the three tables in one transaction. The same events give the same entities and ids.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from nlp.entity_names import load_merges, resolve

from .connection import transaction
from .load import insert_frame


def rebuild_exporters(con: duckdb.DuckDBPyConnection, merges_file: Path | None = None) -> int:
    """Resolve every named exporter; returns the number of entities."""
    rows = con.execute("SELECT event_id, exporter, coalesce(province_code, ''), exporter_type FROM marts.events "
                       "WHERE exporter IS NOT NULL AND trim(exporter) <> '' ORDER BY event_id").fetchall()
    entities = resolve([(name, prov) for _, name, prov, _ in rows], load_merges(merges_file))
    links = [(eid, entities[(name.strip(), prov)].exporter_id) for eid, name, prov, _ in rows]
    aliases: dict[tuple[str, str], list] = {}
    for _, name, prov, _ in rows:
        key = (name.strip(), prov)
        aliases.setdefault(key, [key[0], prov, entities[key].exporter_id, 0])[3] += 1
    with transaction(con):
        con.execute("DELETE FROM marts.event_exporters")
        con.execute("DELETE FROM marts.exporter_aliases")
        con.execute("DELETE FROM marts.exporters")
        insert_frame(con, "marts.event_exporters", links, ["event_id", "exporter_id"])
        insert_frame(con, "marts.exporter_aliases", [tuple(a) for a in aliases.values()],
                     ["alias", "province_code", "exporter_id", "events"])
        con.execute("""
            INSERT INTO marts.exporters
            SELECT x.exporter_id,
                   arg_max(e.exporter, length(e.exporter)) AS name,
                   CASE WHEN count(DISTINCT e.exporter_type) FILTER (WHERE e.exporter_type <> 'unknown') = 1
                        THEN any_value(e.exporter_type) FILTER (WHERE e.exporter_type <> 'unknown')
                        ELSE coalesce(mode(e.exporter_type), 'unknown') END,
                   nullif(any_value(e.province_code), ''), mode(e.kabkota_code),
                   min(e.event_date), max(e.event_date), count(DISTINCT e.event_id),
                   count(DISTINCT m.article_id), count(DISTINCT a.site)
            FROM marts.event_exporters x JOIN marts.events e USING (event_id)
            JOIN marts.mentions m USING (event_id) JOIN staging.articles a USING (article_id)
            GROUP BY x.exporter_id""")
    return len({e.exporter_id for e in entities.values()})
