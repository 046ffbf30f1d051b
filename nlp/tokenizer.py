"""The Indonesian tokenizer with the project's fixes, arranged so that spaCy's string cache keeps working.

spaCy remembers how each whitespace-delimited string was split, but it stops saving to that cache for the rest
of a document once any special case has matched in it (the flag is per document; spaCy issue #1250). Indonesian
has about 16,000 special cases, among them "\\n" and 15,000 hyphenated words ("masing-masing"), so nearly every
article was split string by string from its second line on. Almost all of those cases only keep a string whole,
which `token_match` does without raising the flag; `CachingTokenizer` moves them there and re-joins the one
thing token_match cannot: a listed word that an infix cut out of a glued string (".,Perusahaan-perusahaan"),
which spaCy's special-case matcher used to merge. Tokens are the same as spaCy's on every bundled article and on
generated text. One known exception, found by a review: a spaced sequence right before a glued word ("masing -
masing-masing"), where spaCy's matcher lets the spaced match block the glued one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

import numpy
from spacy.attrs import IDX, LENGTH, ORTH, SPACY
from spacy.lang.id import Indonesian
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc

ABBREVIATIONS = ["Kab.", "Kec.", "Kel.", "Prov.", "PT.", "CV.", "UD.", "Tbk.", "Rp.", "Jl.", "No.", "Dr.", "Ir.",
                 "H.", "Hj.", "Prof.", "St.", "Ds.", "Pj.", "Plt.", "Drs.", "dr.", "Sdr.", "a.n.", "dkk.", "dll.",
                 "Kp.", "RT.", "RW.", "Bpk.", "Mr.", "Ny.", "Kol.", "Let.", "Jend.", "Brig."]


class EksporIndonesianDefaults(Indonesian.Defaults):
    # "Minggu(5/5)" and "Rabu,(17/10)": split a parenthesis glued to a word; split dates on "/"; split ".,Finari"
    # (paragraphs joined by a comma in scraped corpora), also after a number ("USD42.500.,Finari")
    infixes = list(Indonesian.Defaults.infixes) + [r"(?<=[A-Za-z])\((?=\d)", r"(?<=\d)/(?=\d)",
                                                   r"(?<=[a-z]),(?=\()", r"(?<=[.!?\"”]),(?=[^\s\d])",
                                                   r"(?<=\d)\.(?=,[^\s\d])"]
    prefixes = list(Indonesian.Defaults.prefixes) + [r"US\$", r"Rp(?=\d)"]
    tokenizer_exceptions = {**Indonesian.Defaults.tokenizer_exceptions, **{a: [{ORTH: a}] for a in ABBREVIATIONS}}


class EksporIndonesian(Indonesian):
    """Indonesian with the project's tokenizer fixes, set at construction so exceptions load only once."""

    lang = "id"
    Defaults = EksporIndonesianDefaults


def whole_words(tokenizer: Tokenizer) -> dict[str, list[str]]:
    """Special cases that only keep a string whole, each with the pieces it splits into without its rule.

    Kept: one token, its own text, no other attribute, nothing the affix rules would strip first, no inner
    space ("Dr. rer. oec" joins tokens and stays a special case), and no piece that another special case could
    take when the word is glued to its neighbours ("siswa/i." holds "i.")."""
    rules = tokenizer.rules
    prefix = prefix_match(tokenizer)
    keep = {s: infix_pieces(tokenizer, s) for s, toks in rules.items()
            if len(toks) == 1 and set(toks[0]) == {ORTH} and toks[0][ORTH] == s
            and (s.isspace() or not any(c.isspace() for c in s))
            and not prefix(s) and not tokenizer.find_suffix(s)}
    # the proper beginnings and ends of the other special cases: a word with such a piece could lose it to them;
    # a word that stays a special case for that reason is one of the others in turn ("siswa/i", "siswa-siswa/i")
    others = [r for r in rules if r not in keep and not any(c.isspace() for c in r)]
    while others:
        edges = {r[:k] for r in others for k in range(1, len(r))} | {r[k:] for r in others for k in range(1, len(r))}
        others = [w for w, pieces in keep.items() if any(p in edges for p in pieces if any(c.isalnum() for c in p))]
        for w in others:
            del keep[w]
    return keep


def prefix_match(tokenizer: Tokenizer):
    """The tokenizer's prefix rule, answering as its .search does but faster. spaCy anchors each prefix with "^"
    and calls .search, which tries the whole alternation at every offset of a string before it gives up. The
    anchored alternatives can only match at offset 0 (one .match); the few that the anchoring misses (Indonesian's
    "<(b|...|br)\\s?/>|<a([^>]+)>" leaves "<a..." unanchored) are searched on from offset 1, in their order."""
    search = tokenizer.prefix_search
    if getattr(search, "__name__", "") != "search" or search.__self__.flags & re.MULTILINE:
        return search
    full = search.__self__
    loose = [b for b in _top_level_branches(full.pattern) if not b.startswith("^")]
    if not loose:
        return full.match
    rest = re.compile("|".join(loose), full.flags)
    return lambda text: full.match(text) or rest.search(text, 1)


def _top_level_branches(pattern: str) -> list[str]:
    """'^a|^(b|c)|d' -> ['^a', '^(b|c)', 'd']: split at the bars outside groups and character classes."""
    out, depth, start, i, in_class = [], 0, 0, 0, False
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
            if pattern[i + 1 : i + 2] == "]":
                i += 1  # "[]...]": a leading "]" is a member
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            out.append(pattern[start:i])
            start = i + 1
        i += 1
    out.append(pattern[start:])
    return out


def infix_pieces(tokenizer: Tokenizer, word: str) -> list[str]:
    """The tokens spaCy makes of a string that no prefix, suffix or special case touches: cut at its infixes."""
    if tokenizer.token_match and tokenizer.token_match(word) or tokenizer.url_match and tokenizer.url_match(word):
        return [word]
    pieces, start = [], 0
    for m in tokenizer.find_infix(word):
        if m.start() == 0:
            continue  # as spaCy: an infix at the very start is no cut
        if m.start() != start:
            pieces.append(word[start : m.start()])
        if m.start() != m.end():
            pieces.append(word[m.start() : m.end()])
        start = m.end()
    if word[start:]:
        pieces.append(word[start:])
    return pieces


class CachingTokenizer:
    """spaCy's tokenizer with its keep-whole special cases served by token_match (see the module docstring).

    The cache is also larger than spaCy's 10,000 strings and is emptied every `flush_every` documents: spaCy's
    cache never evicts, so a long run would keep the strings of its first articles and miss the rest."""

    def __init__(self, base: Tokenizer, cache_size: int = 100_000, flush_every: int = 2_000):
        self.base = base
        self.vocab = base.vocab
        pieces = whole_words(base)
        self.whole = frozenset(pieces)
        kept = {s: v for s, v in base.rules.items() if s not in self.whole}
        # a word cut out of a glued string starts on its first piece: those are the places to look
        firsts = {self.vocab.strings.add(p[0]) for p in pieces.values() if len(p) > 1}
        self._firsts = numpy.array(sorted(firsts), dtype=numpy.uint64)
        self._most_pieces = max((len(p) for p in pieces.values()), default=1)
        self._longest = max(map(len, self.whole), default=0)
        base.rules = kept
        earlier = base.token_match
        whole = self.whole
        base.token_match = whole.__contains__ if earlier is None else (lambda s: s in whole or bool(earlier(s)))
        base.prefix_search = prefix_match(base)  # set last: each setter reloads the special cases
        base.max_cache_size = cache_size
        self.flush_every = flush_every
        self._since_flush = 0

    def __call__(self, text: str) -> Doc:
        self._since_flush += 1
        if self._since_flush > self.flush_every:
            self.base._flush_cache()
            self._since_flush = 1
        return self._rejoin(self.base(text), text)

    def pipe(self, texts: Iterable[str], batch_size: int = 1000) -> Iterator[Doc]:
        for text in texts:
            yield self(text)

    def _rejoin(self, doc: Doc, text: str) -> Doc:
        """Merge glued tokens whose text is a keep-whole word, longest first, as spaCy's special-case matcher did."""
        n = len(doc)
        if n < 2 or not len(self._firsts):
            return doc
        arr = doc.to_array([ORTH, SPACY, IDX, LENGTH])
        glued = arr[:-1, 1] == 0  # token i touches token i + 1
        orth = arr[:-1, 0]
        at = numpy.minimum(numpy.searchsorted(self._firsts, orth), len(self._firsts) - 1)
        starts = numpy.flatnonzero(glued & (self._firsts[at] == orth)).tolist()
        if not starts:
            return doc
        touching, idx, length = glued.tolist(), arr[:, 2].tolist(), arr[:, 3].tolist()
        found = []
        for a in starts:
            for b in range(a + 1, min(n - 1, a + self._most_pieces - 1) + 1):
                if not touching[b - 1] or idx[b] + length[b] - idx[a] > self._longest:
                    break
                if text[idx[a] : idx[b] + length[b]] in self.whole:
                    found.append((a, b))
        if not found:
            return doc
        seen: set[int] = set()
        with doc.retokenize() as retok:
            for a, b in sorted(found, key=lambda ab: (ab[0] - ab[1], ab[0])):
                if a not in seen and b not in seen:
                    retok.merge(doc[a : b + 1])
                seen.update(range(a, b + 1))  # as spaCy: a match passed over still blocks the ones after it
        return doc
