"""The routing every govreply spider shares: list pages -> reply pages -> attachments.

Parsing lives in ``corpus.discovery`` (the same functions the re-clean routes
foreign WARCs with), on the text ``archive.charset.decode_html`` makes of the body
(the same decoding the cleaners and the re-clean use); a spider only decides which
request goes where. A section's CMS family is settled on its start page
(``corpus.sections.resolve_section``: ``-a platform=NAME``, the registry's
``platform``, or detection) and carried to every later list page (API pages in
JSON or XML included), reply and attachment of it; the stats name it.
With ``-a base_url=`` the portal's pages are fetched from another origin (a local
mirror, a test server) while documents keep the portal's own URLs
(``corpus.urls.Mirror``), so the names of the documents do not depend on where the
pages were fetched from.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy.http import Response

from archive.charset import DecodedText, decode_html
from corpus import discovery
from corpus.registry import Portal
from corpus.sections import Section, given_section, resolve_section
from corpus.urls import Mirror
from crawler.cleanpool import budget_from
from crawler.incremental import (
    PORTAL_KEY,
    ROLE_KEY,
    URL_KEY,
    settled,
    state_for,
    unsettled_replies,
)
from crawler.items import FetchedAttachment, ReplyPage
from crawler.warc import PAYLOAD_META_KEY, WARC_META_KEY, header_pairs, truncation

__all__ = ["ReplySpider"]

PORTAL_META_KEY = "govreply_portal"
SECTION_META_KEY = "govreply_section"


def page_text(response: Response) -> DecodedText:
    """The body as text, decoded as everything else in govreply decodes it."""
    return decode_html(response.body, response.headers.get("Content-Type"))


def _locations(response: Response):
    """The record of this fetch, and the record that holds its payload."""
    capture = response.meta.get(WARC_META_KEY)
    if capture is None or capture.record_type == "response":
        return capture, capture
    return capture, response.meta.get(PAYLOAD_META_KEY)


class ReplySpider(scrapy.Spider):
    """Base spider over one or more registry entries (``self.portals``)."""

    portals: tuple[Portal, ...] = ()

    def __init__(self, *args: Any, base_url: str | None = None, platform: str | None = None,
                 **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.base_url = base_url.rstrip("/") if base_url else None
        if platform and platform not in discovery.platform_names():
            raise ValueError(f"unknown platform {platform!r}; known: "
                             f"{', '.join(discovery.platform_names())}")
        self.platform = platform or None

    def setup_portals(self, portals: Iterable[Portal]) -> None:
        """Crawl these entries; fetch hosts become the allowed domains."""
        self.portals = tuple(p for p in portals if p.start_urls)
        if not self.portals:
            raise ValueError("no portal with start URLs to crawl")
        fetch_hosts = {urlsplit(self.mirror(p).fetch_url(u)).hostname or ""
                       for p in self.portals for u in p.start_urls}
        if not self.base_url:
            fetch_hosts |= {h.split(":")[0] for p in self.portals for h in p.allowed_hosts}
        self.allowed_domains = sorted(fetch_hosts)

    @property
    def run_key(self) -> str:
        """What runs are compared by: this spider over this set of portals."""
        return f"{self.name}:" + ",".join(sorted(p.name for p in self.portals))

    def mirror(self, portal: Portal) -> Mirror:
        """Where the portal's pages are fetched from (itself unless ``base_url``)."""
        return Mirror(self.base_url, portal.start_urls[0])

    # -- routing --------------------------------------------------------------------
    async def start(self):
        for portal in self.portals:
            for url in portal.start_urls:
                yield scrapy.Request(self.mirror(portal).fetch_url(url), callback=self.parse_list,
                                     meta=self._list_meta(portal, url))
        for portal in self.portals:  # documents an earlier run did not finish writing
            section = self.known_section(portal)
            for url in unsettled_replies(self.crawler, portal.name):
                yield scrapy.Request(self.mirror(portal).fetch_url(url), callback=self.parse_reply,
                                     meta={**self._reply_meta(portal, url),
                                           SECTION_META_KEY: section})

    def parse_list(self, response: Response) -> Iterator[scrapy.Request]:
        """Route a list page: reply pages to ``parse_reply``, further list pages here."""
        portal: Portal = response.meta[PORTAL_META_KEY]
        mirror = self.mirror(portal)
        html = page_text(response)
        section = response.meta.get(SECTION_META_KEY) or self.settle_section(
            portal, html, mirror.portal_url(response.url))
        own_hosts = portal.allowed_hosts if self.base_url else ()
        links = discovery.find_reply_links(
            html, response.url, section_prefix=section.portal.section_prefix,
            link_selector=portal.link_selector, platform=section.platform, hosts=own_hosts,
        )
        self.crawler.stats.inc_value(f"govreply/lists/{portal.name}/reply_links", len(links))
        state = state_for(self.crawler)
        addresses = [mirror.follow(link.url, own_hosts) for link in links]
        portal_urls = [portal_url for _, portal_url in addresses]
        all_known = bool(links) and state is not None and all(
            settled(self.crawler, url) for url in portal_urls)
        if state is not None:
            state.record_list_page(mirror.portal_url(response.url), portal=portal.name,
                                   reply_links=len(links))
        for fetch_url, url in addresses:
            yield response.follow(fetch_url, callback=self.parse_reply,
                                  meta={**self._reply_meta(portal, url),
                                        SECTION_META_KEY: section})
        if all_known and self.stop_at_known_page():
            self.logger.info("%s: every item of %s is known; not paging further",
                             portal.name, response.url)
            return
        for page_url in discovery.find_pagination(html, response.url, platform=section.platform):
            fetch_url, url = mirror.follow(page_url, own_hosts)
            yield response.follow(fetch_url, callback=self.parse_list,
                                  meta={**self._list_meta(portal, url), SECTION_META_KEY: section})

    def known_section(self, portal: Portal) -> Section | None:
        """The section as known before its start page is read: its family named by the
        crawl or the registry, else the one the previous run of these portals used."""
        if self.platform or portal.platform:
            return given_section(portal, self.platform or portal.platform,
                                 "argument" if self.platform else "registry")
        state = state_for(self.crawler)
        previous = state.previous_run(self.run_key) if state is not None else None
        used = previous.stats.get(f"govreply/platform/{portal.name}") if previous else None
        return given_section(portal, used, "previous run") if isinstance(used, str) else None

    def settle_section(self, portal: Portal, html: str, url: str) -> Section:
        """The section's family, from its start page; named in the stats and the log."""
        section = resolve_section(portal, html, url, self.platform)
        stats = self.crawler.stats
        if stats.get_value(f"govreply/platform/{portal.name}") is None:
            stats.set_value(f"govreply/platform/{portal.name}", section.platform)
            stats.set_value(f"govreply/platform_source/{portal.name}", section.source)
            stats.set_value(f"govreply/platform_evidence/{portal.name}", section.evidence)
        self.logger.info("%s: platform %s (%s: %s)", portal.name, section.platform,
                         section.source, section.evidence)
        return section

    @staticmethod
    def _list_meta(portal: Portal, url: str) -> dict[str, Any]:
        return {PORTAL_META_KEY: portal, ROLE_KEY: "list", URL_KEY: url,
                PORTAL_KEY: portal.name}

    @staticmethod
    def _reply_meta(portal: Portal, url: str) -> dict[str, Any]:
        return {PORTAL_META_KEY: portal, ROLE_KEY: "reply", URL_KEY: url,
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
        portal: Portal = response.meta[PORTAL_META_KEY]
        section: Section | None = response.meta.get(SECTION_META_KEY)
        text = page_text(response)
        capture, payload = _locations(response)
        item = ReplyPage(
            url=self.mirror(portal).portal_url(response.url),
            final_url=response.url,
            portal=portal,
            status=response.status,
            headers=header_pairs(response.headers),
            body=response.body,
            capture=capture,
            payload=payload,
            charset=(text.encoding, text.source),
            hints=section.hints() if section else None,
            platform=section.platform if section else "",
        )
        own_hosts = portal.allowed_hosts if self.base_url else ()
        links = []  # a page over the cleaning budget is archived, not cleaned: no attachments
        if budget_from(self.crawler.settings).refusal(len(response.body)) is None:
            links = [self.mirror(portal).follow(a.url, own_hosts)[0]
                     for a in discovery.find_attachment_links(text, response.url,
                                                              hosts=own_hosts)]
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
            meta={ROLE_KEY: "attachment", URL_KEY: self.mirror(portal).portal_url(url),
                  PORTAL_KEY: portal.name},
            dont_filter=True,
        )

    def parse_attachment(self, response: Response, item: ReplyPage, portal: Portal,
                         pending: list[str]) -> Iterable[Any]:
        content_type = response.headers.get("Content-Type")
        capture, payload = _locations(response)
        item.attachments.append(FetchedAttachment(
            url=self.mirror(portal).portal_url(response.url),
            link_url=response.meta.get(URL_KEY, response.url),
            status=response.status,
            body=response.body,
            content_type=content_type.decode("latin-1") if content_type else None,
            capture=capture,
            payload=payload,
            truncated=truncation(response) is not None,
        ))
        yield from self._next_attachment(item, portal, pending)

    def attachment_failed(self, failure) -> Iterable[Any]:
        request = failure.request
        kwargs = request.cb_kwargs
        response = getattr(failure.value, "response", None)
        self.logger.warning("attachment %s failed: %s", request.url, failure.value)
        self.crawler.stats.inc_value("govreply/attachments/failed")
        capture, payload = _locations(response) if response is not None else (None, None)
        kwargs["item"].attachments.append(FetchedAttachment(
            url=self.mirror(kwargs["portal"]).portal_url(request.url),
            link_url=request.meta.get(URL_KEY, request.url),
            status=response.status if response is not None else None,
            capture=capture, payload=payload, error=str(failure.value),
        ))
        yield from self._next_attachment(kwargs["item"], kwargs["portal"], kwargs["pending"])
