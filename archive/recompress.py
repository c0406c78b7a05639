"""A seekable copy of an archive whose gzip members do not match its records.

``recompress_copy(path, out_dir)`` does what ``warcio recompress`` does for a
whole-file gzip, records split across members, or a file with damaged parts:
it writes every whole record into its own gzip member, in a new file in
``out_dir`` (never beside the original, which stays as it is). Unlike warcio,
the records are copied byte for byte, not re-serialised, so digests and headers
stay exactly as archived; damaged parts are left out and reported.
"""

from __future__ import annotations

import gzip
import hashlib
import logging
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from .errors import ReadError
from .flatten import decompressed
from .layout import Layout, archive_layout
from .scan import scan_stream

__all__ = ["copy_name", "recompress_copy"]

logger = logging.getLogger(__name__)
_SEPARATOR = {"warc": b"\r\n\r\n", "arc": b"\n"}


def copy_name(path: str | os.PathLike[str], fmt: str) -> str:
    """``dir/x.warc.gz.bad`` -> ``x-<8 hex>.recompressed.warc.gz`` (``.arc.gz`` for ARC); the
    hex is of the original's full path, so copies of ``a/x.warc`` and ``b/x.warc`` differ."""
    path = Path(path)
    name = path.name
    cuts = [name.find(suffix) for suffix in (".warc", ".arc") if suffix in name]
    stem = name[:min(cuts)] if cuts else name
    tag = hashlib.sha1(str(path.resolve()).encode("utf-8", "surrogateescape")).hexdigest()[:8]
    return f"{stem}-{tag}.recompressed.{fmt}.gz"


def _log(error: ReadError) -> None:
    logger.warning("recompressing %s: %s at %d: %s", error.path, error.kind, error.offset,
                   error.reason)


@contextmanager
def _plain(path: Path, layout: Layout, on_error) -> Iterator[tuple[BinaryIO, int]]:
    if layout.gzip:
        with decompressed(path, on_error) as stream:
            yield stream
    else:
        with open(path, "rb") as fh:
            yield fh, os.path.getsize(path)


def recompress_copy(path: str | os.PathLike[str], out_dir: str | os.PathLike[str], *,
                    on_error: Callable[[ReadError], None] | None = None) -> Path:
    """Write ``out_dir/<stem>.recompressed.<warc|arc>.gz``, one gzip member per whole
    record of ``path``; return its path. Raises ValueError for a file that is not a
    WARC or ARC."""
    path = Path(path)
    layout = archive_layout(path)
    if layout.format is None:
        raise ValueError(f"{path}: {layout.reason}")
    report = on_error or _log
    target = Path(out_dir) / copy_name(path, layout.format)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".tmp")
    try:
        with _plain(path, layout, report) as (src, size), open(tmp, "wb") as out:
            spans = [(s.offset, s.length) for s in scan_stream(
                src, size, str(path), layout.format, gzipped=False, start=0, end=None,
                visit=lambda record, iterator: None, on_error=report)]
            for offset, length in spans:
                src.seek(offset)
                member = src.read(length) + _SEPARATOR[layout.format]
                out.write(gzip.compress(member, compresslevel=6, mtime=0))
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    _fsync_dir(target.parent)
    logger.warning("%s: wrote a copy with one gzip member per record (%d records), as "
                   "`warcio recompress` does: %s", path, len(spans), target)
    return target


def _fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
