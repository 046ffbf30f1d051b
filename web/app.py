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
import re
from dataclasses import fields
from pathlib import Path

import duckdb
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.exceptions import HTTPException

from crawler.archive import read_record
from nlp.records import STATUSES
from warehouse.load import event_summary
from warehouse.queries import (
    SORTS,
    EventFilter,
    Resolved,
    archived_article,
    count_events,
    event_by_id,
    events_table,
    exporter_by_id,
    facet_set,
    filter_options,
    find_events,
    mention_rows,
    mentions_table,
    new_exporters,
    province_names,
    ranked_ids,
    resolve,
)
from warehouse.search import MAX_QUERY_CHARS
from warehouse.snapshot import SnapshotReader

from .archive_view import (
    ARCHIVE_PREFIX,
    ARTICLE_ID,
    RAW_CSP,
    TEXT_CSP,
    charset_of,
    evidence_segments,
    http_url,
    sanitized_html,
)
from .feeds import FEED_ENTRIES, TAG, atom, event_entry, exporter_entry
from .multiples import small_multiples
from .tilemap import TILES, tile_map

HERE = Path(__file__).parent
MAX_PAGE_SIZE = 100
MAX_EXPORT_ROWS = 5000
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                               "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
    "X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY", "Referrer-Policy": "no-referrer",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()", "Cross-Origin-Opener-Policy": "same-origin",
}


class BadRequest(ValueError):
    """A parameter the user can fix; its message is shown as is."""


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


def parse_filters(params: dict[str, str]) -> EventFilter:
    """URL parameters -> the warehouse's EventFilter; anything the user can fix is a BadRequest (400)."""
    known = {f.name for f in fields(EventFilter)}
    unknown = set(params) - known
    if unknown:
        raise BadRequest(f"unknown parameter(s): {', '.join(sorted(unknown))}")
    text = {k: _text(k, params.get(k), MAX_QUERY_CHARS if k == "q" else 100)
            for k in ("q", "province", "kabkota", "product", "destination", "status", "exporter_type", "exporter_id",
                      "sort")}
    try:
        return EventFilter(
            **{**text, "status": text["status"] or "shipment", "sort": text["sort"] or "relevance"},
            since=_date("since", params.get("since")), until=_date("until", params.get("until")),
            min_sources=_int("min_sources", params.get("min_sources"), 1, 1, 1000),
            page=_int("page", params.get("page"), 1, 1, 100000),
            page_size=_int("page_size", params.get("page_size"), 20, 1, MAX_PAGE_SIZE))
    except ValueError as exc:
        raise BadRequest(str(exc)) from None


def resolved(cur: duckdb.DuckDBPyConnection, f: EventFilter) -> Resolved:
    """Region and destination names checked against the warehouse: an unknown one is a 400 with suggestions."""
    try:
        return resolve(cur, f)
    except ValueError as exc:
        raise BadRequest(str(exc)) from None


def mentions_of(cur: duckdb.DuckDBPyConnection, event_ids: list[str], table: str | None = None,
                ) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for m in mention_rows(cur, event_ids, table):
        ev = json.loads(m["event_json"])
        out.setdefault(m["event_id"], []).append({
            "mention_id": m["mention_id"], "evidence": m["evidence"], "segments": highlight(m["evidence"], ev),
            "confidence": m["confidence"], "event": ev, "extractor_version": m["extractor_version"],
            "url": m["url"], "site": m["site"], "published": str(m["published"]) if m["published"] else None,
            "title": m["title"], "article_id": m["article_id"], "archive_url": f"/archive/{m['article_id']}",
            "archive_raw_url": f"/archive/raw/{m['article_id']}" if m["archived"] else None,
            "link": http_url(m["url"])})
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
    snapshot = SnapshotReader(db)
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
        if request.url.path.startswith(ARCHIVE_PREFIX):  # every archive response, errors included, is sandboxed
            raw = request.url.path.startswith(ARCHIVE_PREFIX + "raw/")
            response.headers["Content-Security-Policy"] = RAW_CSP if raw else TEXT_CSP
            response.headers["Cross-Origin-Resource-Policy"] = "same-origin"
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

    def ranked(q: str) -> list[str] | None:
        """A text query's ranked event ids, searched once per snapshot for the list, its facets and its feed."""
        return snapshot.cached(("ranked", q), lambda cur: ranked_ids(cur, q)) if q else None

    def mentions(cur, event_ids: list[str]) -> dict[str, list[dict]]:
        return mentions_of(cur, event_ids, snapshot.cached("mentions-table", mentions_table))

    def results(request: Request, f: EventFilter | None = None) -> dict:
        f = f or parse_filters(dict(request.query_params))

        def compute(cur):
            events, total = find_events(cur, resolved(cur, f), snapshot.cached("table", events_table), ranked(f.q))
            ments = mentions(cur, [e["event_id"] for e in events])
            for e in events:
                e["summary"] = event_summary(e)
                e["mentions"] = ments.get(e["event_id"], [])
            return events, total

        events, total = snapshot.cached(("results", f.query_string()), compute)
        return {"filters": f, "events": events, "total": total, "pages": max(1, math.ceil(total / f.page_size))}

    def event_json(e: dict) -> dict:
        keep = ("event_id", "status", "exporter", "exporter_id", "exporter_type", "kabkota_code", "kabkota",
                "province_code", "province", "product", "product_code", "destination_iso2", "destination",
                "quantity_value", "quantity_unit", "quantity_text", "quantity_kg", "value_amount", "value_currency",
                "value_idr", "value_usd", "date", "confidence", "num_articles", "num_sources", "first_seen",
                "last_seen")
        out = {k: (str(e[k]) if isinstance(e.get(k), dt.date) else e.get(k)) for k in keep}
        out["summary"] = event_summary(e)
        out["mentions"] = [{k: m[k] for k in ("url", "site", "published", "title", "evidence", "confidence",
                                              "archive_url", "archive_raw_url")}
                           for m in e.get("mentions", [])]
        return out

    @app.get("/", response_class=HTMLResponse)
    def index(request: Request):
        f = parse_filters(dict(request.query_params))
        # the whole page per published snapshot: rendering is most of a cached page's cost
        return HTMLResponse(snapshot.cached(("index-html", f.query_string()), lambda cur: search_page(request, f)))

    def search_page(request: Request, f: EventFilter) -> str:
        r = results(request, f)
        table = snapshot.cached("table", events_table)

        def charts(cur):  # the charts describe the filtered set (a text query narrows it to its hits)
            r = resolved(cur, f)
            hits = ranked(f.q)  # the page's own search, for every facet
            facets = facet_set(cur, r, {"month": 12, "province": 10, "province_code": 50, "destination": 6,
                                        "destination+month": 0}, table, hits)
            links = {code: "/?" + f.query_string(province=code, page="") for code in TILES}
            months = [m for m, _ in facets["month"]]
            dest_links = {name: "/?" + f.query_string(destination=name, page="") for name, _ in facets["destination"]}
            return (_chart(facets["month"], 60), _chart(facets["province"], 170),
                    tile_map(dict(facets["province_code"]), snapshot.cached("province-names", province_names), links),
                    small_multiples(facets["destination+month"], facets["destination"], months, dest_links))

        timeline, provinces, grid, multiples = snapshot.cached(
            ("charts", f.query_string(page="", sort="", page_size="")), charts)
        options = snapshot.cached("options", filter_options)
        return env.get_template("search.html").render(**r, timeline=timeline, provinces=provinces, grid=grid,
                                                      multiples=multiples, options=options, statuses=STATUSES,
                                                      sorts=list(SORTS))

    @app.get("/events/{event_id}", response_class=HTMLResponse)
    def event_page(event_id: str):
        e = _event(event_id)
        return env.get_template("event.html").render(e=e, fields=provenance(e, e["mentions"]))

    def _event(event_id: str) -> dict:
        if not re.fullmatch(r"ev[0-9a-f]{16}", event_id):
            raise BadRequest("event id must look like ev0123456789abcdef")
        return snapshot.cached(("event", event_id), lambda cur: _load_event(cur, event_id))

    def _load_event(cur, event_id: str) -> dict:
        e = event_by_id(cur, event_id, snapshot.cached("table", events_table))
        if e is None:
            raise HTTPException(404)
        e["summary"] = event_summary(e)
        e["mentions"] = mentions(cur, [event_id]).get(event_id, [])
        return e

    def _exporter(exporter_id: str) -> dict:
        if not re.fullmatch(r"ex[0-9a-f]{16}", exporter_id):
            raise BadRequest("exporter id must look like ex0123456789abcdef")

        def load(cur):
            x = exporter_by_id(cur, exporter_id)
            if x is None:
                raise HTTPException(404)
            table = snapshot.cached("table", events_table)
            f = EventFilter(exporter_id=exporter_id, status="any", sort="date")
            events, _ = find_events(cur, f, table)
            for e in events:
                e["summary"] = event_summary(e)
            facets = facet_set(cur, f, {"month": 24, "product": 10, "destination": 10}, table)
            return {"exporter": x, "events": events, "timeline": facets["month"], "products": facets["product"],
                    "destinations": facets["destination"]}

        return snapshot.cached(("exporter", exporter_id), load)

    @app.get("/exporters/{exporter_id}", response_class=HTMLResponse)
    def exporter_page(exporter_id: str):
        d = _exporter(exporter_id)
        return env.get_template("exporter.html").render(x=d["exporter"], events=d["events"],
                                                        timeline=_chart(d["timeline"], 60),
                                                        products=d["products"], destinations=d["destinations"])

    @app.get("/api/exporters/{exporter_id}")
    def api_exporter(exporter_id: str):
        d = _exporter(exporter_id)
        x = {k: (str(v) if isinstance(v, dt.date) else v) for k, v in d["exporter"].items()}
        return {**x, "shipments": [event_json(e) for e in d["events"]],
                "timeline": [{"month": k, "events": n} for k, n in d["timeline"]],
                "products": [{"product": k, "events": n} for k, n in d["products"]],
                "destinations": [{"destination": k, "events": n} for k, n in d["destinations"]]}

    @app.get("/feed.atom")
    def feed(request: Request):
        params = {k: v for k, v in request.query_params.items() if k not in ("page", "page_size", "sort")}
        f = parse_filters(params).replace(sort="date", page=1, page_size=FEED_ENTRIES)
        r = results(request, f)
        base = str(request.base_url).rstrip("/")
        query = f.query_string(page="", page_size="", sort="")
        body = atom(f"{TAG}:search?{query}", "Ekspor Radar" + (f": {f.q}" if f.q else ""),
                    f"{base}/feed.atom?{query}", f"{base}/?{query}", [event_entry(e, base) for e in r["events"]])
        return Response(body, media_type="application/atom+xml; charset=utf-8")

    @app.get("/feeds/new-exporters.atom")
    def new_exporters_feed(request: Request):
        today = dt.date.today()
        since = today.replace(day=1)
        rows = snapshot.cached(("new-exporters", since), lambda cur: new_exporters(cur, since, FEED_ENTRIES))
        base = str(request.base_url).rstrip("/")
        body = atom(f"{TAG}:new-exporters", f"Eksportir baru bulan ini ({since:%Y-%m})",
                    f"{base}/feeds/new-exporters.atom", f"{base}/", [exporter_entry(x, base) for x in rows])
        return Response(body, media_type="application/atom+xml; charset=utf-8")

    @app.get("/api/events")
    def api_events(request: Request):
        f = parse_filters(dict(request.query_params))

        def body(cur) -> bytes:
            r = results(request, f)
            return json.dumps({"total": r["total"], "page": f.page, "page_size": f.page_size, "pages": r["pages"],
                               "events": [event_json(e) for e in r["events"]]}, ensure_ascii=False).encode()

        return Response(snapshot.cached(("api-events", f.query_string()), body), media_type="application/json")

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
        f = parse_filters(params).replace(page=1, page_size=MAX_EXPORT_ROWS)
        cur = snapshot.cursor()
        events, _ = find_events(cur, resolved(cur, f), snapshot.cached("table", events_table))
        ments = mentions(cur, [e["event_id"] for e in events])
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

    def _article(article_id: str) -> dict:
        if not ARTICLE_ID.fullmatch(article_id):
            raise BadRequest("article id must be the hexadecimal key of a stored article")
        article = snapshot.cached(("article", article_id), lambda cur: archived_article(cur, article_id))
        if article is None:
            raise HTTPException(404)
        return article

    def _record(article: dict, body: bool = True):
        """The WARC record the article was cleaned from, read by the pointer the warehouse stored (a local
        file only: no id or URL from a request is ever fetched)."""
        if article["warc_file"] is None:
            return None
        path = Path(article["warc_file"])
        if not path.is_absolute():
            path = db.parent / path
        return read_record(path, int(article["warc_offset"] or 0), body=body)

    @app.get("/archive/{article_id}", response_class=HTMLResponse)
    def archive_text(article_id: str):
        article = _article(article_id)
        record = _record(article, body=False)  # the page shows the stored text; the record only dates it
        return env.get_template("archive.html").render(
            a=article, record=record, link=http_url(article["url"]),
            segments=evidence_segments(article["text"], article["mentions"]))

    @app.get("/archive/raw/{article_id}", response_class=HTMLResponse)
    def archive_raw(article_id: str):
        article = _article(article_id)
        record = _record(article)
        if record is None:
            raise HTTPException(404)
        notice = (f"Arsip Ekspor Radar · archived copy of {record.url} as fetched {record.warc_date}. "
                  "Scripts, forms and remote content are disabled.")
        return HTMLResponse(sanitized_html(record.body, record.content_type, notice))

    @app.get("/archive/source/{article_id}")
    def archive_source(article_id: str):
        record = _record(_article(article_id))
        if record is None:
            raise HTTPException(404)
        charset = charset_of(record.content_type) or "utf-8"
        return Response(record.body, media_type=f"text/plain; charset={charset}",
                        headers={"Content-Disposition": "inline"})

    @app.get("/healthz")
    def healthz():
        cur = snapshot.cursor()
        return {"events": count_events(cur)}

    return app


def app_from_env() -> FastAPI:
    """For `uvicorn --factory` with several workers: the warehouse path comes from $EKSPOR_DB."""
    from warehouse.connection import db_path

    return create_app(db_path(None))
