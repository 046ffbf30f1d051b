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


def test_weekday_must_agree():
    # 3 April 2024 was a Wednesday: a "Senin (3 April)" cannot be placed in 2024
    assert one("Senin (3 April) di dermaga", dt.date(2024, 4, 5)) is None
    assert one("Senin (16/11/2020)".replace("16", "17")) is None


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
