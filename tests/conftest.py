"""Fixtures shared by the test modules."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from crawler.localsite import LocalSite


@pytest.fixture
def local_site():
    """A LocalSite on 127.0.0.1; add routes to ``site.routes`` before requesting them."""
    site = LocalSite().start()
    yield site
    site.stop()


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


@pytest.fixture
def pywb(tmp_path):
    """Start pywb's ``wayback``: yields ``start(warc_dir) -> base URL`` of the replay."""
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


