"""Why a request failed, in words for the report: one function for every failure.

``describe(exception, …)`` turns what a request's errback receives (an ``HttpError``
with its response, an ``IgnoreRequest`` from robots.txt or the redirect limit, a DNS,
connection or timeout error after the retries, a write error of the output) into an
``Outcome`` and a short reason. ``write_error`` turns an ``OSError`` or an SQLite error
into the archive's ``ArchiveWriteError``, so that a full disk is one kind of error
wherever it strikes (WARC, documents, state, the job directory).
"""

from __future__ import annotations

import errno
import os
import sqlite3
from dataclasses import dataclass
from enum import StrEnum

from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadConnectionRefusedError,
    DownloadTimeoutError,
    IgnoreRequest,
)
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet import error as twisted_error

from archive.files import ArchiveWriteError

__all__ = ["FAILURES", "GOOD", "NETWORK_ERRORS", "Outcome", "Verdict", "WriteFailed",
           "describe", "write_error"]


class Outcome(StrEnum):
    """How one try of a URL ended (exactly one per URL and run)."""

    NEW = "new"  # a reply whose document was written for the first time
    CHANGED = "changed"  # a reply whose text changed: a new version
    UNCHANGED = "unchanged"  # a reply or attachment that had not changed (304, same text)
    LISTED = "listed"  # a list page read for its reply links
    FETCHED = "fetched"  # an attachment fetched
    GONE = "gone"  # 404/410 from a URL that answered before
    DEAD = "dead"  # 404/410 from a URL that never answered (asked again after 1, 2, 4 … nights)
    FAILED = "failed"  # anything else that went wrong, with its reason
    UNREACHABLE = "unreachable"  # the portal's host answered nothing at all
    EMPTY = "empty"  # a start page with no reply links
    SKIPPED = "skipped"  # not fetched on purpose (robots.txt, a duplicate)
    PENDING = "pending"  # queued or in flight when the run stopped


GOOD = frozenset({Outcome.NEW, Outcome.CHANGED, Outcome.UNCHANGED, Outcome.LISTED,
                  Outcome.FETCHED})
FAILURES = frozenset({Outcome.DEAD, Outcome.FAILED, Outcome.UNREACHABLE, Outcome.EMPTY})
# No answer from the host at all: a portal whose every try ended so is unreachable.
NETWORK_ERRORS = (CannotResolveHostError, DownloadConnectionRefusedError, DownloadTimeoutError,
                  twisted_error.ConnectError, twisted_error.TimeoutError, TimeoutError,
                  ConnectionRefusedError)


@dataclass(frozen=True)
class Verdict:
    """An outcome with its reason and the HTTP status, if any."""

    outcome: Outcome
    reason: str
    status: int | None = None
    network: bool = False  # no answer from the host (DNS, refused, timed out)


class WriteFailed(IgnoreRequest):
    """A response dropped because the output could not be written (the crawl stops)."""

    def __init__(self, error: ArchiveWriteError):
        super().__init__(str(error))
        self.error = error


def write_error(exc: BaseException, path: str | os.PathLike[str]) -> ArchiveWriteError | None:
    """``exc`` as an ``ArchiveWriteError`` when it is an I/O failure of the output (an
    ``OSError``, an SQLite full / I/O / read-only error), else None."""
    if isinstance(exc, ArchiveWriteError):
        return exc
    if isinstance(exc, WriteFailed):
        return exc.error
    if isinstance(exc, OSError):
        return ArchiveWriteError.from_os_error(getattr(exc, "filename", None) or path, exc)
    if isinstance(exc, sqlite3.OperationalError | sqlite3.DatabaseError):
        code = getattr(exc, "sqlite_errorcode", None)
        text = str(exc)
        if code == sqlite3.SQLITE_FULL or "full" in text:
            number = errno.ENOSPC
        elif code == sqlite3.SQLITE_READONLY or "readonly" in text:
            number = errno.EROFS
        else:
            number = errno.EIO
        return ArchiveWriteError(path, number,
                                 f"{os.strerror(number)} (errno {number}; sqlite: {text})")
    return None


def _retries(meta: dict) -> str:
    tries = meta.get("retry_times", 0)
    return f" after {tries} {'retry' if tries == 1 else 'retries'}" if tries else ""


def _http(status: int, alive_before: bool, meta: dict) -> Verdict:
    if status == 304:
        return Verdict(Outcome.UNCHANGED, "not modified (304)", status)
    if status in (404, 410):
        if alive_before:
            return Verdict(Outcome.GONE, f"HTTP {status}: it answered before", status)
        return Verdict(Outcome.DEAD, f"HTTP {status}: never answered", status)
    if 300 <= status < 400:
        return Verdict(Outcome.FAILED, f"HTTP {status} without a usable Location", status)
    return Verdict(Outcome.FAILED, f"HTTP {status}{_retries(meta)}", status)


def describe(exc: BaseException, *, alive_before: bool = False,
             meta: dict | None = None) -> Verdict:
    """The outcome and reason of a request that ended in ``exc``. ``alive_before``: the
    URL answered 2xx/304 at some earlier try (a 404 is then ``gone``, else ``dead``)."""
    meta = meta or {}
    if isinstance(exc, HttpError):
        return _http(exc.response.status, alive_before, meta)
    if isinstance(exc, WriteFailed | ArchiveWriteError):
        error = write_error(exc, "")
        return Verdict(Outcome.FAILED, f"not stored: {error.reason if error else exc}")
    if isinstance(exc, IgnoreRequest):
        text = str(exc)
        if "robots.txt" in text:
            return Verdict(Outcome.SKIPPED, "forbidden by robots.txt")
        if "max redirections" in text:
            return Verdict(Outcome.FAILED, "too many redirects (a redirect loop?)")
        return Verdict(Outcome.FAILED, f"ignored: {text}")
    if isinstance(exc, CannotResolveHostError | twisted_error.DNSLookupError):
        return Verdict(Outcome.FAILED, f"host name not found{_retries(meta)}", network=True)
    if isinstance(exc, DownloadConnectionRefusedError | twisted_error.ConnectionRefusedError |
                  ConnectionRefusedError):
        return Verdict(Outcome.FAILED, f"connection refused{_retries(meta)}", network=True)
    if isinstance(exc, DownloadTimeoutError | twisted_error.TimeoutError | TimeoutError):
        return Verdict(Outcome.FAILED, f"timed out{_retries(meta)}", network=True)
    if isinstance(exc, NETWORK_ERRORS):
        return Verdict(Outcome.FAILED, f"cannot connect: {exc}{_retries(meta)}", network=True)
    detail = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else ""
    name = type(exc).__name__
    return Verdict(Outcome.FAILED, f"{name}: {detail}{_retries(meta)}" if detail else
                   f"{name}{_retries(meta)}")
