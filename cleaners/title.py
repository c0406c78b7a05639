"""The document's own title: ArticleTitle-style metadata, the article's heading, <title>.

The heading is chosen among the page's headings (``h1``–``h6``) and elements whose class
names a title (``article-title``, ``tit`` …), leaving out those made of links or reading
as chrome (a breadcrumb ``首页 > 图片新闻``, a menu tab, a related-box caption ``相关推荐``).
With the body known, a heading next to it wins (just before it or opening it: the
article's heading sits there, the column caption and the logo elsewhere), first the one
that the browser title repeats; on a page without ``h1``, else the longest one just
before the body or opening it (a column caption is shorter than an article title).
Failing all, the browser title without the site name (its last part).
A title the page splits over two lines of its heading (``<br>``) or over two headings
(``<h1>某局关于…会议</h1><h1>第12号提案的答复</h1>``) is joined back when the second part
continues the first: the browser title holds the two as one, or the first part leaves a
``关于``/``对`` phrase open (or ends on 和, 与, 的 …), or is the issuer (…局, …办公室)
over a second part that opens with 关于/对, and the second ends on a document's head noun
(答复, 复函, 通知, 意见 …). A subtitle (``——记…``) is no continuation.
A subheading right after the title's heading and outside the body (``<h2>`` under the
``<h1>``) is the body's first line (:func:`subtitle`).
"""

from __future__ import annotations

import re

from lxml import etree

from .boilerplate import is_boilerplate, is_chrome
from .chars import strip_spaces
from .normalise import fold_width
from .pagetext import PageText

__all__ = ["article_title", "meta_content", "subtitle"]

_TITLE_METAS = ("ArticleTitle", "articletitle", "og:title", "dc.title", "DC.title",
                "twitter:title")
_TITLE_CLASS = re.compile(r"(^|[\s_-])(article[_-]?title|arti[_-]?title|con[_-]?title|"
                          r"detail[_-]?title|news[_-]?title|title|bt|tit)($|[\s_-])", re.I)
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_CANDIDATES = etree.XPath(
    "//body//*[self::h1 or self::h2 or self::h3 or self::h4 or self::h5 or self::h6 or "
    "((self::div or self::td or self::p or self::span) and (@class or @id))]")
_SEPARATORS = re.compile(r"\s*(?:[_|｜]|\s-\s|\s—\s|--)\s*")
MIN_TITLE, MAX_TITLE = 4, 150
MAX_LINKS = 0.5  # a heading mostly of links is a menu or a breadcrumb
NEAR_BEFORE, NEAR_INSIDE = 300, 60  # visible characters around the body's start


def meta_content(root: etree._Element, *names: str) -> str:
    """The first non-empty ``<meta name|property=…>`` content among ``names``."""
    wanted = {n.lower() for n in names}
    for meta in root.iter("meta"):
        key = (meta.get("name") or meta.get("property") or "").lower()
        if key in wanted and (meta.get("content") or "").strip():
            return meta.get("content").strip()
    return ""


def _first_line(page: PageText, el: etree._Element) -> str:
    for line in page.lines_of(el).split("\n"):
        if line.strip():
            return " ".join(line.split())
    return ""


# Where a title's first part stays open, and the head nouns a document title ends on.
_OPEN_END = re.compile(r"(?:关于|对|和|与|及|暨|的|、|,|，|就)$")
_OPEN_PHRASE = re.compile(r"(?:关于|对)(?!.*的)")
_HEAD_NOUN = re.compile(
    r"(?:答复|复函|回复|函|通知|意见|报告|提案|建议|议案|决定|办法|方案|公告|批复|通报|规定|细则"
    r"|公示|说明|总结|计划|纪要|答复意见|办理情况)(?:\([^()]*\))?$")
_ISSUER_END = re.compile(r"(?:局|委|厅|办|办公室|院|会|政府|部|中心|处|所|站|署|委员会|管委会)$")
_MATTER_START = re.compile(r"(?:关于|对)")
_NOT_CONTINUATION = re.compile(r"^(?:——|--|-|—|\(|（|\d{4}[-年./])")


def _continues(first: str, second: str, browser: str) -> bool:
    """True when ``second`` is the rest of a title whose first part is ``first``."""
    a, b = strip_spaces(first), strip_spaces(second)
    if not a or not b or len(a) + len(b) > MAX_TITLE or _NOT_CONTINUATION.match(b) \
            or is_boilerplate(fold_width(second)):
        return False
    if len(a) >= MIN_TITLE and a + b in browser:
        return True
    if not _HEAD_NOUN.search(b):
        return False
    # an open first part, or the issuer over the 关于… part (某区政府办公室 / 关于…的答复)
    return bool(_OPEN_END.search(a) or _OPEN_PHRASE.search(a)
                or (_ISSUER_END.search(a) and _MATTER_START.match(b)))


def _next_heading(el: etree._Element) -> etree._Element | None:
    """The element right after ``el`` when it is a heading, or an element of the same tag
    and class (``div.title`` twice); a button row classed ``title_btns`` is neither."""
    nxt = el.getnext()
    while nxt is not None and not isinstance(nxt.tag, str):
        nxt = nxt.getnext()
    if nxt is None or not (nxt.tag in _HEADINGS or (
            nxt.tag == el.tag and nxt.get("class") == el.get("class") and el.get("class"))):
        return None
    return nxt


def _heading_text(page: PageText, el: etree._Element, browser: str) -> str:
    """The heading's first line, joined with the lines (a ``<br>``) or the heading after it
    that continue it."""
    lines = [" ".join(line.split()) for line in page.lines_of(el).split("\n") if line.strip()]
    text = lines[0] if lines else ""
    for line in lines[1:]:
        if not _continues(text, line, browser):
            return text
        text += line
    nxt = _next_heading(el)
    if nxt is not None and len(lines) <= 1 and (more := _first_line(page, nxt)) \
            and _continues(text, more, browser):
        text += more
    return text


def _browser_text(root: etree._Element) -> str:
    el = root.find(".//title")
    return strip_spaces("".join(el.itertext())) if el is not None else ""


def _candidates(page: PageText) -> list[tuple[etree._Element, int, str]]:
    """Headings and title-classed elements: (element, where its text starts, its first
    line), in document order, without menus, breadcrumbs and chrome captions."""
    found = []
    browser = _browser_text(page.root)
    for el in _CANDIDATES(page.root):
        if el.tag not in _HEADINGS and not _TITLE_CLASS.search(
                f"{el.get('class') or ''} {el.get('id') or ''}"):
            continue
        text = _heading_text(page, el, browser)
        folded = fold_width(text)
        if MIN_TITLE <= len(text) <= MAX_TITLE and page.link_density(el) <= MAX_LINKS \
                and not is_chrome(folded) and not is_chrome(strip_spaces(folded)):
            found.append((el, page.text_range(el)[0], text))
    return found


def _browser_parts(root: etree._Element) -> list[str]:
    el = root.find(".//title")
    text = " ".join("".join(el.itertext()).split()) if el is not None else ""
    return [p for p in _SEPARATORS.split(text) if p.strip()]


def _near_body(page: PageText, body: etree._Element, candidates, parts: list[str]) -> str:
    """The heading next to the body that the browser title repeats (the longest), else,
    on a page without ``h1``, the longest heading just before the body or opening it."""
    start = page.text_range(body)[0]
    near = [(at, text) for _, at, text in candidates
            if start - NEAR_BEFORE <= at <= start + NEAR_INSIDE]
    browser = strip_spaces("".join(parts))
    repeated = [text for _, text in near if strip_spaces(text) in browser]
    if repeated:
        return max(repeated, key=len)
    if any(el.tag == "h1" for el, _, _ in candidates):
        return ""  # the page's own h1 (a section heading opening the body is no title)
    before = [text for at, text in near if at <= start]
    return max(before, key=len) if before else ""


def article_title(page: PageText, body: etree._Element | None = None) -> str:
    """Title from metadata, else the article's heading (next to ``body`` when it is
    known; never a heading that is the browser title's last part, the site's name in its
    logo), else the browser title without its last part (the site name)."""
    root = page.root
    for name in _TITLE_METAS:
        value = meta_content(root, name)
        if MIN_TITLE <= len(value) <= MAX_TITLE:
            return value
    candidates = _candidates(page)
    parts = _browser_parts(root)
    if body is not None and (near := _near_body(page, body, candidates, parts)):
        return near
    site = parts[-1] if len(parts) > 1 else None  # a logo's heading names the site
    h1 = [text for el, _, text in candidates if el.tag == "h1" and text != site]
    named = [text for el, _, text in candidates if el.tag not in _HEADINGS[1:] and text != site]
    if h1 or named:
        return (h1 or named)[0]
    own = parts[:-1] if len(parts) > 1 else parts
    return max(own, key=len) if own else ""


def _heading_of(page: PageText, title: str, before: int) -> etree._Element | None:
    """The element holding the title's text just before ``before`` (and little else)."""
    at = page.find(title)
    if at < 0 or at >= before:
        at = page.text.rfind(title, max(0, before - NEAR_BEFORE * 4), before)
    if at < 0:
        return None
    el = page.owner_at(at)
    while page.text_length(el) < len(title) and el.getparent() is not None:
        el = el.getparent()
    return el if page.text_length(el) <= len(title) + MIN_TITLE else None


def subtitle(page: PageText, body: etree._Element, title: str) -> str:
    """A subheading printed right after the title's heading, outside the body (``<h1>`` the
    title, ``<h2>`` the subtitle, then the info line and the body): its text, or ''."""
    flat = strip_spaces(title)
    start = page.text_range(body)[0]
    heading = _heading_of(page, flat, start) if len(flat) >= MIN_TITLE else None
    sub = heading.getnext() if heading is not None else None
    while sub is not None and not isinstance(sub.tag, str):
        sub = sub.getnext()
    if sub is None or sub.tag not in _HEADINGS[1:4] or sub is body:
        return ""
    line = _first_line(page, sub)
    if MIN_TITLE <= len(line) <= MAX_TITLE and page.text_range(sub)[1] <= start \
            and not page.link_density(sub) and not is_boilerplate(fold_width(line)) \
            and strip_spaces(line) not in flat:
        return line
    return ""
