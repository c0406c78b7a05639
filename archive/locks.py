"""Whether a file is held: the advisory ``flock`` the writers and crawls take."""

from __future__ import annotations

import fcntl
import os

__all__ = ["is_locked"]


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
