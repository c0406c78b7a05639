"""One walk over the whole page: its lines, its plain text, and where every element sits.

The cleaners need the page's text several ways: rendered as lines (the body, the page
around the body, a selector's match), as one string of visible characters with the element
owning each piece (to find where trafilatura's text and a second copy of the article sit),
and the amount of prose under an element (to widen the body). :class:`PageText` computes
all of them in a single iterative walk, so each is a slice or a subtraction afterwards.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from lxml import etree

from .html import (
    BLOCK_TAGS,
    CELLS,
    SKIP_TAGS,
    WALK_EVENTS,
    inline,
    is_data_row,
    linearise,
    render_row,
)

__all__ = ["PROSE_PUNCT", "PageText"]

PROSE_PUNCT = re.compile(r"[，。；：、！？,;]")
_PUNCT_COUNT = lambda text: PROSE_PUNCT.subn("", text)[1]  # noqa: E731 (C-level count)


# What the walk does at an element's start, by tag (one look-up instead of five tests).
_SKIP, _BLOCK, _BR, _ROW, _LINK, _INLINE = "skip", "block", "br", "row", "link", "inline"
_KINDS = {**dict.fromkeys(BLOCK_TAGS | CELLS, _BLOCK), "br": _BR, "tr": _ROW, "a": _LINK,
          **dict.fromkeys(SKIP_TAGS, _SKIP)}


class PageText:
    """Lines, plain text and element spans of ``root``, from one walk."""

    def __init__(self, root: etree._Element):
        self.root = root
        self.tokens: list[str] = []
        # element -> (token start, token end, text start, text end, punct start, punct end,
        #             link text start, link text end)
        self.spans: dict[etree._Element, tuple[int, ...]] = {}
        self.owners: list[etree._Element] = []
        self.starts: list[int] = []
        self._rowed: set[etree._Element] = set()  # elements inside rows rendered as one line
        self.first_at: dict[str, int] = {}  # each distinct text piece: where it first occurs
        self._walk(root)

    def _walk(self, root: etree._Element) -> None:
        # The hot loop of the cleaners (every element of the page): text pieces are handled
        # inline (no call per piece) and list methods are bound once.
        tokens, owners, starts, first_at, parts = (self.tokens, self.owners, self.starts,
                                                   self.first_at, [])
        spans, rowed_set = self.spans, self._rowed
        add_token, add_owner, add_start, add_part = (tokens.append, owners.append,
                                                     starts.append, parts.append)
        pos = punct = link_chars = link_depth = row_depth = 0
        # per open element: the element, token start, text start, punct start, link start,
        # is link, block, in a row
        opened: list[tuple] = []
        push, pop = opened.append, opened.pop
        walker = etree.iterwalk(root, events=WALK_EVENTS)
        for event, el in walker:
            if event == "start":
                tag = el.tag
                kind = _KINDS.get(tag, _INLINE) if tag.__class__ is str else _SKIP
                tok_start, block, rowed = len(tokens), False, False
                if kind is _SKIP:
                    walker.skip_subtree()
                    push((el, tok_start, pos, punct, link_chars, False, False, False))
                    continue
                if row_depth:
                    rowed_set.add(el)
                    row_depth += 1
                    rowed = True
                elif kind is _BLOCK:
                    block = True
                    add_token("\n")
                elif kind is _BR:
                    add_token("\n")
                elif kind is _ROW:
                    if is_data_row(el):
                        add_token("\n" + render_row(el) + "\n")
                        row_depth, rowed = 1, True
                    else:
                        block = True
                        add_token("\n")
                is_link = kind is _LINK
                link_depth += is_link
                push((el, tok_start, pos, punct, link_chars, is_link, block, rowed))
                text = el.text
                if not text:
                    continue
                if not row_depth:
                    add_token(text if ("\n" not in text and "\r" not in text) or tag == "pre"
                              else inline(text, tag))
                owner = el
            else:
                if event == "end":
                    _, tok_start, text_start, punct_start, link_start, is_link, block, rowed = (
                        pop())
                    if block:
                        add_token("\n")
                    row_depth -= rowed
                    link_depth -= is_link
                    spans[el] = (tok_start, len(tokens), text_start, pos, punct_start, punct,
                                 link_start, link_chars)
                # an end, a comment or a processing instruction: its tail is text
                text = el.tail
                if not text or not opened:
                    continue
                if not row_depth:
                    add_token(text if "\n" not in text and "\r" not in text else inline(text, ""))
                owner = opened[-1][0]
            flat = "".join(text.split())  # the text piece, white space removed
            if not flat:
                continue
            if link_depth:
                link_chars += len(flat)
            else:
                punct += _PUNCT_COUNT(flat)
            add_owner(owner)
            add_start(pos)
            first_at.setdefault(flat, pos)
            add_part(flat)
            pos += len(flat)
        self.text = "".join(parts)

    # -- rendered lines ------------------------------------------------------------------
    def lines_of(self, el: etree._Element) -> str:
        """The rendering of ``el`` (what :func:`cleaners.html.linearise` gives)."""
        span = self.spans.get(el)
        if span is None or el in self._rowed:
            return linearise(el)
        return "".join(self.tokens[span[0]:span[1]])

    def before_and_after(self, el: etree._Element) -> tuple[str, str]:
        """The page's rendering before ``el`` and after it."""
        span = self.spans.get(el)
        if span is None:
            return "".join(self.tokens), ""
        return "".join(self.tokens[:span[0]]), "".join(self.tokens[span[1]:])

    # -- plain text ----------------------------------------------------------------------
    def find(self, piece: str) -> int:
        """Where ``piece`` first occurs in :attr:`text` when it is a whole text piece of the
        page (a dictionary look-up), else -1."""
        return self.first_at.get(piece, -1)

    def owner_at(self, offset: int) -> etree._Element:
        """The element owning the plain-text character at ``offset``."""
        return self.owners[bisect_right(self.starts, offset) - 1]

    def text_range(self, el: etree._Element) -> tuple[int, int]:
        """Where ``el``'s visible text sits in :attr:`text` (start, end)."""
        span = self.spans.get(el)
        return (span[2], span[3]) if span else (0, 0)

    def prose(self, el: etree._Element) -> int:
        """Sentence punctuation under ``el``, outside links."""
        span = self.spans.get(el)
        return span[5] - span[4] if span else 0

    def link_density(self, el: etree._Element) -> float:
        """Share of ``el``'s visible text that is link text."""
        span = self.spans.get(el)
        if not span or span[3] == span[2]:
            return 0.0
        return (span[7] - span[6]) / (span[3] - span[2])

    def text_length(self, el: etree._Element) -> int:
        """Visible characters (white space removed) under ``el``."""
        start, end = self.text_range(el)
        return end - start
