"""``scrapy nightly``: the cron job. One locked, reported, incremental crawl.

    scrapy nightly -a name=all            # every registry entry with start URLs
    scrapy nightly -a name=pingtan_zxta   # one entry
    scrapy nightly -a start_url=URL       # a section known only by its list page

Checks its arguments before anything starts (``crawler.preflight``), takes one lock per
portal (``crawler.locks``: a second run of any of the same portals exits at once), runs
the ``portal`` spider, writes a JSON run report to ``<GOVREPLY_OUTPUT_DIR>/reports/``
(``crawler.report``) and a short summary to stdout ending with the failed URLs, and
exits with the code ``crawler.verdict`` decides from the run's ledger
(``crawler.outcomes``). With ``-s JOBDIR=``, a run stopped cleanly is resumed by the
next one (``crawler.jobdir.JobDirGuard``).
"""

from __future__ import annotations

import sqlite3
import sys
from datetime import UTC, datetime
from pathlib import Path

from scrapy.commands import ScrapyCommand

from archive.locks import is_locked
from corpus.layout import OutputLayout
from crawler.arguments import ArgumentError
from crawler.failures import Outcome, write_error
from crawler.helpformat import use_plain_headings
from crawler.jobdir import JOB_LOCK
from crawler.locks import LockBusy, PortalLocks, lock_label
from crawler.outcomes import ledger_for
from crawler.preflight import (
    CommandLine,
    check_command_line,
    error_line,
    parse_spider_arguments,
    refuse,
    run_crawl,
    start_failure,
)
from crawler.report import ReportFile, build_report, summary
from crawler.state import CrawlState
from crawler.verdict import (
    EXIT_CANTCREAT,
    EXIT_CONFIG,
    EXIT_DRIFT,
    EXIT_IOERR,
    EXIT_LOCKED,
    EXIT_OK,
    EXIT_PARTIAL,
    EXIT_UNREACHABLE,
    EXIT_USAGE,
    decide,
)

__all__ = ["EXIT_CANTCREAT", "EXIT_DRIFT", "EXIT_IOERR", "EXIT_LOCKED", "EXIT_OK",
           "EXIT_PARTIAL", "EXIT_UNREACHABLE", "EXIT_USAGE", "Command", "drifted"]

NIGHTLY_HELP = f"""\
Locked, reported, incremental crawl of the portal spider, for cron.

Spider arguments (-a NAME=VALUE):
  name=NAME|all     a registry entry (corpus/portals.toml), or every entry with start URLs
  start_url=URL     a section known only by its list page (ad-hoc)
  kind=KIND         with start_url: the section's kind of replies (FORMAT.md)
  base_url=URL      fetch the portal's pages from another origin (a mirror)

Exit codes:
  {EXIT_OK}   success: every URL ended well, or failed as it did the night before
  {EXIT_PARTIAL}   partial failure: new failures, or the run stopped before its end
  {EXIT_DRIFT}   template drift: a list that had reply links yields none
  {EXIT_USAGE}  a bad argument or setting (one line on stderr)
  {EXIT_UNREACHABLE}  a portal's host answered nothing at all: unreachable
  {EXIT_CANTCREAT}  the output directory or the run's report cannot be written
  {EXIT_IOERR}  writing the archive, documents or state failed (a full disk)
  {EXIT_LOCKED}  locked: another run of the same portals (or the JOBDIR) is in progress
  {EXIT_CONFIG}  the portal registry cannot be used

The report goes to GOVREPLY_OUTPUT_DIR/reports/, a summary to stdout."""


def drifted(reply_links: dict[str, int], previous: dict[str, int | None], *,
            lists_expected: bool = True) -> list[str]:
    """Portals whose lists yield no reply link now while they had some last time.

    ``reply_links``: the links counted this run, for the portals whose list pages were
    parsed. A portal none of whose list pages was parsed in this run counts only when
    ``lists_expected``: a run that resumes a stopped job (its list pages were parsed
    before the stop) or that was itself stopped early has not seen them all.
    """
    return sorted(name for name, before in previous.items()
                  if before and reply_links.get(name, 0) == 0
                  and (lists_expected or name in reply_links))


class Command(ScrapyCommand):
    requires_project = True

    def syntax(self) -> str:
        return "[-a name=NAME|all] [-a start_url=URL] [--full]"

    def short_desc(self) -> str:
        return "Locked, reported, incremental crawl for cron (exit codes in the README)"

    def long_desc(self) -> str:
        return NIGHTLY_HELP

    def add_options(self, parser) -> None:
        super().add_options(parser)
        use_plain_headings(parser)
        parser.add_argument("-a", dest="spargs", action="append", default=[],
                            metavar="NAME=VALUE", help="portal spider argument")
        parser.add_argument("--full", action="store_true",
                            help="full recrawl: no conditional requests, page to the end")

    def process_options(self, args: list[str], opts) -> None:
        super().process_options(args, opts)
        opts.started = datetime.now(UTC)
        try:
            opts.spargs = parse_spider_arguments(opts.spargs)
            opts.line = check_command_line(self.settings, "portal", opts.spargs, args)
        except ArgumentError as exc:
            refuse(exc)

    def run(self, args: list[str], opts) -> None:
        started, line = opts.started, opts.line
        if opts.full:
            self.settings.set("GOVREPLY_FULL_RECRAWL", True, priority="cmdline")
        label = lock_label(opts.spargs.get("name") or "+".join(line.portal_names))
        report = ReportFile(line.layout.reports_dir, label).reserve()
        locks = PortalLocks(line.layout, line.portal_names)
        try:
            locks.acquire()
        except LockBusy as busy:
            report.discard()
            print(f"govreply: {busy}; exiting", file=sys.stderr)
            self.exitcode = EXIT_LOCKED
            return
        try:
            self.exitcode = self._locked_run(line, report, started)
        finally:
            report.discard()
            locks.release()

    def _locked_run(self, line: CommandLine, report: ReportFile, started: datetime) -> int:
        jobdir = self.settings.get("JOBDIR")
        if jobdir and is_locked(Path(jobdir) / JOB_LOCK):  # held by its JobDirGuard
            print(f"govreply: JOBDIR {jobdir} is in use by another crawl; exiting",
                  file=sys.stderr)
            return EXIT_LOCKED
        try:
            previous = _previous_counts(line.layout)
        except sqlite3.Error as exc:
            error = write_error(exc, line.layout.state_db)
            error_line(str(error))
            return EXIT_IOERR
        crawler, failure = run_crawl(self.crawler_process, "portal", line.arguments)
        if failure is not None:
            return start_failure(failure, line.layout)
        return self._report(crawler, line, report, started, previous)

    def _report(self, crawler, line: CommandLine, report_file: ReportFile, started: datetime,
                previous: dict[str, int | None]) -> int:
        stats = crawler.stats.get_stats()
        ledger = ledger_for(crawler)
        complete = ledger.finish_reason == "finished"
        resumed = bool(stats.get("govreply/jobdir/resumed"))
        names = line.portal_names
        links = {name: stats[f"govreply/lists/{name}/reply_links"] for name in names
                 if f"govreply/lists/{name}/reply_links" in stats}
        unreachable = ledger.unreachable()
        drift = drifted(links, {k: v for k, v in previous.items() if k in names},
                        lists_expected=complete and not resumed)
        known = {p.name for p in line.portals if not p.adhoc}
        drift = sorted((set(drift) | {e.portal for e in ledger.entries.values()
                                      if e.outcome is Outcome.EMPTY and e.portal in known})
                       - set(unreachable))
        verdict = decide(new_failures=len(ledger.new_failures()), drift=drift,
                         unreachable=unreachable, complete=complete,
                         io_error=str(ledger.io_error) if ledger.io_error else None)
        report = build_report(started=started, ledger=ledger, stats=stats, portals=names,
                              drift=drift, exit_code=verdict.code, verdict=verdict.summary,
                              resumed=resumed)
        try:
            path, refused = report_file.write(report), None
        except OSError as exc:
            path, refused = None, exc.strerror or str(exc)
        print(summary(report, ledger, path))
        if ledger.io_error is not None:
            print(str(ledger.io_error), file=sys.stderr)
        if refused is None:
            return verdict.code
        error_line(f"cannot write the run report in {report_file.folder}: {refused}; "
                   f"the run's exit code was {verdict.code} ({verdict.summary})")
        return EXIT_CANTCREAT


def _previous_counts(layout: OutputLayout) -> dict[str, int | None]:
    """Reply links per portal in the latest finished run (for the drift check)."""
    path = layout.state_db
    if not path.exists():
        return {}
    with CrawlState(path) as state:
        names = {r.portal for r in state.urls() if r.portal}
        return {name: state.reply_count_last_run(name) for name in names}
