"""Archived copies of source articles, made safe to show: pure functions from stored text and WARC bytes to
what the archive pages render, and the Content-Security-Policies they are served with.

Two barriers stand between an archived page and the reader. The raw HTML is cleaned first (scripts, event
handlers, `javascript:` URLs, meta refresh, `<base>`, frames, forms and embedded objects removed), and every
archive response also carries a CSP with `sandbox` and no remote loads, so whatever the cleaning misses still
cannot run script, submit, navigate the page away or fetch anything.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import lxml.html
from lxml_html_clean import Cleaner

# the text view: our own stylesheet only, no script at all, a sandboxed (opaque-origin) document
TEXT_CSP = ("sandbox; default-src 'none'; style-src 'self'; "
            "img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
# the raw HTML: nothing remote, no script, inline styles only so the page keeps its shape
RAW_CSP = ("sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src 'none'; "
           "base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
ARCHIVE_PREFIX = "/archive/"
ARTICLE_ID = re.compile(r"c?[0-9a-f]{16,40}")

_CLEANER = Cleaner(scripts=True, javascript=True, comments=True, style=False, inline_style=False, links=True,
                   meta=True, page_structure=False, processing_instructions=True, embedded=True, frames=True,
                   forms=True, annoying_tags=False, remove_unknown_tags=False, safe_attrs_only=False)
_CHARSET = re.compile(r"charset=[\"']?([A-Za-z0-9_.:-]{1,40})", re.I)


@dataclass(frozen=True)
class Segment:
    text: str
    mark: str | None = None  # the anchor id of a highlighted evidence sentence
    event_id: str | None = None


def evidence_segments(text: str, mentions: list[dict]) -> list[Segment]:
    """The article text cut into plain and highlighted pieces, one highlight per evidence span (overlapping
    spans of several events on one sentence are merged into the first)."""
    spans = sorted((int(m["evidence_start"]), int(m["evidence_end"]), m) for m in mentions
                   if 0 <= int(m["evidence_start"]) < int(m["evidence_end"]) <= len(text))
    out, pos = [], 0
    for start, end, m in spans:
        if start < pos:  # inside the previous highlight
            continue
        if start > pos:
            out.append(Segment(text[pos:start]))
        out.append(Segment(text[start:end], f"m-{m['ordinal']}", m["event_id"]))
        pos = end
    if pos < len(text):
        out.append(Segment(text[pos:]))
    return out


def charset_of(content_type: str | None) -> str | None:
    """The charset named in a Content-Type header, if it is a well-formed token."""
    m = _CHARSET.search(content_type or "")
    return m.group(1) if m else None


def decode(body: bytes, content_type: str | None) -> str:
    """Bytes to text: the header's charset, else UTF-8, never an exception (undecodable bytes are replaced)."""
    for enc in (charset_of(content_type), "utf-8"):
        if not enc:
            continue
        try:
            return body.decode(enc)
        except (LookupError, UnicodeDecodeError):
            continue
    return body.decode("utf-8", errors="replace")


def sanitized_html(body: bytes, content_type: str | None, notice: str) -> str:
    """The archived page as inert HTML, with `notice` (plain text) shown at its top."""
    text = decode(body, content_type)
    try:
        doc = lxml.html.document_fromstring(text)
    except (ValueError, lxml.etree.ParserError):
        doc = lxml.html.document_fromstring("<html><body><p></p></body></html>")
        doc.body[0].text = text
    doc = _CLEANER.clean_html(doc)
    for el in list(doc.iter("base", "noscript")):  # <base> re-targets links; noscript is live without script
        el.drop_tree()
    for a in doc.iter("a"):  # links open the outlet's page, not a frame of ours, and tell it nothing
        a.set("rel", "noopener noreferrer nofollow")
    banner = lxml.html.Element("p")
    banner.set("data-ekspor-archive", "notice")
    banner.text = notice
    body_el = doc.find("body")
    if body_el is None:
        body_el = lxml.html.Element("body")
        doc.append(body_el)
    body_el.insert(0, banner)
    return "<!DOCTYPE html>\n" + lxml.html.tostring(doc, encoding="unicode", method="html")


def http_url(url: str | None) -> str | None:
    """The URL when it is http(s), else None: only such URLs become links on our pages."""
    return url if url and re.match(r"https?://", url, re.I) else None
