"""Natural keys of what the crawler produces, shared by every layer: a URL's canonical form and its hash,
an outlet's site name, and the hash of a text (whitespace and case folded)."""

from __future__ import annotations

import hashlib
import re
from typing import Any
from urllib.parse import urlsplit, urlunsplit


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


def url_key(url: str) -> str:
    """The natural key of a URL everywhere (fetch log, pages, articles): SHA-1 of its canonical form."""
    return sha1(canonical_url(url) or url)


def site_of(record: dict[str, Any]) -> str:
    if record.get("site"):
        return str(record["site"]).lower()
    url = record.get("url")
    return urlsplit(url).netloc.lower().removeprefix("www.") if url else "unknown"


def content_hash(text: str) -> str:
    return sha1(re.sub(r"\s+", " ", text).strip().lower())
