"""Incremental crawling: conditional requests, revisits and change bookkeeping.

``IncrementalMiddleware`` (downloader, 940: just before the WARC capture on
the way out, just after it on the way back) keeps the crawl state in
``<GOVREPLY_OUTPUT_DIR>/state.sqlite3`` (``crawler.state.CrawlState``):

- a known reply or attachment is requested with If-None-Match /
  If-Modified-Since, and the earlier capture is handed to the WARC middleware,
  which writes a 304 as a server-not-modified ``revisit`` and an unchanged
  payload as an identical-payload-digest ``revisit``;
- every answer is recorded (validators, payload digest, WARC location; 404/410
  of a known URL marks it gone).

``GOVREPLY_FULL_RECRAWL = True`` sends plain requests (everything is fetched
and stored again). Requests opt in with ``meta["govreply_role"]`` ("reply" or
"attachment") and ``meta["govreply_url"]`` (the portal's own URL).
"""

from __future__ import annotations

import logging
import weakref
from pathlib import Path

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response

from archive.records import RefersTo
from crawler.state import CrawlState, WarcLocation
from crawler.warc import REVISIT_META_KEY, WARC_META_KEY

__all__ = ["ROLE_KEY", "URL_KEY", "IncrementalMiddleware", "state_for"]

logger = logging.getLogger(__name__)

ROLE_KEY = "govreply_role"
URL_KEY = "govreply_url"
PORTAL_KEY = "govreply_portal_name"
STATS_PREFIX = "govreply/incremental"
_STATES: weakref.WeakKeyDictionary[Crawler, CrawlState] = weakref.WeakKeyDictionary()


def state_for(crawler: Crawler) -> CrawlState | None:
    """The crawl's state database (opened once per crawler), or None when switched off."""
    if not crawler.settings.getbool("GOVREPLY_INCREMENTAL", True):
        return None
    state = _STATES.get(crawler)
    if state is None:
        path = Path(crawler.settings.get("GOVREPLY_OUTPUT_DIR", "output")) / "state.sqlite3"
        state = CrawlState(path)
        state.start_run(crawler.spidercls.name if crawler.spidercls else None)
        _STATES[crawler] = state
        crawler.signals.connect(lambda spider, reason: _finish(crawler, reason),
                                signal=signals.spider_closed, weak=False)
    return state


def _finish(crawler: Crawler, reason: str) -> None:
    state = _STATES.pop(crawler, None)
    if state is not None:
        state.finish_run(reason, {k: v for k, v in crawler.stats.get_stats().items()
                                  if isinstance(v, int | float | str)})
        state.close()


def _header(response: Response, name: str) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None


class IncrementalMiddleware:
    """Conditional requests for known pages; every answer recorded in the state."""

    def __init__(self, crawler: Crawler, state: CrawlState, full: bool):
        self.crawler = crawler
        self.state = state
        self.full = full

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> IncrementalMiddleware:
        state = state_for(crawler)
        if state is None:
            raise NotConfigured("GOVREPLY_INCREMENTAL is off")
        return cls(crawler, state, crawler.settings.getbool("GOVREPLY_FULL_RECRAWL", False))

    def process_request(self, request: Request, spider=None):
        url = request.meta.get(URL_KEY)
        if self.full or url is None or request.meta.get(ROLE_KEY) not in ("reply", "attachment"):
            return None
        record = self.state.get(url)
        if record is None or record.gone_since or record.warc is None:
            return None
        for name, value in self.state.conditional_headers(url).items():
            request.headers.setdefault(name, value)
        request.meta[REVISIT_META_KEY] = RefersTo(
            record_id=record.warc.record_id,
            target_uri=record.warc.url,
            date=record.warc.date,
            payload_digest=record.payload_digest or "",
        )
        return None

    def process_response(self, request: Request, response: Response, spider=None):
        url = request.meta.get(URL_KEY)
        role = request.meta.get(ROLE_KEY)
        if url is None or role not in ("list", "reply", "attachment"):
            return response
        portal = request.meta.get(PORTAL_KEY, "")
        known = self.state.get(url)
        location = request.meta.get(WARC_META_KEY) or {}
        new_record = location.get("record_type") == "response"
        warc = WarcLocation(location["filename"], location["offset"], location["record_id"],
                            location["date"], location["target_uri"]) if new_record else (
            known.warc if known else None)
        self.state.record_fetch(
            url, portal=portal, kind=role, status=response.status,
            etag=_header(response, "ETag"), last_modified=_header(response, "Last-Modified"),
            payload_digest=location.get("payload_digest") or (known.payload_digest
                                                              if known else None),
            warc=warc,
        )
        outcome = self._outcome(response.status, known is not None and known.warc is not None)
        if role == "reply" and outcome:
            self.crawler.stats.inc_value(f"govreply/items/{portal}/{outcome}")
        self.crawler.stats.inc_value(f"{STATS_PREFIX}/{role}/status/{response.status}")
        return response

    @staticmethod
    def _outcome(status: int, archived_before: bool) -> str | None:
        """The report's word for an answer the spider will not see as an item."""
        if status == 304:
            return "unchanged"
        if status in (404, 410):
            return "gone" if archived_before else "failed"
        if status >= 400:
            return "failed"
        return None  # 200: new, changed or unchanged is decided on the cleaned text
