"""Assemble export events from a processed Doc: the clauses (clauses.py) say where goods went and whether they
went; this module fills origin, exporter, product, quantity, value and date from each clause outward.

- a roundup of several shipments takes each event's fields from its own clause only;
- a clause naming several destinations gives each its own part ("8 ton ke Belanda dan 2 ton ke Jepang");
- a sentence listing goods with their own amounts gives one event per item;
- a shipment must name its goods or amount and who or where they came from.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import replace
from functools import cached_property
from typing import TYPE_CHECKING

from spacy.tokens import Doc

from . import cues
from .clauses import BULLET, THEN_SENT, domestic_send, find_clauses
from .context import (
    Clause,
    Context,
    build_context,
    concrete_quantity,
    one_exporter,
    sent_distance,
    short_form,
    speech_dated,
)
from .dates import DateMention, period_of, resolve
from .exporters import exporter_type
from .gazetteer import Gazetteer
from .patterns import compile_fast
from .products import ProductMention
from .quantities import Money, Quantity
from .records import Event, Origin

if TYPE_CHECKING:
    from .clause_model import ClauseModel

STATUS_RANK = {"shipment": 3, "plan": 2, "market_presence": 1, "other": 0}


_UNIT_RANK = {"kg": 0, "pair": 1, "piece": 1, "head": 1, "l": 1, "m3": 1, "container": 2}


def _dateline(ctx: Context, start: int, end: int) -> bool:
    """'Mataram (ANTARA) -' opens the story, also below a headline and a photo caption: the reporter's bureau."""
    return (start < 60 or bool(_LINE_START.search(ctx.text, max(0, start - 40), start))) and bool(
        re.match(r"\s*[,(\-–—]", ctx.text[end : end + 3]))


_LINE_START = compile_fast(r"(?:^|\n)[ \t]*(?:[A-Z][\w-]*\.(?:COM|com|CO\.ID|co\.id|ID|id)[ \t]*,[ \t]*)?$")


def _value_told_after(before: str) -> bool:
    """'Nilainya sekitar Rp 420 juta.', '... jadi semuanya sekitar Rp 112,5 juta': a sentence that opens on the
    value (or sums up with "jadi") tells the value of the send just told; "nilainya" further inside another
    send's sentence does not."""
    m = cues.VALUE_AFTER.search(before)
    if not m:
        return False
    lead = before[: m.start()]
    # ... and "18 ton serabut kelapa ..., yang nilainya ... Rp52,5 juta": the value of the goods just named
    return len(lead.strip(" \"“”'\n")) <= 12 or lead.rstrip().lower().endswith(("jadi", "yang"))


def _bulk(qty: Quantity | None, money: Money | None) -> bool:
    if qty is not None and qty.unit == "kg" and qty.value >= 2e7:
        return True
    if qty is not None and qty.unit == "pair" and qty.value >= 1e5:
        return True  # "412.000 pasang sepatu olahraga": a factory's shipment
    limits = {"IDR": 5e11, "USD": 3e7, "EUR": 3e7, "SGD": 4e7, "MYR": 1.4e8, "JPY": 4e9, "CNY": 2e8, "AUD": 4.5e7}
    return money is not None and money.amount >= limits.get(money.currency, float("inf"))


def _region_lists(ctx: Context) -> dict[int, int]:
    """Start of each region mention that is part of a list ("A, B dan C") -> start of the list."""
    out: dict[int, int] = {}
    regs = sorted(ctx.regions)
    run: list[int] = []
    for i, (start, _end, _codes, _explicit) in enumerate(regs):
        if run and re.fullmatch(r"\s*(?:,|,?\s+dan|,?\s+serta)\s*", ctx.text[regs[i - 1][1] : start]):
            run.append(start)
        else:
            if len(run) >= 2:
                out.update({s: run[0] for s in run})
            run = [start]
    if len(run) >= 2:
        out.update({s: run[0] for s in run})
    return out


def _kecamatan_support(ctx: Context, gz: Gazetteer, kab_code: str) -> int:
    """How many of this kab/kota's kecamatan are named (capitalised, unprefixed) in the article."""
    return len(set(gz.kecamatan_pattern(kab_code).findall(ctx.text)))


# what stands between a sender and its amount: "CV A mengirim 1,2 ton", "dan UD B 850 kg"
# "CV A mengirim 2 ton", "CV A dari Kota Payakumbuh mengirim 2.500 kaleng": the sender, its place, its amount
_SENDER_GAP = compile_fast(r"\s*(?:,?\s*(?:dari|asal)\s+(?:(?:Kota|Kabupaten|Kab\.|Desa|Kecamatan)\s+)?[A-Z][\w'-]*"
                           r"(?:\s+[A-Z][\w'-]*){0,2}\s*)?"
                           r"(?:,\s*)?(?:(?:juga|telah|sudah|berhasil)\s+)?(?:(?:meng|meny|mem|men|me)\w+\s+"
                           r"(?:(?:sebanyak|sekitar)\s+)?)?")
_GOODS_AFTER_AMOUNT = compile_fast(r"\s*(?:(?:berisi|berupa|isinya)\s+)?", re.IGNORECASE)
_OWNED_BY = compile_fast(r"\s*(?:,\s*)?(?:milik|produksi|hasil|dari|kiriman)\s+", re.IGNORECASE)
_PAIR_GAP = compile_fast(r"\s*(?:,\s*)?(?:sebanyak|seberat|berjumlah|dengan (?:volume|bobot|berat)|volume|sekitar|:)?"
                         r"\s*",
                       re.IGNORECASE)


def _product_quantity_pairs(ctx: Context, a: int, b: int) -> list[tuple[ProductMention, Quantity]]:
    """Products in [a, b) written right before or right after a stated amount ('jeruk 550 kg', '2 ton kelapa')."""
    prods = [p for p in ctx.products if a <= p.start < b and not p.generic]
    qtys = [q for q in ctx.quantities if a <= q.start < b and concrete_quantity(ctx, q)]
    pairs, used = [], set()
    for q in qtys:
        mate = next((p for p in prods if id(p) not in used and p.end <= q.start
                     and _PAIR_GAP.fullmatch(ctx.text[p.end : q.start])), None)
        if mate is None:
            mate = next((p for p in prods if id(p) not in used and p.start >= q.end
                         and re.fullmatch(r"\s*", ctx.text[q.end : p.start])), None)
        if mate is not None:
            used.add(id(mate))
            pairs.append((mate, q))
    return pairs


def _amounts(g: list[Clause], ctx: Context) -> list[Quantity]:
    return [q for c in g for q in ctx.quantities if c.start <= q.start < c.end and concrete_quantity(ctx, q)]


def _money_told(g: list[Clause], ctx: Context) -> set[float]:
    return {m.amount for c in g for m in ctx.money if c.start <= m.start < c.end and not m.unit_price}


def _senders_in(g: list[Clause], ctx: Context) -> set[str]:
    return {x.name for c in g for x in ctx.exporters if c.start <= x.start < c.end}


def _other_senders(mine: set[str], theirs: set[str]) -> bool:
    """Both name senders and none of mine is one of theirs, whole, shortened or abbreviated."""
    return bool(mine and theirs) and not any(
        a.startswith(b) or b.startswith(a) or short_form(a, b) or short_form(b, a) or a.split()[-2:] == b.split()[-2:]
        for a in mine for b in theirs)


def _sum_of_items(g: list[Clause], groups: list[list[Clause]], ctx: Context) -> bool:
    """The group names several destinations that other groups, one destination each and each with its own
    amount, cover all of, and it stands in the headline and lead or its amount is their sum: a summary of them,
    not a shipment of its own."""
    isos = set(g[0].iso2s)
    items = [h for h in groups if h is not g and len(h[0].iso2s) == 1 and h[0].iso2s[0] in isos]
    if {h[0].iso2s[0] for h in items} != isos:
        return False
    parts = [_amounts(h, ctx) for h in items]
    if not all(parts):
        return False
    if all(c.sent <= 3 for c in g):
        return True  # the headline and lead name them all ("Dua Kontainer Kerajinan ... ke Belanda dan Spanyol")
    total = sum(p[0].value for p in parts)
    return any(abs(q.value - total) <= 0.02 * total for q in _amounts(g, ctx) if q.unit == parts[0][0].unit)


def _carrier_of_items(g: list[Clause], groups: list[list[Clause]], ctx: Context) -> bool:
    """The group names no exporter and counts only containers, while two or more other groups to its one
    destination each name an exporter with an amount of goods: the box they all travelled in, not a shipment
    of its own."""
    if len(g[0].iso2s) != 1 or _senders_in(g, ctx):
        return False
    units = {q.unit for q in _amounts(g, ctx)}
    if units != {"container"}:
        return False
    items = [h for h in groups if h is not g and h[0].iso2s == g[0].iso2s and _senders_in(h, ctx)
             and any(q.unit != "container" for q in _amounts(h, ctx))]
    return len(items) >= 2


def _drop_covered(groups: list[list[Clause]], ctx: Context, told: frozenset[str] = frozenset()) -> list[list[Clause]]:
    """'dikirim ke lima negara, yaitu A, B, C...' followed by one sentence per shipment: the summary list adds
    nothing where a more specific clause names the same destination, so it keeps only what nobody else covers.
    A list with goods and an amount of its own ('walet 5.170 kg untuk pasar Hongkong, Taiwan ...') is a
    shipment of its own and keeps every destination. `told` are destinations that a named firm's own sentence
    covers without shipping ('Porsi terbesar datang dari PT Smoore ..., yang mengekspor ... ke Amerika Serikat')."""
    # "... tiga UMKM dikirim bersama dalam satu kontainer 20 feet ke Malaysia, Jumat (24/1/2025)" above each one's
    # send: the box is no event, and the items keep the release's sentence (its day and place)
    carriers = {i for i, g in enumerate(groups) if _carrier_of_items(g, groups, ctx)}
    lent = {tuple(groups[i][0].iso2s): tuple(c.sent for c in groups[i]) for i in carriers}
    out = []
    for i, g in enumerate(groups):
        isos = g[0].iso2s
        if i in carriers:
            continue
        if tuple(isos) in lent:
            g = [replace(c, anchors=c.anchors + lent[tuple(isos)]) for c in g]
        own_goods = any(c.start <= p.start < c.end and not p.generic for c in g for p in ctx.products) and any(
            c.start <= q.start < c.end and concrete_quantity(ctx, q) for c in g for q in ctx.quantities)
        if len(isos) >= 2 and own_goods and _sum_of_items(g, groups, ctx):
            continue  # "37 Ton Kopi ... ke Mesir dan Italia" above "19,2 ton ... ke Mesir", "18 ton ... ke Italia"
        if len(isos) >= 2 and not own_goods:
            others = {iso for h in groups if h is not g and len(h[0].iso2s) < len(isos) for iso in h[0].iso2s} | told
            keep = [iso for iso in isos if iso not in others]
            if not keep:
                continue
            if len(keep) < len(isos):
                g = [replace(c, iso2s=keep, positions={k: v for k, v in c.positions.items() if k in keep})
                     for c in g]
        out.append(g)
    return out


# what opens the next item of a list: "..., kemudian tanggal 8 Februari garam gunung"
_ITEM_JOIN = compile_fast(r"[,;]|\b(?:dan|serta|lalu|kemudian|disusul|berikutnya)\b", re.IGNORECASE)


# the item speaks of somebody told of before: "Kali ini mereka mengirim ...", "Koperasi tersebut melepas ..."
# ... "milik BUMDes itu", "Usaha ... tersebut mengirimkan", "8 ton biji kopi itu" (not "Sementara itu, ...")
_BACK_REF = compile_fast(r"\b(?:mereka|pihaknya|beliau|produknya|"
                       r"(?:eksportir|pengirim|pengekspor|usaha|koperasi|kelompok)\s+yang\s+sama|"
                       r"(?<!selain )(?<!samping )(?<!sementara )(?<!untuk )"
                       r"(?<!karena )(?<!setelah )(?<!itu )(?:itu|tersebut))\b", re.IGNORECASE)


_FIRST_PERSON = compile_fast(r"\b(?:kami|kita)\b", re.IGNORECASE)


def _valid_day(d: DateMention) -> dt.date | None:
    try:
        return dt.date(d.year, d.month, d.day)
    except (TypeError, ValueError):
        return None


_PLACE_AFTER = compile_fast(r"[ \t]*,?[ \t]*(?:dari|asal)[ \t]+(?:(?:Desa|Kecamatan|Kabupaten|Kota)[ \t]+)?"
                          r"(?P<place>[A-Z][\w-]+)")
# "Perum Perindo bersama Koperasi X", "PT PPI dengan menggandeng Koperasi Y": a firm exporting with a partner
_PARTNERED = compile_fast(r"\b(?:bersama|menggandeng|bekerja\s+sama\s+dengan|bermitra\s+dengan|"
                          r"berkolaborasi\s+dengan)\b",
                        re.IGNORECASE)
_GENERIC_GOODS = {"produk", "kerajinan", "hasil", "barang", "komoditas", "olahan", "khas", "segar", "kering"}
_THIS_TIME = compile_fast(r"\bkali\s+ini\b", re.IGNORECASE)
_CONTRAST_PART = compile_fast(r",\s*(?:sedangkan|sementara)\b", re.IGNORECASE)


class EventBuilder:
    def __init__(self, ctx: Context, gz: Gazetteer, clauses: list[Clause]):
        self.ctx, self.gz, self.clauses = ctx, gz, clauses
        ship = [c for c in clauses if c.status == "shipment"]
        # a roundup reports several shipments to different destinations: each takes fields from its own clause
        self.roundup = len({tuple(sorted(c.iso2s)) for c in ship}) >= 2  # "Jepang dan Malaysia" = "Malaysia dan Jepang"
        self.roundup = self.roundup or self._several_senders(ship)
        self.one_destination = len({iso for c in ship for iso in c.iso2s}) == 1
        self.claimed: dict[int, set[str]] = {}
        self._roster_cache: dict[str, tuple[str, Origin | None]] | None = None
        self._back_item: int | None = None  # the sentence of the item that the last picked exporter came from

    # --- pickers -------------------------------------------------------------------------------------------
    def _scope(self, group: list[Clause]) -> tuple[list[tuple[int, int]], set[int]]:
        spans = [(c.start, c.end) for c in group]
        # "Korea Selatan memesan kursi rotan ... Pesanan tersebut dikirim dalam satu kontainer": the sending sentence
        spans += [self.ctx.sents[a] for c in group if c.reason == "sent-next" for a in c.anchors]
        sents = {c.sent for c in group} | {a for c in group for a in c.anchors}
        if not self.roundup:  # the story's other sentences about the same destination count as near
            isos = {iso for c in group for iso in c.iso2s}
            sents |= {c.sent for c in self.clauses if c.reason in ("weak", "market") and isos & set(c.iso2s)}
        if self.roundup:
            # "UD Cengkih Saparua menyiapkan 8 ton cengkih kering. Cengkih tersebut ... dikirim ke Singapura": goods
            # told of again take their exporter and amount from the sentence before
            for c in group:
                prev = c.sent - 1
                if (prev >= 0 and not self.ctx.text[self.ctx.sents[c.sent][0] : c.start].strip()
                        and self._goods_again(c.start)
                        and not any(o.sent == prev for o in self.clauses)):
                    spans.append(self.ctx.sents[prev])
                    sents.add(prev)
            last = max(sents)
            own_names = {x.name for x in self.ctx.exporters if self._inside(x.start, spans)}
            # "1. Bibit ... 6,6 kg ke Taiwan. ... Komoditas itu beratnya 5,2 ton": a list item owns its own line,
            # and the rest of that line ("2. Rumah Batik B - batik 320 lembar, tujuan Kyoto, Jepang. Dikirim melalui
            # kargo udara pada Jumat (16/5/2025).")
            listed = bool(BULLET.match(self.ctx.sent_text(last)))
            nxt = last + 1
            while listed and nxt < len(self.ctx.sents) and "\n" not in self.ctx.text[
                    self.ctx.sents[nxt - 1][1] - 1 : self.ctx.sents[nxt][0]] and not any(
                    o.sent == nxt for o in self.clauses):
                spans.append(self.ctx.sents[nxt])
                sents.add(nxt)
                nxt += 1
            for nxt in range(last + 1, min(last + 3, len(self.ctx.sents)) if not listed else 0):
                s, e = self.ctx.sents[nxt]
                if any(s <= c.start < e for c in self.clauses):
                    break
                # (a firm's history "sejak 1970-an" is no period figure)
                if any(m.group(0).lower() != "sejak" for m in cues.PERIOD.finditer(self.ctx.text, s, e)) or (
                        cues.ALL_TOGETHER.search(self.ctx.text, s, e)):
                    break  # "Total nilai kelima komoditas itu Rp6,3 miliar": the sum of every item, not this one's
                others = {x.name for x in self.ctx.exporters if s <= x.start < e}
                if others and own_names and not others & own_names:
                    break  # "Kopi arabika Kelompok Tani B dari Enrekang juga ikut dikapalkan.": the next item begins
                if domestic_send(self.ctx, s, e):
                    break  # "Karantina juga menyertifikasi pengiriman antararea ke Jayapura ...": a send at home
                spans.append((s, e))
        return spans, sents

    def _introduced_exporter(self, sents: set[int]) -> str | None:
        """A roundup item that names nobody: 'UD Ketak Nyurbaya sudah lima tahun menganyam ketak. Kali ini mereka
        mengirim 1.850 tas ke Amerika Serikat' takes the exporter introduced in the sentences just before it, where
        no other item stands; an article about one exporter's several shipments takes that exporter."""
        ctx = self.ctx
        first = min(sents)
        text = " ".join(ctx.sent_text(si) for si in sents)
        # '"Selasa kemarin kami kirim 16 ton gelondong mete ke Vietnam," kata Nurhayati': the speaker's own firm,
        # introduced with the speaker a few sentences before the quote
        back = 3 if _BACK_REF.search(text) else (5 if _FIRST_PERSON.search(text) else 0)
        for prev in range(first - 1, max(-1, first - back), -1):
            named = {e.name for e in ctx.exporters if ctx.sent_of(e.start) == prev}
            if any(c.sent == prev for c in self.clauses):
                # "... keripik tempe UKM Dapur Sanan juga diekspor ke Hongkong. Pembelian itu berawal dari pameran,
                # kemudian disusul pengiriman ke Taiwan": a back-reference to the item just told
                if len(named) == 1 and prev == first - 1:
                    self._back_item = prev
                    return named.pop()
                if named:
                    return None
                break  # an item before that names nobody either: the story's one exporter, if it has one
            if len(named) == 1:  # not a list of several
                return named.pop()
            if named:
                break
        protagonist = self._protagonist
        # ("Dua UMKM lain mengirim ...": other exporters; but "di gudang koperasi" is the cooperative's own)
        if protagonist and all(m.group(0).lower() in protagonist.lower() for m in cues.SME_WORDS.finditer(text)):
            return protagonist  # "UD Nusa Utara Rempah" ... "UD Nusa Utara": one exporter, several shipments
        return None

    @cached_property
    def _protagonist(self) -> str | None:
        """The one exporter of a story about its several shipments, named before the first of them: every name in
        the article is a short form of the longest ('UD Nusa Utara' of 'UD Nusa Utara Rempah', 'Koperasi Ara Linge'
        of 'Koperasi Produsen Kopi Gayo Ara Linge')."""
        ctx = self.ctx
        # (a headline may tell a shipment before the body names anyone)
        before = ctx.exporters and ctx.sent_of(ctx.exporters[0].start) <= min(
            (c.sent for c in self.clauses if c.status == "shipment" and c.sent > 0), default=0)
        return one_exporter(ctx) if before else None

    def _roster(self) -> dict[str, tuple[str, Origin | None]]:
        """Place word -> (exporter, its kab/kota) for exporters introduced with their place ('CV A dari Kasongan,
        Bantul;'), when the place word belongs to one exporter only."""
        if self._roster_cache is None:
            ctx, found, clash, listed = self.ctx, {}, set(), {}
            starts = [e.start for e in ctx.exporters]
            for e in ctx.exporters:
                m = _PLACE_AFTER.match(ctx.text, e.end)
                if not m:
                    continue
                nxt = min([s for s in starts if s > e.end] + [len(ctx.text)])
                stop = re.compile(r"[;\n]|\.\s").search(ctx.text, m.end(), nxt)
                seg_origin = self._segment_origin((e.start, stop.start() if stop else nxt))
                word = m["place"]
                if word in found and found[word][0] != e.name:
                    clash.add(word)
                found.setdefault(word, (e.name, seg_origin))
                listed.setdefault(ctx.sent_of(e.start), set()).add(word)
            # only a list names its members this way: two or more exporters with their places in one sentence
            kept = {w for ws in listed.values() if len(ws) >= 2 for w in ws}
            self._roster_cache = {w: v for w, v in found.items() if w not in clash and w in kept}
        return self._roster_cache

    def _listed_by_place(self, group: list[Clause]) -> tuple[str, Origin | None] | None:
        roster = self._roster()
        if not roster:
            return None
        if any(cues.LARGE_WORDS.search(self.ctx.text, c.start, c.end) for c in group):
            return None
        hits = {w.group(0) for c in group for w in re.finditer(r"\b[A-Z][\w-]+", self.ctx.text[c.start : c.end])
                if w.group(0) in roster and not any(x.start <= c.start + w.start() < x.end for x in self.ctx.exporters)}
        names = {roster[w][0] for w in hits}
        return roster[hits.pop()] if len(names) == 1 else None

    def _goods_again(self, pos: int) -> bool:
        """The words at pos name goods told of before ('Cengkih tersebut', 'Produk itu'), not a connective
        ('Di samping itu')."""
        m = cues.GOODS_ANAPHOR.match(self.ctx.text[pos : pos + 80])
        return bool(m) and (bool(cues.GOODS_WORD.search(m.group(0)))
                            or any(pos <= p.start < pos + m.end() for p in self.ctx.products))

    def _not_contrasted(self, field, at: int | None):
        """The field, unless it stands after ', sedangkan' / ', sementara' that follows this destination."""
        if field is None or at is None or not _CONTRAST_PART.search(self.ctx.text, at, field.start):
            return field
        return None

    def _several_senders(self, ship: list[Clause]) -> bool:
        """'Pada Senin, KTH Madu Sentarum Jaya mengirim 450 kilogram madu hutan ... Koperasi Tani Badau Makmur
        mengekspor 4,8 ton jahe merah ke Malaysia': shipments to one country by different exporters, each with its
        own amount, are a roundup too."""
        ctx = self.ctx
        senders: list[str] = []
        amounts: set[float] = set()
        for c in ship:
            # "Kelompok Tani X ... pada akhir Oktober lalu mengekspor jeruk segar ke Sarawak ... dengan nilai RM
            # 18.400": a value is that sender's own amount too
            own = [q.value for q in _amounts([c], ctx)] or list(_money_told([c], ctx))
            names = [x.name for x in ctx.exporters if ctx.sent_of(x.start) == c.sent]
            if own and len(set(names)) == 1:
                senders.append(names[0])
                amounts.update(own)
            elif len(set(names)) >= 2 and len(set(own)) >= len(set(names)):
                # "CV A ... mengirim 2.500 kaleng rendang, dan Kopi B ... mengirim 400 kilogram kopi": one each
                senders.extend(dict.fromkeys(names))
                amounts.update(own)
        distinct = [n for n in dict.fromkeys(senders)
                    if not any(o != n and (o.startswith(n) or n.startswith(o) or short_form(n, o) or short_form(o, n))
                               for o in senders)]
        return len(distinct) >= 2 and len(amounts) >= 2

    def _counted(self, c: Clause) -> bool:
        return bool(_amounts([c], self.ctx))

    def _inside(self, pos: int, spans: list[tuple[int, int]]) -> bool:
        return any(s <= pos < e for s, e in spans)

    def _in_other_story(self, pos: int, isos: set[str]) -> bool:
        """Inside a clause about other destinations that is no shipment (a past, a plan): its amount is its own."""
        return any(c.start <= pos < c.end and c.status != "shipment" and not isos & set(c.iso2s)
                   for c in self.clauses)

    def pick_quantity(self, spans, sents, isos: set[str] = frozenset()) -> Quantity | None:
        ctx = self.ctx
        best, best_key = None, None
        for q in ctx.quantities:
            if cues.QTY_BAD_BEFORE.search(ctx.text[max(0, q.start - 45) : q.start]) or cues.QTY_BAD_AFTER.search(
                    ctx.text[q.end : q.end + 40]):
                continue
            local = self._inside(q.start, spans)
            if not local:
                if self.roundup or self._in_other_story(q.start, isos):
                    continue
                d = sent_distance(ctx, q.start, sents)
                stext = ctx.sent_text(ctx.sent_of(q.start))
                # "jumlah rumput laut mencapai 5.000 ton, namun baru 2 persen yang dimanfaatkan": a statistic
                if d > 5 or cues.PERIOD.search(stext) or cues.SHARE.search(stext) or not (
                    cues.SHIP.search(stext) or cues.RELEASE.search(stext) or cues.AMOUNT_WORDS.search(stext)
                ):
                    continue
            else:
                d = 0
            total = bool(re.search(r"total\s+(?:(?:volume|berat|bobot)\w*\s+)?$",
                                   ctx.text[max(0, q.start - 20) : q.start], re.I))
            # "290 karung kopi ... Berat totalnya 15,9 ton": a weight in the next sentence beats a count here
            weighed = q.unit == "kg" and d <= 1 and bool(
                cues.WEIGHT_BEFORE.search(ctx.text[max(0, q.start - 30) : q.start]))
            key = (d - 1.5 * weighed, -total, _UNIT_RANK.get(q.unit, 1), q.start)
            if best_key is None or key < best_key:
                best, best_key = q, key
        return best

    @cached_property
    def _peg(self) -> int | None:
        """The sentence of the shipment the story is about: its strongest dated clause after the headline."""
        dated = [c for c in self.clauses if c.status == "shipment" and c.sent > 0 and any(
            c.start <= d.start < c.end and d.day is not None for d in self.ctx.dates)]
        return max(dated, key=lambda c: (c.strength, -c.start)).sent if dated else None

    def pick_money(self, spans, sents) -> Money | None:
        ctx = self.ctx
        best, best_key = None, None
        for m in ctx.money:
            if m.unit_price:
                continue
            stext = ctx.sent_text(ctx.sent_of(m.start))
            sent_start = ctx.sents[ctx.sent_of(m.start)][0]
            before = ctx.text[max(sent_start, m.start - 120) : m.start]
            cue = bool(cues.VALUE_CUE.search(before))
            # ("Nilainya sekitar USD 38.000" after one item of a list of three tells that item's value only)
            told_after = cue or (self.one_destination and _value_told_after(ctx.text[sent_start : m.start]))
            local = self._inside(m.start, spans)
            if cues.CONVERTED.search(before) and any(n is not m and not n.unit_price for n in ctx.money):
                continue
            if cues.PERIOD.search(stext) and not local:
                continue
            if self.roundup and cues.ALL_TOGETHER.search(ctx.text[max(0, m.start - 40) : m.start]):
                continue  # "keseluruhannya berjumlah Rp72,8 miliar": the sum of every item, not this one
            if not local and _bulk(None, m):
                continue  # "ekspor Lamongan bernilai Rp20,7 triliun": a regional total, not this shipment
            # "Menurut X, nilai salak yang dikirim kali ini sekitar Rp 132 juta": the value of the shipment the
            # story is about, told apart from its clause
            peg = self.roundup and cue and self._peg in sents and bool(_THIS_TIME.search(stext)) and not any(
                a <= c < b for c in ctx.country_starts for a, b in [ctx.sents[ctx.sent_of(m.start)]])
            if not local:
                if (self.roundup and not peg) or not told_after:
                    continue
                d = sent_distance(ctx, m.start, sents)
                if d > 8:
                    continue
            else:
                d = 0
            key = (d, not told_after, m.start)
            if best_key is None or key < best_key:
                best, best_key = m, key
        return best

    def pick_date(self, spans, sents, lent: frozenset[int] = frozenset()) -> tuple[str | None, float]:
        """The best-placed date mention; an undated article's 'hari ini' gives way to the next one. `lent` are
        release sentences lent to the event (they date it in a roundup, as a ceremony does)."""
        ctx = self.ctx
        ranked = []
        for d in ctx.dates:
            if d.day is None and d.weekday is None and d.relative is None and not self._own_month(d, spans):
                continue  # "Januari 2024" alone is background more often than the event date
            if d.relative == "bare-month" and not self._inside(d.start, spans):
                continue  # "Maret" alone dates only its own clause
            if re.search(r"\b(?:edisi|terbit|diterbitkan|diperbarui|update)\W{0,3}(?:pada\s+)?$",
                         ctx.text[max(0, d.start - 20) : d.start], re.I):
                continue  # "pada edisi Jumat (9/2/2024)": when the paper came out
            local = self._inside(d.start, spans)
            si = ctx.sent_of(d.start)
            ceremony = self.roundup and not local and (si in lent or self._ceremony(si))
            if self.roundup and not local and not ceremony:
                continue
            dist = 0 if local else sent_distance(ctx, d.start, sents) + (2 if self.roundup else 0)
            if ceremony:
                dist = min(dist, 4)  # the release that lists every item dates them all, however long the list
            if dist > 5 and si > 1:
                continue
            if si <= 1:
                dist = min(dist, 3)
            stext = ctx.sent_text(si)
            # "Pada akhir pekan lalu, Jumat (19/7/2019)": the day beats the week it lies in
            score = dist + 0.6 * speech_dated(ctx.text, d) - 0.4 * bool(cues.RELEASE.search(stext)) + 0.5 * bool(
                d.relative in ("last-pekan", "last-bulan"))
            if cues.BACKGROUND.search(stext) and not local:
                score += 1.5
            ranked.append((score, d.start, d))
        checked = self._checked_days
        ranked.sort(key=lambda r: r[:2])
        for k, (score, _start, best) in enumerate(ranked):
            span = period_of(best, ctx.published)
            if span is not None:
                # "Akhir pekan lalu, Karantina menerbitkan sertifikat ... "Pemeriksaan dilakukan Sabtu (14/9/2024)"":
                # a day told nearby that falls in that week or month is the day
                first, last = (x.isoformat() for x in span)
                inside = [v for sc, _s, d in ranked[k + 1 :] if sc <= score + 4 and d.day
                          and len(v := self._resolve(d)[0] or "") == 10 and first <= v <= last]
                if inside:
                    return inside[0], 0.6
            if best.relative and best.relative.startswith("days-ago-") and self._quoted(best.start) and checked \
                    and ctx.published and 0 < (ctx.published - max(checked)).days <= 3:
                # '"Kemarin sudah kami muat satu kontainer," ujar X' in a report of what X said on Selasa (17/10):
                # the day before that day
                back = int(best.relative.rsplit("-", 1)[1])
                return (max(checked) - dt.timedelta(days=back)).isoformat(), 0.6
            today = best.relative == "today"
            if today:  # '"Hari ini kami melepas ...," kata X, Senin.': today is that Monday
                si = ctx.sent_of(best.start)
                said = [d for d in ctx.dates if ctx.sent_of(d.start) == si and d.weekday is not None
                        and d.day is None]
                if said:
                    best = said[0]
                elif self._quoted(best.start) and checked and ctx.published and (
                        0 < (ctx.published - max(checked)).days <= 3):
                    # '"Hari ini ada satu kontainer ...," kata Kepala Kanwil' in a report of the day before: the
                    # day it was said is the dated day the article reports ("Rabu (9/11/2022)")
                    return max(checked).isoformat(), 0.6
            value, conf = self._resolve(best)
            if value is None and ctx.published_month and best.day is None:
                return ctx.published_month, 0.3  # "Pada Rabu" in an article dated only by its URL month
            if value is None and today:
                continue  # an undated article's "hari ini" says nothing: try the next-best mention
            if value is None:
                break  # the event's own date is not knowable; another mention would date something else
            if len(value) == 10 and not today and speech_dated(ctx.text, best, reach=120):
                return value[:7], conf * 0.8  # the day a quote was given dates the story, not the shipment
            return value, conf
        # nothing dated near the event: in a roundup whose other items all fall in one month, that month ("pada
        # Selasa, 10 Oktober 2023 ... pada pertengahan Oktober ... pengirim terbesar bulan itu")
        months = {f"{d.year:04d}-{d.month:02d}" for d in ctx.dates if d.year and d.month and d.day
                  and any(c.status == "shipment" and c.start <= d.start < c.end for c in self.clauses)}
        if self.roundup and len(months) == 1:
            return months.pop(), 0.3
        # ... else the month it was reported in, with low confidence
        return (ctx.published_month, 0.3) if ctx.published_month else (None, 0.0)

    @cached_property
    def _checked_days(self) -> list[dt.date]:
        """The article's fully written days whose weekday fits."""
        return [x for d in self.ctx.dates if d.year and d.day and d.weekday is not None
                and (x := _valid_day(d)) is not None and x.weekday() == d.weekday]

    @cached_property
    def _latest_full_year(self) -> int | None:
        """The latest year of a fully written day with its weekday ("Senin (16/11/2020)"); else, in an article
        that speaks of "tahun ini" after a whole year's figures ("sepanjang Januari sampai Desember 2023"), the
        year after them."""
        told = max((m.year for m in self.ctx.dates if m.year and m.day and m.weekday is not None), default=None)
        if told is None and self.ctx.published is None and self.ctx.published_month is None \
                and cues.THIS_YEAR.search(self.ctx.text):
            years = [int(m.group(1)) for m in cues.WHOLE_YEAR.finditer(self.ctx.text)]
            told = max(years) + 1 if years else None
        return told

    def _resolve(self, d: DateMention) -> tuple[str | None, float]:
        ctx = self.ctx
        return resolve(self._with_known_year(d), ctx.published, ctx.text_years, ctx.published_month,
                       self._latest_full_year, max(self._checked_days, default=None))

    def _quoted(self, pos: int) -> bool:
        """pos lies inside a quotation that opens in its sentence or paragraph."""
        start = self.ctx.text.rfind("\n", 0, pos) + 1
        return self.ctx.text[start:pos].count('"') % 2 == 1 or self.ctx.text[start:pos].count("“") > self.ctx.text[
            start:pos].count("”")

    def _own_month(self, d: DateMention, spans) -> bool:
        """'melepas ekspor ... pada Juli 2016': a month and year inside the shipment's own clause, not in a
        past told before it ('Setelah dilepas perdana pada Maret 2019, kini ...'), dates the shipment."""
        ctx = self.ctx
        if not (d.year and self._inside(d.start, spans)):
            return False
        sent_start = ctx.sents[ctx.sent_of(d.start)][0]
        if BULLET.match(ctx.text, sent_start) and re.fullmatch(r"\s*(?:[-•*]|\d{1,2}[.)])?\s*",
                                                              ctx.text[sent_start : d.start]) and re.match(
                r"\s*[:–-]", ctx.text[d.end : d.end + 3]):
            return True  # "3. Juni 2024: 2 kontainer panel ukir ke Amerika Serikat": a dated list item
        if not re.search(r"\b(?:pada|bulan|per)\s+$", ctx.text[max(0, d.start - 12) : d.start], re.I):
            return False
        return not re.search(r"\b(?:setelah|sebelum|sebelumnya|sejak|semenjak|dulu|pernah|lalu)\b",
                             ctx.text[sent_start : d.start], re.I)

    def _ceremony(self, si: int) -> bool:
        """A sentence that releases goods but names no destination ('Tiga IKM melepas ekspor perdana, Senin
        (4/3/2024).'): in a roundup its date is the date of every item it introduces."""
        if any(c.sent == si for c in self.clauses):
            return False
        text = self.ctx.sent_text(si)
        return bool(cues.RELEASE.search(text) or cues.FIRST.search(text)) and bool(cues.EXPORT.search(text))

    def _dominant_year(self) -> list[int]:
        counts = Counter(self.ctx.text_years).most_common(2)
        if not counts or (len(counts) > 1 and counts[0][1] == counts[1][1]):
            return []
        return [counts[0][0]]

    def _with_known_year(self, d: DateMention) -> DateMention:
        """'(30/7)' takes its year from a full '(30/7/2019)' elsewhere in the article."""
        if d.year is not None or d.day is None:
            return d
        for other in self.ctx.dates:
            if other.year and other.day == d.day and other.month == d.month:
                return DateMention(d.start, d.end, d.text, d.day, d.month, other.year, d.weekday or other.weekday)
        return d

    def pick_exporter(self, spans, sents) -> str | None:
        ctx = self.ctx
        local = [e for e in ctx.exporters if self._inside(e.start, spans)]
        if local:
            return local[0].name
        if self.roundup:
            return self._introduced_exporter(sents)
        near = [(sent_distance(ctx, e.start, sents), e.start, e) for e in ctx.exporters]
        near = [n for n in near if n[0] <= 3]
        if near:
            return min(near)[2].name
        counts = Counter(e.name for e in ctx.exporters)
        return counts.most_common(1)[0][0] if counts else None

    def pick_product(self, spans, sents) -> ProductMention | None:
        ctx = self.ctx
        best, best_key = None, None
        # "Januari kemarin kami kirim 19,2 ton ke Amerika Serikat. Maret 12 ton ke Jerman": one exporter's several
        # shipments of the goods the story opened with
        lead = None
        if self.roundup and self._protagonist and not any(
                self._inside(p.start, spans) and not p.generic for p in ctx.products):
            first = min(c.sent for c in self.clauses if c.status == "shipment")
            lead = next((p for p in ctx.products if not p.generic and ctx.sent_of(p.start) <= first), None)
        for p in ctx.products:
            local = self._inside(p.start, spans)
            if self.roundup and not local and p is not lead:
                continue
            d = 0 if local else sent_distance(ctx, p.start, sents)
            if d > 3 and ctx.sent_of(p.start) > 1 and p is not lead:
                continue
            # named goods near the event beat a generic "produk UMKM" even inside it; inside it, the goods told
            # right after the amount ("5 ton biji kakao fermentasi") beat the trade named before it ("640 petani
            # kakao", "usaha pengolahan rempah")
            key = (p.generic or d > 2, p.term.startswith("produk "), not local, not (local and self._counted_goods(p)),
                   d, p.start)
            if best_key is None or key < best_key:
                best, best_key = p, key
        return best

    def _counted_goods(self, p: ProductMention) -> bool:
        """The goods come right after a concrete amount: '5 ton biji kakao', '850 karton minuman lidah buaya'."""
        ctx = self.ctx
        return any(0 <= p.start - q.end <= 12 and _GOODS_AFTER_AMOUNT.fullmatch(ctx.text[q.end : p.start])
                   and concrete_quantity(ctx, q) for q in ctx.quantities)

    def pick_origin(self, spans, sents, group_id: int) -> Origin:
        roundup = self.roundup and any(self._inside(r[0], spans) for r in self.ctx.regions)
        # a roundup item that names no place of its own shares the place of the release that lists it
        return self._pick_origin(spans, sents, group_id, roundup)

    def _pick_origin(self, spans, sents, group_id: int, roundup: bool) -> Origin:
        ctx, gz = self.ctx, self.gz
        scores: Counter[str] = Counter()
        explicit_codes = {c for r in ctx.regions if r[3] for c in r[2]}
        others_claimed = set().union(*(v for k, v in self.claimed.items() if k != group_id)) if self.claimed else set()
        if self.roundup and self._protagonist:
            others_claimed = set()  # one exporter's several shipments all come from its place
        local_any = False
        local_provs: set[str] = set()
        in_list = _region_lists(ctx)
        named_provs = {c.split(".")[0] for r in ctx.regions if r[0] not in ctx.in_names for c in r[2]}
        for start, end, codes, explicit in ctx.regions:
            if not explicit and re.search(r"\b(?:Sungai|Danau)\s+$", ctx.text[max(0, start - 10) : start]):
                continue  # "di sepanjang Sungai Kapuas" (Kalimantan Barat) is a river, not Kalteng's Kabupaten Kapuas
            dateline = _dateline(ctx, start, end)
            local = self._inside(start, spans) and not dateline
            # "UD Sungai Kapuas Sejahtera" in a Kalimantan Barat story names a river, not Kalteng's Kabupaten Kapuas
            stray_name = roundup and start in ctx.in_names and not explicit and not any(
                c.split(".")[0] in named_provs for c in codes)
            if dateline:
                weight = 1.3  # the reporter's bureau: a hint, not where the goods come from
            elif (roundup and not local) or stray_name:
                weight = 0.4
            else:
                d = 0 if local else sent_distance(ctx, start, sents)
                weight = 3.0 if local else (1.5 if d <= 2 else 0.6)
            local = local and not stray_name
            local_any |= local
            if local:
                local_provs.update(c.split(".")[0] for c in codes)
            before = ctx.text[max(0, start - 80) : start]
            port = bool(cues.PORT.search(before))
            goods_of = any(0 <= start - p.end <= 1 for p in ctx.products)  # "rumput laut Batam", "kopi Temanggung"
            head = in_list.get(start)
            list_cue = head is not None and cues.ORIGIN_CUE.search(ctx.text[max(0, head - 80) : head])
            if goods_of or cues.ORIGIN_CUE.search(before) or list_cue:
                # "asalnya dari Bontang, Balikpapan dan Nunukan": a list shares the cue
                weight += 3.0 / (1 + 2 * (start in in_list))
            elif start in ctx.in_names:
                # "UD Kopi Temanggung": a place in a firm's name, weaker than "di ..., Kabupaten Tanah Datar" beside
                # it ("Kelompok Tenun Saribu Bungo" is no firm of Kabupaten Bungo)
                weight += 0.5 if not explicit else 3.0
            elif cues.PLACE_CUE.search(before) and not port:
                weight += 2.0
            if cues.INSTITUTION.search(before):
                weight -= 1.0
            if port and not local:
                weight -= 0.5  # "melalui Pelabuhan Belawan, Medan" two sentences away: where it left, not came from
            if cues.SPEECH_PLACE.search(before):
                weight -= 1.5  # "kata X di Banda Aceh, Rabu": where it was said
            if re.search(r"\b(ke|tujuan|menuju)\s+$", before, re.I):
                weight -= 2.0
            if explicit:
                weight += 1.0
            if len(codes) > 1:  # "Bogor": Kabupaten or Kota; decide only from an explicit mention elsewhere
                resolved = [c for c in codes if c in explicit_codes]
                codes = tuple(resolved) if len(resolved) == 1 else (codes[0].split(".")[0],)
            for code in codes:
                region = gz.region(code)
                if region is None:
                    continue
                if region.level == "kecamatan":
                    scores[region.kabkota_code] += weight * 0.5
                    continue
                if region.code.startswith("31"):
                    weight -= 2.0
                if region.code in others_claimed and not local:  # (two items from one kab/kota each name it)
                    scores[region.province_code] += max(weight, 0) * 0.3
                    continue
                scores[region.code] += weight
        for code in [c for c, s in scores.items() if "." in c and s > 0]:
            scores[code] += 1.0 * _kecamatan_support(ctx, gz, code)  # "Peti Kemas Palaran" lies in Samarinda
        kab = [(s, c) for c, s in scores.items() if "." in c and s > 0]
        if roundup:  # a kab/kota of another province, named for another item, does not hide this item's own one
            kab = [(s, c) for s, c in kab if c.split(".")[0] in local_provs]
        prov_scores: Counter[str] = Counter()
        for c, s in scores.items():
            prov_scores[c.split(".")[0]] += max(s, 0)
        threshold = 3.0
        if kab:
            s, code = max(kab)
            if s < threshold and not roundup and prov_scores:
                # the one kab/kota named in the article's main province beats a province-only answer
                top_prov = prov_scores.most_common(1)[0][0]
                inside = sorted(((sc, c) for sc, c in kab if c.startswith(top_prov + ".")), reverse=True)
                if inside and inside[0][0] >= 2.0 and (len(inside) == 1 or inside[1][0] + 0.5 <= inside[0][0]):
                    s, code = threshold, inside[0][1]
            # in a roundup a kab/kota from another item's sentence never beats this item's own province
            own = not roundup or code.split(".")[0] in local_provs
            if s >= threshold and (local_any or not roundup) and own:
                if local_any:
                    self.claimed.setdefault(group_id, set()).add(code)
                region = gz.region(code)
                prov = gz.province_of(code)
                return Origin(code, region.name, prov.code, prov.name)
        if prov_scores:
            code, s = prov_scores.most_common(1)[0]
            if s > 0:
                prov = gz.region(code)
                return Origin(None, None, prov.code, prov.name)
        return Origin()

    def _segments(self, group: list[Clause]) -> dict[str, tuple[int, int]]:
        """'CV A mengirim keripik ke Malaysia, UD B mengekspor sambal ke Singapura', '8 ton ke Belanda dan 2 ton
        ke Jepang': in a clause that names several destinations, each one owns the words from the end of the
        previous destination's part up to the first ',' / 'dan' / 'serta' after its own name."""
        ctx = self.ctx
        per_clause = []
        for c in group:
            if len(c.positions) < 2:
                continue
            named = sorted((pos, iso) for iso, pos in c.positions.items())
            prev_end, segs = c.start, {}
            for k, (pos, iso) in enumerate(named):
                limit = named[k + 1][0] if k + 1 < len(named) else c.end
                m = re.compile(r",|;|\s(?:dan|serta|sedangkan|sementara)\s").search(ctx.text, pos, limit)
                seg_end = m.start() if m else limit
                segs.setdefault(iso, (prev_end, seg_end))
                prev_end = seg_end
            per_clause.append(segs)
        # "Sebanyak 24.560 ekor dikirim ke AS, Jepang dan Taiwan. Dari jumlah tersebut, 18.320 ekor ke AS, 4.150 ekor
        # ke Jepang, ...": the clause that gives each part its own amount speaks for the parts
        per_clause.sort(key=lambda segs: -sum(
            any(a <= q.start < b for q in ctx.quantities) for a, b in segs.values()))
        out: dict[str, tuple[int, int]] = {}
        for segs in per_clause:
            for iso, seg in segs.items():
                out.setdefault(iso, seg)
        return out

    def _only_kabkota(self, codes: set[str]) -> Origin | None:
        """The origin of the one kab/kota code in `codes`, or None when there are none or several."""
        if len(codes) != 1:
            return None
        code = next(iter(codes))
        region, prov = self.gz.region(code), self.gz.province_of(code)
        if region is None or region.level != "kabkota" or prov is None:
            return None
        return Origin(code, region.name, prov.code, prov.name)

    def _segment_origin(self, seg: tuple[int, int]) -> Origin | None:
        """The one kab/kota named inside a destination's part of a clause, if exactly one is."""
        a, b = seg
        codes = {r[2][0] for r in self.ctx.regions if a <= r[0] < b and len(r[2]) == 1 and "." in r[2][0]
                 and not cues.PORT.search(self.ctx.text[max(0, r[0] - 30) : r[0]])
                 and not _dateline(self.ctx, r[0], r[1])}
        return self._only_kabkota(codes)

    def _product_origin(self, product: ProductMention) -> Origin | None:
        """'dua pelaku UMKM, yaitu di Kabupaten Barito Kuala untuk sasirangan serta purun dari Kabupaten Hulu Sungai
        Utara': where the text ties these goods to one kab/kota, they came from there."""
        ctx = self.ctx
        words = {w.lower() for w in re.findall(r"[A-Za-z]{4,}", product.text)} - _GENERIC_GOODS
        codes = set()
        for start, end, rcodes, _explicit in ctx.regions:
            if len(rcodes) != 1 or "." not in rcodes[0] or cues.PLAN.search(ctx.sent_text(ctx.sent_of(start))):
                continue
            before = re.search(r"\b([A-Za-z]+)\s+(?:dari|asal)\s+$", ctx.text[max(0, start - 30) : start])
            after = re.match(r"\s+untuk\s+([A-Za-z]+)", ctx.text[end : end + 30])
            if any(m and m.group(1).lower() in words for m in (before, after)):
                codes.add(rcodes[0])
        return self._only_kabkota(codes)

    def _segment_fields(self, seg: tuple[int, int]) -> list:
        """The exporter, product, quantity and value written inside one destination's part of a clause, each as
        (start, value) or None."""
        ctx = self.ctx
        a, b = seg
        exp = next(((e.start, e.name) for e in ctx.exporters if a <= e.start < b), None)
        prods = [p for p in ctx.products if a <= p.start < b]
        prod = min(prods, key=lambda p: (p.generic, p.start)) if prods else None
        qtys = [q for q in ctx.quantities if a <= q.start < b and concrete_quantity(ctx, q)]
        # "Dua kontainer 40 feet atau sekitar 56 ton": the weight, as for a whole shipment
        qty = min(qtys, key=lambda q: (_UNIT_RANK.get(q.unit, 1), q.start)) if qtys else None
        money = next((m for m in ctx.money if a <= m.start < b and not m.unit_price), None)
        return [exp, prod and (prod.start, prod), qty and (qty.start, qty), money and (money.start, money)]

    def _items(self, group: list[Clause], spans, sents) -> list[tuple[ProductMention, Quantity, str | None,
                                                                      str | None, str | None, Money | None,
                                                                      Origin | None]]:
        """'terdiri atas 12,4 ton kelapa parut kering dan 5,6 ton coconut chips', 'arang 8 ton, jengkol 1,1 ton
        dan semangka 4,2 ton': a sentence that lists two or more products, each with its own quantity, reports one
        item per product. Returns (product, quantity, destination or None, owner, day, value and place, each or
        None) for every such sentence in the event's clauses and, outside roundups, in the export sentences up to
        two away from them; owner, day and value are the item's own, when the text names them."""
        ctx = self.ctx
        own = {ctx.sent_of(a) for a, _b in spans}
        segments = self._segments(group)
        near: set[int] = set()
        if not self.roundup:
            for si in own | set(sents):
                for j in range(max(0, si - 2), min(len(ctx.sents), si + 4)):
                    # "Muatan senilai Rp819,4 juta itu berisi 12.400 kg kelapa parut dan 5.600 kg coconut chips"
                    # (what a load held may come three sentences after the send: "Muatan yang dikirim terdiri atas
                    # dua jenis produk. Dalam satu kontainer itu termuat 9,6 ton gula semut dan 4.400 liter ...")
                    stext = ctx.sent_text(j)
                    told = (cues.EXPORT.search(stext) and j - si <= 2) or cues.CONTENTS.search(stext)
                    if j not in own and told and not any(
                            ctx.sent_of(c.start) == j for c in self.clauses):  # its own clause owns its items
                        near.add(j)
            near |= self._breakdowns(group, own)
        out: list[tuple[ProductMention, Quantity, str | None, str | None, str | None, Money | None,
                        Origin | None]] = []
        seen: set[tuple[str, float]] = set()
        ranges = sorted(spans) + [ctx.sents[si] for si in sorted(near)]
        for a, b in ranges:
            stext = ctx.text[a:b]
            if cues.told_over_period(stext) or cues.PLAN.search(stext):
                continue
            pairs = _product_quantity_pairs(ctx, a, b)
            if len({p.term for p, _q in pairs}) < 2 or len(pairs) != len({p.term for p, _q in pairs}):
                continue
            days, values, places, senders = self._item_own_fields(pairs, a, b)
            for k, (p, q) in enumerate(pairs):
                if (p.term, q.value) in seen:
                    continue  # the same item told again
                seen.add((p.term, q.value))
                to = next((iso for iso, (sa, sb) in segments.items() if sa <= p.start < sb), None)
                if to is None and segments:
                    # "..., dan bunga potong 106.000 batang juga ke Jepang": a country named again owns its item
                    after = [c for c in ctx.country_starts if max(p.end, q.end) <= c < b
                             and not re.search(r"[,;]", ctx.text[max(p.end, q.end) : c])]
                    to = ctx.country_iso.get(after[0]) if after else None
                out.append((p, q, to, self._item_owner(pairs, p, q, b) or senders[k], days[k], values[k], places[k]))
        return out if len(out) >= 2 else []

    def _beside_items(self, g: list[Clause], iso: str, items) -> list[tuple]:
        """'Pada 2 Juni ada ekspor 4 ton lada putih ke Kuching ... Dalam sepekan ini pengiriman ke Kuching juga
        meliputi pisang 2 ton dan kelapa 3.000 butir': a clause of the event outside the item list that counts
        goods of its own is one more shipment, with its own day and value."""
        ctx = self.ctx
        taken = {ctx.sent_of(p.start) for p, *_rest in items}
        out = []
        for c in g:
            if c.sent in taken or iso not in c.iso2s:
                continue
            qs = [q for q in ctx.quantities if c.start <= q.start < c.end and concrete_quantity(ctx, q)]
            ps = [p for p in ctx.products if c.start <= p.start < c.end and not p.generic]
            if len(qs) != 1 or len(ps) != 1 or any(p.term == ps[0].term for p, *_rest in items):
                continue
            exp, _prod, _qty, money = self._segment_fields((c.start, c.end))
            day = next((d for d in ctx.dates if c.start <= d.start < c.end and (d.day or d.relative)), None)
            out.append((ps[0], qs[0], money and money[1], exp and exp[1], day and self._resolve(day)[0],
                        self._segment_origin((c.start, c.end))))
        return out

    def _item_day(self, date: str | None, p: ProductMention) -> str | None:
        """The day of an item told with no day of its own: the event's, unless that day is told only in another
        sentence that counts other goods of its own ("Pada 4 Maret ada ekspor kepiting 1,8 ton ... Dalam sepekan ini
        pengiriman ... terdiri atas pisang 4 ton, ..."). That day is another shipment's; the item then has the
        month it was told in when it says "this week" and the article's day is known, else none ("")."""
        ctx = self.ctx
        if date is None or len(date) != 10:
            return None
        told = {ctx.sent_of(d.start) for d in ctx.dates if (d.day or d.relative) and self._resolve(d)[0] == date}
        mine = ctx.sent_of(p.start)
        if not told or mine in told or not any(
                p2.term != p.term for t in told for p2, _q in _product_quantity_pairs(ctx, *ctx.sents[t])):
            return None  # (a release that dates every item may count their boxes: "dalam satu kontainer")
        now = ctx.published or max(self._checked_days, default=None)
        return now.isoformat()[:7] if now and cues.RECENT.search(ctx.sent_text(mine)) else ""

    def _item_own_fields(self, pairs: list[tuple[ProductMention, Quantity]], a: int, b: int
                         ) -> tuple[list[str | None], list[Money | None], list[Origin | None], list[str | None]]:
        """'Tanggal 3 Februari keluar beras adan 7,5 ton, nilainya Rp142 juta, kemudian tanggal 8 Februari garam
        gunung 1,2 ton senilai Rp36 juta': between two items, a day told after a comma or a joining word opens
        the next item, and a value belongs to the item it follows; a kab/kota written after the item before
        ("..., dan Kopi B dari Kota Bukittinggi mengirim 400 kilogram kopi") is the item's place, and a firm named
        there its sender. Each item's own day, value, place and sender, or None (each is kept only when two items
        or more have their own)."""
        ctx = self.ctx
        bounds = [(min(p.start, q.start), max(p.end, q.end)) for p, q in pairs]
        days, values = self._split_days_values(bounds, a, b, least=2)
        stretches = [(bounds[k - 1][1] if k else a, bounds[k][0]) for k in range(len(bounds))]
        places = [self._segment_origin(st) for st in stretches]
        if len({x.kabkota_code for x in places if x is not None}) < 2:
            places = [None] * len(pairs)
        senders = [next((x.name for x in reversed(ctx.exporters) if sa <= x.start < sb), None) for sa, sb in stretches]
        if len({x for x in senders if x is not None}) < 2:
            senders = [None] * len(pairs)
        return days, values, places, senders

    def _split_days_values(self, bounds: list[tuple[int, int]], a: int, b: int, least: int = 1
                           ) -> tuple[list[str | None], list[Money | None]]:
        """The days and values written in [a, b) shared out over the listed parts (start, end) in order: between
        two parts a day told after a comma or a joining word opens the next part ("..., kemudian pada 6 Juni
        Kopi B ..."), else it belongs to the part before it, as a value always does ("... 1,2 ton senilai Rp36
        juta"). Each list is dropped when fewer than `least` parts have their own."""
        ctx = self.ctx
        days: list[str | None] = [None] * len(bounds)
        values: list[Money | None] = [None] * len(bounds)
        for d in ctx.dates:
            if not (a <= d.start < b) or not (d.day or d.relative):
                continue
            after = [k for k, (_s, e) in enumerate(bounds) if e <= d.start]
            k = after[-1] if after else 0
            if after and k + 1 < len(bounds) and d.end <= bounds[k + 1][0] and _ITEM_JOIN.search(
                    ctx.text, bounds[k][1], d.start):
                k += 1  # "..., kemudian tanggal 8 Februari garam gunung 1,2 ton"
            if days[k] is None:
                days[k] = self._resolve(d)[0]
        for m in ctx.money:
            if not (a <= m.start < b) or m.unit_price:
                continue
            after = [k for k, (_s, e) in enumerate(bounds) if e <= m.start]
            if after and values[after[-1]] is None and (after[-1] + 1 == len(bounds)
                                                         or m.end <= bounds[after[-1] + 1][0]):
                values[after[-1]] = m
        if sum(x is not None for x in days) < least:
            days = [None] * len(bounds)
        if sum(x is not None for x in values) < least:
            values = [None] * len(bounds)
        return days, values

    def _senders(self, group: list[Clause]) -> list[tuple[str, Quantity, ProductMention | None, str | None,
                                                          Money | None, Origin | None]]:
        """'CV Tarakan Bahari Mandiri mengirim 1,2 ton dan UD Karya Nelayan Juata 850 kg kepiting bakau hidup
        tujuan Tawau': two or more exporters in one clause, each with its own amount, are one shipment each.
        Returns (exporter, quantity, the goods written right after that amount, its own day, its own value, the
        kab/kota written between the name and the amount), each but the first two or None."""
        ctx = self.ctx
        for c in group:
            xs = [x for x in ctx.exporters if c.start <= x.start < c.end]
            out = []
            for k, x in enumerate(xs):
                stop = xs[k + 1].start if k + 1 < len(xs) else c.end
                q = next((q for q in ctx.quantities if x.end <= q.start < stop and concrete_quantity(ctx, q)), None)
                if q is None or not _SENDER_GAP.fullmatch(ctx.text[x.end : q.start]):
                    break
                prod = next((p for p in ctx.products if q.end <= p.start < stop and not p.generic
                             and re.fullmatch(r"\s*", ctx.text[q.end : p.start])), None)
                # "CV A dari Kota Payakumbuh mengirim ..., dan B dari Kota Bukittinggi mengirim ...": each one's place
                place = self._segment_origin((x.end, q.start))
                out.append((x.name, q, prod, (x.start, q.end), place))
            names = {o[0] for o in out}
            if len(out) == len(xs) >= 2 and len(names) == len(out) and len({o[1].value for o in out}) == len(out):
                # "CV A mengirim 2 ton pada 3 Maret dan UD B 1 ton pada 10 Maret": each sender's own day and value
                days, values = self._split_days_values([o[3] for o in out], c.start, c.end)
                return [(n, q, p, day, v, place)
                        for (n, q, p, _b, place), day, v in zip(out, days, values, strict=True)]
        return []

    def _breakdowns(self, group: list[Clause], own: set[int]) -> set[int]:
        """'Yang diberangkatkan 14,5 ton, terdiri atas 11 ton pisang kepok ... dan 3,5 ton biji kakao kering':
        a sentence anywhere in the story that splits the shipment's stated total into goods, each with its own
        amount that sum to it, tells the shipment's items however far from the send it stands."""
        ctx = self.ctx
        totals = _amounts(group, ctx)
        out: set[int] = set()
        if not totals:
            return out
        for j, (a, b) in enumerate(ctx.sents):
            if j in own or not cues.CONTENTS.search(ctx.text, a, b):
                continue
            pairs = _product_quantity_pairs(ctx, a, b)
            units = {q.unit for _p, q in pairs}
            if len(pairs) < 2 or len(units) != 1:
                continue
            total = sum(q.value for _p, q in pairs)
            if any(t.unit in units and abs(t.value - total) <= 0.02 * t.value for t in totals):
                out.add(j)
        return out

    def _item_owner(self, pairs, p: ProductMention, q: Quantity, end: int) -> str | None:
        """'11 ton pisang kepok milik Kelompok Tani Sebatik Makmur dan 3,5 ton biji kakao kering milik UD Tapal
        Batas': an item whose goods are said to be someone's belongs to that exporter."""
        ctx = self.ctx
        here = max(p.end, q.end)
        nxt = min((min(p2.start, q2.start) for p2, q2 in pairs if min(p2.start, q2.start) > here), default=end)
        return next((x.name for x in ctx.exporters if here <= x.start < nxt
                     and _OWNED_BY.fullmatch(ctx.text[here : x.start])), None)

    # --- events ---------------------------------------------------------------------------------------------
    def build(self) -> list[Event]:
        ctx = self.ctx
        events: list[Event] = []
        ship = [c for c in self.clauses if c.status == "shipment"]
        if self.roundup:
            by_dest: dict[tuple, list[Clause]] = {}
            for c in ship:
                key: tuple = tuple(sorted(c.iso2s))
                # "6. Bunga krisan sebanyak 100 batang ... ke Jepang. 7. Bunga potong segar 106.000 batang juga
                # dikirim ke Jepang": two items to one country, each with its own amount, are two shipments
                # (the same amount told again, as in a headline, is the same item; and so are the goods told of
                # again in other units: "6 ton salak ... Salak tersebut dimuat dalam satu kontainer")
                mine, theirs = _amounts([c], ctx), _amounts(by_dest.get(key, []), ctx)
                again = bool(cues.GOODS_ANAPHOR.match(ctx.cue_text[c.start : c.end])) and not (
                    {q.unit for q in mine} & {q.unit for q in theirs})
                if key in by_dest and mine and theirs and not again and not (
                        {q.value for q in mine} & {q.value for q in theirs}):
                    key = (*key, c.sent)
                elif key in by_dest and not again and (mine or _money_told([c], ctx)) and (
                        theirs or _money_told(by_dest[key], ctx)) and _other_senders(
                        _senders_in([c], ctx), _senders_in(by_dest[key], ctx)):
                    # "850 karton minuman lidah buaya milik CV A diberangkatkan ke Kuching ... Kelompok Tani B ...
                    # mengekspor jeruk segar ke Sarawak ... dengan nilai RM 18.400": another sender's own send
                    key = (*key, c.sent)
                by_dest.setdefault(key, []).append(c)
            told = frozenset(iso for c in self.clauses if c.status != "shipment" and len(c.iso2s) == 1
                             and any(c.start <= x.start < c.end for x in ctx.exporters) for iso in c.iso2s)
            groups = _drop_covered(list(by_dest.values()), ctx, told)
        else:
            groups = [ship] if ship else []
        # claim local origins first so that roundup events do not borrow each other's regions
        for gi, g in enumerate(groups):
            spans, _ = self._scope(g)
            for start, _end, codes, _explicit in ctx.regions:
                if self._inside(start, spans) and len(codes) == 1 and "." in codes[0]:
                    self.claimed.setdefault(gi, set()).add(codes[0])
        seen: set[str] = set()
        for gi, g in enumerate(groups):
            spans, sents = self._scope(g)
            primary = max(g, key=lambda c: (c.strength, -c.start))
            exporter = self.pick_exporter(spans, sents)
            product = self.pick_product(spans, sents)
            qty = self.pick_quantity(spans, sents, {iso for c in g for iso in c.iso2s})
            money = self.pick_money(spans, sents)
            date, date_conf = self.pick_date(spans, sents, frozenset(a for c in g for a in c.anchors))
            then = next((m for c in g for m in [THEN_SENT.search(ctx.text, c.start, c.end)]
                         if m and cues.TRAINING.search(ctx.text, c.start, m.start())), None)
            if then is not None and not any(then.end() <= d.start < max(c.end for c in g) for d in ctx.dates):
                # "berawal dari temu bisnis pada Maret 2017, kemudian disusul pengiriman ke Jerman": sent some time
                # after what is dated, so not on that day
                date = None
            origin = self.pick_origin(spans, sents, gi)
            if self._back_item is not None:
                # "Pembelian itu berawal dari pameran, kemudian disusul pengiriman ke Taiwan": the item told just
                # before names the goods and the place too
                a, b = ctx.sents[self._back_item]
                origin = self._segment_origin((a, b)) or origin
                if product is None or product.generic:
                    product = next((p for p in ctx.products if a <= p.start < b and not p.generic), product)
                self._back_item = None
            if self.roundup and not any(self._inside(x.start, spans) for x in ctx.exporters):
                # "..., masing-masing CV A dari Kasongan, Bantul; KT B dari Turi, Sleman. ... perajin gerabah
                # Kasongan tersebut mengirim ...": an item that names only the place of a listed exporter is theirs
                listed = self._listed_by_place(g)
                if listed is not None:
                    exporter = listed[0]
                    origin = listed[1] or origin
            etype = exporter_type(exporter, ctx.text)
            for s0, e0 in {ctx.sents[c.sent] for c in g}:
                if _PARTNERED.search(ctx.text, s0, e0) and any(
                        s0 <= x.start < e0 and exporter_type(x.name, ctx.text) == "large" for x in ctx.exporters):
                    etype = "large"  # "Perum Perindo bersama Koperasi Nelayan X mengekspor ...": the state firm exports
            if _bulk(qty, money if money and self._inside(money.start, spans) else None):
                etype = "large"  # tens of thousands of tonnes, or hundreds of billions: not a small producer
            isos = list(dict.fromkeys(iso for c in g for iso in c.iso2s))
            items = self._items(g, spans, sents)
            segments = self._segments(g)
            parts = {iso: self._segment_fields(seg) for iso, seg in segments.items()}
            # a part's own field counts when it follows the destination ("ke Australia senilai Rp2 miliar") or
            # when two or more parts have one ("8 ton ke Belanda dan 2 ton ke Jepang"); otherwise what stands
            # before the first destination is the lead, shared by all
            per_part = [sum(1 for f in parts.values() if f[k] is not None) >= 2 for k in range(4)]
            first_pos = {iso: pos for c in g for iso, pos in c.positions.items()}
            for iso in isos:
                seen.add(iso)
                s, e = ctx.sents[primary.sent]
                conf = 0.45 + 0.1 * min(primary.strength, 2) + 0.08 * bool(qty) + 0.05 * bool(exporter) \
                    + 0.07 * bool(origin.kabkota_code) + 0.05 * bool(date) - 0.15 * primary.upgraded
                # one event per (product, quantity) item; a value written for all items belongs to none alone
                own_fields = parts.get(iso, [None] * 4)
                seg_exp, seg_prod, seg_qty, seg_money = (
                    f[1] if f is not None and (per_part[k] or f[0] > first_pos.get(iso, 0)) else None
                    for k, f in enumerate(own_fields))
                item_exp = seg_exp or exporter
                item_type = exporter_type(item_exp, ctx.text) if seg_exp else etype
                if item_exp is None and cues.LARGE_WORDS.search(ctx.text, *ctx.sents[primary.sent]):
                    item_type = "large"  # "11.000 ton cangkang sawit milik anak usaha grup perkebunan besar"
                # "mebel CV A dari Desa Mulyoharjo, Jepara, ke Belgia, kain lurik Koperasi B, Klaten, ke Jepang":
                # a part that names its own kab/kota came from there
                # ... and goods the text ties to one kab/kota ("purun dari Kabupaten Hulu Sungai Utara") came from there
                bound = self._product_origin(product) if product and not (items or self.roundup) else None
                own_origin = (self._segment_origin(segments[iso]) if iso in segments else None) or bound or origin
                if iso in segments and items:  # a multi-item clause: what this part does not say, it lacks
                    fallback = (seg_prod, seg_qty, seg_money)
                else:
                    # "CV A mengirim 2.400 tas ke Jepang, sedangkan satu kontainer mebel ... ke Belanda": the
                    # contrasted part keeps what is written inside it (a list of countries shares what follows it)
                    at = first_pos.get(iso)
                    keep = self._not_contrasted
                    fallback = (seg_prod or keep(product, at), seg_qty or keep(qty, at), seg_money or keep(money, at))
                listed = [(p, q, v, x, day or self._item_day(date, p), place)
                          for p, q, to, x, day, v, place in items if to in (None, iso)]
                own = (listed + self._beside_items(g, iso, items) if listed else []) or [
                    (p or fallback[0], q, v, x, day, place)
                    for x, q, p, day, v, place in (self._senders(g) if len(isos) == 1 else [])
                ] or [(*fallback, None, None, None)]
                for prod, own_qty, own_money, owner, own_date, own_place in own:
                    own_exp, own_type = (owner, exporter_type(owner, ctx.text)) if owner else (item_exp, item_type)
                    # every shipment names its goods (or their amount) and who or where they came from; a
                    # foreign story ("ekspor minyak Arab Saudi akan berlanjut") names neither
                    grounded = bool(prod or own_qty or own_exp) and bool(own_exp or own_origin.province_code
                                                                         or own_qty)
                    events.append(Event(
                        status="shipment" if grounded else "other", exporter=own_exp, exporter_type=own_type,
                        origin=own_place or own_origin,
                        product=prod.text if prod else None, product_code=prod.code if prod else None,
                        destination_iso2=iso, destination_name=self.gz.country_name(iso),
                        quantity={"value": round(own_qty.value, 3), "unit": own_qty.unit, "text": own_qty.text}
                        if own_qty else None,
                        value={"amount": own_money.amount, "currency": own_money.currency, "text": own_money.text}
                        if own_money else None,
                        date=(own_date if own_date is not None else date) or None, evidence_start=s, evidence_end=e,
                        confidence=min(0.98, max(0.05, conf)),
                    ))
        # other statuses: one event per destination not already shipped, best status wins
        best: dict[str, Clause] = {}
        for c in self.clauses:
            if c.status == "shipment" or (c.status == "other" and c.reason != "background"):
                continue
            for iso in c.iso2s:
                if iso in seen:
                    continue
                if iso not in best or STATUS_RANK[c.status] > STATUS_RANK[best[iso].status]:
                    best[iso] = c
        for iso, c in best.items():
            spans, sents = [(c.start, c.end)], {c.sent}
            product = next((p for p in ctx.products if c.start <= p.start < c.end), None)
            exporter = next((x.name for x in ctx.exporters if c.start <= x.start < c.end), None)
            s, e = ctx.sents[c.sent]
            events.append(Event(
                status=c.status, exporter=exporter, exporter_type=exporter_type(exporter, ctx.text),
                origin=Origin(), product=product.text if product else None,
                product_code=product.code if product else None, destination_iso2=iso,
                destination_name=self.gz.country_name(iso), quantity=None, value=None, date=None,
                evidence_start=s, evidence_end=e, confidence=0.5,
            ))
        return events


def assemble(doc: Doc, published: dt.date | None, published_month: str | None, gz: Gazetteer,
             clause_model: ClauseModel | None = None) -> list[Event]:
    ctx = build_context(doc, published, published_month, gz)
    clauses = find_clauses(doc, ctx)
    if clause_model is not None:
        clause_model.review(ctx, clauses)
    if not cues.EXPORT_WORD.search(ctx.cue_text) and not ctx.products:
        # pilgrims "diberangkatkan menuju Makkah": no "ekspor" and no goods named is no export
        for c in clauses:
            # ... unless a named producer's counted goods go ("melepas pengiriman 4.800 botol manisan carica milik
            # UMKM Carica Dieng Asri ke Malaysia")
            goods = any(c.start <= x.start < c.end for x in ctx.exporters) and any(
                c.start <= q.start < c.end and concrete_quantity(ctx, q) for q in ctx.quantities)
            if c.status == "shipment" and not goods:
                c.status, c.reason = "other", "no-export-word"
    return EventBuilder(ctx, gz, clauses).build()
