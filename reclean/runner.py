"""Run shards in a worker process, with a watchdog; collect each shard's result.

``ShardRunner`` keeps one worker process (``reclean.worker``) and sends
it shards one at a time. The worker limits each document with SIGALRM; if a
document still runs ``grace`` seconds past its limit (stuck in C code), or the
worker dies, the runner kills it, counts the document as failed, and restarts
the shard after that record, unless the kill cut that document's pair in half:
then the shard is left unfinished (no marker), and the next run makes it again.
A finished shard's documents are synced and it gets its completion marker here, where
the shard ran (``finish_shard``), so local and Dask runs resume the same way.
"""

from __future__ import annotations

import json
import logging
import os
import select
import subprocess
import sys
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from archive.derived import finish_partial
from archive.files import ArchiveWriteError
from corpus.layout import DocumentPaths, OutputLayout

from .markers import ShardMarkers
from .shard import ShardTask, sync_documents

__all__ = ["ShardResult", "ShardRunner", "finish_shard", "run_shard_here"]

logger = logging.getLogger(__name__)

MAX_FAILURES_KEPT = 200
_BOOT = ("import sys, json, os; sys.path[:0] = json.loads(os.environ['GOVREPLY_RECLEAN_PATH']); "
         "from reclean.worker import main; main()")


@dataclass
class ShardResult:
    """What one shard did."""

    key: str
    path: str
    read: int = 0
    cleaned: int = 0
    unchanged: int = 0
    failed: int = 0
    failures: list[dict] = field(default_factory=list)
    restarts: int = 0
    seconds: float = 0.0
    complete: bool = False
    error: str | None = None
    error_kind: str | None = None  # "io": an output could not be written (a full disk)

    def add(self, event: dict) -> None:
        kind = event["t"]
        if kind == "read":
            self.read += event["n"]
        elif kind == "outcome" and event["status"] in ("cleaned", "unchanged"):
            setattr(self, event["status"], getattr(self, event["status"]) + 1)
        elif kind == "failure" or (kind == "outcome" and event["status"] == "failed"):
            self.fail(event)

    def fail(self, event: dict) -> None:
        self.failed += 1
        if len(self.failures) < MAX_FAILURES_KEPT:
            self.failures.append({k: event.get(k) for k in ("path", "offset", "reason",
                                                            "detail", "url")})

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


class _Killed(Exception):
    pass


class ShardRunner:
    """One worker process, reused for many shards; restarted when it must be killed."""

    def __init__(self, *, grace: float = 10.0, env: dict[str, str] | None = None):
        self.grace = grace
        self.env = env
        self.proc: subprocess.Popen | None = None
        self._buffer = b""
        self._lines: deque[bytes] = deque()

    # -- the process -----------------------------------------------------------------------
    def start(self) -> ShardRunner:
        """Start the worker process now (it is started on the first shard otherwise)."""
        if self.proc is None or self.proc.poll() is not None:
            self._start()
        return self

    def _start(self) -> subprocess.Popen:
        env = {**os.environ, **(self.env or {}),
               "GOVREPLY_RECLEAN_PATH": json.dumps([p for p in sys.path if p])}
        self._buffer = b""
        self._lines.clear()
        self.proc = subprocess.Popen([sys.executable, "-c", _BOOT], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, env=env)
        return self.proc

    def _kill(self) -> None:
        if self.proc is not None:
            self.proc.kill()
            self.proc.wait()
            self.proc.stdin.close()
            self.proc.stdout.close()
            self.proc = None

    def close(self) -> None:
        """Let the worker exit (stdin closed), killing it if it does not."""
        if self.proc is None:
            return
        self.proc.stdin.close()
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.proc.stdout.close()
        self.proc = None

    def _events(self, deadline: Callable[[], float | None]):
        """Events from the worker; raises ``_Killed`` when the watchdog fires or it dies."""
        fd = self.proc.stdout.fileno()
        while True:
            while self._lines:  # what a shard's reader left stays for the next
                yield json.loads(self._lines.popleft())
            limit = deadline()
            wait = 1.0 if limit is None else max(0.0, min(1.0, limit - time.monotonic()))
            ready, _, _ = select.select([fd], [], [], wait)
            if ready:
                chunk = os.read(fd, 1 << 16)
                if not chunk:
                    raise _Killed("worker process died")
                self._buffer += chunk
                if b"\n" in chunk:  # split once: a chunk holds hundreds of events
                    *lines, self._buffer = self._buffer.split(b"\n")
                    self._lines.extend(lines)
            elif limit is not None and time.monotonic() >= limit:
                raise _Killed("document time limit exceeded; worker killed")

    @staticmethod
    def _write(pair: list, result: ShardResult) -> bool:
        """Write a document pair the worker handed over (unsynced: ``finish_shard`` syncs
        the shard's documents before its marker); False, with the error in ``result``,
        when it cannot be written (a full disk)."""
        folder, stem, text, sidecar = pair
        try:
            DocumentPaths(Path(folder), stem).write(text, sidecar, sync=False)
        except OSError as exc:
            error = ArchiveWriteError.from_os_error(getattr(exc, "filename", None) or folder,
                                                    exc)
            logger.error("%s", error)
            result.error, result.error_kind = f"{type(error).__name__}: {error}"[:500], "io"
            return False
        return True

    # -- shards -------------------------------------------------------------------------------
    def run(self, task: ShardTask, on_event: Callable[[dict], None] | None = None
            ) -> ShardResult:
        """Run ``task`` to the end, restarting after killed documents."""
        result = ShardResult(task.key, task.path)
        began = time.monotonic()
        part = 0
        while True:
            outcome = self._run_part(task, result, on_event)
            if outcome is None:
                break
            pending, detail, derived_size = outcome
            if not pending:  # died outside a document: give up on this shard for now
                result.error = detail
                break
            layout = OutputLayout(task.output)
            torn = [url for _, url in pending if url and layout.document(url).torn()]
            if torn:
                result.error = (f"{detail} while writing the document of {torn[0]}; "
                                "the next run writes it again")
                break
            # the last document begun was being made; those before it were being written
            # (not torn: written whole, or not yet): they are made again
            (stuck, url), earlier = pending[-1], pending[:-1]
            result.restarts += 1
            result.fail({"t": "outcome", "path": task.path, "offset": stuck, "url": url,
                         "reason": "timeout" if "limit" in detail else "worker-crash",
                         "detail": detail})
            if on_event:
                on_event({"t": "outcome", "status": "failed"})
            if task.derived_path and derived_size:
                finish_partial(task.derived_path, derived_size)
            part += 1
            resume = earlier[0][0] - 1 if earlier else stuck
            task = ShardTask(**{**asdict(task), "resume_after": resume,
                                "skip": [*task.skip, stuck],
                                "derived_path": _part_path(task.derived_path, part)})
        result.seconds = round(time.monotonic() - began, 3)
        return result

    def _run_part(self, task: ShardTask, result: ShardResult, on_event):
        """Run (part of) a shard; None when it ended, else (documents begun and not done,
        in order; what happened; the derived WARC's size)."""
        if self.proc is None or self.proc.poll() is not None:
            self._start()
        pending: dict[int, tuple[str | None, float]] = {}  # begun, no outcome yet
        derived_size = 0

        def deadline() -> float | None:
            if not pending or not task.timeout:
                return None
            started = max(started for _, started in pending.values())  # the one being made
            return started + task.timeout + self.grace

        try:
            self.proc.stdin.write((task.to_json() + "\n").encode("utf-8"))
            self.proc.stdin.flush()
            for event in self._events(deadline):
                kind = event["t"]
                if kind == "begin":
                    pending[event["offset"]] = (event.get("url"), time.monotonic())
                elif kind == "outcome":
                    pair = event.pop("pair", None)
                    if pair is not None and not self._write(pair, result):
                        self._kill()  # a pair could not be written: the shard stops here
                        return None
                    pending.pop(event.get("offset"), None)
                elif kind == "derived":
                    derived_size = event["size"]
                elif kind == "done":
                    result.complete = True
                    return None
                elif kind == "shard-error":
                    result.error = event["detail"]
                    result.error_kind = event.get("kind")
                    return None
                result.add(event)
                if on_event:
                    on_event(event)
        except (_Killed, BrokenPipeError) as exc:
            logger.warning("shard %s: %s", task.key, exc)
            self._kill()
            return [(offset, url) for offset, (url, _) in pending.items()], str(exc), derived_size
        return None


def _part_path(path: str | None, part: int) -> str | None:
    if not path:
        return None
    name = Path(path).name
    stem = name[: -len(".warc.gz")] if name.endswith(".warc.gz") else name
    return str(Path(path).with_name(f"{stem}-part{part}.warc.gz"))


_local = threading.local()


def finish_shard(task: ShardTask, result: ShardResult, markers: tuple[str, str]
                 ) -> dict[str, Any]:
    """A finished shard's documents synced to disk, then its marker; the result as a dict."""
    if result.complete:
        sync_documents(OutputLayout(task.output), task.targets)
        ShardMarkers(*markers).mark(task.key, result.as_dict())
    return result.as_dict()


def run_shard_here(task: ShardTask, markers: tuple[str, str], grace: float = 10.0,
                   on_event: Callable[[dict], None] | None = None,
                   finish: Callable[[ShardTask, ShardResult], None] | None = None
                   ) -> dict[str, Any] | None:
    """Run one shard with this thread's runner, then ``finish_shard`` it; the result as a
    dict. With ``finish``, the shard is handed to it instead (the local executor syncs
    and marks in another thread while this one runs the next shard) and None returned.

    Used by both executors (the Dask one runs a task per shard); the runner, and so the
    worker process, is kept per thread between tasks.
    """
    runner = getattr(_local, "runner", None)
    if runner is None:
        runner = _local.runner = ShardRunner(grace=grace)
    result = runner.run(task, on_event)
    if finish is not None:
        finish(task, result)
        return None
    return finish_shard(task, result, markers)
