"""Walk the records of any WARC or ARC file, resyncing past damage.

The one loop behind ``archive.reader.iter_records``, indexing and inspection:
warcio's ``ArchiveIterator`` reads the records; where it fails, the damaged
record is reported once (``ReadError``) and reading resumes at the next gzip
member (in an uncompressed file, at the next WARC version line or ARC header).
A caller's ``visit(record, iterator)`` runs while the record is current; its
value is handed out only once the record proved whole.
"""

from __future__ import annotations

import logging
import os
import re
import zlib
from collections.abc import Callable, Iterator
from typing import Any, BinaryIO, NamedTuple

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecordLoader

from .arc import ARC_HEADER
from .errors import ReadError
from .flatten import decompressed
from .layout import GZIP_MAGIC, Layout, archive_layout

__all__ = ["Scanned", "Visit", "scan_records", "scan_stream"]

logger = logging.getLogger(__name__)

Visit = Callable[[Any, ArchiveIterator], Any]
_SCAN_CHUNK = 1 << 20
_WARC_START = re.compile(rb"\n(WARC/(?:1\.[01]|0\.1[78])\r*\n)")
_ARC_START = re.compile(rb"\n(" + ARC_HEADER.pattern[1:] + rb")", re.MULTILINE)
_told: set[str] = set()  # files whose recovery was logged (once per process)


class Scanned(NamedTuple):
    """One whole record: where it is, its type, the caller's value, what was odd about it."""

    offset: int
    length: int
    record_type: str
    value: Any
    quirks: tuple[str, ...] = ()


class _QuirkLoader(ArcWarcRecordLoader):
    """warcio's loader, noting the target-URI repairs it makes (wget's ``<...>``, spaces)."""

    def __init__(self, arc2warc: bool):
        super().__init__(verify_http=False, arc2warc=arc2warc)
        self.quirks: list[str] = []

    def _ensure_target_uri_format(self, rec_headers):
        uri = rec_headers.get_header("WARC-Target-URI")
        if uri is None or not (uri.startswith("<") or " " in uri):
            return uri  # nothing to repair (the common case: warcio would return it as is)
        if uri.startswith("<") and uri.endswith(">"):
            self.quirks.append("target-uri-brackets")
        if " " in uri:
            self.quirks.append("target-uri-spaces")
        return super()._ensure_target_uri_format(rec_headers)


def scan_records(path: str | os.PathLike[str], *, visit: Visit,
                 on_error: Callable[[ReadError], None], start: int = 0,
                 end: int | None = None) -> Iterator[Scanned]:
    """The whole records of ``path`` starting in ``[start, end)``, each damage reported once.

    A file that is neither WARC nor ARC is reported once (kind ``refused``, when the
    range starts at 0). A file whose gzip members do not match its records is read
    decompressed, as ``warcio recompress`` does: offsets are then positions in the
    decompressed stream, and every record carries the quirk ``decompressed-offsets``.
    """
    layout = archive_layout(path)
    name = str(path)
    if layout.format is None:
        if start == 0:
            on_error(ReadError(name, 0, layout.reason, "refused", "not-an-archive"))
        return
    if layout.flattened:
        _tell_once(name, layout)
        with decompressed(path, on_error if start == 0 else _ignore) as (fh, size):
            yield from scan_stream(fh, size, name, layout.format, gzipped=False, start=start,
                                   end=end, visit=visit, on_error=on_error,
                                   quirks=("decompressed-offsets",))
        return
    with open(path, "rb") as fh:
        yield from scan_stream(fh, os.path.getsize(path), name, layout.format,
                               gzipped=layout.gzip, start=start, end=end, visit=visit,
                               on_error=on_error)


def _ignore(error: ReadError) -> None:
    """Damage outside the range asked for is the business of the range that holds it."""


def _tell_once(name: str, layout: Layout) -> None:
    if name in _told:
        return
    _told.add(name)
    what = ("one gzip member holds several records (whole-file gzip)"
            if layout.members == "whole-file" else "records run on across gzip members")
    logger.warning("%s: %s; reading it decompressed, as `warcio recompress` does (offsets are "
                   "positions in the decompressed stream; archive.recompress.recompress_copy "
                   "writes a seekable copy)", name, what)


def scan_stream(fh: BinaryIO, size: int, name: str, fmt: str, *, gzipped: bool, start: int,
                end: int | None, visit: Visit, on_error: Callable[[ReadError], None],
                quirks: tuple[str, ...] = ()) -> Iterator[Scanned]:
    """``scan_records`` over an open file of known format (see there)."""
    position: int | None = start
    while position is not None and (end is None or position < end):
        fh.seek(position)
        iterator = _iterator(fh, fmt)
        damage: tuple[int, str, str] | None = None
        good_end = position  # where the record after the last good one starts
        try:
            for record in iterator:
                offset = iterator.offset
                if end is not None and offset >= end:
                    return
                found = quirks
                if iterator.loader.quirks:
                    found += tuple(iterator.loader.quirks)
                    iterator.loader.quirks.clear()
                if fmt == "arc":
                    found += _arc_length_quirk(record)
                warned = iterator.err_count
                value = visit(record, iterator)
                iterator.read_to_end(record)
                torn = _torn(iterator, record, fh, size)
                _close_spool(record)
                if iterator.err_count > warned:  # warcio: "not followed by newline"
                    found += ("bytes-after-declared-length",)
                if torn == "torn":
                    damage = (offset, "the record ends before its declared length",
                              "short-record")
                    break
                if torn == "whole-http":
                    found += ("record-shorter-than-declared",)
                length = iterator.get_record_length()
                if offset <= offset + length <= size:
                    good_end = offset + length
                yield Scanned(offset, length, record.rec_type, value, found)
        except Exception as exc:  # warcio and zlib raise many types on damage
            # ``iterator.offset`` is where the failing record starts: the previous
            # record's end once that one was read to its end (warcio's offsets go
            # wrong inside a whole-file gzip: then the last good record's end).
            failed_at = iterator.offset if good_end <= iterator.offset < size else good_end
            damage = (failed_at, *_explain(exc))
        if damage is None:
            stopped = iterator.offset if good_end <= iterator.offset <= size else good_end
            if not _has_data(fh, stopped, end):
                return
            # warcio stops quietly on a member it cannot parse (cut off inside its
            # headers, or a gzip header damaged into swallowing the rest)
            damage = (stopped, "no record could be read here", "no-record")
        offset, reason, cause = damage
        if end is not None and offset >= end:
            return
        position = _next_start(fh, offset + 1, fmt, gzipped)
        cut_off = position is None and (not gzipped or _member_cut_off(fh, offset))
        on_error(ReadError(name, offset, reason, "truncated" if cut_off else "corrupt", cause))


def _iterator(fh: BinaryIO, fmt: str) -> ArchiveIterator:
    """warcio's iterator, fixed to the file's format (so no stray line passes for ARC)."""
    iterator = ArchiveIterator(fh, arc2warc=fmt == "arc")
    iterator.loader = _QuirkLoader(arc2warc=fmt == "arc")
    iterator.known_format = fmt
    return iterator


def _arc_length_quirk(record) -> tuple[str, ...]:
    length = record.rec_headers.get_header("Content-Length")
    return () if length is None or length.strip().isdigit() else ("invalid-record-length",)


def _explain(exc: Exception) -> tuple[str, str]:
    """``(reason, cause)`` for an exception raised while reading a record."""
    text = f"{type(exc).__name__}: {exc}"
    if isinstance(exc, ArchiveLoadFailed) and "non-chunked gzip" in str(exc):
        return ("one gzip member holds several records (whole-file gzip from here on; "
                "`warcio recompress` makes such a file readable)", "gzip-multi-record")
    if isinstance(exc, zlib.error | EOFError) or "decompress" in text.lower():
        return " ".join(text.split())[:300], "gzip-corrupt"
    return " ".join(text.split())[:300], "parse-error"


def _torn(iterator: ArchiveIterator, record, fh: BinaryIO, size: int) -> str:
    """``"torn"``: the record just read lacks bytes; ``"whole-http"``: it lacks bytes, but
    its HTTP message is complete by its own Content-Length (only the archive's length
    is wrong, as in warcio's ``example-space-in-url.arc``); else ``""``."""
    limit = getattr(_raw(record), "limit", 0)
    short = isinstance(limit, int) and limit > 0
    reader = iterator.reader
    decompressor = reader.decompressor if reader else None
    # a gzip member the file ends inside (one still open with more data after it is a
    # whole-file gzip, which warcio itself reports)
    if decompressor is not None and not getattr(decompressor, "eof", True) \
            and reader.rem_length() == 0 and fh.tell() >= size:
        return "torn"
    if not short:
        return ""
    return "whole-http" if _http_complete(record, limit) else "torn"


def _http_complete(record, missing: int) -> bool:
    http = record.http_headers
    if http is None or record.payload_length is None or record.payload_length < 0:
        return False
    if "chunked" in (http.get_header("Transfer-Encoding") or "").lower():
        return False
    declared = (http.get_header("Content-Length") or "").strip()
    # after warcio computed a missing digest, payload_length is what it actually read
    available = record.payload_length - (0 if hasattr(record, "_orig_stream") else missing)
    return declared.isdigit() and available >= int(declared)


def _raw(record):
    """The record's own stream (warcio swaps in a spool file when it computes a digest)."""
    return getattr(record, "_orig_stream", record.raw_stream)


def _close_spool(record) -> None:
    """Close the spool file warcio's ``ensure_digest`` left in the record (it never does)."""
    if hasattr(record, "_orig_stream"):
        record.raw_stream.close()


def _next_start(fh: BinaryIO, after: int, fmt: str, gzipped: bool) -> int | None:
    """Offset of the next place a record may start after ``after``, or None."""
    if gzipped:
        return _find(fh, after, lambda data: data.find(GZIP_MAGIC))
    pattern = _WARC_START if fmt == "warc" else _ARC_START

    def search(data: bytes) -> int:
        match = pattern.search(data)
        return match.start(1) if match else -1

    return _find(fh, after - 1, search)


def _find(fh: BinaryIO, after: int, search: Callable[[bytes], int]) -> int | None:
    fh.seek(after)
    carry = b""
    position = after
    while chunk := fh.read(_SCAN_CHUNK):
        data = carry + chunk
        found = search(data)
        if found >= 0:
            return position - len(carry) + found
        carry = data[-8192:]
        position += len(chunk)
    return None


def _member_cut_off(fh: BinaryIO, offset: int) -> bool:
    """The gzip member at ``offset`` decompresses cleanly but the file ends before it does."""
    fh.seek(offset)
    decompressor = zlib.decompressobj(zlib.MAX_WBITS | 16)
    try:
        while chunk := fh.read(_SCAN_CHUNK):
            decompressor.decompress(chunk, 0)
            if decompressor.eof:
                return False
    except zlib.error:
        return False
    return True


def _has_data(fh: BinaryIO, offset: int, end: int | None) -> bool:
    """Anything but blank lines from ``offset`` on (before ``end``, if given)."""
    if end is not None and offset >= end:
        return False
    fh.seek(offset)
    while chunk := fh.read(_SCAN_CHUNK):
        if chunk.strip(b"\r\n"):
            return True
    return False

