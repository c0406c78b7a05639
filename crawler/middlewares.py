"""Downloader middlewares: polite retries.

``PoliteRetryMiddleware`` is Scrapy's RetryMiddleware plus backoff: before a
retry it raises the host's download-slot delay to the server's ``Retry-After``
(seconds or an HTTP date) or, without one, to an exponential backoff, so the
whole host is given room and not only the one request. While the hold lasts,
every answer from the host puts it back (AutoThrottle, which adjusts the delay
on each answer, would otherwise cut it to ``AUTOTHROTTLE_MAX_DELAY``); the first
answer after the hold that is not retried gives the host its own delay back.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
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


_clock = time.monotonic  # tests replace it


@dataclass(frozen=True)
class _Hold:
    """A host held back: its own delay, the delay while held, and until when."""

    own: float
    delay: float
    until: float


class PoliteRetryMiddleware(RetryMiddleware):
    """Retries with backoff, honouring ``Retry-After`` (also under download-delay jitter)."""

    def __init__(self, settings, crawler: Crawler | None = None):
        super().__init__(settings)
        self.crawler = crawler
        self.backoff_base = settings.getfloat("GOVREPLY_RETRY_BACKOFF_BASE", 2.0)
        self.backoff_max = settings.getfloat("GOVREPLY_RETRY_BACKOFF_MAX", 300.0)
        self.retry_after_max = settings.getfloat("GOVREPLY_RETRY_AFTER_MAX", 3600.0)
        self._holds: dict[str, _Hold] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> PoliteRetryMiddleware:
        return cls(crawler.settings, crawler)

    def _slot(self, request: Request):
        if self.crawler is None or self.crawler.engine is None:
            return None, None
        downloader = self.crawler.engine.downloader
        key = downloader.get_slot_key(request)
        return key, downloader.slots.get(key)

    def _answered(self, request: Request) -> None:
        """An answer that is not retried: keep a running hold, or end a finished one."""
        key, slot = self._slot(request)
        hold = self._holds.get(key)
        if hold is None or slot is None:
            return
        if _clock() < hold.until:
            slot.delay = max(slot.delay, hold.delay)
            return
        del self._holds[key]
        slot.delay = hold.own
        logger.info("%s answered after its hold: delay back to %.1fs", key, hold.own)

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
        if slot is not None:
            previous = self._holds.get(key)
            own = previous.own if previous else slot.delay
            delay = max(needed, previous.delay if previous else 0.0)
            until = max(_clock() + seconds, previous.until if previous else 0.0)
            self._holds[key] = _Hold(own, delay, until)
            slot.delay = max(slot.delay, delay)
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
            self._answered(request)
        return super().process_response(request, response)

    def process_exception(self, request: Request, exception: Exception, spider=None):
        if isinstance(exception, self.exceptions_to_retry) and not request.meta.get(
            "dont_retry", False
        ):
            self._hold_slot(request, self._wait_for(request, None))
        return super().process_exception(request, exception)
