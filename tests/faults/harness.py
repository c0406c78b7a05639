"""Reusable pieces of the reliability suite (archive tests here, crawl tests later).

- ``small_filesystem``: a tiny tmpfs (a real full disk), or None where mounting fails;
- ``FullDisk``: the same interface over a tmpfs or over an injected ``ENOSPC``;
- ``run_until_fault``: run a subprocess with a fault point armed, know it fired;
- ``check_warcs``, ``record_keys``, ``complete_members_in``, ``index_gaps``: what must
  hold afterwards (every finished WARC passes ``warcio check``, no complete record in
  a ``.tail``, every record indexed).
"""

from __future__ import annotations

import errno
import json
import os
import signal
import subprocess
import sys
import tempfile
import uuid
import zlib
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from archive import faults

from ..helpers import REPO, warcio_check

__all__ = ["FaultRun", "FullDisk", "TrialOutcome", "archive_trial", "check_warcs",
           "complete_members_in", "index_gaps", "record_keys", "run_and_kill",
           "run_until_fault", "small_filesystem", "writer_child"]

# -- a full disk ------------------------------------------------------------------------------


def _run(*command: str) -> bool:
    try:
        return subprocess.run(command, capture_output=True, timeout=30).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


@contextmanager
def small_filesystem(directory: str | os.PathLike[str], size: str = "2m") -> Iterator[Path | None]:
    """Mount a tmpfs of ``size`` on ``directory`` (made if missing) for the block;
    yields the mount point, or None where this machine cannot mount. Always unmounted."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    if not _run("mount", "-t", "tmpfs", "-o", f"size={size},mode=0755", "tmpfs",
                str(directory)):
        yield None
        return
    try:
        yield directory
    finally:
        if not _run("umount", str(directory)):
            _run("umount", "-l", str(directory))


@dataclass
class FullDisk:
    """A directory whose free space a test controls: ``leave(n)`` leaves about ``n``
    bytes free, ``free()`` gives the space back. ``real`` is True on a tmpfs; else
    writes through ``archive.files`` fail with ``ENOSPC`` once ``n`` bytes are used
    (a partial write first, as a real disk does)."""

    path: Path
    real: bool
    _budget: list[float] = field(default_factory=lambda: [float("inf")])

    def leave(self, free_bytes: int) -> None:
        if not self.real:
            self._budget[0] = free_bytes
            return
        self.free()
        stat = os.statvfs(self.path)
        ballast = stat.f_bavail * stat.f_frsize - free_bytes
        with open(self.path / ".ballast", "wb") as fh:
            while ballast > 0:
                piece = min(ballast, 1 << 16)
                try:
                    fh.write(b"\0" * piece)
                except OSError:  # the last page did not fit
                    break
                ballast -= piece

    def free(self) -> None:
        if self.real:
            (self.path / ".ballast").unlink(missing_ok=True)
        else:
            self._budget[0] = float("inf")

    def child_args(self) -> list[str]:
        """``writer_child`` options for the same full disk in a subprocess (its space
        returns after its first error)."""
        if self.real:
            return ["--ballast", str(self.path / ".ballast")]
        return ["--enospc-after", str(int(self._budget[0]))]

    def injected_write(self, original):
        """A replacement for ``archive.files.write_all`` that runs out of space."""
        budget = self._budget

        def write_all(fd: int, data, offset: int) -> None:
            if len(data) <= budget[0]:
                budget[0] -= len(data)
                return original(fd, data, offset)
            room = int(budget[0])
            if room:
                os.pwrite(fd, bytes(data[:room]), offset)
            budget[0] = 0
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        return write_all


# -- kills at named points -------------------------------------------------------------------


@dataclass
class FaultRun:
    """A subprocess run with a fault point armed."""

    returncode: int
    stdout: str
    stderr: str
    fired: str | None  # the point that killed it, if one did

    def lines(self) -> list[dict]:
        """The child's stdout as JSON lines (the writer child acknowledges records so)."""
        return [json.loads(line) for line in self.stdout.splitlines() if line.startswith("{")]


def child_env(**extra: str) -> dict[str, str]:
    """The environment for a subprocess of the suite: the repo importable, no fault
    armed unless given."""
    env = {k: v for k, v in os.environ.items()
           if k not in (faults.ENV_VAR, faults.MARK_ENV_VAR)}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    env.update(extra)
    return env


def run_until_fault(command: list[str], point: str | None, *, timeout: float = 120,
                    cwd: str | os.PathLike[str] = REPO, env: dict[str, str] | None = None
                    ) -> FaultRun:
    """Run ``command`` with ``GOVREPLY_FAULT_POINT=point`` (``name`` or ``name@N``);
    ``fired`` says whether the point killed it (SIGKILL and the mark file both)."""
    mark = Path(tempfile.gettempdir()) / f"govreply-fault-{uuid.uuid4().hex}"
    extra = {faults.MARK_ENV_VAR: str(mark)}
    if point:
        extra[faults.ENV_VAR] = point
    full_env = {**child_env(**extra), **(env or {})}
    try:
        result = subprocess.run(command, cwd=cwd, env=full_env, capture_output=True,
                                text=True, timeout=timeout)
        name = mark.read_text(encoding="utf-8") if mark.exists() else None
    finally:
        mark.unlink(missing_ok=True)
    fired = name if result.returncode == -signal.SIGKILL and name else None
    return FaultRun(result.returncode, result.stdout, result.stderr, fired)


def run_and_kill(command: list[str], after: float, *, cwd: str | os.PathLike[str] = REPO,
                 env: dict[str, str] | None = None) -> FaultRun:
    """Start ``command``, SIGKILL it ``after`` seconds later (unless it ended first)."""
    proc = subprocess.Popen(command, cwd=cwd, env={**child_env(), **(env or {})},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        stdout, stderr = proc.communicate(timeout=after)
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGKILL)
        stdout, stderr = proc.communicate(timeout=60)
    killed = proc.returncode == -signal.SIGKILL
    return FaultRun(proc.returncode, stdout, stderr, "SIGKILL" if killed else None)


def writer_child(out: str | os.PathLike[str], *args: str) -> list[str]:
    """The command line of ``tests/faults/writer_child.py`` writing into ``out``."""
    return [sys.executable, "-m", "tests.faults.writer_child", str(out), *args]


# -- what must hold afterwards ---------------------------------------------------------------


def finished_warcs(directory: str | os.PathLike[str]) -> list[Path]:
    return sorted(Path(directory).rglob("*.warc.gz"))


def check_warcs(directory: str | os.PathLike[str]) -> subprocess.CompletedProcess[str] | None:
    """``warcio check`` over every finished WARC under ``directory`` (None if there is
    none); the result's returncode is 0 when all pass (``tests.helpers.warcio_check``,
    which also counts the errors warcio only prints)."""
    paths = finished_warcs(directory)
    if not paths:
        return None
    return warcio_check(paths)


def record_keys(paths: list[Path], types: tuple[str, ...] = ("response", "revisit", "request",
                                                             "conversion")) -> set[str]:
    """The ``WARC-Record-ID`` of every record of ``types`` in ``paths`` (to compare the
    record sets of two runs, or what a writer acknowledged with what is on disk)."""
    keys = set()
    for path in paths:
        with open(path, "rb") as fh:
            for record in ArchiveIterator(fh):
                if record.rec_type in types:
                    keys.add(record.rec_headers.get_header("WARC-Record-ID"))
    return keys


def complete_members_in(path: str | os.PathLike[str]) -> int:
    """How many complete gzip members ``path`` holds anywhere (resyncing past damage):
    a ``.tail`` must hold none, or a complete record was moved aside."""
    data = Path(path).read_bytes()
    count, position = 0, data.find(b"\x1f\x8b\x08")
    while position >= 0:
        decomp = zlib.decompressobj(wbits=31)
        with suppress(zlib.error):
            decomp.decompress(data[position:])
        if decomp.eof:
            count += 1
            position = len(data) - len(decomp.unused_data)
            position = data.find(b"\x1f\x8b\x08", position)
        else:
            position = data.find(b"\x1f\x8b\x08", position + 1)
    return count


def index_gaps(directory: str | os.PathLike[str]) -> list[str]:
    """Problems with the indexes under ``directory``: a finished WARC without a
    ``.cdxj``, or a response/revisit record its index does not list."""
    from archive.index import index_path_for

    gaps = []
    for warc in finished_warcs(directory):
        cdxj = index_path_for(warc)
        if not cdxj.exists():
            gaps.append(f"{warc.name}: no index")
            continue
        listed = set()
        for line in cdxj.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("!"):
                listed.add(int(json.loads(line.split(" ", 2)[2])["offset"]))
        with open(warc, "rb") as fh:
            iterator = ArchiveIterator(fh)
            for record in iterator:
                if record.rec_type in ("response", "revisit") and iterator.offset not in listed:
                    gaps.append(f"{warc.name}:{iterator.offset}: not in the index")
    return gaps


# -- one trial: a writer killed, the next start, the checks ----------------------------------


@dataclass
class TrialOutcome:
    """What one kill of a writer left, after the next start's recovery and indexing."""

    killed: bool
    acknowledged: int  # records the writer reported written
    lost: int  # acknowledged records not in any finished WARC afterwards
    moved_aside: int  # complete records found in .tail files
    check_failed: bool  # some finished WARC fails ``warcio check``
    index_gaps: list[str]
    left_open: int  # .open files left after recovery

    @property
    def ok(self) -> bool:
        return not (self.lost or self.moved_aside or self.check_failed or self.index_gaps
                    or self.left_open)


def archive_trial(out: Path, run: FaultRun) -> TrialOutcome:
    """Run the next start's steps over ``out`` (recovery, then the missing indexes)
    after ``run`` (a ``writer_child``) ended, and check everything the issue asks."""
    from archive.index import ensure_indexes
    from archive.recovery import recover_open_files

    acknowledged = {line["record_id"] for line in run.lines() if "record_id" in line}
    # the writer is dead and reaped: no live writer can be starting on a file, so a file
    # it opened by rotating just before the kill (no complete record yet) is recovered now
    # rather than after the grace that protects a live writer's fresh file (this left one
    # ``.open`` behind when a kill landed there under load)
    recover_open_files(out, grace=0)
    ensure_indexes(out)
    check = check_warcs(out)
    archived = record_keys(finished_warcs(out))
    return TrialOutcome(
        killed=run.returncode == -signal.SIGKILL,
        acknowledged=len(acknowledged),
        lost=len(acknowledged - archived),
        moved_aside=sum(complete_members_in(tail) for tail in out.glob("*.tail")),
        check_failed=check is not None and check.returncode != 0,
        index_gaps=index_gaps(out),
        left_open=len(list(out.glob("*.open"))),
    )
