"""What makes a re-clean cost little more than a bare loop, and that it changes nothing.

Decision records are read from the byte ranges the index leaves out (``archive.members``
and ``reclean.decisions``), exactly as a full scan reads them, damage included; a shard's
documents are synced in one pass before its marker; a worker holds the payload of one
page at a time; the per-page size budget of the crawl holds in the re-clean too.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from archive import records
from archive.index import index_path_for, index_warc
from archive.members import small_records
from archive.reader import iter_records
from archive.records import build_metadata_record
from archive.writer import RotatingWarcWriter
from corpus.decision import WARCINFO_FIELD, Decision, build_decision_record
from corpus.registry import load_registry
from reclean import RecleanOptions, run_reclean
from reclean.decisions import _gaps, scan_file

from .helpers import CORPUS

PORTAL = load_registry().get("pingtan_zxta")
SECTION = "https://www.pingtan.gov.cn/zwgk/zdlyxxgk/yata/zxta/"
BODY = (CORPUS / "html" / "pingtan_zxta_38112.html").read_bytes()


def _exchange(url: str, body: bytes, content_type: str = "text/html; charset=utf-8"):
    return records.HttpExchange(url=url, method="GET", request_headers=[("Accept", "*/*")],
                                request_body=b"", status=200,
                                response_headers=[("Content-Type", content_type)], body=body)


def build(directory: Path, pages: int, blob: int = 0) -> Path:
    """A WARC as the crawl writes it: pages with their decision records, another
    crawler's metadata record, and ``blob`` bytes of a binary response at the end."""
    with RotatingWarcWriter(directory, prefix="t", max_size=1 << 40,
                            warcinfo={"isPartOf": "t", WARCINFO_FIELD: "1"}) as writer:
        for i in range(pages):
            url = f"{SECTION}202201/t20220101_{100000 + i}.htm"
            page = writer.write_exchange(_exchange(url, BODY))
            writer.write_record(build_decision_record(Decision(
                url, PORTAL.name, PORTAL.hints(), page, page,
                section_prefix=PORTAL.section_prefix, link_selector=PORTAL.link_selector)))
            if i == 1:  # not a decision: left alone by both ways of reading
                writer.write_record(build_metadata_record(url, [("outlink", SECTION)]))
        if blob:
            writer.write_exchange(_exchange(f"{SECTION}blob.bin", os.urandom(blob),
                                            "application/octet-stream"))
    warc = next(directory.glob("*.warc.gz"))
    index_warc(warc)
    return warc


def full_scan(path: Path) -> list:
    from corpus.decision import read_decision

    return [d for r in iter_records(path, types=("metadata",), on_error=lambda e: None)
            if (d := read_decision(r)) is not None]


def test_decisions_read_from_the_index_gaps_are_those_of_a_full_scan(tmp_path):
    warc = build(tmp_path, 12)
    gaps = _gaps(warc)
    assert gaps is not None and len(gaps) >= 12  # one between every two pages at least
    scan = scan_file(warc)
    assert scan.decided and not scan.problems and scan.damaged == 0
    assert scan.decisions == full_scan(warc) and len(scan.decisions) == 12


def test_a_stale_or_missing_index_is_not_trusted(tmp_path):
    warc = build(tmp_path, 3)
    index = index_path_for(warc)
    os.utime(index, ns=(1, 1))  # older than the WARC
    assert _gaps(warc) is None and scan_file(warc).decisions == full_scan(warc)
    index.unlink()
    assert _gaps(warc) is None and len(scan_file(warc).decisions) == 3


def test_a_damaged_gap_is_read_the_careful_way_and_its_damage_counted(tmp_path):
    warc = build(tmp_path, 6)
    hit = scan_file(warc).decisions[2].location.offset
    start, end = next((a, b) for a, b in _gaps(warc) if a <= hit < b)
    data = bytearray(warc.read_bytes())
    data[hit + 12:hit + 40] = b"\x00" * 28  # inside the decision record's gzip member
    warc.write_bytes(bytes(data))
    os.utime(index_path_for(warc))  # the index still describes the file
    errors_fast, errors_full = [], []
    fast = list(small_records(warc, start, end, types=("metadata",), on_error=errors_fast.append))
    full = list(iter_records(warc, start=start, end=end, types=("metadata",),
                             on_error=errors_full.append))
    assert [r.offset for r in fast] == [r.offset for r in full]
    assert [(e.offset, e.kind) for e in errors_fast] == [(e.offset, e.kind) for e in errors_full]
    assert errors_fast  # the damage is reported, not skipped silently
    scan = scan_file(warc)
    assert scan.damaged == 1 and len(scan.decisions) == 5


def test_records_without_their_payload_are_read_through(tmp_path):
    warc = build(tmp_path, 2, blob=3 << 20)
    wanted = {r.offset for r in iter_records(warc) if r.url.endswith(".htm")}
    read = list(iter_records(warc, payload_at=wanted.__contains__))
    assert {r.offset for r in read if r.payload} == wanted
    [blob] = [r for r in read if r.url.endswith("blob.bin")]
    assert blob.payload == b"" and blob.length > 3 << 20


def test_a_shard_is_synced_before_it_is_marked_done(tmp_path, monkeypatch):
    from corpus import layout
    from reclean import markers, shard

    warc = build(tmp_path / "warc", 8)
    order: list[str] = []
    real_sync, real_fsync, real_mark = shard.sync_pairs, layout._fsync, markers.ShardMarkers.mark

    def sync_pairs(pairs):
        pairs = list(pairs)
        order.extend(f"sync {p.stem}" for p in pairs)
        real_sync(pairs)

    def mark(self, key, result):
        order.append(f"mark {key}")
        real_mark(self, key, result)

    monkeypatch.setattr(shard, "sync_pairs", sync_pairs)
    monkeypatch.setattr(markers.ShardMarkers, "mark", mark)
    monkeypatch.setattr(layout, "_SYNCFS", None)  # file by file, as without syncfs
    synced_files: list[str] = []
    monkeypatch.setattr(layout, "_fsync", lambda path: (synced_files.append(Path(path).name),
                                                        real_fsync(path)))
    out = tmp_path / "out"
    summary = run_reclean(RecleanOptions([str(warc)], str(out), records_per_shard=3,
                                         progress=False))
    assert summary.cleaned == 8 and summary.shards_total == 3
    marks = [i for i, step in enumerate(order) if step.startswith("mark")]
    assert len(marks) == 3
    stems = {p.name.split(".")[0] for p in (out / "text").rglob("*.txt")}
    for mark_at in marks:  # each mark comes after the sync of its shard's documents
        assert order[mark_at - 1].startswith("sync")
    synced = {step.split(" ", 1)[1] for step in order[:marks[-1]] if step.startswith("sync")}
    assert stems <= synced and len(stems) == 8
    written = {p.name for p in (out / "text").rglob("*") if p.is_file()}
    assert written <= set(synced_files) and len(written) == 16  # every .txt and .json


def test_the_size_budget_holds_in_the_reclean(tmp_path):
    warc = build(tmp_path / "warc", 3)
    summary = run_reclean(RecleanOptions([str(warc)], str(tmp_path / "out"),
                                         max_page_mb=len(BODY) / 2 / (1 << 20), progress=False))
    assert summary.failed == 3 and summary.failed_by_reason == {"too-large": 3}
    again = run_reclean(RecleanOptions([str(warc)], str(tmp_path / "out"), progress=False))
    assert again.cleaned == 3


@pytest.mark.parametrize("workers", [1, 2])
def test_documents_do_not_depend_on_the_number_of_workers(tmp_path, workers):
    warc = build(tmp_path / "warc", 7)
    out = tmp_path / f"out{workers}"
    summary = run_reclean(RecleanOptions([str(warc)], str(out), workers=workers,
                                         records_per_shard=2, progress=False))
    assert summary.cleaned == 7 and summary.failed == 0
    texts = sorted(p.read_text("utf-8") for p in (out / "text").rglob("*.txt"))
    assert len(texts) == 7 and len(set(texts)) == 1  # the same page seven times


def test_the_budget_options_of_the_command(tmp_path):
    import subprocess
    import sys

    from .helpers import REPO

    warc = build(tmp_path / "warc", 2)

    def reclean(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "reclean", str(warc), "-O",
                               str(tmp_path / "out"), "--progress", "log", *args], cwd=REPO,
                              capture_output=True, text=True, timeout=300)

    refused = reclean("--max-page-mb", "0.001")
    assert refused.returncode == 0 and "too-large" in refused.stdout
    bad = reclean("--max-memory-mb", "-1")
    assert bad.returncode == 64 and "must not be negative" in bad.stderr
    assert "Traceback" not in bad.stderr
    made = reclean("--max-page-mb", "0")  # no limit: a new job, the refused pages made
    assert made.returncode == 0 and "2 documents cleaned" in made.stdout



@pytest.mark.parametrize("module", ["reclean.worker", "corpus.cleanworker"])
def test_worker_processes_settle_the_collector_once_their_imports_are_done(module):
    """Both kinds of worker run with the collector tuned (``settle_collector``): the
    interpreter's defaults before ``main``, the worker's thresholds and frozen imports
    after it (stdin closed: the worker exits at once; its stdout is the protocol's, so
    the probe reports on stderr)."""
    import json
    import subprocess
    import sys

    from corpus.cleanworker import GC_THRESHOLDS

    probe = (f"import gc, json, sys, {module} as w; before = gc.get_threshold(); w.main(); "
             "sys.stderr.write(json.dumps([before, gc.get_threshold(), gc.get_freeze_count()]))")
    run = subprocess.run([sys.executable, "-c", probe], stdin=subprocess.DEVNULL,
                         capture_output=True, text=True, timeout=60,
                         cwd=Path(__file__).parent.parent)
    assert run.returncode == 0, run.stderr
    before, after, frozen = json.loads(run.stderr.strip().split("\n")[-1])
    assert tuple(before) != GC_THRESHOLDS
    assert tuple(after) == GC_THRESHOLDS
    assert frozen > 10000  # the imported modules' objects


def test_a_task_crosses_the_pipe_whole_without_a_deep_copy():
    import json
    from dataclasses import asdict

    from reclean.shard import ShardTask

    targets = [{"offset": 10 * k, "url": f"https://x.gov.cn/{k}.html", "decision": {"a": [k]}}
               for k in range(3)]
    task = ShardTask(path="/w/a.warc.gz", start=0, end=None, key="k1", targets=targets,
                     output="/out", index_paths=["/w/a.cdxj"], cleaner="cleaners:clean_page",
                     skip=[20], max_bytes=5)
    line = task.to_json()
    assert json.loads(line) == asdict(task)  # every field, as the worker rebuilds it
    assert ShardTask(**json.loads(line)) == task
