"""Archive files that only ever hold whole records.

- ``create_locked``: a new file appears under its name already locked (it is made
  under a temporary name, locked, then linked into place), so recovery in another
  process can never take a live writer's new file for a dead one.
- ``UnitFile``: appends in units (a record, or a response with its request). A unit
  is written whole or not at all: on a write error the file is cut back to where the
  unit began, and the file refuses every later write (``ArchiveWriteError``).
- ``finish_file``: fsync, rename, fsync the directory: a rename counts only once both
  the data and the new name are on disk.
"""

from __future__ import annotations

import errno
import fcntl
import logging
import os
from collections.abc import Callable
from pathlib import Path

from .faults import fault_point

__all__ = ["CREATING_SUFFIX", "SPILL_BYTES", "ArchiveWriteError", "UnitFile", "create_locked",
           "finish_file", "fsync_dir", "write_all"]

logger = logging.getLogger(__name__)

CREATING_SUFFIX = ".creating"  # a file being created, before it is locked and visible
SPILL_BYTES = 1 << 20  # a unit is written in pieces of about this size
_NO_HARD_LINKS = {errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK}


class ArchiveWriteError(Exception):
    """Writing the archive failed (full disk, quota, I/O error): the crawl must stop.

    Nothing finished is damaged: the file was cut back to its last complete record
    (and finished, when that was possible) and the writer refuses every later write.
    ``path`` is the file, ``errno`` the OS error number (``errno.ENOSPC`` for a full
    disk). The commands exit with ``EXIT_CODE`` (74, sysexits' EX_IOERR) and print
    ``str(error)`` as their one line on stderr.
    """

    EXIT_CODE = 74

    def __init__(self, path: str | os.PathLike[str], error_number: int | None, reason: str,
                 detail: str = ""):
        self.path = Path(path)
        self.errno = error_number
        self.reason = reason
        self.detail = detail
        suffix = f"; {detail}" if detail else ""
        super().__init__(f"archive write failed: {self.path}: {reason}{suffix}")

    @classmethod
    def from_os_error(cls, path: str | os.PathLike[str], exc: OSError,
                      detail: str = "") -> ArchiveWriteError:
        reason = exc.strerror or str(exc)
        return cls(path, exc.errno, f"{reason} (errno {exc.errno})", detail)

    @property
    def disk_full(self) -> bool:
        return self.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)


def fsync_dir(directory: str | os.PathLike[str]) -> None:
    """Make a rename or a new name in ``directory`` durable."""
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _link_into_place(temporary: Path, path: Path) -> None:
    """Give the file ``temporary`` the name ``path``, never replacing an existing one."""
    try:
        os.link(temporary, path)
    except OSError as exc:
        if exc.errno not in _NO_HARD_LINKS:
            raise
        if path.exists():  # a file system without hard links: check, then rename
            raise FileExistsError(errno.EEXIST, "file exists", str(path)) from exc
        os.rename(temporary, path)
        return
    temporary.unlink(missing_ok=True)


def create_locked(path: str | os.PathLike[str]) -> int:
    """A new empty file at ``path``, open for writing and holding an exclusive ``flock``
    from before the name exists. Raises ``FileExistsError`` when the name is taken."""
    path = Path(path)
    temporary = path.with_name(path.name + CREATING_SUFFIX)
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        fault_point("warc.created")
        _link_into_place(temporary, path)
    except (BlockingIOError, FileNotFoundError) as exc:
        # recovery took the temporary name for a dead writer's (only with no grace
        # period): this name is lost, the caller tries the next one
        os.close(fd)
        raise FileExistsError(errno.EEXIST, "lost the name to recovery", str(path)) from exc
    except BaseException:
        os.close(fd)
        temporary.unlink(missing_ok=True)
        raise
    return fd


def write_all(fd: int, data: bytes | bytearray, offset: int) -> None:
    """``pwrite`` all of ``data`` at ``offset`` (a short write is continued)."""
    view = memoryview(data)
    while view:
        written = os.pwrite(fd, view, offset)
        view = view[written:]
        offset += written


class UnitFile:
    """An open file that grows by whole units only; also the file object warcio writes to.

    The writes of one ``write_unit`` are gathered (and spilled in ``SPILL_BYTES``
    pieces); the unit is handed to the OS when it ends. Nothing is fsynced per unit:
    ``sync()`` does that, at rotation and close.
    """

    def __init__(self, path: str | os.PathLike[str], fd: int):
        self.path = Path(path)
        self.fd = fd
        self.size = os.fstat(fd).st_size  # the end of the last complete unit
        self.failed: ArchiveWriteError | None = None
        self.torn = False  # a failed unit could not be cut back: leave the file to recovery
        self._pending = bytearray()
        self._spilled = 0  # bytes of the current unit already written

    # -- what warcio calls ------------------------------------------------------
    def write(self, data: bytes) -> None:
        pending = self._pending
        pending += data
        if len(pending) >= SPILL_BYTES:
            self._spill()
            fault_point("warc.mid_record")

    def flush(self) -> None:
        """warcio flushes after each record; a unit reaches the disk when it ends."""

    def tell(self) -> int:
        return self.size + self._spilled + len(self._pending)

    # -- units ------------------------------------------------------------------
    def write_unit(self, write: Callable[[], object]) -> None:
        """Run ``write`` (which writes through this file): what it wrote is kept whole,
        or the file is cut back to before it and the exception passed on."""
        if self.failed is not None:
            raise ArchiveWriteError(self.path, self.failed.errno, self.failed.reason,
                                    "no more records are written to this file")
        try:
            write()
            self._spill()
        except BaseException:
            self._cut_back()
            raise
        self.size += self._spilled
        self._spilled = 0

    def _spill(self) -> None:
        try:
            write_all(self.fd, self._pending, self.size + self._spilled)
        except OSError as exc:
            self.failed = ArchiveWriteError.from_os_error(
                self.path, exc, "the file was cut back to its last complete record")
            raise self.failed from exc
        self._spilled += len(self._pending)
        self._pending = bytearray()  # (a new one: a failed write may still export the old)

    def _cut_back(self) -> None:
        self._pending = bytearray()
        self._spilled = 0
        self.trim()

    def trim(self) -> None:
        """Cut anything past the last complete unit off the file."""
        try:
            if os.fstat(self.fd).st_size != self.size:
                os.ftruncate(self.fd, self.size)
        except OSError as exc:
            self.torn = True
            self.failed = self.failed or ArchiveWriteError.from_os_error(
                self.path, exc, "cannot cut the file back to its last complete record")
            logger.error("%s", self.failed)

    # -- the end --------------------------------------------------------------
    def sync(self) -> None:
        try:
            os.fsync(self.fd)
        except OSError as exc:
            raise ArchiveWriteError.from_os_error(self.path, exc) from exc

    def close(self) -> None:
        """Close (and so unlock) the file, leaving it where it is."""
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1

    def discard(self) -> None:
        """Remove the file (the caller's own, still locked) and close it."""
        self.path.unlink(missing_ok=True)
        self.close()


def finish_file(file: UnitFile, final_path: str | os.PathLike[str]) -> Path:
    """fsync ``file``, rename it to ``final_path``, fsync the directory, then close it
    (the lock is held until the name is final). On an error the file is closed where
    it is (``.open``, whole records only) for recovery, and ``ArchiveWriteError`` raised."""
    final_path = Path(final_path)
    try:
        file.trim()
        if file.torn:
            raise ArchiveWriteError(file.path, None, "cannot cut back to the last record",
                                    "left for recovery")
        file.sync()
        try:
            os.replace(file.path, final_path)
            fsync_dir(final_path.parent)
        except OSError as exc:
            raise ArchiveWriteError.from_os_error(final_path, exc) from exc
    finally:
        file.close()
    return final_path
