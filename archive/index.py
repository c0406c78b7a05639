"""CDXJ indexes (pywb's format, written by cdxj-indexer) and URL look-ups in them.

Each finished ``<name>.warc.gz`` gets a sorted ``<name>.cdxj`` beside it, so a
directory of WARCs is also a pywb index directory. The lines are cdxj-indexer's
own (its ``CDXJIndexer`` makes them), but the records come from ``archive.scan``,
so indexing resyncs past damage exactly as reading does: a damaged member is
reported and left out, the records after it are indexed, a file that is not a
WARC or ARC gets an empty index. For an intact file the index is byte-identical
to what cdxj-indexer writes.
"""

from __future__ import annotations

import bisect
import json
import logging
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from cdxj_indexer.main import CDXJIndexer
from surt import surt

from .errors import ReadError
from .scan import Scanned, scan_records

__all__ = ["Capture", "CdxjIndex", "index_path_for", "index_warc", "url_key"]

logger = logging.getLogger(__name__)

WARC_SUFFIX = ".warc.gz"


def index_path_for(warc_path: str | os.PathLike[str]) -> Path:
    """``x.warc.gz`` -> ``x.cdxj`` in the same directory; any other name gets ``.cdxj``
    added (``x.arc.gz`` -> ``x.arc.gz.cdxj``), so ``x.warc`` and ``x.arc`` never share one."""
    path = Path(warc_path)
    name = path.name
    if name.endswith(WARC_SUFFIX):
        return path.with_name(name[: -len(WARC_SUFFIX)] + ".cdxj")
    return path.with_name(name + ".cdxj")


class _Collect:
    """A ``write``-only sink: what cdxj-indexer writes for one record."""

    def __init__(self, write: Callable[[str], object]):
        self.write = write


class _ResyncingIndexer(CDXJIndexer):
    """cdxj-indexer's lines for the records ``archive.scan`` finds whole."""

    def __init__(self, output: str, warc_path: str, on_error: Callable[[ReadError], None],
                 on_record: Callable[[Scanned], None] | None):
        super().__init__(output, [warc_path], sort=True)
        self._on_error = on_error
        self._on_record = on_record

    def process_one(self, input_, output, filename):
        self.curr_filename = self.force_filename or self._resolve_rel_path(filename)
        self._write_header(output, filename)
        try:
            for scanned in scan_records(filename, visit=self._entry, on_error=self._on_error):
                if self._on_record is not None:
                    self._on_record(scanned)
                if scanned.value:
                    output.write(scanned.value)
        finally:
            if self.writer is not None:  # the digest writer's spool, which warcio never closes
                self.writer.out.close()
                self.writer = None

    def _entry(self, record, iterator) -> str:
        """The record's index line, held back until the scan has seen the record whole."""
        if self.include_records and not self.filter_record(record):
            return ""
        line: list[str] = []
        self.process_index_entry(iterator, record, self.curr_filename, _Collect(line.append))
        return "".join(line)


def _log_error(error: ReadError) -> None:
    logger.warning("indexing %s: %s record at %d: %s", error.path, error.kind, error.offset,
                   error.reason)


def index_warc(warc_path: str | os.PathLike[str], *,
               on_error: Callable[[ReadError], None] | None = None,
               on_record: Callable[[Scanned], None] | None = None) -> Path:
    """Write the sorted CDXJ index of one WARC (or ARC) beside it (atomically); return its path.

    Damage is passed to ``on_error`` (default: logged) and indexing goes on past it;
    ``on_record`` sees every whole record (``archive.inspect`` counts them).
    """
    target = index_path_for(warc_path)
    tmp = target.with_name(target.name + ".tmp")
    try:
        _ResyncingIndexer(str(tmp), str(warc_path), on_error or _log_error, on_record
                          ).process_all()
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return target


def url_key(url: str) -> str:
    """The SURT key pywb sorts by."""
    return surt(url)


@dataclass(frozen=True)
class Capture:
    """One index line: a record of ``url`` at ``timestamp`` in ``filename``."""

    urlkey: str
    timestamp: str  # 14 digits, UTC
    url: str
    filename: str
    offset: int
    length: int
    status: str
    digest: str
    mime: str
    record_type: str  # "response", "revisit", "request"...
    directory: Path

    @property
    def path(self) -> Path:
        return self.directory / self.filename


def _parse_line(line: str, directory: Path) -> Capture:
    urlkey, timestamp, data = line.split(" ", 2)
    fields = json.loads(data)
    return Capture(
        urlkey=urlkey,
        timestamp=timestamp,
        url=fields.get("url", ""),
        filename=fields["filename"],
        offset=int(fields["offset"]),
        length=int(fields["length"]),
        status=fields.get("status", ""),
        digest=fields.get("digest", ""),
        mime=fields.get("mime", ""),
        record_type="revisit" if fields.get("mime") == "warc/revisit" else "response",
        directory=directory,
    )


class CdxjIndex:
    """The captures of every ``*.cdxj`` file under the given paths, for look-up by URL."""

    def __init__(self, paths: Iterable[str | os.PathLike[str]]):
        lines: list[tuple[str, str, Path]] = []
        for cdxj in _iter_cdxj(paths):
            with open(cdxj, encoding="utf-8") as fh:
                for line in fh:
                    if line.strip() and not line.startswith("!"):
                        key, _ = line.split(" ", 1)
                        lines.append((key, line.rstrip("\n"), cdxj.parent))
        lines.sort(key=lambda item: (item[0], item[1]))
        self._keys = [item[0] for item in lines]
        self._lines = lines

    def __len__(self) -> int:
        return len(self._lines)

    def lookup(self, url: str) -> list[Capture]:
        """Every capture of ``url``, oldest first."""
        key = url_key(url)
        start = bisect.bisect_left(self._keys, key)
        end = bisect.bisect_right(self._keys, key)
        captures = [_parse_line(line, d) for _, line, d in self._lines[start:end]]
        return sorted(captures, key=lambda c: c.timestamp)

    def __iter__(self) -> Iterator[Capture]:
        for _, line, directory in self._lines:
            yield _parse_line(line, directory)


def _iter_cdxj(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Path]:
    for path in map(Path, paths):
        if path.is_dir():
            yield from sorted(path.rglob("*.cdxj"))
        elif path.suffix == ".cdxj":
            yield path
        elif path.is_file() and index_path_for(path).exists():
            yield index_path_for(path)
