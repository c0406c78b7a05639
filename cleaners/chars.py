"""Character classes shared by the cleaning steps (CJK, punctuation, width forms)."""

from __future__ import annotations

import re

__all__ = [
    "CELL_SEP",
    "CJK",
    "CJK_OR_PUNCT",
    "FULL_STOPS",
    "SENTENCE",
    "SENTENCE_END",
    "is_cjk",
    "sentence_end",
    "sentence_start",
    "strip_spaces",
]

# Ideographs (basic, extension A, compatibility) and the CJK punctuation that has
# no ASCII twin (U+3001–U+303F, curly quotes, dashes, ellipsis, middle dot, 《》…).
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_PUNCT = (
    "\u3001-\u303f\u2018\u2019\u201c\u201d\u2014\u2015\u2026\u00b7\u2027\ufe30-\ufe4f"
    # full-width punctuation (before width folding): ！＂…／ ：…＠ ［…｀ ｛…･
    "\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65"
)
CJK = f"[{_HAN}]"
CJK_OR_PUNCT = f"[{_HAN}{_CJK_PUNCT}]"
SENTENCE_END = "。！？!?；;…"
# One sentence with its closing mark (the last may have none): the steps that cut whole
# sentences split a paragraph with it.
SENTENCE = re.compile(r"[^。！？!?]+[。！？!?]?")
FULL_STOPS = "。！？!?"  # the marks that end a sentence (SENTENCE splits at them)

# Cells of one table row (and block lines inside one cell) are separated by this
# character until the last step turns it into one space; it survives the
# whitespace rules so that "被处罚当事人 复星…" keeps its space between CJK cells.
CELL_SEP = "\t"

_CJK_RE = re.compile(CJK)
_SPACES_RE = re.compile(r"\s+")


def is_cjk(char: str) -> bool:
    """True for one Han ideograph."""
    return bool(char) and bool(_CJK_RE.match(char))


def sentence_start(line: str, before: int) -> int:
    """Where the sentence holding the character before ``before`` starts."""
    return max(line.rfind(mark, 0, before) for mark in FULL_STOPS) + 1


def sentence_end(line: str, start: int) -> int:
    """The index after the first sentence end at or after ``start`` (the line's end if none)."""
    ends = [i for i in (line.find(mark, start) for mark in FULL_STOPS) if i >= 0]
    return min(ends) + 1 if ends else len(line)


def strip_spaces(text: str) -> str:
    """``text`` with all white space removed (for comparisons)."""
    return _SPACES_RE.sub("", text)
