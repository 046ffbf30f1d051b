"""Cleaning and dedup evals against their pinned floors (nlp/eval_baseline.json, "pipeline_floors")."""

import json
from pathlib import Path

from devtools.cleaning_eval import pipeline_eval

FLOORS = json.loads((Path(__file__).resolve().parents[1] / "nlp" / "eval_baseline.json").read_text())[
    "pipeline_floors"]


def test_cleaning_and_dedup_meet_their_floors_and_no_teaser_survives():
    values, problems = pipeline_eval()
    assert problems == [], problems
    assert values["baca_juga_lines_left"] == 0
    assert set(FLOORS) <= set(values)
    for k in ("real_pages_include_recall", "testweb_token_precision", "dedup_pair_precision", "dedup_pair_recall"):
        assert values[k] >= FLOORS[k], (k, values[k])
