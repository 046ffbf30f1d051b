"""Robustness eval: the same labelled articles in the page shapes real scraping produces, scored again.

Each perturbation changes how a page is laid out, never what it says, so every gold label still holds: a text
hard-wrapped at 68 columns, paragraphs glued with commas (as in the CLICK-ID corpus), blank lines dropped
(trafilatura's output), no-break spaces, an all-capitals headline, "Baca juga" teasers and page furniture
between paragraphs. A rule that reads layout instead of language loses events here although the articles are
the ones it was tuned on, so a drop is a bug to fix in general, not a phrasing to learn. The idea follows
behavioural testing of NLP models (invariance tests in CheckList, Ribeiro et al. 2020).
"""

from __future__ import annotations

import random
import re
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from devtools.evaluate import Scores, evaluate, load_set

_TEASERS = ("Baca juga: UMKM Sleman Ekspor 5 Ton Gula Semut ke Jerman",
            "Baca Juga : Koperasi di Garut Kirim 2 Kontainer Kopi ke Mesir",
            "ADVERTISEMENT", "SCROLL TO CONTINUE WITH CONTENT", "Simak berita terbaru lainnya di Google News")


def hard_wrap(text: str, rng: random.Random) -> str:
    """Every line wrapped at 68 columns (e-paper and blog reposts), blank lines kept."""
    return "\n".join("\n".join(textwrap.wrap(line, 68)) for line in text.split("\n"))


def hard_wrap_no_blank(text: str, rng: random.Random) -> str:
    """Wrapped at 68 columns with no blank line left between paragraphs."""
    return "\n".join("\n".join(textwrap.wrap(line, 68)) for line in text.split("\n") if line.strip())


def single_newlines(text: str, rng: random.Random) -> str:
    """Paragraphs one line break apart, as trafilatura writes them."""
    return re.sub(r"\n\s*\n", "\n", text)


def comma_glued(text: str, rng: random.Random) -> str:
    """The headline, then every paragraph joined with a bare comma (the CLICK-ID corpus)."""
    first, _, rest = text.strip().partition("\n")
    return first + "\n\n" + re.sub(r"\s*\n\s*", ",", rest.strip())


def no_break_spaces(text: str, rng: random.Random) -> str:
    """About one space in seven a no-break space (U+00A0), as HTML &nbsp; leaves them."""
    return "".join("\xa0" if c == " " and rng.random() < 0.15 else c for c in text)


def capital_headline(text: str, rng: random.Random) -> str:
    """The headline (a first line under 150 characters that does not end a sentence) in capitals."""
    first, sep, rest = text.partition("\n")
    if len(first) > 150 or first.rstrip().endswith("."):
        return text
    return first.upper() + sep + rest


def teaser_lines(text: str, rng: random.Random) -> str:
    """A teaser or an advertisement line after every second paragraph."""
    parts = [p for p in re.split(r"\n\s*\n", text) if p.strip()]
    out = parts[:1]
    for i, p in enumerate(parts[1:]):
        out.append(p)
        if i % 2 == 1:
            out.append(rng.choice(_TEASERS))
    return "\n\n".join(out)


def crlf(text: str, rng: random.Random) -> str:
    """Windows line ends."""
    return text.replace("\n", "\r\n")


PERTURBATIONS: dict[str, Callable[[str, random.Random], str]] = {
    "hard-wrap": hard_wrap, "hard-wrap-no-blank": hard_wrap_no_blank, "single-newlines": single_newlines,
    "comma-glued": comma_glued, "no-break-spaces": no_break_spaces, "capital-headline": capital_headline,
    "teaser-lines": teaser_lines, "crlf": crlf,
}


@dataclass
class RobustnessRow:
    perturbation: str
    scores: Scores
    base: Scores

    def as_dict(self) -> dict[str, Any]:
        return {"perturbation": self.perturbation, "story_f1": self.scores.story["f1"],
                "event_f1": self.scores.event["f1"], "event_f1_drop": self.drop,
                "fields": self.scores.fields}

    @property
    def drop(self) -> float:
        return round(self.base.event["f1"] - self.scores.event["f1"], 4)


def perturbed(rows: list[dict[str, Any]], name: str, seed: int = 7) -> list[dict[str, Any]]:
    """The gold rows with their texts perturbed (labels untouched); one seeded generator per call."""
    rng = random.Random(seed)
    fn = PERTURBATIONS[name]
    return [dict(g, text=fn(g["text"], rng)) for g in rows]


def robustness(set_names: list[str], names: list[str] | None = None) -> tuple[Scores, list[RobustnessRow]]:
    """Scores on the named sets as they are, then under each perturbation (all of them by default)."""
    rows = [g for n in set_names for g in load_set(n)]
    base = evaluate(rows)
    out = [RobustnessRow(p, evaluate(perturbed(rows, p)), base) for p in (names or list(PERTURBATIONS))]
    return base, out
