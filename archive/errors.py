"""The one damage report every reading path hands out."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["ReadError"]


@dataclass(frozen=True)
class ReadError:
    """A part of a file that could not be read.

    ``kind``: ``"truncated"`` when the file ends inside the record, ``"refused"`` when
    the file is not a WARC or ARC at all, else ``"corrupt"``. ``cause`` is a short
    code for counting (``gzip-multi-record``, ``gzip-corrupt``, ``parse-error``,
    ``short-record``, ``no-record``, ``not-an-archive``).
    """

    path: str
    offset: int
    reason: str
    kind: str = "corrupt"
    cause: str = ""
