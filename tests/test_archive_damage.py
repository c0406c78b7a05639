"""Damaged and foreign inputs: indexing resyncs as reading does, every file accounted for.

Issue 13, item 8: one damaged member while indexing used to abort the job or drop
every later record; a plain-text file named ``.warc.gz`` was read as bogus records.
"""

from __future__ import annotations

import gzip
import json
import random
import subprocess
import sys

import pytest
from warcio.archiveiterator import ArchiveIterator

from archive import records
from archive.index import index_path_for, index_warc
from archive.inspect import inspect_file
from archive.reader import iter_archive_paths, iter_records, iter_warc_paths, read_record_at
from archive.recompress import recompress_copy
from archive.shards import plan_shards, record_offsets
from archive.writer import RotatingWarcWriter

from .helpers import REPO
from .peer_yardstick import cdxj_indexer_reference, warcio_read

PROSE = "".join(f"line {i} of a plain text file that some tool named like a WARC\n"
                for i in range(50))


def _exchange(i: int) -> records.HttpExchange:
    body = f"<html><body><p>答复第{i}号 {'办理情况 ' * (20 + i)}</p></body></html>".encode()
    return records.HttpExchange(
        url=f"https://www.example.gov.cn/jyta/t{i}.htm", method="GET", request_headers=[],
        request_body=b"", status=200, date=f"2026-01-02T03:04:{i:02d}Z",
        response_headers=[("Content-Type", "text/html; charset=utf-8"),
                          ("Content-Length", str(len(body)))], body=body)


@pytest.fixture(scope="module")
def crawl_warc(tmp_path_factory) -> tuple[bytes, list[str]]:
    """``(bytes, index lines)`` of a WARC as the crawl writes it: 12 fetches (the lines
    name the file ``t.warc.gz``: tests write their copies under that name)."""
    directory = tmp_path_factory.mktemp("crawl")
    with RotatingWarcWriter(directory, prefix="t", max_size=1 << 30, index=False,
                            warcinfo={"isPartOf": "test"}) as writer:
        for i in range(12):
            writer.write_exchange(_exchange(i))
    [written] = directory.glob("*.warc.gz")
    path = written.rename(directory / "t.warc.gz")
    lines = index_warc(path).read_text(encoding="utf-8").splitlines()
    assert len(lines) == 12
    return path.read_bytes(), lines


def _offset(line: str) -> int:
    return int(json.loads(line.split(" ", 2)[2])["offset"])


def _damage(data: bytes, offset: int) -> bytes:
    damaged = bytearray(data)
    assert damaged[offset + 3] == 0  # no optional gzip header fields: deflate data at +10
    damaged[offset + 10] = 0xFF  # reserved deflate block type: invalid on any input
    return bytes(damaged)


def test_the_index_of_an_intact_file_is_cdxj_indexers(crawl_warc, tmp_path):
    data, _ = crawl_warc
    path = tmp_path / "t.warc.gz"
    path.write_bytes(data)
    assert index_warc(path).read_text(encoding="utf-8") == cdxj_indexer_reference(
        path, tmp_path / "ref.cdxj")


def test_indexing_resyncs_past_a_damaged_member(crawl_warc, tmp_path):
    data, lines = crawl_warc
    damaged = sorted(_offset(line) for line in lines)[4]
    path = tmp_path / "t.warc.gz"
    path.write_bytes(_damage(data, damaged))
    errors = []
    got = index_warc(path, on_error=errors.append).read_text(encoding="utf-8").splitlines()
    assert got == [line for line in lines if _offset(line) != damaged]  # 11 of 12, in order
    assert [(e.offset, e.kind) for e in errors] == [(damaged, "corrupt")]
    assert damaged not in record_offsets(path) and len(record_offsets(path)) == 11
    shards = plan_shards([path], records_per_shard=3)
    assert sum(s.records for s in shards) == 11
    assert sorted(r.offset for s in shards for r in iter_records(path, start=s.start, end=s.end,
                                                                 on_error=lambda e: None)) == \
        sorted(_offset(line) for line in got)
    report = inspect_file(path)
    assert report.status == "partly-damaged" and [d.offset for d in report.damage] == [damaged]
    assert f"at offset {damaged}" in report.reason and report.http_records == 11


def test_any_single_byte_of_damage_never_stops_indexing(crawl_warc, tmp_path):
    data, lines = crawl_warc
    offsets = sorted(_offset(line) for line in lines)
    first, second = offsets[5], offsets[6]  # response 5 and its request record
    rng = random.Random(13)
    path = tmp_path / "t.warc.gz"
    for position in sorted(rng.sample(range(first, second), 60)):
        damaged = bytearray(data)
        damaged[position] ^= rng.randrange(1, 256)
        path.write_bytes(bytes(damaged))
        got = set(index_warc(path, on_error=lambda e: None).read_text(
            encoding="utf-8").splitlines())
        assert got <= set(lines), position
        assert {line for line in lines if _offset(line) != first} <= got, position


def test_damage_in_the_first_member_is_never_taken_for_another_layout(crawl_warc, tmp_path):
    data, lines = crawl_warc
    offsets = sorted(_offset(line) for line in lines)
    rng = random.Random(29)
    path = tmp_path / "t.warc.gz"
    for position in sorted(rng.sample(range(offsets[0]), 80)):  # the warcinfo member
        damaged = bytearray(data)
        damaged[position] ^= rng.randrange(1, 256)
        path.write_bytes(bytes(damaged))
        errors = []
        got = list(iter_records(path, on_error=errors.append))
        assert [r.offset for r in got] == offsets, position  # real offsets, all 12
        assert not any(r.quirks for r in got), position
        assert all(e.offset == 0 for e in errors), position


def test_a_cut_last_record_is_left_out_of_the_index_and_reported_truncated(crawl_warc, tmp_path):
    data, lines = crawl_warc
    last = max(_offset(line) for line in lines)
    path = tmp_path / "t.warc.gz"
    path.write_bytes(data[:last + 150])
    errors = []
    got = index_warc(path, on_error=errors.append).read_text(encoding="utf-8").splitlines()
    assert got == [line for line in lines if _offset(line) != last]
    assert [(e.offset, e.kind) for e in errors] == [(last, "truncated")]
    assert inspect_file(path).damage[0].kind == "truncated"


def test_inspection_can_write_the_index_in_the_same_pass(crawl_warc, tmp_path):
    data, lines = crawl_warc
    path = tmp_path / "t.warc.gz"
    path.write_bytes(_damage(data, _offset(lines[3])))
    report = inspect_file(path, write_index=True)
    assert report == inspect_file(path)
    assert len(index_path_for(path).read_text(encoding="utf-8").splitlines()) == 11


def _arc(urls: list[str]) -> tuple[bytes, list[int]]:
    """A plain ARC v1 file with one response per URL; ``(bytes, record offsets)``."""
    version = b"1 0 test\nURL IP-address Archive-date Content-type Archive-length\n"
    data = b"filedesc://t.arc 127.0.0.1 20260102030405 text/plain %d\n" % len(version) \
        + version + b"\n"
    offsets = []
    for i, url in enumerate(urls):
        body = f"<p>reply {i}</p>".encode()
        http = b"HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n\r\n" + body
        offsets.append(len(data))
        data += f"{url} 192.0.2.1 2026010203040{i} text/html {len(http)}\n".encode() + http + b"\n"
    return data, offsets


def test_a_plain_arc_is_read_past_a_damaged_record(tmp_path):
    urls = [f"http://example.test/{i} with space.html" for i in range(3)]
    data, offsets = _arc(urls)
    path = tmp_path / "t.arc"
    path.write_bytes(data)
    assert [(r.offset, r.url) for r in iter_records(path)] == [
        (o, u.replace(" ", "%20")) for o, u in zip(offsets, urls, strict=True)]
    damaged = bytearray(data)
    line_end = data.index(b"\n", offsets[1])
    damaged[offsets[1]:line_end] = b"#" * (line_end - offsets[1])  # its header line
    path.write_bytes(bytes(damaged))
    errors = []
    got = [(r.offset, r.payload) for r in iter_records(path, on_error=errors.append)]
    assert got == [(offsets[0], b"<p>reply 0</p>"), (offsets[2], b"<p>reply 2</p>")]
    assert [(e.offset, e.kind) for e in errors] == [(offsets[1], "corrupt")]
    assert inspect_file(path).status == "partly-damaged"
    assert len(index_warc(path, on_error=lambda e: None).read_text().splitlines()) == 2


FOREIGN = {
    "text.warc.gz": PROSE.encode(),
    "page.warc": b"<!doctype html><html><body><p>a saved page</p></body></html>\n",
    "empty.warc.gz": b"",
    "noise.warc.gz": random.Random(3).randbytes(4000),
    "gzipped-text.warc.gz": gzip.compress(PROSE.encode(), mtime=0),
    "archive.zip.warc": b"PK\x03\x04" + bytes(100),
}


@pytest.mark.parametrize("name", sorted(FOREIGN))
def test_a_file_that_is_no_archive_is_refused_once_with_a_reason(name, tmp_path):
    path = tmp_path / name
    path.write_bytes(FOREIGN[name])
    errors = []
    assert list(iter_records(path, on_error=errors.append)) == []
    [error] = errors
    assert (error.kind, error.offset, error.cause) == ("refused", 0, "not-an-archive")
    assert index_warc(path, on_error=lambda e: None).read_text(encoding="utf-8") == ""
    report = inspect_file(path)
    assert report.status == "refused" and report.reason == error.reason
    assert report.reason.startswith(("not a WARC or ARC", "empty file"))
    assert plan_shards([path]) and sum(s.records for s in plan_shards([path])) == 0
    with pytest.raises(ValueError, match=r"not a WARC|empty"):
        recompress_copy(path, tmp_path / "copies")


def test_prose_named_warc_gz_is_not_read_as_fifty_arc_records(tmp_path):
    path = tmp_path / "notes.warc.gz"
    path.write_text(PROSE, encoding="utf-8")
    bogus = warcio_read(path).records  # warcio takes lines of prose for ARC headers
    assert len(bogus) >= 20 and all(url.startswith("line%20") for _, url, _, _ in bogus)
    assert inspect_file(path).records == 0


def test_a_whole_file_gzip_reads_indexes_and_recompresses_consistently(crawl_warc, tmp_path):
    data, _ = crawl_warc
    plain = gzip.decompress(data)  # every member's content, one plain WARC
    path = tmp_path / "whole.warc.gz"
    path.write_bytes(gzip.compress(plain, mtime=0))
    plain_path = tmp_path / "plain.warc"
    plain_path.write_bytes(plain)
    want = [(r.offset, r.url, r.payload) for r in iter_records(plain_path)]
    assert [(r.offset, r.url, r.payload) for r in iter_records(path)] == want
    index = index_warc(path).read_text(encoding="utf-8").splitlines()
    for line in index:  # offsets in the decompressed stream, as read_record_at takes them
        record = read_record_at(path, _offset(line))
        assert record.url == json.loads(line.split(" ", 2)[2])["url"]
    copy = recompress_copy(path, tmp_path / "copies")
    assert copy.parent == tmp_path / "copies" and copy.name.endswith(".recompressed.warc.gz")
    with open(copy, "rb") as fh:
        assert len(list(ArchiveIterator(fh))) == 25  # warcinfo + 12 x (response, request)
    assert inspect_file(copy).status == "read"
    assert [(r.url, r.payload) for r in iter_records(copy)] == [(u, p) for _, u, p in want]
    assert index_warc(copy).read_text(encoding="utf-8") == cdxj_indexer_reference(
        copy, tmp_path / "ref.cdxj")
    assert inspect_file(path).copy_advised and not inspect_file(copy).copy_advised


def test_a_directory_yields_every_file_but_our_own_by_products(tmp_path):
    for name in ("a.warc.gz", "b.arc", "c.warc", "d.warc.gz.bad", "notes.txt", "a.cdxj",
                 "x.warc.gz.open", "x.warc.gz.tail", ".hidden", "sub/e.arc.gz"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_bytes(b"")
    names = [p.relative_to(tmp_path).as_posix() for p in iter_archive_paths([tmp_path])]
    assert names == ["a.warc.gz", "b.arc", "c.warc", "d.warc.gz.bad", "notes.txt",
                     "sub/e.arc.gz"]
    assert [p.name for p in iter_warc_paths([tmp_path])] == ["a.warc.gz"]  # unchanged


def test_indexes_of_other_archive_names_never_collide(tmp_path):
    assert index_path_for(tmp_path / "x.warc.gz").name == "x.cdxj"
    names = {index_path_for(tmp_path / n).name for n in ("x.warc", "x.arc", "x.arc.gz")}
    assert names == {"x.warc.cdxj", "x.arc.cdxj", "x.arc.gz.cdxj"}


def _inspect_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "archive.inspect", *args], cwd=REPO,
                          capture_output=True, text=True, timeout=60)


def test_the_inspect_command_prints_one_line_per_file_and_exits_by_the_worst(crawl_warc,
                                                                           tmp_path):
    data, lines = crawl_warc
    (tmp_path / "good.warc.gz").write_bytes(data)
    result = _inspect_cli(str(tmp_path))
    assert result.returncode == 0 and result.stdout.count("\n") == 1
    assert ": read (warc, 25 records, 12 responses/revisits)" in result.stdout
    (tmp_path / "notes.warc.gz").write_text(PROSE, encoding="utf-8")
    (tmp_path / "hurt.warc.gz").write_bytes(_damage(data, _offset(lines[2])))
    result = _inspect_cli(str(tmp_path))
    assert result.returncode == 1 and result.stdout.count("\n") == 3
    assert "hurt.warc.gz: partly-damaged" in result.stdout
    assert "notes.warc.gz: refused (no format, 0 records" in result.stdout
    missing = _inspect_cli(str(tmp_path / "nowhere"))
    assert missing.returncode == 2 and missing.stderr.count("\n") == 1 and not missing.stdout
    assert _inspect_cli().returncode == 2
