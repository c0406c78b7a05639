"""Item pipeline: record each reply page's decision, make its document, then commit.

For every ``ReplyPage`` the spider routes here, in this order:

1. the decision record (``corpus.decision``) goes into the WARC, through the writer
   the capture middleware uses, whether or not cleaning will succeed;
2. the document is made by the one maker (``corpus.maker``) from the record that
   holds the page's payload, and its pair written (``corpus.layout``);
3. only then is the text's digest and version committed to the crawl state.

The item handed on (to feed exports: ``-O items.jsonl``) is the document,
``crawler.items.document_item``; a page no document could be made of is dropped
(``DropItem``, after its failure was logged and counted).

A crawl killed between any two steps leaves nothing the next run cannot repair.
"""

from __future__ import annotations

import hashlib
import logging

from scrapy import Spider
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem, NotConfigured

from archive.files import ArchiveWriteError
from archive.location import RecordLocation
from archive.records import now_iso
from cleaners import clean_page
from corpus.decision import AttachmentDecision, Decision, build_decision_record
from corpus.layout import OutputLayout
from corpus.maker import AttachmentPayload, CannotMake, Document, Page, make_document
from corpus.payloads import read_at
from crawler.incremental import layout_for, state_for
from crawler.items import FetchedAttachment, ReplyPage, document_item
from crawler.state import ChangeKind
from crawler.warcwriter import CrawlWarcWriter

__all__ = ["CleanDocumentPipeline", "decision_of"]

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


class CleanDocumentPipeline:
    """Decision record, document pair, state: for each ``ReplyPage``."""

    def __init__(self, crawler: Crawler, layout: OutputLayout, warc: CrawlWarcWriter | None):
        self.crawler = crawler
        self.stats = crawler.stats
        self.layout = layout
        self.warc = warc

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CleanDocumentPipeline:
        try:
            warc = CrawlWarcWriter.from_crawler(crawler)
        except NotConfigured:
            warc = None  # no WARC, no decision records: documents are still written
        return cls(crawler, layout_for(crawler), warc)

    def process_item(self, item, spider: Spider | None = None):
        if not isinstance(item, ReplyPage):
            return item
        decision = decision_of(item)
        if self.warc is not None and item.capture is not None:
            try:
                self.warc.write_record(build_decision_record(decision))
            except ArchiveWriteError as error:  # a full disk: no document either
                raise self._failed(item, "archive-error", error) from error
            self.stats.inc_value("govreply/decisions/written")
        try:
            document = make_document(self._page(item), decision,
                                     [self._attachment(a) for a in item.attachments],
                                     clean=clean_page)
        except Exception as exc:
            raise self._failed(item, exc.reason if isinstance(exc, CannotMake)
                               else "cleaner-error", exc) from exc
        self._store(item, document)
        return document_item(document.text, document.sidecar)

    def _failed(self, item: ReplyPage, reason: str, error: BaseException) -> DropItem:
        """Count and log the failure; the ``DropItem`` to raise (no document to hand on)."""
        self.stats.inc_value(f"{STATS_PREFIX}/failed")
        self.stats.inc_value(f"{STATS_PREFIX}/failed/{reason}")
        self.stats.inc_value(f"govreply/items/{item.portal.name}/failed")
        logger.error("no document for %s (%s): %s", item.final_url, reason, error)
        return DropItem(f"no document for {item.final_url} ({reason})", log_level="DEBUG")

    # -- the page and its attachments, as the maker takes them ---------------------------
    def _page(self, item: ReplyPage) -> Page:
        """The record holding the page's payload: this fetch, or a revisit's original (the
        fetched body, identical to it, when the original cannot be read)."""
        fetched = Page(item.final_url, item.status, tuple(item.headers), item.body,
                       item.capture or RecordLocation("", 0, date=now_iso(),  # WARC off
                                                      target_uri=item.final_url))
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

    # -- the pair, then the state ----------------------------------------------------------
    def _store(self, item: ReplyPage, document: Document) -> None:
        paths = self.layout.document(item.url)
        digest = hashlib.sha1(document.text.encode("utf-8")).hexdigest()
        state = state_for(self.crawler)
        change, version = ChangeKind.NEW, 1
        if state is not None and state.known(item.url):
            change, version = state.text_change(item.url, digest)
        self.stats.inc_value(f"govreply/items/{item.portal.name}/{change}")
        on_disk = paths.complete()
        if on_disk is not None and on_disk.get("text_sha1") == digest:
            # the pair holds this text already (unchanged, or written by a run killed
            # before it committed): keep it, and its version
            version = on_disk.get("version", version)
            document.with_version(version)
        else:
            if on_disk is not None and change == ChangeKind.CHANGED:
                paths.keep_as_version(on_disk.get("version", version - 1))
            paths.write(document.text, document.with_version(version).sidecar)
            self.stats.inc_value(f"{STATS_PREFIX}/written")
            logger.debug("document %s <- %s", paths.text, item.final_url)
        if state is not None and state.known(item.url):
            state.commit_text(item.url, digest, version)
