"""A last resort: stop the reactor when a crawl told to stop does not end in time.

After a write error of the output (a full disk) the crawl is closed cleanly; should the
close itself hang (a component retrying its writes forever), ``start_watchdog`` ends the
process's reactor after ``seconds``, so a nightly never holds its lock for ever.
"""

from __future__ import annotations

import logging

from scrapy import signals
from scrapy.crawler import Crawler

__all__ = ["start_watchdog"]

logger = logging.getLogger(__name__)


def start_watchdog(crawler: Crawler, seconds: float) -> None:
    """Stop the reactor ``seconds`` from now unless ``crawler`` has stopped by then."""
    from twisted.internet import reactor

    def check() -> None:
        if crawler.crawling and reactor.running:
            logger.error("the crawl did not stop within %.0f s of the write error; "
                         "stopping it now", seconds)
            crawler.stats.set_value("govreply/io_error/forced_stop", 1)
            reactor.stop()

    call = reactor.callLater(seconds, check)

    def cancel() -> None:
        if call.active():
            call.cancel()

    crawler.signals.connect(cancel, signal=signals.engine_stopped, weak=False)
