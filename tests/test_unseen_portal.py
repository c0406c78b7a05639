"""An unseen portal, crawled completely from its start URL alone, then nightly reruns.

The section (``tests/sites/unseen.py``) is built on the recorded yichun page, a template
no other test uses, with a pager drawn by script. Every page it links to is served:
three list pages, 18 reply pages (gzip and plain, one GBK declared only in ``<meta>``,
ETag-only and Last-Modified-only validators), list page 2 answering 429 with Retry-After
once, a PDF attachment, and menu, footer, other-column and column-note pages.

``scrapy nightly -a start_url=…`` runs four times on one output directory:

1. first run: every reply archived and cleaned, nothing else;
2. one reply edited, every reply revalidated (``GOVREPLY_STOP_AT_KNOWN_PAGE=False``):
   17 answered 304 and archived as revisits, the edited one as version 2;
3. a new reply published on top of page 1, default settings: only it is new;
4. nothing changed: paging stops at page 1, whose items are all known.
"""

from __future__ import annotations

import json
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from corpus.discovery import find_pagination, find_reply_links
from corpus.registry import adhoc_portal
from corpus.urls import document_stem
from crawler.commands.nightly import EXIT_OK, EXIT_PARTIAL
from crawler.localsite import Hit, LocalSite, Route

from .helpers import run_scrapy, warcio_check
from .sites.shapes import recall_precision
from .sites.unseen import (
    CORPUS,
    GOLD_REPLIES,
    SECTION,
    START,
    Attachment,
    Reply,
    UnseenPortal,
    gold_reply,
    page_path,
)
from .test_attachment_crawl import cjk_pdf

PDF_LINES = (
    "关于进一步提升平潭旅游高质量发展的建议办理情况附表",
    "2024年旅游重点项目推进情况:海坛古城二期已开工建设。",
    "平潭综合实验区旅游与文化体育局",
)
EDIT = ("主办单位:区旅文局", "主办单位:区文旅局")  # the edit made to one reply before run 2
# Retry-After is honoured by raising the host's download delay; without jitter that delay
# is exactly what the server asked for (see the report: it is never lowered again).
SETTINGS = {"DOWNLOAD_DELAY_JITTER": "0"}


def make_portal() -> UnseenPortal:
    pdf = cjk_pdf(PDF_LINES)
    return UnseenPortal(Attachment(SECTION + "202312/W020231206512345678901.pdf",
                                   "附件:旅游高质量发展建议办理情况附表.pdf", pdf))


@dataclass
class Run:
    result: subprocess.CompletedProcess[str]
    report: dict
    counts: dict
    hits: list[Hit]
    warcs: list[Path]  # the WARC files this run wrote


@dataclass
class Crawl:
    out: Path
    base: str
    portal: UnseenPortal
    slug: str
    runs: list[Run]
    edited: Reply
    published: Reply
    v1_text: str  # the edited reply's document after run 1
    documents_run1: list[str]  # the ``url`` of every document after run 1

    def url(self, path: str) -> str:
        return self.base + path

    @property
    def folder(self) -> Path:
        return self.out / "text" / "127.0.0.1"


def _nightly(site: LocalSite, out: Path, slug: str, **settings: str) -> Run:
    before = set((out / "warc").glob("*.warc.gz"))
    site.hits.clear()
    result = run_scrapy("nightly", "-a", f"start_url={site.url(START)}",
                        settings={"GOVREPLY_OUTPUT_DIR": str(out), **SETTINGS, **settings},
                        check=False, timeout=120)
    reports = sorted((out / "reports").glob("*.json"), key=lambda p: p.stat().st_mtime_ns)
    report = json.loads(reports[-1].read_text("utf-8")) if reports else {}
    warcs = sorted(set((out / "warc").glob("*.warc.gz")) - before)
    return Run(result, report, report.get("portals", {}).get(slug, {}), list(site.hits), warcs)


@pytest.fixture(scope="module")
def crawl(tmp_path_factory) -> Crawl:
    out = tmp_path_factory.mktemp("unseen")
    portal = make_portal()
    runs = []
    with LocalSite(portal.routes()) as site:
        slug = adhoc_portal(site.url(START)).name
        runs.append(_nightly(site, out, slug))
        edited = portal.replies[9]  # on list page 2, has the PDF attachment
        v1_path = out / "text" / "127.0.0.1" / f"{document_stem(site.url(edited.path))}.txt"
        v1_text = v1_path.read_text("utf-8") if v1_path.exists() else ""
        documents_run1 = [s["url"] for s in _sidecars(out / "text" / "127.0.0.1").values()]
        assert any(EDIT[0] in line for line in edited.lines)
        edited.lines = [line.replace(*EDIT) for line in edited.lines]
        edited.last_modified = 1_700_086_400.0
        site.routes.update(portal.routes())
        runs.append(_nightly(site, out, slug, GOVREPLY_STOP_AT_KNOWN_PAGE="False"))
        title, lines, publisher, _ = gold_reply("pingtan_rdya_42953")
        published = Reply(path=SECTION + "202602/" + "0" * 31 + "1.shtml", title=title,
                          lines=lines, publisher=publisher, date="2026-02-10",
                          index_no="014717475N/2026-0000001", gzip=True)
        portal.publish(published)
        site.routes.update(portal.routes())
        runs.append(_nightly(site, out, slug))
        runs.append(_nightly(site, out, slug))  # nothing changed since
    return Crawl(out, site.base_url, portal, slug, runs, edited, published, v1_text,
                 documents_run1)


def _records(paths: list[Path]) -> list[tuple[str, str, str]]:
    """(record type, target URI, WARC-Profile) of every response and revisit record."""
    found = []
    for path in paths:
        with open(path, "rb") as fh:
            for record in ArchiveIterator(fh):
                if record.rec_type in ("response", "revisit"):
                    headers = record.rec_headers
                    found.append((record.rec_type, headers.get_header("WARC-Target-URI"),
                                  headers.get_header("WARC-Profile") or ""))
    return found


def _sidecars(folder: Path) -> dict[str, dict]:
    """Current documents (not kept versions): stem -> sidecar."""
    return {p.stem: json.loads(p.read_text("utf-8")) for p in folder.glob("*.json")
            if not re.search(r"\.v\d+$", p.stem)}


# --- discovery on the shape (no crawl) -----------------------------------------------


def test_shape_is_discovered_from_page_one_alone():
    portal = make_portal()
    base = "http://127.0.0.1:8000"
    pages = portal.list_pages()
    html = pages[START]
    # the section prefix is what ``portal -a start_url=`` derives from the start URL
    prefix = adhoc_portal(base + START).section_prefix
    assert prefix == SECTION
    found = [link.url for link in find_reply_links(html, base + START, section_prefix=prefix)]
    expected = tuple(base + r.path for r in portal.replies[:6])
    assert recall_precision(found, expected) == (1.0, 1.0)
    assert found == list(expected)
    # without it only the other columns' documents of the 热点信息 box slip in
    loose = {link.url for link in find_reply_links(html, base + START)}
    assert loose - set(expected) == {base + p for p, _ in portal.other_column}
    # no pager link in the HTML: the other pages come from the pager script
    assert "?page=2" not in "".join(re.findall(r'href="([^"]*)"', html))
    assert find_pagination(html, base + START) == [base + page_path(2), base + page_path(3)]
    # page 1 is the start page: its ``?page=1`` twin is not fetched again
    assert find_pagination(pages[page_path(3)], base + page_path(3)) == [base + page_path(2)]


def test_shape_pages_together_list_every_reply_once():
    portal = make_portal()
    base = "http://127.0.0.1:8000"
    found = []
    for n in (1, 2, 3):
        path = page_path(n)
        found += [link.url for link in find_reply_links(portal.list_pages()[path], base + path,
                                                        section_prefix=SECTION)]
    assert len(found) == len(set(found)) == 18
    assert set(found) == {base + r.path for r in portal.replies}


@pytest.mark.parametrize(
    ("url", "script", "expected"),
    [
        # a folder URL, the key among others, single quotes, a page-total variable
        ("http://www.example.gov.cn/jyta/",
         "var totalPage = 3; function go(p){ location.href = '?cid=7&pageNo=' + p; }",
         ["http://www.example.gov.cn/jyta/?cid=7&pageNo=2",
          "http://www.example.gov.cn/jyta/?cid=7&pageNo=3"]),
        # the folder's index page names the same list as the folder
        ("http://www.example.gov.cn/jyta/",
         'var pageCount = 2;\nfunction goPage(n) { window.location = "index.html?page=" + n; }',
         ["http://www.example.gov.cn/jyta/index.html?page=2"]),
        # a URL built for another list (a search page) is not this list's pager
        ("http://www.example.gov.cn/jyta/",
         'var pageCount = 4; function s(n){ location.href = "/search/?page=" + n; }', []),
        # no page total anywhere: nothing is guessed
        ("http://www.example.gov.cn/jyta/list.shtml",
         'function goPage(n) { location.href = "list.shtml?page=" + n; }', []),
    ],
)
def test_pager_script_urls(url, script, expected):
    html = f"<html><body><ul><li>x</li></ul><div id='pg'></div><script>{script}</script>"
    assert find_pagination(html + "</body></html>", url) == expected


# --- run 1: the whole section from the start URL -----------------------------------------


@pytest.mark.slow
def test_first_run_exit_code_and_report(crawl):
    run = crawl.runs[0]
    assert run.result.returncode == EXIT_OK, run.result.stderr[-3000:]
    assert run.report["exit_code"] == EXIT_OK
    assert run.report["template_drift"] == []
    counts = run.counts
    assert (counts["new"], counts["changed"], counts["unchanged"], counts["gone"],
            counts["failed"]) == (18, 0, 0, 0, 0)
    assert f"{crawl.slug}: 18 new, 0 changed, 0 unchanged, 0 gone, 0 failed" in run.result.stdout
    assert "report: " in run.result.stdout


@pytest.mark.slow
def test_first_run_recall_and_precision_are_one(crawl):
    expected = tuple(crawl.url(r.path) for r in crawl.portal.replies if r is not crawl.published)
    documented = crawl.documents_run1
    assert recall_precision(documented, expected) == (1.0, 1.0)
    assert len(documented) == len(set(documented)) == 18  # one document per reply page
    # after all three runs: those, plus the reply published before run 3, and no other
    sidecars = _sidecars(crawl.folder)
    final = [s["url"] for s in sidecars.values()]
    assert recall_precision(final, (*expected, crawl.url(crawl.published.path))) == (1.0, 1.0)
    assert len(final) == 19
    assert set(sidecars) == {document_stem(u) for u in final}  # named after their URL
    # nothing but reply documents anywhere under text/
    assert {p.parent for p in (crawl.out / "text").rglob("*.txt")} == {crawl.folder}


@pytest.mark.slow
def test_first_run_fetched_every_page_and_no_decoy(crawl):
    run = crawl.runs[0]
    fetched = {h.path for h in run.hits}
    replies = {r.path for r in crawl.portal.replies if r is not crawl.published}
    lists = {START, page_path(1), page_path(2), page_path(3)}
    attachments = {a.path for r in crawl.portal.replies for a in r.attachments}
    assert replies | {START, page_path(2), page_path(3)} | attachments <= fetched
    assert fetched <= replies | lists | attachments | {"/robots.txt"}
    assert page_path(1) not in fetched  # the start page's ``?page=1`` twin
    assert not fetched & set(crawl.portal.decoys())  # menus, footer, other columns, notes
    # 429 + Retry-After on list page 2: asked again, answered, its replies crawled
    assert [h.status for h in run.hits if h.path == page_path(2)] == [429, 200]


@pytest.mark.slow
def test_first_run_documents_hold_each_reply(crawl):
    for reply in crawl.portal.replies:
        if reply is crawl.published:
            continue
        stem = document_stem(crawl.url(reply.path))
        path = crawl.folder / f"{stem}.txt"
        if reply is crawl.edited:
            path = crawl.folder / f"{stem}.v1.txt"
        text = path.read_text("utf-8")
        lines = text.split("\n")
        assert lines[6] == reply.title, reply.path
        assert lines[2] == f"- 发布机构: {reply.publisher}"
        assert reply.lines[0][:30] in text, reply.path
        assert reply.lines[-1][-30:] in text, reply.path
        assert "\ufffd" not in text
        assert "扫一扫" not in text and "赣ICP备" not in text  # the page's chrome is gone
    gbk = next(r for r in crawl.portal.replies if r.encoding == "gbk")
    sidecar = json.loads((crawl.folder / f"{document_stem(crawl.url(gbk.path))}.json")
                         .read_text("utf-8"))
    assert sidecar["encoding"] in ("gb18030", "gbk")


@pytest.mark.slow
def test_first_run_archives_every_reply_and_the_attachment(crawl):
    run = crawl.runs[0]
    assert run.warcs
    assert warcio_check(run.warcs).returncode == 0
    responses = [u for t, u, _ in _records(run.warcs) if t == "response"]
    for reply in crawl.portal.replies:
        if reply is not crawl.published:
            assert crawl.url(reply.path) in responses, reply.path
    [attachment] = crawl.edited.attachments
    assert responses.count(crawl.url(attachment.path)) == 1
    assert PDF_LINES[1] in crawl.v1_text  # the PDF's text is part of the reply's document


# --- run 2: one reply edited, every reply revalidated -----------------------------------


@pytest.mark.slow
def test_second_run_report_counts_the_edit(crawl):
    run = crawl.runs[1]
    assert run.result.returncode == EXIT_OK, run.result.stderr[-3000:]
    counts = run.counts
    assert (counts["new"], counts["changed"], counts["unchanged"], counts["gone"],
            counts["failed"]) == (0, 1, 17, 0, 0)
    assert f"{crawl.slug}: 0 new, 1 changed, 17 unchanged, 0 gone, 0 failed" in run.result.stdout


@pytest.mark.slow
def test_second_run_archives_only_the_edited_reply(crawl):
    run = crawl.runs[1]
    assert warcio_check(run.warcs).returncode == 0
    records = _records(run.warcs)
    edited = crawl.url(crawl.edited.path)
    replies = {crawl.url(r.path) for r in crawl.portal.replies if r is not crawl.published}
    responses = [u for t, u, _ in records if t == "response" and u in replies]
    assert responses == [edited]  # no new response record for an unchanged reply
    revisits = {u: p for t, u, p in records if t == "revisit"}
    assert set(revisits) >= replies - {edited}
    assert all(revisits[u].endswith("server-not-modified") for u in replies - {edited})
    conditional = [h for h in run.hits if h.path in {r.path for r in crawl.portal.replies}]
    assert all("If-None-Match" in h.headers or "If-Modified-Since" in h.headers
               for h in conditional)
    lm_only = next(r for r in crawl.portal.replies if not r.etag).path
    assert [("If-None-Match" in h.headers, "If-Modified-Since" in h.headers, h.status)
            for h in run.hits if h.path == lm_only] == [(False, True, 304)]


@pytest.mark.slow
def test_second_run_versions_the_edited_reply(crawl):
    stem = document_stem(crawl.url(crawl.edited.path))
    current = json.loads((crawl.folder / f"{stem}.json").read_text("utf-8"))
    kept = json.loads((crawl.folder / f"{stem}.v1.json").read_text("utf-8"))
    assert (current["version"], kept["version"]) == (2, 1)
    text = (crawl.folder / f"{stem}.txt").read_text("utf-8")
    old = (crawl.folder / f"{stem}.v1.txt").read_text("utf-8")
    assert old == crawl.v1_text
    assert EDIT[1] in text and EDIT[1] not in old
    assert old.replace(EDIT[0], EDIT[1]) == text  # the edit is the only difference
    # the unchanged attachment (answered 304) still gives the new version its text
    [entry] = current["attachments"]
    assert entry["error"] is None and entry["chars"] > 0
    assert entry["warc"] is not None
    for stem_other, sidecar in _sidecars(crawl.folder).items():
        if stem_other != stem:
            assert sidecar["version"] == 1, sidecar["url"]
    assert len(list(crawl.folder.glob("*.v*.txt"))) == 1


# --- run 3: a reply published on page 1, default settings -------------------------------


@pytest.mark.slow
def test_third_run_finds_the_new_reply(crawl):
    run = crawl.runs[2]
    assert run.result.returncode == EXIT_OK, run.result.stderr[-3000:]
    counts = run.counts
    # page 1 holds a new item, so paging goes on and the other 18 are revalidated
    assert (counts["new"], counts["changed"], counts["unchanged"], counts["failed"]) == (
        1, 0, 18, 0)
    records = _records(run.warcs)
    replies = {crawl.url(r.path) for r in crawl.portal.replies}
    assert [u for t, u, _ in records if t == "response" and u in replies] == [
        crawl.url(crawl.published.path)]
    text = (crawl.folder / f"{document_stem(crawl.url(crawl.published.path))}.txt").read_text(
        "utf-8")
    assert text.split("\n")[6] == crawl.published.title



# --- run 4: nothing changed -----------------------------------------------------------------


@pytest.mark.slow
def test_fourth_run_stops_at_the_known_first_page(crawl):
    run = crawl.runs[3]
    assert run.result.returncode == EXIT_OK, run.result.stderr[-3000:]
    first_page = crawl.portal.replies[:6]
    counts = run.counts
    assert (counts["new"], counts["changed"], counts["unchanged"], counts["failed"]) == (
        0, 0, len(first_page), 0)
    fetched = {h.path for h in run.hits}
    assert START in fetched and not fetched & {page_path(n) for n in (1, 2, 3)}
    assert {h.path for h in run.hits if h.status == 304} == {r.path for r in first_page}
    replies = {crawl.url(r.path) for r in crawl.portal.replies}
    assert not [u for t, u, _ in _records(run.warcs) if t == "response" and u in replies]
    assert warcio_check(run.warcs).returncode == 0


# --- kind in a mixed column, and a reply that is refused once (bugs found by this suite) ----


@pytest.mark.slow
def test_kind_of_each_reply_in_a_mixed_column(crawl):
    gold = {}
    for doc_id in (*GOLD_REPLIES, "pingtan_rdya_42953"):
        text = (CORPUS / "gold" / f"{doc_id}.txt").read_text("utf-8").split("\n")
        gold[text[6]] = text[0]
    kinds = {}
    for path in crawl.folder.glob("*.txt"):
        if not re.search(r"\.v\d+$", path.stem):
            lines = path.read_text("utf-8").split("\n")
            kinds[lines[6]] = lines[0]
    assert set(kinds.values()) == {"政协提案办理答复", "人大代表建议办理答复"}
    assert kinds == {title: gold[title] for title in kinds}


def _two_reply_portal():
    """The shape cut down to one list page with two replies and no refused list page."""
    portal = make_portal()
    del portal.replies[2:]
    portal.list_throttle = {}
    return portal


def _nightly_on(routes, out: Path) -> Run:
    with LocalSite(routes) as site:
        return _nightly(site, out, adhoc_portal(site.url(START)).name)


@pytest.mark.slow
def test_a_reply_answered_429_then_200_is_not_a_failure(tmp_path):
    portal = _two_reply_portal()
    portal.replies[1].throttle = 1
    run = _nightly_on(portal.routes(), tmp_path)
    assert [h.status for h in run.hits if h.path == portal.replies[1].path] == [429, 200]
    assert len(list((tmp_path / "text").rglob("*.txt"))) == 2  # both documents written
    assert (run.counts["new"], run.counts["failed"]) == (2, 0)
    assert run.result.returncode == EXIT_OK


@pytest.mark.slow
def test_a_reply_that_never_answers_is_a_failure_once_its_retries_are_used(tmp_path):
    portal = _two_reply_portal()
    silent = portal.replies[1].path
    with LocalSite(portal.routes()) as site:
        slug = adhoc_portal(site.url(START)).name
        site.hold(paths=[silent])  # every request for it waits until the client gives up
        try:
            run = _nightly(site, tmp_path, slug, DOWNLOAD_TIMEOUT="1", RETRY_TIMES="1")
        finally:
            site.release(drop=True)
    assert len(list((tmp_path / "text").rglob("*.txt"))) == 1
    assert (run.counts["new"], run.counts["failed"]) == (1, 1)  # counted once, not per try
    assert run.result.returncode == EXIT_PARTIAL


@pytest.mark.slow
def test_a_reply_robots_txt_forbids_is_not_a_failure(tmp_path):
    portal = _two_reply_portal()
    forbidden = portal.replies[1].path
    routes = portal.routes()
    routes["/robots.txt"] = Route(f"User-agent: *\nDisallow: {forbidden}\n".encode(),
                                  content_type="text/plain")
    run = _nightly_on(routes, tmp_path)
    assert forbidden not in {h.path for h in run.hits}
    assert (run.counts["new"], run.counts["failed"]) == (1, 0)
    assert run.result.returncode == EXIT_OK
