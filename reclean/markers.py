"""Completion markers, one per shard (datatrove-style): a shard with a marker is done.

Markers live in ``<output>/reclean/state/<job key>/``. The job key digests what
decides the output (cleaner version and step versions, cleaner, inputs and their
sizes, the shard plan, the documents planned, the derived-WARC flag), so a change
in any of these starts a fresh set of markers.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import Any

__all__ = ["ShardMarkers", "job_key"]


def job_key(parts: Iterable[Any]) -> str:
    """A short digest of the job's defining parts (JSON-serialisable values)."""
    sha = hashlib.sha1()
    for part in parts:
        sha.update(json.dumps(part, sort_keys=True, default=str).encode("utf-8"))
        sha.update(b"\n")
    return sha.hexdigest()[:16]


class ShardMarkers:
    """The markers of one job."""

    def __init__(self, state_dir: str | os.PathLike[str], key: str):
        self.directory = Path(state_dir) / key
        self.key = key

    def path(self, shard_key: str) -> Path:
        return self.directory / f"{shard_key}.done.json"

    def is_done(self, shard_key: str) -> bool:
        return self.path(shard_key).exists()

    def mark(self, shard_key: str, result: dict[str, Any]) -> None:
        """Write the marker atomically, with the shard's result."""
        target = self.path(shard_key)
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
        os.replace(tmp, target)

    def clear(self) -> None:
        shutil.rmtree(self.directory, ignore_errors=True)
