"""An injected row of a roster table: a person whose post is a firm's owner's among people
with no selling title (名单 tables of attendees, speakers, award winners).

A table is a run of three or more lines of cells (``chars.CELL_SEP``). A **person row**
has a cell that is a personal name (a common surname, 2–3 Han characters) and a cell
that is a title stack and nothing else. A person row is injected when:

* its titles hold an owner's post (执行董事, 创始人 …) and score ``CUT_SCORE`` on their
  own (kinds and bodies: ``endorsements._title_points``), with no official post;
* its name occurs nowhere else in the document;
* two or more other person rows exist, and none holds an endorsing or commercial title
  (a table of company managers has no outlier).

The row goes whole: its cells are the entry.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .biocues import is_surname_name
from .chars import CELL_SEP
from .persons import COMMERCIAL, ENDORSING, OFFICIAL, STRONG, NameCounts, Title, title_stack

__all__ = ["injected_rows"]

MIN_TABLE = 3
MIN_OTHER_ROWS = 2
_NAME_CELL = re.compile(r"[\u4e00-\u9fff]{2,3}")
_SELLING = ENDORSING | {COMMERCIAL}


def _person(line: str) -> tuple[str, tuple[Title, ...]] | None:
    """``(name, titles)`` of a person row, else None."""
    cells = [c.strip() for c in line.split(CELL_SEP)]
    name = next((c for c in cells if _NAME_CELL.fullmatch(c) and is_surname_name(c)), None)
    if name is None:
        return None
    for cell in cells:
        titles = title_stack(cell, len(cell)) if cell != name else ()
        if titles and sum(len(t.text) for t in titles) + len(titles) - 1 == len(cell):
            return name, titles
    return None


def _tables(lines: list[str]) -> list[range]:
    runs, k = [], 0
    while k < len(lines):
        end = k
        while end < len(lines) and CELL_SEP in lines[end]:
            end += 1
        if end - k >= MIN_TABLE:
            runs.append(range(k, end))
        k = end + 1
    return runs


def injected_rows(lines: list[str], names: NameCounts,
                  points: Callable[[tuple[Title, ...]], float], threshold: float) -> set[int]:
    """The indexes of the injected rows of ``lines`` (``points``: the titles' own score,
    cut from ``threshold`` on)."""
    out: set[int] = set()
    for table in _tables(lines):
        people = {k: p for k in table if (p := _person(lines[k])) is not None}
        for k, (name, titles) in people.items():
            kinds = {kind for t in titles for kind in t.kinds}
            if STRONG not in kinds or OFFICIAL in kinds or points(titles) < threshold:
                continue
            others = [p for j, p in people.items() if j != k]
            if len(others) < MIN_OTHER_ROWS or names.count(name) > 1:
                continue
            if not any(_SELLING & set(t.kinds) for _, ts in others for t in ts):
                out.add(k)
    return out
