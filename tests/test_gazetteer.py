import pytest

from nlp.spacy_pipeline import build_nlp


def regions(text):
    doc = build_nlp()(text)
    return [(s.text, s._.codes) for s in doc.spans["regions"]]


def countries(text):
    doc = build_nlp()(text)
    return [s._.iso2 for s in doc.spans["countries"]]


@pytest.mark.parametrize("text,code", [
    ("IKM asal Pangkalpinang", "19.71"), ("IKM asal Pangkal Pinang", "19.71"), ("UMKM Solo", "33.72"),
    ("binaan Pemkab Tangerang", "36.03"), ("di Kab. Bogor", "32.01"), ("Pemkot Bogor", "32.71"),
    ("di Limapuluh Kota", "13.07"), ("Kabupaten Tambanan, Bali", "51.02"), ("asal Kabupaten Pangkep", "73.10"),
    ("di kota Makassar", "73.71"), ("Kabupaten Muarojambi", "15.05"), ("Kecamatan Kadur", "35.28.12"),
])
def test_region_aliases(text, code):
    assert any(code in codes for _t, codes in regions(text)), regions(text)


def test_bare_name_shared_by_kabupaten_and_kota_stays_ambiguous():
    (_, codes), = regions("pengusaha dari Bogor")
    assert set(codes) == {"32.01", "32.71"}


def test_common_words_are_not_regions():
    assert regions("dua juta batang rokok dan batu bara") == []


@pytest.mark.parametrize("text,iso", [
    ("ke Tiongkok", "CN"), ("ke Cina", "CN"), ("ke RRC", "CN"), ("ke AS", "US"), ("ke Amerika", "US"),
    ("ke Negeri Sakura", "JP"), ("ke Arab Saudi", "SA"), ("ke Saudi Arabia", "SA"), ("ke Uni Emirat Arab", "AE"),
    ("ke Jeddah", "SA"), ("ke Dubai", "AE"), ("ke Osaka", "JP"), ("ke Busan", "KR"), ("ke Sydney", "AU"),
    ("ke Xiamen", "CN"), ("ke Senegal", "SN"), ("ke Negeri Paman Sam", "US"),
])
def test_destinations(text, iso):
    assert countries(text) == [iso]


def test_currency_as_is_not_a_country():
    assert countries("senilai 5.000 dolar AS") == []


def test_lowercase_words_are_not_countries():
    assert countries("saya cuba dulu") == []


def test_the_product_lexicon_names_each_term_once():
    """marts.dim_products is keyed by term: a term listed twice would break every load."""
    from importlib import resources

    rows = [ln.split("\t")[0].strip().lower() for ln in
            resources.files("nlp").joinpath("data", "products.tsv").read_text(encoding="utf-8").splitlines()
            if ln.strip() and not ln.startswith("#")]
    assert len(rows) == len(set(rows)), sorted({r for r in rows if rows.count(r) > 1})


@pytest.mark.parametrize("text,codes", [
    ("kopi asal Agam dikirim", {"13.06"}), ("UMKM dari Kampar melepas", {"14.01"}), ("gambir asal Siak", {"14.08"}),
    ("pengrajin dari Pati", {"33.18"}), ("produk asal Serang", {"36.04", "36.73"}),
])
def test_ambiguous_bare_name_after_asal_or_dari_is_the_region(text, codes):
    assert [set(c) for _t, c in regions(text)] == [codes]


@pytest.mark.parametrize("text", ["batu dari Batu Bara", "dikirim dari Barat", "kopi asal Bangka",
                                  "batu asal pati", "berasal dari Kota"])
def test_islands_compass_words_and_lower_case_stay_out(text):
    assert all(not ({"13.06", "14.01", "14.08", "33.18"} & set(c)) for _t, c in regions(text))
    assert not any(t in ("Barat", "Kota", "pati") for t, _c in regions(text))


def test_every_kabkota_by_its_full_name_is_the_shipment_origin():
    """All 514 kab/kota, not only those the labelled sets name: 'UMKM asal Kabupaten X melepas ekspor ...'."""
    from nlp.extract import extract_articles
    from nlp.gazetteer import load_gazetteer

    gz = load_gazetteer()
    kabs = [r for r in gz.regions.values() if r.level == "kabkota"]
    assert len(kabs) == 514
    recs = [{"id": r.code, "published": "2024-05-15",
             "text": f"UMKM Sari Rasa asal {r.name} melepas ekspor perdana 3 ton kopi ke Jepang, Selasa (14/5/2024)."}
            for r in kabs]
    wrong = [(rec["id"], [e.origin.kabkota_code for e in res.events])
             for rec, res in zip(recs, extract_articles(recs), strict=True)
             if [e.origin.kabkota_code for e in res.events if e.status == "shipment"] != [rec["id"]]]
    assert wrong == []


def test_every_country_by_its_indonesian_name_is_the_destination():
    """Every CLDR territory that is an ISO country, except the names that are also Indonesian words or places."""
    import pycountry
    from babel import Locale

    from nlp.extract import extract_articles

    names = {iso: n for iso, n in Locale("id").territories.items()
             if len(iso) == 2 and iso.isalpha() and iso != "ID" and pycountry.countries.get(alpha_2=iso)
             and n.lower() not in {"georgia", "guinea", "jersey", "mali", "niger", "chad"}}
    names = {iso: n if n[:1].isupper() else n.capitalize() for iso, n in names.items()}  # "eSwatini" -> "Eswatini"
    assert len(names) > 230
    recs = [{"id": iso, "published": "2024-05-15",
             "text": f"UMKM Sari Rasa di Kabupaten Bantul melepas ekspor 3 ton kopi ke {n}, Selasa (14/5/2024)."}
            for iso, n in names.items()]
    wrong = [(rec["id"], names[rec["id"]]) for rec, res in zip(recs, extract_articles(recs), strict=True)
             if [e.destination_iso2 for e in res.events if e.status == "shipment"] != [rec["id"]]]
    assert wrong == []


PORT_CITIES = {"Guangzhou": "CN", "Xiamen": "CN", "Ningbo": "CN", "Penang": "MY", "Rotterdam": "NL", "Hamburg": "DE",
               "Antwerpen": "BE", "Jeddah": "SA", "Dammam": "SA", "Jebel Ali": "AE", "Busan": "KR", "Kaohsiung": "TW",
               "Davao": "PH", "Ho Chi Minh": "VN", "Perth": "AU", "Auckland": "NZ", "Long Beach": "US",
               "Vancouver": "CA",
               "Karachi": "PK", "Chennai": "IN", "Dhaka": "BD", "Colombo": "LK", "Kairo": "EG", "Doha": "QA",
               "Muscat": "OM", "Dakar": "SN", "Mombasa": "KE", "Nairobi": "KE", "Durban": "ZA", "Marseille": "FR",
               "Genoa": "IT", "Felixstowe": "GB", "Vladivostok": "RU", "Dili": "TL", "Yokohama": "JP",
               "Sandakan": "MY", "Bintulu": "MY", "Tebedu": "MY", "Vanimo": "PG", "Zamboanga": "PH"}


def test_port_and_trade_cities_imply_their_country():
    from nlp.extract import extract_articles

    recs = [{"id": c, "published": "2024-05-15",
             "text": f"UMKM Sari Rasa di Kabupaten Bantul melepas ekspor 3 ton kopi tujuan {c}, Selasa (14/5/2024)."}
            for c in PORT_CITIES]
    got = {rec["id"]: [e.destination_iso2 for e in res.events if e.status == "shipment"]
           for rec, res in zip(recs, extract_articles(recs), strict=True)}
    assert got == {c: [iso] for c, iso in PORT_CITIES.items()}
