"""docs/data-dictionary.md, generated from the warehouse catalog (table and column comments)."""

from __future__ import annotations

import duckdb

from .derived import DERIVED

HEADER = """# Data dictionary

Generated from the warehouse schema by `ekspor db docs`; `tests/test_warehouse.py` fails when this file is stale.
Layers: `raw` (what the crawler fetched), `staging` (clean articles), `marts` (events, provenance, dimensions).
"""


def render(con: duckdb.DuckDBPyConnection) -> str:
    out = [HEADER]
    objects = con.execute(
        "SELECT schema_name, table_name, comment, 'table' FROM duckdb_tables() "
        "WHERE schema_name IN ('raw', 'staging', 'marts') AND NOT internal UNION ALL "
        "SELECT schema_name, view_name, comment, 'view' FROM duckdb_views() "
        "WHERE schema_name IN ('raw', 'staging', 'marts') AND NOT internal ORDER BY 1, 4, 2").fetchall()
    for schema, table, comment, kind in objects:
        out.append(f"\n## {schema}.{table} ({kind})\n\n{comment or ''}\n")
        out.append("| column | type | null | description |\n|---|---|---|---|")
        cols = con.execute(
            "SELECT column_name, data_type, is_nullable, comment FROM duckdb_columns() "
            "WHERE schema_name = ? AND table_name = ? ORDER BY column_index", [schema, table]).fetchall()
        for name, dtype, nullable, ccomment in cols:
            out.append(f"| `{name}` | {dtype} | {'yes' if nullable else 'no'} | {ccomment or ''} |")
    out.append("\n## Derived tables\n\nMaterialised from the tables above, declared in `warehouse/derived.py`; "
               "each can be dropped and rebuilt.\n")
    out.append("| table | layer | built | from | description |\n|---|---|---|---|---|")
    for d in DERIVED:
        out.append(f"| `{d.name}` | {d.layer} | {d.built} | `{d.sql}` | {d.comment} |")
    return "\n".join(out) + "\n"


def render_fresh() -> str:
    """The dictionary of a warehouse built by the migrations alone (what docs/ must match)."""
    from .connection import fts_extension_file
    from .migrations import migrate

    con = duckdb.connect(":memory:", config={"autoinstall_known_extensions": False,
                                             "autoload_known_extensions": False})
    con.load_extension(str(fts_extension_file()))
    try:
        migrate(con)
        return render(con)
    finally:
        con.close()
