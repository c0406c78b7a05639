"""Checks of what a user gives a crawl: spider arguments and settings, before it starts.

Each check returns the value to use or raises ``ArgumentError`` with one line to print.
``scrapy crawl`` and ``scrapy nightly`` run them all before any reactor starts
(``crawler.preflight``), so a bad argument gives that line and exit code 64 (73 for an
output directory that cannot be written), never a traceback; the spiders call the same
checks, so they hold however a spider is started.
"""

from __future__ import annotations

import ipaddress
import os
import re
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

__all__ = ["EXIT_CANTCREAT", "EXIT_CONFIG", "EXIT_USAGE", "ArgumentError", "check_base_url",
           "check_host", "check_http_url", "check_kind", "check_output_dir",
           "check_unknown_arguments"]

EXIT_USAGE = 64  # sysexits EX_USAGE: a bad argument or setting
EXIT_CANTCREAT = 73  # EX_CANTCREAT: the output directory (or the report) cannot be written
EXIT_CONFIG = 78  # EX_CONFIG: the portal registry cannot be used

_LABEL = re.compile(r"(?!-)[a-z0-9_-]{1,63}(?<!-)")


class ArgumentError(ValueError):
    """A bad argument or setting: ``str()`` is the one line to print."""

    def __init__(self, message: str, exit_code: int = EXIT_USAGE):
        super().__init__(message)
        self.exit_code = exit_code


def check_host(host: str | None, what: str) -> str:
    """A host name (``a.b``, ``localhost``) or an IP address; never ``.``, ``..``, empty
    labels or characters a host name cannot hold."""
    if not host:
        raise ArgumentError(f"{what} has no host")
    try:
        ipaddress.ip_address(host)
        return host
    except ValueError:
        pass
    labels = host.lower().removesuffix(".").split(".")
    if not all(_LABEL.fullmatch(label) for label in labels):
        raise ArgumentError(f"{what}: {host!r} is not a host name")
    return host


def check_http_url(value: str | None, what: str) -> str:
    """An absolute http(s) URL with a real host."""
    if not value or not value.strip():
        raise ArgumentError(f"{what} is empty")
    value = value.strip()
    try:
        parts = urlsplit(value)
        port = parts.port  # raises on a bad port
    except ValueError as exc:
        raise ArgumentError(f"{what} {value!r} is not a URL: {exc}") from None
    if parts.scheme not in ("http", "https"):
        raise ArgumentError(f"{what} must be an http:// or https:// URL, not {value!r}")
    check_host(parts.hostname, f"{what} {value!r}")
    del port
    return value


def check_base_url(value: str | None) -> str | None:
    """``-a base_url=``: the origin to fetch the portal's pages from (None: the portal)."""
    if value is None:
        return None
    return check_http_url(value, "base_url").rstrip("/")


def check_kind(value: str | None) -> str | None:
    """``-a kind=``: one of the kinds FORMAT.md names (``cleaners.kind.KINDS``)."""
    if value is None:
        return None
    from cleaners.kind import KINDS

    if value not in KINDS:
        raise ArgumentError(f"kind {value!r} is not one of: {', '.join(sorted(KINDS))}")
    return value


def check_unknown_arguments(given: dict[str, str], known: set[str], spider: str) -> None:
    """Refuse ``-a`` names the spider does not take (``_``-names are the scheduler's)."""
    unknown = sorted(k for k in given if k not in known and not k.startswith("_"))
    if unknown:
        raise ArgumentError(f"{spider} takes no argument {', '.join(unknown)} "
                            f"(it takes: {', '.join(sorted(known))})")


def check_output_dir(path: str | os.PathLike[str]) -> Path:
    """The output directory exists (made if missing) and a file can be created in it."""
    root = Path(path)
    try:
        root.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=root, prefix=".govreply-probe-"):
            pass
    except OSError as exc:
        raise ArgumentError(f"cannot write to the output directory {root}: "
                            f"{exc.strerror or exc}", EXIT_CANTCREAT) from None
    return root
