"""Whether a file is held: the advisory ``flock`` the writers and crawls take."""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["held_lock", "is_locked"]


def is_locked(path: str | os.PathLike[str]) -> bool:
    """True when another open file holds an exclusive ``flock`` on ``path`` (a missing
    file is not locked)."""
    try:
        fh = open(path, "rb")  # noqa: SIM115 - closed below, after the probe
    except FileNotFoundError:
        return False
    with fh:
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(fh.fileno(), fcntl.LOCK_UN)
        return False


@contextmanager
def held_lock(path: str | os.PathLike[str]) -> Iterator[int | None]:
    """Hold an exclusive ``flock`` on ``path`` for the block: yields the open descriptor
    (read and write), or None when the file is missing, held by someone else, or no
    longer under that name once locked. Whoever changes or removes a file others may
    write must hold this, not merely probe ``is_locked`` first."""
    try:
        fd = os.open(path, os.O_RDWR | os.O_CLOEXEC)
    except FileNotFoundError:
        yield None
        return
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield None
            return
        yield fd if _same_file(path, fd) else None
    finally:
        os.close(fd)


def _same_file(path: str | os.PathLike[str], fd: int) -> bool:
    try:
        named = os.stat(path)
    except FileNotFoundError:
        return False
    held = os.fstat(fd)
    return (named.st_dev, named.st_ino) == (held.st_dev, held.st_ino)
