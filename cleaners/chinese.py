"""Traditional → Simplified conversion, only for text written in Traditional Chinese: a
page, or a paragraph of a Simplified page."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import opencc

from .chars import CJK
from .steps import StepContext

__all__ = ["is_traditional", "to_simplified", "traditional_ratio"]

_HAN = re.compile(CJK)
# Share of Han characters that exist only in Traditional writing. Simplified
# pages stay well under 1 % (a stray 著 or 於); Traditional pages are far above.
TRADITIONAL_THRESHOLD = 0.05
_MIN_HITS = 5
_FEW_KINDS = 8  # distinct Traditional-only characters counted one by one


@cache
def _traditional_only() -> frozenset[str]:
    """Characters that OpenCC's t2s maps to a different character."""
    path = Path(opencc.__file__).parent / "dictionary" / "TSCharacters.txt"
    chars = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        source, _, targets = line.partition("\t")
        if len(source) == 1 and targets and source not in targets.split():
            chars.add(source)
    return frozenset(chars)


@cache
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


@cache
def _drop_traditional() -> dict[int, None]:
    return dict.fromkeys(map(ord, _traditional_only()))


def _traditional_hits(text: str) -> int:
    """How many characters of ``text`` are Traditional-only (C-level: no lists)."""
    present = _traditional_only().intersection(text)
    if len(present) <= _FEW_KINDS:  # a Simplified page: none, or a stray 著 or 於
        return sum(map(text.count, present))
    return len(text) - len(text.translate(_drop_traditional()))


def traditional_ratio(text: str) -> tuple[int, float]:
    """(number of Traditional-only characters, their share of all Han characters)."""
    han = len(text) - len(_HAN.sub("", text))  # C-level counts: linear, no lists
    if not han:
        return 0, 0.0
    hits = _traditional_hits(text)
    return hits, hits / han


def is_traditional(text: str) -> bool:
    """True when ``text`` is written in Traditional Chinese."""
    if _traditional_hits(text) < _MIN_HITS:
        return False  # the common case, told without counting the Han characters
    hits, ratio = traditional_ratio(text)
    return hits >= _MIN_HITS and ratio >= TRADITIONAL_THRESHOLD


def convert_t2s(text: str) -> str:
    """OpenCC t2s conversion, unconditional."""
    return _converter().convert(text)


def to_simplified(text: str, ctx: StepContext | None = None) -> str:
    """Convert to Simplified when the text is Traditional, and on a Simplified page each
    paragraph that is (a paragraph pasted in from a Traditional source); leave Simplified
    text alone."""
    if _traditional_hits(text) < _MIN_HITS:
        return text  # the common case, told at C speed
    if is_traditional(text):
        return convert_t2s(text)
    return "\n".join(convert_t2s(line) if is_traditional(line) else line
                     for line in text.split("\n"))
