"""A live progress line for a crawl on a terminal (Scrapy extension).

Every ``GOVREPLY_PROGRESS_INTERVAL`` seconds (default 1) one line on stderr, rewritten
in place: pages fetched and their rate, the scheduler's queue, and per portal the
replies new / changed / failed. ``GOVREPLY_PROGRESS`` is ``auto`` (default: on when
stderr is a terminal and no ``LOG_FILE`` is set), ``on`` or ``off``; when off, the
Scrapy log is all there is, as before. The last line stays when the crawl ends.
"""

from __future__ import annotations

import logging
import re
import sys
import time
from typing import Any, TextIO

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from twisted.internet import task

__all__ = ["ProgressLine", "progress_line"]

_ITEM_RE = re.compile(r"govreply/items/([^/]+)/(new|changed|failed)")


def progress_line(stats: dict[str, Any], elapsed: float) -> str:
    """The line for these crawl stats after ``elapsed`` seconds."""
    pages = stats.get("downloader/response_count", 0)
    queue = max(stats.get("scheduler/enqueued", 0) - stats.get("scheduler/dequeued", 0), 0)
    rate = pages / elapsed if elapsed > 0 else 0.0
    portals: dict[str, dict[str, int]] = {}
    for key, value in stats.items():
        match = _ITEM_RE.fullmatch(key)
        if match:
            portals.setdefault(match.group(1), {})[match.group(2)] = value
    parts = [f"pages {pages} ({rate:.1f}/s)", f"queue {queue}"]
    for name, counts in sorted(portals.items()):
        parts.append(f"{name}: {counts.get('new', 0)} new, {counts.get('changed', 0)} changed, "
                     f"{counts.get('failed', 0)} failed")
    return " | ".join(parts)


def _enabled(setting: str, stream: TextIO, log_file: str | None) -> bool:
    value = str(setting).strip().lower()
    if value in ("on", "true", "1", "yes"):
        return True
    if value in ("off", "false", "0", "no"):
        return False
    return not log_file and stream.isatty()


class ProgressLine:
    """Rewrites one stderr line with the crawl's progress (see the module docstring)."""

    def __init__(self, crawler: Crawler, interval: float, stream: TextIO):
        self.crawler = crawler
        self.interval = interval
        self.stream = stream
        self.started = time.monotonic()
        self._loop: task.LoopingCall | None = None
        self._width = 0

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ProgressLine:
        settings = crawler.settings
        stream = sys.stderr
        if not _enabled(settings.get("GOVREPLY_PROGRESS", "auto"), stream,
                        settings.get("LOG_FILE")):
            raise NotConfigured  # no terminal: the Scrapy log reports progress (no message:
            # Scrapy would log one as a warning on every run)
        extension = cls(crawler, settings.getfloat("GOVREPLY_PROGRESS_INTERVAL", 1.0), stream)
        crawler.signals.connect(extension.opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.closed, signal=signals.spider_closed)
        return extension

    def opened(self, spider=None) -> None:
        self.started = time.monotonic()
        for handler in logging.getLogger().handlers:  # a log line first clears ours
            handler.addFilter(self._clear)
        self._loop = task.LoopingCall(self.show)
        self._loop.start(self.interval, now=False)

    def _clear(self, record: logging.LogRecord) -> bool:
        if self._width:
            self.stream.write("\r" + " " * self._width + "\r")
            self._width = 0
        return True

    def show(self, final: bool = False) -> None:
        line = progress_line(self.crawler.stats.get_stats(), time.monotonic() - self.started)
        padding = " " * max(self._width - len(line), 0)  # clear what a longer line left
        self._width = len(line)
        self.stream.write(f"\r{line}{padding}" + ("\n" if final else ""))
        self.stream.flush()

    def closed(self, spider=None, reason: str | None = None) -> None:
        if self._loop is not None and self._loop.running:
            self._loop.stop()
        for handler in logging.getLogger().handlers:
            handler.removeFilter(self._clear)
        self.show(final=True)
