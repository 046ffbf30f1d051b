import pytest

from nlp.quantities import english_numbers, find_money, find_quantities, normalize_unit, parse_number


@pytest.mark.parametrize("raw,value", [
    ("4.044", 4044), ("7,5", 7.5), ("53, 6", 53.6), ("54,523.03", 54523.03), ("123.386,36", 123386.36),
    ("1.095,4", 1095.4), ("9.3", 9.3), ("satu", 1), ("12", 12),
])
def test_indonesian_number_format(raw, value):
    assert parse_number(raw) == pytest.approx(value)


@pytest.mark.parametrize("text,value,unit", [
    ("sebanyak 4.044 pasang sepatu", 4044, "pair"),
    ("mengirim 53, 6 ton kopi", 53600, "kg"),
    ("17 ton 160 kilogram ikan", 17160, "kg"),
    ("2 x 40 feet kontainer", 2, "container"),
    ("produk sebanyak satu ton lebih milik CV X", 1000, "kg"),
    ("10 ribu ton manggis", 10_000_000, "kg"),
    ("1 kontainer 40HC produk", 1, "container"),
    ("300 ekor sapi", 300, "head"),
    ("5 kuintal gula", 500, "kg"),
    ("2.500 lembar ulos", 2500, "piece"),
    ("300 dus keripik", 300, "piece"), ("1.200 kardus mi", 1200, "piece"), ("2.000 sachet jamu", 2000, "piece"),
    ("2.500 kaleng rendang", 2500, "piece"), ("40 jerigen madu", 40, "piece"), ("600 pot anggrek", 600, "piece"),
])
def test_quantities(text, value, unit):
    q = find_quantities(text)[0]
    assert (q.value, q.unit) == (pytest.approx(value), unit)
    assert q.text in text


def test_ordinal_is_not_a_quantity():
    assert find_quantities("kontainer ke 270 dilepas") == []


def test_approximate_flag():
    assert find_quantities("sekitar 12 ton lidi")[0].approximate
    assert find_quantities("satu ton lebih")[0].approximate


@pytest.mark.parametrize("text,amount,cur", [
    ("senilai Rp 4 miliar", 4e9, "IDR"), ("US$90 ribu", 90_000, "USD"), ("USD 123.386,36", 123386.36, "USD"),
    ("54,523.03 dolar AS", 54523.03, "USD"), ("Rp103 juta", 103e6, "IDR"), ("55.000 USD", 55000, "USD"),
    ("2 triliun rupiah", 2e12, "IDR"), ("1,5 juta ringgit", 1.5e6, "MYR"),
])
def test_money(text, amount, cur):
    m = find_money(text)[0]
    assert (m.amount, m.currency) == (pytest.approx(amount), cur)


def test_unit_prices_are_flagged():
    prices = find_money("dijual Rp 32.000 perkilogram, grade B Rp 20.000 dan Rp 10.000 per kilogram")
    assert prices and all(m.unit_price for m in prices)
    assert not find_money("senilai Rp 4 miliar dilepas")[0].unit_price


def test_normalize_unit():
    assert normalize_unit("ton") == ("kg", 1000.0)
    assert normalize_unit("truk kontainer")[0] == "container"
    assert normalize_unit("pasang") == ("pair", 1.0)
    assert normalize_unit("parsec") is None


def test_upper_case_scale_letters():
    assert find_money("senilai Rp1,2 M, Selasa")[0].amount == 1.2e9
    assert find_money("senilai Rp 3 T")[0].amount == 3e12
    assert find_money("Rp 5 m")[0].amount == 5  # a lower-case m is not miliar


def test_a_text_that_writes_numbers_the_english_way_is_read_that_way():
    text = ("berupa Mace sebanyak 500 cartons dan beratnya 10.85 Kg per carton atau total beratnya 5,425 Kg "
            "dengan nilai barang sebesar USD 42,500")
    assert english_numbers(text)
    assert [q.value for q in find_quantities(text)] == [500.0, 10.85, 5425.0]
    assert [m.amount for m in find_money(text)] == [42500.0]
    # one Indonesian-style number decides for the Indonesian reading, and a time of day is no decimal
    assert not english_numbers(text + " dan 1,5 ton kopi")
    assert not english_numbers("mengirim 4.044 pasang sepatu pukul 09.15 WIB, nilainya Rp 1,200")


def test_thousands_written_k_kina_and_forty_foot_containers_in_indonesian_words():
    assert [(m.amount, m.currency) for m in find_money("senilai USD35K dan 16.500 kina")] == [
        (35000.0, "USD"), (16500.0, "PGK")]
    assert [(q.value, q.unit) for q in find_quantities("3 kontainer 40 kaki")] == [(3.0, "container")]
    assert normalize_unit("kontainer 40 kaki") == ("container", 1.0)


@pytest.mark.parametrize("text,value", [
    ("dua puluh empat ton", 24000), ("tiga belas kontainer", 13), ("dua ratus lembar", 200), ("dua belas ton", 12000),
])
def test_spelled_compound_numbers(text, value):
    assert [q.value for q in find_quantities(text)] == [value]
