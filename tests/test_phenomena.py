"""Constructed articles (not from the dev set), one phenomenon each."""

from conftest import shipments


def test_release_with_list_of_countries_gives_one_event_per_country(extract):
    r = extract("KENDARI - Bupati Konawe Selatan melepas ekspor perdana 20 ton kopi milik CV Kopi Sejahtera "
                "ke Malaysia dan Kanada, Senin (3/3/2025).")
    evs = shipments(r)
    assert sorted(e["destination"]["iso2"] for e in evs) == ["CA", "MY"]
    assert all(e["quantity"] == {"value": 20000.0, "unit": "kg", "text": "20 ton"} for e in evs)
    assert all(e["date"] == "2025-03-03" for e in evs)
    assert evs[0]["origin"]["kabkota_code"] == "74.05"
    assert r.is_export_story


def test_plan_is_not_a_shipment(extract):
    r = extract("Ke depan, Koperasi Maju akan menargetkan ekspor kopi ke Jepang dan Korea Selatan.")
    assert shipments(r) == []
    assert {e.status for e in r.events} == {"plan"}
    assert not r.is_export_story


def test_market_presence_is_not_a_shipment(extract):
    r = extract("Kopi Gayo produksi petani Aceh Tengah sudah dipasarkan di Malaysia dan Taiwan.")
    assert shipments(r) == []
    assert not r.is_export_story


def test_statistics_are_not_a_shipment(extract):
    r = extract("Menurut data BPS, sepanjang 2023 volume ekspor kopi ke Amerika Serikat mencapai 30 ribu ton.")
    assert shipments(r) == []


def test_baca_juga_yields_nothing(extract):
    r = extract("Pelatihan digelar untuk pelaku UMKM di Garut.\nBaca juga: 7,5 ton daun talas beneng Banten "
                "di ekspor ke Amerika Serikat\nPeserta antusias mengikuti pelatihan.")
    assert r.events == []


def test_large_company_shipment_is_not_an_sme_story(extract):
    r = extract("Menteri melepas ekspor 20.000 pasang sepatu bermerek global buatan PT Raksasa Sepatu Tbk "
                "dari Kawasan Ekonomi Khusus Batang ke Amerika Serikat, Kamis (21/8/2025).")
    evs = shipments(r)
    assert evs and all(e["exporter_type"] == "large" for e in evs)
    assert not r.is_export_story


def test_ceremony_venue_in_jakarta_is_not_the_origin(extract):
    r = extract("JAKARTA - Menteri Perdagangan di Jakarta melepas ekspor perdana 2 kontainer gula semut "
                "buatan UMKM asal Kabupaten Kulon Progo ke Belanda, Rabu (5/6/2024).")
    (ev,) = shipments(r)
    assert ev["origin"]["kabkota_code"] == "34.01"
    assert ev["quantity"]["unit"] == "container"


def test_province_only_when_no_kabkota(extract):
    r = extract("Sebanyak 5 ton kopi asal Sulawesi Selatan dilepas ekspornya ke Mesir, Jumat (7/6/2024).")
    (ev,) = shipments(r)
    assert ev["origin"] == {"kabkota_code": None, "kabkota": None, "province_code": "73",
                            "province": "Sulawesi Selatan"}


def test_city_implies_country_and_value_in_usd(extract):
    r = extract("Eksportir CV Laut Biru mengapalkan 3 kontainer rumput laut ke Busan senilai US$45 ribu, "
                "Selasa (2/7/2024).")
    (ev,) = shipments(r)
    assert ev["destination"]["iso2"] == "KR"
    assert ev["value"]["amount"] == 45000 and ev["value"]["currency"] == "USD"
    assert ev["exporter"] == "CV Laut Biru"


def test_evidence_offsets_point_into_the_input(extract):
    text = "Pengantar.\nBUMDes Maju Jaya melepas ekspor perdana 1 ton gula aren ke Jepang, Senin (1/7/2024)."
    r = extract(text)
    (ev,) = shipments(r)
    span = text[ev["evidence"]["start"] : ev["evidence"]["end"]]
    assert "Jepang" in span and span.startswith("BUMDes")
    assert ev["exporter_type"] == "bumdes"


def test_date_is_not_the_publication_date(extract):
    r = extract("Ekspor perdana 2 ton manggis ke China dilepas pada Kamis (27/9).", published="2018-10-05")
    (ev,) = shipments(r)
    assert ev["date"] == "2018-09-27"


def test_empty_text_is_not_an_error(extract):
    r = extract("")
    assert r.error is None and r.events == [] and not r.is_export_story


def test_plan_after_a_shipment_in_one_sentence(extract):
    r = extract("Bupati melepas ekspor perdana 5 ton kopi milik UD Tani Jaya ke Jepang, Senin (1/7/2024), dan "
                "berharap ke depan kopi itu bisa menembus Korea Selatan.")
    assert [e["destination"]["iso2"] for e in shipments(r)] == ["JP"]
    assert {e.destination_iso2: e.status for e in r.events}["KR"] == "plan"


def test_purpose_after_the_destination_is_not_a_plan(extract):
    r = extract("Gubernur melepas ekspor 12 ton pala ke India, Kamis (4/7/2024), untuk meningkatkan pendapatan petani.")
    assert [e["destination"]["iso2"] for e in shipments(r)] == ["IN"]


def test_venue_abroad_and_transit_are_not_destinations(extract):
    r = extract("Menteri memuji produk UMKM ketika ditemui di Bangkok, Thailand, Senin (9/9/2019). "
                "Limbah itu dikirim melalui Singapura, Selasa (10/9/2019).")
    assert shipments(r) == []


def test_training_is_not_a_shipment(extract):
    r = extract("Dinas menggelar pelatihan ekspor bagi 40 UMKM, Selasa (14/5/2024), agar mampu menembus pasar Jepang.")
    assert shipments(r) == [] and not r.is_export_story


def test_release_sentence_without_country_lends_itself_to_the_lead(extract):
    r = extract("Produk UMKM Kota Surakarta kini memasuki pasar Singapura dan Jepang.\n"
                "Wali Kota melepas ekspor perdana produk tersebut di Balai Kota, Senin (20/12/2021).")
    assert sorted(e["destination"]["iso2"] for e in shipments(r)) == ["JP", "SG"]


def test_a_product_word_inside_a_place_name_is_not_the_goods(extract):
    r = extract("Bea Cukai Tanjung Perak melepas ekspor 3 kontainer kopi milik CV Maju ke Mesir, Senin (4/3/2024).")
    (ev,) = shipments(r)
    assert ev["product"].startswith("kopi")
