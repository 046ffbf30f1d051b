"""Date mentions in Indonesian news and their resolution to YYYY-MM-DD or YYYY-MM.

Datelines are terse: "Senin (16/11/2020)", "Selasa (21/9)", "Kamis 17 Juni 2021", "Rabu." A date without a
year is resolved against the publication date or, when a weekday is given, against years named in the text,
and only if the weekday agrees. A garbled date ("17/1012025") yields the one month that fits its weekday, or
nothing: never a confidently wrong day.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass

WEEKDAYS = {"senin": 0, "selasa": 1, "rabu": 2, "kamis": 3, "jumat": 4, "jum'at": 4, "sabtu": 5, "minggu": 6,
            "ahad": 6}
MONTHS = {
    "januari": 1, "jan": 1, "februari": 2, "pebruari": 2, "feb": 2, "maret": 3, "mar": 3, "april": 4, "apr": 4,
    "mei": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "agustus": 8, "agu": 8, "agt": 8, "ags": 8,
    "september": 9, "sep": 9, "sept": 9, "oktober": 10, "okt": 10, "november": 11, "nov": 11, "nopember": 11,
    "desember": 12, "des": 12,
}
_WD = r"(?P<wd>Senin|Selasa|Rabu|Kamis|Jumat|Jum'at|Sabtu|Minggu|Ahad)"
_MON = "|".join(sorted(MONTHS, key=len, reverse=True))
# _MONTH_YEAR opens with a look-ahead on its first letter (case-insensitive): it lets the regex engine skip most
# positions at once instead of trying every month name there. The weekday-led patterns are found core first
# (see _weekday_led).
_NUMERIC = re.compile(
    rf"(?:{_WD}\s*,?\s*)?\(\s*(?P<d>\d{{1,2}})\s*/\s*(?P<rest>\d{{1,8}}(?:\s*/\s*\d{{2,4}})?)\s*\)"
    rf"|{_WD.replace('wd', 'wd2')}\s*,?\s*(?P<d2>\d{{1,2}})/(?P<m2>\d{{1,2}})(?:/(?P<y2>\d{{4}}))?\b",
    re.IGNORECASE,
)
_LONG = re.compile(
    rf"(?:{_WD}\s*,?\s*\(?\s*)?\b(?P<d>\d{{1,2}})\s+(?P<mon>{_MON})\b\.?(?:\s*,?\s*(?P<y>(?:19|20)\d{{2}}))?",
    re.IGNORECASE,
)
# "Pengiriman dilakukan pada 15-02-2024": day, month and year with dashes
_DASHED = re.compile(rf"(?:{_WD}\s*,?\s*)?"
                     rf"(?<![\d/.-])(?P<d>\d{{1,2}})-(?P<m>\d{{1,2}})-(?P<y>(?:19|20)\d{{2}})"
                     r"(?![\d-])", re.IGNORECASE)
# "pada tanggal 5 bulan ini", "tanggal 28 bulan lalu": a day of the month of writing, or of the month before
_DAY_OF_MONTH = re.compile(r"\btanggal\s+(?P<d>\d{1,2})\s+bulan\s+(?P<which>ini|lalu|kemarin)\b", re.IGNORECASE)
_MONTH_YEAR = re.compile(rf"(?=[jfpmasond])\b(?P<mon>{_MON})\s+(?P<y>(?:19|20)\d{{2}})\b", re.IGNORECASE)
# "awal Juni 2021", "akhir Juli lalu", "pertengahan bulan Mei": the month of an event, without its day
_MONTH_PHRASE = re.compile(
    rf"\b(?:awal|akhir|pertengahan|medio)\s+(?:bulan\s+)?(?P<mon>{_MON})\b(?:\s+(?P<y>(?:19|20)\d{{2}}))?",
    re.IGNORECASE,
)
# "Januari kemarin kami kirim ...", "Maret 12 ton ke Jerman", "pada bulan Mei": a month named alone (full names, a
# capital, no year after it); it dates only the clause it stands in
_BARE_MONTH = re.compile(r"(?<![\w-])(?<!hingga )(?<!sampai )(?<!dan )(?<!- )(?<!– )"
                         r"(?:(?:[Pp]ada\s+)?(?:[Bb]ulan\s+))?(?P<mon>Januari|Februari|Pebruari|Maret|April|Mei|"
                         r"Juni|Juli|Agustus|September|Oktober|November|Nopember|Desember)\b"
                         r"(?!\s*(?:-|–|hingga|sampai|s\.d\.?|dan)\s*\w)(?!\s+(?:19|20)\d{2})(?!\s+[A-Z])"
                         r"(?!\s+(?:mendatang|depan|nanti))")  # (a range, or a month to come)
_WEEK_BEFORE = re.compile(r"\b(?:\d+|satu|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan|sepuluh|beberapa|per|"
                          r"setiap|tiap|dalam|akhir|awal|pertengahan|sepekan|se)\s+$", re.IGNORECASE)
_BARE_WEEKDAY = re.compile(rf"(?<![\w(])\b{_WD}\b(?!\s*[,(]?\s*\(?\d)", re.IGNORECASE)
_TODAY = re.compile(r"\b[Hh]ari ini\b|\b[Tt]adi\s+(?:pagi|siang|sore|malam)\b")  # "Tribun Kaltim Hari Ini": a masthead
_NUM_WORDS = {"satu": 1, "dua": 2, "tiga": 3, "empat": 4, "lima": 5, "enam": 6, "tujuh": 7}
# days counted back from the day of writing: "kemarin", "kemarin sore", "dua hari lalu", "3 hari yang lalu" (not
# "Rabu kemarin", a weekday, nor "pekan kemarin" or "tahun kemarin")
_DAYS_AGO = re.compile(r"(?<![\w-])(?:(?P<n>[1-7]|satu|dua|tiga|empat|lima|enam|tujuh)\s+hari\s+(?:yang\s+)?lalu"
                       r"|(?<!pekan )(?<!minggu )(?<!bulan )(?<!tahun )(?<!hari )(?<!waktu )[Kk]emarin)\b")
# "Jumat pekan lalu", "Senin minggu lalu": that weekday of the week before the day of writing
_WEEKDAY_LAST_WEEK = re.compile(rf"\b{_WD}\s+(?:pekan|minggu)\s+(?:lalu|kemarin)\b", re.IGNORECASE)
# "pekan lalu", "akhir pekan lalu", "bulan lalu", "pertengahan bulan lalu": the week or month before
_LAST_PERIOD = re.compile(r"\b(?:(?:awal|akhir|pertengahan|medio)\s+)?(?P<unit>pekan|bulan)\s+(?:lalu|kemarin)\b",
                          re.IGNORECASE)
_YEAR = re.compile(r"(?<![\d/.,])(?:19|20)\d{2}(?![\d/])")


@dataclass(frozen=True, slots=True)
class DateMention:
    start: int
    end: int
    text: str
    day: int | None
    month: int | None
    year: int | None
    weekday: int | None
    garbled_months: tuple[int, ...] = ()  # candidate months for a garbled numeric date
    relative: str | None = None  # "today" (hari ini) or "month" (awal Juni)


# what each weekday-led pattern needs after its optional weekday, and the weekday that may stand before it
_NUMERIC_CORES = (re.compile(r"\(\s*\d{1,2}\s*/"), re.compile(r"(?<!\d)\d{1,2}/\d"))
_LONG_CORES = (re.compile(rf"\b\d{{1,2}}\s+(?:{_MON})\b", re.IGNORECASE),)
_DASHED_CORES = (re.compile(r"(?<![\d/.-])\d{1,2}-\d{1,2}-(?:19|20)\d{2}"),)
_WD_BEFORE = re.compile(rf"{_WD}\s*,?\s*\Z", re.IGNORECASE)
_WD_BEFORE_PAREN = re.compile(rf"{_WD}\s*,?\s*\(?\s*\Z", re.IGNORECASE)


def _weekday_led(text: str, full: re.Pattern[str], cores: tuple[re.Pattern[str], ...],
                 before: re.Pattern[str]) -> list[re.Match[str]]:
    """full.finditer(text) for a pattern of an optional weekday and a core, ten times faster: the cores are found
    first (they hold a digit or a slash), then `full` is matched from the weekday just before each, or from it."""
    starts = sorted({m.start() for core in cores for m in core.finditer(text)})
    out: list[re.Match[str]] = []
    last = 0
    for p in starts:
        if p < last:
            continue
        wd = before.search(text, max(last, p - 40), p)
        m = (full.match(text, wd.start()) if wd else None) or full.match(text, p)
        if m:
            out.append(m)
            last = m.end()
    return out


def find_dates(text: str) -> list[DateMention]:
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []

    def add(m: re.Match, **kw) -> None:
        if any(m.start() < e and s < m.end() for s, e in taken):
            return
        taken.append((m.start(), m.end()))
        found.append(DateMention(m.start(), m.end(), m.group(0), **kw))

    for m in _weekday_led(text, _NUMERIC, _NUMERIC_CORES, _WD_BEFORE):
        wd = WEEKDAYS.get((m["wd"] or m["wd2"] or "").lower())
        if m["d2"]:
            add(m, day=int(m["d2"]), month=int(m["m2"]), year=int(m["y2"]) if m["y2"] else None, weekday=wd)
            continue
        day = int(m["d"])
        parts = [p.strip() for p in m["rest"].split("/")]
        if len(parts) == 2:
            month, year = int(parts[0]), int(parts[1])
            year = year + 2000 if year < 100 else year
            if 100 <= year < 1000:  # "(12/01/224)": a digit dropped from "2024"
                year = 2000 + year % 100 if str(year).startswith("2") else None
            if 1 <= month <= 12:
                add(m, day=day, month=month, year=year, weekday=wd)
            continue
        rest = parts[0]
        if len(rest) <= 2 and 1 <= int(rest) <= 12:
            add(m, day=day, month=int(rest), year=None, weekday=wd)
        elif len(rest) >= 5 and rest[-4:].startswith(("19", "20")):
            # "17/1012025": a typo'd month-and-year; keep the months its digits could mean
            head = rest[:-4]
            # readings one keystroke away: the leading one or two digits, or the digits with one deleted
            readings = {head[:1], head[:2]} | {head[:i] + head[i + 1 :] for i in range(len(head))}
            near = {int(r) for r in readings if r.isdigit() and len(r) <= 2 and 1 <= int(r) <= 12}
            add(m, day=day, month=None, year=int(rest[-4:]), weekday=wd, garbled_months=tuple(sorted(near)))
    for m in _weekday_led(text, _DASHED, _DASHED_CORES, _WD_BEFORE):
        if 1 <= int(m["m"]) <= 12:
            add(m, day=int(m["d"]), month=int(m["m"]), year=int(m["y"]), weekday=WEEKDAYS.get((m["wd"] or "").lower()))
    low = text.lower()  # the word-led patterns below run only where their words occur at all
    past = "lalu" in low or "kemarin" in low
    for m in _DAY_OF_MONTH.finditer(text) if "tanggal" in low else ():
        which = "this" if m["which"].lower() == "ini" else "last"
        add(m, day=int(m["d"]), month=None, year=None, weekday=None, relative=f"day-of-{which}-month")
    for m in _weekday_led(text, _LONG, _LONG_CORES, _WD_BEFORE_PAREN):
        wd = WEEKDAYS.get((m["wd"] or "").lower())
        add(m, day=int(m["d"]), month=MONTHS[m["mon"].lower()], year=int(m["y"]) if m["y"] else None, weekday=wd)
    for m in _MONTH_PHRASE.finditer(text) if any(w in low for w in ("awal", "akhir", "pertengahan", "medio")) else ():
        if len(m["mon"]) >= 3 and m["mon"][0].isupper():
            add(m, day=None, month=MONTHS[m["mon"].lower()], year=int(m["y"]) if m["y"] else None, weekday=None,
                relative="month")
    for m in _MONTH_YEAR.finditer(text):
        add(m, day=None, month=MONTHS[m["mon"].lower()], year=int(m["y"]), weekday=None)
    for m in _WEEKDAY_LAST_WEEK.finditer(text) if past and ("pekan" in low or "minggu" in low) else ():
        add(m, day=None, month=None, year=None, weekday=WEEKDAYS[m["wd"].lower()], relative="last-week")
    for m in _LAST_PERIOD.finditer(text) if past and ("pekan" in low or "bulan" in low) else ():
        add(m, day=None, month=None, year=None, weekday=None, relative=f"last-{m['unit'].lower()}")
    for m in _BARE_MONTH.finditer(text):
        add(m, day=None, month=MONTHS[m["mon"].lower()], year=None, weekday=None, relative="bare-month")
    for m in _BARE_WEEKDAY.finditer(text):
        if m["wd"].lower() == "minggu" and (m["wd"].islower() or _WEEK_BEFORE.search(text, max(0, m.start() - 20),
                                                                                       m.start())):
            continue  # "dua minggu", "setiap minggu": a week, not Sunday
        add(m, day=None, month=None, year=None, weekday=WEEKDAYS[m["wd"].lower()])
    for m in _TODAY.finditer(text) if "hari ini" in low or "tadi" in low else ():
        add(m, day=None, month=None, year=None, weekday=None, relative="today")
    for m in _DAYS_AGO.finditer(text) if past else ():
        if m["n"] is None and re.search(rf"(?:{_WD}|{_MON})\W{{0,3}}$", text[max(0, m.start() - 12) : m.start()],
                                        re.IGNORECASE):
            continue  # "Rabu kemarin", "Januari kemarin": the weekday or month dates it
        n = int(m["n"]) if m["n"] and m["n"].isdigit() else _NUM_WORDS.get((m["n"] or "satu").lower(), 1)
        add(m, day=None, month=None, year=None, weekday=None, relative=f"days-ago-{n}")
    return sorted(found, key=lambda d: d.start)


def years_in(text: str) -> list[int]:
    return [int(y) for y in _YEAR.findall(text)]


def _valid(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def resolve(mention: DateMention, published: dt.date | None, text_years: list[int],
            published_month: str | None = None, anchor_year: int | None = None,
            anchor_day: dt.date | None = None) -> tuple[str | None, float]:
    """Resolve a mention to 'YYYY-MM-DD' or 'YYYY-MM' with a confidence, or (None, 0) when not knowable.

    A weekday that does not fit the date first tries the other years the article names (a typo'd year,
    "Jumat (13/01/2022)" beside "Jumat (13/01/2023)"), then gives only the month: never a confident wrong day.
    `published_month` (from a dated URL) places a year-less date when the exact publication day is unknown;
    `anchor_year` (the year of the article's fully dated statements) places "akhir Juli lalu" when neither is,
    and `anchor_day` (the latest of them) places "Pada 4 Maret" in the year of that day or the one before.
    """
    if mention.relative == "today":
        return (published.isoformat(), 0.8) if published else (None, 0.0)
    if mention.relative and mention.relative.startswith("day-of-"):
        if published is None or mention.day is None:
            return None, 0.0
        first = published.replace(day=1)
        if mention.relative == "day-of-last-month":
            first = (first - dt.timedelta(days=1)).replace(day=1)
        d = _valid(first.year, first.month, mention.day)
        return (d.isoformat(), 0.7) if d else (None, 0.0)
    if mention.relative and mention.relative.startswith(("days-ago-", "last-")):
        return _counted_back(mention, published)
    if mention.relative in ("month", "bare-month"):  # "awal Juni", "akhir Juli lalu", "Maret 12 ton ke Jerman"
        year = mention.year or _year_for(mention.month, published, published_month, anchor_year, text_years)
        return (f"{year:04d}-{mention.month:02d}", 0.6) if year else (None, 0.0)
    if mention.garbled_months:
        if mention.weekday is None:
            return None, 0.0
        fits = [mo for mo in mention.garbled_months if (d := _valid(mention.year, mo, mention.day))
                and d.weekday() == mention.weekday]
        return (f"{mention.year:04d}-{fits[0]:02d}", 0.5) if len(fits) == 1 else (None, 0.0)
    if mention.day is None and mention.month is None:  # bare weekday
        if published is None:
            return None, 0.0
        back = (published.weekday() - mention.weekday) % 7
        return (published - dt.timedelta(days=back)).isoformat(), 0.6
    if mention.day is None:  # "Januari 2024"
        return f"{mention.year:04d}-{mention.month:02d}", 0.7
    if mention.year is not None:
        d = _valid(mention.year, mention.month, mention.day)
        if d is None:
            return None, 0.0
        if mention.weekday is not None and d.weekday() != mention.weekday:
            for y in sorted(set(text_years) - {mention.year}, key=lambda yy: -text_years.count(yy)):
                alt = _valid(y, mention.month, mention.day)
                if alt and alt.weekday() == mention.weekday and abs(y - mention.year) == 1:
                    return alt.isoformat(), 0.6
            return f"{mention.year:04d}-{mention.month:02d}", 0.4
        return d.isoformat(), 0.95
    if published is None and published_month:
        y, mo = (int(x) for x in published_month.split("-"))
        year = y if mention.month <= mo else y - 1
        d = _valid(year, mention.month, mention.day)
        if d is None:
            return None, 0.0
        if mention.weekday is not None and d.weekday() != mention.weekday:
            return f"{year:04d}-{mention.month:02d}", 0.4
        return d.isoformat(), 0.8
    if published is not None:
        for y in (published.year, published.year - 1):
            d = _valid(y, mention.month, mention.day)
            if d and d <= published + dt.timedelta(days=1):
                if mention.weekday is not None and d.weekday() != mention.weekday:
                    return f"{y:04d}-{mention.month:02d}", 0.4
                return d.isoformat(), 0.9
        return None, 0.0
    if mention.weekday is not None:
        # no publication date: a year the article names, or the year after one (last year's figures are cited)
        years = sorted(set(text_years), key=lambda yy: -text_years.count(yy))
        for y in [*years, *(yy + 1 for yy in years)]:
            d = _valid(y, mention.month, mention.day)
            if d and d.weekday() == mention.weekday:
                return d.isoformat(), 0.75 if y in years else 0.55
        counts = Counter(text_years).most_common(2)
        if counts and (len(counts) == 1 or counts[0][1] > counts[1][1]):
            return f"{counts[0][0]:04d}-{mention.month:02d}", 0.3  # no year fits the weekday: the article's month
    elif anchor_day is not None:
        # '..., katanya di Nunukan, Rabu (13/3/2024). ... "Pada 4 Maret ada ekspor kepiting"': the days told of
        # lie on or before the day the article speaks from
        year = anchor_day.year if (mention.month, mention.day) <= (anchor_day.month, anchor_day.day) else (
            anchor_day.year - 1)
        d = _valid(year, mention.month, mention.day)
        return (d.isoformat(), 0.5) if d else (None, 0.0)
    elif anchor_year is not None:
        # "Sepanjang Januari sampai Desember 2023 ... awal tahun ini ... Tanggal 3 Februari keluar beras": the year
        # the article speaks from
        d = _valid(anchor_year, mention.month, mention.day)
        return (d.isoformat(), 0.45) if d else (None, 0.0)
    return None, 0.0


def period_of(mention: DateMention, published: dt.date | None) -> tuple[dt.date, dt.date] | None:
    """The first and last day of 'pekan lalu' (the calendar week before) or 'bulan lalu' (the month before)."""
    if published is None or mention.relative not in ("last-pekan", "last-bulan"):
        return None
    if mention.relative == "last-pekan":
        monday = published - dt.timedelta(days=published.weekday() + 7)
        return monday, monday + dt.timedelta(days=6)
    last = published.replace(day=1) - dt.timedelta(days=1)
    return last.replace(day=1), last


def _counted_back(mention: DateMention, published: dt.date | None) -> tuple[str | None, float]:
    """'kemarin', 'dua hari lalu', 'Jumat pekan lalu', 'pekan lalu', 'bulan lalu', counted back from the day of
    writing; a week that spans two months gives the month of its middle."""
    if published is None:
        return None, 0.0
    rel = mention.relative or ""
    if rel.startswith("days-ago-"):
        return (published - dt.timedelta(days=int(rel.rsplit("-", 1)[1]))).isoformat(), 0.7
    monday = published - dt.timedelta(days=published.weekday() + 7)
    if rel == "last-week" and mention.weekday is not None:
        return (monday + dt.timedelta(days=mention.weekday)).isoformat(), 0.7
    span = period_of(mention, published)
    if span is None:
        return None, 0.0
    mid = span[0] + (span[1] - span[0]) / 2
    return f"{mid.year:04d}-{mid.month:02d}", 0.5


def _year_for(month: int, published: dt.date | None, published_month: str | None, anchor_year: int | None,
              text_years: list[int]) -> int | None:
    if published is not None:
        return published.year if month <= published.month else published.year - 1
    if published_month:
        y, mo = (int(x) for x in published_month.split("-"))
        return y if month <= mo else y - 1
    if anchor_year:
        return anchor_year
    counts = Counter(text_years).most_common(2)
    if counts and (len(counts) == 1 or counts[0][1] > counts[1][1]):
        return counts[0][0]
    return None
