"""Page layout made regular (nlp.layout): same length always, and the same events whatever the page shape."""

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from devtools.robustness import PERTURBATIONS, robustness
from nlp.extract import extract_text, prepare_text
from nlp.layout import join_wraps, soften_caps, unglue

ARTICLE = "\n\n".join([
    "Koperasi Kopi Gayo Ekspor 19,2 Ton Kopi ke Belgia",
    "TAKENGON - Koperasi Produsen Kopi Gayo Lestari di Kabupaten Aceh Tengah melepas ekspor 19,2 ton kopi arabika "
    "ke Belgia, Selasa (14/5/2024). Pengiriman satu kontainer itu senilai Rp2,1 miliar.",
    "Ketua koperasi, Ahmad Salim, mengatakan pembeli di Belgia sudah memesan lagi untuk bulan depan.",
    "Baca juga: UMKM Sleman Ekspor 5 Ton Gula Semut ke Jerman",
    "Selain itu, CV Rempah Nusantara dari Kota Banda Aceh mengirim 5 ton kayu manis ke India pada hari yang sama.",
])


def _events(text):
    res = extract_text(text, published="2024-05-15")
    return sorted((e.destination_iso2, e.exporter, e.product, (e.quantity or {}).get("value"), e.date,
                   e.origin.kabkota_code, e.status) for e in res.events)


@pytest.mark.parametrize("name", sorted(PERTURBATIONS))
def test_every_page_shape_gives_the_same_events(name):
    expected = _events(ARTICLE)
    assert [e[0] for e in expected if e[-1] == "shipment"] == ["BE", "IN"]
    assert _events(PERTURBATIONS[name](ARTICLE, random.Random(1))) == expected


def test_comma_glued_paragraphs_go_back_on_lines():
    text = ("Judul\n\nSOLO - Pemprov melepas ekspor (19/9/2021). (ANTARA/HO-Humas),Solo - Isi kedua.,\"Kutipan,\" "
            "ujarnya.,Baca juga: Berita lain,Penutup")
    out = unglue(text)
    assert len(out) == len(text)
    assert out.split("\n")[3:] == ["Solo - Isi kedua.", "\"Kutipan,\" ujarnya.", "Baca juga: Berita lain",
                                   "Penutup"]


def test_a_stray_comma_without_its_space_is_not_a_paragraph():
    text = "Dinas Koperasi, Usaha Kecil,Mikro dan Menengah melepas ekspor kopi ke Mesir."
    assert unglue(text) == text


def test_capitals_headline_in_headline_case():
    text = "UMKM SOLO EKSPOR 5 TON KOPI KE JEPANG DAN AS\nSOLO - Isi berita."
    assert soften_caps(text) == "UMKM Solo Ekspor 5 Ton Kopi ke Jepang dan AS\nSOLO - Isi berita."


def test_wraps_join_but_headline_lists_and_noise_keep_their_lines():
    body = ("Negara Senegal memesan furniture bambu buatan UKM Shaniqua Bamboo dari\n"
            "Rangkas Bitung, mitra yang dibina lembaga layanan pemasaran koperasi\n"
            "dan UKM. Barang yang dikirim berjumlah satu kontainer 40 feet dengan\n"
            "nilai Rp325 juta dan berangkat dari pelabuhan pada pekan lalu menurut\n"
            "keterangan pengelola yang disampaikan kepada wartawan di kantornya\n")
    text = ("Furnitur Bambu Rangkas Bitung Tembus Senegal\n" + body
            + "Daftar negara tujuan berikutnya antara lain yang sudah memesan\n- Jerman\n- Jepang\n"
            + "Baca juga: UMKM Lebak ekspor gula aren ke Korea Selatan dan Jepang\n"
            + "Pesanan kedua datang pada Juni ini setelah pameran daring yang digelar\n"
            + "Kementerian Koperasi dan UKM di Jakarta.")
    out = join_wraps(text)
    lines = out.split("\n")
    assert lines[0] == "Furnitur Bambu Rangkas Bitung Tembus Senegal"
    assert "UKM Shaniqua Bamboo dari Rangkas Bitung, mitra" in lines[1]
    assert "- Jerman" in lines and "- Jepang" in lines
    masked = prepare_text(text)
    assert "gula aren" not in masked and "Pesanan kedua" in masked


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(["UMKM", "KOPI", "ke", "Jepang", ",", ".", ",Baca", "\n", "\n\n", " ", "\xa0",
                                 "Rp\n5 juta", "dari\nRangkas", "SENIN, 1 JULI 2024", "Baca juga:", "- ", "İ",
                                 "ß", "ﬁ", "(1/7)", "”,", "\"", "ton"]), max_size=60))
def test_prepared_text_keeps_every_offset(pieces):
    text = "".join(pieces)
    out = prepare_text(text)
    assert len(out) == len(text)
    for a, b in zip(text, out, strict=True):
        assert b == a or b.lower() == a.lower() or b.isspace(), (a, b)


def test_robustness_gate_on_the_tuning_sets():
    """Layout must not cost events: under every perturbation the dev set and realset train lose little."""
    base, rows = robustness(["devset", "train"])
    drops = {r.perturbation: r.drop for r in rows}
    assert base.event["f1"] >= 0.95
    assert max(drops.values()) <= 0.01, drops
