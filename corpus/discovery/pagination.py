"""Pagination of list pages: the other pages of a list, from pager links and scripts."""

from __future__ import annotations

import math
import posixpath
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from itertools import chain
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import lxml.html
from lxml import etree

from .common import (
    PAGE_QUERY_KEYS,
    clean,
    host_of,
    in_chrome,
    page_query_key,
    parse,
    resolve,
    words,
)
from .links import anchor_links, is_reply_url, keep_links
from .scripts import script_links

__all__ = ["announced_record_count", "finish_pages", "generic_next_pages", "with_page_number"]

_NEXT_WORDS = frozenset(
    {
        "下一页", "下页", "后页", "上一页", "上页", "前页", "尾页", "末页", "最后一页", "最末页",
        "next", "previous", "prev", "last", ">", ">>", "<", "<<", "›", "»", "‹", "«",
    }
)
_PAGER_WORDS = frozenset(
    {"page", "pages", "pagination", "pager", "paging", "pagebar", "fenye", "fy", "pagenav",
     "pgbar", "turnpage", "pagelist"}
)
_PAGE_COUNT_VAR_RE = re.compile(
    r"\b(?:countPage|totalPage|totalPages|pageCount|pageTotal|maxPage|page_count|pagecount|"
    r"totalpage|totalpages)\s*[=:]\s*['\"]?(\d{1,5})"
)
_TOTAL_PAGES_TEXT_RE = re.compile(r"共\s*(\d{1,5})\s*页|第\s*\d+\s*/\s*(\d{1,5})\s*页")
_MAX_PAGES = 500


def _page_url_shape(target: str, page_url: str) -> bool:
    """Whether ``target`` looks like another page of the list at ``page_url``."""
    t, p = urlsplit(target), urlsplit(page_url)
    if host_of(target) != host_of(page_url):
        return False
    t_dir, t_file = posixpath.split(t.path)
    p_dir, p_file = posixpath.split(p.path)
    if re.fullmatch(r"(?:index|default|list)_\d+\.\w+|column-index-\d+\.\w+", t_file):
        return t_dir == p_dir
    if re.search(r"/page/\d+/?$", t.path):
        return True
    if page_query_key(t.query):
        return t.path == p.path
    stem = posixpath.splitext(p_file)[0] or "index"
    m = re.fullmatch(r"(.+?)_\d+\.\w+", t_file)
    return bool(m and t_dir == p_dir and m.group(1) == re.sub(r"_\d+$", "", stem))


def _in_pager(a: etree._Element) -> bool:
    return any(
        any(w in _PAGER_WORDS or w.startswith("page") for w in words(x))
        for x in (a, *a.iterancestors())
    )


def generic_next_pages(doc: lxml.html.HtmlElement, base: str, url: str) -> list[str]:
    """Other pages of the list at ``url`` by the generic rules, in discovery order.

    Reads next/下一页/尾页 and page-number links; ``index_N`` pages announced by TRS
    ``createPageHTML(total, current, "index", "html")`` and ``var countPage = N``;
    ``pageChnlInfo`` (recordCount, prepage, maxStaticIndex) as on the Pingtan lists, where
    page 1 embeds up to ``maxStaticIndex`` pages of records and nothing more is needed when
    it holds them all; and ``?page=N`` / ``&pageNo=N`` queries with a known page total
    (共N页, ``totalPage = N``), the query taken from a page link or, when a script draws the
    pager, from the URL the script builds (``"list.shtml?page=" + n``).
    """
    scripts = "\n".join(s.text or "" for s in doc.iter("script") if not s.get("src"))
    pages: dict[str, None] = {}
    for found in (
        _pager_anchor_urls(doc, base, url),
        _create_page_html_urls(scripts, url),
        _page_count_var_urls(scripts, doc, base, url),
        _chnl_info_urls(scripts, doc, base, url),
        _query_range_urls(doc, base, url, scripts),
    ):
        for page in found:
            pages.setdefault(page, None)
    return list(pages)


def finish_pages(pages: Iterable[str], url: str) -> list[str]:
    """``pages`` once each, without the list page itself: a ``?page=1`` link is left out
    (page 1 is the start page where paging began, under another address), unless the
    pager counts from 0."""
    found = list(dict.fromkeys(pages))
    zero_based = any(_page_query_value(p) == "0" for p in (*found, url))
    return [p for p in found if not _same_page(p, url)
            and not (_page_query_value(p) == "1" and not zero_based)]


def _page_query_value(url: str) -> str | None:
    """The value of the URL's page-number query key (``page=3`` -> ``"3"``), if any."""
    query = urlsplit(url).query
    key = page_query_key(query)
    return dict(parse_qsl(query)).get(key) if key else None


def _same_page(a: str, b: str) -> bool:
    """``dir/`` and ``dir/index.htm`` (or default.*) name the same list page."""

    def norm(u: str) -> str:
        parts = urlsplit(u)
        key = page_query_key(parts.query)
        query = [(k, v) for k, v in parse_qsl(parts.query) if not (k == key and v == "1")]
        path = re.sub(r"/(?:index|default)\.\w+$", "/", parts.path)
        return urlunsplit((parts.scheme, host_of(u), path, urlencode(query), ""))

    return norm(a) == norm(b)


def _pager_anchor_urls(doc: lxml.html.HtmlElement, base: str, url: str) -> Iterator[str]:
    for a in doc.iter("a"):
        target = resolve(a.get("href"), base)
        if target is None or target == url or host_of(target) != host_of(url):
            continue
        label = clean(a.text_content()) or clean(a.get("title"))
        rel_next = (a.get("rel") or "").lower() in ("next", "prev")
        shaped = _page_url_shape(target, url)
        if (
            ((rel_next or label.lower() in _NEXT_WORDS) and not is_reply_url(target))
            or (label.isdigit() and (shaped or _in_pager(a)))
            or (shaped and not in_chrome(a))
        ):
            yield target


def _list_dir_and_ext(url: str, doc: lxml.html.HtmlElement | None = None) -> tuple[str, str]:
    """Directory URL of the list and the extension its static pages use."""
    path = urlsplit(url).path
    directory, filename = posixpath.split(path)
    ext = posixpath.splitext(filename)[1].lstrip(".")
    if not ext and doc is not None:
        exts = Counter(
            posixpath.splitext(urlsplit(h).path)[1].lstrip(".")
            for h in doc.xpath("//a/@href")
            if re.search(r"/t\d{8}_\d+\.s?html?$", urlsplit(h).path)
        )
        ext = exts.most_common(1)[0][0] if exts else ""
    return urljoin(url, directory.rstrip("/") + "/"), ext or "html"


def _static_pages(directory: str, prefix: str, ext: str, total: int) -> Iterator[str]:
    """``prefix.ext`` then ``prefix_1.ext`` … ``prefix_{total-1}.ext`` in ``directory``."""
    total = min(total, _MAX_PAGES)
    if total < 2:
        return
    yield urljoin(directory, f"{prefix}.{ext}")
    for n in range(1, total):
        yield urljoin(directory, f"{prefix}_{n}.{ext}")


def _js_value(token: str, scripts: str) -> int | str | None:
    """A createPageHTML argument: a literal, or a variable assigned a literal in the page."""
    token = token.strip()
    if token[:1] in "'\"":
        return token.strip("'\"")
    if token.isdigit():
        return int(token)
    if re.fullmatch(r"[A-Za-z_$][\w$]*", token):
        m = re.search(rf"\b{re.escape(token)}\s*=\s*(\d+|'[^']*'|\"[^\"]*\")", scripts)
        return _js_value(m.group(1), scripts) if m else None
    return None


def _create_page_html_urls(scripts: str, url: str) -> Iterator[str]:
    """TRS ``createPageHTML(pages, current, "index", "html")``; variables are looked up."""
    for m in re.finditer(r"createPageHTML\s*\(([^)]*)\)", scripts):
        values = [_js_value(arg, scripts) for arg in m.group(1).split(",")]
        strings = [v for v in values if isinstance(v, str)]
        numbers = [v for v in values if isinstance(v, int)]
        ext = next((v for v in reversed(strings) if v in ("htm", "html", "shtml", "jhtml")), None)
        if ext is None or not numbers:
            continue
        i = strings.index(ext)
        prefix = strings[i - 1] if i > 0 else "index"
        directory, _ = _list_dir_and_ext(url)
        yield from _static_pages(directory, prefix, ext, numbers[0])


def _page_count_var_urls(
    scripts: str, doc: lxml.html.HtmlElement, base: str, url: str
) -> Iterator[str]:
    """``var countPage = N`` without a createPageHTML call: TRS index_N pages."""
    if "createPageHTML" in scripts or page_query_key(urlsplit(url).query):
        return
    m = re.search(r"\bvar\s+countPage\s*=\s*['\"]?(\d+)", scripts)
    if m:
        directory, ext = _list_dir_and_ext(url, doc)
        yield from _static_pages(directory, "index", ext, int(m.group(1)))


def _chnl_info_urls(scripts: str, doc: lxml.html.HtmlElement, base: str, url: str
                    ) -> Iterator[str]:
    """Pingtan's ``pageChnlInfo``: static pages only when page 1 does not hold every record."""
    info = _page_chnl_info(scripts)
    if info is None:
        return
    record_count, prepage, max_static = info
    embedded = len(keep_links(chain(anchor_links(doc, base, url), script_links(doc, base, url)),
                              url))
    if record_count <= embedded:
        return
    per_page = max(embedded, prepage, 1)
    total = min(math.ceil(record_count / per_page), max(max_static, 1))
    directory, ext = _list_dir_and_ext(url, doc)
    yield from _static_pages(directory, "index", ext, total)


def _page_chnl_info(scripts: str) -> tuple[int, int, int] | None:
    m = re.search(r"pageChnlInfo\s*=\s*\{(.*?)\}", scripts, re.S)
    if not m:
        return None

    def field(name: str, default: int) -> int:
        f = re.search(rf"\b{name}\s*:\s*['\"]?(\d+)", m.group(1))
        return int(f.group(1)) if f else default

    if not re.search(r"\brecordCount\s*:", m.group(1)):
        return None
    return field("recordCount", 0), field("prepage", 15), field("maxStaticIndex", 1)


def announced_record_count(html: str) -> int | None:
    """Total records the list page announces (pageChnlInfo.recordCount, 共N条), if any."""
    doc = parse(html)
    if doc is None:
        return None
    scripts = "\n".join(s.text or "" for s in doc.iter("script"))
    info = _page_chnl_info(scripts)
    if info is not None:
        return info[0]
    m = re.search(r"共\s*(\d+)\s*条", clean(doc.text_content()))
    return int(m.group(1)) if m else None


def _query_range_urls(
    doc: lxml.html.HtmlElement, base: str, url: str, scripts: str
) -> Iterator[str]:
    """All ``?page=N`` pages when the page-number key and the page total are both known.

    Page 1 is left out: it is the list's start page, where paging began (its
    ``?page=1`` address would fetch the same list twice under another URL).
    """
    template = url if page_query_key(urlsplit(url).query) else None
    if template is None:
        for a in doc.iter("a"):
            target = resolve(a.get("href"), base)
            if target and page_query_key(urlsplit(target).query) and _page_url_shape(target, url):
                template = target
                break
    if template is None:
        template = _script_page_template(scripts, base, url)
    if template is None:
        return
    total = _announced_page_total(doc, scripts) or _max_linked_page(doc, base, url)
    if total is None:
        return
    key = page_query_key(urlsplit(template).query)
    current = dict(parse_qsl(urlsplit(url).query)).get(key or "", "1")
    for n in range(2, min(total, _MAX_PAGES) + 1):
        if str(n) != current and key:
            yield with_page_number(template, key, n)


def with_page_number(url: str, key: str, number: int) -> str:
    """``url`` with its ``key=N`` query value set to ``number``, the rest of the query kept
    byte for byte (a GBK percent-encoded ``words=%BD%A8%D2%E9`` stays as it is)."""
    parts = urlsplit(url)
    query = re.sub(rf"(^|&){re.escape(key)}=\d*", rf"\g<1>{key}={number}", parts.query, count=1)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, ""))


_PAGE_KEYS_ALT = "|".join(map(re.escape, PAGE_QUERY_KEYS))
_SCRIPT_PAGE_URL_RE = re.compile(rf"""(["'])([^"'\s<>]*[?&](?:{_PAGE_KEYS_ALT})=)\1\s*\+""")


def _script_page_template(scripts: str, base: str, url: str) -> str | None:
    """A ``?page=N`` URL that a pager script builds, ``"list.shtml?page=" + n``, as page 1.

    Pagers drawn by script (``javascript:goPage(n)`` buttons) leave no page link in the
    HTML; the URL is only in the script. Taken when it names this list (same path, or the
    folder's index page).
    """
    for m in _SCRIPT_PAGE_URL_RE.finditer(scripts):
        target = resolve(m.group(2) + "1", base)
        if target and (_page_url_shape(target, url) or _same_list_path(target, url)):
            return target
    return None


def _same_list_path(a: str, b: str) -> bool:
    """``dir/``, ``dir/index.*`` and ``dir/default.*`` on one host: the same list."""
    if host_of(a) != host_of(b):
        return False

    def norm(u: str) -> str:
        return re.sub(r"/(?:index|default)\.\w+$", "/", urlsplit(u).path)

    return norm(a) == norm(b)


def _max_linked_page(doc: lxml.html.HtmlElement, base: str, url: str) -> int | None:
    """Highest page number among the list's own ``?page=N`` links (尾页 included)."""
    numbers = []
    for a in doc.iter("a"):
        target = resolve(a.get("href"), base)
        if target and _page_url_shape(target, url):
            parts = urlsplit(target)
            key = page_query_key(parts.query)
            if key:
                numbers.append(int(dict(parse_qsl(parts.query))[key]))
    return max(numbers) if numbers else None


def _announced_page_total(doc: lxml.html.HtmlElement, scripts: str) -> int | None:
    m = _TOTAL_PAGES_TEXT_RE.search(clean(doc.text_content()))
    if m:
        return int(m.group(1) or m.group(2))
    m = _PAGE_COUNT_VAR_RE.search(scripts)
    return int(m.group(1)) if m else None
