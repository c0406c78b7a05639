"""The per-page budget of making a document: the same in the crawl and in the re-clean.

* **size**: a page whose body is over ``max_bytes`` is not cleaned (reason
  ``too-large``); it stays archived, with its decision record, and a re-clean with a
  larger budget can make it;
* **time**: making one document is limited to ``seconds`` by ``SIGALRM`` in the worker
  process (reason ``timeout``); a worker stuck in C code past ``seconds + grace`` is
  killed by the process that drives it;
* **memory**: each worker process's address space is capped at ``max_memory`` bytes
  (``RLIMIT_AS``), so a page that would need more fails with ``MemoryError`` (reason
  ``over-memory``) instead of taking the machine's memory.

Workers run nothing but the making of documents, so the caps hold per page.
"""

from __future__ import annotations

import resource
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

__all__ = ["Attempt", "Budget", "DocumentTimeout", "MiB", "attempt", "time_limit"]

MiB = 1 << 20


class DocumentTimeout(Exception):
    """A document took longer than its time limit."""


@dataclass(frozen=True)
class Budget:
    """What making one document may cost (``None`` or 0: no limit)."""

    seconds: float | None = 60.0
    max_bytes: int | None = 32 * MiB
    max_memory: int | None = 2048 * MiB
    grace: float = 10.0  # past ``seconds`` before the driving process kills the worker

    def refusal(self, size: int) -> str | None:
        """Why a page body of ``size`` bytes is not cleaned, or None."""
        if self.max_bytes and size > self.max_bytes:
            return (f"the page is {size / MiB:.1f} MiB, over the budget of "
                    f"{self.max_bytes / MiB:g} MiB; it is archived, and a re-clean with a "
                    f"larger budget can make it")
        return None

    def deadline(self) -> float | None:
        """Seconds after which the driving process kills a worker still on one page."""
        return self.seconds + self.grace if self.seconds else None

    def cap_memory(self) -> None:
        """Cap this process's address space (call in a worker, before any work)."""
        if not self.max_memory:
            return
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        limit = self.max_memory if hard == resource.RLIM_INFINITY else min(self.max_memory,
                                                                            hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise ``DocumentTimeout`` in the body after ``seconds`` (no limit if None/0).

    It interrupts Python code (and ``re`` matching, which checks for signals); only in
    the main thread. Code stuck in C without checking signals is the driving process's
    job (``Budget.deadline``).
    """
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


@dataclass
class Attempt:
    """What one try at making a document gave: the value, or why there is none."""

    value: object = None
    reason: str | None = None  # None: made
    detail: str = ""


def attempt(seconds: float | None, make, *args, **kwargs) -> Attempt:
    """``make(*args, **kwargs)`` under the time limit; failures as reasons for reports:
    ``timeout``, ``over-memory``, a ``CannotMake`` reason, else ``cleaner-error``."""
    from .maker import CannotMake

    try:
        with time_limit(seconds):
            return Attempt(make(*args, **kwargs))
    except DocumentTimeout as exc:
        return Attempt(None, "timeout", str(exc))
    except MemoryError:
        return Attempt(None, "over-memory", "the page needs more memory than the budget allows")
    except CannotMake as exc:
        return Attempt(None, exc.reason, str(exc)[:300])
    except Exception as exc:  # a cleaner bug must not stop the run
        return Attempt(None, "cleaner-error", f"{type(exc).__name__}: {exc}"[:300])
