"""Finish the ``.open`` WARC files a killed crawl left behind.

Records are written one gzip member each, a unit at a time, and a write error cuts
the file back to its last complete record, so a crash can only leave an incomplete
*last* member. Recovery keeps every complete member, moves the incomplete tail aside
(``<name>.warc.gz.tail``, never deleted), renames the file to ``.warc.gz`` and
indexes it. It holds the file's lock all along, so a file a live writer holds is left
alone, and so is a file with no complete record that is younger than
``EMPTY_GRACE_SECONDS``. Should a file be damaged in the middle (a writer older than
this rule), the damage stays in place and complete records after it are kept: no
complete record is ever moved aside.
"""

from __future__ import annotations

import logging
import os
import shutil
import time
import zlib
from dataclasses import dataclass
from pathlib import Path

from .faults import fault_point
from .files import CREATING_SUFFIX, ArchiveWriteError, fsync_dir
from .index import index_or_skip
from .locks import held_lock
from .writer import OPEN_SUFFIX

__all__ = ["EMPTY_GRACE_SECONDS", "Recovered", "complete_members_end",
           "next_complete_member", "recover_open_file", "recover_open_files"]

logger = logging.getLogger(__name__)
_CHUNK = 1 << 16
_GZIP_MAGIC = b"\x1f\x8b\x08"
EMPTY_GRACE_SECONDS = 300.0  # a file with no complete record younger than this is left alone


@dataclass(frozen=True)
class Recovered:
    """What recovery did to one ``.open`` file."""

    path: Path  # the finished file (or the .open file if nothing could be kept)
    kept_bytes: int
    tail_bytes: int
    damaged_at: int | None = None  # damage kept in place here (complete records follow it)


def complete_members_end(path: str | os.PathLike[str], start: int = 0) -> int:
    """Offset just past the last complete gzip member of ``path`` from ``start`` on.

    A member is complete when zlib reaches its end and its CRC and size check
    out; scanning stops at the first member that does not.
    """
    end = start  # offset past the last complete member
    fed = 0  # bytes of the current member consumed so far
    decomp = zlib.decompressobj(wbits=31)
    with open(path, "rb") as fh:
        fh.seek(start)
        while chunk := fh.read(_CHUNK):
            data = chunk
            while data:
                try:
                    decomp.decompress(data)
                except zlib.error:
                    return end
                if not decomp.eof:
                    fed += len(data)
                    break
                end += fed + len(data) - len(decomp.unused_data)
                fed = 0
                data = decomp.unused_data
                decomp = zlib.decompressobj(wbits=31)
    return end


def _member_is_complete(fh, offset: int) -> bool:
    fh.seek(offset)
    decomp = zlib.decompressobj(wbits=31)
    try:
        while chunk := fh.read(_CHUNK):
            decomp.decompress(chunk)
            if decomp.eof:
                return True
    except zlib.error:
        return False
    return False


def next_complete_member(path: str | os.PathLike[str], after: int) -> int | None:
    """Offset of the first complete gzip member that starts after ``after``, or None."""
    with open(path, "rb") as fh:
        position = after + 1
        while True:
            fh.seek(position)
            window = fh.read(_CHUNK)
            if len(window) < len(_GZIP_MAGIC):
                return None
            found = window.find(_GZIP_MAGIC)
            if found < 0:
                position += len(window) - len(_GZIP_MAGIC) + 1
                continue
            if _member_is_complete(fh, position + found):
                return position + found
            position += found + 1


def _keep_plan(path: Path, size: int) -> tuple[int, int | None]:
    """``(end of the last complete member, where damage starts if complete members
    follow it)``: what recovery keeps; everything after the first value is torn tail."""
    keep = complete_members_end(path)
    if keep >= size:
        return size, None
    resume = next_complete_member(path, keep)
    if resume is None:
        return keep, None
    damaged_at = keep
    while True:
        end = complete_members_end(path, resume)
        following = next_complete_member(path, end) if end < size else None
        if following is None:
            return end, damaged_at
        resume = following


def _move_tail_aside(open_path: Path, fd: int, keep: int, tail: Path) -> None:
    with open(open_path, "rb") as src, open(tail, "ab") as dst:
        src.seek(keep)
        shutil.copyfileobj(src, dst, _CHUNK)
        dst.flush()
        os.fsync(dst.fileno())
    fsync_dir(tail.parent)
    os.ftruncate(fd, keep)
    os.fsync(fd)


def _finish(open_path: Path, fd: int, grace: float) -> Recovered | None:
    info = os.fstat(fd)
    size = info.st_size
    keep, damaged_at = _keep_plan(open_path, size)
    if keep == 0 and time.time() - info.st_mtime < grace:
        logger.info("%s: no complete record and younger than %.0f s: left alone", open_path,
                    grace)
        return None
    final = open_path.with_name(open_path.name[: -len(OPEN_SUFFIX)])
    if keep < size:
        _move_tail_aside(open_path, fd, keep, final.with_name(final.name + ".tail"))
        logger.warning("%s: moved an incomplete last record (%d bytes) to %s.tail",
                       open_path, size - keep, final.name)
    if damaged_at is not None:
        logger.warning("%s: damaged at offset %d; the complete records after it are kept",
                       open_path, damaged_at)
    if keep == 0:
        open_path.unlink()
        fsync_dir(open_path.parent)
        return Recovered(open_path, 0, size)
    os.replace(open_path, final)
    fsync_dir(final.parent)
    return Recovered(final, keep, size - keep, damaged_at)


def recover_open_file(open_path: Path, *, index: bool = True,
                      grace: float = EMPTY_GRACE_SECONDS) -> Recovered | None:
    """Recover one ``.open`` file; None if it is locked (a live writer holds it), or
    holds no complete record and is younger than ``grace`` seconds."""
    open_path = Path(open_path)
    try:
        with held_lock(open_path) as fd:
            if fd is None:
                return None
            recovered = _finish(open_path, fd, grace)
    except OSError as exc:
        raise ArchiveWriteError.from_os_error(open_path, exc) from exc
    if recovered is None or recovered.kept_bytes == 0:
        return recovered
    fault_point("recovery.renamed")
    if index:
        index_or_skip(recovered.path)
    logger.info("recovered %s (%d bytes kept)", recovered.path, recovered.kept_bytes)
    return recovered


def _remove_stale_creating(directory: Path, grace: float) -> None:
    """A crash between creating a new file and naming it leaves an empty ``.creating``."""
    for path in sorted(directory.glob("*.warc.gz" + OPEN_SUFFIX + CREATING_SUFFIX)):
        with held_lock(path) as fd:
            if fd is not None and time.time() - os.fstat(fd).st_mtime >= grace:
                path.unlink()


def recover_open_files(directory: str | os.PathLike[str], *, index: bool = True,
                       grace: float = EMPTY_GRACE_SECONDS) -> list[Recovered]:
    """Recover every ``*.warc.gz.open`` file in ``directory`` that no one holds."""
    directory = Path(directory)
    _remove_stale_creating(directory, grace)
    results = []
    for open_path in sorted(directory.glob("*.warc.gz" + OPEN_SUFFIX)):
        recovered = recover_open_file(open_path, index=index, grace=grace)
        if recovered is not None:
            results.append(recovered)
    return results
