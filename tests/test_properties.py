"""Invariants of the extractor on generated input (hypothesis), not only on the cases we thought of."""

import datetime as dt
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nlp.dates import find_dates, resolve
from nlp.extract import _junk_ratio, extract_articles
from nlp.quantities import english_numbers, find_quantities, parse_number

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def indonesian(value: int, decimals: str) -> str:
    """4044 -> '4.044'; with decimals '4.044,5'."""
    grouped = f"{value:,}".replace(",", ".")
    return f"{grouped},{decimals}" if decimals else grouped


@SETTINGS
@given(st.integers(min_value=1, max_value=10**9), st.sampled_from(["", "5", "25", "125"]))
def test_indonesian_numbers_parse_back(value, decimals):
    expected = value + (int(decimals) / 10 ** len(decimals) if decimals else 0)
    assert parse_number(indonesian(value, decimals)) == expected



@SETTINGS
@given(st.lists(st.tuples(st.integers(min_value=1, max_value=10**7), st.sampled_from(["", "5", "25"]),
                          st.sampled_from(["ton", "kg", "pasang", "kontainer", "lembar"])), min_size=1, max_size=5))
def test_indonesian_amounts_are_never_read_the_english_way(items):
    text = " dan ".join(f"{indonesian(v, d)} {unit}" for v, d, unit in items)
    assert not english_numbers(text)
    factor = {"ton": 1000.0}
    assert [q.value for q in find_quantities(text)] == [
        (v + (int(d) / 10 ** len(d) if d else 0)) * factor.get(unit, 1.0) for v, d, unit in items]


WEEKDAYS = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]


@SETTINGS
@given(st.dates(min_value=dt.date(2005, 1, 1), max_value=dt.date(2030, 12, 31)), st.integers(0, 6),
       st.booleans(), st.lists(st.integers(2005, 2030), max_size=4))
def test_a_resolved_day_never_contradicts_its_weekday(day, weekday, with_year, years):
    stamp = f"{day.day}/{day.month}/{day.year}" if with_year else f"{day.day}/{day.month}"
    mention = find_dates(f"dilepas pada {WEEKDAYS[weekday]} ({stamp}) di pelabuhan")[0]
    value, _conf = resolve(mention, None, years)
    if value and len(value) == 10:
        assert dt.date.fromisoformat(value).weekday() == weekday
    if with_year and value:
        assert value.startswith(f"{day.year:04d}-{day.month:02d}") or value.startswith(f"{day.year + 1:04d}") or \
            value.startswith(f"{day.year - 1:04d}")



@SETTINGS
@given(st.dates(min_value=dt.date(2005, 1, 8), max_value=dt.date(2030, 12, 31)), st.integers(0, 6),
       st.sampled_from(["kemarin", "dua hari lalu", "bulan lalu", "pekan lalu"]))
def test_a_day_counted_back_from_the_report_lies_before_it(published, weekday, phrase):
    mentions = find_dates(f"dikirim {phrase} ke pelabuhan") + find_dates(f"dikirim {WEEKDAYS[weekday]} pekan lalu")
    assert len(mentions) == 2
    for mention in mentions:
        value, _conf = resolve(mention, published, [])
        assert value is not None and value < published.isoformat()
        if len(value) == 10:
            back = (published - dt.date.fromisoformat(value)).days
            assert 1 <= back <= 13
            if mention.weekday is not None:  # "Jumat pekan lalu": that weekday, in the week before the report's
                assert dt.date.fromisoformat(value).weekday() == weekday
                assert dt.date.fromisoformat(value).isocalendar()[:2] == (published - dt.timedelta(7)).isocalendar()[:2]


PIECES = st.sampled_from([
    "KUB Mina Jaya melepas ekspor perdana 2 ton ikan kering ke Jepang, Senin (3/6/2024).",
    "Sebanyak 3 kontainer kopi milik Koperasi Gayo dikirim ke Belanda dan Jerman.",
    "Bupati berharap ke depan produk UMKM bisa menembus pasar Korea Selatan.",
    "Harga cabai di pasar tradisional naik dua kali lipat.",
    "Baca juga: CV Rempah Jaya ekspor 5 ton lada ke India",
    "Nilai ekspor Jawa Tengah sepanjang 2023 mencapai 12 miliar dolar AS.",
    "“Kami bangga,” kata Wali Kota Malang, Sutiaji, Rabu (5/6/2024).",
    "\n", "  ", "Rp", "(", "ke", "ton", "ä€", "🙂",
])


@SETTINGS
@given(st.lists(PIECES, max_size=12), st.text(max_size=40))
def test_any_text_gives_one_result_with_events_inside_it(pieces, noise):
    text = " ".join(pieces) + noise
    (res,) = extract_articles([{"id": "x", "text": text}])
    assert res.id == "x"
    json.dumps(res.to_json())  # always serialisable
    if res.error is not None:  # only text that is mostly control characters is refused, with a reason
        assert "binary" in res.error and (_junk_ratio(text) > 0.3 or "\x00" in text)
        return
    for e in res.events:
        assert 0 <= e.evidence_start < e.evidence_end <= len(text)
        assert e.destination_iso2 and len(e.destination_iso2) == 2
        assert 0.0 <= e.confidence <= 1.0
        assert e.status in ("shipment", "plan", "market_presence", "other")
    assert res.is_export_story == any(e.status == "shipment" and e.exporter_type != "large" for e in res.events)


@SETTINGS
@given(st.lists(PIECES, min_size=1, max_size=8))
def test_extraction_is_deterministic_and_batch_independent(pieces):
    texts = [" ".join(pieces), " ".join(reversed(pieces))]
    alone = [next(iter(extract_articles([{"id": str(i), "text": t}]))).to_json() for i, t in enumerate(texts)]
    batched = [r.to_json() for r in extract_articles([{"id": str(i), "text": t} for i, t in enumerate(texts)],
                                                     batch_size=1)]
    assert alone == batched


@SETTINGS
@given(st.sampled_from(["CV Rempah Jaya ekspor 5 ton lada ke India", "UMKM Batik ekspor 300 lembar ke Jepang",
                        "Koperasi X lepas ekspor kopi ke Mesir"]))
def test_a_baca_juga_teaser_never_adds_an_event(teaser):
    base = "Harga cabai di pasar tradisional naik dua kali lipat, kata pedagang, Senin (3/6/2024)."
    (plain,) = extract_articles([{"id": "a", "text": base}])
    (teased,) = extract_articles([{"id": "b", "text": f"{base}\nBaca juga: {teaser}\n"}])
    assert [e.to_json() for e in teased.events] == [e.to_json() for e in plain.events]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet="abk .-", min_size=1, max_size=6), min_size=1, max_size=12, unique=True),
       st.text(alphabet="abk .-X", max_size=60))
def test_the_trie_pattern_matches_what_the_longest_first_alternation_matches(words, text):
    """The product lexicon's one big regex is a character trie; it must find exactly what the plain
    longest-first alternation finds (same starts, same ends), with the same word boundaries."""
    import re

    from nlp.products import trie_pattern

    plain = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + r")\b")
    trie = re.compile(r"\b(?:" + trie_pattern(words) + r")\b")
    assert [m.span() for m in trie.finditer(text)] == [m.span() for m in plain.finditer(text)]


_DATE_PIECES = ["Senin", "selasa", "RABU", "Jum'at", "Minggu", "Ahad", " ", "  ", ",", "(", ")", "/", "-", "\n",
                "1", "12", "7", "2024", "19", "Juni", "Des", "Agustus", "tanggal", "pada", "x", "3/4", "(5/6/2021)"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_DATE_PIECES), max_size=40))
def test_weekday_led_scan_finds_what_finditer_finds(pieces):
    """The core-first scan of the weekday-led date patterns is only a speed-up: it finds exactly the spans that
    the plain finditer of each pattern finds, whatever the text."""
    from nlp import dates as D

    text = "".join(pieces)
    for full, cores, before in ((D._NUMERIC, D._NUMERIC_CORES, D._WD_BEFORE),
                                (D._DASHED, D._DASHED_CORES, D._WD_BEFORE),
                                (D._LONG, D._LONG_CORES, D._WD_BEFORE_PAREN)):
        assert [m.span() for m in D._weekday_led(text, full, cores, before)] == [m.span() for m in full.finditer(text)]


_CUE_WORDS = ["ekspor\\w*", "(?:meng|di)?kirim\\w*", "pasar ekspor", "tiba di", "Rp\\s?\\d+", "[Kk]ab\\.", "akan",
              "(?:se)?pekan\\s+(?:ini|lalu)", "berangkat(?:kan)?", "x?umkm", "dilepas"]


@SETTINGS
@given(st.lists(st.sampled_from(_CUE_WORDS), min_size=1, max_size=5, unique=True),
       st.lists(st.sampled_from(["Ekspor", "dikirim", "PASAR EKSPOR", "tiba di", "Rp 5", "kab.", "AKAN", "sepekan lalu",
                                 "berangkatkan", "xUMKM", "umkm", "Dilepas", "mengirimkan", ",", " ", "\n", "-", "(",
                                 "tiba  di", "ke"]), max_size=20))
def test_cue_lookahead_finds_what_the_plain_pattern_finds(words, pieces):
    import re

    from nlp.cues import _rx  # built with nlp.patterns.compile_fast

    pattern = "|".join(words)
    text = " ".join(pieces)
    plain = re.compile(rf"\b(?:{pattern})\b", re.IGNORECASE)
    assert [m.span() for m in _rx(pattern).finditer(text)] == [m.span() for m in plain.finditer(text)]


_ATOMS = st.sampled_from(["a", "B", "ke", "di", "\\d", "\\w", "[a-c]", "[Xy]", "\\s", "-", "\\.", "é", "ı"])


def _regex(depth: int = 2):
    """Small patterns: atoms, sequences, alternations, optional and repeated groups, look-arounds, boundaries."""
    if depth == 0:
        return _ATOMS
    sub = _regex(depth - 1)
    return st.one_of(
        _ATOMS,
        st.lists(sub, min_size=1, max_size=3).map("".join),
        st.lists(sub, min_size=2, max_size=3).map(lambda xs: "(?:" + "|".join(xs) + ")"),
        sub.map(lambda x: f"(?:{x})?"), sub.map(lambda x: f"(?:{x})*"), sub.map(lambda x: f"(?:{x})+"),
        sub.map(lambda x: f"(?<!\\w){x}"), sub.map(lambda x: f"\\b{x}"), sub.map(lambda x: f"(?={x}){x}"))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_regex(), st.text(alphabet="aAbBcdeiKkXxy-. \n1é\u0130\u0131", max_size=40), st.booleans())
def test_compile_fast_finds_what_re_compile_finds(pattern, text, ignorecase):
    import re

    from nlp.patterns import compile_fast

    flags = re.IGNORECASE if ignorecase else 0
    assert [m.span() for m in compile_fast(pattern, flags).finditer(text)] == [
        m.span() for m in re.compile(pattern, flags).finditer(text)]


def test_compile_fast_leaves_patterns_with_scoped_flags_alone():
    import re

    from nlp.patterns import compile_fast

    assert compile_fast("(?:(?i:k)|z)").findall("K") == ["K"]
    assert compile_fast(r"\b(?:dilepas|melepas)\b", re.IGNORECASE).pattern.startswith("(?=[")
