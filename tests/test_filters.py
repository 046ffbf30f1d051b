"""One EventFilter behind every interface: the Python API, the search page and /api/events return the same
events in the same order for the same filter, and reject the same unknown names with the same suggestions."""

import re

import httpx
import pytest
from conftest import serving_dev_set

from warehouse import EventFilter, open_warehouse

FILTERS = [
    {},
    {"status": "any"},
    {"province": "Jawa Barat"},
    {"province": "jawa barat"},
    {"province": "32"},
    {"province": "JAWA TIMUR", "status": "any"},
    {"kabkota": "Kabupaten Bogor", "status": "any"},
    {"destination": "CN"},
    {"destination": "jepang"},
    {"destination": "Japan"},
    {"product": "kopi"},
    {"status": "plan"},
    {"since": "2023-01-01", "until": "2024-12-31"},
    {"min_sources": "2", "status": "any"},
    {"exporter_type": "not_large", "sort": "outlets"},
    {"q": "kopi", "status": "any"},
    {"q": "manggis", "sort": "date"},
]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    with serving_dev_set(tmp_path_factory.mktemp("filters") / "ekspor.duckdb") as served:
        yield served


def _python(db, params: dict) -> list[str]:
    typed = {k: int(v) if k == "min_sources" else v for k, v in params.items()}
    with open_warehouse(db) as wh:
        return list(wh.events(**typed)["event_id"])


def _api(base: str, params: dict) -> list[str]:
    ids, page = [], 1
    while True:
        r = httpx.get(base + "/api/events", params={**params, "page": page, "page_size": 100}, timeout=30)
        assert r.status_code == 200, r.text
        body = r.json()
        ids += [e["event_id"] for e in body["events"]]
        if page >= body["pages"]:
            return ids
        page += 1


def _page(base: str, params: dict) -> list[str]:
    ids, page = [], 1
    while True:
        r = httpx.get(base + "/", params={**params, "page": page, "page_size": 100}, timeout=30)
        assert r.status_code == 200, r.text[:500]
        found = list(dict.fromkeys(re.findall(r'href="/events/(ev[0-9a-f]{16})"', r.text)))
        ids += found
        if not found or f"halaman {page} / {page}" in r.text:
            return ids
        page += 1


@pytest.mark.parametrize("params", FILTERS, ids=lambda p: "&".join(f"{k}={v}" for k, v in p.items()) or "default")
def test_three_interfaces_return_the_same_events(site, params):
    python = _python(site["db"], params)
    assert _api(site["base"], params) == python
    assert _page(site["base"], params) == python


def test_filters_narrow_and_names_equal_codes(site):
    everything = _python(site["db"], {"status": "any"})
    west_java = _python(site["db"], {"province": "Jawa Barat", "status": "any"})
    assert 0 < len(west_java) < len(everything)
    assert west_java == _python(site["db"], {"province": "32", "status": "any"})
    assert _python(site["db"], {"destination": "jepang"}) == _python(site["db"], {"destination": "JP"})


@pytest.mark.parametrize("params, suggestion", [
    ({"province": "Jawa"}, "Jawa Barat"),
    ({"province": "Jawa Barta"}, "Jawa Barat"),
    ({"kabkota": "Bogor"}, "Kota Bogor"),  # Kabupaten Bogor and Kota Bogor: ambiguous, both named
    ({"destination": "Jepun"}, "Jepang"),
])
def test_an_unknown_name_is_an_error_that_names_the_closest_matches(site, params, suggestion):
    with pytest.raises(ValueError, match=suggestion):
        _python(site["db"], params)
    for path in ("/api/events", "/"):
        r = httpx.get(site["base"] + path, params=params, timeout=30)
        assert r.status_code == 400 and suggestion in r.text, (path, r.status_code, r.text[:300])


def test_a_filter_checks_its_own_values():
    for bad in ({"status": "shipped"}, {"sort": "random"}, {"since": "2024-02-30"}, {"min_sources": 0},
                {"since": "2024-02-01", "until": "2024-01-01"}, {"exporter_type": "huge"}):
        with pytest.raises(ValueError):
            EventFilter(**bad)
