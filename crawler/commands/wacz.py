"""``scrapy wacz OUTPUT -o crawl.wacz``: pack an output directory as one WACZ file.

See ``corpus.waczpack``: the WARCs, their index, ``pages.jsonl`` of the reply pages with
their titles, validated with py-wacz before the command reports success.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import ClassVar

from scrapy.commands import ScrapyCommand

from corpus.layout import OutputLayout
from corpus.waczpack import WaczError, validate_wacz, write_wacz
from crawler.helpformat import use_plain_headings

EXIT_FAILED = 1
EXIT_USAGE = 64


class Command(ScrapyCommand):
    requires_project = True
    requires_crawler_process = False
    default_settings: ClassVar[dict[str, str]] = {"LOG_LEVEL": "WARNING"}

    def syntax(self) -> str:
        return "OUTPUT -o FILE.wacz"

    def short_desc(self) -> str:
        return "Pack an output directory's WARCs and reply pages into a WACZ file"

    def long_desc(self) -> str:
        return ("Pack the WARCs of OUTPUT/warc into one WACZ file (py-wacz), with\n"
                "pages.jsonl listing the reply pages and their titles from the sidecars,\n"
                "and validate it as `wacz validate` does.\n\n"
                "Exit status: 0 written and valid; 1 not written or not valid; 64 bad arguments.")

    def add_options(self, parser) -> None:
        super().add_options(parser)
        use_plain_headings(parser)
        parser.add_argument("-o", "--wacz", dest="wacz_path", default=None, metavar="FILE",
                            help="the WACZ file to write")

    def run(self, args: list[str], opts) -> None:
        if len(args) != 1 or not opts.wacz_path:
            print(f"wacz: error: usage: scrapy wacz {self.syntax()}", file=sys.stderr)
            self.exitcode = EXIT_USAGE
            return
        layout = OutputLayout(Path(args[0]))
        if not layout.warc_dir.is_dir():
            print(f"wacz: error: {args[0]} has no warc/ folder", file=sys.stderr)
            self.exitcode = EXIT_USAGE
            return
        try:
            path, pages = write_wacz(layout, opts.wacz_path)
        except WaczError as exc:
            print(f"wacz: error: {exc}", file=sys.stderr)
            self.exitcode = EXIT_FAILED
            return
        if not validate_wacz(path):
            print(f"wacz: error: {path} does not pass `wacz validate`", file=sys.stderr)
            self.exitcode = EXIT_FAILED
            return
        print(f"{path}: {pages} reply pages, valid WACZ")
