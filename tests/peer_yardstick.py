"""warcio as the yardstick: what its ``ArchiveIterator`` (or ``warcio recompress``) reads.

Shared by ``tests/test_peer_archives.py`` and ``benchmarks/peer_table.py``.
"""

from __future__ import annotations

import contextlib
import gc
import io
import os
import tempfile
import warnings
from dataclasses import dataclass
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.recompressor import Recompressor

HTTP_TYPES = ("response", "revisit")


@dataclass
class WarcioRead:
    """The records warcio's iterator gave, and how it ended."""

    records: list[tuple[str, str, int | None, bytes]]  # (type, url, status, payload)
    error: str = ""  # the exception that stopped it, if any

    @property
    def http(self) -> list[tuple[str, str, int | None, bytes]]:
        return [r for r in self.records if r[0] in HTTP_TYPES]


def _status(record) -> int | None:
    if record.http_headers is None or record.rec_type not in HTTP_TYPES:
        return None
    code = record.http_headers.get_statuscode()
    return int(code) if code and code.isdigit() else None


def warcio_read(path: str | os.PathLike[str]) -> WarcioRead:
    """Every record warcio's ``ArchiveIterator`` (ARC read as WARC) gives for ``path``."""
    out: list[tuple[str, str, int | None, bytes]] = []
    with open(path, "rb") as fh, contextlib.redirect_stderr(io.StringIO()):
        try:
            for record in ArchiveIterator(fh, arc2warc=True):
                payload = record.content_stream().read()
                out.append((record.rec_type, record.rec_headers.get_header("WARC-Target-URI")
                            or "", _status(record), payload))
        except Exception as exc:  # the yardstick's own failure is a result
            return WarcioRead(out, f"{type(exc).__name__}: {' '.join(str(exc).split())}")
    return WarcioRead(out)


def warcio_recompressed(path: str | os.PathLike[str]) -> WarcioRead:
    """What warcio's iterator reads in the file ``warcio recompress`` makes of ``path``."""
    with tempfile.TemporaryDirectory(prefix="peer-recompress-") as tmp:
        target = Path(tmp) / "recompressed.warc.gz"
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()), \
                warnings.catch_warnings():
            # warcio's writer leaves the spool files of the digests it adds unclosed
            warnings.simplefilter("ignore", ResourceWarning)
            try:
                Recompressor(str(path), str(target)).recompress()
            except SystemExit:
                return WarcioRead([], "warcio recompress failed")
            finally:
                gc.collect()
        return warcio_read(target)


def ours(path: str | os.PathLike[str]):
    """``(records, errors)`` as ``archive.reader.iter_records`` gives them (every type)."""
    from archive.reader import ALL_TYPES, iter_records

    errors = []
    with contextlib.redirect_stderr(io.StringIO()):
        records = [(r.record_type, r.url, r.status, r.payload)
                   for r in iter_records(path, types=ALL_TYPES, on_error=errors.append)]
    return records, errors


def cdxj_indexer_reference(path: str | os.PathLike[str], target: str | os.PathLike[str]) -> str:
    """What cdxj-indexer itself writes for ``path`` (raises what warcio raises)."""
    from cdxj_indexer.main import write_cdx_index

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)  # the digest spools, as above
        try:
            write_cdx_index(str(target), [str(path)], {"sort": True})
        finally:
            gc.collect()
    return Path(target).read_text(encoding="utf-8")
