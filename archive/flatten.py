"""Decompress every gzip member of a file into one plain stream (a temporary file).

This is how ``warcio recompress`` reads a file whose members do not match its
records (one member around the whole file, or records split across members).
A damaged member is reported at its (compressed) offset and skipped; reading goes
on at the next gzip header.
"""

from __future__ import annotations

import os
import tempfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import BinaryIO

from .errors import ReadError
from .layout import GZIP_MAGIC

__all__ = ["decompressed"]

_CHUNK = 1 << 20


@contextmanager
def decompressed(path: str | os.PathLike[str], on_error: Callable[[ReadError], None]
                 ) -> Iterator[tuple[BinaryIO, int]]:
    """``(stream, size)``: the decompressed content of every member of ``path``."""
    with tempfile.TemporaryFile(prefix="govreply-decompressed-") as out, \
            open(path, "rb") as src:
        size = _decompress_members(src, out, str(path), on_error)
        out.seek(0)
        yield out, size


def _decompress_members(src: BinaryIO, out: BinaryIO, name: str,
                        on_error: Callable[[ReadError], None]) -> int:
    """Write each member's data to ``out``; returns the bytes written."""
    offset = 0  # compressed offset of the member being read
    written = 0
    while (start := _find_magic(src, offset)) is not None:
        if start > offset:
            on_error(ReadError(name, offset, f"{start - offset} bytes that are not gzip data "
                               "(compressed offset)", "corrupt", "gzip-corrupt"))
        offset, produced, error = _one_member(src, out, start)
        written += produced
        if error:
            on_error(ReadError(name, start, f"damaged gzip member (compressed offset): {error}",
                               "corrupt", "gzip-corrupt"))
            offset = start + 1
        if offset is None:
            break
    return written


def _one_member(src: BinaryIO, out: BinaryIO, start: int) -> tuple[int | None, int, str]:
    """Decompress the member at ``start``: ``(offset after it or None at EOF, bytes, error)``."""
    src.seek(start)
    decomp = zlib.decompressobj(zlib.MAX_WBITS | 16)
    produced, consumed = 0, 0
    try:
        while chunk := src.read(_CHUNK):
            consumed += len(chunk)
            data = decomp.decompress(chunk)
            out.write(data)
            produced += len(data)
            if decomp.eof:
                return start + consumed - len(decomp.unused_data), produced, ""
    except zlib.error as exc:
        return start + 1, produced, str(exc)
    return None, produced, ""  # the file ends inside the member: the reader reports the cut


def _find_magic(src: BinaryIO, offset: int) -> int | None:
    src.seek(offset)
    carry = b""
    position = offset
    while chunk := src.read(_CHUNK):
        data = carry + chunk
        found = data.find(GZIP_MAGIC)
        if found >= 0:
            return position - len(carry) + found
        carry = data[-(len(GZIP_MAGIC) - 1):]
        position += len(chunk)
    return None
