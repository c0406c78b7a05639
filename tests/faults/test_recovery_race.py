"""Issue 13, item 4: recovery must never delete a live crawl's new WARC."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from archive import records
from archive.faults import on_fault_point
from archive.reader import read_record_at
from archive.recovery import recover_open_files
from archive.writer import RotatingWarcWriter

from ..helpers import REPO
from .harness import check_warcs, child_env, record_keys, writer_child


def _exchange(n: int) -> records.HttpExchange:
    return records.HttpExchange(
        url=f"http://127.0.0.1:9/race/{n}", method="GET", request_headers=[],
        request_body=b"", status=200, response_headers=[("Content-Type", "text/html")],
        body=b"<p>race</p>" * 50, ip_address="127.0.0.1")


def test_another_crawls_recovery_while_a_file_is_created_cannot_delete_it(tmp_path):
    """The window between creating a new file and locking it, held open on purpose:
    another crawl's recovery runs inside it."""
    writer = RotatingWarcWriter(tmp_path, max_size=1_000)
    recovered = []
    with on_fault_point("warc.created", lambda: recovered.extend(recover_open_files(tmp_path))):
        locations = [writer.write_exchange(_exchange(n)) for n in range(6)]
    finished = writer.close()
    assert len(finished) >= 3  # the window was crossed at every rotation
    assert recovered == []
    for location in locations:
        record = read_record_at(tmp_path / location.filename, location.offset)
        assert record.record_id == location.record_id
    assert check_warcs(tmp_path).returncode == 0


def test_an_empty_open_file_younger_than_the_grace_period_is_left_alone(tmp_path):
    young = tmp_path / "govreply-20260101000000000-00000-h.warc.gz.open"
    young.touch()
    assert recover_open_files(tmp_path) == []
    assert young.exists()
    old = time.time() - 3600
    os.utime(young, (old, old))
    (gone,) = recover_open_files(tmp_path)
    assert gone.kept_bytes == 0 and not young.exists()


def test_a_file_with_only_a_torn_first_record_is_kept_within_the_grace_period(tmp_path):
    writer = RotatingWarcWriter(tmp_path / "w")
    writer.write_exchange(_exchange(1))
    (done,) = writer.close()
    young = tmp_path / (done.name + ".open")
    young.write_bytes(done.read_bytes()[:40])  # inside the warcinfo record
    assert recover_open_files(tmp_path) == [] and young.stat().st_size == 40
    assert not list(tmp_path.glob("*.tail"))


_HOLDER = """
import fcntl, sys, time
fh = open(sys.argv[1], "rb")
fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
print("held", flush=True)
time.sleep(60)
"""


def test_recovery_never_removes_a_file_another_process_holds(tmp_path):
    held = tmp_path / "govreply-20260101000000000-00000-h.warc.gz.open"
    held.touch()
    os.utime(held, (0, 0))  # old and empty: removable, were it not held
    holder = subprocess.Popen([sys.executable, "-c", _HOLDER, str(held)],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        assert recover_open_files(tmp_path, grace=0) == []
        assert held.exists()
    finally:
        holder.kill()
        holder.wait(timeout=10)
        holder.stdout.close()
    assert len(recover_open_files(tmp_path, grace=0)) == 1 and not held.exists()


def test_a_stale_creating_file_is_removed_and_a_fresh_one_kept(tmp_path):
    fresh = tmp_path / "govreply-20260101000000000-00001-h.warc.gz.open.creating"
    stale = tmp_path / "govreply-20260101000000000-00000-h.warc.gz.open.creating"
    fresh.touch()
    stale.touch()
    os.utime(stale, (0, 0))
    recover_open_files(tmp_path)
    assert fresh.exists() and not stale.exists()


_RECOVER_LOOP = """
import sys, pathlib
from archive.recovery import recover_open_files
stop = pathlib.Path(sys.argv[2])
rounds = 0
while not stop.exists():
    recover_open_files(sys.argv[1], grace=0)
    rounds += 1
print(rounds)
"""


@pytest.mark.slow
def test_a_recovery_loop_beside_a_rotating_writer_loses_nothing(tmp_path):
    """Two processes: one writer rotating every few records, one recovery with no grace
    period in a tight loop over the same directory."""
    stop = tmp_path / "stop"
    out = tmp_path / "warc"
    out.mkdir()
    loop = subprocess.Popen([sys.executable, "-c", _RECOVER_LOOP, str(out), str(stop)],
                            cwd=REPO, env=child_env(), stdout=subprocess.PIPE, text=True)
    try:
        writer = subprocess.run(writer_child(out, "--records", "1500", "--max-size", "3000",
                                             "--body-size", "300"),
                                cwd=REPO, env=child_env(), capture_output=True, text=True,
                                timeout=300)
    finally:
        stop.touch()
        rounds = int(loop.communicate(timeout=60)[0].strip() or 0)
    assert writer.returncode == 0, writer.stdout[-2000:] + writer.stderr[-2000:]
    assert rounds > 50
    acknowledged = {line.split('"record_id": "')[1].split('"')[0]
                    for line in writer.stdout.splitlines() if '"record_id"' in line}
    assert len(acknowledged) == 1500
    assert acknowledged <= record_keys(sorted(out.glob("*.warc.gz")))
    assert not list(out.glob("*.open"))
