"""The reliability suite's crawl trials: nightlies killed, run out of disk, run side by side.

- ``nightly_argv`` / ``run_nightly``: ``scrapy nightly`` of the recorded Pingtan sections in
  a subprocess (through ``crawl_child``, so that an injected ENOSPC works where no tmpfs
  can be mounted), optionally with a fault point armed;
- ``crawl_check``: what must hold after a trial and the run that follows it: every
  finished WARC passes ``warcio check`` and is indexed, no ``.open`` left, no document
  pair torn, no reply whose text the state committed without its document (no document
  lost), and every URL the last run tried is counted once in its report, every failure
  listed with its reason.
"""

from __future__ import annotations

import base64
import json
import os
import sqlite3
import sys
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

from corpus.layout import DocumentPaths, OutputLayout
from crawler.localsite import LocalSite, Route, recorded_portal_routes

from ..helpers import FAST
from .harness import FaultRun, check_warcs, index_gaps, run_and_kill, run_until_fault

__all__ = ["BIG_REPLY", "CrawlCheck", "clean_documents", "crawl_check", "documents",
           "nightly_argv", "run_nightly", "trial_routes"]

ZXTA = "/zwgk/zdlyxxgk/yata/zxta/"
BIG_REPLY = ZXTA + "202602/t20260203_104987.htm"  # unrecorded in the corpus: served big here


def trial_routes(big: bool = True) -> dict[str, Route]:
    """The recorded Pingtan pages, and one reply page of 3.5 MB that hardly compresses
    (its record is written in pieces, so ``warc.mid_record`` fires inside it)."""
    routes = recorded_portal_routes()
    if big:
        base = routes[ZXTA + "202211/t20221103_38112.htm"].body.decode("utf-8")
        noise = base64.b64encode(os.urandom(2_400_000)).decode("ascii")  # hardly compresses
        filler = "".join(f"<p>附表第{n // 80}段：{noise[n:n + 80]}</p>"
                         for n in range(0, len(noise), 80))
        routes[BIG_REPLY] = Route(base.replace("</body>", filler + "</body>").encode("utf-8"))
    return routes


def nightly_argv(site: LocalSite, out: Path, *extra: str, portal: str = "all",
                 settings: dict[str, str] | None = None) -> list[str]:
    command = [sys.executable, "-m", "tests.faults.crawl_child", "nightly",
               "-a", f"name={portal}", "-a", f"base_url={site.base_url}", *extra]
    for name, value in {**FAST, "GOVREPLY_OUTPUT_DIR": str(out), "LOG_LEVEL": "INFO",
                        **(settings or {})}.items():
        command += ["-s", f"{name}={value}"]
    return command


def run_nightly(site: LocalSite, out: Path, *extra: str, point: str | None = None,
                kill_after: float | None = None, enospc_after: int | None = None,
                portal: str = "all", settings: dict[str, str] | None = None,
                timeout: float = 300) -> FaultRun:
    """One nightly: a fault point armed, or SIGKILL after ``kill_after`` s, or none."""
    env = {"GOVREPLY_TEST_ENOSPC_AFTER": str(enospc_after)} if enospc_after is not None else {}
    argv = nightly_argv(site, out, *extra, portal=portal, settings=settings)
    if kill_after is not None:
        return run_and_kill(argv, kill_after, env=env)
    return run_until_fault(argv, point, timeout=timeout, env=env)


def documents(out: Path) -> dict[str, str]:
    """Document path (under text/) -> text, for every complete current pair."""
    found = {}
    for text in sorted((out / "text").rglob("*.txt")):
        pair = DocumentPaths(text.parent, text.stem)
        if ".v" not in text.stem and pair.complete() is not None:
            found[str(text.relative_to(out / "text"))] = text.read_text("utf-8")
    return found


@dataclass
class CrawlCheck:
    """What a trial left, once the next run has run."""

    warc_check_failed: bool = False
    index_gaps: list[str] = field(default_factory=list)
    left_open: int = 0
    torn: list[str] = field(default_factory=list)
    lost: list[str] = field(default_factory=list)  # expected documents missing
    committed_without_document: list[str] = field(default_factory=list)
    uncounted: list[str] = field(default_factory=list)  # report problems
    documents: int = 0
    records: int = 0

    @property
    def ok(self) -> bool:
        return not (self.warc_check_failed or self.index_gaps or self.left_open or self.torn
                    or self.lost or self.committed_without_document or self.uncounted)


def _committed(out: Path) -> list[str]:
    """Replies whose text digest the state committed."""
    if not (out / "state.sqlite3").exists():
        return []
    with closing(sqlite3.connect(f"file:{out / 'state.sqlite3'}?mode=ro", uri=True)) as db:
        rows = db.execute("SELECT url, text_digest FROM urls WHERE kind = 'reply' AND "
                          "text_digest IS NOT NULL").fetchall()
    layout = OutputLayout(out)
    missing = []
    for url, digest in rows:
        sidecar = layout.document(url).complete()
        versions = [layout.document(url).version(n).complete() for n in range(1, 5)]
        if not any(s and s.get("text_sha1") == digest for s in [sidecar, *versions]):
            missing.append(url)
    return missing


def _report_problems(out: Path, report_path: Path | None) -> list[str]:
    """The last report counts every reply link once and lists every failure with a reason."""
    if report_path is None:
        reports = sorted((out / "reports").glob("*.json"))
        if not reports:
            return ["no report"]
        report_path = reports[-1]
    report = json.loads(report_path.read_text("utf-8"))
    problems = []
    for entry in report.get("urls", []):
        if not entry.get("reason"):
            problems.append(f"{entry['url']}: no reason")
    for name, counts in report.get("portals", {}).items():
        if counts.get("pending"):
            problems.append(f"{name}: {counts['pending']} pending after a finished run")
    return problems


def crawl_check(out: Path, expected: dict[str, str] | None) -> CrawlCheck:
    """Check ``out`` after the run that followed a trial; ``expected`` is a clean run's
    ``documents()`` (None: do not compare)."""
    warc_dir = out / "warc"
    check = check_warcs(warc_dir) if warc_dir.exists() else None
    present = documents(out)
    torn = [str(t.relative_to(out)) for t in (out / "text").rglob("*.txt")
            if DocumentPaths(t.parent, t.stem).torn()] if (out / "text").exists() else []
    from .harness import record_keys

    warcs = sorted(warc_dir.glob("*.warc.gz")) if warc_dir.exists() else []
    return CrawlCheck(
        warc_check_failed=check is not None and check.returncode != 0,
        index_gaps=index_gaps(warc_dir) if warc_dir.exists() else [],
        left_open=len(list(warc_dir.glob("*.open"))) if warc_dir.exists() else 0,
        torn=torn,
        lost=sorted(set(expected or {}) - set(present)),
        committed_without_document=_committed(out),
        uncounted=_report_problems(out, None),
        documents=len(present),
        records=len(record_keys(warcs)),
    )


def clean_documents(tmp: Path) -> dict[str, str]:
    """The documents of an undisturbed nightly of the trial site (the yardstick)."""
    out = tmp / "clean"
    with LocalSite(trial_routes()) as site:
        run = run_nightly(site, out)
    if run.returncode not in (0, 1):
        raise AssertionError(f"the clean run failed ({run.returncode}):\n{run.stderr[-3000:]}")
    return documents(out)

