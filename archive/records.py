"""Build WARC records (warcio) from HTTP exchanges as they came off the wire.

Pure functions: no files, no Scrapy. The writer decides where records go.
"""

from __future__ import annotations

import base64
import hashlib
import http
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from io import BytesIO
from urllib.parse import urlsplit

from warcio.recordbuilder import RecordBuilder
from warcio.statusandheaders import StatusAndHeaders
from warcio.timeutils import datetime_to_iso_date

__all__ = [
    "PROFILE_IDENTICAL_PAYLOAD",
    "PROFILE_SERVER_NOT_MODIFIED",
    "HttpExchange",
    "RefersTo",
    "build_metadata_record",
    "build_request_record",
    "build_response_record",
    "build_revisit_record",
    "build_warcinfo_record",
    "format_warc_fields",
    "now_iso",
    "parse_warc_fields",
    "payload_digest",
    "status_line",
]

PROFILE_IDENTICAL_PAYLOAD = "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest"
PROFILE_SERVER_NOT_MODIFIED = "http://netpreserve.org/warc/1.1/revisit/server-not-modified"

Headers = Sequence[tuple[str, str]]
# Hop-by-hop framing that no longer describes the stored body (see README, "What the
# WARC holds"): Scrapy hands over the body de-chunked, so the header is renamed.
_FRAMING_HEADERS = {"transfer-encoding"}

_builder = RecordBuilder(warc_version="1.1")


@dataclass(frozen=True)
class RefersTo:
    """The earlier capture a revisit record points at."""

    record_id: str
    target_uri: str
    date: str  # WARC-Date of that record
    payload_digest: str = ""


@dataclass
class HttpExchange:
    """One HTTP request and its response, as close to the wire as the client gives them."""

    url: str
    method: str
    request_headers: Headers
    request_body: bytes
    status: int
    response_headers: Headers
    body: bytes  # before content decoding: gzip stays gzip
    protocol: str = "HTTP/1.1"
    reason: str | None = None
    ip_address: str | None = None
    truncated: str | None = None  # "length", "disconnect", "time" or None
    date: str = ""  # ISO 8601 UTC; empty means now
    extra_warc_headers: dict[str, str] = field(default_factory=dict)
    request_record_id: str | None = None  # fixed ids make golden tests byte-exact


def status_line(status: int, reason: str | None = None) -> str:
    """``200 OK``: the status and its reason phrase (the standard one if unknown)."""
    if not reason:
        try:
            reason = http.HTTPStatus(status).phrase
        except ValueError:
            reason = ""
    return f"{status} {reason}".rstrip()


def _request_target(url: str) -> str:
    parts = urlsplit(url)
    target = parts.path or "/"
    if parts.query:
        target += "?" + parts.query
    return target


def _host_header(url: str) -> str:
    return urlsplit(url).netloc


def _stored_response_headers(headers: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    stored = []
    for name, value in headers:
        if name.lower() in _FRAMING_HEADERS:
            stored.append((f"X-Archive-Orig-{name}", value))
        else:
            stored.append((name, value))
    return stored


def _warc_headers(exchange: HttpExchange, **more: str) -> dict[str, str]:
    headers = {"WARC-Date": exchange.date} if exchange.date else {}
    if exchange.ip_address:
        headers["WARC-IP-Address"] = exchange.ip_address
    headers.update(exchange.extra_warc_headers)
    headers.update({k: v for k, v in more.items() if v})
    return headers


def build_response_record(exchange: HttpExchange):
    """A ``response`` record holding the status line, headers and raw body."""
    http_headers = StatusAndHeaders(
        status_line(exchange.status, exchange.reason),
        _stored_response_headers(exchange.response_headers),
        protocol=exchange.protocol,
    )
    warc_headers = _warc_headers(exchange, **{"WARC-Truncated": exchange.truncated or ""})
    return _builder.create_warc_record(
        exchange.url,
        "response",
        payload=BytesIO(exchange.body),
        length=len(exchange.body),
        http_headers=http_headers,
        warc_headers_dict=warc_headers,
    )


def build_request_record(exchange: HttpExchange, concurrent_to: str, date: str):
    """A ``request`` record for the exchange, linked to its response."""
    headers = list(exchange.request_headers)
    if not any(name.lower() == "host" for name, _ in headers):
        headers.insert(0, ("Host", _host_header(exchange.url)))
    http_headers = StatusAndHeaders(
        f"{exchange.method} {_request_target(exchange.url)} {exchange.protocol}",
        headers,
        is_http_request=True,
    )
    warc_headers = {"WARC-Date": date, "WARC-Concurrent-To": concurrent_to}
    if exchange.request_record_id:
        warc_headers["WARC-Record-ID"] = exchange.request_record_id
    if exchange.ip_address:
        warc_headers["WARC-IP-Address"] = exchange.ip_address
    return _builder.create_warc_record(
        exchange.url,
        "request",
        payload=BytesIO(exchange.request_body),
        length=len(exchange.request_body),
        http_headers=http_headers,
        warc_headers_dict=warc_headers,
    )


def build_revisit_record(exchange: HttpExchange, refers_to: RefersTo, profile: str):
    """A ``revisit`` record: the response headers only, pointing at ``refers_to``.

    The payload digest is the referred record's, so an index can match the two.
    """
    http_headers = StatusAndHeaders(
        status_line(exchange.status, exchange.reason),
        _stored_response_headers(exchange.response_headers),
        protocol=exchange.protocol,
    )
    warc_headers = _warc_headers(
        exchange,
        **{
            "WARC-Profile": profile,
            "WARC-Refers-To": refers_to.record_id,
            "WARC-Refers-To-Target-URI": refers_to.target_uri,
            "WARC-Refers-To-Date": refers_to.date,
            "WARC-Payload-Digest": refers_to.payload_digest,
        },
    )
    return _builder.create_warc_record(
        exchange.url, "revisit", http_headers=http_headers, warc_headers_dict=warc_headers
    )


def format_warc_fields(fields: Iterable[tuple[str, str]]) -> bytes:
    """``application/warc-fields``: one ``name: value`` line each, CRLF, UTF-8.

    A value is one line: line breaks inside it become spaces.
    """
    lines = []
    for name, value in fields:
        flat = " ".join(str(value).splitlines()).strip()
        lines.append(f"{name}: {flat}\r\n")
    return "".join(lines).encode("utf-8")


def parse_warc_fields(data: bytes) -> list[tuple[str, str]]:
    """The ``(name, value)`` pairs of an ``application/warc-fields`` block, in order."""
    pairs = []
    for line in data.decode("utf-8", "replace").splitlines():
        name, sep, value = line.partition(":")
        if sep and name.strip():
            pairs.append((name.strip(), value.strip()))
    return pairs


def build_metadata_record(target_uri: str, fields: Iterable[tuple[str, str]], *,
                          refers_to: str | None = None, concurrent_to: Sequence[str] = (),
                          date: str | None = None):
    """A ``metadata`` record (``application/warc-fields``) about the capture of
    ``target_uri``: ``WARC-Refers-To`` the record it describes, ``WARC-Concurrent-To``
    the records of the same capture event (repeated)."""
    data = format_warc_fields(fields)
    headers = {"WARC-Date": date or now_iso()}
    if refers_to:
        headers["WARC-Refers-To"] = refers_to
    record = _builder.create_warc_record(
        target_uri, "metadata", payload=BytesIO(data), length=len(data),
        warc_content_type="application/warc-fields", warc_headers_dict=headers,
    )
    for record_id in dict.fromkeys(concurrent_to):
        record.rec_headers.add_header("WARC-Concurrent-To", record_id)
    return record


def build_warcinfo_record(filename: str, info: dict[str, str]):
    """The ``warcinfo`` record that opens every file."""
    return _builder.create_warcinfo_record(filename, info)


def now_iso() -> str:
    """The current time as a WARC-Date (UTC, microseconds: WARC 1.1 allows them)."""
    return datetime_to_iso_date(datetime.now(UTC).replace(tzinfo=None), use_micros=True)


def payload_digest(body: bytes) -> str:
    """``sha1:<base32>``, the form warcio writes into WARC-Payload-Digest."""
    return "sha1:" + base64.b32encode(hashlib.sha1(body).digest()).decode("ascii")
