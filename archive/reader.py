"""Read captures back out of WARC and ARC files.

Bodies come out decoded (transfer and content encodings removed: warcio's
``content_stream``), text with the charset rules of ``archive.charset``.
Reading goes through ``archive.scan``: a damaged gzip member or record is
reported with its file and offset and skipped, and reading resumes at the next
member; ARC files, whole-file gzip and the target-URI quirks of other tools are
read as ``archive.scan`` describes.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .charset import DecodedText, decode_html
from .errors import ReadError
from .index import CdxjIndex
from .location import RecordLocation
from .scan import scan_records

__all__ = [
    "ALL_TYPES",
    "ArchivedRecord",
    "ReadError",
    "iter_archive_paths",
    "iter_records",
    "iter_warc_paths",
    "read_record_at",
    "resolve_revisit",
]

logger = logging.getLogger(__name__)

HTTP_TYPES = ("response", "revisit")
ALL_TYPES = ("warcinfo", "response", "resource", "request", "metadata", "revisit",
             "conversion", "continuation")
# what our own tools leave beside archives: never archives themselves
_BY_PRODUCTS = (".cdxj", ".tmp", ".open", ".tail", ".lock")


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
    # what was unusual and repaired (``target-uri-brackets``, ``target-uri-spaces``,
    # ``record-shorter-than-declared``, ``decompressed-offsets``, ...; see archive.scan)
    quirks: tuple[str, ...] = ()

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


def _to_record(path: Path, offset: int, record, with_payload: bool = True) -> ArchivedRecord:
    http = record.http_headers
    payload = (record.content_stream().read()
               if with_payload and record.rec_type != "revisit" else b"")
    fields: dict[str, str] = {}  # by lower-case name, first one wins (as get_header reads)
    for name, value in record.rec_headers.headers:
        fields.setdefault(name.lower(), value)
    return ArchivedRecord(
        path=path,
        offset=offset,
        length=0,
        record_type=record.rec_type,
        url=fields.get("warc-target-uri") or "",
        date=fields.get("warc-date") or "",
        record_id=fields.get("warc-record-id") or "",
        payload_digest=fields.get("warc-payload-digest") or "",
        status=_status(http) if http else None,
        http_headers=list(http.headers) if http else [],
        payload=payload,
        truncated=fields.get("warc-truncated"),
        warc_headers=dict(record.rec_headers.headers),
    )


def _log_error(err: ReadError) -> None:
    logger.warning("%s record at %s:%d: %s", err.kind, err.path, err.offset, err.reason)


def iter_records(
    path: str | os.PathLike[str],
    *,
    start: int = 0,
    end: int | None = None,
    types: Iterable[str] = HTTP_TYPES,
    on_error: Callable[[ReadError], None] | None = None,
    payload_at: Callable[[int], bool] | None = None,
) -> Iterator[ArchivedRecord]:
    """Yield the records of ``types`` whose offsets lie in ``[start, end)``.

    With ``payload_at``, a record for whose offset it is false comes without its payload
    (``b""``; read through, not decoded nor held in memory): a reader that needs a few
    bodies of a range holds one body at a time, whatever the size of the others.

    Each damaged record is passed once to ``on_error`` (default: logged) with the
    offset it starts at, and skipped; reading resumes at the next gzip member (in an
    uncompressed file, at the next ``WARC/1.`` line or ARC header). A record the file
    ends inside is reported as ``truncated`` and never yielded; a file that is not a
    WARC or ARC is reported once as ``refused``.
    """
    path = Path(path)
    wanted = set(types)

    def visit(record, iterator):
        if record.rec_type not in wanted:
            return None
        offset = iterator.offset
        return _to_record(path, offset, record, payload_at is None or payload_at(offset))

    for scanned in scan_records(path, start=start, end=end, visit=visit,
                                on_error=on_error or _log_error):
        item = scanned.value
        if item is not None:
            item.length = scanned.length
            item.quirks = scanned.quirks
            yield item


def read_record_at(path: str | os.PathLike[str], offset: int) -> ArchivedRecord:
    """The record that starts at ``offset`` (raises ValueError if there is none)."""
    errors: list[ReadError] = []
    for record in iter_records(path, start=offset, types=ALL_TYPES, on_error=errors.append):
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


def iter_archive_paths(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Path]:
    """Expand files, directories and globs into every file a user may mean as an archive.

    Unlike ``iter_warc_paths``, a directory yields every regular file under it (ARC,
    plain WARC, misnamed files...), so that each can be read or refused and reported;
    only hidden files and what our own tools leave beside archives (``.cdxj``,
    ``.open``, ``.tail``, ``.tmp``, ``.lock``) are left out.
    """
    seen: set[Path] = set()
    for item in map(Path, paths):
        if item.is_dir():
            found = sorted(p for p in item.rglob("*") if p.is_file()
                           and not p.name.startswith(".") and not p.name.endswith(_BY_PRODUCTS))
        else:
            found = _expand(item)
        for path in found:
            if path not in seen:
                seen.add(path)
                yield path


def _expand(item: Path) -> list[Path]:
    if any(ch in str(item) for ch in "*?["):
        anchor = Path(item.anchor or ".")
        pattern = str(item.relative_to(anchor)) if item.is_absolute() else str(item)
        return sorted(anchor.glob(pattern))
    return [item]


def iter_warc_paths(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Path]:
    """Expand files, directories and globs into finished ``.warc.gz`` files, sorted."""
    seen: set[Path] = set()
    for item in paths:
        item = Path(item)
        found = sorted(item.rglob("*.warc.gz")) if item.is_dir() else _expand(item)
        for path in found:
            if path not in seen:
                seen.add(path)
                yield path
