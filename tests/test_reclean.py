"""``scrapy reclean``: same documents as the crawl, incremental, resumable, robust, on Dask."""

from __future__ import annotations

import io
import itertools
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from archive.index import CdxjIndex, index_path_for
from archive.reader import iter_records, read_record_at
from archive.shards import plan_shards, record_offsets
from corpus.registry import load_registry
from crawler.localsite import LocalSite, recorded_portal_routes
from reclean import RecleanOptions, run_reclean
from reclean.job import plan_targets

from .helpers import REPO, run_scrapy, warcio_check
from .test_reclean_hooks import BUMPED_STEPS

HOOKS = "tests.test_reclean_hooks"
DOCS = 28  # recorded Pingtan reply pages
MARKED = "t20221104_38189"  # the page the hooks pick on


# -- fixtures and helpers --------------------------------------------------------------------------
@pytest.fixture(scope="module")
def crawl(tmp_path_factory) -> Path:
    """A crawl of the recorded Pingtan pages from a local mirror (``-a base_url=``)."""
    out = tmp_path_factory.mktemp("crawl")
    with LocalSite(recorded_portal_routes(gzip=True)) as site:
        run_scrapy("crawl", "pingtan", "-a", f"base_url={site.base_url}",
                   settings={"GOVREPLY_OUTPUT_DIR": str(out)}, timeout=300)
    return out


@pytest.fixture(scope="module")
def baseline(crawl, tmp_path_factory) -> Path:
    """An uninterrupted re-clean of the crawl's WARCs, one worker, default shards."""
    out = tmp_path_factory.mktemp("baseline")
    summary = run_reclean(RecleanOptions([str(crawl / "warc")], str(out), progress=False))
    assert summary.cleaned == DOCS and summary.failed == 0
    return out


def warcs_copy(crawl: Path, target: Path) -> Path:
    """The crawl's WARCs and indexes copied to ``target`` (tests may damage them)."""
    shutil.copytree(crawl / "warc", target)
    return target


def files_of(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out / "text")): p.read_bytes()
            for p in sorted((out / "text").rglob("*")) if p.is_file()}


def mtimes(out: Path) -> dict[Path, int]:
    return {p: p.stat().st_mtime_ns for p in (out / "text").rglob("*") if p.is_file()}


def reclean_cli(*args: str, check: bool = True, **kwargs) -> subprocess.CompletedProcess[str]:
    return run_scrapy("reclean", "--progress", "log", *args, settings={"LOG_LEVEL": "WARNING"},
                      check=check, **kwargs)


def planned(warc_dir: Path, **options):
    """The targets a re-clean of ``warc_dir`` plans."""
    paths = sorted(p.resolve() for p in warc_dir.glob("*.warc.gz"))
    return plan_targets(paths, RecleanOptions([str(warc_dir)], **options), load_registry())


def report_of(out: Path) -> dict:
    return json.loads((out / "reclean" / "report.json").read_text(encoding="utf-8"))


# -- the same documents as the crawl ---------------------------------------------------------------
def test_reclean_gives_the_crawls_documents_under_the_same_names(crawl, tmp_path):
    result = reclean_cli(str(crawl / "warc"), "-O", str(tmp_path))
    assert f"{DOCS} documents cleaned" in result.stdout
    crawled, recleaned = files_of(crawl), files_of(tmp_path)
    assert sorted(crawled) == sorted(recleaned)
    assert len([n for n in crawled if n.endswith(".txt")]) == DOCS
    for name, data in crawled.items():
        assert recleaned[name] == data, name  # .txt and .json, byte for byte
        if name.endswith(".json"):
            sidecar = json.loads(data)
            assert sidecar["url"].startswith("https://www.pingtan.gov.cn/")  # not the mirror's
            assert sidecar["final_url"].startswith("http://127.0.0.1:")


def test_only_reply_pages_become_documents(crawl):
    index = CdxjIndex([crawl / "warc"])
    targets = planned(crawl / "warc")
    assert len(targets) == DOCS and not any(t.routed for t in targets)  # from decisions
    html_responses = [c for c in index if c.status == "200" and "html" in c.mime]
    assert len(html_responses) > DOCS  # list pages are archived too, and are not documents
    assert all("/t20" in t.url and t.url.endswith(".htm") for t in targets)


def test_reclean_into_the_crawls_own_output_rewrites_nothing(crawl, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(crawl, out)
    before = mtimes(out)
    summary = run_reclean(RecleanOptions([str(out / "warc")], str(out), progress=False))
    assert (summary.cleaned, summary.unchanged, summary.failed) == (0, DOCS, 0)
    assert mtimes(out) == before


# -- incremental and idempotent --------------------------------------------------------------------
def test_second_run_writes_nothing_and_says_so(crawl, tmp_path):
    reclean_cli(str(crawl / "warc"), "-O", str(tmp_path))
    before = mtimes(tmp_path)
    again = reclean_cli(str(crawl / "warc"), "-O", str(tmp_path))  # every shard marked done
    assert "nothing changed: no document was written" in again.stdout
    assert report_of(tmp_path)["shards"]["run"] == 0
    fresh = reclean_cli(str(crawl / "warc"), "-O", str(tmp_path), "--restart")  # no markers
    assert f"0 documents cleaned, {DOCS} unchanged" in fresh.stdout
    assert "nothing changed" in fresh.stdout
    assert mtimes(tmp_path) == before


def test_a_new_step_version_reprocesses_what_that_step_touched(crawl, baseline, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(baseline, out)
    sidecars = {p: json.loads(p.read_text(encoding="utf-8")) for p in out.rglob("*.json")
                if p.parent.name == "www.pingtan.gov.cn"}
    touched = {p for p, s in sidecars.items() if "join_broken_lines" in s["steps"]}
    assert 0 < len(touched) < DOCS
    before = mtimes(out)
    summary = run_reclean(RecleanOptions([str(crawl / "warc")], str(out),
                                         cleaner=f"{HOOKS}:bumped_clean_page", progress=False))
    assert (summary.cleaned, summary.unchanged) == (len(touched), DOCS - len(touched))
    changed = {p for p, t in mtimes(out).items() if before.get(p) != t}
    assert {p for p in changed if p.suffix == ".json"} == touched
    for path in touched:
        assert json.loads(path.read_text(encoding="utf-8"))["step_versions"][
            "join_broken_lines"] == BUMPED_STEPS["join_broken_lines"]


def test_a_new_metadata_rule_version_reprocesses_every_document(crawl, baseline, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(baseline, out)
    summary = run_reclean(RecleanOptions([str(crawl / "warc")], str(out),
                                         cleaner=f"{HOOKS}:rule_bumped_clean_page",
                                         progress=False))
    assert (summary.cleaned, summary.unchanged) == (DOCS, 0)
    again = run_reclean(RecleanOptions([str(crawl / "warc")], str(out), restart=True,
                                       cleaner=f"{HOOKS}:rule_bumped_clean_page",
                                       progress=False))
    assert (again.cleaned, again.unchanged) == (0, DOCS)


# -- resumable -------------------------------------------------------------------------------------
def test_killed_run_resumes_to_the_same_result(crawl, baseline, tmp_path):
    out = tmp_path / "out"
    command = [sys.executable, "-m", "scrapy", "reclean", str(crawl / "warc"), "-O", str(out),
               "--shard-records", "10", "--cleaner", f"{HOOKS}:slow_clean_page",
               "--progress", "log", "-s", "LOG_LEVEL=WARNING"]
    env = {**os.environ, "PYTHONPATH": str(REPO), "GOVREPLY_TEST_SLOW": "0.4"}
    proc = subprocess.Popen(command, cwd=REPO, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and proc.poll() is None:
            if len(list(out.glob("reclean/state/*/*.done.json"))) >= 3:
                break
            time.sleep(0.05)
        assert proc.poll() is None, "the run ended before it could be killed"
        os.killpg(proc.pid, signal.SIGKILL)  # the command and its worker processes
    finally:
        proc.wait()
    done = len(list(out.glob("reclean/state/*/*.done.json")))
    shards = len(plan_shards([next((crawl / "warc").glob("*.warc.gz"))], records_per_shard=10))
    assert 3 <= done < shards
    assert len(list((out / "text").rglob("*.txt"))) < DOCS
    reclean_cli(str(crawl / "warc"), "-O", str(out), "--shard-records", "10",
                "--cleaner", f"{HOOKS}:slow_clean_page", timeout=300)
    report = report_of(out)
    assert report["shards"]["done_before"] == done
    assert report["shards"]["run"] == shards - done
    assert files_of(out) == files_of(baseline)


# -- bad input -------------------------------------------------------------------------------------
def _reply_offsets(warc: Path) -> list[int]:
    return [t.offset for t in planned(warc.parent) if Path(t.path).name == warc.name]


def test_corrupt_and_truncated_records_are_counted_and_skipped(crawl, baseline, tmp_path):
    warc_dir = warcs_copy(crawl, tmp_path / "warc")
    warc = next(warc_dir.glob("*.warc.gz"))
    offsets = sorted(_reply_offsets(warc))
    data = bytearray(warc.read_bytes())
    damaged = offsets[3]
    assert data[damaged + 3] == 0  # no optional gzip header fields: deflate data at +10
    data[damaged + 10] = 0xFF  # first deflate block: reserved type 11, invalid on any input
    last = offsets[-1]
    del data[last + 200:]  # cut off inside the last reply's record
    warc.write_bytes(bytes(data))
    # the cut also took the decision records written after the last reply's record
    readable = [t for t in planned(warc_dir) if t.offset not in (damaged, last)]
    assert DOCS - 8 < len(readable) <= DOCS - 2
    out = tmp_path / "out"
    result = reclean_cli(str(warc_dir), "-O", str(out))
    report = report_of(out)
    assert report["failed_by_reason"] == {"corrupt": 1, "truncated": 1}
    assert sorted((f["reason"], f["offset"]) for f in report["failures"]) == [
        ("corrupt", damaged), ("truncated", last)]
    assert report["cleaned"] == len(readable)
    assert "damaged" in result.stderr and "--route" in result.stderr
    assert "failed (corrupt): 1" in result.stdout and "failed (truncated): 1" in result.stdout
    good = files_of(baseline)
    for name, data_ in files_of(out).items():
        assert good[name] == data_


def test_a_body_whose_content_encoding_cannot_be_undone_is_counted_undecodable(crawl, baseline,
                                                                              tmp_path):
    warc_dir = warcs_copy(crawl, tmp_path / "warc")
    warc = next(warc_dir.glob("*.warc.gz"))
    [original] = [r for r in iter_records(warc) if MARKED in r.url and r.status == 200
                  and r.record_type == "response"]
    broken = b"\x1f\x8b\x08\x00" + b"not deflate data at all" * 8
    http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8"),
                                       ("Content-Encoding", "gzip")], protocol="HTTP/1.1")
    with open(warc, "ab") as fh:  # a later capture of the same page: the one reclean takes
        writer = WARCWriter(fh, gzip=True, warc_version="1.1")
        writer.write_record(writer.create_warc_record(
            original.url, "response", payload=io.BytesIO(broken), length=len(broken),
            http_headers=http, warc_headers_dict={"WARC-Date": "2030-01-01T00:00:00Z"}))
    index_path_for(warc).unlink()
    out = tmp_path / "out"
    # no decision names the appended capture: route the pages to pick it up
    summary = run_reclean(RecleanOptions([str(warc_dir)], str(out), route=True, progress=False))
    assert dict(summary.failed_by_reason) == {"undecodable": 1}
    [failure] = summary.failures
    assert MARKED in failure["url"] and "gzip" in failure["detail"]
    assert summary.cleaned == DOCS - 1
    good = files_of(baseline)
    got = files_of(out)
    assert len(got) == len(good) - 2 and all(good[name] == data for name, data in got.items())


def test_a_cleaner_exception_is_counted_and_the_run_goes_on(crawl, tmp_path):
    summary = run_reclean(RecleanOptions([str(crawl / "warc")], str(tmp_path),
                                         cleaner=f"{HOOKS}:failing_clean_page", progress=False))
    assert (summary.cleaned, summary.failed) == (DOCS - 1, 1)
    [failure] = summary.failures
    assert failure["reason"] == "cleaner-error" and MARKED in failure["url"]
    assert "ValueError" in failure["detail"] and failure["offset"] > 0


def test_a_hanging_cleaner_is_stopped_by_the_time_limit(crawl, tmp_path):
    began = time.monotonic()
    summary = run_reclean(RecleanOptions([str(crawl / "warc")], str(tmp_path), timeout=1.0,
                                         cleaner=f"{HOOKS}:hanging_clean_page", progress=False))
    assert time.monotonic() - began < 60
    assert (summary.cleaned, summary.failed) == (DOCS - 1, 1)
    assert dict(summary.failed_by_reason) == {"timeout": 1}


def test_a_worker_stuck_beyond_signals_is_killed_by_the_watchdog(crawl, baseline, tmp_path):
    summary = run_reclean(RecleanOptions([str(crawl / "warc")], str(tmp_path), timeout=0.5,
                                         grace=1.0, cleaner=f"{HOOKS}:blocking_clean_page",
                                         progress=False))
    assert (summary.cleaned, summary.failed) == (DOCS - 1, 1)
    assert dict(summary.failed_by_reason) == {"timeout": 1}
    assert not summary.shards_unfinished
    expected = files_of(baseline)
    got = files_of(tmp_path)
    assert len(got) == len(expected) - 2 and all(expected[n] == d for n, d in got.items())


# -- lineage and the derived WARC ------------------------------------------------------------------
def test_sidecars_point_at_their_source_records(baseline, crawl):
    for sidecar_path in (baseline / "text").rglob("*.json"):
        sidecar = json.loads(sidecar_path.read_text(encoding="utf-8"))
        pointer = sidecar["warc"]
        record = read_record_at(crawl / "warc" / pointer["filename"], pointer["offset"])
        assert record.record_id == pointer["record_id"]
        assert record.payload_digest == pointer["payload_digest"]
        assert record.url == sidecar["final_url"]
        assert sidecar["cleaner_version"] and sidecar["step_versions"]
        assert isinstance(sidecar["steps"], list)


def test_derived_warc_holds_conversion_records_that_refer_to_the_sources(crawl, tmp_path):
    run_reclean(RecleanOptions([str(crawl / "warc")], str(tmp_path), derived_warc=True,
                               records_per_shard=30, progress=False))
    derived = sorted((tmp_path / "reclean" / "derived").glob("*.warc.gz"))
    assert len(derived) > 1
    assert warcio_check(derived).returncode == 0
    texts = {}
    for path in derived:
        with open(path, "rb") as fh:
            for record in ArchiveIterator(fh):
                if record.rec_type == "conversion":
                    texts[record.rec_headers.get_header("WARC-Refers-To")] = (
                        record.content_stream().read().decode("utf-8"))
    sidecars = [json.loads(p.read_text(encoding="utf-8"))
                for p in (tmp_path / "text").rglob("*.json")]
    assert len(texts) == len(sidecars) == DOCS
    for sidecar, txt in zip(sorted(sidecars, key=lambda s: s["url"]),
                            sorted((tmp_path / "text").rglob("*.txt"),
                                   key=lambda p: json.loads(p.with_suffix(".json").read_text(
                                       encoding="utf-8"))["url"]), strict=True):
        assert texts[sidecar["warc"]["record_id"]] == txt.read_text(encoding="utf-8")


# -- revisits --------------------------------------------------------------------------------------
@pytest.mark.parametrize("route", [False, True], ids=["decisions", "routed"])
def test_after_a_nightly_of_revisits_reclean_points_at_the_original_responses(tmp_path, route):
    """Lineage after a revisit: from scratch over a nightly's output, every sidecar points
    ``warc`` at the original response, with its date, exactly as the crawl did."""
    out = tmp_path / "crawl"
    with LocalSite(recorded_portal_routes(gzip=True)) as site:
        for _ in range(2):  # the second crawl gets 304s: revisit records
            run_scrapy("crawl", "pingtan", "-a", f"base_url={site.base_url}",
                       settings={"GOVREPLY_OUTPUT_DIR": str(out)}, timeout=300)
    revisits = {(r.filename, r.offset) for p in (out / "warc").glob("*.warc.gz")
                for r in iter_records(p) if r.record_type == "revisit"}
    targets = planned(out / "warc", route=route)
    on_revisits = [t for t in targets if (Path(t.path).name, t.offset) in revisits]
    # routing takes each reply's latest capture, the 304; decisions name the response
    assert bool(on_revisits) == route and len(targets) == DOCS
    result = run_reclean(RecleanOptions([str(out / "warc")], str(tmp_path / "re"), route=route,
                                        progress=False))
    assert result.failed == 0 and result.cleaned == DOCS
    assert files_of(tmp_path / "re") == {n: d for n, d in files_of(out).items()}
    for path in (tmp_path / "re" / "text").rglob("*.json"):
        sidecar = json.loads(path.read_text(encoding="utf-8"))
        pointer = sidecar["warc"]
        record = read_record_at(out / "warc" / pointer["filename"], pointer["offset"])
        assert (record.record_type, record.status) == ("response", 200)
        assert record.length == pointer["length"] and len(record.payload) > 1000
        assert sidecar["fetched_at"] == record.date[:19] + "Z"


# -- shards and workers ----------------------------------------------------------------------------
def test_shards_split_one_file_at_record_offsets(crawl):
    warc = next((crawl / "warc").glob("*.warc.gz"))
    offsets = record_offsets(warc)
    shards = plan_shards([warc], records_per_shard=7)
    assert len(shards) == -(-len(offsets) // 7)
    assert shards[0].start == 0 and shards[-1].end is None
    for before, after in itertools.pairwise(shards):
        assert before.end == after.start and after.start in offsets
    assert sum(s.records for s in shards) == len(offsets)
    assert index_path_for(warc).exists()


def test_two_workers_on_one_file_give_the_same_documents(crawl, baseline, tmp_path):
    summary = run_reclean(RecleanOptions([str(crawl / "warc")], str(tmp_path), workers=2,
                                         records_per_shard=10, progress=False))
    assert summary.shards_run > 2 and summary.cleaned == DOCS
    assert files_of(tmp_path) == files_of(baseline)


@pytest.mark.slow
def test_dask_cluster_gives_the_same_documents_as_a_local_run(crawl, baseline, tmp_path):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None, host="127.0.0.1") as cluster:
        result = reclean_cli(str(crawl / "warc"), "-O", str(tmp_path), "--dask",
                             cluster.scheduler_address, "--shard-records", "10", timeout=300)
    assert f"{DOCS} documents cleaned" in result.stdout
    assert report_of(tmp_path)["executor"] == "dask"
    assert files_of(tmp_path) == files_of(baseline)


# -- progress --------------------------------------------------------------------------------------
def test_the_progress_bar_shows_records_per_second_and_eta(crawl, tmp_path):
    result = run_scrapy("reclean", "--progress", "bar", str(crawl / "warc"), "-O", str(tmp_path),
                        settings={"LOG_LEVEL": "WARNING"})
    total = sum(len(record_offsets(p)) for p in (crawl / "warc").glob("*.warc.gz"))
    final = result.stderr.replace("\r", "\n").strip().splitlines()[-1]
    assert final.startswith("reclean: 100%") and f"{total}/{total}" in final
    assert "rec/s" in final and "<00:00" in final  # rate, and remaining time at the end


def test_without_a_terminal_progress_is_plain_log_lines(caplog):
    from reclean.report import Progress

    progress = Progress(300, stream=io.StringIO(), tty=False, every=0.0)
    with caplog.at_level("INFO", logger="reclean.report"):
        progress.advance(100)
        progress.advance(100)
    lines = [r.getMessage() for r in caplog.records]
    assert len(lines) == 2 and lines[1].startswith("reclean: 200/300 records")
    assert "records/s" in lines[1] and "ETA" in lines[1]
    assert progress.stream.getvalue() == ""  # no bar characters in a log file
