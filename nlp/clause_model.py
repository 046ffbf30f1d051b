"""A learned second opinion on destination clauses: is this clause a concrete shipment to its country?

The rules in `events.py` decide each clause's status. A small spaCy text classifier (bag of words and
bigrams, `TextCatBOW`), trained by `ekspor train` (`devtools.train_clause`) on the labelled articles in the
repository, can veto rule shipments it finds unlikely and upgrade weak clauses it finds likely. It is an
experiment that must earn its place: training reports cross-validation and heldout figures with and without
it, and the extractor uses a model only when one is passed explicitly (`extract_articles(..., clause_model=PATH)`).

Training data: every destination clause the rules find in a labelled article; label 1 when the article is an
export story and the clause names one of its gold destinations. Country names are replaced by one token so
that the classifier learns the wording around a destination, not the destinations seen in training.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language

    from .context import Clause, Context

LABEL = "SHIP"
SEED = 20261201
_DIGITS = re.compile(r"\d+(?:[.,]\d+)*")


def clause_text(ctx: Context, clause: Clause) -> str:
    """The clause's sentence with country names and numbers replaced, plus the sentence before it."""
    a, b = ctx.sents[clause.sent]
    chars = list(ctx.cue_text[a:b])
    for start in ctx.country_starts:
        if a <= start < b:
            chars[start - a] = "\x00"
    sent = "".join(chars)
    sent = re.sub(r"\x00\w*(?:\s+[A-Z]\w*)?", " NEGARA ", sent)
    prev = ctx.cue_text[slice(*ctx.sents[clause.sent - 1])] if clause.sent > 0 else ""
    return _DIGITS.sub("0", f"{sent} || {prev[-160:]}")


@dataclass
class ClauseModel:
    """A trained classifier and the thresholds that turn its probability into a decision."""

    nlp: Language
    veto_below: float = 0.15
    upgrade_above: float = 0.9

    def probability(self, text: str) -> float:
        return float(self.nlp(text).cats[LABEL])

    def review(self, ctx: Context, clauses: list[Clause]) -> None:
        """Veto rule shipments the model finds unlikely; upgrade weak or market clauses it finds likely."""
        for c in clauses:
            if c.status == "shipment" or c.reason in ("weak", "market"):
                p = self.probability(clause_text(ctx, c))
                if c.status == "shipment" and p < self.veto_below:
                    c.status, c.reason = "other", "model-veto"
                elif c.status != "shipment" and p > self.upgrade_above:
                    c.status, c.reason, c.upgraded = "shipment", "model-upgrade", True


def save_model(model: ClauseModel, path: Path) -> None:
    path.mkdir(parents=True, exist_ok=True)
    model.nlp.to_disk(path)
    (path / "thresholds.txt").write_text(f"{model.veto_below} {model.upgrade_above}\n", encoding="utf-8")


def load_model(path: Path | str) -> ClauseModel:
    import spacy

    path = Path(path)
    if not (path / "thresholds.txt").exists():
        raise FileNotFoundError(f"{path} is not a clause model written by `ekspor train`")
    veto, upgrade = (float(x) for x in (path / "thresholds.txt").read_text(encoding="utf-8").split())
    return ClauseModel(spacy.load(path), veto, upgrade)
