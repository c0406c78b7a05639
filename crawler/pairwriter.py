"""The crawl's document writer: pairs written in one thread, synced in groups.

Each pair is written (text, then sidecar, through temporary files and renames) without
syncing; whenever the writer has no more pairs waiting, or after ``max_group`` of them,
it syncs every file it wrote and their folders in one pass, and only then tells the
reactor, which commits each document's state. So every commit still follows its pair
onto the disk (the order of durability), while one sync pass serves many documents:
a crawl does not pay a disk flush per page. A kill in the middle leaves pairs that are
whole but not committed (the next run finds them current) and at most one cut in half
(the next run repairs it); one thread writes, so no other file is left half done.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from twisted.internet import defer, reactor

from corpus.layout import DocumentPaths, sync_pairs

__all__ = ["PairWriter"]

logger = logging.getLogger(__name__)

Write = Callable[[], tuple[Any, DocumentPaths | None]]  # -> (result, pair to sync or None)


@dataclass
class _Job:
    write: Write
    done: defer.Deferred
    result: Any = None
    error: BaseException | None = field(default=None)


class PairWriter:
    """One writer thread; ``submit`` returns a Deferred fired on the reactor once the
    pair is on disk (synced)."""

    def __init__(self, max_group: int = 64):
        self.max_group = max_group
        self._jobs: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._run, name="govreply-pairs", daemon=True)
        self.groups = 0

    def start(self) -> None:
        self._thread.start()

    def submit(self, write: Write) -> defer.Deferred:
        job = _Job(write, defer.Deferred())
        self._jobs.put(job)
        return job.done

    def stop(self) -> None:
        """Finish what was submitted, then end the thread."""
        if self._thread.is_alive():
            self._jobs.put(None)
            self._thread.join()

    def _run(self) -> None:
        while (first := self._jobs.get()) is not None:
            group, stop = [first], False
            while len(group) < self.max_group:
                try:
                    job = self._jobs.get_nowait()
                except queue.Empty:
                    break
                if job is None:
                    stop = True
                    break
                group.append(job)
            self._write_group(group)
            if stop:
                return

    def _write_group(self, group: list[_Job]) -> None:
        written: list[DocumentPaths] = []
        for job in group:
            try:
                job.result, paths = job.write()
            except BaseException as exc:  # a full disk: this document fails, not the others
                job.error = exc
                continue
            if paths is not None:
                written.append(paths)
        try:
            sync_pairs(written)
        except OSError as exc:  # nothing of the group may be committed
            logger.error("syncing %d documents failed: %s", len(written), exc)
            for job in group:
                job.error = job.error or exc
        self.groups += 1
        for job in group:
            reactor.callFromThread(_fire, job)


def _fire(job: _Job) -> None:
    if job.error is not None:
        job.done.errback(job.error)
    else:
        job.done.callback(job.result)
