"""The Anhui provincial intensive platform (龙讯 / lonsun: jyt.ah.gov.cn, city bureaus).

Lists ``/content/column/<colid>?pageIndex=N`` (or a column folder's ``index.html``),
the page count in a script (``pageCount:N``); items ``div.listnews ul li a`` with the
date in ``li span``. Details ``/public/<siteid>/<docid>.html`` or
``/<column path>/<id>.html``; body ``div.j-fontContent``, title ``h1.newstitle``,
breadcrumb ``div.wz_top``; metas ArticleTitle / PubDate / ContentSource; widgets
configured by ``data-setting="{siteId:…}"`` attributes, labels between
``<!--StartLabelHtml_…-->`` comments.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urlsplit

from cleaners.document import PortalHints

from ..links import ReplyLink, anchor_links
from ..pagination import with_page_number
from . import register
from .base import Family, ListPage, folder_of, generic_links, generic_pages

_COLUMN = re.compile(r"/content/column/\d+")
_PAGE_COUNT = re.compile(r"\bpageCount\s*[:=]\s*['\"]?(\d{1,5})")


def detect(page: ListPage) -> str | None:
    doc = page.doc
    if doc is None:
        return None
    if _COLUMN.search(urlsplit(page.url).path):
        return "URL /content/column/<id>"
    if doc.xpath("//*[contains(@class, 'j-fontContent')]"):
        return "class j-fontContent"
    if "StartLabelHtml_" in page.text and doc.xpath("//*[starts-with(@data-setting, '{siteId')]"):
        return "StartLabelHtml labels and data-setting siteId widgets"
    return None


def reply_links(page: ListPage) -> Iterable[ReplyLink]:
    """The items of ``div.listnews`` when the page has one, else the generic rules."""
    if page.doc is None:
        return generic_links(page)
    lists = page.doc.xpath("//div[contains(concat(' ', normalize-space(@class), ' '), "
                           "' listnews ')]")
    found = [link for box in lists for link in anchor_links(box, page.base, page.url)]
    return found or generic_links(page)


def next_pages(page: ListPage) -> list[str]:
    """``?pageIndex=2..N`` from ``pageCount:N``, then whatever the generic rules find."""
    found: dict[str, None] = {}
    m = _PAGE_COUNT.search(page.scripts)
    if m:
        total = int(m.group(1))
        current = re.search(r"(?:^|&)pageIndex=(\d+)", urlsplit(page.url).query)
        base = page.url if current else page.url + ("&" if "?" in page.url else "?") + \
            "pageIndex=1"
        for n in range(2, total + 1):
            if not current or int(current.group(1)) != n:
                found.setdefault(with_page_number(base, "pageIndex", n), None)
    for url in generic_pages(page):
        found.setdefault(url, None)
    return list(found)


def scope(url: str) -> str | None:
    """Column lists ``/content/column/<id>`` link details under ``/public/``: the host."""
    return None if _COLUMN.search(urlsplit(url).path) else folder_of(url)


ANHUI = register(Family(
    "anhui", "Anhui provincial platform (lonsun)", detect=detect, reply_links=reply_links,
    next_pages=next_pages, scope=scope,
    hints=PortalHints(container="div.j-fontContent", title="h1.newstitle"),
))
