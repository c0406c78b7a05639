"""THE date parser of the project: dates as Chinese portals print them, to ISO ``YYYY-MM-DD``.

Forms read (anywhere in a line, the first valid one wins):

* numeric with separators: ``2021-08-30``, ``2021/8/30``, ``2021.8.30``, ``2021年8月30日``,
  ``2021 年 08 月 30 日 09时32分`` (time parts ignored), full-width digits included;
* compact ``20210830`` (not inside a longer number);
* Chinese numerals: ``二〇二一年八月三十日`` (〇, ○, 零 or O for zero; 十, 廿, 卅; 元月).

Every candidate is checked against the calendar (``2023-02-30`` is no date) and a year range.
``dateparser`` is not used: it does not read 〇-numeral years, parses a whole string
instead of finding a date inside a line, and costs 0.5–50 ms a call against a few µs here
(see the README's dependency notes).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

__all__ = ["MAX_YEAR", "MIN_YEAR", "find_date", "find_iso_date", "iter_dates", "leading_date",
           "parse_date", "to_iso_date"]

MIN_YEAR, MAX_YEAR = 1900, 2100

_FULL_DIGITS = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}  # full width
_NUMERIC = re.compile(
    r"(?<!\d)(?P<y>(?:19|20|21)\d{2})\s*(?P<s>[-/.年])\s*(?P<m>\d{1,2})\s*(?P<s2>[-/.月])"
    r"\s*(?P<d>\d{1,2})(?!\d)"
)
_COMPACT = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})(?P<m>0[1-9]|1[0-2])(?P<d>0[1-9]|[12]\d|3[01])"
                      r"(?!\d)")
_SEPARATOR_PAIRS = {"-": "-", "/": "/", ".": ".", "年": "月"}

_ZH_DIGIT = {"〇": 0, "○": 0, "零": 0, "O": 0, "o": 0, "0": 0, "一": 1, "二": 2, "三": 3,
             "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_ZH_YEAR_CHARS = "".join(_ZH_DIGIT)
_ZH_SMALL = "一二三四五六七八九"
_ZH_DATE = re.compile(
    rf"(?P<y>[{_ZH_YEAR_CHARS}]{{4}})\s*年\s*(?P<m>元|十[一二]?|[{_ZH_SMALL}])\s*月\s*"
    rf"(?P<d>[二三]?十[{_ZH_SMALL}]?|廿[{_ZH_SMALL}]?|卅一?|[{_ZH_SMALL}])\s*[日号]"
)
_HINT = re.compile(r"\d|年")


def _zh_number(text: str) -> int:
    """一 … 三十一 (with 廿 = 20, 卅 = 30, 元 = 1) as an int."""
    if text == "元":
        return 1
    text = text.replace("廿", "二十").replace("卅", "三十")
    if "十" not in text:
        return _ZH_DIGIT[text]
    tens, _, units = text.partition("十")
    return (_ZH_DIGIT[tens] if tens else 1) * 10 + (_ZH_DIGIT[units] if units else 0)


def _valid(year: int, month: int, day: int) -> date | None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


_Found = tuple[int, int, date]  # start, end, the date


def _numeric(text: str) -> Iterator[_Found]:
    for m in _NUMERIC.finditer(text):
        if _SEPARATOR_PAIRS[m.group("s")] != m.group("s2"):
            continue
        found = _valid(int(m.group("y")), int(m.group("m")), int(m.group("d")))
        if found:
            yield m.start(), m.end(), found
    for m in _COMPACT.finditer(text):
        found = _valid(int(m.group("y")), int(m.group("m")), int(m.group("d")))
        if found:
            yield m.start(), m.end(), found


def _chinese(text: str) -> Iterator[_Found]:
    for m in _ZH_DATE.finditer(text):
        year = int("".join(str(_ZH_DIGIT[c]) for c in m.group("y")))
        found = _valid(year, _zh_number(m.group("m")), _zh_number(m.group("d")))
        if found:
            yield m.start(), m.end(), found


def _dates(text: str) -> list[_Found]:
    found = list(_numeric(text)) if _HINT.search(text) else []
    if "年" in text:
        found += _chinese(text)
    return sorted(found, key=lambda f: f[0])


def iter_dates(text: str | None) -> Iterator[date]:
    """Every valid calendar date in ``text``, in reading order."""
    if text:
        for _, _, day in _dates(text.translate(_FULL_DIGITS)):
            yield day


def find_date(text: str | None) -> date | None:
    """The first valid date in ``text``, or None."""
    return next(iter_dates(text), None)


def find_iso_date(text: str | None) -> str | None:
    """The first valid date in ``text`` as ``YYYY-MM-DD``, or None."""
    found = find_date(text)
    return found.isoformat() if found else None


_TIME_TAIL = re.compile(r"\s*[日号]?\s*(?:T?\d{1,2}\s*[:：时点]\s*\d{1,2}(?:\s*[:：分]\s*\d{1,2})?"
                        r"\s*[分秒]?)?(?:Z|[+-]\d{2}:?\d{2})?\s*")


def parse_date(text: str | None) -> date | None:
    """``text`` read as one date and nothing else (a time of day may follow), or None."""
    stripped = (text or "").strip().translate(_FULL_DIGITS)
    found = _dates(stripped)
    if not found or found[0][0] != 0:
        return None
    _, end, day = found[0]
    return day if _TIME_TAIL.fullmatch(stripped, end) else None


def leading_date(text: str) -> tuple[date, str] | None:
    """The date (a time of day may follow) that opens ``text``, and the text after it."""
    found = _dates(text.translate(_FULL_DIGITS))
    if not found or found[0][0] != 0:
        return None
    _, end, day = found[0]
    tail = _TIME_TAIL.match(text, end)
    return day, text[tail.end() if tail else end:]


def to_iso_date(text: str | None) -> str:
    """``text`` as an ISO date if it holds one, else ``text`` unchanged (stripped)."""
    return find_iso_date(text) or (text or "").strip()
