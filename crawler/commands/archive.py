"""``scrapy archive ls|show|text URL`` and ``scrapy archive stats``: look into an output.

    scrapy archive ls URL              every capture of URL (a portal URL finds a mirror's)
    scrapy archive show URL [--at TS]  the record: WARC and HTTP headers, payload size
    scrapy archive text URL [--json]   the document named after URL (or its sidecar)
    scrapy archive stats               per portal: replies, versions, gone, failures, last fetch

The output directory is ``GOVREPLY_OUTPUT_DIR`` or ``--output``. Exit status: 0; 1
nothing found; 64 bad arguments (see ``crawler.archiveview``).
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from typing import ClassVar

from scrapy.commands import ScrapyCommand

from corpus.layout import OutputLayout
from crawler.archiveview import (
    NotFound,
    captures,
    document_text,
    portal_stats,
    show_record,
    stats_lines,
)
from crawler.helpformat import use_plain_headings

EXIT_NOT_FOUND = 1
EXIT_USAGE = 64
ACTIONS = ("ls", "show", "text", "stats")

HELP = """\
Look into the archive of an output directory (GOVREPLY_OUTPUT_DIR or --output).

  ls URL              every capture of URL, oldest first (a document's sidecar url
                      finds the capture of a crawl from a mirror)
  show URL [--at TS]  the latest capture's record (or the one whose timestamp starts
                      with TS): WARC and HTTP headers, the payload's size and sha1
  text URL [--json]   the document named after URL (--json: its sidecar)
  stats [--json]      per portal: replies, versions, gone, failed, attachments, last fetch

Exit status: 0; 1 nothing found; 64 bad arguments."""


class Command(ScrapyCommand):
    requires_project = True
    requires_crawler_process = False
    default_settings: ClassVar[dict[str, str]] = {"LOG_LEVEL": "WARNING"}

    def syntax(self) -> str:
        return "ls|show|text URL | stats [options]"

    def short_desc(self) -> str:
        return "Look into the archive: captures, records, documents, per-portal stats"

    def long_desc(self) -> str:
        return HELP

    def add_options(self, parser) -> None:
        super().add_options(parser)
        use_plain_headings(parser)
        parser.add_argument("--output", "-O", default=None,
                            help="output directory; default GOVREPLY_OUTPUT_DIR")
        parser.add_argument("--at", default=None, metavar="TIMESTAMP",
                            help="show: the capture whose 14-digit timestamp starts with this")
        parser.add_argument("--json", action="store_true",
                            help="text: the sidecar; stats: JSON lines")

    def run(self, args: list[str], opts) -> None:
        action, rest = (args[0], args[1:]) if args else ("", [])
        wanted = 0 if action == "stats" else 1
        if action not in ACTIONS or len(rest) != wanted:
            print(f"archive: error: usage: scrapy archive {self.syntax()}", file=sys.stderr)
            self.exitcode = EXIT_USAGE
            return
        layout = OutputLayout(opts.output or self.settings.get("GOVREPLY_OUTPUT_DIR"))
        try:
            print("\n".join(self._lines(action, rest, opts, layout)))
        except NotFound as exc:
            print(f"archive: {exc}", file=sys.stderr)
            self.exitcode = EXIT_NOT_FOUND

    @staticmethod
    def _lines(action: str, rest: list[str], opts, layout: OutputLayout) -> list[str]:
        if action == "ls":
            return captures(layout, rest[0])
        if action == "show":
            return show_record(layout, rest[0], opts.at)
        if action == "text":
            return [document_text(layout, rest[0], sidecar=opts.json)]
        stats = portal_stats(layout)
        if opts.json:
            return [json.dumps(asdict(s), ensure_ascii=False) for s in stats]
        return stats_lines(stats)
