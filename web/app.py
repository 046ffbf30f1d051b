"""The journalists' search: server-rendered pages and a JSON API over the published warehouse snapshot.

Reads only the read-only snapshot and reopens it when a newer one is published (no restart). SQL is
parameterised, templates autoescape, every response carries CSP and the usual security headers, bad
parameters get a 400 with a plain message, and no stack trace ever reaches a client.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import os
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, select_autoescape

from nlp.records import STATUSES
from warehouse.connection import connect, snapshot_path
from warehouse.load import event_summary
from warehouse.search import MAX_QUERY_CHARS, search

HERE = Path(__file__).parent
MAX_PAGE_SIZE = 100
CACHE_SIZE = 2048
MAX_EXPORT_ROWS = 5000
SORTS = {"relevance": None, "date": "event_date DESC NULLS LAST, event_id",
         "outlets": "num_sources DESC, event_date DESC NULLS LAST, event_id",
         "confidence": "confidence DESC, event_id"}
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                               "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
    "X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY", "Referrer-Policy": "no-referrer",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()", "Cross-Origin-Opener-Policy": "same-origin",
}


class BadRequest(ValueError):
    """A parameter the user can fix; its message is shown as is."""


class Snapshot:
    """The read-only snapshot connection, reopened when the file on disk is replaced by a newer one."""

    def __init__(self, db: Path):
        self.db = db
        self._lock = threading.Lock()
        self._con: duckdb.DuckDBPyConnection | None = None
        self._stamp: tuple[int, int] | None = None
        self._cache: OrderedDict[Any, tuple[tuple[int, int] | None, Any]] = OrderedDict()

    def _path(self) -> Path:
        snap = snapshot_path(self.db)
        return snap if snap.exists() else self.db

    def cached(self, key: Any, compute):
        """A value computed once per published snapshot: the snapshot never changes in place, so a result
        stays right until a new snapshot is published (then the cache starts afresh). LRU-bounded."""
        cur = self.cursor()
        with self._lock:
            stamp = self._stamp
            hit = self._cache.get(key)
            if hit is not None and hit[0] == stamp:
                self._cache.move_to_end(key)
                return hit[1]
        value = compute(cur)
        with self._lock:
            self._cache[key] = (stamp, value)
            while len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)
        return value

    def cursor(self) -> duckdb.DuckDBPyConnection:
        path = self._path()
        st = path.stat()
        stamp = (st.st_ino, st.st_mtime_ns)
        with self._lock:
            if self._con is None or stamp != self._stamp:
                old = self._con
                self._con, self._stamp = self._open(path, st.st_ino), stamp
                if old is not None:
                    old.close()
            return self._con.cursor()

    @staticmethod
    def _open(path: Path, inode: int) -> duckdb.DuckDBPyConnection:
        """Open this version of the file under a name of its own: DuckDB caches database instances by path, so
        reconnecting to the same name while an old cursor lives would return the old contents."""
        link = path.with_name(f".{path.name}.{os.getpid()}.{inode}")
        link.unlink(missing_ok=True)
        # one thread per query: many small concurrent requests, not one big one
        try:
            os.link(path, link)
        except OSError:
            return connect(path, read_only=True, threads=1)
        try:
            return connect(link, read_only=True, threads=1)
        finally:
            link.unlink(missing_ok=True)  # the open database keeps the inode alive


@dataclass
class Filters:
    q: str = ""
    province: str = ""
    kabkota: str = ""
    product: str = ""
    destination: str = ""
    status: str = "shipment"
    since: dt.date | None = None
    until: dt.date | None = None
    min_sources: int = 1
    sort: str = "relevance"
    page: int = 1
    page_size: int = 20

    def query_string(self, **change: Any) -> str:
        from urllib.parse import urlencode

        d = {**self.__dict__, **change}
        return urlencode({k: ("" if v is None else v) for k, v in d.items() if v not in (None, "")})


def _date(name: str, raw: str | None) -> dt.date | None:
    if not raw:
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise BadRequest(f"{name} must be a date like 2024-01-31") from None


def _int(name: str, raw: str | None, default: int, lo: int, hi: int) -> int:
    if raw in (None, ""):
        return default
    if not re.fullmatch(r"\d{1,6}", raw):
        raise BadRequest(f"{name} must be a whole number")
    value = int(raw)
    if not lo <= value <= hi:
        raise BadRequest(f"{name} must be between {lo} and {hi}")
    return value


def _text(name: str, raw: str | None, limit: int = 100) -> str:
    value = (raw or "").strip()
    if len(value) > limit:
        raise BadRequest(f"{name} is longer than {limit} characters")
    return value


def parse_filters(params: dict[str, str]) -> Filters:
    known = set(Filters.__dataclass_fields__)
    unknown = set(params) - known
    if unknown:
        raise BadRequest(f"unknown parameter(s): {', '.join(sorted(unknown))}")
    status = _text("status", params.get("status"), 20) or "shipment"
    if status not in STATUSES + ("any",):
        raise BadRequest(f"status must be one of {', '.join(STATUSES)} or any")
    sort = _text("sort", params.get("sort"), 20) or "relevance"
    if sort not in SORTS:
        raise BadRequest(f"sort must be one of {', '.join(SORTS)}")
    f = Filters(
        q=_text("q", params.get("q"), MAX_QUERY_CHARS), province=_text("province", params.get("province")),
        kabkota=_text("kabkota", params.get("kabkota")), product=_text("product", params.get("product")),
        destination=_text("destination", params.get("destination")), status=status,
        since=_date("since", params.get("since")), until=_date("until", params.get("until")),
        min_sources=_int("min_sources", params.get("min_sources"), 1, 1, 1000), sort=sort,
        page=_int("page", params.get("page"), 1, 1, 100000),
        page_size=_int("page_size", params.get("page_size"), 20, 1, MAX_PAGE_SIZE),
    )
    if f.since and f.until and f.since > f.until:
        raise BadRequest("since is after until")
    return f


def _where(f: Filters) -> tuple[str, list[Any]]:
    where, params = ["num_sources >= ?"], [f.min_sources]
    if f.status != "any":
        where.append("status = ?")
        params.append(f.status)
    for value, sql in ((f.province, "(province_code = ? OR province ILIKE ?)"),
                       (f.kabkota, "(kabkota_code = ? OR kabkota ILIKE ?)"),
                       (f.product, "(product_code = ? OR product ILIKE ?)"),
                       (f.destination, "(destination_iso2 = upper(?) OR destination ILIKE ?)")):
        if value and sql.startswith("(destination") and re.fullmatch(r"[A-Za-z]{2}", value):
            where.append("destination_iso2 = upper(?)")  # an ISO code: exact, and cheap
            params.append(value)
        elif value:
            where.append(sql)
            params += [value, f"%{value}%"]
    if f.since:
        where.append("event_date >= ?")
        params.append(f.since)
    if f.until:
        where.append("event_date <= ?")
        params.append(f.until)
    return " AND ".join(where), params


MAX_SEARCH_HITS = 500


def events_table(cur: duckdb.DuckDBPyConnection) -> str:
    """The snapshot's materialised events table when it has one, else the analyst view."""
    found = cur.execute("SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'marts' "
                        "AND table_name = 'events_wide'").fetchone()[0]
    return "marts.events_wide" if found else "marts.v_export_events"


def find_events(cur: duckdb.DuckDBPyConnection, f: Filters, limit: int, offset: int,
                table: str = "marts.v_export_events") -> tuple[list[dict], int]:
    where, params = _where(f)
    ranked: list[str] | None = None
    if f.q:
        hits = search(cur, f.q, limit=MAX_SEARCH_HITS)
        ranked, seen = [], set()
        article_ids = [h.article_id for h in hits if h.kind == "article"]
        via_articles: dict[str, list[str]] = {}
        if article_ids:
            for eid, aid in cur.execute("SELECT event_id, article_id FROM marts.mentions WHERE article_id IN "
                                        "(SELECT unnest(?::VARCHAR[]))", [article_ids]).fetchall():
                via_articles.setdefault(aid, []).append(eid)
        for h in hits:
            for eid in ([h.event_id] if h.kind == "event" else via_articles.get(h.article_id, [])):
                if eid not in seen:
                    seen.add(eid)
                    ranked.append(eid)
        # a text query matches at most MAX_SEARCH_HITS documents: filter those, rank them here
        where += " AND event_id IN (SELECT unnest(?::VARCHAR[]))"
        params.append(ranked)
        order = SORTS[f.sort] or SORTS["date"]
        rows = cur.execute(f"SELECT * FROM {table} WHERE {where} ORDER BY {order}", params)
        cols = [c[0] for c in rows.description]
        found = [dict(zip(cols, r, strict=True)) for r in rows.fetchall()]
        if f.sort == "relevance":
            rank = {eid: i for i, eid in enumerate(ranked)}
            found.sort(key=lambda e: rank[e["event_id"]])
        return found[offset : offset + limit], len(found)
    total = cur.execute(f"SELECT count(*) FROM {table} WHERE {where}", params).fetchone()[0]
    order = SORTS[f.sort] or SORTS["date"]
    rows = cur.execute(f"SELECT * FROM {table} WHERE {where} ORDER BY {order} LIMIT ? OFFSET ?",
                       params + [limit, offset])
    cols = [c[0] for c in rows.description]
    return [dict(zip(cols, r, strict=True)) for r in rows.fetchall()], total


def mentions_of(cur: duckdb.DuckDBPyConnection, event_ids: list[str]) -> dict[str, list[dict]]:
    if not event_ids:
        return {}
    rows = cur.execute(
        "SELECT m.event_id, m.mention_id, m.evidence, m.confidence, m.event_json, m.extractor_version, "
        "a.canonical_url, a.site, a.published, a.title FROM marts.mentions m JOIN staging.articles a "
        "USING (article_id) WHERE m.event_id IN (SELECT unnest(?::VARCHAR[])) ORDER BY a.published, a.site",
        [event_ids]).fetchall()
    out: dict[str, list[dict]] = {}
    for eid, mid, evidence, conf, ejson, version, url, site, published, title in rows:
        ev = json.loads(ejson)
        out.setdefault(eid, []).append({
            "mention_id": mid, "evidence": evidence, "segments": highlight(evidence, ev), "confidence": conf,
            "event": ev, "extractor_version": version, "url": url, "site": site,
            "published": str(published) if published else None, "title": title})
    return out


def highlight(sentence: str, ev: dict) -> list[tuple[str, str | None]]:
    """The evidence split into (text, label) segments, label set where an extracted value appears."""
    spans: list[tuple[int, int, str]] = []
    wanted = [("exporter", ev.get("exporter")), ("product", ev.get("product")),
              ("quantity", (ev.get("quantity") or {}).get("text")), ("value", (ev.get("value") or {}).get("text")),
              ("destination", (ev.get("destination") or {}).get("name")),
              ("origin", (ev.get("origin") or {}).get("kabkota"))]
    low = sentence.lower()
    for label, text in wanted:
        variants = [text, (text or "").split(" (")[0], re.sub(r"^(Kabupaten|Kota) ", "", text or "")]
        for candidate in filter(None, variants):
            i = low.find(candidate.lower())
            if i >= 0 and not any(i < e and s < i + len(candidate) for s, e, _ in spans):
                spans.append((i, i + len(candidate), label))
                break
    spans.sort()
    out, pos = [], 0
    for s, e, label in spans:
        out.append((sentence[pos:s], None))
        out.append((sentence[s:e], label))
        pos = e
    out.append((sentence[pos:], None))
    return [seg for seg in out if seg[0]]


def provenance(event: dict, mentions: list[dict]) -> list[dict]:
    """For each field, its value and the outlet(s) whose extraction gave that value."""
    fields = {
        "exporter": event.get("exporter"), "kabkota": event.get("kabkota_code"), "province": event.get("province_code"),
        "product": event.get("product"), "destination": event.get("destination_iso2"),
        "quantity": event.get("quantity_text"), "value": event.get("value_text"), "date": event.get("date"),
    }
    getters = {
        "exporter": lambda e: e.get("exporter"), "kabkota": lambda e: (e.get("origin") or {}).get("kabkota_code"),
        "province": lambda e: (e.get("origin") or {}).get("province_code"), "product": lambda e: e.get("product"),
        "destination": lambda e: (e.get("destination") or {}).get("iso2"),
        "quantity": lambda e: (e.get("quantity") or {}).get("text"),
        "value": lambda e: (e.get("value") or {}).get("text"),
        "date": lambda e: e.get("date"),
    }
    out = []
    for name, value in fields.items():
        sources = [m["site"] for m in mentions if value is not None and getters[name](m["event"]) == value]
        out.append({"field": name, "value": value, "sources": sources})
    return out


def _chart(rows: list[tuple[str, int]], label_width: int, width: int = 480, bar: int = 14) -> dict:
    """Horizontal bars as plain SVG attributes (no inline styles, so the CSP needs no 'unsafe-inline')."""
    peak = max((n for _, n in rows), default=1) or 1
    room = width - label_width - 40
    return {"bars": [{"label": str(k), "n": n, "w": max(2, int(room * n / peak)), "y": i * (bar + 4)}
                     for i, (k, n) in enumerate(rows)], "height": len(rows) * (bar + 4) + 4, "width": width,
            "x": label_width}


def create_app(db: Path) -> FastAPI:
    app = FastAPI(title="Ekspor Radar", docs_url=None, redoc_url=None, openapi_url=None)
    snapshot = Snapshot(db)
    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(default=True))
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    @app.middleware("http")
    async def headers(request: Request, call_next):
        try:
            response = await call_next(request)
        except Exception:  # noqa: BLE001 - never a stack trace to the client
            response = PlainTextResponse("Terjadi kesalahan pada server / internal error", status_code=500)
        for k, v in SECURITY_HEADERS.items():
            response.headers[k] = v
        return response

    @app.exception_handler(BadRequest)
    async def bad_request(request: Request, exc: BadRequest):
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": str(exc)}, status_code=400)
        return HTMLResponse(env.get_template("error.html").render(message=str(exc)), status_code=400)

    @app.exception_handler(404)
    async def not_found(request: Request, exc: Exception):
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": "not found"}, status_code=404)
        return HTMLResponse(env.get_template("error.html").render(message="Halaman tidak ditemukan / not found"),
                            status_code=404)

    def results(request: Request, f: Filters | None = None) -> dict:
        f = f or parse_filters(dict(request.query_params))

        def compute(cur):
            events, total = find_events(cur, f, f.page_size, (f.page - 1) * f.page_size,
                                        snapshot.cached("table", events_table))
            ments = mentions_of(cur, [e["event_id"] for e in events])
            for e in events:
                e["summary"] = event_summary(e)
                e["mentions"] = ments.get(e["event_id"], [])
            return events, total

        events, total = snapshot.cached(("results", f.query_string()), compute)
        return {"filters": f, "events": events, "total": total, "pages": max(1, math.ceil(total / f.page_size))}

    def event_json(e: dict) -> dict:
        keep = ("event_id", "status", "exporter", "exporter_type", "kabkota_code", "kabkota", "province_code",
                "province", "product", "product_code", "destination_iso2", "destination", "quantity_value",
                "quantity_unit", "quantity_text", "quantity_kg", "value_amount", "value_currency", "value_idr",
                "value_usd", "date", "confidence", "num_articles", "num_sources", "first_seen", "last_seen")
        out = {k: (str(e[k]) if isinstance(e.get(k), dt.date) else e.get(k)) for k in keep}
        out["summary"] = event_summary(e)
        out["mentions"] = [{k: m[k] for k in ("url", "site", "published", "title", "evidence", "confidence")}
                           for m in e.get("mentions", [])]
        return out

    @app.get("/", response_class=HTMLResponse)
    def index(request: Request):
        r = results(request)
        f = r["filters"]
        table = snapshot.cached("table", events_table)

        def charts(cur):
            where, params = _where(f)
            if f.q:  # the charts describe the filtered set; a text query narrows it to its hits
                ids = [e["event_id"] for e in find_events(cur, f, MAX_SEARCH_HITS, 0, table)[0]]
                where += " AND event_id IN (SELECT unnest(?::VARCHAR[]))"
                params = params + [ids]
            timeline = cur.execute(f"SELECT strftime(date_trunc('month', event_date), '%Y-%m'), count(*) FROM {table} "
                                   f"WHERE {where} AND event_date IS NOT NULL GROUP BY 1 ORDER BY 1 DESC LIMIT 12",
                                   params).fetchall()[::-1]
            provinces = cur.execute(f"SELECT coalesce(province, '(tidak diketahui)'), count(*) FROM {table} "
                                    f"WHERE {where} GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 10", params).fetchall()
            return _chart(timeline, 60), _chart(provinces, 170)

        timeline, provinces = snapshot.cached(("charts", f.query_string(page="", sort="", page_size="")), charts)
        options = snapshot.cached("options", lambda c: {
            "provinces": [x[0] for x in c.execute("SELECT DISTINCT p.name FROM marts.events e JOIN marts.dim_regions p "
                                                  "ON p.code = e.province_code ORDER BY 1").fetchall()],
            "destinations": c.execute("SELECT DISTINCT e.destination_iso2, c.name_id FROM marts.events e JOIN "
                                      "marts.dim_countries c ON c.iso2 = e.destination_iso2 ORDER BY 2").fetchall(),
        })
        return env.get_template("search.html").render(**r, timeline=timeline, provinces=provinces,
                                                      options=options, statuses=STATUSES, sorts=list(SORTS))

    @app.get("/events/{event_id}", response_class=HTMLResponse)
    def event_page(event_id: str):
        e = _event(event_id)
        return env.get_template("event.html").render(e=e, fields=provenance(e, e["mentions"]))

    def _event(event_id: str) -> dict:
        if not re.fullmatch(r"ev[0-9a-f]{16}", event_id):
            raise BadRequest("event id must look like ev0123456789abcdef")
        return snapshot.cached(("event", event_id), lambda cur: _load_event(cur, event_id))

    def _load_event(cur, event_id: str) -> dict:
        rows = cur.execute(f"SELECT * FROM {snapshot.cached('table', events_table)} WHERE event_id = ?", [event_id])
        cols = [c[0] for c in rows.description]
        row = rows.fetchone()
        if row is None:
            from starlette.exceptions import HTTPException

            raise HTTPException(404)
        e = dict(zip(cols, row, strict=True))
        e["summary"] = event_summary(e)
        e["mentions"] = mentions_of(cur, [event_id]).get(event_id, [])
        return e

    @app.get("/api/events")
    def api_events(request: Request):
        r = results(request)
        f = r["filters"]
        return {"total": r["total"], "page": f.page, "page_size": f.page_size, "pages": r["pages"],
                "events": [event_json(e) for e in r["events"]]}

    @app.get("/api/events/{event_id}")
    def api_event(event_id: str):
        e = _event(event_id)
        out = event_json(e)
        out["provenance"] = provenance(e, e["mentions"])
        return out

    @app.get("/export.{fmt}")
    def export(request: Request, fmt: str):
        if fmt not in ("csv", "json"):
            raise BadRequest("export format must be csv or json")
        params = dict(request.query_params)
        params.pop("page", None)
        params.pop("page_size", None)
        f = parse_filters(params)
        cur = snapshot.cursor()
        events, _ = find_events(cur, f, MAX_EXPORT_ROWS, 0, snapshot.cached("table", events_table))
        ments = mentions_of(cur, [e["event_id"] for e in events])
        for e in events:
            e["mentions"] = ments.get(e["event_id"], [])
        rows = [event_json(e) for e in events]
        if fmt == "json":
            return Response(json.dumps(rows, ensure_ascii=False, default=str), media_type="application/json",
                            headers={"Content-Disposition": 'attachment; filename="ekspor-events.json"'})
        buf = io.StringIO()
        cols = [c for c in rows[0] if c != "mentions"] + ["sources"] if rows else ["event_id"]
        w = csv.DictWriter(buf, fieldnames=cols, extrasaction="ignore")
        w.writeheader()
        for row in rows:
            w.writerow({**row, "sources": " ".join(m["url"] or "" for m in row["mentions"])})
        return Response(buf.getvalue(), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": 'attachment; filename="ekspor-events.csv"'})

    @app.get("/healthz")
    def healthz():
        cur = snapshot.cursor()
        return {"events": cur.execute("SELECT count(*) FROM marts.events").fetchone()[0]}

    return app


def app_from_env() -> FastAPI:
    """For `uvicorn --factory` with several workers: the warehouse path comes from $EKSPOR_DB."""
    from warehouse.connection import db_path

    return create_app(db_path(None))
