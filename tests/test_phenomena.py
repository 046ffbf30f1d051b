"""Constructed articles (not from the dev set), one phenomenon each."""

import pytest
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


# --- written 2026-12-02 as fresh probes before the rules they test (#9); each failed first -----------------

def test_numbered_list_items_under_a_release_are_one_shipment_each(extract):
    r = extract("Tujuh UMKM Sulsel Ekspor Perdana\nMAKASSAR - Tujuh pelaku UMKM Sulawesi Selatan melakukan ekspor "
                "perdana, Selasa (20/8/2024). Rinciannya:\n1. CV Sinar Laut, 5 ton rumput laut ke Tiongkok.\n"
                "2. UD Kakao Sejahtera, 3 ton biji kakao ke Malaysia.\n3. Koperasi Nelayan Galesong, 2 ton ikan "
                "kerapu ke Hongkong.")
    got = {e["destination"]["iso2"]: (e["exporter"], e["quantity"]["value"]) for e in shipments(r)}
    assert got == {"CN": ("CV Sinar Laut", 5000.0), "MY": ("UD Kakao Sejahtera", 3000.0),
                   "HK": ("Koperasi Nelayan Galesong", 2000.0)}


def test_semicolon_items_after_a_release_colon_are_shipments(extract):
    r = extract("BATAM - Tiga eksportir kecil melepas produknya, Rabu (21/8/2024): PT Rempah Kecil Nusantara dengan "
                "1,5 ton cengkeh ke India; CV Arang Batok Jaya dengan 18 ton briket ke Arab Saudi; serta UD Mina "
                "Segara dengan 700 kg ikan asin ke Singapura.")
    got = {e["destination"]["iso2"]: e["quantity"]["value"] for e in shipments(r)}
    assert got == {"IN": 1500.0, "SA": 18000.0, "SG": 700.0}


def test_a_release_total_then_its_parts_in_the_next_sentence(extract):
    r = extract("PONTIANAK - Sebanyak 25 ton komoditas perkebunan asal Kalimantan Barat dilepas ekspornya dari "
                "Pelabuhan Dwikora, Senin (9/9/2024).\nKomoditas tersebut terdiri dari 15 ton lada putih milik "
                "Koperasi Lada Sambas ke Vietnam dan 10 ton karet lembaran dari KUB Karet Sanggau ke Malaysia.")
    got = {e["destination"]["iso2"]: e["quantity"]["value"] for e in shipments(r)}
    assert got == {"VN": 15000.0, "MY": 10000.0}


def test_suffixed_send_verbs_count(extract):
    r = extract("GORONTALO - Gubernur melepas ekspor perdana dua pelaku UMKM, Selasa (10/9/2024).\nUMKM pertama, "
                "CV Nyiur Melambai, mengirimkan 500 kg kopra putih ke Filipina.\nUMKM kedua, UD Rica Rodo, mengirim "
                "300 kg sambal roa ke Jepang.")
    assert {e["destination"]["iso2"] for e in shipments(r)} == {"PH", "JP"}


def test_a_schedule_after_the_destination_is_a_plan(extract):
    r = extract("Pengiriman 10 ton manggis dari Gapoktan Sari Buah ke Tiongkok dijadwalkan pekan depan.")
    assert shipments(r) == [] and {e.status for e in r.events} == {"plan"}


def test_goods_certified_for_a_consignment_are_shipped(extract):
    r = extract("Karantina Pertanian Lampung menyertifikasi 5 ton lada hitam milik Koperasi Lada Sejahtera yang "
                "akan dikirim ke Vietnam, Selasa (16/7/2024).")
    (ev,) = shipments(r)
    assert ev["destination"]["iso2"] == "VN" and ev["quantity"]["value"] == 5000.0


def test_samples_for_a_prospective_buyer_are_no_export(extract):
    r = extract("JEMBER - UMKM Kopi Raung mengirim sampel kopi ke calon pembeli di Korea Selatan, Senin "
                "(2/9/2024), sebagai tahap awal penjajakan ekspor.")
    assert shipments(r) == [] and not r.is_export_story


def test_a_month_and_year_in_the_shipment_clause_dates_it_but_not_a_past_before_it(extract):
    (ev,) = shipments(extract("Koperasi Tani Maju melepas ekspor 5 ton kopi ke Mesir pada Juli 2016."))
    assert ev["date"] == "2016-07"
    (ev,) = shipments(extract("Setelah dilepas perdana pada Maret 2019, kini 700 kg salak milik Koperasi Salak "
                              "Sibetan kembali dilepas untuk diekspor ke Kamboja, Selasa (20/8/2019)."))
    assert ev["date"] == "2019-08-20"


def test_common_goods_outside_the_first_lexicon_are_named(extract):
    r = extract("JEMBER - BUMDes Sumber Makmur mengirim 10 ton edamame ke Jepang, Kamis (22/8/2024). CV Rotan "
                "Indah mengirim 2 kontainer kursi rotan ke Belgia, Kamis (22/8/2024).")
    assert {e["destination"]["iso2"]: e["product"] for e in shipments(r)} == {"JP": "edamame", "BE": "kursi rotan"}


def test_launch_verbs_and_buyer_countries_and_fish_farmer_groups(extract):
    (ev,) = shipments(extract("BLITAR - Kelompok UMKM Srikandi Blitar me-launching 300 pak keripik tempe ke Jepang, "
                              "Senin (9/9/2024)."))
    assert ev["destination"]["iso2"] == "JP"
    (ev,) = shipments(extract("BENER MERIAH - Pesanan pembeli asal Australia sebanyak 19 ton kopi gayo dari Koperasi "
                              "Permata Gayo telah dikirim, Kamis (12/9/2024)."))
    assert ev["destination"]["iso2"] == "AU" and ev["quantity"]["value"] == 19000.0
    (ev,) = shipments(extract("Pokdakan Mina Lestari mengirim 1 ton ikan lele asap ke Singapura, Rabu (11/9/2024)."))
    assert ev["exporter"] == "Pokdakan Mina Lestari" and ev["exporter_type"] == "sme"


def test_teus_are_containers(extract):
    (ev,) = shipments(extract("Koperasi Tani Maju melepas ekspor kopi sebanyak 2 TEUs ke Mesir, Rabu (4/9/2024)."))
    assert ev["quantity"] == {"value": 2.0, "unit": "container", "text": "2 TEUs"}


def test_a_past_told_after_the_release_keeps_its_own_country_and_amount(extract):
    r = extract("Koperasi Tani Maju melepas ekspor kopi ke Mesir, Rabu (4/9/2024), setelah sebelumnya mengirim "
                "10 ton ke Jepang pada 2023.")
    (ev,) = shipments(r)
    assert ev["destination"]["iso2"] == "EG" and ev["quantity"] is None


def test_a_profile_that_entered_the_export_market_ships_nothing(extract):
    r = extract("Di bawah koordinasi Koperasi Gula Semut Sejahtera, gula semut dari desa itu berhasil masuk pasar "
                "ekspor.\nMayoritas gula semut buatan desa itu dipasarkan ke luar negeri, yakni Amerika Serikat.")
    assert shipments(r) == [] and not r.is_export_story


def test_readiness_to_export_is_a_plan(extract):
    r = extract("Bupati menyambut positif kesiapan UD Mamampang Jaya mengekspor teripang ke Hongkong, Jumat "
                "(5/3/2010).")
    assert shipments(r) == []


def test_loanwords_city_and_regency_short_forms_and_large_groups(extract):
    (ev,) = shipments(extract("Koperasi Tani Maju melakukan shipment perdana 5 ton kopi ke Mesir, Rabu (4/9/2024)."))
    assert ev["destination"]["iso2"] == "EG"
    for city, iso in (("Port Moresby", "PG"), ("Jebel Ali", "AE")):
        (ev,) = shipments(extract(f"Koperasi Tani Maju mengekspor 5 ton kopi ke {city}, Rabu (4/9/2024)."))
        assert ev["destination"]["iso2"] == iso
    for short, code in (("Kutim", "64.08"), ("Kukar", "64.02"), ("Bau-Bau", "74.72"), ("Inhil", "14.04")):
        (ev,) = shipments(extract(f"Koperasi Tani Maju dari {short} mengekspor 5 ton kopi ke Mesir, Rabu (4/9/2024)."))
        assert ev["origin"]["kabkota_code"] == code, short
    r = extract("PT Ajinomoto Indonesia mengekspor 20 ton bumbu ke Jepang, Rabu (4/9/2024).")
    assert [e.exporter_type for e in r.events if e.status == "shipment"] == ["large"] and not r.is_export_story


@pytest.mark.parametrize("second, iso", [
    ("Kali ini tujuannya Jepang.", "JP"),
    ("Kopi itu dijadwalkan tiba di Jepang dalam 20 hari.", "JP"),
    ("Kopi itu untuk memenuhi pasar Korea Selatan.", "KR"),
])
def test_the_sentence_after_a_release_names_where_the_goods_go(extract, second, iso):
    r = extract(f"TEMANGGUNG - Koperasi Kopi Kledung kembali mengekspor 18 ton kopi, Senin (9/9/2024). {second}")
    assert [(e["destination"]["iso2"], e["quantity"]["value"]) for e in shipments(r)] == [(iso, 18000.0)]


@pytest.mark.parametrize("sentence, iso", [
    ("Sebanyak 10 ton kopi CV Kopi Nusantara telah tiba di Mesir, Rabu (18/9/2024).", "EG"),
    ("Sebanyak 10 ton kopi CV Kopi Nusantara sudah diterima pembeli di Mesir, Rabu (18/9/2024).", "EG"),
    ("Koperasi Kopi Kledung mengekspor 18 ton kopi ke Negeri Gajah Putih, Senin (9/9/2024).", "TH"),
    ("Koperasi Kopi Kledung mengekspor 18 ton kopi ke Negeri Samurai, Senin (9/9/2024).", "JP"),
    ("Selain ke Mesir, CV Kopi Nusantara juga mengirim 5 ton kopi ke Aljazair, Rabu (18/9/2024).", "DZ"),
])
def test_arrivals_nicknames_and_a_country_told_before(extract, sentence, iso):
    assert [e["destination"]["iso2"] for e in shipments(extract(sentence))] == [iso]


def test_the_consignee_abroad_is_the_destination(extract):
    (ev,) = shipments(extract("Koperasi Kopi Sindoro mengirim 5 ton kopi kepada PT Kopi Jepang Trading di Jepang, "
                              "Kamis (19/9/2024)."))
    assert ev["destination"]["iso2"] == "JP" and ev["exporter"] == "Koperasi Kopi Sindoro"


def test_goods_listed_with_their_countries_after_antara_lain(extract):
    r = extract("MAKASSAR - Badan Karantina melepas ekspor serentak komoditas pertanian Sulawesi Selatan dari "
                "Pelabuhan Soekarno-Hatta, Senin (9/9/2024). Komoditas yang diekspor antara lain kopi ke Jepang, "
                "rumput laut ke Tiongkok, dan kakao ke Malaysia.")
    assert {e["destination"]["iso2"] for e in shipments(r)} == {"JP", "CN", "MY"}


def test_a_named_send_after_the_release_of_a_roundup_is_one_of_its_shipments(extract):
    r = extract("SEMARANG - Lima pelaku UMKM Jawa Tengah melepas ekspor perdana di Pelabuhan Tanjung Emas, Selasa "
                "(10/9/2024).\nCV Gula Semut Banyumas mengirim 12 ton gula semut ke Jerman.\nKoperasi Kopi Sindoro "
                "mengekspor 18 ton kopi robusta ke Mesir.\nDua UMKM lain, yakni KUB Batik Lasem dan CV Tenun Troso, "
                "mengirim produknya ke Jepang dan Australia.")
    assert {e["destination"]["iso2"] for e in shipments(r)} == {"DE", "EG", "JP", "AU"}


def test_a_dated_release_stated_as_its_total_value_is_no_statistic(extract):
    r = extract("MEDAN - Nilai ekspor produk UMKM Sumut yang dilepas Gubernur, Rabu (11/9/2024), mencapai "
                "Rp 5 miliar.\nEkspor itu terdiri atas kopi ke Amerika Serikat senilai Rp 3 miliar dan kemenyan "
                "ke India senilai Rp 2 miliar.")
    assert {e["destination"]["iso2"] for e in shipments(r)} == {"US", "IN"}
    r = extract("Menurut BPS, nilai ekspor kopi Sumut sepanjang 2023 mencapai US$ 1 miliar, terutama ke Amerika "
                "Serikat.")
    assert shipments(r) == []


def test_the_speakers_own_firm_with_an_amount_is_the_producer(extract):
    r = extract("Eksportir kopi dari CV Kopi Gayo Lestari, Rahmat, turut hadir. Menurut dia, permintaan kopi terus "
                "naik di banyak negara. Karena itu pengembangan kebun terus dilakukan. Rahmat mengatakan bulan ini "
                "perusahaannya telah mengekspor 18 ton kopi arabika ke Belanda.", published="2023-05-20")
    evs = shipments(r)
    assert [e["destination"]["iso2"] for e in evs] == ["NL"]
    assert evs[0]["exporter"] == "CV Kopi Gayo Lestari"
    assert evs[0]["quantity"]["value"] == 18000.0


def test_paragraphs_joined_by_a_comma_are_separate_sentences(extract):
    # scraped corpora (CLICK-ID) join paragraphs with ".,": the release, the exporter and the country stay apart
    r = extract("Bea Cukai melaksanakan ekspor perdana rempah-rempah dari Maluku Utara, pada Jumat (13/9/2019).,Adalah "
                "CV Tugulufa Indah dari Kota Tidore Kepulauan, eksportir perdana rempah jenis Mace sebanyak 500 karton "
                "atau setara 5 ton. Dengan India menjadi negara tujuan ekspor, nilai barang yang diekspor adalah "
                "USD42.500.,Finari menyebutkan, selama ini ekspor Maluku Utara cenderung pada tambang.",
                published="2019-09-19")
    evs = shipments(r)
    assert [e["destination"]["iso2"] for e in evs] == ["IN"]
    assert evs[0]["exporter"] == "CV Tugulufa Indah"
    assert evs[0]["date"] == "2019-09-13"


def test_sentences_split_at_a_glued_comma_only_after_a_sentence_end():
    from nlp.spacy_pipeline import build_nlp

    doc = build_nlp()("Nilainya USD42.500.,Finari menyebutkan harga Rp 5.000,00 naik. Dia pergi., lalu pulang.")
    assert [s.text for s in doc.sents] == ["Nilainya USD42.500.,", "Finari menyebutkan harga Rp 5.000,00 naik.",
                                           "Dia pergi., lalu pulang."]


@pytest.mark.parametrize("second, iso", [
    ("Pembelinya adalah perusahaan di Osaka, Jepang.", "JP"),
    ("Kopi tersebut dipesan oleh importir di Seoul, Korea Selatan.", "KR"),
    ("Produk itu dikirim ke sejumlah negara seperti Jepang.", "JP"),
])
def test_where_the_buyer_is_or_where_the_told_goods_went_after_a_release(extract, second, iso):
    r = extract("Sebanyak 4 ton gula semut milik Koperasi Tani Sejahtera dari Kabupaten Kulon Progo dilepas dari "
                f"Pelabuhan Tanjung Emas, Kamis (9/3/2023). {second}", published="2023-03-10")
    assert [e["destination"]["iso2"] for e in shipments(r)] == [iso]


@pytest.mark.parametrize("text", [
    "Pembelinya berasal dari berbagai negara, di antaranya Jepang dan Korea, ujar Ketua KUB Bambu Lestari.",
    "Kopi petani Kerinci sudah dikirim ke sejumlah negara seperti Jepang dan Belanda sejak 2018, kata dia.",
    "Usai melepas 3 kontainer kopi petani Kabupaten Jember, Bupati berangkat ke Jepang, Senin (6/3/2023), untuk "
    "promosi.",
])
def test_buyers_markets_and_trips_without_a_release_of_theirs_ship_nothing(extract, text):
    assert shipments(extract(text, published="2023-03-10")) == []


def test_a_ship_carrying_the_goods_departs_for_the_destination(extract):
    r = extract("Kapal pengangkut 3 kontainer arang kelapa milik CV Arang Jaya bertolak ke Arab Saudi dari "
                "Pelabuhan Tanjung Emas, Rabu (8/3/2023).", published="2023-03-09")
    evs = shipments(r)
    assert [e["destination"]["iso2"] for e in evs] == ["SA"]
    assert evs[0]["date"] == "2023-03-08"


def test_the_other_part_of_a_shipment_sentence_with_its_own_amount_is_shipped(extract):
    r = extract("CV Tungkal Pinang Sejahtera mengekspor pinang, Rabu (17/1/2024). Dua kontainer 40 feet atau sekitar "
                "56 ton pinang biji kering dikirim ke Mundra, India, sedangkan satu kontainer 40 feet lainnya berisi "
                "sekitar 28 ton menuju Karachi, Pakistan.", published="2024-01-18")
    assert sorted((e["destination"]["iso2"], e["quantity"]["text"]) for e in shipments(r)) == [
        ("IN", "56 ton"), ("PK", "28 ton")]


def test_a_consolidating_buyer_abroad_is_a_transit_not_a_destination(extract):
    r = extract("Koperasi Nyuh Sari mengekspor 18 ton gula kelapa ke Amerika Serikat, Kanada, dan Jerman melalui "
                "konsolidasi pembeli yang berbasis di Singapura, Rabu (16/8/2023).", published="2023-08-17")
    assert sorted(e["destination"]["iso2"] for e in shipments(r)) == ["CA", "DE", "US"]


@pytest.mark.parametrize("text", [
    # 'lagi' as 'currently', and 'dua minggu' as a fortnight (not Sunday), after a domestic send
    "Ahmad, petani pinang di Kabupaten Tanjung Jabung Timur, biasanya mengirim dua truk pinang ke Medan setiap "
    "pekan. Kini ia hanya mengirim satu truk dalam dua minggu. \"Katanya ekspor ke India lagi seret,\" ujarnya.",
    # a send only intended ('hendak'), to be smuggled on ('jalur tidak resmi')
    "Petugas karantina menggagalkan pengiriman 148 kg teripang tanpa dokumen, Senin (20/5/2024). Teripang itu hendak "
    "dikirim dengan pesawat tujuan Makassar. Teripang itu diduga akan dikirim lanjut ke Malaysia melalui jalur tidak "
    "resmi.",
])
def test_talk_of_a_slow_market_and_a_stopped_send_ship_nothing(extract, text):
    assert shipments(extract(text, published="2024-05-21")) == []


def test_minggu_after_a_number_is_a_week_not_sunday():
    from nlp.dates import find_dates

    assert [d.weekday for d in find_dates("satu truk dalam dua minggu, setiap minggu, tiap Minggu")] == []
    assert [d.weekday for d in find_dates("dilepas pada Minggu pagi")] == [6]


def test_a_title_case_verb_ends_an_exporter_name_in_a_headline(extract):
    r = extract("Kakao Petani Polman Tiba di Malaysia, Koperasi Siapkan Kiriman Berikutnya\n\nSebanyak 24 ton biji "
                "kakao milik Koperasi Kakao Mandar Sejahtera telah tiba di Port Klang, Malaysia, pada Rabu "
                "(12/2/2025) lalu, setelah diekspor dari Makassar.", published="2025-02-14")
    assert {e["exporter"] for e in shipments(r)} == {"Koperasi Kakao Mandar Sejahtera"}


def test_amounts_sent_after_a_release_are_its_items(extract):
    r = extract("Balai Karantina melepas ekspor hasil pertanian dari Kota Medan, Jumat (5/7/2019). Sebanyak 2.100 kg "
                "sarang burung walet dikirim ke Hongkong dan Singapura. Komoditas lain yang ikut diberangkatkan adalah "
                "300 ekor kumbang tujuan Perancis.", published="2019-07-06")
    assert sorted(e["destination"]["iso2"] for e in shipments(r)) == ["FR", "HK", "SG"]


def test_the_export_value_of_an_amount_sent_is_no_statistic(extract):
    r = extract("Menteri melepas ekspor gula aren produksi Desa Temon, Kabupaten Pacitan, Kamis. Sebanyak 9 ton gula "
                "aren itu dikirim ke Malaysia dan Belanda, dengan nilai ekspor mencapai Rp 400.000.000.",
                published="2024-12-20")
    assert sorted(e["destination"]["iso2"] for e in shipments(r)) == ["MY", "NL"]


def test_the_largest_items_of_one_consignment_are_no_ranking(extract):
    r = extract("Karantina mencatat 12 ton komoditas pertanian diekspor melalui PLBN Entikong pada 19 Juli 2022. "
                "Komoditas dengan volume terbesar adalah arang 6 ton dan semangka 3,5 ton, semuanya tujuan Malaysia.",
                published="2022-07-22")
    assert sorted(e["quantity"]["text"] for e in shipments(r)) == ["3,5 ton", "6 ton"]


@pytest.mark.parametrize("text", [
    "UD Mamampang Jaya tinggal menunggu dokumen. Ia meminta bupati berkenan melepas ekspor 4 ton teripang ke "
    "Hongkong tersebut.",
    "Rumput laut kering dilepas dari Pelabuhan Makassar, Rabu (4/3/2020). Komoditas itu diproduksi CV Bumi Laut. "
    "Selain rumput laut, perusahaan itu juga aktif mengirim ikan kering ke Vietnam dan Singapura.",
])
def test_a_release_asked_for_and_a_habit_ship_nothing(extract, text):
    assert shipments(extract(text, published="2020-03-05")) == []


def test_a_negated_circumstance_does_not_negate_the_export(extract):
    r = extract("Menteri memastikan ekspor rumput laut kering CV Bumi Laut ke Tiongkok tetap berjalan meski wabah "
                "belum mereda. Rumput laut kering sebanyak 20 ton dilepas dari Pelabuhan Makassar, Rabu (4/3/2020).",
                published="2020-03-05")
    assert [e["destination"]["iso2"] for e in shipments(r)] == ["CN"]


def test_the_same_countries_in_another_order_are_one_destination_set():
    from nlp.context import Clause, build_context
    from nlp.events import EventBuilder
    from nlp.gazetteer import load_gazetteer
    from nlp.spacy_pipeline import build_nlp

    nlp = build_nlp()
    text = "Ekspor tuna tujuan Jepang dan Malaysia dilepas. KUB Fishon melepas 15 ton tuna ke Malaysia dan Jepang."
    with nlp.select_pipes(disable=["ekspor_events"]):
        doc = nlp(text)
    ctx = build_context(doc, None, None, load_gazetteer())
    first, second = ctx.sents
    clauses = [Clause(*first, 0, ["JP", "MY"], "shipment", "concrete"),
               Clause(*second, 1, ["MY", "JP"], "shipment", "concrete")]
    builder = EventBuilder(ctx, load_gazetteer(), clauses)
    assert not builder.roundup  # one shipment told twice, not two shipments to two destination sets
    assert sorted(e.destination_iso2 for e in builder.build()) == ["JP", "MY"]


def test_a_country_named_again_owns_the_item_before_it(extract):
    r = extract("Karantina melepas ekspor komoditas tumbuhan, Jumat (5/7/2019). Ia merinci, \"Bibit tanaman hias 900 "
                "gram dikirim ke Belanda, kopi biji 5 kg ke Taiwan, bunga Krisan 100 batang ke Jepang, dan bunga "
                "potong 1.000 batang juga ke Jepang.\"", published="2019-07-06")
    assert sorted((e["destination"]["iso2"], e["product"]) for e in shipments(r)) == [
        ("JP", "bunga Krisan"), ("JP", "bunga potong"), ("NL", "Bibit tanaman hias"), ("TW", "kopi biji")]


def test_the_quarantine_agency_name_is_not_the_goods_and_its_dateline_is_not_the_origin(extract):
    r = extract("Mutiara Lombok ke Hong Kong\n\nFoto: petugas memeriksa mutiara.\n\nMataram (ANTARA) - Stasiun "
                "Karantina Ikan (SKIPM) Mataram menerbitkan sertifikat untuk 8,5 kilogram mutiara laut selatan asal "
                "Kabupaten Lombok Barat yang diekspor ke Hong Kong, Senin (5/6/2023).", published="2023-06-06")
    evs = shipments(r)
    assert [(e["product"], e["origin"]["kabkota_code"]) for e in evs] == [("mutiara laut selatan", "52.01")]


def test_tidore_alone_names_kota_tidore_kepulauan(extract):
    r = extract("Karantina melepas ekspor rempah, Kamis (21/9/2023). UD Rempah Kie Raha dari Tidore mengirim fuli "
                "1,6 ton ke India.", published="2023-09-22")
    assert [e["origin"]["kabkota_code"] for e in shipments(r)] == ["82.72"]


def test_which_shipment_this_is_is_no_period(extract):
    r = extract("Rumput laut kering milik CV Bumi Laut dilepas. Ekspor hari ini merupakan yang ketiga kalinya "
                "sepanjang Februari 2020, semuanya ke Tiongkok.", published="2020-03-04")
    assert [e["destination"]["iso2"] for e in shipments(r)] == ["CN"]


def test_a_bulleted_list_of_countries_goes_with_the_release_after_it():
    from nlp.clauses import find_clauses
    from nlp.context import build_context
    from nlp.gazetteer import load_gazetteer
    from nlp.spacy_pipeline import build_nlp

    nlp = build_nlp()
    text = ("Kopi dan keripik UMKM Kota Surakarta sudah masuk ke pasar ekspor di tiga negara.\n\nIni daftar "
            "negaranya:\n\n- Singapura\n- Jepang\n- Oman\n\nEkspor perdana Technolink itu dilepas Wali Kota di "
            "Balai Kota Surakarta, Jawa Tengah, Senin (20/12/2021).")
    with nlp.select_pipes(disable=["ekspor_events"]):
        doc = nlp(text)
    clauses = find_clauses(doc, build_context(doc, None, None, load_gazetteer()))
    assert {iso: c.status for c in clauses for iso in c.iso2s} == {"SG": "shipment", "JP": "shipment",
                                                                   "OM": "shipment"}


@pytest.mark.parametrize("sentence, iso", [
    ("Produk-produk UMKM Pamekasan yang berangkat ke Turki itu adalah teri crispy dan batik, dilepas Bupati, Senin "
     "(6/9/2021).", "TR"),
    ("Sore nanti, kerupuk getas dari Bangka Belitung milik CV Getas diperkirakan sudah mendarat di Singapura. Pesawat "
     "membawanya dari kargo Bandara Depati Amir Pangkalpinang untuk diekspor, Selasa (18/1/2022).", "SG"),
    ("Kanwil Bea Cukai Aceh memberikan fasilitasi ekspor terhadap produk UMKM berupa bahan kuliner khas Aceh ke "
     "Denmark.", "DK"),
    ("Pengiriman belut sawah CV Tiga A ke Tiongkok bukan kali pertama dilakukan.", "CN"),
])
def test_goods_that_depart_or_land_a_facilitated_consignment_and_a_repeat_are_shipped(extract, sentence, iso):
    assert [e["destination"]["iso2"] for e in shipments(extract(sentence, published="2021-09-07"))] == [iso]


def test_an_onward_journey_told_before_the_release(extract):
    r = extract("Menurut Bupati, pengiriman kali ini didominasi produk ikan dan kayu. Seluruh produk UMKM "
                "Lamongan tersebut akan dikirimkan ke Jepang dan Kanada. \"Pada hari ini kami memberangkatkan tujuh "
                "kontainer,\" tutur Bupati.", published="2025-03-01")
    assert sorted(e["destination"]["iso2"] for e in shipments(r)) == ["CA", "JP"]


def test_a_verb_planned_after_its_country_is_a_plan(extract):
    r = extract("Selain teripang, menurut Bupati, ekspor talas UD Maju ke Jepang juga akan dilepas pada April.",
                published="2010-03-01")
    assert shipments(r) == []


def test_a_summary_country_that_only_a_large_firm_ships_to_is_not_an_sme_event(extract):
    r = extract("Gubernur memberangkatkan ekspor produk unggulan senilai total 18,80 juta dolar AS ke dua negara: "
                "Amerika Serikat dan Taiwan, Selasa (30/5/2023). Porsi terbesar datang dari PT Smoore Technology "
                "Indonesia, yang mengekspor pod sebanyak 16 ton ke Amerika Serikat. PT Asal Jaya mengirim 20 ton kopi "
                "robusta ke Taiwan.", published="2023-05-31")
    assert [e["destination"]["iso2"] for e in shipments(r) if e["exporter_type"] != "large"] == ["TW"]


def test_sends_named_after_a_first_export_are_its_items(extract):
    r = extract("Tiga UKM binaan Kemendag baru saja menjalani ekspor perdana. Dari Makassar, PT Agro Global Sentosa "
                "mengirim cengkeh ke Singapura dengan nilai transaksi 90 ribu dolar AS. PT Mahaquinn Energi Indonesia "
                "mengekspor briket arang senilai US$60 ribu ke Yordania.", published="2021-10-19")
    assert sorted(e["destination"]["iso2"] for e in shipments(r)) == ["JO", "SG"]


def test_a_relative_plan_after_the_country_describes_the_goods(extract):
    r = extract("Petugas karantina, pada 14 Mei 2024, mendampingi ekspor perdana 54 ton jahe milik Koperasi Tani "
                "Simalungun ke Bangladesh yang akan dilalulintaskan.", published="2024-05-15")
    assert [(e["destination"]["iso2"], e["date"]) for e in shipments(r)] == [("BD", "2024-05-14")]


def test_a_stock_with_a_share_is_no_amount_of_the_shipment(extract):
    r = extract("Rumput laut kering CV Bumi Laut dilepas ke Tiongkok, Rabu (4/3/2020). Saat ini jumlah rumput laut "
                "Batam mencapai 5.000 ton, namun baru 2 persen yang dimanfaatkan.", published="2020-03-05")
    assert [e["quantity"] for e in shipments(r)] == [None]


def test_goods_bound_for_a_place_with_their_owner_are_shipped(extract):
    r = extract("Karantina melepas ekspor pala, Kamis (21/9/2023). Hari ini ada 15 ton biji pala tujuan Rotterdam, "
                "Belanda, milik CV Pala Moloku dari Halmahera Utara. Kemudian UD Rempah mengirim fuli 1,6 ton ke "
                "India.", published="2023-09-22")
    assert sorted(e["destination"]["iso2"] for e in shipments(r)) == ["IN", "NL"]


def test_what_the_consignment_holds_are_its_items(extract):
    r = extract("PT BOF untuk pertama kalinya mengirim kelapa parut kering ke Amerika Serikat, Jumat (14/1/2022). "
                "Muatan senilai Rp819,4 juta tersebut berisi 12.400 kg kelapa parut kering dan 5.600 kg coconut chips.",
                published="2022-01-15")
    assert sorted(e["quantity"]["text"] for e in shipments(r)) == ["12.400 kg", "5.600 kg"]


def test_markets_entered_before_the_release_are_no_destinations_of_it(extract):
    r = extract("Setelah lebih dahulu menembus pasar Singapura dan Hongkong, mangga asal Kabupaten Cirebon kini mulai "
                "memasuki pasar Timur Tengah, yang ditandai dengan dilepasnya ekspor perdana sebanyak 2.500 kilogram "
                "mangga milik CV Sumber Buah tujuan Bahrain oleh Bupati, Selasa (17/11/2020).", published="2020-11-18")
    assert [e["destination"]["iso2"] for e in shipments(r)] == ["BH"]


def test_a_list_of_countries_after_pasar_ekspor_di_shares_its_reading(extract):
    r = extract("Kopi UMKM Surakarta sudah masuk pasar ekspor di Singapura, Jepang, Qatar dan Oman. Ekspor perdana "
                "kopi Technolink itu dilepas Wali Kota di Balai Kota Surakarta, Jawa Tengah, Senin (20/12/2021).",
                published="2021-12-21")
    assert sorted(e["destination"]["iso2"] for e in shipments(r)) == ["JP", "OM", "QA", "SG"]


@pytest.mark.parametrize("text", [
    "Kebumen Siapkan Ekspor Perdana Kotak Anyaman Bambu ke Amerika Serikat",
    "Koperasi Kopi Kerinci mengirim 15,9 ton kopi kepada Sucafina, perusahaan kopi yang melayani roaster di kawasan "
    "Asia Pasifik, Eropa, Amerika, dan Afrika.",
])
def test_a_headline_that_prepares_and_america_among_continents_ship_nothing_there(extract, text):
    assert [e["destination"]["iso2"] for e in shipments(extract(text, published="2020-07-30"))] == []


@pytest.mark.parametrize("text, iso", [
    ("PT Kebula Putri Bestari mengekspor tiga kontainer rumput laut asal Nunukan dengan berat 60 ton ke Korea "
     "Selatan, dan direktur perusahaan tersebut, Sinta, menyatakan bahwa volume ekspor akan ditingkatkan, Minggu "
     "(23/3/2025).", "KR"),
    ("Sebanyak 300 ekor kepompong hidup hasil penangkaran PT Saman Seudati Lestari, UMKM yang selama ini dibina Bea "
     "Cukai, diterbangkan ke Denver, Amerika Serikat, Minggu (20/8/2023).", "US"),
    ("Sebanyak 57.000 kilogram tepung porang produksi PT Probolinggo Big Power dilepas ke Cina pada Selasa, 21 "
     "November 2023, dan pengiriman itu tercatat sebagai ekspor tepung porang pertama pada tahun 2023.", "CN"),
])
def test_what_is_said_after_who_mentors_and_the_releases_own_year_are_no_background(extract, text, iso):
    assert [e["destination"]["iso2"] for e in shipments(extract(text, published="2025-03-24"))] == [iso]


def test_what_the_released_goods_consist_of_names_where_each_went(extract):
    r = extract("Karantina melepas ekspor komoditas pertanian dari Medan, Jumat (5/7/2019). Menurut Ali Jamil, "
                "komoditas tumbuhan itu terdiri atas bibit tanaman hias 900 gram ke Belanda dan kopi biji 6,6 "
                "kilogram ke Taiwan.", published="2019-07-06")
    assert sorted(e["destination"]["iso2"] for e in shipments(r)) == ["NL", "TW"]


@pytest.mark.parametrize("text, iso", [
    ("Sebanyak 250 boks keripik pisang diluncurkan ke Belgia oleh Kelompok UMKM Bersama Bidadari Pesisir pada awal "
     "Februari 2024.", "BE"),
    ("Sejumlah bahan kuliner khas Aceh produk UMKM dikirim ke Denmark dengan fasilitasi Kantor Wilayah Bea Cukai "
     "Aceh.", "DK"),
    ("Pada Selasa, 15 Agustus 2023, CV Porang Jaya melaporkan 1.080 karung konjac chip kepada petugas karantina untuk "
     "diperiksa sebelum diekspor. Konjac chip senilai Rp380 juta tersebut rencananya diangkut dengan dua kontainer "
     "menuju Pelabuhan Wuhan, Cina.", "CN"),
])
def test_launched_facilitated_and_inspected_goods_with_a_planned_route_are_shipped(extract, text, iso):
    assert [e["destination"]["iso2"] for e in shipments(extract(text, published="2024-02-20"))] == [iso]


def test_a_headline_verb_ends_the_name_and_a_listed_shrimp_firm_is_large(extract):
    r = extract("Tembus Pasar Belgia, UMKM Keripik Pisang Kutim Butuh Mesin dari Pemprov", published="2024-02-20")
    assert all(e.exporter is None or "Butuh" not in e.exporter for e in r.events)
    r = extract("PT Panca Mitra Multiperdana mengekspor 15 ton udang beku ke Amerika Serikat, Selasa (30/5/2023).",
                published="2023-05-31")
    assert [e.exporter_type for e in r.events if e.status == "shipment"] == ["large"]


def test_a_table_row_under_a_release_is_a_shipment_from_its_own_regency(extract):
    r = extract("Bea Cukai melepas ekspor empat UMKM dari Pelabuhan Tanjung Priok, Rabu (15/5/2024). Berikut "
                "rinciannya:\n\nNo | Pelaku usaha | Asal | Komoditas | Volume | Tujuan\n"
                "1 | Koperasi Kopi Margamulya | Kabupaten Garut | kopi arabika | 6 ton | Australia\n"
                "2 | KUB Aren Baduy | Kabupaten Lebak, Banten | gula aren | 8 ton | Jerman\n", published="2024-05-16")
    assert sorted((e["destination"]["iso2"], e["origin"]["kabkota_code"]) for e in shipments(r)) == [
        ("AU", "32.05"), ("DE", "36.02")]


def test_each_part_of_one_long_release_sentence_keeps_its_goods_and_regency(extract):
    r = extract("Bea Cukai melepas ekspor mebel jati buatan CV Jati Kencana dari Desa Mulyoharjo, Jepara, ke Belgia, "
                "kain lurik karya Koperasi Lurik Pedan, Klaten, ke Jepang, serta gula semut produksi Koperasi Nira "
                "Satria dari Cilongok, Kabupaten Banyumas, ke Amerika Serikat, Kamis (16/5/2024).",
                published="2024-05-17")
    assert sorted((e["destination"]["iso2"], e["origin"]["kabkota_code"]) for e in shipments(r)) == [
        ("BE", "33.20"), ("JP", "33.10"), ("US", "33.02")]


@pytest.mark.parametrize("text", [
    "Selain itu, sebanyak 11.000 ton cangkang kelapa sawit milik anak usaha grup perkebunan besar dikapalkan dari "
    "Pelabuhan Bagendang menuju Jepang, Rabu (6/3/2024). Petani dan UMKM setempat berharap ikut ekspor.",
    "Dari Jawa Tengah, pabrik garmen milik investor Korea Selatan di Kabupaten Semarang mengirim 86 kontainer pakaian "
    "jadi ke Jepang, Rabu (6/3/2024). UMKM setempat baru dikurasi.",
    "PT Sepatu Prima Global mengirim 412.000 pasang sepatu olahraga ke Amerika Serikat, Rabu (6/3/2024). UMKM "
    "setempat baru dikurasi.",
    "Kami pastikan sebelum pengapalan nanti semua syarat Australia terpenuhi, kata Ketua KSU Wolobobo tentang 18 ton "
    "kopi itu.",
    "Koperasi Nelayan Bahari dari Kabupaten Pangandaran menyepakati pasokan 5 ton ikan asin dengan importir di "
    "Malaysia, Rabu (6/3/2024).",
    # a release put off, and a state firm's export together with a cooperative
    "Masalahnya, kata Suparno, pembeli di Korea Selatan meminta jadwal pengapalan 6 ton kopi KTH Sumber Rejeki diundur "
    "karena gudang mereka masih penuh, Rabu (6/3/2024).",
    "Bitung - Bersama Koperasi Nelayan Mina Bahari Bitung, Perum Perindo mengekspor 54 ton ikan cakalang beku ke "
    "Thailand, Rabu (6/3/2024).",
])
def test_large_firms_by_description_and_later_or_agreed_sends_are_no_sme_shipment(extract, text):
    r = extract(text, published="2024-03-07")
    assert [e for e in r.events if e.status == "shipment" and e.exporter_type != "large"] == []


def test_a_spoken_release_and_an_ordinal_list_are_shipments(extract):
    r = extract("\"Hari ini kita lepas sarung tenun goyor dari Pemalang, 4.500 lembar ke Yaman,\" kata Menteri, Rabu "
                "(9/10/2024).", published="2024-10-10")
    assert [e["destination"]["iso2"] for e in shipments(r)] == ["YE"]
    r = extract("Bea Cukai Tarakan melepas ekspor tiga UMKM, Selasa (14/3/2023). \"Pertama CV Bahari Juata dari "
                "Tarakan, kepiting bakau hidup 1,2 ton ke Malaysia. Kedua, UD Sungai Kayan dari Tanjung Selor, udang "
                "windu beku 4 ton ke Jepang,\" katanya.", published="2023-03-15")
    assert sorted(e["destination"]["iso2"] for e in shipments(r)) == ["JP", "MY"]


def test_a_dateline_is_not_the_origin_of_one_destination_part(extract):
    r = extract("MAKASSAR, KOMPAS.com - CV Sinar Laut mengekspor 20 ton rumput laut ke Jepang dan 5 ton ke Korea "
                "Selatan, Senin (3/3/2025).", published="2025-03-04")
    assert {e["origin"]["kabkota_code"] for e in shipments(r)} == {None}


def test_a_long_roundup_goes_on_from_item_to_item(extract):
    r = extract(
        "Produk tujuh usaha kecil dari berbagai daerah resmi berangkat ke luar negeri setelah dilepas Kementerian, "
        "Selasa (3/9/2024).\n\nNilai total barang ditaksir US$400.000.\n\nPelepasan digelar secara daring.\n\n"
        "UD Laut Biru asal Sumenep mengapalkan 20 ton rumput laut kering ke China.\n\n"
        "Dari Sumatera, 18 ton kopi robusta milik Koperasi Kopi Semendo diberangkatkan menuju Mesir.\n\n"
        "Koperasi itu sudah lama bermitra dengan pembeli tersebut.\n\nIKLAN\n\n"
        "Jawa Barat mengirim dua pelaku usaha.\n\n"
        "Perajin bambu CV Bambu Lestari dari Kabupaten Tasikmalaya mengirim 1.800 tas dan keranjang ke Jepang, "
        "sedangkan "
        "satu kontainer 40 feet kursi rotan buatan IKM Rotan Jaya, Kabupaten Cirebon, ditujukan ke Belanda.\n\n"
        "Pasar Korea Selatan juga menerima 6 ton ikan kayu dari koperasi nelayan di Kota Bitung, sementara madu "
        "hutan produksi kelompok tani hutan di Sumbawa dikirim ke Uni Emirat Arab.", published="2024-09-04")
    evs = {e["destination"]["iso2"]: e for e in shipments(r)}
    assert set(evs) == {"CN", "EG", "JP", "NL", "KR", "AE"}
    assert evs["JP"]["exporter"] == "CV Bambu Lestari" and evs["JP"]["quantity"] is None  # not the Dutch container
    assert evs["NL"]["exporter"] == "IKM Rotan Jaya" and evs["NL"]["quantity"]["unit"] == "container"
    assert evs["KR"]["quantity"]["text"] == "6 ton"
    assert all(e["date"] == "2024-09-03" for e in evs.values())


def test_goods_sent_that_will_be_marketed_abroad_were_sent(extract):
    r = extract("Bupati melepas ekspor produk UMKM Kota Malang, Senin (2/9/2024). Rumah Keripik Sari di Kota Malang "
                "mengirim 1,2 ton keripik tempe yang akan dipasarkan di Malaysia dan Singapura.",
                published="2024-09-03")
    assert sorted(e["destination"]["iso2"] for e in shipments(r)) == ["MY", "SG"]
    r = extract("Rumah Keripik Sari di Kota Malang berharap keripik tempe yang akan dipasarkan di Malaysia laku.")
    assert shipments(r) == []


def test_a_pipe_table_row_under_a_release_is_a_shipment(extract):
    r = extract("Pemprov Lampung melepas ekspor produk UMKM di Pelabuhan Panjang, Kamis (17/10/2024). Rinciannya "
                "sebagai berikut:\n\n| No | Pelaku Usaha | Asal | Komoditas | Volume | Negara Tujuan |\n"
                "|---|---|---|---|---|---|\n"
                "| 1 | Koperasi Kopi Sumber Rejeki | Kabupaten Lampung Barat | Kopi robusta | 19,2 ton | Mesir |\n"
                "| 2 | Gapoktan Lada Makmur | Kabupaten Tanggamus | Lada hitam | 12 ton | Jerman |\n",
                published="2024-10-18")
    evs = {e["destination"]["iso2"]: e for e in shipments(r)}
    assert set(evs) == {"EG", "DE"}
    assert evs["DE"]["exporter"] == "Gapoktan Lada Makmur" and evs["DE"]["quantity"]["text"] == "12 ton"
    assert evs["DE"]["origin"]["kabkota_code"] == "18.06"


def test_two_listed_items_to_one_country_keep_their_own_amounts_and_no_total(extract):
    r = extract("Karantina Sulawesi Utara melepas ekspor, Jumat (5/7/2019). Berikut rinciannya:\n"
                "1. Sebanyak 300 ekor kumbang dikirim ke Perancis.\n2. Bunga krisan sebanyak 200 batang "
                "diberangkatkan ke Jepang.\n3. Daun potong segar 90.000 batang juga dikirim ke Jepang.\n\n"
                "Total ekspor hari itu 4,1 ton senilai Rp12,5 miliar.", published="2019-07-06")
    jp = sorted(e["quantity"]["value"] for e in shipments(r) if e["destination"]["iso2"] == "JP")
    assert jp == [200.0, 90000.0]
    assert all(e["value"] is None for e in shipments(r))


def test_goods_told_of_again_take_the_exporter_and_amount_of_the_sentence_before(extract):
    r = extract("Bea Cukai melepas ekspor UMKM di empat provinsi pekan ini. Di Jepara, CV Jati Ukir mengirim satu "
                "kontainer mebel ke Prancis, Senin (17/6/2024).\n\nBea Cukai Ambon melepas 8 ton cengkih kering milik "
                "UD Cengkih Banda, Kamis (20/6/2024). Cengkih tersebut dikumpulkan dari petani di Kabupaten Maluku "
                "Tengah dan dikirim ke Singapura.", published="2024-06-21")
    sg = [e for e in shipments(r) if e["destination"]["iso2"] == "SG"]
    assert [(e["exporter"], e["quantity"]["text"]) for e in sg] == [("UD Cengkih Banda", "8 ton")]


def test_items_that_name_only_a_listed_exporters_place_are_theirs(extract):
    r = extract("Bea Cukai Yogyakarta melepas ekspor produk tiga UMKM binaan, Jumat (27/9/2024), masing-masing CV "
                "Gerabah Lestari dari Kasongan, Bantul; Kelompok Tani Sri Rejeki dari Turi, Sleman; serta Koperasi "
                "Wanita Melati dari Wonosari, Gunungkidul.\n\nPengiriman terbesar berasal dari perajin gerabah "
                "Kasongan tersebut, yakni "
                "satu kontainer 40 feet berisi 1.150 pcs gerabah hias yang diberangkatkan ke Australia.\n\n"
                "Dari lereng Merapi, salak pondoh hasil panen kelompok tani di Turi sebanyak 2,5 ton diterbangkan ke "
                "Kamboja.\n\nSementara itu, koperasi wanita asal Wonosari mengirimkan 2 ton tiwul instan ke Hong Kong.",
                published="2024-09-30")
    evs = {e["destination"]["iso2"]: e for e in shipments(r)}
    assert {k: (e["exporter"], e["origin"]["kabkota_code"]) for k, e in evs.items()} == {
        "AU": ("CV Gerabah Lestari", "34.02"), "KH": ("Kelompok Tani Sri Rejeki", "34.04"),
        "HK": ("Koperasi Wanita Melati", "34.03")}


@pytest.mark.parametrize("text,name", [
    ("Rumah Keripik Bu Sari di Kota Malang mengekspor 1,2 ton keripik tempe ke Malaysia, Senin (2/9/2024).",
     "Rumah Keripik Bu Sari"),
    ("Koperasi Serba Usaha (KSU) Manggar Jaya dari Kulon Progo mengekspor 6 ton gula semut ke Jerman, Senin "
     "(2/9/2024).", "Koperasi Serba Usaha (KSU) Manggar Jaya"),
])
def test_a_workshop_named_after_its_goods_and_a_name_after_its_abbreviated_form(extract, text, name):
    assert [e["exporter"] for e in shipments(extract(text, published="2024-09-03"))] == [name]


def test_rumah_bumn_is_a_programme_not_an_exporter():
    from nlp.exporters import find_exporters
    assert find_exporters("UMKM binaan Rumah BUMN Garut dan Rumah Kemasan Dinas") == []


def test_a_roundup_item_that_speaks_of_somebody_told_of_before_is_theirs(extract):
    r = extract("Gubernur melepas ekspor produk UMKM NTB dan NTT, Senin (9/9/2024). UD Ketak Indah di Lombok Tengah "
                "sudah lima tahun menganyam ketak. Kali ini mereka mengirim 1.850 buah tas anyaman ke Amerika "
                "Serikat.\n\nSebanyak 600 lembar kain tenun ikat milik CV Tenun Sumba dikapalkan ke Jepang.",
                published="2024-09-10")
    assert {e["destination"]["iso2"]: e["exporter"] for e in shipments(r)} == {
        "US": "UD Ketak Indah", "JP": "CV Tenun Sumba"}


def test_one_exporters_consignment_split_between_buyers_is_that_exporters(extract):
    r = extract("Rempah Sangihe Tembus Belanda dan Vietnam\n\nKali ini pengirimnya UD Rempah Utara, usaha keluarga di "
                "Tahuna. Komoditas tersebut disertifikasi Karantina di Bitung, Kamis (13/10/2022).\n\n"
                "Biji pala sebanyak 8 ton dikirim ke Rotterdam, Belanda.\n\nSedangkan fuli sebanyak 1,5 ton "
                "diberangkatkan ke Ho Chi Minh City, Vietnam.", published="2022-10-14")
    assert {e["destination"]["iso2"]: e["exporter"] for e in shipments(r)} == {
        "NL": "UD Rempah Utara", "VN": "UD Rempah Utara"}


def test_the_largest_item_of_a_release_and_the_small_ones_sent_after_it_are_shipments(extract):
    r = extract("Karantina Sumatera Barat memberangkatkan ekspor enam komoditas dari Teluk Bayur, Kamis "
                "(14/3/2024).\n\n"
                "Komoditas dengan volume terbesar adalah gambir sebanyak 126 ton yang dikapalkan untuk pembeli di "
                "India.\n\n\"Sisanya kiriman kecil, yakni kopi arabika 2,4 ton ke Korea Selatan dan sarang burung "
                "walet 85 kilogram ke Tiongkok,\" katanya.", published="2024-03-15")
    evs = {e["destination"]["iso2"]: e for e in shipments(r)}
    assert set(evs) == {"IN", "KR", "CN"}
    assert evs["IN"]["product"] == "gambir" and evs["CN"]["quantity"]["text"] == "85 kilogram"


def test_a_year_less_day_takes_the_year_of_the_day_the_article_speaks_from(extract):
    r = extract("Kepala Dinas mengatakan ekspor dari Nunukan ke Tawau terus naik, katanya di Nunukan, Rabu "
                "(13/3/2024). "
                "Hubungan dagang kedua kota sudah berjalan puluhan tahun dan kini makin banyak yang tercatat resmi.\n\n"
                "\"Pada 4 Maret ada ekspor kepiting bakau hidup milik CV Bahari Nunukan ke Tawau, Malaysia, sebanyak "
                "1,8 ton,\" ujarnya.")
    assert [e["date"] for e in shipments(r)] == ["2024-03-04"]


def test_amounts_to_countries_told_without_a_verb_after_a_release_are_items(extract):
    r = extract("Karantina Sulawesi Selatan memberangkatkan ekspor lima komoditas, Rabu (21/8/2024).\n\n"
                "Kakao biji kering menjadi penyumbang terbesar, yakni 60 ton yang dikapalkan ke Malaysia.\n\n"
                "\"Yang lain ada rumput laut kering 27 ton ke Korea Selatan, kopi arabika 4,8 ton ke Jepang, lalu stek "
                "tanaman hias 15.000 batang ke Belanda,\" kata Kepala Balai.", published="2024-08-22")
    evs = {e["destination"]["iso2"]: e["quantity"]["text"] for e in shipments(r)}
    assert evs == {"MY": "60 ton", "KR": "27 ton", "JP": "4,8 ton", "NL": "15.000 batang"}


def test_an_order_sent_in_the_next_sentence_is_a_shipment(extract):
    r = extract("Korea Selatan memesan kursi rotan sintetis buatan UKM Rotan Jaya dari Kabupaten Cirebon.\n"
                "Pesanan tersebut dikirim dalam satu kontainer 40 feet dengan nilai Rp380 juta.\n"
                "Tidak hanya itu, keripik tempe UKM Dapur Sanan asal Kota Malang juga diekspor ke Hongkong sebanyak "
                "2,5 ton.", published="2017-07-20")
    evs = {e["destination"]["iso2"]: e for e in shipments(r)}
    assert set(evs) == {"KR", "HK"} and evs["KR"]["quantity"]["unit"] == "container"
    r = extract("Korea Selatan memesan kursi rotan buatan UKM Rotan Jaya. Pesanan tersebut akan dikirim bulan depan.")
    assert shipments(r) == []


def test_a_breakdown_sentence_gives_each_country_its_own_amount(extract):
    r = extract("Sebanyak 24.560 ekor ikan hias asal Bali dengan berat total 1,9 ton dikirim ke Amerika Serikat, "
                "Jepang dan Taiwan, Selasa (9/7/2024). Dari jumlah tersebut, 18.320 ekor diterbangkan ke Amerika "
                "Serikat, "
                "4.150 ekor ke Jepang, sedangkan sisanya 2.090 ekor ke Taiwan.", published="2024-07-10")
    assert {e["destination"]["iso2"]: e["quantity"]["text"] for e in shipments(r)} == {
        "US": "18.320 ekor", "JP": "4.150 ekor", "TW": "2.090 ekor"}


def test_the_largest_sender_and_goods_sold_to_a_buyer_abroad_are_items_of_a_roundup(extract):
    r = extract("Rumah Rendang Bundo dari Kota Payakumbuh mengapalkan 1,2 ton rendang ke Malaysia pada Selasa, 10 "
                "Oktober 2023.\n\nKSU Kopi Sarasah, koperasi petani kopi di Kabupaten Solok, mengirim 6 ton kopi ke "
                "Australia pada pertengahan Oktober.\n\nCV Gambir Sakato, asal Kabupaten Lima Puluh Kota, tercatat "
                "sebagai pengirim terbesar bulan itu dengan 20 ton gambir tujuan India.\n\nKelompok Tenun Saribu di "
                "Kabupaten Tanah Datar menjual 150 lembar kain songket kepada pembeli di Brunei Darussalam.",
                published="2023-11-01")
    assert sorted(e["destination"]["iso2"] for e in shipments(r)) == ["AU", "BN", "IN", "MY"]


def test_a_roundup_item_does_not_take_the_place_of_the_next_items_exporter(extract):
    r = extract("Gubernur melepas ekspor komoditas dari empat kabupaten di Makassar, Selasa (20/8/2024).\n\n"
                "Komoditas paling banyak berupa rumput laut kering sebanyak 50 ton dari Koperasi Rumput Laut Galesong, "
                "Kabupaten Takalar, dengan tujuan Tiongkok.\n\nKopi arabika Kelompok Tani Kopi Latimojong dari "
                "Kabupaten Enrekang juga ikut dikapalkan. Sebanyak 8 ton biji kopi itu dikirim ke Jepang.",
                published="2024-08-21")
    evs = {e["destination"]["iso2"]: e for e in shipments(r)}
    assert evs["CN"]["origin"]["kabkota_code"] == "73.05"
    assert (evs["JP"]["exporter"], evs["JP"]["origin"]["kabkota_code"]) == ("Kelompok Tani Kopi Latimojong", "73.16")


def test_today_in_a_quote_of_the_day_before_is_that_day(extract):
    r = extract("SEMARANG - Suasana Terminal Peti Kemas Semarang, Rabu (9/11/2022), sedikit berbeda.\n\n"
                "Bea Cukai melepas ekspor mebel jati CV Jati Kencana dari Jepara ke Belgia.\n\n"
                "\"Hari ini ada satu kontainer 40 feet mebel ukir dari Jepara,\" kata Kepala Kanwil.",
                published="2022-11-10")
    assert [e["date"] for e in shipments(r)] == ["2022-11-09"]


def test_a_send_that_should_have_happened_but_was_put_off_is_no_shipment(extract):
    r = extract("\"Seharusnya bulan ini kami mengirim 3.000 tas pandan ke Osaka, tetapi bahan baku sedang sulit, jadi "
                "pengirimannya terpaksa kami undur,\" kata Ketua Kelompok Perajin Mekar Sari.", published="2024-08-01")
    assert shipments(r) == []


def test_an_explicit_regency_beats_a_place_word_inside_a_firms_name(extract):
    r = extract("Bea Cukai melepas ekspor tiga UMKM, Selasa (10/10/2023). CV Rendang Bundo dari Kota Payakumbuh "
                "mengapalkan 1,2 ton rendang ke Malaysia.\n\nKelompok Tenun Saribu Bungo di Nagari Pandai Sikek, "
                "Kabupaten Tanah Datar, menjual 150 lembar kain songket kepada pembeli di Brunei Darussalam.",
                published="2023-10-11")
    bn = [e for e in shipments(r) if e["destination"]["iso2"] == "BN"]
    assert [(e["exporter"], e["origin"]["kabkota_code"]) for e in bn] == [("Kelompok Tenun Saribu Bungo", "13.04")]


def test_bags_counted_by_their_material_are_pieces(extract):
    r = extract("CV Karya Kulit mengekspor 3.000 tas kulit ke Malaysia, Senin (2/9/2024).", published="2024-09-03")
    assert [e["quantity"] for e in shipments(r)] == [{"value": 3000.0, "unit": "piece", "text": "3.000 tas"}]


def test_a_year_before_a_comma_is_no_decimal_and_a_three_digit_year_lost_a_digit(extract):
    r = extract("Januari 2024, 32 Ton Kemenyan Sumut ke India\n\nSebanyak 32 ton kemenyan milik CV Haminjon Tapanuli "
                "dikapalkan ke India lewat Belawan setelah pemeriksaan pada Jumat (12/01/224).")
    assert [(e["quantity"]["text"], e["date"]) for e in shipments(r)] == [("32 ton", "2024-01-12")]


def test_a_plan_word_in_a_port_name_and_a_release_done_first_are_no_plan_or_background(extract):
    r = extract("Muatan itu terdiri atas tepung sagu 24 ton produksi CV Sagu Tualang Jaya yang diberangkatkan dari "
                "Pelabuhan Tanjung Harapan Selatpanjang menuju Muar, Malaysia, Kamis (8/5/2025).",
                published="2025-05-09")
    assert [e["destination"]["iso2"] for e in shipments(r)] == ["MY"]
    r = extract("Sebelum memimpin pelantikan, Bupati lebih dulu melepas pengiriman 4.800 botol manisan carica milik "
                "UMKM Carica Dieng Asri ke Malaysia, Jumat (5/9/2025).", published="2025-09-06")
    assert [e["destination"]["iso2"] for e in shipments(r)] == ["MY"]


def test_a_headline_total_and_a_headline_told_again_are_not_shipments_of_their_own(extract):
    r = extract("Jelang Ramadan, 37,2 Ton Kopi Robusta Jatim Diperiksa Sebelum Berlayar ke Mesir dan Italia\n\n"
                "Petugas Karantina memeriksa kopi robusta di Tanjung Perak, Kamis (14/3/2024). Sebanyak 19,2 ton kopi "
                "robusta milik Koperasi Kopi Dampit dikirim ke Port Said, Mesir.\n\nSementara 18 ton kopi robusta "
                "produksi KUB Argopuro Lestari diberangkatkan ke Genoa, Italia.", published="2024-03-15")
    assert sorted((e["destination"]["iso2"], e["quantity"]["text"]) for e in shipments(r)) == [
        ("EG", "19,2 ton"), ("IT", "18 ton")]
    r = extract("Karantina sertifikasi 12 ton lada putih Sanggau tujuan Malaysia\n\nSebanyak 12 ton lada putih milik "
                "UD Sahang Borneo dari Kabupaten Sanggau diekspor ke Kuching, Malaysia, Rabu (4/6/2025). Pada waktu "
                "yang sama pihaknya juga mensertifikasi 900 kilogram madu kelulut milik KTH Kelulut tujuan Brunei "
                "Darussalam.", published="2025-06-05")
    assert sorted(e["destination"]["iso2"] for e in shipments(r)) == ["BN", "MY"]


def test_an_order_from_a_business_meeting_then_sent_is_the_item_told_just_before(extract):
    r = extract("Rotan Jaya dari Kabupaten Cirebon mengirim satu kontainer kursi rotan ke Belanda, Senin (4/9/2017).\n"
                "Di samping itu, gula semut aren produksi UKM Aren Lestari asal Kota Sukabumi juga diekspor ke pembeli "
                "di Korea Selatan sebanyak 4 ton.\nOrder tersebut berawal dari temu bisnis di Smesco pada Maret 2017, "
                "kemudian disusul pengiriman ke pembeli di Jerman sejumlah 2,5 ton.", published="2017-09-05")
    de = [e for e in shipments(r) if e["destination"]["iso2"] == "DE"]
    assert [(e["exporter"], e["origin"]["kabkota_code"], e["date"]) for e in de] == [
        ("UKM Aren Lestari", "32.72", None)]


def test_sends_of_this_week_are_recent_shipments(extract):
    r = extract("Hasbullah menambahkan, dalam sepekan ini pengiriman ke Tawau, Malaysia, masih berlangsung, terdiri "
                "atas pisang kepok 4 ton dan ubi kayu 3,5 ton.", published="2024-03-14")
    assert {e["destination"]["iso2"] for e in shipments(r)} == {"MY"}


def test_a_headline_and_lead_that_name_every_item_are_no_shipment_of_their_own(extract):
    r = extract("Dua Kontainer Kerajinan UKM Jatim Diberangkatkan ke Belanda dan Spanyol\n\nRibuan produk kerajinan "
                "hasil karya empat UKM dilepas ke Belanda dan Spanyol dari Tanjung Perak, Jumat (8/11/2024).\n\n"
                "Kontainer pertama berisi 1.200 keping kerajinan kayu milik UD Jati Kriya Tuban tujuan Belanda.\n\n"
                "Adapun kontainer kedua memuat 860 unit keranjang anyaman milik KUB Enceng Mandiri dengan tujuan "
                "Valencia, Spanyol.", published="2024-11-09")
    assert sorted((e["destination"]["iso2"], e["quantity"]["text"]) for e in shipments(r)) == [
        ("ES", "860 unit"), ("NL", "1.200 keping")]


def test_a_spoken_send_by_a_workshop_named_by_apposition(extract):
    r = extract("Kelas membatik digelar Batik Lumintu, usaha batik rumahan yang dikelola Siti Maemunah di Kabupaten "
                "Banyumas.\n\n\"Pekan lalu kami baru kirim 600 lembar batik tulis ke Dubai, itu pesanan butik "
                "langganan di sana,\" kata Siti.", published="2024-08-20")
    assert [(e["destination"]["iso2"], e["exporter"]) for e in shipments(r)] == [("AE", "Batik Lumintu")]
    r = extract("\"Sampelnya sudah kami kirim ke Hamburg bulan lalu dan disetujui. Sekarang tinggal produksi,\" ujar "
                "Dedi, pemilik CV Kopi Priangan.", published="2024-08-20")
    assert shipments(r) == []



def test_a_release_that_was_delayed_before_is_still_a_release(extract):
    r = extract("Setelah sempat tertunda karena pandemi, ekspor perdana 5 ton kopi CV Kopi Jaya ke Jepang akhirnya "
                "dilepas Bupati, Senin (3/3/2025).", published="2025-03-04")
    assert [e["destination"]["iso2"] for e in shipments(r)] == ["JP"]


def test_dated_sends_told_without_the_country_of_a_one_country_story(extract):
    r = extract("Ekspor produk pelaku usaha Kabupaten Sambas ke Malaysia terus bertambah.\n"
                "Pada Senin (4/3/2024), sebanyak 2 ton kerupuk ikan milik UD Sinar Laut dikirim melalui PLBN Aruk, "
                "kata Kepala Dinas Koperasi Sambas, Budi Santoso.", published="2024-03-05")
    evs = shipments(r)
    assert [(e["destination"]["iso2"], e["product"], e["quantity"]["value"]) for e in evs] == [
        ("MY", "kerupuk ikan", 2000.0)]
    assert evs[0]["date"] == "2024-03-04"
    assert evs[0]["origin"]["kabkota_code"] == "61.01"


def test_amounts_dated_after_a_send_told_without_the_country_of_a_one_country_story(extract):
    r = extract("JAYAPURA - Ekspor hasil bumi pelaku usaha Kota Jayapura lewat PLBN Skouw ke Papua Nugini terus "
                "bertambah.\nAwal tahun ini sudah ada pengiriman ikan segar. Pada 5 Januari ada 1,6 ton ikan "
                "cakalang segar dari nelayan Hamadi.", published="2024-01-20")
    evs = shipments(r)
    assert [(e["destination"]["iso2"], e["product"], e["quantity"]["text"], e["date"]) for e in evs] == [
        ("PG", "ikan cakalang segar", "1,6 ton", "2024-01-05")]


@pytest.mark.parametrize("send", [
    "Pada Senin (4/3/2024), sebanyak 2 ton kerupuk ikan milik UD Sinar Laut akan dikirim melalui PLBN Aruk",
    "Sepanjang 2023, sebanyak 20 ton kerupuk ikan milik UD Sinar Laut dikirim melalui PLBN Aruk",
    "Pada Senin (4/3/2024), sebanyak 2 ton kerupuk ikan milik UD Sinar Laut dikirim ke Pontianak",
])
def test_no_countryless_send_when_planned_a_period_or_domestic(extract, send):
    r = extract("Ekspor produk pelaku usaha Kabupaten Sambas ke Malaysia terus bertambah.\n"
                f"{send}, kata Kepala Dinas Koperasi Sambas, Budi Santoso.", published="2024-03-05")
    assert shipments(r) == []


def test_the_week_so_far_is_recent_not_a_period(extract):
    r = extract("JAYAPURA - Sepanjang pekan ini UD Papua Jaya mengekspor pinang kering 3,5 ton dan telur ayam "
                "120 rak ke Papua Nugini melalui PLBN Skouw.", published="2024-01-12")
    evs = shipments(r)
    assert sorted((e["product"], e["quantity"]["text"]) for e in evs) == [("pinang kering", "3,5 ton"),
                                                                        ("telur ayam", "120 rak")]


@pytest.mark.parametrize("partner", ["bersama", "dengan menggandeng", "bekerja sama dengan"])
def test_a_state_firm_exporting_with_a_cooperative_partner_is_large(extract, partner):
    r = extract(f"JAKARTA - PT Perusahaan Perdagangan Indonesia {partner} Koperasi Kelapa Terpadu Indonesia "
                "melakukan ekspor perdana 1.000 ton arang batok kelapa ke Srilanka, Rabu (26/9/2018).")
    assert [(e["destination"]["iso2"], e["exporter_type"]) for e in shipments(r)] == [("LK", "large")]
    assert not r.is_export_story


def test_goods_tied_to_one_kabkota_came_from_there(extract):
    r = extract("BANJARMASIN - Tas purun khas Kalimantan Selatan berhasil diekspor Apindo Kalsel ke Amerika Serikat, "
                "Rabu (13/7/2022).\nEkspor perdana itu melibatkan pelaku UMKM di Kabupaten Barito Kuala untuk "
                "sasirangan serta purun dari Kabupaten Hulu Sungai Utara.")
    assert [(e["product"], e["origin"]["kabkota_code"]) for e in shipments(r)] == [("Tas purun", "63.08")]


_DATED_TABLE = ("Tanggal | UMKM | Asal | Barang | Jumlah | Negara Tujuan\n"
                "8 Jan 2025 | UD Celuk Silver Art | Gianyar | perhiasan perak | 3,2 kg | Amerika Serikat\n"
                "15 Jan 2025 | KSU Kintamani Kopi Lestari | Bangli | kopi arabika | 1,2 ton | Taiwan\n")


def test_a_dated_table_of_shipments_under_a_lead_that_speaks_of_export(extract):
    r = extract("Tuban, Badung - Bea Cukai Ngurah Rai memfasilitasi ekspor lima UMKM binaan melalui Bandara "
                "Internasional I Gusti Ngurah Rai.\n\nAdapun rincian ekspor kelima UMKM tersebut:\n\n" + _DATED_TABLE,
                published="2025-01-23")
    evs = {e["destination"]["iso2"]: e for e in shipments(r)}
    assert set(evs) == {"US", "TW"}
    assert evs["US"]["exporter"] == "UD Celuk Silver Art" and evs["US"]["quantity"]["text"] == "3,2 kg"
    assert evs["TW"]["date"] == "2025-01-15" and evs["TW"]["origin"]["kabkota_code"] == "51.06"


def test_a_table_under_a_plan_is_no_shipment(extract):
    r = extract("Bea Cukai Ngurah Rai menyiapkan ekspor lima UMKM binaan bulan depan.\n\nAdapun rencana ekspor "
                "kelima UMKM tersebut akan dilakukan sebagai berikut:\n\n" + _DATED_TABLE, published="2024-12-20")
    assert shipments(r) == []


def test_one_cooperative_several_shipments_by_month(extract):
    r = extract("Redelong - Koperasi Produsen Kopi Gayo Ara Linge di Kabupaten Bener Meriah kembali mengapalkan kopi "
                "arabika Gayo. Senin (22/7/2024), sebanyak 9,6 ton kopi dikirim ke Uni Emirat Arab.\n\n"
                "Ketua Koperasi Ara Linge mengatakan permintaan naik. \"Januari kemarin kami kirim 19,2 ton ke "
                "Amerika Serikat. Maret 12 ton ke Jerman,\" ujarnya.", published="2024-07-25")
    evs = {e["destination"]["iso2"]: e for e in shipments(r)}
    assert set(evs) == {"AE", "US", "DE"}
    assert all(e["exporter"].endswith("Ara Linge") for e in evs.values())
    assert (evs["US"]["date"], evs["DE"]["date"], evs["AE"]["date"]) == ("2024-01", "2024-03", "2024-07-22")
    assert evs["DE"]["product"] == "kopi arabika"


@pytest.mark.parametrize("phrase", ["panen Juni hingga Agustus", "pada Juni mendatang", "Juni dan Juli",
                                    "Mei Lestari", "Agustus 2024"])
def test_a_bare_month_is_not_a_range_a_month_to_come_a_name_or_a_dated_month(phrase):
    from nlp.dates import find_dates
    assert not [d for d in find_dates(phrase) if d.relative == "bare-month"]


def test_two_items_of_a_roundup_from_one_kabkota_both_come_from_it(extract):
    r = extract("Semarapura - Bupati Klungkung melepas ekspor produk UMKM, Senin (13/1/2025).\n"
                "Koperasi Tenun Gelgel Sari dari Kabupaten Klungkung mengirim 450 lembar kain tenun endek ke Jepang. "
                "Kelompok Tani Garam Kusamba dari Kabupaten Klungkung mengirim 800 kg garam laut ke Prancis.",
                published="2025-01-14")
    assert {e["destination"]["iso2"]: e["origin"]["kabkota_code"] for e in shipments(r)} == {"JP": "51.05",
                                                                                            "FR": "51.05"}


def test_shipments_to_one_country_by_different_exporters_are_separate_events(extract):
    r = extract("PUTUSSIBAU - Sepekan terakhir PLBN Badau di Kabupaten Kapuas Hulu ramai oleh truk hasil bumi.\n\n"
                "Selasa (17/9/2024), UD Sungai Kapuas Sejahtera memberangkatkan 1,2 ton ikan salai tujuan Malaysia.\n\n"
                "Kamis (19/9/2024), Koperasi Tani Badau Makmur mengekspor 4,8 ton jahe merah ke Malaysia.",
                published="2024-09-19")
    evs = sorted((e["exporter"], e["product"], e["quantity"]["text"], e["date"]) for e in shipments(r))
    assert evs == [("Koperasi Tani Badau Makmur", "jahe merah", "4,8 ton", "2024-09-19"),
                   ("UD Sungai Kapuas Sejahtera", "ikan salai", "1,2 ton", "2024-09-17")]
    # (the river in "UD Sungai Kapuas" is no sign of Kalimantan Tengah's Kabupaten Kapuas)
    assert {e["origin"]["province_code"] for e in shipments(r)} == {"61"}


def test_one_exporter_told_twice_with_its_amount_and_boxes_is_one_shipment(extract):
    r = extract("KENDARI - CV Kopi Sejahtera melepas ekspor perdana 20 ton kopi ke Malaysia, Senin (3/3/2025).\n"
                "Kopi CV Kopi Sejahtera itu dimuat dalam satu kontainer dan dikirim ke Malaysia hari itu.",
                published="2025-03-03")
    assert len(shipments(r)) == 1


def test_a_table_aligned_with_spaces_under_a_certification(extract):
    r = extract("Jambi - Karantina Jambi melakukan sertifikasi terhadap pengiriman ekspor komoditas melalui Pelabuhan "
                "Talang Duku, Kamis (12/9/2024).\n\nAdapun rincian komoditas yang disertifikasi sebagai berikut:\n\n"
                "No  Komoditas            Pelaku Usaha                        Asal         Volume   Tujuan\n"
                "1   Pinang biji kering   CV Pinang Betara Jaya               Kota Jambi   54 ton   India\n"
                "2   Pinang belah kering  Koperasi Tani Pinang Sungai Rengas  Batanghari   27 ton   Pakistan\n",
                published="2024-09-12")
    evs = {e["destination"]["iso2"]: e for e in shipments(r)}
    assert set(evs) == {"IN", "PK"}
    assert evs["IN"]["exporter"] == "CV Pinang Betara Jaya" and evs["IN"]["quantity"]["text"] == "54 ton"
    assert evs["PK"]["exporter"] == "Koperasi Tani Pinang Sungai Rengas"
    assert evs["PK"]["origin"]["kabkota_code"] == "15.04"


def test_one_exporters_counted_sends_far_from_its_name_and_the_value_of_this_time(extract):
    r = extract("SLEMAN - Koperasi Tani Salak Sumber Rejo Makmur di Kabupaten Sleman memberangkatkan 6 ton salak "
                "pondoh ke Kamboja, Senin (10/6/2024).\n\nKetua koperasi mengatakan permintaan terus naik.\n\n"
                "Menurut dia, nilai salak yang dikirim kali ini sekitar Rp 132 juta.\n\nPengiriman sebelumnya "
                "berjalan lancar. Pada Maret, satu kontainer berisi 1,5 ton salak dikirim ke pembeli di Auckland, "
                "Selandia Baru.", published="2024-06-11")
    evs = {e["destination"]["iso2"]: e for e in shipments(r)}
    assert set(evs) == {"KH", "NZ"}
    assert evs["KH"]["value"]["amount"] == 132e6 and evs["NZ"]["value"] is None
    assert evs["NZ"]["exporter"] == "Koperasi Tani Salak Sumber Rejo Makmur"
    assert evs["NZ"]["origin"]["kabkota_code"] == "34.04" and evs["NZ"]["date"] == "2024-03"


def test_a_river_that_shares_a_regencys_name_is_no_origin(extract):
    r = extract("PONTIANAK - Karantina Kalimantan Barat melepas ekspor 12.000 ekor ikan hias milik CV Arwana Borneo ke "
                "Tiongkok, Senin (5/2/2024).\nIkan itu ditangkap dan dibudidayakan warga di sepanjang Sungai Kapuas.",
                published="2024-02-05")
    assert {e["origin"]["province_code"] for e in shipments(r)} == {"61"}


def test_a_send_that_was_due_but_was_put_off_is_no_shipment(extract):
    r = extract("Larantuka - \"Sebenarnya bulan ini kami sudah harus mengirim 800 kilogram vanili kering untuk pembeli "
                "di Prancis, tetapi panen terlambat, jadi pengirimannya kami mundurkan,\" kata Ketua Kelompok Tani "
                "Lewo Tanah Sejahtera, Rabu.", published="2024-05-08")
    assert shipments(r) == []


def test_ports_of_a_nationwide_release_are_no_origin(extract):
    r = extract("DENPASAR - Pada Jumat (27/9/2024), Karantina Bali melepas ekspor hasil perikanan dari Pelabuhan Benoa "
                "sebanyak 61,4 ton.\nPelepasan itu bagian dari ekspor serentak di tujuh pintu keluar, yakni Benoa, "
                "Tanjung Perak (Surabaya), Tanjung Priok (Jakarta) dan Makassar.\n\"Kami berharap pelaku usaha kecil "
                "di Bali berani mengirim langsung, tidak lagi menitip lewat eksportir di Surabaya,\" katanya.\n"
                "Beberapa pelaku usaha ikut, di "
                "antaranya CV Bali Segara Mina dan Koperasi Nelayan Mina Kedonganan, yang mengirim ke Jepang dan "
                "Australia.", published="2024-09-27")
    assert {e["origin"]["province_code"] for e in shipments(r)} == {"51"}


def test_goods_arrived_at_last_and_the_two_products_of_the_load_told_later(extract):
    r = extract("LEBAK - Gula aren olahan perajin di Kabupaten Lebak akhirnya sampai juga ke Korea Selatan. Pengiriman "
                "itu baru pertama kali dilakukan CV Aren Baduy Lestari.\nMuatan yang dikirim terdiri atas dua jenis "
                "produk. Dalam satu kontainer 20 feet itu termuat 9,6 ton gula semut aren dan 4.400 liter gula aren "
                "cair. Pelepasannya digelar di gudang perusahaan pada 21 Juni 2023.", published="2023-07-10")
    assert sorted((e["product"], e["quantity"]["text"]) for e in shipments(r)) == [
        ("gula aren cair", "4.400 liter"), ("gula semut aren", "9,6 ton")]


def test_paragraphs_glued_with_commas_are_separate_sentences(extract):
    # a scraped corpus joins paragraphs with ".,," - the shipment is its own sentence, not the background one before
    r = extract("Eksportir PT Sinar Tani, Budi, yang rutin mengekspor beras hitam sejak tahun 2011 ke Singapura, "
                "menerima kunjungan Dirjen di Kabupaten Bandung, Jumat (20/09/2019).,,Budi mengungkapkan, pada "
                "bulan September ini perusahaannya telah mengekspor 22,5 ton ke Singapura.",
                published="2019-09-21")
    evs = shipments(r)
    assert [e["destination"]["iso2"] for e in evs] == ["SG"]
    assert evs[0]["quantity"]["value"] == 22500.0


def test_an_item_that_contributes_counted_goods_to_a_release_is_a_shipment(extract):
    # "menyumbang 1.200 karton" is this exporter's part of the release; "menyumbang 30 persen" is a statistic
    r = extract("Pontianak (ANTARA) - Bea Cukai melepas ekspor produk tiga UMKM binaan di Pelabuhan Dwikora "
                "Pontianak, Rabu (6/3/2024).\n\nCV Kapuas Hijau Lestari dari Kabupaten Kapuas Hulu mengirimkan 6 ton "
                "kratom ke Amerika Serikat.\n\nUD Sinar Rasau dari Kabupaten Kubu Raya memberangkatkan 18 ton pinang "
                "tujuan India.\n\nKoperasi Aloe Borneo Mandiri dari Kota Pontianak menyumbang 1.200 karton minuman "
                "lidah buaya yang dimuat ke kapal menuju Malaysia.\n\nEkspor kratom menyumbang 30 persen ekspor "
                "Kalimantan Barat ke Belanda sepanjang 2023.", published="2024-03-06")
    by_iso = {e["destination"]["iso2"]: e for e in shipments(r)}
    assert sorted(by_iso) == ["IN", "MY", "US"]
    assert by_iso["MY"]["quantity"]["text"] == "1.200 karton"


def test_a_roundup_item_keeps_its_own_kabkota_when_another_province_shares_a_name(extract):
    # "Kapuas" (Kabupaten Kapuas, Kalimantan Tengah) inside "CV Kapuas Hijau Lestari" and "Kapuas Hulu" must not
    # hide the item's own "Kota Pontianak"
    r = extract("Pontianak (ANTARA) - Bea Cukai melepas ekspor produk UMKM binaan di Pelabuhan Dwikora, Rabu "
                "(6/3/2024).\n\nKomoditas paling besar adalah kratom milik CV Kapuas Hijau Lestari. Usaha yang "
                "menampung daun kratom dari petani di sekitar Putussibau, Kapuas Hulu, tersebut mengirimkan 6 ton "
                "kratom ke Amerika Serikat.\n\nUD Sinar Rasau dari Kabupaten Kubu Raya memberangkatkan 18 ton "
                "pinang tujuan India. Sebelumnya pinangnya dijual ke pedagang besar di Pontianak.\n\n"
                "Koperasi Aloe Borneo Mandiri mengirim 1.200 karton minuman lidah buaya ke Malaysia. Lidah buaya "
                "memang sudah lama menjadi ikon Kota Pontianak.", published="2024-03-06")
    by_iso = {e["destination"]["iso2"]: e for e in shipments(r)}
    assert by_iso["MY"]["origin"]["kabkota_code"] == "61.71"


def test_time_words_after_the_goods_are_not_part_of_the_product(extract):
    r = extract("Eksportir UD Sejati Makmur, Cecep, yang rutin mengekspor beras ketan hitam sejak tahun 2011 ke "
                "Singapura, menerima kunjungan Dirjen. UD Sejati Makmur juga mengirim kopi setiap bulan ke Jepang.",
                published="2019-09-21")
    assert sorted(e.product for e in r.events) == ["beras ketan hitam", "kopi"]


def test_a_list_item_with_its_amount_then_its_goods_before_the_country_is_a_shipment(extract):
    r = extract("KENDARI - Balai Karantina melepas ekspor produk tiga UMKM di Pelabuhan Kendari New Port, Kamis "
                "(25/7/2024). Ketiganya masing-masing UD Wuna Mete dari Kabupaten Muna, dengan 14 ton kacang mete "
                "gelondong ke Vietnam; CV Anoa Agro dari Kabupaten Konawe Selatan yang mengirim 4,8 ton gula aren "
                "semut ke Korea Selatan.", published="2024-07-25")
    by_iso = {e["destination"]["iso2"]: e for e in shipments(r)}
    assert sorted(by_iso) == ["KR", "VN"]
    assert by_iso["VN"]["quantity"]["value"] == 14000.0


def test_the_boat_or_crate_that_carried_the_goods_is_not_the_product():
    from nlp.products import find_products

    found = find_products("Muatan 14,5 ton dikirim dengan dua kapal kayu, dikemas dalam peti kayu, dibawa kapal ikan.")
    assert [p.term for p in found] == []
    assert [p.text for p in find_products("Muatan 5 ton kayu manis dikirim dengan kapal kayu.")] == ["kayu manis"]


def test_a_later_breakdown_of_the_total_by_owner_gives_each_owner_their_item(extract):
    r = extract("NUNUKAN - Sebanyak 8,5 ton hasil bumi dari Kabupaten Nunukan diekspor ke Tawau, Malaysia, pada "
                "Selasa 3 Juni 2025. Muatan dibawa kapal kayu dari Pelabuhan Tunon Taka. Petugas memeriksa "
                "dokumen. Pemeriksaan berjalan lancar. Petani berharap harga membaik. Dinas terus mendampingi. "
                "\"Yang dikirim 8,5 ton, terdiri atas 6 ton jahe merah milik Kelompok Tani Sebatik Jaya dan 2,5 ton "
                "lada putih milik UD Batas Negeri,\" kata petugas.", published="2025-06-04")
    evs = sorted(shipments(r), key=lambda e: e["quantity"]["value"])
    assert [(e["exporter"], e["product"], e["quantity"]["value"]) for e in evs] == [
        ("UD Batas Negeri", "lada putih", 2500.0), ("Kelompok Tani Sebatik Jaya", "jahe merah", 6000.0)]


def test_a_place_ending_in_kan_does_not_end_a_firm_name():
    from nlp.exporters import find_exporters
    from nlp.gazetteer import load_gazetteer

    gz = load_gazetteer()
    found = find_exporters("CV Tarakan Bahari Mandiri mengirim kepiting. Koperasi Siapkan Kiriman Berikutnya",
                           is_place=lambda s: s.lower() in gz.region_forms)
    assert [x.name for x in found] == ["CV Tarakan Bahari Mandiri"]


def test_two_senders_each_with_an_amount_in_one_clause_are_two_shipments(extract):
    r = extract("BALIKPAPAN - CV Bumi Etam Rempah mengirim 1,5 ton dan UD Sinar Manggar 900 kg lada hitam tujuan "
                "Johor, Malaysia, Senin (15/1/2024).", published="2024-01-16")
    evs = sorted(shipments(r), key=lambda e: e["quantity"]["value"])
    assert [(e["exporter"], e["quantity"]["value"], e["product"]) for e in evs] == [
        ("UD Sinar Manggar", 900.0, "lada hitam"), ("CV Bumi Etam Rempah", 1500.0, "lada hitam")]
    assert {e["destination"]["iso2"] for e in evs} == {"MY"}


@pytest.mark.parametrize("told, published, day", [
    ("ke Malaysia kemarin.", "2024-06-14", "2024-06-13"),
    ("ke Malaysia dua hari lalu.", "2024-06-14", "2024-06-12"),
    ("ke Malaysia Jumat pekan lalu.", "2024-06-14", "2024-06-07"),
    ("ke Malaysia bulan lalu.", "2024-06-14", "2024-05"),
    ("ke Malaysia pada akhir pekan lalu, Jumat (19/7/2019).", "2019-07-22", "2019-07-19"),
    ('ke Malaysia. "Kemarin kami kirim 2 ton," kata Budi, Kamis (18/7/2019).', "2019-07-19", "2019-07-17"),
])
def test_a_day_told_relative_to_the_report_is_counted_back(extract, told, published, day):
    r = extract(f"PONTIANAK - CV Borneo Agro mengirim 2 ton lada putih {told}", published=published)
    assert [e["date"] for e in shipments(r)] == [day]


@pytest.mark.parametrize("told, iso", [
    ("Maret lalu, 1,2 ton amplang bikinan UD Amplang Mahakam Sari tiba di Tawau, Sabah, Malaysia.", "MY"),
    ("Februari lalu, 2,4 ton mi sagu kering produksi UD Sagu Sehati sampai di Pasir Gudang, Johor, Malaysia.", "MY"),
    ('"Senin kemarin kami berangkatkan 18 ton kayu manis ke Amerika Serikat," kata Ketua Koperasi Sakti Alam.',
     "US"),
    ('"Kamis lalu kami baru muat satu kontainer kursi rotan, tujuannya Rotterdam, Belanda," kata pemilik CV Giri '
     'Rattan.', "NL"),
    ("KUB Kopi Sipinggan Raya bulan lalu mengekspor kopi arabika ke Uni Emirat Arab senilai USD 92.000.", "AE"),
])
def test_an_arrival_a_spoken_send_and_a_send_last_month_are_shipments(extract, told, iso):
    r = extract(f"SAMARINDA - {told}", published="2024-04-18")
    assert r.is_export_story and [e["destination"]["iso2"] for e in shipments(r)] == [iso]


def test_an_earlier_send_of_this_year_is_a_shipment_but_one_of_a_year_gone_by_is_not(extract):
    r = extract("NEGARA - Koperasi Subak Abian Amerta Sari kembali mengekspor 5 ton biji kakao fermentasi ke Jepang, "
                "Selasa (8/8/2023). Sebelumnya, pada Juli lalu, koperasi ini juga mengirim 2 ton biji kakao "
                "fermentasi ke Belgia. Pertama kali tahun 2019, waktu itu baru enam ton ke Australia.",
                published="2023-08-09")
    evs = {e["destination"]["iso2"]: e for e in shipments(r)}
    assert set(evs) == {"JP", "BE"}
    assert evs["BE"]["quantity"]["value"] == 2000.0 and evs["BE"]["date"] == "2023-07"
    assert evs["JP"]["product"] == "biji kakao fermentasi"


def test_a_country_told_before_and_a_rejected_lot_and_samples_are_not_this_send(extract):
    r = extract("PROBOLINGGO - Awal September lalu, 2 ton mangga gadung tujuan Dubai, Uni Emirat Arab, di-reject oleh "
                "buyer setibanya di sana. Selasa (3/10/2023), sebanyak 4 ton mangga gadung milik CV Gadung Agro "
                "Nusantara diterbangkan menuju Dubai. Tak hanya ke Dubai, pekan sebelumnya CV Gadung Agro Nusantara "
                "juga sudah ship 1,5 ton mangga gadung ke Singapura. Bulan lalu ia mengirim empat kilogram mangga "
                "sebagai contoh kepada calon pembeli di Jepang.", published="2023-10-05")
    got = sorted((e["destination"]["iso2"], e["quantity"]["value"]) for e in shipments(r))
    assert got == [("AE", 4000.0), ("SG", 1500.0)]


def test_the_goods_after_the_amount_beat_the_trade_named_before_it(extract):
    r = extract("TERNATE - UD Rempah Gamalama Lestari, usaha pengolahan rempah di Kelurahan Sasa, pada Jumat "
                "(8/11/2024) mengapalkan 5 ton biji pala kering ke Belanda.", published="2024-11-10")
    assert [e["product"] for e in shipments(r)] == ["biji pala kering"]


def test_another_sender_with_only_a_value_to_the_same_country_is_its_own_shipment(extract):
    r = extract("PONTIANAK - Sebanyak 850 karton minuman lidah buaya milik CV Aloe Khatulistiwa diberangkatkan ke "
                "Kuching, Malaysia, melalui PLBN Entikong pada Rabu (1/11/2023). Contoh lain datang dari Kabupaten "
                "Sambas. Kelompok Tani Sinar Tebas pada akhir Oktober lalu mengekspor jeruk siam ke Sarawak, "
                "Malaysia, melalui PLBN Aruk dengan nilai RM 18.400.", published="2023-11-09")
    evs = sorted(shipments(r), key=lambda e: e["exporter"])
    assert [(e["exporter"], e["destination"]["iso2"]) for e in evs] == [
        ("CV Aloe Khatulistiwa", "MY"), ("Kelompok Tani Sinar Tebas", "MY")]
    assert evs[1]["value"]["amount"] == 18400.0 and evs[0]["value"] is None


def test_an_order_received_and_a_buyer_who_exports_on_are_not_the_smes_shipment(extract):
    r = extract("AMBON - Koperasi Petani Pala Hitu Lama menerima pesanan 12 ton biji pala kering dari seorang pembeli "
                "asal Rotterdam, Belanda, yang rencananya dikirim secara langsung dari Ambon.", published="2024-07-17")
    assert shipments(r) == []
    r = extract("GORONTALO - UD Tuna Teluk Tomini mengirim 2,5 ton tuna loin ke Jakarta, Rabu (3/1/2024). Menurut "
                "Rahman, pembeli di Jakarta merupakan perusahaan yang kemudian mengekspor produk tuna ke Jepang dan "
                "Amerika Serikat.", published="2024-01-04")
    assert shipments(r) == []


def test_a_send_by_the_sea_toll_is_domestic_and_lends_no_release(extract):
    r = extract("DOBO - Rencana Koperasi Nelayan Jargaria Bahari mengirim teripang kering ke Hong Kong terpaksa batal. "
                "Pembeli di Hong Kong juga sudah menyetujui harga. Teripang tersebut akhirnya dijual ke pedagang dan "
                "dikirim dengan kapal tol laut dari Pelabuhan Yos Sudarso Dobo pada Selasa (13/5/2025).",
                published="2025-05-15")
    assert shipments(r) == []


def test_a_farmer_group_federation_with_its_short_form_in_parentheses_is_an_exporter():
    from nlp.exporters import find_exporters

    found = find_exporters("Hal serupa dirasakan Gabungan Kelompok Tani (Gapoktan) Deleng Sibayak di Berastagi.")
    assert [x.name for x in found] == ["Gabungan Kelompok Tani (Gapoktan) Deleng Sibayak"]


def test_a_first_person_quote_ships_for_the_speakers_firm_introduced_before_it(extract):
    r = extract("KONAWE SELATAN - Di gudang, karung berjejer hingga atap. Ketua Koperasi Produsen Mete Lestari Laeya, "
                "Wa Ode Nurhayati, menunjukkan tumpukan karung yang baru saja kosong.\n\n\"Yang di sebelah sini sudah "
                "berangkat semua. Selasa kemarin kami kirim 16 ton gelondong mete ke Vietnam lewat Pelabuhan Kendari "
                "New Port,\" kata Nurhayati. Bulan lalu, UD Mete Ranomeeto mengirim 600 kilogram kacang mete panggang "
                "ke Singapura.", published="2024-10-24")
    assert sorted((e["destination"]["iso2"], e["exporter"]) for e in shipments(r)) == [
        ("SG", "UD Mete Ranomeeto"), ("VN", "Koperasi Produsen Mete Lestari Laeya")]


def test_a_relative_plan_inside_a_release_after_a_glued_headline_is_the_release(extract):
    r = extract("Order dari Australia dan Jepang Mengalir Kontainer berisi tas anyaman ata milik UD Ata Sari yang akan "
                "dikirim ke Australia dan Jepang dilepas di Desa Kedisan, Gianyar, Rabu (12/10/2022). UD Ata Sari "
                "melayani pembeli dengan nilai rata-rata Rp180 juta untuk setiap kontainer.", published="2022-10-13")
    evs = shipments(r)
    assert {iso for e in evs for iso in [e["destination"]["iso2"]]} == {"AU", "JP"}
    assert all(e["value"] is None and e["date"] == "2022-10-12" for e in evs)


def test_a_count_with_a_weight_each_is_the_count(extract):
    r = extract("SUMENEP - UD Teri Madura mengirim 400 karung @25 kg teri kering ke Jepang, Senin (6/3/2023).",
                published="2023-03-07")
    assert [(e["quantity"]["value"], e["quantity"]["unit"]) for e in shipments(r)] == [(400.0, "piece")]


def test_a_bare_terkait_heading_lists_teasers(extract):
    from nlp.noise import mask_noise

    text = ("Karantina memeriksa 24 ton bawang bombai dari Kuching di PLBN Entikong, Kamis.\n\nKomentar Anda\n\n"
            "Terkait\nKarantina Kalbar sertifikasi lada putih tujuan Malaysia\nPemkab Sanggau gelar pasar murah")
    assert "lada putih" not in mask_noise(text) and "bawang bombai" in mask_noise(text)
    assert shipments(extract(text)) == []


@pytest.mark.parametrize("text, published", [
    # the rest of this month is still to come
    ("Erwin: Insyaallah sebentar lagi. Akhir bulan ini kita kirim 5 ton kopi ke Dubai. Kontraknya sudah ada, "
     "kontainernya juga sudah kita pesan lewat Teluk Bayur.", "2024-06-03"),
    # an export procedure lends no release
    ("Gurita dan cakalang Banggai Kepulauan menuju pasar Jepang lewat Surabaya\n\n"
     "Balai Karantina menyertifikasi 155 ton hasil perikanan yang dikirim ke Surabaya, Selasa (25/3).\n\n"
     "Ia menjelaskan sertifikat itu untuk lalu lintas domestik antar area. Untuk ekspor, pemeriksaan dan "
     "sertifikasi dilakukan kembali oleh karantina di pelabuhan muat ekspor.", "2025-03-26"),
    # goods turned back at the destination were not exported
    ("Satu kontainer kopi arabika milik Koperasi Kopi Gayo Tunas Mulia dikembalikan oleh pembeli di Taiwan. "
     "Kopi tersebut dikirim pada akhir Agustus lalu. Namun, saat diperiksa di Pelabuhan Kaohsiung, sampel "
     "dari kiriman itu dinyatakan tidak memenuhi syarat. Zulkifli optimistis pembeli di Taiwan masih mau "
     "melanjutkan kerja sama.", "2024-11-06"),
    # a headline over a domestic send is no shipment
    ("Kerajinan Rotan Tegalwangi Menuju Pasar Jepang, Dua Truk Diberangkatkan\n\nCIREBON - Dua truk bermuatan "
     "kursi rotan meninggalkan bengkel UD Rotan Jaya Abadi di Kabupaten Cirebon, Selasa (7/5/2024). Muatan berisi "
     "640 pcs produk rotan itu dibawa ke gudang konsolidasi milik PT Kirana Trading Internasional di Kota "
     "Semarang, Jawa Tengah.", "2024-05-07"),
], ids=["later-this-month", "procedure", "turned-back", "headline-over-domestic"])
def test_close_calls_yield_no_shipment(extract, text, published):
    assert shipments(extract(text, published=published)) == []


def test_goods_trucked_to_an_exporters_warehouse_at_home_are_a_domestic_send():
    from nlp.clauses import _TO_PLACE

    for text, place in [("diangkut tiga truk menuju gudang eksportir di Bandar Lampung", "Bandar"),
                        ("dibawa ke gudang konsolidasi milik PT Kirana Trading Internasional di Kota Semarang", "Kota"),
                        ("dikirim ke Surabaya", "Surabaya")]:
        assert _TO_PLACE.search(text).group(1) == place


def test_a_value_told_in_the_next_sentence_belongs_to_the_shipment(extract):
    text = ("Rabu (14/5/2025), UMKM Batik Sekar Jagad mengirim 3.000 lembar kain batik cap ke Dubai, Uni Emirat Arab. "
            "Nilainya sekitar Rp 420 juta. Itu pengiriman terbesar mereka.")
    (ev,) = shipments(extract(text, published="2025-05-15"))
    assert ev["value"]["amount"] == 420_000_000 and ev["value"]["currency"] == "IDR"


def test_a_value_converted_to_rupiah_keeps_the_stated_currency(extract):
    text = ("Devisa dari ekspor ini sebesar USD 55 ribu. Jika dirupiahkan, nilainya setara Rp771,21 juta. "
            "Karantina melepas ekspor 25 ton ikan tuna beku milik UD Samudra Jaya ke Thailand, Senin (3/6/2024).")
    (ev,) = shipments(extract(text, published="2024-06-03"))
    assert ev["value"]["currency"] == "USD" and ev["value"]["amount"] == 55_000


def test_a_state_plantation_firm_shipping_at_the_same_release_is_large(extract):
    from nlp.exporters import exporter_type, find_exporters

    text = ("Pelepasan itu dilakukan bersamaan dengan pengapalan 240 ton karet lembaran asap milik PTPN I Regional 7 "
            "tujuan Tiongkok.")
    names = [e.name for e in find_exporters(text, is_place=lambda s: False)]
    assert any(n.startswith("PTPN") for n in names)
    assert all(exporter_type(n, text) == "large" for n in names if n.startswith("PTPN"))


@pytest.mark.parametrize("text, value", [
    ("yang tahan 12 bulan milik KUB Maju dikirim ke Jepang, Senin (3/6/2024).", None),
    ("milik KUB Maju dikirim ke Jepang, Senin (3/6/2024), untuk menahan harga.", None),
    ("milik KUB Maju dikirim ke Jepang, Senin (3/6/2024). Totalnya, koperasi kini punya aset Rp 3 miliar.", None),
])
def test_close_call_rules_leave_ordinary_shipments_alone(extract, text, value):
    """Found in review: shelf life, prices and an unrelated total are no close calls."""
    lead = "Kopi Temanggung Tembus Jepang\nTEMANGGUNG - Sebanyak 5 ton kopi arabika "
    r = extract(lead + text, published="2024-06-05")
    (ev,) = shipments(r)
    assert ev["quantity"]["value"] == 5000 and (ev["value"] or {}).get("amount") == value


def test_the_usual_road_through_a_warehouse_to_the_port_is_still_an_export(extract):
    r = extract("5 Ton Kopi Temanggung Diekspor ke Jepang\nTEMANGGUNG - Kopi arabika milik KUB Maju itu lebih dulu "
                "diangkut dengan truk ke gudang eksportir di Kota Semarang, lalu dimuat ke kapal di Pelabuhan Tanjung "
                "Emas. Ketua KUB Maju, Budi, mengatakan permintaan dari Jepang terus naik.", published="2024-06-05")
    assert [e["destination"]["iso2"] for e in shipments(r)] == ["JP"]


def test_goods_listed_with_their_total_value_are_one_item_each(extract):
    """'dengan nilai total Rp...' after a list of goods is that send's value, not a period's total."""
    r = extract("Ekspor Sayur Sanggau ke Kuching Terus Jalan\nSANGGAU - Kepala Dinas Perdagangan Sanggau, Rudi, "
                "mengatakan dalam sepekan ini pengiriman ke Kuching, Malaysia terdiri atas kunyit 3 ton, "
                "cabai rawit 900 kilogram dan jahe 1,5 ton, dengan nilai total Rp96 juta, kata dia, Rabu (5/6/2024).",
                published="2024-06-05")
    got = sorted((e["product"], e["quantity"]["value"]) for e in shipments(r))
    assert got == [("cabai rawit", 900.0), ("jahe", 1500.0), ("kunyit", 3000.0)]


def test_a_countryless_send_beside_a_shipment_is_one_more_item(extract):
    """In a story with one foreign country, a counted, dated send told without a country went there, even when
    another sentence already names the country."""
    r = extract("UMKM Merauke Kirim Produk ke Papua Nugini\nMERAUKE - Kelompok Usaha Bersama Sagu Lestari mengirim "
                "600 kilogram tepung sagu ke Papua Nugini lewat PLBN Sota, Senin (3/6/2024). Pada 5 Juni, CV Rawa "
                "Biru mengirim 1,2 ton ikan kakap beku. Lalu pada 7 Juni, UD Tiga Rasa mengirim 300 kilogram "
                "kerupuk ikan.", published="2024-06-10")
    got = sorted((e["exporter"], e["quantity"]["value"], e["date"]) for e in shipments(r))
    assert got == [("CV Rawa Biru", 1200.0, "2024-06-05"), ("Kelompok Usaha Bersama Sagu Lestari", 600.0, "2024-06-03"),
                   ("UD Tiga Rasa", 300.0, "2024-06-07")]
    assert {e["destination"]["iso2"] for e in shipments(r)} == {"PG"}


def test_a_large_firms_countryless_send_is_not_an_item(extract):
    r = extract("Koperasi Banda Kirim Pala ke Belanda\nBANDA - Koperasi Pala Banda mengirim 5 ton pala ke Belanda, "
                "Senin (3/6/2024). Pada pekan yang sama, PT Rempah Jaya, eksportir besar asal Surabaya, juga "
                "mengapalkan 60 ton pala.", published="2024-06-10")
    assert [e["exporter"] for e in shipments(r)] == ["Koperasi Pala Banda"]


def test_each_listed_item_keeps_its_own_day_value_and_place(extract):
    r = extract("Tiga UMKM Sumbar Kirim Produk ke Malaysia\nPADANG - Tiga UMKM Sumatera Barat mengirim produknya "
                "ke Malaysia. Pada 3 Juni CV Dendeng Uni dari Kota Padang Panjang mengirim 800 bungkus dendeng "
                "senilai Rp40 juta, kemudian pada 6 Juni Kopi Bukik Tinggi dari Kota Solok mengirim 250 kilogram "
                "kopi bubuk senilai Rp30 juta.", published="2024-06-10")
    got = sorted((e["exporter"], e["origin"]["kabkota_code"], e["date"], e["value"]["amount"]) for e in shipments(r))
    assert got == [("CV Dendeng Uni", "13.74", "2024-06-03", 40_000_000.0),
                   ("Kopi Bukik Tinggi", "13.72", "2024-06-06", 30_000_000.0)]


def test_the_container_that_carries_every_item_is_no_shipment_of_its_own(extract):
    r = extract("Produk Tiga UMKM Lampung Satu Kontainer ke Malaysia\nBANDAR LAMPUNG - Kopi, keripik pisang dan "
                "lada buatan tiga UMKM di Lampung dikirim bersama dalam satu kontainer 20 feet ke Malaysia, Selasa "
                "(4/6/2024). Rinciannya, CV Kopi Tanggamus mengirim 2 ton kopi robusta. Lalu UD Pisang Emas "
                "mengirim 900 kilogram keripik pisang, dan KUB Lada Way Kanan mengirim 1,1 ton lada hitam.",
                published="2024-06-05")
    evs = shipments(r)
    assert sorted(e["quantity"]["value"] for e in evs) == [900.0, 1100.0, 2000.0]
    assert {e["date"] for e in evs} == {"2024-06-04"}


def test_a_spelled_amount_after_the_goods_is_not_part_of_their_name(extract):
    from nlp.products import find_products

    assert [p.text for p in find_products("meliputi buah nanas satu ton, jeruk dua ribu butir")] == [
        "buah nanas", "jeruk"]


def test_an_item_of_this_week_does_not_take_another_items_day(extract):
    r = extract("Ekspor Perbatasan Entikong\nENTIKONG - Pada 2 Juni ada ekspor 4 ton lada putih ke Kuching, "
                "Malaysia, kata Kepala Dinas, Rabu (12/6/2024). Dalam sepekan ini pengiriman ke Kuching juga "
                "meliputi pisang 2 ton dan kelapa 3.000 butir.")
    got = {e["product"]: e["date"] for e in shipments(r)}
    assert got == {"lada putih": "2024-06-02", "pisang": "2024-06", "kelapa": "2024-06"}


def test_this_year_after_a_whole_years_figures_is_the_year_after_them(extract):
    r = extract("Ekspor Lewat PLBN Long Midang\nNUNUKAN - Sepanjang Januari sampai Desember 2023 komoditas yang keluar "
                "lewat PLBN Long Midang mencapai 200 ton. Awal tahun ini juga ada pengiriman: tanggal 3 Februari "
                "Gapoktan Krayan Makmur mengirim 7 ton beras adan ke Sarawak, Malaysia.")
    assert [e["date"] for e in shipments(r)] == ["2024-02-03"]


@pytest.mark.parametrize("text, iso", [
    # ferried across the land border
    ("ATAMBUA - Sebanyak 30 ekor kambing milik KUB Ternak Sejahtera diseberangkan ke Timor Leste melalui PLBN "
     "Motaain, Rabu (5/6/2024).", "TL"),
    # sent to a buyer's shop abroad
    ("MAUMERE - Koperasi Tenun Sikka mengirim 60 lembar kain tenun ke sebuah toko kerajinan di Darwin, Australia, "
     "Rabu (5/6/2024).", "AU"),
])
def test_sends_told_with_other_verbs_and_consignees(extract, text, iso):
    assert [e["destination"]["iso2"] for e in shipments(extract(text, published="2024-06-06"))] == [iso]


def test_a_port_on_the_way_is_no_destination(extract):
    r = extract("TEMBILAHAN - BUMDes Sapat Jaya mengirim 20 ton lidi nipah, Selasa (4/6/2024). Lidi itu dikapalkan "
                "menuju Kolkata, India, sebelum dibawa lewat jalur darat ke Kathmandu, Nepal.", published="2024-06-05")
    assert [e["destination"]["iso2"] for e in shipments(r)] == ["NP"]


def test_hobby_groups_and_chat_groups_are_no_business_group(extract):
    r = extract("TULUNGAGUNG - Peternak cupang Budi Santoso mengirim 300 ekor ikan hias cupang ke Meksiko, Rabu "
                "(5/6/2024). Ia menemukan pembeli lewat grup-grup penghobi di media sosial.", published="2024-06-06")
    assert [e["exporter_type"] for e in shipments(r)] != ["large"] and shipments(r)


def test_a_village_firm_named_in_full_is_an_exporter(extract):
    from nlp.exporters import exporter_type, find_exporters

    text = "Badan Usaha Milik Desa (BUMDes) Nipah Jaya, Desa Sapat, mengirim lidi nipah ke Nepal."
    (x,) = find_exporters(text)
    assert x.name == "Badan Usaha Milik Desa (BUMDes) Nipah Jaya" and exporter_type(x.name, text) == "bumdes"


def test_a_total_told_over_the_items_is_no_item_of_its_own(extract):
    r = extract("TIDORE - Sebanyak 50 ton produk kelapa asal Kota Tidore Kepulauan dilepas untuk diekspor, Rabu "
                "(5/6/2024). Ekspor itu terdiri atas kopra putih 30 ton dan bungkil kelapa 20 ton milik Koperasi Nyiur "
                "Oba yang dikapalkan menuju Chattogram, Bangladesh.", published="2024-06-06")
    assert sorted(e["quantity"]["value"] for e in shipments(r)) == [20000.0, 30000.0]


def test_capacity_before_the_pandemic_is_background(extract):
    r = extract("SEMARANG - Kerajinan eceng gondok CV Rawa Indah dikirim ke Polandia, Rabu (5/6/2024). Sebelum "
                "pandemi, CV Rawa Indah mampu mengirim hingga tiga kontainer sebulan, sebagian besar ke Jerman.",
                published="2024-06-06")
    assert [e["destination"]["iso2"] for e in shipments(r)] == ["PL"]


def test_a_numbered_item_keeps_the_rest_of_its_line(extract):
    r = extract("Bea Cukai Semarang mencatat ekspor UMKM bulan ini:\n1. CV Kopi Muria - kopi 2 ton, tujuan Tokyo, "
                "Jepang. Diberangkatkan Selasa (6/5/2025).\n2. UD Batik Lasem - batik tulis 300 lembar, tujuan "
                "Kyoto, Jepang. Dikirim pada Jumat (16/5/2025).\n", published="2025-05-20")
    assert sorted((e["exporter"], e["date"]) for e in shipments(r)) == [
        ("CV Kopi Muria", "2025-05-06"), ("UD Batik Lasem", "2025-05-16")]


def test_an_earlier_small_send_leads_into_this_release(extract):
    r = extract("MANADO - Setelah sempat dikirim dalam jumlah kecil tahun lalu, kini 5.000 batang bibit anggrek asal "
                "Kota Tomohon kembali dilepas untuk diekspor ke Korea Selatan, Kamis (25/1/2024).",
                published="2024-01-26")
    assert [e["destination"]["iso2"] for e in shipments(r)] == ["KR"]


@pytest.mark.parametrize("text, who", [
    ("Sebanyak 25 ekor kambing milik Pak Yohanes Bria dikirim ke Timor Leste lewat PLBN Motaain, Senin (3/6/2024).",
     "Yohanes Bria"),
    ("Arwana super red hasil penangkaran Hendra Wijaya di Kabupaten Kapuas Hulu dikirim ke Taiwan sebanyak 40 ekor, "
     "Senin (3/6/2024).", "Hendra Wijaya"),
    ("Hendra Wijaya, penangkar arwana di Kabupaten Kapuas Hulu, mengirim 40 ekor arwana ke Taiwan, Senin (3/6/2024).",
     "Hendra Wijaya"),
    ("Yohanes Bria (45), peternak kambing asal Desa Alas, Kabupaten Malaka, mengirim 30 ekor kambing ke Timor Leste, "
     "Senin (3/6/2024).", "Yohanes Bria"),
    ("Perajin rotan asal Kabupaten Cirebon, Dede Suryana, mengekspor 200 kursi rotan ke Belanda, Senin (3/6/2024).",
     "Dede Suryana"),
    ("Sebanyak 2.400 buah gerabah buatan kelompok perajin Tunas Mulek dikirim ke Australia, Senin (3/6/2024).",
     "Kelompok Perajin Tunas Mulek"),
    # officials and a firm's owner are no exporters
    ("Kepala Dinas Peternakan NTT, Yohanes Bria, mengatakan 30 ekor kambing milik KUB Ternak Jaya diseberangkan ke "
     "Timor Leste, Senin (3/6/2024).", "KUB Ternak Jaya"),
    ("Bupati Belu Agustinus Taolin melepas 25 ekor sapi ke Timor Leste, Senin (3/6/2024).", None),
])
def test_a_small_producer_named_as_a_person_is_the_exporter(extract, text, who):
    assert [e["exporter"] for e in shipments(extract("KUPANG - " + text, published="2024-06-04"))] == [who]


@pytest.mark.parametrize("name", ["Kelompok Petani Garam Segara Dewi", "Kelompok Penenun Dasan Baru",
                                  "Paguyuban Batik Tulis Giriloyo", "BUMDesma Pinang Serumpun",
                                  "Rumah Produksi Mama Yosefa", "Sanggar Tenun Ina Ndao"])
def test_more_group_forms_are_exporters(name):
    from nlp.exporters import find_exporters

    assert [x.name for x in find_exporters(f"Produk {name} dikirim ke Jepang.")] == [name]


def test_a_first_person_send_after_an_unnamed_one_is_the_storys_one_exporter(extract):
    r = extract("TAKENGON - Rahmi memimpin Koperasi Kopi Gayo Lestari di Kecamatan Bebesen, Aceh Tengah. Koperasi itu "
                "melayani 600 petani.\nBagaimana ekspor tahun ini?\nLancar. Akhir Mei kemarin kami sudah kirim 19 ton "
                "ke Hamburg, Jerman. Itu pembeli lama. Sebelumnya, Januari lalu, kami juga mengirim 18 ton ke Amerika "
                "Serikat.", published="2024-06-10")
    assert {e["exporter"] for e in shipments(r)} == {"Koperasi Kopi Gayo Lestari"} and len(shipments(r)) == 2


@pytest.mark.parametrize("goods", ["sapi bali", "aglonema", "kratom", "bawang goreng", "kemplang",
                                   "sigaret kretek tangan", "lampu gantung"])
def test_goods_of_the_breadth_brief_are_products(goods):
    from nlp.products import find_products

    assert [p.text for p in find_products(f"mengirim 3 ton {goods} ke Jepang")] == [goods]


def test_an_owner_speaks_for_the_firm_he_names():
    from nlp.exporters import find_exporters

    text = "Dedi Suryadi, pemilik usaha rotan Tegalwangi Rattan Art, mengatakan 200 kursi dikirim ke Belanda."
    assert "Dedi Suryadi" not in [x.name for x in find_exporters(text)]


def test_a_ranking_of_destinations_is_no_shipment(extract):
    r = extract("BANDAR LAMPUNG - Karantina Lampung mencatat ekspor 18.000 ton sepanjang Januari 2023. \"Negara tujuan "
                "terbanyak adalah Mesir, Italia, Jepang, dan Amerika Serikat,\" kata Andi, Senin (6/2/2023). Pelepasan "
                "ekspor dilakukan setiap pekan.", published="2023-02-07")
    assert shipments(r) == []


def test_a_firm_told_as_a_subsidiary_is_large(extract):
    from nlp.exporters import exporter_type

    text = "Eksportirnya PT Laut Biru Foods, anak perusahaan kelompok usaha perikanan asal Jepang. Nelayan setempat."
    assert exporter_type("PT Laut Biru Foods", text) == "large"
    assert exporter_type("PT Laut Biru Foods", "PT Laut Biru Foods, usaha rumahan binaan UMKM.") == "sme"


def test_goods_certified_for_a_send_between_areas_are_no_item(extract):
    r = extract("MERAUKE - Pada Selasa (24/6/2025) Koperasi Sota Jaya mengirim 2 ton keripik ke Papua Nugini. Kemudian "
                "pada Rabu (11/6/2025) UD Maro mengirim 300 kilogram teripang ke Hong Kong. Karantina juga "
                "menyertifikasi pengiriman antararea ke Jayapura dan Surabaya, di antaranya 48 ton beras dan 9 ton "
                "ikan beku.", published="2025-07-01")
    assert sorted(e["quantity"]["value"] for e in shipments(r)) == [300.0, 2000.0]


def test_the_same_exporter_told_again_is_that_exporter(extract):
    r = extract("PANGKALPINANG - Pada 9 September 2022, CV Lada Bangka mengekspor 17 ton lada putih ke Vietnam. "
                "Eksportir yang sama kembali mengirim 8 ton lada putih ke India pada 23 September 2022. Koperasi Lada "
                "Sebalai mengekspor 12 ton lada putih ke Amerika Serikat pada 28 September 2022.",
                published="2022-10-01")
    got = {e["destination"]["iso2"]: e["exporter"] for e in shipments(r)}
    assert got == {"VN": "CV Lada Bangka", "IN": "CV Lada Bangka", "US": "Koperasi Lada Sebalai"}


def test_a_dated_list_item_dates_its_shipment(extract):
    r = extract("JEPARA - CV Ukir Jati Mulyo melepas ekspor mebel, Selasa (26/11/2024). Rincian pengiriman yang sudah "
                "terealisasi tahun ini antara lain:\n1. Februari 2024: 4 kontainer 40 feet kursi teras ke Belanda, "
                "senilai US$118.000.\n2. April 2024: 3 kontainer 40 feet meja ukir ke Prancis, senilai US$86.500.\n",
                published="2024-11-28")
    assert {e["destination"]["iso2"]: e["date"] for e in shipments(r)} == {"NL": "2024-02", "FR": "2024-04"}


@pytest.mark.parametrize("text", ["kata Menteri Koperasi dan UKM Teten Masduki dalam sambutannya",
                                  "ujar Kepala Dinas Koperasi dan UKM Sulut Meity Pangemanan"])
def test_a_ministers_or_officials_name_is_never_an_exporter(text):
    from nlp.exporters import find_exporters

    assert find_exporters(text) == []


def test_a_shipment_beside_an_item_list_keeps_its_own_value(extract):
    r = extract("ENTIKONG - Pada 2 Juni ada ekspor 4 ton lada putih senilai Rp400 juta ke Kuching, Malaysia, kata "
                "Kepala Dinas, Rabu (12/6/2024). Dalam sepekan ini pengiriman ke Kuching juga meliputi pisang 2 ton "
                "dan kelapa 3.000 butir.")
    got = {e["product"]: (e["value"] or {}).get("amount") for e in shipments(r)}
    assert got == {"lada putih": 400_000_000.0, "pisang": None, "kelapa": None}
