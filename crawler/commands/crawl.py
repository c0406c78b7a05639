"""``scrapy crawl SPIDER``: Scrapy's command, with govreply's checks and exit codes.

Before anything starts, the command line and settings are checked
(``crawler.preflight``): a bad argument is one line on stderr and exit 64 (73 for an
output directory that cannot be written, 78 for a registry that cannot be used), never
a traceback. The portals the spider will crawl are locked (``crawler.locks``, exit 75
while another run holds one). After the crawl, the exit code is Scrapy's (0) unless the
run's ledger says the output could not be written (74: a full disk, with the error as
the one line on stderr) or a portal was unreachable (69); new failures and drift are
the nightly's business (``scrapy nightly``).
"""

from __future__ import annotations

import sys

from scrapy.commands.crawl import Command as ScrapyCrawl
from scrapy.exceptions import UsageError

from crawler.arguments import ArgumentError
from crawler.locks import LockBusy, PortalLocks
from crawler.outcomes import ledger_for
from crawler.preflight import (
    check_command_line,
    error_line,
    parse_spider_arguments,
    refuse,
    run_crawl,
    start_failure,
)
from crawler.verdict import EXIT_IOERR, EXIT_LOCKED, EXIT_UNREACHABLE


class Command(ScrapyCrawl):
    def process_options(self, args: list[str], opts) -> None:
        spargs, opts.spargs = opts.spargs, []
        try:
            try:
                super().process_options(args, opts)
            except UsageError as exc:  # -o/-O problems
                raise ArgumentError(str(exc)) from None
            opts.spargs = parse_spider_arguments(spargs)
            if not args:
                raise ArgumentError("crawl needs a spider name: scrapy crawl portal -a ...")
            opts.line = check_command_line(self.settings, args[0], opts.spargs, args[1:])
        except ArgumentError as exc:
            refuse(exc)

    def run(self, args: list[str], opts) -> None:
        line = opts.line
        locks = PortalLocks(line.layout, line.portal_names)
        try:
            locks.acquire()
        except LockBusy as busy:
            print(f"govreply: {busy}; exiting", file=sys.stderr)
            self.exitcode = EXIT_LOCKED
            return
        try:
            crawler, failure = run_crawl(self.crawler_process, line.spider, line.arguments)
        finally:
            locks.release()
        if failure is not None:
            self.exitcode = start_failure(failure, line.layout)
            return
        ledger = ledger_for(crawler)
        if ledger.io_error is not None:
            print(str(ledger.io_error), file=sys.stderr)
            self.exitcode = EXIT_IOERR
        elif ledger.unreachable():
            error_line(f"unreachable: {', '.join(ledger.unreachable())} (no answer at all)")
            self.exitcode = EXIT_UNREACHABLE
        elif self.crawler_process.bootstrap_failed:
            self.exitcode = 1
