"""What a new user meets (issue 12): the quick start, the demo entry point, packaging,
the User-Agent, feed exports and the recordings server."""

from __future__ import annotations

import json
import os
import re
import select
import signal
import socket
import subprocess
import sys
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from scrapy.settings import Settings

from archive.reader import iter_records
from corpus.urls import document_stem
from crawler import PROJECT_CONTACT
from crawler.commands.demo import DemoDirRefused, prepare_demo_dir
from crawler.localsite import LocalSite, recorded_portal_routes
from crawler.useragent import ContactRequired, check_contact, is_loopback, sent_user_agent

from .helpers import REPO, fetch, run_scrapy

VENV_BIN = Path(sys.executable).parent


def _real_crawl(root: Path) -> dict[str, bytes]:
    """An output directory as a real crawl leaves it; returns its files' contents."""
    (root / "warc").mkdir(parents=True)
    (root / "warc" / "govreply-20260101000000000-00000-h.warc.gz").write_bytes(b"\x1f\x8bwarc")
    (root / "state.sqlite3").write_bytes(b"SQLite format 3\x00")
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


# -- item 1: the quick start never deletes a user's data --------------------------------------
def test_the_quick_start_deletes_nothing_and_runs_the_demo_in_its_own_directory():
    script = (REPO / "quickstart.sh").read_text("utf-8")
    commands = [line for line in script.splitlines() if line and not line.startswith("#")]
    assert not [c for c in commands if re.search(r"\brm\b", c)]
    assert commands[-1] == ".venv/bin/scrapy demo --output demo-output"


def test_the_demo_refuses_a_directory_that_holds_a_real_crawl(tmp_path):
    before = _real_crawl(tmp_path / "output")
    with pytest.raises(DemoDirRefused, match="not written by the demo"):
        prepare_demo_dir(tmp_path / "output")
    assert _files(tmp_path / "output") == before
    # a demo directory a real crawl was then written into is refused too
    demo = tmp_path / "demo"
    demo.mkdir()
    (demo / ".govreply-demo.json").write_text("{}")
    (demo / "warc").mkdir()
    (demo / "warc" / "govreply-demo-20260101000000000-00000-h.warc.gz").write_bytes(b"demo")
    (demo / "warc" / "govreply-20260102000000000-00000-h.warc.gz").write_bytes(b"real")
    (demo / "text" / "jw.beijing.gov.cn").mkdir(parents=True)
    kept = _files(demo)
    with pytest.raises(DemoDirRefused, match="govreply-2026010200"):
        prepare_demo_dir(demo)
    assert _files(demo) == kept


def test_a_demo_directory_is_started_afresh(tmp_path):
    demo = tmp_path / "demo"
    (demo / "warc").mkdir(parents=True)
    (demo / ".govreply-demo.json").write_text("{}")
    (demo / "warc" / "govreply-demo-20260101000000000-00000-h.warc.gz").write_bytes(b"demo")
    (demo / "text" / "www.pingtan.gov.cn").mkdir(parents=True)
    (demo / "state.sqlite3").write_bytes(b"x")
    prepare_demo_dir(demo)
    assert sorted(p.name for p in demo.iterdir()) == [".govreply-demo.json"]
    prepare_demo_dir(tmp_path / "new")  # a new directory is made
    assert (tmp_path / "new").is_dir()


@pytest.mark.slow
def test_govreply_demo_runs_from_anywhere_and_refuses_a_real_crawl(tmp_path):
    """Item 6: the entry point exists and works outside the checkout; item 1 by the
    command users run."""
    demo = VENV_BIN / "govreply-demo"
    assert demo.exists(), "pip install -e . installs the govreply-demo entry point"
    env = {k: v for k, v in os.environ.items() if k != "SCRAPY_SETTINGS_MODULE"}
    for _ in range(2):  # a rerun starts its own directory afresh, with the same result
        result = subprocess.run([str(demo)], cwd=tmp_path, capture_output=True, text=True,
                                timeout=300, env=env)
        assert result.returncode == 0, result.stderr[-3000:]
        assert "(28 documents, 28 written this run)" in result.stdout
        assert f"{tmp_path / 'demo-output' / 'warc'}  (1 files, 109 responses" in result.stdout
    before = _real_crawl(tmp_path / "output")
    refused = subprocess.run([str(demo), "--output", "output"], cwd=tmp_path,
                             capture_output=True, text=True, timeout=120, env=env)
    assert refused.returncode == 73
    assert refused.stderr.strip().splitlines() == [
        f"demo: refused: {tmp_path / 'output'} is not empty and was not written by the demo "
        "(a real crawl?); nothing was touched: give another --output"]
    assert _files(tmp_path / "output") == before


# -- item 12: packaging ---------------------------------------------------------------------
def test_the_package_is_mit_licensed_with_a_pinned_build_backend():
    project = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))
    assert project["project"]["license"] == "MIT"
    assert project["project"]["license-files"] == ["LICENSE"]
    [backend] = project["build-system"]["requires"]
    assert re.fullmatch(r"setuptools==\d+\.\d+\.\d+", backend)
    assert (REPO / "LICENSE").read_text("utf-8").startswith("MIT License")
    installed = metadata.metadata("govreply")
    assert installed["License-Expression"] == "MIT"  # the install used the SPDX field
    assert project["project"]["scripts"]["govreply-demo"] == "crawler.commands.demo:main"


# -- item 7: the User-Agent -------------------------------------------------------------------
def test_the_default_contact_is_refused_for_every_host_but_loopback():
    settings = Settings({"USER_AGENT": "govreply/1 (+{contact})",
                         "GOVREPLY_CONTACT": PROJECT_CONTACT})
    check_contact(settings, ["127.0.0.1", "localhost", "127.0.0.1:8000", "[::1]"])
    with pytest.raises(ContactRequired, match=r"www\.pingtan\.gov\.cn"):
        check_contact(settings, ["127.0.0.1", "www.pingtan.gov.cn"])
    own = Settings({"USER_AGENT": "govreply/1 (+{contact})",
                    "GOVREPLY_CONTACT": "mailto:me@example.org"})
    check_contact(own, ["www.pingtan.gov.cn"])
    assert sent_user_agent(own) == "govreply/1 (+mailto:me@example.org)"
    assert [is_loopback(h) for h in ("127.8.0.1", "::1", "10.0.0.1", "example.org", "")] == [
        True, True, False, False, False]


def test_a_crawl_of_a_real_host_with_the_default_contact_fetches_nothing(tmp_path):
    result = run_scrapy("crawl", "fetch", "-a", "urls=http://www.gov.cn/zhengce/",
                        settings={"GOVREPLY_OUTPUT_DIR": str(tmp_path)}, check=False)
    assert "GOVREPLY_CONTACT is the project's default" in result.stderr
    assert "www.gov.cn" in result.stderr
    assert "downloader/request_count" not in result.stderr
    assert not list(tmp_path.rglob("*.warc.gz"))


@pytest.mark.parametrize("command", [
    ("crawl", "portal", "-a", "start_url=https://example.gov.cn/zwgk/jyta/"),
    ("nightly", "-a", "start_url=https://example.gov.cn/zwgk/jyta/"),
    ("crawl", "portal", "-a", "name=pingtan_zxta"),
    ("crawl", "fetch", "-a", "urls=https://example.gov.cn/a.html"),
])
def test_the_default_contact_is_one_line_and_exit_64_before_anything_starts(tmp_path, command):
    out = tmp_path / "out"
    result = run_scrapy(*command, settings={"GOVREPLY_OUTPUT_DIR": str(out)}, check=False)
    assert result.returncode == 64
    [line] = result.stderr.strip().splitlines()  # no log, no settings dump, no traceback
    assert line.startswith("govreply: error: GOVREPLY_CONTACT is the project's default")
    assert not out.exists()  # no lock, no report, no state


def test_warcinfo_holds_the_user_agent_the_requests_carried(tmp_path):
    with LocalSite(recorded_portal_routes()) as site:
        run_scrapy("crawl", "fetch", "-a", f"urls={site.url('/robots.txt')}",
                   settings={"GOVREPLY_OUTPUT_DIR": str(tmp_path),
                             "GOVREPLY_CONTACT": "mailto:ops@example.org"})
        sent = {hit.headers.get("User-Agent") for hit in site.hits}
    [warc] = (tmp_path / "warc").glob("*.warc.gz")
    [info] = list(iter_records(warc, types=("warcinfo",)))
    fields = dict(line.split(": ", 1) for line in info.payload.decode().splitlines() if line)
    assert sent == {fields["http-header-user-agent"]}
    assert fields["http-header-user-agent"].endswith("(+mailto:ops@example.org)")
    assert "{contact}" not in info.payload.decode()


# -- item 5: feed exports ---------------------------------------------------------------------
@pytest.mark.slow
def test_a_feed_export_holds_one_json_object_per_document(tmp_path):
    items = tmp_path / "items.jsonl"
    with LocalSite(recorded_portal_routes(gzip=True)) as site:
        result = run_scrapy("crawl", "pingtan", "-a", f"base_url={site.base_url}",
                            "-O", str(items), settings={"GOVREPLY_OUTPUT_DIR": str(tmp_path)},
                            timeout=300)
    assert "Traceback" not in result.stderr and "not JSON serializable" not in result.stderr
    objects = [json.loads(line) for line in items.read_text("utf-8").splitlines()]
    assert len(objects) == 28
    assert len({obj["url"] for obj in objects}) == 28
    for obj in objects:
        folder = tmp_path / "text" / obj["portal"]
        stem = document_stem(obj["url"])
        sidecar = json.loads((folder / f"{stem}.json").read_text("utf-8"))
        assert {k: v for k, v in obj.items() if k != "text"} == sidecar
        assert obj["text"] == (folder / f"{stem}.txt").read_text("utf-8")


# -- item 13: the recordings on a fixed port ------------------------------------------------
def test_serve_recordings_serves_until_interrupted(tmp_path):
    command = [sys.executable, "-m", "scrapy", "serve-recordings", "--port", "0"]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen(command, cwd=REPO, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        ready, _, _ = select.select([proc.stdout], [], [], 60)
        assert ready, "no line from serve-recordings"
        printed = [proc.stdout.readline() for _ in range(6)]
        base = re.search(r"at (http://127\.0\.0\.1:\d+) ", printed[0]).group(1)
        assert f"-a base_url={base}" in "".join(printed)  # the commands to try
        page = fetch(base + "/zwgk/zdlyxxgk/yata/zxta/202211/t20221103_38112.htm")
        assert "委托厦门市城市规划设计研究院编制" in page.decode("utf-8")
    finally:
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err[-2000:]
    assert "stopped; 1 requests answered" in out
    with socket.socket() as busy:  # a port someone else listens on
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = str(busy.getsockname()[1])
        taken = run_scrapy("serve-recordings", "--port", port, check=False)
    assert taken.returncode == 69
    assert taken.stderr.strip().splitlines()[-1].startswith(
        f"serve-recordings: error: cannot listen on 127.0.0.1:{port}")
