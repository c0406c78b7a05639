"""Small records read straight from their gzip members: a fast path for what indexes skip.

``small_records(path, start, end)`` reads the bytes ``[start, end)`` of a WARC written one
gzip member per record, a range between indexed records (which holds a few small
records: ``warcinfo``, ``metadata``), and hands them out as ``ArchivedRecord`` without
warcio's record loader, which costs far more than the few bytes such a record holds.

Anything unusual (a range over ``MAX_RANGE``, bytes that are not whole gzip members,
a member that is not one WARC record) makes it read the range with
``archive.reader.iter_records`` instead, which resyncs past damage and reports it as
every other reader does, so the result never depends on which way was taken.
"""

from __future__ import annotations

import os
import zlib
from collections.abc import Callable, Collection, Iterator
from pathlib import Path

from .errors import ReadError
from .reader import ArchivedRecord, iter_records

__all__ = ["MAX_RANGE", "small_records"]

MAX_RANGE = 1 << 20


def small_records(path: str | os.PathLike[str], start: int, end: int | None, *,
                  types: Collection[str], on_error: Callable[[ReadError], None] | None = None
                  ) -> Iterator[ArchivedRecord]:
    """The records of ``types`` starting in ``[start, end)`` (``end`` None: the file's end)."""
    path = Path(path)
    found = _members(path, start, end)
    if found is None:
        yield from iter_records(path, start=start, end=end, types=types, on_error=on_error)
        return
    yield from (record for record in found if record.record_type in types)


def _members(path: Path, start: int, end: int | None) -> list[ArchivedRecord] | None:
    """Every record of the range, or None when the fast path cannot tell."""
    size = os.path.getsize(path)
    end = size if end is None else min(end, size)
    if end - start > MAX_RANGE or end <= start:
        return None if end > start else []
    with open(path, "rb") as fh:
        fh.seek(start)
        data = fh.read(end - start)
    records, at = [], 0
    while at < len(data):
        inflate = zlib.decompressobj(wbits=31)
        try:
            raw = inflate.decompress(data[at:])
        except zlib.error:
            return None
        if not inflate.eof:
            return None
        used = len(data) - at - len(inflate.unused_data)
        record = _record(path, start + at, used, raw)
        if record is None:
            return None
        records.append(record)
        at += used
    return records


def _record(path: Path, offset: int, length: int, raw: bytes) -> ArchivedRecord | None:
    """One uncompressed WARC record, or None when it is not exactly one."""
    head, sep, rest = raw.partition(b"\r\n\r\n")
    try:
        lines = head.decode("utf-8").split("\r\n")
    except UnicodeDecodeError:
        return None
    if not sep or not lines[0].startswith("WARC/1."):
        return None
    pairs = []
    for line in lines[1:]:
        name, colon, value = line.partition(":")
        if not colon:
            return None
        pairs.append((name.strip(), value.strip()))
    first = {}
    for name, value in pairs:
        first.setdefault(name.lower(), value)
    try:
        size = int(first.get("content-length", ""))
    except ValueError:
        return None
    if len(rest) - size not in (0, 4) or (len(rest) > size and rest[size:] != b"\r\n\r\n"):
        return None  # not one record ending with its block and the record separator
    return ArchivedRecord(
        path=path, offset=offset, length=length, record_type=first.get("warc-type", ""),
        url=first.get("warc-target-uri", ""), date=first.get("warc-date", ""),
        record_id=first.get("warc-record-id", ""),
        payload_digest=first.get("warc-payload-digest", ""), status=None, http_headers=[],
        payload=rest[:size], truncated=first.get("warc-truncated"), warc_headers=dict(pairs))
