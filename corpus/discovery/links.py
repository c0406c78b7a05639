"""Reply links on list pages: what a reply page's URL and title look like, and anchors to them."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlsplit

import lxml.html
from lxml import etree
from lxml.cssselect import CSSSelector

from .common import (
    NON_PAGE_EXT_RE,
    anchor_title,
    base_url,
    clean,
    ext_of,
    host_of,
    in_chrome,
    is_listing_url,
    parse,
    resolve,
    row_date,
    within,
)

__all__ = ["ReplyLink", "anchor_links", "chrome_links", "is_reply_title", "is_reply_url",
           "keep_links", "looks_like_reply", "selected_links"]


@dataclass(frozen=True)
class ReplyLink:
    """One link from a list page to a (probable) reply page."""

    url: str
    title: str
    date: str | None = None  # ISO yyyy-mm-dd from the date column beside the link
    via: str = "html"  # "html" (an <a>), "script" (HTML inside a script), "json"


_REPLY_URL_RES = (
    re.compile(r"/t\d{8}_\d+\.s?html?$"),  # TRS WCM: t20221103_38112.htm
    re.compile(r"/art_\d+_\d+\.html$"),  # Hanweb jcms: art_1543973_58942886.html
    re.compile(r"/art/\d{4}/(?:[\w/]*/)?art_[0-9a-f]{16,}\.html$"),  # miit art_<hex>
    re.compile(r"/post_\d+\.html$"),  # NFCMS (gz.gov.cn)
    re.compile(r"/content_\d+\.s?html?$"),  # gov.cn content_<id>.htm
    re.compile(r"/[0-9a-f]{32}\.shtml$"),  # wanzai / yichun .shtml with hex id
    re.compile(r"/\d{5,}\.s?html?$"),  # /<column>/<id>.html (jyt.ah.gov.cn)
    re.compile(r"/\d{6,8}/[^/]+\.s?html?$"),  # a yyyymm(dd) folder holding the document
)
_REPLY_QUERY_KEYS = frozenset(
    k.lower()
    for k in (
        "id", "docId", "articleId", "infoId", "contentId", "newsId", "artId", "itemId",
        "docid", "aid", "cid", "tid", "proposalId", "suggestId",
    )
)
_REPLY_TITLE_RES = (  # simplified and traditional forms (seed 004 is traditional)
    re.compile(r"[关關][于於].{2,}(?:[建议議]{2}|提案|[议議]案|答[复復覆]|意[见見]|[复復]函|的函)"),
    re.compile(r"第\s*[0-9０-９A-Za-z〔〕\[\]（）()-]*\d+\s*[号號]"),
    re.compile(r"[办辦]理(?:情[况況]|[结結]果|答[复復覆]|工作)"),
    re.compile(r"(?:建[议議]|提案|[议議]案)的?(?:答[复復覆]|回[复復覆]|[复復]函)"),
    re.compile(r"(?:答[复復覆]|[复復]函)(?:的函)?$"),
)


def is_reply_url(url: str) -> bool:
    """Whether the URL has the shape of a document (detail) page on a government CMS."""
    parts = urlsplit(url)
    path = parts.path
    if NON_PAGE_EXT_RE.search(path):
        return False
    if any(rx.search(path) for rx in _REPLY_URL_RES):
        return True
    return any(k.lower() in _REPLY_QUERY_KEYS and v for k, v in parse_qsl(parts.query))


def is_reply_title(text: str) -> bool:
    """Whether anchor text reads like a reply / proposal title (关于…的建议, 第N号, 办理情况)."""
    text = clean(text)
    return len(text) >= 6 and any(rx.search(text) for rx in _REPLY_TITLE_RES)


def looks_like_reply(target: str, title: str, page_url: str) -> bool:
    """Detail-page URL shape, or a reply-like title on a non-listing page (not a file)."""
    if is_listing_url(target, page_url) or ext_of(urlsplit(target).path):
        return False
    if is_reply_url(target):
        return True
    return is_reply_title(title) and not NON_PAGE_EXT_RE.search(urlsplit(target).path)


def _is_button(a: etree._Element) -> bool:
    """``<a href="…#" onclick="…">``: a script button (纠错, 收藏), not a link."""
    return bool(a.get("onclick")) and (a.get("href") or "").strip().endswith("#")


def anchor_links(root: etree._Element, base: str, page_url: str, *, via: str = "html"
                 ) -> Iterator[ReplyLink]:
    """Anchors outside site chrome whose URL or title looks like a reply's."""
    for a in root.iter("a"):
        target = resolve(a.get("href"), base)
        if target is None or _is_button(a) or in_chrome(a):
            continue
        title = anchor_title(a)
        if looks_like_reply(target, title, page_url):
            yield ReplyLink(target, title, row_date(a), via)


def selected_links(doc: lxml.html.HtmlElement, base: str, page_url: str, selector: str
                   ) -> Iterator[ReplyLink]:
    """The anchors a CSS selector picks (anchors, or containers of anchors), as they are."""
    for el in CSSSelector(selector)(doc):
        for a in [el] if el.tag == "a" else el.iter("a"):
            target = resolve(a.get("href"), base)
            if target and target != page_url:
                yield ReplyLink(target, anchor_title(a), row_date(a))


def keep_links(links: Iterable[ReplyLink], page_url: str, *, section_prefix: str | None = None,
               hosts: Collection[str] = (), exclude: Collection[str] = ()) -> list[ReplyLink]:
    """Links on the page's host (``www.`` ignored, plus ``hosts``) under ``section_prefix``,
    not in ``exclude``, in order and once each (a later copy may add the row's date)."""
    allowed = {host_of(page_url), *(host_of(f"//{h}") for h in hosts)}
    excluded = set(exclude)
    found: dict[str, ReplyLink] = {}
    for link in links:
        if link.url in excluded or not within(link.url, allowed, section_prefix):
            continue
        old = found.get(link.url)
        if old is None:
            found[link.url] = link
        elif old.date is None and link.date is not None:
            found[link.url] = ReplyLink(old.url, old.title or link.title, link.date, old.via)
    return list(found.values())


def chrome_links(pages: Iterable[tuple[str, str]]) -> set[str]:
    """Absolute URLs linked from every one of several pages of a portal (its site chrome)."""
    common: set[str] | None = None
    for html, url in pages:
        doc = parse(html)
        if doc is None:
            continue
        base = base_url(doc, url)
        found = {t for a in doc.iter("a") if (t := resolve(a.get("href"), base))}
        common = found if common is None else common & found
    return common or set()
