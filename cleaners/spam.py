"""Remove gambling and lottery keyword blocks injected by third parties.

A block is a line without sentence punctuation made of several gambling terms
(``澳门彩票开奖结果 棋牌游戏下载 …``); prose that mentions 福彩公益金 has sentence
punctuation and at most one such term, so it stays. Injected biographies are
:mod:`cleaners.bios`, injected title stacks :mod:`cleaners.endorsements`.
"""

from __future__ import annotations

import re

from .steps import StepContext

__all__ = ["drop_gambling_spam", "gambling_hits", "is_gambling_line"]

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
