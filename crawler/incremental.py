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
"attachment"; a "list" page is never asked conditionally, but an identical one
is archived as a revisit) and ``meta["govreply_url"]`` (the portal's own URL).

A reply is asked conditionally only when it is *settled*: its document pair is on
disk and holds the text the state recorded (in an archive-only crawl,
``GOVREPLY_CLEAN = False``, once it is archived: its documents are the re-clean's).
A reply whose pair is missing or cut in half (a crawl killed while writing it, or
before committing its state) is fetched in full again, and its document rewritten;
each run asks for such replies at its start (``unsettled_replies``), so no stop at a
known list page hides them.
"""

from __future__ import annotations

import logging
import sqlite3
import weakref
from datetime import UTC, datetime, timedelta

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response

from archive.records import RefersTo
from corpus.layout import OutputLayout
from crawler.failures import WriteFailed, write_error
from crawler.jobdir import JobDirGuard
from crawler.state import CrawlState, UrlRecord, dead_retry_at
from crawler.warc import PAYLOAD_META_KEY, REVISIT_META_KEY, WARC_META_KEY

__all__ = ["PORTAL_KEY", "ROLE_KEY", "START_KEY", "URL_KEY", "IncrementalMiddleware",
           "dead_link_waits", "layout_for", "settled", "state_for", "unsettled_replies"]

logger = logging.getLogger(__name__)

ROLE_KEY = "govreply_role"
URL_KEY = "govreply_url"
PORTAL_KEY = "govreply_portal_name"
START_KEY = "govreply_start"  # a portal's start URL (its list page)
STATS_PREFIX = "govreply/incremental"
_STATES: weakref.WeakKeyDictionary[Crawler, CrawlState] = weakref.WeakKeyDictionary()
_FINISHED: weakref.WeakSet[Crawler] = weakref.WeakSet()


def state_for(crawler: Crawler) -> CrawlState | None:
    """The crawl's state database (opened once per crawler), or None when switched off
    (or, once the spider has closed, finished)."""
    if not crawler.settings.getbool("GOVREPLY_INCREMENTAL", True) or crawler in _FINISHED:
        return None
    state = _STATES.get(crawler)
    if state is None:
        state = CrawlState(layout_for(crawler).state_db)
        spider = getattr(crawler, "spider", None)
        state.start_run(getattr(spider, "run_key", None)
                        or (crawler.spidercls.name if crawler.spidercls else None))
        _STATES[crawler] = state
        # the spider_closed handlers (the outcome ledger's among them) still use the
        # state; the run is finished once the engine has stopped, with their stats
        crawler.signals.connect(lambda: _finish(crawler, _close_reason(crawler)),
                                signal=signals.engine_stopped, weak=False)
    return state


def layout_for(crawler: Crawler) -> OutputLayout:
    """The crawl's output directory (``GOVREPLY_OUTPUT_DIR``)."""
    return OutputLayout(crawler.settings.get("GOVREPLY_OUTPUT_DIR", "output"))


def document_written(layout: OutputLayout, record: UrlRecord) -> bool:
    """The reply's document pair is on disk and holds the text the state recorded."""
    if record.text_digest is None:
        return False
    sidecar = layout.document(record.url).complete()
    return sidecar is not None and sidecar.get("text_sha1") == record.text_digest


def cleaning(crawler: Crawler) -> bool:
    """Whether the crawl makes documents (``GOVREPLY_CLEAN``); an archive-only crawl leaves
    them to ``scrapy reclean``, so its part of a reply is done once the page is archived
    (with its decision record)."""
    return crawler.settings.getbool("GOVREPLY_CLEAN", True)


def settled(crawler: Crawler, url: str) -> bool:
    """Known, with nothing left to do: not a reply that answered without its document
    being written (a failed clean, a crawl killed before it wrote or committed it)."""
    state = state_for(crawler)
    record = state.get(url) if state is not None else None
    if record is None:
        return False
    if record.kind != "reply" or record.status not in (200, 304):
        return True
    if not cleaning(crawler):  # archive-only: done once its decision record is written
        return record.decided_at is not None
    return document_written(layout_for(crawler), record)


def unsettled_replies(crawler: Crawler, portal: str) -> list[str]:
    """Known replies of ``portal`` that answered but whose document is not on disk as the
    state records it: a run asks for them again at its start, wherever they are listed."""
    state = state_for(crawler)
    if state is None:
        return []
    layout, clean = layout_for(crawler), cleaning(crawler)
    found = [r.url for r in state.urls(portal=portal, kind="reply")
             if r.status in (200, 304) and not r.gone_since and not (
                 document_written(layout, r) if clean else r.decided_at is not None)]
    if found:
        crawler.stats.inc_value(f"{STATS_PREFIX}/repair/{portal}", len(found))
        logger.info("%s: %d known replies have no complete document (archive-only: no "
                    "decision record); fetching them again",
                    portal, len(found))
    return found


def dead_link_waits(crawler: Crawler, url: str) -> str | None:
    """Why ``url`` is not asked tonight: a dead link (never alive, 404/410 since first
    sight) is asked again only after 1, 2, 4 … nights (``GOVREPLY_DEAD_RETRY_INTERVAL``
    seconds, doubled per failed try). None: ask it (also in a full recrawl)."""
    if crawler.settings.getbool("GOVREPLY_FULL_RECRAWL", False):
        return None
    state = state_for(crawler)
    record = state.get(url) if state is not None else None
    if record is None:
        return None
    interval = timedelta(seconds=crawler.settings.getfloat("GOVREPLY_DEAD_RETRY_INTERVAL",
                                                           86400.0))
    due = dead_retry_at(record, interval)
    if due is None or due <= datetime.now(UTC):
        return None
    tries = f"{record.failed_tries} failed {'try' if record.failed_tries == 1 else 'tries'}"
    return (f"{record.failure or 'dead'} (since {record.failing_since}, {tries}); "
            f"next try after {due.isoformat(timespec='minutes')}")


def _close_reason(crawler: Crawler) -> str:
    return str(crawler.stats.get_value("finish_reason") or "finished")


def _finish(crawler: Crawler, reason: str) -> None:
    _FINISHED.add(crawler)
    state = _STATES.pop(crawler, None)
    if state is None:
        return
    try:
        state.finish_run(reason, {k: v for k, v in crawler.stats.get_stats().items()
                                  if isinstance(v, int | float | str)})
    except sqlite3.Error as exc:  # a full disk: the run stays marked running (not finished)
        logger.error("cannot record the end of the run in %s: %s", state.path, exc)
    finally:
        state.close()


def _same_payload(known: UrlRecord | None, location) -> bool:
    """The answer's payload is the one the state holds (a 304, or the same digest)."""
    if known is None or not known.payload_digest:
        return False
    if location is None or location.record_type != "response":
        return True  # a revisit: the stored payload
    return location.payload_digest == known.payload_digest


def _header(response: Response, name: str) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None


class IncrementalMiddleware:
    """Conditional requests for known pages; every answer recorded in the state."""

    def __init__(self, crawler: Crawler, state: CrawlState, full: bool):
        self.crawler = crawler
        self.state = state
        self.full = full
        self.layout = layout_for(crawler)
        self.clean = cleaning(crawler)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> IncrementalMiddleware:
        # Built with the engine, before the scheduler reads JOBDIR.
        JobDirGuard.install(crawler)
        state = state_for(crawler)
        if state is None:
            raise NotConfigured("GOVREPLY_INCREMENTAL is off")
        return cls(crawler, state, crawler.settings.getbool("GOVREPLY_FULL_RECRAWL", False))

    def process_request(self, request: Request, spider=None):
        url = request.meta.get(URL_KEY)
        role = request.meta.get(ROLE_KEY)
        if self.full or url is None or role not in ("list", "reply", "attachment"):
            return None
        record = self.state.get(url)
        if record is None or record.gone_since or record.warc is None:
            return None
        # A list page is always fetched (its links are needed); a reply whose document
        # is not on disk as the state records it (the crawl died before writing it or
        # committing it, or cleaning failed) too: a 304 would leave the pipeline nothing
        # to write. Either is still archived as an identical-payload revisit when its
        # body has not changed.
        if role == "attachment" or (role == "reply" and (
                record.decided_at is not None if not self.clean
                else document_written(self.layout, record))):
            for name, value in self.state.conditional_headers(url).items():
                request.headers.setdefault(name, value)
        request.meta[REVISIT_META_KEY] = RefersTo(
            record_id=record.warc.record_id,
            target_uri=record.warc.target_uri,
            date=record.warc.date,
            payload_digest=record.payload_digest or "",
        )
        request.meta[PAYLOAD_META_KEY] = record.warc
        return None

    def process_response(self, request: Request, response: Response, spider=None):
        url = request.meta.get(URL_KEY)
        role = request.meta.get(ROLE_KEY)
        if url is None or role not in ("list", "reply", "attachment"):
            return response
        portal = request.meta.get(PORTAL_KEY, "")
        try:
            known = self.state.get(url)
            location = request.meta.get(WARC_META_KEY)
            new_record = location is not None and location.record_type == "response"
            warc = location if new_record else (known.warc if known else None)
            etag, modified = _header(response, "ETag"), _header(response, "Last-Modified")
            if role == "reply" and self.clean and not _same_payload(known, location):
                # a new or changed reply's validators are stored with its text
                # (``commit_text``): one that fails to clean, or a kill before the commit,
                # is fetched in full next time, not answered 304
                etag = modified = None
            self.state.record_fetch(
                url, portal=portal, kind=role, status=response.status,
                etag=etag, last_modified=modified,
                payload_digest=(location.payload_digest if location else None) or (
                    known.payload_digest if known else None),
                warc=warc,
            )
        except sqlite3.Error as exc:  # a full disk: the crawl stops, the answer is dropped
            from crawler.outcomes import ledger_for

            error = write_error(exc, self.state.path)
            ledger_for(self.crawler).stop_for_io_error(error)
            raise WriteFailed(error) from exc
        self.crawler.stats.inc_value(f"{STATS_PREFIX}/{role}/status/{response.status}")
        return response
