"""A promotional paragraph off the article's topic (part of ``drop_injected_bios``).

Clone sites append an advertisement to genuine news: a paragraph about a brand, an estate
or a product and who owns it (``创始人为某某``, ``法人是某某``: the paragraph is about the
firm, and states its owner; an owner spliced in as a title before a name is a span, for
:mod:`cleaners.endorsements`). It states an owner's post (创始人, 法人, 执行董事 … of
:data:`cleaners.lexicon.COMMERCIAL_STRONG`) held by a person named nowhere else, names
no official post, and shares little of its wording with the rest of the
document: under ``MAX_SHARED`` of its distinct pairs of Han characters occur elsewhere
(genuine paragraphs quoting a firm's founder share a third or more: they are about what
the article is about). A document of fewer than ``MIN_REST`` other paragraphs has no
topic to stray from and is left alone.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache

from . import lexicon as lx
from .biocues import is_surname_name, names_official
from .persons import NameCounts, name_at

__all__ = ["OffTopic"]

MAX_SHARED = 0.12
MIN_LENGTH = 60
MIN_REST = 2
_HAN_RUN = re.compile(r"[\u4e00-\u9fff]{2,}")


@cache
def _owner_then_name() -> re.Pattern[str]:
    roles = "|".join(sorted(lx.COMMERCIAL_STRONG, key=len, reverse=True))
    return re.compile(rf"(?:{roles})(?:为|是)")


def _pairs(text: str) -> Counter[str]:
    return Counter(run[i:i + 2] for run in _HAN_RUN.findall(text) for i in range(len(run) - 1))


class OffTopic:
    """Judges the paragraphs of one document (its pairs are counted once, when asked)."""

    def __init__(self, lines: list[str], names: NameCounts):
        self.lines = lines
        self.names = names
        self.paragraphs = sum(1 for line in lines if line.strip())
        self._pairs: Counter[str] | None = None

    def _shared(self, line: str) -> float:
        if self._pairs is None:
            self._pairs = _pairs("\n".join(self.lines))
        own = _pairs(line)
        shared = sum(1 for p, n in own.items() if self._pairs[p] > n)
        return shared / max(1, len(own))

    def is_promotion(self, line: str) -> bool:
        """True for an off-topic paragraph promoting a firm's owner (see the module doc)."""
        if len(line) < MIN_LENGTH or self.paragraphs <= MIN_REST \
                or not _owner_then_name().search(line):
            return False
        owners = [named[0] for m in _owner_then_name().finditer(line)
                  if (named := name_at(line, m.end())) is not None]
        unknown = [n for n in owners
                   if is_surname_name(n) and self.names.count(n) <= line.count(n)]
        return bool(unknown) and not names_official(line) and self._shared(line) < MAX_SHARED
