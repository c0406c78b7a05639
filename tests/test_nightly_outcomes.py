"""Issue 13 item 6 and issue 12 items 2, 4, 9: every URL a nightly tried ends in one
counted outcome, listed with its reason; dead links wait; only new failures exit 1; an
unreachable site, a start page without reply links and a truncated body are said so."""

from __future__ import annotations

import json
import re
import sqlite3
from collections import Counter
from contextlib import closing
from datetime import datetime
from pathlib import Path

import pytest

from corpus.urls import document_stem
from crawler.localsite import LocalSite, Route, recorded_portal_routes
from crawler.verdict import EXIT_DRIFT, EXIT_OK, EXIT_PARTIAL, EXIT_UNREACHABLE

from .helpers import run_scrapy

REAL = "https://www.pingtan.gov.cn"
ZXTA = "/zwgk/zdlyxxgk/yata/zxta/"
QUICK = {"RETRY_TIMES": "1", "GOVREPLY_RETRY_BACKOFF_BASE": "0.2", "DOWNLOAD_TIMEOUT": "2",
         "REDIRECT_MAX_TIMES": "3"}


def _nightly(out: Path, *args: str, **settings: str):
    return run_scrapy("nightly", *args, settings={"GOVREPLY_OUTPUT_DIR": str(out), **QUICK,
                                                  **settings}, check=False, timeout=300)


def _report(out: Path) -> dict:
    return json.loads(sorted((out / "reports").glob("*.json"))[-1].read_text("utf-8"))


def _links(routes: dict[str, Route]) -> list[str]:
    """The reply paths the zxta list links, in list order, each once."""
    html = routes[ZXTA].body.decode("utf-8")
    return list(dict.fromkeys(ZXTA + m for m in re.findall(r'<a href="\./([^"]+\.htm)"', html)))


def _bad_links(routes: dict[str, Route], port_of_other_host: int) -> dict[str, tuple]:
    """Give unrecorded list links every kind of trouble a portal shows: path ->
    (expected outcome, a word of the expected reason)."""
    free = [p for p in _links(routes) if p not in routes]
    kinds: dict[str, tuple] = {}

    def take(outcome: str, reason: str, route: Route | None = None) -> str:
        path = free.pop(0)
        if route is not None:
            routes[path] = route
        kinds[path] = (outcome, reason)
        return path

    take("dead", "HTTP 404")
    take("dead", "HTTP 410", Route(b"gone", status=410))
    take("failed", "HTTP 500 after 1 retry", Route(b"oops", status=500))
    take("failed", "HTTP 403", Route(b"no", status=403))
    take("failed", "HTTP 429 after 1 retry", Route(b"slow", status=429))
    robots = take("skipped", "robots.txt")
    routes["/robots.txt"] = Route(f"User-agent: *\nDisallow: {robots}\n".encode(),
                                  content_type="text/plain")
    take("failed", "redirected off the portal", Route(b"", status=302, headers={
        "Location": f"http://localhost:{port_of_other_host}/elsewhere.htm"}))
    chain = take("failed", "too many redirects", Route(b"", status=302,
                                                       headers={"Location": "?hop=1"}))
    for hop in range(1, 6):
        routes[f"{chain}?hop={hop}"] = Route(b"", status=302,
                                             headers={"Location": f"?hop={hop + 1}"})
    take("dead", "HTTP 404", Route(b"", status=302, headers={"Location": ZXTA + "nowhere.htm"}))
    take("failed", "not an HTML page (application/pdf)",
         Route(b"%PDF-1.4\n%\xe2\xe3\n1 0 obj<<>>endobj\n", content_type="application/pdf"))
    take("failed", "no document", Route(b""))
    take("failed", "HTTP 301 without a usable Location", Route(b"", status=301))
    take("failed", "", Route(b"\x00\x01 not gzip at all", headers={"Content-Encoding": "gzip"}))
    loop_a = take("skipped", "fetched already in this run")
    loop_b = take("skipped", "fetched already in this run")
    routes[loop_a] = Route(b"", status=302, headers={"Location": loop_b})
    routes[loop_b] = Route(b"", status=302, headers={"Location": loop_a})
    timeout = take("failed", "timed out after 1 retry")
    for path in free:  # the rest stay unrecorded: dead
        kinds[path] = ("dead", "HTTP 404")
    return kinds | {"__held__": timeout}


@pytest.fixture(scope="module")
def troubled(tmp_path_factory):
    """Two nightlies of zxta, every unrecorded reply link in trouble of its own kind."""
    out = tmp_path_factory.mktemp("troubled")
    routes = recorded_portal_routes()
    truncated = ZXTA + "202211/t20221103_38112.htm"
    routes[truncated] = Route(routes[truncated].body,
                              disconnect_after=len(routes[truncated].body) * 2 // 3)
    with LocalSite() as other, LocalSite(routes) as site:
        kinds = _bad_links(site.routes, other._server.server_address[1])
        held = kinds.pop("__held__")
        site.hold(paths=[held])
        try:
            first = _nightly(out, "-a", "name=pingtan_zxta", "-a", f"base_url={site.base_url}")
            report1 = _report(out)
            second = _nightly(out, "-a", "name=pingtan_zxta", "-a", f"base_url={site.base_url}")
            report2 = _report(out)
        finally:
            site.release(drop=True)
        assert not other.hits  # nothing reached the other host
    return out, kinds, truncated, (first, report1), (second, report2)


@pytest.mark.slow
def test_every_bad_reply_link_is_in_the_report_with_its_reason(troubled):
    _, kinds, _, (first, report), _ = troubled
    assert first.returncode == EXIT_PARTIAL, first.stderr[-3000:]
    assert "Traceback" not in first.stderr
    listed = {e["url"].removeprefix(REAL): e for e in report["urls"]}
    for path, (outcome, reason) in kinds.items():
        entry = listed.get(path)
        assert entry is not None, f"{path} ({outcome}: {reason}) is not in the report"
        assert entry["outcome"] == outcome, (path, entry)
        assert reason in entry["reason"] and entry["reason"], (path, entry)
    # every reply link counted exactly once: the outcomes add up to the distinct links
    counts = report["portals"]["pingtan_zxta"]
    replies = sum(counts[k] for k in ("new", "changed", "unchanged", "gone", "dead", "failed",
                                      "unreachable", "skipped", "pending"))
    assert replies == len({p for p in _links(recorded_portal_routes())}) == 59
    assert counts["new"] == 14 and counts["pending"] == 0
    assert report["new_failures"] == sum(1 for e in report["urls"] if e.get("new"))
    # the summary ends with the failed URLs, the new ones first
    tail = first.stdout[first.stdout.index("failed URLs ("):]
    for path, (outcome, _) in kinds.items():
        if outcome in ("dead", "failed"):
            assert REAL + path in tail, path


@pytest.mark.slow
def test_a_truncated_body_is_said_so_in_the_sidecar_and_counted(troubled):
    out, _, truncated, (_, report), _ = troubled
    sidecar = json.loads((out / "text" / "www.pingtan.gov.cn" /
                          f"{document_stem(REAL + truncated)}.json").read_text("utf-8"))
    assert sidecar["truncated"] == "disconnect"
    assert report["portals"]["pingtan_zxta"]["truncated"] == 1
    others = [json.loads(p.read_text("utf-8"))
              for p in (out / "text" / "www.pingtan.gov.cn").glob("*.json")]
    assert sum("truncated" in s for s in others) == 1
    # the re-clean makes the same document, truncation included (the one maker)
    again = run_scrapy("reclean", str(out / "warc"), "-O", str(out / "re"), check=False,
                       timeout=300)
    assert again.returncode == 0, again.stderr[-2000:]
    remade = json.loads((out / "re" / "text" / "www.pingtan.gov.cn" /
                         f"{document_stem(REAL + truncated)}.json").read_text("utf-8"))
    assert remade["truncated"] == "disconnect"


@pytest.mark.slow
def test_the_second_night_has_no_new_failures_and_dead_links_wait(troubled):
    _, kinds, _, _, (second, report) = troubled
    assert second.returncode == EXIT_OK, second.stdout[-3000:]
    assert report["new_failures"] == 0 and report["exit_code"] == EXIT_OK
    listed = {e["url"].removeprefix(REAL): e for e in report["urls"]}
    for path, (outcome, _) in kinds.items():
        assert listed[path]["outcome"] == outcome, path
        assert not listed[path].get("new"), path
    dead = [p for p, (o, _) in kinds.items() if o == "dead"]
    # not asked tonight: the state says when they are due
    assert all(listed[p].get("tried") is False and "next try after" in listed[p]["reason"]
               for p in dead)
    assert f"{len(dead)} dead links not asked tonight" in second.stdout


@pytest.mark.slow
def test_dead_links_are_asked_again_after_a_night(tmp_path):
    routes = recorded_portal_routes()
    dead = [p for p in _links(routes) if p not in routes]
    with LocalSite(routes) as site:
        args = ("-a", "name=pingtan_zxta", "-a", f"base_url={site.base_url}")
        assert _nightly(tmp_path, *args).returncode == EXIT_PARTIAL
        asked = Counter(h.path for h in site.hits)
        assert all(asked[p] == 1 for p in dead)
        # a night later (the state's clock moved back one day): asked again, still dead,
        # not new
        with closing(sqlite3.connect(tmp_path / "state.sqlite3")) as db, db:
            db.execute("UPDATE urls SET last_tried = datetime(last_tried, '-1 day') "
                       "|| '+00:00' WHERE failing_since IS NOT NULL")
        site.hits.clear()
        night2 = _nightly(tmp_path, *args)
        assert night2.returncode == EXIT_OK, night2.stdout[-2000:]
        assert {h.path for h in site.hits} >= set(dead)
        # the next night they wait (due after two nights now)
        site.hits.clear()
        night3 = _nightly(tmp_path, *args)
        assert night3.returncode == EXIT_OK
        assert not {h.path for h in site.hits} & set(dead)
    report = _report(tmp_path)
    due = {e["reason"].rsplit("next try after ", 1)[1] for e in report["urls"]
           if e["outcome"] == "dead"}
    assert len(due) >= 1
    assert all(datetime.fromisoformat(d) > datetime.fromisoformat(report["started"])
               for d in due)


# -- unreachable, and a start page without reply links -------------------------------------

def _closed_port() -> int:
    site = LocalSite()
    port = site._server.server_address[1]
    site._server.server_close()
    return port


@pytest.mark.slow
def test_an_unreachable_site_is_reported_unreachable_fresh_or_not(tmp_path):
    port = _closed_port()
    fresh = _nightly(tmp_path / "fresh", "-a", f"start_url=http://127.0.0.1:{port}/jyta/")
    assert fresh.returncode == EXIT_UNREACHABLE, fresh.stdout[-2000:]
    report = _report(tmp_path / "fresh")
    assert report["unreachable"] and report["exit_code"] == EXIT_UNREACHABLE
    assert [e["outcome"] for e in report["urls"]] == ["unreachable"]
    assert "connection refused" in report["urls"][0]["reason"]
    assert "UNREACHABLE" in fresh.stdout

    out = tmp_path / "known"
    with LocalSite(recorded_portal_routes()) as site:
        base = site.base_url
        assert _nightly(out, "-a", "name=pingtan_zxta", "-a", f"base_url={base}").returncode \
            == EXIT_PARTIAL
    later = _nightly(out, "-a", "name=pingtan_zxta", "-a", f"base_url={base}")  # site gone
    assert later.returncode == EXIT_UNREACHABLE, later.stdout[-2000:]  # not drift (2)
    assert _report(out)["template_drift"] == [] and _report(out)["unreachable"] == [
        "pingtan_zxta"]


@pytest.mark.slow
def test_a_start_page_without_reply_links_is_said_so(tmp_path):
    routes = recorded_portal_routes()
    reply = ZXTA + "202211/t20221103_38112.htm"
    with LocalSite(routes) as site:
        adhoc = _nightly(tmp_path / "adhoc", "-a", f"start_url={site.url(reply)}")
        site.routes[ZXTA] = routes[reply]  # the registry portal's list page is a reply now
        known = _nightly(tmp_path / "known", "-a", "name=pingtan_zxta",
                         "-a", f"base_url={site.base_url}")
    assert adhoc.returncode == EXIT_PARTIAL, adhoc.stdout[-2000:]
    assert "has no reply links" in adhoc.stderr
    [entry] = [e for e in _report(tmp_path / "adhoc")["urls"] if e["role"] == "list"]
    assert entry["outcome"] == "empty" and "no reply links" in entry["reason"]
    assert known.returncode == EXIT_DRIFT, known.stdout[-2000:]
    assert _report(tmp_path / "known")["template_drift"] == ["pingtan_zxta"]


@pytest.mark.slow
def test_a_report_that_cannot_be_written_is_one_line_and_exit_73(tmp_path):
    (tmp_path / "reports").write_text("a file where the reports folder should be")
    with LocalSite(recorded_portal_routes()) as site:
        run = _nightly(tmp_path, "-a", "name=pingtan_zxta", "-a", f"base_url={site.base_url}")
    assert run.returncode == 73, run.stderr[-2000:]
    last = run.stderr.strip().splitlines()[-1]
    assert last.startswith("govreply: error: cannot write the run report") and \
        "the run's exit code was 1" in last, last
    assert "report: not written" in run.stdout and "failed URLs (45)" in run.stdout
