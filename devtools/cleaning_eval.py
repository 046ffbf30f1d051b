"""Cleaning and de-duplication evals for `ekspor eval-pipeline` and the tests.

Cleaning: (a) saved real pages with hand-written must-include / must-exclude sentences; (b) every test-web
article, whose true main text is known, scored by token precision and recall; zero "Baca juga" lines may
survive anywhere. Dedup: pairwise cluster precision and recall on synthetic near-copies of the dev-set texts
(reordered paragraphs, an added dateline, a changed headline, a trimmed ending) mixed with unrelated texts.
"""

from __future__ import annotations

import json
import random
import re
import zlib
from collections import Counter
from pathlib import Path

from devtools.evaluate import below_floors, default_gold_path, load_gold
from devtools.testweb import article_html, build_outlets
from pipeline.cleaning import clean_page
from pipeline.dedup import DedupState

FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "html"
BASELINE = Path(__file__).resolve().parents[1] / "nlp" / "eval_baseline.json"


def _tokens(text: str) -> Counter:
    return Counter(re.findall(r"\w+", text.lower()))


def _baca(text: str) -> int:
    return sum(1 for ln in text.splitlines() if re.match(r"\s*baca\s*juga", ln, re.IGNORECASE))


def cleaning_eval(fixtures: Path = FIXTURES) -> dict[str, float]:
    expected = json.loads((fixtures / "expected.json").read_text(encoding="utf-8"))
    inc_hit = inc_total = exc_clean = exc_total = none_ok = none_total = 0
    for name, exp in expected.items():
        if name.startswith("_"):
            continue
        art = clean_page((fixtures / name).read_bytes(), None, f"https://example.test/{name}")
        if exp is None:
            none_total += 1
            none_ok += art is None
            continue
        text = art.text if art else ""
        inc_total += len(exp["include"])
        inc_hit += sum(s in text for s in exp["include"])
        exc_total += len(exp["exclude"])
        exc_clean += sum(s not in text for s in exp["exclude"])
    tp = fp = fn = 0
    baca = pages = 0
    for o in build_outlets():
        o.port = 8000
        for p in o.pages:
            art = clean_page(article_html(o, p).encode(), "text/html; charset=utf-8", o.base + p.path)
            pages += 1
            got = _tokens(art.text if art else "")
            want = _tokens(p.text) - _tokens("Baca juga")  # the source texts hold a few teaser lines themselves
            tp += sum((got & want).values())
            fp += sum((got - want).values())
            fn += sum((want - got).values())
            baca += _baca(art.text if art else "")
    return {
        "real_pages_include_recall": inc_hit / inc_total, "real_pages_exclude_precision": exc_clean / exc_total,
        "real_pages_no_article_detected": none_ok / none_total if none_total else 1.0,
        "testweb_pages": pages, "testweb_token_precision": tp / (tp + fp), "testweb_token_recall": tp / (tp + fn),
        "baca_juga_lines_left": baca,
    }


def _variants(text: str, rng: random.Random) -> list[str]:
    paras = [p for p in text.split("\n") if p.strip()]
    shuffled = paras[:]
    rng.shuffle(shuffled)
    return ["\n".join(shuffled),
            "JAKARTA (Kabar) - " + text,
            "Judul Baru Yang Berbeda Sekali\n" + "\n".join(paras[1:] if len(paras) > 1 else paras),
            "\n".join(paras[:-1]) if len(paras) > 2 else text + "\nEditor: Redaksi"]


def dedup_eval(seed: int = 7) -> dict[str, float]:
    rng = random.Random(seed)
    docs: list[tuple[str, str, str]] = []  # (doc id, true cluster, text)
    for g in load_gold(default_gold_path()):
        if len(g["text"]) < 400:
            continue
        docs.append((g["id"], g["id"], g["text"]))
        for i, v in enumerate(_variants(g["text"], rng)):
            docs.append((f"{g['id']}~{i}", g["id"], v))
    state = DedupState()
    predicted: dict[str, str] = {}
    for did, _truth, text in docs:
        site = f"site{zlib.crc32(did.encode()) % 5}.test"
        _status, cluster = state.classify(did, f"https://{site}/{did}", f"h{did}", text, site)
        predicted[did] = cluster
    truth = {d: t for d, t, _ in docs}
    ids = list(truth)
    tp = fp = fn = 0
    for i, a in enumerate(ids):
        for b in ids[i + 1 :]:
            same_true, same_pred = truth[a] == truth[b], predicted[a] == predicted[b]
            tp += same_true and same_pred
            fp += same_pred and not same_true
            fn += same_true and not same_pred
    return {"documents": len(docs), "pair_precision": tp / (tp + fp) if tp + fp else 1.0,
            "pair_recall": tp / (tp + fn) if tp + fn else 1.0}


def pipeline_eval(baseline: Path = BASELINE) -> tuple[dict[str, float], list[str]]:
    """Cleaning and dedup measures, and every way they fail the pinned "pipeline_floors" (a teaser line left in
    a cleaned page fails too)."""
    floors = json.loads(baseline.read_text(encoding="utf-8"))["pipeline_floors"]
    values = cleaning_eval() | {f"dedup_{k}": v for k, v in dedup_eval().items()}
    problems = below_floors(values, floors, "pipeline")
    if values["baca_juga_lines_left"]:
        problems.append(f"pipeline: {values['baca_juga_lines_left']} 'baca juga' teaser line(s) left")
    return values, problems
