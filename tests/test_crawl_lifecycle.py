"""A crawl's life across runs: resuming a JOBDIR after a stop or a kill -9, identical
payloads archived as revisits that replay, replies that are gone."""

from __future__ import annotations

import fcntl
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.request
from contextlib import closing
from email.utils import parsedate_to_datetime
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from archive.reader import read_record_at
from archive.records import PROFILE_IDENTICAL_PAYLOAD
from corpus.urls import document_stem
from crawler.commands.nightly import EXIT_LOCKED, EXIT_OK, EXIT_PARTIAL
from crawler.jobdir import JOB_LOCK, JOB_MARKER
from crawler.localsite import LocalSite, Route, recorded_portal_routes
from crawler.state import CrawlState

from .helpers import CORPUS, FAST, REPO, run_scrapy, warcio_check

REAL = "https://www.pingtan.gov.cn"
RDYA = "/zwgk/zdlyxxgk/yata/rdya/"
ZXTA = "/zwgk/zdlyxxgk/yata/zxta/"
# The two recorded rdya replies that link an attachment (not recorded: 404).
ATTACHMENTS = {
    RDYA + "202502/t20250205_97064.htm": RDYA + "202502/W020250205324019734998.pdf",
    RDYA + "202601/t20260122_104770.htm": RDYA + "202601/P020260122563383368295.wps",
}
PDF_REPLY = RDYA + "202502/t20250205_97064.htm"
# First in, first out: the list's replies are fetched in list order and the attachments
# (queued when their reply is parsed) after them, so a hold after N requests stops the
# crawl at a known point: both attachment replies fetched, neither attachment.
FIFO = {"SCHEDULER_DISK_QUEUE": "scrapy.squeues.PickleFifoDiskQueue",
        "SCHEDULER_MEMORY_QUEUE": "scrapy.squeues.FifoMemoryQueue"}
HOLD_AFTER = 20  # robots.txt, the list page and 18 replies


# -- helpers ----------------------------------------------------------------------------

def _settings(out: Path, **more: str) -> dict[str, str]:
    return {"GOVREPLY_OUTPUT_DIR": str(out), **more}


def _nightly(site: LocalSite, out: Path, portal: str, *extra: str, **settings: str):
    return run_scrapy("nightly", "-a", f"name={portal}", "-a", f"base_url={site.base_url}",
                      *extra, settings=_settings(out, **settings), check=False, timeout=120)


def _start_nightly(site: LocalSite, out: Path, portal: str, log: Path,
                   **settings: str) -> subprocess.Popen[str]:
    """``scrapy nightly`` in the background, its log going to ``log``."""
    command = [sys.executable, "-m", "scrapy", "nightly", "-a", f"name={portal}",
               "-a", f"base_url={site.base_url}"]
    for name, value in {**FAST, **_settings(out, **settings)}.items():
        command += ["-s", f"{name}={value}"]
    with open(log, "w", encoding="utf-8") as err:
        return subprocess.Popen(command, cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)},
                                stdout=subprocess.PIPE, stderr=err, text=True)


def _wait_until(condition, what: str, timeout: float = 60) -> None:
    """Poll ``condition`` until it holds (a wait, not a timing assertion)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting: {what}")
        time.sleep(0.05)


def _docs(out: Path) -> dict[str, str]:
    """Document name -> text of every current document (versions aside)."""
    folder = out / "text" / "www.pingtan.gov.cn"
    return {p.name: p.read_text("utf-8") for p in sorted(folder.glob("*.txt"))
            if (folder / f"{p.stem}.json").exists()}


def _doc_name(path: str) -> str:
    return document_stem(REAL + path) + ".txt"


def _served(hits, status: int | None = None) -> set[str]:
    return {h.path for h in hits if status is None or h.status == status}


def _fetched(db: Path) -> set[str]:
    """Paths of the URLs whose answer a running crawl has recorded in its state."""
    with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as conn:
        try:
            rows = conn.execute("SELECT url FROM urls WHERE status IS NOT NULL").fetchall()
        except sqlite3.OperationalError:  # the schema is not there yet
            return set()
    return {url.removeprefix(REAL) for (url,) in rows}


def _committed(db: Path) -> set[str]:
    """Paths of the replies whose text a running crawl has committed (after the pair)."""
    with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as conn:
        try:
            rows = conn.execute("SELECT url FROM urls WHERE text_digest IS NOT NULL").fetchall()
        except sqlite3.OperationalError:  # the schema is not there yet
            return set()
    return {url.removeprefix(REAL) for (url,) in rows}


def _report(out: Path) -> dict:
    return json.loads(sorted((out / "reports").glob("*.json"))[-1].read_text("utf-8"))


def _warcs(out: Path) -> list[Path]:
    return sorted((out / "warc").glob("*.warc.gz"))


def _records(paths, *types: str) -> list:
    """(type, WARC headers as a dict) of every record of ``types`` in ``paths``."""
    found = []
    for path in paths:
        with open(path, "rb") as fh:
            for record in ArchiveIterator(fh):
                if record.rec_type in types:
                    found.append((record.rec_type, dict(record.rec_headers.headers)))
    return found


def _recorded(section: str) -> set[str]:
    """Paths of the recorded reply pages of a section."""
    return {p for p in recorded_portal_routes() if p.startswith(section) and p.endswith(".htm")}


@pytest.fixture(scope="module")
def uninterrupted(tmp_path_factory):
    """One uninterrupted nightly run of pingtan_rdya: its documents and the paths it fetched."""
    out = tmp_path_factory.mktemp("uninterrupted")
    with LocalSite(recorded_portal_routes()) as site:
        result = _nightly(site, out, "pingtan_rdya")
    assert result.returncode == EXIT_PARTIAL, result.stderr[-3000:]  # 31 links unrecorded
    docs = _docs(out)
    assert set(docs) == {_doc_name(p) for p in _recorded(RDYA)}
    return docs, _served(site.hits) - {"/robots.txt"}


# -- 1. JOBDIR: stop, kill, resume ----------------------------------------------------------

@pytest.mark.slow
def test_a_crawl_stopped_by_sigterm_resumes_from_its_jobdir(tmp_path, uninterrupted):
    expected_docs, expected_paths = uninterrupted
    out, job = tmp_path / "out", tmp_path / "job"
    with LocalSite(recorded_portal_routes()) as site:
        site.hold(after=HOLD_AFTER)
        first = _start_nightly(site, out, "pingtan_rdya", tmp_path / "first.log",
                               JOBDIR=str(job), **FIFO)
        _wait_until(lambda: site.held, "the crawl to reach the hold")
        first.send_signal(signal.SIGTERM)  # once: Scrapy's graceful stop
        _wait_until(lambda: "shutting down gracefully" in (tmp_path / "first.log").read_text(),
                    "scrapy to take the SIGTERM")
        site.release()  # the requests in flight are answered; nothing new is sent
        stdout, _ = first.communicate(timeout=60)
        run1 = list(site.hits)
        site.hits.clear()

        assert _report(out)["finish_reason"] == "shutdown"
        assert _served(run1) < expected_paths | {"/robots.txt"}  # really stopped midway
        done = set(_docs(out))
        assert done and done < set(expected_docs)

        second = _nightly(site, out, "pingtan_rdya", JOBDIR=str(job), **FIFO)
        run2 = list(site.hits)

    # nothing fetched by the first run was requested again; together they fetched it all
    assert _served(run1) & _served(run2) == {"/robots.txt"}
    assert (_served(run1) | _served(run2)) - {"/robots.txt"} == expected_paths
    assert _docs(out) == expected_docs
    # exit codes: both runs had 404s (1); the resumed one is not template drift (2)
    assert second.returncode == EXIT_PARTIAL, second.stdout
    report = _report(out)
    assert report["resumed"] is True and report["template_drift"] == []
    assert first.returncode == EXIT_PARTIAL
    assert "stopped before the end (shutdown)" in stdout
    warcs = _warcs(out)
    assert len(warcs) == 2 and not list((out / "warc").glob("*.open"))
    assert warcio_check(warcs).returncode == 0
    # the job finished: nothing is left to resume, so the next night starts a new job
    assert not (job / "requests.queue").exists() and not (job / "requests.seen").exists()
    assert not (job / JOB_MARKER).exists()


@pytest.mark.slow
def test_a_killed_crawl_is_recovered_and_completed_by_a_rerun_on_its_jobdir(
        tmp_path, uninterrupted):
    expected_docs, expected_paths = uninterrupted
    out, job = tmp_path / "out", tmp_path / "job"
    with LocalSite(recorded_portal_routes()) as site:
        site.hold(after=HOLD_AFTER, paths=ATTACHMENTS.values())
        first = _start_nightly(site, out, "pingtan_rdya", tmp_path / "first.log",
                               JOBDIR=str(job), **FIFO)

        def settled() -> bool:
            """The hold is reached, every answer is in the state (so in the WARC too) and
            every answered reply that can be written is."""
            if len(site.hits) < HOLD_AFTER or not (out / "state.sqlite3").exists():
                return False
            if _served(site.hits) - {"/robots.txt"} - _fetched(out / "state.sqlite3"):
                return False
            answered = _served(site.hits, 200)
            ready = {_doc_name(p) for p in answered & _recorded(RDYA)
                     if ATTACHMENTS.get(p, "/robots.txt") in answered}
            return set(_docs(out)) == ready

        _wait_until(settled, "the first run to settle at the hold")
        first.kill()  # SIGKILL: no shutdown at all
        first.communicate(timeout=60)
        site.release(drop=True)
        run1 = list(site.hits)
        site.hits.clear()
        done = set(_docs(out))
        open_files = list((out / "warc").glob("*.warc.gz.open"))

        assert first.returncode == -signal.SIGKILL
        assert len(open_files) == 1
        assert PDF_REPLY in _served(run1, 200) and _doc_name(PDF_REPLY) not in done
        assert done and done < set(expected_docs)

        second = _nightly(site, out, "pingtan_rdya", JOBDIR=str(job), **FIFO)
        run2 = list(site.hits)

    assert second.returncode == EXIT_PARTIAL, second.stderr[-3000:]
    # the union of both runs is the uninterrupted run's documents
    assert _docs(out) == expected_docs
    assert (_served(run1) | _served(run2)) - {"/robots.txt"} == expected_paths
    # a reply whose document was written was not downloaded again (asked, answered 304) ...
    for path in _served(run1, 200) & _recorded(RDYA):
        statuses = {h.status for h in run2 if h.path == path}
        if _doc_name(path) in done:
            assert statuses == {304}, path
        else:
            assert path in ATTACHMENTS, path
    # ... while the one killed before its document was written was fetched again in full
    assert {h.status for h in run2 if h.path == PDF_REPLY} == {200}

    assert "'govreply/jobdir/discarded': 1" in second.stderr
    assert "'govreply/warc/recovered_files': 1" in second.stderr
    # the killed run's WARC: renamed, indexed, every complete record kept
    recovered = open_files[0].with_name(open_files[0].name.removesuffix(".open"))
    assert recovered.exists() and recovered.with_name(
        recovered.name.removesuffix(".warc.gz") + ".cdxj").exists()
    assert not list((out / "warc").glob("*.open"))
    archived = {h["WARC-Target-URI"].removeprefix(site.base_url)
                for _, h in _records([recovered], "response")}
    assert _served(run1) <= archived
    warcs = _warcs(out)
    assert len(warcs) == 2 and warcio_check(warcs).returncode == 0


def _two_list_pages(routes: dict[str, Route]) -> tuple[set[str], set[str]]:
    """Split the zxta list into two pages (``index_1.htm`` after a 下一页 link), each with
    seven recorded replies; the unrecorded items are left out. Returns both pages' replies."""
    html = routes[ZXTA].body.decode("utf-8")
    item = re.compile(r'<li>\s*<a href="\./([^"]+)".*?</li>', re.S)
    recorded = [ZXTA + m.group(1) for m in item.finditer(html) if ZXTA + m.group(1) in routes]
    first, second = set(recorded[:7]), set(recorded[7:])

    def page(keep: set[str], next_page: str | None) -> bytes:
        body = item.sub(lambda m: m.group(0) if ZXTA + m.group(1) in keep else "", html)
        if next_page:
            body = body.replace("</body>", f'<div><a href="{next_page}">下一页</a></div></body>')
        return body.encode("utf-8")

    routes[ZXTA] = Route(page(first, "index_1.htm"))
    routes[ZXTA + "index_1.htm"] = Route(page(second, None))
    return first, second


@pytest.mark.slow
def test_after_a_killed_run_paging_goes_on_past_a_list_page_of_known_replies(tmp_path):
    """Paging stops at a list page whose replies are all known, but not right after a run
    that died: its later list pages may never have been fetched."""
    out, job = tmp_path / "out", tmp_path / "job"
    routes = recorded_portal_routes()
    first_page, second_page = _two_list_pages(routes)
    page_2 = ZXTA + "index_1.htm"
    with LocalSite(routes) as site:
        site.hold(paths=[page_2])
        first = _start_nightly(site, out, "pingtan_zxta", tmp_path / "first.log",
                               JOBDIR=str(job))
        _wait_until(lambda: page_2 in site.held
                    and set(_docs(out)) == {_doc_name(p) for p in first_page}
                    and _committed(out / "state.sqlite3") >= first_page,
                    "page 1's replies to be written and committed while page 2 is held")
        first.kill()
        first.communicate(timeout=60)
        site.release(drop=True)
        assert first.returncode == -signal.SIGKILL

        site.hits.clear()
        second = _nightly(site, out, "pingtan_zxta", JOBDIR=str(job))
        assert second.returncode == EXIT_OK, second.stderr[-3000:]
        assert page_2 in _served(site.hits, 200)
        assert set(_docs(out)) == {_doc_name(p) for p in first_page | second_page}
        counts = _report(out)["portals"]["pingtan_zxta"]
        assert (counts["new"], counts["unchanged"]) == (7, 7)

        # after a run that finished, a first page of known replies ends the paging again
        site.hits.clear()
        third = _nightly(site, out, "pingtan_zxta", JOBDIR=str(job))
        assert third.returncode == EXIT_OK, third.stderr[-3000:]
        assert ZXTA in _served(site.hits) and page_2 not in _served(site.hits)


@pytest.mark.slow
def test_the_same_jobdir_every_night_starts_a_new_job_after_a_finished_one(tmp_path):
    """The README's cron line passes one JOBDIR every night."""
    out, job = tmp_path / "out", tmp_path / "job"
    with LocalSite(recorded_portal_routes()) as site:
        first = _nightly(site, out, "pingtan_zxta", JOBDIR=str(job))
        site.hits.clear()
        second = _nightly(site, out, "pingtan_zxta", JOBDIR=str(job))
    # the first night's 45 dead links are new failures; the second night's are not
    assert (first.returncode, second.returncode) == (EXIT_PARTIAL, EXIT_OK), second.stdout
    report = _report(out)
    assert report["template_drift"] == [] and report["resumed"] is False
    counts = report["portals"]["pingtan_zxta"]
    assert (counts["reply_links"], counts["unchanged"], counts["new"], counts["dead"]) == (
        59, 14, 0, 45)
    assert ZXTA in _served(site.hits, 200)


def test_a_jobdir_in_use_by_another_crawl_is_refused(tmp_path):
    out, job = tmp_path / "out", tmp_path / "job"
    job.mkdir()
    with open(job / JOB_LOCK, "a") as held, LocalSite(recorded_portal_routes()) as site:
        fcntl.flock(held.fileno(), fcntl.LOCK_EX)
        result = _nightly(site, out, "pingtan_zxta", JOBDIR=str(job))
    assert result.returncode == EXIT_LOCKED
    assert "is in use by another crawl" in result.stderr
    assert site.hits == []


# -- 2. identical payloads: revisits that replay ------------------------------------------

@pytest.mark.slow
def test_an_unchanged_page_without_validators_is_archived_as_a_revisit_that_replays(
        tmp_path, pywb):
    out = tmp_path / "out"
    routes = recorded_portal_routes(etag=False, last_modified=None)  # no 304 possible
    replies = _recorded(ZXTA)
    with LocalSite(routes) as site:
        assert _nightly(site, out, "pingtan_zxta").returncode == EXIT_PARTIAL
        first_files = set(_warcs(out))
        time.sleep(1.1)  # the two captures fall in different seconds (pywb's 14 digits)
        site.hits.clear()
        second = _nightly(site, out, "pingtan_zxta")
        run2 = list(site.hits)
        base_url = site.base_url

    assert second.returncode == EXIT_OK, second.stderr[-3000:]  # no new failure
    counts = _report(out)["portals"]["pingtan_zxta"]
    assert (counts["new"], counts["changed"], counts["unchanged"]) == (0, 0, 14)
    # nothing to ask conditionally: every page was fetched again in full
    assert not any("If-None-Match" in h.headers or "If-Modified-Since" in h.headers
                   for h in run2)
    assert replies | {ZXTA} <= _served(run2, 200)

    new_files = sorted(set(_warcs(out)) - first_files)
    assert warcio_check(sorted(first_files) + new_files).returncode == 0
    originals = {h["WARC-Target-URI"]: h for _, h in _records(first_files, "response")}
    second_records = _records(new_files, "response", "revisit")
    pages = {base_url + p for p in replies | {ZXTA}}
    by_url = {}
    for kind, headers in second_records:
        if headers["WARC-Target-URI"] in pages:
            by_url.setdefault(headers["WARC-Target-URI"], []).append((kind, headers))
    assert set(by_url) == pages
    for url, found in by_url.items():
        assert [kind for kind, _ in found] == ["revisit"], url  # no new response record
        revisit, original = found[0][1], originals[url]
        assert revisit["WARC-Profile"] == PROFILE_IDENTICAL_PAYLOAD
        assert revisit["WARC-Refers-To"] == original["WARC-Record-ID"]
        assert revisit["WARC-Refers-To-Target-URI"] == original["WARC-Target-URI"]
        assert revisit["WARC-Refers-To-Date"] == original["WARC-Date"]
        assert revisit["WARC-Payload-Digest"] == original["WARC-Payload-Digest"]

    # pywb replays the second capture, a revisit, with the first capture's body
    url = base_url + ZXTA + "202211/t20221103_38112.htm"
    revisit_date = by_url[url][0][1]["WARC-Date"]
    stamp = re.sub(r"\D", "", revisit_date)[:14]
    assert stamp != re.sub(r"\D", "", originals[url]["WARC-Date"])[:14]
    replay = pywb(out / "warc")
    with urllib.request.urlopen(f"{replay}/govreply/{stamp}mp_/{url}", timeout=30) as answer:
        body = answer.read().decode("utf-8")
        memento = answer.headers["Memento-Datetime"]
    assert "委托厦门市城市规划设计研究院编制" in body
    assert parsedate_to_datetime(memento).strftime("%Y%m%d%H%M%S") == stamp


# -- 3. gone replies ----------------------------------------------------------------------

def _list_of_recorded_replies(routes: dict[str, Route], section: str) -> bytes:
    """The recorded list page with only the items whose reply page is recorded."""
    html = routes[section].body.decode("utf-8")

    def keep(match: re.Match[str]) -> str:
        return match.group(0) if section + match.group(1) in routes else ""

    return re.sub(r'<li>\s*<a href="\./([^"]+)".*?</li>', keep, html, flags=re.S).encode()


@pytest.mark.slow
def test_a_reply_that_answers_404_or_410_is_reported_gone_and_kept(tmp_path):
    out = tmp_path / "out"
    routes = recorded_portal_routes()
    routes[ZXTA] = Route(_list_of_recorded_replies(routes, ZXTA))
    gone = {ZXTA + "202211/t20221103_38112.htm": 404, ZXTA + "202211/t20221104_38189.htm": 410}
    with LocalSite(routes) as site:
        first = _nightly(site, out, "pingtan_zxta")
        assert first.returncode == EXIT_OK, first.stderr[-3000:]
        assert _report(out)["portals"]["pingtan_zxta"]["new"] == 14
        docs_before = _docs(out)
        folder = out / "text" / "www.pingtan.gov.cn"
        sidecars_before = {p: json.loads((folder / f"{document_stem(REAL + p)}.json")
                                         .read_text("utf-8")) for p in gone}
        for path, status in gone.items():
            site.routes[path] = Route(b"<html><body>gone</body></html>", status=status)
        site.hits.clear()
        second = _nightly(site, out, "pingtan_zxta")
        run2 = list(site.hits)

    assert {h.path: h.status for h in run2 if h.path in gone} == gone
    # README: gone is reported, not a failure: exit 0
    assert second.returncode == EXIT_OK, second.stdout
    counts = _report(out)["portals"]["pingtan_zxta"]
    assert (counts["gone"], counts["failed"], counts["unchanged"]) == (2, 0, 12)
    assert "2 gone, 0 failed" in second.stdout
    assert _docs(out) == docs_before  # the documents stay as they were
    with CrawlState(out / "state.sqlite3") as state:
        for path, status in gone.items():
            record = state.get(REAL + path)
            assert record.gone_since and record.status == status
            # the archived copy from the first run is still where the sidecar says
            pointer = sidecars_before[path]["warc"]
            assert record.warc.record_id == pointer["record_id"]
            archived = read_record_at(out / "warc" / pointer["filename"], pointer["offset"])
            assert archived.status == 200
            doc_id = "pingtan_zxta_" + path.rsplit("_", 1)[1].removesuffix(".htm")
            assert archived.payload == (CORPUS / "html" / f"{doc_id}.html").read_bytes()
        others = [r for r in state.urls(portal="pingtan_zxta", kind="reply")
                  if r.url.removeprefix(REAL) not in gone]
        assert len(others) == 12 and not any(r.gone_since for r in others)
