"""Targets from decision records: what the crawl decided, read back, nothing replayed.

Each WARC is read once for its ``warcinfo`` and ``metadata`` records. A file whose
warcinfo says its crawl writes decisions (``govreply-decisions: 1``) is *decided*,
even when it holds none (a nightly of 304s); its decision records give the targets:
the latest decision of each document wins, with the page and payload records it
names. ``--hints current`` swaps the recorded hints for today's registry entry of
the recorded portal name.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from archive.index import index_path_for
from archive.layout import archive_layout
from archive.members import small_records
from archive.reader import ReadError, iter_records
from archive.records import parse_warc_fields
from corpus.decision import WARCINFO_FIELD, Decision, DecisionError, read_decision
from corpus.registry import Registry

from .targets import Selection, Target, warc_timestamp

__all__ = ["FileScan", "WarcFiles", "decision_targets", "scan_file"]

logger = logging.getLogger(__name__)

HINTS_MODES = ("recorded", "current")


@dataclass
class FileScan:
    """What one WARC holds of decisions."""

    path: Path
    decided: bool = False  # its crawl writes decision records
    decisions: list[Decision] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    damaged: int = 0  # unreadable parts: decision records there are lost


def _gaps(path: Path) -> list[tuple[int, int | None]] | None:
    """The byte ranges of ``path`` that its CDXJ index does not cover, or None when the
    index cannot say (missing, older than the file, or offsets in a decompressed stream).

    Indexers leave ``warcinfo`` and ``metadata`` records out, so these ranges hold every
    decision record: reading only them skips the pages' bodies.
    """
    index = index_path_for(path)
    try:
        if index.stat().st_mtime_ns < path.stat().st_mtime_ns or archive_layout(path).flattened:
            return None
        spans = sorted((int(entry["offset"]), int(entry["length"]))
                       for entry in map(_cdxj_fields, index.read_text("utf-8").splitlines())
                       if entry is not None)
    except (OSError, ValueError, KeyError):
        return None
    gaps, at = [], 0
    for offset, length in spans:
        if offset > at:
            gaps.append((at, offset))
        at = max(at, offset + length)
    gaps.append((at, None))
    return gaps


def _cdxj_fields(line: str) -> dict | None:
    brace = line.find("{")
    return json.loads(line[brace:]) if brace >= 0 else None


def scan_file(path: Path) -> FileScan:
    """Read the warcinfo and the decision records of one WARC (only the parts its index
    does not cover, when it has one)."""
    scan = FileScan(path)

    def damaged(error: ReadError) -> None:  # reported and counted when its shard reads it
        scan.damaged += 1

    kinds = ("warcinfo", "metadata")
    gaps = _gaps(path)
    records = (iter_records(path, types=kinds, on_error=damaged) if gaps is None else
               (record for start, end in gaps
                for record in small_records(path, start, end, types=kinds, on_error=damaged)))
    for record in records:
        if record.record_type == "warcinfo":
            info = dict(parse_warc_fields(record.payload))
            scan.decided = scan.decided or info.get(WARCINFO_FIELD) == "1"
            continue
        try:
            decision = read_decision(record)
        except DecisionError as exc:
            scan.problems.append(f"{path.name}:{record.offset}: {exc}")
            continue
        if decision is not None:
            scan.decisions.append(decision)
            scan.decided = True
    return scan


class WarcFiles:
    """WARC files by name: the inputs, then the other WARCs in their directories (a
    decision may name a record in a file of the same crawl that was not given)."""

    def __init__(self, inputs: Sequence[Path]):
        self.inputs = list(inputs)
        self._by_name = {p.name: p for p in inputs}
        self._folders = list(dict.fromkeys(p.parent for p in inputs))

    def path_of(self, name: str) -> Path | None:
        if name in self._by_name:
            return self._by_name[name]
        for folder in self._folders:
            candidate = folder / name
            if candidate.is_file():
                self._by_name[name] = candidate
                return candidate
        return None


def _current_hints(decision: Decision, registry: Registry, warned: set[str]) -> Decision:
    portal = None if decision.adhoc else registry.find(decision.portal)
    if portal is None:
        if decision.portal not in warned:
            warned.add(decision.portal)
            logger.warning("--hints current: %s %r is not in today's registry; its recorded "
                           "hints are used", "ad-hoc section" if decision.adhoc else "portal",
                           decision.portal)
        return decision
    return decision.with_hints(portal.hints())


def decision_targets(scans: Iterable[FileScan], files: WarcFiles, *, hints: str,
                     registry: Registry, selection: Selection) -> list[Target]:
    """One target per decision (the latest per document is chosen later)."""
    if hints not in HINTS_MODES:
        raise ValueError(f"--hints must be one of {', '.join(HINTS_MODES)}, not {hints!r}")
    warned: set[str] = set()
    targets = []
    for scan in scans:
        for decision in scan.decisions:
            if not selection.wants(decision.portal, decision.document_url,
                                   decision.page.target_uri):
                continue
            if hints == "current":
                decision = _current_hints(decision, registry, warned)
            target = _target(decision, files)
            if target is not None:
                targets.append(target)
    return targets


def _target(decision: Decision, files: WarcFiles) -> Target | None:
    page_path = files.path_of(decision.page.filename)
    if page_path is None:
        logger.warning("decision %s names %s, which is not among the WARCs: %s left out",
                       decision.location.record_id if decision.location else "?",
                       decision.page.filename, decision.document_url)
        return None
    names = [decision.payload.filename, *(a.payload.filename for a in decision.attachments
                                          if a.payload is not None)]
    found = {name: str(path) for name in names if (path := files.path_of(name)) is not None}
    when = decision.location.date if decision.location else decision.page.date
    return Target(path=str(page_path), offset=decision.page.offset,
                  length=decision.page.length or 0, url=decision.document_url,
                  timestamp=warc_timestamp(when), decision=tuple(decision.fields()),
                  files=found)
