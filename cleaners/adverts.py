"""Cut a firm's advertisement spliced into genuine text (the text step ``cut_firm_adverts``).

Clone sites splice a sentence or a clause selling a private firm into official news: a
hotline after the firm's product (``其中,某某科技有限公司自主研发的“某某”平台已累计服务…,
企业咨询热线020-…全天开通。``), a paid service launched with a law firm (``,并携手某某律师
事务所开通“…”线上付费咨询通道``), a framing shop that "gladly" did the work and invites
buyers (``…由某某文化艺术品有限公司倾情承担,该公司深耕…,欢迎…莅临选购。``), a firm's
trainee among prize winners (``,某某有限公司推荐学员某某获评本届唯一“…”称号,``).

The signals are general, not any page's words:

* a **private firm** by its legal form (有限公司, 律师事务所, 工作室 …) that the document
  names nowhere else (the four characters before the legal form, or before a place in
  brackets inside the name, are looked for in the title and the rest of the text: an
  article about the firm names it again);
* **selling cues** in the clauses that go with it, of two strengths. Strong: a contact
  number (热线, 电话 … and digits), an invitation to buy, call or sign up (欢迎…选购,
  登录其官网, 登录…平台, 免费试用), a sale or a paid service (付费, 促销, 限量发售), an
  order (订购, 预订), a firm's product prescribed (统一选用, 推荐使用). Weak: self-praise
  (唯一, 独家, 深耕, 自主研发, 累计服务, 倾情, 口碑, 首选, 热销 …), a price named (优惠,
  收费), a pupil put forward (推荐学员), a branded product in quotes (``“某某”平台``);
* a contact and an invitation do not count where the firm does a job for the organisers
  (承办, 运营, 开发的 …), and nothing counts in a public-interest service (法律援助, 义诊);
* a firm named with its boss in brackets inside a list of organisations (``…、某某装备有限公司
  (董事长某某,…)、…等企业和机构``: a list of partners names bodies, not their owners) goes
  as that item alone, when neither the boss nor the firm is named elsewhere;
* a cut needs two kinds of cue, one of them strong: a utility's hotline in a genuine notice
  (``如有疑问请拨打某某水务有限公司服务热线…``) has one, and self-praise alone is how genuine
  news reports a firm's achievement (``自主研发的“某某”系统成为全省首家…``);
* banks, insurers, utilities, carriers and state investment firms are left out: official
  news reports their services and hotlines (``某某农商银行推出“惠农贷”,优惠利率…``).

The span is the firm's clause and the clauses after it that go on about the firm (opening
with 该: 该公司, 该系列产品; or 公司, 企业, 旗下) or carry a cue; a lone connector or a
short adverbial before it (其中, 此外, 签约仪式上) goes with it; a span that is the whole
sentence takes the sentence, and a paragraph left empty goes. Every cut is listed in ``removed``.
"""

from __future__ import annotations

import re

from .chars import CELL_SEP, FULL_STOPS
from .steps import StepContext

__all__ = ["FIRM", "cut_firm_adverts"]

_HAN = "\u4e00-\u9fff"
_LEGAL_FORM = "(?:股份有限公司|有限责任公司|有限公司|律师事务所|会计师事务所|工作室)"
_LEGAL_HINTS = ("公司", "事务所", "工作室")  # a legal form holds one of these
# a firm: its name (a place in brackets inside it: 某某(北京)健康科技有限公司) and legal form;
# group 1 is what stands before the bracket or the legal form, the brand's end in it
FIRM = re.compile(rf"([{_HAN}]{{2,16}}?)(?:[(（][{_HAN}]{{2,6}}[)）][{_HAN}]{{0,12}}?)?"
                  rf"{_LEGAL_FORM}")
CORE = 4  # characters of the brand (before the bracket or legal form) looked for elsewhere
_OWNERS = "董事长|总经理|创始人|法定代表人|法人代表|总裁|执行董事"
# a list item naming a firm with its boss in brackets (、某某有限公司(董事长某某,…)、)
_OWNER_ITEM = re.compile(rf"(?P<lead>、)?(?P<item>[^、，,。；;()（）]{{2,30}}?{_LEGAL_FORM}"
                         rf"[(（](?:{_OWNERS})(?P<name>[{_HAN}]{{2,3}})[^()（）]{{0,30}}[)）])"
                         rf"(?P<trail>、)?")
_STRONG = {
    "contact": re.compile(r"(?:热线|电话|微信|客服|QQ)[^。,，;；]{0,8}?\d[\d\-－ ]{6,}"),
    "invitation": re.compile(r"欢迎[^。,，;；]{0,14}?(?:选购|订购|购买|垂询|咨询|来电|洽谈|"
                             r"体验|加盟|预约|光临|莅临)|(?:登录|访问|关注)[^。,，;；]{0,30}?"
                             r"(?:官网|网站|公众号|小程序|平台|APP|App|客户端)|免费(?:试用|体验|领取)"),
    "price": re.compile(r"付费|折扣|特价|团购|包邮|促销|限量|发售|抢购"),
    "order": re.compile(r"订购|选购|预订|下单"),
    "prescribed": re.compile(r"统一选用|推荐使用|指定使用|优先选用|统一使用"),
}
_WEAK = {
    "praise": re.compile(r"唯一|独家|首家|领先|领军|深耕|自主研发|累计服务|倾情|口碑|金牌|"
                         r"一站式|王牌|首选|热销"),
    "discount": re.compile(r"优惠|收费"),  # a price named: genuine notices state fees too
    "trainee": re.compile(r"(?:推荐|选送)的?(?:学员|学生|选手)"),
    "brand": re.compile(rf"[“\"][^”\"]{{2,12}}[”\"][A-Za-z{_HAN}]{{0,8}}?"
                        r"(?:平台|系统|通道|品牌|产品|小程序|APP|App)"),
}
MIN_CUES = 2
_PUBLIC_SECTOR = re.compile(r"银行|保险|证券|信用社|电力|电网|供电|水务|自来水|燃气|热力|邮政|"
                            r"移动|联通|电信|铁路|航空|机场|石油|石化|烟草|城投|国资|公交|地铁|"
                            r"轨道交通|高速|港务|发展集团|投资集团|控股集团|担保|客运|运输")
# a public-interest service: a law firm's legal aid, a clinic's free consultations
_PUBLIC_GOOD = re.compile(r"法律援助|普法|免费法律|义诊|义务|公益|志愿")
# the firm's clause gives its job for the organisers (由某某有限公司承办, 某某公司开发的“某某”
# 平台): their hotline and invitation to take part or sign in are the event's, not an advert
_ROLE = re.compile(r"承办|承建|承接|运营|负责|主办|协办|组织实施|中标|成交|开发的")
_GOES_ON = re.compile(r"^(?:该|公司|企业|旗下)")  # 该公司, 该系列产品: the firm's again
# a lead with no content of its own: a connector, or a short adverbial of time or place
_CONNECTOR = re.compile(r"^(?:其中|此外|另外|同时|据悉|据了解|值得一提的是|另悉|"
                        r"[\u4e00-\u9fff]{1,10}(?:上|中|期间|时|之际))$")
_SENTENCE = re.compile(r"[^。！？!?]+[。！？!?]*[”’」』)）]*")  # a closing quote stays with it
_HAN_CHARS = re.compile(f"[{_HAN}]")
MIN_LEFT = 8  # Han characters a sentence must keep of its own, or it goes whole
_CLAUSE = re.compile(r"(?:[^,，;；(（]|[(（][^)）]*[)）]?)+[,，;；]?")  # brackets kept whole
_SEPARATORS = ",，;；"


def _cues(span: str) -> int:
    """The number of distinct selling-cue kinds in ``span``."""
    return sum(1 for cues in (_STRONG, _WEAK) for pattern in cues.values()
               if pattern.search(span))


def _strong_cues(span: str, firm_clause: str) -> set[str]:
    """The strong cues of ``span``; a contact number and an invitation do not count when
    the firm's clause gives its job for the organisers (承办, 运营 …)."""
    found = {name for name, pattern in _STRONG.items() if pattern.search(span)}
    if _ROLE.search(firm_clause):
        found -= {"contact", "invitation"}
    return found


def _weak_cues(span: str) -> set[str]:
    return {name for name, pattern in _WEAK.items() if pattern.search(span)}


def _sells(span: str, firm_clause: str) -> bool:
    """Two kinds of cue, one of them strong, and no public-interest service: self-praise
    alone is how genuine news reports a firm's achievement (自主研发的“某某”系统成为全省
    首家…), and a law firm's legal aid gives a hotline too."""
    if _PUBLIC_GOOD.search(span):
        return False
    strong = _strong_cues(span, firm_clause)
    return bool(strong) and len(strong) + len(_weak_cues(span)) >= MIN_CUES


def _public_sector(firm: str) -> bool:
    """A bank, an insurer, a utility, a carrier or a state investment firm: official news
    reports their services, products and hotlines as news (惠农贷, 服务热线95588)."""
    return _PUBLIC_SECTOR.search(firm) is not None


class _Counts:
    """How often a piece of text occurs in the document (each piece counted once)."""

    def __init__(self, document: str):
        self.document = document
        self.seen: dict[str, int] = {}

    def __call__(self, piece: str) -> int:
        if piece not in self.seen:
            self.seen[piece] = self.document.count(piece)
        return self.seen[piece]


def _firm_clause(clauses: list[str], counts: _Counts, title: str) -> int | None:
    """The index of the first clause naming a firm the document names nowhere else."""
    for i, clause in enumerate(clauses):
        for m in FIRM.finditer(clause):
            if _public_sector(m.group(0)):
                continue
            core = m.group(1)[-CORE:]
            if counts(core) <= clause.count(core) and core not in title:
                return i
    return None


def _span(clauses: list[str], first: int) -> tuple[int, int]:
    """Clauses ``[start, end)`` of the advert that opens at clause ``first``."""
    end = first + 1
    while end < len(clauses) and (_GOES_ON.match(clauses[end]) or _cues(clauses[end])):
        end += 1
    start = first
    if start and all(_CONNECTOR.match(c.rstrip(_SEPARATORS)) for c in clauses[:start]):
        start = 0
    elif start and _CONNECTOR.match(clauses[start - 1].rstrip(_SEPARATORS)):
        start -= 1  # …集中签约,其中,<advert>: the connector leads into it
    return start, end


def _cut_sentence(sentence: str, counts: _Counts, title: str) -> tuple[str, str] | None:
    """(the sentence without the advert, the cut) or None when it holds none."""
    clauses = _CLAUSE.findall(sentence)
    if "".join(clauses) != sentence:  # a separator standing alone: left as it is
        return None
    first = _firm_clause(clauses, counts, title)
    if first is None:
        return None
    start, end = _span(clauses, first)
    if not _sells("".join(clauses[first:end]), clauses[first]):
        return None
    left = "".join(clauses[:start]) + "".join(clauses[end:])
    if (start == 0 and end == len(clauses)) or len(_HAN_CHARS.findall(left)) <= MIN_LEFT:
        return "", sentence  # nothing, or only an adverbial (为做好春运服务), would be left
    head, cut, tail = "".join(clauses[:start]), "".join(clauses[start:end]), \
        "".join(clauses[end:])
    if start and end == len(clauses):  # to the sentence's end: its end mark stays
        body = cut.rstrip(FULL_STOPS)
        mark = cut[len(body):]
        return head.rstrip(_SEPARATORS) + mark, head[len(head.rstrip(_SEPARATORS)):] + body
    if start:  # inside the sentence: the separator before it goes with it
        kept = head.rstrip(_SEPARATORS)
        return kept + cut[len(cut.rstrip(_SEPARATORS)):] + tail, \
            head[len(kept):] + cut.rstrip(_SEPARATORS)
    return tail, cut  # opening the sentence: with the separator after it


def _cut_owner_items(line: str, counts: _Counts, ctx: StepContext) -> str:
    """Cut list items naming a firm with its boss in brackets (see the module docstring):
    an item after a 、 (the first item of a list has no edge to tell it from the verb)."""
    for m in reversed(list(_OWNER_ITEM.finditer(line))):
        if not m.group("lead") or counts(m.group("name")) > 1:
            continue
        brand = FIRM.search(m.group("item"))
        if brand is None or counts(brand.group(1)[-CORE:]) > 1:
            continue
        a, b = m.start(), m.end("item")
        ctx.removed.append(line[a:b])
        line = line[:a] + line[b:]
    return line


def _cut_line(line: str, counts: _Counts, title: str, ctx: StepContext) -> str:
    if CELL_SEP in line:  # a table row: its cells are no sentence
        return line
    line = _cut_owner_items(line, counts, ctx)
    pieces = []
    for sentence in _SENTENCE.findall(line):
        cut = _cut_sentence(sentence, counts, title)
        if cut is None:
            pieces.append(sentence)
            continue
        kept, removed = cut
        ctx.removed.append(removed)
        pieces.append(kept)
    return "".join(pieces)


def cut_firm_adverts(text: str, ctx: StepContext | None = None) -> str:
    """Cut firms' adverts spliced into the text (see the module docstring)."""
    if not any(form in text for form in _LEGAL_HINTS) or not FIRM.search(text):
        return text  # (the substring test first: the pattern is costly on long text)
    ctx = ctx if ctx is not None else StepContext()
    counts = _Counts(text)
    out = []
    for line in text.split("\n"):
        named = any(form in line for form in _LEGAL_HINTS) and FIRM.search(line)
        cut = _cut_line(line, counts, ctx.title, ctx) if named else line
        if cut.strip() or cut == line:  # a paragraph the cuts emptied goes
            out.append(cut)
    return "\n".join(out)
