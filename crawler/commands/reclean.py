"""``scrapy reclean PATH...``: re-clean archived WARCs into FORMAT.md documents.

A thin command over ``crawler.reclean.run_reclean``; see the README, "Re-cleaning archived WARCs".
"""

from __future__ import annotations

import logging
from typing import ClassVar

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from crawler.reclean import RecleanOptions, run_reclean
from crawler.reclean.cleaner import DEFAULT_CLEANER


class Command(ScrapyCommand):
    requires_project = True
    default_settings: ClassVar[dict[str, str]] = {"LOG_LEVEL": "INFO"}

    def syntax(self) -> str:
        return "[options] PATH..."

    def short_desc(self) -> str:
        return "Re-clean archived WARCs (files, directories, globs) into documents"

    def add_options(self, parser) -> None:
        super().add_options(parser)
        parser.add_argument("--output", "-O", default=None,
                            help="output directory (default: GOVREPLY_OUTPUT_DIR)")
        parser.add_argument("--workers", "-w", type=int, default=1,
                            help="worker processes on this machine (default: 1)")
        parser.add_argument("--dask", metavar="ADDRESS", default=None,
                            help="run on the Dask cluster at ADDRESS (tcp://host:8786)")
        parser.add_argument("--shard-records", type=int, default=500,
                            help="records per shard, the unit of resumption (default: 500)")
        parser.add_argument("--timeout", type=float, default=60.0,
                            help="seconds one document may take (0: no limit; default: 60)")
        parser.add_argument("--derived-warc", action="store_true",
                            help="also write the texts as WARC conversion records")
        parser.add_argument("--portal", action="append", default=[], metavar="NAME",
                            help="only these registry sections (repeatable; default: every "
                                 "section found in the WARCs, plus ad-hoc list pages)")
        parser.add_argument("--restart", action="store_true",
                            help="ignore completion markers of an earlier run")
        parser.add_argument("--report", default=None,
                            help="JSON report path (default: OUTPUT/reclean/report.json)")
        parser.add_argument("--cleaner", default=DEFAULT_CLEANER, help="module:function of "
                            "the cleaner (a hook for tests; default: %(default)s)")
        parser.add_argument("--progress", choices=("auto", "bar", "log"), default="auto",
                            help="tqdm bar or log lines (auto: bar on a terminal)")

    def run(self, args: list[str], opts) -> None:
        if not args:
            raise UsageError("give at least one WARC file, directory or glob")
        if opts.workers < 1:
            raise UsageError("--workers must be at least 1")
        options = RecleanOptions(
            inputs=args,
            output=opts.output or self.settings.get("GOVREPLY_OUTPUT_DIR", "output"),
            workers=opts.workers,
            dask=opts.dask,
            records_per_shard=opts.shard_records,
            timeout=opts.timeout or None,
            derived_warc=opts.derived_warc,
            cleaner=opts.cleaner,
            portals=opts.portal,
            restart=opts.restart,
            report=opts.report,
            progress={"auto": None, "bar": True, "log": False}[opts.progress],
        )
        try:
            summary = run_reclean(options)
        except FileNotFoundError as exc:
            logging.getLogger(__name__).error("%s", exc)
            self.exitcode = 1
            return
        print(summary.text())
        if summary.shards_unfinished:
            self.exitcode = 2
