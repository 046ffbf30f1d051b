"""From archived HTML to clean article text: charset, trafilatura, the Indonesian boilerplate filter, language.

Pure functions of the page bytes and headers; the processing run decides what to do with the result.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import trafilatura

from nlp.noise import strip_noise

MIN_CHARS = 200  # shorter main text is a listing, a stub or an error page, not an article
_ID_WORDS = {"yang", "dan", "di", "ke", "dari", "ini", "itu", "dengan", "untuk", "pada", "dalam", "tidak", "akan",
             "juga", "oleh", "sebagai", "adalah", "telah", "sudah", "karena", "bahwa", "kata", "para", "atau"}
_EN_WORDS = {"the", "and", "of", "to", "in", "is", "that", "for", "it", "with", "as", "was", "on", "are", "be"}


@dataclass
class CleanArticle:
    text: str
    title: str | None
    published: str | None
    sitename: str | None
    canonical_url: str | None
    author: str | None
    language: str


def decode(body: bytes, content_type: str | None) -> str:
    """Honour a declared charset; else UTF-8; else windows-1252 (what Indonesian CMSs send undeclared)."""
    m = re.search(r"charset=([\w-]+)", content_type or "", re.IGNORECASE)
    if m:
        try:
            return body.decode(m.group(1), errors="replace")
        except LookupError:
            pass
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        return body.decode("cp1252", errors="replace")


def language_of(text: str) -> str:
    words = re.findall(r"[a-z]+", text.lower()[:5000])
    if not words:
        return "unknown"
    idr = sum(w in _ID_WORDS for w in words) / len(words)
    en = sum(w in _EN_WORDS for w in words) / len(words)
    return "id" if idr >= 0.04 and idr >= en else ("en" if en > 0.04 else "unknown")


def clean_page(body: bytes, content_type: str | None, url: str) -> CleanArticle | None:
    """Main text and metadata, or None when the page holds no article."""
    html = decode(body, content_type)
    doc = trafilatura.bare_extraction(html, url=url, include_comments=False, with_metadata=True,
                                      include_tables=False, deduplicate=False)
    if doc is None or not doc.text:
        return None
    text = strip_noise(doc.text)
    if len(text) < MIN_CHARS:
        return None
    return CleanArticle(text=text, title=doc.title, published=doc.date, sitename=doc.sitename,
                        canonical_url=doc.url, author=doc.author, language=language_of(text))
