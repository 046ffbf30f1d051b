"""A tile-grid map of Indonesia's 38 provinces: one square per province in roughly geographic positions,
server-rendered as SVG (no boundary files, no script). Each square links to the search with that province
set, and carries a <title>; the page also has the same numbers as a table."""

from __future__ import annotations

# Kemendagri province code -> (column, row, label), west to east, north to south
TILES: dict[str, tuple[int, int, str]] = {
    "11": (0, 0, "ACEH"), "12": (1, 0, "SUMUT"), "21": (3, 0, "KEPRI"), "13": (1, 1, "SUMBAR"),
    "14": (2, 1, "RIAU"), "17": (1, 2, "BKL"), "15": (2, 2, "JAMBI"), "16": (3, 2, "SUMSEL"),
    "19": (4, 2, "BABEL"), "18": (3, 3, "LAMP"), "31": (5, 3, "DKI"), "36": (4, 4, "BANTEN"),
    "32": (5, 4, "JABAR"), "33": (6, 4, "JATENG"), "34": (6, 5, "DIY"), "35": (7, 4, "JATIM"),
    "51": (8, 5, "BALI"), "52": (9, 5, "NTB"), "53": (10, 5, "NTT"), "61": (5, 1, "KALBAR"),
    "62": (6, 1, "KALTENG"), "65": (7, 0, "KALTARA"), "64": (7, 1, "KALTIM"), "63": (7, 2, "KALSEL"),
    "75": (9, 0, "GTLO"), "71": (10, 0, "SULUT"), "72": (9, 1, "SULTENG"), "76": (8, 2, "SULBAR"),
    "73": (9, 2, "SULSEL"), "74": (10, 2, "SULTRA"), "82": (11, 1, "MALUT"), "81": (11, 3, "MALUKU"),
    "96": (12, 1, "PBD"), "92": (13, 1, "PB"), "91": (14, 1, "PAPUA"), "94": (13, 2, "PTENG"),
    "95": (14, 2, "PPEG"), "93": (14, 3, "PSEL"),
}
SIZE, GAP = 42, 4
SHADES = ("#edf2f7", "#c6f6d5", "#9ae6b4", "#68d391", "#38a169", "#276749")  # none, then by quintile of peak


def tile_map(counts: dict[str, int], names: dict[str, str], link: dict[str, str]) -> dict:
    """Squares for the template: counts by province code, official names, and each square's search URL."""
    peak = max(counts.values(), default=0)
    tiles = []
    for code, (col, row, label) in sorted(TILES.items()):
        n = counts.get(code, 0)
        shade = SHADES[0] if n == 0 else SHADES[min(5, 1 + int(4 * n / peak))] if peak else SHADES[0]
        tiles.append({"code": code, "label": label, "name": names.get(code, code), "n": n, "fill": shade,
                      "x": col * (SIZE + GAP), "y": row * (SIZE + GAP), "href": link[code],
                      "dark": shade in SHADES[4:]})
    width = (max(c for c, _, _ in TILES.values()) + 1) * (SIZE + GAP)
    height = (max(r for _, r, _ in TILES.values()) + 1) * (SIZE + GAP)
    return {"tiles": tiles, "width": width, "height": height, "size": SIZE}
