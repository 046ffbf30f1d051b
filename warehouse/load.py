"""Idempotent loads of articles, events and mentions, each load one transaction.

Natural keys: an article is its canonical URL's hash (or the hash of its input id, or of its text, when it has
no URL); a mention is
(article, ordinal); an event is its merge key, so the same shipment reported by several outlets is one event
with a mention from each. Loading the same input again changes nothing; an interrupted load rolls back.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import duckdb

from nlp.records import EXTRACTOR_VERSION, ArticleResult


def sha1(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def canonical_url(url: str | None) -> str | None:
    """Lower-cased scheme and host, no fragment, no tracking query, no trailing slash, no AMP suffix."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    query = "&".join(q for q in parts.query.split("&") if q and not q.lower().startswith(("utm_", "fbclid", "amp")))
    path = re.sub(r"/+", "/", parts.path)
    path = re.sub(r"/amp/?$|/amp(?=/)", "", path).rstrip("/") or "/"
    return urlunsplit((parts.scheme.lower() or "https", parts.netloc.lower().removeprefix("www."), path, query, ""))


def site_of(record: dict[str, Any]) -> str:
    if record.get("site"):
        return str(record["site"]).lower()
    url = record.get("url")
    return urlsplit(url).netloc.lower().removeprefix("www.") if url else "unknown"


def content_hash(text: str) -> str:
    return sha1(re.sub(r"\s+", " ", text).strip().lower())


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


def new_run_id(kind: str) -> str:
    return f"{kind}-{_now():%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:6]}"


def load_results(con: duckdb.DuckDBPyConnection, pairs: Iterable[tuple[dict[str, Any], ArticleResult]],
                 run_id: str, kind: str = "ingest") -> LoadStats:
    """Load (input record, extraction result) pairs in one transaction; errors are skipped by the caller."""
    stats = LoadStats(run_id)
    now = _now()
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute("INSERT INTO marts.runs VALUES (?, ?, ?, NULL, 'running', NULL) ON CONFLICT DO NOTHING",
                    [run_id, kind, now])
        touched: set[str] = set()
        touched_articles: list[str] = []
        for record, result in pairs:
            aid = _load_article(con, record, result, run_id, now, stats, touched)
            if aid is None:
                continue
            touched_articles.append(aid)
            month = str(record.get("published") or "")[:7] or None
            for i, ev in enumerate(e.to_json() for e in result.events):
                touched.add(_load_mention(con, aid, i, ev, record["text"], month, now, stats))
        _refresh_events(con, touched, now)
        _refresh_search_docs(con, touched, touched_articles)
        con.execute("UPDATE marts.runs SET finished_at = ?, status = 'ok', detail = ? WHERE run_id = ?",
                    [_now(), json.dumps(stats.as_dict()), run_id])
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return stats


def _load_article(con, record, result: ArticleResult, run_id, now, stats: LoadStats, touched: set[str]) -> str | None:
    text = record["text"]
    chash = content_hash(text)
    curl = canonical_url(record.get("url"))
    url_hash = sha1(curl) if curl else None
    # natural key: the canonical URL; for a corpus without URLs, the caller's id; else the text itself
    aid = url_hash or (sha1(f"id:{record['id']}") if record.get("id") else f"c{chash[:39]}")
    old = con.execute("SELECT content_hash, extractor_version FROM staging.articles WHERE article_id = ?",
                      [aid]).fetchone()
    if old and old[0] == chash and old[1] == EXTRACTOR_VERSION:
        stats.articles_unchanged += 1
        return None
    if old:  # new text or a new extractor for a known URL: its mentions are replaced
        touched.update(r[0] for r in con.execute(
            "SELECT DISTINCT event_id FROM marts.mentions WHERE article_id = ?", [aid]).fetchall())
        con.execute("DELETE FROM marts.mentions WHERE article_id = ?", [aid])
        con.execute("DELETE FROM staging.articles WHERE article_id = ?", [aid])
        stats.articles_updated += 1
    else:
        stats.articles_new += 1
    site = site_of(record)
    published = str(record.get("published") or "")[:10] or None
    con.execute(
        "INSERT INTO staging.articles VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [aid, record.get("id"), curl, url_hash, site, record.get("title"), published, text,
         record.get("language") or "id", chash, record.get("cluster_id"), result.is_export_story,
         EXTRACTOR_VERSION, run_id, now],
    )
    con.execute("INSERT INTO marts.sources VALUES (?, ?, ?, NULL, 'adhoc') ON CONFLICT DO NOTHING",
                [site, site, site])
    return aid


def _load_mention(con, aid: str, ordinal: int, ev: dict[str, Any], text: str, month: str | None, now,
                  stats: LoadStats) -> str:
    key = event_key(ev, month)
    eid = "ev" + sha1(key)[:16]
    if con.execute("SELECT 1 FROM marts.events WHERE event_id = ?", [eid]).fetchone() is None:
        con.execute(
            "INSERT INTO marts.events (event_id, event_key, status, exporter_type, destination_iso2, confidence, "
            "num_articles, num_sources, extractor_version, updated_at) VALUES (?, ?, ?, 'unknown', ?, 0, 0, 0, ?, ?)",
            [eid, key, ev["status"], ev["destination"]["iso2"] or "-", EXTRACTOR_VERSION, now],
        )
        stats.events_new += 1
    s, e = ev["evidence"]["start"], ev["evidence"]["end"]
    con.execute(
        "INSERT INTO marts.mentions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
        [sha1(f"{aid}#{ordinal}"), eid, aid, ordinal, ev["status"], s, e, text[s:e].strip(), ev["confidence"],
         EXTRACTOR_VERSION, json.dumps(ev, ensure_ascii=False), now],
    )
    stats.mentions_new += 1
    return eid


def merge_mentions(events: list[dict[str, Any]]) -> dict[str, Any]:
    """One event from its mentions: each field from the most confident mention that states it."""
    ranked = sorted(events, key=lambda ev: -ev["confidence"])
    out = dict(ranked[0])
    for field in ("exporter", "product", "product_code", "quantity", "value", "date"):
        out[field] = next((ev[field] for ev in ranked if ev.get(field)), None)
    out["origin"] = next((ev["origin"] for ev in ranked if ev["origin"].get("kabkota_code")), ranked[0]["origin"])
    out["confidence"] = min(0.99, ranked[0]["confidence"] + 0.05 * (len(ranked) - 1))
    return out


def _refresh_events(con, event_ids: set[str], now) -> None:
    for eid in sorted(event_ids):
        rows = con.execute(
            "SELECT m.event_json, a.site, coalesce(a.published, CAST(a.ingested_at AS DATE)) FROM marts.mentions m "
            "JOIN staging.articles a USING (article_id) WHERE m.event_id = ?", [eid]).fetchall()
        if not rows:
            con.execute("DELETE FROM marts.events WHERE event_id = ?", [eid])
            continue
        ev = merge_mentions([json.loads(r[0]) for r in rows])
        q, v, date = ev["quantity"], ev["value"], ev["date"]
        precision = None if not date else ("day" if len(date) == 10 else "month")
        con.execute(
            "UPDATE marts.events SET exporter = ?, exporter_type = ?, kabkota_code = ?, province_code = ?, "
            "product = ?, product_code = ?, quantity_value = ?, quantity_unit = ?, quantity_text = ?, "
            "quantity_kg = ?, value_amount = ?, value_currency = ?, value_text = ?, value_idr = ?, value_usd = ?, "
            "date = ?, event_date = ?, date_precision = ?, confidence = ?, num_articles = ?, num_sources = ?, "
            "first_seen = ?, last_seen = ?, extractor_version = ?, updated_at = ? WHERE event_id = ?",
            [ev["exporter"], ev["exporter_type"], ev["origin"]["kabkota_code"], ev["origin"]["province_code"],
             ev["product"], ev["product_code"], q and q["value"], q and q["unit"], q and q["text"],
             q["value"] if q and q["unit"] == "kg" else None, v and v["amount"], v and v["currency"],
             v and v["text"], v["amount"] if v and v["currency"] == "IDR" else None,
             v["amount"] if v and v["currency"] == "USD" else None, date,
             (date if len(date) == 10 else date + "-01") if date else None, precision, ev["confidence"],
             len(rows), len({r[1] for r in rows}), min(r[2] for r in rows), max(r[2] for r in rows),
             EXTRACTOR_VERSION, now, eid],
        )


def event_summary(row: dict[str, Any]) -> str:
    """'CV X, Kabupaten Tangerang → Senegal, 4.044 pasang sepatu, 2024-...' for search and the web page."""
    who = row.get("exporter") or "Eksportir tak disebut"
    where = row.get("kabkota") or row.get("province") or "asal tak diketahui"
    what = " ".join(str(x) for x in (row.get("quantity_text"), row.get("product")) if x)
    parts = [f"{who}, {where} → {row.get('destination') or row.get('destination_iso2')}", what, row.get("date")]
    label = {"plan": " (rencana)", "market_presence": " (sudah dipasarkan)", "other": " (lainnya)"}
    return ", ".join(p for p in parts if p) + label.get(row.get("status") or "shipment", "")


def _refresh_search_docs(con, event_ids: set[str], article_ids: list[str]) -> None:
    for aid in article_ids:
        con.execute("DELETE FROM marts.search_docs WHERE doc_id = ?", ["a:" + aid])
        con.execute("INSERT INTO marts.search_docs SELECT 'a:' || article_id, 'article', NULL, article_id, title, "
                    "text FROM staging.articles WHERE article_id = ?", [aid])
    for eid in event_ids:
        con.execute("DELETE FROM marts.search_docs WHERE doc_id = ?", ["e:" + eid])
        cur = con.execute("SELECT * FROM marts.v_export_events WHERE event_id = ? AND status IN ('shipment', 'plan')",
                          [eid])
        row = cur.fetchone()
        if row is None:
            continue
        d = dict(zip([c[0] for c in cur.description], row, strict=True))
        evidence = " ".join(r[0] for r in con.execute(
            "SELECT evidence FROM marts.mentions WHERE event_id = ? ORDER BY mention_id", [eid]).fetchall())
        title = event_summary(d)
        con.execute("INSERT INTO marts.search_docs VALUES (?, 'event', ?, NULL, ?, ?)",
                    ["e:" + eid, eid, title, f"{title}\n{evidence}"])
