"""Exact and near-duplicate detection with explicit state (never module-global: trafilatura issue #778).

Exact: canonical URL and content hash. Near: MinHash LSH over word 5-shingles, so syndicated copies of one
story across outlets share a cluster while every outlet keeps its article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from datasketch import MinHash, MinHashLSH

NUM_PERM = 64
THRESHOLD = 0.5


def _shingles(text: str, k: int = 5) -> set[bytes]:
    words = re.findall(r"\w+", text.lower())
    return {" ".join(words[i : i + k]).encode() for i in range(max(1, len(words) - k + 1))}


def minhash(text: str) -> MinHash:
    m = MinHash(num_perm=NUM_PERM, seed=7)
    m.update_batch(list(_shingles(text)))
    return m


@dataclass
class DedupState:
    """What one processing run has seen, seeded with recent articles from the warehouse."""

    urls: set[str] = field(default_factory=set)
    hashes: dict[str, tuple[str, str]] = field(default_factory=dict)  # content hash -> (article id, site)
    lsh: MinHashLSH = field(default_factory=lambda: MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM))
    clusters: dict[str, str] = field(default_factory=dict)  # article id -> cluster id

    def add(self, article_id: str, url: str | None, content_hash: str, text: str, site: str = "",
            cluster_id: str | None = None) -> None:
        if url:
            self.urls.add(url)
        self.hashes.setdefault(content_hash, (article_id, site))
        if article_id not in self.clusters:
            self.lsh.insert(article_id, minhash(text))
            self.clusters[article_id] = cluster_id or article_id

    def classify(self, article_id: str, url: str | None, content_hash: str, text: str,
                 site: str = "") -> tuple[str, str]:
        """('duplicate_url' | 'duplicate_text' | 'near_duplicate' | 'unique', cluster id) and remember it.

        An exact copy on the same site is a duplicate (dropped); on another site it is syndication: kept, in the
        original's cluster, so that every outlet counts."""
        if url and url in self.urls:
            return "duplicate_url", self.clusters.get(article_id, article_id)
        if content_hash in self.hashes:
            first, first_site = self.hashes[content_hash]
            if first_site == site:
                return "duplicate_text", self.clusters.get(first, first)
            self.add(article_id, url, content_hash, text, site, self.clusters.get(first, first))
            return "near_duplicate", self.clusters[article_id]
        near = sorted(self.lsh.query(minhash(text))) if self.clusters else []
        cluster = self.clusters[near[0]] if near else article_id
        self.add(article_id, url, content_hash, text, site, cluster)
        return ("near_duplicate" if near else "unique"), cluster
