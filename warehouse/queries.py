"""The read side of the warehouse: one `EventFilter` for every interface, and the typed queries that the
Python API, the search page, its JSON API and the demo summary call.

A filter's region and destination are resolved against the dimension tables first: a Kemendagri code or an
official name (any case) is accepted, and anything else raises a `ValueError` that names the closest matches,
so "province=Jawa" is an error with three suggestions, never an empty result or a silent substring match.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, field, fields, replace
from typing import Any

import duckdb

from nlp.records import EXPORTER_TYPES, STATUSES

from .search import MAX_QUERY_CHARS, search

SORTS = {"relevance": None, "date": "event_date DESC NULLS LAST, event_id",
         "outlets": "num_sources DESC, event_date DESC NULLS LAST, event_id",
         "confidence": "confidence DESC, event_id"}
EXPORTER_FILTERS = EXPORTER_TYPES + ("not_large",)
# facet -> (group key, label): a product is grouped by its KBKI code when it has one
FACETS = {"province": ("coalesce(province, '(tidak diketahui)')", "1"),
          "destination": ("coalesce(destination, destination_iso2)", "1"),
          "product": ("coalesce(product_code, product)",
                      "any_value(product) || coalesce(' (KBKI ' || any_value(product_code) || ')', '')"),
          "month": ("strftime(date_trunc('month', event_date), '%Y-%m')", "1"),
          "province_code": ("coalesce(province_code, '')", "1")}
MAX_TEXT = 100
EXAMPLE_SQL = "SELECT * FROM marts.v_export_events LIMIT 5"  # the first query the docs and the demo suggest
MAX_SEARCH_HITS = 500  # a text query ranks at most this many matching documents


@dataclass(frozen=True)
class EventFilter:
    """Which events, in which order, which page. Field values are validated here; names are resolved
    against the warehouse by `resolve`. `page_size=None` means every matching row."""

    q: str = ""
    province: str = ""
    kabkota: str = ""
    product: str = ""
    destination: str = ""
    status: str = "shipment"  # one of nlp.records.STATUSES, or "any"
    exporter_type: str = ""  # one of nlp.records.EXPORTER_TYPES, or "not_large"
    exporter_id: str = ""  # one exporter entity (marts.exporters)
    since: dt.date | None = None
    until: dt.date | None = None
    min_sources: int = 1
    sort: str = "relevance"
    page: int = 1
    page_size: int | None = None

    def __post_init__(self) -> None:
        for name in ("q", "province", "kabkota", "product", "destination", "status", "exporter_type", "exporter_id",
                     "sort"):
            value = getattr(self, name)
            if not isinstance(value, str):
                raise ValueError(f"{name} must be text")
            limit = MAX_QUERY_CHARS if name == "q" else MAX_TEXT
            if len(value.strip()) > limit:
                raise ValueError(f"{name} is longer than {limit} characters")
            object.__setattr__(self, name, value.strip())
        for name in ("since", "until"):
            object.__setattr__(self, name, _as_date(name, getattr(self, name)))
        if self.status not in STATUSES + ("any",):
            raise ValueError(f"status must be one of {', '.join(STATUSES)} or any")
        if self.exporter_type and self.exporter_type not in EXPORTER_FILTERS:
            raise ValueError(f"exporter_type must be one of {', '.join(EXPORTER_FILTERS)}")
        if self.exporter_id and not re.fullmatch(r"ex[0-9a-f]{16}", self.exporter_id):
            raise ValueError("exporter_id must look like ex0123456789abcdef")
        if self.sort not in SORTS:
            raise ValueError(f"sort must be one of {', '.join(SORTS)}")
        if self.since and self.until and self.since > self.until:
            raise ValueError("since is after until")
        if not isinstance(self.min_sources, int) or self.min_sources < 1:
            raise ValueError("min_sources must be a whole number of at least 1")
        if not isinstance(self.page, int) or self.page < 1:
            raise ValueError("page must be a whole number of at least 1")
        if self.page_size is not None and (not isinstance(self.page_size, int) or self.page_size < 1):
            raise ValueError("page_size must be a whole number of at least 1")

    def params(self) -> dict[str, Any]:
        """The filter as URL parameters (empty and default values left out)."""
        default = EventFilter()
        return {f.name: (str(v) if isinstance(v, dt.date) else v) for f in fields(self)
                for v in [getattr(self, f.name)] if v != getattr(default, f.name) or f.name == "status"}

    def query_string(self, **change: Any) -> str:
        """The filter as a URL query, with some fields changed ('' drops one): for links between pages."""
        from urllib.parse import urlencode

        d = {**{f.name: getattr(self, f.name) for f in fields(self)}, **change}
        return urlencode({k: v for k, v in d.items() if v not in (None, "")})

    def replace(self, **change: Any) -> EventFilter:
        return replace(self, **change)


def _as_date(name: str, value: Any) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise ValueError(f"{name} must be a date like 2024-01-31") from None


@dataclass(frozen=True)
class Resolved:
    """An `EventFilter` with its names turned into codes, ready to become SQL."""

    filter: EventFilter
    province_code: str | None = None
    kabkota_code: str | None = None
    destination_iso2: str | None = None
    where: str = field(default="", repr=False)
    params: tuple = field(default=(), repr=False)


def _closest(value: str, names: list[str], n: int = 5) -> list[str]:
    low = value.lower()
    contains = [x for x in names if low in x.lower()]
    fuzzy = difflib.get_close_matches(value, names, n=n, cutoff=0.6)
    fuzzy += difflib.get_close_matches(value.title(), names, n=n, cutoff=0.6)
    return list(dict.fromkeys(sorted(contains, key=len) + fuzzy))[:n]


def _shown(value: str) -> str:
    """The value as an error message may repeat it: plain names only, never markup or control characters."""
    return repr(value) if re.fullmatch(r"[\w .,'()/-]{1,60}", value) else "(the value given)"


def _unknown(kind: str, value: str, names: list[str]) -> ValueError:
    near = _closest(value, names)
    hint = f"; closest: {', '.join(near)}" if near else ""
    what = "an ISO 3166 code or a country name" if kind == "destination" else "a Kemendagri code or an official name"
    return ValueError(f"unknown {kind} {_shown(value)}: give {what}{hint}")


def _region(con: duckdb.DuckDBPyConnection, kind: str, value: str) -> str:
    level = "province" if kind == "province" else "kabkota"
    rows = con.execute("SELECT code, name FROM marts.dim_regions WHERE level = ?", [level]).fetchall()
    by_code = {c: c for c, _ in rows}
    if value in by_code:
        return value
    by_name: dict[str, list[str]] = {}
    for code, name in rows:
        by_name.setdefault(name.lower(), []).append(code)
    wanted = [value.lower()]
    if level == "kabkota":
        bare = value.lower().removeprefix("kab. ").removeprefix("kab ")
        wanted += [f"kabupaten {bare}", f"kota {bare}"]
    codes = list(dict.fromkeys(c for w in wanted for c in by_name.get(w, [])))
    if len(codes) == 1:
        return codes[0]
    names = [n for _, n in rows]
    if len(codes) > 1:
        raise ValueError(f"{kind} {_shown(value)} is ambiguous: " +
                         ", ".join(f"{n} ({c})" for c, n in rows if c in codes))
    raise _unknown(kind, value, names)


def _country(con: duckdb.DuckDBPyConnection, value: str) -> str:
    rows = con.execute("SELECT iso2, name_id, name_en FROM marts.dim_countries").fetchall()
    for iso, name_id, name_en in rows:
        if value.upper() == iso or value.lower() in (name_id.lower(), name_en.lower()):
            return iso
    raise _unknown("destination", value, [r[1] for r in rows] + [r[2] for r in rows])


def resolve(con: duckdb.DuckDBPyConnection, f: EventFilter) -> Resolved:
    """Codes for the filter's names, and its WHERE clause (parameterised; no user text in the SQL)."""
    prov = _region(con, "province", f.province) if f.province else None
    kab = _region(con, "kabkota", f.kabkota) if f.kabkota else None
    iso = _country(con, f.destination) if f.destination else None
    where, params = ["num_sources >= ?"], [f.min_sources]
    if f.status != "any":
        where.append("status = ?")
        params.append(f.status)
    if f.exporter_type == "not_large":
        where.append("exporter_type <> 'large'")
    elif f.exporter_type:
        where.append("exporter_type = ?")
        params.append(f.exporter_type)
    for sql, value in (("province_code = ?", prov), ("kabkota_code = ?", kab), ("destination_iso2 = ?", iso),
                       ("exporter_id = ?", f.exporter_id)):
        if value:
            where.append(sql)
            params.append(value)
    if f.product:
        where.append("(product_code = ? OR contains(lower(product), lower(?)))")
        params += [f.product, f.product]
    if f.since:
        where.append("event_date >= ?")
        params.append(f.since)
    if f.until:
        where.append("event_date <= ?")
        params.append(f.until)
    return Resolved(f, prov, kab, iso, " AND ".join(where), tuple(params))


def events_table(con: duckdb.DuckDBPyConnection) -> str:
    """The snapshot's materialised events table when it has one (see `derived.py`), else the analyst view."""
    return "marts.events_wide" if _has_table(con, "events_wide") else "marts.v_export_events"


def ranked_ids(con: duckdb.DuckDBPyConnection, q: str) -> list[str]:
    """Event ids for a text query, best first: event documents directly, article documents via their mentions."""
    hits = search(con, q, limit=MAX_SEARCH_HITS, snippets=False)
    article_ids = [h.article_id for h in hits if h.kind == "article"]
    via: dict[str, list[str]] = {}
    if article_ids:
        table = mentions_table(con) or "marts.mentions"
        for eid, aid in con.execute(f"SELECT event_id, article_id FROM {table} WHERE article_id IN "
                                    f"{_in_list(len(article_ids))} ORDER BY event_id", article_ids).fetchall():
            via.setdefault(aid, []).append(eid)
    ranked = [eid for h in hits for eid in ([h.event_id] if h.kind == "event" else via.get(h.article_id, []))]
    return list(dict.fromkeys(ranked))


def _rows(cur: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    cols = [c[0] for c in cur.description]
    return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]


def find_events(con: duckdb.DuckDBPyConnection, f: EventFilter | Resolved, table: str | None = None,
                ranked: list[str] | None = None) -> tuple[list[dict[str, Any]], int]:
    """One page of matching events (as dicts) and the number of all matching events. With a text query,
    `ranked` (ranked_ids of it) saves searching again."""
    r = f if isinstance(f, Resolved) else resolve(con, f)
    f = r.filter
    table = table or events_table(con)
    where, params = r.where, list(r.params)
    order = SORTS[f.sort] or SORTS["date"]
    offset = (f.page - 1) * (f.page_size or 0)
    if f.q:
        ranked = ranked if ranked is not None else ranked_ids(con, f.q)
        found = _rows(con.execute(f"SELECT * FROM {table} WHERE {where} AND event_id IN "
                                  f"(SELECT unnest(?::VARCHAR[])) ORDER BY {order}", params + [ranked]))
        if f.sort == "relevance":
            rank = {eid: i for i, eid in enumerate(ranked)}
            found.sort(key=lambda e: rank[e["event_id"]])
        end = offset + f.page_size if f.page_size else None
        return found[offset:end], len(found)
    if not f.page_size:  # every row: the count is the length
        rows = _rows(con.execute(f"SELECT * FROM {table} WHERE {where} ORDER BY {order}", params))
        return rows, len(rows)
    total = con.execute(f"SELECT count(*) FROM {table} WHERE {where}", params).fetchone()[0]
    page = f" LIMIT {int(f.page_size)} OFFSET {int(offset)}"
    return _rows(con.execute(f"SELECT * FROM {table} WHERE {where} ORDER BY {order}{page}", params)), total


def facet_counts(con: duckdb.DuckDBPyConnection, f: EventFilter | Resolved, facet: str, limit: int = 10,
                 table: str | None = None, ranked: list[str] | None = None) -> list[tuple[str, int]]:
    """Matching events counted by province, destination, product or month (months oldest first, the latest
    `limit` of them; the others most frequent first)."""
    return facet_set(con, f, {facet: limit}, table, ranked)[facet]


def facet_set(con: duckdb.DuckDBPyConnection, f: EventFilter | Resolved, facets: dict[str, int],
              table: str | None = None, ranked: list[str] | None = None) -> dict[str, list]:
    """Several facets of one filter in a single scan (GROUPING SETS). `facets` maps a facet (or two joined by
    '+', counted together: "destination+month") to its limit; 0 means all of them. A pair's values are tuples."""
    specs = [name.split("+") for name in facets]
    for parts in specs:
        for part in parts:
            if part not in FACETS:
                raise ValueError(f"facet must be one of {', '.join(FACETS)}")
    r = f if isinstance(f, Resolved) else resolve(con, f)
    table = table or events_table(con)
    where, params = r.where, list(r.params)
    if r.filter.q:  # several facets of one search: pass `ranked` (ranked_ids) to search only once
        where += " AND event_id IN (SELECT unnest(?::VARCHAR[]))"
        params.append(ranked if ranked is not None else ranked_ids(con, r.filter.q))
    used = list(dict.fromkeys(part for parts in specs for part in parts))
    cols = []
    for i, part in enumerate(used):
        key, label = FACETS[part]
        cols += [f"{key if label == '1' else label} AS l{i}", f"GROUPING({key}) AS g{i}"]
    sets = ", ".join("(" + ", ".join(FACETS[p][0] for p in parts) + ")" for parts in specs)
    rows = con.execute(f"SELECT {', '.join(cols)}, count(*) FROM {table} WHERE {where} "
                       f"GROUP BY GROUPING SETS ({sets})", params).fetchall()
    out: dict[str, list] = {}
    for name, parts in zip(facets, specs, strict=True):
        idx = [used.index(p) for p in parts]
        grouped = {used.index(p) for p in parts}
        mine = [r for r in rows if all((r[2 * i + 1] == 0) == (i in grouped) for i in range(len(used)))]
        if "month" in parts:
            mine = [r for r in mine if r[2 * used.index("month")] is not None]
        values = [(tuple(str(r[2 * i]) for i in idx) if len(idx) > 1 else str(r[2 * idx[0]]), int(r[-1]))
                  for r in mine]
        limit = facets[name]
        if parts == ["month"]:
            values.sort()
            out[name] = values[-limit:] if limit else values
        else:
            values.sort(key=lambda v: (-v[1], v[0]))
            out[name] = values[:limit] if limit else values
    return out


def event_by_id(con: duckdb.DuckDBPyConnection, event_id: str, table: str | None = None) -> dict[str, Any] | None:
    rows = _rows(con.execute(f"SELECT * FROM {table or events_table(con)} WHERE event_id = ?", [event_id]))
    return rows[0] if rows else None


def _has_table(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    """Whether marts.<name> exists: the snapshot's derived tables (`derived.py`) are absent from a live file."""
    return bool(con.execute("SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'marts' AND table_name = ?",
                            [name]).fetchone()[0])


def mentions_table(con: duckdb.DuckDBPyConnection) -> str | None:
    """The snapshot's materialised mentions table (indexed by event and article), or None on a live file."""
    return "marts.mentions_wide" if _has_table(con, "mentions_wide") else None


MAX_IN_LIST = 500  # beyond this many keys a hash join beats index lookups


def _in_list(n: int) -> str:
    """`(?, ?, ...)`: a literal IN list is what lets DuckDB use an ART index (an unnested array is a join)."""
    return "(" + ", ".join("?" * n) + ")"


def mention_rows(con: duckdb.DuckDBPyConnection, event_ids: list[str], table: str | None = None,
                 ) -> list[dict[str, Any]]:
    """Every mention of the events with its article's URL, outlet, date and title, oldest article first."""
    if not event_ids:
        return []
    table = table or mentions_table(con)
    if table and len(event_ids) <= MAX_IN_LIST:
        return _rows(con.execute(f"SELECT * FROM {table} WHERE event_id IN {_in_list(len(event_ids))} "
                                 "ORDER BY published, site, mention_id", event_ids))
    return _rows(con.execute(
        "SELECT m.*, a.canonical_url AS url, a.site, a.published, a.title, a.warc_file IS NOT NULL AS archived "
        "FROM marts.mentions m JOIN staging.articles a USING (article_id) "
        "WHERE m.event_id IN (SELECT unnest(?::VARCHAR[])) ORDER BY a.published, a.site, m.mention_id"
        if table is None else f"SELECT * FROM {table} WHERE event_id IN (SELECT unnest(?::VARCHAR[])) "
        "ORDER BY published, site, mention_id", [event_ids]))


def archived_article(con: duckdb.DuckDBPyConnection, article_id: str) -> dict[str, Any] | None:
    """One stored article for its archived-copy view: text, pointer into its WARC record, and its mentions
    (evidence offsets into the text, with the event each one reports), or None."""
    rows = _rows(con.execute(
        "SELECT article_id, canonical_url AS url, site, title, published, text, warc_file, warc_offset "
        "FROM staging.articles WHERE article_id = ?", [article_id]))
    if not rows:
        return None
    article = rows[0]
    article["mentions"] = _rows(con.execute(
        "SELECT ordinal, event_id, status, evidence_start, evidence_end FROM marts.mentions WHERE article_id = ? "
        "ORDER BY ordinal", [article_id]))
    return article


def filter_options(con: duckdb.DuckDBPyConnection) -> dict[str, list]:
    """The provinces (names) and destinations ((iso2, name)) that occur in events: the search form's choices."""
    return {
        "provinces": [x[0] for x in con.execute("SELECT DISTINCT p.name FROM marts.events e JOIN marts.dim_regions p "
                                                "ON p.code = e.province_code ORDER BY 1").fetchall()],
        "destinations": con.execute("SELECT DISTINCT e.destination_iso2, c.name_id FROM marts.events e JOIN "
                                    "marts.dim_countries c ON c.iso2 = e.destination_iso2 ORDER BY 2").fetchall(),
    }


def exporter_by_id(con: duckdb.DuckDBPyConnection, exporter_id: str) -> dict[str, Any] | None:
    """One exporter entity with its region names, names as written and the outlets that reported it, or None."""
    if _has_table(con, "exporters_wide"):  # the snapshot's indexed copy: one lookup
        rows = _rows(con.execute("SELECT * FROM marts.exporters_wide WHERE exporter_id = ?", [exporter_id]))
        return rows[0] if rows else None
    rows = _rows(con.execute("SELECT x.*, p.name AS province, k.name AS kabkota FROM marts.exporters x "
                             "LEFT JOIN marts.dim_regions p ON p.code = x.province_code "
                             "LEFT JOIN marts.dim_regions k ON k.code = x.kabkota_code WHERE exporter_id = ?",
                             [exporter_id]))
    if not rows:
        return None
    out = rows[0]
    out["aliases"] = [r[0] for r in con.execute("SELECT alias FROM marts.exporter_aliases WHERE exporter_id = ? "
                                                "ORDER BY events DESC, alias", [exporter_id]).fetchall()]
    events = [r[0] for r in con.execute("SELECT event_id FROM marts.event_exporters WHERE exporter_id = ?",
                                        [exporter_id]).fetchall()]
    out["outlet_sites"] = sorted({m["site"] for m in mention_rows(con, events)})
    return out


def new_exporters(con: duckdb.DuckDBPyConnection, since: dt.date, limit: int = 50) -> list[dict[str, Any]]:
    """Exporters whose first shipment is on or after the date, newest first."""
    return _rows(con.execute("SELECT x.*, p.name AS province FROM marts.exporters x LEFT JOIN marts.dim_regions p "
                             "ON p.code = x.province_code WHERE x.first_shipment >= ? "
                             "ORDER BY x.first_shipment DESC, x.exporter_id LIMIT ?", [since, limit]))


def province_names(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    return dict(con.execute("SELECT code, name FROM marts.dim_regions WHERE level = 'province'").fetchall())


def count_events(con: duckdb.DuckDBPyConnection) -> int:
    return int(con.execute("SELECT count(*) FROM marts.events").fetchone()[0])


def recent_articles(con: duckdb.DuckDBPyConnection, since: dt.date) -> list[tuple]:
    """(article_id, canonical_url, content_hash, text, site, cluster_id) of articles published or ingested
    since the date: they seed the near-duplicate index of a processing run."""
    return con.execute(
        "SELECT article_id, canonical_url, content_hash, text, site, cluster_id FROM staging.articles "
        "WHERE coalesce(published, CAST(ingested_at AS DATE)) >= ? OR ingested_at >= ? ORDER BY article_id",
        [since, since]).fetchall()
