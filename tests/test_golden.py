"""Golden fixtures: each tests/golden/<name>.txt article pairs with <name>.json, the facts it must yield.

The expected JSON lists what matters for the phenomenon (not every field), so a fixture fails only when a
fact it pins is wrong: `shipments` (by destination), `not_shipped` destinations and `is_export_story`.
"""

import json
from pathlib import Path

import pytest
from conftest import shipments

GOLDEN = Path(__file__).parent / "golden"
CASES = sorted(p.stem for p in GOLDEN.glob("*.txt"))


@pytest.mark.parametrize("name", CASES)
def test_golden(name, extract):
    text = (GOLDEN / f"{name}.txt").read_text(encoding="utf-8")
    want = json.loads((GOLDEN / f"{name}.json").read_text(encoding="utf-8"))
    result = extract(text, id=name, published=want.get("published"))
    got = {e["destination"]["iso2"]: e for e in shipments(result)}
    assert result.is_export_story == want["is_export_story"]
    assert sorted(got) == sorted(s["destination"] for s in want["shipments"])
    for exp in want["shipments"]:
        ev = got[exp["destination"]]
        checks = {
            "origin_kabkota_code": ev["origin"]["kabkota_code"],
            "province_code": ev["origin"]["province_code"],
            "quantity": ev["quantity"] and [ev["quantity"]["value"], ev["quantity"]["unit"]],
            "value": ev["value"] and [ev["value"]["amount"], ev["value"]["currency"]],
            "date": ev["date"],
            "exporter": ev["exporter"],
            "exporter_type": ev["exporter_type"],
        }
        for key, actual in checks.items():
            if key in exp:
                assert actual == exp[key], f"{name} {exp['destination']} {key}"
        if "product_contains" in exp:
            assert exp["product_contains"] in (ev["product"] or "").lower()
        start, end = ev["evidence"]["start"], ev["evidence"]["end"]
        assert 0 <= start < end <= len(text)
    statuses = {e.destination_iso2: e.status for e in result.events}
    for iso in want.get("not_shipped", []):
        assert statuses.get(iso) != "shipment"


def test_every_fixture_has_its_expectation():
    assert CASES and all((GOLDEN / f"{n}.json").exists() for n in CASES)
