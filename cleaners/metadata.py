"""The 信息公开 block / info line: label-value pairs, the five FORMAT.md keys, proposal facts."""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import pairwise

from .chars import CELL_SEP, CJK
from .dates import find_iso_date, to_iso_date

__all__ = [
    "FIVE_KEYS",
    "document_number",
    "five_keys",
    "label_pairs",
    "normalise_fields",
    "proposal_facts",
]

FIVE_KEYS = ("索引号", "发布机构", "文号", "发布日期", "时效性")
SYNONYMS: dict[str, tuple[str, ...]] = {
    "索引号": ("索引号", "信息索引"),
    "发布机构": ("发布机构", "发布单位", "发文机关", "发文单位", "信息来源", "来源"),
    "文号": ("文号", "发文字号", "文件编号"),
    "发布日期": ("发布日期", "发布时间", "生成日期", "时间"),
    "时效性": ("时效性", "有效性"),
}
DATE_FIELDS = frozenset({"发布日期", "成文日期", "生成日期", "发文日期", "发布时间", "时间",
                         "日期", "印发日期", "答复日期", "办复日期", "实施日期"})
# Labels known to head a value in a table cell without a colon (信息公开 tables).
KNOWN_LABELS = frozenset(
    {s for group in SYNONYMS.values() for s in group}
    | {"成文日期", "主题分类", "主题词", "公开方式", "公开时限", "公开范围", "分类", "发文日期",
       "体裁分类", "组配分类", "服务对象", "所属机构", "信息分类", "废止日期", "文章类型",
       "访问量", "浏览量", "浏览次数", "访问次数", "阅读次数", "点击数", "作者", "字体", "字号",
       "责任编辑"}
)
_LABEL = re.compile(rf"(?:^|(?<=[\s{CELL_SEP}]))(?P<label>{CJK}{{2,7}})\s*:")
_KNOWN_LABEL = re.compile(
    "(?P<label>" + "|".join(sorted(KNOWN_LABELS, key=len, reverse=True)) + r")\s*:"
)
MAX_META_LINE = 240


def _label_marks(line: str) -> list[re.Match[str]]:
    """Label positions: any CJK word after white space, or a known label anywhere."""
    marks = {m.start(): m for m in _LABEL.finditer(line)}
    for m in _KNOWN_LABEL.finditer(line):
        if not any(o.start() <= m.start() < o.end() for o in marks.values()):
            marks[m.start()] = m
    return [marks[k] for k in sorted(marks)]


def _pairs_in_line(line: str) -> list[tuple[str, str]]:
    marks = _label_marks(line)
    pairs = []
    for i, m in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(line)
        value = line[m.end():end].replace(CELL_SEP, " ").strip()
        pairs.append((m.group("label"), value))
    if not marks and CELL_SEP in line:  # label cell, value cell, label cell, …
        cells = line.split(CELL_SEP)
        for label, value in pairwise(cells):
            if label.strip() in KNOWN_LABELS and value.strip() not in KNOWN_LABELS:
                pairs.append((label.strip(), value.strip()))
    return pairs


def label_pairs(lines: Iterable[str]) -> dict[str, str]:
    """Every ``label: value`` on short lines; the first occurrence of a label wins."""
    found: dict[str, str] = {}
    pending: str | None = None  # a label alone on its line: the value is on the next
    for line in lines:
        if len(line) > MAX_META_LINE:
            pending = None
            continue
        pairs = _pairs_in_line(line)
        if pending and not pairs and line.strip():
            found[pending] = found.get(pending) or line.strip()
        pending = None
        for label, value in pairs:
            if label not in found or (not found[label] and value):
                found[label] = value
        if len(pairs) == 1 and not pairs[0][1] and line.rstrip().endswith(":"):
            pending = pairs[0][0]
    return found


def _clean_value(label: str, value: str) -> str:
    value = value.strip(" |")
    if label in DATE_FIELDS:
        return to_iso_date(value)
    return value


def five_keys(raw: dict[str, str], meta_date: str | None = None) -> dict[str, str]:
    """The five FORMAT.md keys from raw labels (first present synonym wins)."""
    out = {}
    for key, synonyms in SYNONYMS.items():
        present = [raw[s] for s in synonyms if s in raw]
        value = next((v for v in present if v.strip()), "")
        if key == "发布日期":
            value = find_iso_date(value) or ""
            if not value and meta_date:
                value = find_iso_date(meta_date) or ""
        out[key] = _clean_value(key, value)
    return out


def normalise_fields(raw: dict[str, str]) -> dict[str, str]:
    """Every raw field with dates made ISO (the sidecar's extra fields)."""
    return {label: _clean_value(label, value) for label, value in raw.items()}


_DOC_NO = rf"{CJK}{{1,12}}[〔\[(【]\d{{4}}[〕\])】]\s*\d{{1,5}}\s*号"
_DOC_NUMBER = re.compile(rf"^{_DOC_NO}$")
_DOC_NUMBER_ROW = re.compile(rf"^{CJK}{{0,10}}文号\s*:?\s*(?P<no>{_DOC_NO})$")


def document_number(body_lines: list[str]) -> str:
    """A document number standing alone among the first body lines (穗民案〔2019〕89号),
    or given in a leading table row labelled …文号."""
    for line in body_lines[:3]:
        line = line.strip()
        if _DOC_NUMBER.match(line):
            return line
        if m := _DOC_NUMBER_ROW.match(line):
            return m.group("no")
    return ""


_NUMBER = re.compile(r"第\s*(\d{1,5})\s*号")
_SESSION = re.compile(
    r"((?:第)?[一二三四五六七八九十\d]{1,4}届(?:[^\s,，。:;；]{0,12}?)(?:第)?[一二三四五六七八九十\d]{1,3}次(?:全体)?会议)"
)
_FACT_LABELS = {
    "proposer": ("提案人", "提建议人", "建议人", "领衔人", "提案者", "代表", "议案人"),
    "handling_units": ("承办单位", "主办单位", "分办单位", "会办单位", "协办单位"),
    "satisfaction": ("委员反馈", "代表反馈", "满意度", "反馈意见", "办理结果"),
    "reply_date": ("答复日期", "办复日期", "答复时间"),
}
_DATE_LINE = re.compile(r"^\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$")


def proposal_facts(title: str, body_lines: list[str]) -> dict[str, object]:
    """Number, session, proposer, handling units, reply date, satisfaction: where stated."""
    facts: dict[str, object] = {}
    head = "\n".join([title, *body_lines[:15]])
    if m := _NUMBER.search(head):
        facts["proposal_number"] = f"第{m.group(1)}号"
    if m := _SESSION.search(head):
        facts["session"] = m.group(1)
    raw = label_pairs(body_lines[:40])
    for key, labels in _FACT_LABELS.items():
        value = next((raw[label] for label in labels if raw.get(label)), "")
        if not value:
            continue
        if key == "handling_units":
            facts[key] = [u for u in re.split(r"[、,，;；]", value) if u.strip()]
        elif key == "reply_date":
            facts[key] = to_iso_date(value)
        else:
            facts[key] = value
    if "reply_date" not in facts:
        dates = [line for line in body_lines[-6:] if _DATE_LINE.match(line)]
        if dates:
            facts["reply_date"] = to_iso_date(dates[-1])
    return facts
