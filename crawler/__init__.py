"""Scrapy spiders over the registry of Indonesian regional outlets (issue #4; not built yet)."""
