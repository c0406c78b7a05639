"""Issue 13, item 1: a full disk must never damage a WARC, and stops the writer."""

from __future__ import annotations

import errno
import os
import signal

import pytest

import archive.files
from archive import records
from archive.derived import DerivedWarc, build_conversion_record
from archive.faults import on_fault_point
from archive.files import ArchiveWriteError
from archive.index import ensure_indexes
from archive.reader import iter_records, read_record_at
from archive.recovery import recover_open_files
from archive.writer import OPEN_SUFFIX, RotatingWarcWriter

from .harness import (
    check_warcs,
    complete_members_in,
    index_gaps,
    record_keys,
    run_until_fault,
    writer_child,
)


def _exchange(n: int, size: int = 20_000) -> records.HttpExchange:
    return records.HttpExchange(
        url=f"http://127.0.0.1:9/full/{n}", method="GET", request_headers=[],
        request_body=b"", status=200, response_headers=[("Content-Type", "text/html")],
        body=os.urandom(size), ip_address="127.0.0.1")


def _write_through_a_full_disk(writer, disk, attempts: int = 40):
    """Write until the disk is full, then give the space back and go on writing, as
    the crawl did: ``[(n, location)]`` acknowledged and ``[(n, error)]`` raised."""
    disk.leave(150_000)
    acknowledged, errors = [], []
    for n in range(attempts):
        try:
            acknowledged.append((n, writer.write_exchange(_exchange(n))))
        except Exception as exc:  # the old writer raised a bare OSError
            errors.append((n, exc))
            disk.free()  # space returns (another file deleted), the crawl writes on
    return acknowledged, errors


def test_a_full_disk_cuts_the_file_back_and_stops_the_writer(full_disk):
    writer = RotatingWarcWriter(full_disk.path, max_size=10_000_000)
    acknowledged, errors = _write_through_a_full_disk(writer, full_disk)
    try:
        writer.close()
    except Exception as exc:
        errors.append((None, exc))
    assert errors, "the disk never filled up"
    # nothing finished is damaged, nothing left half-written
    result = check_warcs(full_disk.path)
    assert result is not None and result.returncode == 0, result.stdout[-2000:]
    assert not list(full_disk.path.glob("*" + OPEN_SUFFIX))
    finished = sorted(full_disk.path.glob("*.warc.gz"))
    # every acknowledged record is there and readable, and no other
    for _, location in acknowledged:
        record = read_record_at(full_disk.path / location.filename, location.offset)
        assert record.record_id == location.record_id
    assert {r.record_id for f in finished for r in iter_records(f)} == \
        {loc.record_id for _, loc in acknowledged}
    # the writer stopped at the first error: nothing was written after it
    first_n, first = errors[0]
    assert acknowledged and max(n for n, _ in acknowledged) < first_n
    assert all(isinstance(exc, ArchiveWriteError) for _, exc in errors)
    assert first.errno == errno.ENOSPC and first.disk_full
    assert first.path.name.startswith(finished[0].name)
    assert "No space left on device" in str(first)
    assert recover_open_files(full_disk.path) == []
    ensure_indexes(full_disk.path)  # the next start: the index the full disk refused
    assert index_gaps(full_disk.path) == []


def test_a_crawl_killed_after_a_full_disk_loses_no_complete_record(full_disk):
    """The writer goes on writing after the error, as the crawl did, then dies by
    SIGKILL: recovery keeps every acknowledged record and moves none aside."""
    full_disk.leave(150_000)
    run = run_until_fault(writer_child(full_disk.path, "--records", "30", "--body-size",
                                       "20000", "--random", "--max-size", "10000000",
                                       "--keep-going", "--die", *full_disk.child_args()),
                          None)
    assert run.returncode == -signal.SIGKILL, run.stderr[-2000:]
    lines = run.lines()
    assert any("error" in line for line in lines), "the disk never filled up"
    acknowledged = {line["record_id"] for line in lines if "record_id" in line}
    full_disk.free()
    recover_open_files(full_disk.path, grace=0)
    for tail in full_disk.path.glob("*.tail"):
        assert complete_members_in(tail) == 0, "complete records were moved aside"
    result = check_warcs(full_disk.path)
    assert result is not None and result.returncode == 0, result.stdout[-2000:]
    finished = sorted(full_disk.path.glob("*.warc.gz"))
    assert acknowledged and acknowledged <= record_keys(finished)


def _conversion(n: int):
    return build_conversion_record(f"http://127.0.0.1:9/full/{n}", os.urandom(9_000).hex(),
                                   refers_to=f"<urn:uuid:{n:08d}-0000-0000-0000-000000000000>",
                                   refers_to_uri=f"http://127.0.0.1:9/full/{n}",
                                   refers_to_date="2026-01-01T00:00:00Z")


def test_a_derived_warc_on_a_full_disk_holds_whole_records_only(full_disk):
    derived = DerivedWarc(full_disk.path / "derived.warc.gz", {"software": "test"})
    full_disk.leave(100_000)
    sizes, errors = [], []
    for n in range(30):
        if len(errors) == 1:
            full_disk.free()
        try:
            sizes.append(derived.write(_conversion(n)))
        except Exception as exc:  # the old writer raised a bare OSError
            errors.append(exc)
    assert errors
    assert all(isinstance(exc, ArchiveWriteError) for exc in errors)
    path = derived.finish()
    assert path.stat().st_size == sizes[-1]
    result = check_warcs(full_disk.path)
    assert result is not None and result.returncode == 0, result.stdout[-2000:]
    assert len(record_keys([path])) == len(sizes)


def test_recovery_keeps_complete_records_after_damage_in_the_middle(tmp_path):
    """A file an older writer damaged mid-way (garbage, then complete records, then a
    torn tail): recovery keeps every complete record in place; only the torn tail moves."""
    writer = RotatingWarcWriter(tmp_path)
    for n in range(3):
        writer.write_exchange(_exchange(n, 500))
    (first,) = writer.close()
    head = first.read_bytes()
    writer = RotatingWarcWriter(tmp_path / "more")
    for n in range(3, 6):
        writer.write_exchange(_exchange(n, 500))
    (second,) = writer.close()
    more = second.read_bytes()
    member = next(iter_records(second))  # the first response: cut, it is the damage
    cut = more[member.offset: member.offset + member.length // 2]
    open_path = tmp_path / "damaged.warc.gz.open"
    open_path.write_bytes(head + cut + more + cut)
    os.utime(open_path, (0, 0))
    (recovered,) = recover_open_files(tmp_path)
    assert recovered.kept_bytes == len(head) + len(cut) + len(more)
    assert recovered.damaged_at == len(head)
    tail = tmp_path / "damaged.warc.gz.tail"
    assert tail.read_bytes() == cut and complete_members_in(tail) == 0
    kept = {r.record_id for r in iter_records(recovered.path)}
    assert kept == {r.record_id for r in iter_records(first)} | \
        {r.record_id for r in iter_records(second)}


@pytest.mark.parametrize("cut", [1, 30, 300])
def test_recovery_moves_only_a_torn_last_record_aside(tmp_path, cut):
    writer = RotatingWarcWriter(tmp_path)
    for n in range(4):
        writer.write_exchange(_exchange(n, 800))
    (path,) = writer.close()
    data = path.read_bytes()
    open_path = path.with_name(path.name + OPEN_SUFFIX)
    path.unlink()
    open_path.write_bytes(data[:-cut])
    (recovered,) = recover_open_files(tmp_path)
    assert recovered.damaged_at is None and recovered.tail_bytes > 0
    tail = path.with_name(path.name + ".tail")
    assert complete_members_in(tail) == 0
    assert check_warcs(tmp_path).returncode == 0


def test_a_file_that_cannot_be_cut_back_is_left_to_recovery(tmp_path, monkeypatch):
    """Writing fails and so does the truncation (an I/O error): the writer stops, the
    file stays ``.open`` and unlocked, and the next start moves only the torn unit aside."""
    writer = RotatingWarcWriter(tmp_path)
    kept = [writer.write_exchange(_exchange(n, 3000)) for n in range(3)]
    real_write = archive.files.write_all

    def torn_write(fd, data, offset):
        real_write(fd, bytes(data[: len(data) // 2]), offset)
        raise OSError(errno.EIO, "Input/output error")

    def no_truncate(fd, length):
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(archive.files, "write_all", torn_write)
    monkeypatch.setattr(archive.files.os, "ftruncate", no_truncate)
    with pytest.raises(ArchiveWriteError) as raised:
        writer.write_exchange(_exchange(9, 3000))
    assert raised.value.errno == errno.EIO and not raised.value.disk_full
    with pytest.raises(ArchiveWriteError):
        writer.write_exchange(_exchange(10, 3000))
    monkeypatch.undo()
    assert writer.close() == []
    (left,) = tmp_path.glob("*" + OPEN_SUFFIX)
    (recovered,) = recover_open_files(tmp_path)
    assert recovered.path.name + OPEN_SUFFIX == left.name
    assert recovered.tail_bytes > 0 and recovered.damaged_at is None
    assert complete_members_in(next(tmp_path.glob("*.tail"))) == 0
    assert {r.record_id for r in iter_records(recovered.path)} == {k.record_id for k in kept}
    assert check_warcs(tmp_path).returncode == 0


class _Exploding:
    """A payload stream that fails after ``after`` bytes (a bug while serialising)."""

    def __init__(self, after: int):
        self.left = after

    def read(self, size: int = -1) -> bytes:
        if self.left <= 0:
            raise RuntimeError("payload stream broke")
        chunk = os.urandom(min(self.left, size if size > 0 else 1 << 16))
        self.left -= len(chunk)
        return chunk


def test_an_error_inside_a_record_leaves_the_file_as_it_was(tmp_path):
    writer = RotatingWarcWriter(tmp_path)
    first = writer.write_exchange(_exchange(1))
    broken = records.build_response_record(_exchange(2))
    broken.raw_stream = _Exploding(3 * archive.files.SPILL_BYTES)  # spills, then fails
    broken.length = 4 * archive.files.SPILL_BYTES
    broken.payload_length = broken.length
    for name in ("WARC-Block-Digest", "WARC-Payload-Digest"):  # so warcio streams it
        broken.rec_headers.replace_header(name, "sha1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")
    spills = []
    with pytest.raises(RuntimeError), on_fault_point("warc.mid_record", lambda: spills.append(1)):
        writer._write_with_request(_exchange(2), broken)
    assert len(spills) >= 2  # part of the record was on disk before it failed
    assert writer.failure is None  # not a write error: the file is still good
    last = writer.write_exchange(_exchange(3))
    (path,) = writer.close()
    assert [r.record_id for r in iter_records(path)] == [first.record_id, last.record_id]
    assert check_warcs(tmp_path).returncode == 0
