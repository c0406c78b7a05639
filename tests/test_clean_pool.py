"""The crawl's cleaning pool: real worker processes, the per-page budget, crashes.

The pool (``crawler.cleanpool``) hands pages to ``corpus.cleanworker`` processes; the
documents must be the ones the maker makes in-process, and every way a page can go
wrong (too slow, stuck in C, a dead worker, too much memory) must end in a reason,
with the next page cleaned by a fresh worker.
"""

from __future__ import annotations

import io
import pickle
import time

import pytest

from archive.location import RecordLocation
from corpus.budget import Budget, MiB, attempt
from corpus.cleanworker import CleanAnswer, CleanJob, make, read_frame, write_frame
from corpus.decision import Decision
from corpus.maker import CannotMake, Page, make_document
from corpus.registry import load_registry
from crawler.cleanpool import CleanPool

from .helpers import CORPUS

PORTAL = load_registry().get("pingtan_zxta")
SECTION = "https://www.pingtan.gov.cn/zwgk/zdlyxxgk/yata/zxta/"
MARKED = SECTION + "202211/t20221104_38189.htm"  # the page the hooks misbehave on
PLAIN = SECTION + "202211/t20221103_38112.htm"
HOOKS = "tests.clean_hooks"


def job(url: str, name: str = "pingtan_zxta_38112") -> CleanJob:
    body = (CORPUS / "html" / f"{name}.html").read_bytes()
    where = RecordLocation("x.warc.gz", 100, 2000, "<urn:uuid:1>", "sha1:AAAA",
                           "2026-01-02T03:04:05Z", url, "response")
    page = Page(url, 200, (("Content-Type", "text/html; charset=utf-8"),), body, where)
    return CleanJob(page, Decision(url, PORTAL.name, PORTAL.hints(), where, where))


def pool(cleaner: str = "cleaners:clean_page", **budget) -> CleanPool:
    return CleanPool(1, Budget(**{"seconds": 5.0, "grace": 1.0, **budget}), cleaner)


def test_frames_round_trip_and_a_cut_stream_ends_cleanly():
    answer = CleanAnswer(None, "timeout", "took too long", 1.5)
    buffer = io.BytesIO()
    write_frame(buffer, answer)
    write_frame(buffer, {"second": b"\x00" * 10})
    data = buffer.getvalue()
    stream = io.BytesIO(data)
    assert read_frame(stream) == answer and read_frame(stream) == {"second": b"\x00" * 10}
    with pytest.raises(EOFError):
        read_frame(stream)
    cut = io.BytesIO(data[:-3])  # cut inside the second frame
    assert read_frame(cut) == answer
    with pytest.raises(EOFError):
        read_frame(cut)


def test_a_worker_makes_the_document_the_maker_makes_in_process():
    expected = make_document(job(PLAIN).page, job(PLAIN).decision)
    workers = pool()
    try:
        answer = workers.clean(job(PLAIN))
    finally:
        workers.close()
    assert answer.reason is None and answer.seconds > 0
    assert answer.document.text == expected.text
    assert answer.document.sidecar == expected.sidecar


def test_failures_become_reasons_in_process():
    from cleaners import clean_page

    def broken(*args, **kwargs):
        raise RuntimeError("a cleaner bug")

    def refusing(*args, **kwargs):
        raise CannotMake("undecodable", "no")

    def spinning(*args, **kwargs):
        while True:
            pass

    assert make(job(PLAIN), broken, 5).reason == "cleaner-error"
    assert make(job(PLAIN), refusing, 5).reason == "undecodable"
    began = time.monotonic()
    assert make(job(PLAIN), spinning, 0.3).reason == "timeout"
    assert time.monotonic() - began < 3
    assert make(job(PLAIN), clean_page, 5).document is not None
    assert attempt(None, lambda: (_ for _ in ()).throw(MemoryError())).reason == "over-memory"


def test_a_worker_stuck_in_c_is_killed_and_the_next_page_gets_a_new_one():
    workers = pool("tests.test_reclean_hooks:blocking_clean_page", seconds=0.5, grace=0.5)
    try:
        first = workers._all[0]
        began = time.monotonic()
        stuck = workers.clean(job(MARKED, "pingtan_zxta_38189"))
        assert stuck.reason == "timeout" and stuck.document is None
        assert time.monotonic() - began < 10
        assert first.proc is None  # killed
        after = workers.clean(job(PLAIN))
    finally:
        workers.close()
    assert after.reason is None and after.document is not None


def test_a_dead_worker_is_a_crash_and_is_replaced():
    workers = pool(f"{HOOKS}:crashing_clean_page")
    try:
        dead = workers.clean(job(MARKED, "pingtan_zxta_38189"))
        after = workers.clean(job(PLAIN))
    finally:
        workers.close()
    assert dead.reason == "worker-crash" and "exit status 70" in dead.detail
    assert after.document is not None


def test_a_page_over_the_memory_budget_fails_and_the_worker_starts_afresh():
    workers = pool(f"{HOOKS}:greedy_clean_page", max_memory=1024 * MiB)
    try:
        greedy = workers.clean(job(MARKED, "pingtan_zxta_38189"))
        after = workers.clean(job(PLAIN))
    finally:
        workers.close()
    assert greedy.reason == "over-memory" and greedy.document is None
    assert after.document is not None


def test_the_size_budget_refuses_big_pages_only():
    budget = Budget(max_bytes=1 * MiB)
    assert budget.refusal(MiB) is None
    assert "over the budget of 1 MiB" in budget.refusal(MiB + 1)
    assert Budget(max_bytes=None).refusal(10**10) is None


def test_a_worker_imports_no_scrapy_or_twisted():
    workers = pool(f"{HOOKS}:modules_clean_page")
    try:
        answer = workers.clean(job(PLAIN))
    finally:
        workers.close()
    modules = set(answer.document.sidecar["worker_modules"])
    assert "cleaners" in modules and "corpus" in modules
    assert not modules & {"scrapy", "twisted", "crawler", "spiders", "reclean"}


def test_jobs_and_answers_pickle():
    answer = CleanAnswer(make_document(job(PLAIN).page, job(PLAIN).decision))
    assert pickle.loads(pickle.dumps(answer)).document.text == answer.document.text
    assert pickle.loads(pickle.dumps(job(PLAIN))).page.body == job(PLAIN).page.body
