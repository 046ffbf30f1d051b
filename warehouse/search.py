"""Full-text search (BM25, Indonesian Snowball stemmer) over articles and events, with snippets."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import duckdb

MAX_QUERY_CHARS = 200


def build_index(con: duckdb.DuckDBPyConnection) -> None:
    """(Re)build the FTS index over marts.search_docs, then store its postings sorted by term, so that a query
    reads only the row groups of its own terms (DuckDB prunes them by min/max)."""
    con.execute("PRAGMA create_fts_index('marts.search_docs', 'doc_id', 'title', 'body', stemmer='indonesian', "
                "stopwords='none', strip_accents=1, lower=1, overwrite=1)")
    con.execute("CREATE OR REPLACE TABLE fts_marts_search_docs.terms AS "
                "SELECT * FROM fts_marts_search_docs.terms ORDER BY termid, docid")


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


# Terms in more than a third of all documents carry almost no BM25 weight but have the longest posting lists:
# they are skipped unless nothing else is left of the query.
_TERMS = """
SELECT d.termid, d.df, st.num_docs FROM fts_marts_search_docs.dict d, fts_marts_search_docs.stats st
WHERE d.term IN (SELECT stem(unnest(?::VARCHAR[]), 'indonesian'))
"""
# BM25 (k1 = 1.2, b = 0.75) from the posting lists of the query's terms only; the term ids are inlined as
# integers (read from the index itself, never from user input) so the scan is pruned to their row groups.
_BM25 = """
WITH st AS (SELECT num_docs, avgdl FROM fts_marts_search_docs.stats),
qt AS (SELECT termid, df FROM fts_marts_search_docs.dict WHERE termid IN ({ids})),
tf AS (SELECT t.docid, t.termid, count(*) AS tf FROM fts_marts_search_docs.terms t WHERE t.termid IN ({ids})
       GROUP BY ALL),
sc AS (SELECT tf.docid, sum(ln((st.num_docs - qt.df + 0.5) / (qt.df + 0.5) + 1)
              * tf.tf * 2.2 / (tf.tf + 1.2 * (0.25 + 0.75 * d.len / st.avgdl))) AS score
       FROM tf JOIN qt USING (termid) JOIN fts_marts_search_docs.docs d USING (docid) CROSS JOIN st
       GROUP BY tf.docid),
top AS (SELECT d.name, sc.score FROM sc JOIN fts_marts_search_docs.docs d USING (docid)
        WHERE {kind_filter} ORDER BY sc.score DESC, d.name LIMIT ?)
SELECT s.doc_id, s.kind, s.event_id, s.article_id, s.title, s.body, top.score
FROM top JOIN marts.search_docs s ON s.doc_id = top.name ORDER BY top.score DESC, s.doc_id
"""


def _term_ids(con: duckdb.DuckDBPyConnection, words: list[str]) -> list[int]:
    rows = con.execute(_TERMS, [words]).fetchall()
    if not rows:
        return []
    selective = [int(t) for t, df, n in rows if df <= n / 3]
    return selective or [int(min(rows, key=lambda r: r[1])[0])]


def tokens(query: str) -> list[str]:
    """Query words as the index tokenised them: lower-case, accents stripped, split on non-word characters."""
    import unicodedata

    plain = unicodedata.normalize("NFKD", query.lower()).encode("ascii", "ignore").decode()
    return re.findall(r"[a-z0-9]+", plain)


def search(con: duckdb.DuckDBPyConnection, query: str, limit: int = 20, kind: str | None = None,
           snippets: bool = True) -> list[Hit]:
    query = query.strip()
    if not query:
        raise ValueError("empty query")
    if len(query) > MAX_QUERY_CHARS:
        raise ValueError(f"query longer than {MAX_QUERY_CHARS} characters")
    words = tokens(query)
    ids = _term_ids(con, words) if words else []
    if not ids:
        return []
    sql = _BM25.format(ids=", ".join(str(i) for i in ids), kind_filter="starts_with(d.name, ?)" if kind else "TRUE")
    params: list[Any] = ([kind[0] + ":"] if kind else []) + [limit]
    rows = con.execute(sql, params).fetchall()
    if not snippets:  # a ranking only (the search page's event order): no text to cut
        return [Hit(r[0], r[1], r[2], r[3], r[4], float(r[6]), "") for r in rows]
    stems = _stems(con, query)
    return [Hit(r[0], r[1], r[2], r[3], r[4], float(r[6]), snippet(r[5], stems)) for r in rows]
