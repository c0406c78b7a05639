"""Make Scrapy's ``JOBDIR`` fit a nightly job.

Scrapy saves its request queue only when a crawl stops cleanly, so after a
``kill -9`` the job directory holds fingerprints of requests whose queue is
lost. ``JobDirGuard`` discards such a directory (the next run starts over, and
the crawl state keeps it incremental), resumes one that was stopped cleanly,
and clears one whose crawl finished, so the same ``JOBDIR`` can be given every
night.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

from scrapy import signals
from scrapy.crawler import Crawler

__all__ = ["JOB_LOCK", "JOB_MARKER", "JobDirGuard"]

logger = logging.getLogger(__name__)

JOB_MARKER = "govreply-job.json"  # in JOBDIR: {"state": "running" | "stopped", ...}
JOB_LOCK = "govreply-job.lock"
_SCRAPY_JOB_FILES = ("requests.queue", "requests.seen", "spider.state")
WRITE_ERROR_REASON = "archive_write_error"  # crawler.outcomes.IO_STOP_REASON


class JobDirGuard:
    """Keeps a ``JOBDIR`` consistent across stops, crashes and nightly reuse.

    - a crawl that was stopped cleanly (Ctrl-C or SIGTERM once, or a CLOSESPIDER
      limit) left a saved queue: the next crawl resumes it (Scrapy's own behaviour);
    - a crawl that died (``kill -9``, power loss, a second Ctrl-C) left no saved
      queue but a partial ``requests.seen``: resuming would skip every request it
      lists and never fetch what was still queued, so the job files are discarded
      and the next crawl starts over (conditional requests keep it cheap);
    - a crawl that finished leaves nothing to resume: the job files are removed, so
      that the next night's crawl with the same ``JOBDIR`` is a new job.

    The marker file ``govreply-job.json`` says which; ``govreply-job.lock`` is held
    while a crawl uses the directory, so a second crawl on it fails at once.
    Stats: ``govreply/jobdir/resumed`` or ``govreply/jobdir/discarded``.
    """

    def __init__(self, crawler: Crawler, path: Path, lock: IO[str], previous: str | None):
        self.crawler = crawler
        self.path = path
        self._lock = lock
        self.previous = previous  # "resumed", "discarded" or None (a new job)

    @classmethod
    def install(cls, crawler: Crawler) -> JobDirGuard | None:
        jobdir = crawler.settings.get("JOBDIR")
        if not jobdir or getattr(crawler, "_govreply_jobdir_guard", None) is not None:
            return None
        path = Path(jobdir)
        path.mkdir(parents=True, exist_ok=True)
        lock = open(path / JOB_LOCK, "a")  # noqa: SIM115 - held until spider_closed
        try:
            fcntl.flock(lock.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            lock.close()
            raise RuntimeError(f"JOBDIR {path} is in use by another crawl") from None
        previous = cls._previous(path)
        if previous == "discarded":
            logger.warning("JOBDIR %s: the last crawl there did not stop cleanly (killed?); "
                           "its queue was not saved, starting the job over", path)
            cls._clear(path)
        elif previous == "resumed":
            logger.info("JOBDIR %s: resuming the crawl stopped there", path)
        guard = cls(crawler, path, lock, previous)
        crawler._govreply_jobdir_guard = guard  # type: ignore[attr-defined]
        crawler.signals.connect(guard.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(guard.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(guard.release, signal=signals.engine_stopped)
        return guard

    @staticmethod
    def _previous(path: Path) -> str | None:
        marker = path / JOB_MARKER
        if marker.exists():
            try:
                state = json.loads(marker.read_text("utf-8")).get("state")
            except (OSError, ValueError, AttributeError):
                state = None
            return "resumed" if state == "stopped" else "discarded"
        if not any((path / name).exists() for name in ("requests.queue", "requests.seen")):
            return None
        # Job files without a marker: resumable only if Scrapy saved a non-empty queue.
        try:
            saved = json.loads((path / "requests.queue" / "active.json").read_text("utf-8"))
        except (OSError, ValueError):
            saved = None
        return "resumed" if saved else "discarded"

    @staticmethod
    def _clear(path: Path) -> None:
        for name in _SCRAPY_JOB_FILES:
            target = path / name
            if target.is_dir():
                shutil.rmtree(target)
            elif target.exists():
                target.unlink()
        (path / JOB_MARKER).unlink(missing_ok=True)

    def _mark(self, state: str, **more: object) -> None:
        marker = self.path / JOB_MARKER
        tmp = marker.with_name(marker.name + ".tmp")
        tmp.write_text(json.dumps({"state": state, "pid": os.getpid(),
                                   "at": datetime.now(UTC).isoformat(timespec="seconds"),
                                   **more}) + "\n", "utf-8")
        os.replace(tmp, marker)

    def spider_opened(self, spider=None) -> None:
        # Marked only now: a crawl that fails while starting leaves the marker as it was
        # (a resumable job stays resumable).
        try:
            self._mark("running")
        except OSError as exc:  # a full disk: the scheduler's first write stops the crawl
            logger.error("JOBDIR %s: cannot mark the job running: %s", self.path, exc)
        if self.previous:
            self.crawler.stats.set_value(f"govreply/jobdir/{self.previous}", 1)

    def spider_closed(self, spider=None, reason: str = "") -> None:
        try:
            if reason in ("finished", WRITE_ERROR_REASON):
                # done, or stopped by a write error (a full disk: the saved queue cannot
                # be trusted, and removing it gives room back): the next crawl is new
                self._clear(self.path)
            else:
                self._mark("stopped", reason=reason)
        except OSError as exc:  # a full disk: the next crawl finds no clean stop marked
            logger.error("JOBDIR %s: cannot record the end of the job: %s", self.path, exc)
        finally:
            self.release()

    def release(self) -> None:
        """Let go of the directory's lock (at the spider's close, or the engine's stop)."""
        if self._lock.closed:
            return
        fcntl.flock(self._lock.fileno(), fcntl.LOCK_UN)
        self._lock.close()
