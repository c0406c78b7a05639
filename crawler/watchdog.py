"""A last resort: stop the reactor when a crawl told to stop does not end in time.

After a write error of the output (a full disk) the crawl is closed cleanly; should the
close itself hang (a component retrying its writes forever), ``start_watchdog`` ends the
process's reactor after ``seconds``, so a nightly never holds its lock for ever.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler

__all__ = ["start_watchdog"]

logger = logging.getLogger(__name__)


def _reactor():
    from twisted.internet import reactor

    return reactor


def start_watchdog(crawler: Crawler, seconds: float, *,
                   call_later: Callable[[float, Callable[[], None]], Any] | None = None,
                   stop: Callable[[], None] | None = None) -> None:
    """Stop the reactor ``seconds`` from now unless ``crawler`` has stopped by then
    (``call_later`` and ``stop`` default to the reactor's own)."""
    call_later = call_later or _reactor().callLater
    stop = stop or _reactor().stop

    def check() -> None:
        if crawler.crawling:
            logger.error("the crawl did not stop within %.0f s of the write error; "
                         "stopping it now", seconds)
            crawler.stats.set_value("govreply/io_error/forced_stop", 1)
            stop()

    call = call_later(seconds, check)

    def cancel() -> None:
        if call is not None and call.active():
            call.cancel()

    crawler.signals.connect(cancel, signal=signals.engine_stopped, weak=False)
