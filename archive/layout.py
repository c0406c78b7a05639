"""What kind of archive a file is, decided once from its first record.

``archive_layout(path)`` says whether the file holds WARC or ARC records (or
neither: then it is refused, with a reason), whether it is gzip, and how its
gzip members relate to its records:

- ``per-record``: one member per record (what WARC asks for; seekable by offset);
- ``whole-file``: one member holds several records (a plain WARC gzipped as a
  whole, as some tools write: warcio refuses it);
- ``split``: a record runs on into the next member (warcio's "wrong chunks").

The last two are read as one decompressed stream, as ``warcio recompress`` does.
Only the member that holds the first record is decompressed to decide, so the
common case costs one small read; the answer is cached per file version.
"""

from __future__ import annotations

import os
import re
import zlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .arc import ARC_HEADER, is_arc_header, looks_like_warc_version

__all__ = ["GZIP_MAGIC", "Layout", "archive_layout"]

GZIP_MAGIC = b"\x1f\x8b\x08"
_CHUNK = 1 << 16
_HEAD = 1 << 16  # decompressed bytes looked at to recognise a record
_MAX_HEADER = 1 << 20  # a header block longer than this is not one
_MAX_CANDIDATES = 256  # resync points tried when the file does not start with a record
_WARC_LINE = re.compile(rb"(?:^|\n)(WARC/(?:1\.[01]|0\.1[78])\r*\n)")
_HEADER_END = re.compile(rb"\n\r*\n")
_LENGTH = re.compile(rb"^content-length:[ \t]*(\d+)[ \t\r]*$", re.IGNORECASE | re.MULTILINE)


@dataclass(frozen=True)
class Layout:
    """How one file is laid out (see the module docstring)."""

    format: str | None  # "warc", "arc", or None: not an archive
    gzip: bool
    members: str  # "per-record", "whole-file", "split"; "" when not gzip
    first_record: int  # offset of the first record found (-1: none)
    reason: str = ""  # why the file is refused, or what is unusual about it

    @property
    def flattened(self) -> bool:
        """Read as one decompressed stream (offsets are positions in that stream)."""
        return self.members in ("whole-file", "split")


def archive_layout(path: str | os.PathLike[str]) -> Layout:
    """The layout of ``path`` (cached while its size, times and inode stay the same)."""
    stat = os.stat(path)
    return _cached_layout(str(path), stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns,
                          stat.st_ino)


@lru_cache(maxsize=256)
def _cached_layout(path: str, size: int, *version: int) -> Layout:
    with open(path, "rb") as fh:
        return _sniff(fh, size, Path(path).name)


def _sniff(fh, size: int, name: str) -> Layout:
    head = fh.read(_HEAD)
    if not head.strip():
        return Layout(None, False, "", -1, "empty file" if not head else "only blank bytes")
    gzipped = head.startswith(GZIP_MAGIC)
    text = _member_head(fh, 0) if gzipped else head
    fmt = _record_format(text or b"")
    if fmt:
        return Layout(fmt, gzipped, _member_shape(fh, 0, fmt) if gzipped else "", 0)
    found = _first_record_after(fh, size, prefer_gzip=gzipped or name.endswith(".gz"))
    if found is not None:
        offset, fmt, gz = found
        shape = _member_shape(fh, offset, fmt) if gz else ""
        return Layout(fmt, gz, shape, offset, f"no record at the start; the first at {offset}")
    return Layout(None, gzipped, "", -1, _describe(head, text, gzipped))


def _record_format(data: bytes) -> str | None:
    """``warc``/``arc`` when ``data`` starts (after blank lines) with a record header."""
    lines = data.lstrip(b"\r\n").split(b"\n", 2)
    first = lines[0]
    if looks_like_warc_version(first):
        return "warc" if len(lines) > 1 and b":" in lines[1] else None
    return "arc" if len(lines) > 1 and is_arc_header(first) else None


def _member_head(fh, offset: int, limit: int = _HEAD) -> bytes | None:
    """The first ``limit`` decompressed bytes of the member at ``offset`` (None: unreadable)."""
    fh.seek(offset)
    decomp = zlib.decompressobj(zlib.MAX_WBITS | 16)
    out = bytearray()
    try:
        while len(out) < limit and not decomp.eof and (chunk := fh.read(_CHUNK)):
            out += decomp.decompress(chunk, limit - len(out))
            while decomp.unconsumed_tail and len(out) < limit:
                out += decomp.decompress(decomp.unconsumed_tail, limit - len(out))
    except zlib.error:
        return bytes(out) or None
    return bytes(out)


def _first_record_end(head: bytes, fmt: str) -> int | None:
    """Where the first record in ``head`` ends (decompressed offset), if its header says."""
    skipped = len(head) - len(head.lstrip(b"\r\n"))
    if fmt == "arc":
        line_end = head.find(b"\n", skipped)
        if line_end < 0:
            return None
        length = head[skipped:line_end].rstrip(b"\r").rsplit(b" ", 1)[-1]
        return line_end + 1 + int(length) if length.isdigit() else None
    blank = _HEADER_END.search(head, skipped)
    if blank is None:
        return None
    match = _LENGTH.search(head, skipped, blank.start() + 1)
    return blank.end() + int(match.group(1)) if match else None


def _member_shape(fh, offset: int, fmt: str) -> str:
    """``per-record``, ``whole-file`` or ``split`` for the member at ``offset``.

    Decided on evidence, so that damage is not taken for a layout: the members from
    ``offset`` on are decompressed (streamed) to a little past the first record's
    declared end, and only when another record header stands exactly there is the
    file read as one stream: ``whole-file`` if the first member goes on past it,
    ``split`` if the first member ended inside the record.
    """
    flat = _flat_prefix(fh, offset, fmt)
    if flat is None:
        return "per-record"  # a damaged member: read member by member, report the damage
    first_member, record_end, tail = flat
    follows = tail.lstrip(b"\r\n")
    at_record = _record_format(follows) is not None
    blank = len(tail) - len(follows)
    if first_member is None or first_member > record_end + blank:
        return "whole-file" if at_record else "per-record"
    if first_member < record_end and (at_record or (not follows and blank)):
        return "split"
    return "per-record"


def _flat_prefix(fh, offset: int, fmt: str) -> tuple[int | None, int, bytes] | None:
    """``(decompressed size of the first member, or None if it goes on past what was read;
    the first record's declared end; up to 512 bytes from there)``, None when unreadable."""
    fh.seek(offset)
    decomp = zlib.decompressobj(zlib.MAX_WBITS | 16)
    head, tail = bytearray(), bytearray()
    produced, record_end, first_member = 0, None, None
    pending = b""
    try:
        while record_end is None or len(tail) < 512:
            data = pending or fh.read(_CHUNK)
            pending = b""
            if not data:
                break
            out = decomp.decompress(data)
            if record_end is None:
                head += out
                record_end = _first_record_end(bytes(head), fmt)
                if record_end is None and len(head) > _MAX_HEADER:
                    return None
                if record_end is not None:
                    tail += head[record_end:record_end + 512]
            elif produced + len(out) > record_end:
                tail += out[max(record_end - produced, 0):][:512]
            produced += len(out)
            if decomp.eof:
                first_member = produced if first_member is None else first_member
                pending = decomp.unused_data
                if pending and not pending.startswith(GZIP_MAGIC[:2]):
                    break
                decomp = zlib.decompressobj(zlib.MAX_WBITS | 16)
    except zlib.error:
        return None
    return (None if record_end is None else (first_member, record_end, bytes(tail[:512])))


def _first_record_after(fh, size: int, *, prefer_gzip: bool) -> tuple[int, str, bool] | None:
    """``(offset, format, gzip)`` of the first record found past a damaged or foreign start."""
    searches = ((True, False) if prefer_gzip else (False, True))
    for gz in searches:
        for tried, offset in enumerate(_candidates(fh, size, gz)):
            if tried >= _MAX_CANDIDATES:
                break
            data = _member_head(fh, offset) if gz else _read_at(fh, offset, _HEAD)
            fmt = _record_format(data or b"")
            if fmt:
                return offset, fmt, gz
    return None


def _candidates(fh, size: int, gz: bool):
    """Offsets past 0 where a record might start: gzip magic, or WARC/ARC header lines."""
    position, carry, last = 0, b"", 0
    while position < size:
        fh.seek(position)  # the caller reads between yields
        chunk = fh.read(_CHUNK * 16)
        if not chunk:
            return
        data = carry + chunk
        base = position - len(carry)
        if gz:
            found = [m.start() for m in re.finditer(re.escape(GZIP_MAGIC), data)]
        else:
            found = [m.start(1) for m in _WARC_LINE.finditer(data)]
            found += [m.start() for m in ARC_HEADER.finditer(data)]
        for offset in sorted({base + index for index in found}):
            if offset > last:
                last = offset
                yield offset
        carry = data[-4096:]
        position += len(chunk)


def _read_at(fh, offset: int, length: int) -> bytes:
    fh.seek(offset)
    return fh.read(length)


def _describe(head: bytes, text: bytes | None, gzipped: bool) -> str:
    """One line saying what the file looks like instead of a WARC or ARC."""
    sample = (text if gzipped and text else head)[:200]
    first = sample.lstrip().split(b"\n", 1)[0][:48]
    printable = sum(32 <= b < 127 or b in b"\t\r\n" or b >= 0x80 for b in sample)
    if gzipped and not text:
        return "gzip data that does not decompress, and no WARC or ARC record further on"
    kind = "gzip data, but its content is" if gzipped else "this is"
    if printable < len(sample) * 0.9:
        return f"not a WARC or ARC file: {kind} binary (starts {sample[:8].hex(' ')})"
    shown = first.decode("utf-8", "replace").strip()
    return f"not a WARC or ARC file: {kind} text starting {shown!r}"
