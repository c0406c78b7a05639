"""ASP / ASP.NET sites (older city portals, often GBK-encoded).

Lists ``NewsList.aspx?ClassID=<id>&page=N`` or searches
``…_search.asp?words=<GBK percent-encoded>&page=N``; details ``…Show.asp(x)?id=…``.
Pages are declared and served as GBK/GB2312, and a query's Chinese words are
percent-encoded GBK bytes (``%BD%A8%D2%E9`` = 建议): page URLs are made by setting the
page number in the query as it stands, never by decoding and re-encoding it (which
would turn the GBK bytes into U+FFFD). The page total comes from 共N页, a ``page=N``
尾页 link or the highest page number linked. These table layouts have no classes that
mark a sidebar (热门文章, 最新文章): when some reply-like links sit in rows with a date
column, only those are the list's.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urlsplit

from ..common import clean, host_of, page_query_key, resolve
from ..links import ReplyLink
from ..pagination import with_page_number
from . import register
from .base import Family, ListPage, folder_of, generic_links

_ASP_PATH = re.compile(r"\.aspx?$", re.I)
_TOTAL_TEXT = re.compile(
    r"共\s*(\d{1,5})\s*页|第\s*\d+\s*/\s*(\d{1,5})\s*页|\d+\s*/\s*(\d{1,5})\s*页")


def detect(page: ListPage) -> str | None:
    if page.doc is None:
        return None
    if _ASP_PATH.search(urlsplit(page.url).path):
        return "ASP list URL " + urlsplit(page.url).path.rsplit("/", 1)[-1]
    asp_links = [h for h in page.doc.xpath("//a/@href") if _ASP_PATH.search(h.split("?")[0])]
    if len(asp_links) >= 3:
        return f"{len(asp_links)} links to .asp/.aspx pages"
    return None


def reply_links(page: ListPage) -> Iterable[ReplyLink]:
    found = list(generic_links(page))
    dated = [link for link in found if link.date]
    return dated or found


def _page_links(page: ListPage) -> list[tuple[str, str, int]]:
    """(URL, key, number) of the links to other pages of this list (same path)."""
    path = urlsplit(page.url).path
    found = []
    for a in page.doc.iter("a"):
        target = resolve(a.get("href"), page.base)
        if not target or host_of(target) != host_of(page.url) or urlsplit(target).path != path:
            continue
        query = urlsplit(target).query
        key = page_query_key(query)
        m = re.search(rf"(?:^|&){key}=(\d+)", query) if key else None
        if m:
            found.append((target, key, int(m.group(1))))
    return found


def next_pages(page: ListPage) -> list[str]:
    """Pages 2..N of the list, the template a page link (GBK query bytes kept as they are)."""
    if page.doc is None:
        return []
    links = _page_links(page)
    if not links:
        return []
    template, key, _ = links[0]
    m = _TOTAL_TEXT.search(clean(page.doc.text_content()))
    total = int(next(g for g in m.groups() if g)) if m else max(n for _, _, n in links)
    current = re.search(rf"(?:^|&){key}=(\d+)", urlsplit(page.url).query)
    return [with_page_number(template, key, n) for n in range(2, total + 1)
            if not current or int(current.group(1)) != n]


def scope(url: str) -> str | None:
    return folder_of(url)


ASP = register(Family("asp", "ASP / ASP.NET (GBK)", detect=detect, reply_links=reply_links,
                      next_pages=next_pages, scope=scope))
