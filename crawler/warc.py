"""Scrapy downloader middleware that writes every fetch to WARC, raw.

It sits at 950, between the download handler and HttpCompressionMiddleware
(590), so the body it stores still has its content-encoding; redirects and
retried responses pass through it too. Settings are read once in
``from_crawler``; ``GOVREPLY_WARC_ENABLED = False`` switches it off.
"""

from __future__ import annotations

import logging
import platform
from pathlib import Path

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured, StopDownload
from scrapy.http import Response

from archive import records
from archive.files import ArchiveWriteError
from archive.index import ensure_indexes
from archive.recovery import recover_open_files
from archive.writer import RotatingWarcWriter
from crawler import __version__

__all__ = ["WARC_META_KEY", "WarcCaptureMiddleware", "exchange_from_scrapy"]

logger = logging.getLogger(__name__)

WARC_META_KEY = "govreply_warc"  # request.meta: location of the response/revisit record
REVISIT_META_KEY = "govreply_refers_to"  # request.meta: the earlier capture (RefersTo)
STATS_PREFIX = "govreply/warc"

# Settings that shape a crawl, recorded in each file's warcinfo.
_WARCINFO_SETTINGS = (
    "USER_AGENT",
    "ROBOTSTXT_OBEY",
    "CONCURRENT_REQUESTS_PER_DOMAIN",
    "DOWNLOAD_DELAY",
    "AUTOTHROTTLE_ENABLED",
    "DOWNLOAD_TIMEOUT",
    "RETRY_TIMES",
    "GOVREPLY_MAX_RESPONSE_SIZE",
    "GOVREPLY_WARC_MAX_SIZE",
)


def _text(value: bytes | str) -> str:
    return value.decode("latin-1") if isinstance(value, bytes) else value


def _header_pairs(headers) -> list[tuple[str, str]]:
    pairs = []
    for name, values in headers.items():
        for value in values:
            pairs.append((_text(name), _text(value)))
    return pairs


def _truncation(response: Response) -> str | None:
    if "download_stopped" in response.flags:
        return "length"
    if "dataloss" in response.flags:
        return "disconnect"
    return None


def exchange_from_scrapy(request: Request, response: Response) -> records.HttpExchange:
    """The HTTP exchange as Scrapy saw it, body still content-encoded."""
    return records.HttpExchange(
        url=response.url,
        method=request.method,
        request_headers=_header_pairs(request.headers),
        request_body=request.body or b"",
        status=response.status,
        response_headers=_header_pairs(response.headers),
        body=response.body,
        protocol=response.protocol or "HTTP/1.1",
        ip_address=str(response.ip_address) if response.ip_address else None,
        truncated=_truncation(response),
    )


class WarcCaptureMiddleware:
    """Archive each request/response pair; 304s and known payloads become revisits."""

    def __init__(self, crawler: Crawler, warc_dir: Path, prefix: str, max_size: int,
                 max_response_size: int):
        self.crawler = crawler
        self.stats = crawler.stats
        self.warc_dir = warc_dir
        self.prefix = prefix
        self.max_size = max_size
        self.max_response_size = max_response_size
        self.writer: RotatingWarcWriter | None = None
        self._received: dict[int, int] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WarcCaptureMiddleware:
        settings = crawler.settings
        if not settings.getbool("GOVREPLY_WARC_ENABLED", True):
            raise NotConfigured("GOVREPLY_WARC_ENABLED is off")
        output = Path(settings.get("GOVREPLY_OUTPUT_DIR", "output"))
        middleware = cls(
            crawler,
            warc_dir=output / "warc",
            prefix=settings.get("GOVREPLY_WARC_PREFIX", "govreply"),
            max_size=settings.getint("GOVREPLY_WARC_MAX_SIZE", 1_000_000_000),
            max_response_size=settings.getint("GOVREPLY_MAX_RESPONSE_SIZE", 0),
        )
        crawler.signals.connect(middleware.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(middleware.spider_closed, signal=signals.spider_closed)
        if middleware.max_response_size:
            crawler.signals.connect(middleware.bytes_received, signal=signals.bytes_received)
        return middleware

    # -- lifecycle -----------------------------------------------------------------
    def _warcinfo(self, spider: Spider) -> dict[str, str]:
        settings = self.crawler.settings
        info = {
            "software": f"govreply/{__version__} (Scrapy, warcio)",
            "hostname": platform.node(),
            "operator": settings.get("GOVREPLY_CONTACT", ""),
            "isPartOf": settings.get("GOVREPLY_CRAWL_NAME") or spider.name,
            "robots": "obey" if settings.getbool("ROBOTSTXT_OBEY") else "ignore",
            "http-header-user-agent": settings.get("USER_AGENT", ""),
        }
        for name in _WARCINFO_SETTINGS:
            info[f"govreply-setting-{name}"] = str(settings.get(name))
        return info

    def spider_opened(self, spider: Spider) -> None:
        self.warc_dir.mkdir(parents=True, exist_ok=True)
        try:
            for recovered in recover_open_files(self.warc_dir):
                self.stats.inc_value(f"{STATS_PREFIX}/recovered_files")
                logger.warning("recovered unfinished WARC %s", recovered.path)
            for _ in ensure_indexes(self.warc_dir):  # a kill between rename and index
                self.stats.inc_value(f"{STATS_PREFIX}/indexed_at_start")
        except ArchiveWriteError as error:  # retried at the next start; the writer still runs
            self.stats.set_value(f"{STATS_PREFIX}/start_error", str(error))
            logger.error("%s", error)
        self.writer = RotatingWarcWriter(
            self.warc_dir,
            prefix=self.prefix,
            max_size=self.max_size,
            warcinfo=self._warcinfo(spider),
            on_finish=self._finished,
        )

    def spider_closed(self, spider: Spider) -> None:
        if self.writer is not None:
            self.writer.close()

    def _finished(self, path: Path) -> None:
        self.stats.inc_value(f"{STATS_PREFIX}/files")
        logger.info("WARC finished: %s", path)

    # -- size limit ------------------------------------------------------------------
    def bytes_received(self, data: bytes, request: Request, spider: Spider | None = None) -> None:
        key = id(request)
        total = self._received.get(key, 0) + len(data)
        self._received[key] = total
        if total > self.max_response_size:
            self._received.pop(key, None)
            raise StopDownload(fail=False)

    # -- capture ---------------------------------------------------------------------
    def process_response(self, request: Request, response: Response, spider: Spider | None = None):
        self._received.pop(id(request), None)
        if self.writer is None:  # pragma: no cover - spider_opened always runs first
            return response
        exchange = exchange_from_scrapy(request, response)
        refers_to: records.RefersTo | None = request.meta.get(REVISIT_META_KEY)
        if refers_to is not None and response.status == 304:
            location = self.writer.write_revisit(
                exchange, refers_to, records.PROFILE_SERVER_NOT_MODIFIED
            )
            self.stats.inc_value(f"{STATS_PREFIX}/revisits/server_not_modified")
        elif refers_to is not None and _same_payload(exchange, refers_to):
            location = self.writer.write_revisit(
                exchange, refers_to, records.PROFILE_IDENTICAL_PAYLOAD
            )
            self.stats.inc_value(f"{STATS_PREFIX}/revisits/identical_payload")
        else:
            location = self.writer.write_exchange(exchange)
            self.stats.inc_value(f"{STATS_PREFIX}/responses")
        if exchange.truncated:
            self.stats.inc_value(f"{STATS_PREFIX}/truncated/{exchange.truncated}")
        self.stats.inc_value(f"{STATS_PREFIX}/bytes", len(response.body))
        request.meta[WARC_META_KEY] = location.as_dict()
        return response


def _same_payload(exchange: records.HttpExchange, refers_to: records.RefersTo) -> bool:
    return (
        exchange.status == 200
        and not exchange.truncated
        and bool(refers_to.payload_digest)
        and records.payload_digest(exchange.body) == refers_to.payload_digest
    )
