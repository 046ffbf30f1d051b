"""Exporter names: PT, CV, UD, Koperasi, KUB, BUMDes, "IKM X", "UMKM X" when the text states them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from .cues import LARGE_WORDS, SME_WORDS
from .patterns import compile_fast
from .products import is_product_word

_FORM = (r"PT\.?|PTPN|CV\.?|UD\.?|PR|Perum|Koperasi|KUD|KSU|KUB|BUMDes|BUMDesa|KDMP|IKM|UMKM|UKM|Kelompok Tani|Poktan|"
         r"Koptan|KWT|Kelompok Wanita Tani|Kelompok Nelayan|Kelompok Pembudidaya|Klaster|Kopontren|Kopwan|"
         r"Gapoktan|Kelompok Usaha Bersama|KUBE|Pokdakan|Poklahsar|Pokdaslahsar|Kelompok Pengolah|Kelompok Perajin|"
         r"Kelompok Usaha|Kelompok Tenun|Kelompok Pengrajin|Kelompok Peternak|Kelompok Ternak|KTH|Kelompok Tani Hutan|"
         r"Koperasi Produsen|Gabungan Kelompok Tani|BUMDesma|BUMDes Bersama|Rumah Produksi|Sanggar|"
         r"Badan Usaha Milik Desa(?: Bersama)?|Kelompok Petani|Kelompok Penenun|Paguyuban")
_WORD = r"[A-Z][\w'&-]*"
_LOWER_FORM = (r"(?i:kelompok tani|kelompok usaha bersama|koperasi|gapoktan|kelompok perajin|kelompok pengrajin|"
               r"kelompok nelayan|kelompok peternak|kelompok pembudidaya|kelompok wanita tani)"
               r"(?:[ \t]+(?:binaan|dampingan))?")
EXPORTER_RE = compile_fast(
    rf"\b(?P<form>{_FORM}|{_LOWER_FORM})(?:[ \t]*\((?P<fabbr>[A-Z]{{2,8}}|Gapoktan|Poktan|Koptan|BUMDes\w*)\))?"
    # ("Kelompok Usaha Bersama (KUB) Mina", "Gabungan Kelompok Tani (Gapoktan) Deleng Sibayak")
    # (a name's words are one space apart: two or more end a table cell "CV Pinang Betara Jaya   Kota Jambi")
    rf"[ \t]+(?P<name>{_WORD}(?:[ \t](?:{_WORD}|dan(?=[ \t]+[A-Z])|&))*)"
    r"(?:[ \t]*\((?P<abbr>[A-Z][A-Za-z]{1,7})\))?"
    # "Koperasi Serba Usaha (KSU) Manggar Sari": the name goes on after the abbreviated form
    rf"(?P<tail>(?:[ \t](?!(?:Kabupaten|Kota|Provinsi|Desa|Kecamatan)\b){_WORD})*)"
)
# "melepas ekspor perdana Technolink": a bare brand or firm name right after the release phrase
RELEASED_NAME_RE = compile_fast(
    r"\b(?:melepas|melepaskan|pelepasan)\s+ekspor\s+perdana\s+(?:produk\s+)?"
    r"(?P<name>[A-Z][\w'&-]+(?:[ \t]+[A-Z][\w'&-]+){0,3})"
)
# a brand or workshop named without a legal form: "eksportir rajungan Aruna Crab", "melepas ekspor dari Aruna
# Crab", "UMKM kuliner dari Kota Payakumbuh, yakni Dapur Mutiara"
BRAND_RE = compile_fast(
    r"(?:\beksportir(?:\s+(?!(?:asal|dari|di|ke|yang|dan|untuk|dengan|lain)\b)[a-z]+){0,2}"
    r"|\bekspor\s+dari"
    r"|\b(?:UMKM|IKM|UKM|usaha)\b[^.;]{0,60}?,?\s+(?:yakni|yaitu))"
    r"\s+(?P<name>[A-Z][\w'&-]+(?:[ \t]+[A-Z][\w'&-]+){0,3})"
)
# a small producer named as a person: "hasil budidaya Agus Setiawan, warga Desa Bangoan", "peternak cupang Budi
# Santoso mengirim" (two or three capitalised words; the producer's trade word comes first)
_PRODUCER = r"peternak|pembudidaya|penangkar|perajin|pengrajin|petani|pekebun|penenun"  # (not "pemilik usaha X": X)
PRODUCER_RE = compile_fast(
    rf"\b(?:(?i:{_PRODUCER})(?:[ \t]+[a-z][\w-]*){{0,2}}|(?:hasil[ \t]+(?:budidaya|karya|penangkaran)|buatan|milik))"
    r"[ \t]+(?:(?:Pak|Bu|Ibu|Bapak|Haji|Hj\.|H\.)[ \t]+)?(?P<name>[A-Z][a-z]+(?:[ \t]+[A-Z][a-z]+){1,2})\b"
    r"(?=[ \t]*,[ \t]*(?:warga|seorang|pemuda|yang)\b|[ \t]+(?:mengirim|mengekspor|memberangkatkan|asal|dari|di|"
    r"dikirim|diekspor|dikapalkan|diberangkatkan)\b)")
# ... or named beside the trade word: "Yohanes Bria (45), peternak kambing asal Desa Alas", "Perajin rotan asal
# Kabupaten Cirebon, Dede Suryana, mengekspor ..."
_PERSON = r"(?P<name>[A-Z][a-z]+(?:[ \t]+[A-Z][a-z]+){1,2})"
PRODUCER_APPOSED_RE = compile_fast(
    rf"(?<![\w.])(?:{_PERSON}(?:[ \t]*\(\d{{2}}\))?,[ \t]+(?:seorang[ \t]+)?(?:{_PRODUCER})\b"
    rf"|(?i:{_PRODUCER})\b[^,.;\n]{{0,60}},[ \t]+(?P<name2>[A-Z][a-z]+(?:[ \t]+[A-Z][a-z]+){{1,2}})"
    r"(?:[ \t]*\(\d{2}\))?,[ \t]+(?:(?:juga|telah|sudah|kembali)[ \t]+)?"
    r"(?:mengirim|mengekspor|memberangkatkan|melepas|menjual|mengapalkan))")
_SAID_BEFORE = compile_fast(r"\b(?:kata|ujar|ucap|tutur|jelas|ungkap|sebut)\s+$")
# a workshop named after its goods: "Rumah Keripik Bu Tatik", "Rumah Perak Kotagede" (not "Rumah BUMN",
# "Rumah Kemasan" or "Rumah Sakit", whose second word names no goods)
HOUSE_RE = compile_fast(r"\bRumah[ \t]+(?P<head>[A-Z][a-z]+)(?:[ \t]+(?:[A-Z][\w'&-]*|Bu|Pak))*")
_WORKSHOPS = {"dapur", "sanggar", "griya", "galeri", "omah", "toko", "warung", "pondok", "kedai", "studio", "workshop",
              "rumah", "bengkel", "pabrik"}
_CRAFTS = {"gerabah", "keramik", "anyaman", "kriya", "rajut", "bordir", "sulam", "ukir", "jahit", "craft"}
# a business named by apposition: "Batik Lumintu, usaha batik rumahan yang dikelola ...", "Dapur Oma Tien, UMKM
# sambal ..."
APPOSED_RE = compile_fast(r"(?<![\w.])(?P<name>[A-Z][\w'&-]+(?:[ \t]+[A-Z][\w'&-]+){1,3}),[ \t]+(?:sebuah[ \t]+)?"
                        r"(?:usaha|UMKM|UKM|IKM|perusahaan|produsen|pelaku usaha|industri rumahan|home industry)\b")
# ... or as the one who sends, with its place: "Kopi Kawa Ngarai dari Kota Bukittinggi mengirim 400 kilogram"
# (a look-ahead, so that a name may start at any capital: "pada 6 Juni Kopi Bukik Tinggi dari ...")
SENDER_RE = compile_fast(r"(?<![\w.])(?=(?P<name>[A-Z][\w'&-]+(?:[ \t]+[A-Z][\w'&-]+){1,3})[ \t]+(?:dari|asal)[ \t]+"
                         r"(?:(?:Kota|Kabupaten|Kab\.|Desa|Kecamatan)[ \t]+)?[A-Z][\w'-]*(?:[ \t]+[A-Z][\w'-]*){0,2},?"
                         r"[ \t]+(?:(?:juga|turut|telah|sudah)[ \t]+)?"
                         r"(?:mengirim|mengekspor|mengapalkan|memberangkatkan))")
_TITLE_WORDS = {"bapak", "ibu", "pak", "bu", "h", "hj", "haji", "hajjah", "dr", "ir", "mr", "mrs", "kabupaten", "kota",
                "provinsi", "pelabuhan", "bandara", "bea", "balai", "dinas", "kementerian", "pemerintah", "pemkab",
                "pemkot", "pemprov", "negara", "republik", "indonesia", "ri", "sang", "para", "salah", "bupati",
                "wali", "walikota", "gubernur", "menteri", "mendag", "wamendag", "kepala", "kadis", "camat", "lurah",
                "presiden", "wakil", "sekda", "ketua", "direktur", "dirut", "kapolda", "kapolres", "dandim"}
# words that make "UMKM X" a description ("UMKM Desa ...", "IKM Kota ...") rather than a name
_NOT_NAME = {"desa", "kabupaten", "kota", "provinsi", "kecamatan", "binaan", "indonesia", "lokal", "daerah",
             "jawa", "sumatera", "kalimantan", "sulawesi", "madu", "milenial", "kita", "kami", "ini", "tersebut",
             "ri", "naik", "go", "bisa", "juara", "center", "centre", "expo", "award", "awards", "mitra", "asal",
             "dari", "unggulan", "berani", "muda", "kreatif", "nasional", "jatim", "jateng",
             "jabar", "sumut", "sumbar", "sulsel", "kaltim", "kalbar", "ntt", "ntb", "diy"}
_GENERIC_FORMS = {"ikm", "umkm", "ukm"}
# ... also "Menteri Koperasi dan UKM Teten Masduki", "Dinas Koperasi dan UKM Kabupaten X": the office's name
_GOVERNMENT_BEFORE = compile_fast(r"\b(dinas|kementerian|menteri|kemenkop|deputi|kepala|diskop\w*|balai)"
                                  r"(?:\s+(?:koperasi|perdagangan|perindustrian|tenaga\s+kerja),?)?(?:\s+(?:dan|&))?\s*$",
                                  re.I)
_ROLE_BEFORE = compile_fast(r"\b(pemilik|direktur(?: utama| utma)?|owner|ketua|manajer|pimpinan|founder|ceo)\s*$",
                          re.I)
_SPEECH_AFTER = compile_fast(r"\s*,?\s*(mengatakan|menuturkan|menjelaskan|menyebut|mengungkapkan|berkata|"
                           r"menyampaikan|bercerita)\b", re.I)


# Title-Case headline words that end a name: "UMKM Cilacap Berhasil Masuk Pasar ..." names no firm "Berhasil"
_HEADLINE_WORDS = {"ini", "itu", "sukses", "berhasil", "ekspor", "tembus", "lepas", "kirim", "masuk",
                   "mampu", "bisa", "go", "raih", "jadi", "makin", "kian", "siap", "mulai", "perdana", "lagi",
                   "kembali", "dilepas", "melepas", "mengekspor", "diekspor", "dorong", "genjot", "gandeng", "bidik",
                   "incar", "garap", "pacu", "tiba", "terbang", "berangkat", "ikut", "harap", "ajak", "minta", "butuh",
                   "perlu"}
_NOT_EXPORTER = compile_fast(r"(?:Pelabuhan Indonesia|Pelindo|Pelni|Angkasa Pura|Pos Indonesia|Garuda|ASDP|"
                           r"Kereta Api|Bank|BNI|BRI|Mandiri|Bea|Karantina|Sucofindo|Surveyor)\b", re.I)


def _cut_headline(words: list[str], is_place: callable = lambda s: False) -> list[str]:
    for i, w in enumerate(words):
        # "Koperasi Siapkan Kiriman Berikutnya": a Title-Case verb ("Siapkan", "Tingkatkan") ends the name, but a
        # place ("CV Tarakan Bahari Mandiri") does not
        if w.lower() in _HEADLINE_WORDS or (len(w) >= 6 and w.lower().endswith("kan") and not is_place(w)):
            return words[:i]
    return words


@dataclass(frozen=True, slots=True)
class ExporterMention:
    start: int
    end: int
    name: str
    form: str
    abbr: str | None


def find_exporters(text: str, is_place: callable = lambda s: False) -> list[ExporterMention]:
    """Named firms and groups; `is_place` rejects "IKM Pangkalpinang"-style descriptions."""
    out: list[ExporterMention] = []
    for m in EXPORTER_RE.finditer(text):
        form = re.sub(r"\s+(?:binaan|dampingan)$", "", m["form"].rstrip("."), flags=re.I)
        words = _cut_headline(m["name"].split(), is_place)
        if not words:
            continue
        before = text[max(0, m.start() - 30) : m.start()]
        if _GOVERNMENT_BEFORE.search(before):
            continue  # "Dinas Koperasi ...", "Kementerian Koperasi dan UKM"
        after = text[m.end() : m.end() + 30]
        if len(words) >= 3 and _ROLE_BEFORE.search(before) and _SPEECH_AFTER.match(after) and not m["abbr"]:
            words = words[:-2]  # "pemilik CV Triguna Mitra Abadi Arfan Najrun mengatakan": the last two are a person
            m_name = " ".join(words)
        else:
            m_name = " ".join(words)
        end = m.end()
        if len(words) >= 4 and not m["abbr"] and is_place(" ".join(words[-2:])) and not is_place(words[-3]):
            # "UKM JPW Coffee Sumatera Utara juga diekspor": a two-word province after the name says where it is
            end = m.end("name") - len(words[-2]) - len(words[-1]) - 2  # the name's words are one space apart
            words = words[:-2]
            m_name = " ".join(words)
        if _NOT_EXPORTER.match(m_name):
            continue  # the port operator, the post, a bank: they handle the goods, they do not sell them
        if form.lower() in _GENERIC_FORMS:
            # "UMKM Madu", "IKM Pangkalpinang", "UMKM Kopi Gayo" describe; "UMKM Batik Larissa" names
            if words[0].lower() in _NOT_NAME or is_place(m_name) or (
                    len(words) < 3 and is_place(words[0]) and (len(words) == 1 or is_place(words[-1]))):
                continue
        elif words[0].lower() in {"ri", "indonesia"} and len(words) == 1:
            continue
        shown = form if form[:1].isupper() else form.title()
        name = f"{shown} ({m['fabbr']}) {m_name}" if m["fabbr"] else f"{shown} {m_name}"
        if m["abbr"] and len(words) == len(m["name"].split()):
            name += f" ({m['abbr']})"
            tail = _cut_headline(m["tail"].split(), is_place)
            if tail and tail[0].lower() not in _NOT_NAME and tail[0].lower() not in _TITLE_WORDS:
                name += " " + " ".join(tail)
        out.append(ExporterMention(m.start(), end, name, form.upper(), m["abbr"]))
    taken = [(m.start, m.end) for m in out]
    forms = set(_FORM.replace("\\.?", "").split("|"))
    for m in HOUSE_RE.finditer(text):
        words = _cut_headline(m.group(0).split(), is_place)
        if len(words) < 3 or not (is_product_word(m["head"].lower()) or m["head"].lower() in _CRAFTS):
            continue
        if any(s <= m.start() < e for s, e in taken):
            continue
        name = " ".join(words)
        taken.append((m.start(), m.start() + len(name)))
        out.append(ExporterMention(m.start(), m.start() + len(name), name, "RUMAH", None))
    apposed = [m for m in (*APPOSED_RE.finditer(text), *SENDER_RE.finditer(text))  # named after its goods or
               # trade, not a person
               if is_product_word(m["name"].split()[0].lower()) or m["name"].split()[0].lower() in _WORKSHOPS]
    # a person is the exporter only where the story names no firm or group (an owner speaks for the firm)
    producers = [] if out else [*PRODUCER_RE.finditer(text), *PRODUCER_APPOSED_RE.finditer(text)]
    for m in (*RELEASED_NAME_RE.finditer(text), *BRAND_RE.finditer(text), *apposed, *producers):
        group = "name2" if m.re is PRODUCER_APPOSED_RE and m["name2"] else "name"
        name = " ".join(_cut_headline(m[group].split(), is_place))
        first = name.split()[0].rstrip(".").lower() if name else ""
        named_for_goods = m.re in (APPOSED_RE, SENDER_RE)  # "Batik Lumintu": its first word is the goods, by design
        if not name or any(s <= m.start(group) < e for s, e in taken) or is_place(name) or (
                is_place(first) and not named_for_goods):
            continue
        if name.split()[0] in forms or first in _NOT_NAME or first in _TITLE_WORDS:
            continue
        if m.re in (PRODUCER_RE, PRODUCER_APPOSED_RE) and (is_product_word(first) or any(
                is_place(w) for w in name.split()) or _SAID_BEFORE.search(text, max(0, m.start(group) - 12),
                                                                          m.start(group))):
            continue  # "Pembudidaya Kerapu Bintan": the goods and the place; '"...," kata Siti, perajin': a voice
        taken.append((m.start(group), m.end(group)))
        out.append(ExporterMention(m.start(group), m.start(group) + len(name), name, "NAME", None))
    out.sort(key=lambda e: e.start)
    return _expand_abbreviations(out)


def _initials(name: str) -> str:
    words = re.sub(r"\([^)]*\)", "", name).split()[1:]
    return "".join(w[0] for w in words if w[:1].isupper())


def _expand_abbreviations(mentions: list[ExporterMention]) -> list[ExporterMention]:
    """'PT BAS' and 'PT CLB' refer to the full name given earlier ('PT Bumi Alam Sumatera (BAS)')."""
    full = [m for m in mentions if len(m.name.split()) > 2 or m.abbr]
    out = []
    for m in mentions:
        words = m.name.split()
        if len(words) == 2 and words[1].isupper() and len(words[1]) >= 2:
            for f in full:
                if f is not m and (f.abbr == words[1] or _initials(f.name) == words[1]):
                    m = ExporterMention(m.start, m.end, f.name, f.form, f.abbr)
                    break
        out.append(m)
    return out


@lru_cache(maxsize=1)
def _large_firms() -> re.Pattern[str]:
    text = resources.files("nlp").joinpath("data").joinpath("large_firms.tsv").read_text(encoding="utf-8")
    names = [ln.split("\t")[0].strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    return re.compile(r"\b(?:" + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)) + r")\b",
                      re.IGNORECASE)


@lru_cache(maxsize=4)
def _article_size_cues(article_text: str) -> tuple[bool, frozenset[str]]:
    """(SME words present, large-firm words) of one article: asked once per exporter, scanned once per text."""
    return bool(SME_WORDS.search(article_text)), frozenset(m.lower() for m in LARGE_WORDS.findall(article_text))


_APPOSED_GAP = compile_fast(r",?[ \t]*(?:yang[ \t]+(?:merupakan|adalah)[ \t]+|sebuah[ \t]+|salah[ \t]+satu[ \t]+)?")


def exporter_type(name: str | None, article_text: str) -> str:
    """sme / cooperative / bumdes / large / government / unknown, from the name and the article's wording."""
    low = (name or "").lower()
    if low.startswith(("pt", "cv", "perum")) and _large_firms().search(low):
        return "large"  # a conglomerate, state firm or multinational named in nlp/data/large_firms.tsv
    if re.search(r"\b(tbk|persero|inc|ltd|corp|ptpn|perum|perumda)\b|^pt\.? perkebunan nusantara", low):
        return "large"
    if re.match(r"(koperasi|kud|ksu|kdmp|kopontren|kopwan)\b", low):
        return "cooperative"
    if low.startswith(("bumdes", "badan usaha milik desa")):
        return "bumdes"
    if re.match(r"(ikm|umkm|ukm|kub|kube|kelompok|poktan|gapoktan|koptan|kwt|kth|klaster|pokdakan|poklahsar|"
                r"pokdaslahsar|pr|rumah produksi|sanggar)\b", low):
        return "sme"
    sme, large_cues = _article_size_cues(article_text)
    if low.startswith("pt") and len(large_cues) >= 2:
        return "large"
    if low.startswith("pt") and name and any(LARGE_WORDS.match(article_text, k.end())
                                             for m in re.finditer(re.escape(name), article_text)
                                             for k in [_APPOSED_GAP.match(article_text, m.end())] if k):
        return "large"  # "PT Konawe Sea Foods, anak perusahaan kelompok usaha perikanan asal Jepang"
    if large_cues and not sme:
        return "large"
    if sme:
        return "sme"
    return "unknown"
