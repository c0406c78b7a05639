"""The rotating writer: .open files, rotation, warcinfo, crash recovery, index."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from archive import records
from archive.index import CdxjIndex, index_path_for
from archive.reader import iter_records, read_record_at
from archive.recovery import complete_members_end, recover_open_files
from archive.writer import OPEN_SUFFIX, RotatingWarcWriter, warc_filename

from .helpers import REPO, warcio_check

NAME = re.compile(r"^govreply-\d{17}-\d{5}-[A-Za-z0-9._-]+\.warc\.gz$")


def _exchange(n: int, size: int = 200) -> records.HttpExchange:
    return records.HttpExchange(
        url=f"http://127.0.0.1:9/page/{n}.html?q={n}",
        method="GET",
        request_headers=[("Accept", "*/*")],
        request_body=b"",
        status=200,
        response_headers=[("Content-Type", "text/html; charset=utf-8")],
        body=(f"<p>第{n}号提案</p>" + "x" * size).encode(),
        ip_address="127.0.0.1",
    )


def _types(path: Path) -> list[str]:
    with open(path, "rb") as fh:
        return [r.rec_type for r in ArchiveIterator(fh)]


def test_filename_has_prefix_timestamp_serial_host():
    assert NAME.match(warc_filename("govreply", 7, "crawl-host.local"))
    assert warc_filename("x", 3, "h").split("-")[2] == "00003"


def test_file_stays_open_until_closed_then_is_renamed_and_indexed(tmp_path):
    writer = RotatingWarcWriter(tmp_path, warcinfo={"isPartOf": "test"})
    location = writer.write_exchange(_exchange(1))
    open_files = list(tmp_path.glob("*" + OPEN_SUFFIX))
    assert len(open_files) == 1 and not list(tmp_path.glob("*.warc.gz"))
    finished = writer.close()
    assert [p.name for p in finished] == [location.filename]
    assert not list(tmp_path.glob("*" + OPEN_SUFFIX))
    assert NAME.match(finished[0].name)
    assert _types(finished[0]) == ["warcinfo", "response", "request"]
    assert index_path_for(finished[0]).exists()
    assert warcio_check(finished).returncode == 0


def test_rotation_starts_each_file_with_warcinfo(tmp_path):
    writer = RotatingWarcWriter(tmp_path, max_size=2_000)
    locations = [writer.write_exchange(_exchange(n, size=500)) for n in range(12)]
    finished = writer.close()
    assert len(finished) >= 3
    for path in finished:
        types = _types(path)
        assert types[0] == "warcinfo" and types.count("warcinfo") == 1
        assert types[1:] == ["response", "request"] * ((len(types) - 1) // 2)
    # every record can be read back where the writer said it was
    for n, location in enumerate(locations):
        record = read_record_at(tmp_path / location.filename, location.offset)
        assert record.url == f"http://127.0.0.1:9/page/{n}.html?q={n}"
        assert f"第{n}号提案".encode() in record.payload
    assert warcio_check(finished).returncode == 0


def test_index_finds_every_response(tmp_path):
    writer = RotatingWarcWriter(tmp_path, max_size=3_000)
    locations = [writer.write_exchange(_exchange(n, size=400)) for n in range(10)]
    writer.close()
    index = CdxjIndex([tmp_path])
    for n, location in enumerate(locations):
        (capture,) = index.lookup(f"http://127.0.0.1:9/page/{n}.html?q={n}")
        assert (capture.filename, capture.offset) == (location.filename, location.offset)
        assert capture.digest == location.payload_digest


def _truncate_last_member(path: Path, cut: int) -> None:
    data = path.read_bytes()
    path.write_bytes(data[:-cut])


def test_recovery_keeps_complete_records_and_moves_the_torn_tail_aside(tmp_path):
    writer = RotatingWarcWriter(tmp_path)
    for n in range(5):
        writer.write_exchange(_exchange(n))
    (finished,) = writer.close()
    size = finished.stat().st_size
    # Simulate a crash mid-record: an .open file whose last gzip member is torn.
    open_path = finished.with_name(finished.name + OPEN_SUFFIX)
    os.replace(finished, open_path)
    index_path_for(finished).unlink()
    _truncate_last_member(open_path, 25)
    complete = complete_members_end(open_path)
    assert 0 < complete < size - 25

    (recovered,) = recover_open_files(tmp_path)
    assert recovered.path == finished and recovered.kept_bytes == complete
    assert finished.stat().st_size == complete
    tail = finished.with_name(finished.name + ".tail")
    assert tail.stat().st_size == recovered.tail_bytes > 0
    assert warcio_check([finished]).returncode == 0
    assert _types(finished) == ["warcinfo"] + ["response", "request"] * 4 + ["response"]
    assert index_path_for(finished).exists()


def test_recovery_leaves_a_file_locked_by_a_live_writer_alone(tmp_path):
    writer = RotatingWarcWriter(tmp_path)
    writer.write_exchange(_exchange(1))
    assert recover_open_files(tmp_path) == []
    assert len(list(tmp_path.glob("*" + OPEN_SUFFIX))) == 1
    writer.close()


_KILL_CHILD = """
import sys, time
sys.path.insert(0, {repo!r})
from archive.writer import RotatingWarcWriter
from archive import records
writer = RotatingWarcWriter({out!r}, max_size=50_000)
n = 0
while True:
    writer.write_exchange(records.HttpExchange(
        url=f"http://127.0.0.1:9/{{n}}", method="GET", request_headers=[], request_body=b"",
        status=200, response_headers=[("Content-Type", "text/plain")], body=b"z" * 3000))
    n += 1
    if n == 40:
        print("ready", flush=True)
"""


@pytest.mark.slow
def test_sigkill_mid_crawl_loses_no_finished_record(tmp_path):
    child = subprocess.Popen(
        [sys.executable, "-c", _KILL_CHILD.format(repo=str(REPO), out=str(tmp_path))],
        stdout=subprocess.PIPE, text=True,
    )
    assert child.stdout.readline().strip() == "ready"
    time.sleep(0.3)
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=10)
    child.stdout.close()
    finished_before = sorted(tmp_path.glob("*.warc.gz"))
    recover_open_files(tmp_path)
    files = sorted(tmp_path.glob("*.warc.gz"))
    assert not list(tmp_path.glob("*" + OPEN_SUFFIX))
    assert set(finished_before) <= set(files)
    assert warcio_check(files).returncode == 0
    responses = sum(1 for f in files for _ in iter_records(f))
    assert responses >= 40
