"""VSB / 博达 (Yunnan prefecture sites, many universities).

Lists ``<section>.htm``; further pages ``<section>/N.htm``, numbered down from the
total (page 2 = ``N-1.htm`` … last page = ``1.htm``) or up (page 2 = ``2.htm``). The
pager is ``div.pb_sys_common`` (``span.p_no a`` page numbers, ``span.p_next a``,
``span.p_last a`` 尾页, ``span.p_t`` "1/11"); only a window of page numbers is shown,
so the total and the direction are read from it and every page is generated. List
rows carry ids ``line_u<unit>_<n>``; details are ``/info/<col>/<id>.htm``, body
``#vsb_content`` / ``div.v_news_content``, metadata in ``div.label``. Pages name
``/system/resource/`` scripts and call ``_showDynClickBatch``.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable
from urllib.parse import urljoin, urlsplit

from cleaners.document import PortalHints

from ..common import clean, resolve
from ..links import ReplyLink, anchor_links
from . import register
from .base import Family, ListPage, generic_links, generic_pages

_ROW_ID = re.compile(r"^line_u\d+_\d+$")
_NUMBERED = re.compile(r"/(\d+)\.htm$")


def detect(page: ListPage) -> str | None:
    doc = page.doc
    if doc is None:
        return None
    if doc.xpath("//*[contains(@class, 'pb_sys_common')]"):
        return "pager div.pb_sys_common"
    if "_showDynClickBatch" in page.scripts:
        return "script _showDynClickBatch"
    if any("/system/resource/" in (v or "") for v in doc.xpath("//script/@src | //link/@href")):
        return "resources under /system/resource/"
    if doc.xpath("//*[@id='vsb_content']"):
        return "element #vsb_content"
    return None


def reply_links(page: ListPage) -> Iterable[ReplyLink]:
    """Anchors inside the list component's rows (``id="line_uN_M"``), else the generic."""
    if page.doc is None:
        return generic_links(page)
    rows = [el for el in page.doc.xpath("//*[@id]") if _ROW_ID.match(el.get("id", ""))]
    found = [link for row in rows for link in anchor_links(row, page.base, page.url)]
    return found or generic_links(page)


def _pager_links(pager) -> list[tuple[str, str]]:
    return [(clean(a.text_content()), a.get("href") or "") for a in pager.iter("a")]


def _total(pager) -> int | None:
    for span in pager.xpath(".//span[contains(@class, 'p_t')]"):
        m = re.fullmatch(r"\d+/(\d+)", clean(span.text_content()))
        if m:
            return int(m.group(1))
    m = re.search(r"共\s*(\d+)\s*页", clean(pager.text_content()))
    if m:
        return int(m.group(1))
    labels = [int(label) for label, _ in _pager_links(pager) if label.isdigit()]
    return max(labels) if labels else None


def next_pages(page: ListPage) -> list[str]:
    """Every page of the list, from the pager's total and numbering direction."""
    if page.doc is None:
        return []
    pagers = page.doc.xpath("//div[contains(@class, 'pb_sys_common')]")
    if not pagers:
        return generic_pages(page)
    pager = pagers[0]
    found: dict[str, None] = {}
    numbered = [(label, resolve(href, page.base)) for label, href in _pager_links(pager)]
    for _, target in numbered:
        if target and target != page.url:
            found.setdefault(target, None)
    total = _total(pager)
    two = next((t for label, t in numbered if label == "2" and t), None)
    m = _NUMBERED.search(urlsplit(two).path) if two else None
    if total and m:
        folder = posixpath.dirname(urlsplit(two).path) + "/"
        file_two = int(m.group(1))
        files = range(1, total) if file_two == total - 1 else range(2, total + 1)
        for n in files:
            found.setdefault(urljoin(two, f"{folder}{n}.htm"), None)
    return list(found)


def scope(url: str) -> str | None:
    """Details live in ``/info/<col>/``, beside the list's folder: the whole host."""
    return None


VSB = register(Family(
    "vsb", "VSB / 博达", detect=detect, reply_links=reply_links, next_pages=next_pages,
    scope=scope, hints=PortalHints(container="#vsb_content"),
))
