"""A per-document time limit: SIGALRM in the worker process's main thread.

It interrupts Python code (and ``re`` matching, which checks for signals). Code
stuck in C without checking signals is the watchdog's job (``runner``): it kills
the worker process and restarts the shard after the document.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["DocumentTimeout", "time_limit"]


class DocumentTimeout(Exception):
    """A document took longer than its time limit."""


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise ``DocumentTimeout`` in the body after ``seconds`` (no limit if None/0)."""
    if not seconds or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum, frame):
        raise DocumentTimeout(f"took longer than {seconds:g}s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
