"""Derive nlp/data/products.tsv (commodity term -> KBKI 2012 code) from the BPS KBKI goods list in ../shared.

Run by hand when the term list changes: python scripts/build_products.py ../shared/data/products/kbki-2012-barang.csv
The KBKI rows are matched by name; OVERRIDES pins the terms whose best name match is the wrong product.
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

TERMS = Path(__file__).with_name("product_terms.txt")
OUT = Path(__file__).resolve().parents[1] / "nlp" / "data" / "products.tsv"
OVERRIDES: dict[str, str] = {
    "ikan": "04", "kopi": "2391", "teh": "2391", "sepatu": "295", "kayu": "031", "gula aren": "2321004",
    "gula semut": "2321004", "gula kelapa": "2321004", "briket": "3549001002", "briket arang": "3549001002",
    "rumput laut": "0493", "kelapa": "0144", "tembakau": "0197", "mebel": "381", "furnitur": "381",
    "keramik": "372", "gerabah": "372", "batik": "2651001", "songket": "265", "karet": "0195",
    "bunga": "", "kaos": "", "sepatu kulit": "295",
    # fruit at the KBKI row of the fruit itself, not its parent group of the same name
    "cempedak": "0131912000", "duku": "0131907000", "kedondong": "0131915000", "langsat": "0131908000",
    "markisa": "0131921000", "nangka": "0131911000", "sirsak": "0131902000", "stroberi": "0134400000",
    "sukun": "0131913000", "meja": "381",
    # terms whose name match is the wrong goods (tea leaves, garlic) or none
    "kratom": "", "bawang goreng": "", "kenari": "", "kacang kenari": "",
}


def main(kbki_csv: str) -> None:
    rows = [(r[1], r[2].strip()) for r in csv.reader(open(kbki_csv, encoding="utf-8")) if len(r) >= 3]
    terms = [t.strip() for t in TERMS.read_text(encoding="utf-8").splitlines() if t.strip() and not t.startswith("#")]
    heads = [t.partition("|")[0].strip().lower() for t in terms]
    dups = sorted({h for h in heads if heads.count(h) > 1})
    if dups:
        raise SystemExit(f"{TERMS}: terms listed twice: {', '.join(dups)}")
    out = ["# term\tkbki_code\tkbki_name  (derived from BPS KBKI 2012 goods, see DATA_LICENSES.md)"]
    for line in terms:
        term, _, hint = line.partition("|")
        term, hint = term.strip(), (hint.strip() or term.strip())
        code = OVERRIDES.get(term)
        name = ""
        if code is None:
            pat = re.compile(rf"^{re.escape(hint)}\b", re.IGNORECASE)
            hits = [(c, n) for c, n in rows if pat.search(n)]
            if not hits:
                pat = re.compile(rf"\b{re.escape(hint)}\b", re.IGNORECASE)
                hits = [(c, n) for c, n in rows if pat.search(n)]
            if hits:
                code, name = min(hits, key=lambda cn: (len(cn[0]), len(cn[1])))
        else:
            name = next((n for c, n in rows if c == code), "")
        out.append(f"{term}\t{code or ''}\t{name}")
    OUT.write_text("\n".join(out) + "\n", encoding="utf-8")
    print(f"wrote {OUT} ({len(out) - 1} terms)")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/products/kbki-2012-barang.csv")
