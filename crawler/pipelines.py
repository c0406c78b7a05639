"""Item pipeline: record each reply page's decision, make its document, then commit.

For every ``ReplyPage`` the spider routes here, in this order:

1. the decision record (``corpus.decision``) goes into the WARC, through the writer
   the capture middleware uses, whether or not cleaning will succeed;
2. the document is made by the one maker (``corpus.maker``) from the record that
   holds the page's payload, in a cleaning worker process (``crawler.cleanpool``), so
   the reactor never waits on the cleaner; its pair is written (``corpus.layout``) in
   a thread;
3. only then is the text's digest and version committed to the crawl state,
4. and the outcome (new, changed, unchanged, or failed with its reason) recorded in the
   run's ledger (``crawler.outcomes``). A write error (a full disk) stops the crawl.

The item handed on (to feed exports: ``-O items.jsonl``) is the document,
``crawler.items.document_item``; a page no document could be made of is dropped
(``DropItem``, after its failure was logged and counted).

A crawl killed between any two steps leaves nothing the next run cannot repair.

Each page is held to the budget the re-clean applies (``corpus.budget``: size, time,
memory): a page over it is archived, counted failed with its reason, and the crawl
goes on. At most ``GOVREPLY_CLEAN_WORKERS + GOVREPLY_CLEAN_QUEUE`` pages are handed to
the pool at once; the next one waits in this pipeline, which holds its response in
Scrapy's scraper, so Scrapy stops downloading once ``SCRAPER_SLOT_MAX_ACTIVE_SIZE``
bytes of responses wait: memory stays bounded.

With ``GOVREPLY_CLEAN = False`` (archive-only) only step 1 runs: the documents are
``scrapy reclean``'s to make, from the decision records.
"""

from __future__ import annotations

import hashlib
import logging
import sqlite3

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem, NotConfigured
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet import defer, reactor, threads
from twisted.python.threadpool import ThreadPool

from archive.files import ArchiveWriteError
from archive.location import RecordLocation
from archive.records import now_iso
from corpus.cleanworker import CleanJob
from corpus.decision import AttachmentDecision, Decision, build_decision_record
from corpus.layout import DocumentPaths, OutputLayout
from corpus.maker import AttachmentPayload, CannotMake, Document, Page
from corpus.payloads import read_at
from crawler.cleanpool import CleanPool, budget_from, default_workers
from crawler.failures import Outcome, write_error
from crawler.incremental import layout_for, state_for
from crawler.items import FetchedAttachment, ReplyPage, document_item
from crawler.outcomes import ledger_for
from crawler.pairwriter import PairWriter
from crawler.state import ChangeKind
from crawler.warcwriter import CrawlWarcWriter

__all__ = ["CleanDocumentPipeline", "decision_of", "write_pair"]

logger = logging.getLogger(__name__)
STATS_PREFIX = "govreply/documents"


def decision_of(item: ReplyPage) -> Decision:
    """What the crawl decided about the page: portal, hints, records, attachments."""
    portal = item.portal
    capture = item.capture or RecordLocation("", 0, target_uri=item.final_url)
    return Decision(
        document_url=item.url, portal=portal.name, hints=item.hints or portal.hints(),
        platform=item.platform, page=capture,
        payload=item.payload or capture, adhoc=portal.adhoc,
        section_prefix=portal.section_prefix, link_selector=portal.link_selector,
        charset=item.charset[0], charset_source=item.charset[1],
        attachments=tuple(AttachmentDecision(a.url, a.link_url, a.payload, a.status, a.error)
                          for a in item.attachments))


def write_pair(paths: DocumentPaths, document: Document, digest: str, change: ChangeKind,
               version: int) -> tuple[tuple[int, bool], DocumentPaths | None]:
    """Write the pair (unsynced: ``PairWriter`` syncs it) unless it holds this text
    already; ((the version kept, written), the pair to sync)."""
    on_disk = paths.complete()
    if on_disk is not None and on_disk.get("text_sha1") == digest:
        # the pair holds this text already (unchanged, or written by a run killed before
        # it committed): keep it, and its version
        return (on_disk.get("version", version), False), paths
    if on_disk is not None and change == ChangeKind.CHANGED:
        paths.keep_as_version(on_disk.get("version", version - 1))
    paths.write(document.text, document.with_version(version).sidecar, sync=False)
    return (version, True), paths


def _validators(item: ReplyPage) -> dict[str, str | None]:
    """The ETag / Last-Modified of the page's answer (stored once its text is)."""
    headers = {name.lower(): value for name, value in item.headers}
    return {"etag": headers.get("etag"), "last_modified": headers.get("last-modified")}


class CleanDocumentPipeline:
    """Decision record, document pair, state: for each ``ReplyPage``."""

    def __init__(self, crawler: Crawler, layout: OutputLayout, warc: CrawlWarcWriter | None):
        self.crawler = crawler
        self.stats = crawler.stats
        self.layout = layout
        self.warc = warc
        settings = crawler.settings
        self.clean = settings.getbool("GOVREPLY_CLEAN", True)
        self.budget = budget_from(settings)
        workers = settings.getint("GOVREPLY_CLEAN_WORKERS", 0) or default_workers()
        queued = settings.getint("GOVREPLY_CLEAN_QUEUE", 0) or workers
        self.pool = CleanPool(workers, self.budget,
                              settings.get("GOVREPLY_CLEANER", "cleaners:clean_page"))
        self._threads = ThreadPool(minthreads=0, maxthreads=workers, name="govreply-clean")
        self._writer = PairWriter()
        self._slots = defer.DeferredSemaphore(workers + queued)
        self._waiting = 0
        if self.clean:  # now: their imports overlap Scrapy's own start
            self.pool.start()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CleanDocumentPipeline:
        try:
            warc = CrawlWarcWriter.from_crawler(crawler)
        except NotConfigured:
            warc = None  # no WARC, no decision records: documents are still written
        return cls(crawler, layout_for(crawler), warc)

    async def open_spider(self) -> None:
        if self.clean:
            self._threads.start()
            # a forced stop (the watchdog) skips close_spider: the threads end anyway
            reactor.addSystemEventTrigger("during", "shutdown", self._stop_threads)
            self._writer.start()
            self.stats.set_value("govreply/clean/workers", self.pool.workers)
        else:
            logger.info("archive-only crawl (GOVREPLY_CLEAN=False): decision records are "
                        "written, documents are left to `scrapy reclean`")

    async def close_spider(self) -> None:
        if not self.clean:
            return
        try:
            await maybe_deferred_to_future(threads.deferToThread(self.pool.close))
        finally:
            self._stop_threads()
            await maybe_deferred_to_future(threads.deferToThread(self._writer.stop))
        self.stats.set_value("govreply/documents/sync_groups", self._writer.groups)

    def _stop_threads(self) -> None:
        if self._threads.started:
            self._threads.stop()

    async def process_item(self, item):
        if not isinstance(item, ReplyPage):
            return item
        decision = decision_of(item)
        self._record_decision(item, decision)
        if not self.clean:
            self.stats.inc_value(f"{STATS_PREFIX}/left_to_reclean")
            ledger_for(self.crawler).record(
                item.link_url or item.url, Outcome.FETCHED, role="reply",
                portal=item.portal.name, status=item.status,
                reason="archived; the document is left to `scrapy reclean`")
            raise DropItem(f"archive-only: {item.url} is left to `scrapy reclean`",
                           log_level="DEBUG")
        stopping = ledger_for(self.crawler).io_error
        if stopping is not None:  # the crawl is stopping: no output can be written
            raise self._failed(item, "write-error", f"not stored, the crawl stops: {stopping}")
        refusal = self.budget.refusal(len(item.body))
        if refusal is not None:
            raise self._failed(item, "too-large", refusal)
        job = CleanJob(self._page(item), decision,
                       [self._attachment(a) for a in item.attachments])
        answer = await self._cleaned(job)
        if answer is None:  # the crawl began to stop while this page waited for a slot
            raise self._failed(item, "write-error", "not stored, the crawl stops: "
                               f"{ledger_for(self.crawler).io_error}")
        if answer.document is None:
            raise self._failed(item, answer.reason or "cleaner-error", answer.detail)
        try:
            version = await self._store(item, answer.document)
        except (OSError, sqlite3.Error) as exc:  # a full disk: the crawl stops
            error = write_error(exc, self.layout.root)
            if error is None:
                raise
            ledger_for(self.crawler).stop_for_io_error(error)
            raise self._failed(item, "write-error", error) from exc
        return document_item(answer.document.text,
                             answer.document.with_version(version).sidecar)

    # -- the steps --------------------------------------------------------------------------
    def _record_decision(self, item: ReplyPage, decision: Decision) -> None:
        """Write the decision record (when the page was archived); on a write error, the
        ``DropItem`` (no document either)."""
        if self.warc is None or item.capture is None:
            return
        try:
            self.warc.write_record(build_decision_record(decision))
        except ArchiveWriteError as error:  # a full disk: no document either
            ledger_for(self.crawler).stop_for_io_error(error)
            raise self._failed(item, "archive-error", error) from error
        self.stats.inc_value("govreply/decisions/written")
        state = state_for(self.crawler)
        key = item.link_url or item.url
        if state is not None and state.known(key):
            try:
                state.commit_decision(key)
            except (OSError, sqlite3.Error) as exc:  # a full disk: the crawl stops
                error = write_error(exc, self.layout.root)
                if error is None:
                    raise
                ledger_for(self.crawler).stop_for_io_error(error)
                raise self._failed(item, "write-error", error) from exc

    async def _cleaned(self, job: CleanJob):
        """The pool's answer; waits for a free slot first (the back-pressure). None when
        the crawl is stopping on a write error by then."""
        self._waiting += 1
        self.stats.max_value("govreply/clean/waiting_max", self._waiting)
        try:
            await maybe_deferred_to_future(self._slots.acquire())
        finally:
            self._waiting -= 1
        if ledger_for(self.crawler).io_error is not None:
            self._slots.release()
            return None
        try:
            answer = await maybe_deferred_to_future(
                threads.deferToThreadPool(reactor, self._threads, self.pool.clean, job))
        finally:
            self._slots.release()
        self.stats.inc_value("govreply/clean/pages")
        self.stats.inc_value("govreply/clean/seconds", answer.seconds)
        return answer

    async def _store(self, item: ReplyPage, document: Document) -> int:
        """The pair (written and synced by the writer thread), then the state; the
        version the pair holds."""
        digest = hashlib.sha1(document.text.encode("utf-8")).hexdigest()
        state = state_for(self.crawler)
        change, version = ChangeKind.NEW, 1
        known = state is not None and state.known(item.url)
        if known:
            change, version = state.text_change(item.url, digest)
        paths = self.layout.document(item.url)
        version, written = await maybe_deferred_to_future(self._writer.submit(
            lambda: write_pair(paths, document, digest, change, version)))
        if written:
            self.stats.inc_value(f"{STATS_PREFIX}/written")
            logger.debug("document %s <- %s", paths.text, item.final_url)
        if known:
            state.commit_text(item.url, digest, version, **_validators(item))
        truncated = document.sidecar.get("truncated")
        if truncated:
            self.stats.inc_value(f"{STATS_PREFIX}/truncated/{item.portal.name}")
        ledger_for(self.crawler).record(
            item.link_url or item.url, Outcome(str(change)), role="reply",
            portal=item.portal.name, status=item.status,
            reason=f"body truncated ({truncated})" if truncated else "")
        return version

    def _failed(self, item: ReplyPage, reason: str, error: BaseException | str) -> DropItem:
        """Count and log the failure; the ``DropItem`` to raise (no document to hand on)."""
        self.stats.inc_value(f"{STATS_PREFIX}/failed")
        self.stats.inc_value(f"{STATS_PREFIX}/failed/{reason}")
        ledger_for(self.crawler).record(
            item.link_url or item.url, Outcome.FAILED, role="reply", portal=item.portal.name,
            reason=f"no document ({reason}): {error}", status=item.status)
        logger.error("no document for %s (%s): %s", item.final_url, reason, error)
        return DropItem(f"no document for {item.final_url} ({reason})", log_level="DEBUG")

    # -- the page and its attachments, as the maker takes them ---------------------------
    def _page(self, item: ReplyPage) -> Page:
        """The record holding the page's payload: this fetch, or a revisit's original (the
        fetched body, identical to it, when the original cannot be read)."""
        fetched = Page(item.final_url, item.status, tuple(item.headers), item.body,
                       item.capture or RecordLocation("", 0, date=now_iso(),  # WARC off
                                                      target_uri=item.final_url),
                       item.truncated)
        if item.capture is None or item.capture.record_type != "revisit":
            return fetched
        try:
            if item.payload is None:
                raise CannotMake("unresolved-revisit", "the state names no original")
            return Page.from_record(read_at(item.payload, self.layout.warc_path))
        except CannotMake as exc:
            logger.warning("original of the revisit of %s unreadable (%s): the document "
                           "cites the revisit", item.final_url, exc)
            self.stats.inc_value(f"{STATS_PREFIX}/unresolved_revisits")
            return fetched

    def _attachment(self, attachment: FetchedAttachment) -> AttachmentPayload:
        """The attachment's payload: this fetch, or (a revisit, a 304) the archived one."""
        revisit = attachment.capture is not None and attachment.capture.record_type == "revisit"
        if attachment.payload is not None and (revisit or attachment.status == 304):
            try:
                record = read_at(attachment.payload, self.layout.warc_path)
            except CannotMake as exc:
                logger.warning("archived copy of %s unreadable: %s", attachment.url, exc)
                return AttachmentPayload(attachment.url, attachment.status,
                                         error=f"archived copy unreadable: {exc}")
            self.stats.inc_value(f"{STATS_PREFIX}/attachments_from_archive")
            return AttachmentPayload.from_record(attachment.url, record)
        return AttachmentPayload(attachment.url, attachment.status, attachment.body,
                                 attachment.content_type, attachment.capture,
                                 attachment.truncated, attachment.error)
