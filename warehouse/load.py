"""Idempotent loads of articles, events and mentions, each load one transaction.

Natural keys: an article is its canonical URL's hash (or the hash of its input id, or of its text, when it has
no URL); a mention is
(article, ordinal); an event is its merge key, so the same shipment reported by several outlets is one event
with a mention from each. Loading the same input again changes nothing; an interrupted load rolls back.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import duckdb
import pandas as pd

from crawler.keys import canonical_url, content_hash, sha1, site_of, url_key
from nlp.records import EXTRACTOR_VERSION, ArticleResult

from .connection import transaction


def event_key(ev: dict[str, Any], published_month: str | None) -> str:
    """Merge key: the same status, destination, province, product and month is the same shipment."""
    product = ev.get("product_code") or (ev.get("product") or "-").split()[0].lower()
    month = (ev.get("date") or published_month or "-")[:7]
    origin = ev["origin"].get("province_code") or "-"
    return "|".join([ev["status"], ev["destination"]["iso2"] or "-", origin, product, month])


@dataclass
class LoadStats:
    run_id: str
    articles_new: int = 0
    articles_updated: int = 0
    articles_unchanged: int = 0
    events_new: int = 0
    mentions_new: int = 0

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _article_key(record: dict[str, Any]) -> tuple[str, str | None, str | None, str]:
    """(article_id, canonical_url, url_hash, content_hash): the URL when there is one; else the caller's id;
    else the text itself."""
    chash = content_hash(record["text"])
    curl = canonical_url(record.get("url"))
    url_hash = url_key(record["url"]) if curl else None
    aid = url_hash or (sha1(f"id:{record['id']}") if record.get("id") else f"c{chash[:39]}")
    return aid, curl, url_hash, chash


def insert_frame(con: duckdb.DuckDBPyConnection, table: str, rows: list[tuple], columns: list[str],
                 on_conflict: str = "") -> None:
    """Bulk insert through a registered DataFrame: one statement instead of one per row (executemany is slow)."""
    if not rows:
        return
    frame = pd.DataFrame(rows, columns=columns).astype(object)
    frame = frame.where(pd.notna(frame), None)
    con.register("_load_frame", frame)
    try:
        con.execute(f"INSERT INTO {table} ({', '.join(columns)}) SELECT {', '.join(columns)} FROM _load_frame "
                    f"{on_conflict}")
    finally:
        con.unregister("_load_frame")


ARTICLE_COLUMNS = ["article_id", "external_id", "canonical_url", "url_hash", "site", "title", "published", "text",
                   "language", "content_hash", "cluster_id", "is_export_story", "extractor_version", "run_id",
                   "ingested_at", "warc_file", "warc_offset"]
MENTION_COLUMNS = ["mention_id", "event_id", "article_id", "ordinal", "status", "evidence_start", "evidence_end",
                   "evidence", "confidence", "extractor_version", "event_json", "created_at"]


def load_results(con: duckdb.DuckDBPyConnection, pairs: Iterable[tuple[dict[str, Any], ArticleResult]],
                 run_id: str) -> LoadStats:
    """Load (input record, extraction result) pairs in one transaction; errors are skipped by the caller.
    The run itself is opened and closed in the ledger by the caller (`warehouse.runs`)."""
    stats = LoadStats(run_id)
    now = _now()
    batch: dict[str, tuple[dict[str, Any], ArticleResult, tuple]] = {}
    for record, result in pairs:
        key = _article_key(record)
        batch[key[0]] = (record, result, key)  # the same article twice in one batch: the last one wins
    with transaction(con):
        known = {aid: (h, v) for aid, h, v in con.execute(
            "SELECT article_id, content_hash, extractor_version FROM staging.articles "
            "WHERE article_id IN (SELECT unnest(?::VARCHAR[]))", [list(batch)]).fetchall()}
        changed = [aid for aid, (h, v) in known.items() if (h, v) != (batch[aid][2][3], EXTRACTOR_VERSION)]
        stats.articles_unchanged = len(known) - len(changed)
        stats.articles_updated = len(changed)
        stats.articles_new = len(batch) - len(known)
        touched: set[str] = set()
        if changed:  # new text or a new extractor for a known URL: its mentions are replaced
            touched.update(r[0] for r in con.execute(
                "SELECT DISTINCT event_id FROM marts.mentions WHERE article_id IN (SELECT unnest(?::VARCHAR[]))",
                [changed]).fetchall())
            con.execute("DELETE FROM marts.mentions WHERE article_id IN (SELECT unnest(?::VARCHAR[]))", [changed])
            con.execute("DELETE FROM staging.articles WHERE article_id IN (SELECT unnest(?::VARCHAR[]))", [changed])
        to_load = [aid for aid in batch if aid not in known or aid in set(changed)]
        articles, mentions, new_events = [], [], {}
        for aid in to_load:
            record, result, (_aid, curl, url_hash, chash) = batch[aid]
            published = str(record.get("published") or "")[:10] or None
            articles.append((aid, record.get("id"), curl, url_hash, site_of(record), record.get("title"), published,
                             record["text"], record.get("language") or "id", chash, record.get("cluster_id"),
                             result.is_export_story, EXTRACTOR_VERSION, run_id, now, record.get("warc_file"),
                             record.get("warc_offset")))
            month = (published or "")[:7] or None
            seen_keys: dict[str, list[tuple]] = {}
            for i, ev in enumerate(e.to_json() for e in result.events):
                key = event_key(ev, month)
                # one article reporting two different shipments with the same key (two items of one product
                # code, say) reports two events: the n-th merges with another outlet's n-th, never with its own
                # first; the same shipment told twice in one article stays one event
                item = (ev.get("product"), json.dumps(ev.get("quantity"), sort_keys=True))
                variants = seen_keys.setdefault(key, [])
                if item not in variants:
                    variants.append(item)
                n = variants.index(item) + 1
                if n > 1:
                    key = f"{key}#{n}"
                eid = "ev" + sha1(key)[:16]
                new_events.setdefault(eid, (key, ev))
                s, e = ev["evidence"]["start"], ev["evidence"]["end"]
                mentions.append((sha1(f"{aid}#{i}"), eid, aid, i, ev["status"], s, e, record["text"][s:e].strip(),
                                 ev["confidence"], EXTRACTOR_VERSION, json.dumps(ev, ensure_ascii=False), now))
                touched.add(eid)
        insert_frame(con, "staging.articles", articles, ARTICLE_COLUMNS)
        con.execute("INSERT INTO marts.sources SELECT DISTINCT site, site, site, NULL, 'adhoc' FROM staging.articles "
                    "WHERE run_id = ? ON CONFLICT DO NOTHING", [run_id])
        existing = {r[0] for r in con.execute(
            "SELECT event_id FROM marts.events WHERE event_id IN (SELECT unnest(?::VARCHAR[]))",
            [list(new_events)]).fetchall()}
        stats.events_new = len(set(new_events) - existing)
        insert_frame(con, "marts.mentions", mentions, MENTION_COLUMNS)
        stats.mentions_new = len(mentions)
        _refresh_events(con, touched, {eid: k for eid, (k, _ev) in new_events.items()}, now)
        _refresh_search_docs(con, touched, to_load)
    return stats


def merge_mentions(events: list[dict[str, Any]]) -> dict[str, Any]:
    """One event from its mentions: each field from the most confident mention that states it."""
    ranked = sorted(events, key=lambda ev: -ev["confidence"])
    out = dict(ranked[0])
    for field in ("exporter", "product", "product_code", "quantity", "value", "date"):
        out[field] = next((ev[field] for ev in ranked if ev.get(field)), None)
    out["origin"] = next((ev["origin"] for ev in ranked if ev["origin"].get("kabkota_code")), ranked[0]["origin"])
    out["confidence"] = min(0.99, ranked[0]["confidence"] + 0.05 * (len(ranked) - 1))
    return out


EVENT_COLUMNS = ["event_id", "event_key", "status", "exporter", "exporter_type", "kabkota_code", "province_code",
                 "product", "product_code", "destination_iso2", "quantity_value", "quantity_unit", "quantity_text",
                 "quantity_kg", "value_amount", "value_currency", "value_text", "value_idr", "value_usd", "date",
                 "event_date", "date_precision", "confidence", "num_articles", "num_sources", "first_seen",
                 "last_seen", "extractor_version", "updated_at"]


def _refresh_events(con, event_ids: set[str], new_keys: dict[str, str], now) -> None:
    """Recompute touched events from all their mentions (delete + bulk insert); events left without one go."""
    if not event_ids:
        return
    ids = sorted(event_ids)
    keys = dict(con.execute("SELECT event_id, event_key FROM marts.events WHERE event_id IN "
                            "(SELECT unnest(?::VARCHAR[]))", [ids]).fetchall())
    keys = {**new_keys, **keys}
    grouped: dict[str, list[tuple]] = {}
    for eid, ejson, site, seen, aid in con.execute(  # ordered, so that merging is the same in any load order
            "SELECT m.event_id, m.event_json, a.site, coalesce(a.published, CAST(a.ingested_at AS DATE)), "
            "m.article_id FROM marts.mentions m JOIN staging.articles a USING (article_id) "
            "WHERE m.event_id IN (SELECT unnest(?::VARCHAR[])) ORDER BY m.article_id, m.ordinal", [ids]).fetchall():
        grouped.setdefault(eid, []).append((json.loads(ejson), site, seen, aid))
    rows = []
    for eid in ids:
        mentions = grouped.get(eid)
        if not mentions:
            continue
        ev = merge_mentions([m[0] for m in mentions])
        q, v, date = ev["quantity"], ev["value"], ev["date"]
        rows.append((
            eid, keys[eid], ev["status"], ev["exporter"], ev["exporter_type"], ev["origin"]["kabkota_code"],
            ev["origin"]["province_code"], ev["product"], ev["product_code"], ev["destination"]["iso2"] or "-",
            q and q["value"], q and q["unit"], q and q["text"], q["value"] if q and q["unit"] == "kg" else None,
            v and v["amount"], v and v["currency"], v and v["text"],
            v["amount"] if v and v["currency"] == "IDR" else None,
            v["amount"] if v and v["currency"] == "USD" else None,
            date, (date if len(date) == 10 else date + "-01") if date else None,
            None if not date else ("day" if len(date) == 10 else "month"), ev["confidence"],
            len({m[3] for m in mentions}), len({m[1] for m in mentions}), min(m[2] for m in mentions),
            max(m[2] for m in mentions),
            EXTRACTOR_VERSION, now))
    con.execute("DELETE FROM marts.events WHERE event_id IN (SELECT unnest(?::VARCHAR[]))", [ids])
    insert_frame(con, "marts.events", rows, EVENT_COLUMNS)


def event_summary(row: dict[str, Any]) -> str:
    """'CV X, Kabupaten Tangerang → Senegal, 4.044 pasang sepatu, 2024-...' for search and the web page."""
    who = row.get("exporter") or "Eksportir tak disebut"
    where = row.get("kabkota") or row.get("province") or "asal tak diketahui"
    what = " ".join(str(x) for x in (row.get("quantity_text"), row.get("product")) if x)
    parts = [f"{who}, {where} → {row.get('destination') or row.get('destination_iso2')}", what, row.get("date")]
    label = {"plan": " (rencana)", "market_presence": " (sudah dipasarkan)", "other": " (lainnya)"}
    return ", ".join(p for p in parts if p) + label.get(row.get("status") or "shipment", "")


def _refresh_search_docs(con, event_ids: set[str], article_ids: list[str]) -> None:
    """One search document per article and per shipment or plan event, replaced when they change."""
    docs = ["a:" + a for a in article_ids] + ["e:" + e for e in event_ids]
    con.execute("DELETE FROM marts.search_docs WHERE doc_id IN (SELECT unnest(?::VARCHAR[]))", [docs])
    con.execute("INSERT INTO marts.search_docs SELECT 'a:' || article_id, 'article', NULL, article_id, title, text "
                "FROM staging.articles WHERE article_id IN (SELECT unnest(?::VARCHAR[]))", [article_ids])
    if not event_ids:
        return
    cur = con.execute(
        "SELECT v.*, (SELECT string_agg(evidence, ' ' ORDER BY mention_id) FROM marts.mentions m "
        "WHERE m.event_id = v.event_id) AS evidence_text FROM marts.v_export_events v "
        "WHERE v.event_id IN (SELECT unnest(?::VARCHAR[])) AND v.status IN ('shipment', 'plan')", [sorted(event_ids)])
    cols = [c[0] for c in cur.description]
    rows = []
    for row in cur.fetchall():
        d = dict(zip(cols, row, strict=True))
        title = event_summary(d)
        rows.append(("e:" + d["event_id"], "event", d["event_id"], None, title, f"{title}\n{d['evidence_text']}"))
    insert_frame(con, "marts.search_docs", rows, ["doc_id", "kind", "event_id", "article_id", "title", "body"])
