"""Full-text search (BM25, Indonesian Snowball stemmer) over articles and events, with snippets."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import duckdb

MAX_QUERY_CHARS = 200


def build_index(con: duckdb.DuckDBPyConnection) -> None:
    """(Re)build the FTS index over marts.search_docs; cheap enough to run after every load."""
    con.execute("PRAGMA create_fts_index('marts.search_docs', 'doc_id', 'title', 'body', stemmer='indonesian', "
                "stopwords='none', strip_accents=1, lower=1, overwrite=1)")


@dataclass
class Hit:
    doc_id: str
    kind: str
    event_id: str | None
    article_id: str | None
    title: str | None
    score: float
    snippet: str

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def _stems(con: duckdb.DuckDBPyConnection, query: str) -> list[str]:
    words = re.findall(r"\w+", query.lower())
    return [con.execute("SELECT stem(?, 'indonesian')", [w]).fetchone()[0] for w in words]


def snippet(body: str, stems: list[str], width: int = 90) -> str:
    """The stretch of text around the first word whose stem matches the query, with the match in [brackets]."""
    for m in re.finditer(r"\w+", body):
        w = m.group(0).lower()
        if any(w.startswith(s) or s in w for s in stems if len(s) >= 3):
            a, b = max(0, m.start() - width), min(len(body), m.end() + width)
            text = body[a : m.start()] + "[" + m.group(0) + "]" + body[m.end() : b]
            return ("…" if a else "") + re.sub(r"\s+", " ", text).strip() + ("…" if b < len(body) else "")
    return re.sub(r"\s+", " ", body[: 2 * width]).strip()


def search(con: duckdb.DuckDBPyConnection, query: str, limit: int = 20, kind: str | None = None) -> list[Hit]:
    query = query.strip()
    if not query:
        raise ValueError("empty query")
    if len(query) > MAX_QUERY_CHARS:
        raise ValueError(f"query longer than {MAX_QUERY_CHARS} characters")
    sql = ("SELECT doc_id, kind, event_id, article_id, title, body, score FROM ("
           "SELECT *, fts_marts_search_docs.match_bm25(doc_id, ?) AS score FROM marts.search_docs) "
           "WHERE score IS NOT NULL" + (" AND kind = ?" if kind else "") + " ORDER BY score DESC, doc_id LIMIT ?")
    params: list[Any] = [query] + ([kind] if kind else []) + [limit]
    rows = con.execute(sql, params).fetchall()
    stems = _stems(con, query)
    return [Hit(r[0], r[1], r[2], r[3], r[4], float(r[6]), snippet(r[5], stems)) for r in rows]
