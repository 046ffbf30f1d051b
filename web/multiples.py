"""Small multiples: one little monthly bar chart per top destination, on a shared month axis and a shared scale
(so panels compare at a glance), server-rendered as SVG attributes only (the CSP allows no inline style)."""

from __future__ import annotations

PANEL_W, PANEL_H, COLUMNS, TOP = 168, 64, 3, 6


def small_multiples(pairs: list[tuple[tuple[str, str], int]], destinations: list[tuple[str, int]],
                    months: list[str], links: dict[str, str]) -> dict:
    """Panels for the template from (destination, month) counts, the top destinations (most events first),
    the months on the axis (oldest first) and each destination's search URL."""
    counts = {key: n for key, n in pairs}
    series = [(name, total, [counts.get((name, m), 0) for m in months]) for name, total in destinations]
    peak = max((n for _, _, values in series for n in values), default=0) or 1
    slot = (PANEL_W - 8) / max(1, len(months))
    chart_h = PANEL_H - 22
    panels = []
    for i, (name, total, values) in enumerate(series):
        x0, y0 = (i % COLUMNS) * (PANEL_W + 10), (i // COLUMNS) * (PANEL_H + 10)
        bars = []
        for j, (month, n) in enumerate(zip(months, values, strict=True)):
            h = round(chart_h * n / peak) if n else 0
            bars.append({"x": round(x0 + 4 + j * slot, 1), "w": max(1.0, round(slot - 2, 1)), "h": h,
                         "y": y0 + PANEL_H - 4 - h, "title": f"{name}, {month}: {n}"})
        panels.append({"name": name, "total": total, "x": x0, "y": y0, "bars": bars, "href": links.get(name, "/"),
                       "values": dict(zip(months, values, strict=True))})
    rows = (len(panels) + COLUMNS - 1) // COLUMNS
    return {"panels": panels, "months": months, "peak": peak, "panel_w": PANEL_W, "panel_h": PANEL_H,
            "width": COLUMNS * (PANEL_W + 10), "height": max(0, rows * (PANEL_H + 10))}
