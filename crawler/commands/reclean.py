"""``scrapy reclean PATH...``: re-clean archived WARCs into FORMAT.md documents.

A thin command over ``reclean.cli`` (the options and exit statuses are there); see
the README, "Re-cleaning archived WARCs".
"""

from __future__ import annotations

from typing import ClassVar

from scrapy.commands import ScrapyCommand

from crawler.helpformat import use_plain_headings
from reclean import cli


class Command(ScrapyCommand):
    requires_project = True
    default_settings: ClassVar[dict[str, str]] = {"LOG_LEVEL": "INFO"}

    def syntax(self) -> str:
        return "[options] PATH..."

    def short_desc(self) -> str:
        return "Re-clean archived WARCs (files, directories, globs) into documents"

    def long_desc(self) -> str:
        return cli.DESCRIPTION

    def add_options(self, parser) -> None:
        super().add_options(parser)
        use_plain_headings(parser)
        cli.add_arguments(parser)

    def run(self, args: list[str], opts) -> None:
        self.exitcode = cli.run(args, opts, self.settings.get("GOVREPLY_OUTPUT_DIR", "output"))
