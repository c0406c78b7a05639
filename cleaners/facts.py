"""Facts a reply states in its own text: document number, proposal number, session,
proposer, handling units, reply date and satisfaction."""

from __future__ import annotations

import re

from .chars import CJK
from .dates import parse_date, to_iso_date
from .labels import label_pairs

__all__ = ["document_number", "proposal_facts"]

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
    if "reply_date" not in facts:  # the date under the signature
        dates = [day for line in body_lines[-6:] if len(line) <= 20
                 and (day := parse_date(line)) is not None]
        if dates:
            facts["reply_date"] = dates[-1].isoformat()
    return facts
