"""Read captures back out of WARC files.

Bodies come out decoded (transfer and content encodings removed: warcio's
``content_stream``), text with the charset rules of ``archive.charset``.
A damaged gzip member or record is reported with its file and offset and
skipped; reading resumes at the next gzip member.
"""

from __future__ import annotations

import logging
import os
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from .charset import DecodedText, decode_html
from .index import CdxjIndex
from .location import RecordLocation

__all__ = [
    "ArchivedRecord",
    "ReadError",
    "iter_records",
    "iter_warc_paths",
    "read_record_at",
    "resolve_revisit",
]

logger = logging.getLogger(__name__)

_GZIP_MAGIC = b"\x1f\x8b\x08"
_SCAN_CHUNK = 1 << 20
HTTP_TYPES = ("response", "revisit")


@dataclass(frozen=True)
class ReadError:
    """A part of a WARC that could not be read.

    ``kind`` is ``"truncated"`` when the file ends inside the record, else ``"corrupt"``.
    """

    path: str
    offset: int
    reason: str
    kind: str = "corrupt"


@dataclass
class ArchivedRecord:
    """A ``response`` or ``revisit`` record with its HTTP message, body decoded."""

    path: Path
    offset: int
    length: int
    record_type: str
    url: str
    date: str
    record_id: str
    payload_digest: str
    status: int | None
    http_headers: list[tuple[str, str]]
    payload: bytes
    truncated: str | None = None
    warc_headers: dict[str, str] = field(default_factory=dict)

    @property
    def filename(self) -> str:
        return self.path.name

    def header(self, name: str, default: str | None = None) -> str | None:
        """The first HTTP header called ``name`` (any case)."""
        lname = name.lower()
        for key, value in self.http_headers:
            if key.lower() == lname:
                return value
        return default

    @property
    def content_type(self) -> str:
        return self.header("Content-Type", "") or ""

    @property
    def mime(self) -> str:
        return self.content_type.split(";", 1)[0].strip().lower()

    def text(self) -> DecodedText:
        """The payload as text: charset from the header, then ``<meta>``, then detection."""
        return decode_html(self.payload, self.content_type)

    @property
    def refers_to_uri(self) -> str | None:
        return self.warc_headers.get("WARC-Refers-To-Target-URI")

    @property
    def refers_to_date(self) -> str | None:
        return self.warc_headers.get("WARC-Refers-To-Date")

    def location(self) -> RecordLocation:
        """Where this record sits."""
        return RecordLocation(self.filename, self.offset, self.length, self.record_id,
                              self.payload_digest, self.date, self.url, self.record_type)


def _status(http_headers) -> int | None:
    try:
        return int(http_headers.get_statuscode())
    except (TypeError, ValueError, AttributeError):
        return None


def _to_record(path: Path, offset: int, record) -> ArchivedRecord:
    warc = record.rec_headers
    http = record.http_headers
    payload = record.content_stream().read() if record.rec_type != "revisit" else b""
    return ArchivedRecord(
        path=path,
        offset=offset,
        length=0,
        record_type=record.rec_type,
        url=warc.get_header("WARC-Target-URI") or "",
        date=warc.get_header("WARC-Date") or "",
        record_id=warc.get_header("WARC-Record-ID") or "",
        payload_digest=warc.get_header("WARC-Payload-Digest") or "",
        status=_status(http) if http else None,
        http_headers=list(http.headers) if http else [],
        payload=payload,
        truncated=warc.get_header("WARC-Truncated"),
        warc_headers=dict(warc.headers),
    )


_PLAIN_RECORD = b"\nWARC/1."


def _next_member(fh, after: int, gzipped: bool = True) -> int | None:
    """Offset of the next gzip member header (plain files: ``WARC/1.`` line) after
    ``after``, or None."""
    marker = _GZIP_MAGIC if gzipped else _PLAIN_RECORD
    skip = 0 if gzipped else 1  # the record starts after the newline
    fh.seek(after)
    carry = b""
    position = after
    while True:
        chunk = fh.read(_SCAN_CHUNK)
        if not chunk:
            return None
        data = carry + chunk
        found = data.find(marker, 1 if position == after else 0)
        if found >= 0:
            return position - len(carry) + found + skip
        carry = data[-(len(marker) - 1):]
        position += len(chunk)


def _member_torn(iterator, record, fh, size: int) -> bool:
    """The record just read to its end lacks bytes: a short body, or a gzip member the
    file ends inside (a member still open with more data after it is a whole-file
    gzip, which warcio itself reports)."""
    limit = getattr(record.raw_stream, "limit", 0)
    if isinstance(limit, int) and limit > 0:
        return True
    reader = iterator.reader
    decompressor = reader.decompressor if reader else None
    if decompressor is None or getattr(decompressor, "eof", True):
        return False
    return reader.rem_length() == 0 and fh.tell() >= size


def iter_records(
    path: str | os.PathLike[str],
    *,
    start: int = 0,
    end: int | None = None,
    types: Iterable[str] = HTTP_TYPES,
    on_error: Callable[[ReadError], None] | None = None,
) -> Iterator[ArchivedRecord]:
    """Yield the records of ``types`` whose offsets lie in ``[start, end)``.

    Each damaged record is passed once to ``on_error`` (default: logged) with the
    offset it starts at, and skipped; reading resumes at the next gzip member (in an
    uncompressed file, at the next ``WARC/1.`` line). A record the file ends inside is
    reported as ``truncated`` and never yielded.
    """
    path = Path(path)
    wanted = set(types)
    report = on_error or (lambda err: logger.warning("%s record at %s:%d: %s", err.kind,
                                                     err.path, err.offset, err.reason))
    size = path.stat().st_size
    with open(path, "rb") as fh:
        # by name too: a damaged first member must not turn the file into plain text
        gzipped = path.name.endswith(".gz") or fh.read(len(_GZIP_MAGIC)) == _GZIP_MAGIC
        position: int | None = start
        while position is not None and (end is None or position < end):
            fh.seek(position)
            iterator = ArchiveIterator(fh)
            damage: tuple[int, str] | None = None
            good_end = position  # where the record after the last good one starts
            try:
                for record in iterator:
                    offset = iterator.offset
                    if end is not None and offset >= end:
                        return
                    item = _to_record(path, offset, record) if record.rec_type in wanted \
                        else None
                    iterator.read_to_end(record)
                    if _member_torn(iterator, record, fh, size):
                        damage = (offset, "the record ends before its declared length")
                        break
                    length = iterator.get_record_length()
                    if offset <= offset + length <= size:
                        good_end = offset + length
                    if item is not None:
                        item.length = length
                        yield item
            except Exception as exc:  # warcio and zlib raise many types on damage
                # ``iterator.offset`` is where the failing record starts: the previous
                # record's end once that one was read to its end (warcio's offsets go
                # wrong inside a whole-file gzip: then the last good record's end).
                failed_at = iterator.offset if good_end <= iterator.offset < size else good_end
                damage = (failed_at, f"{type(exc).__name__}: {exc}")
            if damage is None:
                stopped = iterator.offset if good_end <= iterator.offset <= size else good_end
                if not _has_data(fh, stopped, end):
                    return
                # warcio stops quietly on a member it cannot parse (cut off inside its
                # headers, or a gzip header damaged into swallowing the rest)
                damage = (stopped, "no record could be read here")
            offset, reason = damage
            if end is not None and offset >= end:
                return
            position = _next_member(fh, offset + 1, gzipped)
            cut_off = position is None and (not gzipped or _member_cut_off(fh, offset))
            report(ReadError(str(path), offset, reason, "truncated" if cut_off else "corrupt"))


def _member_cut_off(fh, offset: int) -> bool:
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


def _has_data(fh, offset: int, end: int | None) -> bool:
    """Anything but blank lines from ``offset`` on (before ``end``, if given)."""
    if end is not None and offset >= end:
        return False
    fh.seek(offset)
    while chunk := fh.read(_SCAN_CHUNK):
        if chunk.strip(b"\r\n"):
            return True
    return False


def read_record_at(path: str | os.PathLike[str], offset: int) -> ArchivedRecord:
    """The record that starts at ``offset`` (raises ValueError if there is none)."""
    errors: list[ReadError] = []
    for record in iter_records(path, start=offset, types=("response", "revisit", "request",
                                                           "resource", "metadata",
                                                           "conversion"),
                               on_error=errors.append):
        if record.offset == offset:
            return record
        break
    reason = errors[0].reason if errors else "no record"
    raise ValueError(f"no readable record at {path}:{offset} ({reason})")


def resolve_revisit(record: ArchivedRecord, index: CdxjIndex) -> ArchivedRecord | None:
    """The original capture a revisit points at (by URI and date, then by digest)."""
    uri = record.refers_to_uri or record.url
    date = (record.refers_to_date or "").replace("-", "").replace(":", "").replace("T", "")
    candidates = [c for c in index.lookup(uri) if c.record_type == "response"]
    exact = [c for c in candidates if date and c.timestamp == date[:14]]
    by_digest = [c for c in candidates if record.payload_digest
                 and c.digest == record.payload_digest.split(":", 1)[-1]]
    for capture in exact + by_digest:
        try:
            original = read_record_at(capture.path, capture.offset)
        except (OSError, ValueError):
            continue
        if original.record_type == "response":
            return original
    return None


def iter_warc_paths(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Path]:
    """Expand files, directories and globs into finished ``.warc.gz`` files, sorted."""
    seen: set[Path] = set()
    for item in paths:
        item = Path(item)
        if item.is_dir():
            found = sorted(item.rglob("*.warc.gz"))
        elif any(ch in str(item) for ch in "*?["):
            anchor = Path(item.anchor or ".")
            pattern = str(item.relative_to(anchor)) if item.is_absolute() else str(item)
            found = sorted(anchor.glob(pattern))
        else:
            found = [item]
        for path in found:
            if path not in seen:
                seen.add(path)
                yield path
