"""`ekspor train`: the declared workflow that trains the clause model (`nlp.clause_model`) on the labelled
articles in the repository, with a fixed seed, and reports heldout figures with and without it."""

from __future__ import annotations

import random
from pathlib import Path
from typing import TYPE_CHECKING, Any

from nlp.clause_model import LABEL, SEED, ClauseModel, clause_text, save_model

from .evaluate import evaluate, load_set, prf

if TYPE_CHECKING:
    from spacy.language import Language


def clause_examples(rows: list[dict[str, Any]]) -> list[tuple[str, int]]:
    """(clause text, label) for every destination clause the rules find in labelled articles."""
    from nlp.clauses import find_clauses
    from nlp.context import build_context
    from nlp.extract import prepare_text, published_of
    from nlp.gazetteer import load_gazetteer
    from nlp.spacy_pipeline import build_nlp

    nlp, gz = build_nlp(), load_gazetteer()
    out = []
    for g in rows:
        doc = nlp.make_doc(prepare_text(g["text"]))
        for _name, proc in nlp.pipeline[:-1]:  # everything but event assembly
            doc = proc(doc)
        published, month = published_of(g)
        ctx = build_context(doc, published, month, gz)
        gold = {iso for e in g["events"] for iso in e["destinations"]} if g["is_export_story"] else set()
        for c in find_clauses(doc, ctx):
            out.append((clause_text(ctx, c), int(bool(set(c.iso2s) & gold))))
    return out


def train_model(examples: list[tuple[str, int]], seed: int = SEED, epochs: int = 15) -> Language:
    """A blank Indonesian pipeline with one textcat, trained with a fixed seed (same data, same model)."""
    import spacy
    from spacy.training import Example
    from spacy.util import fix_random_seed

    fix_random_seed(seed)
    nlp = spacy.blank("id")
    textcat = nlp.add_pipe("textcat", config={"model": {
        "@architectures": "spacy.TextCatBOW.v3", "exclusive_classes": True, "ngram_size": 2,
        "no_output_layer": False, "length": 2**18}})
    textcat.add_label(LABEL)
    textcat.add_label("NOT")
    data = [Example.from_dict(nlp.make_doc(t), {"cats": {LABEL: float(y), "NOT": 1.0 - y}}) for t, y in examples]
    optimizer = nlp.initialize(lambda: data)
    rng = random.Random(seed)
    for _ in range(epochs):
        rng.shuffle(data)
        for i in range(0, len(data), 16):
            nlp.update(data[i : i + 16], sgd=optimizer, drop=0.2)
    return nlp


def _folds(rows: list[dict[str, Any]], k: int) -> list[list[dict[str, Any]]]:
    import hashlib

    ordered = sorted(rows, key=lambda r: hashlib.sha256(f"{SEED}:{r['id']}".encode()).hexdigest())
    return [ordered[i::k] for i in range(k)]


def _sum_prf(parts: list[dict[str, float]]) -> dict[str, float]:
    return prf(*(sum(p[k] for p in parts) for k in ("tp", "fp", "fn")))


GRID = ((0.0, 1.01), (0.1, 1.01), (0.2, 1.01), (0.0, 0.9), (0.1, 0.9), (0.1, 0.8))


def train_and_report(out_dir: Path, folds: int = 5, work_dir: Path | None = None) -> dict[str, Any]:
    """The declared workflow behind `ekspor train`: cross-validate on the tuning data (dev set + realset train)
    to pick thresholds, train the final model on all of it, and score the realset heldout with and without.

    Returns the figures; the model is written to `out_dir` either way, and is used only when passed to the
    extractor explicitly. The per-fold models go to `work_dir` (a temporary folder, removed afterwards, when
    none is given).
    """
    import tempfile

    if work_dir is None:
        with tempfile.TemporaryDirectory(prefix="ekspor-train-") as tmp:
            return train_and_report(out_dir, folds, Path(tmp))

    rows = load_set("devset") + load_set("train")
    parts = _folds(rows, folds)
    tmp = work_dir
    cv: dict[str, list[dict[str, float]]] = {"rules": [], **{f"{v}/{u}": [] for v, u in GRID}}
    cv_story: dict[str, list[dict[str, float]]] = {k: [] for k in cv}
    for i, test in enumerate(parts):
        fit = [r for j, p in enumerate(parts) if j != i for r in p]
        net = train_model(clause_examples(fit))
        base = evaluate(test)
        cv["rules"].append(base.event)
        cv_story["rules"].append(base.story)
        for veto, upgrade in GRID:
            path = tmp / f"fold{i}-{veto}-{upgrade}"
            save_model(ClauseModel(net, veto, upgrade), path)
            sc = evaluate(test, clause_model=str(path))
            cv[f"{veto}/{upgrade}"].append(sc.event)
            cv_story[f"{veto}/{upgrade}"].append(sc.story)
    cv_event = {k: _sum_prf(v) for k, v in cv.items()}
    best = max((k for k in cv_event if k != "rules"), key=lambda k: (cv_event[k]["f1"], k))
    veto, upgrade = (float(x) for x in best.split("/"))
    net = train_model(clause_examples(rows))
    save_model(ClauseModel(net, veto, upgrade), out_dir)
    heldout = load_set("heldout")
    without = evaluate(heldout)
    report = {"rules": {"story": without.story, "event": without.event, "fields": without.fields}}
    # every setting, not only the chosen one, so that "with and without" is visible even when CV keeps none
    for v, u in GRID:
        path = tmp / f"final-{v}-{u}"
        save_model(ClauseModel(net, v, u), path)
        sc = evaluate(heldout, clause_model=str(path))
        report[f"rules+model {v}/{u}"] = {"story": sc.story, "event": sc.event, "fields": sc.fields}
    return {"cv_event": cv_event, "cv_story": {k: _sum_prf(v) for k, v in cv_story.items()}, "chosen": best,
            "heldout": report, "model": str(out_dir)}
