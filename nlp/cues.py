"""Indonesian cue lexicons that decide whether an export mention is a shipment, a plan or background.

Kept in one place so that the wording of a rule can be read, tested and extended without touching the logic.
"""

from __future__ import annotations

import re

from .patterns import compile_fast


def _rx(words: str) -> re.Pattern[str]:
    return compile_fast(rf"\b(?:{words})\b", re.IGNORECASE)




# the unit words a counted lot of goods is written in ("1,2 ton amplang", "850 karton minuman"): the arrival forms
# below read "<unit> <goods> tiba di"; nlp.quantities.UNITS holds the full table that amounts are parsed with
_COUNTED_UNIT = r"(?:ton|kg|kilogram|kontainer|karton|lembar|pasang|buah|unit|botol|liter|pcs|boks|ekor|kuintal)"


# any mention of exporting, sending or buying abroad: a country near one of these is a destination candidate
EXPORT = _rx(
    r"ekspor\w*|(?:meng|di|peng)?eksport\w*|ekpor\w*|\w*eskpor\w*|mengekspor|mengkspor|diekspor|pengekspor\w*|export\w*|dikirim|mengirim\w*|"
    r"pengiriman|kiriman|terkirim|dilepas|melepas|pelepasan|melepaskan|diberangkatkan|memberangkatkan|pemberangkatan|"
    r"bertolak|berlayar|diluncurkan|(?:kita|kami)\s+lepas|"
    r"dikapalkan|mengapalkan|pengapalan|diterbangkan|menerbangkan|tujuan\w*|menuju|menembus|tembus|dipasarkan|"
    r"memasuki pasar|pasar ekspor|dipasok|memasok|diboyong|meluncurkan|(?:me|di)-?launching|shipment|"
    # the goods' market or arrival: "untuk memenuhi pasar Jepang", "telah tiba di Mesir", "diterima pembeli di"
    r"memenuhi pasar|untuk pasar|(?:telah|sudah|akhirnya)\s+(?:tiba|mendarat)|akhirnya\s+sampai(?:\s+juga)?\s+ke|"
    r"diterima\s+(?:oleh\s+)?(?:pembeli|importir|buyer)|"
    # "1,2 ton amplang bikinannya tiba di Tawau": counted goods that arrived abroad were sent there
    + _COUNTED_UNIT +
    r"(?:\s+[\w-]+){0,9}?\s+(?:telah\s+|sudah\s+)?(?:tiba|sampai|mendarat)\s+di|"
    # spoken: '"Kamis minggu lalu kami baru muat satu kontainer"', "kami berangkatkan 18 ton", "sudah ship"
    r"(?:kami|kita)\s+(?:baru\s+|sudah\s+|telah\s+|juga\s+)?(?:muat|berangkatkan|kapalkan|ship)|(?:sudah|telah)\s+ship"
)
# the word itself: an article without it reports no export, whatever was sent or departed
EXPORT_WORD = _rx(r"ekspor\w*|(?:meng|di|peng)?eksport\w*|ekpor\w*|mengekspor|mengkspor|diekspor|pengekspor\w*|"
                  r"export\w*")
# "Ekspor minyak mentah Iran", "ekspor senjata Jerman": a country right after the goods is the exporter
EXPORTING_COUNTRY_BEFORE = compile_fast(
    r"\bekspor\s+(?:(?!(?:ke|tujuan|menuju|pasar|untuk|negara|dengan|bagi|di|perdana\w*|yaitu|yakni|adalah|ialah|"
    r"meliputi|antara|lain|seperti|hingga|sampai|juga|pun|langsung|kembali|lagi|itu|ini|tersebut|dan|serta|atau|"
    r"mereka|kami|kita|sudah|telah|akan|asal|dari|oleh)\b)[a-z][\w-]*\s+){1,3}$")
# "Cina memborong belut ...": the country is the buyer
IMPORTER_AFTER = compile_fast(r"^\s+(?:memborong|membeli|mengimpor|mendatangkan|memesan)\b", re.IGNORECASE)
# "Pembelinya perusahaan di Osaka, Jepang", "dipesan importir di Seoul": who bought the goods, and where
BUYER_AT = compile_fast(r"\b(?:pembeli|importir|buyer|pemesan|dipesan|dibeli)\w*\b[^.;:!?]{0,40}\bdi\s+$",
                        re.IGNORECASE)
# "... ke Jerman melalui konsolidasi pembeli yang berbasis di Singapura": a transit or a consolidator
TRANSIT_AT = compile_fast(r"\b(?:melalui|lewat|via|transit)\b[^.;,]{0,50}\bdi\s+$", re.IGNORECASE)
# "di Tiongkok", "melalui Singapura": a location or a transit point, unless a market or buyer is "di" there
NOT_DESTINATION_BEFORE = compile_fast(
    r"(?:(?<!pasar )(?<!pasar ekspor )(?<!pembeli )(?<!importir )(?<!buyer )(?<!konsumen )(?<!dipasarkan )(?<!dijual )"
    r"(?<!tiba )(?<!sampai )(?<!mendarat )(?<!bermarkas )(?<!berkantor )(?<!berbasis )(?<!berpusat )\bdi|"
    r"\bmelalui|\blewat|\bvia|"
    r"\btransit(?: di)?)\s+(?:negara\s+)?$",
    re.IGNORECASE,
)
# a ceremony, a departure, an inspection before loading, an arrival: the goods physically moved
RELEASE = _rx(
    r"dilepas|dilepaskan|melepas|melepaskan|pelepasan|pelepasannya|diberangkatkan|memberangkatkan|"
    r"pemberangkatan|berangkat|bertolak|berlayar|(?:kita|kami)\s+lepas|dikapalkan|mengapalkan|pengapalan|diterbangkan|menerbangkan|stuffing|"
    r"(?:telah|sudah)\s+diterima\s+(?:oleh\s+)?(?:pembeli|importir|buyer)|"
    r"diperiksa|memeriksa|pemeriksaan|dimuat|pemuatan|(?:telah|sudah|akhirnya|baru) tiba|tiba di|mendarat di|"
    r"akhirnya\s+sampai(?:\s+juga)?\s+ke|"
    + _COUNTED_UNIT +
    r"(?:\s+[\w-]+){0,9}?\s+(?:telah\s+|sudah\s+)?sampai\s+di|"
    r"(?:kami|kita)\s+(?:baru\s+|sudah\s+|telah\s+|juga\s+)?(?:muat|berangkatkan|kapalkan)|"
    r"meluncurkan|peluncuran|(?:me|di)-?launching|dihadiri|"
    r"seremoni|secara simbolis|flag ?off|release|"
    # customs facilitating one consignment: "memberikan fasilitasi ekspor terhadap produk UMKM ... ke Denmark"
    r"fasilitasi\s+ekspor\s+(?:terhadap|atas)|memfasilitasi\s+(?:ekspor|pengiriman)\s+(?:produk|komoditas|\d)|"
    r"dengan\s+fasilitasi|diluncurkan|"
    # quarantine certifies the goods of one consignment just before they leave
    r"disertifikasi|menyertifikasi|sertifikat\s+(?:kesehatan|karantina|fitosanitari|phytosanitary)"
)
# the release words that also describe a procedure ("Untuk ekspor, pemeriksaan dilakukan di pelabuhan muat")
INSPECTION = compile_fast(r"diperiksa|memeriksa|pemeriksaan|disertifikasi|menyertifikasi|sertifikat\s+\w+",
                          re.IGNORECASE)
# goods that failed at an inspection: rejected, held, sent back, destroyed
REJECTED = _rx(r"ditolak|penolakan|dikembalikan|tidak\s+memenuhi\s+(?:syarat|persyaratan|standar|ketentuan)|"
               r"tidak\s+lolos|belum\s+(?:teregistrasi|terdaftar|memiliki\s+izin)|ditahan|penahanan|dimusnahkan|"
               r"pemusnahan|reekspor|re-ekspor|direekspor|"
               # "Karantina Kalsel Tahan 2,4 Ton Sarang Walet" (not "tahan 12 bulan", "untuk menahan harga")
               r"(?:karantina|bea\s+cukai|barantin|petugas|otoritas)\b[^.;]{0,40}?\b(?:menahan|tahan)")
# the goods go on from a domestic stop: "ke gudang eksportir di Kota Semarang, lalu dimuat ke kapal"
ONWARD_ROUTE = _rx(r"lalu|kemudian|sebelum|selanjutnya|dikapalkan|dimuat|diekspor|diberangkatkan\s+ke\s+luar")
# goods carried somewhere: "dibawa ke gudang ... di Kota Semarang", "diangkut tiga truk menuju Bandar Lampung"
CARRY = _rx(r"dibawa|diangkut|diantar|dikirim\w*|mengirim\w*|terkirim|dimuat|diberangkatkan|dikapalkan|"
            r"meninggalkan|berangkat")
FIRST = _rx(r"perdana|pertama kali|pertama kalinya|pertamakali|untuk pertama")
SHIP = _rx(
    r"ekspor\w*|(?:meng|di|peng)?eksport\w*|ekpor\w*|\w*eskpor\w*|mengekspor\w*|mengkspor|diekspor\w*|dikirim\w*|"
    r"mengirim\w*|pengiriman|kiriman|terkirim|shipment|memborong|dipasok|diboyong|membeli|mengimpor|"
    r"diseberangkan|menyeberangkan|"
    r"(?:kami|kita|baru|sudah|telah)\s+(?:kirim|muat|berangkatkan|kapalkan|ship)"
)
# the goods moved (a verb, not the noun "ekspor" that statistics use)
SEND_VERB = _rx(r"dikirim\w*|mengirim\w*|terkirim|diekspor|mengekspor|diberangkatkan|memberangkatkan|dikapalkan|"
                r"diseberangkan|menyeberangkan|"  # "45 ekor sapi ... diseberangkan ke Timor Leste melalui PLBN"
                # spoken: '"Pekan lalu kami baru kirim 600 lembar batik ke Dubai"'
                r"diterbangkan|dilepas|(?:kami|kita|baru|sudah|telah)\s+(?:kirim|muat|berangkatkan|kapalkan|ship)")
# "pembeli di Jakarta merupakan perusahaan yang kemudian mengekspor produk tuna ke Jepang": a buyer at home exports
THIRD_PARTY_EXPORT = _rx(r"(?:perusahaan|pembeli|eksportir|pedagang|pengepul|mitra|buyer|trader|pabrik)\b[^.;]{0,60}?"
                         r"\byang\s+(?:kemudian|lalu|selanjutnya|nantinya)\s+(?:meng|di)?(?:ekspor|kirim)\w*")
ORDER_RECEIVED = _rx(r"(?:menerima|mendapat|mendapatkan|memperoleh)\s+(?:pesanan|order|purchase\s+order|PO)")
SENT_ALREADY = _rx(r"(?:sudah|telah)\s+(?:di|ter)?(?:kirim|ekspor|kapalkan|berangkatkan)\w*")
# a buyer's order: "Korea Selatan memesan kursi rotan", "pesanan dari Jepang"
ORDER = _rx(r"memesan|dipesan|pesanan|order|orderan|membeli|dibeli")
# "Kelompok Tenun X menjual 150 lembar songket kepada pembeli di Brunei": goods sold to a buyer abroad
SOLD = _rx(r"menjual|terjual|dijual")
# the market took the goods: "Pasar Jepang juga menerima 8 ton ikan kayu"
RECEIVED = _rx(r"menerima|diterima|kedatangan")
BOUND_FOR = compile_fast(r"\btujuan\s+(?:ke\s+)?(?:negara\s+)?[A-Z]")
# what a consignment holds
CONTENTS = _rx(r"berisi|berisikan|terdiri\s+(?:atas|dari)|meliputi|mencakup|memuat|termuat|muatan\w*")
ORDINAL_BEFORE = compile_fast(r"\b(?:ke-?\d+|kedua|ketiga|keempat|kelima|keenam|ketujuh|kedelapan|kesembilan|"
                            r"kesepuluh)(?:\s+kali(?:nya)?)?\s+$", re.IGNORECASE)
SHARE = compile_fast(r"\d\s*(?:persen\b|%)", re.IGNORECASE)
RECENT = _rx(r"hari ini|kemarin|baru-baru ini|belum lama ini|pekan lalu|minggu lalu|tadi pagi|tadi siang|"
             r"(?:dalam\s+)?(?:se)?pekan\s+(?:ini|terakhir)|(?:dalam\s+)?seminggu\s+(?:ini|terakhir)|minggu\s+ini")
# a month just past: "Oktober lalu kelompok itu mengirim", "akhir Mei kemarin", "awal bulan ini"
RECENT_MONTH = _rx(r"bulan\s+lalu|(?:awal|akhir|pertengahan)\s+bulan\s+(?:ini|lalu)|"
                   r"(?:januari|februari|maret|april|mei|juni|juli|agustus|september|oktober|november|desember)"
                   r"\s+(?:lalu|kemarin)")
# "Akhir bulan ini kita kirim 5 ton ke Dubai" in a story of 3 June: the rest of this month is still to come
LATER_THIS_MONTH = _rx(r"(?:akhir|pertengahan)\s+bulan\s+ini")
# "Sebelumnya, pada Juli lalu, ...": a background word that may open an earlier send of the same year
EARLIER = compile_fast(r"sebelumnya|sebelum ini", re.IGNORECASE)
# "kembali mengekspor", "mengirim lagi": another shipment went out ("ekspor kembali dibuka" is a policy)
AGAIN = _rx(r"kembali\s+(?:meng|me|di)?(?:ekspor|kirim|lepas|berangkatkan|kapalkan)\w*|kembali\s+melakukan\s+ekspor|"
            r"bukan\s+(?:untuk\s+)?(?:kali|yang)\s+pertama(?:nya)?|"
            r"(?:mengekspor|mengirim|ekspor|dikirim|diekspor)\s+(?:\w+\s+){0,3}lagi"
            # "ekspor ke India lagi seret": 'lagi' as 'currently', before a state
            r"(?!\s+(?:seret|lesu|sepi|turun|anjlok|menurun|lemah|macet|terhambat|tertahan|sulit|susah|"
            r"melemah|stagnan|berhenti|terhenti|ramai|naik|bagus|tinggi|rendah)\b)")
# a sentence that goes on with the items of the one before
CONTINUATION = compile_fast(r"\W*(?:berikutnya|selanjutnya|kemudian|lalu|selain itu|ada pula|adapun|ditambah|"
                          r"yang terakhir|terakhir|juga ada|disusul|rinciannya|perinciannya|dengan rincian|"
                          r"(?:\w+\s+){1,3}(?:tersebut|itu)\s+(?:terdiri\s+(?:dari|atas)|meliputi))\b",
                          re.IGNORECASE)
MARKET_LIST = _rx(r"antara lain|di antaranya")
# "dikirim ke sejumlah negara seperti Jepang, Korea": countries named as examples
EXAMPLE_COUNTRIES = _rx(r"(?:pasar ekspor|negara|negara-negara)\s+seperti")
# "Produk itu ...", "Gula semut tersebut ...": the sentence goes on about goods already told of
GOODS_ANAPHOR = compile_fast(r"^\W*(?:(?:seluruh|semua)\s+)?(?:[\w-]+\s+){0,2}?(?:itu|tersebut)\b", re.IGNORECASE)
GOODS_WORD = _rx(r"produk\w*|komoditas|komoditi|barang|muatan|kiriman|hasil")
# a future move of goods already released: "akan diberangkatkan menuju ...", "akan dikirim ke ..."
ONWARD = _rx(r"(?:akan|rencananya(?:\s+akan)?)\s+(?:di)?(?:berangkatkan|kirim|kapalkan|angkut|terbangkan|ekspor)"
             r"(?:kan)?|"
             r"akan\s+berangkat|akan\s+tiba|"
             r"(?:dijadwalkan|diperkirakan|direncanakan)\s+(?:akan\s+)?(?:tiba|sampai|berlabuh)")
SEIZURE = _rx(r"menggagalkan|digagalkan|penyelundupan|diselundupkan|menyelundupkan|selundupan|disita|menyita|"
              r"sitaan|barang bukti|ilegal|tanpa dokumen|tanpa izin|penindakan|(?:jalur\s+)?tidak\s+resmi")
ALL_TOGETHER = _rx(r"keseluruhan\w*|seluruhnya|secara keseluruhan|semuanya")
AMOUNT_WORDS = _rx(r"sebanyak|berjumlah|jumlah\w*|volume\w*|seberat|berat\w*|bobot\w*|netto\w*|kali ini")
WEIGHT_BEFORE = compile_fast(r"\b(?:berat|bobot|seberat|netto|nettonya|beratnya|bobotnya|totalnya|berat total|"
                           r"total berat)\b[^.;]{0,20}$", re.IGNORECASE)
ENTRY = _rx(r"(?:berhasil|sukses|mampu)?\s*(?:menembus|tembus|memasuki|masuk)\s+pasar")
SUCCESS = _rx(r"sukses|berhasil|terealisasi|terealisasinya|realisasi")
PLAN = _rx(
    r"akan|hendak|siapkan|nanti|rencana|rencananya|berencana|direncanakan|merencanakan|menargetkan|ditargetkan|target|siap|kesiapan|"
    r"menyiapkan|disiapkan|tengah menyiapkan|menunggu|pada waktunya|memperkirakan|diperkirakan|perkiraan|"
    r"dijadwalkan|terjadwal|pekan depan|minggu depan|bulan depan|tahun depan|"
    r"bersiap|mempersiapkan|persiapan|harapan|diharapkan|berharap|mudah-mudahan|semoga|ke ?depan|nantinya|"
    r"bakal|membidik|bidik|dibidik|mengincar|incar|incaran|peluang|berpeluang|potensi|berpotensi|ingin|"
    r"menjajaki|penjajakan|segera|mendatang|upaya|berupaya|agar|supaya|meningkatkan|mendorong|memperluas"
)
# samples sent to a prospective buyer test a market; no export has happened yet
# "mengirim empat lembar songket sebagai contoh kepada calon pembeli" (but "Sebagai contoh, ..." is "for example")
SAMPLE = _rx(r"sampel\w*|sample\w*|contoh produk|contoh barang|sebagai\s+contoh\s+(?:kepada|untuk|ke|bagi)")
# the shipment's own timing, wherever it stands in the clause: "... ke Tiongkok dijadwalkan pekan depan"
# "Ia meminta bupati berkenan melepas ekspor ke Hongkong": a release asked for, not held
REQUEST = compile_fast(r"\b(?:meminta|memohon|mengundang|mengajak)\s+(?:[\w.-]+\s+){0,4}?(?:berkenan\s+)?(?:untuk\s+)?"
                     r"(?:melepas|meresmikan|mengekspor|mengirim|memberangkatkan)\w*", re.IGNORECASE)
# ... but "ke Bangladesh yang akan dilalulintaskan" describes the goods (a relative clause), not the verb
PLAN_VERB_AFTER = compile_fast(r"(?:(?!\byang\b)[^,.;]){0,25}?\b(?:akan|hendak|bakal|rencananya)\s+"
                             r"(?:segera\s+|kembali\s+)?"
                             r"(?:di|me|ber)\w+", re.IGNORECASE)
SAID_AFTER = compile_fast(r",\s*(?:dan|sementara|sedangkan)\s+[^,.;]{0,40}?(?:,[^,.;]{0,40},)?\s*"
                        r"(?:menyatakan|mengatakan|menyebutkan|menjelaskan|menuturkan|mengungkapkan|menegaskan)\b",
                        re.IGNORECASE)
CONTINENT = _rx(r"Asia|Eropa|Afrika|Timur Tengah|Oseania|Amerika Latin|Amerika Selatan")
SCHEDULED = _rx(r"dijadwalkan|terjadwal|direncanakan|pekan depan|minggu depan|bulan depan|tahun depan")
RELATIVE_PLAN = compile_fast(r"\byang\s+(?:akan|hendak|siap)\s+(?:langsung\s+|segera\s+)?(?:di|dikirim|diekspor)\w*",
                           re.IGNORECASE)
# what will become of goods already sent: "... yang akan dipasarkan di Malaysia", "yang nantinya dijual di"
RELATIVE_FATE = compile_fast(r"\byang\s+(?:akan|nantinya(?:\s+akan)?|rencananya(?:\s+akan)?)\s+(?:langsung\s+)?"
                           r"(?:dipasarkan|dijual|diolah|didistribusikan|diserap|digunakan|dipakai|dikonsumsi)\b",
                           re.IGNORECASE)
BACKGROUND = _rx(
    r"per bulan|setiap bulan|tiap bulan|per minggu|setiap minggu|per tahun|setiap tahun|tiap tahun|rutin|"
    r"aktif\s+(?:mengirim|mengekspor|memasok)\w*|mampu\s+(?:mengirim|mengekspor|memasok)\w*|"
    r"sebelum\s+(?:masa\s+)?(?:pandemi|covid(?:-19)?)|"
    r"selama ini|sepanjang(?!\s+(?:pekan|minggu|hari)\s+ini)|periode|rata-rata|"
    r"total ekspor|volume ekspor|nilai ekspor|kinerja ekspor|"
    r"data|BPS|negara lain seperti|lain seperti|lainnya seperti|negara lain|"
    r"sebelumnya|sebelum ini|pernah|(?<!lebih )dulu|tahun lalu|kontrak|menyepakati|kesepakatan|nota kesepahaman|"
    r"semester|triwulan|kuartal|"
    r"permintaan|kapasitas|neraca|surplus|defisit|pangsa|peringkat|"
    r"menyumbang(?!\s+(?:sekitar\s+|sebanyak\s+)?\d[\d.,]*\s*(?!persen\b|%)[a-z])|capaian|kuota|terbesar|"
    r"terbanyak|paling\s+banyak|"  # "Negara tujuan terbanyak adalah Mesir, Italia, ...": a ranking
    r"setelah (?:sukses|berhasil)|sama seperti|ketika pertama|mula-mula|awalnya|saat pertama|"
    r"tahun terakhir|bulan terakhir|beberapa tahun|pasar ekspor seperti|negara seperti|negara-negara seperti|"
    r"(?:pada|selama|sepanjang|hingga|sampai)\s+(?:tahun\s+)?(?:19|20)\d{2}"
)
# ... and what should have gone but was put off: "Seharusnya bulan ini kami mengirim ..., jadi pengirimannya
# terpaksa kami undur"
NEGATION = compile_fast(r"\b(?:belum(?!\s+lama)|tidak|bukan|gagal|batal|dibatalkan|tertunda|ditunda|diundur|undur|"
                      r"ditolak|di-?reject(?:ed)?|seharusnya|semestinya|mestinya|sudah\s+harus|mundurkan|dimundurkan|"
                      r"diundurkan|undurkan)\b", re.IGNORECASE)
POSTPONED = _rx(r"diundur|ditunda|tertunda|dibatalkan|batal|undur|mundurkan|dimundurkan|diundurkan|undurkan")
MARKET = _rx(
    r"dipasarkan|memasuki pasar|masuk (?:ke )?pasar|menembus pasar|tembus pasar|menembus|tembus|digemari|"
    r"diminati|peminat|dikenal|sudah\s+(?:mulai\s+)?(?:di|meng)?ekspor\w*|sudah\s+mulai|telah\s+memasuki|sudah\s+sampai"
)
CONTRACT = _rx(r"kontrak|permintaan|kebutuhan|pesanan|order|menyepakati|kesepakatan|nota kesepahaman|mou")
SPEECH = _rx(
    r"kata|ujar|ujarnya|katanya|ungkap|ungkapnya|tutur|tuturnya|jelas|jelasnya|menurut|ucap|ucapnya|sebut|"
    r"imbuh|imbuhnya|terang|terangnya|tandas|tandasnya|tegas|tegasnya|menuturkan|mengatakan|menjelaskan|"
    r"menyebut|menyampaikan|pungkas|pungkasnya|rilis|rilisnya|keterangan tertulis|keterangan resmi|siaran pers"
)
BACKGROUND_PARAGRAPH = compile_fast(r"^\W*(sebelumnya|sebelum ini|dulu|pada tahun sebelumnya)\b", re.IGNORECASE)
PERIOD = _rx(
    r"per bulan|setiap bulan|per tahun|setiap tahun|sepanjang(?!\s+(?:pekan|minggu|hari)\s+ini)|periode|hingga kini|"
    r"sejak|semester|triwulan|kuartal|"
    r"januari\s*(?:-|–|sampai|"
    r"hingga)|tahun lalu|tahun \d{4} lalu|total(?!\s+(?:berat|bobot)\w*)|data|BPS|pada tahun \d{4}"
)


_VALUE_TOTAL = _rx(r"(?:nilai|harga)\s+total|total\s+(?:nilai|harga)")


def told_over_period(text: str) -> bool:
    """PERIOD words in the text, where "dengan nilai total Rp412 juta" after a list of goods is one shipment's
    value, not a period's total."""
    return bool(PERIOD.search(_VALUE_TOTAL.sub(" ", text)))


# a whole year's figures, told once the year is over ("sepanjang Januari sampai Desember 2023"), and this year
WHOLE_YEAR = compile_fast(r"\bJanuari\s*(?:sampai|hingga|-|–|s\.?d\.?|s/d)\s*Desember\s+((?:19|20)\d\d)\b",
                          re.IGNORECASE)
THIS_YEAR = _rx(r"tahun ini")
VALUE_CUE = _rx(r"nilai|senilai|bernilai|devisa|devisi|transaksi|harga total|omzet|sebesar")
# ... and the value told in the next breath: "Nilainya sekitar Rp 420 juta", "jadi semuanya sekitar Rp 112,5 juta"
# (not "Totalnya, koperasi kini punya aset Rp 3 miliar")
VALUE_AFTER = _rx(r"nilainya|semuanya")
# "USD 55 ribu. Jika dirupiahkan, nilainya setara Rp771,21 juta": the same value in another currency
CONVERTED = compile_fast(r"(?:setara(?:\s+dengan)?|dirupiahkan|dikonversi(?:kan)?|atau\s+sekitar|atau\s+senilai)\s*$",
                         re.IGNORECASE)
# a quantity right after these is a contract, a capacity or a target, not the shipment
QTY_BAD_BEFORE = compile_fast(
    r"\b(?:kontrak|permintaan|kebutuhan|kapasitas|produksi(?:nya)?|memproduksi|target|menargetkan|"
    r"total ekspor|hingga kini|rata-rata)\b[^.;]{0,40}$|@\s*$",  # ("400 karung @25 kg": a weight each)
    re.IGNORECASE,
)
# ... and one followed by these is a rate
QTY_BAD_AFTER = compile_fast(r"^[^.;]{0,12}\b(?:per|setiap|tiap)\s+(?:hari|minggu|pekan|bulan|tahun|panen|ekor|"
                             r"buah|biji|"
                           r"butir|batang|pcs|unit|kemasan|bungkus|botol|pohon|hektare|ha|karton|cartons?|kotak|karung|sak|box|dus|kardus|"
                           r"koli)\b"
                           # "mampu mengirim hingga tiga kontainer sebulan": a rate too
                           r"|^\s*(?:dalam\s+)?(?:sehari|seminggu|sepekan|sebulan|setahun)\b",
                           re.IGNORECASE)
TRAINING = _rx(
    r"pelatihan|bimtek|bimbingan teknis|sosialisasi|workshop|lokakarya|fgd|focus group|seminar|webinar|"
    r"pameran|expo|kurasi|coaching|temu bisnis|business matching|rapat|dibekali|edukasi|klinik ekspor"
)
# where the goods are made or grown: strong evidence of origin
ORIGIN_CUE = compile_fast(
    r"\b(?:asal|berasal dari|buatan|produksi|diproduksi di|milik|binaan|petani|pelaku usaha|umkm|ikm|ukm|"
    r"warga|hasil panen|dihasilkan|perajin|pengrajin|anak muda asal|kelompok tani|koperasi|nelayan|"
    r"pembudidaya|budidaya|peternak|pekebun|penghasil|sentra)\b[^.;:!?]{0,30}$"
    r"|\b(?:berasal|asal)\b[^.;:!?]{0,50}\bdi\s+$",  # "berasal dari 31 rumah walet terdaftar di Sumsel"
    re.IGNORECASE,
)
# where the exporter sits or the goods were released: weaker evidence
PLACE_CUE = compile_fast(
    r"\b(?:dari|di desa|berada di|beroperasi di|berlokasi di|melepas[\w ]{0,60} di|dilepas[\w ]{0,40} di|"
    r"lokasi)\b[^.;:!?]{0,30}$",
    re.IGNORECASE,
)
INSTITUTION = compile_fast(
    r"(?:bea cukai|bbkp|karantina|kppbc|kanwil|balai|dinas[\w ]{0,40}|kadis[\w ]{0,30}|disperindag\w*|"
    r"universitas|polda|polres|kodim|korem|kantor|bank|rumah dinas|hotel|kementerian|kepala|wakil|sekda|"
    r"wilayah kerja[\w ]{0,30}|bandara[\w ]{0,20}[–-])(?:\s+(?-i:[A-Z][a-z]+)){0,2}\s*[–-]?\s*$",
    re.IGNORECASE,
)
# a port or airport named right before the region: where the goods left, not where they were made
PORT = compile_fast(r"\b(?:pelabuhan|bandara|bandar udara|terminal|depo|dermaga|peti kemas|kargo|plbn|pos lintas batas|"
                  r"perbatasan)\b[\w ,]{0,30}$"
                  # "pintu keluar, yakni Benoa, Tanjung Perak (Surabaya), ...": a port with its city in brackets
                  r"|\b(?:Tanjung|Teluk)\s+[A-Z]\w+\s*\($|\beksportir\s+(?:besar\s+)?di\s+$",
                  re.IGNORECASE)
SPEECH_PLACE = compile_fast(
    r"\b(?:kata|ujar|ujarnya|katanya|mengatakan|menuturkan|menjelaskan|menyebut|menyampaikan|ungkap\w*|"
    r"tutur\w*|jelas\w*)\b[^.;]{0,60}\bdi\s+$",
    re.IGNORECASE,
)
# "Kapal pengangkut 3 kontainer arang bertolak ke Arab Saudi": goods travel too
CARGO = _rx(r"kontainer|peti\s?kemas|kargo|cargo|muatan|kapal\s+(?:pengangkut|barang)|truk|produk\w*|barang|"
            r"komoditas|komoditi|kiriman")
TRAVEL_VERB = _rx(r"berangkat|bertolak|berlayar|terbang")
TRAVEL = compile_fast(r"\b(berangkat|bertolak|kunjungan|berkunjung|lawatan|terbang|pulang|studi banding)\s+ke\s+$",
                    re.IGNORECASE)
SME_WORDS = _rx(
    r"umkm|ukm|ikm|usaha mikro|usaha kecil|industri kecil|pelaku usaha|petani|kelompok tani|poktan|gapoktan|"
    r"koptan|kwt|kth|kube|pokdakan|poklahsar|pokdaslahsar|"
    r"perajin|pengrajin|nelayan|binaan|koperasi|bumdes|bumdesa|kub|milenial|rumahan|home industry"
)
# "perusahaannya telah mengekspor 22,5 ton": the speaker's own firm, group or cooperative is the producer
OWN_FIRM = _rx(r"perusahaannya|usahanya|kelompoknya|koperasinya|pabriknya|bumdesnya|umkm-nya|ukm-nya|ikm-nya")
LARGE_WORDS = _rx(
    r"tbk|persero|perusahaan global|multinasional|bermerek|merek global|kawasan ekonomi khusus|kek|"
    r"nike|adidas|converse|unilever|nestle|inc|ltd|corp|bumn|pabrik besar|anak usaha|anak perusahaan|"
    r"perkebunan nusantara|holding|konglomerasi|perusahaan besar|korporasi|milik investor|penanaman modal asing|"
    r"perkebunan besar|eksportir besar|"
    # a business group, not "grup-grup penghobi di media sosial" or "Grup Telegram"
    r"grup(?!-)(?!\s+(?:telegram|whatsapp|wa|facebook|fb|penghobi|komunitas|diskusi|media|musik|band|tari)\b)"
)
