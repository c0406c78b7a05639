"""``scrapy demo``: the quick start's main job, offline.

Serves the recorded Pingtan pages bundled in tests/data/corpus on 127.0.0.1,
crawls them with the ``pingtan`` spider (``base_url`` pointed at the local
server), and prints where the WARCs and the documents went.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from scrapy.commands import ScrapyCommand

from corpus.layout import OutputLayout
from crawler.localsite import LocalSite, recorded_portal_routes


class Command(ScrapyCommand):
    requires_project = True
    default_settings: ClassVar[dict[str, str]] = {"LOG_LEVEL": "WARNING"}

    def syntax(self) -> str:
        return "[options]"

    def short_desc(self) -> str:
        return "Crawl the bundled recorded Pingtan pages from a local server (offline)"

    def add_options(self, parser) -> None:
        super().add_options(parser)
        parser.add_argument("--output", "-O", default=None,
                            help="output directory (default: GOVREPLY_OUTPUT_DIR)")

    def run(self, args: list[str], opts) -> None:
        settings = self.settings
        if opts.output:
            settings.set("GOVREPLY_OUTPUT_DIR", opts.output, priority="cmdline")
        # A local recording: no need to be polite to ourselves.
        settings.set("DOWNLOAD_DELAY", 0, priority="cmdline")
        settings.set("AUTOTHROTTLE_ENABLED", False, priority="cmdline")
        if not opts.loglevel:
            settings.set("LOG_LEVEL", "WARNING", priority="cmdline")
        output = OutputLayout(Path(settings.get("GOVREPLY_OUTPUT_DIR")).resolve())
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
