"""Exporter entities: resolution (pinned pairwise floors, determinism, analyst merges), the warehouse tables,
and the exporter page and JSON."""

import json
import random
from pathlib import Path

import httpx
import pytest
from conftest import serving_dev_set
from hypothesis import given, settings
from hypothesis import strategies as st

from devtools.entity_eval import entity_eval, load_pairs
from nlp.entity_names import load_merges, normalise, resolve
from warehouse.checks import run_checks
from warehouse.connection import connect

ROOT = Path(__file__).resolve().parents[1]
FLOORS = json.loads((ROOT / "nlp" / "eval_baseline.json").read_text())["entity_floors"]
MENTIONS = [m for a, b, _ in load_pairs() for m in (a, b)]


def test_pairwise_precision_and_recall_meet_their_floors():
    scores = entity_eval()
    assert scores["pairs"] >= 40
    assert scores["pair_precision"] >= FLOORS["pair_precision"]
    assert scores["pair_recall"] >= FLOORS["pair_recall"]


def test_legal_forms_brackets_case_and_punctuation_are_normalised():
    a, b = normalise("PT. Best Star Indonesia (BSI)"), normalise("pt best star indonesia")
    assert (a.form, a.core, a.acronym) == ("PT", "best star indonesia", "bsi") and a.key == b.key
    assert normalise("Kop. Tani Makmur").form == "Koperasi" and normalise("BUMDesa Maju").form == "BUMDes"
    assert normalise("Kelompok Usaha Bersama Mawar").form == "KUB"


@settings(max_examples=40, deadline=None)
@given(st.randoms(use_true_random=False), st.integers(min_value=1, max_value=3))
def test_resolution_is_deterministic_in_any_order_and_idempotent(rnd: random.Random, copies: int):
    base = resolve(MENTIONS)
    shuffled = MENTIONS * copies
    rnd.shuffle(shuffled)
    again = resolve(shuffled)
    assert {k: v.exporter_id for k, v in again.items()} == {k: v.exporter_id for k, v in base.items()}
    names = [(v.name, v.province_code) for v in base.values()]
    canon = resolve(names)  # resolving the canonical names again keeps every entity apart and the same
    assert len({v.exporter_id for v in canon.values()}) == len({v.exporter_id for v in base.values()})


def test_numbered_firms_and_other_forms_stay_apart():
    names = [("UD Sumber Rejeki 1", "35"), ("UD Sumber Rejeki 2", "35"), ("PT Sumber Rejeki", "35"),
             ("CV Sumber Rejeki", "35"), ("UD Sumber Rejeki 1", "33")]
    assert len({e.exporter_id for e in resolve(names, {}).values()}) == 5


def test_an_analyst_merge_file_overrides_the_resolution(tmp_path):
    names = [("CV Sinar Laut", "71"), ("UD Bahari Sulut", "71")]
    assert len({e.exporter_id for e in resolve(names, {}).values()}) == 2
    f = tmp_path / "merges.tsv"
    f.write_text("# ours\nUD Bahari Sulut\tCV Sinar Laut\n", encoding="utf-8")
    assert len({e.exporter_id for e in resolve(names, load_merges(f)).values()}) == 1


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    with serving_dev_set(tmp_path_factory.mktemp("exporters") / "ekspor.duckdb") as served:
        yield served


def test_the_warehouse_holds_entities_and_the_api_links_them(site):
    con = connect(site["db"], read_only=True)
    try:
        assert [c.name for c in run_checks(con) if not c.ok] == []
        n_exporters, n_named = con.execute("SELECT (SELECT count(*) FROM marts.exporters), (SELECT count(DISTINCT "
                                           "exporter) FROM marts.events WHERE exporter IS NOT NULL)").fetchone()
    finally:
        con.close()
    assert 0 < n_exporters <= n_named
    events = httpx.get(site["base"] + "/api/events", params={"status": "any", "page_size": 100}, timeout=30).json()
    named = [e for e in events["events"] if e["exporter"]]
    assert named and all(e["exporter_id"].startswith("ex") for e in named)
    assert all(e["exporter_id"] is None for e in events["events"] if not e["exporter"])
    x = httpx.get(site["base"] + f"/api/exporters/{named[0]['exporter_id']}", timeout=30).json()
    assert x["exporter_id"] == named[0]["exporter_id"] and named[0]["exporter"] in x["aliases"]
    assert named[0]["event_id"] in {s["event_id"] for s in x["shipments"]}
    assert x["events"] == len(x["shipments"]) and x["timeline"] is not None
    page = httpx.get(site["base"] + f"/exporters/{named[0]['exporter_id']}", timeout=30)
    assert page.status_code == 200 and f"/events/{named[0]['event_id']}" in page.text
    assert httpx.get(site["base"] + "/exporters/ex0000000000000000", timeout=30).status_code == 404
    for bad in ("x' OR 1=1 --", "<script>alert(1)</script>", "ex123"):
        for path in ("/exporters/", "/api/exporters/"):
            r = httpx.get(site["base"] + path + bad, timeout=30)
            assert r.status_code in (400, 404) and "<script>" not in r.text
    r = httpx.get(site["base"] + "/api/events", params={"exporter_id": "<script>"}, timeout=30)
    assert r.status_code == 400 and "<script>" not in r.text


def test_every_search_has_an_atom_twin_with_stable_ids(site):
    import feedparser

    params = {"status": "any", "destination": "CN"}
    feed = httpx.get(site["base"] + "/feed.atom", params=params, timeout=30)
    assert feed.status_code == 200 and feed.headers["content-type"].startswith("application/atom+xml")
    parsed = feedparser.parse(feed.text)
    assert not parsed.bozo, parsed.bozo_exception
    api = httpx.get(site["base"] + "/api/events", params={**params, "sort": "date", "page_size": 50},
                    timeout=30).json()
    assert [e.link.rsplit("/", 1)[-1] for e in parsed.entries] == [e["event_id"] for e in api["events"]]
    assert all(e.id.startswith("tag:ekspor-radar.id,2026:event/ev") for e in parsed.entries)
    again = feedparser.parse(httpx.get(site["base"] + "/feed.atom", params=params, timeout=30).text)
    assert [e.id for e in again.entries] == [e.id for e in parsed.entries]
    page = httpx.get(site["base"] + "/", params=params, timeout=30).text
    assert 'type="application/atom+xml"' in page and "/feed.atom?" in page
    bad = httpx.get(site["base"] + "/feed.atom", params={"province": "<script>x</script>"}, timeout=30)
    assert bad.status_code == 400 and "<script>" not in bad.text
    new = feedparser.parse(httpx.get(site["base"] + "/feeds/new-exporters.atom", timeout=30).text)
    assert not new.bozo and new.feed.title.startswith("Eksportir baru")


def test_the_province_tile_map_has_38_linked_accessible_squares_and_a_table(site):
    import re

    page = httpx.get(site["base"] + "/", params={"status": "any"}, timeout=30).text
    tiles = re.findall(r'<a href="([^"]+)" class="tile" data-province="(\d\d)">', page)
    assert len(tiles) == 38 and len({code for _, code in tiles}) == 38
    assert all(f"province={code}" in href for href, code in tiles)
    assert 'role="img"' in page and "<title>Jawa Barat:" in page and 'class="tilemap-table"' in page
    filtered = httpx.get(site["base"] + "/", params={"status": "any", "province": "32"}, timeout=30)
    assert filtered.status_code == 200 and "halaman" in filtered.text


def test_the_snapshot_tables_answer_exactly_as_the_live_warehouse(site, monkeypatch):
    """exporters_wide and mentions_wide (indexed, snapshot only) give the rows the live joins give."""
    from warehouse import queries
    from warehouse.queries import exporter_by_id, mention_rows
    from warehouse.snapshot import snapshot_path

    live, snap = connect(site["db"], read_only=True), connect(snapshot_path(site["db"]), read_only=True)
    try:
        ids = [r[0] for r in live.execute("SELECT exporter_id FROM marts.exporters ORDER BY 1").fetchall()]
        events = [r[0] for r in live.execute("SELECT event_id FROM marts.events ORDER BY 1").fetchall()]
        assert ids and events
        for x in ids + ["ex0000000000000000"]:
            assert exporter_by_id(live, x) == exporter_by_id(snap, x), x
        assert mention_rows(live, events) == mention_rows(snap, events)
        monkeypatch.setattr(queries, "MAX_IN_LIST", 5)  # the long-list path too
        assert mention_rows(live, events) == mention_rows(snap, events)
    finally:
        live.close()
        snap.close()


FACET_NAMES = ["province", "destination", "product", "month", "province_code"]


@settings(max_examples=25, deadline=None)
@given(st.lists(st.sampled_from(FACET_NAMES + ["destination+month", "province+product"]), min_size=1,
                max_size=4, unique=True), st.integers(0, 6), st.sampled_from(["", "CN", "JP"]),
       st.sampled_from(["", "kopi", "udang ekspor"]))
def test_facets_in_one_scan_equal_each_facet_alone(site, facets, limit, destination, q):
    """GROUPING SETS never mixes one facet's rows into another's: every facet of a set equals itself asked
    alone, and a pair's counts add up to each of its parts."""
    from warehouse.queries import EventFilter, facet_set

    con = connect(site["db"], read_only=True)
    try:
        f = EventFilter(status="any", destination=destination, q=q)
        together = facet_set(con, f, {name: limit for name in facets})
        for name in facets:
            assert together[name] == facet_set(con, f, {name: limit})[name]
        whole = facet_set(con, f, {"destination": 0, "month": 0, "destination+month": 0})
        by_dest: dict[str, int] = {}
        for (dest, _month), n in whole["destination+month"]:
            by_dest[dest] = by_dest.get(dest, 0) + n
        dated = sum(n for _, n in whole["month"])
        assert sum(by_dest.values()) == dated
        assert all(by_dest.get(d, 0) <= n for d, n in whole["destination"])
    finally:
        con.close()


def test_small_multiples_share_one_scale_and_link_each_destination(site):
    import re

    page = httpx.get(site["base"] + "/", params={"status": "any"}, timeout=30).text
    panels = re.findall(r'<a href="([^"]+)" class="multiple" data-destination="([^"]+)">', page)
    assert 1 <= len(panels) <= 6 and all("destination=" in href for href, _ in panels)
    assert 'aria-labelledby="multiples-title"' in page and 'class="multiples-table"' in page
    from web.multiples import small_multiples

    m = small_multiples([(("Jepang", "2024-01"), 4), (("Jepang", "2024-02"), 2), (("Mesir", "2024-02"), 1)],
                        [("Jepang", 6), ("Mesir", 1)], ["2024-01", "2024-02"], {"Jepang": "/?destination=Jepang"})
    heights = {(p["name"], b["title"]): b["h"] for p in m["panels"] for b in p["bars"]}
    assert heights[("Jepang", "Jepang, 2024-01: 4")] == 2 * heights[("Jepang", "Jepang, 2024-02: 2")]
    assert heights[("Mesir", "Mesir, 2024-02: 1")] == heights[("Jepang", "Jepang, 2024-01: 4")] // 4
    assert m["peak"] == 4 and m["panels"][1]["values"] == {"2024-01": 0, "2024-02": 1}


def test_a_province_after_the_name_is_where_it_is_not_part_of_the_name():
    from nlp.exporters import find_exporters

    text = "Selain itu, kopi produksi UKM Jaya Kopi Jaya Sumatera Utara juga diekspor ke China."
    places = {"sumatera utara", "sumatera", "utara"}
    (m,) = find_exporters(text, is_place=lambda s: s.lower() in places)
    assert m.name == "UKM Jaya Kopi Jaya" and text[m.start : m.end] == "UKM Jaya Kopi Jaya"
