"""Reading article records from JSONL and .txt files or stdin; bad lines become error strings, not crashes."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any


def read_records(paths: list[str]) -> Iterator[dict[str, Any] | str]:
    """Yield article dicts; a line that is not valid JSON yields an error string instead (never fatal)."""
    for p in paths:
        if p != "-" and p.endswith(".txt"):
            raw = Path(p).read_bytes()
            yield {"id": Path(p).stem, "text": raw.decode("utf-8", errors="replace"), "title": None,
                   "published": None, "url": None}
            continue
        stream = sys.stdin.buffer if p == "-" else open(p, "rb")  # noqa: SIM115
        try:
            for n, raw in enumerate(stream, 1):
                if not raw.strip():
                    continue
                try:
                    yield json.loads(raw.decode("utf-8"))
                except (UnicodeDecodeError, json.JSONDecodeError) as exc:
                    yield f"line {n} of {p}: not valid UTF-8 JSON ({exc.__class__.__name__}: {str(exc)[:80]})"
        finally:
            if stream is not sys.stdin.buffer:
                stream.close()


def read_articles(paths: list[str], errors: list[str]) -> Iterator[dict[str, Any]]:
    """Article dicts for `ekspor ingest`: bad lines go to `errors`; a record that names a `text_file` instead
    of holding its text (the gold files' format) gets the text from beside the first input file."""
    for item in read_records(paths):
        if isinstance(item, str):
            errors.append(item)
        elif isinstance(item, dict) and "text" not in item and item.get("text_file") and paths[0] != "-":
            yield {**item, "text": (Path(paths[0]).parent / item["text_file"]).read_text(encoding="utf-8")}
        else:
            yield item
