"""A second copy of the article on the same page, and what only the body's copy says.

Several platforms render an article twice: an elder-mode copy (长者专区, e.g.
``div#zzzqcontentwrap2022``), a mobile or print copy. Injections are often spliced into one
copy only. :func:`find_twin` finds another element whose text repeats the body's (probes
from three places of the body's text found outside it); the text step
:func:`cut_twin_differences` compares the two copies paragraph by paragraph and, where the
body's copy has a span the other lacks and the span looks injected (a title stack, or
commercial, honorific or membership titles, and no official post), puts the other copy's
wording in its place. Differences that do not look injected are left alone.
"""

from __future__ import annotations

from difflib import SequenceMatcher

from lxml import etree

from .chinese import to_simplified
from .normalise import collapse_whitespace, fold_width
from .pagetext import PageText
from .persons import ENDORSING, OFFICIAL, classify, mentions, role_pattern
from .steps import StepContext

__all__ = ["cut_twin_differences", "find_twin"]

MIN_BODY = 60  # characters: shorter bodies are not compared
PROBE = 16
MIN_RATIO, MAX_RATIO = 0.5, 2.0  # twin length against the body's
MIN_LINE = 8
MIN_SIMILARITY = 0.5


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
    """Where ``line`` differs from ``other``: (a, b, c, d), joined over equal runs of one
    character (a shared 、 or 的 inside a replaced span)."""
    chunks: list[tuple[int, int, int, int]] = []
    for tag, a, b, c, d in SequenceMatcher(None, line, other, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        if chunks and a - chunks[-1][1] < 2:
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


def cut_twin_differences(text: str, ctx: StepContext | None = None) -> str:
    """Replace injected-looking spans that the page's other copy does not have."""
    if ctx is None or not ctx.twin:
        return text
    twin = to_simplified(fold_width(collapse_whitespace(ctx.twin))).split("\n")
    known = set(twin)
    by_edge: dict[str, list[str]] = {}
    for line in twin:
        by_edge.setdefault(line[:4], []).append(line)
        by_edge.setdefault(line[-4:], []).append(line)
    out = []
    for line in text.split("\n"):
        other = None if line in known or len(line) < MIN_LINE else _best_match(line, by_edge)
        if other is not None:
            for a, b, c, d in reversed(_chunks(line, other)):
                if b > a and _looks_injected(line, a, b):
                    ctx.removed.append(line[a:b])
                    line = line[:a] + other[c:d] + line[b:]
        out.append(line)
    return "\n".join(out)
