"""Byte-exact golden tests of the records the archive writes (warcio style)."""

from __future__ import annotations

import gzip
import io
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.warcwriter import WARCWriter

from archive import records

GOLDEN = Path(__file__).parent / "data" / "golden"
BODY = gzip.compress("<html><p>平潭综合实验区</p></html>".encode("gbk"), mtime=0)


def _exchange(**changes) -> records.HttpExchange:
    values = dict(
        url="http://127.0.0.1:8000/zxta/t20221103_38112.htm?a=1&b=2",
        method="GET",
        request_headers=[("User-Agent", "govreply-test"), ("Accept-Encoding", "gzip")],
        request_body=b"",
        status=200,
        response_headers=[
            ("Content-Type", "text/html; charset=gbk"),
            ("Content-Encoding", "gzip"),
            ("Set-Cookie", "a=1"),
            ("Set-Cookie", "b=2"),
            ("Transfer-Encoding", "chunked"),
        ],
        body=BODY,
        ip_address="127.0.0.1",
        date="2024-01-02T03:04:05.000006Z",
        extra_warc_headers={"WARC-Record-ID": "<urn:uuid:00000000-0000-0000-0000-000000000001>"},
        request_record_id="<urn:uuid:00000000-0000-0000-0000-000000000002>",
    )
    values.update(changes)
    return records.HttpExchange(**values)


def _serialise(*built) -> bytes:
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=False, warc_version="1.1")
    for record in built:
        writer.write_record(record)
    return out.getvalue()


def test_response_and_request_records_match_golden_bytes():
    exchange = _exchange()
    response = records.build_response_record(exchange)
    request = records.build_request_record(
        exchange, response.rec_headers.get_header("WARC-Record-ID"), exchange.date
    )
    assert _serialise(response, request) == (GOLDEN / "exchange.warc").read_bytes()


def test_revisit_record_matches_golden_bytes():
    exchange = _exchange(
        status=304, response_headers=[("ETag", '"abc"')], body=b"",
        extra_warc_headers={"WARC-Record-ID": "<urn:uuid:00000000-0000-0000-0000-000000000003>"},
    )
    refers = records.RefersTo(
        record_id="<urn:uuid:00000000-0000-0000-0000-000000000001>",
        target_uri=exchange.url,
        date="2024-01-01T00:00:00Z",
        payload_digest=records.payload_digest(BODY),
    )
    revisit = records.build_revisit_record(exchange, refers,
                                           records.PROFILE_SERVER_NOT_MODIFIED)
    assert _serialise(revisit) == (GOLDEN / "revisit-304.warc").read_bytes()


def test_response_block_keeps_raw_body_and_headers_in_order():
    response = records.build_response_record(_exchange(truncated="length"))
    data = _serialise(response)
    record = next(iter(ArchiveIterator(io.BytesIO(data))))
    assert record.rec_headers.get_header("WARC-Truncated") == "length"
    assert record.rec_headers.get_header("WARC-IP-Address") == "127.0.0.1"
    assert [name for name, _ in record.http_headers.headers] == [
        "Content-Type", "Content-Encoding", "Set-Cookie", "Set-Cookie",
        "X-Archive-Orig-Transfer-Encoding",
    ]
    assert BODY in data  # the gzip bytes as sent, not decoded
    assert record.content_stream().read().decode("gbk") == "<html><p>平潭综合实验区</p></html>"


def test_payload_digest_matches_what_warcio_writes():
    response = records.build_response_record(_exchange())
    assert response.rec_headers.get_header("WARC-Payload-Digest") == records.payload_digest(BODY)


def test_status_line_uses_standard_reason_phrases():
    assert records.status_line(200) == "200 OK"
    assert records.status_line(304) == "304 Not Modified"
    assert records.status_line(599) == "599"
    assert records.status_line(200, "Fine") == "200 Fine"
