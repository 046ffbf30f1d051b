"""Ekspor Radar's extraction engine: Indonesian article text in, typed export events out."""

from .extract import InputError, extract_articles, extract_text
from .records import EXTRACTOR_VERSION, ArticleResult, Event, Origin

__all__ = ["EXTRACTOR_VERSION", "ArticleResult", "Event", "InputError", "Origin", "extract_articles", "extract_text"]
