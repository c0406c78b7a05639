"""Fujian ylcms (county and city sites of Fujian: ``/cms/html/<site>/…``).

Column lists ``/cms/html/<site>/<section>/index.html``; details
``/cms/html/<site>/<YYYY-MM-DD>/<id>.html`` (outside the section's folder, so an
ad-hoc section is the site's ``/cms/html/<site>/``); items ``.list-content a`` beside
``.list-time``; body ``.content``. Further pages are served by the site manager,
``/cms/sitemanage/index.shtml?siteId=…&page=N`` (or ``pageNo``), which the pager
script builds from the page count it is given: the URL template is read from the
script or a pager link, the total from ``pageCount``/``totalPage`` or 共N页.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urlsplit

from cleaners.document import PortalHints

from ..common import PAGE_QUERY_KEYS, clean, page_query_key, resolve
from ..links import ReplyLink, anchor_links
from ..pagination import with_page_number
from . import register
from .base import Family, ListPage, generic_links, generic_pages

_SITE = re.compile(r"^(/cms/html/[^/]+/)")
_MANAGER = re.compile(r"""["']([^"'\s]*/cms/sitemanage/[^"'\s]*\?[^"'\s]*)["']""")
_TOTAL = re.compile(r"\b(?:pageCount|totalPage|pageTotal|countPage)\s*[:=]\s*['\"]?(\d{1,5})")


def detect(page: ListPage) -> str | None:
    if page.doc is None:
        return None
    if _SITE.match(urlsplit(page.url).path):
        return "URL /cms/html/<site>/"
    if "/cms/sitemanage/" in page.text:
        return "pager through /cms/sitemanage/"
    return None


def reply_links(page: ListPage) -> Iterable[ReplyLink]:
    """The anchors of the list's ``.list-content`` rows when it has them, else the generic."""
    if page.doc is None:
        return generic_links(page)
    rows = page.doc.xpath("//*[contains(concat(' ', normalize-space(@class), ' '), "
                          "' list-content ')]")
    found = [link for row in rows for link in anchor_links(row, page.base, page.url)]
    return found or generic_links(page)


def _template(page: ListPage) -> str | None:
    """The site manager's page URL, from a pager link or from the pager script."""
    for href in page.doc.xpath("//a/@href"):
        if "/cms/sitemanage/" in href and page_query_key(urlsplit(href).query):
            return resolve(href, page.base)
    m = _MANAGER.search(page.scripts)
    if not m:
        return None
    raw = m.group(1)
    key = next((k for k in PAGE_QUERY_KEYS if re.search(rf"[?&]{k}=$", raw)), None)
    return resolve(raw + "1", page.base) if key else None


def next_pages(page: ListPage) -> list[str]:
    if page.doc is None:
        return []
    found = dict.fromkeys(generic_pages(page))
    template = _template(page)
    total = _TOTAL.search(page.scripts) or re.search(r"共\s*(\d+)\s*页",
                                                    clean(page.doc.text_content()))
    if template and total:
        key = page_query_key(urlsplit(template).query)
        current = re.search(rf"(?:^|&){key}=(\d+)", urlsplit(page.url).query)
        for n in range(2, int(total.group(1)) + 1):
            if not current or int(current.group(1)) != n:
                found.setdefault(with_page_number(template, key, n), None)
    return list(found)


def scope(url: str) -> str | None:
    m = _SITE.match(urlsplit(url).path)
    return m.group(1) if m else None


YLCMS = register(Family(
    "ylcms", "Fujian ylcms", detect=detect, reply_links=reply_links, next_pages=next_pages,
    scope=scope,
    hints=PortalHints(container="div.content"),
))
