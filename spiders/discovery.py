"""Zero-config discovery on list and reply pages: reply links, pagination, attachments.

Pure functions over ``(html text, page URL)``; no Scrapy objects, no network. The generic
``portal`` spider calls them on every list page (``find_reply_links``, ``find_pagination``)
and reply page (``find_attachment_links``). The shapes they recognise come from the
recorded pages in ``tests/data/corpus`` (Pingtan TRS lists and detail pages, and the
TRS, Hanweb, NFCMS, Hanweb-jpage and ``.shtml`` detail pages of other portals).
"""

from __future__ import annotations

import json
import math
import posixpath
import re
from collections import Counter
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, unquote, urlencode, urljoin, urlsplit, urlunsplit

import lxml.html
from lxml import etree
from lxml.cssselect import CSSSelector

__all__ = [
    "ATTACHMENT_TYPES",
    "AttachmentLink",
    "ReplyLink",
    "announced_record_count",
    "chrome_links",
    "find_attachment_links",
    "find_pagination",
    "find_reply_links",
    "is_reply_title",
    "is_reply_url",
]

ATTACHMENT_TYPES = frozenset({"pdf", "doc", "docx", "wps", "ofd", "xls", "xlsx", "et"})


@dataclass(frozen=True)
class ReplyLink:
    """One link from a list page to a (probable) reply page."""

    url: str
    title: str
    date: str | None = None  # ISO yyyy-mm-dd from the date column beside the link
    via: str = "html"  # "html" (an <a>), "script" (HTML inside a script), "json"


@dataclass(frozen=True)
class AttachmentLink:
    """One attachment offered by a reply page."""

    url: str
    filename: str  # the file name: link text or title ending in .ext, else the URL's
    type: str  # lower-case extension: "pdf", "docx", "wps", ...; "" when unknown
    label: str = ""  # the link text as shown on the page


# --- what reply pages look like -------------------------------------------------------

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
_INDEX_PATH_RE = re.compile(r"(?:^|/)(?:index|default|list)(?:_\d+)?\.\w+$|/$|^$")
_NON_PAGE_EXT_RE = re.compile(
    r"\.(?:jpe?g|png|gif|bmp|svg|webp|ico|css|js|mp4|mp3|avi|flv|swf|zip|rar|7z|exe|apk)$", re.I
)

# Class / id words that mark site chrome: header, footer, menus, breadcrumbs, share bars,
# related links, prev/next-document boxes. Matched per word (split on - _ space), digits
# dropped, exactly or (for the longer words) as prefix or suffix: "footer2022",
# "newfooter", "mainnav", "menu_hov", "article_relalinks", "z-position".
_CHROME_EXACT = frozenset(
    {
        "head", "top", "foot", "nav", "menu", "crumb", "position", "share", "links", "login",
        "search", "logo", "prev", "next", "aside", "sidebar", "tool", "tools", "wz", "dqwz",
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

_DATE_RE = re.compile(r"((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
_ROW_TAGS = frozenset({"li", "tr", "dd", "dt", "p"})


def is_reply_url(url: str) -> bool:
    """Whether the URL has the shape of a document (detail) page on a government CMS."""
    parts = urlsplit(url)
    path = parts.path
    if _NON_PAGE_EXT_RE.search(path):
        return False
    if any(rx.search(path) for rx in _REPLY_URL_RES):
        return True
    return any(k.lower() in _REPLY_QUERY_KEYS and v for k, v in parse_qsl(parts.query))


def is_reply_title(text: str) -> bool:
    """Whether anchor text reads like a reply / proposal title (关于…的建议, 第N号, 办理情况)."""
    text = _clean(text)
    return len(text) >= 6 and any(rx.search(text) for rx in _REPLY_TITLE_RES)


# --- parsing helpers ------------------------------------------------------------------


def _parse(html: str) -> lxml.html.HtmlElement | None:
    """Parse HTML text leniently; None for an empty or unparsable page."""
    if not html or not html.strip():
        return None
    try:
        return lxml.html.fromstring(html)
    except ValueError:  # a str with an XML encoding declaration
        parser = lxml.html.HTMLParser(encoding="utf-8")
        return lxml.html.fromstring(html.encode("utf-8"), parser=parser)
    except etree.ParserError:
        return None


def _base_url(doc: lxml.html.HtmlElement, url: str) -> str:
    base = doc.xpath("//base/@href")
    return urljoin(url, base[0].strip()) if base else url


def _clean(text: str | None) -> str:
    return re.sub(r"\s+", " ", (text or "").replace("\u3000", " ").replace("\xa0", " ")).strip()


def _resolve(href: str | None, base: str) -> str | None:
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


def _host(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower()
    return host[4:] if host.startswith("www.") else host


def _site(host: str) -> str:
    """Registrable domain of a host: pingtan.gov.cn for file.pingtan.gov.cn."""
    labels = host.lower().split(".")
    n = 3 if len(labels) >= 3 and labels[-2] in {"gov", "com", "org", "edu", "net"} else 2
    return ".".join(labels[-n:])


def _words(el: etree._Element) -> Iterator[str]:
    for attr in ("class", "id"):
        for word in re.split(r"[-_\s]+", (el.get(attr) or "").lower()):
            word = word.strip("0123456789")
            if word:
                yield word


def _is_chrome_element(el: etree._Element) -> bool:
    if not isinstance(el.tag, str):
        return False
    if el.tag.lower() in _CHROME_TAGS or (el.get("role") or "").lower() in _CHROME_ROLES:
        return True
    for word in _words(el):
        if word in _CHROME_EXACT:
            return True
        if any(word.startswith(a) or word.endswith(a) for a in _CHROME_AFFIX):
            return True
    return False


def _in_chrome(el: etree._Element) -> bool:
    return any(_is_chrome_element(a) for a in (el, *el.iterancestors()))


def _anchor_title(a: etree._Element) -> str:
    """Anchor text, or its title attribute when the text is a truncated copy of it."""
    text = _clean(a.text_content())
    title = _clean(a.get("title"))
    stem = text.rstrip(".…").strip()
    if title and (not stem or (len(title) >= len(stem) and title.startswith(stem))):
        return title
    return text or title


def _iso_date(text: str) -> str | None:
    m = _DATE_RE.search(text)
    if not m:
        return None
    year, month, day = (int(g) for g in m.groups())
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def _row_date(a: etree._Element) -> str | None:
    """The date shown in the anchor's row (li, tr, dd, p) outside the anchor text."""
    row = next((x for x in a.iterancestors() if x.tag in _ROW_TAGS), a.getparent())
    if row is None:
        return None
    own = _clean(a.text_content())
    text = _clean(row.text_content())
    return _iso_date(text.replace(own, " ", 1) if own else text)


def _within(url: str, hosts: Collection[str], section_prefix: str | None) -> bool:
    if _host(url) not in hosts:
        return False
    return section_prefix is None or urlsplit(url).path.startswith(section_prefix)


def _is_listing_url(url: str, page_url: str) -> bool:
    parts = urlsplit(url)
    if url == page_url or _INDEX_PATH_RE.search(parts.path):
        return True
    return bool(_page_query_key(parts.query))


# --- reply links ----------------------------------------------------------------------


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
    scripts (JSON arrays of ``{title, url}`` objects, HTML strings) are read too. With
    ``link_selector`` (CSS; anchors or their containers) only the selected anchors are taken
    and the chrome and shape tests are skipped.
    """
    allowed = {_host(url), *(_host(f"//{h}") for h in hosts)}
    excluded = set(exclude)
    found: dict[str, ReplyLink] = {}

    def keep(link: ReplyLink) -> None:
        if link.url in excluded or not _within(link.url, allowed, section_prefix):
            return
        old = found.get(link.url)
        if old is None:
            found[link.url] = link
        elif old.date is None and link.date is not None:
            found[link.url] = ReplyLink(old.url, old.title or link.title, link.date, old.via)

    stripped = html.lstrip() if html else ""
    if stripped[:1] in ("[", "{"):
        for link in _json_links(stripped, url, url):
            keep(link)
        return list(found.values())
    doc = _parse(html)
    if doc is None:
        return []
    base = _base_url(doc, url)
    if link_selector:
        for a in _selected_anchors(doc, link_selector):
            target = _resolve(a.get("href"), base)
            if target and target != url:
                keep(ReplyLink(target, _anchor_title(a), _row_date(a)))
        return list(found.values())
    for link in _anchor_links(doc, base, url, via="html"):
        keep(link)
    for link in _script_links(doc, base, url):
        keep(link)
    return list(found.values())


def _selected_anchors(doc: lxml.html.HtmlElement, selector: str) -> Iterator[etree._Element]:
    for el in CSSSelector(selector)(doc):
        yield from ([el] if el.tag == "a" else el.iter("a"))


def _is_button(a: etree._Element) -> bool:
    """``<a href="…#" onclick="…">``: a script button (纠错, 收藏), not a link."""
    return bool(a.get("onclick")) and (a.get("href") or "").strip().endswith("#")


def _looks_like_reply(target: str, title: str, page_url: str) -> bool:
    """Detail-page URL shape, or a reply-like title on a non-listing page (not a file)."""
    if _is_listing_url(target, page_url) or _ext_of(urlsplit(target).path):
        return False
    if is_reply_url(target):
        return True
    return is_reply_title(title) and not _NON_PAGE_EXT_RE.search(urlsplit(target).path)


def _anchor_links(
    root: etree._Element, base: str, page_url: str, *, via: str
) -> Iterator[ReplyLink]:
    for a in root.iter("a"):
        target = _resolve(a.get("href"), base)
        if target is None or _is_button(a) or _in_chrome(a):
            continue
        title = _anchor_title(a)
        if _looks_like_reply(target, title, page_url):
            yield ReplyLink(target, title, _row_date(a), via)


def _script_links(doc: lxml.html.HtmlElement, base: str, page_url: str) -> Iterator[ReplyLink]:
    """Reply links in list data that scripts carry: JSON / JS arrays and HTML strings."""
    for script in doc.iter("script"):
        text = script.text or ""
        if len(text) < 20 or script.get("src"):
            continue
        yield from _json_links(text, base, page_url)
        if "<a" in text and "href" in text:
            fragment = _parse(f"<div>{_strip_cdata(text)}</div>")
            if fragment is not None:
                yield from _anchor_links(fragment, base, page_url, via="script")


def _strip_cdata(text: str) -> str:
    return text.replace("<![CDATA[", "").replace("]]>", "")


_URL_KEYS = ("url", "href", "link", "linkurl", "docurl", "docpuburl", "puburl", "detailurl")
_TITLE_KEYS = ("title", "doctitle", "name", "subject", "bt", "topic")
_DATE_KEYS = ("date", "pubdate", "publishdate", "publishedtime", "docreltime", "time",
              "releasedate", "fbrq", "createtime", "pubtime")


def _json_links(text: str, base: str, page_url: str) -> Iterator[ReplyLink]:
    for value in _json_values(text):
        for obj in _json_objects(value):
            keys = {k.lower(): v for k, v in obj.items() if isinstance(k, str)}
            href = next((keys[k] for k in _URL_KEYS if isinstance(keys.get(k), str)), None)
            title = next((keys[k] for k in _TITLE_KEYS if isinstance(keys.get(k), str)), "")
            target = _resolve(href, base)
            if target is None:
                continue
            title = _clean(re.sub(r"<[^>]+>", "", title))
            if _looks_like_reply(target, title, page_url):
                raw_date = next((str(keys[k]) for k in _DATE_KEYS if keys.get(k)), "")
                yield ReplyLink(target, title, _iso_date(raw_date), "json")


def _json_objects(value: Any) -> Iterator[dict]:
    if isinstance(value, dict):
        yield value
        for v in value.values():
            yield from _json_objects(v)
    elif isinstance(value, list):
        for v in value:
            yield from _json_objects(v)


def _json_values(text: str) -> Iterator[Any]:
    """JSON values found in script text: whole-text JSON, else each top-level ``[{`` array."""
    try:
        yield json.loads(text)
        return
    except ValueError:
        pass
    for start in (m.start() for m in re.finditer(r"\[\s*\{", text)):
        chunk = _balanced(text, start)
        if chunk is None:
            continue
        for candidate in (chunk, _js_to_json(chunk)):
            try:
                yield json.loads(candidate)
                break
            except ValueError:
                continue


def _balanced(text: str, start: int, limit: int = 2_000_000) -> str | None:
    """The bracketed expression starting at ``text[start]``, string-literal aware."""
    depth, quote, escaped = 0, "", False
    for i in range(start, min(len(text), start + limit)):
        ch = text[i]
        if quote:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == quote:
                quote = ""
        elif ch in "\"'":
            quote = ch
        elif ch in "[{":
            depth += 1
        elif ch in "]}":
            depth -= 1
            if depth == 0:
                return text[start : i + 1]
    return None


def _js_to_json(chunk: str) -> str:
    """Loosen a JS literal into JSON: single-quoted strings, bare keys, trailing commas."""
    def requote(m: re.Match[str]) -> str:
        return json.dumps(m.group(1).replace("\\'", "'"))

    out = re.sub(r"'((?:[^'\\]|\\.)*)'", requote, chunk)
    out = re.sub(r"([{,]\s*)([A-Za-z_$][\w$]*)\s*:", r'\1"\2":', out)
    return re.sub(r",\s*([}\]])", r"\1", out)


def chrome_links(pages: Iterable[tuple[str, str]]) -> set[str]:
    """Absolute URLs linked from every one of several pages of a portal (its site chrome)."""
    common: set[str] | None = None
    for html, url in pages:
        doc = _parse(html)
        if doc is None:
            continue
        base = _base_url(doc, url)
        links = {t for a in doc.iter("a") if (t := _resolve(a.get("href"), base))}
        common = links if common is None else common & links
    return common or set()


# --- pagination -----------------------------------------------------------------------

_NEXT_WORDS = frozenset(
    {
        "下一页", "下页", "后页", "上一页", "上页", "前页", "尾页", "末页", "最后一页", "最末页",
        "next", "previous", "prev", "last", ">", ">>", "<", "<<", "›", "»", "‹", "«",
    }
)
_PAGE_QUERY_KEYS = (
    "page", "pageNo", "pageno", "pageNum", "pagenum", "pageIndex", "pageindex", "pn", "p",
    "currentPage", "curPage", "cpage", "pageNumber", "page_no", "currpage",
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


def _page_query_key(query: str) -> str | None:
    keys = {k for k, v in parse_qsl(query) if v.isdigit()}
    return next((k for k in _PAGE_QUERY_KEYS if k in keys), None)


def _page_url_shape(target: str, page_url: str) -> bool:
    """Whether ``target`` looks like another page of the list at ``page_url``."""
    t, p = urlsplit(target), urlsplit(page_url)
    if _host(target) != _host(page_url):
        return False
    t_dir, t_file = posixpath.split(t.path)
    p_dir, p_file = posixpath.split(p.path)
    if re.fullmatch(r"(?:index|default|list)_\d+\.\w+|column-index-\d+\.\w+", t_file):
        return t_dir == p_dir
    if re.search(r"/page/\d+/?$", t.path):
        return True
    if _page_query_key(t.query):
        return t.path == p.path
    stem = posixpath.splitext(p_file)[0] or "index"
    m = re.fullmatch(r"(.+?)_\d+\.\w+", t_file)
    return bool(m and t_dir == p_dir and m.group(1) == re.sub(r"_\d+$", "", stem))


def _in_pager(a: etree._Element) -> bool:
    return any(
        any(w in _PAGER_WORDS or w.startswith("page") for w in _words(x))
        for x in (a, *a.iterancestors())
    )


def find_pagination(html: str, url: str) -> list[str]:
    """Other pages of the list at ``url``, absolute, in discovery order, without ``url``.

    Reads next/下一页/尾页 and page-number links; ``index_N`` pages announced by TRS
    ``createPageHTML(total, current, "index", "html")`` and ``var countPage = N``;
    ``pageChnlInfo`` (recordCount, prepage, maxStaticIndex) as on the Pingtan lists, where
    page 1 embeds up to ``maxStaticIndex`` pages of records and nothing more is needed when
    it holds them all; and ``?page=N`` / ``&pageNo=N`` queries with a known page total
    (共N页, ``totalPage = N``), the query taken from a page link or, when a script draws the
    pager, from the URL the script builds (``"list.shtml?page=" + n``). A ``?page=1`` link
    is left out: page 1 is the start page where paging began, under another address
    (unless the pager counts from 0).
    """
    doc = _parse(html)
    if doc is None:
        return []
    base = _base_url(doc, url)
    scripts = "\n".join(s.text or "" for s in doc.iter("script") if not s.get("src"))
    pages: dict[str, None] = {}
    for found in (
        _pager_anchor_urls(doc, base, url),
        _create_page_html_urls(scripts, url),
        _page_count_var_urls(scripts, doc, base, url),
        _chnl_info_urls(scripts, html, url),
        _query_range_urls(doc, base, url, scripts),
    ):
        for page in found:
            pages.setdefault(page, None)
    zero_based = any(_page_query_value(p) == "0" for p in (*pages, url))
    return [p for p in pages if not _same_page(p, url)
            and not (_page_query_value(p) == "1" and not zero_based)]


def _page_query_value(url: str) -> str | None:
    """The value of the URL's page-number query key (``page=3`` -> ``"3"``), if any."""
    query = urlsplit(url).query
    key = _page_query_key(query)
    return dict(parse_qsl(query)).get(key) if key else None


def _same_page(a: str, b: str) -> bool:
    """``dir/`` and ``dir/index.htm`` (or default.*) name the same list page."""

    def norm(u: str) -> str:
        parts = urlsplit(u)
        key = _page_query_key(parts.query)
        query = [(k, v) for k, v in parse_qsl(parts.query) if not (k == key and v == "1")]
        path = re.sub(r"/(?:index|default)\.\w+$", "/", parts.path)
        return urlunsplit((parts.scheme, _host(u), path, urlencode(query), ""))

    return norm(a) == norm(b)


def _pager_anchor_urls(doc: lxml.html.HtmlElement, base: str, url: str) -> Iterator[str]:
    for a in doc.iter("a"):
        target = _resolve(a.get("href"), base)
        if target is None or target == url or _host(target) != _host(url):
            continue
        label = _clean(a.text_content()) or _clean(a.get("title"))
        rel_next = (a.get("rel") or "").lower() in ("next", "prev")
        shaped = _page_url_shape(target, url)
        if (
            ((rel_next or label.lower() in _NEXT_WORDS) and not is_reply_url(target))
            or (label.isdigit() and (shaped or _in_pager(a)))
            or (shaped and not _in_chrome(a))
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
    if "createPageHTML" in scripts or _page_query_key(urlsplit(url).query):
        return
    m = re.search(r"\bvar\s+countPage\s*=\s*['\"]?(\d+)", scripts)
    if m:
        directory, ext = _list_dir_and_ext(url, doc)
        yield from _static_pages(directory, "index", ext, int(m.group(1)))


def _chnl_info_urls(scripts: str, html: str, url: str) -> Iterator[str]:
    """Pingtan's ``pageChnlInfo``: static pages only when page 1 does not hold every record."""
    info = _page_chnl_info(scripts)
    if info is None:
        return
    record_count, prepage, max_static = info
    doc = _parse(html)
    embedded = len(find_reply_links(html, url)) if doc is not None else 0
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
    doc = _parse(html)
    if doc is None:
        return None
    scripts = "\n".join(s.text or "" for s in doc.iter("script"))
    info = _page_chnl_info(scripts)
    if info is not None:
        return info[0]
    m = re.search(r"共\s*(\d+)\s*条", _clean(doc.text_content()))
    return int(m.group(1)) if m else None


def _query_range_urls(
    doc: lxml.html.HtmlElement, base: str, url: str, scripts: str
) -> Iterator[str]:
    """All ``?page=N`` pages when the page-number key and the page total are both known.

    Page 1 is left out: it is the list's start page, where paging began (its
    ``?page=1`` address would fetch the same list twice under another URL).
    """
    template = url if _page_query_key(urlsplit(url).query) else None
    if template is None:
        for a in doc.iter("a"):
            target = _resolve(a.get("href"), base)
            if target and _page_query_key(urlsplit(target).query) and _page_url_shape(target, url):
                template = target
                break
    if template is None:
        template = _script_page_template(scripts, base, url)
    if template is None:
        return
    total = _announced_page_total(doc, scripts) or _max_linked_page(doc, base, url)
    if total is None:
        return
    parts = urlsplit(template)
    key = _page_query_key(parts.query)
    query = parse_qsl(parts.query, keep_blank_values=True)
    current = dict(parse_qsl(urlsplit(url).query)).get(key or "", "1")
    for n in range(2, min(total, _MAX_PAGES) + 1):
        if str(n) == current:
            continue
        new_query = urlencode([(k, str(n) if k == key else v) for k, v in query])
        yield urlunsplit((parts.scheme, parts.netloc, parts.path, new_query, ""))


_PAGE_KEYS_ALT = "|".join(map(re.escape, _PAGE_QUERY_KEYS))
_SCRIPT_PAGE_URL_RE = re.compile(rf"""(["'])([^"'\s<>]*[?&](?:{_PAGE_KEYS_ALT})=)\1\s*\+""")


def _script_page_template(scripts: str, base: str, url: str) -> str | None:
    """A ``?page=N`` URL that a pager script builds, ``"list.shtml?page=" + n``, as page 1.

    Pagers drawn by script (``javascript:goPage(n)`` buttons) leave no page link in the
    HTML; the URL is only in the script. Taken when it names this list (same path, or the
    folder's index page).
    """
    for m in _SCRIPT_PAGE_URL_RE.finditer(scripts):
        target = _resolve(m.group(2) + "1", base)
        if target and (_page_url_shape(target, url) or _same_list_path(target, url)):
            return target
    return None


def _same_list_path(a: str, b: str) -> bool:
    """``dir/``, ``dir/index.*`` and ``dir/default.*`` on one host: the same list."""
    if _host(a) != _host(b):
        return False

    def norm(u: str) -> str:
        return re.sub(r"/(?:index|default)\.\w+$", "/", urlsplit(u).path)

    return norm(a) == norm(b)


def _max_linked_page(doc: lxml.html.HtmlElement, base: str, url: str) -> int | None:
    """Highest page number among the list's own ``?page=N`` links (尾页 included)."""
    numbers = []
    for a in doc.iter("a"):
        target = _resolve(a.get("href"), base)
        if target and _page_url_shape(target, url):
            parts = urlsplit(target)
            key = _page_query_key(parts.query)
            if key:
                numbers.append(int(dict(parse_qsl(parts.query))[key]))
    return max(numbers) if numbers else None


def _announced_page_total(doc: lxml.html.HtmlElement, scripts: str) -> int | None:
    m = _TOTAL_PAGES_TEXT_RE.search(_clean(doc.text_content()))
    if m:
        return int(m.group(1) or m.group(2))
    m = _PAGE_COUNT_VAR_RE.search(scripts)
    return int(m.group(1)) if m else None


# --- attachments ----------------------------------------------------------------------

_ATTACHMENT_LABEL_RE = re.compile(r"附件|下载|download", re.I)
_DOWNLOAD_URL_RE = re.compile(r"download|attach|filedown|getfile|fileid", re.I)


def _ext_of(name: str) -> str:
    m = re.search(r"\.([A-Za-z]{2,5})$", name.strip())
    ext = m.group(1).lower() if m else ""
    return ext if ext in ATTACHMENT_TYPES else ""


def find_attachment_links(
    html: str, url: str, *, hosts: Collection[str] = ()
) -> list[AttachmentLink]:
    """Attachments a reply page offers: PDF, DOC(X), WPS, OFD, XLS(X), in page order.

    Found by extension in ``href``, in TRS ``OLDSRC`` attributes, in the link text or title
    (``…公开内容.wps``), and download links labelled 附件. Only the page's own domain
    (``pingtan.gov.cn`` covers ``www.`` and file hosts under it) and ``hosts`` are kept.
    """
    doc = _parse(html)
    if doc is None:
        return []
    base = _base_url(doc, url)
    sites = {_site(_host(url)), *(_site(h) for h in hosts)}
    found: dict[str, AttachmentLink] = {}
    for el in doc.iter("a", "iframe", "embed", "object"):
        link = None if _in_chrome(el) else _attachment_of(el, base)
        if link and _site(_host(link.url)) in sites and link.url not in found:
            found[link.url] = link
    return list(found.values())


def _attachment_of(el: etree._Element, base: str) -> AttachmentLink | None:
    raw = el.get("href") or el.get("src") or el.get("data")
    target = _resolve(raw, base)
    if target is None:
        oldsrc = el.get("oldsrc")
        target = _resolve(oldsrc, base) if oldsrc else None
    if target is None:
        return None
    path_name = unquote(posixpath.basename(urlsplit(target).path))
    label = _clean(el.text_content()) if el.tag == "a" else ""
    title = _clean(el.get("title"))
    ext = (
        _ext_of(path_name)
        or _ext_of(el.get("oldsrc") or "")
        or _ext_of(title)
        or _ext_of(label)
    )
    if not ext and not (
        _ATTACHMENT_LABEL_RE.search(label or title) and _DOWNLOAD_URL_RE.search(target)
    ):
        return None
    filename = next((n for n in (title, label) if _ext_of(n)), "")
    if not filename:
        filename = path_name if _ext_of(path_name) else (label or title or path_name)
    return AttachmentLink(target, filename, ext, label or title)
