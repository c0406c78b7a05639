"""Finish the ``.open`` WARC files a killed crawl left behind.

Records are written one gzip member each and flushed one by one, so a crash
can only leave an incomplete *last* member. Recovery keeps every complete
member, moves the incomplete tail aside (``<name>.warc.gz.tail``, never
deleted), renames the file to ``.warc.gz`` and indexes it. A file still
locked by a live writer is left alone.
"""

from __future__ import annotations

import logging
import os
import zlib
from dataclasses import dataclass
from pathlib import Path

from .index import index_warc
from .locks import is_locked
from .writer import OPEN_SUFFIX

__all__ = ["Recovered", "complete_members_end", "recover_open_files"]

logger = logging.getLogger(__name__)
_CHUNK = 1 << 16


@dataclass(frozen=True)
class Recovered:
    """What recovery did to one ``.open`` file."""

    path: Path  # the finished file (or the .open file if nothing could be kept)
    kept_bytes: int
    tail_bytes: int


def complete_members_end(path: str | os.PathLike[str]) -> int:
    """Offset just past the last complete gzip member of ``path``.

    A member is complete when zlib reaches its end and its CRC and size check
    out; scanning stops at the first member that does not.
    """
    end = 0  # offset past the last complete member
    fed = 0  # bytes of the current member consumed so far
    decomp = zlib.decompressobj(wbits=31)
    with open(path, "rb") as fh:
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


def recover_open_file(open_path: Path, *, index: bool = True) -> Recovered | None:
    """Recover one ``.open`` file; None if a live writer still holds it."""
    if is_locked(open_path):
        return None
    size = open_path.stat().st_size
    keep = complete_members_end(open_path)
    final = open_path.with_name(open_path.name[: -len(OPEN_SUFFIX)])
    if keep < size:
        tail = final.with_name(final.name + ".tail")
        with open(open_path, "rb") as src, open(tail, "ab") as dst:
            src.seek(keep)
            dst.write(src.read())
            dst.flush()
            os.fsync(dst.fileno())
        with open(open_path, "r+b") as fh:
            fh.truncate(keep)
            os.fsync(fh.fileno())
        logger.warning("%s: moved an incomplete last record (%d bytes) to %s",
                       open_path, size - keep, tail)
    if keep == 0:
        open_path.unlink()
        return Recovered(open_path, 0, size)
    os.replace(open_path, final)
    if index:
        index_warc(final)
    logger.info("recovered %s (%d bytes kept)", final, keep)
    return Recovered(final, keep, size - keep)


def recover_open_files(directory: str | os.PathLike[str], *, index: bool = True) -> list[Recovered]:
    """Recover every unlocked ``*.warc.gz.open`` file in ``directory``."""
    results = []
    for open_path in sorted(Path(directory).glob("*.warc.gz" + OPEN_SUFFIX)):
        recovered = recover_open_file(open_path, index=index)
        if recovered is not None:
            results.append(recovered)
    return results
