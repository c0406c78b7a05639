"""Drop blocks of links inside the located body: a menu heading it, page actions, related
articles.

A body step. Some pages have no container that separates the article from the site
frame: a page saved again by a word processor (one flat ``div.WordSection1`` of
paragraphs), or a template that puts the menu in the article's own block; and a body
widened to take in the article's lead often takes in the boxes of related articles
below it too.

The signals are the markup's, and for related boxes their caption:

* a run of at least ``MIN_MENU`` blocks at the top, each a short text that is mostly
  the text of links, with no sentence punctuation, followed by a block that is not one;
* anywhere in the body, such a block whose every link opens no document
  (``javascript:void(0)``, ``window.close()``, ``#``, no ``href``): an action on the page
  (an attachment link, even one opened by a script call naming its file, stays);
* a section headed by a related-content caption (``RELATED_LABELS``: 推荐阅读, 相关新闻,
  精彩图集 …) alone in its element, holding ``MIN_RELATED`` more links: the nearest
  ancestor whose text starts with the caption (the article that names one in a sentence
  is no such section, nor is a caption standing directly in the body).

Nothing is dropped from a body made of links only (an index, a list of attachments).
"""

from __future__ import annotations

import re
from itertools import islice

from lxml import etree

from .steps import StepContext

__all__ = ["drop_link_blocks"]

MIN_MENU = 3
MAX_ITEM = 20  # characters of a menu item's text
MIN_LINK_SHARE = 0.6
MAX_WRAPPERS = 3
MIN_RELATED = 2  # links under a related-content label
MAX_LABEL_NODES = 6
MAX_SCAN = 20000  # elements of a body looked at for related-content labels
# the captions of a site's related-content boxes (a box of links to other articles)
RELATED_LABELS = frozenset({
    "推荐阅读", "相关阅读", "相关新闻", "相关文章", "相关报道", "相关稿件", "延伸阅读", "精彩推荐",
    "精彩图集", "热点推荐", "热门推荐", "热门文章", "热点新闻", "猜你喜欢", "为你推荐", "相关推荐",
    "更多阅读", "往期回顾", "更多精彩", "今日推荐",
})
MAX_NODES = 400  # nodes of a menu item or an action's block (word-processor markup is wordy)
_SENTENCE = re.compile(r"[。，；！？,;!?]")
# a link that opens no document: void, a window or history call, an anchor, nothing
_NOWHERE = re.compile(r"\s*(?:javascript:\s*(?:void\b|;|$|(?:window|self|history)\.|"
                      r"(?:print|close)\b)|#|$)", re.IGNORECASE)


_VISIBLE = etree.XPath(".//text()[not(ancestor::script) and not(ancestor::style)]")
_WORDY = re.compile(r"[\w\u4e00-\u9fff]")
_BLOCKS = frozenset({"p", "div", "li", "ul", "ol", "dd", "dt", "dl", "td", "tr", "table", "h1",
                     "h2", "h3", "h4", "h5", "h6", "section", "center", "tbody"})


def _text(el: etree._Element) -> str:
    """The block's visible text without white space ('' for bullets and marks alone)."""
    if el.tag in ("script", "style"):
        return ""
    text = "".join("".join(_VISIBLE(el)).split())
    return text if _WORDY.search(text) else ""


def _blocks(body: etree._Element) -> list[etree._Element]:
    """The body's block children, through wrappers that hold everything (div > div > p)."""
    el = body
    for _ in range(MAX_WRAPPERS):
        children = [c for c in el if isinstance(c.tag, str)]
        if len(children) != 1 or (el.text or "").strip():
            return children
        el = children[0]
    return [c for c in el if isinstance(c.tag, str)]


def _links(el: etree._Element) -> list[etree._Element]:
    return [el] if el.tag == "a" else list(el.iter("a"))


def _is_link_item(el: etree._Element, text: str) -> bool:
    """A short block that is mostly link text and no sentence."""
    if not text or len(text) > MAX_ITEM or _SENTENCE.search(text):
        return False
    linked = sum(len(_text(a)) for a in _links(el))
    return linked >= MIN_LINK_SHARE * len(text)


def _goes_nowhere(el: etree._Element) -> bool:
    links = _links(el)
    return bool(links) and all(_NOWHERE.match(a.get("href") or "") for a in links)


def _small(el: etree._Element, limit: int = MAX_NODES) -> bool:
    """At most ``limit`` nodes: only such a block can be one link item or a caption (a
    bounded look, so no climb or scan reads a large subtree)."""
    return next(islice(el.iter(), limit, None), None) is None


def _claim(el: etree._Element, gone: set[int]) -> bool:
    """Take ``el`` for removal unless it, or a block around it, is taken already."""
    if id(el) in gone or any(id(a) in gone for a in el.iterancestors()):
        return False
    gone.add(id(el))
    return True


def _menu_head(blocks: list[etree._Element]) -> list[etree._Element]:
    run: list[etree._Element] = []
    for el in blocks:
        text = _text(el) if _small(el) else "large"
        if not text:
            continue
        if not _is_link_item(el, text):
            return run if len(run) >= MIN_MENU else []
        run.append(el)
    return []  # links only: nothing follows the "menu"


def _action_block(link: etree._Element, body: etree._Element) -> etree._Element | None:
    """The block that holds nothing but ``link`` and other links going nowhere, or None
    (such a link inside a sentence stays)."""
    el, found = link, None
    while el is not body and el.getparent() is not None and _small(el):
        text = _text(el)
        if not text or not _is_link_item(el, text) or not _goes_nowhere(el):
            break
        if el.tag in _BLOCKS:
            found = el
        el = el.getparent()
    return found


def _actions(body: etree._Element, menu: list[etree._Element]) -> list[etree._Element]:
    """The blocks of page-action links, wherever they stand (outside the menu)."""
    gone = {id(el) for el in menu}
    found: list[etree._Element] = []
    for link in body.iter("a"):
        block = _action_block(link, body) if _NOWHERE.match(link.get("href") or "") else None
        if block is not None and _claim(block, gone):
            found.append(block)
    return found


def _related_section(label: etree._Element, body: etree._Element) -> etree._Element | None:
    """The section a related-content label heads: the nearest ancestor below ``body``
    whose text starts with the label and that holds ``MIN_RELATED`` more links."""
    head, own = _text(label), len(_links(label))
    el = label
    while (parent := el.getparent()) is not None and parent is not body:
        if not _text(parent).startswith(head):
            return None
        if len([a for a in _links(parent) if _text(a)]) - own >= MIN_RELATED:
            return parent
        el = parent
    return None


def _related(body: etree._Element, gone: set[int]) -> list[etree._Element]:
    """The related-content sections in the body (推荐阅读 over a list of links)."""
    found: list[etree._Element] = []
    for el in islice(body.iterdescendants(), MAX_SCAN):
        if not isinstance(el.tag, str) or not _small(el, MAX_LABEL_NODES):
            continue  # a caption is a few nodes at most: nothing bigger is read
        caption = "".join("".join(el.itertext()).split()).rstrip(":：>»")
        if caption not in RELATED_LABELS:
            continue
        section = _related_section(el, body)
        if section is not None and _claim(section, gone):
            found.append(section)
    return found


def drop_link_blocks(body: etree._Element, ctx: StepContext | None = None) -> etree._Element:
    """Remove the menu heading ``body``, the page-action links and the related-content
    sections in it (see the module docstring); each removed block's text goes into
    ``ctx.removed``."""
    head = _menu_head(_blocks(body))
    doomed = head + _actions(body, head)
    doomed += _related(body, {id(el) for el in doomed})
    for el in doomed:
        if ctx is not None:
            ctx.removed.append(_text(el))
        el.drop_tree()
    return body
