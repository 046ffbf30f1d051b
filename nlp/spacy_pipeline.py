"""The spaCy pipeline: Indonesian blank tokenizer with fixes, rule-based sentences and gazetteer matchers.

Components add Doc/Span extensions that the event assembler reads:
- doc.spans["regions"]: Kemendagri regions, span._.codes (one or more codes), span._.explicit
- doc.spans["countries"]: destinations, span._.iso2
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

import numpy
from spacy.attrs import IDX, IS_SPACE, LENGTH, SENT_START, SPACY
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from .context import doc_text
from .events import assemble
from .gazetteer import Gazetteer, find_after_origin_word, find_prefixed, load_gazetteer
from .layout import LINE_END, soft_wrapped
from .tokenizer import CachingTokenizer, EksporIndonesian

for _ext, _default in (("codes", ()), ("explicit", False), ("iso2", None)):
    if not Span.has_extension(_ext):
        Span.set_extension(_ext, default=_default)
for _ext in ("published", "published_month", "events", "sent_bounds"):
    if not Doc.has_extension(_ext):
        Doc.set_extension(_ext, default=None)

_CONTINENT_PARTS = {"utara", "selatan", "latin", "tengah"}
_CLOSERS = {'"', "”", "’", "'", ")"}
_ENDERS = {".", "!", "?", "…", "..."}
_NO_START = {".", ",", ";", ":", "!", "?"}


@Language.component("ekspor_sentences")
def ekspor_sentences(doc: Doc) -> Doc:
    """Sentence starts after line breaks and after . ! ? (and closing quotes); abbreviations stay whole.
    Tokens are read as offsets from one array: building a Token object per token costs more than the rule."""
    pending = True
    text = doc_text(doc)
    soft = soft_wrapped(text)
    bounds: list[list[int]] = []  # [start_char, end_char] per sentence, kept for the event assembler
    flags = numpy.full((len(doc), 1), -1, dtype="int64")  # set in one call: per-token setters are slow
    rows = doc.to_array([IDX, LENGTH, SPACY, IS_SPACE]).tolist() if len(doc) else []
    toks = _Tokens([r[0] for r in rows], [text[r[0] : r[0] + r[1]] for r in rows], [bool(r[3]) for r in rows])
    prev_text, prev_ws = "", ""
    for i, (idx, length, has_ws, is_space) in enumerate(rows):
        t, ws, space = toks.text[i], " " if has_ws else "", bool(is_space)
        after_newline = i > 0 and ("\n" in prev_ws or "\n" in prev_text)
        glued_after_ender = prev_text in _ENDERS and not prev_ws
        prev_text, prev_ws = t, ws
        if after_newline and _wrapped(toks, text, i, soft):
            pending = t in _ENDERS
        else:
            starts = pending and not space and (after_newline or (t not in _CLOSERS and t not in _NO_START))
            if starts or i == 0:
                flags[i, 0] = 1
                bounds.append([idx, idx])
            if t in _ENDERS and _LIST_NUMBER.fullmatch(text[bounds[-1][0] : idx]):
                pending = False  # "1. CV Sinar Laut, 5 ton ..." : a list item's number opens its sentence
            elif t == "," and pending and glued_after_ender and not ws:
                pass  # "... ke India.,Finari menyebutkan": paragraphs joined by a comma (text not run through
                # nlp.layout, as when the pipeline is called on raw text)
            elif t in _ENDERS or (space and "\n" in t):
                pending = True
            elif not (space or t in _CLOSERS):
                pending = False
        bounds[-1][1] = idx + length
    if len(doc):
        doc.from_array([SENT_START], flags.astype("uint64"))
    doc._.sent_bounds = [(a, b) for a, b in bounds if text[a:b].strip()]
    return doc


_LIST_NUMBER = re.compile(r"\s*\d{1,2}\s*")


class _Tokens(NamedTuple):
    idx: list[int]
    text: list[str]
    space: list[bool]


def _wrapped(toks: _Tokens, text: str, i: int, soft: bool) -> bool:
    """A single line break inside a sentence: the previous line ends mid-sentence and the next one goes on."""
    gap_start = i - 1
    while gap_start >= 0 and toks.space[gap_start]:
        gap_start -= 1
    if gap_start < 0:
        return False
    before = toks.text[gap_start]
    gap = text[toks.idx[gap_start] + len(before) : toks.idx[i]]
    if gap.count("\n") != 1 or LINE_END.search(before):
        return False
    return toks.text[i][:1].islower() or (soft and before not in _ENDERS)


class GazetteerMatcher:
    """Phrase matchers over lower-cased tokens for regions and countries, with case rules for bare names."""

    def __init__(self, nlp: Language, gz: Gazetteer):
        self.gz = gz
        self.regions = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.countries = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.region_keys = list(gz.region_forms)
        self.country_keys = list(gz.country_forms)
        for i, doc in enumerate(nlp.tokenizer.pipe(self.region_keys, batch_size=1000)):
            self.regions.add(f"R{i}", [doc])
        for i, doc in enumerate(nlp.tokenizer.pipe(self.country_keys, batch_size=1000)):
            self.countries.add(f"C{i}", [doc])
        # kecamatan names only count after "Kecamatan"/"Kec.", found by find_prefixed

    def __call__(self, doc: Doc) -> Doc:
        strings = doc.vocab.strings
        spans: list[Span] = []
        for match_id, start, end in self.regions(doc):
            key = self.region_keys[int(strings[match_id][1:])]
            form = self.gz.region_forms[key]
            span = doc[start:end]
            if not form.explicit and not span.text[:1].isupper() and (len(span.text) < 9 or " " in span.text):
                continue  # bare names need a capital, except long one-word names ("di pangkalpinang")
            span = Span(doc, start, end, label="REGION")
            span._.codes = form.codes
            span._.explicit = form.explicit
            spans.append(span)
        text = doc_text(doc)
        for pm in (*find_prefixed(self.gz, text), *find_after_origin_word(self.gz, text)):
            span = doc.char_span(pm.start, pm.end, label="REGION", alignment_mode="expand")
            if span is None:
                continue
            span._.codes = pm.codes
            span._.explicit = True
            spans.append(span)
        for match_id, start, end in self.countries(doc):
            key = self.country_keys[int(strings[match_id][1:])]
            form = self.gz.country_forms[key]
            span = doc[start:end]
            if form.case_sensitive and span.text != span.text.upper():
                continue
            if not span.text[:1].isupper():
                continue
            if start > 0 and doc[start - 1].lower_ in ("dolar", "dollar"):
                continue  # "dolar AS" is a currency
            if end < len(doc) and span.text.lower() == "amerika" and doc[end].lower_ in _CONTINENT_PARTS:
                continue  # "Amerika Utara", "Amerika Latin": a region, not the United States
            if end < len(doc) and span.text == "Anguilla" and doc[end].text[:1].islower():
                continue  # "sidat (Anguilla bicolor)": the eel's genus, not the island
            span = Span(doc, start, end, label="COUNTRY")
            span._.iso2 = form.iso2
            spans.append(span)
        kept = filter_spans(spans)
        doc.spans["regions"] = [s for s in kept if s.label_ == "REGION"]
        doc.spans["countries"] = [s for s in kept if s.label_ == "COUNTRY"]
        return doc


@Language.factory("ekspor_gazetteer")
def make_gazetteer(nlp: Language, name: str) -> GazetteerMatcher:
    return GazetteerMatcher(nlp, load_gazetteer())


class EventAssembler:
    """Assemble export events into doc._.events, reading doc._.published / doc._.published_month; an optional
    learned clause model (see clause_model.py) reviews the rules' clause decisions."""

    def __init__(self, clause_model: str = ""):
        from .clause_model import load_model

        self.clause_model = load_model(clause_model) if clause_model else None

    def __call__(self, doc: Doc) -> Doc:
        doc._.events = assemble(doc, doc._.published, doc._.published_month, load_gazetteer(), self.clause_model)
        return doc


@Language.factory("ekspor_events", default_config={"clause_model": ""})
def make_event_assembler(nlp: Language, name: str, clause_model: str) -> EventAssembler:
    return EventAssembler(clause_model)


def build_nlp(clause_model: str = "") -> Language:
    """Blank Indonesian spaCy pipeline with the project's tokenizer fixes and components (cached per process).
    `clause_model` is the folder of a model written by `ekspor train`; empty means rules only."""
    return _build_nlp(str(clause_model or ""))  # one cache key per model, however the caller spells "none"


@lru_cache(maxsize=2)
def _build_nlp(clause_model: str) -> Language:
    nlp = EksporIndonesian()
    nlp.tokenizer = CachingTokenizer(nlp.tokenizer)
    nlp.add_pipe("ekspor_sentences")
    nlp.add_pipe("ekspor_gazetteer")
    nlp.add_pipe("ekspor_events", config={"clause_model": clause_model})
    return nlp
