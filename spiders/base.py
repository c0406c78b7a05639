"""The routing every govreply spider shares: list pages -> reply pages -> attachments.

Parsing lives in ``spiders.discovery`` (page objects tested against recorded
pages); a spider only decides which request goes where. With ``-a base_url=``
the portal's pages are fetched from another origin (a local mirror, a test
server) while documents keep the portal's own URLs, so the names of the
documents do not depend on where the pages were fetched from.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import scrapy
from scrapy.http import Response

from cleaners.document import PortalHints
from crawler.items import FetchedAttachment, ReplyPage
from crawler.warc import WARC_META_KEY
from spiders import discovery

__all__ = ["ReplySpider", "rebase_url"]


def rebase_url(url: str, base_url: str) -> str:
    """``url`` with the scheme and host of ``base_url`` (path and query kept)."""
    base = urlsplit(base_url)
    parts = urlsplit(url)
    return urlunsplit((base.scheme, base.netloc, parts.path, parts.query, ""))


def _headers(response: Response) -> dict[str, str]:
    return {
        key.decode("latin-1"): b", ".join(values).decode("latin-1")
        for key, values in response.headers.items()
    }


class ReplySpider(scrapy.Spider):
    """Base spider: subclasses set ``portal_start_urls`` and optionally ``hints``."""

    portal_start_urls: tuple[str, ...] = ()
    hints: PortalHints | None = None
    section_prefixes: tuple[str, ...] = ()

    def __init__(self, *args: Any, base_url: str | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.base_url = base_url.rstrip("/") if base_url else None
        self.start_urls = [self.fetch_url(u) for u in self.portal_start_urls]
        self.allowed_domains = sorted({urlsplit(u).hostname or "" for u in self.start_urls})

    # -- URL mapping -------------------------------------------------------------
    def fetch_url(self, portal_url: str) -> str:
        """Where to fetch a portal URL from (the portal itself unless ``base_url``)."""
        return rebase_url(portal_url, self.base_url) if self.base_url else portal_url

    def portal_url(self, fetched_url: str) -> str:
        """The portal's own address of a fetched URL."""
        if not self.base_url or not self.portal_start_urls:
            return fetched_url
        return rebase_url(fetched_url, self.portal_start_urls[0])

    def portal_name(self, fetched_url: str) -> str:
        return (urlsplit(self.portal_url(fetched_url)).hostname or "unknown").lower()

    # -- routing --------------------------------------------------------------------
    async def start(self):
        for url in self.start_urls:
            yield scrapy.Request(url, callback=self.parse_list)

    def section_prefix_for(self, list_url: str) -> str:
        """Reply links must lie under the list page's folder."""
        path = urlsplit(list_url).path
        return path if path.endswith("/") else path.rsplit("/", 1)[0] + "/"

    def parse_list(self, response: Response) -> Iterator[scrapy.Request]:
        """Route a list page: reply pages to ``parse_reply``, further list pages here."""
        html = response.text
        prefix = response.meta.get("section_prefix") or self.section_prefix_for(response.url)
        for link in discovery.find_reply_links(html, response.url, section_prefix=prefix):
            yield response.follow(link.url, callback=self.parse_reply,
                                  meta={"list_url": response.url})
        for page_url in discovery.find_pagination(html, response.url):
            yield response.follow(page_url, callback=self.parse_list,
                                  meta={"section_prefix": prefix})

    def parse_reply(self, response: Response) -> Iterator[Any]:
        """Fetch the reply's attachments one after another, then emit the page."""
        item = ReplyPage(
            url=self.portal_url(response.url),
            final_url=response.url,
            portal=self.portal_name(response.url),
            body=response.body,
            headers=_headers(response),
            fetched_at=datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
            warc=response.meta.get(WARC_META_KEY),
            hints=self.hints,
        )
        links = [a.url for a in discovery.find_attachment_links(response.text, response.url)]
        yield from self._next_attachment(item, links)

    def _next_attachment(self, item: ReplyPage, pending: list[str]) -> Iterable[Any]:
        if not pending:
            yield item
            return
        url, rest = pending[0], pending[1:]
        yield scrapy.Request(
            url,
            callback=self.parse_attachment,
            errback=self.attachment_failed,
            cb_kwargs={"item": item, "pending": rest},
            dont_filter=True,
        )

    def parse_attachment(self, response: Response, item: ReplyPage,
                         pending: list[str]) -> Iterable[Any]:
        content_type = response.headers.get("Content-Type")
        item.attachments.append(FetchedAttachment(
            url=self.portal_url(response.url),
            body=response.body,
            content_type=content_type.decode("latin-1") if content_type else None,
            warc=response.meta.get(WARC_META_KEY),
            error=None if response.status == 200 else f"HTTP {response.status}",
        ))
        yield from self._next_attachment(item, pending)

    def attachment_failed(self, failure) -> Iterable[Any]:
        request = failure.request
        item: ReplyPage = request.cb_kwargs["item"]
        self.logger.warning("attachment %s failed: %s", request.url, failure.value)
        self.crawler.stats.inc_value("govreply/attachments/failed")
        item.attachments.append(FetchedAttachment(
            url=self.portal_url(request.url), body=b"", content_type=None,
            error=str(failure.value),
        ))
        yield from self._next_attachment(item, request.cb_kwargs["pending"])
