"""Revisit resolution, the one answer: a revisit -> the record that holds its payload.

The crawl knows where the original of each revisit sits (its state recorded it,
and the decision record names it); a re-clean of our WARCs reads that location.
For WARCs without decisions (older ones, other crawlers) the original is looked
up in the CDXJ index by URI and date, then by payload digest.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable
from pathlib import Path

from archive.index import CdxjIndex
from archive.location import RecordLocation
from archive.reader import ArchivedRecord, read_record_at, resolve_revisit

from .maker import CannotMake

__all__ = ["PathOf", "payload_of", "read_at"]

PathOf = Callable[[str], "str | os.PathLike[str] | None"]  # WARC file name -> its path


def read_at(location: RecordLocation, path_of: PathOf) -> ArchivedRecord:
    """The record at a recorded location, named by its finished file (never ``.open``).

    Raises ``CannotMake("unresolved-revisit")`` when the file or the record is not
    there (or another record is).
    """
    path = path_of(location.filename)
    if path is None:
        raise CannotMake("unresolved-revisit", f"{location.filename} is not among the WARCs")
    try:
        record = read_record_at(path, location.offset)
    except (OSError, ValueError) as exc:
        raise CannotMake("unresolved-revisit", f"{location.filename}:{location.offset}: "
                                               f"{exc}") from exc
    if location.record_id and record.record_id != location.record_id:
        raise CannotMake("unresolved-revisit", f"{location.filename}:{location.offset} holds "
                                               f"{record.record_id}, not {location.record_id}")
    return dataclasses.replace(record, path=Path(path).with_name(location.filename))


def payload_of(record: ArchivedRecord, *, known: RecordLocation | None = None,
               path_of: PathOf | None = None, index: CdxjIndex | None = None) -> ArchivedRecord:
    """The record holding ``record``'s payload: itself, or for a revisit its original,
    at ``known`` if the location was recorded, else as the index finds it."""
    if record.record_type != "revisit":
        return record
    if known is not None and path_of is not None:
        original = read_at(known, path_of)
    else:
        original = resolve_revisit(record, index) if index is not None else None
    if original is None or original.record_type != "response":
        raise CannotMake("unresolved-revisit", f"no original for {record.refers_to_uri}")
    return original
