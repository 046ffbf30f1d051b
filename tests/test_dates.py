import datetime as dt

import pytest

from nlp.dates import find_dates, resolve


def one(text, published=None, years=()):
    mentions = find_dates(text)
    assert mentions, text
    return resolve(mentions[0], published, list(years))[0]


@pytest.mark.parametrize("text,published,years,expected", [
    ("digelar Senin (16/11/2020) di hotel", None, (), "2020-11-16"),
    ("pada Selasa (21/9) pagi", dt.date(2021, 9, 22), (), "2021-09-21"),
    ("Kamis 17 Juni 2021 lalu", None, (), "2021-06-17"),
    ("pada Minggu(5/5), yakni", None, (2019, 2019, 2018), "2019-05-05"),
    ("dilepas Rabu (27/02/2019)", None, (), "2019-02-27"),
    ("Jumat (3/1) dilepas", dt.date(2020, 1, 4), (), "2020-01-03"),
    ("Rabu (30/12) dilepas", dt.date(2021, 1, 2), (), "2020-12-30"),
])
def test_datelines(text, published, years, expected):
    assert one(text, published, years) == expected


def test_weekday_that_does_not_fit_gives_the_month_never_a_day():
    # 3 April 2024 was a Wednesday: a "Senin (3 April)" is a typo in the day or the weekday, the month stands
    assert one("Senin (3 April) di dermaga", dt.date(2024, 4, 5)) == "2024-04"
    assert one("Senin (17/11/2020)") == "2020-11"


def test_typo_year_is_mended_by_a_neighbouring_year_whose_weekday_fits():
    # 13 January 2022 was a Thursday; the article's other year, 2023, puts Jumat (Friday) on the 13th
    assert one("diperiksa pada Jumat (13/01/2022) lalu", None, (2022, 2023, 2023)) == "2023-01-13"


def test_month_phrases_resolve_against_publication_or_statements():
    assert one("dikirim pada awal Juni 2021 lalu") == "2021-06"
    assert one("dikirim akhir Juli lalu", dt.date(2020, 8, 28)) == "2020-07"
    assert one("dikirim akhir Desember lalu", dt.date(2021, 1, 5)) == "2020-12"
    assert resolve(find_dates("akhir Juli lalu")[0], None, [], None, 2020)[0] == "2020-07"


def test_url_month_places_a_yearless_date():
    assert resolve(find_dates("diawasi petugas (23/09)")[0], None, [], "2024-09")[0] == "2024-09-23"


def test_masthead_hari_ini_is_not_today():
    assert find_dates("Tribun Kaltim Hari Ini mengulas") == []


def test_garbled_date_gives_month_or_nothing():
    # "17/1012025": only November 2025 has a Monday the 17th among the one-keystroke readings
    assert one("melepas ekspor, Senin, (17/1012025). Acara") == "2025-11"
    assert one("melepas ekspor, (17/1012025). Acara") is None


def test_year_unknown_gives_none():
    assert one("Senin (20/12), memberikan") is None
    assert one("di Ambon, Rabu, menuturkan") is None


def test_bare_weekday_resolves_against_publication():
    assert one("kata dia di Pangkalpinang, Selasa.", dt.date(2022, 1, 18)) == "2022-01-18"
    assert one("hari ini", dt.date(2022, 1, 18)) == "2022-01-18"


def test_no_year_fitting_the_weekday_gives_the_articles_month():
    # 10 May 2025 was a Saturday; an article about 2025 that says "Jumat (10/5)" has a typo in day or weekday
    assert one("pada Jumat (10/5) melepas", None, (2025, 2025)) == "2025-05"
    assert one("pada Jumat (10/5) melepas", None, ()) is None


def test_dashed_dates_and_a_day_of_this_or_last_month():
    assert one("Pengiriman dilakukan pada 15-02-2024 melalui PLBN") == "2024-02-15"
    assert one("diekspor pada tanggal 5 bulan ini", dt.date(2024, 7, 9)) == "2024-07-05"
    assert one("tanggal 28 bulan lalu", dt.date(2024, 3, 2)) == "2024-02-28"
    assert one("tanggal 28 bulan lalu", dt.date(2024, 1, 2)) == "2023-12-28"
    assert find_dates("harga 10-12 ton") == []
