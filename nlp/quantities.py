"""Quantities and money in Indonesian news text, as pure functions over strings.

Indonesian writes 4.044 for four thousand and 7,5 for seven and a half; reporters also write "53, 6 ton",
"17 ton 160 kilogram", "2 x 40 feet", "satu ton lebih", "US$90 ribu" and "54,523.03 dolar AS".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

WORD_NUMBERS = {
    "satu": 1, "se": 1, "dua": 2, "tiga": 3, "empat": 4, "lima": 5, "enam": 6, "tujuh": 7, "delapan": 8,
    "sembilan": 9, "sepuluh": 10, "sebelas": 11, "seratus": 100, "seribu": 1000, "setengah": 0.5,
    "dua belas": 12, "lima belas": 15, "dua puluh": 20, "tiga puluh": 30, "lima puluh": 50,
}


def _spelled_compounds() -> dict[str, int]:
    """'dua puluh empat ton', 'tiga belas kontainer', 'dua ratus lembar': the compounds reporters spell out."""
    digits = ["satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan"]
    out: dict[str, int] = {}
    for i, w in enumerate(digits[1:], start=2):
        out[f"{w} belas"], out[f"{w} puluh"], out[f"{w} ratus"] = 10 + i, 10 * i, 100 * i
        out.update({f"{w} puluh {u}": 10 * i + j for j, u in enumerate(digits, start=1)})
    return out


WORD_NUMBERS.update({k: v for k, v in _spelled_compounds().items() if k not in WORD_NUMBERS})
SCALES = {"ribu": 1e3, "rb": 1e3, "juta": 1e6, "jt": 1e6, "miliar": 1e9, "milyar": 1e9, "triliun": 1e12,
          "m": 1e9, "t": 1e12, "k": 1e3}  # "Rp1,2 M", "Rp 3 T": only upper-case (checked where read); "USD35K"

# The amount patterns below open with a look-ahead on their first character (a digit, a spelled number's or a
# currency's first letter): the engine then skips most positions at once.
# canonical unit -> (factor to canonical, surface regex)
UNITS: list[tuple[str, float, str]] = [
    ("kg", 1000.0, r"(?:metrik\s+|metric\s+)?ton(?:ase)?|MT"),
    ("kg", 100.0, r"kuintal|kwintal"),
    ("kg", 1.0, r"kilo\s?gram|kilogram|kilo|kg"),
    ("kg", 0.001, r"gram|gr"),
    ("container", 1.0,
     r"(?:truk\s+|unit\s+|buah\s+)?(?:kontainer|container|peti\s?kemas|petikemas|kontener)"
     r"(?:\s+(?:40|20)\s?(?:HC|ft|feet|fit|kaki))?"),
    ("container", 1.0, r"(?:x\s*)?(?:40|20)\s?(?:feet|ft|fit|kaki)(?:\s+(?:kontainer|container))?"),
    ("container", 1.0, r"TEUs?"),  # twenty-foot equivalent units, as shipping lines count boxes
    ("pair", 1.0, r"pasang"),
    ("head", 1.0, r"ekor"),
    ("m3", 1.0, r"m3|m³|meter\s?kubik|kubik"),
    ("l", 1.0, r"liter|ltr"),
    ("piece", 1.0, r"buah|unit|pcs|pieces|lembar|helai|batang|botol|kotak|karton|cartons?|bungkus|box|boks|kemasan|set|"
                   r"potong|"
                   r"lusin|butir|biji|koli|colli|palet|pallet|drum|jeriken|ikat|gulung|rol|roll|keranjang|krat|"
                   r"kodi|bal|karung|sak|keping|toples|stoples|pak|pack|tandan|sisir|rak|tray|dus|kardus|pouch|sachet|"
                   r"kaleng|jerigen|kantong|kantung|galon|tabung|paket|polybag|pot|jar|"
                   r"tas(?=$|\s+(?:kulit|anyaman|rotan|pandan|rajut|belanja|tangan|etnik|batik|bambu|purun|eceng|ketak))"),
]
_UNIT_RE = "|".join(f"(?:{u[2]})" for u in UNITS)

# "1, 5 ton" (a typed space) is 1,5 ton; "Januari 2024, 32 Ton" is a year and then 32 ton
NUM = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:[.,]\d+)?(?![.,]\s\d)|\d{1,3}[.,]\s\d(?!\d)"
WORDNUM = "|".join(sorted(WORD_NUMBERS, key=len, reverse=True))
SCALE = "|".join(SCALES)
_AMOUNT = rf"(?P<num>{NUM}|(?:{WORDNUM})(?=\s))(?:\s*(?P<scale>{SCALE})\b)?"

QUANTITY_RE = re.compile(
    rf"(?=[\dsdtelu])(?<![\w/.,])(?:(?P<mult>\d+)\s*[x×]\s*)?{_AMOUNT}\s*(?P<unit>{_UNIT_RE})\b"
    rf"(?:\s+(?P<num2>\d+(?:,\d+)?)\s*(?P<unit2>kilo\s?gram|kilogram|kg)\b)?"
    r"(?P<more>\s+lebih)?",
    re.IGNORECASE,
)
_CUR = r"(?P<cur>Rp\.?|IDR|US\s?\$|USD|\$|SGD|S\$|RM|MYR|EUR|€|¥|JPY|AUD|A\$|PGK)"
_CUR_AFTER = (
    r"(?P<cur2>rupiah|dolar\s+(?:AS|Amerika(?:\s+Serikat)?|Singapura|Australia)|dollar\s+(?:AS|Amerika)|"
    r"US\s?dollar|USD|dolar|dollar|ringgit|euro|yen|yuan|kina)"
)
VALUE_RE = re.compile(
    rf"(?=[\d$€¥riusmejap])(?:{_CUR}\s?(?P<num>{NUM})(?:\s*(?P<scale>{SCALE})\b)?(?:,-)?)"
    rf"|(?:(?<![\w.,])(?P<numb>{NUM})(?:\s*(?P<scaleb>{SCALE}))?\s*{_CUR_AFTER}\b)",
    re.IGNORECASE,
)
_CURRENCY_MAP = {
    "rp": "IDR", "rp.": "IDR", "idr": "IDR", "rupiah": "IDR", "us$": "USD", "us $": "USD", "usd": "USD", "$": "USD",
    "dolar as": "USD", "dolar amerika": "USD", "dolar amerika serikat": "USD", "dollar as": "USD",
    "dollar amerika": "USD", "us dollar": "USD", "usdollar": "USD", "dolar": "USD", "dollar": "USD",
    "sgd": "SGD", "s$": "SGD", "dolar singapura": "SGD", "rm": "MYR", "myr": "MYR", "ringgit": "MYR",
    "eur": "EUR", "€": "EUR", "euro": "EUR", "¥": "JPY", "jpy": "JPY", "yen": "JPY", "yuan": "CNY",
    "aud": "AUD", "a$": "AUD", "dolar australia": "AUD", "pgk": "PGK", "kina": "PGK",
}


@dataclass(frozen=True, slots=True)
class Quantity:
    value: float
    unit: str  # canonical: kg, container, pair, piece, head, m3, l
    text: str
    start: int
    end: int
    approximate: bool = False


@dataclass(frozen=True, slots=True)
class Money:
    amount: float
    currency: str
    text: str
    start: int
    end: int
    unit_price: bool = False  # "Rp 32.000 per kilogram" is a price, not a shipment value


_EN_DECIMAL = re.compile(rf"(?=\d)(?<![\d.,])\d+\.\d{{1,2}}(?![\d.,])\s*(?:{_UNIT_RE}|{SCALE})\b", re.IGNORECASE)
_EN_THOUSANDS = re.compile(r"(?=\d)(?<![\d.,])\d{1,3}(?:,\d{3})+(?![\d.,])")
_ID_SIGNS = re.compile(rf"(?=\d)(?<![\d.,])"
                       rf"(?:\d{{1,3}}(?:\.\d{{3}})+|\d+,\d{{1,2}})(?![\d.,])\s*(?:{_UNIT_RE}|{SCALE})\b",
                       re.IGNORECASE)


def english_numbers(text: str) -> bool:
    """The text writes numbers the English way ('10.85 Kg per carton atau total beratnya 5,425 Kg', as a copied
    invoice or an English release does): a dot decimal before a unit, a comma thousands group, and no number
    written the Indonesian way."""
    return bool(_EN_DECIMAL.search(text) and _EN_THOUSANDS.search(text) and not _ID_SIGNS.search(text))


def parse_number(raw: str, english: bool = False) -> float | None:
    """Parse an Indonesian-formatted number: '4.044' -> 4044, '7,5' -> 7.5, '53, 6' -> 53.6, '54,523.03'; with
    `english`, '5,425' -> 5425 and '10.85' -> 10.85."""
    s = raw.strip().lower()
    if s in WORD_NUMBERS:
        return float(WORD_NUMBERS[s])
    s = re.sub(r"\s+", "", s)
    if not s or not re.fullmatch(r"[\d.,]+", s):
        return None
    if "." in s and "," in s:
        dec = "," if s.rfind(",") > s.rfind(".") else "."
        thou = "." if dec == "," else ","
        s = s.replace(thou, "").replace(dec, ".")
    elif "." in s and not english:
        parts = s.split(".")
        if all(len(p) == 3 for p in parts[1:]) and len(parts[0]) <= 3:
            s = s.replace(".", "")
    elif "," in s:
        parts = s.split(",")
        if len(parts) > 2 or (english and all(len(p) == 3 for p in parts[1:]) and len(parts[0]) <= 3):
            s = s.replace(",", "")
        else:
            s = s.replace(",", ".")
    try:
        return float(s)
    except ValueError:
        return None


def _unit_of(surface: str) -> tuple[str, float]:
    for canon, factor, pattern in UNITS:
        if re.fullmatch(pattern, surface.strip(), re.IGNORECASE):
            return canon, factor
    raise ValueError(surface)


def normalize_unit(surface: str) -> tuple[str, float] | None:
    """Canonical unit and factor for a unit as written ('ton' -> ('kg', 1000)); None if unknown."""
    try:
        return _unit_of(surface)
    except ValueError:
        return None


def find_quantities(text: str) -> list[Quantity]:
    out: list[Quantity] = []
    english = english_numbers(text)
    for m in QUANTITY_RE.finditer(text):
        before = text[max(0, m.start() - 4) : m.start()].lower()
        if re.search(r"\bke\s*$", before) or re.search(r"\bper\s*$", before):
            continue  # "kontainer ke 270" is an ordinal; "per 1 kg" is a price basis
        value = parse_number(m["num"], english)
        if value is None:
            continue
        if m["scale"] and m["scale"].lower() not in ("m", "t"):
            value *= SCALES[m["scale"].lower()]
        canon, factor = _unit_of(m["unit"])
        mult = float(m["mult"]) if m["mult"] else 1.0
        total = value * factor * mult
        if m["num2"] and canon == "kg":
            extra = parse_number(m["num2"], english)
            if extra is not None:
                total += extra
        approx = bool(m["more"]) or bool(re.search(r"(sekitar|kurang lebih|lebih dari|hampir|kira-kira)\s*$",
                                                      text[max(0, m.start() - 16) : m.start()], re.IGNORECASE))
        out.append(Quantity(total, canon, m.group(0).strip(), m.start(), m.end(), approximate=approx))
    return out


def find_money(text: str) -> list[Money]:
    out: list[Money] = []
    english = english_numbers(text)
    for m in VALUE_RE.finditer(text):
        raw = m["num"] or m["numb"]
        scale = m["scale"] or m["scaleb"]
        cur = (m["cur"] or m["cur2"] or "").lower()
        cur = re.sub(r"\s+", " ", cur)
        amount = parse_number(raw, english)
        currency = _CURRENCY_MAP.get(cur) or _CURRENCY_MAP.get(cur.replace(" ", ""))
        if amount is None or currency is None:
            continue
        if scale and (scale.lower() not in ("m", "t") or scale.isupper()):
            amount *= SCALES[scale.lower()]
        # ("nilai rata-rata Rp180 juta untuk setiap kontainer": an average per unit is a rate too)
        price = bool(re.search(r"\bper(?:\b|kilo|kg|ton|buah|pasang|unit)|/\s?(?:kg|ton|kilo)|masing-masing|"
                               r"^\s*(?:untuk\s+)?(?:setiap|tiap)\b",
                               text[m.end() : m.end() + 30], re.IGNORECASE)) or bool(
            re.search(r"(harga|dijual|jual|seharga|rata-rata)[^.]{0,25}$", text[max(0, m.start() - 30) : m.start()],
                      re.I))
        out.append(Money(round(amount, 2), currency, m.group(0).strip(" ,"), m.start(), m.end(), price))
    return out
