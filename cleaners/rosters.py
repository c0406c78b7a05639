"""A biography inserted as an entry of a roster (part of ``drop_injected_bios``).

A roster is a list of people, each entry opening with the person's name alone on a line
and followed by the same few lines (post, duties): a leaders page, a list of panel
members. An entry that alone reads as a biography (two or more kinds of biography cue
where the others hold none), whose person is named nowhere outside it, and that never
names the organisation every other entry's post begins with (``某某馆馆长``,
``某某馆副馆长`` …) nor any of their posts (馆长, 副馆长) is someone else's CV filled into
the roster's template (a leader's own CV names the body or the post he holds). A roster
whose entries are all CVs (a 任前公示 list, a leaders' CV page) has no such outlier, and a
roster whose posts name no common organisation is left alone: precision first.
"""

from __future__ import annotations

import re
from itertools import pairwise

from .biocues import HAN, MIN_BIO_CUES, bio_cues, is_surname_name
from .persons import NameCounts, role_pattern

__all__ = ["roster_outliers"]

_NAME_LINE = re.compile(rf"[{HAN}]{{2,4}}")
MIN_ENTRIES = 3
MIN_ORG = 4  # characters of the organisation the posts share
MAX_ENTRY_LINES = 4


def _is_name_line(line: str) -> bool:
    return bool(_NAME_LINE.fullmatch(line)) and is_surname_name(line) \
        and not role_pattern().search(line)


def _entries(lines: list[str]) -> list[tuple[int, int]]:
    """(start, end) of each roster entry: a name line and the lines up to the next one."""
    starts = [i for i, line in enumerate(lines) if _is_name_line(line)]
    if len(starts) < MIN_ENTRIES:
        return []
    spans = list(pairwise(starts))
    size = max(b - a for a, b in spans)
    if size > MAX_ENTRY_LINES:
        return []
    return [*spans, (starts[-1], min(len(lines), starts[-1] + size))]


def _shared_org(posts: list[str]) -> str:
    """The organisation every post begins with (their common start, before a role noun)."""
    org = posts[0] if posts else ""
    for post in posts[1:]:
        n = next((i for i, (x, y) in enumerate(zip(org, post, strict=False)) if x != y),
                 min(len(org), len(post)))
        org = org[:n]
    role = role_pattern().search(org)
    return org[:role.start()].removesuffix("副") if role else org


def roster_outliers(lines: list[str], names: NameCounts) -> list[tuple[int, int]]:
    """The (start, end) line spans of roster entries that are inserted biographies."""
    entries = _entries(lines)
    cues = [bio_cues("\n".join(lines[a + 1:b])) for a, b in entries]
    found = []
    for k, (a, b) in enumerate(entries):
        others = [e for j, e in enumerate(entries) if j != k]
        if cues[k] < MIN_BIO_CUES or any(c for j, c in enumerate(cues) if j != k):
            continue
        entry = "\n".join(lines[a:b])
        name = lines[a]
        if names.count(name) > entry.count(name):
            continue
        posts = [lines[x + 1] for x, y in others if y > x + 1]
        org = _shared_org(posts)
        roles = {r.group(0) for post in posts for r in role_pattern().finditer(post)}
        if len(org) >= MIN_ORG and org not in entry and not any(r in entry for r in roles):
            found.append((a, b))
    return found
