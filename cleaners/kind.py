"""Decide the kind line (the closed set of FORMAT.md)."""

from __future__ import annotations

import re

__all__ = ["KINDS", "decide_kind"]

CPPCC = "政协提案办理答复"
NPC_SUGGESTION = "人大代表建议办理答复"
NPC_MOTION = "人大议案办理答复"
SUMMARY = "建议提案办理综述"
OTHER = "其他"
KINDS = (CPPCC, NPC_SUGGESTION, NPC_MOTION, SUMMARY, OTHER)

_SECTION = re.compile(r"提案|建议|议案|政协|人大")
_SUMMARY_TITLE = re.compile(
    r"办理(工作)?情况(公开|报告|通报|汇总|综述|的报告|总结)?(内容)?$|办理工作(总结|报告|情况)|"
    r"公开内容|综述|汇总|总体情况|办理结果(公开|汇总)|"
    # a meeting on the handling work (…办理工作督办会, 办理工作推进会议): a report on it
    r"办理工作[\u4e00-\u9fff]{0,6}会议?$"
)
_REPLY_TITLE = re.compile(
    r"答复|复函|回复|的函|第\s*\d+\s*号|的(建议|提案|议案)$|(建议|提案|议案)$"
)
_REPLY_BODY = re.compile(
    r"提案人|提建议人|建议人|领衔人|委员反馈|代表反馈|(?:^|(?<=\n))\s*[案事]\s*由|办复内容|办理情况|"
    r"现(将|就)?(有关)?(办理)?情况答复如下|现答复如下|答复如下|收悉"
)
_CPPCC_CUES = re.compile(r"政协|提案|委员")
_MOTION_CUES = re.compile(r"议案")
_SUGGESTION_CUES = re.compile(r"建议|代表|意见")


_AMBIGUOUS = "ambiguous"


def _family(text: str) -> str | None:
    """CPPCC or NPC from cues in ``text``: None when neither appears, ``_AMBIGUOUS``
    on a tie (a "建议提案办理" column names both)."""
    cppcc = len(_CPPCC_CUES.findall(text))
    npc = len(re.findall(r"人大|代表|建议|议案", text))
    if not cppcc and not npc:
        return None
    if cppcc == npc:
        return _AMBIGUOUS
    return CPPCC if cppcc > npc else NPC_SUGGESTION


# Addressee and signature lines only: topic words (人大代表, 政协委员) appear in the
# subjects of both families' replies; 常委会委员 are NPC standing-committee members.
_CPPCC_SIGNED = re.compile(r"提案人|委员反馈|提案收悉|(?<!常委会)(?<![代常])委员[:：,，]")
_NPC_SIGNED = re.compile(r"代表反馈|领衔人|提建议人|建议收悉|议案收悉|代表[:：,，]")


def _signed_family(head: str) -> str | None:
    """The family the reply's own addressee lines name (提案人 / 领衔人, 委员 / 代表)."""
    cppcc, npc = bool(_CPPCC_SIGNED.search(head)), bool(_NPC_SIGNED.search(head))
    if cppcc == npc:
        return None
    return CPPCC if cppcc else NPC_SUGGESTION


def _first_family(*sources: str | None) -> str | None:
    """The first source that names one family; NPC when they only tie; None without cues."""
    found = [s for s in sources if s is not None]
    decided = [s for s in found if s != _AMBIGUOUS]
    if decided:
        return decided[0]
    return NPC_SUGGESTION if found else None


def _npc_kind(title: str, body: str) -> str:
    if _MOTION_CUES.search(title) and not _SUGGESTION_CUES.search(title):
        return NPC_MOTION
    if re.search(r"提建议人|代表建议|建议收悉|的建议", body) or _SUGGESTION_CUES.search(title):
        return NPC_SUGGESTION
    return NPC_MOTION if _MOTION_CUES.search(body[:400]) else NPC_SUGGESTION


def decide_kind(title: str, body: str, column: str = "", hint: str | None = None) -> str:
    """The kind from the column meta, the portal hint, and title and body cues."""
    head = body[:600]
    if not (_SECTION.search(column) or (hint and hint != OTHER) or _REPLY_BODY.search(head)
            or (_REPLY_TITLE.search(title) and _SECTION.search(title))):
        return OTHER
    if _SUMMARY_TITLE.search(title) and not re.search(r"答复|复函", title):
        return SUMMARY
    if not _REPLY_BODY.search(head) and not _REPLY_TITLE.search(title):
        return hint if hint in KINDS else OTHER
    family = _first_family(_family(column),
                           hint if hint in (CPPCC, NPC_SUGGESTION, NPC_MOTION) else None,
                           _signed_family(head), _family(title), _family(head))
    if family is None:
        return OTHER
    if family == CPPCC:
        return CPPCC
    return _npc_kind(title, head)
