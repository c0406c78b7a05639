"""A 信息公开 catalogue block rendered inside the body container (the text step).

Many templates print the metadata table (索引号, 发布机构, 成文日期, 主题分类, 文号 …)
inside the element that also holds the article, so it comes out as body lines instead of
the metadata block. Such a block is recognised by form: a run of consecutive lines made
only of ``label: value`` pairs of known metadata labels (a row of cells, one field a line,
a label alone over its value, a row of labels over a row of values) that holds at least
``MIN_LABELS`` distinct labels, ``MIN_CATALOGUE`` of them labels only a catalogue uses
(索引号, 成文日期, 主题分类 …: no sentence of a document starts so). The run leaves the body
for ``StepContext.info``, where the metadata stage reads it. A body line with one such
label (``发布日期:`` of an event, ``文号:`` quoted in a reply) or with other labels too
(联系人:, 地点:) is no catalogue and stays.
"""

from __future__ import annotations

from .chars import CELL_SEP
from .labels import KNOWN_LABELS, MAX_META_LINE, pairs_in_line
from .steps import StepContext

__all__ = ["CATALOGUE_LABELS", "take_info_block"]

MIN_LABELS = 3
MIN_CATALOGUE = 2
MAX_LABEL = 7  # characters of the longest label
MAX_VALUE = 160  # the value line under a label alone or a row of labels
# Labels of a 信息公开 catalogue entry that no body sentence or event notice opens with.
CATALOGUE_LABELS = frozenset({
    "索引号", "信息索引", "索取号", "发布机构", "发文机关", "发文单位", "发文机构", "所属机构",
    "文号", "发文字号", "文件编号", "成文日期", "发文日期", "生成日期", "发布日期", "时效性",
    "有效性", "主题分类", "主题词", "信息分类", "体裁分类", "组配分类", "公开方式", "公开范围",
    "公开时限", "服务对象", "废止日期", "实施日期", "公开分类", "公开类别",
})
# Other labels of catalogue tables (no metadata key reads them; they keep a row whole).
_MORE_LABELS = frozenset({
    "信息名称", "名称", "标题", "关键词", "关键字", "内容概述", "公开形式", "所属主题", "主题",
    "公文种类", "信息类别", "类别", "体裁", "文种", "公开属性", "效力状态", "统一编号", "登记号",
    "有效期", "发布形式",
})
# Body words that parse as labels but are no metadata when they stand among a run.
_NOT_FIELDS = frozenset({"备注", "分享", "分享到", "字体", "字号"})


def _label_row(line: str) -> bool:
    """A row of labels (its values are the next row)."""
    cells = [c.strip().rstrip(":").strip() for c in line.split(CELL_SEP)]
    return len(cells) >= 2 and all(map(_is_label, cells))


def _labels_of(line: str) -> list[str] | None:
    """The labels of a line made only of known ``label: value`` pairs (it opens with one),
    or None."""
    text = line.strip()
    if _alone(text):
        return [text.rstrip(":").strip()]  # a label alone: its value is on the next line
    if not text or len(text) > MAX_META_LINE or (":" not in text and CELL_SEP not in text):
        return None
    if _label_row(text):
        return [c.strip().rstrip(":").strip() for c in text.split(CELL_SEP)]
    cells = [c.strip() for c in text.split(CELL_SEP)]
    if ":" not in text and len(cells) >= 2 and len(cells) % 2 == 0 \
            and all(map(_is_label, cells[::2])):
        return cells[::2]  # label cell, value cell, … (no colons)
    if text.find(":", 0, MAX_LABEL + 2) < 0:
        return None  # a field line opens with its label and colon
    pairs = pairs_in_line(text)
    if not pairs or not text.startswith(pairs[0][0]):
        return None
    labels = [label for label, _ in pairs]
    return labels if all(map(_is_label, labels)) else None


def _is_label(word: str) -> bool:
    return (word in KNOWN_LABELS or word in _MORE_LABELS) and word not in _NOT_FIELDS


def _alone(line: str) -> bool:
    """A label alone on its line (its value is on the next one)."""
    return _is_label(line.strip().rstrip(":").strip())


def _runs(lines: list[str]) -> list[tuple[int, int]]:
    """(start, end) of every run of field lines that holds a catalogue block."""
    found: list[tuple[int, int]] = []
    i = 0
    while i < len(lines):
        if _labels_of(lines[i]) is None:
            i += 1
            continue
        start, seen = i, set()
        while i < len(lines):
            labels = _labels_of(lines[i])
            if labels is None and i > start and len(lines[i]) <= MAX_VALUE and (
                    _alone(lines[i - 1]) or _label_row(lines[i - 1])):
                labels = []  # the value under a label alone, the values under a label row
            if labels is None:
                break
            seen.update(labels)
            i += 1
        if len(seen) >= MIN_LABELS and len(seen & CATALOGUE_LABELS) >= MIN_CATALOGUE:
            found.append((start, i))
    return found


def _as_fields(lines: list[str]) -> list[str]:
    """The run's lines for the metadata stage: a label alone joined with its value."""
    out: list[str] = []
    for line in lines:
        if out and _alone(out[-1]) and _labels_of(line) is None:
            out[-1] = f"{out[-1].strip().rstrip(':').strip()}:{line.strip()}"
        else:
            out.append(line)
    return out


def take_info_block(text: str, ctx: StepContext | None = None) -> str:
    """Move the catalogue blocks out of the body into ``ctx.info`` (and ``ctx.removed``)."""
    if ":" not in text and CELL_SEP not in text and not any(
            label in text for label in ("索引号", "信息索引", "索取号")):
        return text
    lines = text.split("\n")
    runs = _runs(lines)
    if not runs:
        return text
    kept: list[str] = []
    last = 0
    for start, end in runs:
        kept += lines[last:start]
        if ctx is not None:
            ctx.info.extend(_as_fields(lines[start:end]))
            ctx.removed.extend(line for line in lines[start:end] if line.strip())
        last = end
    kept += lines[last:]
    return "\n".join(kept)
