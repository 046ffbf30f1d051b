"""Cheap relevance prefilter: could this article be an export story at all?

Run before the spaCy pipeline on every crawled article; it must be fast (thousands per second) and must not
drop real stories, so it only asks for an export word and a foreign destination or a shipment word.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .gazetteer import load_gazetteer

_EXPORT = re.compile(r"\b(?:ekspor|eksport|ekpor|mengekspor|diekspor|export|mengeksport|dieksport)\w*", re.IGNORECASE)
_SHIPWORD = re.compile(r"\b(?:dilepas|melepas|pelepasan|perdana|dikirim|pengiriman|diberangkatkan|dikapalkan|"
                       r"mancanegara|luar negeri)\b", re.IGNORECASE)


@lru_cache(maxsize=1)
def _destinations() -> re.Pattern[str]:
    names = [n for n in load_gazetteer().country_forms if len(n) >= 4]
    return re.compile(r"\b(?:" + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)) + r")\b",
                      re.IGNORECASE)


def is_relevant(text: str, title: str | None = None) -> bool:
    """True when the article mentions exporting together with a destination or a shipment word."""
    blob = f"{title or ''}\n{text}"
    if not _EXPORT.search(blob):
        return False
    return bool(_SHIPWORD.search(blob) or _destinations().search(blob))
