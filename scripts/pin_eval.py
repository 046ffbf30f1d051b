"""Re-pin nlp/eval_baseline.json from a fresh `ekspor eval` of every bundled set.

Floors only move up: a measure below its old floor is left at the old floor (and the gate will fail), so a
regression can never be pinned by accident. The gold/split hashes are re-recorded, which is the deliberate step
a changed gold file needs.

    python scripts/pin_eval.py            # show what would change
    python scripts/pin_eval.py --write
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

from devtools.evaluate import SET_NAMES, evaluate, flat_scores, load_set, set_hash

BASELINE = Path(__file__).resolve().parents[1] / "nlp" / "eval_baseline.json"


def main(write: bool) -> None:
    base = json.loads(BASELINE.read_text(encoding="utf-8"))
    sets = base.setdefault("sets", {})
    for name in SET_NAMES:
        sc = evaluate(load_set(name))
        measured = flat_scores(sc)
        old = sets.get(name, {})
        floors = {k: max(old.get("floors", {}).get(k, 0.0), math.floor(v * 100) / 100) for k, v in measured.items()}
        negs = len(sc.negatives_with_shipment)
        max_negs = min(old.get("max_negatives_with_shipment", negs), negs)
        sets[name] = {"gold_sha256": set_hash(name), "articles": sc.articles, "measured": measured,
                      "floors": floors, "max_negatives_with_shipment": max_negs}
        print(name, json.dumps(measured), "negatives with shipment:", negs)
    if write:
        BASELINE.write_text(json.dumps(base, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {BASELINE}")


if __name__ == "__main__":
    main("--write" in sys.argv)
