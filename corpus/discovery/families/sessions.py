"""Per-session folders (Liaoning and others): one list per congress session.

The section page links one folder per session (``…/jyta/srddbjy/sssjrdschy2025n/index.shtml``,
anchor text 省十四届人大三次会议 …); each session's folder lists its replies, details in
``…/<14-digit id>/index.shtml`` (an ``index`` page that is a document, not a list), and
may page on (``index_1.shtml`` …). Every session is followed, as another list page of
the same section; inside a session the generic pager rules apply.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urlsplit

from ..common import anchor_title, in_chrome, resolve, row_date
from ..links import ReplyLink
from . import register
from .base import Family, ListPage, folder_of, generic_links, generic_pages

_DETAIL = re.compile(r"/\d{14}/index\.s?html?$")
_SESSION_TEXT = re.compile(
    r"[届屆].{0,12}?[次]?会议|[一二三四五六七八九十\d]+次会议|\d{4}\s*年.{0,12}?(?:会议|建议|提案)")


def _session_links(page: ListPage) -> list[tuple[str, str]]:
    """Links to child folders of the list's folder named like a congress session."""
    if page.doc is None:
        return []
    folder = folder_of(page.url)
    found: dict[str, str] = {}
    for a in page.doc.iter("a"):
        target = resolve(a.get("href"), page.base)
        if target is None or in_chrome(a):
            continue
        path = urlsplit(target).path
        child = re.fullmatch(re.escape(folder) + r"([^/]+)/(?:index\.s?html?)?", path)
        if child and not _DETAIL.search(path) and _SESSION_TEXT.search(anchor_title(a)):
            found.setdefault(target, anchor_title(a))
    return list(found.items())


def detect(page: ListPage) -> str | None:
    sessions = _session_links(page)
    if len(sessions) >= 2:
        return f"{len(sessions)} session folders ({sessions[0][1]} …)"
    return None


def reply_links(page: ListPage) -> Iterable[ReplyLink]:
    """Documents in ``<14-digit id>/index.shtml`` folders, then the generic rules."""
    if page.doc is not None:
        for a in page.doc.iter("a"):
            target = resolve(a.get("href"), page.base)
            if target and _DETAIL.search(urlsplit(target).path) and not in_chrome(a):
                yield ReplyLink(target, anchor_title(a), row_date(a))
    yield from generic_links(page)


def next_pages(page: ListPage) -> list[str]:
    found = dict.fromkeys(url for url, _ in _session_links(page))
    for url in generic_pages(page):
        found.setdefault(url, None)
    return list(found)


SESSIONS = register(Family(
    "sessions", "per-session folders", detect=detect, reply_links=reply_links,
    next_pages=next_pages,
))
