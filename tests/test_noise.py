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
