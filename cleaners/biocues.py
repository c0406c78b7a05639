"""What a biography reads like: cue words, personal names at a paragraph's start, officials.

Shared by the paragraph rules (:mod:`cleaners.bios`) and the sentence rules
(:mod:`cleaners.intros`). A cue is counted once per kind (获一等奖 and 获得金奖 are one
prize cue), so ordinary news that mentions one prize is no biography.
"""

from __future__ import annotations

import re
from functools import lru_cache

from . import lexicon as lx
from .persons import OFFICIAL, classify, mentions, role_pattern

__all__ = ["COMMERCIAL_POST", "HAN", "MIN_BIO_CUES", "bio_cues", "is_surname_name",
           "names_official", "starts_with_cue"]

HAN = "\u4e00-\u9fff"
MIN_BIO_CUES = 2
_COMMERCIAL_POSTS = "创始人|发起人|执行董事|董事长|总经理|总裁|监事|股东|合伙人|法人"
_BIO_CUES = re.compile(
    r"出生于|出生地|出生日期|\d{4}年(?:\d{1,2}月)?(?:\d{1,2}日)?(?:出)?生|生于|毕业于|毕业院校|就读于"
    r"|现任|现为|曾任|历任|师从|受业于|代表作|(?:作品|》)(?:曾)?(?:多次)?(?:入选|获|参加|参展|被)"
    r"|获(?:得)?(?!奖者|奖代表|奖选手|奖单位)[^。,，;；]{0,12}奖|荣获|授予|被评为|出版|著有|著作|研究方向|擅长|擅画|客座教授|会员"
    r"|理事|专家委员|入库专家|高研班|中文名|国籍|民族|籍贯|身高|体重|冠军|导师|艺术家|书法家|画家"
    r"|收藏|院士|汉族|[,，][男女][,，]|饰演|参演|出演|主演|参与拍摄|拍摄|别名|艺名|笔名"
    r"|被誉为|誉为|享有[^。,，]{0,12}美誉"  # acclaim a promotional CV quotes (被誉为“…第一人”)
    rf"|[,，]字[{HAN}]{{1,2}}[,，]|{_COMMERCIAL_POSTS}"
)
COMMERCIAL_POST = re.compile(_COMMERCIAL_POSTS)  # an owner's or manager's post


def _cue_kind(cue: str) -> str:
    """Variants of one cue count once (获一等奖, 获得金奖: one prize cue)."""
    if COMMERCIAL_POST.fullmatch(cue):
        return "post"
    for prefix, kind in (("被誉", "美誉"), ("誉为", "美誉"), ("享有", "美誉"),
                         ("获", "获奖"), ("作品", "作品"), ("》", "作品"), ("拍摄", "演艺"),
                         ("参与拍摄", "演艺"),
                         ("饰演", "演艺"), ("参演", "演艺"), ("出演", "演艺"), ("主演", "演艺")):
        if cue.startswith(prefix):
            return kind
    if cue[:1] in ",，":
        return "字" if "字" in cue else "性别"
    return "年生" if cue[:1].isdigit() else cue


def bio_cues(text: str) -> int:
    """How many distinct kinds of biography cue ``text`` holds."""
    return len({_cue_kind(m.group(0)) for m in _BIO_CUES.finditer(text)})


def starts_with_cue(text: str) -> bool:
    """True when ``text`` opens with a biography cue (代表作…, 毕业于…, 1960年生…)."""
    return bool(_BIO_CUES.match(text))


def is_surname_name(name: str) -> bool:
    """True when ``name`` starts with a common surname (single or compound)."""
    return bool(name) and (name[0] in lx.SURNAMES or name[:2] in lx.SURNAMES)


@lru_cache(maxsize=4096)
def names_official(text: str) -> bool:
    """True when ``text`` names an official post (a mention, or a post after its body)."""
    if any(OFFICIAL in m.kinds for m in mentions(text)):
        return True
    for m in role_pattern().finditer(text):
        role = m.group(0)
        if role in lx.OFFICIAL_BY_DEFAULT:
            continue
        org = text[max(0, m.start() - 12):m.start()]
        if role in lx.OFFICIAL or classify(role, org) == OFFICIAL:
            return True
    return False
