"""Find the element that holds the document body: a cascade of named stages.

Like trafilatura's own cascade (its extractor, then readability and jusText fallbacks),
each stage either answers or hands over to the next; the winner's name is kept
(``Located.method``, the sidecar's ``extractor``):

1. ``hint``: the portal's known container (CSS selector, compiled once);
2. ``trafilatura``: the deepest element holding ``COVERAGE`` of trafilatura's text (so
   the body keeps the page's own block and table structure), narrowed to the child that
   holds nearly all its prose when what that child leaves out is mostly links (menus and
   related links trafilatura took along with a layout table), widened while its parent
   adds much more prose (a lead paragraph or a reference list outside the densest block),
   or a lead in a block or two of its own right before it (no link in them);
3. ``title``: the largest prose block right after the title's heading (a Word-pasted
   table body that trafilatura passes over for the menus);
4. ``class``: an element whose class/id names it as the content (``article_content`` …);
5. ``density``: a readability-style punctuation-density score;
6. ``body``: ``<body>`` itself.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from lxml import etree

from .boilerplate import is_frame
from .chars import strip_spaces
from .pagetext import PROSE_PUNCT, PageText
from .posts import thread_posts
from .selectors import select_all
from .title import article_title

__all__ = ["STAGES", "TRAFILATURA_OPTIONS", "Located", "locate_body", "trafilatura_text"]

MIN_ANCHOR_CHARS = 40  # trafilatura output below this is "too little"
COVERAGE = 0.85  # the container holds this share of trafilatura's text …
MIN_PRECISION = 0.7  # … and its own text is mostly trafilatura's, else the best match wins
MIN_RECALL = 0.5
MIN_PROSE_SHARE = 0.25  # below: trafilatura returned menus (it fell back to the whole page)
MIN_SEGMENT = 4
MAX_SEGMENTS = 400  # trafilatura's pieces sampled to place its text (bounds the cost)
MAX_LINKS = 0.5  # a body with more link text than this is a menu
CORE_SHARE, MIN_CORE_PROSE = 0.9, 5  # a child holding this share of the prose is the core
# … when what it leaves out is mostly links, or has no prose (a copyright line's colon
# or two) and a good share of links (an info table beside a related-links box)
MAX_OUTSIDE_PROSE, MIN_OUTSIDE_LINKS = 2, 0.3
MIN_TITLE, TITLE_SLACK = 6, 12  # a heading holds the title and at most this much more
TITLE_LEVELS, TITLE_SIBLINGS, TITLE_COPIES = 3, 5, 4
FRAME_PROBE = 200
MAX_TITLE_LINKS = 0.3
MAX_FULL_SCANS = 64  # pieces that are no whole text piece, looked for in the whole text …
SEARCH_WINDOW = 4096  # … then only just after the last piece placed


@dataclass
class Located:
    """The body element, which stage found it, and the page's text model."""

    element: etree._Element
    # the winning stage: "hint", "trafilatura", "title", "class", "density", "body"; with
    # "+posts" when the body is a forum thread's posts (``parts``)
    method: str
    page: PageText
    parts: tuple[etree._Element, ...] = ()  # every post of a thread, ``element`` among them

    @property
    def elements(self) -> tuple[etree._Element, ...]:
        """What the body is made of: the posts of a thread, else the one element."""
        return self.parts or (self.element,)


# trafilatura tuned for an anchor: tables kept, comments off, no cross-document cache, no
# fallback extractors (readability, jusText: the cascade has its own fallback stages).
TRAFILATURA_OPTIONS = {
    "fast": True,
    "include_tables": True,
    "include_comments": False,
    "include_images": False,
    "deduplicate": False,
    "favor_recall": True,
}


def trafilatura_text(tree: etree._Element, url: str | None = None) -> str:
    """trafilatura's main text with :data:`TRAFILATURA_OPTIONS` (imported on first use: the
    hint path never needs it)."""
    import trafilatura

    return trafilatura.extract(tree, url=url, **TRAFILATURA_OPTIONS) or ""


def _is_prose(extracted: str) -> bool:
    """True when most of ``extracted`` is in lines with sentence punctuation (not menus)."""
    lines = [line.strip() for line in extracted.split("\n") if line.strip()]
    total = sum(len(line) for line in lines)
    prose = sum(len(line) for line in lines if PROSE_PUNCT.search(line))
    return total > 0 and prose / total >= MIN_PROSE_SHARE


def _segments(extracted: str) -> list[str]:
    """Distinct text pieces of trafilatura's output (a repeated copy counts once), sampled
    evenly down to ``MAX_SEGMENTS``."""
    segs: dict[str, None] = {}
    for line in extracted.split("\n"):
        for cell in line.split("|"):
            seg = strip_spaces(cell)
            if len(seg) >= MIN_SEGMENT:
                segs.setdefault(seg)
    found = list(segs)
    if len(found) > MAX_SEGMENTS:
        step = len(found) / MAX_SEGMENTS
        found = [found[int(i * step)] for i in range(MAX_SEGMENTS)]
    return found


def _lca(a: etree._Element, b: etree._Element) -> etree._Element:
    if a is b:
        return a
    seen = {a, *a.iterancestors()}
    while b is not None and b not in seen:
        b = b.getparent()
    return b if b is not None else a


def _depth(el: etree._Element) -> int:
    return sum(1 for _ in el.iterancestors())


def _anchor(page: PageText, extracted: str) -> etree._Element | None:
    """The deepest element holding ``COVERAGE`` of trafilatura's text."""
    weights: dict[etree._Element, int] = {}
    total = cursor = 0
    full_scans = MAX_FULL_SCANS
    for seg in _segments(extracted):
        at = page.find(seg)  # a whole text piece: its first copy (a print copy comes later)
        if at < 0 and full_scans:  # pieces joined by trafilatura: their first copy too …
            full_scans -= 1
            at = page.text.find(seg)
        elif at < 0:  # … up to a budget; then just after the last piece placed
            at = page.text.find(seg, cursor, cursor + SEARCH_WINDOW)
        if at < 0:
            continue
        cursor = at + len(seg)
        owner = _lca(page.owner_at(at), page.owner_at(at + len(seg) - 1))
        for el in (owner, *owner.iterancestors()):
            weights[el] = weights.get(el, 0) + len(seg)
        total += len(seg)
    if total < MIN_ANCHOR_CHARS:
        return None
    best, best_depth = None, -1
    for el, weight in weights.items():
        if weight >= COVERAGE * total:
            depth = _depth(el)
            if depth > best_depth:
                best, best_depth = el, depth
    size = len(strip_spaces(extracted))
    if best is not None and _precision(page, best, weights[best] / total, size) < MIN_PRECISION:
        matched = _best_f1(page, weights, total, size)  # trafilatura added far-off text
        best = matched if matched is not None else best
    return _block(best) if best is not None else None


def _precision(page: PageText, el: etree._Element, recall: float, size: int) -> float:
    """Share of ``el``'s text that is trafilatura's: its share of trafilatura's text (from
    the pieces placed) times trafilatura's length over ``el``'s."""
    length = page.text_length(el)
    return min(1.0, recall * size / length) if length else 0.0


def _best_f1(page: PageText, weights: dict[etree._Element, int], total: int, size: int):
    """The element whose text best matches trafilatura's (F1 of the two), among those
    holding ``MIN_RECALL`` of it: when trafilatura also took a footer or a side box, the
    element holding 85 % of its text is a page wrapper, the best match is the article."""
    best, best_f1 = None, 0.0
    for el, weight in weights.items():
        recall = weight / total
        precision = _precision(page, el, recall, size)
        if recall < MIN_RECALL or not precision or _is_site_frame(page, el):
            continue
        f1 = 2 * precision * recall / (precision + recall)
        if f1 > best_f1:
            best, best_f1 = el, f1
    return best


_CONTAINERS = frozenset({"div", "td", "th", "article", "section", "main", "center",
                         "blockquote", "form", "dd", "body"})


def _block(el: etree._Element) -> etree._Element:
    """``el`` or its nearest ancestor that can hold a whole document (not a paragraph)."""
    while el.getparent() is not None and el.tag not in _CONTAINERS:
        el = el.getparent()
    return el


# A readers' comment section (sina-comment-wrap, blk-comment, gentie, pinglun_box): its
# prose is the readers', not the article's. A whole token of a class or id, so that
# ``commentary`` (an opinion column) is no comment section.
_COMMENT_NAME = re.compile(r"(?:^|[\s_-])(?:comments?|cmnt|gentie|pinglun)(?:$|[\s_-])", re.I)
_NAMED_ANY = etree.XPath("//*[@class or @id]")


def _comment_sections(page: PageText) -> list[etree._Element]:
    """The outermost elements of the page named as a comment section."""
    found: list[etree._Element] = []
    for el in _NAMED_ANY(page.root):
        if _COMMENT_NAME.search(f"{el.get('class') or ''} {el.get('id') or ''}") and \
                not any(other in found for other in el.iterancestors()):
            found.append(el)
    return found


def _comment_prose(sections: list[etree._Element], parent: etree._Element,
                   el: etree._Element, page: PageText) -> int:
    """The prose ``parent`` holds in comment sections beside ``el`` (not inside it)."""
    total = 0
    for section in sections:
        ancestors = set(section.iterancestors())
        if parent in ancestors and el not in ancestors and el is not section:
            total += page.prose(section)
    return total


_ANY_LINK = etree.XPath("boolean(.//a[@href])")


def _lead_before(parent: etree._Element, el: etree._Element) -> bool:
    """True when what ``parent`` holds besides ``el`` is a lead before it: a block or two,
    all ahead of ``el``, with no link in them (an editor's lead paragraph in its own
    wrapper; a box of related links or a pager is no lead)."""
    others = [child for child in parent if child is not el and isinstance(child.tag, str)]
    if not 0 < len(others) <= 2 or parent.index(others[-1]) > parent.index(el):
        return False
    return not any(_ANY_LINK(child) for child in others)


def _widen(page: PageText, el: etree._Element) -> etree._Element:
    """Move up while the parent adds a good deal of prose (trafilatura kept only part),
    not counting the prose of a comment section beside the article; or, past wrappers that
    add nothing, while the ancestor adds only a lead before it (``_lead_before``)."""
    punct = page.prose(el)
    sections: list[etree._Element] | None = None
    child, up, wrapped = el, el.getparent(), False
    while up is not None and up.tag not in ("body", "html"):
        p_punct = page.prose(up)
        if p_punct == punct:  # a wrapper: only a lead may still widen past it
            child, up, wrapped = up, up.getparent(), True
            continue
        if wrapped or p_punct < punct * 1.5 + 5:
            if not (p_punct > punct and _lead_before(up, child)):
                break
        else:
            if sections is None:  # found only when a climb is in question
                sections = _comment_sections(page)
            if sections and p_punct - _comment_prose(sections, up, el, page) < punct * 1.5 + 5:
                break
        el, punct = up, p_punct
        child, up, wrapped = up, up.getparent(), False
    return el


_CONTENT_NAME = re.compile(
    r"(^|[\s_-])(article[_-]?content|article[_-]?body|detail[_-]?content|news[_-]?content|"
    r"main[_-]?content|con[_-]?con|ccontent|TRS_Editor|zoom|content|contents|article|"
    r"wz[_-]?con|zwnr|nr|wenzhang[_-]?content|zhengwen|neirong)($|[\s_-])",
    re.I,
)
_NAMED = etree.XPath("//*[self::div or self::td or self::article or self::section or self::main]"
                     "[@class or @id]")


def _named_container(page: PageText) -> etree._Element | None:
    """The most specific element whose class or id names it as the content; one mostly of
    links (a side box) only when no other is named (a body that is one attachment link)."""
    best = {True: (None, -1), False: (None, -1)}
    for el in _NAMED(page.root):
        marker = f"{el.get('class') or ''} {el.get('id') or ''}"
        if _CONTENT_NAME.search(marker) and page.text_length(el):
            plain = page.link_density(el) <= MAX_LINKS
            depth = _depth(el)
            if depth > best[plain][1]:
                best[plain] = (el, depth)
    return best[True][0] if best[True][0] is not None else best[False][0]


def _density(page: PageText) -> etree._Element | None:
    """Readability-style pick: the element whose paragraphs carry the most punctuation."""
    scores: dict[etree._Element, float] = {}
    for node in page.root.iter("p", "div", "td", "span", "font", "li"):
        own = (node.text or "") + "".join(child.tail or "" for child in node)
        count = len(PROSE_PUNCT.findall(own))
        if not count or node.getparent() is None:
            continue
        parent = _block(node.getparent())
        scores[parent] = scores.get(parent, 0) + count
        grand = parent.getparent()
        if grand is not None:
            scores[grand] = scores.get(grand, 0) + count / 2
    if not scores:
        return None
    return max(scores, key=scores.__getitem__)


# -- the stages ----------------------------------------------------------------------------

def _by_hint(page: PageText, container: str | None, url: str | None) -> etree._Element | None:
    found = select_all(page.root, container) if container else []
    return found[0] if found else None


def _by_trafilatura(page: PageText, container: str | None, url: str | None):
    extracted = trafilatura_text(page.root, url)
    anchor = _anchor(page, extracted) if _is_prose(extracted) else None
    if anchor is None or anchor.tag in ("html", "body") or page.link_density(anchor) > MAX_LINKS:
        return None  # nothing, the whole page, or a menu: hand over to the next stage
    return _widen(page, _prose_core(page, anchor))


def _links(page: PageText, el: etree._Element) -> float:
    return page.link_density(el) * page.text_length(el)


def _prose_core(page: PageText, el: etree._Element) -> etree._Element:
    """Down from ``el`` into the child that holds nearly all its prose (``CORE_SHARE``)
    while what the child leaves out is mostly links, or is no prose with a good share of
    links (a page wrapper that trafilatura took whole with the menus, info table and
    related links of a layout): the article's own block. A lead beside it has prose and
    no links, a table without punctuation no links: either keeps ``el``."""
    while True:
        prose = page.prose(el)
        if prose < MIN_CORE_PROSE:
            return el
        core = next((child for child in el if isinstance(child.tag, str)
                     and page.prose(child) >= CORE_SHARE * prose), None)
        if core is None:
            return el
        outside = page.text_length(el) - page.text_length(core)
        links = _links(page, el) - _links(page, core)
        bare = prose - page.prose(core) <= MAX_OUTSIDE_PROSE
        if outside <= 0 or not (links >= MAX_LINKS * outside
                                or (bare and links >= MIN_OUTSIDE_LINKS * outside)):
            return el
        el = core


def _headings(page: PageText, title: str) -> list[etree._Element]:
    """Elements that hold the title and little else (the article's heading, an info-table
    cell repeating it …), in document order."""
    found: list[etree._Element] = []
    at = page.text.find(title) if len(title) >= MIN_TITLE else -1
    while at >= 0 and len(found) < TITLE_COPIES:
        el = page.owner_at(at)
        while page.text_length(el) < len(title) and el.getparent() is not None:
            el = el.getparent()
        if page.text_length(el) <= len(title) + TITLE_SLACK:
            found.append(el)
        at = page.text.find(title, at + len(title))
    return found


def _after_heading(page: PageText, heading: etree._Element) -> etree._Element | None:
    """The largest prose block among the siblings that follow ``heading`` (or follow its
    parent or grandparent, when those only wrap the heading)."""
    level = heading
    for _ in range(TITLE_LEVELS):
        if level is None or level.tag in ("body", "html"):
            return None
        following = [el for el in level.itersiblings() if isinstance(el.tag, str)][:TITLE_SIBLINGS]
        good = [el for el in following if page.text_length(el) >= MIN_ANCHOR_CHARS
                and page.link_density(el) <= MAX_TITLE_LINKS and not _is_site_frame(page, el)]
        if good:
            return max(good, key=page.text_length)
        level = level.getparent()
    return None


def _is_site_frame(page: PageText, el: etree._Element) -> bool:
    """True for a footer or breadcrumb block (ICP备, 版权所有, 当前位置 …)."""
    start, end = page.text_range(el)
    return is_frame(page.text[start:min(end, start + FRAME_PROBE)])


def _by_title(page: PageText, container: str | None, url: str | None):
    """The block right after the title's heading (a Word-pasted table body that
    trafilatura passes over for the menus)."""
    for heading in _headings(page, strip_spaces(article_title(page))):
        found = _after_heading(page, heading)
        if found is not None:
            return found
    return None


def _by_class(page: PageText, container: str | None, url: str | None):
    return _named_container(page)


def _by_density(page: PageText, container: str | None, url: str | None):
    dense = _density(page)
    return _widen(page, dense) if dense is not None and dense.tag != "html" else None


def _by_body(page: PageText, container: str | None, url: str | None):
    body = page.root.find("body")
    return body if body is not None else page.root


Stage = Callable[[PageText, "str | None", "str | None"], "etree._Element | None"]
STAGES: tuple[tuple[str, Stage], ...] = (
    ("hint", _by_hint),
    ("trafilatura", _by_trafilatura),
    ("title", _by_title),
    ("class", _by_class),
    ("density", _by_density),
    ("body", _by_body),
)


def locate_body(root: etree._Element, container: str | None = None, url: str | None = None,
                page: PageText | None = None) -> Located:
    """The body element of the page ``root``: the first stage of :data:`STAGES` that answers."""
    page = page if page is not None else PageText(root)
    for name, stage in STAGES:
        found = stage(page, container, url)
        if found is not None:
            posts = thread_posts(found) if name != "hint" else ()
            return Located(found, f"{name}+posts" if posts else name, page, posts)
    raise AssertionError("the body stage always answers")  # pragma: no cover
