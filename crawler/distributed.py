"""The distributed crawl's scheduler: scrapy-redis, kept free of deprecated Scrapy API.

scrapy-redis 0.9.1 (the newest release) still passes `spider=` to `StatsCollector.inc_value` and calls
`Spider.log`, which Scrapy 2.13+ deprecates (scrapy-redis issue #305, PR #316 open). Its scheduler is used as
it is, with a stats collector that drops that argument (and `EksporSpider.log` goes to the logger);
`tests/test_distributed.py` fails on any deprecation warning.
"""

from __future__ import annotations

from typing import Any

from scrapy_redis.scheduler import Scheduler


class _StatsWithoutSpider:
    def __init__(self, stats: Any):
        self._stats = stats

    def inc_value(self, key: str, count: int = 1, start: int = 0, spider: Any = None) -> None:
        self._stats.inc_value(key, count, start)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stats, name)


class RedisScheduler(Scheduler):
    @classmethod
    def from_crawler(cls, crawler):
        instance = super().from_crawler(crawler)
        if instance.stats is not None:
            instance.stats = _StatsWithoutSpider(instance.stats)
        return instance
