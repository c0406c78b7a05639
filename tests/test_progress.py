"""The crawl's live progress line (issue 12 item 17): on a terminal, the log otherwise."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from crawler.localsite import LocalSite, recorded_portal_routes
from crawler.progress import progress_line

from .helpers import FAST, REPO


def test_the_line_names_pages_rate_queue_and_each_portals_replies():
    stats = {"downloader/response_count": 30, "scheduler/enqueued": 50,
             "scheduler/dequeued": 38, "govreply/items/b_portal/new": 4,
             "govreply/items/b_portal/failed": 1, "govreply/items/a_portal/changed": 2,
             "govreply/items/a_portal/unchanged": 9}
    assert progress_line(stats, 10.0) == (
        "pages 30 (3.0/s) | queue 12 | a_portal: 0 new, 2 changed, 0 failed | "
        "b_portal: 4 new, 0 changed, 1 failed")
    assert progress_line({}, 0.0) == "pages 0 (0.0/s) | queue 0"


def _crawl(tmp_path, *settings: str) -> bytes:
    with LocalSite(recorded_portal_routes(gzip=True)) as site:
        command = [sys.executable, "-m", "scrapy", "crawl", "pingtan", "-a",
                   f"base_url={site.base_url}", "-s", f"GOVREPLY_OUTPUT_DIR={tmp_path}"]
        for name, value in FAST.items():
            command += ["-s", f"{name}={value}"]
        for setting in settings:
            command += ["-s", setting]
        result = subprocess.run(command, cwd=REPO, capture_output=True, timeout=300,
                                env={**os.environ, "PYTHONPATH": str(REPO)})
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stderr


@pytest.mark.slow
def test_a_crawl_shows_the_line_when_asked_and_the_log_otherwise(tmp_path):
    shown = _crawl(tmp_path / "a", "GOVREPLY_PROGRESS=on", "GOVREPLY_PROGRESS_INTERVAL=0.1")
    updates = shown.split(b"\rpages ")
    assert len(updates) >= 2  # rewritten in place
    last = updates[-1].split(b"\n", 1)[0].decode()
    assert last.startswith("109 (") and "pingtan_zxta: 14 new, 0 changed" in last
    assert "pingtan_rdya: 14 new" in last
    plain = _crawl(tmp_path / "b")  # not a terminal: no line, the Scrapy log as before
    assert b"\rpages" not in plain and b"[scrapy.core.engine] INFO: Spider closed" in plain
