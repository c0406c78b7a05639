"""Downloader middlewares: polite retries.

``PoliteRetryMiddleware`` is Scrapy's RetryMiddleware plus backoff: before a
retry it raises the host's download-slot delay to the server's ``Retry-After``
(seconds or an HTTP date) or, without one, to an exponential backoff, so the
whole host is given room and not only the one request. The hold ends exactly when
the server asked (no download-delay jitter while it lasts, which would stretch it up to
three times), and then the host gets its own delay and jitter back; a last retry that is
refused again starts no new hold. While the hold lasts, every answer from the host puts
it back (AutoThrottle, which adjusts the delay on each answer, would otherwise cut it).

``CountedOffsiteMiddleware`` is Scrapy's offsite filter that also tells the run's ledger
(``crawler.outcomes``): a reply link redirected to another host is a failure with its
reason, not a request that silently vanishes.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.offsite import OffsiteMiddleware
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response

from crawler.failures import Outcome
from crawler.incremental import PORTAL_KEY, ROLE_KEY, URL_KEY

__all__ = ["CountedOffsiteMiddleware", "PoliteRetryMiddleware", "backoff_delay",
           "parse_retry_after"]

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


_clock = time.monotonic  # tests replace it (the downloader's slots use the same clock)


def _call_later(seconds: float, function) -> None:  # tests replace it
    from twisted.internet import reactor

    reactor.callLater(max(0.0, seconds), function)


@dataclass(frozen=True)
class _Hold:
    """A host held back until ``until``: its own delay and jitter to give back after."""

    own: float
    jitter: float
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

    @staticmethod
    def _apply(slot, hold: _Hold) -> None:
        """Make the slot's next request leave exactly when the hold ends: no jitter (it
        would stretch the wait up to (1+j)/(1-j) times), a delay counted from the
        slot's last request."""
        slot.jitter = 0.0
        slot.delay = max(hold.own, hold.until - getattr(slot, "lastseen", _clock()))

    def _release(self, key: str) -> None:
        """The hold is over: the host gets its own delay and jitter back."""
        hold = self._holds.get(key)
        if hold is None or _clock() < hold.until - 0.01:
            return
        del self._holds[key]
        slot = self.crawler.engine.downloader.slots.get(key) if self.crawler and \
            self.crawler.engine else None
        if slot is not None:
            slot.delay, slot.jitter = hold.own, hold.jitter
        logger.info("%s: hold over, delay back to %.1fs", key, hold.own)

    def _answered(self, request: Request) -> None:
        """An answer that is not retried: keep a running hold (AutoThrottle may have
        changed the delay), or end one that is over."""
        key, slot = self._slot(request)
        hold = self._holds.get(key)
        if hold is None or slot is None:
            return
        if _clock() < hold.until:
            self._apply(slot, hold)
        else:
            self._release(key)

    def _hold_slot(self, request: Request, seconds: float) -> None:
        if seconds <= 0:
            return
        key, slot = self._slot(request)
        if key is None:
            return
        if slot is not None:
            previous = self._holds.get(key)
            own, jitter = (previous.own, previous.jitter) if previous else (
                slot.delay, float(getattr(slot, "jitter", 0.0) or 0.0))
            until = max(_clock() + seconds, previous.until if previous else 0.0)
            self._holds[key] = hold = _Hold(own, jitter, until)
            self._apply(slot, hold)
            _call_later(until - _clock(), lambda: self._release(key))
            logger.info("holding %s for %.1fs before retrying %s", key, seconds, request.url)
        self.crawler.stats.inc_value(f"{STATS_PREFIX}/backoff_seconds", seconds)

    def _will_retry(self, request: Request) -> bool:
        limit = request.meta.get("max_retry_times", self.max_retry_times)
        return not request.meta.get("dont_retry", False) and \
            request.meta.get("retry_times", 0) < limit

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
        if response.status in self.retry_http_codes and self._will_retry(request):
            self._hold_slot(request, self._wait_for(request, response))
        else:  # answered, or the last retry refused: no new hold past the last retry
            self._answered(request)
        return super().process_response(request, response)

    def process_exception(self, request: Request, exception: Exception, spider=None):
        if isinstance(exception, self.exceptions_to_retry) and self._will_retry(request):
            self._hold_slot(request, self._wait_for(request, None))
        return super().process_exception(request, exception)


class CountedOffsiteMiddleware(OffsiteMiddleware):
    """Scrapy's offsite filter; every request it drops gets its outcome in the ledger."""

    def process_request(self, request: Request, spider=None) -> None:
        try:
            return super().process_request(request)
        except IgnoreRequest:
            url, role = request.meta.get(URL_KEY), request.meta.get(ROLE_KEY)
            if url and role in ("list", "reply", "attachment"):
                from crawler.outcomes import ledger_for

                redirected = bool(request.meta.get("redirect_urls"))
                ledger_for(self.crawler).record(
                    url, Outcome.FAILED if redirected else Outcome.SKIPPED, role=role,
                    portal=request.meta.get(PORTAL_KEY, ""),
                    reason=(f"redirected off the portal to {request.url}" if redirected
                            else f"not on the portal's hosts: {request.url}"))
            raise
