"""A page archived by a crawl is replayed by pywb (run as a real server on 127.0.0.1)."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from crawler.localsite import LocalSite, recorded_portal_routes

from .helpers import CORPUS, run_scrapy

PAGE = "/zwgk/zdlyxxgk/yata/zxta/202211/t20221103_38112.htm"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(url: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"pywb did not come up at {url}")


def _fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read()


@pytest.fixture
def pywb(tmp_path):
    """Start pywb's ``wayback`` over a collection directory; yield (start, warc_dir)."""
    procs: list[subprocess.Popen] = []

    def start(warc_dir: Path) -> str:
        port = _free_port()
        (tmp_path / "config.yaml").write_text(
            f"collections:\n  govreply:\n    index_paths: {warc_dir}/\n"
            f"    archive_paths: {warc_dir}/\n", encoding="utf-8")
        wayback = Path(sys.executable).with_name("wayback")
        procs.append(subprocess.Popen([str(wayback), "-p", str(port), "-b", "127.0.0.1"],
                                      cwd=tmp_path, stdout=subprocess.DEVNULL,
                                      stderr=subprocess.DEVNULL))
        base = f"http://127.0.0.1:{port}"
        _wait_for(base + "/govreply/")
        return base

    yield start
    for proc in procs:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.mark.slow
def test_crawled_page_replays_in_pywb(tmp_path, pywb):
    out = tmp_path / "out"
    with LocalSite(recorded_portal_routes(gzip=True)) as site:
        run_scrapy("crawl", "fetch", "-a", f"urls={site.url(PAGE)}",
                   settings={"GOVREPLY_OUTPUT_DIR": str(out)})
        url = site.url(PAGE)
    base = pywb(out / "warc")
    replayed = _fetch(f"{base}/govreply/mp_/{url}").decode("utf-8")
    assert "wbinfo" in replayed  # pywb's replay, not a pass-through
    assert "委托厦门市城市规划设计研究院编制" in replayed  # the reply's body text
    raw = _fetch(f"{base}/govreply/id_/{url}")
    assert raw == (CORPUS / "html" / "pingtan_zxta_38112.html").read_bytes()
