"""Issue 13, item 5 (the archive's part): synced before a rename counts, no temp left."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

import archive.files
import archive.index
from archive import records
from archive.derived import DerivedWarc, build_conversion_record
from archive.files import create_locked
from archive.index import index_warc
from archive.recovery import recover_open_files
from archive.writer import OPEN_SUFFIX, RotatingWarcWriter


def _exchange(n: int) -> records.HttpExchange:
    return records.HttpExchange(
        url=f"http://127.0.0.1:9/sync/{n}", method="GET", request_headers=[],
        request_body=b"", status=200, response_headers=[("Content-Type", "text/html")],
        body=b"<p>sync</p>" * 200, ip_address="127.0.0.1")


def _inode(path) -> tuple[int, int]:
    stat = os.stat(path)
    return stat.st_dev, stat.st_ino


@pytest.fixture
def disk_events(monkeypatch):
    """Every fsync (by the inode synced) and rename (``src -> dst`` and the inode), in order."""
    events: list[tuple] = []
    real_fsync, real_replace, real_rename = os.fsync, os.replace, os.rename

    def fsync(fd):
        stat = os.fstat(fd)
        events.append(("fsync", (stat.st_dev, stat.st_ino)))
        return real_fsync(fd)

    def renaming(real):
        def rename(src, dst, **kw):
            events.append(("rename", f"{src} -> {dst}", _inode(src)))
            return real(src, dst, **kw)
        return rename

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", renaming(real_replace))
    monkeypatch.setattr(os, "rename", renaming(real_rename))
    return events


def _synced_then_renamed(events, source: Path, target: Path) -> bool:
    """``source`` fsynced, then renamed to ``target``, then its directory fsynced."""
    renames = [i for i, event in enumerate(events)
               if event[0] == "rename" and event[1] == f"{source} -> {target}"]
    if not renames:
        return False
    at = renames[0]
    before = {event[1] for event in events[:at] if event[0] == "fsync"}
    after = {event[1] for event in events[at + 1:] if event[0] == "fsync"}
    return events[at][2] in before and _inode(target.parent) in after


def test_each_warc_is_synced_before_its_rename_at_rotation_and_close(tmp_path, disk_events):
    writer = RotatingWarcWriter(tmp_path, max_size=3_000)
    for n in range(6):
        writer.write_exchange(_exchange(n))
    finished = writer.close()
    assert len(finished) >= 2
    for path in finished:
        assert _synced_then_renamed(disk_events, path.with_name(path.name + OPEN_SUFFIX), path)


def test_no_record_is_fsynced_on_its_own(tmp_path, disk_events):
    writer = RotatingWarcWriter(tmp_path, max_size=10_000_000)
    for n in range(50):
        writer.write_exchange(_exchange(n))
    writer.close()
    (warc,) = tmp_path.glob("*.warc.gz")
    syncs = [event[1] for event in disk_events if event[0] == "fsync"]
    assert syncs.count(_inode(warc)) == 1  # once, at close


def test_an_index_is_synced_before_its_rename(tmp_path, disk_events):
    writer = RotatingWarcWriter(tmp_path, index=False)
    writer.write_exchange(_exchange(1))
    (warc,) = writer.close()
    cdxj = index_warc(warc)
    (rename,) = [event[1] for event in disk_events
                 if event[0] == "rename" and event[1].endswith(".cdxj")]
    temporary = Path(rename.split(" -> ")[0])
    assert _synced_then_renamed(disk_events, temporary, cdxj)


def test_a_derived_warc_is_synced_before_its_rename(tmp_path, disk_events):
    derived = DerivedWarc(tmp_path / "d.warc.gz", {"software": "test"})
    derived.write(build_conversion_record("http://127.0.0.1:9/x", "文本", refers_to="<urn:x>",
                                          refers_to_uri="http://127.0.0.1:9/x",
                                          refers_to_date="2026-01-01T00:00:00Z"))
    path = derived.finish()
    assert _synced_then_renamed(disk_events, derived.open_path, path)


def test_recovery_syncs_the_directory_after_its_rename(tmp_path, disk_events):
    writer = RotatingWarcWriter(tmp_path, index=False)
    writer.write_exchange(_exchange(1))
    (warc,) = writer.close()
    open_path = warc.with_name(warc.name + OPEN_SUFFIX)
    os.rename(warc, open_path)
    disk_events.clear()
    assert len(recover_open_files(tmp_path)) == 1
    (at,) = [i for i, event in enumerate(disk_events) if event[1] == f"{open_path} -> {warc}"]
    assert ("fsync", _inode(tmp_path)) in disk_events[at + 1:]


def _fails_midway(output, inputs, opts):
    text = "com,example)/ 20260101000000 {}\n"
    if isinstance(output, str):
        with open(output, "w", encoding="utf-8") as fh:
            fh.write(text)
    else:
        output.write(text)
    raise OSError(errno.ENOSPC, "No space left on device")


def test_a_failed_index_leaves_no_temporary_file(tmp_path, monkeypatch):
    writer = RotatingWarcWriter(tmp_path, index=False)
    writer.write_exchange(_exchange(1))
    (warc,) = writer.close()
    monkeypatch.setattr(archive.index, "write_cdx_index", _fails_midway)
    with pytest.raises(OSError):
        index_warc(warc)
    assert sorted(p.name for p in tmp_path.iterdir()) == [warc.name]


def test_an_index_that_cannot_be_written_leaves_no_temporary_file(tmp_path, monkeypatch):
    writer = RotatingWarcWriter(tmp_path, index=False)
    writer.write_exchange(_exchange(1))
    (warc,) = writer.close()

    def no_space(fd, data, offset):
        os.pwrite(fd, bytes(data[:10]), offset)
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(archive.files, "write_all", no_space)
    with pytest.raises(OSError):
        index_warc(warc)
    assert sorted(p.name for p in tmp_path.iterdir()) == [warc.name]


def test_a_name_already_taken_leaves_no_temporary_file(tmp_path):
    taken = tmp_path / "x.warc.gz.open"
    taken.write_bytes(b"someone else's")
    with pytest.raises(FileExistsError):
        create_locked(taken)
    assert sorted(p.name for p in tmp_path.iterdir()) == [taken.name]
    assert taken.read_bytes() == b"someone else's"
