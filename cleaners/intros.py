"""Introduction sentences of a person inside a paragraph (part of ``drop_injected_bios``).

* a biography opened by a label: ``个人简介`` / ``人物简介`` anywhere, ``简介:`` or
  ``<people>介绍:`` (现场专家介绍:) at a sentence start, then a name and biography cues: the
  paragraph goes whole when what precedes the label is short or about the same person,
  else the paragraph from the label on (a 个人简介 with three kinds of cue and no official
  post goes even when the document names the person elsewhere);
* a byline whose content is titles (an owner's post or a bought honour among them),
  biography phrases and a name (``作者:<titles>某某``):
  the content goes, the label stays (a line that is only the label and that content goes
  whole: ``讲解员:<titles>,毕业于…的某某``);
* a sentence that introduces a person by label and name with a stack of non-official
  titles (``作者:某某<公司>主任,<协会>会员。``): the sentence goes;
* a biography appended to a genuine paragraph: a sentence after its first that names a
  private body's officer (a firm's, an association's: no administrative level in its
  name), by titles or by name first with the post later (``某某,毕业于…,现任某某有限公司
  总经理。``), and, with the sentences that go on about the person (the name again, 他/她/其),
  holds two kinds of biography cue, one of them about the person rather than the post
  (``…。其中某工坊由<公司>董事长某某领衔,某某毕业于…,被誉为…。``): those sentences go,
  when neither the person nor the body is named anywhere else in the document; so does
  such a biography appended as a clause (``…拉开帷幕,某某毕业于…,现任某某有限公司总经理,
  被誉为…。``: from its comma to the sentence's end).

Otherwise the person must be named nowhere else in the document (outside this paragraph).
"""

from __future__ import annotations

import re

from .biocues import (
    COMMERCIAL_POST,
    HAN,
    MIN_BIO_CUES,
    bio_cues,
    is_surname_name,
    names_official,
)
from .chars import FULL_STOPS, SENTENCE
from .listitems import is_private_org, private_body
from .persons import (
    ENDORSING,
    HONORIFIC,
    OFFICIAL,
    SELLING,
    STRONG,
    TRADE,
    NameCounts,
    classify,
    mentions,
    name_at,
    role_pattern,
    title_stack,
)
from .steps import StepContext

__all__ = ["cut_intros"]

_SENTENCE_END = FULL_STOPS
_ANY_PLACE_LABEL = re.compile(r"(?:个人|人物)简介[:：]?")
_START_LABEL = re.compile(
    r"(?:现场|个人|人物|作者|专家|嘉宾|评委|讲师|导师|艺术家|获奖者|演员|主讲人){0,2}(?:简介|介绍)[:：]"
)
# Labels that introduce the person who wrote, presents, guides, hosts or judges (讲解员: the
# guide of a visit presents like a lecturer; 评委/专家: the judges of a contest).
_PERSON_LABEL = re.compile(
    r"(?:作者|讲师|主讲人|主讲|演讲人|讲解员|讲解人|解说员|主持人|嘉宾|评委|专家|获奖者|书写者|设计者"
    r"|指导老师|导师)[:：]"
)
MAX_PREFIX = 30
STRONG_CV = 3  # kinds of biography cue after 个人简介 that make it a CV whoever it is about
MAX_BYLINE = 80


def _is_unknown(name: str, names: NameCounts, paragraph: str) -> bool:
    return is_surname_name(name) and names.count(name) <= paragraph.count(name)


def _is_person(name: str) -> bool:
    return is_surname_name(name)


def _labelled_bio(line: str, names: NameCounts) -> tuple[int, str] | None:
    """Where a labelled biography starts in ``line``, and its person (None: there is none)."""
    for label in [*_ANY_PLACE_LABEL.finditer(line), *_START_LABEL.finditer(line)]:
        at = label.start()
        if label.re is _START_LABEL and at and line[at - 1] not in _SENTENCE_END:
            continue
        rest = line[label.end():]
        cues = bio_cues(rest)
        if names_official(rest):
            continue  # a 任前公示 profile of an official
        # a 个人简介 with a full CV stands on its own; other labels need an unknown person
        strong = label.re is _ANY_PLACE_LABEL and cues >= STRONG_CV
        known = _is_person if strong else (lambda n: _is_unknown(n, names, line))
        name = next((line[label.end():label.end() + n] for n in (3, 2)
                     if known(line[label.end():label.end() + n])), "")
        if name and cues >= MIN_BIO_CUES:
            return at, name
    return None


def _cut_labelled_bio(line: str, names: NameCounts, ctx: StepContext | None) -> str:
    found = _labelled_bio(line, names)
    if found is None:
        return line
    at, name = found
    prefix = line[:at]
    start = 0 if len(prefix) <= MAX_PREFIX or name in prefix else at
    if ctx is not None:
        ctx.removed.append(line[start:])
    return line[:start]


def _sells(content: str) -> bool:
    """True when ``content`` holds an owner's post or a bought honour (创始人, 发起人, 客座教授,
    咨询师 …): a genuine speaker's or author's introduction gives posts and degrees."""
    kinds = {classify(r.group(0), content[max(0, r.start() - 12):r.start()])
             for r in role_pattern().finditer(content)}
    return bool(kinds & {STRONG, HONORIFIC})


def _byline_name(content: str) -> str:
    """The person a byline's content names: at its end (``…代表作《…》某某``) or after
    its last 的 (``…毕业于某大学的某某``)."""
    m = re.search(rf"([{HAN}]{{2,4}})[,，、]?$", content)
    if m and is_surname_name(m.group(1)[-3:]) and not role_pattern().search(m.group(1)):
        return m.group(1)[-3:]
    at = content.rfind("的")
    named = name_at(content, at + 1) if at >= 0 else None
    return named[0] if named else ""


def _cut_bylines(line: str, names: NameCounts, ctx: StepContext | None) -> str:
    """``作者:<titles, 毕业于…, 代表作…>某某`` : the content after the label goes; a line
    that is only the label and that content goes whole."""
    for label in reversed(list(_PERSON_LABEL.finditer(line))):
        stop = min((i for i in (line.find(c, label.end()) for c in ")）。") if i >= 0),
                   default=len(line))
        content = line[label.end():stop]
        if not content or len(content) > MAX_BYLINE:
            continue
        name = _byline_name(content)
        if not name or not _is_unknown(name, names, line) or names_official(content) \
                or not _sells(content):
            continue
        if bio_cues(content) >= MIN_BIO_CUES:
            if label.start() == 0 and not line[stop:].strip("。 "):
                if ctx is not None:
                    ctx.removed.append(line)
                return ""
            if ctx is not None:
                ctx.removed.append(content)
            line = line[:label.end()] + line[stop:]
    return line


def _cut_intro_sentences(line: str, names: NameCounts, ctx: StepContext | None) -> str:
    """Cut ``作者:某某<titles>。`` sentences about a person never mentioned elsewhere."""
    for label in reversed(list(_PERSON_LABEL.finditer(line))):
        end = line.find("。", label.end())
        end = len(line) if end < 0 else end
        stack = title_stack(line, end)
        kinds = {k for t in stack for k in t.kinds}
        name = line[label.end():label.end() + 3]
        if len(stack) < 2 or OFFICIAL in kinds or not kinds & ENDORSING:
            continue
        if not _is_unknown(name, names, line) or not stack[0].org.startswith(name):
            continue
        start = max(line.rfind(c, 0, label.start()) for c in _SENTENCE_END) + 1
        if ctx is not None:
            ctx.removed.append(line[start:end + 1])
        line = line[:start] + line[end + 1:]
    return line


_GOES_ON = re.compile(r"[他她其]")
_NAME_OPENS = re.compile(rf"([{HAN}]{{2,3}}?)(?=[,，(（]|出生|生于|毕业|现任|曾任|师从)")
_POST_VERB = re.compile(r"^(?:现任|曾任|担任|任|系|是|为)")


def _private_posts(sentence: str) -> list[str]:
    """The private bodies (firms, associations) ``sentence`` names a selling post in
    (``现任某某餐饮管理有限公司总经理``); [] when it names an official post."""
    orgs = []
    for role in role_pattern().finditer(sentence):
        for title in title_stack(sentence, role.end())[-1:]:
            org = _POST_VERB.sub("", title.org)
            if OFFICIAL in title.kinds or TRADE in title.kinds:
                return []
            if set(title.kinds) & SELLING and is_private_org(org):
                orgs.append(org)
    return orgs


def _person(sentence: str) -> tuple[str, list[str], int] | None:
    """The private body's officer a sentence is about: introduced by titles (no official
    post, no trade title), or opening it by name with a private post later in it
    (``某某,毕业于…,现任某某有限公司总经理``); (name, bodies, where the mention starts), or
    None."""
    for m in mentions(sentence):
        if m.sells and private_body(m):
            return m.name, [t.org for t in m.titles], m.start
    opens = _NAME_OPENS.match(sentence)
    if opens and is_surname_name(opens.group(1)) and not role_pattern().search(opens.group(1)):
        orgs = _private_posts(sentence)
        if orgs:
            return opens.group(1), orgs, 0
    return None


_CLAUSE_MARKS = ",，;；"
MIN_OWN_CLAUSE = 6  # Han characters of a clause before the mention that make it the article's
_CONTINUES = re.compile(r"并|还|随后|同时|又")  # a clause going on with the same subject


def _own_clause(sentence: str, start: int) -> tuple[int, int] | None:
    """The clause of a mention at ``start`` when the sentence has a clause of its own before
    it (``最终,某某等9名学生获得特等奖,<titles + name>获评…,其余…``): the span from the comma
    before the mention to the clause's end (the sentence's end mark stays); None when the
    mention opens the sentence or its first clause (the sentence is about the person)."""
    before = max(sentence.rfind(c, 0, start) for c in _CLAUSE_MARKS)
    if before < 0 or len(re.findall(r"[\u4e00-\u9fff]", sentence[:before])) < MIN_OWN_CLAUSE:
        return None
    end = _clause_stop(sentence, start)
    while end < len(sentence) and _CONTINUES.match(sentence, end + 1):
        end = _clause_stop(sentence, end + 1)  # ,并为获奖学生颁奖: the person's own act
    return before, end


def _clause_stop(sentence: str, start: int) -> int:
    after = [i for i in (sentence.find(c, start) for c in _CLAUSE_MARKS) if i >= 0]
    return min(after) if after else len(sentence.rstrip(_SENTENCE_END))


def _known_elsewhere(name: str, orgs: list[str], tail: str, names: NameCounts) -> bool:
    """True when the person, or a body of their titles, is named outside ``tail``."""
    if names.count(name) > tail.count(name):
        return True
    return any(org and names.count(org) > tail.count(org) for org in orgs)


def _cut_bio_sentences(line: str, names: NameCounts, ctx: StepContext | None) -> str:
    """Cut a biography appended to a genuine paragraph (see the module docstring)."""
    sentences = [m.group(0) for m in SENTENCE.finditer(line)]
    k = 1
    while k < len(sentences):
        person = _person(sentences[k])
        if person is None:
            k += 1
            continue
        name, orgs, start = person
        j = k + 1
        while j < len(sentences) and (name in sentences[j] or _GOES_ON.match(sentences[j])):
            j += 1
        tail = "".join(sentences[k:j])
        about = tail[tail.find(name) + len(name):].replace(name, "")
        if _known_elsewhere(name, orgs, tail, names) or names_official(tail) \
                or bio_cues(tail) < MIN_BIO_CUES or bio_cues(_without_posts(about)) < 1:
            k += 1
            continue
        clause = _own_clause(sentences[k], start) if j == k + 1 else None
        if clause is not None:  # a clause spliced into a sentence of the article's
            a, b = clause
            if ctx is not None:
                ctx.removed.append(sentences[k][a:b])
            sentences[k] = sentences[k][:a] + sentences[k][b:]
            k += 1
            continue
        if ctx is not None:
            ctx.removed.append(tail)
        del sentences[k:j]
    return "".join(sentences)


_CLAUSE_BIO = re.compile(rf"[,，]([{HAN}]{{2,3}}?)(?=毕业于|出生于|生于|现任|曾任|师从|\d{{4}}年)")


def _cut_bio_clauses(line: str, names: NameCounts, ctx: StepContext | None) -> str:
    """Cut a biography clause appended inside a sentence (``…拉开帷幕,某某毕业于…,现任某某
    有限公司总经理,被誉为…。``): from its comma to the sentence's end, when the person is
    named nowhere else, holds a private body's post and two kinds of cue."""
    for m in reversed(list(_CLAUSE_BIO.finditer(line))):
        name = m.group(1)
        if not is_surname_name(name) or role_pattern().search(name):
            continue
        stop = min((i for i in (line.find(c, m.end()) for c in _SENTENCE_END) if i >= 0),
                   default=len(line))
        tail = line[m.start():stop]
        orgs = _private_posts(tail)
        if not orgs or _known_elsewhere(name, orgs, tail, names) or names_official(tail) \
                or bio_cues(tail) < MIN_BIO_CUES:
            continue
        if ctx is not None:
            ctx.removed.append(tail)
        line = line[:m.start()] + line[stop:]
    return line


def _without_posts(text: str) -> str:
    """``text`` without its commercial posts (董事长, 总经理 …): what it says of the person."""
    return COMMERCIAL_POST.sub("", text)


def cut_intros(line: str, names: NameCounts, ctx: StepContext | None = None) -> str:
    """``line`` without the introduction sentences of people named nowhere else."""
    if any(c in line[:-1] for c in _SENTENCE_END):
        line = _cut_bio_sentences(line, names, ctx)
    if "," in line or "，" in line:
        line = _cut_bio_clauses(line, names, ctx)
    if "简介" in line or "介绍" in line:
        line = _cut_labelled_bio(line, names, ctx)
    if ":" in line or "：" in line:
        line = _cut_bylines(line, names, ctx)
        line = _cut_intro_sentences(line, names, ctx)
    return line
