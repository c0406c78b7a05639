"""Rotating WARC writer: one gzip member per record, ``.open`` until complete.

A file is written as ``<name>.warc.gz.open`` under an exclusive ``flock`` and
renamed to ``<name>.warc.gz`` only once it is complete and synced, then indexed
(``<name>.cdxj`` beside it). Every record is flushed to the OS as soon as it is
written, so a killed process loses no finished record; ``recover_open_files``
turns what a crash left behind into finished files (see ``archive.recovery``).
"""

from __future__ import annotations

import fcntl
import logging
import os
import socket
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from warcio.warcwriter import WARCWriter

from . import records
from .index import index_warc
from .location import RecordLocation

__all__ = ["OPEN_SUFFIX", "RecordLocation", "RotatingWarcWriter", "warc_filename"]

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
    """One ``.open`` file being written, locked against recovery by other processes."""

    def __init__(self, directory: Path, name: str):
        self.name = name
        self.final_path = directory / name
        self.open_path = directory / (name + OPEN_SUFFIX)
        self.fh = open(self.open_path, "xb")  # noqa: SIM115 - closed in finish()
        fcntl.flock(self.fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        self.writer = WARCWriter(self.fh, gzip=True, warc_version="1.1")

    def tell(self) -> int:
        return self.fh.tell()

    def write(self, record) -> tuple[int, int]:
        offset = self.fh.tell()
        self.writer.write_record(record)
        self.fh.flush()
        return offset, self.fh.tell() - offset

    def finish(self) -> Path:
        self.fh.flush()
        os.fsync(self.fh.fileno())
        os.replace(self.open_path, self.final_path)
        _fsync_dir(self.final_path.parent)
        fcntl.flock(self.fh.fileno(), fcntl.LOCK_UN)
        self.fh.close()
        return self.final_path


def _fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class RotatingWarcWriter:
    """Writes HTTP exchanges as WARC/1.1 records, rotating files at ``max_size`` bytes.

    Thread-safe. ``on_finish`` is called with each finished file's path after it
    has been renamed and indexed.
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
        self._serial = 0
        self._current: _OpenWarc | None = None
        self._lock = threading.Lock()

    # -- files -------------------------------------------------------------
    def _open_next(self) -> _OpenWarc:
        while True:
            name = warc_filename(self.prefix, self._serial, self.host)
            self._serial += 1
            try:
                current = _OpenWarc(self.directory, name)
            except FileExistsError:
                continue
            if current.final_path.exists():  # pragma: no cover - same millisecond, same serial
                current.fh.close()
                current.open_path.unlink()
                continue
            break
        info = {"software": "govreply", "hostname": self.host, "format": "WARC File Format 1.1"}
        info.update(self.warcinfo)
        current.write(records.build_warcinfo_record(name, info))
        return current

    def _finish_current(self) -> None:
        if self._current is None:
            return
        path = self._current.finish()
        self._current = None
        if self.index:
            index_warc(path)
        self.finished.append(path)
        logger.info("finished WARC %s", path)
        if self.on_finish:
            self.on_finish(path)

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
        """Write one record of its own (a ``metadata`` record, say); return its location."""
        with self._lock:
            current = self._writable()
            offset, length = current.write(record)
            return self._locate(current, record, offset, length)

    def _write_with_request(self, exchange: records.HttpExchange, main) -> RecordLocation:
        record_id = main.rec_headers.get_header("WARC-Record-ID")
        date = main.rec_headers.get_header("WARC-Date")
        request = records.build_request_record(exchange, record_id, date)
        with self._lock:
            current = self._writable()
            offset, length = current.write(main)
            current.write(request)
            return self._locate(current, main, offset, length)

    def close(self) -> list[Path]:
        """Finish the current file; return every file this writer finished."""
        with self._lock:
            self._finish_current()
        return list(self.finished)

    def __enter__(self) -> RotatingWarcWriter:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
