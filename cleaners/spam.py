"""Remove gambling and lottery spam injected by third parties.

Three forms, each told by its shape and not by one page's words:

* a **keyword block**: a line without sentence punctuation made of several gambling terms
  (``澳门彩票开奖结果 棋牌游戏下载 …``; two in a short line only when one is a casino's);
* a **link list**: two or more consecutive short lines without sentence punctuation, each
  naming a gambling term, three or more terms in all, one of a casino (``<li><a>澳门葡京
  官网</a></li>`` …; a table of lottery shops, 福彩投注站 a row, names no casino; a list
  under a warning, 严禁以下行为:, is the notice's own);
* an **advert**: a sentence naming casino games or brands (never the state lotteries)
  three times, with an offer (官网, 注册, 首充 …), and no word of a warning.

Prose that mentions 福彩公益金 (the welfare lottery's public fund, which government
replies cite) has sentence punctuation and one term, so it stays; a notice that warns
against online gambling names the same games, but with 打击, 严禁, 谨防 …, so it stays.
Injected biographies are :mod:`cleaners.bios`, injected title stacks
:mod:`cleaners.endorsements`.
"""

from __future__ import annotations

import re

from .steps import StepContext

__all__ = ["drop_gambling_spam", "gambling_hits", "is_gambling_advert", "is_gambling_line"]

# The state lotteries' words: a government page may use them (福彩公益金, 体彩中心).
_LOTTERY_TERMS = (
    "彩票", "时时彩", "开奖", "体彩", "福彩", "双色球", "大乐透", "六合彩", "快三", "快3",
    r"\d+选\d+", "赛车", "pk10", "中奖", "购彩", "竞彩", "足彩", "彩票网",
)
# Casinos and betting sites, which no government page promotes: games (百家乐, 老虎机,
# 真人视讯, 电子游艺, 牛牛, 炸金花), venues and Macau casino brands (葡京, 威尼斯人,
# 太阳城, 美高梅, 新濠; 娱乐场 but not 娱乐场所, the regulators' "entertainment venues"),
# the sites' trade words (现金网, 首充 "first deposit", 返水 "rebate", 彩金 "bonus",
# 开户送 "sign-up gift").
_CASINO_TERMS = (
    "博彩", "赌场", "赌博", "赌球", "百家乐", "老虎机", "娱乐城", "娱乐场(?!所)", "下注",
    "彩金", "赔率", "葡京", "威尼斯人", "太阳城", "美高梅", "新濠", "电子游艺", "现金网",
    "真人视讯", "首充", "返水", "牛牛", "炸金花", "bet365", "casino", "开户送",
)
# Words that are gambling in a keyword block or a link list but ordinary in prose: games
# a community centre offers (棋牌室, 麻将), 投注站 (a lottery shop), 菠菜 (spinach, and a
# homophone of 博彩), 体育在线.
_GAME_TERMS = ("棋牌", "麻将", "捕鱼", "斗地主", "德州扑克", "扑克", "投注", "菠菜",
               "体育在线", "欢乐麻将")
_GAMBLING = re.compile("|".join((*_CASINO_TERMS, *_GAME_TERMS, *_LOTTERY_TERMS)), re.I)
_CASINO = re.compile("|".join(_CASINO_TERMS), re.I)
# An advert's offer: the site's address, signing up, a deposit's gift.
_OFFER = re.compile(r"官网|官方网站|网址|平台|注册|下载|开户|入口|即送|首存|充值|优惠|返利|"
                    r"(?<![a-z])app(?![a-z])", re.I)
# A warning's words: an anti-gambling notice names the same games.
_WARNING = re.compile(r"打击|严禁|禁止|非法|违法|犯罪|诈骗|谨防|警惕|提醒|不要|切勿|抵制|远离|"
                      r"查处|整治|取缔|举报|危害|沉迷|防范")
_SENTENCE_PUNCT = re.compile(r"[。！？；;!?]")
_COMMAS = re.compile(r"[,，]")
MAX_LIST_LINE = 30  # a link's text, not a sentence
MIN_LIST_TERMS = 3
MIN_ADVERT_TERMS = 3
MAX_ADVERT = 300


def gambling_hits(line: str) -> int:
    """How many gambling/lottery terms ``line`` contains."""
    return len(_GAMBLING.findall(line))


def _unpunctuated(line: str) -> bool:
    return not _SENTENCE_PUNCT.search(line) and len(_COMMAS.findall(line)) <= 1


def is_gambling_line(line: str) -> bool:
    """A keyword block: several gambling terms and no sentence structure (two in a short
    line when one is a casino's: ``1 福彩投注站 中山路12号`` is a lottery shop's table row)."""
    if not _unpunctuated(line):
        return False
    hits = gambling_hits(line)
    return hits >= 3 or (hits >= 2 and len(line) <= 40 and _CASINO.search(line) is not None)


def is_gambling_advert(line: str) -> bool:
    """A sentence selling a casino: three casino terms (two of them different), an offer,
    no warning."""
    if len(line) > MAX_ADVERT:
        return False
    terms = [m.group().lower() for m in _CASINO.finditer(line)]
    return (len(terms) >= MIN_ADVERT_TERMS and len(set(terms)) >= 2
            and _OFFER.search(line) is not None and _WARNING.search(line) is None)


def _is_list_line(line: str) -> bool:
    return 0 < len(line) <= MAX_LIST_LINE and _unpunctuated(line) and gambling_hits(line) > 0


def _spam_lines(lines: list[str]) -> set[int]:
    """The indexes of the lines that are spam in any of the three forms."""
    spam = {k for k, line in enumerate(lines)
            if is_gambling_line(line) or is_gambling_advert(line)}
    k = 0
    while k < len(lines):
        end = k
        while end < len(lines) and _is_list_line(lines[end]):
            end += 1
        run = lines[k:end]
        warned = any(_WARNING.search(line) for line in lines[max(k - 1, 0):end])
        if len(run) >= 2 and sum(map(gambling_hits, run)) >= MIN_LIST_TERMS \
                and any(_CASINO.search(line) for line in run) and not warned:
            spam.update(range(k, end))
        k = end + 1
    return spam


def drop_gambling_spam(text: str, ctx: StepContext | None = None) -> str:
    """Remove gambling spam lines; report them in ``ctx.removed``."""
    lines = text.split("\n")
    spam = _spam_lines(lines)
    if not spam:
        return text
    if ctx is not None:
        ctx.removed.extend(lines[k] for k in sorted(spam))
    return "\n".join(line for k, line in enumerate(lines) if k not in spam)
