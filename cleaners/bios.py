"""Drop injected biographies: panel blocks and biography paragraphs (the step).

Paragraph forms, each from general signals (never a name or phrase of one page):

* a block headed ``关于`` + a group of people (``关于专家组`` / ``关于评委组`` / ``关于企业代表``
  / ``关于专家组成员简介`` …, with or without colon, numbered like ``四、关于专家组`` or
  ``(五)关于专家组``, alone on its line or opening a paragraph, or listing the people's
  names) followed by a biography; the numbered items and biography lines right after it
  (a name alone on its line among them) go too; such a header opening a sentence inside
  a paragraph (``…全覆盖。关于企业代表:某某,1976年生…``) takes the paragraph's rest;
* a paragraph that opens with a personal name and titles after it (``某某<titles> 1.…``);
* a paragraph that opens with a personal name (a common surname, 2–4 characters, an
  optional alias in brackets), or with a title stack and such a name, and reads like a
  biography (two or more kinds of cue: 出生于, 毕业于, 现任, 客座教授, 代表作, prizes …),
  about a person named nowhere else in the document (or only after a stack of endorsing
  titles, injected there too);
* an entry of a roster (a name alone on its line, then post and duties) that alone reads
  as a biography and never names the organisation the other entries' posts share
  (:mod:`cleaners.rosters`);
* an off-topic paragraph promoting a firm's owner named nowhere else (``创始人为某某``,
  little wording shared with the rest: :mod:`cleaners.promos`).

A short heading of a person noun phrase (``学生代表:``, ``关于活动负责人:``, ``嘉宾介绍``) goes
with the biography block right after it, and a line that opens with such a heading and
continues with a biography paragraph (``学生代表:某某,2001年出生于…``) goes whole: the
heading's words are not in any lexicon, its shape is the signal.

A paragraph that names an official post is kept unless a 关于…组 header and two or more
biography cues introduce it (a 任前公示 biography stays). Sentence forms inside a paragraph
(简介:, 作者:, introduction sentences) are :mod:`cleaners.intros`.
"""

from __future__ import annotations

import re

from .biocues import (
    HAN,
    MIN_BIO_CUES,
    bio_cues,
    is_surname_name,
    names_official,
    starts_with_cue,
)
from .intros import cut_intros
from .lexicon import SURNAMES
from .persons import (
    ENDORSING,
    OFFICIAL,
    NameCounts,
    mentions,
    role_pattern,
    title_stack,
)
from .promos import OffTopic
from .rosters import roster_outliers
from .steps import StepContext

__all__ = ["drop_injected_bios", "is_panel_header", "is_person_heading"]

_ENUMERATOR = (r"(?:[一二三四五六七八九十]{1,3}[、.]|\d{1,2}[、.]"
               r"|[(（][一二三四五六七八九十\d]{1,3}[)）]|[◎●○■□◆◇★☆▲►•])?\s*")
_GROUP = (r"(?:专家|评委|评审|嘉宾|讲师|导师|顾问|作者|艺术家|书法家|画家|主讲人?|企业代表|代表"
          r"|老师|教练|获奖者|演员|讲解员|主持人?|发言人)")
_PANEL = re.compile(
    rf"^{_ENUMERATOR}关于(?:[{HAN}]{{0,4}}?{_GROUP}(?:组|团|们)?|[{HAN}]{{1,6}}(?:组|团))"
    rf"(?:成员|名单|简介|介绍|情况){{0,2}}(?P<rest>[:：].*|(?![的和与及等是在对为由])[^,，。].*|$)"
)
_NUMBERED = re.compile(r"^\d{1,2}\s*[.、]")
_NAME_LED = re.compile(
    rf"^(?P<name>[{HAN}]{{2,4}}?)(?P<alias>[(（][{HAN}A-Za-z .·]{{2,24}}[)）])?"
    rf"(?=出生|生于|毕业|现任|曾任|师从|擅长|[,，(（:：]|[男女][,，;；]|是|为|教师|教授|老师|画家|书法家"
    rf"|艺术家|先生|女士)"
)
_ITEM_START = re.compile(r"\s\d{1,2}\.|。")
# A heading introducing people: a short noun phrase ending in a person noun (代表, 负责人,
# 嘉宾, …员/…师/…家) or in 介绍/简介, with or without colon, without sentence punctuation.
_PERSON_NOUN = r"(?:代表|负责人|人|者|员|师|长|家|生|宾|手|主任|委|团|组|主讲)"  # 特邀主讲:
# (an appendix's 附: before it, or the heading in brackets: 【评委简介】)
_PERSON_HEAD = (rf"^{_ENUMERATOR}(?:附[:：]?)?[【\[]?(?:关于)?[{HAN}]{{0,12}}?"
                rf"(?:{_PERSON_NOUN}(?:介绍|简介|风采)?|介绍|简介)")
_HEAD_LINE = re.compile(_PERSON_HEAD + r"(?:[:：]|[】\]][:：]?)?$")
_HEAD_PREFIX = re.compile(_PERSON_HEAD + r"(?:[:：]|[】\]][:：]?)\s*")
MAX_HEAD = 16
_INTRODUCES = re.compile(r"(?:介绍|简介|风采)[】\]]?[:：]?$")  # a heading announcing CVs
_CLAUSE_END = re.compile(r"[,，。;；(（]")
_BARE_NAME = re.compile(rf"[{HAN}]{{2,3}}")
_PERSON_START = re.compile(r"[他她其曾]|\d{4}年")  # 他/她/其…, 曾获…, 2018年荣获…


def is_panel_header(line: str) -> bool:
    """True for ``关于专家组:…`` / ``四、关于评委组`` (a group of people introduced)."""
    return bool(_PANEL.match(line))


def _is_panel_block(line: str) -> bool:
    m = _PANEL.match(line)
    if not m:
        return False
    rest = m.group("rest").lstrip(":：")
    if not rest:
        return True
    cues = bio_cues(rest)
    if names_official(rest) and cues < MIN_BIO_CUES:
        return False
    return cues >= 1 or any(x.kinds & ENDORSING for x in mentions(rest))


def _name_first(line: str) -> str:
    """The name of a ``Name<titles>`` paragraph (某某高级专家、…创始人、董事长 1.…), or ''."""
    stop = _ITEM_START.search(line)
    end = stop.start() if stop else len(line)
    stack = title_stack(line, end)
    if not stack or end - sum(len(t.text) + 1 for t in stack) + 1 != 0:
        return ""
    kinds = {k for t in stack for k in t.kinds}
    if OFFICIAL in kinds or not kinds & ENDORSING or len(stack) < 2:
        return ""
    for length in (3, 2):
        name = line[:length]
        if is_surname_name(name) and stack[0].org.startswith(name):
            return name
    return ""


def _leading_name(line: str) -> tuple[str, int]:
    """The personal name a biography paragraph opens with (after titles, or alone), and
    where the text about the person starts; ('', 0) when it opens otherwise."""
    found = mentions(line[:80])
    if found and found[0].start == 0:
        return found[0].name, found[0].end
    m = _NAME_LED.match(line)
    name = m.group("name") if m else ""
    if is_surname_name(name) and (len(name) < 4 or name[:2] in SURNAMES) \
            and not role_pattern().search(name):
        return name, 0  # four characters only after a compound surname (not 展览现场)
    return "", 0


def is_person_heading(line: str) -> bool:
    """True for a short heading line introducing people (学生代表:, 嘉宾介绍)."""
    return len(line) <= MAX_HEAD and bool(_HEAD_LINE.match(line))


def _headed_bio(lines: list[str], i: int, names: NameCounts) -> int:
    """The end of a line that opens with a person heading and a colon, then a biography
    paragraph (and the lines going on about the person, ``_bio_end``), or 0."""
    line = lines[i]
    m = _HEAD_PREFIX.match(line)
    if not m or m.end() > MAX_HEAD or m.end() == len(line):
        return 0
    end = _bio_end([line[m.end():], *lines[i + 1:]], 0, names)
    return i + end if end else 0


_HE_SHE = re.compile(r"[他她其]")
_POLITE = ("先生", "女士")


def _goes_on_about(line: str, name: str) -> bool:
    """True for a paragraph that opens with the person: 他/她/其, or the name itself
    (``某某先生自幼习书…``)."""
    return bool(_HE_SHE.match(line)) or (line.startswith(name) and (
        line.startswith(_POLITE, len(name)) or not is_surname_name(line[:len(name) + 1])))


def _bio_end(lines: list[str], i: int, names: NameCounts) -> int:
    """The end of a biography paragraph at line ``i`` and the lines that go on about the
    same person (``他的作品多次入选…``, ``某某先生作品先后被…收藏``: opening with 他/她/其 or
    the name, holding two cues), or 0; the name may occur in those lines
    (``出版有《某某山水画集》``), nowhere else."""
    line = lines[i]
    name, after = _leading_name(line)
    if not name:
        return 0
    j = i + 1
    while j < len(lines) and _goes_on_about(lines[j], name) \
            and bio_cues(lines[j]) >= MIN_BIO_CUES \
            and not names_official(lines[j]):
        j += 1
    outside = names.count(name) - sum(lines[k].count(name) for k in range(i, j))
    if outside > 0 and outside > _endorsed(name, names.doc):
        return 0
    if bio_cues(_about(line[after:], name)) < MIN_BIO_CUES or names_official(line):
        return 0
    return j


def _endorsed(name: str, doc: str) -> int:
    """How often ``doc`` names ``name`` after a stack of endorsing titles only (an honorary
    or member's post, a firm's, or titles of two bodies; no official or trade title): a
    CV's person named so elsewhere was injected there too (``…促进会荣誉会长、…置业有限公司
    董事长某某带领…`` over ``某某,1968年出生于…``), which names nobody the article is about."""
    count = 0
    for line in doc.split("\n"):
        if name in line:
            count += sum(1 for m in mentions(line) if m.name == name and _endorsing_stack(m))
    return count


def _endorsing_stack(m) -> bool:
    return m.sells and (bool(m.kinds & ENDORSING) or len({t.org for t in m.titles}) >= 2)


def _about(rest: str, name: str) -> str:
    """What ``rest`` says about ``name``: the title stacks of other people blanked (市文化
    馆馆长某,<company 执行董事、协会会员 another>参加活动: that CV is not the first one's)."""
    for m in reversed(mentions(rest)):
        if m.name != name:
            rest = rest[:m.start] + " " + rest[m.end:]
    return rest


def _is_bio_line(line: str) -> bool:
    """A line that continues a panel block: numbered, or a biography that opens with the
    person (a name, 他/她/其, 曾…, a year, a cue such as 代表作 or 毕业于); prose that opens
    otherwise (据了解, 此次…) is the article resuming, whatever words it shares with a CV."""
    if _NUMBERED.match(line):
        return True
    opens = bool(_leading_name(line)[0] or _PERSON_START.match(line) or starts_with_cue(line))
    return opens and bio_cues(line) >= MIN_BIO_CUES and not names_official(line)


def _continues(lines: list[str], j: int, members: bool = False) -> int:
    """How many lines from ``j`` continue a block: a biographical line (under a panel
    header, ``members``, a member's line with one cue will do), or a name alone on its line
    with one after it (``吴某`` / ``吴某,1970年生,…``); 0 when none does."""
    if j < len(lines) and (_is_bio_line(lines[j]) or (members and _member_line(lines[j]))):
        return 1
    if j + 1 < len(lines) and _BARE_NAME.fullmatch(lines[j]) and is_surname_name(lines[j]) \
            and _is_bio_line(lines[j + 1]):
        return 2
    return 0


def _member_line(line: str) -> bool:
    """The line right under a bare panel header (关于专家组 alone): the header announced
    people, so a line that opens with a personal name and holds one biography cue or an
    endorsing title is the first of them (``某某,毕业于…。某某公司股东。``)."""
    name, _ = _leading_name(line)
    if not name or names_official(line):
        return False
    if bio_cues(line) >= 1 or any(m.kinds & ENDORSING for m in mentions(line)):
        return True
    # the name, then its titles (某某:某公司首席顾问、国际注册管理咨询师,长期致力于…)
    start = len(name) + (1 if line[len(name):len(name) + 1] in (":", "：", ",", "，") else 0)
    stop = _CLAUSE_END.search(line, start)
    end = stop.start() if stop else len(line)
    return any(set(t.kinds) & ENDORSING for t in title_stack(line, end)
               if line.find(t.text, start) >= start)


def _block_end(lines: list[str], i: int) -> int:
    """The end of the block that starts at line ``i`` (its continuation lines)."""
    j = i + 1
    members = bool(_PANEL.match(lines[i]))  # the header announced people
    while step := _continues(lines, j, members):
        j += step
    return j


def _dropped_until(lines: list[str], i: int, names: NameCounts, entries: dict[int, int],
                   off_topic: OffTopic) -> int:
    """Where the injected block starting at line ``i`` ends (0: line ``i`` is no block)."""
    if i in entries:
        return entries[i]
    line = lines[i]
    first = _name_first(line)
    listed = is_panel_header(line) and _continues(lines, i + 1)  # 关于专家组成员:某某、某某
    if _is_panel_block(line) or first or listed:
        end = _block_end(lines, i)
        block = "\n".join(lines[i:end])
        return 0 if first and names.count(first) > block.count(first) else end
    bio_end = _bio_end(lines, i, names)
    if bio_end:
        return bio_end
    headed = _headed_bio(lines, i, names)
    if headed:
        return headed
    return i + 1 if off_topic.is_promotion(line) else 0


_INNER_START = re.compile(r"(?<=[。！？!?])\s*(?=关于)")


def _cut_inner_panel(line: str, ctx: StepContext | None) -> str:
    """``line`` up to a panel block that opens one of its sentences (see module doc)."""
    for m in _INNER_START.finditer(line):
        if _is_panel_block(line[m.end():]):
            if ctx is not None:
                ctx.removed.append(line[m.end():])
            return line[:m.start()]
    return line


def drop_injected_bios(text: str, ctx: StepContext | None = None) -> str:
    """Remove injected panel blocks and biography paragraphs, then introduction sentences."""
    names = NameCounts(f"{ctx.title if ctx else ''}\n{text}")
    lines = text.split("\n")
    entries = dict(roster_outliers(lines, names))
    off_topic = OffTopic(lines, names)
    kept: list[str] = []
    i = 0
    dropped_before = False  # the line before went as a biography (a run of members)
    while i < len(lines):
        end = _dropped_until(lines, i, names, entries, off_topic)
        announced = kept and _INTRODUCES.search(kept[-1]) and is_person_heading(kept[-1])
        if not end and (announced or dropped_before) and _member_line(lines[i]):
            end = i + 1  # 嘉宾简介 announced it, or a CV just went: a member with one cue
        dropped_before = bool(end)
        if end:
            if kept and is_person_heading(kept[-1]):
                gone = kept.pop()  # the heading of the block (学生代表:, 嘉宾介绍)
                if ctx is not None:
                    ctx.removed.append(gone)
            if ctx is not None:
                ctx.removed.extend(lines[i:end])
            i = end
            continue
        line = _cut_inner_panel(lines[i], ctx) if "关于" in lines[i][1:] else lines[i]
        kept.append(cut_intros(line, names, ctx))
        i += 1
    return "\n".join(line for line in kept if line)
