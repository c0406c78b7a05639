"""Account for one input file: read, recovered, partly damaged or refused, and why.

``inspect_file(path)`` reads the whole file once, as the reader would, and says:

- ``read``: every record read as it is (ARC included; target URIs repaired the way
  warcio repairs them are counted in ``quirks``, the file still counts as read);
- ``recovered``: every record read, but only by a repair warcio's iterator does
  not make: a whole-file gzip or records split across members read decompressed
  (as ``warcio recompress`` does), a record shorter than its declared length whose
  HTTP message is complete, an invalid ARC length;
- ``partly-damaged``: some parts could not be read (``damage`` lists their offsets
  and reasons); the rest was;
- ``refused``: not a WARC or ARC file at all (``reason`` says what it looks like).

``python -m archive.inspect PATH...`` prints one line per file.
"""

from __future__ import annotations

import os
import sys
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .errors import ReadError
from .layout import Layout, archive_layout
from .scan import Scanned, scan_records

__all__ = ["Damage", "FileReport", "inspect_file", "layout_words", "main"]

HTTP_TYPES = ("response", "revisit")
# repairs beyond what warcio's own iterator does: they make a file "recovered"
RECOVERIES = ("decompressed-offsets", "record-shorter-than-declared", "invalid-record-length")
_LAYOUTS = {"per-record": "gzip, one member per record",
            "whole-file": "gzip, one member around several records",
            "split": "gzip, records split across members", "": "uncompressed"}


def layout_words(members: str) -> str:
    """How records sit in a file, in words (``FileReport.layout``)."""
    return _LAYOUTS.get(members, members)


@dataclass(frozen=True)
class Damage:
    """One part of a file that could not be read."""

    offset: int
    kind: str  # "corrupt" or "truncated"
    reason: str
    cause: str = ""


@dataclass
class FileReport:
    """What reading one file found (see the module docstring for ``status``)."""

    path: str
    status: str  # "read", "recovered", "partly-damaged", "refused"
    format: str  # "warc", "arc", or "" when refused
    layout: str  # how records sit in the file, in words
    records: int = 0  # whole records of every type
    http_records: int = 0  # response and revisit records among them
    by_type: dict[str, int] = field(default_factory=dict)
    damage: list[Damage] = field(default_factory=list)
    quirks: dict[str, int] = field(default_factory=dict)  # repairs made, by name
    reason: str = ""  # one line: why refused, what was recovered, where the damage is
    offsets: str = "file"  # "decompressed": record offsets are positions in that stream

    @property
    def copy_advised(self) -> bool:
        """Reading would be better from a copy with one gzip member per record
        (``archive.recompress.recompress_copy``)."""
        return self.offsets == "decompressed" or any(
            d.cause == "gzip-multi-record" for d in self.damage)

    def as_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["copy_advised"] = self.copy_advised
        return data

    def line(self) -> str:
        """One line for a log or a terminal."""
        what = f"{self.records} records, {self.http_records} responses/revisits"
        detail = f"; {self.reason}" if self.reason else ""
        quirks = ", ".join(f"{name} x{count}" for name, count in self.quirks.items())
        quirks = f"; repaired: {quirks}" if quirks else ""
        return f"{self.path}: {self.status} ({self.format or 'no format'}, {what}){detail}{quirks}"


class _Tally:
    """Counts the scan's records and damage, then decides the status."""

    def __init__(self) -> None:
        self.types: Counter[str] = Counter()
        self.quirks: Counter[str] = Counter()
        self.errors: list[ReadError] = []

    def add(self, scanned: Scanned) -> None:
        self.types[scanned.record_type] += 1
        self.quirks.update(scanned.quirks)

    def report(self, path: str, layout: Layout) -> FileReport:
        if layout.format is None:
            return FileReport(path, "refused", "", "", reason=layout.reason)
        damage = [Damage(e.offset, e.kind, e.reason, e.cause) for e in self.errors
                  if e.kind != "refused"]
        status, reason = _verdict(damage, self.quirks, layout)
        return FileReport(
            path, status, layout.format, _LAYOUTS.get(layout.members, layout.members),
            records=sum(self.types.values()),
            http_records=sum(self.types[t] for t in HTTP_TYPES),
            by_type=dict(sorted(self.types.items())), damage=damage,
            quirks=dict(sorted(self.quirks.items())), reason=reason,
            offsets="decompressed" if layout.flattened else "file")


def _verdict(damage: list[Damage], quirks: Counter[str], layout: Layout) -> tuple[str, str]:
    if damage:
        where = ", ".join(str(d.offset) for d in damage[:10])
        more = f" (+{len(damage) - 10} more)" if len(damage) > 10 else ""
        note = " in the decompressed stream" if layout.flattened else ""
        return "partly-damaged", (f"{len(damage)} damaged part(s) at offset {where}{more}"
                                  f"{note}: {damage[0].reason}")
    repairs = [name for name in RECOVERIES if quirks.get(name)]
    if not repairs:
        return "read", ""
    what = {"decompressed-offsets": f"{_LAYOUTS[layout.members]}: read decompressed, "
                                    "as `warcio recompress` does",
            "record-shorter-than-declared": "a record shorter than its declared length, "
                                            "its HTTP message complete",
            "invalid-record-length": "an invalid record length read as 0, as warcio does"}
    return "recovered", "; ".join(what[name] for name in repairs)


def _no_value(record, iterator) -> None:
    return None


def inspect_file(path: str | os.PathLike[str], *, write_index: bool = False,
                 index_to: str | os.PathLike[str] | None = None) -> FileReport:
    """Read ``path`` once and account for it; with ``write_index``, also write its CDXJ
    (``archive.index.index_warc``) in the same pass: beside it, or at ``index_to``."""
    tally = _Tally()
    if write_index or index_to is not None:
        from .index import index_warc

        index_warc(path, on_error=tally.errors.append, on_record=tally.add, target=index_to)
    else:
        for scanned in scan_records(path, visit=_no_value, on_error=tally.errors.append):
            tally.add(scanned)
    return tally.report(str(path), archive_layout(path))


def main(argv: list[str] | None = None) -> int:
    """``python -m archive.inspect PATH...``: one line per file; exit 0 when every file was
    read or recovered, 1 when some are damaged or refused, 2 on bad arguments."""
    from .reader import iter_archive_paths

    args = sys.argv[1:] if argv is None else argv
    if not args or any(a.startswith("-") for a in args):
        print("usage: python -m archive.inspect PATH... (files, directories or globs)",
              file=sys.stderr)
        return 2
    missing = [a for a in args if not any(ch in a for ch in "*?[") and not Path(a).exists()]
    if missing:
        print(f"error: no such file or directory: {missing[0]}", file=sys.stderr)
        return 2
    worst = 0
    for path in iter_archive_paths(args):
        report = inspect_file(path)
        print(report.line())
        worst = max(worst, 0 if report.status in ("read", "recovered") else 1)
    return worst


if __name__ == "__main__":
    sys.exit(main())
