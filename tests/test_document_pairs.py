"""A document is a pair written as one unit; the crawl state is committed after it.

Kills at the named fault points (``archive.faults``): between the ``.txt`` and the
``.json`` (``documents.between_pair``), and between the pair and the state commit
(``state.before_commit``), in a crawl and in a re-clean worker. Whatever a kill leaves,
a later run finds and repairs it; 304s and ``GOVREPLY_STOP_AT_KNOWN_PAGE`` do not hide it.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
from pathlib import Path

import pytest

from archive.faults import ENV_VAR
from corpus.layout import DocumentPaths, OutputLayout
from corpus.urls import document_stem
from crawler.localsite import LocalSite, Route, recorded_portal_routes
from crawler.state import CrawlState

from .helpers import run_scrapy

REAL = "https://www.pingtan.gov.cn"
ZXTA = "/zwgk/zdlyxxgk/yata/zxta/"
EDITED = ZXTA + "202211/t20221103_38112.htm"
KILLED = -signal.SIGKILL


def _sidecar(text: str, version: int = 1) -> dict:
    return {"text_sha1": hashlib.sha1(text.encode("utf-8")).hexdigest(), "version": version}


# -- the pair, on its own ----------------------------------------------------------------------
def test_a_pair_is_complete_only_when_both_halves_belong_together(tmp_path):
    paths = DocumentPaths(tmp_path / "www.x.gov.cn", "0123456789abcdef")
    assert not paths.torn() and paths.complete() is None  # absent: nothing to repair
    paths.write("第一版", _sidecar("第一版"))
    assert paths.complete()["version"] == 1 and not paths.torn()
    assert paths.state() == (_sidecar("第一版"), _sidecar("第一版"), "第一版")
    paths.text.write_text("第二版", encoding="utf-8")  # a kill after the new .txt
    assert paths.complete() is None and paths.torn()
    assert paths.state() == (None, _sidecar("第一版"), None)  # its version still known
    paths.sidecar.unlink()  # a lone .txt
    assert paths.torn()
    paths.write("第二版", _sidecar("第二版", 2))
    assert paths.complete()["version"] == 2
    kept = paths.keep_as_version(2)
    assert kept.complete()["version"] == 2 and not paths.exists()
    assert [p.name for p in sorted(paths.folder.iterdir())] == [
        "0123456789abcdef.v2.json", "0123456789abcdef.v2.txt"]


def test_a_failed_write_leaves_no_temporary_file(tmp_path, monkeypatch):
    paths = DocumentPaths(tmp_path / "f", "s")
    paths.write("old", _sidecar("old"))

    def failing_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(OSError, match="disk full"):
        paths.write("new", _sidecar("new"))
    assert sorted(p.name for p in paths.folder.iterdir()) == ["s.json", "s.txt"]
    assert paths.complete() is not None and paths.text.read_text("utf-8") == "old"


# -- a crawl killed ------------------------------------------------------------------------------
def _nightly(site: LocalSite, out: Path, fault: str | None = None, **settings: str):
    """``scrapy nightly`` of the zxta section (exit 1: 45 of its 59 replies are not in the
    recording; -9 when the fault point kills it)."""
    env = {ENV_VAR: fault} if fault else {}
    return run_scrapy("nightly", "-a", "name=pingtan_zxta", "-a", f"base_url={site.base_url}",
                      settings={"GOVREPLY_OUTPUT_DIR": str(out), **settings}, check=False,
                      timeout=300, env=env)


def _pairs(out: Path) -> dict[str, DocumentPaths]:
    folder = out / "text" / "www.pingtan.gov.cn"
    stems = {p.name.split(".")[0] for p in folder.iterdir() if ".v" not in p.name}
    return {stem: DocumentPaths(folder, stem) for stem in stems}


@pytest.mark.slow
def test_a_crawl_killed_between_txt_and_json_is_repaired_by_the_next_run(tmp_path):
    out = tmp_path / "out"
    with LocalSite(recorded_portal_routes(gzip=True)) as site:
        killed = _nightly(site, out, "documents.between_pair")
        assert killed.returncode == KILLED
        [torn] = [p for p in _pairs(out).values() if p.torn()]
        assert torn.text.exists() and not torn.sidecar.exists()
        site.hits.clear()
        again = _nightly(site, out)
        # every document made; the only failures are the recording's dead links, new
        # (exit 1) only for those the killed run had not reached yet
        assert "govreply/documents/failed" not in again.stderr
        assert ", 0 failed," in again.stdout, again.stdout[-2500:]
        listed = [line.split()[0] for line in again.stdout.splitlines()
                  if line.startswith("  ") and "https://" in line]
        assert set(listed) <= {"dead"}, again.stdout[-2500:]
        assert again.returncode == (1 if listed else 0), again.stdout[-2500:]
    pairs = _pairs(out)
    assert len(pairs) == 14 and all(p.complete() for p in pairs.values())
    assert pairs[torn.stem].complete()["version"] == 1


@pytest.mark.slow
def test_a_crawl_killed_before_its_state_commit_is_not_hidden_by_304s(tmp_path):
    """The edited reply's new version is on disk, the state still holds the old text: the
    next run asks for it without validators (a 304 would hide it), keeps the pair and the
    one earlier version, and commits."""
    out = tmp_path / "out"
    routes = recorded_portal_routes(gzip=True)
    with LocalSite(routes) as site:
        assert _nightly(site, out).returncode == 1
        route = routes[EDITED]
        site.routes[EDITED] = Route(route.body.replace("委托".encode(), "已委托".encode(), 1),
                                    gzip=True)
        assert _nightly(site, out, "state.before_commit").returncode == KILLED
        stem = document_stem(REAL + EDITED)
        pair = _pairs(out)[stem]
        assert pair.complete()["version"] == 2 and pair.version(1).complete()
        site.hits.clear()
        assert _nightly(site, out).returncode == 0  # the dead links are not new failures
        [hit] = [h for h in site.hits if h.path == EDITED]
        assert "If-None-Match" not in hit.headers and hit.status == 200
    with CrawlState(out / "state.sqlite3") as state:
        record = state.get(REAL + EDITED)
    assert (record.text_digest, record.version) == (pair.complete()["text_sha1"], 2)
    folder = out / "text" / "www.pingtan.gov.cn"
    assert sorted(p.name for p in folder.glob(f"{stem}*")) == [
        f"{stem}.json", f"{stem}.txt", f"{stem}.v1.json", f"{stem}.v1.txt"]
    assert "已委托" in pair.text.read_text("utf-8")


@pytest.mark.slow
def test_a_lone_half_on_a_later_list_page_is_not_hidden_by_stop_at_known_page(tmp_path):
    from .sites.unseen import START
    from .test_unseen_portal import make_portal

    portal = make_portal()
    out = tmp_path / "out"
    with LocalSite(portal.routes()) as site:
        start = ["nightly", "-a", f"start_url={site.url(START)}"]
        run_scrapy(*start, settings={"GOVREPLY_OUTPUT_DIR": str(out)}, timeout=300)
        on_page_2 = portal.replies[9]
        paths = OutputLayout(out).document(site.url(on_page_2.path))
        assert paths.complete() is not None
        paths.sidecar.unlink()  # what a kill between the two files leaves
        site.hits.clear()
        again = run_scrapy(*start, settings={"GOVREPLY_OUTPUT_DIR": str(out)}, timeout=300)
    assert "not paging further" in again.stderr  # page 1 holds known items only ...
    [hit] = [h for h in site.hits if h.path == on_page_2.path]  # ... yet it was fetched
    assert "If-None-Match" not in hit.headers and "If-Modified-Since" not in hit.headers
    assert paths.complete() is not None


# -- a re-clean killed while it writes a pair ---------------------------------------------------
@pytest.mark.slow
@pytest.mark.parametrize("workers", [1, 2])
def test_a_reclean_killed_between_txt_and_json_leaves_its_shard_unfinished(tmp_path, workers):
    """The workers hand each pair to the job's own process (``reclean.runner``), which
    writes it: a kill there, between the two files, leaves a torn pair and no marker, and
    the next run repairs it."""
    out = tmp_path / "crawl"
    with LocalSite(recorded_portal_routes(gzip=True)) as site:
        assert _nightly(site, out).returncode == 1
    re = tmp_path / "re"
    killed = run_scrapy("reclean", "--progress", "log", "--workers", str(workers),
                        str(out / "warc"), "-O", str(re),
                        check=False, env={ENV_VAR: "documents.between_pair"})
    assert killed.returncode == -9  # the job's process, where the pair was being written
    assert "Traceback" not in killed.stderr  # the workers, left without a reader, are quiet
    assert not list(re.glob("reclean/state/*/*.done.json"))
    [torn] = [p for p in _pairs(re).values() if p.torn()]
    again = run_scrapy("reclean", "--progress", "log", str(out / "warc"), "-O", str(re))
    assert "14 documents cleaned" in again.stdout
    pairs = _pairs(re)
    assert len(pairs) == 14 and all(p.complete() for p in pairs.values())
    crawled = {p.name: p.read_bytes() for p in (out / "text").rglob("*") if p.is_file()}
    assert {p.name: p.read_bytes() for p in (re / "text").rglob("*") if p.is_file()} == crawled
    assert pairs[torn.stem].complete() is not None
    shutil.rmtree(re)


@pytest.mark.slow
def test_a_changed_reply_that_fails_to_clean_is_fetched_in_full_the_next_night(tmp_path):
    """Its new validators are stored only with its new text: the night after the failure
    does not get a 304 for the change, and the new version is written."""
    from dataclasses import replace

    from .test_reclean_hooks import MARK

    out = tmp_path / "out"
    with LocalSite(recorded_portal_routes()) as site:
        path = next(p for p in site.routes if MARK in p)
        _nightly(site, out)
        [first] = [p for p in _pairs(out).values() if MARK in p.complete()["url"]]
        assert first.complete()["version"] == 1
        route = site.routes[path]
        site.routes[path] = replace(route, body=route.body.replace(
            "平潭".encode(), "平潭综合实验区".encode()))
        failed = _nightly(site, out, GOVREPLY_CLEANER="tests.test_reclean_hooks:failing_clean_page")
        assert "this page breaks the cleaner" in failed.stderr + failed.stdout
        assert first.complete()["version"] == 1
        site.hits.clear()
        _nightly(site, out)
        [hit] = [h for h in site.hits if h.path == path]
    assert hit.status == 200 and "If-None-Match" not in hit.headers
    assert first.complete()["version"] == 2
    assert "平潭综合实验区" in first.text.read_text("utf-8")
