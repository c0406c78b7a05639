"""``scrapy serve-recordings [--port 8000]``: the bundled recordings on a fixed port.

Serves the recorded Pingtan pages (tests/data/corpus) on 127.0.0.1 under their real
paths, as ``scrapy demo`` does, but until Ctrl-C, so that ``crawl``, ``nightly``,
``reclean`` and pywb can be tried by hand against them (the commands it prints).
A crawl with ``-a base_url=`` names its documents by the portal's own URLs, and the
crawl's index of those URLs (``warc/*.portal.cdxj``) lets ``CdxjIndex.lookup`` and
pywb find each document's capture from its sidecar ``url``.
"""

from __future__ import annotations

import signal
import sys
import threading
from typing import ClassVar

from scrapy.commands import ScrapyCommand

from crawler.localsite import LocalSite, corpus_dir, recorded_portal_routes

__all__ = ["DEFAULT_PORT", "Command", "usage_lines"]

DEFAULT_PORT = 8000
EXIT_PORT_IN_USE = 69  # EX_UNAVAILABLE


def usage_lines(base_url: str) -> list[str]:
    """What to try against the server at ``base_url``."""
    out = "-s GOVREPLY_OUTPUT_DIR=try-output"
    return [
        f"serving the recorded Pingtan pages at {base_url} (Ctrl-C stops)",
        "try, in another shell:",
        f"  .venv/bin/scrapy crawl pingtan -a base_url={base_url} {out} -s DOWNLOAD_DELAY=0",
        f"  .venv/bin/scrapy nightly -a name=pingtan_zxta -a base_url={base_url} {out}",
        f"  .venv/bin/scrapy archive ls https://www.pingtan.gov.cn/zwgk/zdlyxxgk/yata/zxta/ {out}",
        "  .venv/bin/wb-manager init govreply && .venv/bin/wb-manager add govreply "
        "try-output/warc/*.warc.gz && .venv/bin/wayback",
    ]


class Command(ScrapyCommand):
    requires_project = True
    requires_crawler_process = False
    default_settings: ClassVar[dict[str, str]] = {"LOG_LEVEL": "WARNING"}

    def syntax(self) -> str:
        return "[--port PORT]"

    def short_desc(self) -> str:
        return "Serve the bundled recorded pages on 127.0.0.1 until Ctrl-C"

    def long_desc(self) -> str:
        return ("Serve the recorded Pingtan pages bundled in tests/data/corpus on 127.0.0.1, "
                "under their real paths, with ETags, gzip and 404s for pages not recorded, "
                "until Ctrl-C or SIGTERM. Crawl them with -a base_url=http://127.0.0.1:PORT.")

    def add_options(self, parser) -> None:
        super().add_options(parser)
        parser.add_argument("--port", "-p", type=int, default=DEFAULT_PORT,
                            help=f"TCP port on 127.0.0.1; default {DEFAULT_PORT}, 0 for any")

    def run(self, args: list[str], opts) -> None:
        if args:
            print(f"serve-recordings: error: unexpected arguments: {' '.join(args)}",
                  file=sys.stderr)
            self.exitcode = 64
            return
        if not 0 <= opts.port <= 65535:
            print(f"serve-recordings: error: --port {opts.port} is not a TCP port",
                  file=sys.stderr)
            self.exitcode = 64
            return
        try:
            site = LocalSite(recorded_portal_routes(corpus_dir(), gzip=True), port=opts.port)
        except OSError as exc:
            print(f"serve-recordings: error: cannot listen on 127.0.0.1:{opts.port}: "
                  f"{exc.strerror or exc}", file=sys.stderr)
            self.exitcode = EXIT_PORT_IN_USE
            return
        stop = threading.Event()
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, lambda *_: stop.set())
        with site:
            print("\n".join(usage_lines(site.base_url)), flush=True)
            stop.wait()
        print(f"stopped; {len(site.hits)} requests answered", flush=True)
