"""CDXJ indexes (pywb's format, written by cdxj-indexer) and URL look-ups in them.

Each finished ``<name>.warc.gz`` gets a sorted ``<name>.cdxj`` beside it, so a
directory of WARCs is also a pywb index directory.
"""

from __future__ import annotations

import bisect
import io
import json
import logging
import os
import tempfile
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from cdxj_indexer.main import write_cdx_index
from surt import surt

from . import files
from .files import ArchiveWriteError

__all__ = ["Capture", "CdxjIndex", "ensure_indexes", "index_or_skip", "index_path_for",
           "index_warc", "url_key"]

logger = logging.getLogger(__name__)

WARC_SUFFIX = ".warc.gz"
TMP_SUFFIX = ".tmp"
STALE_TEMPORARY_SECONDS = 3600.0  # an index temporary older than this is a dead indexer's


def index_path_for(warc_path: str | os.PathLike[str]) -> Path:
    """``x.warc.gz`` -> ``x.cdxj`` in the same directory."""
    path = Path(warc_path)
    name = path.name
    stem = name[: -len(WARC_SUFFIX)] if name.endswith(WARC_SUFFIX) else path.stem
    return path.with_name(stem + ".cdxj")


def index_warc(warc_path: str | os.PathLike[str]) -> Path:
    """Write the sorted CDXJ index of one WARC beside it (atomically, synced); return
    its path. The temporary file is removed on any error."""
    target = index_path_for(warc_path)
    lines = io.StringIO()
    write_cdx_index(lines, [str(warc_path)], {"sort": True})
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
        elif path.name.endswith(WARC_SUFFIX) and index_path_for(path).exists():
            yield index_path_for(path)
