"""Find the element that holds the document body.

Order: the portal's known container (CSS selector), then the element that
holds what trafilatura extracts (so the body keeps the page's own block and
table structure); when trafilatura returns too little (or the whole page), an
element whose class/id names it as the content, then a punctuation-density
score, then ``<body>``.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

import trafilatura
from lxml import etree

from .chars import strip_spaces
from .html import SKIP_TAGS

__all__ = ["Located", "locate_body", "trafilatura_text"]

MIN_ANCHOR_CHARS = 40  # trafilatura output below this is "too little"
COVERAGE = 0.85  # the container holds this share of trafilatura's text
MIN_PROSE_SHARE = 0.25  # below: trafilatura returned menus (it fell back to the whole page)
MIN_SEGMENT = 4
_PROSE_PUNCT = re.compile(r"[，。；：、！？,;]")


@dataclass
class Located:
    """The body element and which rule found it."""

    element: etree._Element
    method: str  # "hint", "trafilatura", "density" or "body"


def trafilatura_text(tree: etree._Element, url: str | None = None) -> str:
    """trafilatura's main text, tuned: tables kept, comments off, no cross-document cache."""
    return trafilatura.extract(
        tree,
        url=url,
        include_tables=True,
        include_comments=False,
        include_images=False,
        deduplicate=False,
        favor_recall=True,
    ) or ""


class _TextIndex:
    """All visible text of a tree, white space removed, with the element owning each piece."""

    def __init__(self, root: etree._Element):
        self.owners: list[etree._Element] = []
        self.starts: list[int] = []
        parts: list[str] = []
        pos = 0
        skip_depth = 0
        for event, el in etree.iterwalk(root, events=("start", "end")):
            tag = el.tag if isinstance(el.tag, str) else None
            skipped = tag is None or tag in SKIP_TAGS
            if event == "start":
                if skipped:
                    skip_depth += 1
                    continue
                text = el.text
                owner = el
            else:
                if skipped:
                    skip_depth -= 1
                text = el.tail
                owner = el.getparent()
                if el is root:
                    continue
            if skip_depth or not text or owner is None:
                continue
            piece = strip_spaces(text)
            if piece:
                self.owners.append(owner)
                self.starts.append(pos)
                parts.append(piece)
                pos += len(piece)
        self.text = "".join(parts)

    def owner_at(self, offset: int) -> etree._Element:
        return self.owners[bisect_right(self.starts, offset) - 1]


def _ancestors(el: etree._Element) -> list[etree._Element]:
    chain = []
    while el is not None:
        chain.append(el)
        el = el.getparent()
    return chain


def _lca(a: etree._Element, b: etree._Element) -> etree._Element:
    if a is b:
        return a
    seen = set(_ancestors(a))
    while b is not None and b not in seen:
        b = b.getparent()
    return b if b is not None else a


def _is_prose(extracted: str) -> bool:
    """True when most of ``extracted`` is in lines with sentence punctuation (not menus)."""
    lines = [line.strip() for line in extracted.split("\n") if line.strip()]
    total = sum(len(line) for line in lines)
    prose = sum(len(line) for line in lines if _PROSE_PUNCT.search(line))
    return total > 0 and prose / total >= MIN_PROSE_SHARE


def _segments(extracted: str) -> list[str]:
    """Distinct text pieces of trafilatura's output (a repeated copy counts once)."""
    segs: dict[str, None] = {}
    for line in extracted.split("\n"):
        for cell in line.split("|"):
            seg = strip_spaces(cell)
            if len(seg) >= MIN_SEGMENT:
                segs.setdefault(seg)
    return list(segs)


def _anchor(root: etree._Element, extracted: str, index: _TextIndex) -> etree._Element | None:
    """The deepest element holding ``COVERAGE`` of trafilatura's text."""
    weights: dict[etree._Element, int] = {}
    total = 0
    for seg in _segments(extracted):
        at = index.text.find(seg)  # the first copy (pages may repeat the body for print)
        if at < 0:
            continue
        owner = _lca(index.owner_at(at), index.owner_at(at + len(seg) - 1))
        for el in _ancestors(owner):
            weights[el] = weights.get(el, 0) + len(seg)
        total += len(seg)
    if total < MIN_ANCHOR_CHARS:
        return None
    best = None
    for el, weight in weights.items():
        if weight >= COVERAGE * total and (best is None or _depth(el) > _depth(best)):
            best = el
    return _block(best) if best is not None else None


def _depth(el: etree._Element) -> int:
    return len(_ancestors(el))


_CONTAINERS = frozenset({"div", "td", "th", "article", "section", "main", "center",
                         "blockquote", "form", "dd", "body"})


def _block(el: etree._Element) -> etree._Element:
    """``el`` or its nearest ancestor that can hold a whole document (not a paragraph)."""
    while el.getparent() is not None and el.tag not in _CONTAINERS:
        el = el.getparent()
    return el


def _prose(el: etree._Element) -> tuple[int, int]:
    """(sentence punctuation outside links, total text length) under ``el``."""
    punct = length = 0
    link_depth = 0
    for event, node in etree.iterwalk(el, events=("start", "end")):
        is_link = node.tag == "a"
        if event == "start":
            link_depth += is_link
            if node.text and isinstance(node.tag, str) and node.tag not in SKIP_TAGS:
                length += len(node.text)
                punct += 0 if link_depth else len(_PROSE_PUNCT.findall(node.text))
        else:
            link_depth -= is_link
            if node.tail and node is not el:
                length += len(node.tail)
                punct += 0 if link_depth else len(_PROSE_PUNCT.findall(node.tail))
    return punct, length


def _widen(el: etree._Element) -> etree._Element:
    """Move up while the parent adds a good deal of prose (trafilatura kept only part)."""
    punct, _ = _prose(el)
    while el.getparent() is not None and el.getparent().tag not in ("body", "html"):
        parent = el.getparent()
        p_punct, _ = _prose(parent)
        if p_punct < punct * 1.5 + 5:
            break
        el, punct = parent, p_punct
    return el


_CONTENT_NAME = re.compile(
    r"(^|[\s_-])(article[_-]?content|article[_-]?body|detail[_-]?content|news[_-]?content|"
    r"main[_-]?content|con[_-]?con|ccontent|TRS_Editor|zoom|content|contents|article|"
    r"wz[_-]?con|zwnr|nr)($|[\s_-])",
    re.I,
)


def _named_container(root: etree._Element) -> etree._Element | None:
    """The most specific element whose class or id names it as the content."""
    best = None
    for el in root.iter("div", "td", "article", "section", "main"):
        marker = f"{el.get('class') or ''} {el.get('id') or ''}"
        named = _CONTENT_NAME.search(marker) and "".join(el.itertext()).strip()
        if named and (best is None or _depth(el) > _depth(best)):
            best = el
    return best


def _density(root: etree._Element) -> etree._Element | None:
    """Readability-style pick: the element whose paragraphs carry the most punctuation."""
    scores: dict[etree._Element, float] = {}
    for node in root.iter("p", "div", "td", "span", "font", "li"):
        own = (node.text or "") + "".join(child.tail or "" for child in node)
        count = len(_PROSE_PUNCT.findall(own))
        if not count:
            continue
        parent = _block(node.getparent()) if node.getparent() is not None else None
        if parent is None:
            continue
        scores[parent] = scores.get(parent, 0) + count
        grand = parent.getparent()
        if grand is not None:
            scores[grand] = scores.get(grand, 0) + count / 2
    if not scores:
        return None
    return max(scores, key=scores.__getitem__)


def locate_body(
    root: etree._Element, container: str | None = None, url: str | None = None
) -> Located:
    """The body element of the page ``root`` (see the module docstring for the order)."""
    if container:
        try:
            found = root.cssselect(container)
        except Exception:
            found = []
        if found:
            return Located(found[0], "hint")
    extracted = trafilatura_text(root, url)
    anchor = _anchor(root, extracted, _TextIndex(root)) if _is_prose(extracted) else None
    if anchor is not None and anchor.tag not in ("html", "body"):
        return Located(_widen(anchor), "trafilatura")
    named = _named_container(root)
    if named is not None:
        return Located(named, "class")
    dense = _density(root)
    if dense is not None and dense.tag not in ("html",):
        return Located(_widen(dense), "density")
    body = root.find("body")
    return Located(body if body is not None else root, "body")
