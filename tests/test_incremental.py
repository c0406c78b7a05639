"""Nightly reruns: conditional requests, revisits, changed replies, lock, report, exit codes."""

from __future__ import annotations

import fcntl
import json
from datetime import UTC, datetime

import pytest
from warcio.archiveiterator import ArchiveIterator

from corpus.urls import document_stem
from crawler.commands.nightly import EXIT_DRIFT, EXIT_LOCKED, EXIT_OK, EXIT_PARTIAL
from crawler.localsite import LocalSite, Route, recorded_portal_routes
from crawler.report import ReportFile

from .helpers import run_scrapy, warcio_check

SECTION = "/zwgk/zdlyxxgk/yata/zxta/"
CHANGED = SECTION + "202211/t20221103_38112.htm"
REAL = "https://www.pingtan.gov.cn"


def _nightly(site: LocalSite, out, *extra: str):
    return run_scrapy("nightly", "-a", "name=pingtan_zxta", "-a", f"base_url={site.base_url}",
                      *extra, settings={"GOVREPLY_OUTPUT_DIR": str(out)}, check=False,
                      timeout=300)


def _records(paths) -> list[tuple[str, str, str]]:
    found = []
    for path in paths:
        with open(path, "rb") as fh:
            for record in ArchiveIterator(fh):
                if record.rec_type in ("response", "revisit"):
                    found.append((record.rec_type, record.rec_headers.get_header(
                        "WARC-Target-URI"), record.rec_headers.get_header("WARC-Profile") or ""))
    return found


def _report(out) -> dict:
    latest = sorted((out / "reports").glob("*.json"))[-1]
    return json.loads(latest.read_text("utf-8"))


@pytest.mark.slow
def test_second_run_archives_only_what_changed(tmp_path):
    out = tmp_path / "out"
    with LocalSite(recorded_portal_routes(gzip=True)) as site:
        first = _nightly(site, out)
        # 14 recorded replies; the other 45 linked pages are not in the recording (404):
        # dead links, new tonight
        assert first.returncode == EXIT_PARTIAL, first.stderr[-3000:]
        counts = _report(out)["portals"]["pingtan_zxta"]
        assert (counts["new"], counts["dead"], counts["failed"], counts["reply_links"]) == (
            14, 45, 0, 59)
        first_files = set((out / "warc").glob("*.warc.gz"))

        route = site.routes[CHANGED]
        site.routes[CHANGED] = Route(route.body.replace("殡葬".encode(), "丧葬".encode()),
                                     gzip=True)
        site.hits.clear()
        second = _nightly(site, out)
        assert second.returncode == EXIT_OK  # the dead links are not new failures
        counts = _report(out)["portals"]["pingtan_zxta"]
        assert (counts["new"], counts["changed"], counts["unchanged"], counts["dead"]) == (
            0, 1, 13, 45)

    conditional = [h for h in site.hits if "If-None-Match" in h.headers]
    assert len(conditional) == 14 and sum(h.status == 304 for h in conditional) == 13
    new_files = sorted(set((out / "warc").glob("*.warc.gz")) - first_files)
    assert warcio_check(new_files).returncode == 0
    records = _records(new_files)
    replies = [(t, u, p) for t, u, p in records if "/202" in u and u.endswith(".htm")]
    revisits = [r for r in replies if r[0] == "revisit"]
    assert len(revisits) == 13 and all(p.endswith("server-not-modified") for _, _, p in revisits)
    fresh = [u for t, u, _ in replies if t == "response" and u.endswith(CHANGED)]
    assert len(fresh) == 1  # no new response record for an unchanged reply

    folder = out / "text" / "www.pingtan.gov.cn"
    stem = document_stem(REAL + CHANGED)
    current = json.loads((folder / f"{stem}.json").read_text("utf-8"))
    previous = json.loads((folder / f"{stem}.v1.json").read_text("utf-8"))
    assert current["version"] == 2 and previous["version"] == 1
    assert "丧葬" in (folder / f"{stem}.txt").read_text("utf-8")
    assert "殡葬" in (folder / f"{stem}.v1.txt").read_text("utf-8")


@pytest.mark.slow
def test_a_list_that_stops_yielding_links_is_template_drift(tmp_path):
    out = tmp_path / "out"
    with LocalSite(recorded_portal_routes()) as site:
        _nightly(site, out)
        site.routes[SECTION] = Route(b"<html><body><div class='list'></div></body></html>")
        drift = _nightly(site, out)
    assert drift.returncode == EXIT_DRIFT
    assert _report(out)["template_drift"] == ["pingtan_zxta"]
    assert "TEMPLATE DRIFT" in drift.stdout


def test_a_second_run_of_the_same_portal_exits_while_the_first_holds_the_lock(tmp_path):
    out = tmp_path / "out"
    (out / "locks").mkdir(parents=True)
    with open(out / "locks" / "pingtan_zxta.lock", "w") as held, \
            LocalSite(recorded_portal_routes()) as site:
        fcntl.flock(held.fileno(), fcntl.LOCK_EX)
        result = _nightly(site, out)
    assert result.returncode == EXIT_LOCKED
    assert "another run of pingtan_zxta is in progress" in result.stderr
    assert site.hits == []  # nothing was fetched


def test_reports_of_runs_in_the_same_second_do_not_overwrite_each_other(tmp_path):
    now = datetime(2026, 11, 21, 2, 17, 5, tzinfo=UTC)
    paths = [ReportFile(tmp_path, "all").reserve().write({"run": n}, now=now) for n in range(3)]
    assert len(set(paths)) == 3
    assert sorted(tmp_path.glob("*.json")) == paths  # later runs sort later
    assert [json.loads(p.read_text("utf-8"))["run"] for p in paths] == [0, 1, 2]
