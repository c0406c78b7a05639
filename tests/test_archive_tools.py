"""The archive from the shell (issue 12 items 14, 15): ``scrapy archive`` and ``scrapy wacz``,
over the output of the quick start's demo crawl."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from archive.reader import read_record_at
from corpus.layout import OutputLayout
from crawler.state import CrawlState

from .helpers import CORPUS, fetch, run_scrapy

PAGE = "https://www.pingtan.gov.cn/zwgk/zdlyxxgk/yata/zxta/202211/t20221103_38112.htm"
RECORDED = CORPUS / "html" / "pingtan_zxta_38112.html"
VENV_BIN = Path(sys.executable).parent


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("demo") / "demo-output"
    run_scrapy("demo", "--output", str(out), timeout=300)
    return out


def archive(demo: Path, *args: str, check: bool = True):
    return run_scrapy("archive", *args, "-O", str(demo), check=check)


def _sidecar(demo: Path, url: str) -> dict:
    [path] = [p for p in (demo / "text").rglob("*.json")
              if json.loads(p.read_text("utf-8"))["url"] == url]
    return json.loads(path.read_text("utf-8"))


def test_archive_ls_finds_a_documents_capture_by_its_portal_url(demo):
    sidecar = _sidecar(demo, PAGE)
    [line] = archive(demo, "ls", PAGE).stdout.strip().splitlines()
    assert line.endswith(f"{sidecar['warc']['filename']}:{sidecar['warc']['offset']}")
    assert " 200  text/html  " in line
    mirror = archive(demo, "ls", sidecar["final_url"]).stdout.strip().splitlines()
    assert [m.split("  ")[-1] for m in mirror] == [line.split("  ")[-1]]


def test_archive_show_prints_the_record(demo):
    sidecar = _sidecar(demo, PAGE)
    shown = archive(demo, "show", PAGE).stdout
    assert f"WARC-Target-URI: {sidecar['final_url']}" in shown
    assert f"WARC-Record-ID: {sidecar['warc']['record_id']}" in shown
    assert "Content-Encoding: gzip" in shown  # the HTTP headers as archived
    assert f"# payload: {len(RECORDED.read_bytes())} bytes decoded" in shown
    timestamp = archive(demo, "ls", PAGE).stdout.split()[0]
    assert archive(demo, "show", PAGE, "--at", timestamp[:10]).stdout == shown
    missing = archive(demo, "show", PAGE, "--at", "1999", check=False)
    assert missing.returncode == 1 and "no capture at 1999" in missing.stderr


def test_archive_text_prints_the_document_and_its_sidecar(demo):
    paths = OutputLayout(demo).document(PAGE)
    assert archive(demo, "text", PAGE).stdout == paths.text.read_text("utf-8") + "\n"
    assert json.loads(archive(demo, "text", PAGE, "--json").stdout) == paths.read_sidecar()


def test_archive_stats_counts_per_portal_from_the_state(demo):
    rows = [json.loads(line) for line in
            archive(demo, "stats", "--json").stdout.strip().splitlines()]
    by_portal = {row["portal"]: row for row in rows}
    assert set(by_portal) == {"pingtan_zxta", "pingtan_rdya"}
    with CrawlState(demo / "state.sqlite3") as state:
        replies = [r for r in state.urls(portal="pingtan_zxta") if r.kind == "reply"]
    zxta = by_portal["pingtan_zxta"]
    assert zxta["replies"] == len(replies)
    assert zxta["versions"] == sum(1 for r in replies if r.text_digest)  # one each, new
    assert zxta["last_fetch"] == max(r.last_seen for r in replies)
    table = archive(demo, "stats").stdout.splitlines()
    assert table[0].split()[:3] == ["portal", "replies", "versions"]
    assert any(line.startswith("pingtan_zxta") for line in table)


def test_archive_says_what_is_not_there_in_one_line(demo, tmp_path):
    for args, code, words in ((("ls", "http://nowhere.example/"), 1, "no capture of"),
                              (("text", "http://nowhere.example/"), 1, "no document for"),
                              (("frob",), 64, "usage"), (("ls",), 64, "usage")):
        result = archive(demo, *args, check=False)
        assert result.returncode == code, args
        assert len(result.stderr.strip().splitlines()) == 1 and words in result.stderr
    empty = run_scrapy("archive", "stats", "-O", str(tmp_path), check=False)
    assert empty.returncode == 1 and "no crawl state" in empty.stderr


# -- WACZ ---------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def wacz_file(demo, tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("wacz") / "crawl.wacz"
    result = run_scrapy("wacz", str(demo), "-o", str(target))
    assert result.stdout.strip() == f"{target}: 28 reply pages, valid WACZ"
    return target


def test_the_wacz_lists_the_reply_pages_with_their_titles_and_validates(demo, wacz_file):
    validate = subprocess.run([str(VENV_BIN / "wacz"), "validate", "-f", str(wacz_file)],
                              capture_output=True, text=True, timeout=120)
    assert validate.returncode == 0 and "is valid" in validate.stdout
    with zipfile.ZipFile(wacz_file) as wacz:
        names = set(wacz.namelist())
        header, *pages = [json.loads(line) for line in
                          wacz.read("pages/pages.jsonl").decode("utf-8").splitlines()]
    assert header["format"] == "json-pages-1.0"
    assert {n for n in names if n.startswith("archive/")} == {
        f"archive/{p.name}" for p in (demo / "warc").glob("*.warc.gz")}
    sidecars = [json.loads(p.read_text("utf-8")) for p in (demo / "text").rglob("*.json")]
    assert sorted((p["url"], p["title"]) for p in pages) == sorted(
        (s["final_url"], s["title"]) for s in sidecars)


def test_wacz_refuses_bad_arguments(tmp_path):
    assert run_scrapy("wacz", str(tmp_path), check=False).returncode == 64
    result = run_scrapy("wacz", str(tmp_path), "-o", str(tmp_path / "x.wacz"), check=False)
    assert result.returncode == 64 and "no warc/ folder" in result.stderr
    assert not (tmp_path / "x.wacz").exists()


@pytest.mark.slow
def test_pywb_replays_a_reply_page_from_the_wacz(demo, wacz_file, tmp_path, pywb):
    """pywb's own WACZ loader (``wb-manager add --unpack-wacz``) and its replay."""
    manager = str(VENV_BIN / "wb-manager")
    subprocess.run([manager, "init", "c"], cwd=tmp_path, check=True, capture_output=True)
    subprocess.run([manager, "add", "--unpack-wacz", "c", str(wacz_file)], cwd=tmp_path,
                   check=True, capture_output=True, timeout=120)
    collection = tmp_path / "collections" / "c"
    shutil.copy(collection / "indexes" / "index.cdxj", collection / "archive" / "index.cdxj")
    base = pywb(collection / "archive")
    url = _sidecar(demo, PAGE)["final_url"]
    assert fetch(f"{base}/govreply/id_/{url}") == RECORDED.read_bytes()
    record = read_record_at(next((collection / "archive").glob("*.warc.gz")), 0)
    assert record.record_type == "warcinfo"
