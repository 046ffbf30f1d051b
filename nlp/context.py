"""What one article holds, found once and shared by the clause finder and the event builder: sentences, dates,
quantities, money, products, exporters and regions with their character offsets, plus the clause record and
the small position helpers both sides use."""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass, field

from spacy.tokens import Doc

from . import cues
from .dates import DateMention, find_dates, years_in
from .exporters import ExporterMention, find_exporters
from .gazetteer import Gazetteer
from .products import ProductMention, find_products, is_product_word
from .quantities import Money, Quantity, find_money, find_quantities


@dataclass
class Clause:
    start: int
    end: int
    sent: int
    iso2s: list[str] = field(default_factory=list)
    status: str = "other"
    reason: str = "weak"
    strength: float = 0.0
    upgraded: bool = False
    anchors: tuple[int, ...] = ()  # release sentences lent to this clause (they belong to the same event)
    positions: dict[str, int] = field(default_factory=dict)  # where each destination is first named


@dataclass
class Context:
    """Everything found in one article, with positions, for the field pickers."""

    text: str
    cue_text: str  # the text with exporter names blanked: "Koperasi Agar Makmur" holds no plan word "agar"
    country_starts: list[int]
    country_iso: dict[int, str]  # ISO code of the country named at each start
    in_names: set[int]  # starts of region mentions that lie inside an exporter's name
    sents: list[tuple[int, int]]
    sent_starts: list[int]
    quantities: list[Quantity]
    money: list[Money]
    dates: list[DateMention]
    products: list[ProductMention]
    exporters: list[ExporterMention]
    regions: list[tuple[int, int, tuple[str, ...], bool]]
    published: dt.date | None
    published_month: str | None
    text_years: list[int]

    def sent_of(self, pos: int) -> int:
        return max(0, bisect.bisect_right(self.sent_starts, pos) - 1)

    def sent_text(self, i: int) -> str:
        s, e = self.sents[i]
        return self.text[s:e]


def doc_text(doc: Doc) -> str:
    """doc.text, built once per Doc: spaCy rebuilds the string from every token on each access."""
    text = doc.user_data.get("ekspor_text")
    if text is None:
        text = doc.user_data["ekspor_text"] = doc.text
    return text


def overlaps(a: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(a[0] < e and s < a[1] for s, e in spans)


def named_nearby(ctx: Context, pos: int) -> bool:
    """A named exporter in this sentence or one of the two before it (a name is often introduced first)."""
    si = ctx.sent_of(pos)
    return any(0 <= si - ctx.sent_of(e.start) <= 2 for e in ctx.exporters)


def short_form(short: str, name: str) -> bool:
    """'Koperasi Ara Linge' is 'Koperasi Produsen Kopi Gayo Ara Linge' with words left out (in order)."""
    words = iter(name.lower().split())
    return all(w in words for w in short.lower().split())


def one_exporter(ctx: Context) -> str | None:
    """The longest name when every exporter named in the article is it or a short form of it."""
    names = {e.name for e in ctx.exporters}
    longest = max(names, key=len, default=None)
    if longest and all(longest.startswith(n) or short_form(n, longest) for n in names):
        return longest
    return None


def concrete_quantity(ctx: Context, q: Quantity) -> bool:
    """A stated amount of goods, not a rate ('per bulan'), a capacity, a contract or a target."""
    return not (cues.QTY_BAD_BEFORE.search(ctx.text[max(0, q.start - 45) : q.start])
                or cues.QTY_BAD_AFTER.search(ctx.text[q.end : q.end + 40]))


def speech_dated(text: str, d: DateMention, reach: int = 70) -> bool:
    """'..., kata X di Y, Sabtu (11/9).': a date attached to a quote is when it was said."""
    before = text[max(0, d.start - reach) : d.start]
    after = text[d.end : d.end + 25]
    return (bool(cues.SPEECH.search(before)) and "," in before[-40:]) or bool(
        re.match(r"\W{0,3}(" + cues.SPEECH.pattern + r")", after, re.IGNORECASE))


def sent_distance(ctx: Context, pos: int, sents: set[int]) -> int:
    i = ctx.sent_of(pos)
    return min(abs(i - s) for s in sents)


def build_context(doc: Doc, published: dt.date | None, published_month: str | None, gz: Gazetteer) -> Context:
    text = doc_text(doc)
    sents = doc._.sent_bounds
    if sents is None:  # a Doc that did not go through ekspor_sentences
        sents = [(s.start_char, s.end_char) for s in doc.sents if s.text.strip()]
    exporters = find_exporters(text, is_place=lambda s: s.lower() in gz.region_forms or s.lower() in gz.country_forms
                               or is_product_word(s))
    exp_spans = [(e.start, e.end) for e in exporters]
    # a place inside a firm's name ("Koperasi Kakao Luwu") is kept: it tells where the firm is at home
    regions = [(s.start_char, s.end_char, tuple(s._.codes), bool(s._.explicit)) for s in doc.spans["regions"]]
    in_names = {s.start_char for s in doc.spans["regions"] if overlaps((s.start_char, s.end_char), exp_spans)}
    # "CV Rempah Nusantara" names a firm, not the goods
    products = [p for p in find_products(text) if not overlaps((p.start, p.end), exp_spans)]
    cue_chars = list(text)
    for e in exporters:
        cue_chars[e.start : e.end] = " " * (e.end - e.start)
    return Context(
        text=text, cue_text="".join(cue_chars), country_starts=[c.start_char for c in doc.spans["countries"]],
        country_iso={c.start_char: c._.iso2 for c in doc.spans["countries"]},
        in_names=in_names,
        sents=sents, sent_starts=[s for s, _ in sents],
        quantities=find_quantities(text),
        money=find_money(text), dates=find_dates(text), products=products, exporters=exporters,
        regions=regions, published=published, published_month=published_month, text_years=years_in(text),
    )
