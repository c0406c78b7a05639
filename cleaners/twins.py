"""A second copy of the article on the same page, and what only the body's copy says.

Several platforms render an article twice: an elder-mode copy (长者专区, e.g.
``div#zzzqcontentwrap2022``), a mobile or print copy; others keep a copy out of sight: the
article's opening in the description meta, its whole text in a script string that a
read-aloud (TTS) button speaks. Injections are often spliced into the visible copy only.
:func:`find_twin` finds another element whose text repeats the body's (probes
from three places of the body's text found outside it); the text step
:func:`cut_twin_differences` compares the two copies paragraph by paragraph and, where the
body's copy has a span the other lacks and the span looks injected (a title stack, or
commercial, honorific or membership titles, and no official post), puts the other copy's
wording in its place. A hidden copy (:func:`hidden_copy`) has no paragraphs: the body's
sentences are matched with its sentences instead. Differences that do not look injected
are left alone.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from lxml import etree

from .chinese import to_simplified
from .normalise import collapse_whitespace, fold_width
from .pagetext import PageText
from .persons import ENDORSING, OFFICIAL, classify, mentions, role_pattern
from .steps import StepContext

__all__ = ["cut_twin_differences", "find_twin", "hidden_copy"]

MIN_BODY = 60  # characters: shorter bodies are not compared
PROBE = 16
MIN_RATIO, MAX_RATIO = 0.5, 2.0  # twin length against the body's
MIN_LINE = 8
MIN_SIMILARITY = 0.5
MAX_SHARED_RUN = 4  # equal runs shorter than this inside a replaced span join its chunks


_DESCRIPTIONS = ("description", "og:description")
_HAN_RUN = re.compile(r"[\u4e00-\u9fff]{8}")
_STRING = re.compile(r"""(["'])((?:(?!\1)[^\\\n]|\\.){40,}?)\1""")
MIN_HIDDEN_HAN = 40  # a hidden text with fewer Han characters is no copy of an article
_SENTENCE = re.compile(r"[^。！？!?]+[。！？!?”]*")


def hidden_copy(root: etree._Element) -> str:
    """Texts the page keeps out of sight that may copy the article: description metas and
    script string literals (a read-aloud button's text), one per line, normalised."""
    texts = []
    for meta in root.iter("meta"):
        if (meta.get("name") or meta.get("property") or "").lower() in _DESCRIPTIONS:
            texts.append(meta.get("content") or "")
    for script in root.iter("script"):
        code = script.text or ""
        if _HAN_RUN.search(code):
            texts.extend(m.group(2) for m in _STRING.finditer(code))
    found = [t for t in texts if len(re.findall(r"[\u4e00-\u9fff]", t)) >= MIN_HIDDEN_HAN]
    return "\n".join(" ".join(t.split()) for t in found)


def _probes(text: str) -> list[str]:
    return [text[int(len(text) * f):int(len(text) * f) + PROBE] for f in (0.2, 0.5, 0.8)]


def find_twin(page: PageText, body: etree._Element) -> etree._Element | None:
    """Another element of the page that holds a copy of ``body``'s text, or None."""
    start, end = page.text_range(body)
    if end - start < MIN_BODY:
        return None
    owners = []
    for probe in _probes(page.text[start:end]):
        at = page.text.find(probe)
        while at >= 0 and start <= at < end:
            at = page.text.find(probe, end if at < end else at + 1)
        if at >= 0:
            owners.append(page.owner_at(at))
    if len(owners) < 2:
        return None
    twin = owners[0]
    for other in owners[1:]:
        twin = _common(twin, other)
    while page.text_length(twin) < MIN_RATIO * (end - start):
        parent = twin.getparent()
        if parent is None or _overlaps(page, parent, start, end):
            return None
        twin = parent
    if _overlaps(page, twin, start, end) or page.text_length(twin) > MAX_RATIO * (end - start):
        return None
    return twin


def _common(a: etree._Element, b: etree._Element) -> etree._Element:
    seen = {a, *a.iterancestors()}
    while b is not None and b not in seen:
        b = b.getparent()
    return b if b is not None else a


def _overlaps(page: PageText, el: etree._Element, start: int, end: int) -> bool:
    s, e = page.text_range(el)
    return s < end and start < e


def _looks_injected(line: str, a: int, b: int) -> bool:
    """True when ``line[a:b]`` holds non-official titles (a stack or an endorsing role)."""
    for m in mentions(line):
        if m.start < b and a < m.end and OFFICIAL not in m.kinds and m.kinds & ENDORSING:
            return True
    roles = [r.group(0) for r in role_pattern().finditer(line, a, b)]
    kinds = {classify(r, line[a:b]) for r in roles}
    return bool(kinds & ENDORSING) and OFFICIAL not in kinds


def _chunks(line: str, other: str) -> list[tuple[int, int, int, int]]:
    """Where ``line`` differs from ``other``: (a, b, c, d), joined over short equal runs
    (a shared 、, 的 or 协会 inside a replaced span)."""
    chunks: list[tuple[int, int, int, int]] = []
    for tag, a, b, c, d in SequenceMatcher(None, line, other, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        if chunks and a - chunks[-1][1] < MAX_SHARED_RUN:
            chunks[-1] = (chunks[-1][0], b, chunks[-1][2], d)
        else:
            chunks.append((a, b, c, d))
    return chunks


def _best_match(line: str, by_edge: dict[str, list[str]]) -> str | None:
    candidates = {*by_edge.get(line[:4], ()), *by_edge.get(line[-4:], ())}
    best, best_ratio = None, MIN_SIMILARITY
    for other in candidates:
        matcher = SequenceMatcher(None, line, other, autojunk=False)
        if matcher.quick_ratio() > best_ratio and matcher.ratio() > best_ratio:
            best, best_ratio = other, matcher.ratio()
    return best


def _edges(pieces: list[str]) -> dict[str, list[str]]:
    by_edge: dict[str, list[str]] = {}
    for piece in pieces:
        by_edge.setdefault(piece[:4], []).append(piece)
        by_edge.setdefault(piece[-4:], []).append(piece)
    return by_edge


def _restore(line: str, other: str, removed: list[str]) -> str:
    """``line`` with the injected-looking spans that ``other`` lacks replaced by its wording."""
    for a, b, c, d in reversed(_chunks(line, other)):
        if b > a and _looks_injected(line, a, b):
            removed.append(line[a:b])
            line = line[:a] + other[c:d] + line[b:]
    return line


def _restore_sentences(line: str, by_edge: dict[str, list[str]], removed: list[str]) -> str:
    """Sentence by sentence, against a copy without paragraphs (a hidden copy)."""
    out = []
    for sentence in _SENTENCE.findall(line):
        other = _best_match(sentence, by_edge) if len(sentence) >= MIN_LINE else None
        out.append(_restore(sentence, other, removed) if other is not None else sentence)
    return "".join(out) if "".join(_SENTENCE.findall(line)) == line else line


def cut_twin_differences(text: str, ctx: StepContext | None = None) -> str:
    """Replace injected-looking spans that the page's other copy does not have."""
    if ctx is None or not (ctx.twin or ctx.hidden):
        return text
    twin = to_simplified(fold_width(collapse_whitespace(ctx.twin))).split("\n")
    known = set(twin)
    by_edge = _edges(twin)
    by_sentence: dict[str, list[str]] | None = None  # the hidden copy, read when needed
    out = []
    for line in text.split("\n"):
        other = None if line in known or len(line) < MIN_LINE else _best_match(line, by_edge)
        if other is not None:
            line = _restore(line, other, ctx.removed)
        elif ctx.hidden is not None and len(line) >= MIN_LINE \
                and _looks_injected(line, 0, len(line)):
            if by_sentence is None:
                hidden = to_simplified(fold_width(collapse_whitespace(ctx.hidden())))
                by_sentence = _edges([s.strip() for s in _SENTENCE.findall(hidden)])
            line = _restore_sentences(line, by_sentence, ctx.removed)
        out.append(line)
    return "\n".join(out)
