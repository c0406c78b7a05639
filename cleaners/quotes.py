"""A quote given to a person whose span was cut goes with the span (``cut_title_stacks``).

A clone site that splices a fake expert into an article often gives them words as well:
``“…。”<titles + name>在接受采访时表示,愿为…提供全程指导。``. Once the span is judged
injected, the person's own further words are injected too. But a clone also substitutes
its person for a genuine speaker (``<titles + name>介绍:“<the real official's words>”``),
and then the quote is the article's and stays (the corpus's gold reads it without a
speaker). What tells the two apart is the frame: a cut right after a closing quote mark
and before a verb of saying (表示, 说, 指出 …, a short phrase such as 在接受采访时 between)
that goes on with a claim of its own, not a quote (``…表示,愿为…``), widens to the quote
and the rest of its sentence, when the quote opens its sentence (``市长某某说:“…”`` is the
mayor's); a quote that is only the object of the verb stays.

A cut speaker's praise in quotes (``到场的<span>评价说:“这是我见过最专业的…”``) goes too,
with the sentence: a verb of praise (评价, 称赞, 盛赞 …) makes the quote an endorsement,
where a substituted official reports (介绍, 表示).

A cut speaker's statement with no quote (``<titles + name>在接受采访时表示,…,清源能源自主研发的
…已完成样机测试``) goes with the span, up to its sentence's end, when it praises the
speaker's own firm: four characters of a firm's name in the span's titles, not all of them
trade words (清源能源, not 智慧农业), occur in what is said (a genuine speaker's words are
about the article's subject, not the firm of the person put in their place).
"""

from __future__ import annotations

import re

from .adverts import FIRM
from .chars import FULL_STOPS, sentence_end, sentence_start

__all__ = ["with_quotes"]

_SAYS = re.compile(r"[^。！？!?“”\"]{0,10}?(?:表示|说道|说|指出|介绍|坦言|认为|强调|谈到|感慨)")
# a verb of praise opening a quote (评价说:“…”, 称赞道:“…”): an endorsement, not a report
_PRAISES = re.compile(r"[^。！？!?“”\"]{0,6}?(?:评价|称赞|赞叹|盛赞|夸赞|赞扬|点赞)(?:说|道)?"
                      r"[:：,，]?\s*“")
MAX_LEAD = 4  # a sentence's lead before the span that goes with it (到场的, 现场)
_CLAIM = re.compile(r"[,，:：]?\s*[\u4e00-\u9fff]{4}")  # a clause of the speaker's own


# characters of the words that say what a firm does (智慧农业科技, 文化传媒): no brand
_TRADE_CHARS = frozenset("科技文化传媒智慧农业能源发展实业贸易咨询服务管理信息网络教育健康医疗"
                         "生物工程建设环保材料电子数据产业集团股份有限公司新国际中国省市县区")


def _praises_own_firm(span: str, said: str) -> bool:
    """True when ``said`` names a firm of ``span``'s titles by four characters of its name
    that are not all trade words (清源能源 of 某某清源能源科技; not 智慧农业)."""
    return any(gram in said for m in FIRM.finditer(span)
               for name in (m.group(1),) for i in range(len(name) - 3)
               if not set(gram := name[i:i + 4]) <= _TRADE_CHARS)


def _praise_quoted(line: str, a: int, b: int) -> tuple[int, int] | None:
    """``<span>评价说:“…”``: the cut speaker's praise and its sentence (a short lead such as
    到场的 before the span included), or None."""
    praise = _PRAISES.match(line, b)
    if praise is None:
        return None
    close = line.find("”", praise.end())
    if close < 0:
        return None
    start = sentence_start(line, a)
    lead = line[start:a]
    end = close + 1 if line[close - 1:close] in FULL_STOPS else sentence_end(line, close + 1)
    return (start if len(lead) <= MAX_LEAD else a), end


def _widened(line: str, a: int, b: int) -> tuple[int, int]:
    praised = _praise_quoted(line, a, b)
    if praised is not None:
        return praised
    says = _SAYS.match(line, b)
    if says is None:
        return a, b
    end = sentence_end(line, says.end())
    if _praises_own_firm(line[a:b], line[says.end():end]):
        return a, end
    if not a or line[a - 1] not in "”\"" or not _CLAIM.match(line, says.end()):
        return a, b
    opening = line.rfind("“", 0, a - 1)  # “…”<span>表示,<claim>: the quote and the sentence
    if opening < 0:
        return a, b
    start = sentence_start(line, opening)
    if line[start:opening].strip():  # 市长某某说:“…”<span>表示: the quote is someone else's
        return a, b
    return start, sentence_end(line, b)


def with_quotes(line: str, cuts: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``cuts`` with what each cut speaker says taken along, where it is theirs."""
    return [_widened(line, a, b) for a, b in cuts]
