"""Pairwise precision and recall of exporter entity resolution on labelled mention pairs
(nlp/data/exporter_pairs.tsv), all mentions resolved together as in the warehouse."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from nlp.entity_names import resolve

from .evaluate import prf


def load_pairs(path: Path | None = None) -> list[tuple[tuple[str, str], tuple[str, str], bool]]:
    text = (path.read_text(encoding="utf-8") if path else
            resources.files("nlp").joinpath("data", "exporter_pairs.tsv").read_text(encoding="utf-8"))
    out = []
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            a, pa, b, pb, same = line.split("\t")
            out.append(((a, pa), (b, pb), same.strip() == "1"))
    return out


def entity_eval(path: Path | None = None) -> dict[str, float]:
    pairs = load_pairs(path)
    entities = resolve([m for a, b, _ in pairs for m in (a, b)])
    tp = fp = fn = 0
    for a, b, same in pairs:
        predicted = entities[a].exporter_id == entities[b].exporter_id
        tp += predicted and same
        fp += predicted and not same
        fn += same and not predicted
    scores = prf(tp, fp, fn)
    return {"pairs": len(pairs), "pair_precision": scores["precision"], "pair_recall": scores["recall"],
            "pair_f1": scores["f1"]}
