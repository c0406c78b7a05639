"""Cut a celebrity's relative spliced into an enumeration (the text step).

Clone sites add one item to a list of guests or participants that claims kinship with a
famous person: ``…、以及著名国画大师某某之孙某某画家出席`` or ``…和知名作家某某的女儿某某``.
The item's grammar is ``<joiner> <acclaim> [field] <celebrity> <kinship noun> <name>
[role noun]``: a joiner of a list (、, 以及, 和, 及), an acclaim (著名, 知名, 享誉…的) or a
master's title (大师, 泰斗, 宗师, 名家), the celebrity's name, a kinship noun (之孙,
之子, 之女, 孙女, 后人, 的儿子, 的女儿 …), the relative's name and an optional role
noun (画家, 书法家, 先生, 女士). Official news names a guest by post, not by descent;
when neither the celebrity nor the relative occurs elsewhere in the document, the item
goes with its joiner. An article about the family names them again, and stays.
"""

from __future__ import annotations

import re

from .persons import NameCounts
from .steps import StepContext

__all__ = ["cut_kinship_items"]

_HAN = "\u4e00-\u9fff"
_ACCLAIM = r"(?P<acclaim>国际知名|全国知名|著名|知名|享誉[\u4e00-\u9fff]{0,4}的|一代)?"
_MASTER = r"(?:大师|泰斗|宗师|名家|名宿)"
_FIELD = (rf"(?P<field>[{_HAN}]{{0,6}}?"
          rf"(?:{_MASTER}|艺术家|书法家|画家|作家|诗人|歌唱家|演员|学者|家))")
_KIN = (r"(?P<kin>之孙女|之孙|之子|之女|之侄|之曾孙|之外孙|之后人|之后裔|之传人|的孙女|的孙子|"
        r"的儿子|的女儿|的外孙|的侄子|的后人|孙女|孙子|后人|后裔|嫡孙|长子|次子|长女)")
_ROLE = r"(?:[\u4e00-\u9fff]{0,4}?(?:画家|书法家|艺术家|作家|先生|女士|老师))?"
_ITEM = re.compile(
    rf"(?P<join>、以及|、及|以及|、|和|及)(?:其他嘉宾|嘉宾)?{_ACCLAIM}{_FIELD}"
    rf"(?P<celeb>[{_HAN}]{{2,3}}?){_KIN}(?P<name>[{_HAN}]{{2,3}}?){_ROLE}"
    rf"(?=[、,，;；。等]|出席|参加|到场|莅临|应邀|一同|也|$)")
_QUICK = re.compile(_KIN)


def _cut_line(line: str, names: NameCounts, ctx: StepContext | None) -> str:
    for m in reversed(list(_ITEM.finditer(line))):
        if not (m.group("acclaim") or re.search(f"{_MASTER}$", m.group("field"))):
            continue  # no celebrity claimed: a plain family mention
        a, b = m.span()
        item = line[a:b]
        if any(names.count(m.group(g)) > item.count(m.group(g)) for g in ("celeb", "name")):
            continue  # the family is what the article is about
        if ctx is not None:
            ctx.removed.append(item)
        line = line[:a] + line[b:]
    return line


def cut_kinship_items(text: str, ctx: StepContext | None = None) -> str:
    """Cut celebrity-kinship list items (see the module docstring)."""
    if not _QUICK.search(text):
        return text
    names = NameCounts(f"{ctx.title if ctx else ''}\n{text}")
    return "\n".join(_cut_line(line, names, ctx) for line in text.split("\n"))
