import pytest

from nlp.noise import mask_noise


def test_mask_keeps_offsets():
    text = "Isi berita ekspor.\nBaca juga: Briket arang ekspor ke Jepang\nLanjutan berita."
    masked = mask_noise(text)
    assert len(masked) == len(text)
    assert "Briket" not in masked and "Lanjutan berita." in masked
    assert masked.index("Lanjutan") == text.index("Lanjutan")


def test_bare_heading_takes_its_headlines():
    text = ("Berita.\nBaca Juga:\nTingkatkan Daya Saing, KemenKopUKM Latih Perajin\n"
            "Kalimat berikutnya panjang sekali dan berakhir titik.")
    masked = mask_noise(text)
    assert "KemenKopUKM" not in masked and "Kalimat berikutnya" in masked


def test_comment_form_byline_and_copyright():
    text = ("Isi.\nTinggalkan Balasan\nAlamat email Anda tidak akan dipublikasikan.\n"
            "COPYRIGHT © ANTARA 2024\nEditor : Budi")
    masked = mask_noise(text)
    assert masked.strip() == "Isi."


def test_repeated_body_is_masked_once():
    body = "Hari ini perdana kita lakukan ekspor produk sepatu ke Senegal sebanyak 4.044 pasang sepatu."
    text = body + "\n" + body
    masked = mask_noise(text)
    assert masked.count("Senegal") == 1
    assert masked.startswith(body)


HEADINGS = ["Terpopuler", "Artikel Lainnya", "Rekomendasi", "Pilihan Editor", "BERITA LAINNYA", "Tonton juga:",
            "Populer", "Terkini", "Berita Pilihan", "Read more", "Selengkapnya", "Topik Terkait",
            "Dapatkan update berita pilihan dan breaking news"]


@pytest.mark.parametrize("heading", HEADINGS)
def test_related_blocks_under_any_common_heading_yield_nothing(extract, heading):
    text = ("BANTUL - Pemkab Bantul menggelar lomba kebersihan antardesa, Senin (9/9/2024). Sebanyak 75 desa ikut.\n"
            f"{heading}\nUMKM Bantul Ekspor 2 Ton Gula Semut ke Belanda\n"
            "Koperasi Kulon Progo Lepas Ekspor Perdana Kopi ke Jepang, Senin (2/9/2024)\n")
    r = extract(text)
    assert r.events == [] and not r.is_export_story


def test_a_body_sentence_that_opens_with_a_heading_word_is_kept():
    text = "Rekomendasi itu disampaikan Bupati kepada Koperasi Kopi Sindoro yang mengekspor kopi ke Mesir."
    assert mask_noise(text) == text


@pytest.mark.parametrize("line", [
    "VIDEO: UMKM Bantul ekspor 2 ton gula semut ke Belanda, Senin (2/9/2024)",
    "INFOGRAFIS: Koperasi Kulon Progo lepas ekspor 5 ton kopi ke Jepang",
    "Artikel ini telah tayang di Tribunjogja.com dengan judul UMKM Bantul Ekspor 2 Ton Gula Semut ke Belanda.",
    "Baca artikel selengkapnya di sini: UMKM Bantul Ekspor 2 Ton Gula Semut ke Belanda",
    "Klik untuk membaca: Koperasi Kulon Progo lepas ekspor 5 ton kopi ke Jepang",
    "Ikuti berita terkini dari kami di Google News. Koperasi Kulon Progo lepas ekspor 5 ton kopi ke Jepang",
])
def test_teaser_and_syndication_lines_yield_nothing(extract, line):
    r = extract("BANTUL - Pemkab Bantul menggelar lomba kebersihan antardesa, Senin (9/9/2024).\n" + line + "\n")
    assert r.events == [] and not r.is_export_story


def test_a_table_row_with_an_amount_is_data_but_a_menu_is_noise():
    row = "8 Jan 2025 | UD Celuk Silver Art | Gianyar | perhiasan perak | 3,2 kg | Amerika Serikat"
    menu = "Home | Berita | Ekonomi | Daerah | Olahraga"
    masked = mask_noise(f"{menu}\n{row}\n")
    assert masked.split("\n")[0].strip() == "" and masked.split("\n")[1] == row


def test_a_broadcast_transcript_turn_is_body_text_but_a_byline_is_noise():
    text = ("Reporter: Ismail Hulopi\n"
            "REPORTER: Terima kasih. Ya, pagi ini, Kamis (26/10/2023), sebanyak 26 ton serat sabut kelapa milik "
            "BUMDes Huyula Mandiri dimuat ke kapal untuk dikirim ke Busan, Korea Selatan.\n")
    masked = mask_noise(text)
    assert "Ismail" not in masked and "26 ton serat sabut kelapa" in masked and len(masked) == len(text)


def test_tag_and_topic_lines_are_noise():
    text = "Kopi dikirim.\nTags: kopi kepahiang, ekspor kopi, Mesir\nTopik: Rotan Cirebon, Ekspor\n"
    masked = mask_noise(text)
    assert "Mesir" not in masked and "Rotan" not in masked and "Kopi dikirim." in masked
