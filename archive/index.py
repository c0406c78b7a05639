"""CDXJ indexes (pywb's format, written by cdxj-indexer) and URL look-ups in them.

Each finished ``<name>.warc.gz`` gets a sorted ``<name>.cdxj`` beside it, so a
directory of WARCs is also a pywb index directory.
"""

from __future__ import annotations

import bisect
import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from surt import surt

from .location import RecordLocation

__all__ = ["Capture", "CdxjIndex", "index_path_for", "index_warc", "url_key"]

WARC_SUFFIX = ".warc.gz"


def index_path_for(warc_path: str | os.PathLike[str]) -> Path:
    """``x.warc.gz`` -> ``x.cdxj`` in the same directory."""
    path = Path(warc_path)
    name = path.name
    stem = name[: -len(WARC_SUFFIX)] if name.endswith(WARC_SUFFIX) else path.stem
    return path.with_name(stem + ".cdxj")


def index_warc(warc_path: str | os.PathLike[str]) -> Path:
    """Write the sorted CDXJ index of one WARC beside it (atomically); return its path."""
    from cdxj_indexer.main import write_cdx_index  # slow to import; readers never need it

    target = index_path_for(warc_path)
    tmp = target.with_name(target.name + ".tmp")
    write_cdx_index(str(tmp), [str(warc_path)], {"sort": True})
    os.replace(tmp, target)
    return target


def url_key(url: str) -> str:
    """The SURT key pywb sorts by."""
    return surt(url)


@dataclass(frozen=True)
class Capture:
    """One index line: a record of ``url`` at ``timestamp`` in ``filename``."""

    urlkey: str
    timestamp: str  # 14 digits, UTC
    url: str
    filename: str
    offset: int
    length: int
    status: str
    digest: str
    mime: str
    record_type: str  # "response", "revisit", "request"...
    directory: Path

    @property
    def path(self) -> Path:
        return self.directory / self.filename

    @property
    def location(self) -> RecordLocation:
        """Where the record sits (its id and WARC-Date are not in the index)."""
        return RecordLocation(self.filename, self.offset, self.length, payload_digest=self.digest,
                              target_uri=self.url, record_type=self.record_type)


def _parse_line(line: str, directory: Path) -> Capture:
    urlkey, timestamp, data = line.split(" ", 2)
    fields = json.loads(data)
    return Capture(
        urlkey=urlkey,
        timestamp=timestamp,
        url=fields.get("url", ""),
        filename=fields["filename"],
        offset=int(fields["offset"]),
        length=int(fields["length"]),
        status=fields.get("status", ""),
        digest=fields.get("digest", ""),
        mime=fields.get("mime", ""),
        record_type="revisit" if fields.get("mime") == "warc/revisit" else "response",
        directory=directory,
    )


class CdxjIndex:
    """The captures of every ``*.cdxj`` file under the given paths, for look-up by URL."""

    def __init__(self, paths: Iterable[str | os.PathLike[str]]):
        lines: list[tuple[str, str, Path]] = []
        for cdxj in _iter_cdxj(paths):
            with open(cdxj, encoding="utf-8") as fh:
                for line in fh:
                    if line.strip() and not line.startswith("!"):
                        key, _ = line.split(" ", 1)
                        lines.append((key, line.rstrip("\n"), cdxj.parent))
        lines.sort(key=lambda item: (item[0], item[1]))
        self._keys = [item[0] for item in lines]
        self._lines = lines

    def __len__(self) -> int:
        return len(self._lines)

    def lookup(self, url: str) -> list[Capture]:
        """Every capture of ``url``, oldest first."""
        key = url_key(url)
        start = bisect.bisect_left(self._keys, key)
        end = bisect.bisect_right(self._keys, key)
        captures = [_parse_line(line, d) for _, line, d in self._lines[start:end]]
        return sorted(captures, key=lambda c: c.timestamp)

    def __iter__(self) -> Iterator[Capture]:
        for _, line, directory in self._lines:
            yield _parse_line(line, directory)


def _iter_cdxj(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Path]:
    for path in map(Path, paths):
        if path.is_dir():
            yield from sorted(path.rglob("*.cdxj"))
        elif path.suffix == ".cdxj":
            yield path
        elif path.name.endswith(WARC_SUFFIX) and index_path_for(path).exists():
            yield index_path_for(path)
