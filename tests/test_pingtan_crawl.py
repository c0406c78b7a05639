"""End to end: ``scrapy crawl pingtan -a base_url=…`` against the recorded Pingtan pages."""

from __future__ import annotations

import csv
import json

import pytest

from archive.index import CdxjIndex
from archive.reader import iter_records, read_record_at
from cleaners import clean_page
from cleaners.kind import KINDS
from corpus.registry import load_registry
from corpus.urls import document_stem
from crawler.localsite import LocalSite, recorded_portal_routes

from .helpers import CORPUS, fetch, run_scrapy, warcio_check

META_KEYS = ["索引号", "发布机构", "文号", "发布日期", "时效性"]


def _recorded_pingtan() -> dict[str, str]:
    """id -> real URL of every recorded Pingtan reply page."""
    with open(CORPUS / "MANIFEST.tsv", encoding="utf-8", newline="") as fh:
        return {row["id"]: row["url"] for row in csv.DictReader(fh, delimiter="\t")
                if row["portal"] == "www.pingtan.gov.cn"}


@pytest.fixture(scope="module")
def pingtan_crawl(tmp_path_factory):
    out = tmp_path_factory.mktemp("pingtan")
    with LocalSite(recorded_portal_routes(gzip=True)) as site:
        result = run_scrapy("crawl", "pingtan", "-a", f"base_url={site.base_url}",
                            settings={"GOVREPLY_OUTPUT_DIR": str(out)}, timeout=300)
        yield out, site, result


def test_every_recorded_reply_becomes_a_document_named_by_its_real_url(pingtan_crawl):
    out, site, _ = pingtan_crawl
    folder = out / "text" / "www.pingtan.gov.cn"
    recorded = _recorded_pingtan()
    assert len(recorded) == 28
    stems = {p.stem for p in folder.glob("*.txt")}
    assert stems == {document_stem(url) for url in recorded.values()}
    for url in recorded.values():
        sidecar = json.loads((folder / f"{document_stem(url)}.json").read_text("utf-8"))
        assert sidecar["url"] == url
        assert sidecar["final_url"].startswith(site.base_url)
        assert sidecar["portal"] == "www.pingtan.gov.cn"
        assert sidecar["fetched_at"].endswith("Z")


def test_documents_follow_the_format_and_equal_cleaning_the_recorded_page(pingtan_crawl):
    out, _, _ = pingtan_crawl
    folder = out / "text" / "www.pingtan.gov.cn"
    registry = load_registry()
    for doc_id, url in _recorded_pingtan().items():
        text = (folder / f"{document_stem(url)}.txt").read_text("utf-8")
        lines = text.split("\n")
        assert lines[0] in KINDS
        assert [line.split(":")[0] for line in lines[1:6]] == [f"- {k}" for k in META_KEYS]
        assert "" not in lines and not text.endswith("\n")
        html = (CORPUS / "html" / f"{doc_id}.html").read_bytes()
        expected = clean_page(html, url, {"Content-Type": "text/html; charset=utf-8"},
                              portal=registry.hints_for_url(url))
        assert text == expected.text, doc_id


def test_sidecar_warc_pointer_leads_to_the_archived_page(pingtan_crawl):
    out, _, _ = pingtan_crawl
    for sidecar_path in (out / "text" / "www.pingtan.gov.cn").glob("*.json"):
        sidecar = json.loads(sidecar_path.read_text("utf-8"))
        pointer = sidecar["warc"]
        record = read_record_at(out / "warc" / pointer["filename"], pointer["offset"])
        assert record.record_id == pointer["record_id"]
        assert record.url == sidecar["final_url"]
        assert record.payload_digest == pointer["payload_digest"]
        assert record.header("Content-Encoding") == "gzip"  # archived raw


def test_the_crawl_archives_lists_replies_attachments_and_robots(pingtan_crawl):
    out, site, result = pingtan_crawl
    files = sorted((out / "warc").glob("*.warc.gz"))
    assert warcio_check(files).returncode == 0
    urls = {r.url: r.status for f in files for r in iter_records(f)}
    paths = {u[len(site.base_url):]: s for u, s in urls.items()}
    assert paths["/robots.txt"] == 200
    assert paths["/zwgk/zdlyxxgk/yata/zxta/"] == 200 and paths["/zwgk/zdlyxxgk/yata/rdya/"] == 200
    replies = [p for p in paths if p.endswith(".htm")]
    assert len(replies) == 59 + 45  # every link of both list pages was fetched
    assert sum(1 for p in replies if paths[p] == 200) == 28
    # the two attachments the recorded pages link (not recorded: 404, archived as such)
    attachments = [p for p in paths if p.endswith((".pdf", ".wps"))]
    assert len(attachments) == 2 and all(paths[p] == 404 for p in attachments)
    assert "govreply/documents/written': 28" in result.stderr


@pytest.mark.slow
def test_a_page_archived_by_the_crawl_replays_in_pywb(pingtan_crawl, pywb):
    """With a decision record about the page beside it (same target URI): replay, pywb's
    CDX look-up and ours show the page's response and nothing else."""
    out, site, _ = pingtan_crawl
    url = site.url("/zwgk/zdlyxxgk/yata/zxta/202211/t20221103_38112.htm")
    about = [r for p in out.glob("warc/*.warc.gz") for r in iter_records(p, types=("metadata",))
             if r.url == url and b"govreply-decision: 1" in r.payload]
    assert len(about) == 1
    [capture] = CdxjIndex([out / "warc"]).lookup(url)
    assert capture.record_type == "response" and capture.mime == "text/html"
    base = pywb(out / "warc")
    lines = fetch(f"{base}/govreply/cdx?url={url}&output=json").decode().strip().splitlines()
    assert [json.loads(line)["offset"] for line in lines] == [str(capture.offset)]
    replayed = fetch(f"{base}/govreply/mp_/{url}").decode("utf-8")
    assert "wbinfo" in replayed  # pywb's replay, not a pass-through
    assert "委托厦门市城市规划设计研究院编制" in replayed  # the reply's body text
    raw = fetch(f"{base}/govreply/id_/{url}")
    assert raw == (CORPUS / "html" / "pingtan_zxta_38112.html").read_bytes()




@pytest.mark.slow
def test_a_document_is_found_in_the_archive_by_its_sidecar_url(pingtan_crawl, pywb):
    """The crawl fetched from 127.0.0.1; its portal-URL index (``*.portal.cdxj``) lets our
    look-up and pywb find each document's capture by the portal's own URL."""
    out, _, _ = pingtan_crawl
    assert list((out / "warc").glob("*.portal.cdxj"))
    index = CdxjIndex([out / "warc"])
    sidecars = [json.loads(p.read_text("utf-8"))
                for p in (out / "text" / "www.pingtan.gov.cn").glob("*.json")]
    assert len(sidecars) == 28
    for sidecar in sidecars:
        assert sidecar["url"].startswith("https://www.pingtan.gov.cn/")
        captures = index.lookup(sidecar["url"])
        assert [(c.filename, c.offset) for c in captures] == [
            (sidecar["warc"]["filename"], sidecar["warc"]["offset"])]
        assert captures[0].url == sidecar["url"]
        assert read_record_at(captures[0].path, captures[0].offset).url == sidecar["final_url"]
    # the mirror URL still finds only its own capture (no duplicate lines)
    assert len(index.lookup(sidecars[0]["final_url"])) == 1
    url = "https://www.pingtan.gov.cn/zwgk/zdlyxxgk/yata/zxta/202211/t20221103_38112.htm"
    base = pywb(out / "warc")
    lines = fetch(f"{base}/govreply/cdx?url={url}&output=json").decode().strip().splitlines()
    assert len(lines) == 1 and json.loads(lines[0])["url"] == url
    raw = fetch(f"{base}/govreply/id_/{url}")
    assert raw == (CORPUS / "html" / "pingtan_zxta_38112.html").read_bytes()
    replayed = fetch(f"{base}/govreply/mp_/{url}").decode("utf-8")
    assert "委托厦门市城市规划设计研究院编制" in replayed
