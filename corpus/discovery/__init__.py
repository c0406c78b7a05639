"""Zero-config discovery on list and reply pages: reply links, pagination, attachments.

Pure functions over ``(html text, page URL)``; no Scrapy, no network. The crawl's
spiders and the re-clean's routing of foreign WARCs call the same functions on the
same text (``archive.charset.decode_html``), so both find the same links:
``find_reply_links`` and ``find_pagination`` on list pages, ``find_attachment_links`` on
reply pages. The rules of a CMS family plug in through ``families.register``; the
generic rules serve every other page. The shapes they recognise come from the
recorded pages in ``tests/data/corpus``.
"""

from __future__ import annotations

from collections.abc import Collection

from cleaners.filetypes import ATTACHMENT_TYPES

from .attachments import AttachmentLink, find_attachment_links
from .common import base_url, parse
from .families import GENERIC, Family, family_for, register
from .links import ReplyLink, chrome_links, is_reply_title, is_reply_url, keep_links, selected_links
from .pagination import announced_record_count, finish_pages
from .scripts import json_links

__all__ = [
    "ATTACHMENT_TYPES",
    "GENERIC",
    "AttachmentLink",
    "Family",
    "ReplyLink",
    "announced_record_count",
    "chrome_links",
    "family_for",
    "find_attachment_links",
    "find_pagination",
    "find_reply_links",
    "is_reply_title",
    "is_reply_url",
    "register",
]


def find_reply_links(
    html: str,
    url: str,
    *,
    section_prefix: str | None = None,
    link_selector: str | None = None,
    hosts: Collection[str] = (),
    exclude: Collection[str] = (),
) -> list[ReplyLink]:
    """Links from a list page to reply pages, in page order, without duplicates.

    A link counts when its URL has a detail-page shape (``is_reply_url``) or its text reads
    like a reply title (``is_reply_title``) and it is not itself a list/index page. Links in
    site chrome (header, footer, menus, breadcrumb, share and related-link boxes),
    ``javascript:`` links, links to other hosts (the page's host, ``www.`` ignored, plus
    ``hosts``), links outside ``section_prefix`` (a path prefix; None = any path) and the
    URLs in ``exclude`` (e.g. ``chrome_links`` of other pages) are dropped. Lists embedded in
    scripts (JSON arrays of ``{title, url}`` objects, HTML strings) are read too, and a list
    page that is itself JSON. With ``link_selector`` (CSS; anchors or their containers) only
    the selected anchors are taken and the chrome and shape tests are skipped.
    """
    def keep(links):
        return keep_links(links, url, section_prefix=section_prefix, hosts=hosts,
                          exclude=exclude)

    stripped = html.lstrip() if html else ""
    if stripped[:1] in ("[", "{"):
        return keep(json_links(stripped, url, url))
    doc = parse(html)
    if doc is None:
        return []
    base = base_url(doc, url)
    if link_selector:
        return keep(selected_links(doc, base, url, link_selector))
    return keep(family_for(doc, url).reply_links(doc, base, url))


def find_pagination(html: str, url: str) -> list[str]:
    """Other pages of the list at ``url``, absolute, in discovery order, without ``url``
    (see ``pagination.generic_next_pages`` for what the generic rules read)."""
    doc = parse(html)
    if doc is None:
        return []
    return finish_pages(family_for(doc, url).next_pages(doc, base_url(doc, url), url), url)
