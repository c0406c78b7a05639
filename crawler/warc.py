"""Scrapy downloader middleware that writes every fetch to WARC, raw.

It sits at 950, between the download handler and HttpCompressionMiddleware
(590), so the body it stores still has its content-encoding; redirects and
retried responses pass through it too. Settings are read once in
``from_crawler``; ``GOVREPLY_WARC_ENABLED = False`` switches it off.
"""

from __future__ import annotations

import logging

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import StopDownload
from scrapy.http import Response

from archive import records
from archive.files import ArchiveWriteError
from crawler.failures import WriteFailed
from crawler.warcwriter import STATS_PREFIX, CrawlWarcWriter

__all__ = ["PAYLOAD_META_KEY", "REVISIT_META_KEY", "WARC_META_KEY", "WarcCaptureMiddleware",
           "exchange_from_scrapy", "header_pairs", "truncation"]

logger = logging.getLogger(__name__)

WARC_META_KEY = "govreply_warc"  # request.meta: location of the response/revisit record
REVISIT_META_KEY = "govreply_refers_to"  # request.meta: the earlier capture (RefersTo)
PAYLOAD_META_KEY = "govreply_payload"  # request.meta: RecordLocation of that capture


def _text(value: bytes | str) -> str:
    return value.decode("latin-1") if isinstance(value, bytes) else value


def header_pairs(headers) -> list[tuple[str, str]]:
    pairs = []
    for name, values in headers.items():
        for value in values:
            pairs.append((_text(name), _text(value)))
    return pairs


def truncation(response: Response) -> str | None:
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
        request_headers=header_pairs(request.headers),
        request_body=request.body or b"",
        status=response.status,
        response_headers=header_pairs(response.headers),
        body=response.body,
        protocol=response.protocol or "HTTP/1.1",
        ip_address=str(response.ip_address) if response.ip_address else None,
        truncated=truncation(response),
    )


class WarcCaptureMiddleware:
    """Archive each request/response pair; 304s and known payloads become revisits."""

    def __init__(self, crawler: Crawler, warc: CrawlWarcWriter, max_response_size: int):
        self.crawler = crawler
        self.stats = crawler.stats
        self.warc = warc
        self.max_response_size = max_response_size
        self._received: dict[int, int] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WarcCaptureMiddleware:
        warc = CrawlWarcWriter.from_crawler(crawler)  # NotConfigured when WARC is off
        middleware = cls(crawler, warc,
                         max_response_size=crawler.settings.getint("GOVREPLY_MAX_RESPONSE_SIZE", 0))
        if middleware.max_response_size:
            crawler.signals.connect(middleware.bytes_received, signal=signals.bytes_received)
        return middleware

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
        writer = self.warc.writer
        if writer is None:  # pragma: no cover - spider_opened always runs first
            return response
        exchange = exchange_from_scrapy(request, response)
        try:
            location = self._write(writer, exchange, request.meta.get(REVISIT_META_KEY))
        except ArchiveWriteError as error:  # a full disk: stop the crawl, drop the answer
            from crawler.outcomes import ledger_for

            ledger_for(self.crawler).stop_for_io_error(error)
            raise WriteFailed(error) from None
        if exchange.truncated:
            self.stats.inc_value(f"{STATS_PREFIX}/truncated/{exchange.truncated}")
        self.stats.inc_value(f"{STATS_PREFIX}/bytes", len(response.body))
        request.meta[WARC_META_KEY] = location
        return response

    def _write(self, writer, exchange: records.HttpExchange,
               refers_to: records.RefersTo | None):
        """Write the exchange as a revisit (304, or the payload archived already) or as a
        response; where the record went."""
        if refers_to is not None and exchange.status == 304:
            location = writer.write_revisit(
                exchange, refers_to, records.PROFILE_SERVER_NOT_MODIFIED
            )
            self.stats.inc_value(f"{STATS_PREFIX}/revisits/server_not_modified")
        elif refers_to is not None and _same_payload(exchange, refers_to):
            location = writer.write_revisit(
                exchange, refers_to, records.PROFILE_IDENTICAL_PAYLOAD
            )
            self.stats.inc_value(f"{STATS_PREFIX}/revisits/identical_payload")
        else:
            location = writer.write_exchange(exchange)
            self.stats.inc_value(f"{STATS_PREFIX}/responses")
        return location


def _same_payload(exchange: records.HttpExchange, refers_to: records.RefersTo) -> bool:
    return (
        exchange.status == 200
        and not exchange.truncated
        and bool(refers_to.payload_digest)
        and records.payload_digest(exchange.body) == refers_to.payload_digest
    )
