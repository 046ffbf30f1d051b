"""Products as written ("sepatu jenis dox"), with a KBKI 2012 code from the commodity lexicon."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from .patterns import compile_fast

# Generic goods phrases with no single KBKI code; they name the product when nothing more specific does.
GENERIC_TERMS = [
    "produk pangan olahan hasil laut", "pangan olahan", "olahan hasil laut", "hasil laut", "produk perikanan",
    "bahan makanan", "bahan kuliner", "makanan", "minuman", "barang konsumsi", "consumer goods", "foodstuff",
    "produk olahan", "hasil pertanian", "hasil perkebunan", "komoditas pertanian", "produk umkm", "produk ukm",
    "produk ikm", "produk unggulan", "produk lokal",
]
_STOP = {
    "ke", "dari", "asal", "senilai", "sebanyak", "dengan", "yang", "milik", "buatan", "produksi", "untuk", "di",
    "pada", "tujuan", "oleh", "itu", "ini", "tersebut", "sebesar", "seberat", "berjumlah", "hasil", "karya",
    "sudah", "telah", "akan", "kini", "juga", "dan", "atau", "serta", "kepada", "bagi", "sebagai", "per",
    "lewat", "melalui", "via", "menuju", "dalam", "kali", "pertama", "perdana", "mencapai", "ton", "kg", "khas",
    "binaan", "para", "pelaku", "umkm", "ikm", "ukm", "langsung", "secara", "sekitar", "pun", "saja", "kami",
    # time words: "beras ketan hitam| sejak tahun 2011", "kopi| setiap bulan"
    "sejak", "selama", "sepanjang", "hingga", "sampai", "setiap", "tiap", "tahun", "bulan", "pekan", "minggu",
    "hari", "lalu", "kemarin", "sebelumnya", "rutin", "mulai", "masih", "lagi", "sedang", "belum", "tidak",
    "tangkapan",  # "tuna| tangkapan nelayan binaan": who caught it, not what it is
    # spelled amounts: "buah nanas| satu ton", "kelapa| dua ribu butir"
    "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan", "sepuluh", "sebelas",
    "seratus", "seribu", "setengah", "belas", "puluh", "ratus", "ribu",
}
_VERBISH = compile_fast(r"^(di|me|ber|ter|pe[nmr]?)\w{4,}$")


@dataclass(frozen=True, slots=True)
class ProductMention:
    start: int
    end: int
    text: str
    term: str
    code: str | None
    generic: bool


@lru_cache(maxsize=1)
def _lexicon() -> tuple[dict[str, str | None], re.Pattern[str]]:
    text = resources.files("nlp").joinpath("data").joinpath("products.tsv").read_text(encoding="utf-8")
    codes: dict[str, str | None] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        term, code, _name = (line.split("\t") + ["", ""])[:3]
        codes[term.lower()] = code or None
    for g in GENERIC_TERMS:
        codes.setdefault(g, None)
    return codes, re.compile(rf"\b(?:{trie_pattern(codes)})\b", re.IGNORECASE)


def trie_pattern(words: Iterable[str]) -> str:
    """One regex for many words, shaped as a character trie ('kopi(?: luwak)?'): it matches what the
    longest-first alternation of the words matches, without trying hundreds of alternatives at each position."""
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        alts = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(trie)


def is_product_word(word: str) -> bool:
    return word.lower() in _lexicon()[0]


_NAME_BEFORE = compile_fast(r"[A-Z][\w-]*[ \t]+$")
# the form the goods take, written before the commodity: "biji kakao", "bubuk daun kelor", "chips porang"
_FORM_BEFORE = compile_fast(
    r"\b(?:(?:biji|bubuk|serbuk|tepung|daun|chips?|keripik|irisan|potongan|ekstrak|pasta|sari|serpih|buah|"
    r"frozen|fresh|bibit|benih|bunga|kepompong|mie?(?:[ \t]+kering)?)[ \t]+){1,2}$",
    re.IGNORECASE,
)


_AGENCY_BEFORE = compile_fast(r"\bKarantina(?:[ \t]+(?:Hewan|Ikan|Tumbuhan|Pertanian),?)*(?:[ \t]+dan)?[ \t]+$")


def find_products(text: str) -> list[ProductMention]:
    codes, pattern = _lexicon()
    out: list[ProductMention] = []
    for m in pattern.finditer(text):
        if out and m.start() < out[-1].end:
            continue  # "petai dan keladi" was taken whole
        if m.group(0)[:1].isupper() and _NAME_BEFORE.search(text[max(0, m.start() - 30) : m.start()]):
            before = text[max(0, m.start() - 30) : m.start()]
            if not re.search(r"(^|[.!?\n]\s*)[A-Z][\w-]*[ \t]+$", before):
                continue  # "Bea Cukai Tanjung Perak", "PT Kopi ...": part of a name, not the goods
        if m.group(0)[:1].isupper() and _AGENCY_BEFORE.search(text[max(0, m.start() - 30) : m.start()]):
            continue  # "Balai Karantina Hewan, Ikan, dan Tumbuhan": the quarantine agency's name, not the goods
        if _VESSEL_BEFORE.search(text, max(0, m.start() - 12), m.start()):
            continue  # "dua kapal kayu", "peti kayu": what carried the goods, not the goods
        term = m.group(0).lower()
        end = _extend(text, m.end(), codes, pattern)
        form = _FORM_BEFORE.search(text, max(0, m.start() - 30), m.start())
        counted = form and re.search(r"\d\s*$", text[max(0, form.start() - 4) : form.start()])  # "200 buah tas"
        start = form.start() if form and form.group(0)[:1].islower() and not counted else m.start()
        phrase = text[start:end].strip(" ,")
        out.append(ProductMention(start, start + len(phrase), phrase, term, codes[term], term in GENERIC_TERMS))
    return _merge_lists(text, out)


_VESSEL_BEFORE = compile_fast(r"\b(?:kapal|perahu|truk|peti|palet)\s+$", re.IGNORECASE)
_LIST_GAP = compile_fast(r"\s*(?:,\s*(?:dan|serta)?|dan|serta)\s*(?:barang|produk|aneka)?\s*", re.IGNORECASE)


def _merge_lists(text: str, mentions: list[ProductMention]) -> list[ProductMention]:
    """'ikan, teri, udang, daging rajungan dan kerupuk ikan': three or more goods in one list are one product
    phrase (the shipment carries them all); the first item's code stands for the list."""
    out: list[ProductMention] = []
    i = 0
    while i < len(mentions):
        j = i
        while j + 1 < len(mentions) and _LIST_GAP.fullmatch(text[mentions[j].end : mentions[j + 1].start]):
            j += 1
        if j - i >= 2:
            first, last = mentions[i], mentions[j]
            out.append(ProductMention(first.start, last.end, text[first.start : last.end], first.term, first.code,
                                      first.generic))
        else:
            out.extend(mentions[i : j + 1])
        i = j + 1
    return out


def _extend(text: str, pos: int, codes: dict[str, str | None], pattern: re.Pattern[str]) -> int:
    """Take modifiers after the head term: 'kerupuk| kulit ikan patin', 'pala| dan cengkeh', '(Vanilla ...)'."""
    words = 0
    while words < 4:
        m = re.match(r",?\s+(\w[\w-]*)", text[pos:])
        if m and m.group(0).startswith(",") and m.group(1).lower() != "atau":
            break
        if m is None:
            break
        word = m.group(1)
        low = word.lower()
        if low in ("dan", "atau"):
            nxt = pattern.match(text, pos + m.end() + 1)
            if nxt:
                pos = nxt.end()
                words += 1
                continue
            break
        if (low in _STOP or not word.islower() or _VERBISH.match(low) or word.isdigit()) and low not in codes:
            break
        pos += m.end()
        words += 1
    paren = re.match(r"\s*\([^()\n]{2,60}\)", text[pos:])
    if paren:
        pos += paren.end()
    return pos
