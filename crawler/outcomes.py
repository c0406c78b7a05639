"""The outcome ledger: how every URL a crawl tried ended, decided in one place.

Every request the spiders send carries its role (``list``, ``reply``, ``attachment``),
the portal's own URL and the portal's name in its meta (``crawler.incremental`` keys).
The ledger (``ledger_for(crawler)``, also installed as an extension) gives each such URL
exactly one ``Outcome`` with its reason:

- the spiders' callbacks and errbacks, the pipeline and the offsite filter ``record``
  what they decided; failures go through ``crawler.failures.describe``;
- Scrapy's signals show the rest: a request dropped as a duplicate is ``skipped``, a
  callback that raised is ``failed``, and at the close every URL that was tried but got
  no outcome is ``failed`` (``pending`` when the run stopped early; a queued one is
  ``pending`` and not tried);
- a portal none of whose URLs got any HTTP answer, and some a network error, is
  unreachable: those URLs become ``unreachable``.

Failures are noted in the crawl state, which says whether each is *new* (the try before
did not fail). ``stop_for_io_error`` ends the crawl cleanly on a write error of the
output (full disk): the first error is kept for the report and the exit code, the spider
is closed with reason ``archive_write_error``, and a watchdog stops the reactor should
the close itself hang. At the close, stats ``govreply/items/<portal>/<outcome>`` (replies),
``govreply/outcomes/<role>/<outcome>`` and ``govreply/failures/new`` are set from it.
"""

from __future__ import annotations

import logging
import sqlite3
import weakref
from collections import Counter
from dataclasses import asdict, dataclass

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.http import Response

from archive.files import ArchiveWriteError
from crawler.failures import FAILURES, GOOD, Outcome, describe
from crawler.incremental import PORTAL_KEY, ROLE_KEY, START_KEY, URL_KEY, state_for

__all__ = ["IO_STOP_REASON", "Entry", "OutcomeLedger", "ledger_for"]

logger = logging.getLogger(__name__)
IO_STOP_REASON = "archive_write_error"
_LEDGERS: weakref.WeakKeyDictionary[Crawler, OutcomeLedger] = weakref.WeakKeyDictionary()


@dataclass
class Entry:
    """How one URL ended in this run."""

    url: str
    role: str
    portal: str
    outcome: Outcome
    reason: str = ""
    status: int | None = None
    new: bool = False  # a failure the try before did not have
    tried: bool = True  # False: not asked tonight (a dead link waiting, a queued request)

    def as_dict(self) -> dict:
        """The report's form: no empty field."""
        return {k: v for k, v in asdict(self).items()
                if v not in (None, "") and not (k == "tried" and v) and
                not (k == "new" and not v)}


def ledger_for(crawler: Crawler) -> OutcomeLedger:
    """The crawl's ledger (made, and its signals connected, on first use)."""
    ledger = _LEDGERS.get(crawler)
    if ledger is None:
        ledger = _LEDGERS[crawler] = OutcomeLedger(crawler)
    return ledger


def _key(request: Request) -> tuple[str, str, str] | None:
    """(portal URL, role, portal) of a spider request, None for others (robots.txt)."""
    meta = request.meta
    url, role = meta.get(URL_KEY), meta.get(ROLE_KEY)
    if not url or role not in ("list", "reply", "attachment"):
        return None
    return url, role, meta.get(PORTAL_KEY, "")


def _item_key(item) -> tuple[str, str, str] | None:
    """(portal URL, "reply", portal) of a reply page item (``crawler.items.ReplyPage``)."""
    portal = getattr(item, "portal", None)
    url = getattr(item, "link_url", "") or getattr(item, "url", "")
    if portal is None or not url or not hasattr(item, "attachments"):
        return None
    return url, "reply", portal.name


class OutcomeLedger:
    """One outcome per URL; see the module docstring."""

    def __init__(self, crawler: Crawler):
        self.crawler = crawler
        self.entries: dict[str, Entry] = {}
        self.io_error: ArchiveWriteError | None = None
        self.finish_reason: str | None = None
        self._tried: dict[str, tuple[str, str]] = {}
        self._queued: dict[str, tuple[str, str]] = {}
        self._answered: set[str] = set()  # portals that gave some HTTP answer
        self._network: dict[str, set[str]] = {}  # portal -> URLs with no answer at all
        self._links: dict[str, int] = {}  # portal -> reply links its list pages yielded
        self._starts: dict[str, list[str]] = {}  # portal -> start pages read
        self._stopping = False
        connect = crawler.signals.connect
        connect(self._scheduled, signal=signals.request_scheduled)
        connect(self._reached, signal=signals.request_reached_downloader)
        connect(self._dropped, signal=signals.request_dropped)
        connect(self._response, signal=signals.response_received)
        connect(self._spider_error, signal=signals.spider_error)
        connect(self._item_error, signal=signals.item_error)
        connect(self.close, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> OutcomeLedger:
        return ledger_for(crawler)

    # -- what the components decide ----------------------------------------------------
    def record(self, url: str, outcome: Outcome, *, role: str, portal: str, reason: str = "",
               status: int | None = None, tried: bool = True) -> Entry:
        """The outcome of ``url`` (the portal's own URL); a later one replaces an earlier
        one, except that ``skipped`` and ``pending`` never replace anything."""
        previous = self.entries.get(url)
        if previous is not None and outcome in (Outcome.SKIPPED, Outcome.PENDING):
            return previous
        new = False
        if tried and outcome not in (Outcome.SKIPPED, Outcome.PENDING):  # the try ended
            new = self._note(url, role, portal,
                             (reason or str(outcome)) if outcome in FAILURES else None)
        entry = Entry(url, role, portal, outcome, reason, status, new, tried)
        self.entries[url] = entry
        if role == "reply":  # live per-portal counts (the progress line); set again at the close
            stats = self.crawler.stats
            if previous is not None and previous.role == "reply":
                stats.inc_value(f"govreply/items/{previous.portal}/{previous.outcome}", -1)
            stats.inc_value(f"govreply/items/{portal}/{outcome}")
        if outcome in FAILURES:
            logger.info("%s %s (%s): %s", outcome, url, role, reason)
        return entry

    def record_list(self, url: str, portal: str, links: int, *, start: bool,
                    status: int | None = None) -> Entry:
        """A list page read, with ``links`` reply links (the portal's are added up: one
        with none at all has its start page ``empty`` at the close)."""
        self._links[portal] = self._links.get(portal, 0) + links
        if start:
            self._starts.setdefault(portal, []).append(url)
        return self.record(url, Outcome.LISTED, role="list", portal=portal, status=status,
                           reason=f"{links} reply links")

    def record_failure(self, request: Request, exc: BaseException) -> Entry | None:
        """What an errback got, described (``crawler.failures.describe``) and recorded."""
        key = _key(request)
        if key is None:
            return None
        url, role, portal = key
        state = self._state()
        known = state.get(url) if state is not None else None
        verdict = describe(exc, alive_before=bool(known and known.alive_at),
                           meta=request.meta)
        if verdict.network:
            self._network.setdefault(portal, set()).add(url)
        entry = self.record(url, verdict.outcome, role=role, portal=portal,
                            reason=verdict.reason, status=verdict.status)
        if role == "list" and not request.meta.get(START_KEY) and \
                verdict.outcome in (Outcome.DEAD, Outcome.GONE):
            # a page a pager links that is not there (pagers guess): counted and listed,
            # but nothing needs a look (a start page that stops answering is drift)
            entry.new = False
            entry.reason += " (a page past the last one?)"
        return entry

    def stop_for_io_error(self, error: ArchiveWriteError) -> None:
        """The output cannot be written: keep the first error, close the spider once."""
        if self.io_error is None:
            self.io_error = error
            stats = self.crawler.stats
            stats.set_value("govreply/io_error", str(error))
            stats.set_value("govreply/io_error/path", str(error.path))
            stats.set_value("govreply/io_error/errno", error.errno)
            logger.error("%s: stopping the crawl", error)
        if self._stopping:
            return
        self._stopping = True
        engine = self._engine()
        if engine is None or engine.spider is None:
            return
        from twisted.internet import reactor

        from crawler.watchdog import start_watchdog

        reactor.callLater(0, self._close_engine)
        start_watchdog(self.crawler, self.crawler.settings.getfloat(
            "GOVREPLY_IO_STOP_TIMEOUT", 90.0))

    def _engine(self):
        try:
            return self.crawler.engine
        except RuntimeError:  # the crawl has not started
            return None

    def _close_engine(self) -> None:
        from scrapy.utils.defer import deferred_from_coro

        engine = self._engine()
        if engine is not None and engine.spider is not None:
            deferred_from_coro(engine.close_spider_async(reason=IO_STOP_REASON))

    # -- what the signals show -----------------------------------------------------------
    def _scheduled(self, request: Request, spider=None) -> None:
        key = _key(request)
        if key is not None and key[0] not in self.entries:
            self._queued.setdefault(key[0], key[1:])

    def _reached(self, request: Request, spider=None) -> None:
        key = _key(request)
        if key is not None:
            self._tried.setdefault(key[0], key[1:])

    def _dropped(self, request: Request, spider=None) -> None:
        key = _key(request)
        if key is None or key[0] in self.entries:
            return
        redirected = request.meta.get("redirect_urls")
        reason = (f"redirected to {request.url}, fetched already in this run" if redirected
                  else f"{request.url} was requested already in this run")
        # the request made first gives the real outcome, which replaces this one
        self.record(key[0], Outcome.SKIPPED, role=key[1], portal=key[2], reason=reason)

    def _response(self, response: Response, request: Request, spider=None) -> None:
        key = _key(request)
        if key is not None:
            self._answered.add(key[2])

    def _spider_error(self, failure, response: Response, spider=None) -> None:
        key = _key(response.request) if response.request is not None else None
        if key is not None:
            exc = failure.value
            self.record(key[0], Outcome.FAILED, role=key[1], portal=key[2],
                        reason=f"error while reading the page: {type(exc).__name__}: {exc}",
                        status=response.status)

    def _item_error(self, item, response: Response, spider=None, failure=None) -> None:
        # a reply's item comes out of its last attachment's callback: the reply failed
        key = _item_key(item) or (_key(response.request)
                                  if response is not None and response.request else None)
        if key is not None:
            exc = failure.value if failure is not None else None
            self.record(key[0], Outcome.FAILED, role=key[1], portal=key[2],
                        reason=f"error while storing the document: {type(exc).__name__}: {exc}")

    # -- the close -------------------------------------------------------------------------
    def close(self, spider=None, reason: str = "finished") -> None:
        """Give every URL left without an outcome one, mark unreachable portals, set stats."""
        self.finish_reason = reason
        stopped = reason != "finished"
        for url, (role, portal) in list(self._tried.items()):
            if url not in self.entries:
                if stopped:
                    self.record(url, Outcome.PENDING, role=role, portal=portal,
                                reason=f"in flight when the run stopped ({reason})")
                else:
                    self.record(url, Outcome.FAILED, role=role, portal=portal,
                                reason="no outcome: the crawl lost this request")
        for url, (role, portal) in list(self._queued.items()):
            if url in self.entries:
                continue
            if stopped:
                self.record(url, Outcome.PENDING, role=role, portal=portal, tried=False,
                            reason=f"queued when the run stopped ({reason})")
            else:
                self.record(url, Outcome.FAILED, role=role, portal=portal,
                            reason="dropped before it was fetched")
        for portal in self.unreachable():
            for url in self._network.get(portal, ()):
                entry = self.entries[url]
                entry.outcome = Outcome.UNREACHABLE
        for portal, starts in self._starts.items():
            if self._links.get(portal, 0) == 0:
                self._empty(portal, starts)
        self._set_stats()

    def _empty(self, portal: str, starts: list[str]) -> None:
        """None of the portal's list pages had a reply link: its start pages say so."""
        for url in starts:
            logger.warning("%s: the start page %s has no reply links, nor any list page "
                           "after it (a reply page, the site root or a parent folder?)",
                           portal, url)
            self.record(url, Outcome.EMPTY, role="list", portal=portal,
                        status=self.entries[url].status,
                        reason="the start page has no reply links: is it the section's "
                               "list page?")

    def unreachable(self) -> list[str]:
        """Portals whose host gave no HTTP answer at all, and a network error."""
        return sorted(p for p, urls in self._network.items()
                      if urls and p not in self._answered)

    def counts(self) -> dict[str, dict[str, Counter]]:
        """{portal: {role: Counter(outcome)}} over every entry."""
        found: dict[str, dict[str, Counter]] = {}
        for entry in self.entries.values():
            found.setdefault(entry.portal, {}).setdefault(entry.role, Counter())[
                str(entry.outcome)] += 1
        return found

    def problems(self) -> list[Entry]:
        """Every URL that did not end well, with its reason (queued ones left out)."""
        return [e for e in self.entries.values()
                if e.outcome not in GOOD and (e.tried or e.outcome is not Outcome.PENDING)]

    def new_failures(self) -> list[Entry]:
        return [e for e in self.entries.values() if e.outcome in FAILURES and e.new]

    def _set_stats(self) -> None:
        stats = self.crawler.stats
        for key in [k for k in stats.get_stats() if k.startswith("govreply/items/")]:
            if key.rsplit("/", 1)[-1] in {str(o) for o in Outcome}:  # the live counts
                stats.set_value(key, 0)
        for portal, roles in self.counts().items():
            for role, counter in roles.items():
                for outcome, n in counter.items():
                    stats.inc_value(f"govreply/outcomes/{role}/{outcome}", n)
                    if role == "reply":
                        stats.set_value(f"govreply/items/{portal}/{outcome}", n)
        stats.set_value("govreply/failures/new", len(self.new_failures()))

    # -- the state ---------------------------------------------------------------------------
    def _state(self):
        try:
            return state_for(self.crawler)
        except (sqlite3.Error, OSError):
            return None

    def _note(self, url: str, role: str, portal: str, failure: str | None) -> bool:
        """Note the try in the state; True for a new failure. Without a state (or when
        it cannot be written: a full disk) every failure counts as new."""
        if self.io_error is not None:
            return failure is not None
        state = self._state()
        if state is None:
            return failure is not None
        try:
            return state.note_outcome(url, portal=portal, kind=role, failure=failure)
        except (sqlite3.Error, OSError) as exc:
            from crawler.failures import write_error

            error = write_error(exc, state.path)
            if error is not None:
                self.stop_for_io_error(error)
            return failure is not None
