"""Destination clauses and their status: which country mentions are destinations, and whether the words that
lead to each one report a shipment, a plan, market presence or background.

- a destination is a country (or a city/port that implies one) in a clause that talks about exporting;
- a clause is a shipment when goods physically moved (a release, a departure, "perdana", a dated send, a named
  exporter or place with a stated amount); plans, market presence, statistics, contracts, seizures and
  background paragraphs are not;
- an article whose only concrete release sentence names no country lends that release to the nearest
  destination clause (the lead often names the countries, the next sentence the ceremony).
"""

from __future__ import annotations

import bisect
import re

from spacy.tokens import Doc

from . import cues
from .context import Clause, Context, concrete_quantity, named_nearby, one_exporter, overlaps, speech_dated
from .patterns import compile_fast


def clauses_of(text: str, start: int, end: int, country_starts: tuple[int, ...] = ()) -> list[tuple[int, int]]:
    """Char ranges of the sentence text[start:end]'s clauses, split at ';' and at ', sedangkan' / ', sementara' /
    ', serta' (but ", serta Malaysia" ends a list of countries and starts no clause)."""
    sent = text[start:end]
    cuts = [m.start() for m in re.finditer(r";|,\s*(?=(?:sedangkan|sementara|serta)\b)", sent)
            if not (sent[m.start() :].lstrip(", ").startswith("serta")
                    and any(0 < c - (start + m.start()) <= 12 for c in country_starts))]
    bounds, a = [], 0
    for c in cuts:
        bounds.append((start + a, start + c))
        a = c + 1
    bounds.append((start + a, end))
    return [(s, e) for s, e in bounds if e > s]


_RELEASE_TOTAL = compile_fast(r"(?:nilai|total|volume)\s+ekspor", re.IGNORECASE)


_THEN_NOW = compile_fast(r"\W*(?:[A-Z][\w ]{0,30}\s[-–]\s+)?(?:setelah|usai|sesudah|selepas)\b[^,.;]{0,120},\s*"
                         r"(?:kini|sekarang|kali\s+ini|hari\s+ini)\b", re.IGNORECASE)


def clause_status(text: str, ctx: Context, start: int, background_para: bool,
                  last_country_end: int | None = None) -> tuple[str, str, float]:
    """(status, reason, strength) of the clause text (exporter names blanked) that starts at `start`."""
    if last_country_end:
        # "... 60 ton ke Korea Selatan, dan direktur perusahaan itu menyatakan bahwa volume ekspor akan
        # ditingkatkan": what somebody says after the shipment is a sentence of its own
        said = cues.SAID_AFTER.search(text, last_country_end)
        if said:
            text = text[: said.start()]
    release = bool(cues.RELEASE.search(text))
    # plan words after the last destination ("... ke Jepang untuk meningkatkan pendapatan") do not make a plan
    # "barang yang akan dikirim ke Jepang itu dilepas": a relative plan inside a release names the goods
    plan_text = text[: last_country_end] if last_country_end else text
    if last_country_end and cues.PLAN_VERB_AFTER.match(text, last_country_end):
        plan_text = text  # "ekspor talas ke Jepang juga akan dilepas pada April": the verb itself is planned
    if release:
        plan_text = cues.RELATIVE_PLAN.sub(" ", plan_text)
    # "mengirim 1,2 ton keripik tempe yang akan dipasarkan di Malaysia": what will become of goods already sent
    sent_verb = cues.SEND_VERB.search(text)
    fate = cues.RELATIVE_FATE.search(text, sent_verb.end()) if sent_verb else None
    if fate:
        plan_text = plan_text[: fate.start()] + " " * (fate.end() - fate.start()) + plan_text[fate.end() :]
    first = bool(cues.FIRST.search(text))
    # "Hari ini ada 15 ton biji pala tujuan Rotterdam, Belanda, milik CV X": goods bound for a place are sent
    ship = bool(cues.SHIP.search(text) or cues.BOUND_FOR.search(text))
    again = bool(cues.AGAIN.search(text)) and ship
    # "CV X mengekspor arang ke Malaysia sebanyak 10,2 ton": a named exporter and a stated amount is a shipment
    # ... and so is a named place of origin or a producer word with a stated amount ("Kabupaten Bantaeng,
    # Jeneponto dan Takalar mengekspor 40 ton rumput laut ke China", "3 ton kerapu dari Kabupaten Natuna")
    end = start + len(text)
    market = bool(cues.MARKET.search(text[: fate.start()] + text[fate.end() :] if fate else text))
    producer = named_nearby(ctx, start) or bool(cues.SME_WORDS.search(text) or cues.OWN_FIRM.search(text)) or any(
        start <= r[0] < end and not cues.INSTITUTION.search(ctx.text[max(0, r[0] - 40) : r[0]]) for r in ctx.regions)
    counted = ship and producer and not market and any(
        start <= q.start < end and concrete_quantity(ctx, q) for q in ctx.quantities)
    # "KUB tersebut bulan lalu mengekspor kopi arabika ke Uni Emirat Arab senilai USD 92.000": a send verb in a
    # month just past is a dated send ("ekspor Oktober lalu naik" is not: no send verb)
    timed = bool(cues.RECENT.search(text) or (sent_verb and cues.RECENT_MONTH.search(text))) or any(
        start <= d.start < start + len(text) and not speech_dated(ctx.text, d) for d in ctx.dates
        if d.day is not None or d.weekday is not None
    )
    success = bool(cues.SUCCESS.search(text)) and ship and not market  # "berhasil menembus pasar" is not a send
    # "Keripik UMKM X berhasil tembus pasar Jepang, Rabu (5/6)": a dated market entry by named goods is a send
    # ... but "gula semut itu berhasil masuk pasar ekspor" names no market and no day: a profile, not a send
    named_market = any(start <= c < end for c in ctx.country_starts)
    entry = bool(cues.ENTRY.search(text)) and (timed or (bool(cues.SUCCESS.search(text)) and named_market)) and any(
        start <= p.start < start + len(text) for p in ctx.products)
    concrete = release or first or entry or (ship and (timed or success or again or counted))
    strength = release * 1.0 + first * 1.0 + (ship and timed) * 1.0 + success * 0.5 + (again or counted) * 0.5
    # "tidak hanya" adds; "meski wabah belum mereda" negates the circumstance, not the export
    unconceded = re.split(r"\b(?:meski|meskipun|walaupun|walau|kendati|biarpun)\b", text, maxsplit=1,
                          flags=re.IGNORECASE)[0]
    # ... and "bukan kali pertama" says it happened again
    negation = cues.NEGATION.search(re.sub(r"\b(tidak|bukan|tak)\s+(?:hanya|(?:untuk\s+)?(?:kali|yang)\s+pertama)\b",
                                           " ", unconceded, flags=re.I))
    if negation and not release:
        return "other", "negated", strength
    # "saat diperiksa di Pelabuhan Kaohsiung, sampel dari kiriman itu dinyatakan tidak memenuhi syarat": an
    # inspection that stopped the goods released nothing
    if cues.REJECTED.search(unconceded) and _release_is_inspection(text):
        return "other", "rejected", strength
    # "meminta jadwal pengapalan diundur": a release put off (but "setelah sempat tertunda, akhirnya dilepas" went)
    if release and any(not _WAS_DELAYED.search(unconceded, 0, m.start()) for m in cues.POSTPONED.finditer(unconceded)):
        return "other", "negated", strength
    if cues.SAMPLE.search(text) and not release:
        return "other", "sample", strength
    if cues.THIRD_PARTY_EXPORT.search(text):
        return "other", "third-party", strength  # the buyer at home exports the goods on, not the SME
    # "menerima pesanan 12 ton biji pala kering dari seorang pembeli asal Rotterdam": an order, not yet a send
    if cues.ORDER_RECEIVED.search(text) and not release and not cues.SENT_ALREADY.search(text):
        return "plan", "order", strength
    if cues.SEIZURE.search(text):
        return "other", "seizure", strength  # smuggled goods stopped at the border were not exported
    planned = (_plan_word(plan_text) or cues.SCHEDULED.search(text) or cues.REQUEST.search(text)
               or _later_this_month(text, ctx))
    if planned and not (release and re.search(r"\b(telah|sudah)\b", text, re.I)):
        return "plan", "plan", strength
    # "berawal dari pameran di Smesco, kemudian disusul pengiriman ke pembeli di Taiwan": the fair came first
    trained = cues.TRAINING.search(text)
    if trained and THEN_SENT.search(text, trained.end()):
        trained = None
    if trained and not release:
        return "other", "training", strength  # a training, a fair or a meeting is not a shipment
    # "Ekspor hari ini merupakan yang ketiga kalinya sepanjang Februari 2020": which shipment this is, not a period
    # ... and "dilepas pada Selasa, 21 November 2023, ... ekspor pertama pada tahun 2023": the release's own year
    own_years = {d.year for d in ctx.dates if start <= d.start < end and d.day is not None and d.year}
    background = [m.group(0) for m in cues.BACKGROUND.finditer(text)
                  if not cues.ORDINAL_BEFORE.search(text, max(0, m.start() - 30), m.start())
                  and not (re.search(r"\d{4}$", m.group(0)) and int(m.group(0)[-4:]) in own_years)
                  # "UMKM ... yang selama ini dibina Bea Cukai": how long the exporter has been mentored
                  and not _MENTORED.match(text, m.end())]
    if ctx.published:  # "Pertama kali tahun 2019, waktu itu baru enam ton ke Australia": a year gone by
        background += [m.group(0) for m in re.finditer(r"\btahun\s+((?:19|20)\d{2})\b", text)
                       if int(m.group(1)) < ctx.published.year and int(m.group(1)) not in own_years]
    amounts = [q for q in ctx.quantities if start <= q.start < end and concrete_quantity(ctx, q)]
    counted_send = bool(cues.SEND_VERB.search(text)) and not cues.PERIOD.search(text) and bool(amounts)
    if (len(amounts) >= 2 or (amounts and _LARGEST_ITEM.search(text))) and not cues.PERIOD.search(text):
        # "Komoditas dengan volume terbesar adalah arang 8 ton, semangka 4,2 ton": the largest items of one
        # consignment, not a ranking of markets; and so is "... adalah gambir sebanyak 126 ton yang dikapalkan"
        background = [b for b in background if b.lower() not in ("terbesar", "terbanyak")
                      and not re.fullmatch(r"paling\s+banyak", b, re.I)]
    # "di antaranya Jepang, Korea" lists markets (background); "di antaranya PT A, CV B" lists who shipped and
    # "antara lain ikan, teri, udang" what was shipped
    # ... but "antara lain kopi ke Jepang, rumput laut ke Tiongkok" lists what went where
    background += [m.group(0) for m in cues.MARKET_LIST.finditer(text)
                   if any(0 <= c - (start + m.end()) <= 25
                          and not re.search(r"\b(?:ke|tujuan)\s+$", ctx.text[start + m.end() : c], re.I)
                          for c in ctx.country_starts)]
    if background and all(cues.EXAMPLE_COUNTRIES.fullmatch(b) for b in background) and _goods_told(text, ctx, start):
        background = []  # "Produk itu dikirim ke sejumlah negara seperti Jepang": where the told goods went
    # "Sebelumnya, pada Juli lalu, koperasi ini juga mengirim 2 ton biji kakao fermentasi ke Belgia": an earlier
    # send of this year, dated and counted, is a shipment of its own, not background
    if background_para or any(cues.EARLIER.fullmatch(b) for b in background):
        this_year = [d for d in ctx.dates if start <= d.start < end and d.day is not None and d.year
                     and ctx.published and d.year == ctx.published.year and not speech_dated(ctx.text, d)]
        if sent_verb and (amounts or any(start <= m.start < end for m in ctx.money)) and (
                cues.RECENT_MONTH.search(text) or re.search(r"\bpekan\s+sebelumnya\b", text, re.I) or this_year):
            background = [b for b in background if not cues.EARLIER.fullmatch(b)]
            background_para = False
    # "Setelah sempat dikirim dalam jumlah kecil tahun lalu, kini 4.800 batang stek ... kembali dilepas": the
    # earlier send leads into this one
    then_now = _THEN_NOW.match(text)
    if then_now and background and (cues.RELEASE.search(text, then_now.end()) or cues.SEND_VERB.search(
            text, then_now.end())):
        background = [b for b in background if b in text[then_now.end():]]
    if background_para or background:
        contract_only = all(cues.CONTRACT.fullmatch(b) for b in background)
        # "Nilai ekspor produk UMKM yang dilepas Gubernur, Rabu (11/9/2024), mencapai Rp 5 miliar": a dated
        # release's own total, not a statistic
        own_total = release and timed and all(_RELEASE_TOTAL.fullmatch(b) for b in background)
        # "11,5 ton gula aren itu dikirim ke tiga negara, ..., dengan nilai ekspor mencapai Rp 535.000.000": the
        # value of the amount sent, not a statistic
        own_total = own_total or (counted_send and all(b.lower() == "nilai ekspor" for b in background))
        if not ((release and contract_only) or own_total) or background_para:
            return "other", "background", strength
    if concrete:
        # "ekspor perdana ke Filipina merupakan peluang": a first with nothing sent, released or dated
        only_first = first and not (release or (ship and (timed or success or again or counted)))
        return "shipment", "first-only" if only_first else "concrete", strength
    if market:
        return "market_presence", "market", strength
    return "other", "weak", strength


def _later_this_month(text: str, ctx: Context) -> bool:
    """'akhir bulan ini' told early in the month, 'pertengahan bulan ini' in its first days: not yet."""
    m = cues.LATER_THIS_MONTH.search(text)
    if not m or not ctx.published:
        return False
    return ctx.published.day <= (20 if m.group(0).lower().startswith("akhir") else 10)


def _plan_word(text: str) -> re.Match[str] | None:
    """The first plan word that is not part of a name ('Pelabuhan Tanjung Harapan', 'Koperasi Harapan Jaya')."""
    for m in cues.PLAN.finditer(text):
        if m.group(0) == "Harapan" and re.search(r"[A-Z][\w-]*\s+$", text[max(0, m.start() - 30) : m.start()]):
            continue
        return m
    return None


def _goods_told(text: str, ctx: Context, start: int) -> bool:
    """The clause opens on goods told of before: 'Produk itu ...', 'Gula semut tersebut ...'."""
    m = cues.GOODS_ANAPHOR.match(text)
    if not m:
        return False
    return bool(cues.GOODS_WORD.search(m.group(0))) or any(start <= p.start < start + m.end() for p in ctx.products)


def find_clauses(doc: Doc, ctx: Context) -> list[Clause]:
    text = ctx.text
    skip = [(e.start, e.end) for e in ctx.exporters] + [(m.start, m.end) for m in ctx.money]
    countries = [(s.start_char, s.end_char, s._.iso2) for s in doc.spans["countries"]
                 if not overlaps((s.start_char, s.end_char), skip)]
    newlines = [m.start() for m in re.finditer(r"\n", text)]
    background_paras: set[int] = set()
    for i, (s, _e) in enumerate(ctx.sents):
        para = bisect.bisect_right(newlines, s)
        first_of_para = i == 0 or bisect.bisect_right(newlines, ctx.sents[i - 1][0]) != para
        if first_of_para and cues.BACKGROUND_PARAGRAPH.search(ctx.sent_text(i)):
            background_paras.add(para)

    clauses: list[Clause] = []
    for si, (sent_start, sent_end) in enumerate(ctx.sents):
        raw = clauses_of(text, sent_start, sent_end, tuple(c[0] for c in countries))
        groups: list[list[int]] = []  # a clause without a country joins its neighbour ("...; pengiriman 4 Mei")

        def has_country(a: int, b: int) -> bool:
            return any(a <= c[0] < b for c in countries)

        for cs, ce in raw:
            if groups and (not has_country(cs, ce) or not has_country(*groups[-1])):
                groups[-1][1] = ce
            else:
                groups.append([cs, ce])
        for cs, ce in (part for g in groups for part in _split_at_plans(text, g, countries)):
            kept = _destinations(text, cs, ce, countries)
            if not kept:
                continue
            iso2s = list(dict.fromkeys(iso for _s, _e, iso in kept))
            ctext = ctx.cue_text[cs:ce]
            importer = any(cues.IMPORTER_AFTER.match(text[e : e + 20]) for _s, e, _iso in kept)
            lead = _list_lead(ctx, si)
            # "Kopi itu dijadwalkan tiba di Jepang": the released goods' arrival names their destination
            onward = cues.ONWARD.search(ctext)
            # "Pembelinya perusahaan di Osaka, Jepang": where the buyer is (a release nearby makes it a send)
            buyer = any(cues.BUYER_AT.search(text[cs:s0]) for s0, _e, _iso in kept)
            contents = cues.CONTENTS.search(ctext)  # "komoditas itu terdiri atas bibit 98.882 gram ke Belanda"
            if not (importer or buyer or contents or lead is not None or onward or cues.EXPORT.search(ctext)
                    or cues.EXPORT.search(ctx.sent_text(si)) or cues.SEND_VERB.search(ctext) or _amount_to(ctx, kept)):
                continue
            para = bisect.bisect_right(newlines, cs)
            last_country_end = max(e for _s, e, _iso in kept) - cs
            status, reason, strength = clause_status(ctext, ctx, cs, para in background_paras, last_country_end)
            if lead is not None and reason == "weak":
                # "- CV A: 2 ton jahe ke Jepang" under "melepas ekspor ..., berikut rinciannya:"
                a, b = ctx.sents[lead]
                status, reason, strength = clause_status(ctx.cue_text[a:b], ctx, a, False)
                reason = "list-item" if status == "shipment" else reason
                # "Adapun rincian ekspor kelima UMKM tersebut:" over rows that each give goods, an amount and a
                # country: a table of shipments (a table under a plan or a statistic keeps its lead's status)
                if reason == "weak" and TABLE_ROW.match(ctx.sent_text(si)) and any(
                        cs <= q.start < ce and concrete_quantity(ctx, q) for q in ctx.quantities):
                    status, reason, strength = "shipment", "table-row", 0.5
            positions: dict[str, int] = {}
            for s0, _e0, iso in kept:
                positions.setdefault(iso, s0)
            clauses.append(Clause(cs, ce, si, iso2s, status, reason, strength, positions=positions))
    _colon_lists(clauses, text)
    _contrasted_parts(clauses, ctx)
    _planned_firsts(clauses)
    _headline_overstates(clauses, ctx)
    _propagate_release(clauses, ctx, countries)
    _roundup_items(clauses, ctx, countries)
    _contrasted_parts(clauses, ctx)  # the other part of an item found only now
    _sent_next(clauses, ctx, countries)
    _countryless_sends(clauses, ctx, countries)
    _one_exporters_sends(clauses, ctx)
    return clauses


def _headline_overstates(clauses: list[Clause], ctx: Context) -> None:
    """'Kerajinan Rotan Tegalwangi Menuju Pasar Jepang, Dua Truk Diberangkatkan' over a body that tells the trucks
    going to a warehouse in Kota Semarang: when the headline is the only shipment and the body's goods went to an
    Indonesian place, the headline tells where they may end up, not a shipment."""
    shipped = [c for c in clauses if c.status == "shipment"]
    if not shipped or any(c.sent != 0 for c in shipped) or not ctx.sents:
        return
    first_line = ctx.text.find("\n")
    title = ctx.text[:first_line].strip() if first_line >= 0 else ""
    if not title or first_line > ctx.sents[0][1] or len(title) > 160 or title[-1] in ".!?\"”":
        return  # no headline line of its own (a lead sentence ends with its full stop)
    for s, e in ctx.sents[1:]:
        if not cues.CARRY.search(ctx.cue_text[s:e]):
            continue
        stops = [m.end() for m in _TO_PLACE.finditer(ctx.cue_text, s, e)
                 if any(m.start(1) <= r[0] < m.end(1) for r in ctx.regions)]
        # ("diangkut ke gudang eksportir di Kota Semarang, lalu dimuat ke kapal": the usual road to a port)
        if stops and not cues.ONWARD_ROUTE.search(ctx.cue_text, stops[0], e):
            for c in shipped:
                c.status, c.reason = "other", "headline-domestic"
            return


def _one_exporters_sends(clauses: list[Clause], ctx: Context) -> None:
    """'CV Jati Ukir Sentosa ... Pengiriman pertama dilakukan Maret 2023. Satu kontainer 40 feet berisi 320 set
    kursi taman dikirim ke pembeli di Gent, Belgia': in a story about one exporter's shipments, each counted
    send of goods to a country is one of them, however far from the name."""
    if not one_exporter(ctx) or not any(c.status == "shipment" and c.reason == "concrete" for c in clauses):
        return
    for c in clauses:
        ctext = ctx.cue_text[c.start : c.end]
        if c.reason != "weak" or cues.PERIOD.search(ctx.sent_text(c.sent)):
            continue
        sent = cues.SEND_VERB.search(ctext) or _cargo_travels(ctx.text, c.start, min(c.positions.values()))
        if sent and any(c.start <= q.start < c.end and concrete_quantity(ctx, q) for q in ctx.quantities):
            c.status, c.reason = "shipment", "exporter-send"


# ... also through a facility: "menuju gudang eksportir di Bandar Lampung", "ke gudang konsolidasi milik PT X di Kota
# Semarang"
_TO_PLACE = compile_fast(r"\b(?:ke|tujuan|menuju)\s+(?:negara\s+)?"
                         r"(?:(?:[Gg]udang|[Pp]abrik|[Dd]epo)\b[^.;,\n]{0,70}?\bdi\s+)?([A-Z][\w-]+)")


def _places_sent_to(ctx: Context, s: int, e: int) -> list[tuple[str, bool]]:
    """Each place the span sends goods to ('dikirim ke Pontianak', 'tujuan Sandakan'), with whether it is an
    Indonesian region."""
    return [(m.group(1), any(s + m.start(1) <= r[0] < s + m.end(1) for r in ctx.regions))
            for m in _TO_PLACE.finditer(ctx.cue_text[s:e])]


_DOMESTIC_ROUTE = compile_fast(r"\b(?:tol\s+laut|antar-?pulau|antar-?daerah|antar-?area|antar-?wilayah|antar-?provinsi|"
                               r"kapal\s+Pelni)\b", re.IGNORECASE)


def _release_is_inspection(text: str) -> bool:
    """Every release word of the text is an inspection ("diperiksa", "sertifikat kesehatan"); true without any."""
    return all(cues.INSPECTION.fullmatch(m.group(0)) for m in cues.RELEASE.finditer(text))


def _procedure(ctx: Context, s: int, e: int) -> bool:
    """'Untuk ekspor, pemeriksaan dan sertifikasi dilakukan kembali di pelabuhan muat': an inspection named with no
    goods, amount or day is how exports are handled, not a release."""
    text = ctx.cue_text[s:e]
    if not cues.RELEASE.search(text) or not _release_is_inspection(text) or cues.GOODS_WORD.search(text):
        return False  # ("Sebelum dikirim, seluruh muatan harus melewati pemeriksaan": this consignment's goods)
    return not any(s <= x.start < e for x in [*ctx.quantities, *ctx.dates, *ctx.products])


def domestic_send(ctx: Context, s: int, e: int) -> bool:
    """'... dikirim ke Pontianak', 'dikirim dengan kapal tol laut dari Dobo': the sentence sends goods to an
    Indonesian region, or by a domestic route."""
    return any(domestic for _word, domestic in _places_sent_to(ctx, s, e)) or bool(
        _DOMESTIC_ROUTE.search(ctx.cue_text[s:e]))


def _countryless_sends(clauses: list[Clause], ctx: Context, countries: list[tuple[int, int, str]]) -> None:
    """'Ekspor produk pelaku usaha Kota Jayapura lewat PLBN Skouw ke Papua Nugini terus bertambah. ... Pada 5
    Januari ada 1,6 ton ikan cakalang segar ...': in a story that names one foreign country only, and names it in
    no shipment, the dated or recent sends of counted goods told without a country went there."""
    if not clauses:
        return
    dests = {iso for _s, _e, iso in countries}
    if len(dests) != 1:
        return
    iso = dests.pop()
    shipped = any(c.status == "shipment" for c in clauses)
    added = []
    for si, (s, e) in enumerate(ctx.sents):
        if any(s <= c[0] < e for c in countries) or any(c.sent == si for c in clauses):
            continue
        stext = ctx.cue_text[s:e]
        if any(not cues.CONTINENT.match(word) for word, _domestic in _places_sent_to(ctx, s, e)):
            continue  # "dikirim ke Pontianak", "ke Sandakan": a domestic send, or a place we cannot name
        # "Awal tahun ini juga sudah ada pengiriman ikan segar. Pada 5 Januari ada 1,6 ton ...": the send is told
        # in the sentence before the amounts
        prev = ctx.cue_text[slice(*ctx.sents[si - 1])] if si else ""
        if not (cues.SHIP.search(stext) or cues.SEND_VERB.search(stext) or cues.SHIP.search(prev)):
            continue
        if cues.told_over_period(stext) or cues.PLAN.search(stext) or cues.PLAN.search(prev):
            continue
        counted = [q for q in ctx.quantities if s <= q.start < e and concrete_quantity(ctx, q)]
        if not counted or not any(s <= p.start < e and not p.generic for p in ctx.products):
            continue
        timed = bool(cues.RECENT.search(stext)) or any(
            s <= d.start < e and d.day is not None and not speech_dated(ctx.text, d) for d in ctx.dates)
        if shipped and cues.LARGE_WORDS.search(stext):
            continue  # "PT A, eksportir besar asal Surabaya, juga mengapalkan 40 ton pala": not the story's SME
        if shipped and _sums_a_shipment(ctx, counted, clauses):
            continue  # "Sebanyak 70 ton produk kelapa dilepas ..." over "kopra putih 48 ton dan bungkil 22 ton"
        status, reason, strength = clause_status(stext, ctx, s, False)
        if status == "shipment" or (reason == "weak" and timed):
            # beside a shipment told with its country, a send told without one is an item of the story, never
            # its main clause
            added.append(Clause(s, e, si, [iso], "shipment", "countryless", 0.5 if shipped else max(strength, 0.5)))
    clauses.extend(added)
    clauses.sort(key=lambda c: c.start)


def _sums_a_shipment(ctx: Context, counted: list, clauses: list[Clause]) -> bool:
    """An amount that is the sum of two or more amounts of one shipment clause (a total told over its items)."""
    for c in clauses:
        if c.status != "shipment":
            continue
        parts = [q for q in ctx.quantities if c.start <= q.start < c.end and concrete_quantity(ctx, q)]
        if len(parts) < 2 or len({q.unit for q in parts}) != 1:
            continue
        total = sum(q.value for q in parts)
        if any(q.unit == parts[0].unit and abs(q.value - total) <= 0.02 * total for q in counted):
            return True
    return False


def _roundup_items(clauses: list[Clause], ctx: Context, countries: list[tuple[int, int, str]]) -> None:
    """'Lima UMKM melepas ekspor perdana, Selasa. CV A mengirim 12 ton ke Jerman. ... Dua UMKM lain, yakni KUB B
    dan CV C, mengirim produknya ke Jepang': after a release that names no country, a named exporter's send
    in the sentences that follow is one of the released shipments, even without its own amount or day."""
    if not any(c.status == "shipment" and c.reason in ("concrete", "release-nearby") for c in clauses):
        return
    anchors = [i for i, (s, e) in enumerate(ctx.sents)
               # "tiga UKM binaan Kemendag yang baru saja menjalani ekspor perdana": a first export counts too
               if not any(s <= c[0] < e for c in countries)
               and (cues.RELEASE.search(ctx.cue_text[s:e]) or cues.FIRST.search(ctx.cue_text[s:e]))
               and cues.EXPORT.search(ctx.sent_text(i))
               and clause_status(ctx.cue_text[s:e], ctx, s, False)[0] == "shipment"]
    last = None  # a long roundup goes on from item to item: the last shipment after the release carries it on
    shipped = {iso for c in clauses if c.status == "shipment" for iso in c.iso2s}
    for c in clauses:
        in_reach = any(0 < c.sent - a <= 8 for a in anchors) or (last is not None and 0 <= c.sent - last <= 4)
        if c.status == "shipment" and (in_reach or c.reason == "concrete"):
            last = c.sent  # ... and so does a roundup whose items are each a full shipment sentence
        if c.reason != "weak" or not in_reach:
            continue
        ctext = ctx.cue_text[c.start : c.end]
        named = cues.SHIP.search(ctext) and any(c.start <= x.start < c.end for x in ctx.exporters)
        # "Sebanyak 5.170,8 kilogram sarang walet dikirim ke Hongkong, ...": an amount sent, after the release
        # ... and "komoditas tumbuhan itu terdiri atas bibit 98.882 gram ke Belanda, kopi 6,6 kg ke Taiwan"
        # ... and "Pasar Jepang juga menerima 8 ton ikan kayu dari koperasi nelayan di Kota Bitung"
        # ... and "Sisanya kiriman kecil, yakni kopi 2,4 ton ke Korea Selatan, sarang walet 85 kg ke Tiongkok"
        # ... and '"Yang lain ada rumput laut kering 27 ton ke Korea Selatan, kopi 4,8 ton ke Jepang," kata X'
        # (a destination already shipped to, told again without a verb, is the same item told again)
        again = set(c.iso2s) <= shipped
        sent = (cues.SEND_VERB.search(ctext) or cues.CONTENTS.search(ctext) or cues.RECEIVED.search(ctext)
                or cues.SHIP.search(ctext) or cues.SOLD.search(ctext)
                or (not again and _amount_to(ctx, [(p, p, iso) for iso, p in c.positions.items()])))
        counted = sent and not cues.PERIOD.search(ctx.sent_text(c.sent)) and any(
            c.start <= q.start < c.end and concrete_quantity(ctx, q) for q in ctx.quantities)
        # "madu hutan produksi kelompok tani hutan di Sumbawa dikirim ke Uni Emirat Arab": a producer's goods sent
        produced = cues.SEND_VERB.search(ctext) and cues.SME_WORDS.search(ctext)
        if named or counted or produced:
            c.status, c.reason = "shipment", "roundup-item"
            last = c.sent


def _sent_next(clauses: list[Clause], ctx: Context, countries: list[tuple[int, int, str]]) -> None:
    """'Korea Selatan memesan kursi rotan buatan UKM X. Pesanan tersebut dikirim dalam satu kontainer 40 feet':
    the next sentence sends the goods of a clause that only named their buyer's country."""
    for c in clauses:
        if c.reason != "weak":
            continue
        # the next sentence, or the one after a line the page broke off ("... (LLP-KUKM)\nKementerian Koperasi.")
        for si in range(c.sent + 1, min(c.sent + 3, len(ctx.sents))):
            s, e = ctx.sents[si]
            nxt = ctx.cue_text[s:e]
            if any(s <= x[0] < e for x in countries) or any(o.sent == si for o in clauses):
                break
            if not cues.GOODS_ANAPHOR.match(nxt.lstrip()[:80]):
                continue
            sent = cues.SEND_VERB.search(nxt) and not cues.PLAN.search(nxt) and not cues.PERIOD.search(nxt) and not (
                domestic_send(ctx, s, e) or cues.SOLD.search(nxt))  # "... dijual ke pedagang dan dikirim ke Surabaya"
            if sent and (cues.ORDER.search(ctx.cue_text[c.start : c.end])
                         or clause_status(nxt, ctx, s, False)[0] == "shipment"):
                c.status, c.reason, c.anchors = "shipment", "sent-next", (si,)
            break


def _amount_to(ctx: Context, kept: list[tuple[int, int, str]]) -> bool:
    """'kopi arabika 4,8 ton ke Jepang': an amount of goods just before 'ke <country>' (or the amount and then
    the goods: 'dengan 14 ton kacang mete gelondong ke Vietnam')."""
    def near(q, c0: int) -> bool:
        return 0 <= c0 - q.end <= 16 or any(0 <= p.start - q.end <= 2 and 0 <= c0 - p.end <= 14 and not p.generic
                                            for p in ctx.products)
    return any(re.search(r"\b(?:ke|tujuan)\s+(?:negara\s+)?$", ctx.text[max(0, c0 - 14) : c0])
               and any(near(q, c0) and concrete_quantity(ctx, q) for q in ctx.quantities)
               for c0, _e, _iso in kept)


def _colon_lists(clauses: list[Clause], text: str) -> None:
    """'Tiga eksportir melepas produknya, Rabu: PT A dengan 1,5 ton cengkeh ke India; CV B dengan 18 ton briket
    ke Arab Saudi; serta UD C ...': the items after a release's colon are shipments like the first one."""
    for i, c in enumerate(clauses):
        if c.reason != "weak" or i == 0:
            continue
        head = clauses[i - 1]
        opens = ":" in text[head.start : head.end] or head.reason == "list-item"  # the list goes on
        if head.sent == c.sent and head.status == "shipment" and opens and not text[head.end : c.start].strip(" ;,\n"):
            c.status, c.reason, c.strength = "shipment", "list-item", head.strength


_CONTRAST = compile_fast(r"\W*(?:sedangkan|sementara|serta)\b", re.IGNORECASE)


def _contrasted_parts(clauses: list[Clause], ctx: Context) -> None:
    """'56 ton pinang dikirim ke Mundra, India, sedangkan satu kontainer lainnya berisi 28 ton menuju Karachi,
    Pakistan': the other part of a shipment sentence, with its own amount, is shipped too."""
    merged: list[Clause] = []
    for c in clauses:
        head = merged[-1] if merged else None
        # ... or its own goods or exporter (", serta gula semut produksi Koperasi Nira dari Banyumas, ke AS")
        own = any(c.start <= q.start < c.end and concrete_quantity(ctx, q) for q in ctx.quantities) or any(
            c.start <= x.start < c.end for x in [*ctx.exporters, *(p for p in ctx.products if not p.generic)])
        if (head is not None and c.reason == "weak" and head.sent == c.sent and head.status == "shipment"
                and _CONTRAST.match(ctx.text, c.start) and own):
            # one shipment clause with a part per destination, so each part keeps its own amount
            head.end = c.end
            head.iso2s = list(dict.fromkeys(head.iso2s + c.iso2s))
            for iso, pos in c.positions.items():
                head.positions.setdefault(iso, pos)
            continue
        merged.append(c)
    clauses[:] = merged


# "- CV A ...", "1. CV A ...", a table row "1 | CV A | Garut | kopi | 6 ton", "Kedua, UD B dari Tanjung Selor, ..."
BULLET = compile_fast(r"\s*(?:[-–•*·]|\d{1,2}[.)]|\|?\s*\d{1,2}\s*\||(?:Pertama|Kedua|Ketiga|Keempat|Kelima|Keenam|"
                     r"Ketujuh|Terakhir),?)\s+|(?=[^\n|]*\|[^\n|]*\||[^\n]*?\S {3,}\S[^\n]*?\S {3,}\S)")
# (or any row of three or more cells) "8 Jan 2025 | UD Celuk Silver Art | Gianyar | Perhiasan perak | 3,2 kg | Amerika
# Serikat", and columns aligned with spaces: "1   Pinang biji kering   CV Pinang Betara Jaya   Kota Jambi   54 ton"
TABLE_ROW = compile_fast(r"[^\n|]*\|[^\n|]*\||[^\n]*?\S {3,}\S[^\n]*?\S {3,}\S")


def _list_lead(ctx: Context, si: int) -> int | None:
    """For a bulleted line or a 'Rinciannya, ...' sentence, the sentence that introduces the list when it speaks
    of exporting."""
    if not (BULLET.match(ctx.sent_text(si)) or cues.CONTINUATION.match(ctx.cue_text, ctx.sents[si][0])):
        return None
    heads = 0
    for j in range(si - 1, max(-1, si - 12), -1):
        if BULLET.match(ctx.sent_text(j)) or ctx.sent_text(j).lstrip().startswith("|"):
            continue  # another item, or a table's header and rule rows
        # ("Adapun rincian komoditas yang disertifikasi sebagai berikut:" over a quarantine office's table)
        if cues.EXPORT.search(ctx.sent_text(j)) or cues.RELEASE.search(ctx.cue_text, *ctx.sents[j]):
            return j
        heads += 1
        if heads == 2:  # "..., Senin. Berikut rinciannya:" : the release is one sentence above the heading
            return None
    return None


def _planned_firsts(clauses: list[Clause]) -> None:
    """'PT X akan mengekspor 3.000 unit ke Filipina ... ekspor perdana ke Filipina': a first shipment that the
    article also announces as a plan is still a plan."""
    planned = {iso for c in clauses if c.status == "plan" for iso in c.iso2s}
    for c in clauses:
        if c.reason == "first-only" and set(c.iso2s) <= planned:
            c.status, c.reason = "plan", "planned-first"


_PAST_AFTER_COMMA = compile_fast(
    r",\s*(?:setelah|sesudah|menyusul)\s+(?:sebelumnya|sempat|pernah|pada\s+(?:tahun\s+)?(?:19|20)\d\d)\b"
    r"|,\s*(?:sebelumnya|sebelum\s+ini)\b", re.IGNORECASE)


THEN_SENT = compile_fast(r"\b(?:kemudian|lalu|selanjutnya|setelah\s+itu)\s+(?:disusul\s+)?(?:di|ber|meng?|peng?)?"
                        r"(?:kirim|irim|ekspor|kapal|berangkat)\w*", re.IGNORECASE)
_WAS_DELAYED = compile_fast(r"\b(?:sempat|pernah|setelah|sesudah|sebelumnya)\s+(?:\w+\s+){0,2}$", re.IGNORECASE)
_LARGEST_ITEM = compile_fast(r"\b(?:volume|jumlah|tonase|muatan|kiriman|pengiriman|penyumbang|porsi|pengirim|"
                           r"pengekspor|eksportir|komoditas)\s+(?:\w+\s+)?"
                           r"(?:terbesar|terbanyak|paling\s+banyak)\b", re.I)
_MENTORED = compile_fast(r"\s*(?:telah\s+|sudah\s+)?(?:dibina|didampingi|dibimbing|bermitra|menjadi\s+binaan)",
                       re.IGNORECASE)
_PAST_LEAD = compile_fast(r"\W*(?:setelah|sesudah|usai)\s+(?:lebih\s+dahulu|lebih\s+dulu|sebelumnya|sempat|pernah|"
                        r"sukses|berhasil)\b[^,;]*,", re.IGNORECASE)


def _split_at_plans(text: str, clause: list[int], countries: list[tuple[int, int, str]]) -> list[tuple[int, int]]:
    """'melepas ... ke Jepang, dan berharap ke depan menembus Korea': a plan word between two countries
    starts a new clause, so each country keeps the status of the words that lead to it."""
    cs, ce = clause
    inside = [c for c in countries if cs <= c[0] < ce]
    if len(inside) < 2:
        return [(cs, ce)] if ce > cs else []  # every cut below needs a country before it and one after
    cuts = []
    for m in cues.PLAN.finditer(text, cs, ce):
        if any(c[1] <= m.start() for c in inside) and any(c[0] >= m.end() for c in inside):
            # ("... milik UD Ata Sari yang akan dikirim ke Australia dan Jepang dilepas": a relative plan stays)
            if not cues.RELATIVE_PLAN.match(text, max(cs, m.start() - 5)) and not re.search(
                    r"\byang\s+$", text[max(cs, m.start() - 8) : m.start()], re.IGNORECASE):
                cuts.append(m.start())
    # "melepas ... ke Mesir, Rabu, setelah sebelumnya mengirim 10 ton ke Jepang pada 2023": the past told after
    # a comma is a clause of its own, and the release keeps its own status
    for m in _PAST_AFTER_COMMA.finditer(text, cs, ce):
        if any(c[1] <= m.start() for c in inside) and any(c[0] >= m.end() for c in inside):
            cuts.append(m.start())
    # "Setelah lebih dahulu menembus pasar Singapura dan Hongkong, mangga Cirebon kini ... tujuan Bahrain": the
    # past that opens the sentence is a clause of its own
    m = _PAST_LEAD.match(text, cs)
    if m and any(c[1] <= m.end() for c in inside) and any(c[0] >= m.end() for c in inside):
        cuts.append(m.end())
    cuts.sort()
    bounds = [cs, *cuts, ce]
    return [(a, b) for a, b in zip(bounds, bounds[1:], strict=False) if b > a]


def _destinations(text: str, cs: int, ce: int, countries: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Country mentions in a clause that can be destinations: not an origin abroad, a trip, a venue or a transit."""
    kept: list[tuple[int, int, str]] = []
    decided: dict[int, bool] = {}
    for c0, c1, iso in countries:
        if not cs <= c0 < ce:
            continue
        # "Bangkok, Thailand" and "Singapura, Jepang, ... dan Oman": a list shares its first country's reading
        prev = next(((s, e, i) for s, e, i in countries
                     if 0 < c0 - e <= 8 and text[e:c0].strip() in (",", "dan", ", dan", "serta", ", serta")), None)
        if prev is not None and prev[0] in decided:  # "Bangkok, Thailand" shares the city's reading
            ok = decided[prev[0]]
        else:
            before = text[max(cs, c0 - 30) : c0]
            # "pesanan pembeli asal Australia ... telah dikirim": goods sent to a buyer go to the buyer's country
            buyer = re.search(r"\b(?:pembeli|buyer|importir|pemesan)\s+(?:asal|dari)\s+(?:negara\s+)?$", before,
                              re.IGNORECASE) and re.search(r"\b(?:dikirim|terkirim|dikapalkan|diberangkatkan)\w*\b",
                                                           text[cs:ce], re.IGNORECASE)
            # "mengirim 5 ton kopi kepada PT Kopi Jepang Trading di Jepang": the consignee's country
            # ... and "mengirim 85 lembar kain ke sebuah galeri seni di Darwin, Australia": a buyer's shop
            consignee = re.search(r"\b(?:kepada|untuk|ke)\s+(?:PT\.?\s+|CV\.?\s+)?(?:[A-Z][\w.&-]*\s+){1,6}di\s+$",
                                  text[max(cs, c0 - 80) : c0]) or _CONSIGNEE_SHOP.search(text, max(cs, c0 - 80), c0)
            # "dikapalkan menuju Kolkata, India, sebelum dibawa lewat jalur darat ke Kathmandu, Nepal": a stop
            onward_after = _ONWARD_AFTER.match(text, c1, ce) and any(c1 < o0 < ce for o0, _o1, _i in countries)
            ok = not onward_after and not cues.TRANSIT_AT.search(text[max(cs, c0 - 70) : c0]) and (
                bool(buyer or consignee or cues.BUYER_AT.search(text[cs:c0])) or not (
                re.search(r"\b(asal|dari|impor dari|terutama dari|delegasi|pembeli dari|buyer dari|investor)\s+"
                          r"(?:asal\s+)?(negara\s+)?$",
                          before, re.IGNORECASE)
                or (cues.TRAVEL.search(before) and not _cargo_travels(text, cs, c0))
                or cues.NOT_DESTINATION_BEFORE.search(before)
                or cues.EXPORTING_COUNTRY_BEFORE.search(before)
                or _inside_name(text, c0, countries)
                # told before: "selain ke Jepang", "Tak hanya ke Dubai, pekan sebelumnya ... ke Singapura"
                or re.search(r"\b(?:selain|(?:tak|tidak|bukan)\s+hanya|tak\s+cuma)\s+(?:ke|di|dari)?\s*(?:negara\s+)?$",
                             before, re.IGNORECASE)
            ))
        # "roaster di kawasan Asia Pasifik, Eropa, Amerika, Timur Tengah": the continent, not the United States
        if ok and text[c0:c1].lower() == "amerika" and cues.CONTINENT.search(text, max(0, c0 - 40),
                                                                             min(len(text), c1 + 40)):
            ok = False
        decided[c0] = ok
        if ok:
            kept.append((c0, c1, iso))
    return kept


_ONWARD_AFTER = compile_fast(r"[^.;]{0,30}?\bsebelum\s+(?:di\w+|lanjut|melanjutkan|diteruskan|dilanjutkan)\b"
                             r"[^.;]{0,60}?\bke\s", re.IGNORECASE)
_CONSIGNEE_SHOP = compile_fast(
    r"\bke\s+(?:sebuah\s+|seorang\s+|salah\s+satu\s+|beberapa\s+|para\s+)?(?:galeri|toko|gerai|butik|importir|"
    r"pembeli|buyer|distributor|agen|restoran|perusahaan|jaringan|supermarket|swalayan|pedagang|mitra|pelanggan|"
    r"hotel|peritel|ritel)\b(?:\s+[\w-]+){0,4}\s+di\s+$", re.IGNORECASE)


def _cargo_travels(text: str, cs: int, c0: int) -> bool:
    """'Kapal pengangkut 3 kontainer arang bertolak ke Arab Saudi': the goods are what departs, not a person
    ('Usai melepas 3 kontainer, Bupati berangkat ke Jepang' is a trip)."""
    head = text[max(cs, c0 - 110) : c0]
    verbs = list(cues.TRAVEL_VERB.finditer(head))
    return bool(verbs) and bool(re.search(rf"(?:{cues.CARGO.pattern})[^,;]{{0,60}}$", head[: verbs[-1].start()],
                                          re.IGNORECASE))


_NAME_OK_BEFORE = {"Negara", "Negeri", "Pasar", "Tujuan", "Kota", "Ke", "Kerajaan", "Republik", "Benua", "Kawasan",
                   "Ekspor", "Dari", "Dan", "Pelabuhan", "Bandara", "Port", "Terminal", "Wilayah", "Provinsi"}


def _inside_name(text: str, pos: int, countries: list[tuple[int, int, str]]) -> bool:
    """'Business Matching Hongkong' names an event, not a destination; 'Tawau Malaysia' is a place."""
    m = re.search(r"([A-Z][\w-]*)\s+$", text[max(0, pos - 30) : pos])
    if not m or m.group(1) in _NAME_OK_BEFORE:
        return False
    word_start = pos - len(m.group(0))
    if any(s <= word_start < e for s, e, _ in countries):
        return False
    prev = text[max(0, word_start - 3) : word_start]
    if re.search(r"[.!?\n]\s*$", prev) or word_start == 0:
        return False  # sentence-initial capital
    return not re.search(r"\b(ke|di|tujuan|menuju|asal|dari)\s+$", text[max(0, word_start - 12) : word_start], re.I)


def _propagate_release(clauses: list[Clause], ctx: Context, countries: list[tuple[int, int, str]]) -> None:
    """A release sentence that names no country lends itself to the nearest destination clause."""
    if any(c.status == "shipment" or c.reason == "rejected" for c in clauses):
        return  # (goods turned back at their destination: their sending is the story's background)
    anchors = []
    for i, (s, e) in enumerate(ctx.sents):
        if any(s <= c[0] < e for c in countries):
            continue
        if not cues.EXPORT.search(ctx.sent_text(i)) or domestic_send(ctx, s, e):
            continue  # (a release "ke Pontianak" is a domestic send)
        status, _reason, _ = clause_status(ctx.cue_text[s:e], ctx, s, False)
        if status == "shipment" and not _procedure(ctx, s, e):
            anchors.append(i)
    # "Hari ini kami melepas tujuh kontainer ... Produk itu akan diberangkatkan menuju 10 negara": the released
    # goods' onward journey names their destinations
    # ... also told before the release ("Seluruh produk itu akan dikirimkan ke 10 negara. ... Hari ini kami
    # memberangkatkan tujuh kontainer")
    onward = [c for c in clauses if c.reason == "plan" and cues.ONWARD.search(ctx.cue_text[c.start : c.end])
              and any(0 < abs(c.sent - a) <= 3 for a in anchors)]
    candidates = [c for c in clauses if c.reason in ("weak", "market")] + onward
    if not anchors or not candidates:
        return
    best = min(candidates, key=lambda c: (min(abs(c.sent - a) for a in anchors), c.sent))
    # "Ini daftar negaranya: - Singapura - Jepang ... - Oman": the whole bulleted list goes with the release
    lead = _list_lead(ctx, best.sent) if BULLET.match(ctx.sent_text(best.sent)) else None
    for c in candidates:
        if c.sent == best.sent or (lead is not None and BULLET.match(ctx.sent_text(c.sent))
                                   and _list_lead(ctx, c.sent) == lead):
            c.status, c.reason, c.upgraded, c.anchors = "shipment", "release-nearby", True, tuple(anchors)
