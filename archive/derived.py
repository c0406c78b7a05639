"""Derived WARCs: ``conversion`` records holding cleaned text, each pointing at its source.

Written to ``<name>.warc.gz.open`` and renamed when finished, like the crawl's files,
by the same whole-record file (``archive.files.UnitFile``): a write error never leaves a
torn record inside the file, and a rename counts only once it is synced.
"""

from __future__ import annotations

import os
from io import BytesIO
from pathlib import Path

from warcio.recordbuilder import RecordBuilder
from warcio.warcwriter import WARCWriter

from .files import ArchiveWriteError, UnitFile, finish_file
from .writer import OPEN_SUFFIX

__all__ = ["DerivedWarc", "build_conversion_record", "finish_partial"]

_builder = RecordBuilder(warc_version="1.1")


def build_conversion_record(target_uri: str, text: str, *, refers_to: str, refers_to_uri: str,
                            refers_to_date: str, date: str | None = None):
    """A ``conversion`` record of ``text`` (UTF-8) with ``WARC-Refers-To`` the source record."""
    data = text.encode("utf-8")
    headers = {
        "WARC-Refers-To": refers_to,
        "WARC-Refers-To-Target-URI": refers_to_uri,
        "WARC-Refers-To-Date": refers_to_date,
    }
    if date:
        headers["WARC-Date"] = date
    return _builder.create_warc_record(
        target_uri, "conversion", payload=BytesIO(data), length=len(data),
        warc_content_type="text/plain; charset=utf-8",
        warc_headers_dict={k: v for k, v in headers.items() if v},
    )


class DerivedWarc:
    """One derived WARC file; ``tell()`` after each record is a safe truncation point.

    A write error cuts the file back to its last complete record and raises
    ``ArchiveWriteError``; no later record is written to it.
    """

    def __init__(self, path: str | os.PathLike[str], info: dict[str, str]):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.open_path = self.path.with_name(self.path.name + OPEN_SUFFIX)
        try:  # a rerun of the same shard starts the file afresh
            fd = os.open(self.open_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC,
                         0o644)
        except OSError as exc:
            raise ArchiveWriteError.from_os_error(self.open_path, exc) from exc
        self.fh = UnitFile(self.open_path, fd)
        self.writer = WARCWriter(self.fh, gzip=True, warc_version="1.1")
        self.count = 0
        self.write(_builder.create_warcinfo_record(self.path.name, info))

    def tell(self) -> int:
        return self.fh.tell()

    def write(self, record) -> int:
        """Write one record; return the file position after it."""
        self.fh.write_unit(lambda: self.writer.write_record(record))
        self.count += 1
        return self.fh.tell()

    def finish(self) -> Path:
        """fsync, rename into place, fsync the directory."""
        return finish_file(self.fh, self.path)

    def discard(self) -> None:
        self.fh.discard()


def finish_partial(path: str | os.PathLike[str], good_size: int) -> Path:
    """Cut a killed writer's ``.open`` file back to its last whole record and finish it."""
    path = Path(path)
    open_path = path.with_name(path.name + OPEN_SUFFIX)
    try:
        fd = os.open(open_path, os.O_RDWR | os.O_CLOEXEC)
    except OSError as exc:
        raise ArchiveWriteError.from_os_error(open_path, exc) from exc
    file = UnitFile(open_path, fd)
    try:
        os.ftruncate(fd, good_size)
    except OSError as exc:
        file.close()
        raise ArchiveWriteError.from_os_error(open_path, exc) from exc
    return finish_file(file, path)
