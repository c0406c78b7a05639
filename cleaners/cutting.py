"""Where a cut span ends so that the sentence reads as the original would.

Rules, in order (``a``/``b``: the span's start and end in its line):

0. a speaker label opening a line or sentence takes its colon (<span>:翰墨飘香…); a
   photo caption whose subject is the span goes whole (图为<span>在活动现场与官兵合影);
1. a list item (a separator on both sides, or after ``有:``): one separator goes along,
   the leading comma, else the trailing one (…胡文成[,<span>],文联…; …秘书长;[<span>;]…),
   and a trailing 、 before any (随后,[<span>、]某某…: the comma is the clause's);
   the first item right after its verb takes its 、 (我局会同[<span>、]市某局…);
   a span closing a 、 list takes the 、 before it (A[、<span>],以及B);
2. the last conjunct before a plural adverb (…徐千里[,<span>]分别…): the leading comma goes;
3. the subject of a clause whose clause before has its own speaker (…致辞,[<span>作闭幕讲
   话,]…主持…): the clause goes whole, or its predicate would pass to that speaker; a
   speaker that ends its clause is a list item sharing the predicate (…王某,<span>出席);
3a. the subject of a sentence whose rest is a short predicate of a guest, no comma in it
    (。<span>应邀作特邀点评。; not a ceremony, 。<span>出席活动并致辞。): the sentence goes
    whole (a quoted or book title counts as one word in every residue's length), also
    when all before the span is a short phrase inviting it (。签约仪式特邀<span>到场见证。);
3c. the subject of a sentence's first clause that is only a lecture, when the next clause
    opens with another person (。<span>作专题讲座,[某医院主任医师某某]讲解…): the clause
    goes with its comma;
3b. an appositive clause that is only the span's presence (…签约[,<span>现场见证],将…):
    the clause goes;
4. an appositive after a noun subject (专家团队[,<span>]针对…): the leading comma goes;
   after a person's name too (…主任某某,<span>带领…: they share the predicate); after an
   adverbial (会上, 培训首日, <span>表示 …), a clause of its own (我委举办培训班,<span>作讲座:
   longer than ``MAX_SUBJECT``, no name at its end), or before a preposition, it stays;
2a. the only item named before 等, right after the verb (邀请了<span>等20余名爱好者,
   出席的还有<span>等嘉宾),
   takes 等 along; the last item of a list takes the separator before it (…某某、<span>出席;
   …某某及<span>。; …某某,<span>和全体…; …A、B和<span>: after a 、 list; not before 与/同,
   which are also prepositions);
5. a conjunction after the span (<span>与<subject>…) goes along when the span opened the
   clause (at the line start or after an adverbial); after a full clause it stays.
"""

from __future__ import annotations

import re

from . import lexicon as lx
from .chars import FULL_STOPS, sentence_start
from .persons import Mention

__all__ = ["OFFICIATING", "cut_range", "is_adverbial"]

_SEPARATORS = "，,、；;"
_LIST_OPENERS = _SEPARATORS + ":：有"
_CLAUSE_ENDS = "，,；;。：:“"
_CLAUSE_STOPS = "，,；;。"  # what ends a clause read forwards from a span
_SPEECH = re.compile(r"(表示|说|介绍|指出|认为|强调|称|透露|谈到|坦言)$")
_PLURAL = re.compile(r"分别|共同|一起|一同|均|都|先后|相继|等")
_ADVERBIAL = re.compile(r"(?:[上中时后前间里内外下]|期间|现场|同时|此外|其中|随后|最后|首先|目前"
                        r"|[首次当翌]日|当天|[上下中]午|[当昨今]晚|晚上|\d{1,2}[月日])$")
_CONJUNCTIONS = "与和及同"
_LIST_CONJUNCTIONS = "和及"  # 与/同 are also prepositions (活动,与学生交流)
_OBJECT_VERB = re.compile(r"(?:邀请|特邀|聘请|请|包括|有|由)了?$")  # (评委组由<span>等5名…)
_PREPOSITIONS = _CONJUNCTIONS + "跟向对在为从把被"
# what only a guest does: invited, guiding, witnessing, commenting, sponsoring, being there,
# or "also" doing what the article's people did (也走进课堂…)
_GUEST_ACTION = re.compile(r"^[也亦]|应邀|受邀|受聘|特邀|指导|见证|点评|赞助|助阵|现场$")
_CAPTION = ("图为", "图:", "图：")  # a photo caption: its subject was the span
_PRESENCE = re.compile(r"(?:应邀|受邀)?(?:亲临|莅临|到场|现场|一同|共同)?"
                       r"(?:见证|指导|助阵|观摩|祝贺|出席|莅临|到场)(?=[,，;；。！？]|$)")
_QUOTED = re.compile(r"“[^”]{1,30}”|《[^》]{1,30}》|\"[^\"]{1,30}\"")
MAX_RESIDUE = 15
# a lecture given, or a meeting chaired, in the clause the person opens (围绕《…》作专题辅导,
# 进行授课, 主讲, 主持会议)
OFFICIATING = re.compile(r"[^,，。;；]{0,40}?(?:作|做|进行)[^,，。;；]{0,10}?"
                         r"(?:讲座|辅导|授课|讲课|宣讲)|[^,，。;；]{0,4}?(?:授课|主讲|开讲|宣讲|主持)")
# a form of address or a master's title after a name (某某大师作讲座): no one's without it
_AFTER_NAME = re.compile("|".join(map(re.escape, sorted([*lx.ADDRESS_FORMS, "大师"], key=len,
                                                             reverse=True))))
MAX_ADVERBIAL = 8
_INVITING = re.compile(r"(?:特邀|特别邀请|邀请了?|特聘|聘请)$")
MAX_INVITER = 10  # 签约仪式特邀: the occasion and the invitation, nothing else
MAX_SUBJECT = 8  # a noun subject before an appositive (专家团队); a longer clause has its own


def is_adverbial(clause: str) -> bool:
    """True for a short locative or temporal phrase (会上, 活动现场, 同时): no subject."""
    return len(clause) <= MAX_ADVERBIAL and bool(_ADVERBIAL.search(clause))


def _clause_before(line: str, start: int) -> str:
    """The clause that ends right before ``start`` (after the separator there)."""
    end = start - 1 if start and line[start - 1] in _SEPARATORS else start
    begin = max(line.rfind(c, 0, end) for c in _CLAUSE_ENDS) + 1
    return line[begin:end]


def _has_speaker(line: str, start: int, found: list[Mention]) -> bool:
    """True when the clause before ``start`` has a mention with a predicate of its own
    (…致辞,): a mention that ends the clause is a list item sharing the span's predicate
    (副市长某某,<span>出席活动)."""
    if any(other.end == start - 1 for other in found):
        return False  # a list of people ends right before the span: they share it
    clause_start = max(line.rfind(c, 0, start - 1) for c in _CLAUSE_ENDS) + 1
    return any(clause_start <= other.start and other.end < start - 1 for other in found)


def _length(clause: str) -> int:
    """The length of ``clause`` with each quoted or book title counted as one word."""
    return len(_QUOTED.sub("“”", clause))


def _lone_predicate_end(line: str, b: int) -> int:
    """Where the sentence from ``b`` ends (after its 。, or the line's end), when it is a
    short predicate (no comma, colon or speech verb in it) that tells what a guest did
    (应邀作特邀点评。, 先生对本次比赛的倾情赞助。, a caption's 在展览现场); else 0. A
    ceremony (出席活动并致辞。) stays: it is what the replaced speaker did."""
    ends = [i for i in (line.find(c, b) for c in FULL_STOPS) if i >= 0]
    stop = min(ends, default=len(line))
    residue = line[b:stop]
    if not residue or any(c in residue for c in _SEPARATORS + ":：") \
            or _length(residue) > MAX_RESIDUE or _SPEECH.search(residue) \
            or not _GUEST_ACTION.search(residue):
        return 0
    return min(stop + 1, len(line))


def _short_list(clause: str) -> bool:
    """True for a clause that is a list of short noun items (省领导张某、李某某), not a clause of
    its own (会议听取了市发改委、市财政局…的汇报)."""
    items = clause.split("、")
    return len(items) > 1 and "的" not in clause and "了" not in clause \
        and all(_length(item) <= MAX_SUBJECT for item in items)


def _clause_end(line: str, b: int) -> int:
    """Where the clause from ``b`` ends: its comma, semicolon or full stop, else the line's
    end."""
    return min((i for i in (line.find(c, b) for c in _CLAUSE_STOPS) if i >= 0), default=len(line))


def _handed_on_end(line: str, b: int, found: list[Mention]) -> int:
    """Where the clause from ``b`` ends (after its comma) when it is only the span's
    lecture (大师作专题讲座,) and the next clause opens with another person of its own:
    the sentence goes on without the span; else 0. Any other predicate stays
    (<span>现场宣读倡议书,某某通过视频…: the original's, its subject replaced)."""
    stop = _clause_end(line, b)
    if stop == len(line) or line[stop] == "。":
        return 0
    residue = line[b:stop]
    address = _AFTER_NAME.match(residue)
    lecture = OFFICIATING.fullmatch(residue, address.end() if address else 0)
    if lecture is None or _length(residue) > MAX_RESIDUE \
            or not any(other.start == stop + 1 for other in found):
        return 0
    return stop + 1


def _invited_from(line: str, a: int) -> int | None:
    """Where the sentence starts when all of it before ``a`` is a short phrase inviting
    the span (签约仪式特邀<span>…: the sentence is about the guest), else None."""
    start = sentence_start(line, a)
    before = line[start:a]
    if before and _INVITING.search(before) and _length(before) <= MAX_INVITER \
            and not any(c in before for c in _SEPARATORS):
        return start
    return None


def _presence_end(line: str, b: int) -> int:
    """Where the clause from ``b`` ends (before its separator), when it is only a
    presence (现场见证, 到场指导, 莅临): the person's being there is all it says."""
    m = _PRESENCE.match(line, b)
    return m.end() if m else 0


def cut_range(line: str, m: Mention, found: list[Mention]) -> tuple[int, int]:
    """The characters to cut for mention ``m`` (see the module docstring)."""
    a, b = m.start, m.end
    prev = line[a - 1] if a else ""
    opens_clause = not prev or (prev in _SEPARATORS and is_adverbial(_clause_before(line, a)))
    # (prev and nxt may be "": every membership test below guards against it)
    if b < len(line) - 1 and line[b] in _CONJUNCTIONS and line[b + 1] not in _SEPARATORS \
            and opens_clause:
        b += 1
    nxt = line[b] if b < len(line) else ""
    if line.startswith(_CAPTION) and a == len(next(c for c in _CAPTION if line.startswith(c))):
        return 0, len(line)  # a caption about the span goes whole (图为<span>在现场合影)
    invited = _invited_from(line, a)
    if (not prev or prev in FULL_STOPS or invited is not None) and (  # 3a
            stop := _lone_predicate_end(line, b + (nxt in ("，", ",") if nxt else 0))):
        return (a if invited is None else invited), stop
    if (not prev or prev in FULL_STOPS) and (stop := _handed_on_end(line, b, found)):
        return a, stop  # 3c: <span>大师作专题讲座,[another person]围绕…讲解
    if nxt and nxt in ":：" and (not prev or prev in FULL_STOPS):
        return a, b + 1  # a speaker label (<span>:“…”): the quote stays, its label goes
    if nxt and nxt in _SEPARATORS and (not prev or prev in _LIST_OPENERS):
        # the leading comma, or the 、 of a list the span closes (A、<span>,以及B)
        leading = prev in ("，", ",", "、") and nxt != "、"  # (随后,[<span>、]某某: the 、)
        return (a - 1, b) if leading else (a, b + 1)
    if nxt == "等" and _OBJECT_VERB.search(line, 0, a):
        return a, b + 1  # the only item named before 等 (邀请了<span>等20余名…)
    if prev and (prev in "、及" or (prev in "，," and nxt and nxt in _LIST_CONJUNCTIONS
                                    and not is_adverbial(_clause_before(line, a)))):
        return a - 1, b  # the last item of a list (…A、<span>出席; …A，<span>和B)
    if prev == "和" and ("、" in (before := _clause_before(line, a - 1))
                         or before.endswith(lx.GROUP_NOUNS)):
        return a - 1, b  # the last item after 和 closing a list (…A、B和<span>; …家长和<span>)
    if prev in ("，", ",") and (stop := _presence_end(line, b)):
        return a - 1, stop  # a clause that is only the span's presence (3b)
    if nxt == "、" and prev and prev not in _SEPARATORS:
        return a, b + 1  # the first item of a list after its verb (会同<span>、市某局…)
    if not prev or prev not in "，,；;" or (nxt and nxt in _SEPARATORS):
        return a, b
    comma = prev in "，,"
    if comma and _PLURAL.match(line, b):
        return a - 1, b
    stop = _clause_end(line, b)
    residue = line[b:stop]
    if residue and _length(residue) <= MAX_RESIDUE and not _SPEECH.search(residue) \
            and _has_speaker(line, a, found):
        if stop < len(line) and line[stop] in _SEPARATORS:
            return a, stop + 1
        return a - 1, stop
    before = _clause_before(line, a)
    shares = any(other.end == a - 1 for other in found)  # 副市长某某,<span>出席: one predicate
    if comma and nxt and nxt not in _PREPOSITIONS and not is_adverbial(before) \
            and (shares or _length(before) <= MAX_SUBJECT or _short_list(before)):
        return a - 1, b  # one more subject of the predicate after it (A、B,<span>参加会见)
    return a, b
