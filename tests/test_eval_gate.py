"""The evaluation gate: the dev-set scores must stay at or above the floors pinned in eval_baseline.json."""

from pathlib import Path

from nlp.evaluate import check_floors, default_gold_path, evaluate, gold_hash, load_baseline, load_gold

BASELINE = Path(__file__).resolve().parents[1] / "nlp" / "eval_baseline.json"


def test_devset_scores_meet_pinned_floors():
    path = default_gold_path()
    scores = evaluate(load_gold(path))
    problems = check_floors(scores, load_baseline(BASELINE), gold_hash(path))
    assert problems == [], "\n".join(problems + scores.misses)


def test_hard_negatives_yield_no_sme_shipment():
    rows = [r for r in load_gold(default_gold_path()) if r["kind"] == "negative"]
    assert len(rows) >= 8
    scores = evaluate(rows)
    assert scores.negatives_with_shipment == []
