"""What list links, pagination and attachments share: parsing, URLs, site chrome, row dates."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator
from urllib.parse import parse_qsl, urljoin, urlsplit, urlunsplit

import lxml.html
from lxml import etree

from cleaners.dates import find_iso_date
from cleaners.filetypes import ATTACHMENT_TYPES, NON_PAGE_EXTENSIONS

__all__ = [
    "INDEX_PATH_RE",
    "NON_PAGE_EXT_RE",
    "PAGE_QUERY_KEYS",
    "anchor_title",
    "base_url",
    "clean",
    "ext_of",
    "host_of",
    "in_chrome",
    "is_chrome_element",
    "is_listing_url",
    "is_related_box",
    "page_query_key",
    "parse",
    "resolve",
    "row_date",
    "site_of",
    "within",
    "words",
]

INDEX_PATH_RE = re.compile(r"(?:^|/)(?:index|default|list)(?:_\d+)?\.\w+$|/$|^$")
NON_PAGE_EXT_RE = re.compile(r"\.(?:" + "|".join(NON_PAGE_EXTENSIONS) + r")$", re.I)
PAGE_QUERY_KEYS = (
    "page", "pageNo", "pageno", "pageNum", "pagenum", "pageIndex", "pageindex", "pn", "p",
    "currentPage", "curPage", "cpage", "pageNumber", "page_no", "currpage",
)

# Class / id words that mark site chrome: header, footer, menus, breadcrumbs, share bars,
# related links, prev/next-document boxes ("wz" alone is not one: jcms names its article
# ``div.wz``, 文章; 当前位置 is "dqwz"). Matched per word (split on - _ space), digits
# dropped, exactly or (for the longer words) as prefix or suffix: "footer2022",
# "newfooter", "mainnav", "menu_hov", "article_relalinks", "z-position".
_CHROME_EXACT = frozenset(
    {
        "head", "top", "foot", "nav", "menu", "crumb", "position", "share", "links", "login",
        "search", "logo", "prev", "next", "aside", "sidebar", "tool", "tools", "dqwz",
        "yqlj", "xglj", "xgxw", "xgwz", "relate", "related", "location", "weizhi",
        "bdsharebuttonbox",
    }
)
_CHROME_AFFIX = (
    "header", "footer", "navbar", "mainnav", "subnav", "topnav", "menu", "breadcrumb",
    "crumb", "copyright", "relalinks", "related", "navdocuments", "friendlink", "sitemap",
    "toolbar", "share",
)
_CHROME_TAGS = frozenset({"header", "footer", "nav", "aside"})
_CHROME_ROLES = frozenset({"navigation", "banner", "contentinfo", "search"})
_ROW_TAGS = frozenset({"li", "tr", "dd", "dt", "p"})
_EXT_RE = re.compile(r"\.([A-Za-z]{2,5})$")


_UTF8 = lxml.html.HTMLParser(encoding="utf-8")


def parse(html: str) -> lxml.html.HtmlElement | None:
    """Parse HTML text leniently; None for an empty or unparsable page.

    The text is parsed as UTF-8 bytes (the same tree; libxml2 reads bytes faster than a
    ``str``, and a ``str`` with an XML encoding declaration is refused)."""
    if not html or not html.strip():
        return None
    try:
        data = html.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates: only a str parse takes them
        data = None
    try:
        return lxml.html.fromstring(data if data is not None else html, parser=_UTF8)
    except (ValueError, etree.ParserError):
        return None


def base_url(doc: lxml.html.HtmlElement, url: str) -> str:
    """The page's ``<base href>`` resolved against ``url``, else ``url``."""
    base = doc.xpath("//base/@href")
    return urljoin(url, base[0].strip()) if base else url


def clean(text: str | None) -> str:
    """Whitespace (full-width and no-break spaces too) collapsed to single spaces."""
    return re.sub(r"\s+", " ", (text or "").replace("\u3000", " ").replace("\xa0", " ")).strip()


def resolve(href: str | None, base: str) -> str | None:
    """Absolute http(s) URL without fragment, or None for javascript:/mailto:/# links."""
    if not href:
        return None
    href = href.strip()
    if not href or href.startswith("#") or re.match(r"(?i)(javascript|mailto|tel|data):", href):
        return None
    try:
        absolute = urljoin(base, href)
    except ValueError:
        return None
    parts = urlsplit(absolute)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return urlunsplit((parts.scheme, parts.netloc.lower(), parts.path or "/", parts.query, ""))


def host_of(url: str) -> str:
    """The URL's host name, ``www.`` dropped."""
    host = (urlsplit(url).hostname or "").lower()
    return host[4:] if host.startswith("www.") else host


def site_of(host: str) -> str:
    """Registrable domain of a host: pingtan.gov.cn for file.pingtan.gov.cn."""
    labels = host.lower().split(".")
    n = 3 if len(labels) >= 3 and labels[-2] in {"gov", "com", "org", "edu", "net"} else 2
    return ".".join(labels[-n:])


def words(el: etree._Element) -> Iterator[str]:
    """The words of an element's class and id, digits stripped."""
    for attr in ("class", "id"):
        for word in re.split(r"[-_\s]+", (el.get(attr) or "").lower()):
            word = word.strip("0123456789")
            if word:
                yield word


def is_chrome_element(el: etree._Element) -> bool:
    if not isinstance(el.tag, str):
        return False
    if el.tag.lower() in _CHROME_TAGS or (el.get("role") or "").lower() in _CHROME_ROLES:
        return True
    for word in words(el):
        if word in _CHROME_EXACT:
            return True
        if any(word.startswith(a) or word.endswith(a) for a in _CHROME_AFFIX):
            return True
    return False


# Headings of the boxes a detail page puts around its article: documents related to
# this one, and the previous/next document. They never head the items of a list page
# (unlike 最新/热点/更多, which do). A box counts when one of these is the text it opens
# with, before its first link ("相关阅读", "【相关新闻】", "下一篇:").
_BOX_HEADINGS = re.compile(
    r"^[【\[(]?\s*(?:(?:相关|延伸|推荐)(?:阅读|新闻|文章|链接|稿件|资讯|信息|报道|内容)"
    r"|猜你喜欢|上一篇|下一篇|上一条|下一条)\s*[】\])]?\s*[:：]?$"
)
_BOX_LEVELS = 4
_HEADING_CHARS = 12


def _opening_text(el: etree._Element) -> str:
    """The text an element shows before its first link (at most a short heading's worth)."""
    parts: list[str] = []
    for event, node in etree.iterwalk(el, events=("start", "end")):
        if node.tag == "a":
            break
        if not isinstance(node.tag, str) or node.tag in ("script", "style"):
            text = None
        else:
            text = node.text if event == "start" else (node.tail if node is not el else None)
        parts.append(text or "")
        if len(clean("".join(parts))) > _HEADING_CHARS:
            break
    return clean("".join(parts))


def is_related_box(el: etree._Element) -> bool:
    """A box that opens with a related/recommended-documents heading (see ``_BOX_HEADINGS``)."""
    heading = _opening_text(el)
    return bool(heading) and len(heading) <= _HEADING_CHARS and bool(_BOX_HEADINGS.match(heading))


def in_chrome(el: etree._Element) -> bool:
    """Whether the element or one of its ancestors is site chrome, or it sits in a box
    headed as related documents within a few levels."""
    ancestors = (el, *el.iterancestors())
    if any(is_chrome_element(a) for a in ancestors):
        return True
    return any(is_related_box(a) for a in ancestors[1:1 + _BOX_LEVELS])


def anchor_title(a: etree._Element) -> str:
    """Anchor text, or its title attribute when the text is a truncated copy of it."""
    text = clean(a.text_content())
    title = clean(a.get("title"))
    stem = text.rstrip(".…").strip()
    if title and (not stem or (len(title) >= len(stem) and title.startswith(stem))):
        return title
    return text or title


def row_date(a: etree._Element) -> str | None:
    """The date shown in the anchor's row (li, tr, dd, p) outside the anchor text."""
    row = next((x for x in a.iterancestors() if x.tag in _ROW_TAGS), a.getparent())
    if row is None:
        return None
    own = clean(a.text_content())
    text = clean(row.text_content())
    return find_iso_date(text.replace(own, " ", 1) if own else text)


def within(url: str, hosts: Collection[str], section_prefix: str | None) -> bool:
    if host_of(url) not in hosts:
        return False
    return section_prefix is None or urlsplit(url).path.startswith(section_prefix)


def page_query_key(query: str) -> str | None:
    """The page-number key of a query (``page=3`` -> ``"page"``), if it has one."""
    keys = {k for k, v in parse_qsl(query) if v.isdigit()}
    return next((k for k in PAGE_QUERY_KEYS if k in keys), None)


def is_listing_url(url: str, page_url: str) -> bool:
    parts = urlsplit(url)
    if url == page_url or INDEX_PATH_RE.search(parts.path):
        return True
    return bool(page_query_key(parts.query))


def ext_of(name: str) -> str:
    """The attachment type a file name ends in (``cleaners.filetypes``), else ``""``."""
    m = _EXT_RE.search(name.strip())
    ext = m.group(1).lower() if m else ""
    return ext if ext in ATTACHMENT_TYPES else ""
