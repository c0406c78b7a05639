"""archive.reader on damaged files: every damaged record reported once, at its own offset."""

from __future__ import annotations

import gzip
import io
import random

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from archive.reader import ReadError, iter_records


def _three_record_warc(gzip: bool = True) -> tuple[bytes, list[int], list[bytes]]:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gzip)
    offsets, bodies = [], []
    for i in range(3):
        offsets.append(buffer.tell())
        body = f"<html><body><p>答复第{i}号 {'正文内容 ' * 40}</p></body></html>".encode()
        bodies.append(body)
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                                protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(  # fixed ids and dates: same bytes
            f"http://example.test/{i}.html", "response", payload=io.BytesIO(body),
            length=len(body), http_headers=http, warc_headers_dict={
                "WARC-Date": f"2026-11-21T02:17:0{i}Z",
                "WARC-Record-ID": f"<urn:uuid:00000000-0000-4000-8000-00000000000{i}>"}))
    return buffer.getvalue(), offsets, bodies


def _read(path) -> tuple[list[tuple[int, bytes]], list[ReadError]]:
    errors: list[ReadError] = []
    records = [(r.offset, r.payload) for r in iter_records(path, on_error=errors.append)]
    return records, errors


@pytest.fixture(scope="module")
def warc():
    return _three_record_warc()


def test_an_intact_file_reads_without_errors(warc, tmp_path):
    data, offsets, bodies = warc
    path = tmp_path / "ok.warc.gz"
    path.write_bytes(data)
    records, errors = _read(path)
    assert records == list(zip(offsets, bodies, strict=True)) and errors == []


def test_a_file_cut_anywhere_inside_its_last_record_reports_it_truncated_once(warc, tmp_path):
    data, offsets, bodies = warc
    path = tmp_path / "cut.warc.gz"
    for cut in range(offsets[2] + 1, len(data)):
        path.write_bytes(data[:cut])
        records, errors = _read(path)
        assert records == list(zip(offsets[:2], bodies[:2], strict=True)), cut
        assert [(e.offset, e.kind) for e in errors] == [(offsets[2], "truncated")], cut


def test_damage_anywhere_in_a_member_is_reported_once_and_reading_resumes(warc, tmp_path):
    data, offsets, bodies = warc
    path = tmp_path / "damaged.warc.gz"
    rng = random.Random(5)
    harmless = 0
    for position in range(offsets[1], offsets[2]):
        damaged = bytearray(data)
        damaged[position] ^= rng.randrange(1, 256)
        path.write_bytes(bytes(damaged))
        records, errors = _read(path)
        if not errors:
            # the gzip header's MTIME/XFL/OS bytes, or a Huffman code no symbol uses:
            # unnoticed only when every record still reads back exactly
            assert records == list(zip(offsets, bodies, strict=True)), position
            harmless += 1
            continue
        assert [(e.offset, e.kind) for e in errors] == [(offsets[1], "corrupt")], position
        assert records == [(offsets[0], bodies[0]), (offsets[2], bodies[2])], position
    assert harmless <= 12


def test_a_range_read_reports_only_damage_inside_the_range(warc, tmp_path):
    data, offsets, _ = warc
    damaged = bytearray(data)
    damaged[offsets[2] + 10] = 0xFF  # deflate block type 11: invalid, always
    path = tmp_path / "range.warc.gz"
    path.write_bytes(bytes(damaged))
    errors: list[ReadError] = []
    got = [r.offset for r in iter_records(path, end=offsets[2], on_error=errors.append)]
    assert got == offsets[:2] and errors == []
    got = [r.offset for r in iter_records(path, start=offsets[1], on_error=errors.append)]
    assert got == [offsets[1]]
    assert [(e.offset, e.kind) for e in errors] == [(offsets[2], "corrupt")]


def test_an_uncompressed_file_cut_or_damaged_is_reported_and_read_past(tmp_path):
    data, offsets, bodies = _three_record_warc(gzip=False)
    path = tmp_path / "plain.warc"
    for cut in (offsets[2] + 5, offsets[2] + 300, len(data) - 10):
        path.write_bytes(data[:cut])
        records, errors = _read(path)
        assert records == list(zip(offsets[:2], bodies[:2], strict=True)), cut
        assert [(e.offset, e.kind) for e in errors] == [(offsets[2], "truncated")], cut
    damaged = bytearray(data)
    damaged[offsets[1]:offsets[1] + 4] = b"XARC"  # its version line
    path.write_bytes(bytes(damaged))
    records, errors = _read(path)
    assert [(e.offset, e.kind) for e in errors] == [(offsets[1], "corrupt")]
    assert records == [(offsets[0], bodies[0]), (offsets[2], bodies[2])]


def test_a_whole_file_gzip_is_read_decompressed_at_its_plain_offsets(tmp_path, caplog):
    plain, offsets, bodies = _three_record_warc(gzip=False)
    path = tmp_path / "single-member.warc.gz"
    path.write_bytes(gzip.compress(plain))
    records, errors = _read(path)
    # as `warcio recompress` reads it; offsets are positions in the decompressed stream
    assert records == list(zip(offsets, bodies, strict=True)) and errors == []
    assert "whole-file gzip" in caplog.text and "recompress" in caplog.text
    assert all("decompressed-offsets" in r.quirks for r in iter_records(path))


def test_a_damaged_first_member_does_not_turn_the_file_into_plain_text(warc, tmp_path):
    data, offsets, bodies = warc
    damaged = bytearray(data)
    damaged[0] ^= 0xFF  # the gzip magic of the first member
    path = tmp_path / "first.warc.gz"
    path.write_bytes(bytes(damaged))
    records, errors = _read(path)
    assert [(e.offset, e.kind) for e in errors] == [(0, "corrupt")]
    assert records == list(zip(offsets[1:], bodies[1:], strict=True))
