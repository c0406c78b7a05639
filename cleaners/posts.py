"""A forum thread's posts: the body located in one post, found again in every other.

Forum software prints each post of a thread as one unit of the same markup, numbered by
the post's id (Discuz: ``div#post_53876 > … > td.t_f#postmessage_53876``). The body
stages find the text of one post (the longest, or the first); the document is the
thread, every post's text in page order.

Signals, markup only:

* climbing from the located body's parent (at most ``MAX_LEVELS``: the body is inside a
  post, never the numbered unit itself), the first ancestor whose ``id`` is a word
  prefix and a number (``post_53876``, ``pid53876``) and that has a sibling of the same
  tag and prefix is the post unit; in each sibling unit the body's counterpart is the
  first element below it of the body's tag and class (and id prefix, where the body has
  a numbered id); units without one are left out;
* when the located body is the post list itself (it holds the units whole, user panels
  and buttons too), each unit's message is the element below it numbered like it
  (``post_53876 > … > postmessage_53876``), all of one tag and class, when at most a
  fifth of the body's text lies outside the units (an article around numbered table
  rows is no post list).

A page whose article sits in no numbered unit, the common case, gives nothing.
"""

from __future__ import annotations

import re
from itertools import islice

from lxml import etree

__all__ = ["thread_posts"]

MAX_LEVELS = 8
MAX_SCAN = 5000  # elements of a located body looked at for a post list
MAX_OUTSIDE = 0.2  # share of a post list's text outside its units (an article around a table)
MIN_PREFIX = 3  # characters of an id's word prefix (post_, pid)
_NUMBERED = re.compile(r"([A-Za-z][A-Za-z_-]*?)[_-]?(\d+)$")


def _numbered_id(el: etree._Element) -> tuple[str, str] | None:
    """``(word prefix, number)`` of a numbered id (``post_53876``), else None."""
    m = _NUMBERED.fullmatch(el.get("id") or "")
    return (m.group(1), m.group(2)) if m and len(m.group(1)) >= MIN_PREFIX else None


def _prefix(el: etree._Element) -> str | None:
    numbered = _numbered_id(el)
    return numbered[0] if numbered else None


def _signature(el: etree._Element) -> tuple[str, str, str | None]:
    return el.tag, el.get("class") or "", _prefix(el)


def _counterpart(unit: etree._Element, signature: tuple[str, str, str | None]
                 ) -> etree._Element | None:
    """The first element of ``unit`` (not the unit itself) with the body's signature."""
    for candidate in unit.iterdescendants(signature[0]):
        if _signature(candidate) == signature:
            return candidate
    return None


def _number(el: etree._Element) -> str | None:
    numbered = _numbered_id(el)
    return numbered[1] if numbered else None


def _message(unit: etree._Element) -> etree._Element | None:
    """The element below a post unit numbered like it (post_53876 > postmessage_53876)."""
    number = _number(unit)
    for el in unit.iterdescendants():
        if isinstance(el.tag, str) and _number(el) == number:
            return el
    return None


def _size(el: etree._Element) -> int:
    return sum(len(t.strip()) for t in el.itertext())


def _units_inside(body: etree._Element) -> tuple[etree._Element, ...]:
    """The messages of the post units a located body holds whole (a thread's post list):
    the first numbered element (of at most ``MAX_SCAN``) whose siblings repeat its tag and
    prefix is a unit; each unit's message is its descendant of the same number, all of
    one signature."""
    for el in islice(body.iterdescendants(), MAX_SCAN):
        prefix = _prefix(el) if isinstance(el.tag, str) else None
        parent = el.getparent()
        if prefix is None or parent is None:
            continue
        units = [c for c in parent if isinstance(c.tag, str) and c.tag == el.tag
                 and _prefix(c) == prefix]
        if len(units) < 2:
            continue
        messages = [m for m in map(_message, units) if m is not None]
        if len(messages) >= 2 and len({_signature(m) for m in messages}) == 1 \
                and _size(body) - sum(map(_size, units)) <= MAX_OUTSIDE * _size(body):
            return tuple(messages)
        return ()
    return ()


def thread_posts(body: etree._Element) -> tuple[etree._Element, ...]:
    """Every post of the thread the body belongs to or holds, in page order: the body's
    counterpart in each post (``body`` among them), or each post's message when the
    body is the post list; () when the body is no thread."""
    return _counterparts(body) or _units_inside(body)


def _counterparts(body: etree._Element) -> tuple[etree._Element, ...]:
    signature = _signature(body)
    unit = body.getparent()
    for _ in range(MAX_LEVELS):
        parent = unit.getparent() if unit is not None else None
        if parent is None:
            return ()
        prefix = _prefix(unit)
        if prefix is not None:
            units = [c for c in parent if isinstance(c.tag, str) and c.tag == unit.tag
                     and _prefix(c) == prefix]
            if len(units) >= 2:
                found = [body if u is unit else _counterpart(u, signature) for u in units]
                # (the body itself numbered like a unit is no post of one: a list item)
                posts = tuple(p for p in found if p is not None)
                return posts if len(posts) >= 2 else ()
        unit = parent
    return ()
