"""Keep a sentence whole where the markup broke it around a picture.

A body step (on the located body element, before its lines are rendered). Editors place
pictures inside sentences; the picture's own markup then breaks the line: ``<br>`` before
or after it, a block wrapper holding only the picture (``<div><img></div>``, ``<center>``,
``<p align=center><img></p>``; an empty inline element around it too), or a ``<p>`` the
HTML parser closed where that block opened (``<p>…今年全市</p><p><img></p>新建…``). The
sentence is kept in one paragraph when

* the text before the picture does not end a sentence (no 。！？；：… at its end) and
  reads as prose (a comma inside it, or it ends on 的/和/、 … which end nothing), and
* the text after it continues (a Han character, a digit, an opening quote or bracket, a
  comma; no enumerator ``一、``, no caption ``图为…``/``▲``, no date line).

Only the picture's own markup is undone: its ``<br>`` neighbours go, its wrappers become
inline, the text the parser cut off goes back into its paragraph. A picture between two
real paragraphs (each its own block element, or the first ending a sentence) still
separates them, and so does one in a table.
"""

from __future__ import annotations

import re

from lxml import etree

from .html import BLOCK_TAGS, CELLS, linearise
from .steps import StepContext

__all__ = ["join_image_splits"]

MAX_IMAGES = 200  # pictures examined per body: a gallery page stays linear
_ENDS = re.compile(r"[。！？!?；;：:…．.][”’」』\"')）】]*$|[)）】]$")
_PROSE = re.compile(r"[，,；;]")  # 、 alone also opens headings (一、…)
_WEAK_END = re.compile(r"[的和与及或在对为把被将向从以于之并且而、，,]$")
_CONTINUES = re.compile(r"^[\u3400-\u4dbf\u4e00-\u9fff\d０-９“‘《(（，,、]")
_NOT_CONTINUING = re.compile(
    r"^(?:[一二三四五六七八九十百]+[、.．]|[(（][一二三四五六七八九十\d]+[)）]|\d{1,2}[.、)]"
    r"|[①-⑳]|图[为片示:：\d１-９]|[▲△↑↓]|[(（]图|\d{4}\s*年\s*\d{1,2}\s*月)")
_TABLE_TAGS = frozenset({"table", "tbody", "thead", "tfoot", "tr", "td", "th", "ul", "ol", "li"})
_P_CLOSERS = frozenset({"p"})  # the element the HTML parser closes when a block opens inside


def _is_block(el: etree._Element) -> bool:
    """True when ``el`` is or holds a line-making element (a block, a table cell)."""
    return any(isinstance(e.tag, str) and (e.tag in BLOCK_TAGS or e.tag in CELLS)
               for e in el.iter())


def _carrier(img: etree._Element, body: etree._Element) -> etree._Element:
    """The largest ancestor of ``img`` (inside ``body``) that holds nothing but it."""
    el = img
    while True:
        parent = el.getparent()
        if parent is None or parent is body or len(parent) != 1 or (parent.text or "").strip() \
                or (el.tail or "").strip() or parent.tag in CELLS or parent.tag in _TABLE_TAGS:
            return el
        el = parent


def _inline(el: etree._Element) -> bool:
    return isinstance(el.tag, str) and el.tag not in BLOCK_TAGS and el.tag not in CELLS


def _side(el: etree._Element, body: etree._Element, preceding: bool
          ) -> tuple[list[etree._Element], etree._Element | None, bool]:
    """Walk from ``el`` over ``<br>`` siblings and blank text, out of inline parents: (the
    brs, the paragraph the parser closed right before ``el`` or None, whether text is
    reached on that side)."""
    brs: list[etree._Element] = []
    node = el
    while True:
        near = node.getprevious() if preceding else node.getnext()
        gap = node.tail if not preceding else (
            near.tail if near is not None else node.getparent().text)
        if (gap or "").strip():
            return brs, None, True
        if near is None:
            parent = node.getparent()
            if parent is body or not _inline(parent):
                return brs, None, False
            node = parent  # the line goes on outside an inline parent (<span>…<br><img></span>)
            continue
        if near.tag == "br":
            brs.append(near)
            node = near
            continue
        if not isinstance(near.tag, str) or near.find(".//img") is not None:
            return brs, None, False
        if not _is_block(near):
            return brs, None, bool("".join(near.itertext()).strip())
        if preceding and near.tag in _P_CLOSERS and node.getparent() is el.getparent():
            return brs, near, True
        return brs, None, False


def _line(el: etree._Element, preceding: bool) -> str:
    """The rendered text on ``el``'s line before it (or after it), up to a line break,
    climbing out of inline parents."""
    parts: list[str] = []
    node = el
    while node is not None and node.getparent() is not None:
        parent = node.getparent()
        sibs = node.itersiblings(preceding=preceding)
        if preceding:
            for sib in sibs:
                piece = linearise(sib) + (sib.tail or "")
                if "\n" in piece:
                    parts.insert(0, piece.rsplit("\n", 1)[1])
                    return "".join(parts)
                parts.insert(0, piece)
            parts.insert(0, parent.text or "")
        else:
            parts.append(node.tail or "")
            for sib in sibs:
                piece = linearise(sib) + (sib.tail or "")
                if "\n" in piece:
                    parts.append(piece.split("\n", 1)[0])
                    return "".join(parts)
                parts.append(piece)
        if parent.tag in BLOCK_TAGS or parent.tag in CELLS:
            break
        node = parent
    return "".join(parts)


def _continues(before: str, after: str) -> bool:
    """True when ``after`` continues the sentence ``before`` leaves open."""
    before, after = " ".join(before.split()), " ".join(after.split())
    if not before or not after or _ENDS.search(before):
        return False
    if not (_PROSE.search(before) or _WEAK_END.search(before)):
        return False
    return bool(_CONTINUES.match(after)) and not _NOT_CONTINUING.match(after)


def _join(carrier: etree._Element, brs: list[etree._Element],
          paragraph: etree._Element | None) -> None:
    for br in brs:
        br.drop_tree()  # its tail joins the text before it
    for el in carrier.iter():
        if isinstance(el.tag, str) and (el.tag in BLOCK_TAGS or el.tag in CELLS):
            el.tag = "span"
    if paragraph is not None:  # the text the parser cut off goes back into its paragraph
        moved = [carrier]
        for sib in carrier.itersiblings():
            if sib.tag == "br" or not isinstance(sib.tag, str) or _is_block(sib):
                break
            moved.append(sib)
        for el in moved:
            paragraph.append(el)  # its tail moves with it


def _split_at(carrier: etree._Element, body: etree._Element
              ) -> tuple[list, etree._Element | None] | None:
    """The picture's own line breaks around ``carrier`` ((brs, closed paragraph)), or None
    when the text around it does not make one sentence or nothing breaks there."""
    if any(isinstance(e.tag, str) and e.tag in _TABLE_TAGS for e in carrier.iter()):
        return None
    left, paragraph, text_before = _side(carrier, body, preceding=True)
    right, _, text_after = _side(carrier, body, preceding=False)
    if not (text_before and text_after):
        return None
    if not (left or right or paragraph is not None or _is_block(carrier)):
        return None  # an inline picture: the line is not broken
    first = left[-1] if left else carrier
    last = right[-1] if right else carrier
    if paragraph is not None:
        rendered = linearise(paragraph).strip("\n")
        before = rendered.rsplit("\n", 1)[-1]
        after = _line(last, preceding=False)
    else:
        before, after = _line(first, preceding=True), _line(last, preceding=False)
    return (left + right, paragraph) if _continues(before, after) else None


def join_image_splits(body: etree._Element, ctx: StepContext | None = None) -> etree._Element:
    """Undo the line breaks a picture's markup makes inside a sentence (see the module
    docstring); each join counts as a change in ``ctx``."""
    images = body.findall(".//img")[:MAX_IMAGES]
    for img in images:
        carrier = _carrier(img, body)
        split = _split_at(carrier, body)
        if split is None:
            continue
        _join(carrier, *split)
        if ctx is not None:
            ctx.changes += 1
    return body
