"""FORMAT.md character and white-space normalisation steps (``str -> str``)."""

from __future__ import annotations

import re

from .chars import CELL_SEP, CJK_OR_PUNCT
from .steps import StepContext

__all__ = ["collapse_whitespace", "fold_width", "join_cells"]

# U+FF01–U+FF5E map onto U+0021–U+007E; U+3000 and U+00A0 (and other exotic
# spaces) become an ASCII space. Circled numbers etc. are left alone (no NFKC).
_WIDTH_TABLE = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_WIDTH_TABLE.update({0x3000: 0x20, 0x00A0: 0x20, 0x2002: 0x20, 0x2003: 0x20, 0x2009: 0x20,
                     0x200B: None, 0xFEFF: None, 0x200C: None, 0x200D: None})

_H_SPACE = f"[^\\S\\n{CELL_SEP}]"
_RUNS = re.compile(f"{_H_SPACE}+")
_BETWEEN_CJK = re.compile(f"(?<={CJK_OR_PUNCT}) (?={CJK_OR_PUNCT})")
_CELL_RUNS = re.compile(f" *{CELL_SEP}[ {CELL_SEP}]*")


def fold_width(text: str, ctx: StepContext | None = None) -> str:
    """Fold full-width ASCII forms to ASCII and U+3000/U+00A0 to a space."""
    return text.translate(_WIDTH_TABLE)


_LINE_EDGES = re.compile(f"^[ {CELL_SEP}]+|[ {CELL_SEP}]+$", re.M)
_BLANK_LINES = re.compile(r"\n{2,}")


def collapse_whitespace(text: str, ctx: StepContext | None = None) -> str:
    """Collapse space runs, drop spaces between two CJK characters, drop empty lines
    (whole-text passes: no rule crosses a line break)."""
    text = _CELL_RUNS.sub(CELL_SEP, _BETWEEN_CJK.sub("", _RUNS.sub(" ", text)))
    return _BLANK_LINES.sub("\n", _LINE_EDGES.sub("", text)).strip("\n")


def join_cells(text: str, ctx: StepContext | None = None) -> str:
    """Turn the cell separator of table rows into one space (the last step)."""
    return text.replace(CELL_SEP, " ")
