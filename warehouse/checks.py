"""`ekspor db check`: data tests on keys, nulls, accepted values, foreign keys and agreeing counts (as dbt's
schema.yml tests would). Each returns the number of offending rows; zero passes."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from nlp.quantities import UNITS as _UNITS
from nlp.records import EXPORTER_TYPES as _TYPES
from nlp.records import STATUSES as _STATUSES

from .runs import RUN_STATUSES


def _sql_list(values) -> str:
    return "(" + ", ".join(f"'{v}'" for v in dict.fromkeys(values)) + ")"


# the accepted values are the extractor's own contract, so the checks cannot drift from it
STATUSES = _sql_list(_STATUSES)
EXPORTER_TYPES = _sql_list(_TYPES)
UNITS = _sql_list(u[0] for u in _UNITS)

CHECKS: list[tuple[str, str]] = [
    ("articles: article_id unique",
     "SELECT count(*) - count(DISTINCT article_id) FROM staging.articles"),
    ("articles: canonical_url unique",
     "SELECT count(canonical_url) - count(DISTINCT canonical_url) FROM staging.articles"),
    ("events: event_key unique", "SELECT count(*) - count(DISTINCT event_key) FROM marts.events"),
    ("mentions: (article, ordinal) unique",
     "SELECT count(*) - count(DISTINCT (article_id, ordinal)) FROM marts.mentions"),
    ("events: status accepted", f"SELECT count(*) FROM marts.events WHERE status NOT IN {STATUSES}"),
    ("mentions: status accepted", f"SELECT count(*) FROM marts.mentions WHERE status NOT IN {STATUSES}"),
    ("events: exporter_type accepted",
     f"SELECT count(*) FROM marts.events WHERE exporter_type NOT IN {EXPORTER_TYPES}"),
    ("events: quantity_unit accepted",
     f"SELECT count(*) FROM marts.events WHERE quantity_unit IS NOT NULL AND quantity_unit NOT IN {UNITS}"),
    ("events: destination is an ISO code in dim_countries",
     "SELECT count(*) FROM marts.events e ANTI JOIN marts.dim_countries c ON c.iso2 = e.destination_iso2"),
    ("events: kabkota_code exists at kab/kota level",
     "SELECT count(*) FROM marts.events e WHERE kabkota_code IS NOT NULL AND NOT EXISTS "
     "(SELECT 1 FROM marts.dim_regions r WHERE r.code = e.kabkota_code AND r.level = 'kabkota')"),
    ("events: province_code exists at province level",
     "SELECT count(*) FROM marts.events e WHERE province_code IS NOT NULL AND NOT EXISTS "
     "(SELECT 1 FROM marts.dim_regions r WHERE r.code = e.province_code AND r.level = 'province')"),
    ("events: kabkota lies in its province",
     "SELECT count(*) FROM marts.events WHERE kabkota_code IS NOT NULL AND split_part(kabkota_code, '.', 1) "
     "<> province_code"),
    ("events: date well formed",
     "SELECT count(*) FROM marts.events WHERE date IS NOT NULL AND NOT regexp_full_match(date, "
     "'\\d{4}-\\d{2}(-\\d{2})?')"),
    ("events: confidence in [0, 1]", "SELECT count(*) FROM marts.events WHERE confidence NOT BETWEEN 0 AND 1"),
    ("mentions: event exists",
     "SELECT count(*) FROM marts.mentions m ANTI JOIN marts.events e USING (event_id)"),
    ("mentions: article exists",
     "SELECT count(*) FROM marts.mentions m ANTI JOIN staging.articles a USING (article_id)"),
    ("mentions: evidence offsets inside the article",
     "SELECT count(*) FROM marts.mentions m JOIN staging.articles a USING (article_id) "
     "WHERE evidence_start < 0 OR evidence_end > length(a.text) OR evidence_start >= evidence_end"),
    ("events: every event has a mention",
     "SELECT count(*) FROM marts.events e ANTI JOIN marts.mentions m USING (event_id)"),
    ("events: num_articles agrees with mentions",
     "SELECT count(*) FROM marts.events e JOIN (SELECT event_id, count(DISTINCT article_id) n FROM marts.mentions "
     "GROUP BY 1) m USING (event_id) WHERE e.num_articles <> m.n"),
    ("events: num_sources agrees with distinct outlets",
     "SELECT count(*) FROM marts.events e JOIN (SELECT event_id, count(DISTINCT a.site) n FROM marts.mentions "
     "JOIN staging.articles a USING (article_id) GROUP BY 1) m USING (event_id) WHERE e.num_sources <> m.n"),
    ("articles: site is a known source",
     "SELECT count(*) FROM staging.articles a ANTI JOIN marts.sources s ON s.source_id = a.site"),
    ("articles: not-null text and hash",
     "SELECT count(*) FROM staging.articles WHERE text IS NULL OR content_hash IS NULL"),
    ("search: one document per article",
     "SELECT count(*) FROM staging.articles a ANTI JOIN marts.search_docs d ON d.article_id = a.article_id"),
    ("exporters: every event with a named exporter has its entity",
     "SELECT count(*) FROM marts.events e ANTI JOIN marts.event_exporters x USING (event_id) "
     "WHERE e.exporter IS NOT NULL AND trim(e.exporter) <> ''"),
    ("exporters: each event's entity exists",
     "SELECT count(*) FROM marts.event_exporters x ANTI JOIN marts.exporters USING (exporter_id)"),
    ("runs: status accepted", f"SELECT count(*) FROM marts.runs WHERE status NOT IN {_sql_list(RUN_STATUSES)}"),
    ("runs: finished runs have an end time",
     "SELECT count(*) FROM marts.runs WHERE status <> 'running' AND finished_at IS NULL"),
]


@dataclass
class CheckResult:
    name: str
    failures: int

    @property
    def ok(self) -> bool:
        return self.failures == 0


def run_checks(con: duckdb.DuckDBPyConnection) -> list[CheckResult]:
    return [CheckResult(name, int(con.execute(sql).fetchone()[0])) for name, sql in CHECKS]
