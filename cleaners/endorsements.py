"""Cut ``titles + name`` spans spliced into official text (fake speakers, guests, authors).

Each mention found by the title-stack grammar (:mod:`cleaners.persons`) is scored on
independent cues; a span is cut at ``CUT_SCORE`` or more, and never when one of its
titles is an official post (precision first):

* an owner's post (执行董事, 法人, 创始人 …), an honour (客座教授, 一级美术师 …), a
  membership (协会会员, 党员 …): one point for each kind present; a manager's post
  (董事长, 总经理) or a post in an association (协会会长, 主席 …) half a point;
* titles stacked from two or more bodies (an honour counts as its own); posts in two or
  more companies;
* the name never occurs again in the document (title included); an alias in brackets
  (原名, 又名 …) is itself a cue, one and a half (official news gives no manager's or
  seller's other name; a writer's 原名 with a neutral title still scores under the bar);
  a name occurring elsewhere costs two;
* an organisation of the titles occurring elsewhere in the document (the article is about
  it: its officers are on topic) costs one and a half;
* the name runs straight into a role noun (not a form of address: 某某教授, 某某先生) or
  another person's name (有关…某某负责人表示,
  …顾问、<span>Atason主讲: spliced into a phrase); a 、 between the last title and the
  name (``<org>副社长、某某和…``: pasted in as one list item) weighs one and a half;
* the person performs a ceremony an official performs (出席…致辞, 作闭幕讲话, 主持);
* the next quote is given to someone never introduced (the real speaker, replaced);
* an outlier of a list: one item of a list of three or more ``titles + name`` items
  (attendees, participants, an enumeration) whose titles are an owner's post or a
  lineage (``第五代传承人``, ``…传人``) where no other item holds an endorsing title; the
  items may share one sentence (joined by 、) or stand one a line; an owner's post among
  public bodies named alone (市商务局、县人民政府、<company 执行董事 name>) is one too;
* a private body's head (every title in a firm or an association whose name shows no
  administrative level) beside an unnamed group (负责同志, 家长和<span>), or an
  association's head among two named officials or public bodies, any private body's head
  among two public bodies named alone (由市总工会、市人社局、<span>联合主办), or lecturing or
  chairing in the clause it opens (``<span>围绕《…》作专题辅导``, ``<span>主持会议``; a
  事务所's lawyer is left out), or any firm's officer in a presenter's slot (讲解员<span>):
  one and a half;
* fame claimed in a title (知名, 著名 …) and a post in an association that calls itself
  international or worldwide (国际…协会): half a point each.

Name-first introductions (``某某——titles``, :mod:`cleaners.appositions`) are scored the
same way. A sentence that thanks, or credits as a sponsor, a firm's or an association's
officer named nowhere else goes whole (``_thanking``).

A stack holding a worker's own trade title (高级技师, 高级工程师, 全国劳动模范: see
``lexicon.TRADES``) is a genuine person's: the name and every other title stay, and only a
run of selling titles spliced among them (``…有限公司执行董事、…协会会员``) is cut, when the
run alone scores ``CUT_SCORE`` on its kinds and bodies (the name's cues say nothing about it).

A stack that starts with official titles and ends with endorsing ones, whose name is
followed by 、 and more titles, is someone else's stack with a span spliced inside
(党组书记、<company founder + name>、局长某某): only the endorsing tail is scored.
"""

from __future__ import annotations

import re
from dataclasses import replace

from . import lexicon as lx
from .appositions import name_first_mentions
from .chars import CELL_SEP, SENTENCE
from .cutting import OFFICIATING, cut_range
from .listitems import (
    ASSOCIATIONS,
    MIN_LIST,
    PRIVATE_OUTLIER,
    is_list_outlier,
    line_siblings,
    list_of,
    official_neighbours,
    private_body,
)
from .persons import (
    ASSOC_POST,
    COMMERCIAL,
    HONORIFIC,
    MEMBERSHIP,
    OFFICIAL,
    SELLING,
    STRONG,
    TRADE,
    Mention,
    NameCounts,
    Title,
    mentions,
    role_pattern,
)
from .quotes import with_quotes
from .steps import StepContext
from .tablerows import injected_rows

__all__ = ["CUT_SCORE", "cut_title_stacks", "endorsement_score", "spliced_runs"]

CUT_SCORE = 3.0
GARBLED = 1.5  # a 、 between a title and its name: no sentence is written so, it was pasted
ALIAS = 1.5  # an alias in brackets (又名, 原名 …)
_SPEAKER = re.compile(r"[。,，;；](?P<name>[\u4e00-\u9fff]{2,3}?)(?:强调|指出|认为|表示|说)")
_CEREMONY = re.compile(r"[,，]?(?:应邀|受邀)?(?:出席|致辞|讲话|主持|宣读|颁奖|揭牌|剪彩"
                       r"|作[^,，。]{0,4}讲话|到场|莅临|亲临)")
_COMPANY = ("公司", "集团", "品牌")
_LATIN = re.compile(r" ?[A-Za-z]")
MIN_ORG = 4
_MEMBERSHIPS = frozenset({"会员", "成员", "党员"})
# fame claimed in the title (知名博主, 著名书画大师): official news gives posts, not renown
_EPITHET = re.compile(r"^(?:当代|国际|国内|全国)?(?:知名|著名|资深|享誉|顶级)")
# an association that calls itself international or worldwide (国际…协会, 世界华人…联合会):
# the posts self-promoters list; a local government's news names few of them
_WORLDWIDE = re.compile(r"^(?:国际|世界|全球|环球|亚洲|华人|海外|中华国际|中国国际)")
HALF = 0.5


def _occurs_elsewhere(m: Mention, names: NameCounts) -> bool:
    """True when the name (or its alias) occurs in the document outside this mention."""
    alias = m.alias.strip("()（）").removeprefix("原名").removeprefix("本名")
    if names.count(m.name) > 1 + m.alias.count(m.name):
        return True
    return bool(alias) and names.count(alias) > 1 + m.name.count(alias)  # (曹某山(原名曹某))


def _org_on_topic(titles: tuple[Title, ...], names: NameCounts) -> bool:
    """True when the person holds a post (not a mere membership) in an organisation that
    also occurs elsewhere in the document: an officer of the body the article is about."""
    for title in titles:
        if all(role in _MEMBERSHIPS for role in title.roles):
            continue
        org = title.org.strip("()（）")
        cores = {org, org[2:]} if len(org) >= MIN_ORG + 2 else {org}
        if any(len(core) >= MIN_ORG and names.count(core) > 1 for core in cores):
            return True
    return False


def _next_speaker_unintroduced(m: Mention, line: str, doc: str, offset: int) -> bool:
    after = line[m.end:m.end + 300]
    for speaker in _SPEAKER.finditer(after):
        other = speaker.group("name")
        if other != m.name:
            return doc.find(other, 0, offset) < 0
    return False


def _title_points(titles: tuple[Title, ...]) -> float:
    """The cues of the titles alone: one per endorsing kind (half for a manager's or an
    association's post), titles from two bodies, posts in two companies."""
    kinds = {k for t in titles for k in t.kinds}
    score = float(STRONG in kinds) + float(HONORIFIC in kinds) + float(MEMBERSHIP in kinds)
    if COMMERCIAL in kinds and STRONG not in kinds:
        score += 0.5
    if ASSOC_POST in kinds and MEMBERSHIP not in kinds:
        score += 0.5
    entries = [t for t in titles if t.org or HONORIFIC in t.kinds]
    score += len(entries) >= 2
    return score + (sum(1 for t in titles if any(c in t.org for c in _COMPANY)) >= 2)


_ANCHORS = frozenset({TRADE, OFFICIAL})  # a genuine person's own titles


def spliced_runs(m: Mention, names: NameCounts) -> list[tuple[int, int]]:
    """The cut ranges (one separator each) of the selling runs spliced into a stack that
    holds a trade title, or an official's post: in an official's stack only a run that
    holds an owner's post (执行董事, 创始人 …), which the civil service law forbids a serving
    official (公务员法: no post in a for-profit firm), so someone pasted it in; the
    official's titles and the name stay (see the module docstring)."""
    official = OFFICIAL in m.kinds
    titles, spans, pos = m.titles, [], m.start
    for title in titles:
        spans.append((pos, pos + len(title.text)))
        pos += len(title.text) + 1
    cuts, k = [], 0
    while k < len(titles):
        end = k
        while end < len(titles) and _ANCHORS.isdisjoint(titles[end].kinds):
            end += 1
        lo, hi = k, end
        while lo < hi and SELLING.isdisjoint(titles[lo].kinds):
            lo += 1
        while hi > lo and SELLING.isdisjoint(titles[hi - 1].kinds):
            hi -= 1
        run = titles[lo:hi]
        if official and not any(STRONG in t.kinds for t in run):
            run = []  # an official may be an association's member or officer
        if run and _title_points(run) - 1.5 * _org_on_topic(run, names) >= CUT_SCORE:
            a, b = spans[lo][0], spans[hi - 1][1]
            cuts.append((a - 1, b) if hi == len(titles) else (a, b + 1))
        k = end + 1
    return cuts


def endorsement_score(m: Mention, line: str, names: NameCounts, offset: int = 0,
                      found: list[Mention] | None = None,
                      siblings: list[Mention] | None = None) -> float:
    """How strongly ``m`` looks injected (``float('-inf')`` for an official). ``offset``:
    where ``line`` starts in the document ``names`` counts in."""
    kinds = m.kinds
    if OFFICIAL in kinds:
        return float("-inf")
    score = _title_points(m.titles)
    score += HALF * any(_EPITHET.match(t.text) for t in m.titles)
    score += HALF * any(_WORLDWIDE.match(t.org) and ASSOCIATIONS.search(t.org)
                        for t in m.titles)
    score += -2 if _occurs_elsewhere(m, names) else 1
    score += ALIAS * bool(m.alias)
    score += bool((role_pattern().fullmatch(m.follower) and m.follower not in lx.ADDRESS_FORMS)
                  or _LATIN.match(m.follower))
    score += GARBLED * m.garbled
    score += bool(_CEREMONY.match(line, m.end))
    others = [x for x in list_of(m, found, line) if x is not m] if found else []
    outlier = is_list_outlier(m, others if others else siblings or [])
    if not outlier and STRONG in kinds and found:
        outlier = official_neighbours(m, line, found)[0] + 1 >= MIN_LIST
    presenter = line.endswith(_PRESENTER, 0, m.start)  # a firm's, whatever its name says
    if not outlier and found and kinds & (SELLING - {STRONG}) and (private_body(m) or presenter):
        near, groups, people = official_neighbours(m, line, found)
        # among named officials only an association's head stands out: a state firm's
        # manager (上海某出版集团董事长) shares their lists, and its name may not say so;
        # among bodies named alone (由市总工会、市人社局、<span>联合主办) any person does
        bodies = near - groups - people
        score += PRIVATE_OUTLIER * (groups >= 1 or bodies >= MIN_LIST - 1 or (
            near >= MIN_LIST - 1 and private_body(m, ASSOCIATIONS)) or _officiates(m, line))
    score += outlier
    if score < CUT_SCORE <= score + 1:
        score += _next_speaker_unintroduced(m, line, names.doc, offset + m.start)
    if score >= CUT_SCORE and _org_on_topic(m.titles, names):
        score -= 1.5
    return score


_PRESENTER = lx.PRESENTER_SLOTS


def _officiates(m: Mention, line: str) -> bool:
    """True when the person lectures or chairs in the clause they open, or fills a
    presenter's slot (讲解员<span>, 评委<span>): a private body's officer teaching at a
    public body's training, guiding its visit or chairing its meeting is who a clone
    substitutes for the official or scholar who did. A law or accounting firm's (事务所)
    partner is left out: lawyers give the 普法 lectures of genuine trainings."""
    if any("事务所" in t.org for t in m.titles):
        return False
    return bool(OFFICIATING.match(line, m.end)) or line.endswith(_PRESENTER, 0, m.start)


def _spliced_tail(m: Mention, line: str) -> Mention:
    """The endorsing tail of a stack that belongs to someone else (see module docstring),
    or the mention itself."""
    if not line.startswith("、", m.end) or OFFICIAL not in m.kinds:
        return m
    tail = []
    for title in reversed(m.titles):
        if OFFICIAL in title.kinds:
            break
        tail.insert(0, title)
    if not tail:
        return m
    start = m.name_start - sum(len(t.text) for t in tail) - len(tail) + 1
    return replace(m, start=start, titles=tuple(tail))


def _before_name(m: Mention, line: str) -> Mention:
    """Titles before a name that runs into the next person's name describe that person:
    only the last title goes with the span (…顾问、<company 执行董事 X>Atason主讲)."""
    if not _LATIN.match(m.follower) or len(m.titles) < 2:
        return m
    last = m.titles[-1]
    start = m.name_start - len(last.text)
    if start > 0 and line[start - 1] == "、":
        start -= 1
    return replace(m, start=start, titles=(last,))


_EMPTY_BRACKETS = re.compile(r"[(（]\s*(?:[\u4e00-\u9fff]{1,5}\s*[:：/])?\s*[)）]")
_BARE_LABEL = re.compile(r"[\u4e00-\u9fff]{1,6}\s*[:：/]")


def _leftover(line: str, original: str) -> tuple[str, list[str]]:
    """What a cut left of a label whose content was the span, and what of it goes: an
    empty bracket pair (``(作者:)``), a line that is only a label (``主讲人:``)."""
    gone = []
    if not _EMPTY_BRACKETS.search(original):
        gone = _EMPTY_BRACKETS.findall(line)
        line = _EMPTY_BRACKETS.sub("", line).rstrip()
    if _BARE_LABEL.fullmatch(line):
        return "", [*gone, line]
    return line, gone


_GUEST_LABEL = re.compile(r"(?:特邀|特约|特聘)?嘉宾$|特邀$")
_LABEL_OPENS = "，,、；;:：。"


def _with_guest_label(m: Mention, line: str) -> Mention:
    """The mention with the guest label that introduces it (…,特邀嘉宾<span>先后发表讲话):
    the label named the span's person only, and goes with it."""
    label = _GUEST_LABEL.search(line, 0, m.start)
    if label is None or (label.start() and line[label.start() - 1] not in _LABEL_OPENS):
        return m
    return replace(m, start=label.start())


def _line_mentions(line: str) -> list[Mention]:
    """The line's ``titles + name`` mentions and its name-first ones (``某某——titles``:
    :mod:`cleaners.appositions`), left to right; a mention inside a name-first one's
    titles is part of it."""
    firsts = list(name_first_mentions(line))
    found = [_with_guest_label(_before_name(_spliced_tail(m, line), line), line)
             for m in mentions(line)]
    found = [m for m in found if not any(f.start <= m.start < f.end for f in firsts)]
    return sorted(found + firsts, key=lambda m: m.start)


_THANKS = re.compile(r"感谢|鸣谢|致谢|答谢|(?:支持|赞助|冠名|协办)(?:单位)?[:：]")


def _thanking(line: str, found: list[Mention], names: NameCounts,
              cuts: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``cuts`` with each sentence that thanks a firm's or an association's officer named
    nowhere else (在此特别感谢某公司董事长某某先生…; 特别鸣谢:某某——某集团董事长), or
    credits one as a sponsor (图文支持:某公司总经理某某), as one cut, the cuts inside it
    dropped (a credit that also names other bodies keeps them: ``_credits_others``):
    official news thanks bodies, not a sponsor's boss by name."""
    if not _THANKS.search(line):
        return cuts
    for sentence in SENTENCE.finditer(line):
        a, b = sentence.span()
        thanks = _THANKS.search(sentence.group(0))
        if not thanks:
            continue
        named = [m for m in found if a <= m.start < b and m.kinds & SELLING
                 and OFFICIAL not in m.kinds and not _occurs_elsewhere(m, names)]
        if named and not _credits_others(line, a + thanks.end(), b, named, thanks.group(0)):
            cuts = [(x, y) for x, y in cuts if not (a <= x and y <= b)] + [(a, b)]
    return cuts


def _credits_others(line: str, start: int, end: int, named: list[Mention], label: str) -> bool:
    """True when a credit label (协办单位:, 支持:) also credits others than ``named``
    (协办单位:市交通运输局、<span>): the bodies stay, the span is cut on its own score."""
    if not label.endswith((":", "：")):
        return False
    rest = line[start:end]
    for m in sorted(named, key=lambda x: -x.start):
        if start <= m.start:
            rest = rest[:m.start - start] + rest[m.end - start:]
    return bool(re.search(r"[\u4e00-\u9fff]{2}", rest))


def cut_title_stacks(text: str, ctx: StepContext | None = None) -> str:
    """Cut injected ``titles + name`` spans (see the module docstring)."""
    names = NameCounts(f"{ctx.title if ctx else ''}\n{text}")
    offset = len(ctx.title if ctx else "") + 1
    out: list[str] = []
    lines = text.split("\n")
    rows = injected_rows(lines, names, _title_points, CUT_SCORE) if CELL_SEP in text else set()
    for k, (line, siblings) in enumerate(zip(lines, line_siblings(lines), strict=True)):
        if k in rows:  # an injected row of a roster table goes whole
            offset += len(line) + 1
            if ctx is not None:
                ctx.removed.append(line)
            continue
        found = _line_mentions(line)
        cuts = [cut for m in found if not _ANCHORS.isdisjoint(m.kinds)
                for cut in spliced_runs(m, names)]
        cuts += [cut_range(line, m, found) for m in found if TRADE not in m.kinds
                 and endorsement_score(m, line, names, offset, found, siblings) >= CUT_SCORE]
        cuts = with_quotes(line, _thanking(line, found, names, cuts))
        offset += len(line) + 1
        last, original = len(line) + 1, line
        for a, b in sorted((max(a, 0), b) for a, b in set(cuts))[::-1]:
            if b > last:
                continue  # overlaps a cut already made
            last = a
            if ctx is not None:
                ctx.removed.append(line[a:b])
            if a and b < len(line) and line[b] == " " and not line[a - 1].isascii():
                b += 1  # the space that stood between the span and a Latin name
            line = line[:a] + line[b:]
        if line != original:
            line, gone = _leftover(line, original)
            if ctx is not None:
                ctx.removed.extend(gone)
            if not line:
                continue
        out.append(line)
    return "\n".join(out)
