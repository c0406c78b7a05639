"""Cut a performer's or endorser's promo clause spliced into a sentence (the text step).

Clone sites splice a clause into genuine news: ``…举行,特邀著名歌唱家某某倾情演绎,现场…``.
The clause is one comma-delimited piece of a sentence whose grammar is ``[invitation]
[acclaim] <performer noun> <name> [promo adverb] <performing verb>``: a performer noun
(歌唱家, 演员, 演奏家, 主持人, 代言人 …), a personal name, then a verb of performing or
endorsing (演绎, 献唱, 助阵, 代言 …). It is cut when it carries two or more of the promo
markers (an invitation 特邀/特别邀请, an acclaim 著名/知名/当红, a promo adverb 倾情/联袂/
倾力) and its person is named nowhere else in the document; the sentence around it stays
as it reads without it. A programme line that reports a performance (``青年歌唱家某某演唱了
《…》``) has no markers, and a concert about a named artist names the artist again.

A labelled performer clause (``,表演嘉宾:某某(某小某)内地女歌手,带着代表作《…》《…》率先开唱``)
is the same promotion in a programme's form: a guest label (表演嘉宾, 演出嘉宾, 特邀嘉宾,
嘉宾) and a colon, a name, an alias in brackets, a performer noun, then a works list
(代表作《…》); the label, the alias and the works list are markers too, and the clause goes
up to the next clause end (its inner comma included) when two are present.
"""

from __future__ import annotations

import re

from .persons import NameCounts
from .steps import StepContext

__all__ = ["cut_promo_clauses"]

_HAN = "\u4e00-\u9fff"
_INVITE = r"(?P<invite>特邀|特别邀请|特意邀请|重磅邀请|盛情邀请|邀请到|请来)?了?"
_ACCLAIM = (r"(?P<acclaim>国际知名|国内知名|全国知名|著名|知名|当红|人气|实力派|金牌|顶流|大牌)?"
            r"(?:青年|女|男|国家一级|一级|资深|优秀|新生代)?")
_PERFORMER = (r"[\u4e00-\u9fff]{0,6}?(?:歌唱家|歌手|演员|艺术家|演奏家|钢琴家|提琴家|舞蹈家|"
              r"主持人|笑星|明星|网红|达人|代言人|形象大使|推荐官|主播|影星|歌星)")
_ADVERB = r"(?P<adverb>倾情|激情|深情|联袂|重磅|倾力|全情|鼎力|亲情)?"
_VERB = (r"(?:演绎|献唱|演唱|演出|表演|献艺|助阵|助力|加盟|代言|推荐|站台|献演|登台|带货|献声"
         r"|主持|担纲)")
_CLAUSE = re.compile(
    rf"^(?:并|还|更|另|同时|由|更有)?{_INVITE}{_ACCLAIM}{_PERFORMER}(?P<name>[{_HAN}]{{2,3}}?)"
    rf"{_ADVERB}{_VERB}[^,，;；。]{{0,12}}$")
_ANY_VERB = re.compile(rf"{_VERB}|嘉宾[:：]")
_LABELLED = re.compile(
    rf"(?P<label>(?:表演|演出|特邀|特约|助演|压轴|神秘)?嘉宾)[:：](?P<name>[{_HAN}]{{2,4}}?)"
    rf"(?P<alias>[(（][{_HAN}]{{2,4}}[)）])?{_ACCLAIM}{_PERFORMER}"
    rf"(?:[,，]?[^,，;；。:：]{{0,8}}?(?P<works>代表作(?:《[^》\n]{{1,20}}》[、和及与]?)+))?"
    rf"[^,，;；。:：]{{0,12}}(?=[,，;；。]|$)")
_PIECE = re.compile(r"[^,，;；。!！?？]+")
MIN_MARKERS = 2


def _is_promo(clause: str, names: NameCounts) -> bool:
    m = _CLAUSE.match(clause)
    if m is None:
        return False
    markers = sum(1 for g in ("invite", "acclaim", "adverb") if m.group(g))
    return markers >= MIN_MARKERS and names.count(m.group("name")) <= 1


def _cut_labelled(line: str, names: NameCounts, ctx: StepContext | None) -> str:
    """Cut labelled performer clauses (``,表演嘉宾:<name>(<alias>)<performer>,代表作《…》…``)."""
    for m in reversed(list(_LABELLED.finditer(line))):
        a, b = m.span()
        if a and line[a - 1] not in ",，;；":
            continue  # a label inside a phrase, not a clause of its own
        markers = sum(1 for g in ("label", "alias", "acclaim", "works") if m.group(g))
        if markers < MIN_MARKERS or names.count(m.group("name")) > 1:
            continue
        if a:
            a -= 1
        elif b < len(line) and line[b] in ",，;；":
            b += 1
        if ctx is not None:
            ctx.removed.append(line[a:b])
        line = line[:a] + line[b:]
    return line


def _cut_line(line: str, names: NameCounts, ctx: StepContext | None) -> str:
    line = _cut_labelled(line, names, ctx)
    for piece in reversed(list(_PIECE.finditer(line))):
        if not _is_promo(piece.group(0), names):
            continue
        a, b = piece.span()
        if a and line[a - 1] in ",，;；":
            a -= 1  # the separator before the clause goes with it
        elif b < len(line) and line[b] in ",，;；":
            b += 1  # a clause opening its sentence takes the one after it
        if ctx is not None:
            ctx.removed.append(line[a:b])
        line = line[:a] + line[b:]
    return line


def cut_promo_clauses(text: str, ctx: StepContext | None = None) -> str:
    """Cut performers' and endorsers' promo clauses (see the module docstring)."""
    if not _ANY_VERB.search(text):
        return text
    names = NameCounts(f"{ctx.title if ctx else ''}\n{text}")
    return "\n".join(_cut_line(line, names, ctx) for line in text.split("\n"))
