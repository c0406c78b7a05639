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

``JobDirGuard`` makes Scrapy's ``JOBDIR`` fit a nightly job: Scrapy saves its
request queue only when a crawl stops cleanly, so after a ``kill -9`` the job
directory holds fingerprints of requests whose queue is lost; the guard
discards such a directory (the next run starts over, and the state above keeps
it incremental), resumes one that was stopped cleanly, and clears one whose
crawl finished, so the same ``JOBDIR`` can be given every night.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import shutil
import weakref
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Response
from scrapy.utils.misc import load_object

from archive.records import RefersTo
from crawler.state import CrawlState, WarcLocation
from crawler.warc import REVISIT_META_KEY, WARC_META_KEY

__all__ = ["ROLE_KEY", "URL_KEY", "IncrementalMiddleware", "JobDirGuard", "state_for"]

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
        spider = getattr(crawler, "spider", None)
        state.start_run(getattr(spider, "run_key", None)
                        or (crawler.spidercls.name if crawler.spidercls else None))
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
        settings = crawler.settings
        self.retry_codes = (frozenset(int(c) for c in settings.getlist("RETRY_HTTP_CODES"))
                            if settings.getbool("RETRY_ENABLED") else frozenset())
        self.retry_times = settings.getint("RETRY_TIMES")
        self.retry_exceptions = tuple(
            load_object(x) if isinstance(x, str) else x
            for x in settings.getlist("RETRY_EXCEPTIONS")) if settings.getbool(
                "RETRY_ENABLED") else ()

    def _will_be_retried(self, request: Request, status: int | None,
                         exception: BaseException | None = None) -> bool:
        """The retry middleware (nearer the engine) will ask again: not an outcome yet."""
        retryable = (status in self.retry_codes if exception is None
                     else isinstance(exception, self.retry_exceptions))
        if not retryable or request.meta.get("dont_retry"):
            return False
        limit = request.meta.get("max_retry_times", self.retry_times)
        return request.meta.get("retry_times", 0) < limit

    def process_exception(self, request: Request, exception: BaseException, spider=None):
        """A reply that could not be fetched at all (timeouts, refused connections) is
        failed once the retries are used up."""
        if isinstance(exception, IgnoreRequest):  # robots.txt, offsite: not fetched on purpose
            return None
        if request.meta.get(ROLE_KEY) == "reply" and request.meta.get(URL_KEY) and \
                not self._will_be_retried(request, None, exception):
            portal = request.meta.get(PORTAL_KEY, "")
            self.crawler.stats.inc_value(f"govreply/items/{portal}/failed")
        return None

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
        # was never written (the crawl died before cleaning it, or cleaning failed) too:
        # a 304 would leave the pipeline nothing to write. Either is still archived as
        # an identical-payload revisit when its body has not changed.
        if role == "attachment" or (role == "reply" and record.text_digest is not None):
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
        if role == "reply" and outcome and not self._will_be_retried(request, response.status):
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


JOB_MARKER = "govreply-job.json"  # in JOBDIR: {"state": "running" | "stopped", ...}
JOB_LOCK = "govreply-job.lock"
_SCRAPY_JOB_FILES = ("requests.queue", "requests.seen", "spider.state")


class JobDirGuard:
    """Keeps a ``JOBDIR`` consistent across stops, crashes and nightly reuse.

    - a crawl that was stopped cleanly (Ctrl-C or SIGTERM once, or a CLOSESPIDER
      limit) left a saved queue: the next crawl resumes it (Scrapy's own behaviour);
    - a crawl that died (``kill -9``, power loss, a second Ctrl-C) left no saved
      queue but a partial ``requests.seen``: resuming would skip every request it
      lists and never fetch what was still queued, so the job files are discarded
      and the next crawl starts over (conditional requests keep it cheap);
    - a crawl that finished leaves nothing to resume: the job files are removed, so
      that the next night's crawl with the same ``JOBDIR`` is a new job.

    The marker file ``govreply-job.json`` says which; ``govreply-job.lock`` is held
    while a crawl uses the directory, so a second crawl on it fails at once.
    Stats: ``govreply/jobdir/resumed`` or ``govreply/jobdir/discarded``.
    """

    def __init__(self, crawler: Crawler, path: Path, lock: IO[str], previous: str | None):
        self.crawler = crawler
        self.path = path
        self._lock = lock
        self.previous = previous  # "resumed", "discarded" or None (a new job)

    @classmethod
    def install(cls, crawler: Crawler) -> JobDirGuard | None:
        jobdir = crawler.settings.get("JOBDIR")
        if not jobdir or getattr(crawler, "_govreply_jobdir_guard", None) is not None:
            return None
        path = Path(jobdir)
        path.mkdir(parents=True, exist_ok=True)
        lock = open(path / JOB_LOCK, "a")  # noqa: SIM115 - held until spider_closed
        try:
            fcntl.flock(lock.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            lock.close()
            raise RuntimeError(f"JOBDIR {path} is in use by another crawl") from None
        previous = cls._previous(path)
        if previous == "discarded":
            logger.warning("JOBDIR %s: the last crawl there did not stop cleanly (killed?); "
                           "its queue was not saved, starting the job over", path)
            cls._clear(path)
        elif previous == "resumed":
            logger.info("JOBDIR %s: resuming the crawl stopped there", path)
        guard = cls(crawler, path, lock, previous)
        crawler._govreply_jobdir_guard = guard  # type: ignore[attr-defined]
        crawler.signals.connect(guard.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(guard.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(guard.release, signal=signals.engine_stopped)
        return guard

    @staticmethod
    def _previous(path: Path) -> str | None:
        marker = path / JOB_MARKER
        if marker.exists():
            try:
                state = json.loads(marker.read_text("utf-8")).get("state")
            except (OSError, ValueError, AttributeError):
                state = None
            return "resumed" if state == "stopped" else "discarded"
        if not any((path / name).exists() for name in ("requests.queue", "requests.seen")):
            return None
        # Job files without a marker: resumable only if Scrapy saved a non-empty queue.
        try:
            saved = json.loads((path / "requests.queue" / "active.json").read_text("utf-8"))
        except (OSError, ValueError):
            saved = None
        return "resumed" if saved else "discarded"

    @staticmethod
    def _clear(path: Path) -> None:
        for name in _SCRAPY_JOB_FILES:
            target = path / name
            if target.is_dir():
                shutil.rmtree(target)
            elif target.exists():
                target.unlink()
        (path / JOB_MARKER).unlink(missing_ok=True)

    def _mark(self, state: str, **more: object) -> None:
        marker = self.path / JOB_MARKER
        tmp = marker.with_name(marker.name + ".tmp")
        tmp.write_text(json.dumps({"state": state, "pid": os.getpid(),
                                   "at": datetime.now(UTC).isoformat(timespec="seconds"),
                                   **more}) + "\n", "utf-8")
        os.replace(tmp, marker)

    def spider_opened(self, spider=None) -> None:
        # Marked only now: a crawl that fails while starting leaves the marker as it was
        # (a resumable job stays resumable).
        self._mark("running")
        if self.previous:
            self.crawler.stats.set_value(f"govreply/jobdir/{self.previous}", 1)

    def spider_closed(self, spider=None, reason: str = "") -> None:
        if reason == "finished":
            self._clear(self.path)  # the job is done: the next crawl is a new one
        else:
            self._mark("stopped", reason=reason)
        self.release()

    def release(self) -> None:
        """Let go of the directory's lock (at the spider's close, or the engine's stop)."""
        if self._lock.closed:
            return
        fcntl.flock(self._lock.fileno(), fcntl.LOCK_UN)
        self._lock.close()
