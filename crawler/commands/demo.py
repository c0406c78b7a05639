"""``scrapy demo`` (and ``govreply-demo``): the quick start's main job, offline.

Serves the recorded Pingtan pages bundled in tests/data/corpus on 127.0.0.1,
crawls them with the ``pingtan`` spider (``base_url`` pointed at the local
server), and prints where the WARCs and the documents went.

The demo writes into a directory of its own (``demo-output/`` unless ``--output``
says otherwise), marked as the demo's by a ``.govreply-demo.json`` file; its WARC
names start with ``govreply-demo-``. A rerun starts that directory afresh, but only
when it holds nothing but what the demo writes: a directory with a real crawl in it
(another WARC, another document folder, anything else) is refused with one line and
exit status 73, and nothing in it is touched.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path
from typing import ClassVar

from scrapy.commands import ScrapyCommand

from corpus.layout import OutputLayout
from crawler.localsite import LocalSite, corpus_dir, recorded_portal_routes

__all__ = ["DEFAULT_OUTPUT", "EXIT_REFUSED", "DemoDirRefused", "main", "prepare_demo_dir"]

DEFAULT_OUTPUT = "demo-output"
MARKER = ".govreply-demo.json"
EXIT_REFUSED = 73  # EX_CANTCREAT: the output directory is not the demo's to overwrite
EXIT_NO_RECORDINGS = 66  # EX_NOINPUT: an install without the bundled recordings
DEMO_PREFIX = "govreply-demo"  # the demo's WARC names start with this; a crawl's do not
DEMO_FOLDERS = ("www.pingtan.gov.cn",)  # the only document folder the demo writes


def _demo_entries(root: Path) -> set[str]:
    """What a demo run leaves at the top of its directory (as the output layout names it)."""
    layout = OutputLayout(root)
    state = layout.state_db.name
    return {MARKER, layout.warc_dir.name, layout.text_dir.name, layout.reports_dir.name,
            layout.lock_file("demo").parent.name, state,
            *(f"{state}-{suffix}" for suffix in ("journal", "wal", "shm"))}


class DemoDirRefused(Exception):
    """The output directory holds something the demo did not write."""


def _foreign_entries(root: Path) -> list[str]:
    """What under ``root`` a demo run did not write."""
    foreign = [p.name for p in root.iterdir() if p.name not in _demo_entries(root)]
    layout = OutputLayout(root)
    if layout.warc_dir.is_dir():
        foreign += [f"warc/{p.name}" for p in layout.warc_dir.iterdir()
                    if not p.name.startswith(DEMO_PREFIX + "-")]
    if layout.text_dir.is_dir():
        foreign += [f"text/{p.name}" for p in layout.text_dir.iterdir()
                    if p.name not in DEMO_FOLDERS]
    return sorted(foreign)


def prepare_demo_dir(root: Path) -> None:
    """Make ``root`` ready for a demo run: create it, or clear a previous demo run.

    Raises ``DemoDirRefused`` when ``root`` is not empty and not wholly the demo's.
    """
    if not root.exists():
        root.mkdir(parents=True)
        return
    if not root.is_dir():
        raise DemoDirRefused(f"{root} is not a directory")
    if not any(root.iterdir()):
        return
    try:
        json.loads((root / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise DemoDirRefused(f"{root} is not empty and was not written by the demo "
                             "(a real crawl?); nothing was touched: give another --output"
                             ) from None
    foreign = _foreign_entries(root)
    if foreign:
        shown = ", ".join(foreign[:3]) + (", ..." if len(foreign) > 3 else "")
        raise DemoDirRefused(f"{root} holds files the demo did not write ({shown}); "
                             "nothing was touched: give another --output")
    for name in _demo_entries(root) - {MARKER}:
        path = root / name
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()


def _write_marker(root: Path) -> None:
    (root / MARKER).write_text(json.dumps({"written_by": "scrapy demo",
                                           "warc_prefix": DEMO_PREFIX}) + "\n",
                               encoding="utf-8")


class Command(ScrapyCommand):
    requires_project = True
    default_settings: ClassVar[dict[str, str]] = {"LOG_LEVEL": "WARNING"}

    def syntax(self) -> str:
        return "[--output DIR]"

    def short_desc(self) -> str:
        return "Crawl the bundled recorded Pingtan pages from a local server (offline)"

    def long_desc(self) -> str:
        return ("Crawl the bundled recorded Pingtan pages from a server on 127.0.0.1 into a "
                f"directory of the demo's own (default: {DEFAULT_OUTPUT}). A rerun starts it "
                "afresh; a directory holding anything the demo did not write is refused "
                f"(exit {EXIT_REFUSED}) and left as it is.")

    def add_options(self, parser) -> None:
        super().add_options(parser)
        parser.add_argument("--output", "-O", default=DEFAULT_OUTPUT,
                            help=f"the demo's output directory; default {DEFAULT_OUTPUT}")

    def process_options(self, args: list[str], opts) -> None:
        super().process_options(args, opts)
        if not opts.loglevel:  # before the crawler process configures logging
            self.settings.set("LOG_LEVEL", "WARNING", priority="cmdline")

    def run(self, args: list[str], opts) -> None:
        if args:
            print(f"demo: error: unexpected arguments: {' '.join(args)}", file=sys.stderr)
            self.exitcode = 64
            return
        if not (corpus_dir() / "MANIFEST.tsv").exists():
            print(f"demo: error: the bundled recordings are not installed ({corpus_dir()}); "
                  "run it from a checkout (pip install -e .)", file=sys.stderr)
            self.exitcode = EXIT_NO_RECORDINGS
            return
        root = Path(opts.output).resolve()
        try:
            prepare_demo_dir(root)
        except DemoDirRefused as exc:
            print(f"demo: refused: {exc}", file=sys.stderr)
            self.exitcode = EXIT_REFUSED
            return
        settings = self.settings
        settings.set("GOVREPLY_OUTPUT_DIR", str(root), priority="cmdline")
        # A local recording: no need to be polite to ourselves.
        settings.set("DOWNLOAD_DELAY", 0, priority="cmdline")
        settings.set("AUTOTHROTTLE_ENABLED", False, priority="cmdline")
        settings.set("GOVREPLY_WARC_PREFIX", DEMO_PREFIX, priority="cmdline")
        output = OutputLayout(root)
        _write_marker(root)
        with LocalSite(recorded_portal_routes(gzip=True)) as site:
            print(f"serving the recorded Pingtan pages at {site.base_url}")
            crawler = self.crawler_process.create_crawler("pingtan")
            self.crawler_process.crawl(crawler, base_url=site.base_url)
            self.crawler_process.start()
        print_summary(output, crawler.stats.get_stats())
        if crawler.stats.get_value("govreply/documents/written", 0) == 0:
            self.exitcode = 1


def print_summary(output: OutputLayout, stats: dict) -> None:
    """Where the WARCs and documents went, with counts."""
    warcs = sorted(output.warc_dir.glob("*.warc.gz"))
    documents = sorted(output.text_dir.rglob("*.txt"))
    print(f"WARCs:     {output.warc_dir}  ({len(warcs)} files, "
          f"{stats.get('govreply/warc/responses', 0)} responses archived)")
    print(f"documents: {output.text_dir}  ({len(documents)} documents, "
          f"{stats.get('govreply/documents/written', 0)} written this run)")
    missing = stats.get("downloader/response_status_count/404", 0)
    if missing:
        print(f"note: {missing} linked pages are not in the recording (404 from the local server)")


def main(argv: list[str] | None = None) -> None:
    """``govreply-demo [--output DIR]``: ``scrapy demo`` from anywhere (the entry point)."""
    from scrapy.cmdline import execute

    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "crawler.settings")
    execute(["scrapy", "demo", *(sys.argv[1:] if argv is None else argv)])
