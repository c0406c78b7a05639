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

from crawler.documents import portal_of
from crawler.incremental import PORTAL_KEY, ROLE_KEY, URL_KEY, state_for
from crawler.items import FetchedAttachment, ReplyPage
from crawler.portals import Portal
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
    """Base spider over one or more registry entries (``self.portals``)."""

    portals: tuple[Portal, ...] = ()

    def __init__(self, *args: Any, base_url: str | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.base_url = base_url.rstrip("/") if base_url else None

    def setup_portals(self, portals: Iterable[Portal]) -> None:
        """Crawl these entries; fetch hosts become the allowed domains."""
        self.portals = tuple(p for p in portals if p.start_urls)
        if not self.portals:
            raise ValueError("no portal with start URLs to crawl")
        fetch_hosts = {urlsplit(self.fetch_url(u)).hostname or ""
                       for p in self.portals for u in p.start_urls}
        if not self.base_url:
            fetch_hosts |= {h.split(":")[0] for p in self.portals for h in p.allowed_hosts}
        self.allowed_domains = sorted(fetch_hosts)

    @property
    def run_key(self) -> str:
        """What runs are compared by: this spider over this set of portals."""
        return f"{self.name}:" + ",".join(sorted(p.name for p in self.portals))

    # -- URL mapping -------------------------------------------------------------
    def fetch_url(self, portal_url: str) -> str:
        """Where to fetch a portal URL from (the portal itself unless ``base_url``)."""
        return rebase_url(portal_url, self.base_url) if self.base_url else portal_url

    def portal_url(self, fetched_url: str, portal: Portal) -> str:
        """The portal's own address of a fetched URL."""
        if not self.base_url:
            return fetched_url
        return rebase_url(fetched_url, portal.start_urls[0])

    # -- routing --------------------------------------------------------------------
    async def start(self):
        for portal in self.portals:
            for url in portal.start_urls:
                yield scrapy.Request(self.fetch_url(url), callback=self.parse_list,
                                     meta=self._list_meta(portal, url))

    def parse_list(self, response: Response) -> Iterator[scrapy.Request]:
        """Route a list page: reply pages to ``parse_reply``, further list pages here."""
        portal: Portal = response.meta["govreply_portal"]
        html = response.text
        links = discovery.find_reply_links(
            html, response.url, section_prefix=portal.section_prefix,
            link_selector=portal.link_selector,
        )
        self.crawler.stats.inc_value(f"govreply/lists/{portal.name}/reply_links", len(links))
        state = state_for(self.crawler)
        portal_urls = [self.portal_url(link.url, portal) for link in links]
        all_known = bool(links) and state is not None and all(map(state.known, portal_urls))
        if state is not None:
            state.record_list_page(self.portal_url(response.url, portal), portal=portal.name,
                                   reply_links=len(links))
        for link, url in zip(links, portal_urls, strict=True):
            yield response.follow(link.url, callback=self.parse_reply, meta={
                "govreply_portal": portal, ROLE_KEY: "reply", URL_KEY: url,
                PORTAL_KEY: portal.name})
        if all_known and self.stop_at_known_page():
            self.logger.info("%s: every item of %s is known; not paging further",
                             portal.name, response.url)
            return
        for page_url in discovery.find_pagination(html, response.url):
            yield response.follow(page_url, callback=self.parse_list,
                                  meta=self._list_meta(portal, self.portal_url(page_url, portal)))

    @staticmethod
    def _list_meta(portal: Portal, url: str) -> dict[str, Any]:
        return {"govreply_portal": portal, ROLE_KEY: "list", URL_KEY: url,
                PORTAL_KEY: portal.name}

    def stop_at_known_page(self) -> bool:
        """Stop paging at a list page of known items: not in a full recrawl, and not
        after a run that did not finish (killed, or stopped to be resumed), whose later
        list pages may never have been fetched."""
        settings = self.crawler.settings
        if not settings.getbool("GOVREPLY_STOP_AT_KNOWN_PAGE", True) or settings.getbool(
                "GOVREPLY_FULL_RECRAWL", False):
            return False
        state = state_for(self.crawler)
        previous = state.previous_run(self.run_key) if state is not None else None
        return previous is None or previous.status == "finished"

    def parse_reply(self, response: Response) -> Iterator[Any]:
        """Fetch the reply's attachments one after another, then emit the page."""
        portal: Portal = response.meta["govreply_portal"]
        url = self.portal_url(response.url, portal)
        item = ReplyPage(
            url=url,
            final_url=response.url,
            portal=portal_of(url),
            body=response.body,
            headers=_headers(response),
            fetched_at=datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
            warc=response.meta.get(WARC_META_KEY),
            hints=portal.hints(),
        )
        links = [a.url for a in discovery.find_attachment_links(response.text, response.url)]
        yield from self._next_attachment(item, portal, links)

    def _next_attachment(self, item: ReplyPage, portal: Portal,
                         pending: list[str]) -> Iterable[Any]:
        if not pending:
            yield item
            return
        url, rest = pending[0], pending[1:]
        yield scrapy.Request(
            url,
            callback=self.parse_attachment,
            errback=self.attachment_failed,
            cb_kwargs={"item": item, "portal": portal, "pending": rest},
            meta={ROLE_KEY: "attachment", URL_KEY: self.portal_url(url, portal),
                  PORTAL_KEY: portal.name},
            dont_filter=True,
        )

    def parse_attachment(self, response: Response, item: ReplyPage, portal: Portal,
                         pending: list[str]) -> Iterable[Any]:
        content_type = response.headers.get("Content-Type")
        item.attachments.append(FetchedAttachment(
            url=self.portal_url(response.url, portal),
            body=response.body,
            content_type=content_type.decode("latin-1") if content_type else None,
            warc=response.meta.get(WARC_META_KEY),
            link_url=response.meta.get(URL_KEY),
        ))
        yield from self._next_attachment(item, portal, pending)

    def attachment_failed(self, failure) -> Iterable[Any]:
        request = failure.request
        kwargs = request.cb_kwargs
        self.logger.warning("attachment %s failed: %s", request.url, failure.value)
        self.crawler.stats.inc_value("govreply/attachments/failed")
        kwargs["item"].attachments.append(FetchedAttachment(
            url=self.portal_url(request.url, kwargs["portal"]), body=b"", content_type=None,
            error=str(failure.value), link_url=request.meta.get(URL_KEY),
        ))
        yield from self._next_attachment(kwargs["item"], kwargs["portal"], kwargs["pending"])
