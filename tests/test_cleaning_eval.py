"""Cleaning and dedup evals against their pinned floors (nlp/eval_baseline.json, "pipeline_floors")."""

import json
from pathlib import Path

from pipeline.cleaning_eval import cleaning_eval, dedup_eval

FLOORS = json.loads((Path(__file__).resolve().parents[1] / "nlp" / "eval_baseline.json").read_text())[
    "pipeline_floors"]


def test_cleaning_meets_floors_and_no_teaser_survives():
    res = cleaning_eval()
    assert res["baca_juga_lines_left"] == 0
    for k in ("real_pages_include_recall", "real_pages_exclude_precision", "real_pages_no_article_detected",
              "testweb_token_precision", "testweb_token_recall"):
        assert res[k] >= FLOORS[k], (k, res[k])


def test_dedup_meets_floors():
    res = dedup_eval()
    assert res["pair_precision"] >= FLOORS["dedup_pair_precision"]
    assert res["pair_recall"] >= FLOORS["dedup_pair_recall"]
