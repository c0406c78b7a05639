"""Help texts of govreply's Scrapy commands, formatted without Scrapy's heading guess.

Scrapy's ``ScrapyHelpFormatter`` turns every help line that ends with ``:`` into an
underlined, title-cased heading, so an option help wrapped after ``(default:`` comes
out garbled. ``use_plain_headings(parser)`` keeps Scrapy's look for the real section
headings (argparse puts a lone ``"\n"`` part before each) and leaves option help as
written. The command's description (``long_desc``) keeps its own line breaks, so
it can list arguments and exit codes.
"""

from __future__ import annotations

import argparse

from scrapy.commands import ScrapyHelpFormatter

__all__ = ["HeadingSafeHelpFormatter", "use_plain_headings"]


class HeadingSafeHelpFormatter(ScrapyHelpFormatter):
    """Only a section's ``Name:`` line is a heading; help lines ending in ``:`` are not."""

    def format_part_strings(self, part_strings: list[str]) -> list[str]:
        hidden = [i for i, part in enumerate(part_strings)
                  if i > 0 and part.endswith(":\n") and part_strings[i - 1] != "\n"]
        for i in hidden:
            part_strings[i] = part_strings[i][:-2] + "\0\n"  # not a heading to Scrapy
        formatted = super().format_part_strings(part_strings)
        return [part.replace("\0\n", ":\n") for part in formatted]

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        """The description as written, line by line (as ``RawDescriptionHelpFormatter``)."""
        return "".join(indent + line for line in text.splitlines(keepends=True))


def use_plain_headings(parser: argparse.ArgumentParser) -> None:
    """Format ``parser``'s help with ``HeadingSafeHelpFormatter``."""
    parser.formatter_class = HeadingSafeHelpFormatter
