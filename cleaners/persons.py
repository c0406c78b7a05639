"""The grammar of a title stack: ``[org] role (、|， [org] role)* Name [(alias)]``.

:func:`mentions` finds every person named after a role noun in one paragraph, with the
titles stacked before the name (read leftwards over 、 and ，), each title classified by
:mod:`cleaners.lexicon` (official, commercial, honorific, membership, trade, neutral).
Nothing here decides what to cut; :mod:`cleaners.endorsements` scores the mentions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from . import lexicon as lx

__all__ = ["ASSOC_POST", "SELLING", "TRADE", "Mention", "NameCounts", "Title", "classify",
           "mentions", "name_at", "role_pattern", "title_stack"]

OFFICIAL, STRONG, COMMERCIAL, HONORIFIC, MEMBERSHIP, ASSOC_POST, NEUTRAL = (
    "official", "commercial-strong", "commercial", "honorific", "membership",
    "association-post", "neutral")
ENDORSING = frozenset({STRONG, HONORIFIC, MEMBERSHIP, ASSOC_POST})
SELLING = ENDORSING | {COMMERCIAL}  # every kind that endorses, owns or manages
TRADE = "trade"  # a worker's own grade, 职称 or state honour (lexicon.TRADES): scores nothing

_HAN = "\u3400-\u4dbf\u4e00-\u9fff"
# Characters that end a title segment (a stack continues only over 、 and ，).
_SEGMENT_END = set("，,、；;：:。！？!?“”\"‘’「」《》【】\t\n")
_STACK_JOIN = set("、，,")
# Words after which a title stack starts (据<titles>介绍, 和<titles>, 有关<titles>负责人 …).
_TRIGGER = re.compile(
    # 经 as in 经…批准, not in 经济/经营/经贸/经销/经开区 (民营经济研究会 is one body's name)
    r"(?:据|由|经(?![济营贸销开])|邀请|特邀|聘请|以及|及|和(?![平谐美])|与|同(?![济仁心])|有关|包括"
    r"|其中|是|为(?!民)|者|们"
    r"|还有|的有"  # 出席的(还)有<titles>: who was there
    r"|在|向|跟|被|请|的|团队|[访察问务演讲]团|小组|志愿者"
    rf"|{'|'.join(lx.PRESENTER_SLOTS)}|嘉宾"  # the slot a presenter or guest fills
    r")了?"  # 邀请了<titles>: the particle too
)
_NOT_NAME_START = set("的了是在和与及等们为对把被将向从以于并且而也都就还又再说其该此这那各每本"
                      "我你他她它有无不已可会能要所之兼任")
_NOT_IN_NAME = set("的了们等说")
_STOP_NAMES = frozenset({"单位", "企业", "同志", "一行", "等人", "工作", "队伍", "群体", "身份",
                         "名单", "证书", "称号", "资格", "大会", "会议", "培训", "活动", "代表",
                         "表示", "介绍", "指出", "认为", "强调", "出席", "参加", "主持", "现场",
                         "发言", "讲话", "致辞", "团队", "协会", "公司", "作品", "风采", "职工",
                         "群众", "居民", "学生", "家属", "师生", "人员", "党员", "委员", "人士",
                         "嘉宾", "朋友", "爱好者", "们"})
_ALIAS = re.compile(rf"[(（](?:(?:原名|本名|曾用名|又名|艺名|笔名|字)[:：]?)?[{_HAN}]{{2,4}}[)）]")
# a quoted nickname and the real name in brackets after it (…博主“某某说”(本名某某)):
# how influencers are introduced; the brackets are required (a quote after a role may be
# anything)
_NICKNAME = re.compile(rf"“(?P<nick>[^”\n]{{2,12}})”(?P<alias>[(（](?:(?:本名|原名|真名)[:：]?)?"
                       rf"[{_HAN}]{{2,4}}[)）])")
_STRONG_FOLLOWER = (
    r"表示|介绍|说|指出|认为|强调|称|谈到|坦言|透露|解释|补充|提出|希望|出席|参加|参与|主持|作|做|致辞"
    r"|讲话|发言|宣读|宣布|现场|通过|带领|率|陪同|与|和|及|同|等|分别|也|还|一同|一起|共同|为|向|对|在"
    r"|就|亲临|莅临|到场|应邀|受邀|一行|挥毫|题写|题词|书写|创作|展示|演唱|表演|获得|荣获|担任|是|的"
    r"|针对|围绕|结合|带来|分享|讲解|解读|进行|开展|指导|授课|主讲|参观|考察|走访|看望|慰问|讲述|表演"
    r"|领衔|牵头|领办|创办|发起|带队|担纲|联合|联手|携手"  # who leads or joins (由某某领衔)
    r"|先生|女士"  # the polite form after a name (…董事长某某先生对…)
)
_FOLLOWER = re.compile(rf"(?:{_STRONG_FOLLOWER})|[:：,，、;；。!！?？)）“\"]|$")
_LATIN_NAME = re.compile(r" ?[A-Za-z][A-Za-z .·-]{1,30}")  # the next person, in Latin letters
# a name in Latin letters after a stack of two or more titles (…会员Jason Li出席)
_LATIN_PERSON = re.compile(r"[A-Z][a-z]+(?: [A-Z][a-z]+){0,2}")
# a native place between a stack and its name (…客座教授，江西省南昌市人某某)
_NATIVE_PLACE = re.compile(rf"[,，、]?(?:[{_HAN}]{{1,4}}?[省市县区州盟旗]){{1,3}}人")


@dataclass(frozen=True)
class Title:
    """One title of a stack: the organisation text and the role nouns after it."""

    text: str
    org: str
    roles: tuple[str, ...]
    kinds: tuple[str, ...]


@dataclass(frozen=True)
class Mention:
    """A person named after a stack of titles, with offsets into the paragraph."""

    start: int  # where the stack starts
    name_start: int  # where the titles end
    end: int  # after the name (and its alias)
    name: str
    alias: str
    titles: tuple[Title, ...]
    follower: str  # the word or punctuation right after
    garbled: bool = False  # a 、 between the last title and the name (a splice)

    @property
    def kinds(self) -> set[str]:
        return {k for t in self.titles for k in t.kinds}

    @property
    def sells(self) -> bool:
        """An endorsing, owning or managing title, and no official or trade title."""
        kinds = self.kinds
        return bool(kinds & SELLING) and not kinds & {OFFICIAL, TRADE}

    @property
    def span(self) -> tuple[int, int]:
        return self.start, self.end


@cache
def role_pattern() -> re.Pattern[str]:
    """Every role noun of the lexicons, longest first."""
    roles = set(lx.COMMERCIAL_STRONG) | set(lx.COMMERCIAL) | set(lx.HONORIFIC)
    roles |= set(lx.MEMBERSHIP) | set(lx.ASSOCIATION_POST) | set(lx.OFFICIAL)
    roles |= set(lx.NEUTRAL) | set(lx.AMBIGUOUS) | set(lx.TRADES)
    return re.compile("|".join(sorted((re.escape(r) for r in roles), key=len, reverse=True)))


def _org_kind(org: str) -> str | None:
    if any(m in org for m in lx.OFFICIAL_ORG):
        return OFFICIAL
    if any(m in org for m in lx.ASSOCIATION_ORG):
        return MEMBERSHIP
    if any(m in org for m in lx.COMMERCIAL_ORG):
        return COMMERCIAL
    if org.endswith(lx.OFFICIAL_ORG_ENDINGS):
        return OFFICIAL
    return None


def classify(role: str, org: str) -> str:
    """The kind of ``role`` held in organisation ``org`` (see :mod:`cleaners.lexicon`)."""
    if role in lx.COMMERCIAL_STRONG:
        return STRONG
    if role in lx.COMMERCIAL:
        return COMMERCIAL
    if role in lx.HONORIFIC:
        return HONORIFIC
    if role in lx.MEMBERSHIP:
        return MEMBERSHIP
    if role in lx.ASSOCIATION_POST:
        return ASSOC_POST
    if role in lx.OFFICIAL:
        return OFFICIAL
    if role in lx.TRADES:
        return TRADE
    if role in lx.NEUTRAL:
        return NEUTRAL
    by_org = _org_kind(org)
    if by_org is not None:
        return ASSOC_POST if by_org == MEMBERSHIP else by_org  # 协会主席: a post in it
    return OFFICIAL if role in lx.OFFICIAL_BY_DEFAULT else NEUTRAL


def _four_character_name(name: str) -> bool:
    """A compound surname (欧阳…) or two surnames, the parents' (张王梓涵)."""
    return name[:2] in lx.SURNAMES or (name[0] in lx.SURNAMES and name[1] in lx.SURNAMES)


def _starts_role(line: str, pos: int, end: int) -> bool:
    """True when a role noun starts inside ``line[pos:end]`` and runs past ``end``: the
    characters are the head of a title (谷|客座教授), not a name."""
    for k in range(pos + 1, end):
        role = role_pattern().match(line, k)
        if role is not None and role.end() > end:
            return True
    return False


def name_at(line: str, pos: int) -> tuple[str, str, int, str] | None:
    """(name, alias, end, follower) for a personal name starting at ``pos``, else None.

    A name is 2–4 Han characters (four: a compound surname or two surnames) followed by a
    verb, a particle or punctuation; one that
    starts with a common surname may also be followed by a role noun (李某负责人表示:
    a name spliced into a phrase)."""
    for length in (3, 2, 4):
        name = line[pos:pos + length]
        if len(name) < length or not re.fullmatch(rf"[{_HAN}]+", name):
            continue
        if name[0] in _NOT_NAME_START or _NOT_IN_NAME & set(name) or name in _STOP_NAMES \
                or name[:2] in _STOP_NAMES:  # (成员单位分管负责人: 单位 opens no name)
            continue
        if role_pattern().search(name) or (length == 4 and not _four_character_name(name)):
            continue
        if _starts_role(line, pos, pos + length):
            continue
        end = pos + length
        alias = ""
        if m := _ALIAS.match(line, end):
            alias, end = m.group(0), m.end()
        follow = _FOLLOWER.match(line, end)
        if follow is None and (name[0] in lx.SURNAMES or name[:2] in lx.SURNAMES):
            follow = role_pattern().match(line, end) or _LATIN_NAME.match(line, end)
        if follow is not None:
            return name, alias, end, follow.group(0)
    return None


def _loose_name_at(line: str, pos: int) -> tuple[str, str, int, str] | None:
    """A surname-led name of three characters after a stack of two or more titles, whatever
    follows (the stack itself is the evidence)."""
    name = line[pos:pos + 3]
    if len(name) == 3 and re.fullmatch(rf"[{_HAN}]+", name) and name[0] in lx.SURNAMES and not (
            _NOT_IN_NAME & set(name) or role_pattern().search(name)
            or _starts_role(line, pos, pos + 3)):
        end = pos + 3
        alias = ""
        if m := _ALIAS.match(line, end):
            alias, end = m.group(0), m.end()
        return name, alias, end, line[end:end + 2]
    return None


def _latin_name_at(line: str, pos: int) -> tuple[str, str, int, str] | None:
    """A personal name in Latin letters (``Jason Li``) followed by a verb or punctuation."""
    m = _LATIN_PERSON.match(line, pos)
    if m is None:
        return None
    follow = _FOLLOWER.match(line, m.end())
    return (m.group(0), "", m.end(), follow.group(0)) if follow is not None else None


def _listed_name_at(line: str, pos: int) -> tuple[str, str, int, str] | None:
    """A surname-led name after ``<title>、`` that ends the list item (a verb or a
    conjunction follows, not 、 and another item)."""
    named = name_at(line, pos)
    if named is None or not (named[0][0] in lx.SURNAMES or named[0][:2] in lx.SURNAMES):
        return None
    return None if named[3] in _STACK_JOIN or role_pattern().match(named[3]) else named


def _segment_start(line: str, end: int) -> int:
    """Start of the title segment ending at ``end``: after the last separator."""
    i = end - 1
    while i >= 0 and line[i] not in _SEGMENT_END:
        i -= 1
    return i + 1


_TITLE_GLUE = re.compile("[兼及暨]")  # one person's titles in two bodies (兼: concurrently)


def _part_start(line: str, start: int, end: int) -> int:
    """Where the last title of ``line[start:end]`` starts: after a 兼 (及, 暨) that follows
    a role of another body (``某公司总经理兼某协会会员``: two titles, two bodies); ``start``
    when there is none (``某协会驻会副主席兼秘书长`` is one body's two roles, one title)."""
    for m in reversed(list(_TITLE_GLUE.finditer(line, start, end))):
        i = m.start()
        # a role before it, and a body of its own named after it
        if i > start and _role_at_end().search(line, start, i) \
                and _roles_at_end(line[i + 1:end])[0] > 0:
            return i + 1
    return start


def _roles_at_end(text: str) -> tuple[int, tuple[str, ...]]:
    """The role nouns that end ``text`` (驻会副主席兼秘书长: 副主席, 秘书长), where they start."""
    roles: list[str] = []
    end = len(text)
    while True:
        m = _role_at_end().search(text, 0, end)
        if m is None:
            break
        roles.insert(0, m.group(0))
        end = m.start()
        if text[:end].endswith("兼"):
            end -= 1
        elif not role_pattern().search(text[max(0, end - 6):end]):
            break
    return (end if roles else len(text)), tuple(roles)


@cache
def _role_at_end() -> re.Pattern[str]:
    return re.compile(f"(?:{role_pattern().pattern})$")


_CONJUNCTION_TRIGGERS = frozenset("和与及同")
_PLACE_START = re.compile("|".join(lx.PLACE_STARTS))


def _trigger_end(org: str) -> int | None:
    """Where the last trigger word before the roles ends (the stack starts there), or None.
    A conjunction right after a place name is part of a body's name
    (山西和康…有限公司, 中国小水电与农村水利联合会), not a trigger: the one before it counts."""
    found = list(_TRIGGER.finditer(org))
    for k in range(len(found) - 1, -1, -1):
        m = found[k]
        piece = org[found[k - 1].end() if k else 0:m.start()]
        if m.group(0)[0] in _CONJUNCTION_TRIGGERS and _PLACE_START.match(piece) \
                and not role_pattern().search(piece):
            continue
        return m.end()
    return None


def _title(line: str, start: int, end: int) -> tuple[Title, bool] | None:
    """The title in ``line[start:end]`` (which must end with a role) and whether a
    trigger word cut its start (then the stack starts there)."""
    text = line[start:end]
    org_end, roles = _roles_at_end(text)
    if not roles:
        return None
    org = text[:org_end]
    triggered = False
    if org:
        cut = _trigger_end(org)
        if cut is not None:
            triggered = True
            text, org = text[cut:], org[cut:]
    kinds = tuple(classify(r, org) for r in roles)
    if _org_kind(org) == MEMBERSHIP and not {MEMBERSHIP, ASSOC_POST, OFFICIAL} & set(kinds) \
            and not role_pattern().search(org) and not re.search(r"\d", org):
        kinds += (MEMBERSHIP,)  # any title held in an association is an affiliation with it
    return Title(text, org, roles, kinds), triggered


# 等 closing an open list (某集团等企业): not the 等 of 高等, 平等, 同等 …
_PLURAL_ETC = re.compile(r"(?<![高中初平均同对上次])等")


def _stack(line: str, role_end: int, joins: str = "、，,兼及暨"
           ) -> tuple[int, tuple[Title, ...]]:
    """Where the stack ending at ``role_end`` (where the name starts) begins, and its
    titles, read leftwards over ``joins`` (、 and ，, and a 兼/及/暨 between two bodies'
    titles, ``_part_start``)."""
    titles: list[Title] = []
    stack_start = end = role_end
    start = _part_start(line, _segment_start(line, end), end)
    while True:
        found = _title(line, start, end)
        if found is None:
            break
        title, triggered = found
        if titles and _PLURAL_ETC.search(title.org):
            break  # a group before the stack (国机重装等企业代表,<stack>): no one's title
        titles.insert(0, title)
        stack_start = end - len(title.text)
        if triggered or stack_start == 0 or line[stack_start - 1] not in joins:
            break
        end = stack_start - 1
        start = _part_start(line, _segment_start(line, end), end)
    return stack_start, tuple(titles)


@lru_cache(maxsize=4096)
def mentions(line: str) -> tuple[Mention, ...]:
    """Every ``titles + name`` mention in ``line``, left to right (cached: several steps
    ask about the same paragraph)."""
    found: list[Mention] = []
    for role in role_pattern().finditer(line):
        named = name_at(line, role.end())
        start, titles = _stack(line, role.end())
        if named is None and (native := _NATIVE_PLACE.match(line, role.end())):
            named = name_at(line, native.end()) or (
                _loose_name_at(line, native.end()) if len(titles) >= 2 else None)
        if named is None and len(titles) >= 2:
            named = _loose_name_at(line, role.end()) or _latin_name_at(line, role.end())
        if named is None and (nick := _NICKNAME.match(line, role.end())):
            follow = _FOLLOWER.match(line, nick.end())
            named = (nick.group("nick"), nick.group("alias"), nick.end(),
                     follow.group(0) if follow else line[nick.end():nick.end() + 2])
        garbled = named is None and line.startswith("、", role.end())
        if garbled:  # one list item: its titles are joined by 、 only
            named = _listed_name_at(line, role.end() + 1)
            start, titles = _stack(line, role.end(), "、")
        if named is None or not titles:
            continue
        name, alias, end, follower = named
        found.append(Mention(start, role.end(), end, name, alias, titles, follower, garbled))
    return tuple(found)


def title_stack(line: str, end: int) -> tuple[Title, ...]:
    """The titles stacked before ``end`` (``<org>主任,<协会>会员`` before a 。), or ()."""
    return _stack(line, end)[1]


class NameCounts:
    """How often names occur in one document, counted lazily and cached.

    Counting is a scan of the document; at most ``budget`` distinct names are counted, so
    a page naming thousands of people stays linear. A name over budget counts as frequent
    (it then never looks unknown, so nothing is cut for it: precision first).
    """

    def __init__(self, doc: str, budget: int = 64):
        self.doc = doc
        self.budget = budget
        self._counts: dict[str, int] = {}

    def count(self, name: str) -> int:
        if name not in self._counts:
            if len(self._counts) >= self.budget:
                return 1 << 30
            self._counts[name] = self.doc.count(name)
        return self._counts[name]
