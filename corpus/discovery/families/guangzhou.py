"""The Guangzhou government-site cluster (gz.gov.cn, its bureaus and districts: NFCMS).

Lists ``index.html``, ``index_2.html``, …; details ``…/content/post_<id>.html`` with a
mobile twin ``…/content/mpost_<id>.html`` (the same document: every ``mpost_`` link is
taken as its ``post_`` page, so a list linking both yields one reply). Body
``div#zoomcon`` / ``div.info_cont`` (``div.xl-nr`` on district sites); breadcrumb
``div.curmb`` 当前位置; pages set ``window.NFCMS_SITE_ID`` / ``NFCMS_CAT_ID``; a
简体/繁體 toggle links the other script's copy on another host.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from cleaners.document import PortalHints

from ..links import ReplyLink
from . import register
from .base import Family, ListPage, generic_links

_MOBILE = re.compile(r"/mpost_(\d+)\.html$")
_POST = re.compile(r"/content/m?post_\d+\.html$")


def desktop_url(url: str) -> str:
    """The ``post_<id>`` page of a ``mpost_<id>`` twin (other URLs unchanged)."""
    return _MOBILE.sub(r"/post_\1.html", url)


def detect(page: ListPage) -> str | None:
    if page.doc is None:
        return None
    if "NFCMS_SITE_ID" in page.scripts or "NFCMS_CAT_ID" in page.scripts:
        return "script window.NFCMS_SITE_ID"
    posts = [h for h in page.doc.xpath("//a/@href") if _POST.search(h.split("?")[0])]
    if len(posts) >= 2:
        return f"{len(posts)} links shaped content/post_<id>"
    return None


def reply_links(page: ListPage) -> Iterable[ReplyLink]:
    for link in generic_links(page):
        yield ReplyLink(desktop_url(link.url), link.title, link.date, link.via) \
            if _MOBILE.search(link.url) else link


GUANGZHOU = register(Family(
    "guangzhou", "Guangzhou government-site cluster (NFCMS)", detect=detect,
    reply_links=reply_links,
    hints=PortalHints(container="#zoomcon, div.info_cont, div.xl-nr"),
))
