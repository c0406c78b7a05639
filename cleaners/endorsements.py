"""Cut ``titles + name`` spans spliced into official text (fake speakers, guests, authors).

Each mention found by the title-stack grammar (:mod:`cleaners.persons`) is scored on
independent cues; a span is cut at ``CUT_SCORE`` or more, and never when one of its
titles is an official post (precision first):

* an owner's post (执行董事, 法人, 创始人 …), an honour (客座教授, 一级美术师 …), a
  membership (协会会员, 党员 …): one point for each kind present; a manager's post
  (董事长, 总经理) half a point;
* titles stacked from two or more bodies; posts in two or more companies;
* the name never occurs again in the document (title included), and no alias (原名 …)
  either; an alias in brackets is itself a cue; a name occurring elsewhere costs two;
* the name runs straight into a role noun (有关…李某负责人表示: spliced into a phrase);
* the next quote is given to someone never introduced (the real speaker, replaced).

The cut leaves the sentence as the original would read: a list item takes one of its
separators along, a trailing conjunction (…与) goes with its conjunct, and a clause whose
subject was the span goes whole when the clause before it has its own speaker (otherwise
its predicate would pass to that speaker).
"""

from __future__ import annotations

import re

from .persons import (
    COMMERCIAL,
    HONORIFIC,
    MEMBERSHIP,
    OFFICIAL,
    STRONG,
    Mention,
    mentions,
    role_pattern,
)
from .steps import StepContext

__all__ = ["CUT_SCORE", "cut_title_stacks", "endorsement_score"]

CUT_SCORE = 3.0
_SEPARATORS = "，,、；;"
_LIST_OPENERS = _SEPARATORS + ":：有"
_SPEECH = re.compile(r"(表示|说|介绍|指出|认为|强调|称|透露|谈到|坦言)$")
_SPEAKER = re.compile(r"[。,，;；](?P<name>[\u4e00-\u9fff]{2,3}?)(?:强调|指出|认为|表示|说)")
_CONJUNCTIONS = "与和及同"
_COMPANY = ("公司", "集团", "品牌")


def _occurs_elsewhere(m: Mention, doc: str) -> bool:
    """True when the name (or its alias) occurs in ``doc`` outside this mention."""
    names = [m.name]
    if m.alias:
        names.append(m.alias.strip("()（）").removeprefix("原名").removeprefix("本名"))
    for name in names:
        if doc.count(name) > 1 + (m.alias.count(name) if m.alias and name == m.name else 0):
            return True
    return False


def _next_speaker_unintroduced(m: Mention, line: str, before: str) -> bool:
    after = line[m.end:m.end + 300]
    for speaker in _SPEAKER.finditer(after):
        other = speaker.group("name")
        if other != m.name:
            return other not in before
    return False


def endorsement_score(m: Mention, line: str, doc: str, before: str = "") -> float:
    """How strongly ``m`` looks injected (``float('-inf')`` for an official)."""
    kinds = m.kinds
    if OFFICIAL in kinds:
        return float("-inf")
    score = float(STRONG in kinds) + float(HONORIFIC in kinds) + float(MEMBERSHIP in kinds)
    if COMMERCIAL in kinds and STRONG not in kinds:
        score += 0.5
    entries = [t for t in m.titles if t.org or set(t.kinds) & {HONORIFIC, MEMBERSHIP}]
    score += len(entries) >= 2
    score += sum(1 for t in m.titles if any(c in t.org for c in _COMPANY)) >= 2
    score += -2 if _occurs_elsewhere(m, doc) else 1
    score += bool(m.alias)
    score += bool(role_pattern().fullmatch(m.follower))
    score += _next_speaker_unintroduced(m, line, before)
    return score


def _previous_clause_has_speaker(line: str, start: int, found: list[Mention]) -> bool:
    clause_start = max(line.rfind(c, 0, start - 1) for c in "，,；;。：:“") + 1
    return any(clause_start <= other.start and other.end <= start - 1 for other in found)


def _cut_range(line: str, m: Mention, found: list[Mention]) -> tuple[int, int]:
    """The characters to cut for mention ``m`` so that the sentence still reads."""
    a, b = m.start, m.end
    if b < len(line) - 1 and line[b] in _CONJUNCTIONS and line[b + 1] not in _SEPARATORS:
        b += 1  # <span>与<next subject>: the conjunction belonged to the span
    prev = line[a - 1] if a else ""
    nxt = line[b] if b < len(line) else ""
    if nxt in _SEPARATORS and (not prev or prev in _LIST_OPENERS):
        return (a - 1, b) if prev in "，," else (a, b + 1)  # one list item
    if prev in _SEPARATORS and nxt not in _SEPARATORS:
        stop = min((i for i in (line.find(c, b) for c in "，,；;。") if i >= 0), default=len(line))
        residue = line[b:stop]
        if (residue and len(residue) <= 15 and not _SPEECH.search(residue)
                and _previous_clause_has_speaker(line, a, found)):
            if stop < len(line) and line[stop] in _SEPARATORS:
                return a, stop + 1
            return a - 1, stop
    return a, b


def cut_title_stacks(text: str, ctx: StepContext | None = None) -> str:
    """Cut injected ``titles + name`` spans (see the module docstring)."""
    doc = f"{ctx.title if ctx else ''}\n{text}"
    out: list[str] = []
    before = ""
    for line in text.split("\n"):
        found = mentions(line)
        cuts = [_cut_range(line, m, found) for m in found
                if endorsement_score(m, line, doc, before + line[:m.start]) >= CUT_SCORE]
        last = len(line) + 1
        for a, b in sorted(set(cuts), reverse=True):
            if b > last:
                continue  # overlaps a cut already made
            last = a
            if ctx is not None:
                ctx.removed.append(line[a:b])
            line = line[:a] + line[b:]
        out.append(line)
        before += line + "\n"
    return "\n".join(out)
