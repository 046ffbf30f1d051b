"""Write nlp/data/realset/split.json: a deterministic ~80/20 train/heldout split of the realset, stratified.

Strata are (series, kind, shape): the id prefix (rc food/agri, rd fisheries/crafts, re roundups and negatives),
positive/negative, and whether the article reports several events. Inside each stratum ids are ordered by a
salted SHA-256 of the id and every fifth goes to heldout, so the split never depends on file order and never
changes unless the salt does. Run once; the committed split file is the contract.

    python scripts/split_realset.py
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from pathlib import Path

SALT = "ekspor-radar-realset-split-v1"
ROOT = Path(__file__).resolve().parents[1] / "nlp" / "data" / "realset"


def stratum(row: dict) -> tuple[str, str, str]:
    kind = str(row["kind"]).split(":")[0]
    shape = "multi" if len(row["events"]) > 1 else "single" if row["events"] else "none"
    return row["id"][:2], kind, shape


def split(rows: list[dict]) -> dict[str, list[str]]:
    groups: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for r in rows:
        groups[stratum(r)].append(r["id"])
    train, heldout = [], []
    for key in sorted(groups):
        ids = sorted(groups[key], key=lambda i: hashlib.sha256(f"{SALT}:{i}".encode()).hexdigest())
        for n, i in enumerate(ids):
            (heldout if n % 5 == 2 else train).append(i)
    return {"train": sorted(train), "heldout": sorted(heldout)}


def main() -> None:
    rows = [json.loads(line) for line in (ROOT / "gold.jsonl").read_text(encoding="utf-8").splitlines() if line]
    out = {"salt": SALT, "method": "stratified by (id series, kind, events shape); every 5th by salted sha256",
           **split(rows)}
    (ROOT / "split.json").write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    print(f"train {len(out['train'])}, heldout {len(out['heldout'])}")


if __name__ == "__main__":
    main()
