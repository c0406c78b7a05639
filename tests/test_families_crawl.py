"""Every family's replica crawled by ``scrapy nightly`` from its start URL alone, twice.

Run 1 archives and cleans every reply of the section and nothing else: the documents'
URLs are exactly the replica's reply pages (reply-link recall and precision 1.0 as the
crawl measures them: documents written against reply pages served), no list, API or
navigation page becomes a document, every attachment is fetched and cited, and the
sidecars, decision records and the run report name the family. The seed portals'
replicas are crawled through their registry entries (``-a name= -a base_url=``), and
the seed's document equals its hand-written gold (``tests/data/families``). gkmlpt,
whose API links absolute portal URLs, is crawled through a registry of one's own
(``GOVREPLY_PORTALS``). Run 2 (every page revalidated) archives only revisits. The
held-out replica (another template of a family) is crawled as completely. API answers
(JSON and XML) replay in pywb as captures.
"""

from __future__ import annotations

import json
import os
import subprocess
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from warcio.archiveiterator import ArchiveIterator

from archive.reader import iter_records
from corpus.decision import read_decision
from corpus.registry import adhoc_portal

from .helpers import REPO, warcio_check
from .sites.families import HELD_OUT, MIRROR_ONLY, REPLICAS, replica
from .sites.families.kit import gold_document, serve
from .sites.families.walk import registry_portal

pytestmark = pytest.mark.slow


@dataclass
class Run:
    result: subprocess.CompletedProcess[str]
    report: dict
    warcs: list[Path]
    hits: list


@dataclass
class Crawl:
    name: str
    out: Path
    base: str
    portal_origin: str  # what documents are named by: the portal's origin, or the replica's
    runs: list[Run]

    def url(self, path: str) -> str:
        return self.portal_origin + path

    def sidecars(self) -> dict[str, dict]:
        folder = self.out / "text" / urlsplit(self.portal_origin).hostname
        return {json.loads(p.read_text("utf-8"))["url"]: json.loads(p.read_text("utf-8"))
                for p in sorted(folder.glob("*.json")) if ".v" not in p.name}


def _scrapy(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    command = [os.sys.executable, "-m", "scrapy", *args]
    for name, value in {"DOWNLOAD_DELAY": "0", "AUTOTHROTTLE_ENABLED": "False",
                        "LOG_LEVEL": "INFO", "TELNETCONSOLE_ENABLED": "False"}.items():
        command += ["-s", f"{name}={value}"]
    return subprocess.run(command, cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO), **env},
                          capture_output=True, text=True, timeout=300)


def _nightly(site, out: Path, spider_args: list[str], env: dict[str, str], **settings) -> Run:
    before = set((out / "warc").glob("*.warc.gz"))
    site.hits.clear()
    args = ["nightly", *spider_args, "-s", f"GOVREPLY_OUTPUT_DIR={out}"]
    for name, value in settings.items():
        args += ["-s", f"{name}={value}"]
    result = _scrapy(args, env)
    reports = sorted((out / "reports").glob("*.json"), key=lambda p: p.stat().st_mtime_ns)
    report = json.loads(reports[-1].read_text("utf-8")) if reports else {}
    return Run(result, report, sorted(set((out / "warc").glob("*.warc.gz")) - before),
               list(site.hits))


def _own_registry(tmp: Path, name: str) -> Path:
    portal = registry_portal(replica(name))
    path = tmp / "portals.toml"
    path.write_text(
        "[[portal]]\n"
        f'name = "{portal.name}"\nkind = "{portal.kind}"\n'
        f"start_urls = {json.dumps(list(portal.start_urls))}\n"
        f"allowed_hosts = {json.dumps(list(portal.allowed_hosts))}\n"
        "checked = false\nnotes = \"a replica's entry, in a registry of one's own\"\n",
        encoding="utf-8")
    return path


@pytest.fixture(scope="module", params=REPLICAS)
def crawl(request, tmp_path_factory) -> Crawl:
    name = request.param
    site_replica = replica(name)
    out = tmp_path_factory.mktemp(f"crawl-{name}")
    env: dict[str, str] = {}
    with serve(site_replica) as site:
        if site_replica.registry or name in MIRROR_ONLY:
            if name in MIRROR_ONLY:
                env["GOVREPLY_PORTALS"] = str(_own_registry(out, name))
            entry = site_replica.registry or registry_portal(site_replica).name
            args, origin = ["-a", f"name={entry}", "-a", f"base_url={site.base_url}"], \
                site_replica.origin
        else:
            args, origin = ["-a", f"start_url={site.url(site_replica.starts[0])}"], \
                site.base_url
        runs = [_nightly(site, out, args, env)]
        runs.append(_nightly(site, out, args, env, GOVREPLY_STOP_AT_KNOWN_PAGE="False"))
    return Crawl(name, out, site.base_url, origin, runs)


def _records(paths: list[Path]) -> list[tuple[str, str]]:
    found = []
    for path in paths:
        with open(path, "rb") as fh:
            for record in ArchiveIterator(fh):
                if record.rec_type in ("response", "revisit"):
                    found.append((record.rec_type, record.rec_headers.get_header(
                        "WARC-Target-URI")))
    return found


def _path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + ("?" + parts.query if parts.query else "")


def test_first_run_writes_exactly_the_replies(crawl, record_property):
    run = crawl.runs[0]
    assert run.result.returncode == 0, run.result.stderr[-3000:]
    site = replica(crawl.name)
    written = {_path(url) for url in crawl.sidecars()}
    expected = site.reply_paths
    hits = written & expected
    recall, precision = len(hits) / len(expected), len(hits) / max(len(written), 1)
    record_property("recall", recall)
    record_property("precision", precision)
    assert (recall, precision) == (1.0, 1.0), (written - expected, expected - written)
    assert not written & (set(site.lists) | set(site.decoys))  # no list or navigation page


def test_first_run_fetches_lists_and_attachments_and_nothing_else(crawl):
    site = replica(crawl.name)
    fetched = {h.path for h in crawl.runs[0].hits}
    attachments = {a.path for r in site.replies for a in r.attachments}
    assert set(site.lists) <= fetched  # every list page (API pages too)
    assert attachments and attachments <= fetched
    assert fetched <= set(site.lists) | site.reply_paths | attachments | {"/robots.txt"}
    cited = {_path(a["url"]) for s in crawl.sidecars().values() for a in s["attachments"]}
    assert attachments <= cited


def test_family_is_named_in_sidecars_decisions_and_report(crawl):
    site = replica(crawl.name)
    assert {s["platform"] for s in crawl.sidecars().values()} == {site.family}
    decisions = [d for path in crawl.runs[0].warcs
                 for record in iter_records(path, types=("metadata",))
                 if (d := read_decision(record)) is not None]
    assert decisions and {d.platform for d in decisions} == {site.family}
    [entry] = crawl.runs[0].report["platforms"].values()
    assert entry["platform"] == site.family
    assert entry["source"] == ("registry" if site.registry else "detected")
    assert entry["evidence"]


def test_seed_replies_give_their_gold(crawl):
    site = replica(crawl.name)
    for reply in (r for r in site.replies if r.gold):
        stem_sidecar = crawl.sidecars()[crawl.url(reply.path)]
        folder = crawl.out / "text" / urlsplit(crawl.portal_origin).hostname
        text = next(p for p in folder.glob("*.txt")
                    if json.loads(p.with_suffix(".json").read_text("utf-8"))["url"]
                    == stem_sidecar["url"]).read_text("utf-8")
        assert text == gold_document(reply.gold)


def test_every_reply_document_has_its_title(crawl):
    site = replica(crawl.name)
    sidecars = crawl.sidecars()
    for reply in site.replies:
        sidecar = sidecars[crawl.url(reply.path)]
        title = gold_document(reply.gold).split("\n")[6] if reply.gold else reply.text.title
        assert sidecar["title"] == title, reply.path


def test_second_run_archives_only_revisits(crawl):
    run = crawl.runs[1]
    assert run.result.returncode == 0, run.result.stderr[-3000:]
    assert warcio_check(run.warcs).returncode == 0
    records = _records(run.warcs)
    responses = [u for t, u in records if t == "response" and not u.endswith("/robots.txt")]
    assert responses == []
    site = replica(crawl.name)
    revisited = {_path(u) for t, u in records if t == "revisit"}
    assert site.reply_paths | set(site.lists) <= revisited
    counts = next(iter(run.report["portals"].values()))
    assert (counts["new"], counts["changed"], counts["failed"]) == (0, 0, 0)
    assert counts["unchanged"] == len(site.replies)


def test_held_out_replica_is_one_of_them():
    assert HELD_OUT in REPLICAS
    assert replica(HELD_OUT).family in {replica(n).family for n in REPLICAS if n != HELD_OUT}


def test_api_answers_replay_in_pywb(tmp_path, pywb):
    """A crawl of the Hanweb replica: its JSON (unit API) and XML (dataproxy) answers are
    captures pywb replays byte for byte."""
    site_replica = replica("hanweb")
    out = tmp_path / "out"
    with serve(site_replica) as site:
        run = _nightly(site, out, ["-a", f"start_url={site.url(site_replica.starts[1])}"], {})
        run2 = _nightly(site, out, ["-a", f"start_url={site.url(site_replica.starts[0])}"], {})
    assert run.result.returncode == 0 and run2.result.returncode == 0
    base = pywb(out / "warc")
    apis = [p for p, (_, kind) in site_replica.lists.items() if "html" not in kind]
    assert any("json" in site_replica.lists[p][1] for p in apis)
    assert any("xml" in site_replica.lists[p][1] for p in apis)
    for path in apis:
        with urllib.request.urlopen(f"{base}/govreply/2id_/{site.base_url}{path}",
                                    timeout=30) as answer:
            assert answer.read() == site_replica.lists[path][0], path
    assert adhoc_portal(site.url(site_replica.starts[0])).section_prefix  # (ad-hoc sections)


@pytest.mark.parametrize("mode", ["decisions", "route"])
@pytest.mark.parametrize("name", ["hanweb", "gkmlpt", "asp"])
def test_reclean_gives_the_crawls_documents(crawl_docs, name, mode, tmp_path):
    """``scrapy reclean`` over the crawl's WARCs, from its decision records or routed by
    today's rules (``--route``: the same families, list APIs and embedded articles)."""
    out, env, texts = crawl_docs(name)
    again = tmp_path / "again"
    args = ["reclean", str(out / "warc"), "-O", str(again), "--progress", "log"]
    result = _scrapy([*args, "--route"] if mode == "route" else args, env)
    assert result.returncode == 0, result.stderr[-3000:]
    host = urlsplit(replica(name).origin).hostname
    redone = {p.name: p.read_text("utf-8") for p in (again / "text" / host).glob("*.txt")}
    assert redone == texts


@pytest.fixture(scope="module")
def crawl_docs(tmp_path_factory):
    """One registry crawl per replica (fetched from the replica as a mirror), its documents."""
    done: dict[str, tuple[Path, dict[str, str], dict[str, str]]] = {}

    def get(name: str):
        if name not in done:
            site_replica = replica(name)
            out = tmp_path_factory.mktemp(f"reclean-{name}")
            env = {}
            entry = site_replica.registry
            if entry is None:
                env["GOVREPLY_PORTALS"] = str(_own_registry(out, name))
                entry = registry_portal(site_replica).name
            with serve(site_replica) as site:
                run = _nightly(site, out, ["-a", f"name={entry}", "-a",
                                           f"base_url={site.base_url}"], env)
            assert run.result.returncode == 0, run.result.stderr[-3000:]
            host = urlsplit(site_replica.origin).hostname
            texts = {p.name: p.read_text("utf-8") for p in (out / "text" / host).glob("*.txt")}
            assert len(texts) == len(site_replica.replies)
            done[name] = (out, env, texts)
        return done[name]

    return get


def test_a_forced_platform_is_used_and_named(tmp_path):
    """``-a platform=generic`` on the VSB replica: the generic rules read it (the list's
    folder as the section, so its /info/ replies are outside), and the report says so."""
    site_replica = replica("vsb")
    with serve(site_replica) as site:
        start = f"start_url={site.url(site_replica.starts[0])}"
        forced = _nightly(site, tmp_path / "forced", ["-a", start, "-a", "platform=generic"], {})
        refused = _scrapy(["crawl", "portal", "-a", start, "-a", "platform=wordpress"], {})
    [entry] = forced.report["platforms"].values()
    assert (entry["platform"], entry["source"], entry["evidence"]) == ("generic", "argument",
                                                                       "given")
    assert not (tmp_path / "forced" / "text").exists() or not list(
        (tmp_path / "forced" / "text").rglob("*.txt"))
    assert refused.returncode != 0 and "unknown platform 'wordpress'" in refused.stderr
