"""Item pipeline: clean each reply page and write its FORMAT.md document."""

from __future__ import annotations

import dataclasses
import hashlib
import logging
from pathlib import Path

from scrapy import Spider
from scrapy.crawler import Crawler

from archive.reader import read_record_at
from archive.writer import OPEN_SUFFIX
from cleaners import clean_page
from cleaners.attachments import extract_attachment_text
from crawler.documents import (
    assemble_sidecar,
    document_paths,
    keep_previous_version,
    write_document,
)
from crawler.incremental import state_for
from crawler.items import FetchedAttachment, ReplyPage
from crawler.state import ChangeKind

__all__ = ["CleanDocumentPipeline"]

logger = logging.getLogger(__name__)
STATS_PREFIX = "govreply/documents"


class CleanDocumentPipeline:
    """Runs the cleaners' one entry point on each ``ReplyPage`` and writes the result."""

    def __init__(self, crawler: Crawler, text_dir: Path, warc_dir: Path | None = None):
        self.crawler = crawler
        self.stats = crawler.stats
        self.text_dir = text_dir
        self.warc_dir = warc_dir if warc_dir is not None else text_dir.parent / "warc"
        self.written: list[Path] = []

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CleanDocumentPipeline:
        output = Path(crawler.settings.get("GOVREPLY_OUTPUT_DIR", "output"))
        return cls(crawler, output / "text", output / "warc")

    def process_item(self, item, spider: Spider | None = None):
        if not isinstance(item, ReplyPage):
            return item
        # one that could not be fetched is left out, as ``scrapy reclean`` leaves it out
        fetched = [self._resolve_attachment(a) for a in item.attachments]
        attachments = [
            extract_attachment_text(a.body, a.url, a.content_type)
            for a in fetched
            if a.error is None
        ]
        try:
            document = clean_page(item.body, item.url, item.headers, portal=item.hints,
                                  attachments=attachments)
        except Exception:
            self.stats.inc_value(f"{STATS_PREFIX}/failed")
            logger.exception("cleaning failed for %s", item.final_url)
            return item
        portal_name = item.hints.name if item.hints and item.hints.name else item.portal
        change, version = self._record_change(item.url, document.text)
        self.stats.inc_value(f"govreply/items/{portal_name}/{change}")
        paths = document_paths(self.text_dir, item.portal, item.url)
        if change == ChangeKind.UNCHANGED and paths.exists():
            return item
        if change == ChangeKind.CHANGED and version > 1:
            keep_previous_version(paths, version - 1)
        sidecar = assemble_sidecar(
            document.sidecar,
            url=item.url,
            final_url=item.final_url,
            portal=item.portal,
            fetched_at=item.fetched_at,
            warc=item.warc,
            attachment_warcs={a.url: a.warc for a in fetched},
        )
        sidecar["version"] = version
        paths = write_document(self.text_dir, item.portal, item.url, document.text, sidecar)
        self.written.append(paths.text)
        self.stats.inc_value(f"{STATS_PREFIX}/written")
        logger.debug("document %s <- %s", paths.text, item.final_url)
        return item

    def _resolve_attachment(self, attachment: FetchedAttachment) -> FetchedAttachment:
        """The attachment with a body: an unchanged one (answered 304) from the archive.

        A known attachment is requested conditionally; a 304 reaches the spider as a
        failed request, but its bytes are in the response record the state points to
        (``scrapy reclean`` reads the same record through the revisit).
        """
        if attachment.error is None:
            return attachment
        state = state_for(self.crawler)
        # the state is keyed by the linked address, a 304 may answer its redirect target
        known = state.get(attachment.link_url or attachment.url) if state is not None else None
        if (known is None or known.last_run != state.run_id  # not answered in this run
                or known.status != 304 or known.warc is None):
            return attachment
        path = self.warc_dir / known.warc.filename
        if not path.exists():
            path = path.with_name(path.name + OPEN_SUFFIX)
        try:
            record = read_record_at(path, known.warc.offset)
        except (OSError, ValueError) as exc:
            logger.warning("archived copy of %s unreadable: %s", attachment.url, exc)
            return attachment
        if record.record_type != "response" or record.status != 200 or record.truncated:
            return attachment
        self.stats.inc_value(f"{STATS_PREFIX}/attachments_from_archive")
        location = {**record.location(), "filename": known.warc.filename}  # not the .open name
        return dataclasses.replace(attachment, body=record.payload,
                                   content_type=record.header("Content-Type"),
                                   warc=location, error=None)

    def _record_change(self, url: str, text: str) -> tuple[ChangeKind, int]:
        """Is the cleaned text new, changed or unchanged since the last run; its version."""
        state = state_for(self.crawler)
        if state is None:
            return ChangeKind.NEW, 1
        try:
            change = state.record_text(url, hashlib.sha1(text.encode("utf-8")).hexdigest())
        except KeyError:  # fetched outside the incremental middleware
            return ChangeKind.NEW, 1
        record = state.get(url)
        return change, record.version if record else 1

