"""Crawl and re-clean make the same documents, byte for byte, because they share one maker
and the re-clean reads what the crawl decided.

The divergences issue 10 found, each a test: ``-a kind=`` / ``-a name=`` hints of an
ad-hoc crawl; a GBK list page served as ``charset=utf-8``. And WARCs written by another
crawler (wget ``--warc-file``) are routed (``--route``) into the crawl's documents.
"""

from __future__ import annotations

import gzip
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from corpus.urls import document_stem
from crawler.localsite import LocalSite, Route, recorded_portal_routes

from .helpers import run_scrapy

SECTION = "/zwgk/jyta/"
CPPCC, NPC = "政协提案办理答复", "人大代表建议办理答复"
TITLE = "关于加强社区养老服务的建议的答复"
# "建议收悉" reads NPC; a "-a kind=" of CPPCC must win over it, as the crawl decided
BODY = ("您提出的关于加强社区养老服务的建议收悉，现将办理情况答复如下：",
        "一、我们将进一步完善社区养老服务设施，推动居家养老服务中心建设。",
        "二、加大对养老服务机构的扶持力度，落实运营补贴政策。",
        "感谢您对民政工作的关心和支持。", "某某市民政局", "2024年3月15日")


def reply_page(title: str, lines: tuple[str, ...], charset: str = "utf-8") -> bytes:
    paragraphs = "".join(f"<p>{line}</p>" for line in lines)
    return (f"<html><head><title>{title}</title></head><body>"
            f"<div class='nav'><a href='/'>首页</a></div>"
            f"<div class='article'><h1>{title}</h1>{paragraphs}</div></body></html>"
            ).encode(charset)


def list_page(links: list[tuple[str, str]], charset: str = "utf-8") -> bytes:
    items = "".join(f"<li><a href='{href}'>{text}</a><span>2024-03-15</span></li>"
                    for href, text in links)
    return (f"<html><head><title>建议提案办理</title></head><body><ul class='list'>{items}"
            f"</ul></body></html>").encode(charset)


def files_of(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out / "text")): p.read_bytes()
            for p in sorted((out / "text").rglob("*")) if p.is_file()}


def reclean(warc_dir: Path, out: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_scrapy("reclean", "--progress", "log", str(warc_dir), "-O", str(out), *args,
                      settings={"LOG_LEVEL": "INFO"})


def kinds(out: Path) -> set[str]:
    return {p.read_text("utf-8").split("\n", 1)[0] for p in (out / "text").rglob("*.txt")}


def test_adhoc_hints_kind_and_name_are_what_the_reclean_writes(tmp_path):
    routes = {SECTION: Route(list_page([("202403/t20240315_1001.html", TITLE)])),
              SECTION + "202403/t20240315_1001.html": Route(reply_page(TITLE, BODY))}
    crawl, again, routed = tmp_path / "crawl", tmp_path / "again", tmp_path / "routed"
    with LocalSite(routes) as site:
        run_scrapy("crawl", "portal", "-a", f"start_url={site.url(SECTION)}",
                   "-a", "name=shequ_jyta", "-a", f"kind={CPPCC}",
                   settings={"GOVREPLY_OUTPUT_DIR": str(crawl)})
    assert kinds(crawl) == {CPPCC}
    [sidecar] = [json.loads(p.read_text("utf-8")) for p in (crawl / "text").rglob("*.json")]
    assert sidecar["hints"]["name"] == "shequ_jyta" and sidecar["hints"]["kind"] == CPPCC
    result = reclean(crawl / "warc", again)
    assert "1 documents cleaned" in result.stdout
    assert files_of(again) == files_of(crawl)
    # without the decision records the crawl's -a arguments are unknown: the old divergence
    reclean(crawl / "warc", routed, "--route")
    assert kinds(routed) == {NPC}


def test_a_gbk_list_served_as_utf8_gives_the_same_reply_links_to_crawl_and_reclean(tmp_path):
    """No URL shape to go by: only the decoded anchor text says ``reply``."""
    detail = SECTION + "detail/reply-one.html"
    routes = {SECTION: Route(list_page([(detail, TITLE)], "gbk")),
              detail: Route(reply_page(TITLE, BODY, "gbk"))}  # both served as charset=utf-8
    crawl, again, routed = tmp_path / "crawl", tmp_path / "again", tmp_path / "routed"
    with LocalSite(routes) as site:
        run_scrapy("crawl", "portal", "-a", f"start_url={site.url(SECTION)}",
                   settings={"GOVREPLY_OUTPUT_DIR": str(crawl)})
        names = {f"127.0.0.1/{document_stem(site.url(detail))}.{ext}" for ext in ("txt", "json")}
    assert set(files_of(crawl)) == names  # the crawl found the one reply link
    text = (crawl / "text" / sorted(names)[1]).read_text("utf-8")
    assert TITLE in text and BODY[4] in text
    reclean(crawl / "warc", again)
    reclean(crawl / "warc", routed, "--route")
    assert files_of(again) == files_of(crawl) == files_of(routed)


def test_an_adhoc_crawl_and_its_reclean_are_byte_identical(tmp_path):
    """``-a start_url=`` of a recorded Pingtan section: real pages, no registry entry."""
    start = "/zwgk/zdlyxxgk/yata/rdya/"
    crawl, again = tmp_path / "crawl", tmp_path / "again"
    with LocalSite(recorded_portal_routes(gzip=True)) as site:
        run_scrapy("crawl", "portal", "-a", f"start_url={site.url(start)}",
                   settings={"GOVREPLY_OUTPUT_DIR": str(crawl)}, timeout=300)
    crawled = files_of(crawl)
    assert len([n for n in crawled if n.endswith(".txt")]) == 14
    result = reclean(crawl / "warc", again)
    assert "14 documents cleaned" in result.stdout and "routed" not in result.stderr
    assert files_of(again) == crawled


def _wget(site: LocalSite, warc: Path, starts: list[str]) -> None:
    wget = shutil.which("wget")
    if wget is None:  # .ci/run installs it; a developer machine may lack it
        pytest.skip("wget is not installed")
    command = [wget, "--quiet", "--no-proxy", f"--warc-file={warc}", "--recursive",
               "--level=2", "--no-parent", "--no-host-directories", "--tries=1",
               "-P", str(warc.parent / "mirror"), *map(site.url, starts)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert result.returncode in (0, 8), result.stderr  # 8: some links answered 404


def _without_lineage(sidecar: dict) -> dict:
    """A sidecar without what names the crawler's own records and times."""
    drop = {"warc", "fetched_at"}
    attachments, failed = ([{k: v for k, v in a.items() if k != "warc"}
                            for a in sidecar.get(key, [])]
                           for key in ("attachments", "failed_attachments"))
    return {**{k: v for k, v in sidecar.items() if k not in drop}, "attachments": attachments,
            "failed_attachments": failed}


@pytest.mark.slow
def test_a_wget_warc_of_the_recording_is_routed_into_the_crawls_documents(tmp_path):
    starts = ["/zwgk/zdlyxxgk/yata/zxta/", "/zwgk/zdlyxxgk/yata/rdya/"]
    crawl, routed = tmp_path / "crawl", tmp_path / "routed"
    (tmp_path / "wget").mkdir()
    with LocalSite(recorded_portal_routes()) as site:  # one server: the same final_url
        run_scrapy("crawl", "pingtan", "-a", f"base_url={site.base_url}",
                   settings={"GOVREPLY_OUTPUT_DIR": str(crawl)}, timeout=300)
        _wget(site, tmp_path / "wget" / "pingtan", starts)
    warcs = list((tmp_path / "wget").glob("*.warc.gz"))
    assert len(warcs) == 1 and b"Wget/" in gzip.decompress(warcs[0].read_bytes())[:4096]
    result = reclean(tmp_path / "wget", routed, "--route")
    assert "28 documents cleaned" in result.stdout
    ours, theirs = files_of(crawl), files_of(routed)
    assert sorted(ours) == sorted(theirs)
    for name, data in ours.items():
        if name.endswith(".txt"):
            assert theirs[name] == data, name
        else:
            mine, wgets = json.loads(data), json.loads(theirs[name])
            assert _without_lineage(wgets) == _without_lineage(mine), name
            assert wgets["warc"]["filename"] == warcs[0].name
    # without --route the file is routed anyway, and one log line says so
    auto = reclean(tmp_path / "wget", tmp_path / "auto")
    assert "1 of 1 WARC files hold no decision records" in auto.stderr
    assert files_of(tmp_path / "auto") == theirs
    # one section of the foreign WARC, picked by the fetched URLs' prefix
    only = tmp_path / "only"
    result = reclean(tmp_path / "wget", only, "--route", "--url-prefix",
                     site.url(starts[0]))
    assert "14 documents cleaned" in result.stdout
    assert {n: d for n, d in files_of(only).items()} == {
        n: d for n, d in theirs.items() if "/zxta/" in json.loads(
            theirs[n.rsplit(".", 1)[0] + ".json"])["url"]}
