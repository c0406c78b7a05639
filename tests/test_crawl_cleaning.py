"""The crawl's cleaning: off the reactor, bounded, budgeted, or left to the re-clean.

Crawls of 127.0.0.1 sections with cleaners that are slow, stuck or picky on purpose
(``tests.clean_hooks``) show that the downloader does not wait on the cleaner, that
Scrapy's scraper slot bounds what waits for it, that a page over the per-page budget is
archived and reported while the crawl goes on, and that an archive-only crawl
(``GOVREPLY_CLEAN=False``) leaves documents that ``scrapy reclean`` makes to the
crawl's own.
"""

from __future__ import annotations

import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from archive.reader import iter_records
from corpus.decision import read_decision
from crawler.localsite import LocalSite, Route, recorded_portal_routes

from .helpers import CORPUS, FAST, REPO, run_scrapy

SECTION = "/zwgk/jyta/"
REPLY = (CORPUS / "html" / "pingtan_zxta_38112.html").read_bytes()


def section(replies: int, big: dict[int, bytes] | None = None) -> dict[str, Route]:
    """A list page of ``replies`` reply pages (a recorded Pingtan page, renamed);
    ``big`` replaces some bodies."""
    items = "".join(f"<li><a href='{SECTION}r{i}.htm'>关于第{i}号建议的答复</a>"
                    f"<span>2024-03-15</span></li>" for i in range(replies))
    listing = (f"<html><head><title>建议提案办理</title></head><body><ul class='list'>{items}"
               f"</ul></body></html>").encode()
    routes = {SECTION: Route(listing), "/robots.txt": Route(b"", content_type="text/plain")}
    for i in range(replies):
        routes[f"{SECTION}r{i}.htm"] = Route((big or {}).get(i, REPLY))
    return routes


def stat(log: str, name: str) -> int:
    found = re.search(rf"'{re.escape(name)}': (\d+)", log)
    return int(found.group(1)) if found else 0


def crawl(site: LocalSite, out: Path, **settings: str):
    return run_scrapy("crawl", "portal", "-a", f"start_url={site.url(SECTION)}",
                      settings={"GOVREPLY_OUTPUT_DIR": str(out), **settings}, timeout=300)


def documents(out: Path) -> dict[str, str]:
    return {p.name: p.read_text("utf-8") for p in (out / "text").rglob("*.txt")}


@pytest.mark.slow
def test_the_downloader_does_not_wait_on_a_slow_cleaner(tmp_path):
    """Six pages take six seconds to clean on one worker; they are all fetched in the
    first of them."""
    with LocalSite(section(6)) as site:
        result = crawl(site, tmp_path, GOVREPLY_CLEANER="tests.clean_hooks:slow_clean_page",
                       GOVREPLY_CLEAN_WORKERS="1", GOVREPLY_CLEAN_QUEUE="6")
        hits = [h.at for h in site.hits if h.path.startswith(f"{SECTION}r")]
    assert len(hits) == 6 and max(hits) - min(hits) < 2.5
    assert stat(result.stderr, "govreply/documents/written") == 6
    assert stat(result.stderr, "govreply/clean/workers") == 1
    assert float(re.search(r"'elapsed_time_seconds': ([\d.]+)", result.stderr).group(1)) >= 6


@pytest.mark.slow
def test_scrapys_scraper_slot_bounds_the_pages_waiting_for_the_cleaner(tmp_path):
    """Waiting pages hold their responses in Scrapy's scraper slot: once
    ``SCRAPER_SLOT_MAX_ACTIVE_SIZE`` bytes wait, nothing more is downloaded."""
    slow = {"GOVREPLY_CLEANER": "tests.clean_hooks:slow_clean_page",
            "GOVREPLY_CLEAN_WORKERS": "1", "GOVREPLY_CLEAN_QUEUE": "1",
            "CONCURRENT_REQUESTS": "4", "CONCURRENT_REQUESTS_PER_DOMAIN": "4"}
    env_fast = {"GOVREPLY_TEST_SLOW": "0.2"}
    waiting = {}
    for name, limit in (("bounded", "1"), ("unbounded", "100000000")):
        with LocalSite(section(20)) as site:
            out = tmp_path / name
            result = run_scrapy("crawl", "portal", "-a", f"start_url={site.url(SECTION)}",
                                settings={"GOVREPLY_OUTPUT_DIR": str(out),
                                          "SCRAPER_SLOT_MAX_ACTIVE_SIZE": limit, **slow},
                                env=env_fast, timeout=300)
        assert stat(result.stderr, "govreply/documents/written") == 20
        waiting[name] = stat(result.stderr, "govreply/clean/waiting_max")
    assert waiting["bounded"] <= 4 + 2  # what was in flight when the slot filled, and one
    assert waiting["unbounded"] >= 12


@pytest.mark.slow
def test_a_page_over_the_budget_is_archived_reported_and_the_crawl_goes_on(tmp_path):
    """A 50 MB page: refused by the size budget (no 2 GB, no minute on the crawl's main
    thread), archived with its decision record, counted; the other pages are cleaned."""
    huge = b"<html><body><p>" + ("平潭" * 9_000_000).encode("utf-8") + b"</p></body></html>"
    wrapper = ("import resource, subprocess, sys; done = subprocess.run(sys.argv[1:]); "
               "print('maxrss', resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); "
               "sys.exit(done.returncode)")
    with LocalSite(section(3, {1: huge})) as site:
        command = [sys.executable, "-c", wrapper, sys.executable, "-m", "scrapy", "crawl",
                   "portal", "-a", f"start_url={site.url(SECTION)}"]
        for name, value in {**FAST, "GOVREPLY_OUTPUT_DIR": str(tmp_path),
                            "GOVREPLY_CLEAN_MAX_MB": "32"}.items():
            command += ["-s", f"{name}={value}"]
        done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=300,
                              env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO)})
    assert done.returncode == 0, done.stderr[-2000:]
    assert stat(done.stderr, "govreply/documents/failed/too-large") == 1
    assert stat(done.stderr, "govreply/documents/written") == 2
    assert "over the budget of 32 MiB" in done.stderr
    peak_mb = int(done.stdout.split("maxrss")[-1]) / 1024
    assert peak_mb < 700, f"the crawl peaked at {peak_mb:.0f} MB"
    warc = next((tmp_path / "warc").glob("*.warc.gz"))
    pages = [r for r in iter_records(warc) if r.url.endswith("r1.htm")]
    assert len(pages) == 1 and len(pages[0].payload) == len(huge)
    decided = [d for r in iter_records(warc, types=("metadata",))
               if (d := read_decision(r)) is not None]
    assert sorted(d.document_url.rsplit("/", 1)[-1] for d in decided) == [
        "r0.htm", "r1.htm", "r2.htm"]


@pytest.mark.slow
def test_an_archive_only_crawl_leaves_its_documents_to_the_reclean(tmp_path):
    routes = recorded_portal_routes(gzip=True)
    with LocalSite(routes) as site:
        args = ("nightly", "-a", "name=pingtan_zxta", "-a", f"base_url={site.base_url}")
        cleaning = run_scrapy(*args, settings={"GOVREPLY_OUTPUT_DIR": str(tmp_path / "c")},
                              check=False, timeout=300)
        archive = tmp_path / "a"
        first = run_scrapy(*args, settings={"GOVREPLY_OUTPUT_DIR": str(archive),
                                            "GOVREPLY_CLEAN": "False"},
                           check=False, timeout=300)
        # one reply as a run killed between its answer and its decision record leaves it
        db = sqlite3.connect(archive / "state.sqlite3")
        assert db.execute("SELECT COUNT(*) FROM urls WHERE kind = 'reply' AND status = 200 "
                          "AND decided_at IS NULL").fetchone()[0] == 0
        undecided = db.execute("SELECT url FROM urls WHERE kind = 'reply' AND status = 200 "
                               "ORDER BY url LIMIT 1").fetchone()[0]
        with db:
            db.execute("UPDATE urls SET decided_at = NULL WHERE url = ?", (undecided,))
        db.close()
        site.hits.clear()
        second = run_scrapy(*args, settings={"GOVREPLY_OUTPUT_DIR": str(archive),
                                             "GOVREPLY_CLEAN": "False"},
                            check=False, timeout=300)
        replies = [h for h in site.hits if re.search(r"/t\d+_\d+\.htm$", h.path)]
    assert cleaning.returncode == first.returncode == 1  # 45 replies are not recorded
    assert not (archive / "text").exists() or not list((archive / "text").rglob("*.txt"))
    assert stat(first.stderr, "govreply/decisions/written") == 14
    assert stat(first.stderr, "govreply/documents/left_to_reclean") == 14
    assert "archive-only crawl" in first.stderr
    # the next archive-only run asks the archived replies conditionally (304s), and does
    # not fetch them again in full for want of documents; only the reply without its
    # decision record is fetched in full, and decided
    assert "1 known replies have no complete document (archive-only" in second.stderr
    archived = [h for h in replies if h.status in (200, 304)]
    full = [h for h in archived if "If-None-Match" not in h.headers]
    assert len(archived) == 14 and [h.status for h in full] == [200]
    assert undecided.endswith(full[0].path)
    with sqlite3.connect(archive / "state.sqlite3") as db:
        assert db.execute("SELECT decided_at FROM urls WHERE url = ?",
                          (undecided,)).fetchone()[0] is not None
    made = run_scrapy("reclean", "--progress", "log", str(archive / "warc"), "-O",
                      str(tmp_path / "r"))
    assert "14 documents cleaned" in made.stdout
    assert documents(tmp_path / "r") == documents(tmp_path / "c")
