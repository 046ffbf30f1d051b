"""Page layout made regular before any rule reads the text, always keeping its length.

Every fix here replaces characters one for one, so an offset found in the prepared text is an offset into the
caller's text (the evidence spans of events point into the input as given).
- odd spaces: no-break and typographic spaces become plain ones;
- comma-glued paragraphs (scraped corpora such as CLICK-ID) go back on lines of their own;
- line breaks inside a sentence (hard-wrapped text, "Rp\n130 juta") become spaces;
- an all-capitals headline ("UMKM SOLO EKSPOR KE TUJUH NEGARA") is put in the mixed case headlines are
  usually written in, so that capitals mean names again.
"""

from __future__ import annotations

import re
from collections.abc import Callable

# "... Jumat (20/09/2019).,,Cecep mengungkapkan": paragraphs joined by commas in scraped corpora (CLICK-ID)
_GLUED_COMMAS = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"”’)])) ?,+(?=[^\s\d,])")
# "... Minggu (19/9/2021). (ANTARA/HO-Humas),Solo - Pemerintah ...": in a text glued that way throughout, a
# comma with no space before a capital or an opening quote ends a paragraph even after a caption or a heading
_GLUED_ANY = re.compile(r"(?<=[^\s,]),+(?=[\"“]?[A-Z]|[-•*] )|(?<=[^\s\d,]),+(?=\d{1,2}[.)]?\s)")
_SPACES = str.maketrans(dict.fromkeys("\xa0\u2002\u2003\u2007\u2009\u200a\u202f\u3000", " "))

# words a headline keeps in lower case, and capitals that stay capitals (forms, agencies, country and region
# abbreviations of the gazetteer)
_FUNCTION_WORDS = frozenset(
    "ke di dari dan atau yang untuk dengan pada oleh dalam asal hingga sampai per bagi pun tak jadi ala via "
    "lewat serta kepada tujuan senilai sebanyak seberat berupa usai demi".split())
_ACRONYMS = frozenset(
    "UMKM UKM IKM PT CV UD PR KUB KUD KSU KWT KTH KUBE KDMP BUMN BUMD BUMDES PTPN TBK RI AS USA UEA UAE RRC RRT "
    "DIY NTB NTT DKI USD BPS KKP HS PNG UK EU".split())
_WORD = re.compile(r"[^\W\d_]+")
_VOWELS = frozenset("AEIOU")
# a line with no lower-case letter at all (digits and punctuation allowed)
_CAPS_LINE = re.compile(r"^(?=[^\n]*[A-Z])[^a-z\n]{12,200}$", re.MULTILINE)


def unglue(text: str) -> str:
    """The text with odd spaces made plain and comma-joined paragraphs put on lines of their own.

    As separate lines, captions, datelines and "Baca juga" teasers among glued paragraphs are found by the same
    line rules as on any other page."""
    text = text.translate(_SPACES)
    chars = list(text)
    glued = _GLUED_ANY.findall(text)
    throughout = len(glued) >= 3 and len(glued) > text.count("\n")
    for pattern in (_GLUED_ANY, _GLUED_COMMAS) if throughout else (_GLUED_COMMAS,):
        for m in pattern.finditer(text):
            chars[m.start() : m.end()] = ["\n"] * (m.end() - m.start())
    return "".join(chars)


def _headline_case(m: re.Match[str]) -> str:
    word = m.group(0)
    if word in _ACRONYMS or not (_VOWELS & set(word)):
        return word
    lower = word.lower()
    out = lower if lower in _FUNCTION_WORDS else word.capitalize()
    return out if len(out) == len(word) else word


def soften_caps(text: str) -> str:
    """Lines written all in capitals (a headline, a heading; at least three words and twelve letters, at most
    200 characters) in headline case: 'UMKM SOLO EKSPOR KE TUJUH NEGARA' -> 'UMKM Solo Ekspor ke Tujuh Negara'."""
    chars: list[str] | None = None
    for m in _CAPS_LINE.finditer(text):
        line = m.group(0)
        if len(line.split()) < 3 or sum(c.isalpha() for c in line) < 12 or any(c.islower() for c in line):
            continue
        if chars is None:
            chars = list(text)
        chars[m.start() : m.end()] = _WORD.sub(_headline_case, line)
    return text if chars is None else "".join(chars)


LINE_END = re.compile(r"[.!?:;\"”’)]\s*$")
_SENTENCE_STOP = re.compile(r"[.!?:;][\"”’)]*\s*$")
_LIST_ITEM = re.compile(r"\s*(?:[-–•*·]|\d{1,2}[.)])\s")


def soft_wrapped(text: str) -> bool:
    """A text hard-wrapped at a fixed width (blog reposts, e-papers): most lines stop mid-sentence."""
    lines = [ln for ln in text.split("\n") if ln.strip()]
    if len(lines) < 8:
        return False
    open_lines = sum(1 for ln in lines if not LINE_END.search(ln))
    return open_lines / len(lines) >= 0.6


def join_wraps(text: str, keep: Callable[[str], bool] | None = None) -> str:
    """Line breaks inside a sentence made spaces, so that names, amounts and products written across a wrap
    ("UKM Shaniqua Bamboo dari\\nRangkas Bitung", "Rp\\n130 juta") read as they do on one line.

    A break is a wrap when the line before stops mid-sentence and the next line goes on in lower case, or goes
    on at all after a long line in a text hard-wrapped throughout (as the sentence rules read it); a headline,
    list items and table rows keep their lines, and so does any line `keep` names (page noise, masked line by
    line)."""
    if "\n" not in text:
        return text
    soft = soft_wrapped(text)
    lines = text.split("\n")
    chars: list[str] | None = None
    pos = 0
    for i, line in enumerate(lines[:-1]):
        pos += len(line) + 1  # the break after this line is at pos - 1
        nxt = lines[i + 1]
        if not line.strip() or not nxt.strip() or _LIST_ITEM.match(nxt) or "|" in line:
            continue
        if keep is not None and (keep(line) or keep(nxt)):
            continue
        head = nxt.lstrip()[:1]
        if head.islower():  # "(cassia vera)\nasal Kabupaten Kerinci": only a full stop ends the sentence
            wrap = not _SENTENCE_STOP.search(line)
        else:  # the first line is a headline unless it stops at a comma or on a lower-case word
            headline = i == 0 and not re.search(r"(?:,|\b[a-z]\w*)\s*$", line)
            wrap = (soft and not headline and not LINE_END.search(line) and len(line.strip()) >= 40
                    and (head.isalnum() or head in "(\"“"))
        if wrap:
            if chars is None:
                chars = list(text)
            chars[pos - 1] = " "
    return text if chars is None else "".join(chars)
