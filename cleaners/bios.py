"""Drop injected biographies: panel blocks, biography paragraphs, introduction sentences.

Three forms, each from general signals (never a name or phrase of one page):

* a block headed ``关于专家组`` / ``关于评委组`` / ``关于企业代表`` … (``关于`` + a group of people,
  with or without colon, numbered like ``四、关于专家组``, alone on its line or opening a
  paragraph) followed by a biography: the header paragraph, and the numbered items or
  biography lines right after it;
* a paragraph that opens with a personal name (a common surname, 2–4 characters, an
  optional alias in brackets) and reads like a biography (two or more distinct cues:
  出生于, 毕业于, 现任, 客座教授, 代表作, prize lists …) about a person the document
  never mentions anywhere else;
* a sentence that introduces a person by label and name with a stack of non-official
  titles (``作者:某某<公司>主任,<协会>会员。``), the person never mentioned elsewhere.

None of them fires when an official post is named (a 任前公示 biography stays).
"""

from __future__ import annotations

import re

from . import lexicon as lx
from .persons import (
    ENDORSING,
    OFFICIAL,
    NameCounts,
    classify,
    mentions,
    role_pattern,
    title_stack,
)
from .steps import StepContext

__all__ = ["bio_cues", "drop_injected_bios", "is_panel_header"]

_HAN = "\u4e00-\u9fff"
_ENUMERATOR = r"(?:[一二三四五六七八九十]{1,3}[、.]|\d{1,2}[、.]|[(（][一二三四五六七八九十\d]{1,3}[)）])?\s*"
_GROUP = (r"(?:专家|评委|评审|嘉宾|讲师|导师|顾问|作者|艺术家|书法家|画家|主讲人?|企业代表|代表"
          r"|老师|教练|获奖者)")
_PANEL = re.compile(
    rf"^{_ENUMERATOR}关于(?P<group>[{_HAN}]{{0,4}}?{_GROUP}[{_HAN}]{{0,2}}?(?:组|团|们)?"
    rf"|[{_HAN}]{{1,6}}(?:组|团))"
    rf"(?P<rest>[:：].*|(?![的和与及等是在对为])(?=[{_HAN}]{{2,4}}[,，(（]).*|$)"
)
_BIO_CUES = re.compile(
    r"出生于|出生地|出生日期|\d{4}年(?:出)?生|生于|毕业于|毕业院校|就读于|现任|现为|曾任|历任|师从"
    r"|受业于|代表作|作品(?:曾)?(?:多次)?(?:入选|获|参加|参展|被)|获(?:得)?[^。,，;；]{0,12}奖"
    r"|荣获|授予|被评为|出版|著有|研究方向|擅长|擅画|客座教授|会员|理事|专家委员|入库专家|高研班"
    r"|中文名|国籍|民族|籍贯|身高|体重|冠军|导师|艺术家|书法家|画家|收藏|院士"
    rf"|[,，]字[{_HAN}]{{1,2}}[,，]"
)
_NUMBERED = re.compile(r"^\d{1,2}\s*[.、]")
_NAME_LED = re.compile(
    rf"^(?P<name>[{_HAN}]{{2,4}}?)(?P<alias>[(（][{_HAN}]{{2,6}}[)）])?"
    rf"(?=出生|生于|[,，(（]|是|为|教师|教授|老师|画家|书法家|艺术家|先生|女士)"
)
_PERSON_LABEL = re.compile(
    rf"(?:作者|讲师|主讲人|主讲|演讲人|嘉宾|获奖者|书写者|设计者|指导老师|导师)[:：]"
    rf"(?P<name>[{_HAN}]{{3}})"
)
MIN_BIO_CUES = 2


def _cue_kind(cue: str) -> str:
    """Variants of one cue count once (获一等奖, 获得金奖: one prize cue)."""
    for prefix, kind in (("获", "获奖"), ("作品", "作品"), (",", "字"), ("，", "字")):
        if cue.startswith(prefix):
            return kind
    return "年生" if cue[:1].isdigit() else cue


def bio_cues(text: str) -> int:
    """How many distinct kinds of biography cue ``text`` holds."""
    return len({_cue_kind(m.group(0)) for m in _BIO_CUES.finditer(text)})


def is_panel_header(line: str) -> bool:
    """True for ``关于专家组:…`` / ``四、关于评委组`` (a group of people introduced)."""
    return bool(_PANEL.match(line))


def _names_official(text: str) -> bool:
    """True when ``text`` names an official post (a mention, or 现任…局长)."""
    if any(OFFICIAL in m.kinds for m in mentions(text)):
        return True
    for m in role_pattern().finditer(text):
        if m.group(0) in lx.OFFICIAL or (classify(m.group(0), text[max(0, m.start() - 12):m.start()]) \
                == OFFICIAL and m.group(0) not in lx.OFFICIAL_BY_DEFAULT):
            return True
    return False


def _elsewhere(name: str, names: NameCounts, paragraph: str) -> bool:
    return names.count(name) > paragraph.count(name)


def _is_panel_block(line: str) -> bool:
    m = _PANEL.match(line)
    if not m:
        return False
    rest = m.group("rest").lstrip(":：")
    if rest and _names_official(rest):
        return False
    return not rest or bio_cues(rest) >= 1 or any(x.kinds & ENDORSING for x in mentions(rest))


def _is_bio_paragraph(line: str, names: NameCounts) -> bool:
    m = _NAME_LED.match(line)
    if not m or not (m.group("name")[0] in lx.SURNAMES or m.group("name")[:2] in lx.SURNAMES):
        return False
    return (bio_cues(line) >= MIN_BIO_CUES and not _elsewhere(m.group("name"), names, line)
            and not _names_official(line))


def _is_bio_line(line: str) -> bool:
    """A line that continues a panel block: numbered, or biographical."""
    return bool(_NUMBERED.match(line)) or (bio_cues(line) >= MIN_BIO_CUES
                                           and not _names_official(line))


def _cut_intro_sentences(line: str, names: NameCounts, ctx: StepContext | None) -> str:
    """Cut ``作者:某某<titles>。`` sentences about a person never mentioned elsewhere."""
    for label in reversed(list(_PERSON_LABEL.finditer(line))):
        end = line.find("。", label.end())
        end = len(line) if end < 0 else end
        stack = title_stack(line, end)
        if not stack or OFFICIAL in {k for t in stack for k in t.kinds}:
            continue
        kinds = {k for t in stack for k in t.kinds}
        if len(stack) < 2 or not kinds & ENDORSING or _elsewhere(label.group("name"), names, line):
            continue
        start = max(line.rfind(c, 0, label.start()) for c in "。！？!?") + 1
        if ctx is not None:
            ctx.removed.append(line[start:end + 1])
        line = line[:start] + line[end + 1:]
    return line


def drop_injected_bios(text: str, ctx: StepContext | None = None) -> str:
    """Remove injected panel blocks, biography paragraphs and introduction sentences."""
    names = NameCounts(f"{ctx.title if ctx else ''}\n{text}")
    kept: list[str] = []
    in_block = False
    for line in text.split("\n"):
        if _is_panel_block(line) or (in_block and _is_bio_line(line)) \
                or _is_bio_paragraph(line, names):
            in_block = in_block or _is_panel_block(line)
            if ctx is not None:
                ctx.removed.append(line)
            continue
        in_block = False
        kept.append(_cut_intro_sentences(line, names, ctx) if ":" in line else line)
    return "\n".join(line for line in kept if line)
