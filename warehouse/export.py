"""`ekspor export`: Parquet, CSV or JSONL, partitioned by year, with a data dictionary beside the files."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb

from .dictionary import render

FORMATS = ("parquet", "csv", "jsonl")
TABLES = {
    "events": ("SELECT *, coalesce(CAST(year(event_date) AS VARCHAR), 'unknown') AS year "
               "FROM marts.v_export_events"),
    "mentions": ("SELECT m.* EXCLUDE (event_json), a.canonical_url AS url, a.site, a.published, "
                 "coalesce(CAST(year(a.published) AS VARCHAR), 'unknown') AS year "
                 "FROM marts.mentions m JOIN staging.articles a USING (article_id)"),
    "articles": ("SELECT * EXCLUDE (text), coalesce(CAST(year(published) AS VARCHAR), 'unknown') AS year "
                 "FROM staging.articles"),
}


def export(con: duckdb.DuckDBPyConnection, fmt: str, out: Path) -> dict[str, int]:
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}")
    out.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    for name, query in TABLES.items():
        counts[name] = con.execute(f"SELECT count(*) FROM ({query})").fetchone()[0]
        if fmt == "jsonl":
            _export_jsonl(con, name, query, out)
        else:
            target = out / name
            opts = "FORMAT parquet" if fmt == "parquet" else "FORMAT csv, HEADER true"
            con.execute(f"COPY ({query}) TO '{target}' ({opts}, PARTITION_BY (year), OVERWRITE_OR_IGNORE true)")
    (out / "DATA_DICTIONARY.md").write_text(render(con), encoding="utf-8")
    return counts


def _export_jsonl(con: duckdb.DuckDBPyConnection, name: str, query: str, out: Path) -> None:
    """JSONL events follow the `ekspor extract` event fields plus id, counts and their mentions."""
    cur = con.execute(query + " ORDER BY year")
    cols = [c[0] for c in cur.description]
    handles: dict[str, object] = {}
    try:
        for row in cur.fetchall():
            rec = dict(zip(cols, row, strict=True))
            year = rec.pop("year")
            fh = handles.get(year)
            if fh is None:
                d = out / name / f"year={year}"
                d.mkdir(parents=True, exist_ok=True)
                fh = handles[year] = open(d / "data.jsonl", "w", encoding="utf-8")  # noqa: SIM115
            line = _event_line(con, rec) if name == "events" else rec
            fh.write(json.dumps(line, ensure_ascii=False, default=str) + "\n")
    finally:
        for fh in handles.values():
            fh.close()


def _event_line(con: duckdb.DuckDBPyConnection, r: dict) -> dict:
    mentions = con.execute(
        "SELECT a.canonical_url, a.site, a.published, m.evidence FROM marts.mentions m "
        "JOIN staging.articles a USING (article_id) WHERE m.event_id = ? ORDER BY a.published, a.site",
        [r["event_id"]]).fetchall()
    return {
        "id": r["event_id"], "status": r["status"], "exporter": r["exporter"], "exporter_type": r["exporter_type"],
        "origin": {"kabkota_code": r["kabkota_code"], "kabkota": r["kabkota"], "province_code": r["province_code"],
                   "province": r["province"]},
        "product": r["product"], "product_code": r["product_code"],
        "destination": {"iso2": r["destination_iso2"], "name": r["destination"]},
        "quantity": None if r["quantity_value"] is None else {
            "value": r["quantity_value"], "unit": r["quantity_unit"], "text": r["quantity_text"]},
        "value": None if r["value_amount"] is None else {
            "amount": r["value_amount"], "currency": r["value_currency"], "text": r["value_text"]},
        "date": r["date"], "confidence": r["confidence"], "num_articles": r["num_articles"],
        "num_sources": r["num_sources"],
        "mentions": [{"url": u, "site": s, "published": str(p) if p else None, "evidence": e}
                     for u, s, p, e in mentions],
    }
