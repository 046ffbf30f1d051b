"""Page noise that must never yield an event: "Baca juga" teasers, related lists, comment forms, bylines,
copyright lines and a body printed twice.

`mask_noise` blanks noise with spaces and keeps every other character where it was, so offsets found in the
masked text are offsets into the original input.
"""

from __future__ import annotations

import re

from .layout import join_wraps, unglue
from .quantities import QUANTITY_RE

_TEASER = re.compile(r"^\s*(baca\s*juga|baca\s+pula|lihat\s+juga|simak\s+juga|artikel\s+terkait|berita\s+terkait|"
                     r"pos\s+terkait|related|read\s+also|video(?=\s*:)|infografis(?=\s*:)|baca\s+artikel|baca\s+selengkapnya|"
                     r"klik\s+untuk\s+membaca|(?:artikel|berita)\s+ini\s+(?:telah\s+)?(?:tayang|terbit)|"
                     r"ikuti\s+(?:berita|kami|update|terus)|simak\s+berita)\b\s*:?", re.IGNORECASE)
# headings of related-article blocks; only as a bare line or before a colon ("Rekomendasi itu ..." is body text)
_BLOCK_HEADING = re.compile(
    r"^\s*(?:terpopuler|populer|berita\s+populer|artikel\s+populer|paling\s+banyak\s+dibaca|terkini|terbaru|"
    r"berita\s+terkini|artikel\s+lainnya|berita\s+lainnya|baca\s+berita\s+lainnya|artikel\s+menarik\s+lainnya|"
    r"rekomendasi|rekomendasi\s+untuk\s+anda|pilihan\s+editor|pilihan\s+redaksi|berita\s+pilihan|"
    r"tonton\s+juga|cek\s+juga|lihat\s+pula|jangan\s+lewatkan|baca\s+selanjutnya|read\s+more|selengkapnya|"
    r"terkait|topik\s+terkait|tag\s+terkait|dapatkan\s+update\s+berita\s+pilihan.*|most\s+popular|trending|"
    r"headlines?|editor'?s\s+picks?)\s*(?::|$)", re.IGNORECASE)
_LINE_NOISE = re.compile(
    r"^\s*(?:copyright\b|©|\(c\)\s|hak\s+cipta|editor\s*:|reporter\s*:|pewarta\s*:|penulis\s*:|sumber\s*:|"
    r"penyunting\s*:|redaktur\s*:|tags?\s*:|topik\s*:|kata\s+kunci\s*:|keywords?\s*:|"
    r"foto\s*:|tinggalkan\s+balasan|leave\s+a\s+reply|alamat\s+email\s+anda|your\s+email\s+address|"
    r"ruas\s+yang\s+wajib|komentar\b|share\s*:|bagikan\s*:|ikuti\s+kami|dapatkan\s+update|"
    r"ingin\s+membaca\s+berita|klik\s+di\s+sini|pesan\s+artikel|backlink\b|by\s+\w+\s*$|oleh\s*:|"
    r"redaksi\s+\w+(?:\s+\w+)?\s*$|[\w .]{2,40}/journalist/|\([\w/ .]{1,24}\)\s*$|\*\w{1,6}\s*$|"
    r"[-–—•·0]\s*$|close\s*$|share\s*$|mustread\s*$|berita\s+lainnya|more\s+stories|load\s+more|"
    r"foto\s+terkait|berita\s*terbaru|informasi\s+pemasangan|hubungi\s*:|redaksi\s*:|disclaimer\s*:|"
    r"fotografer\s*:|in\s+picture\s*:|home\s*>|simak\b.*lainnya\s*$|(?:https?://|www\.)\S+\s*$)",
    re.IGNORECASE,
)
# "REPORTER: Terima kasih. Ya, pagi ini, ... dimuat ke kapal ...": a broadcast transcript's turn, whole sentences
# after the speaker's label, is body text (a byline "Reporter: Ismail Hulopi" is not)
_TRANSCRIPT = re.compile(r"^\s*(?:reporter|penyiar|narasumber|presenter)\s*:\s*\S[^\n]{0,400}?[.!?]\s+[A-Z][^\n]{40,}",
                         re.IGNORECASE)
# "Selasa, 23/02/2016 16:10 WIB" or "Senin, 22 Februari 2016 Judul": a related-list stamp, not body text
_STAMP = re.compile(r"^\s*(?:senin|selasa|rabu|kamis|jumat|jum'at|sabtu|minggu|ahad),?\s+\d{1,2}(?:/\d{1,2}/\d{4}|"
                    r"\s+\w+\s+\d{4}),?(?:\s+\d{1,2}[:.]\d{2}\s*(?:WIB|WITA|WIT))?", re.IGNORECASE)
_NAV = re.compile(r"(?:\s[·|»]\s.*){3,}")
_TABLE_ROW = re.compile(r"\s*\|?\s*\d{1,2}\s*\|")  # "1 | CV A | Garut | kopi | 6 ton | Australia" is data, not a menu
_BYLINE = re.compile(r"^\s*[A-Z]{2,}(?:\s+[A-Z]{2,}){1,2}\s*$")
_SENTENCE_END = re.compile(r"[.!?\"”’)]\s*$")
_SENT_SPLIT = re.compile(r"(?<=[.!?])\s+|\n+")


def _data_row(line: str) -> bool:
    """'1 | CV A | Garut | kopi | 6 ton', '8 Jan 2025 | UD B | Gianyar | perak | 3,2 kg': a table row, not a menu."""
    return bool(_TABLE_ROW.match(line)) or any(
        QUANTITY_RE.search(cell) for cell in line.split("|")[1:])


def _noise_line(line: str) -> bool:
    """A line the rules below blank whole, or a date stamp on a line of its own ("Kamis, 13 Oktober 2022 - 09:12
    WITA"; a weekday and date that open a sentence of a wrapped paragraph go on with it)."""
    stamp = _STAMP.match(line)
    return bool((stamp and len(line) - stamp.end() < 20) or _TEASER.match(line) or _BLOCK_HEADING.match(line)
                or _BYLINE.match(line) or (_LINE_NOISE.match(line) and not _TRANSCRIPT.match(line))
                or (_NAV.search(line) and not _data_row(line)))


def _blank(chars: list[str], start: int, end: int) -> None:
    for i in range(start, end):
        if chars[i] != "\n":
            chars[i] = " "


def mask_noise(text: str) -> str:
    """Return `text` with noise replaced by spaces, the same length (see `nlp.layout`: glued paragraphs are
    put on lines, and line breaks inside a sentence become spaces)."""
    text = join_wraps(unglue(text), keep=_noise_line)
    chars = list(text)
    lines = []
    pos = 0
    for line in text.split("\n"):
        lines.append((pos, pos + len(line), line))
        pos += len(line) + 1

    i = 0
    while i < len(lines):
        start, end, line = lines[i]
        teaser = _TEASER.match(line) or _BLOCK_HEADING.match(line)
        if teaser:
            _blank(chars, start, end)
            rest = line[teaser.end() :].strip()
            if not rest:  # a bare "Baca juga" heading: the short headline lines under it go too
                j = i + 1
                while j < len(lines):
                    s2, e2, l2 = lines[j]
                    if not l2.strip():
                        j += 1
                        continue
                    if len(l2.strip()) > 160 or _SENTENCE_END.search(l2):
                        break
                    _blank(chars, s2, e2)
                    j += 1
                i = j
                continue
        elif (_LINE_NOISE.match(line) and not _TRANSCRIPT.match(line)) or (
                _NAV.search(line) and not _data_row(line)) or _BYLINE.match(line):
            _blank(chars, start, end)
        elif _STAMP.match(line) and not _SENTENCE_END.search(line):
            # a date-stamped related headline, and the headline line right under a bare stamp
            _blank(chars, start, end)
            j = i + 1
            while j < len(lines) and not lines[j][2].strip():
                j += 1
            if (j < len(lines) and len(lines[j][2].strip()) < 120 and not _SENTENCE_END.search(lines[j][2])
                    and len(line.strip()) < 40):
                _blank(chars, lines[j][0], lines[j][1])
                i = j
        i += 1

    _mask_repeats(text, chars)
    return "".join(chars)


def _mask_repeats(text: str, chars: list[str]) -> None:
    """Blank any sentence (40+ chars) that already appeared earlier: the body printed twice, a repeated title."""
    seen: set[str] = set()
    pos = 0
    for piece in _SENT_SPLIT.split(text):
        idx = text.find(piece, pos)
        if idx < 0:
            continue
        pos = idx + len(piece)
        key = re.sub(r"\W+", " ", piece).strip().lower()
        if len(key) < 40:
            continue
        if key in seen and any(c != " " for c in chars[idx : idx + len(piece)]):
            _blank(chars, idx, idx + len(piece))
        seen.add(key)


def strip_noise(text: str) -> str:
    """The text with noise lines removed and blank runs collapsed (for storage, where offsets start afresh)."""
    lines = [ln.rstrip() for ln in mask_noise(text).split("\n")]
    out: list[str] = []
    for ln in lines:
        if ln.strip() or (out and out[-1]):
            out.append(ln.strip())
    return "\n".join(out).strip()
