"""Where a record sits in a WARC file: the one shape every layer uses.

The writer returns it for each record it writes, the crawl state stores it, index
captures and read records give it, decision records and sidecars cite it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any

__all__ = ["POINTER_KEYS", "RecordLocation"]

# The part of a location a document's sidecar cites (docs/FORMAT.md, ``warc``).
POINTER_KEYS = ("filename", "offset", "length", "record_id", "payload_digest")


@dataclass(frozen=True)
class RecordLocation:
    """One record: enough to read it back, to refer to it, and to cite it."""

    filename: str  # the finished file's name (never the ``.open`` name)
    offset: int
    length: int | None = None  # bytes in the file; None when not known (older state)
    record_id: str = ""
    payload_digest: str = ""
    date: str = ""  # WARC-Date
    target_uri: str = ""
    record_type: str = ""  # "response", "revisit", "metadata", ...

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RecordLocation:
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})

    def pointer(self) -> dict[str, Any]:
        """The sidecar's ``warc`` pointer."""
        return {key: getattr(self, key) for key in POINTER_KEYS}
