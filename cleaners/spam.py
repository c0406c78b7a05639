"""Remove text injected by third parties: gambling keyword blocks, fake bios, fake speakers.

General rules, not per-page patches:

* gambling/lottery block: a line without sentence punctuation made of several
  gambling terms (``澳门彩票开奖结果 棋牌游戏下载 …``); prose that mentions
  福彩公益金 has sentence punctuation and at most one such term, so it stays;
* injected CV: a paragraph opening ``关于<X>组:`` followed by a résumé, or a
  paragraph that opens with a name and a title and reads like a biography
  (研究方向, 出版著作, 客座教授, 毕业于 …);
* fake speaker: ``<small company>有限公司<董事长|执行董事|创始人><Name>`` spliced
  into official news, scored on several independent cues (see ``_endorsement_score``).
"""

from __future__ import annotations

import re

from .chars import CJK
from .steps import StepContext

__all__ = [
    "cut_company_endorsements",
    "drop_gambling_spam",
    "drop_injected_bios",
    "gambling_hits",
    "is_gambling_line",
]

_GAMBLING = re.compile(
    r"彩票|时时彩|开奖|博彩|棋牌|麻将|捕鱼|赌场|赌博|赌球|百家乐|老虎机|娱乐城|娱乐场|体彩|福彩|"
    r"双色球|大乐透|六合彩|快三|快3|\d+选\d+|赛车|pk10|PK10|投注|下注|彩金|中奖|赔率|葡京|"
    r"威尼斯人|电子游艺|现金网|真人视讯|首充|返水|牛牛|炸金花|斗地主|德州扑克|扑克|菠菜|"
    r"bet365|casino|彩票网|购彩|竞彩|足彩|体育在线|欢乐麻将|开户送",
    re.I,
)
_SENTENCE_PUNCT = re.compile(r"[。！？；;!?]")
_COMMAS = re.compile(r"[,，]")


def gambling_hits(line: str) -> int:
    """How many gambling/lottery terms ``line`` contains."""
    return len(_GAMBLING.findall(line))


def is_gambling_line(line: str) -> bool:
    """A keyword block: several gambling terms and no sentence structure."""
    if _SENTENCE_PUNCT.search(line) or len(_COMMAS.findall(line)) > 1:
        return False
    hits = gambling_hits(line)
    return hits >= 3 or (hits >= 2 and len(line) <= 40)


def drop_gambling_spam(text: str, ctx: StepContext | None = None) -> str:
    """Remove gambling/lottery keyword lines; report them in ``ctx.removed``."""
    kept = []
    for line in text.split("\n"):
        if is_gambling_line(line):
            if ctx is not None:
                ctx.removed.append(line)
        else:
            kept.append(line)
    return "\n".join(kept)


_BIO_CUES = re.compile(
    r"毕业于|研究方向|出版著作|出版|著作|客座教授|导师|创始人|董事长|执行董事|总经理|理事|"
    r"会员|专家委员|入库专家|代表作|师从|擅长|获得.{0,8}奖|荣获|高研班|委员"
)
_PANEL_HEADER = re.compile(r"^关于[^,:，。]{1,8}组\s*[:]")
_NAME_LED = re.compile(
    rf"^{CJK}{{2,4}}(\({CJK}{{2,4}}\))?(教师|教授|老师|导师|画家|书法家|艺术家|专家|博士|研究员|先生|女士)[,，]"
)
_NUMBERED = re.compile(r"^\d{1,2}\s*[.、]")


def _bio_cue_count(line: str) -> int:
    return len(set(_BIO_CUES.findall(line)))


def _is_bio(line: str) -> bool:
    if _PANEL_HEADER.match(line):
        return _bio_cue_count(line) >= 1
    return bool(_NAME_LED.match(line)) and _bio_cue_count(line) >= 2


def drop_injected_bios(text: str, ctx: StepContext | None = None) -> str:
    """Remove injected CV/biography paragraphs (and the numbered items under them)."""
    kept: list[str] = []
    in_cv = False
    for line in text.split("\n"):
        if _is_bio(line) or (in_cv and _NUMBERED.match(line)):
            in_cv = True
            if ctx is not None:
                ctx.removed.append(line)
            continue
        in_cv = False
        kept.append(line)
    return "\n".join(kept)


_NOT_IN_NAME = "和与及的在是为了"
_COMPANY = rf"[^\W\d_{_NOT_IN_NAME}]{{2,30}}?(?:股份)?有限(?:责任)?公司"
_ROLE = r"(?:执行董事|副董事长|董事长|联合创始人|创始人|总经理|总裁|CEO)(?:兼(?:CEO|总经理|总裁))?"
_ENDORSEMENT = re.compile(
    rf"(?:(?<=^)|(?<=[,，。;；:：、“(和与及同]))"
    rf"(?P<span>(?:{_COMPANY}{_ROLE}、?)+(?P<name>{CJK}{{2,3}}?))"
    r"(?=表示|说|指出|认为|强调|介绍|分别|作|称|等|也|在|和|,|，)"
)
_SPEAKER = re.compile(rf"[。,，;；](?P<name>{CJK}{{2,3}}?)(?:强调|指出|认为|表示|说)")
_STRONG_ROLES = ("执行董事", "董事长", "创始人")
ENDORSEMENT_THRESHOLD = 4


def _endorsement_score(match: re.Match[str], line: str, text: str) -> int:
    span, name = match.group("span"), match.group("name")
    score = 0
    score += "股份有限公司" not in span  # a small private company, not a listed one
    score += any(role in span for role in _STRONG_ROLES)
    score += span.count("公司") >= 2  # several company posts stacked on one name
    score += text.count(name) == 1  # never mentioned again
    after = line[match.end():match.end() + 300]
    before = text[: text.find(line)] + line[: match.start()]
    for speaker in _SPEAKER.finditer(after):
        other = speaker.group("name")
        if other != name and other not in before:
            score += 1  # the next quote is given to someone never introduced
            break
    return score


def cut_company_endorsements(text: str, ctx: StepContext | None = None) -> str:
    """Cut ``<company><role><Name>`` spans spliced into official news in place of a speaker."""
    out = []
    for line in text.split("\n"):
        for match in reversed(list(_ENDORSEMENT.finditer(line))):
            if _endorsement_score(match, line, text) >= ENDORSEMENT_THRESHOLD:
                if ctx is not None:
                    ctx.removed.append(match.group("span"))
                line = line[: match.start("span")] + line[match.end("span"):]
        out.append(line)
    return "\n".join(out)
