"""Split WARC files into shards, ``(file, byte range)``, at record offsets from the CDXJ index.

A shard is the unit of work and of resumption (one completion marker each).
The plan depends only on the files and ``records_per_shard``, never on the
number of workers, so a run resumed with other ``--workers`` finds its markers.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

from .index import index_path_for, index_warc

__all__ = ["Shard", "plan_digest", "plan_shards", "record_offsets"]


@dataclass(frozen=True, order=True)
class Shard:
    """The records of ``path`` whose offsets lie in ``[start, end)`` (``end`` None: to EOF)."""

    path: str
    start: int
    end: int | None
    records: int  # index entries in the range (responses, revisits, ...)

    @property
    def key(self) -> str:
        """A file-name-safe, stable name: ``<warc name>@<start>-<end>``."""
        end = "eof" if self.end is None else str(self.end)
        return f"{Path(self.path).name}@{self.start}-{end}"

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def record_offsets(warc_path: str | os.PathLike[str],
                   index: str | os.PathLike[str] | None = None) -> list[int]:
    """Sorted offsets of the indexed records of one WARC: from ``index`` if given, else
    its ``.cdxj`` beside it (made if missing)."""
    cdxj = Path(index) if index is not None else index_path_for(warc_path)
    if not cdxj.exists():
        cdxj = index_warc(warc_path, target=index)
    offsets = set()
    with open(cdxj, encoding="utf-8") as fh:
        for line in fh:
            if line.strip() and not line.startswith("!"):
                offsets.add(int(json.loads(line.split(" ", 2)[2])["offset"]))
    return sorted(offsets)


def _split(path: str, offsets: list[int], per_shard: int) -> list[Shard]:
    if not offsets:
        return [Shard(path, 0, None, 0)]
    shards = []
    for first in range(0, len(offsets), per_shard):
        chunk = offsets[first:first + per_shard]
        start = 0 if first == 0 else chunk[0]
        following = first + per_shard
        end = offsets[following] if following < len(offsets) else None
        shards.append(Shard(path, start, end, len(chunk)))
    return shards


def plan_shards(paths: Iterable[str | os.PathLike[str]], *,
                records_per_shard: int = 100,
                index_of: Callable[[Path], Path | None] | None = None) -> list[Shard]:
    """Shards of every file, in file order then offset order; ``index_of(path)`` names a
    file's index when it is not beside it."""
    if records_per_shard <= 0:
        raise ValueError("records_per_shard must be positive")
    shards: list[Shard] = []
    for path in paths:
        index = index_of(Path(path)) if index_of is not None else None
        shards.extend(_split(str(path), record_offsets(path, index), records_per_shard))
    return shards


def plan_digest(shards: Iterable[Shard]) -> str:
    """A short digest of a shard plan (file names, sizes and ranges)."""
    sha = hashlib.sha1()
    for shard in shards:
        size = os.path.getsize(shard.path)
        sha.update(f"{Path(shard.path).name} {size} {shard.start} {shard.end}\n".encode())
    return sha.hexdigest()[:16]
