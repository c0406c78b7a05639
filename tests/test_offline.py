"""No test reaches the network: real hosts named in pages and shapes stay unreached."""

from __future__ import annotations

import socket

import pytest

from .conftest import NetworkBlocked
from .helpers import run_scrapy


def test_a_connection_from_the_test_process_to_a_real_host_is_refused():
    with pytest.raises(NetworkBlocked):
        socket.create_connection(("93.184.216.34", 80), timeout=1)
    with socket.socket() as server:  # the loopback stays open
        server.bind(("127.0.0.1", 0))
        server.listen()
        socket.create_connection(server.getsockname(), timeout=1).close()


def test_a_crawl_asked_for_real_hosts_only_reaches_the_dead_local_proxy(tmp_path):
    """The hosts the shapes link as must-not-follow decoys, asked for outright."""
    urls = "http://www.gov.cn/zhengce/,https://jw.beijing.gov.cn/,http://jyt.zj.gov.cn/"
    result = run_scrapy("crawl", "fetch", "-a", f"urls={urls}",
                        settings={"GOVREPLY_OUTPUT_DIR": str(tmp_path),
                                  "GOVREPLY_CONTACT": "mailto:tests@example.org",
                                  "ROBOTSTXT_OBEY": "False", "RETRY_ENABLED": "False"})
    refused = [line for line in result.stderr.splitlines() if "refused" in line.lower()]
    assert len(refused) >= 3, result.stderr[-2000:]
    assert "DNS lookup failed" not in result.stderr  # no name was even looked up
    assert "downloader/response_count" not in result.stderr  # nothing answered
