"""A name followed by its titles: ``某某——某公司董事长、某协会副会长`` (name first).

The title-stack grammar of :mod:`cleaners.persons` reads titles leftwards from the name
(``titles + name``). Introductions also come the other way round, the name first and
its stack after a dash, a comma or an alias: ``曹某——某集团董事长、某联合会常务副会长、
某基金会特聘顾问出席…``, ``郑某,著名…学家、某促进会副主席、…特聘教授,应邀…``.
:func:`name_first_mentions` finds those with two or more titles (one title after a name
is ordinary apposition: ``张某,某大学教授``; after a dash one is enough), as
:class:`persons.Mention` spans from the name to the end of the last title, for
:mod:`cleaners.endorsements` to score like any other. Nothing here decides what to cut.
"""

from __future__ import annotations

import re
from functools import lru_cache

from . import lexicon as lx
from .persons import _ALIAS, _STOP_NAMES, Mention, role_pattern, title_stack

__all__ = ["name_first_mentions"]

_HAN = "\u4e00-\u9fff"
# the name opens a sentence, a clause or a label's value, or follows a quote it speaks;
# then an alias, then the joint
_NAME_FIRST = re.compile(rf"(?:^|(?<=[。！？!?:：,，;；”]))(?P<name>[{_HAN}]{{2,3}})"
                         rf"(?P<alias>[(（][^()（）]{{2,8}}[)）])?(?P<joint>——|—|[,，])")
_STACK_STOP = "，,。；;！？!?\n"
MIN_TITLES = 2  # after a dash, one (``杨某——某公司董事长``: a credit line's form)
_DASHES = ("——", "—")


def _stack_after(line: str, start: int, least: int) -> tuple[int, tuple] | None:
    """(end, titles) of the longest stack of ``least`` or more titles that starts at
    ``start`` and ends before the clause does."""
    stop = min((i for i in (line.find(c, start) for c in _STACK_STOP) if i >= 0),
               default=len(line))
    segment = line[start:stop]
    best = None
    for role in role_pattern().finditer(segment):
        titles = title_stack(segment[:role.end()], role.end())
        if len(titles) >= least and sum(len(t.text) for t in titles) + len(titles) - 1 \
                == role.end():
            best = (start + role.end(), titles)
    return best


@lru_cache(maxsize=1024)
def name_first_mentions(line: str) -> tuple[Mention, ...]:
    """Every ``name[(alias)] joint titles、titles…`` in ``line`` (see the module doc)."""
    found = []
    for m in _NAME_FIRST.finditer(line):
        name = m.group("name")
        if not (name[0] in lx.SURNAMES or name[:2] in lx.SURNAMES) or name in _STOP_NAMES \
                or role_pattern().search(name):
            continue
        alias = m.group("alias") or ""
        if alias and not _ALIAS.fullmatch(alias):
            continue
        stack = _stack_after(line, m.end(), 1 if m.group("joint") in _DASHES else MIN_TITLES)
        if stack is None:
            continue
        end, titles = stack
        found.append(Mention(m.start(), m.end(), end, name, alias, titles, line[end:end + 2]))
    return tuple(found)
