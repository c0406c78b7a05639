"""One lock per portal: two crawls never work on the same section at once.

``PortalLocks(layout, names).acquire()`` takes ``locks/<portal>.lock`` for every portal a
run will crawl, all or none (in name order, so two runs cannot each hold half), so
``-a name=all`` and ``-a name=pingtan_zxta`` exclude each other while two different
portals run side by side. ``release()`` removes the lock files it holds: a file is
unlinked only by its holder, and a taker checks that the file it locked is still the
one under the name, so no two processes ever think they hold the same portal.
"""

from __future__ import annotations

import fcntl
import os
import re
from contextlib import suppress
from pathlib import Path
from typing import IO

from corpus.layout import OutputLayout

__all__ = ["LockBusy", "PortalLocks", "lock_label"]


class LockBusy(Exception):
    """Another run holds the lock of ``portal``."""

    def __init__(self, portal: str):
        super().__init__(f"another run of {portal} is in progress")
        self.portal = portal


def lock_label(name: str) -> str:
    """A portal name as a file name (registry names already are)."""
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", name).strip(".")[:80] or "_"


def _take(path: Path) -> IO[str]:
    """Open and lock ``path`` (no wait): the open file, or ``LockBusy``."""
    while True:
        handle = open(path, "a")  # noqa: SIM115 - held until release()
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            raise LockBusy(path.stem) from None
        try:
            same = os.fstat(handle.fileno()).st_ino == os.stat(path).st_ino
        except FileNotFoundError:
            same = False
        if same:
            return handle
        handle.close()  # its holder removed it after we opened it: take the new file


class PortalLocks:
    """The locks of one run's portals."""

    def __init__(self, layout: OutputLayout, names: list[str]):
        self.paths = [layout.lock_file(label) for label in sorted({lock_label(n) for n in names})]
        self._held: list[tuple[Path, IO[str]]] = []

    def acquire(self) -> PortalLocks:
        """Take every lock, or none (``LockBusy`` names the portal in use)."""
        for path in self.paths:
            path.parent.mkdir(parents=True, exist_ok=True)
            try:
                self._held.append((path, _take(path)))
            except LockBusy:
                self.release()
                raise
        return self

    def release(self) -> None:
        while self._held:
            path, handle = self._held.pop()
            with suppress(OSError):
                path.unlink(missing_ok=True)  # while still locked: nobody else holds it
            handle.close()

    def __enter__(self) -> PortalLocks:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()
