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

* when the units are not numbered but the located body is (tieba: ``div.l_post >
  … > div#post_content_146215810076``): climbing from its parent, the first ancestor
  with siblings of its tag and class in which the body's signature (tag, class and id
  prefix) is found again is the unit; a counterpart with the body's own text (the page
  printed twice) makes it no thread. When the located body is such a post list, the
  messages are the numbered elements of one signature below it, each in its own child of
  their common ancestor (all of one tag and class), those children holding at least
  four fifths of the body's text.

A page whose article sits in no numbered unit and has no numbered id, the common case,
gives nothing.
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
    return (_counterparts(body) or _units_inside(body) or _numbered_messages(body)
            or _numbered_in_list(body))


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


def _numbered_messages(body: etree._Element) -> tuple[etree._Element, ...]:
    """The body's counterparts when the body is numbered and its units are not (see the
    module docstring)."""
    if _prefix(body) is None:
        return ()
    signature, text = _signature(body), _size(body)
    unit = body.getparent()
    for _ in range(MAX_LEVELS):
        parent = unit.getparent() if unit is not None else None
        if parent is None:
            return ()
        key = (unit.tag, unit.get("class") or "")
        units = [c for c in parent if isinstance(c.tag, str)
                 and (c.tag, c.get("class") or "") == key]
        if len(units) >= 2:
            found = [body if u is unit else _counterpart(u, signature) for u in units]
            posts = tuple(p for p in found if p is not None)
            if len(posts) >= 2:
                twin = any(p is not body and _size(p) == text
                           and "".join(p.itertext()) == "".join(body.itertext()) for p in posts)
                return () if twin else posts
        unit = parent
    return ()


def _child_towards(ancestor: etree._Element, el: etree._Element) -> etree._Element | None:
    """The child of ``ancestor`` that holds ``el`` (None when ``el`` is not below it)."""
    for up in el.iterancestors():
        if up is ancestor:
            return el
        el = up
    return None


def _numbered_in_list(body: etree._Element) -> tuple[etree._Element, ...]:
    """The numbered messages of a post list whose units are not numbered (see the module
    docstring)."""
    groups: dict[tuple[str, str, str | None], list[etree._Element]] = {}
    for el in islice(body.iterdescendants(), MAX_SCAN):
        if isinstance(el.tag, str) and _prefix(el) is not None:
            groups.setdefault(_signature(el), []).append(el)
    messages = next((g for g in groups.values() if len(g) >= 2), None)
    if messages is None:
        return ()
    common = next((a for a in messages[0].iterancestors()
                   if _child_towards(a, messages[1]) is not None), None)
    if common is None:
        return ()
    units = [_child_towards(common, m) for m in messages]
    if None in units or len(set(units)) < len(units) \
            or len({(u.tag, u.get("class") or "") for u in units}) != 1:
        return ()
    if sum(map(_size, units)) < (1 - MAX_OUTSIDE) * _size(body):
        return ()
    texts = ["".join(m.itertext()) for m in messages]
    return () if len(set(texts)) < len(texts) else tuple(messages)
