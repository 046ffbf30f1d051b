"""The warehouse invariant on generated loads (hypothesis): whatever subset of articles arrives, in whatever
batches and order, and however often, `db check` is green and the rows and event ids equal one single load.

The pool holds the cases that broke it: a multi-destination story, its syndicated copy on another outlet, a
rewrite of it in other words, one article with two items of the same product code, a plan and a negative.
"""

from functools import lru_cache

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nlp.extract import extract_articles
from warehouse.checks import run_checks
from warehouse.connection import connect
from warehouse.derived import after_load
from warehouse.load import load_results
from warehouse.migrations import migrate

MULTI = ("Koperasi Kopi Gayo Lestari melepas ekspor 10 ton kopi arabika ke Belanda dan 5 ton kopi arabika ke "
         "Jepang, Senin (3/6/2024), dari Pelabuhan Belawan.")
POOL = [
    {"id": "multi", "url": "https://a.example/kopi-gayo", "site": "a.example", "published": "2024-06-04",
     "text": MULTI},
    {"id": "syndicated", "url": "https://b.example/berita/kopi-gayo", "site": "b.example", "published": "2024-06-04",
     "text": MULTI},
    {"id": "rewrite", "url": "https://c.example/ekonomi/gayo", "site": "c.example", "published": "2024-06-05",
     "text": "Sebanyak 10 ton kopi arabika milik Koperasi Kopi Gayo Lestari dikirim ke Belanda, Senin (3/6/2024). "
             "Sisanya, 5 ton kopi arabika, diekspor ke Jepang pada hari yang sama."},
    {"id": "items", "url": "https://a.example/kelapa", "site": "a.example", "published": "2024-06-06",
     "text": "KUB Kopi Kerinci melepas ekspor 12 ton kopi arabika dan 6 ton kopi robusta ke Amerika Serikat, "
             "Selasa (4/6/2024)."},
    {"id": "plan", "url": "https://d.example/rencana", "site": "d.example", "published": "2024-06-07",
     "text": "Pemkab Sumba Timur menargetkan ekspor perdana 10 ton rumput laut ke China pada Juli mendatang."},
    {"id": "negative", "url": "https://d.example/cabai", "site": "d.example", "published": "2024-06-07",
     "text": "Harga cabai di pasar tradisional Kota Medan naik dua kali lipat, kata pedagang, Senin (3/6/2024)."},
]


@lru_cache(maxsize=1)
def _results():
    return {rec["id"]: res for rec, res in zip(POOL, extract_articles(POOL), strict=True)}


def _state(path):
    con = connect(path, read_only=True)
    try:
        events = con.execute(
            "SELECT event_id, event_key, status, exporter, destination_iso2, product, quantity_kg, date, "
            "num_articles, num_sources FROM marts.events ORDER BY event_id").fetchall()
        mentions = con.execute("SELECT mention_id, event_id, article_id FROM marts.mentions ORDER BY 1").fetchall()
        articles = con.execute("SELECT article_id FROM staging.articles ORDER BY 1").fetchall()
        articles += con.execute("SELECT exporter_id, name, events FROM marts.exporters ORDER BY 1").fetchall()
        checks = [c for c in run_checks(con) if not c.ok]
    finally:
        con.close()
    return events, mentions, articles, checks


def _load(path, batches):
    con = connect(path)
    try:
        migrate(con)
        for n, batch in enumerate(batches):
            load_results(con, [(rec, _results()[rec["id"]]) for rec in batch], f"prop-{n}")
        after_load(con)  # as every run does once its batches are in: search index, exporter entities
    finally:
        con.close()


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(st.data())
def test_any_batches_in_any_order_give_the_single_load(tmp_path_factory, data):
    subset = data.draw(st.lists(st.sampled_from(POOL), min_size=1, max_size=8), label="arrivals")  # repeats too
    cuts = sorted(data.draw(st.sets(st.integers(1, max(1, len(subset) - 1)), max_size=3), label="cuts"))
    bounds = [0, *[c for c in cuts if c < len(subset)], len(subset)]
    batches = [subset[a:b] for a, b in zip(bounds, bounds[1:], strict=False) if b > a]
    once = tmp_path_factory.mktemp("once") / "w.duckdb"
    _load(once, [list({r["id"]: r for r in subset}.values())])
    many = tmp_path_factory.mktemp("many") / "w.duckdb"
    _load(many, batches)
    _load(many, batches[::-1])  # the same arrivals again, the other way round
    single, batched = _state(once), _state(many)
    assert single[3] == [] and batched[3] == [], (single[3], batched[3])
    assert batched[:3] == single[:3]


def test_syndicated_and_multi_destination_stories_count_articles_not_mentions(tmp_path):
    path = tmp_path / "w.duckdb"
    _load(path, [POOL[:4]])
    events, _mentions, _articles, failing = _state(path)
    assert failing == []
    by_dest = {}
    for row in events:
        if row[2] == "shipment":
            by_dest.setdefault(row[4], []).append(row)
    # the story, its syndicated copy and its rewrite are one event per destination, on three outlets
    assert [(r[6], r[8], r[9]) for r in by_dest["NL"]] == [(10000, 3, 3)]
    assert [(r[6], r[8], r[9]) for r in by_dest["JP"]] == [(5000, 3, 3)]
    assert len(by_dest["US"]) == 2  # two items of one product code (kopi, 2391) in one article are two events
    assert sorted(r[6] for r in by_dest["US"]) == [6000, 12000]
