"""A real Scrapy crawl against 127.0.0.1: what lands in the WARC is what came off the wire."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from archive.index import CdxjIndex
from archive.reader import iter_records
from crawler.localsite import Route

from .helpers import run_scrapy, warcio_check

TEXT = "平潭综合实验区关于规范公益性公墓建设的建议的答复"
PAGE = f"<html><head><title>t</title></head><body><p>{TEXT}</p></body></html>"


@pytest.fixture(scope="module")
def crawl(tmp_path_factory):
    """Fetch a handful of routes once; every test below reads the same archive."""
    from crawler.localsite import LocalSite

    out = tmp_path_factory.mktemp("capture")
    routes = {
        "/gzip.html": Route(PAGE.encode("utf-8"), gzip=True),
        "/gbk.html": Route(PAGE.encode("gbk"), content_type="text/html; charset=GBK"),
        "/gbk-meta.html": Route(
            f'<html><head><meta charset="gb2312"></head><body><p>{TEXT}</p></body></html>'
            .encode("gbk"), content_type="text/html"),
        "/big.bin": Route(b"\x00" * 400_000, content_type="application/octet-stream"),
        "/cut.html": Route(PAGE.encode("utf-8") * 50, disconnect_after=300),
        "/moved": Route(b"", status=301, headers={"Location": "/gzip.html?from=moved"}),
        "/gzip.html?from=moved": Route(PAGE.encode("utf-8"), gzip=True),
        "/robots.txt": Route(b"User-agent: *\nDisallow:\n", content_type="text/plain"),
    }
    with LocalSite(routes) as site:
        urls = [site.url(p) for p in ("/gzip.html", "/gbk.html", "/gbk-meta.html", "/big.bin",
                                      "/cut.html", "/moved")]
        run_scrapy("crawl", "fetch", "-a", "urls=" + ",".join(urls), settings={
            "GOVREPLY_OUTPUT_DIR": str(out),
            "GOVREPLY_MAX_RESPONSE_SIZE": "100000",
            "GOVREPLY_WARC_MAX_SIZE": "2500",
        })
        yield site, out / "warc"


def _responses(warc_dir: Path) -> dict[str, object]:
    found = {}
    for path in sorted(warc_dir.glob("*.warc.gz")):
        for record in iter_records(path):
            found[record.url] = record
    return found


def test_every_record_passes_warcio_check(crawl):
    _, warc_dir = crawl
    files = sorted(warc_dir.glob("*.warc.gz"))
    result = warcio_check(files)
    assert result.returncode == 0, result.stdout
    assert result.stdout.count("digest pass") >= 2 * 7  # responses and requests, all checked


def test_rotation_renamed_every_file_and_each_starts_with_warcinfo(crawl):
    _, warc_dir = crawl
    files = sorted(warc_dir.glob("*.warc.gz"))
    assert len(files) >= 3  # GOVREPLY_WARC_MAX_SIZE=2500 forces rotation
    assert not list(warc_dir.glob("*.open"))
    for path in files:
        assert re.match(r"govreply-\d{17}-\d{5}-.+\.warc\.gz$", path.name)
        with open(path, "rb") as fh:
            first = next(iter(ArchiveIterator(fh)))
            assert first.rec_type == "warcinfo"
            info = first.content_stream().read().decode()
        assert "isPartOf: fetch" in info and "robots: obey" in info
        assert "govreply-setting-GOVREPLY_MAX_RESPONSE_SIZE: 100000" in info


def test_gzip_response_is_archived_encoded_and_read_back_decoded(crawl):
    site, warc_dir = crawl
    record = _responses(warc_dir)[site.url("/gzip.html")]
    assert record.header("Content-Encoding") == "gzip"
    # raw block: the gzip bytes exactly as served
    with open(record.path, "rb") as fh:
        fh.seek(record.offset)
        raw = next(iter(ArchiveIterator(fh)))
        block = raw.raw_stream.read()
    assert block == gzip.compress(PAGE.encode("utf-8"), mtime=0)
    assert record.text() == PAGE


@pytest.mark.parametrize("path", ["/gbk.html", "/gbk-meta.html"])
def test_gbk_response_round_trips(crawl, path):
    site, warc_dir = crawl
    record = _responses(warc_dir)[site.url(path)]
    assert TEXT.encode("gbk") in record.payload  # stored as GBK bytes
    text = record.text()
    assert TEXT in text and text.encoding == "gb18030"


def test_response_over_the_size_limit_is_marked_truncated_length(crawl):
    site, warc_dir = crawl
    record = _responses(warc_dir)[site.url("/big.bin")]
    assert record.truncated == "length"
    assert 100_000 <= len(record.payload) < 400_000


def test_disconnect_mid_body_is_marked_truncated_disconnect(crawl):
    site, warc_dir = crawl
    record = _responses(warc_dir)[site.url("/cut.html")]
    assert record.truncated == "disconnect"
    assert len(record.payload) == 300


def test_redirect_and_its_target_are_both_archived(crawl):
    site, warc_dir = crawl
    responses = _responses(warc_dir)
    assert responses[site.url("/moved")].status == 301
    assert responses[site.url("/gzip.html?from=moved")].status == 200  # query string kept


def test_request_and_response_are_linked_and_carry_the_ip(crawl):
    _, warc_dir = crawl
    pairs = 0
    for path in sorted(warc_dir.glob("*.warc.gz")):
        with open(path, "rb") as fh:
            records = list((r.rec_type, dict(r.rec_headers.headers)) for r in ArchiveIterator(fh))
        ids = {h["WARC-Record-ID"]: t for t, h in records}
        for rec_type, headers in records:
            if rec_type == "request":
                assert ids[headers["WARC-Concurrent-To"]] == "response"
                pairs += 1
            if rec_type == "response":
                assert headers["WARC-IP-Address"] == "127.0.0.1"
                assert headers["WARC-Payload-Digest"].startswith("sha1:")
                assert "<" not in headers["WARC-Target-URI"]
    assert pairs >= 7  # six URLs, the redirect target and robots.txt


def test_cdxj_index_finds_every_response(crawl):
    _, warc_dir = crawl
    index = CdxjIndex([warc_dir])
    responses = _responses(warc_dir)
    assert responses
    for url, record in responses.items():
        captures = index.lookup(url)
        assert [(c.filename, c.offset) for c in captures] == [(record.filename, record.offset)]


def test_retry_after_is_honoured_before_the_retry(tmp_path, local_site):
    local_site.routes["/busy.html"] = Route(PAGE.encode("utf-8"), throttle=1)
    run_scrapy("crawl", "fetch", "-a", f"urls={local_site.url('/busy.html')}",
               settings={"GOVREPLY_OUTPUT_DIR": str(tmp_path), "ROBOTSTXT_OBEY": "False"})
    hits = [h for h in local_site.hits if h.path == "/busy.html"]
    assert [h.status for h in hits] == [429, 200]
    assert hits[1].at - hits[0].at >= 0.9  # Retry-After: 1
    statuses = [r.status for f in sorted((tmp_path / "warc").glob("*.warc.gz"))
                for r in iter_records(f)]
    assert statuses == [429, 200]  # the refused attempt is archived too
