"""Downloader middlewares: polite retries.

``PoliteRetryMiddleware`` is Scrapy's RetryMiddleware plus backoff: before a
retry it raises the host's download-slot delay to the server's ``Retry-After``
(seconds or an HTTP date) or, without one, to an exponential backoff, so the
whole host is given room and not only the one request. The host's own delay
comes back with its next answer that is not a retry (the slowdown was for the
trouble, not for the rest of the crawl).
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.http import Response

__all__ = ["PoliteRetryMiddleware", "backoff_delay", "parse_retry_after"]

logger = logging.getLogger(__name__)
STATS_PREFIX = "govreply/retry"


def parse_retry_after(value: str | bytes | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` value (delta-seconds or HTTP-date)."""
    if not value:
        return None
    if isinstance(value, bytes):
        value = value.decode("latin-1")
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def backoff_delay(attempt: int, base: float, cap: float) -> float:
    """Exponential backoff: ``base * 2**attempt`` seconds, at most ``cap``."""
    return min(cap, base * (2**attempt))


class PoliteRetryMiddleware(RetryMiddleware):
    """Retries with backoff, honouring ``Retry-After`` (also under download-delay jitter)."""

    def __init__(self, settings, crawler: Crawler | None = None):
        super().__init__(settings)
        self.crawler = crawler
        self.backoff_base = settings.getfloat("GOVREPLY_RETRY_BACKOFF_BASE", 2.0)
        self.backoff_max = settings.getfloat("GOVREPLY_RETRY_BACKOFF_MAX", 300.0)
        self.retry_after_max = settings.getfloat("GOVREPLY_RETRY_AFTER_MAX", 3600.0)
        self._raised: dict[str, tuple[float, float]] = {}  # slot: (its own delay, ours)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> PoliteRetryMiddleware:
        return cls(crawler.settings, crawler)

    def _slot(self, request: Request):
        if self.crawler is None or self.crawler.engine is None:
            return None, None
        downloader = self.crawler.engine.downloader
        key = downloader.get_slot_key(request)
        return key, downloader.slots.get(key)

    def _release_slot(self, request: Request) -> None:
        """Give the host its own delay back, unless someone else changed it since."""
        key, slot = self._slot(request)
        if key not in self._raised:
            return
        own, ours = self._raised.pop(key)
        if slot is not None and slot.delay == ours:
            slot.delay = own
            logger.info("%s answered again: delay back to %.1fs", key, own)

    def _hold_slot(self, request: Request, seconds: float) -> None:
        if seconds <= 0:
            return
        key, slot = self._slot(request)
        if key is None:
            return
        # A slot with jitter j waits (1-j)x to (1+j)x its delay: scale it so that
        # even the shortest wait honours ``seconds``.
        jitter = min(float(getattr(slot, "jitter", 0.0) or 0.0), 0.9)
        needed = seconds / (1.0 - jitter)
        if slot is not None and slot.delay < needed:
            own = self._raised[key][0] if key in self._raised else slot.delay
            slot.delay = needed
            self._raised[key] = (own, needed)
            logger.info("holding %s for %.1fs before retrying %s", key, seconds, request.url)
        self.crawler.stats.inc_value(f"{STATS_PREFIX}/backoff_seconds", seconds)

    def _wait_for(self, request: Request, response: Response | None) -> float:
        attempt = request.meta.get("retry_times", 0)
        if response is not None:
            retry_after = parse_retry_after(response.headers.get("Retry-After"))
            if retry_after is not None:
                if self.crawler is not None:
                    self.crawler.stats.inc_value(f"{STATS_PREFIX}/retry_after")
                return min(retry_after, self.retry_after_max)
        return backoff_delay(attempt, self.backoff_base, self.backoff_max)

    def process_response(self, request: Request, response: Response, spider=None):
        if (
            not request.meta.get("dont_retry", False)
            and response.status in self.retry_http_codes
        ):
            self._hold_slot(request, self._wait_for(request, response))
        else:
            self._release_slot(request)
        return super().process_response(request, response)

    def process_exception(self, request: Request, exception: Exception, spider=None):
        if isinstance(exception, self.exceptions_to_retry) and not request.meta.get(
            "dont_retry", False
        ):
            self._hold_slot(request, self._wait_for(request, None))
        return super().process_exception(request, exception)
