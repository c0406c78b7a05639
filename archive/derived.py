"""Derived WARCs: ``conversion`` records holding cleaned text, each pointing at its source.

Written to ``<name>.warc.gz.open`` and renamed when finished, like the crawl's files.
"""

from __future__ import annotations

import os
from io import BytesIO
from pathlib import Path

from warcio.recordbuilder import RecordBuilder
from warcio.warcwriter import WARCWriter

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
    """One derived WARC file; ``tell()`` after each record is a safe truncation point."""

    def __init__(self, path: str | os.PathLike[str], info: dict[str, str]):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.open_path = self.path.with_name(self.path.name + OPEN_SUFFIX)
        self.fh = open(self.open_path, "wb")  # noqa: SIM115 - closed in finish()
        self.writer = WARCWriter(self.fh, gzip=True, warc_version="1.1")
        self.count = 0
        self.write(_builder.create_warcinfo_record(self.path.name, info))

    def write(self, record) -> int:
        """Write one record, flush it; return the file position after it."""
        self.writer.write_record(record)
        self.fh.flush()
        self.count += 1
        return self.fh.tell()

    def finish(self) -> Path:
        self.fh.close()
        os.replace(self.open_path, self.path)
        return self.path

    def discard(self) -> None:
        self.fh.close()
        self.open_path.unlink(missing_ok=True)


def finish_partial(path: str | os.PathLike[str], good_size: int) -> Path:
    """Cut a killed writer's ``.open`` file back to its last whole record and finish it."""
    path = Path(path)
    open_path = path.with_name(path.name + OPEN_SUFFIX)
    with open(open_path, "r+b") as fh:
        fh.truncate(good_size)
    os.replace(open_path, path)
    return path
