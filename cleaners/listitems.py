"""Where a ``titles + name`` mention stands in a list, for :mod:`cleaners.endorsements`.

An injected person is often one item of a list that otherwise names officials, public
bodies or unnamed groups (attendees, participants, an enumeration): the cues here say who
the neighbours are. :func:`list_of` gives the mentions joined to one by single separators,
:func:`is_list_outlier` an owner's post or a lineage among items that sell nothing,
:func:`line_siblings` the items of a list printed one a line, :func:`official_neighbours`
how many neighbours are officials or public bodies and how many unnamed groups, and
:func:`private_body` whether every title is held in a firm or an association whose name
shows no part of the state. Nothing here decides what to cut.
"""

from __future__ import annotations

import re

from . import lexicon as lx
from .persons import SELLING, STRONG, Mention, mentions

__all__ = ["ASSOCIATIONS", "MIN_LIST", "PRIVATE_OUTLIER", "is_list_outlier", "is_private_org",
           "line_siblings", "list_of", "official_neighbours", "private_body"]

_LINEAGE = re.compile(r"第[一二三四五六七八九十百\d]{1,3}代|传人$")

_LIST_JOINS = "、,，;；和及与"
MIN_LIST = 3
MAX_ITEM_LINE = 60
MAX_INSTITUTION = 20
_ITEM_JOINS = "、,，;；"
_BACK_JOINS = _ITEM_JOINS + "和及"  # …家长和<span>参加: the last item of a list
_ITEM_BOUNDS = "、,，;；:：。有和及"
# an unnamed group as a list item (部分干部职工, 有关负责同志, 美术爱好者等约100人)
_GROUP = re.compile(rf"(?:{'|'.join(lx.GROUP_NOUNS)})(?:等.{{0,12}})?$")
_PUBLIC_ENDINGS = (*lx.OFFICIAL_ORG_ENDINGS, "政府", "中心", "馆", "电视台", "学校", "医院", "站")
_PUBLIC_BODIES = ("文联", "科协", "侨联", "社科联")  # people's bodies under the party
_NOT_PUBLIC = re.compile("|".join(lx.COMMERCIAL_ORG + lx.ASSOCIATION_ORG))
# marks of a body the state owns or runs, whatever its kind: an administrative level in
# its name (江苏省国画院, 某市城投集团) or a central prefix (中国电信, 国网 …)
_PUBLIC_MARK = re.compile("|".join(lx.OFFICIAL_ORG + _PUBLIC_BODIES) + r"|[省市县区]"
                          r"|^(?:中国|国家|国网|中铁|中建|中交|中冶|中核|中化|中粮|中石)")
ASSOCIATIONS = re.compile("|".join(lx.ASSOCIATION_ORG))
PRIVATE_OUTLIER = 1.5  # a private body's head listed among officials or unnamed groups


def list_of(m: Mention, found: list[Mention], line: str) -> list[Mention]:
    """The list of mentions ``m`` is an item of: neighbours joined by one separator."""
    items = sorted(found, key=lambda x: x.start)
    at = next((k for k, x in enumerate(items) if x is m), -1)
    if at < 0:
        return []
    lo = hi = at
    while lo > 0 and 0 < items[lo].start - items[lo - 1].end <= 1 \
            and line[items[lo - 1].end] in _LIST_JOINS:
        lo -= 1
    while hi + 1 < len(items) and 0 < items[hi + 1].start - items[hi].end <= 1 \
            and line[items[hi].end] in _LIST_JOINS:
        hi += 1
    return items[lo:hi + 1]


def is_list_outlier(m: Mention, others: list[Mention]) -> bool:
    """An owner's post or a lineage among list items whose titles endorse or sell nothing
    (officials, professionals: a business meeting's list of managers has no outlier)."""
    if STRONG not in m.kinds and not any(_LINEAGE.search(t.text) for t in m.titles):
        return False
    return len(others) + 1 >= MIN_LIST and not any(x.kinds & SELLING for x in others)


def _item_of_line(line: str) -> Mention | None:
    """The one ``titles + name`` a line is made of (an item of a list printed one a line)."""
    found = mentions(line)
    if len(found) != 1 or found[0].start != 0:
        return None
    return found[0] if not line[found[0].end:].strip("，,、;；。 ") else None


def line_siblings(lines: list[str]) -> list[list[Mention]]:
    """For each line that is one list item among three or more consecutive ones, the other
    items of its list; [] for other lines."""
    items = [_item_of_line(line) if len(line) <= MAX_ITEM_LINE else None for line in lines]
    out: list[list[Mention]] = [[] for _ in lines]
    k = 0
    while k < len(items):
        end = k
        while end < len(items) and items[end] is not None:
            end += 1
        run = items[k:end]
        if len(run) >= MIN_LIST:
            for j in range(k, end):
                out[j] = [x for x in run if x is not items[j]]
        k = end + 1
    return out


_OPENING_WORD = re.compile(r"^(?:由|经|据|会同|联合|邀请)")


def _is_institution(item: str) -> bool:
    """A public body named alone as a list item (市商务局, 县人民政府, 市文化馆)."""
    if not 0 < len(item) <= MAX_INSTITUTION or _NOT_PUBLIC.search(item):
        return False
    return any(mark in item for mark in lx.OFFICIAL_ORG + _PUBLIC_BODIES) \
        or item.endswith(_PUBLIC_ENDINGS)


def official_neighbours(m: Mention, line: str, found: list[Mention]) -> tuple[int, int, int]:
    """How many list items next to ``m`` (over 、, commas and semicolons, within its
    sentence; over 和/及 before it) are public bodies named alone or officials' mentions,
    how many are unnamed groups (干部职工, 负责同志, 家长), and how many are officials'
    mentions; counting stops at any other item."""
    count = groups = people = 0
    for step in (-1, 1):
        pos = m.start - 1 if step < 0 else m.end
        while 0 <= pos < len(line) and line[pos] in (_BACK_JOINS if step < 0 else _ITEM_JOINS):
            if step < 0:
                begin = max(line.rfind(c, 0, pos) for c in _ITEM_BOUNDS) + 1
                if begin and line[begin - 1] in "和及" and line[pos] not in "和及":
                    # a 和 inside a body's name (市人力资源和社会保障局): the item runs on
                    begin = max(line.rfind(c, 0, begin - 1) for c in _ITEM_JOINS + ":：。") + 1
                item, span = line[begin:pos], (begin, pos)
                nxt = begin - 1
            else:
                ends = [i for i in (line.find(c, pos + 1) for c in _ITEM_BOUNDS) if i >= 0]
                end = min(ends, default=len(line))
                item, span = line[pos + 1:end], (pos + 1, end)
                nxt = end
            other = next((x for x in found if x.end == span[1]), None)
            item = _OPENING_WORD.sub("", item.strip())  # (由市总工会、…: the list's first)
            group = other is None and bool(_GROUP.search(item)) and len(item) <= MAX_INSTITUTION
            official = not other.kinds & SELLING if other else _is_institution(item)
            if not (official or group):
                break
            count += 1
            groups += group and not official
            people += other is not None
            pos = nxt
    return count, groups, people


def is_private_org(org: str, pattern: re.Pattern[str] = _NOT_PUBLIC) -> bool:
    """True for a firm or an association (``pattern``) whose name shows it no part of the
    state (no administrative level, no central prefix)."""
    return bool(pattern.search(org)) and not _PUBLIC_MARK.search(org)


def private_body(m: Mention, pattern: re.Pattern[str] = _NOT_PUBLIC) -> bool:
    """True when every title of ``m`` is held in a body of ``pattern`` (a firm or an
    association: 金陵某书画院院长, 某置业集团董事长) whose name shows it no part of the state."""
    return all(is_private_org(t.org, pattern) for t in m.titles)
