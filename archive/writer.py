"""Rotating WARC writer: one gzip member per record, ``.open`` until complete.

A file is written as ``<name>.warc.gz.open``, holding an exclusive ``flock`` from
before the name exists (``archive.files.create_locked``), and renamed to
``<name>.warc.gz`` only once it is complete and synced, then indexed (``<name>.cdxj``
beside it). A response and its request are written as one unit, handed to the OS at
once (no fsync per record), so a killed process loses no finished record;
``recover_open_files`` turns what a crash left behind into finished files (see
``archive.recovery``). A write error cuts the file back to its last complete record,
finishes it and stops the writer (``ArchiveWriteError``).
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from warcio.warcwriter import WARCWriter

from . import records
from .faults import fault_point
from .files import ArchiveWriteError, UnitFile, create_locked, finish_file
from .index import index_warc
from .location import RecordLocation

__all__ = ["OPEN_SUFFIX", "ArchiveWriteError", "RecordLocation", "RotatingWarcWriter",
           "warc_filename"]

logger = logging.getLogger(__name__)

OPEN_SUFFIX = ".open"
DEFAULT_MAX_SIZE = 1_000_000_000


def warc_filename(prefix: str, serial: int, host: str, when: datetime | None = None) -> str:
    """``<prefix>-<UTC timestamp>-<serial>-<host>.warc.gz`` (timestamp to the millisecond)."""
    when = when or datetime.now(UTC)
    stamp = when.strftime("%Y%m%d%H%M%S%f")[:17]
    safe_host = "".join(c if c.isalnum() or c in ".-_" else "_" for c in host)
    return f"{prefix}-{stamp}-{serial:05d}-{safe_host}.warc.gz"


class _OpenWarc:
    """One ``.open`` file being written, locked against recovery from its creation on."""

    def __init__(self, directory: Path, name: str):
        self.name = name
        self.final_path = directory / name
        open_path = directory / (name + OPEN_SUFFIX)
        self.file = UnitFile(open_path, create_locked(open_path))
        self.writer = WARCWriter(self.file, gzip=True, warc_version="1.1")
        self.records = 0

    @property
    def open_path(self) -> Path:
        return self.file.path

    def tell(self) -> int:
        return self.file.tell()

    def write(self, *records) -> list[tuple[int, int]]:
        """Write ``records`` as one unit (all or none); their ``(offset, length)``."""
        spans = []

        def write() -> None:
            for record in records:
                offset = self.file.tell()
                self.writer.write_record(record)
                spans.append((offset, self.file.tell() - offset))

        self.file.write_unit(write)
        self.records += len(records)
        return spans

    def finish(self) -> Path:
        return finish_file(self.file, self.final_path)


class RotatingWarcWriter:
    """Writes HTTP exchanges as WARC/1.1 records, rotating files at ``max_size`` bytes.

    Thread-safe. ``on_finish`` is called with each finished file's path after it
    has been renamed and indexed. The first write error (full disk, I/O error)
    raises ``ArchiveWriteError``: the file is cut back to its last complete record
    and finished, and the writer is stopped: every later write raises it again.
    """

    def __init__(
        self,
        directory: str | os.PathLike[str],
        *,
        prefix: str = "govreply",
        max_size: int = DEFAULT_MAX_SIZE,
        warcinfo: dict[str, str] | None = None,
        host: str | None = None,
        index: bool = True,
        on_finish: Callable[[Path], None] | None = None,
    ):
        if max_size <= 0:
            raise ValueError("max_size must be positive")
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.prefix = prefix
        self.max_size = max_size
        self.warcinfo = dict(warcinfo or {})
        self.host = host or socket.gethostname()
        self.index = index
        self.on_finish = on_finish
        self.finished: list[Path] = []
        self.failure: ArchiveWriteError | None = None
        self._serial = 0
        self._current: _OpenWarc | None = None
        self._lock = threading.Lock()

    # -- files -------------------------------------------------------------
    def _open_next(self) -> _OpenWarc:
        while True:
            name = warc_filename(self.prefix, self._serial, self.host)
            self._serial += 1
            if (self.directory / name).exists():  # pragma: no cover - same ms, same serial
                continue
            try:
                current = _OpenWarc(self.directory, name)
            except FileExistsError:
                continue
            except OSError as exc:
                raise ArchiveWriteError.from_os_error(self.directory / name, exc) from exc
            break
        info = {"software": "govreply", "hostname": self.host, "format": "WARC File Format 1.1"}
        info.update(self.warcinfo)
        try:
            current.write(records.build_warcinfo_record(name, info))
        except BaseException:
            current.file.discard()
            raise
        return current

    def _finish(self, current: _OpenWarc) -> Path:
        """Rename, then index; raises ``ArchiveWriteError`` (the file stays ``.open``
        when the rename failed; a missing index is made by ``ensure_indexes``)."""
        path = current.finish()
        self.finished.append(path)
        logger.info("finished WARC %s", path)
        fault_point("warc.renamed")
        index_error = None
        if self.index:
            try:
                index_warc(path)
            except OSError as exc:
                index_error = ArchiveWriteError.from_os_error(
                    path, exc, "the WARC is finished; its index is made at the next start")
        if self.on_finish:
            self.on_finish(path)
        if index_error is not None:
            raise index_error
        return path

    def _finish_current(self) -> None:
        current, self._current = self._current, None
        if current is not None:
            self._finish(current)

    def _stop(self, error: ArchiveWriteError) -> None:
        """After a write error: keep what is whole, write nothing more."""
        self.failure = self.failure or error
        current, self._current = self._current, None
        if current is None:
            return
        if current.file.torn:  # could not be cut back: recovery moves the torn tail aside
            current.file.close()
        elif current.records <= 1:  # nothing but the warcinfo
            current.file.discard()
        else:
            try:
                self._finish(current)
            except ArchiveWriteError as exc:
                logger.error("after a write error: %s", exc)
        logger.error("archive stopped: %s", error)

    def _writable(self) -> _OpenWarc:
        if self._current is not None and self._current.tell() >= self.max_size:
            self._finish_current()
        if self._current is None:
            self._current = self._open_next()
        return self._current

    def _locate(self, current: _OpenWarc, record, offset: int, length: int) -> RecordLocation:
        headers = record.rec_headers
        return RecordLocation(
            filename=current.name,
            offset=offset,
            length=length,
            record_id=headers.get_header("WARC-Record-ID"),
            payload_digest=headers.get_header("WARC-Payload-Digest") or "",
            date=headers.get_header("WARC-Date"),
            target_uri=headers.get_header("WARC-Target-URI") or "",
            record_type=headers.get_header("WARC-Type"),
        )

    def _refuse_if_stopped(self) -> None:
        if self.failure is not None:
            raise ArchiveWriteError(self.failure.path, self.failure.errno, self.failure.reason,
                                    "the archive stopped at this error; nothing more is written")

    # -- records -----------------------------------------------------------
    def write_exchange(self, exchange: records.HttpExchange) -> RecordLocation:
        """Write a ``response`` and its ``request``; return the response's location."""
        response = records.build_response_record(exchange)
        return self._write_with_request(exchange, response)

    def write_revisit(
        self, exchange: records.HttpExchange, refers_to: records.RefersTo, profile: str
    ) -> RecordLocation:
        """Write a ``revisit`` (and its ``request``); return the revisit's location."""
        revisit = records.build_revisit_record(exchange, refers_to, profile)
        return self._write_with_request(exchange, revisit)

    def write_record(self, record) -> RecordLocation:
        """Write one record of its own (a ``metadata`` record, say) as one unit; return its
        location. Raises ``ArchiveWriteError`` as the other writes do."""
        with self._lock:
            self._refuse_if_stopped()
            try:
                current = self._writable()
                [(offset, length)] = current.write(record)
            except ArchiveWriteError as error:
                self._stop(error)
                raise
            return self._locate(current, record, offset, length)

    def _write_with_request(self, exchange: records.HttpExchange, main) -> RecordLocation:
        record_id = main.rec_headers.get_header("WARC-Record-ID")
        date = main.rec_headers.get_header("WARC-Date")
        request = records.build_request_record(exchange, record_id, date)
        with self._lock:
            self._refuse_if_stopped()
            try:
                current = self._writable()
                (offset, length), _ = current.write(main, request)
            except ArchiveWriteError as error:
                self._stop(error)
                raise
            return self._locate(current, main, offset, length)

    def close(self) -> list[Path]:
        """Finish the current file; return every file this writer finished.

        Raises ``ArchiveWriteError`` if finishing fails (the file stays ``.open``
        for recovery); after an earlier write error it only returns the list."""
        with self._lock:
            try:
                self._finish_current()
            except ArchiveWriteError as error:
                self.failure = self.failure or error
                raise
        return list(self.finished)

    def __enter__(self) -> RotatingWarcWriter:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
