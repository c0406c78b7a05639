"""Incremental crawl state: two simulated runs, conditional headers, gone pages, drift."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta

import pytest

from archive.location import RecordLocation
from crawler.state import SCHEMA_VERSION, ChangeKind, CrawlState

LIST = "https://www.pingtan.gov.cn/zwgk/zdlyxxgk/yata/zxta/"
A = LIST + "202211/t20221103_38112.htm"
B = LIST + "202211/t20221104_38189.htm"
PORTAL = "pingtan_zxta"


class Clock:
    """A controllable UTC clock."""

    def __init__(self) -> None:
        self.now = datetime(2026, 2, 1, 2, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def state(tmp_path, clock):
    with CrawlState(tmp_path / "out" / "state.sqlite3", clock=clock) as s:
        yield s


def loc(n: int, url: str, digest: str = "") -> RecordLocation:
    return RecordLocation(f"govreply-{n:05d}.warc.gz", 1000 * n, 500 + n, f"<urn:uuid:{n:032x}>",
                          digest, "2026-02-01T02:00:00Z", url, "response")


def record_text(state: CrawlState, url: str, digest: str) -> ChangeKind:
    """Classify a cleaned text and commit it, as the pipeline does once the pair is written."""
    change, version = state.text_change(url, digest)
    state.commit_text(url, digest, version)
    return change


def test_database_file_mode_and_schema(tmp_path, clock):
    path = tmp_path / "state.sqlite3"
    with CrawlState(path, clock=clock) as s:
        assert s.schema_version == SCHEMA_VERSION
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    db.execute("PRAGMA user_version = 99")
    db.commit()
    db.close()
    with pytest.raises(RuntimeError, match="newer than this code"):
        CrawlState(path, clock=clock)


def test_two_runs_new_unchanged_changed_gone(state, clock):
    # run 1: everything is new
    run1 = state.start_run(PORTAL)
    assert state.conditional_headers(A) == {} and not state.known(A)
    state.record_fetch(LIST, portal=PORTAL, kind="list", status=200, payload_digest="sha1:L1")
    state.record_list_page(LIST, portal=PORTAL, reply_links=2)
    state.record_fetch(A, portal=PORTAL, kind="reply", status=200, etag='"a1"',
                       last_modified="Tue, 01 Nov 2022 08:00:00 GMT",
                       payload_digest="sha1:A1", warc=loc(1, A, "sha1:A1"))
    state.record_fetch(B, portal=PORTAL, kind="reply", status=200, payload_digest="sha1:B1",
                       warc=loc(2, B, "sha1:B1"))
    assert record_text(state, A, "t-a1") is ChangeKind.NEW
    assert record_text(state, B, "t-b1") is ChangeKind.NEW
    assert state.reply_count_last_run(PORTAL) is None  # no finished run before this one
    state.finish_run(stats={"replies": 2})

    first = state.get(A)
    assert (first.version, first.first_seen, first.status) == (1, "2026-02-01T02:00:00+00:00", 200)
    assert first.warc == loc(1, A, "sha1:A1")

    # run 2, a day later: A answers 304, B changed, the list lost a link
    clock.advance(days=1)
    run2 = state.start_run(PORTAL)
    assert state.reply_count_last_run(PORTAL) == 2
    assert state.conditional_headers(A) == {
        "If-None-Match": '"a1"', "If-Modified-Since": "Tue, 01 Nov 2022 08:00:00 GMT"}
    assert state.conditional_headers(B) == {}  # no validators were sent for B

    state.record_fetch(LIST, portal=PORTAL, kind="list", status=200, payload_digest="sha1:L2")
    state.record_list_page(LIST, portal=PORTAL, reply_links=1)
    a = state.record_fetch(A, portal=PORTAL, kind="reply", status=304)
    assert a.warc == loc(1, A, "sha1:A1")  # the revisit refers to run 1's response record
    assert a.etag == '"a1"' and a.payload_digest == "sha1:A1"
    assert a.last_seen == "2026-02-02T02:00:00+00:00" and a.first_seen == first.first_seen
    assert record_text(state, A, "t-a1") is ChangeKind.UNCHANGED

    state.record_fetch(B, portal=PORTAL, kind="reply", status=200, payload_digest="sha1:B2",
                       warc=loc(3, B, "sha1:B2"))
    assert record_text(state, B, "t-b2") is ChangeKind.CHANGED
    assert record_text(state, B, "t-b2") is ChangeKind.UNCHANGED
    assert state.get(B).version == 2 and state.get(B).warc == loc(3, B, "sha1:B2")
    assert state.get(A).version == 1

    assert state.reply_count(PORTAL, run2) == 1
    state.finish_run(status="finished", stats={"replies": 1})
    assert state.reply_count_last_run(PORTAL) == 1
    assert state.reply_count(PORTAL, run1) == 2
    assert [r.id for r in state.runs()] == [run2, run1]
    assert state.runs()[0].stats == {"replies": 1}


def test_gone_pages(state, clock):
    state.start_run(PORTAL)
    state.record_fetch(A, portal=PORTAL, kind="reply", status=200, etag='"x"', warc=loc(1, A))
    state.finish_run()

    clock.advance(hours=6)
    state.start_run(PORTAL)
    state.record_fetch(A, portal=PORTAL, kind="reply", status=404)
    assert state.get(A).gone_since == "2026-02-01T08:00:00+00:00"
    assert state.get(A).warc == loc(1, A)  # the last good copy is still pointed to
    assert state.conditional_headers(A) == {}  # refetch a gone page unconditionally

    clock.advance(hours=6)
    state.record_fetch(A, portal=PORTAL, kind="reply", status=410)
    assert state.get(A).gone_since == "2026-02-01T08:00:00+00:00"  # first date kept

    state.record_fetch(A, portal=PORTAL, kind="reply", status=200, warc=loc(5, A))
    assert state.get(A).gone_since is None  # back again


def test_a_text_is_committed_only_when_told(state):
    """``text_change`` classifies without writing: a crawl killed before ``commit_text``
    (its document pair not on disk yet) leaves the URL as if never cleaned."""
    state.start_run(PORTAL)
    state.record_fetch(A, portal=PORTAL, kind="reply", status=200, warc=loc(1, A))
    assert state.text_change(A, "t1") == (ChangeKind.NEW, 1)
    assert state.get(A).text_digest is None and state.get(A).version == 0
    state.commit_text(A, "t1", 1)
    assert state.text_change(A, "t1") == (ChangeKind.UNCHANGED, 1)
    assert state.text_change(A, "t2") == (ChangeKind.CHANGED, 2)
    assert (state.get(A).text_digest, state.get(A).version) == ("t1", 1)
    with pytest.raises(KeyError):
        state.commit_text(B, "t", 1)


def test_a_version_1_database_is_migrated_and_keeps_its_rows(tmp_path, clock):
    path = tmp_path / "state.sqlite3"
    db = sqlite3.connect(path)
    from crawler.statedb import MIGRATIONS
    db.executescript(MIGRATIONS[1] + "\nPRAGMA user_version = 1;")
    db.execute("INSERT INTO urls (url, portal, kind, first_seen, last_seen, status, "
               "warc_filename, warc_offset, warc_record_id) VALUES (?, ?, 'reply', 'x', 'x', "
               "200, 'a.warc.gz', 7, '<urn:uuid:1>')", (A, PORTAL))
    db.commit()
    db.close()
    with CrawlState(path, clock=clock) as s:
        assert s.schema_version == SCHEMA_VERSION
        old = s.get(A).warc
        assert (old.filename, old.offset, old.length) == ("a.warc.gz", 7, None)
        # it answered 200 once: alive, not failing (version 3's bookkeeping)
        assert (s.get(A).alive_at, s.get(A).failing_since, s.get(A).dead) == ("x", None, False)
        assert s.get(A).decided_at == "x"  # archived before decision records were counted
        s.record_fetch(A, portal=PORTAL, kind="reply", status=200, warc=loc(2, A))
        assert s.get(A).warc.length == 502
        assert s.get(A).decided_at is None  # a new answer: its decision is still to come
        s.commit_decision(A)
        assert s.get(A).decided_at is not None


def test_list_page_bookkeeping_and_errors(state):
    state.start_run(PORTAL)
    state.record_fetch(LIST, portal=PORTAL, kind="list", status=200)
    state.record_list_page(LIST, portal=PORTAL, reply_links=0)
    record = state.get(LIST)
    assert (record.had_reply_links, record.reply_links, record.kind) == (False, 0, "list")
    with pytest.raises(KeyError):
        state.record_list_page(LIST + "index_1.htm", portal=PORTAL, reply_links=3)
    with pytest.raises(KeyError):
        record_text(state, B, "t")
    with pytest.raises(ValueError, match="kind must be one of"):
        state.record_fetch(A, portal=PORTAL, kind="page", status=200)
    assert [r.url for r in state.urls(portal=PORTAL, kind="list")] == [LIST]


def test_state_survives_reopening(tmp_path, clock):
    path = tmp_path / "state.sqlite3"
    with CrawlState(path, clock=clock) as s:
        s.start_run(PORTAL)
        s.record_fetch(A, portal=PORTAL, kind="attachment", status=200,
                       last_modified=datetime(2022, 11, 1, 16, 0, tzinfo=UTC))
        record_text(s, A, "digest")
        s.finish_run()
    with CrawlState(path, clock=clock) as s:
        record = s.get(A)
        assert record.kind == "attachment" and record.text_digest == "digest"
        assert s.conditional_headers(A) == {"If-Modified-Since": "Tue, 01 Nov 2022 16:00:00 GMT"}
        assert s.runs()[0].status == "finished"


def test_runs_are_told_apart_by_the_portals_they_crawl(tmp_path):
    from scrapy.utils.test import get_crawler

    from crawler.incremental import state_for
    from spiders.portal import PortalSpider

    states = {}
    for entry in ("pingtan_zxta", "pingtan_rdya"):  # the first never finishes (killed)
        crawler = get_crawler(PortalSpider, {"GOVREPLY_OUTPUT_DIR": str(tmp_path)})
        crawler.spider = crawler._create_spider(name=entry)
        states[crawler.spider.run_key] = state_for(crawler)
    zxta, rdya = states
    assert zxta != rdya and zxta.startswith("portal:")
    later = states[rdya]
    assert later.previous_run(rdya) is None  # another selection's run does not count
    unfinished = later.previous_run(zxta)
    assert unfinished is not None and unfinished.status == "running"
    for state in states.values():
        state.close()
