"""The extraction engine behind `ekspor extract`: article records in, one ArticleResult per article out.

Pure with respect to I/O: callers pass dicts and get records back; reading files and writing JSON lines is
the CLI's job (see `pipeline.cli`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from typing import Any

from .layout import soften_caps
from .noise import mask_noise
from .records import ArticleResult
from .spacy_pipeline import build_nlp

MAX_CHARS = 200_000  # no news article is this long; a bigger text is a scraping accident and is refused
_URL_DATE = re.compile(r"/((?:19|20)\d{2})[/-](0[1-9]|1[0-2])(?:[/-](0[1-9]|[12]\d|3[01]))?(?:/|$)")


class InputError(ValueError):
    """An article record that cannot be processed; reported per line, never fatal for the batch."""


def published_of(record: dict[str, Any]) -> tuple[dt.date | None, str | None]:
    """The publication date (exact day) and month, from `published` or else from a dated URL path."""
    raw = record.get("published")
    if raw:
        try:
            d = dt.date.fromisoformat(str(raw)[:10])
            return d, d.strftime("%Y-%m")
        except ValueError as exc:
            raise InputError(f"published is not YYYY-MM-DD: {raw!r}") from exc
    m = _URL_DATE.search(record.get("url") or "")
    if m:
        y, mo, d = m.groups()
        if d:
            try:
                day = dt.date(int(y), int(mo), int(d))
                return day, day.strftime("%Y-%m")
            except ValueError:
                pass
        return None, f"{y}-{mo}"
    return None, None


def validate(record: Any) -> dict[str, Any]:
    if not isinstance(record, dict):
        raise InputError("input line is not a JSON object")
    if record.get("_error"):
        raise InputError(str(record["_error"]))
    if not isinstance(record.get("id"), str) or not record["id"]:
        raise InputError("missing or non-string 'id'")
    text = record.get("text")
    if not isinstance(text, str):
        raise InputError("missing or non-string 'text'")
    if len(text) > MAX_CHARS:
        raise InputError(f"text too large: {len(text):,} characters (limit {MAX_CHARS:,})")
    if "\x00" in text or _junk_ratio(text) > 0.3:
        raise InputError("text looks like binary data")
    return record


def _junk_ratio(text: str) -> float:
    sample = text[:5000]
    if not sample:
        return 0.0
    bad = sum(1 for ch in sample if (ord(ch) < 32 and ch not in "\n\r\t") or ch == "\ufffd")
    return bad / len(sample)


def prepare_text(text: str) -> str:
    """The text the rules read: noise blanked and layout made regular, in place, so that offsets in it are
    offsets in the caller's text."""
    return soften_caps(mask_noise(text))


def extract_articles(records: Iterable[dict[str, Any]], batch_size: int = 16,
                     clause_model: str | None = None) -> Iterator[ArticleResult]:
    """Extract events from article records, in order, one result per record (errors become error results).
    `clause_model` names a model folder from `ekspor train` (off by default: the rules alone)."""
    nlp = build_nlp(clause_model or "")
    pending: list[tuple[dict[str, Any] | None, str | None, str]] = []

    def make_doc(rec: dict[str, Any], text: str):
        masked = prepare_text(text)
        doc = nlp.make_doc(masked)
        doc.user_data["ekspor_text"] = masked  # the tokenizer is lossless: this is doc.text, without rebuilding it
        doc._.published, doc._.published_month = published_of(rec)
        return doc

    def flush() -> Iterator[ArticleResult]:
        docs = iter(nlp.pipe((make_doc(rec, t) for rec, err, t in pending if err is None), batch_size=batch_size))
        for rec, err, _text in pending:
            rid = str(rec["id"]) if isinstance(rec, dict) and rec.get("id") is not None else None
            if err is not None:
                yield ArticleResult(rid, False, [], error=err)
                continue
            events = next(docs)._.events
            story = any(e.status == "shipment" and e.exporter_type != "large" for e in events)
            yield ArticleResult(rid, story, events)
        pending.clear()

    for rec in records:
        try:
            valid = validate(rec)
            published_of(valid)
            pending.append((valid, None, valid["text"]))
        except InputError as exc:
            pending.append((rec if isinstance(rec, dict) else None, str(exc), ""))
        if len(pending) >= batch_size:
            yield from flush()
    yield from flush()


def extract_text(text: str, *, id: str = "text", published: str | None = None, url: str | None = None,
                 title: str | None = None) -> ArticleResult:
    """Convenience for notebooks and tests: one text in, one result out."""
    return next(extract_articles([{"id": id, "text": text, "published": published, "url": url, "title": title}]))
