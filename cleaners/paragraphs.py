"""Paragraph-level steps: repeated blocks, lines broken by markup, the repeated title."""

from __future__ import annotations

import re

from .chars import CELL_SEP, CJK, strip_spaces
from .steps import StepContext

__all__ = ["drop_duplicate_blocks", "drop_title_repeat", "join_broken_lines"]

MIN_BLOCK = 3  # a run of at least this many lines seen before is a second copy


def drop_duplicate_blocks(text: str, ctx: StepContext | None = None) -> str:
    """Drop a run of ``MIN_BLOCK``+ lines that repeats an earlier run (print copies)."""
    lines = text.split("\n")
    first_at: dict[str, int] = {}
    for i, line in enumerate(lines):
        first_at.setdefault(line, i)
    keep = [True] * len(lines)
    i = 0
    while i < len(lines):
        j = first_at[lines[i]]
        run = 0
        while j < i and i + run < len(lines) and lines[j + run] == lines[i + run] and j + run < i:
            run += 1
        if j < i and run >= MIN_BLOCK:
            for k in range(i, i + run):
                keep[k] = False
            i += run
        else:
            i += 1
    return "\n".join(line for line, k in zip(lines, keep, strict=True) if k)


_ENUMERATOR = re.compile(
    r"^(?:[一二三四五六七八九十百]+[、.]|[(（][一二三四五六七八九十\d]+[)）]|\d{1,2}[.、)]|"
    r"第[一二三四五六七八九十百\d]+[章节条部分号]|[①-⑳]|附件|抄送|联系人|联系电话)"
)
_DANGLING_END = re.compile(rf"[的和与及或在对为把被将向从以于之并且而、,，]$|{CJK}$")
_WEAK_END = re.compile(r"[的和与及或在对为把被将向从以于之并且而、,，]$")
_DATE_LINE = re.compile(r"^\d{4}\s*年\s*\d{1,2}\s*月(\s*\d{1,2}\s*日)?$")
_CONTINUES = re.compile(rf"^(?:{CJK}|\d|[“《(（])")
_PROSE = re.compile(r"[。；;！？!?]")  # a full sentence before the break: prose, not a heading
MIN_PROSE_LINE = 30
MIN_CLAUSES = 3  # commas in a line: a run of clauses is prose even before its full stop
_CREDIT_END = re.compile(r"(?:摄|摄影|供图)$")


def _breaks_inside_sentence(prev: str, nxt: str) -> bool:
    """True when the break between ``prev`` and ``nxt`` falls inside a sentence."""
    if CELL_SEP in prev or CELL_SEP in nxt or not _DANGLING_END.search(prev):
        return False
    if _CREDIT_END.search(prev):
        return False  # a photo caption ends with its credit (…讲话。新华社记者某某摄)
    if not _CONTINUES.match(nxt) or _ENUMERATOR.match(nxt) or _DATE_LINE.match(nxt):
        return False
    if _WEAK_END.search(prev):
        return True  # ends on 的/和/、/, … : cannot end a sentence or heading
    if _closes_what_is_open(prev, nxt):
        return True  # (…登录发展改革委网 / 站): a bracket or quote left open is closed next
    # ends on an ordinary character: only prose (long, with a finished sentence or a run
    # of clauses inside) continues; a heading has neither
    return len(prev) >= MIN_PROSE_LINE and (bool(_PROSE.search(prev))
                                            or _clauses(prev) >= MIN_CLAUSES)


_PAIRS = (("(", ")"), ("（", "）"), ("《", "》"), ("“", "”"))


def _closes_what_is_open(prev: str, nxt: str) -> bool:
    """``prev`` leaves a bracket or quote open and ``nxt`` closes it before opening another."""
    for opening, closing in _PAIRS:
        if prev.count(opening) > prev.count(closing):
            shut = nxt.find(closing)
            again = nxt.find(opening)
            if shut >= 0 and (again < 0 or shut < again):
                return True
    return False


def _clauses(line: str) -> int:
    return line.count(",") + line.count("，")


def join_broken_lines(text: str, ctx: StepContext | None = None) -> str:
    """Join a paragraph that the page's markup broke in the middle of a sentence."""
    out: list[str] = []
    for line in text.split("\n"):
        if out and _breaks_inside_sentence(out[-1], line):
            out[-1] += line
        else:
            out.append(line)
    return "\n".join(out)


MAX_TITLE_LINES = 3
_FOOTNOTE = re.compile(r"(?:\[\d{1,2}\]|[①-⑳*])$")  # 某某统计公报[1]: a note marker


def drop_title_repeat(text: str, ctx: StepContext | None = None) -> str:
    """Drop the body's leading heading when it repeats the title (possibly over 2–3 lines,
    possibly with a footnote marker after it); a second copy right after it goes too (a
    breadcrumb's last item, then the heading), and a page module's caption right before
    it (``信息详情``, ``正文``)."""
    title = strip_spaces(ctx.title) if ctx is not None else ""
    if not title:
        return text
    lines = text.split("\n")
    at = _title_copy(lines, title)
    if at is None:
        return text
    start, end = at
    again = _title_copy(lines[end + 1:], title, starts=1)
    if again is not None:
        end += again[1] + 1
    if start and _MODULE_CAPTION.fullmatch(strip_spaces(lines[start - 1])):
        start -= 1
    return "\n".join(lines[:start] + lines[end + 1:])


# A page module's caption over the article (信息详情, 文章正文, 详细内容): no title of one.
_MODULE_CAPTION = re.compile(r"[\u4e00-\u9fff]{0,4}(?:详情|正文|全文|详细内容|详细信息|内容)")


def _title_copy(lines: list[str], title: str, starts: int = 3) -> tuple[int, int] | None:
    """The first and last line of a title copy that starts on one of the first ``starts``
    lines, or None."""
    for start in range(min(starts, len(lines))):
        joined = ""
        for end in range(start, min(start + MAX_TITLE_LINES, len(lines))):
            joined += strip_spaces(lines[end].replace(CELL_SEP, ""))
            if joined == title or _FOOTNOTE.sub("", joined) == title:
                return start, end
            if not title.startswith(joined):
                break
    return None
