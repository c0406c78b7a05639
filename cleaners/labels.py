"""``label: value`` pairs of 信息公开 tables and info lines, in every layout portals use.

* info lines: ``来源:采育镇日期:2024-09-27 打印``, ``来源:某局发布:2024-01-02`` (labels
  glued to the previous value are found because known labels are looked for anywhere,
  and win over a longer unknown word that ends with one: ``次信息来源:`` is ``信息来源``);
* row layout: label cell, value cell, label cell … (labels with or without colon);
* column layout: a row of labels over a row of values (``thead``, ``td.t1``/``td.t2``);
* a label alone on its line takes the next line as its value.

The first occurrence of a label wins; empty values stay (an empty ``来源`` tells the caller
to look in the page's meta tags).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import pairwise

from .chars import CELL_SEP, CJK

__all__ = ["ANY_KNOWN_LABEL", "KNOWN_LABELS", "MAX_META_LINE", "label_pairs", "pairs_in_line"]

KNOWN_LABELS = frozenset({
    "索引号", "信息索引", "发布机构", "发布单位", "发文机关", "发文单位", "信息来源", "来源",
    "文章来源", "新闻来源", "稿件来源", "内容来源", "文号", "发文字号", "文件编号", "发布日期",
    "发布时间", "生成日期", "时间", "日期", "更新时间", "更新日期", "发表时间", "上传时间",
    "录入时间", "时效性", "有效性", "成文日期", "主题分类", "主题词", "公开方式", "公开时限",
    "公开范围", "分类", "发文日期", "体裁分类", "组配分类", "服务对象", "所属机构", "信息分类",
    "废止日期", "文章类型", "访问量", "浏览量", "浏览次数", "访问次数", "阅读次数", "点击数",
    "点击量", "阅读量", "作者", "字体", "字号", "责任编辑", "编辑", "审核", "校对", "供稿",
    "撰稿", "摄影", "实施日期", "印发日期", "阅读", "分享", "分享到", "索取号", "发文机构",
    "生效时间", "失效时间", "废止时间", "备注", "发布", "公开分类", "公开类别",
})
_LABEL = re.compile(rf"(?:^|(?<=[\s{CELL_SEP}]))(?P<label>{CJK}{{2,7}})\s*:")
# Any known label, the longest first (so 信息来源 is not read as 来源).
ANY_KNOWN_LABEL = "|".join(sorted(KNOWN_LABELS, key=len, reverse=True))
_KNOWN_LABEL = re.compile(f"(?P<label>{ANY_KNOWN_LABEL})" + r"\s*:")
MAX_META_LINE = 240


def _label_marks(line: str) -> list[tuple[int, int, str]]:
    """(start, end, label) of every label in ``line``.

    A known label inside a longer unknown word wins when that word follows another label
    (``阅读次数:次信息来源:``: the 次 belongs to the counter), not at the start of a line
    (``会议时间:`` stays itself)."""
    known = [(m.start(), m.end(), m.group("label")) for m in _KNOWN_LABEL.finditer(line)]
    marks = {k[0]: k for k in known}
    for m in _LABEL.finditer(line):
        inside = [k for k in known if m.start() <= k[0] < m.end()]
        if inside and m.start() > 0 and any(k[1] <= m.start() for k in marks.values()):
            continue
        for k in inside:
            marks.pop(k[0], None)
        marks[m.start()] = (m.start(), m.end(), m.group("label"))
    return [marks[k] for k in sorted(marks)]


def _cells(line: str) -> list[str]:
    return [c.strip() for c in line.split(CELL_SEP)]


def _is_label_cell(cell: str) -> bool:
    return cell.rstrip(":").strip() in KNOWN_LABELS


def pairs_in_line(line: str) -> list[tuple[str, str]]:
    """The ``(label, value)`` pairs of one line."""
    marks = _label_marks(line)
    pairs = []
    for i, (_, end, label) in enumerate(marks):
        stop = marks[i + 1][0] if i + 1 < len(marks) else len(line)
        pairs.append((label, line[end:stop].replace(CELL_SEP, " ").strip()))
    if not marks and CELL_SEP in line:  # label cell, value cell, label cell, …
        for label, value in pairwise(_cells(line)):
            if _is_label_cell(label) and not _is_label_cell(value):
                pairs.append((label.rstrip(":").strip(), value))
    return pairs


_DATE_LABEL = re.compile(r"日期|时间")
_NUMBER_LABEL = re.compile(r"文号|字号|编号")
_DATE_VALUE = re.compile(r"(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}")
_NUMBER_VALUE = re.compile(r"[〔\[(【]\s*\d{4}\s*[〕\])】]|\d+\s*号$")


def _fits(label: str, value: str) -> bool:
    """Whether ``value`` has the shape ``label`` asks for (a date, a document number)."""
    if _DATE_LABEL.search(label):
        return bool(_DATE_VALUE.search(value))
    if _NUMBER_LABEL.search(label):
        return bool(_NUMBER_VALUE.search(value))
    return not _DATE_VALUE.match(value) and not _NUMBER_VALUE.search(value)


def _column_pairs(header: str, values: str) -> list[tuple[str, str]]:
    """A row of labels over a row of values (column layout). Empty value cells are not
    rendered, so when the rows differ in length each value goes to the next label whose
    shape it fits (a date to a date label, a document number to a 文号 label)."""
    labels = [c.rstrip(":").strip() for c in _cells(header)]
    cells = _cells(values)
    if len(labels) < 2 or not all(map(_is_label_cell, labels)) or len(cells) > len(labels):
        return []
    if any(_is_label_cell(c) for c in cells):
        return []
    if len(cells) == len(labels):
        return list(zip(labels, cells, strict=True))
    pairs, i = [], 0
    for value in cells:
        while i < len(labels) and not _fits(labels[i], value):
            i += 1
        if i == len(labels):
            return []
        pairs.append((labels[i], value))
        i += 1
    return pairs


def label_pairs(lines: Iterable[str]) -> dict[str, str]:
    """Every ``label: value`` on short lines; the first occurrence of a label wins."""
    found: dict[str, str] = {}

    def add(label: str, value: str) -> None:
        if label not in found or (not found[label] and value):
            found[label] = value

    pending: str | None = None  # a label alone on its line: the value is on the next
    header: str | None = None  # a row of labels: the values are on the next line
    for line in lines:
        if len(line) > MAX_META_LINE:
            pending = header = None
            continue
        if header is not None and (columns := _column_pairs(header, line)):
            for label, value in columns:
                add(label, value)
            header = None
            continue
        header = line if CELL_SEP in line and all(map(_is_label_cell, _cells(line))) else None
        if header is not None:
            continue
        pairs = pairs_in_line(line)
        if pending and not pairs and line.strip():
            add(pending, line.strip())
        pending = None
        for label, value in pairs:
            add(label, value)
        if len(pairs) == 1 and not pairs[0][1] and line.rstrip().endswith(":"):
            pending = pairs[0][0]
    return found
