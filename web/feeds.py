"""Atom feeds (RFC 4287): every search has a feed twin with the same filters, newest first, and there is a feed
of exporters new this month. Entry ids are tag URIs built from event and exporter ids, which never change, so
a feed reader shows each entry once."""

from __future__ import annotations

import datetime as dt
from typing import Any
from xml.sax.saxutils import escape, quoteattr

FEED_ENTRIES = 50
TAG = "tag:ekspor-radar.id,2026"


def _when(value: Any) -> str:
    if isinstance(value, dt.datetime):
        day = value
    elif isinstance(value, dt.date):
        day = dt.datetime(value.year, value.month, value.day)
    else:
        day = dt.datetime(1970, 1, 1)
    return day.strftime("%Y-%m-%dT%H:%M:%SZ")


def atom(feed_id: str, title: str, self_url: str, alternate: str, entries: list[dict[str, Any]]) -> str:
    """entries: dicts with id, title, link, updated (date), summary."""
    updated = max((_when(e["updated"]) for e in entries), default=_when(None))
    out = ['<?xml version="1.0" encoding="utf-8"?>', '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="id">',
           f"<id>{escape(feed_id)}</id>", f"<title>{escape(title)}</title>", f"<updated>{updated}</updated>",
           f"<link rel=\"self\" type=\"application/atom+xml\" href={quoteattr(self_url)}/>",
           f"<link rel=\"alternate\" type=\"text/html\" href={quoteattr(alternate)}/>",
           "<author><name>Ekspor Radar</name></author>"]
    for e in entries:
        out += ["<entry>", f"<id>{escape(e['id'])}</id>", f"<title>{escape(e['title'])}</title>",
                f"<link rel=\"alternate\" type=\"text/html\" href={quoteattr(e['link'])}/>",
                f"<updated>{_when(e['updated'])}</updated>",
                f"<summary type=\"text\">{escape(e.get('summary') or '')}</summary>", "</entry>"]
    out.append("</feed>")
    return "\n".join(out) + "\n"


def event_entry(e: dict[str, Any], base: str) -> dict[str, Any]:
    sources = ", ".join(dict.fromkeys(m["site"] for m in e.get("mentions", [])))
    return {"id": f"{TAG}:event/{e['event_id']}", "title": e["summary"], "link": f"{base}/events/{e['event_id']}",
            "updated": e.get("last_seen") or e.get("first_seen") or e.get("event_date"),
            "summary": f"{e['summary']}. {e.get('num_sources', 0)} media: {sources}."}


def exporter_entry(x: dict[str, Any], base: str) -> dict[str, Any]:
    return {"id": f"{TAG}:exporter/{x['exporter_id']}", "title": x["name"],
            "link": f"{base}/exporters/{x['exporter_id']}", "updated": x.get("first_shipment"),
            "summary": f"{x['name']} ({x.get('province') or 'provinsi tidak diketahui'}): first shipment "
                       f"{x.get('first_shipment') or '?'}, {x.get('events', 0)} shipment(s)."}
