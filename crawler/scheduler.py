"""Scrapy's scheduler, stopped cleanly by a write error of its disk queue.

With ``JOBDIR`` the scheduler keeps its queue and seen-fingerprints in files. On a full
disk Scrapy's own scheduler raises from every push and pop, and its engine retries the
pop every 5 s for ever while the nightly holds its lock. ``GuardedScheduler`` turns the
first such ``OSError`` into the crawl's write-error stop (``OutcomeLedger.
stop_for_io_error``: the spider is closed, exit 74), keeps what is left in memory, and
saves nothing at the close (the job directory is discarded by ``JobDirGuard``: its files
cannot be trusted).
"""

from __future__ import annotations

import logging

from scrapy import Request
from scrapy.core.scheduler import Scheduler

from crawler.failures import write_error

__all__ = ["GuardedScheduler"]

logger = logging.getLogger(__name__)


class GuardedScheduler(Scheduler):
    """A scheduler whose disk queue failing ends the crawl instead of hanging it."""

    broken = False

    def _failed(self, exc: OSError) -> None:
        if not self.broken:
            self.broken = True
            from crawler.outcomes import ledger_for

            error = write_error(exc, self.dqdir or "JOBDIR")
            logger.error("the job directory's queue cannot be written: %s", error)
            if self.crawler is not None:
                ledger_for(self.crawler).stop_for_io_error(error)

    def enqueue_request(self, request: Request) -> bool:
        if not self.broken:
            try:
                return super().enqueue_request(request)
            except OSError as exc:
                self._failed(exc)
        self._mqpush(request)  # in memory until the close drops it
        return True

    def next_request(self) -> Request | None:
        if not self.broken:
            try:
                return super().next_request()
            except OSError as exc:
                self._failed(exc)
        return self.mqs.pop()

    def has_pending_requests(self) -> bool:
        return len(self.mqs) > 0 if self.broken else super().has_pending_requests()

    def close(self, reason: str):
        if not self.broken:
            try:
                return super().close(reason)
            except OSError as exc:
                self._failed(exc)
        try:
            if self.dqs is not None:
                self.dqs.close()
        except OSError:
            pass
        try:
            return self.df.close(reason)
        except OSError:
            return None
