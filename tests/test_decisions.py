"""Decision records: one per page the crawl routes to a document, read back by reclean.

What is in them, that they leave ``warcio check``, the CDXJ look-ups and the index as
they were, that a page whose cleaning fails still gets one, and how reclean uses them:
``--hints recorded|current``, ``--portal`` and ``--url-prefix`` selection.
"""

from __future__ import annotations

import dataclasses
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from warcio.warcwriter import WARCWriter

from archive.index import CdxjIndex, index_path_for
from archive.location import RecordLocation
from archive.reader import iter_records, read_record_at
from archive.records import build_metadata_record
from cleaners.document import PortalHints
from corpus.decision import (
    AttachmentDecision,
    Decision,
    DecisionError,
    build_decision_record,
    read_decision,
)
from corpus.portal_index import PORTAL_INDEX_SUFFIX
from corpus.registry import load_registry
from crawler.localsite import LocalSite, Route, recorded_portal_routes

from .helpers import REPO, run_scrapy, warcio_check
from .test_parity import BODY, SECTION, TITLE, files_of, list_page, reply_page

DOCS = 28
REGISTRY = load_registry()


@pytest.fixture(scope="module")
def crawl(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("crawl")
    with LocalSite(recorded_portal_routes(gzip=True)) as site:
        run_scrapy("crawl", "pingtan", "-a", f"base_url={site.base_url}",
                   settings={"GOVREPLY_OUTPUT_DIR": str(out)}, timeout=300)
    return out


def decisions_in(warc_dir: Path) -> list[Decision]:
    found = []
    for path in sorted(warc_dir.glob("*.warc.gz")):
        for record in iter_records(path, types=("metadata",)):
            decision = read_decision(record)
            if decision is not None:
                found.append(decision)
    return found


def sidecars(out: Path) -> dict[str, dict]:
    return {s["url"]: s for s in (json.loads(p.read_text("utf-8"))
                                  for p in (out / "text").rglob("*.json"))}


# -- what a crawl writes --------------------------------------------------------------------
def test_one_decision_per_document_names_page_payload_portal_and_hints(crawl):
    decisions = decisions_in(crawl / "warc")
    documents = sidecars(crawl)
    assert len(decisions) == DOCS and {d.document_url for d in decisions} == set(documents)
    for decision in decisions:
        sidecar = documents[decision.document_url]
        portal = REGISTRY.get(decision.portal)
        assert portal.covers(decision.document_url) and not decision.adhoc
        assert decision.hints == portal.hints()
        assert (decision.section_prefix, decision.link_selector) == (
            portal.section_prefix, portal.link_selector)
        assert decision.page == decision.payload  # a first crawl: responses only
        assert decision.page.record_type == "response"
        assert decision.page.pointer() == sidecar["warc"]
        assert decision.page.target_uri == sidecar["final_url"]
        assert (decision.charset, decision.charset_source) == ("utf-8", "header")
        assert decision.folder == "www.pingtan.gov.cn"
    with_attachments = [d for d in decisions if d.attachments]
    assert len(with_attachments) == 2  # 97064 (.pdf) and 104770 (.wps): not recorded, 404
    for decision in with_attachments:
        [attachment] = decision.attachments
        assert attachment.status == 404 and attachment.error
        assert attachment.payload.record_type == "response"  # the 404 answer, archived


def test_decision_records_are_warc_fields_metadata_referring_to_their_page(crawl):
    warcs = sorted((crawl / "warc").glob("*.warc.gz"))
    assert warcio_check(warcs).returncode == 0
    for decision in decisions_in(crawl / "warc"):
        record = read_record_at(crawl / "warc" / decision.location.filename,
                                decision.location.offset)
        headers = record.warc_headers
        assert headers["Content-Type"] == "application/warc-fields"
        assert headers["WARC-Refers-To"] == decision.page.record_id
        assert headers["WARC-Target-URI"] == decision.page.target_uri
        assert record.payload.decode("utf-8").startswith("govreply-decision: 1\r\n")
        assert f"\r\ndocument-url: {decision.document_url}\r\n" in record.payload.decode()
        assert decision.location.date >= decision.page.date


def test_the_index_and_lookups_of_reply_pages_are_as_without_decisions(crawl):
    # the WARCs' own indexes (the portal-URL index of a mirror crawl is another file)
    index = CdxjIndex([p for p in (crawl / "warc").glob("*.cdxj")
                       if not p.name.endswith(PORTAL_INDEX_SUFFIX)])
    assert all(c.mime != "application/warc-fields" for c in index)
    wanted = {"response", "revisit"}
    records = [r for p in (crawl / "warc").glob("*.warc.gz")
               for r in iter_records(p, types=("response", "revisit", "metadata"))]
    assert len(index) == len([r for r in records if r.record_type in wanted])
    for decision in decisions_in(crawl / "warc"):
        [capture] = index.lookup(decision.page.target_uri)
        assert (capture.offset, capture.record_type) == (decision.page.offset, "response")


# -- the record itself ----------------------------------------------------------------------
def _location(n: int, kind: str = "response") -> RecordLocation:
    return RecordLocation(f"a-{n}.warc.gz", 100 * n, 50 + n, f"<urn:uuid:{n:032x}>",
                          f"sha1:{n:032d}", f"2026-01-0{n}T00:00:00.5Z", f"http://m/x{n}", kind)


def test_a_decision_reads_back_as_written(tmp_path):
    decision = Decision(
        document_url="https://www.x.gov.cn/jyta/t20240101_1.html", portal="x_jyta",
        hints=PortalHints("x_jyta", ".c", None, ".meta", "其他"), page=_location(2, "revisit"),
        payload=_location(1), adhoc=True, section_prefix="/jyta/",
        link_selector="ul li > a[href*='t2']", charset="gb18030", charset_source="meta",
        attachments=(AttachmentDecision("https://www.x.gov.cn/jyta/a.pdf", "http://m/a.pdf",
                                        _location(3), 304),
                     AttachmentDecision("https://www.x.gov.cn/jyta/b.wps", "http://m/b.wps",
                                        None, None, "timeout\nafter 3 retries")))
    path = tmp_path / "d.warc.gz"
    with open(path, "wb") as fh:
        WARCWriter(fh, gzip=True, warc_version="1.1").write_record(
            build_decision_record(decision))
    [record] = list(iter_records(path, types=("metadata",)))
    back = read_decision(record)
    assert back.location.offset == 0 and back.location.record_type == "metadata"
    assert back.fields() == decision.fields()
    assert back.attachments[1].error == "timeout after 3 retries"  # one line per field
    # the fields are given back as read; a changed decision names its own
    swapped = back.with_hints(PortalHints("x_jyta", ".d", None, None, "其他"))
    assert dict(swapped.fields())["hint-container"] == ".d"
    assert "hint-metadata" not in dict(swapped.fields())
    assert swapped.fields() == dataclasses.replace(decision, hints=swapped.hints).fields()
    assert warcio_check([path]).returncode == 0


def test_other_metadata_records_are_not_decisions_and_newer_formats_are_refused(tmp_path):
    path = tmp_path / "m.warc.gz"
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=True, warc_version="1.1")
        writer.write_record(build_metadata_record("http://m/x", [("via", "http://m/"),
                                                                 ("hopsFromSeed", "L")]))
        writer.write_record(build_metadata_record("http://m/x", [("govreply-decision", "2")]))
        writer.write_record(writer.create_warc_record(
            "http://m/y", "metadata", payload=io.BytesIO(b"govreply-decision: 1\r\n"),
            length=22, warc_content_type="text/plain"))
    heritrix, newer, plain = iter_records(path, types=("metadata",))
    assert read_decision(heritrix) is None and read_decision(plain) is None
    with pytest.raises(DecisionError, match="format '2'"):
        read_decision(newer)


# -- a page the cleaner cannot clean ----------------------------------------------------------
def test_a_page_whose_cleaning_fails_still_gets_its_decision(tmp_path):
    broken = SECTION + "202403/t20240316_1002.html"
    routes = {SECTION: Route(list_page([("202403/t20240315_1001.html", TITLE),
                                        ("202403/t20240316_1002.html", TITLE + "（二）")])),
              SECTION + "202403/t20240315_1001.html": Route(reply_page(TITLE, BODY)),
              broken: Route(b"\x00\x01\x02binary\x00" * 40)}  # served as text/html
    out = tmp_path / "crawl"
    with LocalSite(routes) as site:
        result = run_scrapy("nightly", "-a", f"start_url={site.url(SECTION)}",
                            settings={"GOVREPLY_OUTPUT_DIR": str(out)}, check=False)
        broken_url = site.url(broken)
    assert result.returncode == 1  # a reply without a document is a failure
    assert "govreply/documents/failed/cleaner-error': 1" in result.stderr
    assert {d.document_url for d in decisions_in(out / "warc")} >= {broken_url}
    assert broken_url not in sidecars(out)
    summary = run_scrapy("reclean", "--progress", "log", str(out / "warc"), "-O",
                         str(tmp_path / "re"), settings={"LOG_LEVEL": "WARNING"})
    assert "1 documents cleaned" in summary.stdout and "failed (cleaner-error): 1" in \
        summary.stdout  # the decision lets a later re-clean try it again


# -- reclean's use of them ----------------------------------------------------------------------
def _append_decisions_with_other_hints(warc: Path) -> None:
    """A later decision for every document, with another title selector (the way a crawl
    with an older registry entry would have recorded it)."""
    later = [Decision.from_fields([*((k, v) for k, v in d.fields() if k != "hint-title"),
                                   ("hint-title", ".article_extend")])
             for d in decisions_in(warc.parent)]
    with open(warc, "ab") as fh:
        writer = WARCWriter(fh, gzip=True, warc_version="1.1")
        for decision in later:
            writer.write_record(build_decision_record(decision, date="2030-01-01T00:00:00Z"))
    index_path_for(warc).unlink()


def _titles(out: Path) -> set[str]:
    return {s["title"] for s in sidecars(out).values()}


def test_hints_recorded_or_current(crawl, tmp_path):
    warc_dir = tmp_path / "warc"
    shutil.copytree(crawl / "warc", warc_dir)
    _append_decisions_with_other_hints(next(warc_dir.glob("*.warc.gz")))
    recorded, current = tmp_path / "recorded", tmp_path / "current"
    run_scrapy("reclean", str(warc_dir), "-O", str(recorded), "--progress", "log")
    run_scrapy("reclean", str(warc_dir), "-O", str(current), "--hints", "current",
               "--progress", "log")
    assert files_of(current) == files_of(crawl)  # today's registry is the crawl's
    assert _titles(recorded) != _titles(crawl)  # the latest decisions' title selector
    assert all(s["hints"]["title"] == ".article_extend" for s in sidecars(recorded).values())
    again = run_scrapy("reclean", str(warc_dir), "-O", str(recorded), "--hints", "current",
                       "--progress", "log", "--restart")
    assert f"{DOCS} documents cleaned" in again.stdout  # other hints: every document redone
    assert files_of(recorded) == files_of(crawl)


def test_portal_and_url_prefix_select_documents(crawl, tmp_path):
    rdya = "https://www.pingtan.gov.cn/zwgk/zdlyxxgk/yata/rdya/"
    run_scrapy("reclean", str(crawl / "warc"), "-O", str(tmp_path / "a"), "--portal",
               "pingtan_zxta", "--progress", "log")
    run_scrapy("reclean", str(crawl / "warc"), "-O", str(tmp_path / "b"), "--url-prefix",
               rdya, "--progress", "log")
    zxta, by_prefix = sidecars(tmp_path / "a"), sidecars(tmp_path / "b")
    assert len(zxta) == len(by_prefix) == DOCS // 2
    assert all("/zxta/" in url for url in zxta) and all(u.startswith(rdya) for u in by_prefix)
    bad = run_scrapy("reclean", str(crawl / "warc"), "-O", str(tmp_path / "c"), "--portal",
                     "pingtan_nope", "--progress", "log", check=False)
    assert bad.returncode == 64
    assert bad.stderr.strip().splitlines()[-1] == (
        "reclean: error: --portal pingtan_nope: no registry entry, and no section of that "
        "name in the WARCs")
    assert "Traceback" not in bad.stderr


def test_python_m_reclean_is_the_same_job_without_scrapy(crawl, tmp_path):
    command = [sys.executable, "-X", "importtime", "-m", "reclean", str(crawl / "warc"),
               "-O", str(tmp_path / "out"), "--progress", "log"]
    result = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=300,
                            env={**os.environ, "PYTHONPATH": str(REPO)})
    assert result.returncode == 0, result.stderr[-2000:]
    assert f"{DOCS} documents cleaned" in result.stdout
    assert files_of(tmp_path / "out") == files_of(crawl)
    imported = {line.split("|")[-1].strip() for line in result.stderr.splitlines()
                if line.startswith("import time:")}
    assert "reclean.cli" in imported and not {"scrapy", "twisted", "crawler"} & imported
    empty = subprocess.run([sys.executable, "-m", "reclean"], cwd=REPO, capture_output=True,
                           text=True, env={**os.environ, "PYTHONPATH": str(REPO)})
    assert empty.returncode == 64
    assert empty.stderr.strip() == ("reclean: error: give at least one WARC file, directory "
                                    "or glob")


def test_hints_as_the_sidecar_records_them_are_every_field():
    """``PortalHints.as_dict`` (the sidecar's ``hints``, compared by reclean) names every
    field: a field added later and left out would make every document look stale."""
    registry = load_registry()
    hints = [portal.hints() for portal in registry]
    hints.append(PortalHints("x", container="div.a", title="h1", metadata="table", kind="其他"))
    assert len(hints) > 2
    for one in hints:
        assert one.as_dict() == dataclasses.asdict(one)
