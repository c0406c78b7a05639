"""A target: one archived page that becomes one document, and how it was chosen.

Targets come from decision records (``reclean.decisions``) or, for WARCs without
any, from routing their pages with today's discovery rules (``reclean.routing``).
Either way the latest capture of each document wins, and a target travels to its
worker as a plain dict.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from corpus.decision import Decision
from corpus.urls import document_stem, portal_of

__all__ = ["Selection", "Target", "latest_per_document", "warc_timestamp"]


def warc_timestamp(date: str) -> str:
    """A WARC-Date (or a CDXJ timestamp) as 14 digits plus any fraction, for ordering."""
    return "".join(ch for ch in date if ch.isdigit())


@dataclass(frozen=True)
class Target:
    """One page record that becomes one document."""

    path: str  # the WARC holding the page's record (response or revisit)
    offset: int
    length: int
    url: str  # the document's URL (the portal's own address): names the files
    timestamp: str  # when the decision was taken (or the page captured): the latest wins
    decision: tuple[tuple[str, str], ...]  # the decision's fields (``Decision.fields``)
    files: dict[str, str] = field(default_factory=dict)  # WARC name -> path, for its records
    routed: bool = False  # no decision record: attachments and payload found by the worker
    mirror: tuple[str | None, str] | None = None  # routed: fetched from, named after

    @cached_property
    def key(self) -> str:
        """``<folder>/<stem>``: one document (named once: planning compares it often)."""
        return f"{portal_of(self.url)}/{document_stem(self.url)}"

    def as_dict(self) -> dict:
        """A plain dict (JSON-ready; built by hand: ``dataclasses.asdict`` deep-copies)."""
        return {"path": self.path, "offset": self.offset, "length": self.length,
                "url": self.url, "timestamp": self.timestamp,
                "decision": [list(pair) for pair in self.decision], "files": dict(self.files),
                "routed": self.routed, "mirror": list(self.mirror) if self.mirror else None}

    @classmethod
    def from_dict(cls, data: dict) -> Target:
        mirror = data.get("mirror")
        return cls(**{**data, "decision": tuple(tuple(pair) for pair in data["decision"]),
                      "mirror": tuple(mirror) if mirror else None})

    def read_decision(self) -> Decision:
        return Decision.from_fields(self.decision)


@dataclass(frozen=True)
class Selection:
    """``--portal`` and ``--url-prefix``: which documents to make (all when both are empty)."""

    portals: Sequence[str] = ()
    url_prefixes: Sequence[str] = ()

    def __bool__(self) -> bool:
        return bool(self.portals or self.url_prefixes)

    def wants(self, portal: str, *urls: str) -> bool:
        if not self:
            return True
        return portal in self.portals or any(u.startswith(p) for u in urls
                                             for p in self.url_prefixes)


def latest_per_document(targets: Iterable[Target]) -> list[Target]:
    """The latest target of each document, in file and offset order."""
    chosen: dict[str, Target] = {}
    for target in targets:
        old = chosen.get(target.key)
        if old is None or (old.timestamp, old.path, old.offset) < (
                target.timestamp, target.path, target.offset):
            chosen[target.key] = target
    return sorted(chosen.values(), key=lambda t: (t.path, t.offset))
