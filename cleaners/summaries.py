"""A platform's summary table above the document it summarises (the text step).

Procurement and notice platforms print a table of the notice's facts (项目名称, 采购单位,
金额, 联系人 …) above the notice itself, which states the same facts again: a summary
the platform generates from the document, not part of the document as published. It
is recognised by form, not by its labels: a run of table rows (with the short headings
between them, ``公告信息:``) that opens the body, followed by a text at least as long that
repeats most of the run's values word for word. The run leaves the body (listed in
``removed``); a table whose values the text does not repeat (a form, a list of
projects, a reply's own table) stays.
"""

from __future__ import annotations

import re

from .chars import CELL_SEP, CJK
from .steps import StepContext

__all__ = ["drop_summary_table"]

OPENING_LINES = 3  # the run starts among the body's first lines (after a title, an info line)
MIN_ROWS = 4
MIN_VALUES = 4  # values that can be told apart (see MIN_CHINESE)
# A value of four Chinese characters or more: shorter cells (是, 黄先生) recur by chance,
# and figures (1234.56, 8.5%) are what a statistics table shares with its commentary.
MIN_CHINESE = 4
_CHINESE = re.compile(CJK)
MIN_REPEATED = 0.6  # share of the run's values the text after it repeats
MIN_AFTER = 1  # the text after the run is at least as long as the run
MAX_HEADING = 12  # a heading inside the run: short, ending with a colon


def _is_heading(line: str) -> bool:
    text = line.strip()
    return 0 < len(text) <= MAX_HEADING and text.endswith(":") and CELL_SEP not in text


def _run_at(lines: list[str], start: int) -> int:
    """The end of the run of table rows and headings that starts at ``start``."""
    end = start
    while end < len(lines) and (CELL_SEP in lines[end] or _is_heading(lines[end])):
        end += 1
    return end


def _values(rows: list[str]) -> list[str]:
    """The value cells of the rows (all but each row's first cell, its label), without
    spaces, that can be told apart."""
    found = []
    for row in rows:
        cells = [c.replace(" ", "") for c in row.split(CELL_SEP)]
        found += [c for c in cells[1:] if len(_CHINESE.findall(c)) >= MIN_CHINESE]
    return found


def drop_summary_table(text: str, ctx: StepContext | None = None) -> str:
    """Drop a summary table that opens the body when the text after it repeats it."""
    if CELL_SEP not in text:
        return text
    lines = text.split("\n")
    for start in range(min(OPENING_LINES + 1, len(lines))):
        end = _run_at(lines, start)
        rows = [line for line in lines[start:end] if CELL_SEP in line]
        if len(rows) < MIN_ROWS:
            continue
        after = "".join(lines[end:]).replace(" ", "")
        run_length = sum(len(line) for line in lines[start:end])
        values = _values(rows)
        if len(after) < MIN_AFTER * run_length or len(values) < MIN_VALUES:
            return text
        repeated = sum(value in after for value in values)
        if repeated < MIN_REPEATED * len(values):
            return text
        if ctx is not None:
            ctx.removed.extend(line for line in lines[start:end] if line.strip())
        return "\n".join(lines[:start] + lines[end:])
    return text
