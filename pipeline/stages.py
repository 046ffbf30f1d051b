"""The processing stages shared by `ekspor process` (pages archived by the crawl) and `ekspor backfill` (pages
from archive files): each takes documents, counts every one of them once per stage with a status, and passes
on what survives. The two jobs only differ in where a page comes from and on which machine a stage runs.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from crawler.keys import canonical_url, content_hash, site_of, url_key
from nlp.extract import extract_articles
from nlp.prefilter import is_relevant
from nlp.records import ArticleResult

from .cleaning import clean_page
from .dedup import DedupState


class Counts(Protocol):
    def count(self, source: str, stage: str, status: str) -> None: ...


@dataclass
class StageCounts:
    """(source, stage, status) -> documents; a Counter, so that the counts of many workers add up."""

    stages: Counter = field(default_factory=Counter)

    def count(self, source: str, stage: str, status: str) -> None:
        self.stages[(source, stage, status)] += 1

    def table(self) -> list[tuple[str, str, str, int]]:
        return [(src, stage, status, n) for (src, stage, status), n in sorted(self.stages.items())]


def clean_document(body: bytes, content_type: str | None, url: str, source: str,
                   counts: Counts) -> dict[str, Any] | None:
    """Stages clean (boilerplate, charset) and language: an article record, or None for a page that is not one."""
    try:
        art = clean_page(body, content_type, url)
    except Exception as exc:  # noqa: BLE001 - one bad page must not stop the run; it is counted
        counts.count(source, "clean", f"failed:{type(exc).__name__}")
        return None
    if art is None:
        counts.count(source, "clean", "not_article")
        return None
    counts.count(source, "clean", "cleaned")
    if art.language != "id":
        counts.count(source, "language", "not_indonesian")
        return None
    counts.count(source, "language", "indonesian")
    return {"id": url_key(url), "text": art.text, "title": art.title, "published": art.published, "url": url,
            "site": site_of({"url": url}), "source": source, "language": art.language,
            "canonical_url": canonical_url(art.canonical_url or url), "content_hash": content_hash(art.text),
            "cluster_id": None}


def dedup_document(doc: dict[str, Any], state: DedupState, counts: Counts) -> bool:
    """Stage dedup: False for an exact duplicate (same URL or same text on the same site); a near-duplicate
    is kept, with the cluster it joins."""
    status, cluster = state.classify(doc["id"], doc["canonical_url"], doc["content_hash"], doc["text"], doc["site"])
    counts.count(doc["source"], "dedup", status)
    doc["cluster_id"] = cluster
    return status not in ("duplicate_url", "duplicate_text")


def extract_documents(docs: Iterable[dict[str, Any]], counts: Counts) -> list[tuple[dict[str, Any], ArticleResult]]:
    """Stages filter (the cheap relevance prefilter) and extract: (document, result) pairs to load; an
    irrelevant article is loaded too, with no events, so that it is known next time."""
    docs = list(docs)
    relevant = [d for d in docs if is_relevant(d["text"], d["title"])]
    results = {r.id: r for r in extract_articles(relevant)} if relevant else {}
    pairs = []
    for d in docs:
        res = results.get(d["id"])
        if res is None:
            counts.count(d["source"], "filter", "irrelevant")
            res = ArticleResult(d["id"], False, [])
        elif res.error:
            counts.count(d["source"], "extract", f"failed:{res.error[:40]}")
            continue
        else:
            counts.count(d["source"], "filter", "relevant")
            counts.count(d["source"], "extract", "extracted" if res.events else "no_event")
        pairs.append((d, res))
    return pairs
