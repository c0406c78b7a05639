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

# Pages link real portals (and the shapes name real hosts as links a crawl must not
# follow). No test may reach them: every subprocess sends requests for any host but
# the loopback to a closed local port (a "proxy" that refuses at once), and in this
# process a connection to anything but the loopback raises.
DEAD_PROXY = "http://127.0.0.1:9"
OFFLINE_ENV = {name: DEAD_PROXY for name in ("http_proxy", "https_proxy", "HTTP_PROXY",
                                             "HTTPS_PROXY", "all_proxy", "ALL_PROXY")}
OFFLINE_ENV.update(no_proxy="127.0.0.1,localhost,::1", NO_PROXY="127.0.0.1,localhost,::1")


class NetworkBlocked(OSError):
    """A test tried to connect to a host that is not the loopback."""


def _is_loopback(address) -> bool:
    if not isinstance(address, tuple) or not address:
        return True  # AF_UNIX paths and the like
    host = str(address[0])
    return host in ("localhost", "::1") or host.startswith("127.")


@pytest.fixture(scope="session", autouse=True)
def no_network():
    """Keep every test, and everything it starts, on the loopback."""
    patch = pytest.MonkeyPatch()
    for name, value in OFFLINE_ENV.items():
        patch.setenv(name, value)
    for method in ("connect", "connect_ex"):
        original = getattr(socket.socket, method)

        def guarded(sock, address, _original=original):
            if sock.family in (socket.AF_INET, socket.AF_INET6) and not _is_loopback(address):
                raise NetworkBlocked(f"a test tried to reach {address!r}")
            return _original(sock, address)

        patch.setattr(socket.socket, method, guarded)
    yield
    patch.undo()


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


