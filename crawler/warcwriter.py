"""The crawl's one WARC writer, shared by the capture middleware and the document pipeline.

``CrawlWarcWriter.from_crawler(crawler)`` builds it once per crawler (later calls get
the same object), reading the settings once; ``GOVREPLY_WARC_ENABLED = False``
raises ``NotConfigured``. When the spider opens, the ``.open`` files a killed crawl
left behind are recovered and a ``RotatingWarcWriter`` is started; when it closes,
the last file is finished. The capture middleware writes every exchange through it,
the pipeline each page's decision record, so both land in the same files. A write
error (a full disk) stops the writer: every later write raises ``ArchiveWriteError``.
"""

from __future__ import annotations

import logging
import platform
import weakref
from pathlib import Path

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from archive.files import ArchiveWriteError
from archive.index import ensure_indexes
from archive.location import RecordLocation
from archive.recovery import recover_open_files
from archive.writer import RotatingWarcWriter
from corpus.decision import WARCINFO_FIELD
from corpus.layout import OutputLayout
from corpus.portal_index import write_portal_index
from crawler import __version__
from crawler.useragent import sent_user_agent

__all__ = ["STATS_PREFIX", "CrawlWarcWriter"]

logger = logging.getLogger(__name__)
STATS_PREFIX = "govreply/warc"

# Settings that shape a crawl, recorded in each file's warcinfo.
_WARCINFO_SETTINGS = (
    "ROBOTSTXT_OBEY",
    "CONCURRENT_REQUESTS_PER_DOMAIN",
    "DOWNLOAD_DELAY",
    "AUTOTHROTTLE_ENABLED",
    "DOWNLOAD_TIMEOUT",
    "RETRY_TIMES",
    "GOVREPLY_MAX_RESPONSE_SIZE",
    "GOVREPLY_WARC_MAX_SIZE",
)
_WRITERS: weakref.WeakKeyDictionary[Crawler, CrawlWarcWriter] = weakref.WeakKeyDictionary()


class CrawlWarcWriter:
    """One rotating writer for the whole crawl."""

    def __init__(self, crawler: Crawler, warc_dir: Path, prefix: str, max_size: int):
        self.crawler = crawler
        self.stats = crawler.stats
        self.warc_dir = warc_dir
        self.prefix = prefix
        self.max_size = max_size
        self.writer: RotatingWarcWriter | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlWarcWriter:
        shared = _WRITERS.get(crawler)
        if shared is not None:
            return shared
        settings = crawler.settings
        if not settings.getbool("GOVREPLY_WARC_ENABLED", True):
            raise NotConfigured("GOVREPLY_WARC_ENABLED is off")
        shared = cls(crawler, OutputLayout(settings.get("GOVREPLY_OUTPUT_DIR", "output")).warc_dir,
                     prefix=settings.get("GOVREPLY_WARC_PREFIX", "govreply"),
                     max_size=settings.getint("GOVREPLY_WARC_MAX_SIZE", 1_000_000_000))
        crawler.signals.connect(shared.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(shared.spider_closed, signal=signals.spider_closed)
        _WRITERS[crawler] = shared
        return shared

    def _warcinfo(self, spider: Spider) -> dict[str, str]:
        settings = self.crawler.settings
        info = {
            "software": f"govreply/{__version__} (Scrapy, warcio)",
            "hostname": platform.node(),
            "operator": settings.get("GOVREPLY_CONTACT", ""),
            "isPartOf": settings.get("GOVREPLY_CRAWL_NAME") or spider.name,
            "robots": "obey" if settings.getbool("ROBOTSTXT_OBEY") else "ignore",
            "http-header-user-agent": self._user_agent(),
            WARCINFO_FIELD: "1",  # this crawl writes a decision record per document
        }
        for name in _WARCINFO_SETTINGS:
            info[f"govreply-setting-{name}"] = str(settings.get(name))
        return info

    def _user_agent(self) -> str:
        """The header the crawl sends (``{contact}`` filled in), as the middleware sends it."""
        try:
            return sent_user_agent(self.crawler.settings)
        except ValueError:  # an empty contact: the crawl is refused before it fetches
            return self.crawler.settings.get("USER_AGENT", "")

    def spider_opened(self, spider: Spider) -> None:
        self.warc_dir.mkdir(parents=True, exist_ok=True)
        try:
            for recovered in recover_open_files(self.warc_dir):
                self.stats.inc_value(f"{STATS_PREFIX}/recovered_files")
                logger.warning("recovered unfinished WARC %s", recovered.path)
                self._portal_index(recovered.path)
            for index in ensure_indexes(self.warc_dir):  # a kill between rename and index
                self.stats.inc_value(f"{STATS_PREFIX}/indexed_at_start")
                self._portal_index(self.warc_dir / (index.name[: -len(".cdxj")] + ".warc.gz"))
        except ArchiveWriteError as error:  # retried at the next start; the writer still runs
            self.stats.set_value(f"{STATS_PREFIX}/start_error", str(error))
            logger.error("%s", error)
        self.writer = RotatingWarcWriter(self.warc_dir, prefix=self.prefix,
                                         max_size=self.max_size, warcinfo=self._warcinfo(spider),
                                         on_finish=self._finished)

    def spider_closed(self, spider: Spider) -> None:
        if self.writer is not None:
            self.writer.close()

    def _finished(self, path: Path) -> None:
        self.stats.inc_value(f"{STATS_PREFIX}/files")
        logger.info("WARC finished: %s", path)
        self._portal_index(path)

    def _portal_index(self, path: Path) -> None:
        """The portal-URL index of a crawl from a mirror (``corpus.portal_index``)."""
        try:
            if write_portal_index(path) is not None:
                self.stats.inc_value(f"{STATS_PREFIX}/portal_indexes")
        except OSError as exc:  # the WARC and its own index are safe; only look-ups suffer
            logger.error("cannot write the portal-URL index of %s: %s", path, exc)

    def write_record(self, record) -> RecordLocation | None:
        """Write one record of its own (a decision's ``metadata`` record)."""
        if self.writer is None:  # pragma: no cover - spider_opened always runs first
            return None
        return self.writer.write_record(record)
