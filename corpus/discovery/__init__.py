"""Zero-config discovery on list and reply pages: reply links, pagination, attachments.

Pure functions over ``(text, page URL)``; no Scrapy, no network. The crawl's spiders
and the re-clean's routing of foreign WARCs call the same functions on the same text
(``archive.charset.decode_html``), so both find the same links:
``find_reply_links`` and ``find_pagination`` on list pages (HTML, or the JSON / XML a
list API answers), ``find_attachment_links`` on reply pages. A list page is read by
the rules of its CMS family (``families``: detected on the section's start page by
``detect_platform``, or named with ``platform=``); the generic rules serve every
page no family claims. ``article_html`` renders a reply page whose article is
embedded as data (gkmlpt ``DETAIL``) as HTML, for the cleaners and the attachments.
"""

from __future__ import annotations

from collections.abc import Collection

from archive.charset import decode_html
from cleaners.filetypes import ATTACHMENT_TYPES

from . import families
from .attachments import AttachmentLink
from .attachments import find_attachment_links as _attachment_links
from .families import GENERIC, Detection, Family, ListPage, UnknownPlatform
from .links import ReplyLink, chrome_links, is_reply_title, is_reply_url, keep_links, selected_links
from .pagination import announced_record_count

__all__ = [
    "ATTACHMENT_TYPES",
    "GENERIC",
    "AttachmentLink",
    "Detection",
    "Family",
    "ReplyLink",
    "UnknownPlatform",
    "announced_record_count",
    "article_html",
    "chrome_links",
    "detect_platform",
    "embedded_article",
    "find_attachment_links",
    "find_pagination",
    "find_reply_links",
    "is_reply_title",
    "is_reply_url",
    "platform_names",
]


def platform_names() -> list[str]:
    """Every family name ``platform=`` accepts, the generic rules last."""
    return families.names()


def detect_platform(html: str, url: str, platform: str | None = None) -> Detection:
    """The family of a section's start page: ``platform`` when given (``UnknownPlatform``
    for a name no family has), else the first family whose markers the page shows."""
    if platform:
        return Detection(families.named(platform), "given")
    return families.detect(ListPage(html, url))


def _family(page: ListPage, platform: str | None) -> Family:
    return families.named(platform) if platform else families.detect(page).family


def find_reply_links(
    html: str,
    url: str,
    *,
    section_prefix: str | None = None,
    link_selector: str | None = None,
    hosts: Collection[str] = (),
    exclude: Collection[str] = (),
    platform: str | None = None,
) -> list[ReplyLink]:
    """Links from a list page to reply pages, in page order, without duplicates.

    A link counts when its URL has a detail-page shape (``is_reply_url``) or its text reads
    like a reply title (``is_reply_title``) and it is not itself a list/index page; a
    family may narrow that to its list's own rows. Links in site chrome (header, footer,
    menus, breadcrumb, share and related-link boxes), ``javascript:`` links, links to other
    hosts (the page's host, ``www.`` ignored, plus ``hosts``), links outside
    ``section_prefix`` (a path prefix; None = any path) and the URLs in ``exclude`` (e.g.
    ``chrome_links`` of other pages) are dropped. Lists embedded in scripts and list pages
    that are JSON or XML are read too. With ``link_selector`` (CSS; anchors or their
    containers) only the selected anchors of an HTML page are taken and the chrome and
    shape tests are skipped. ``platform`` names the family (default: detected here).
    """
    page = ListPage(html or "", url)
    if link_selector and page.doc is not None:
        links = selected_links(page.doc, page.base, url, link_selector)
    else:
        links = _family(page, platform).reply_links(page)
    return keep_links(links, url, section_prefix=section_prefix, hosts=hosts, exclude=exclude)


def find_pagination(html: str, url: str, *, platform: str | None = None) -> list[str]:
    """Other pages of the list at ``url`` (API pages too), absolute, in discovery order,
    without ``url`` (see ``pagination.generic_next_pages`` for the generic rules)."""
    page = ListPage(html or "", url)
    return [p for p in dict.fromkeys(_family(page, platform).next_pages(page)) if p != url]


def article_html(html: str) -> str | None:
    """The page rebuilt as HTML when a family finds its article embedded as data."""
    for family in families.registered():
        if family.article is not None:
            rendered = family.article(html)
            if rendered is not None:
                return rendered
    return None


def embedded_article(body: bytes, content_type: str | None = None) -> bytes | None:
    """A reply page's embedded article as a UTF-8 HTML page (None: the page is its own
    HTML). Only pages holding a family's marker bytes are decoded and looked into."""
    for family in families.registered():
        if family.article is not None and family.article_marker in body:
            rendered = family.article(decode_html(body, content_type))
            if rendered is not None:
                return rendered.encode("utf-8")
    return None


def find_attachment_links(html: str, url: str, *, hosts: Collection[str] = ()
                          ) -> list[AttachmentLink]:
    """Attachments a reply page offers (``attachments.find_attachment_links``), read from
    the embedded article when the page has one."""
    return _attachment_links(article_html(html) or html, url, hosts=hosts)
