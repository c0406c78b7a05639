"""``scrapy nightly``: the cron job. One locked, reported, incremental crawl.

    scrapy nightly -a name=all            # every registry entry with start URLs
    scrapy nightly -a name=pingtan_zxta   # one entry
    scrapy nightly -a start_url=URL       # a section known only by its list page

Runs the ``portal`` spider under an exclusive lock (a second run of the same
portals exits at once), writes a JSON run report to
``<GOVREPLY_OUTPUT_DIR>/reports/`` and a short summary to stdout, and exits
with a code a cron wrapper can act on (see ``EXIT_*``). With ``-s JOBDIR=``, a
run stopped cleanly is resumed by the next one (see ``crawler.incremental.JobDirGuard``).
"""

from __future__ import annotations

import fcntl
import json
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from scrapy.commands import ScrapyCommand
from scrapy.utils.conf import arglist_to_dict

from archive.locks import is_locked
from corpus.layout import OutputLayout
from crawler.helpformat import use_plain_headings
from crawler.jobdir import JOB_LOCK
from crawler.state import CrawlState

EXIT_OK = 0
EXIT_PARTIAL = 1  # some items failed, or the run was stopped before its end
EXIT_DRIFT = 2  # a list that had reply links yields none: the template changed
EXIT_LOCKED = 75  # another run of the same portals holds the lock (EX_TEMPFAIL)

OUTCOMES = ("new", "changed", "unchanged", "gone", "failed")

NIGHTLY_HELP = f"""\
Locked, reported, incremental crawl of the portal spider, for cron.

Spider arguments (-a NAME=VALUE):
  name=NAME|all     a registry entry (corpus/portals.toml), or every entry with start URLs
  start_url=URL     a section known only by its list page (ad-hoc)
  kind=KIND         with start_url: the section's kind of replies (FORMAT.md)
  base_url=URL      fetch the portal's pages from another origin (a mirror)

Exit codes:
  {EXIT_OK}   success (gone replies included)
  {EXIT_PARTIAL}   partial failure: some items failed, or the run stopped before its end
  {EXIT_DRIFT}   template drift: a list that had reply links yields none
  {EXIT_LOCKED}  locked: another run of the same portals is in progress

The report goes to GOVREPLY_OUTPUT_DIR/reports/, a summary to stdout."""


def portal_counts(stats: dict[str, Any]) -> dict[str, dict[str, int]]:
    """``govreply/items/<portal>/<outcome>`` stats -> {portal: {outcome: n}}."""
    counts: dict[str, dict[str, int]] = {}
    for key, value in stats.items():
        match = re.fullmatch(r"govreply/items/([^/]+)/(\w+)", key)
        if match and match.group(2) in OUTCOMES:
            counts.setdefault(match.group(1), dict.fromkeys(OUTCOMES, 0))[match.group(2)] = value
    for key, value in stats.items():
        match = re.fullmatch(r"govreply/lists/([^/]+)/reply_links", key)
        if match:
            counts.setdefault(match.group(1), dict.fromkeys(OUTCOMES, 0))["reply_links"] = value
    return counts


def portal_platforms(stats: dict[str, Any]) -> dict[str, dict[str, str]]:
    """``govreply/platform[_source|_evidence]/<portal>`` stats -> {portal: {platform,
    source, evidence}}: the CMS family each section was read with, and why."""
    fields = {"": "platform", "_source": "source", "_evidence": "evidence"}
    found: dict[str, dict[str, str]] = {}
    for key, value in stats.items():
        match = re.fullmatch(r"govreply/platform(_source|_evidence)?/([^/]+)", key)
        if match:
            found.setdefault(match.group(2), {})[fields[match.group(1) or ""]] = str(value)
    return found


def drifted(counts: dict[str, dict[str, int]], previous: dict[str, int | None], *,
            lists_expected: bool = True) -> list[str]:
    """Portals whose lists yield no reply link now while they had some last time.

    A portal none of whose list pages was parsed in this run counts only when
    ``lists_expected``: a run that resumes a stopped job (its list pages were parsed
    before the stop) or that was itself stopped early has not seen them all.
    """
    return sorted(name for name, before in previous.items()
                  if before and counts.get(name, {}).get("reply_links", 0) == 0
                  and (lists_expected or "reply_links" in counts.get(name, {})))


def exit_code(counts: dict[str, dict[str, int]], drift: list[str],
              complete: bool = True) -> int:
    if drift:
        return EXIT_DRIFT
    if not complete or any(c.get("failed", 0) for c in counts.values()):
        return EXIT_PARTIAL
    return EXIT_OK


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

    def run(self, args: list[str], opts) -> None:
        spargs = arglist_to_dict(opts.spargs)
        settings = self.settings
        if opts.full:
            settings.set("GOVREPLY_FULL_RECRAWL", True, priority="cmdline")
        layout = OutputLayout(settings.get("GOVREPLY_OUTPUT_DIR"))
        label = re.sub(r"[^A-Za-z0-9_.-]+", "_",
                       spargs.get("name") or spargs.get("start_url") or "all")[:80]
        lock_path = layout.lock_file(label)
        lock_path.parent.mkdir(parents=True, exist_ok=True)
        with open(lock_path, "w") as lock:
            try:
                fcntl.flock(lock.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                print(f"govreply: another run of {label} is in progress; exiting")
                self.exitcode = EXIT_LOCKED
                return
            jobdir = settings.get("JOBDIR")
            if jobdir and is_locked(Path(jobdir) / JOB_LOCK):  # held by its JobDirGuard
                print(f"govreply: JOBDIR {jobdir} is in use by another crawl; exiting")
                self.exitcode = EXIT_LOCKED
                return
            previous = self._previous_counts(layout)
            crawler = self.crawler_process.create_crawler("portal")
            self.crawler_process.crawl(crawler, **spargs)
            self.crawler_process.start()
            stats = crawler.stats.get_stats()
        counts = portal_counts(stats)
        complete = stats.get("finish_reason") == "finished"
        resumed = bool(stats.get("govreply/jobdir/resumed"))
        drift = drifted(counts, {k: v for k, v in previous.items() if k in counts or
                                 spargs.get("name") in (k, "all")},
                        lists_expected=complete and not resumed)
        self.exitcode = exit_code(counts, drift, complete)
        report = {
            "started": str(stats.get("start_time", "")),
            "finished": datetime.now(UTC).isoformat(timespec="seconds"),
            "finish_reason": stats.get("finish_reason"),
            "resumed": resumed,
            "portals": counts,
            "platforms": portal_platforms(stats),
            "template_drift": drift,
            "exit_code": self.exitcode,
        }
        path = write_report(layout.reports_dir, label, report)
        stopped = None
        if not complete:
            stopped = f"stopped before the end ({stats.get('finish_reason')})"
            if settings.get("JOBDIR"):
                stopped += "; a rerun with the same JOBDIR continues it"
        print(summary(counts, drift, path, stopped=stopped))

    @staticmethod
    def _previous_counts(layout: OutputLayout) -> dict[str, int | None]:
        path = layout.state_db
        if not path.exists():
            return {}
        with CrawlState(path) as state:
            names = {r.portal for r in state.urls() if r.portal}
            return {name: state.reply_count_last_run(name) for name in names}


def write_report(folder: Path, label: str, report: dict, now: datetime | None = None) -> Path:
    """Write ``report`` as ``<UTC time>-<label>.json``; never over an earlier report
    (a second run in the same second gets ``<time>.02-<label>.json``, sorting after)."""
    folder.mkdir(parents=True, exist_ok=True)
    stamp = f"{now or datetime.now(UTC):%Y%m%dT%H%M%SZ}"
    data = json.dumps(report, ensure_ascii=False, indent=1) + "\n"
    for n in range(1, 100):
        path = folder / (f"{stamp}-{label}.json" if n == 1 else f"{stamp}.{n:02d}-{label}.json")
        try:
            with open(path, "x", encoding="utf-8") as fh:
                fh.write(data)
        except FileExistsError:
            continue
        return path
    raise FileExistsError(f"99 reports for {label} at {stamp} in {folder}")


def summary(counts: dict[str, dict[str, int]], drift: list[str], report: Path,
            stopped: str | None = None) -> str:
    """A few lines for the cron mail."""
    lines = []
    if stopped:
        lines.append(stopped)
    for name, c in sorted(counts.items()):
        lines.append(f"{name}: {c.get('new', 0)} new, {c.get('changed', 0)} changed, "
                     f"{c.get('unchanged', 0)} unchanged, {c.get('gone', 0)} gone, "
                     f"{c.get('failed', 0)} failed")
    for name in drift:
        lines.append(f"{name}: TEMPLATE DRIFT - the list yields no reply links any more")
    lines.append(f"report: {report}")
    return "\n".join(lines)
