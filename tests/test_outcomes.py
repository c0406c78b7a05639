"""The outcome ledger's pieces on their own: words for failures, new failures, dead-link
backoff, the exit code, the report file, portal locks, safe folder names, argument checks."""

from __future__ import annotations

import errno
import json
import sqlite3
from datetime import UTC, datetime, timedelta

import pytest
from scrapy import Request, Spider
from scrapy.exceptions import CannotResolveHostError, DownloadTimeoutError, IgnoreRequest
from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.test import get_crawler

from archive.files import ArchiveWriteError
from corpus.layout import OutputLayout
from corpus.urls import folder_name, portal_of
from crawler.arguments import (
    EXIT_CANTCREAT,
    ArgumentError,
    check_http_url,
    check_kind,
    check_output_dir,
)
from crawler.failures import Outcome, WriteFailed, describe, write_error
from crawler.incremental import PORTAL_KEY, ROLE_KEY, URL_KEY
from crawler.locks import LockBusy, PortalLocks
from crawler.outcomes import ledger_for
from crawler.report import ReportFile, build_report
from crawler.state import CrawlState, dead_retry_at
from crawler.verdict import EXIT_DRIFT, EXIT_IOERR, EXIT_OK, EXIT_PARTIAL, EXIT_UNREACHABLE, decide

from .faults.harness import small_filesystem

URL = "https://www.pingtan.gov.cn/zwgk/zdlyxxgk/yata/zxta/202211/t20221103_38112.htm"


class _Spider(Spider):
    name = "outcomes"


def _http(status: int) -> HttpError:
    return HttpError(Response(URL, status=status), "ignored")


# -- the words ---------------------------------------------------------------------------

@pytest.mark.parametrize(("exc", "alive", "outcome", "reason"), [
    (_http(404), False, Outcome.DEAD, "HTTP 404: never answered"),
    (_http(410), True, Outcome.GONE, "HTTP 410: it answered before"),
    (_http(304), True, Outcome.UNCHANGED, "not modified (304)"),
    (_http(403), False, Outcome.FAILED, "HTTP 403"),
    (_http(301), False, Outcome.FAILED, "HTTP 301 without a usable Location"),
    (IgnoreRequest("Forbidden by robots.txt"), False, Outcome.SKIPPED, "forbidden by robots.txt"),
    (IgnoreRequest("max redirections reached"), False, Outcome.FAILED, "too many redirects"),
    (CannotResolveHostError("x"), False, Outcome.FAILED, "host name not found"),
    (DownloadTimeoutError("took too long"), False, Outcome.FAILED, "timed out"),
    (WriteFailed(ArchiveWriteError("/o/w.warc.gz", 28, "No space left on device (errno 28)")),
     False, Outcome.FAILED, "not stored: No space left on device (errno 28)"),
    (ValueError("bad\nsecond line"), False, Outcome.FAILED, "ValueError: bad"),
])
def test_every_failure_gets_an_outcome_and_a_reason(exc, alive, outcome, reason):
    verdict = describe(exc, alive_before=alive)
    assert verdict.outcome is outcome
    assert verdict.reason.startswith(reason)


def test_retries_are_named_and_network_errors_marked():
    verdict = describe(_http(503), meta={"retry_times": 3})
    assert (verdict.reason, verdict.status, verdict.network) == ("HTTP 503 after 3 retries",
                                                                 503, False)
    timeout = describe(DownloadTimeoutError("x"), meta={"retry_times": 1})
    assert (timeout.reason, timeout.network) == ("timed out after 1 retry", True)


def test_a_full_disk_is_one_kind_of_error_wherever_it_strikes(tmp_path):
    disk = write_error(OSError(errno.ENOSPC, "No space left on device"), tmp_path / "x")
    assert disk.disk_full and disk.EXIT_CODE == 74 and "errno 28" in str(disk)
    sqlite = write_error(sqlite3.OperationalError("database or disk is full"), tmp_path / "s")
    assert sqlite.errno == errno.ENOSPC and sqlite.path == tmp_path / "s"
    assert write_error(sqlite3.OperationalError("disk I/O error"), tmp_path).errno == errno.EIO
    assert write_error(ValueError("no"), tmp_path) is None


# -- the state: new failures, dead links -------------------------------------------------

class Clock:
    def __init__(self, start: datetime):
        self.now = start

    def __call__(self) -> datetime:
        return self.now


def test_only_the_first_failure_in_a_row_is_new(tmp_path):
    with CrawlState(tmp_path / "state.sqlite3") as state:
        note = state.note_outcome
        assert note(URL, portal="p", kind="reply", failure="HTTP 500") is True
        assert note(URL, portal="p", kind="reply", failure="HTTP 500") is False
        assert state.get(URL).failed_tries == 2 and state.get(URL).failure == "HTTP 500"
        assert note(URL, portal="p", kind="reply", failure=None) is False
        assert state.get(URL).failing_since is None
        assert note(URL, portal="p", kind="reply", failure="timed out") is True


def test_a_dead_link_is_asked_again_after_1_2_4_8_nights(tmp_path):
    night0 = datetime(2026, 3, 1, 2, 17, tzinfo=UTC)
    clock = Clock(night0)
    tried = []
    with CrawlState(tmp_path / "state.sqlite3", clock=clock) as state:
        for night in range(16):
            # a nightly starts at 02:17, and reaches the link a little earlier or later
            clock.now = night0 + timedelta(days=night, minutes=(-1) ** night * 5)
            record = state.get(URL)
            due = dead_retry_at(record, timedelta(days=1)) if record else None
            if due is not None and due > clock.now:
                continue
            tried.append(night)
            state.record_fetch(URL, portal="p", kind="reply", status=404)
            state.note_outcome(URL, portal="p", kind="reply", failure="HTTP 404")
        assert state.get(URL).dead
        # once alive, a link is never dead again: a 404 then is gone, asked every night
        state.record_fetch(URL, portal="p", kind="reply", status=200)
        state.note_outcome(URL, portal="p", kind="reply", failure=None)
        state.record_fetch(URL, portal="p", kind="reply", status=404)
        state.note_outcome(URL, portal="p", kind="reply", failure="HTTP 404")
        assert not state.get(URL).dead
        assert dead_retry_at(state.get(URL), timedelta(days=1)) is None
    assert tried == [0, 1, 3, 7, 15]


# -- the ledger ---------------------------------------------------------------------------

def _request(url: str, role: str = "reply", portal: str = "p") -> Request:
    return Request(url.replace("https://www.pingtan.gov.cn", "http://127.0.0.1:9"),
                   meta={URL_KEY: url, ROLE_KEY: role, PORTAL_KEY: portal})


def test_the_ledger_gives_each_url_one_outcome_and_finds_unreachable_portals(tmp_path):
    crawler = get_crawler(_Spider, {"GOVREPLY_OUTPUT_DIR": str(tmp_path)})
    ledger = ledger_for(crawler)
    assert ledger_for(crawler) is ledger
    crawler.stats.open_spider()
    ledger.record(URL, Outcome.NEW, role="reply", portal="a")
    ledger.record(URL, Outcome.SKIPPED, role="reply", portal="a", reason="duplicate")
    assert ledger.entries[URL].outcome is Outcome.NEW  # a skip never replaces an outcome
    ledger._reached(_request(URL + "?lost", portal="a"))  # tried, never given an outcome
    ledger._scheduled(_request(URL + "?queued", portal="a"))
    ledger._response(Response(URL), _request(URL, portal="a"))
    for n in range(2):  # portal b: nothing but connection errors
        ledger.record_failure(_request(f"{URL}?b{n}", portal="b"),
                              DownloadTimeoutError("no answer"))
    ledger.close(reason="finished")
    assert ledger.entries[URL + "?lost"].outcome is Outcome.FAILED
    assert ledger.entries[URL + "?queued"].reason == "dropped before it was fetched"
    assert ledger.unreachable() == ["b"]
    assert {ledger.entries[f"{URL}?b{n}"].outcome for n in range(2)} == {Outcome.UNREACHABLE}
    stats = crawler.stats.get_stats()
    assert stats["govreply/items/a/new"] == 1 and stats["govreply/items/b/unreachable"] == 2
    assert stats.get("govreply/items/b/failed", 0) == 0  # the live count made unreachable
    assert stats["govreply/failures/new"] == 4  # all new: the state had none of them


def test_an_item_error_fails_the_reply_not_its_last_attachment(tmp_path):
    from types import SimpleNamespace

    crawler = get_crawler(_Spider, {"GOVREPLY_OUTPUT_DIR": str(tmp_path)})
    ledger = ledger_for(crawler)
    crawler.stats.open_spider()
    attachment = URL + "-annex.pdf"
    ledger.record(attachment, Outcome.FETCHED, role="attachment", portal="a")
    item = SimpleNamespace(url=URL, link_url=URL, portal=SimpleNamespace(name="a"),
                           attachments=[])
    request = _request(attachment, role="attachment", portal="a")
    ledger._item_error(item, Response(attachment, request=request),
                       failure=SimpleNamespace(value=RuntimeError("boom")))
    assert ledger.entries[URL].outcome is Outcome.FAILED and "boom" in ledger.entries[URL].reason
    assert ledger.entries[attachment].outcome is Outcome.FETCHED


def test_a_stopped_run_leaves_its_queue_pending_not_failed(tmp_path):
    crawler = get_crawler(_Spider, {"GOVREPLY_OUTPUT_DIR": str(tmp_path)})
    ledger = ledger_for(crawler)
    crawler.stats.open_spider()
    ledger._reached(_request(URL + "?flight"))
    ledger._scheduled(_request(URL + "?queued"))
    ledger.stop_for_io_error(ArchiveWriteError(tmp_path / "x", 28, "No space left on device"))
    ledger.close(reason="archive_write_error")
    assert ledger.entries[URL + "?flight"].outcome is Outcome.PENDING
    assert ledger.entries[URL + "?queued"].tried is False
    assert [e.url for e in ledger.problems()] == [URL + "?flight"]  # the queue is counted
    assert crawler.stats.get_value("govreply/io_error/errno") == 28


# -- the exit code and the report ---------------------------------------------------------

def test_the_exit_code_puts_the_worst_first():
    assert decide(new_failures=0, drift=[], unreachable=[], complete=True,
                  io_error=None).code == EXIT_OK
    assert decide(new_failures=3, drift=[], unreachable=[], complete=True,
                  io_error=None).code == EXIT_PARTIAL
    assert decide(new_failures=0, drift=[], unreachable=[], complete=False,
                  io_error=None).code == EXIT_PARTIAL
    assert decide(new_failures=3, drift=["p"], unreachable=[], complete=True,
                  io_error=None).code == EXIT_DRIFT
    assert decide(new_failures=3, drift=["p"], unreachable=["q"], complete=True,
                  io_error=None).code == EXIT_UNREACHABLE
    full = decide(new_failures=3, drift=["p"], unreachable=["q"], complete=False,
                  io_error="archive write failed: x: No space left on device")
    assert full.code == EXIT_IOERR and "No space left" in full.summary


def test_the_report_has_iso_times_and_no_empty_fields(tmp_path):
    crawler = get_crawler(_Spider, {"GOVREPLY_OUTPUT_DIR": str(tmp_path)})
    ledger = ledger_for(crawler)
    crawler.stats.open_spider()
    ledger.record(URL, Outcome.DEAD, role="reply", portal="p", reason="HTTP 404", status=404)
    ledger.close(reason="finished")
    report = build_report(started=datetime(2026, 3, 1, 2, 17, 5, 123, tzinfo=UTC),
                          ledger=ledger, stats={}, portals=["p"], drift=[], exit_code=1,
                          verdict="1 new failures", resumed=False)
    assert report["started"] == "2026-03-01T02:17:05+00:00"
    assert datetime.fromisoformat(report["finished"]).tzinfo is not None
    assert report["finish_reason"] == "finished"
    assert report["urls"] == [{"url": URL, "role": "reply", "portal": "p", "outcome": "dead",
                               "reason": "HTTP 404", "status": 404, "new": True}]

    def empties(value) -> list:
        if isinstance(value, dict):
            return [k for k, v in value.items() if v in (None, "", {})] + \
                [e for v in value.values() for e in empties(v)]
        if isinstance(value, list):
            return [e for v in value for e in empties(v)]
        return []

    assert empties(report) == []
    path = ReportFile(tmp_path / "reports", "p").reserve().write(report)
    assert json.loads(path.read_text("utf-8")) == report
    assert [p.name for p in (tmp_path / "reports").iterdir()] == [path.name]  # no temp left


def test_a_report_that_does_not_fit_is_written_without_its_url_list(tmp_path):
    with small_filesystem(tmp_path / "disk", "64k") as mount:
        if mount is None:
            pytest.skip("cannot mount a tmpfs here")
        report = {"exit_code": 1, "urls": [{"url": f"{URL}?{n}", "reason": "x" * 200}
                                           for n in range(2000)]}
        slot = ReportFile(mount / "reports", "p")  # nothing reserved: the disk is small
        (mount / "ballast").write_bytes(b"\0" * 40_000)
        path = slot.write(report)
        written = json.loads(path.read_text("utf-8"))
        assert written == {"exit_code": 1, "urls_left_out": 2000}
        try:  # now nothing fits
            with open(mount / "fill", "wb") as fh:
                while True:
                    fh.write(b"\0" * 4096)
                    fh.flush()
        except OSError:
            pass
        with pytest.raises(OSError):
            ReportFile(mount / "reports", "q").write(report)
        assert sorted(p.name for p in (mount / "reports").iterdir()) == [path.name]


# -- locks, folder names, arguments ----------------------------------------------------------

def test_overlapping_portal_sets_exclude_each_other(tmp_path):
    layout = OutputLayout(tmp_path)
    with PortalLocks(layout, ["pingtan_zxta", "pingtan_rdya"]):
        with pytest.raises(LockBusy, match="pingtan_zxta"):
            PortalLocks(layout, ["pingtan_zxta"]).acquire()
        with PortalLocks(layout, ["gz_mzj"]):  # another portal runs beside it
            pass
        assert sorted(p.name for p in (tmp_path / "locks").iterdir()) == [
            "pingtan_rdya.lock", "pingtan_zxta.lock"]  # the refused run holds nothing
    assert list((tmp_path / "locks").iterdir()) == []  # no lock file left
    with PortalLocks(layout, ["pingtan_zxta"]):
        pass


@pytest.mark.parametrize(("url", "folder"), [
    ("http://../x/", "unknown"), ("http://./x/", "unknown"), ("http://a..b/x", "a_b"),
    ("http://WWW.Pingtan.GOV.cn/x", "www.pingtan.gov.cn"), ("http://[::1]:8/x", "__1"),
])
def test_host_names_become_safe_folder_names(tmp_path, url, folder):
    assert portal_of(url) == folder
    paths = OutputLayout(tmp_path).document(url)
    assert paths.folder.parent == tmp_path / "text"
    assert OutputLayout(tmp_path).document(url, folder="../..").folder.parent == \
        tmp_path / "text"
    assert folder_name("..") == folder_name(".") == "unknown"


def test_argument_checks(tmp_path):
    for bad in ("not-a-url", "ftp://x.org/", "http:///x", "http://../x/", "http://./",
                "http://a b.org/", "http://x.org:99999/", ""):
        with pytest.raises(ArgumentError):
            check_http_url(bad, "start_url")
    assert check_http_url(" http://127.0.0.1:8000/a/ ", "x") == "http://127.0.0.1:8000/a/"
    assert check_kind("政协提案办理答复") == "政协提案办理答复"
    with pytest.raises(ArgumentError, match="is not one of"):
        check_kind("nonsense")
    (tmp_path / "file").write_text("x")
    with pytest.raises(ArgumentError) as refused:
        check_output_dir(tmp_path / "file" / "out")
    assert refused.value.exit_code == EXIT_CANTCREAT
    assert check_output_dir(tmp_path / "new" / "out").is_dir()


def test_a_crawl_whose_close_hangs_is_stopped_by_the_watchdog(tmp_path):
    from crawler.watchdog import start_watchdog

    crawler = get_crawler(_Spider, {"GOVREPLY_OUTPUT_DIR": str(tmp_path)})
    crawler.stats.open_spider()
    timers, stopped = [], []
    start_watchdog(crawler, 90, call_later=lambda s, f: timers.append((s, f)),
                   stop=lambda: stopped.append(1))
    crawler.crawling = True  # the close hangs: still crawling when the time is up
    [(seconds, check)] = timers
    check()
    assert seconds == 90 and stopped == [1]
    assert crawler.stats.get_value("govreply/io_error/forced_stop") == 1
    crawler.crawling = False  # a crawl that ended in time is left alone
    check()
    assert stopped == [1]
