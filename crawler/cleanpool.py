"""The crawl's cleaning pool: worker processes that make documents off the reactor thread.

Each worker is a ``corpus.cleanworker`` process (no Scrapy, no Twisted), started
once and kept for page after page. ``CleanPool.clean(job)`` blocks until the answer
comes back, so it runs in a thread (the pipeline's own thread pool, one thread per
worker); the reactor only hands pages over and takes documents back.

The per-page budget (``corpus.budget``) holds here too: the worker limits each page
with ``SIGALRM`` and caps its memory; a worker that is still on one page
``Budget.deadline()`` seconds after it got it (stuck in C code) is killed and
started again, and the page is answered ``timeout``. A worker that dies (the kernel's
OOM killer, a crash in C) answers ``worker-crash`` and is started again for the next
page.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import pickle
import queue
import select
import subprocess
import sys
import time
from dataclasses import asdict

from corpus.budget import Budget, MiB
from corpus.cleanworker import BOOT, HEADER_SIZE, CleanAnswer, CleanJob, frame_size, write_frame

__all__ = ["CleanPool", "budget_from", "default_workers"]

logger = logging.getLogger(__name__)


def budget_from(settings) -> Budget:
    """The per-page budget from the ``GOVREPLY_CLEAN_*`` settings (Scrapy's ``Settings``)."""
    return Budget(seconds=settings.getfloat("GOVREPLY_CLEAN_TIMEOUT", 60.0) or None,
                  max_bytes=int(settings.getfloat("GOVREPLY_CLEAN_MAX_MB", 32) * MiB) or None,
                  max_memory=int(settings.getfloat("GOVREPLY_CLEAN_MAX_MEMORY_MB", 2048) * MiB)
                  or None)


def default_workers() -> int:
    """One worker per core this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


class _Lost(Exception):
    """The worker was killed or died; ``reason`` is the word for reports."""

    def __init__(self, reason: str, detail: str):
        super().__init__(detail)
        self.reason = reason


class _Worker:
    """One worker process and its pipes."""

    def __init__(self, env: dict[str, str]):
        self.env = env
        self.proc: subprocess.Popen | None = None
        self.pages = 0

    def start(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            self.proc = subprocess.Popen([sys.executable, "-c", BOOT], stdin=subprocess.PIPE,
                                         stdout=subprocess.PIPE, env=self.env)
            self.pages = 0

    def run(self, job: CleanJob, deadline: float | None) -> CleanAnswer:
        self.start()
        assert self.proc is not None
        began = time.monotonic()
        try:
            write_frame(self.proc.stdin, job)
            answer = self._answer(None if deadline is None else began + deadline)
        except _Lost as lost:
            self.kill()
            return CleanAnswer(None, lost.reason, str(lost), round(time.monotonic() - began, 4))
        except (BrokenPipeError, OSError) as exc:
            code = self.kill()
            return CleanAnswer(None, "worker-crash", f"the worker died (exit status {code}): "
                                                     f"{exc}", round(time.monotonic() - began, 4))
        self.pages += 1
        if answer.reason == "over-memory":
            self.close()  # it exits after such a page; the next page gets a new worker
        return answer

    def _read(self, size: int, until: float | None) -> bytes:
        fd = self.proc.stdout.fileno()
        chunks, left = [], size
        while left:
            wait = None if until is None else until - time.monotonic()
            if wait is not None and wait <= 0:
                raise _Lost("timeout", "the page took longer than its time budget; the worker "
                                       "was killed")
            ready, _, _ = select.select([fd], [], [], wait)
            if not ready:
                continue
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                code = self.proc.wait()
                raise _Lost("worker-crash", f"the worker died (exit status {code})")
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)

    def _answer(self, until: float | None) -> CleanAnswer:
        size = frame_size(self._read(HEADER_SIZE, until))
        return pickle.loads(self._read(size, until))

    def kill(self) -> int | None:
        """Kill the process (if any); its exit status."""
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            self.proc.kill()
        code = self.proc.wait()
        self._close_pipes()
        return code

    def close(self, timeout: float = 10.0) -> None:
        """Let the process exit (stdin closed), killing it if it does not."""
        if self.proc is None:
            return
        with contextlib.suppress(OSError):
            self.proc.stdin.close()
        try:
            self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self._close_pipes()

    def _close_pipes(self) -> None:
        for pipe in (self.proc.stdin, self.proc.stdout):
            with contextlib.suppress(OSError):
                pipe.close()
        self.proc = None


class CleanPool:
    """``workers`` cleaning processes; ``clean`` takes any idle one (thread-safe)."""

    def __init__(self, workers: int, budget: Budget, cleaner: str = "cleaners:clean_page"):
        self.workers = max(1, workers)
        self.budget = budget
        env = {**os.environ,
               "GOVREPLY_WORKER_PATH": json.dumps([p for p in sys.path if p]),
               "GOVREPLY_WORKER_BUDGET": json.dumps(asdict(budget)),
               "GOVREPLY_WORKER_CLEANER": cleaner}
        self._all = [_Worker(env) for _ in range(self.workers)]
        self._idle: queue.SimpleQueue[_Worker] = queue.SimpleQueue()
        for worker in self._all:
            self._idle.put(worker)

    def start(self) -> None:
        """Start every worker now, so that their imports overlap the crawl's start."""
        for worker in self._all:
            worker.start()

    def clean(self, job: CleanJob) -> CleanAnswer:
        """The answer for ``job`` from an idle worker (blocks; call from a thread)."""
        worker = self._idle.get()
        try:
            answer = worker.run(job, self.budget.deadline())
        finally:
            self._idle.put(worker)
        if answer.reason in ("timeout", "worker-crash"):
            logger.warning("cleaning worker: %s (%s)", answer.reason, answer.detail)
        return answer

    def close(self) -> None:
        for worker in self._all:
            worker.close()
