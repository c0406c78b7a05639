"""Our own archives with the quirks of warcio's test files (``tests/data/peer/``).

warcio's repository ships sixteen small archives in ``test/data/`` that its own
reader is tested on. Seven of them are installed by pywb (a test dependency) under
``<sys.prefix>/sample_archive/warcs/``; for the other nine this module writes an
equivalent of our own, with the same quirk (see ``tests/data/peer/README.md``).
All content here is ours; nothing is copied from warcio's files.

    .venv/bin/python -m tests.peer_archives tests/data/peer   # rewrite the files

Every builder is deterministic (fixed ids and dates, gzip mtime 0).
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import sys
from collections.abc import Callable
from pathlib import Path

CRLF = b"\r\n"
DATE = "2024-05-06T07:08:09Z"
PAGE = (b"<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>Reply to proposal 17"
        b"</title></head>\n<body><h1>Reply to proposal 17</h1>\n<p>The department thanks "
        b"the member for the proposal and replies as follows.</p>\n<p>"
        + b"The measures proposed have been studied and will be taken up. " * 12
        + b"</p>\n</body></html>\n")
PNG_1PX = bytes.fromhex(  # a valid 1x1 transparent PNG
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000005000135a1d3a10000000049454e44ae426082")


def _id(n: int) -> str:
    return f"<urn:uuid:6f7e6b1a-0000-4000-8000-{n:012d}>"


def sha1_b32(data: bytes) -> str:
    return "sha1:" + base64.b32encode(hashlib.sha1(data).digest()).decode("ascii")


def warc_record(headers: list[tuple[str, str]], block: bytes, *, length: int | None = None,
                version: str = "WARC/1.0") -> bytes:
    """One WARC record: version line, headers, Content-Length (``length`` overrides the
    true one), the block, and the two CRLFs that end it."""
    lines = [version, *(f"{name}: {value}" for name, value in headers),
             f"Content-Length: {len(block) if length is None else length}"]
    return CRLF.join(line.encode("utf-8") for line in lines) + CRLF + CRLF + block + CRLF + CRLF


def http_message(first_line: str, headers: list[tuple[str, str]], body: bytes) -> bytes:
    lines = [first_line, *(f"{name}: {value}" for name, value in headers)]
    return CRLF.join(line.encode("latin-1") for line in lines) + CRLF + CRLF + body


def warcinfo(n: int, fields: str) -> bytes:
    return warc_record([("WARC-Type", "warcinfo"), ("WARC-Record-ID", _id(n)),
                        ("WARC-Date", DATE), ("WARC-Filename", "peer.warc.gz"),
                        ("Content-Type", "application/warc-fields")], fields.encode())


def response(n: int, uri: str, body: bytes = PAGE, extra: list[tuple[str, str]] = (),
             http_headers: list[tuple[str, str]] | None = None, length_delta: int = 0) -> bytes:
    headers = http_headers if http_headers is not None else [
        ("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(body)))]
    block = http_message("HTTP/1.1 200 OK", headers, body)
    return warc_record([("WARC-Type", "response"), ("WARC-Record-ID", _id(n)),
                        ("WARC-Target-URI", uri), ("WARC-Date", DATE),
                        ("WARC-Payload-Digest", sha1_b32(body)),
                        ("Content-Type", "application/http; msgtype=response"), *extra],
                       block, length=len(block) + length_delta)


def request(n: int, uri: str, concurrent: int, method: str = "GET", body: bytes = b"",
            payload_digest: str | None = None) -> bytes:
    path = "/" + uri.split("/", 3)[3] if uri.count("/") >= 3 else "/"
    host = uri.split("/")[2]
    headers = [("Host", host), ("User-Agent", "peer-archives/1"), ("Accept", "*/*")]
    if body:
        headers += [("Content-Type", "application/x-www-form-urlencoded"),
                    ("Content-Length", str(len(body)))]
    block = http_message(f"{method} {path} HTTP/1.1", headers, body)
    warc_headers = [("WARC-Type", "request"), ("WARC-Record-ID", _id(n)),
                    ("WARC-Target-URI", uri), ("WARC-Date", DATE),
                    ("WARC-Concurrent-To", _id(concurrent)),
                    ("Content-Type", "application/http; msgtype=request")]
    if payload_digest is not None:
        warc_headers.append(("WARC-Payload-Digest", payload_digest))
    return warc_record(warc_headers, block)


def revisit(n: int, uri: str, refers_to: int, body: bytes = PAGE) -> bytes:
    block = http_message("HTTP/1.1 200 OK", [("Content-Type", "text/html; charset=utf-8")], b"")
    return warc_record([
        ("WARC-Type", "revisit"), ("WARC-Record-ID", _id(n)), ("WARC-Target-URI", uri),
        ("WARC-Date", "2024-05-07T07:08:09Z"),
        ("WARC-Profile", "http://netpreserve.org/warc/1.0/revisit/identical-payload-digest"),
        ("WARC-Refers-To", _id(refers_to)), ("WARC-Refers-To-Target-URI", uri),
        ("WARC-Refers-To-Date", DATE), ("WARC-Payload-Digest", sha1_b32(body)),
        ("Content-Type", "application/http; msgtype=response")], block)


def resource(n: int, uri: str, content_type: str, body: bytes) -> bytes:
    return warc_record([("WARC-Type", "resource"), ("WARC-Record-ID", _id(n)),
                        ("WARC-Target-URI", uri), ("WARC-Date", DATE),
                        ("Content-Type", content_type)], body)


def members(records: list[bytes]) -> bytes:
    """One gzip member per item, as WARC asks."""
    return b"".join(gzip.compress(record, mtime=0) for record in records)


URI = "http://www.example.test/reply/17.html"


# -- the nine equivalents ---------------------------------------------------------------------
def whole_file_gzip() -> list[bytes]:
    """All records inside one gzip member (warcio: example-bad-non-chunked.warc.gz)."""
    return [warcinfo(1, "software: peer-archives\r\n") + response(2, URI) + request(3, URI, 2)
            + revisit(4, URI, 2) + request(5, URI, 4)]


def digest_mismatch() -> list[bytes]:
    """Request records whose payload digests are right, wrong, base64 and absent
    (warcio: example-digest.warc)."""
    return [request(1, URI, 9, payload_digest=sha1_b32(b"")),
            request(2, URI, 9, payload_digest="sha1:" + "A" * 32),
            request(3, URI, 9, payload_digest="sha1:2jmj7l5rSw0yVb/vlWAYkK/YBwk="),
            request(4, URI, 9)]


def chunked_transfer() -> list[bytes]:
    """A response stored with its chunked transfer coding (warcio:
    example-iana.org-chunked.warc)."""
    parts = [PAGE[:300], PAGE[300:301], PAGE[301:]]
    chunked = b"".join(b"%x\r\n" % len(p) + p + CRLF for p in parts) + b"0\r\n\r\n"
    return [warcinfo(1, "software: peer-archives\r\n")
            + response(2, URI, chunked, http_headers=[
                ("Content-Type", "text/html; charset=UTF-8"), ("Transfer-Encoding", "chunked")])
            + request(3, URI, 2)]


def resource_records() -> list[bytes]:
    """Two warcinfo records and a ``resource`` snapshot of a page (warcio:
    example-resource.warc.gz)."""
    return [warcinfo(1, "software: peer-archives\r\n"),
            warcinfo(2, "software: peer-archives\r\nisPartOf: snapshots\r\n"),
            resource(3, URI, "text/html; charset=utf-8", PAGE)]


def space_in_target_uri() -> list[bytes]:
    """A ``resource`` record whose target URI holds spaces (warcio:
    example-space-in-target-uri.warc.gz)."""
    return [warcinfo(1, "operator: peer-archives\r\n"),
            resource(2, "file:///reply scan 17.png", "image/png", PNG_1PX)]


def _arc_header(url: str, ip: str, date: str, mime: str, length: int) -> bytes:
    return f"{url} {ip} {date} {mime} {length}\n".encode()


def space_in_url_arc() -> list[bytes]:
    """A plain ARC file whose response URL holds spaces and whose last record declares
    12 bytes more than the file holds (warcio: example-space-in-url.arc)."""
    version = b"1 0 peer-archives\nURL IP-address Archive-date Content-type Archive-length\n"
    http = http_message("HTTP/1.1 200 OK", [("Content-Type", "text/html"),
                                             ("Content-Length", str(len(PAGE)))], PAGE)
    url = "http://www.example.test/search?q=reply to proposal&page=1"
    return [_arc_header("filedesc://peer.arc", "127.0.0.1", "20240506070809", "text/plain",
                        len(version)) + version + b"\n"
            + _arc_header(url, "192.0.2.7", "20240506070809", "text/html", len(http) + 12)
            + http + b"\n"]


def trunc() -> list[bytes]:
    """A gzip-encoded response whose WARC Content-Length is 2 bytes short of its block
    (warcio: example-trunc.warc): the last bytes of the encoded body stand outside it."""
    body = gzip.compress(PAGE, mtime=0)
    headers = [("Content-Encoding", "gzip"), ("Content-Type", "text/html"),
               ("Content-Length", str(len(body)))]
    return [warcinfo(1, "software: peer-archives\r\n")
            + response(2, URI, body, http_headers=headers, length_delta=-2)
            + request(3, URI, 2)]


def wget_bracketed_target_uri() -> list[bytes]:
    """wget 1.19-1.21's ``<...>``-bracketed target URIs, on every record type it writes
    (warcio: example-wget-bad-target-uri.warc.gz)."""
    manifest = f"{_id(1)}\n".encode()
    return [warcinfo(1, "software: Wget/1.21.2\r\nformat: WARC File Format 1.0\r\n"),
            request(2, f"<{URI}>", 3), response(3, f"<{URI}>"),
            warc_record([("WARC-Type", "metadata"), ("WARC-Record-ID", _id(4)),
                         ("WARC-Target-URI", "<metadata://gnu.org/software/wget/warc/MANIFEST.txt>"),
                         ("WARC-Date", DATE), ("Content-Type", "text/plain")], manifest),
            resource(5, "<metadata://gnu.org/software/wget/warc/wget.log>", "text/plain",
                     b"2024-05-06 07:08:09 URL:" + URI.encode() + b" [1024] -> \"17.html\"\n")]


def wrong_chunks() -> list[bytes]:
    """A response record split across two gzip members, its request in a third
    (warcio: example-wrong-chunks.warc.gz)."""
    record = response(1, URI)
    cut = record.index(b"<body>")
    return [record[:cut], record[cut:], request(2, URI, 1)]


# our file name -> (builder, gzip, the warcio file it is modelled on)
BUILDERS: dict[str, tuple[Callable[[], list[bytes]], bool, str]] = {
    "whole-file-gzip.warc.gz": (whole_file_gzip, True, "example-bad-non-chunked.warc.gz"),
    "digest-mismatch.warc": (digest_mismatch, False, "example-digest.warc"),
    "chunked-transfer.warc": (chunked_transfer, False, "example-iana.org-chunked.warc"),
    "resource.warc.gz": (resource_records, True, "example-resource.warc.gz"),
    "space-in-target-uri.warc.gz": (space_in_target_uri, True,
                                    "example-space-in-target-uri.warc.gz"),
    "space-in-url.arc": (space_in_url_arc, False, "example-space-in-url.arc"),
    "trunc.warc": (trunc, False, "example-trunc.warc"),
    "wget-bracketed-target-uri.warc.gz": (wget_bracketed_target_uri, True,
                                          "example-wget-bad-target-uri.warc.gz"),
    "wrong-chunks.warc.gz": (wrong_chunks, True, "example-wrong-chunks.warc.gz"),
}


def build(name: str) -> bytes:
    """The bytes of our file ``name``."""
    builder, gzipped, _ = BUILDERS[name]
    parts = builder()
    return members(parts) if gzipped else b"".join(parts)


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m tests.peer_archives DIRECTORY", file=sys.stderr)
        return 2
    target = Path(argv[0])
    target.mkdir(parents=True, exist_ok=True)
    for name in BUILDERS:
        (target / name).write_bytes(build(name))
        print(target / name)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
