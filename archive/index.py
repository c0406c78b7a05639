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
import functools
import io
import json
import logging
import os
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from . import files
from .errors import ReadError
from .files import ArchiveWriteError
from .location import RecordLocation
from .scan import Scanned, scan_records

__all__ = ["Capture", "CdxjIndex", "ensure_indexes", "index_or_skip", "index_path_for",
           "index_warc", "url_key"]

logger = logging.getLogger(__name__)

WARC_SUFFIX = ".warc.gz"
TMP_SUFFIX = ".tmp"
STALE_TEMPORARY_SECONDS = 3600.0  # an index temporary older than this is a dead indexer's


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


@functools.cache
def _resyncing_indexer() -> type:
    """cdxj-indexer's indexer class, subclassed on first use (it imports pkg_resources
    and pyamf: a reader that never indexes, a re-clean worker, does not pay for them)."""
    from cdxj_indexer.main import CDXJIndexer

    class _ResyncingIndexer(CDXJIndexer):
        """cdxj-indexer's lines for the records ``archive.scan`` finds whole."""

        def __init__(self, output, inputs: list[str], on_error: Callable[[ReadError], None],
                     on_record: Callable[[Scanned], None] | None, dir_root: str | None = None):
            super().__init__(output, inputs, sort=True, dir_root=dir_root)
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

    return _ResyncingIndexer


def write_cdx_index(output, inputs: list[str], opts: dict) -> None:
    """cdxj-indexer's ``write_cdx_index`` (sorted), the records coming from ``archive.scan``:
    ``opts`` takes ``on_error``, ``on_record`` (see ``index_warc``) and ``dir_root`` (file
    names relative to it; default: the base name)."""
    _resyncing_indexer()(output, list(inputs), opts.get("on_error") or _log_error,
                      opts.get("on_record"), opts.get("dir_root")).process_all()


def _log_error(error: ReadError) -> None:
    logger.warning("indexing %s: %s record at %d: %s", error.path, error.kind, error.offset,
                   error.reason)


def index_warc(warc_path: str | os.PathLike[str], *,
               on_error: Callable[[ReadError], None] | None = None,
               on_record: Callable[[Scanned], None] | None = None,
               target: str | os.PathLike[str] | None = None) -> Path:
    """Write the sorted CDXJ index of one WARC (or ARC) beside it (atomically, synced);
    return its path. The temporary file is removed on any error.

    Damage is passed to ``on_error`` (default: logged) and indexing goes on past it;
    ``on_record`` sees every whole record (``archive.inspect`` counts them). With
    ``target`` the index goes there instead (never beside a file that is not ours), its
    ``filename`` fields the WARC's path relative to the index's folder, so that
    ``CdxjIndex`` finds the records from there.
    """
    dir_root = None
    if target is not None:
        target = Path(target)
        target.parent.mkdir(parents=True, exist_ok=True)
        dir_root = str(target.parent.resolve())
        warc_path = Path(warc_path).resolve()
    target = Path(target) if target is not None else index_path_for(warc_path)
    lines = io.StringIO()
    write_cdx_index(lines, [str(warc_path)], {"on_error": on_error or _log_error,
                                               "on_record": on_record, "dir_root": dir_root})
    data = lines.getvalue().encode("utf-8")
    fd, tmp = tempfile.mkstemp(prefix=target.name + ".", suffix=TMP_SUFFIX, dir=target.parent)
    try:
        try:
            files.write_all(fd, data, 0)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    files.fsync_dir(target.parent)
    return target


def index_or_skip(warc_path: str | os.PathLike[str]) -> Path | None:
    """``index_warc``, but a file the indexer cannot read is logged and skipped (None);
    an I/O error writing the index raises ``ArchiveWriteError``."""
    try:
        return index_warc(warc_path)
    except OSError as exc:
        raise ArchiveWriteError.from_os_error(index_path_for(warc_path), exc) from exc
    except Exception as exc:  # the indexer raises many types on damaged input
        logger.warning("cannot index %s: %s: %s", warc_path, type(exc).__name__, exc)
        return None


def _remove_stale_temporaries(directory: Path, older_than: float) -> None:
    """Index temporaries a killed indexer left behind (a live one's are recent)."""
    for tmp in directory.glob("*.cdxj.*" + TMP_SUFFIX):
        try:
            if time.time() - tmp.stat().st_mtime >= older_than:
                tmp.unlink()
        except FileNotFoundError:
            continue


def ensure_indexes(directory: str | os.PathLike[str], *,
                   stale_after: float = STALE_TEMPORARY_SECONDS) -> list[Path]:
    """Index every finished ``*.warc.gz`` in ``directory`` that has no ``.cdxj`` (a kill
    between a WARC's rename and its indexing leaves one); return the indexes made.

    Also removes index temporaries older than ``stale_after`` seconds. Raises
    ``ArchiveWriteError`` when an index cannot be written; a WARC the indexer cannot
    read is logged and skipped.
    """
    directory = Path(directory)
    if not directory.is_dir():
        return []
    _remove_stale_temporaries(directory, stale_after)
    made = []
    for warc in sorted(directory.glob("*" + WARC_SUFFIX)):
        if not index_path_for(warc).exists():
            index = index_or_skip(warc)
            if index is not None:
                logger.warning("indexed %s, which had no index", warc)
                made.append(index)
    return made


def url_key(url: str) -> str:
    """The SURT key pywb sorts by."""
    from surt import surt  # tldextract's import is slow; only look-ups need it

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
        """The WARC file (an index under another folder names it relatively)."""
        return Path(os.path.normpath(self.directory / self.filename))

    @property
    def location(self) -> RecordLocation:
        """Where the record sits (its id and WARC-Date are not in the index)."""
        return RecordLocation(self.filename, self.offset, self.length, payload_digest=self.digest,
                              target_uri=self.url, record_type=self.record_type)


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
