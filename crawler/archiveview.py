"""Looking into an output directory from the shell: what ``scrapy archive`` prints.

``captures`` (``ls``): every capture of a URL in the CDXJ indexes, the portal-URL
index included, so a document's sidecar ``url`` finds a crawl from a mirror;
``show_record`` (``show``): one capture's WARC and HTTP headers (a revisit with the
record it refers to); ``document_text`` (``text``): the document named after a URL;
``portal_stats`` (``stats``): per portal, from the crawl state, replies, versions,
gone, failures and the last fetch. Each returns lines to print, or raises
``NotFound`` with one line to say why not.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass

from archive.index import Capture, CdxjIndex
from archive.reader import ArchivedRecord, read_record_at, resolve_revisit
from corpus.layout import OutputLayout
from corpus.urls import canonical_url
from crawler.state import CrawlState, UrlRecord

__all__ = ["NotFound", "PortalStats", "captures", "document_text", "portal_stats",
           "show_record"]


class NotFound(LookupError):
    """Nothing of that name in this output directory (one line for stderr)."""


def _index(layout: OutputLayout) -> CdxjIndex:
    if not layout.warc_dir.is_dir():
        raise NotFound(f"no WARC directory at {layout.warc_dir}")
    return CdxjIndex([layout.warc_dir])


def _lookup(layout: OutputLayout, url: str) -> list[Capture]:
    found = _index(layout).lookup(url)
    if not found:
        raise NotFound(f"no capture of {url} in {layout.warc_dir}")
    return found


def captures(layout: OutputLayout, url: str) -> list[str]:
    """One line per capture of ``url``, oldest first."""
    lines = []
    for c in _lookup(layout, url):
        kind = "revisit" if c.record_type == "revisit" else f"{c.status or '-':>3}"
        fetched = "" if c.url == url else f"  (fetched as {c.url})"
        lines.append(f"{c.timestamp}  {kind}  {c.mime or '-'}  {c.filename}:{c.offset}"
                     f"{fetched}")
    return lines


def _pick(found: list[Capture], at: str | None) -> Capture:
    if at is None:
        return found[-1]
    chosen = [c for c in found if c.timestamp.startswith(at)]
    if not chosen:
        raise NotFound(f"no capture at {at}; captures: {', '.join(c.timestamp for c in found)}")
    return chosen[-1]


def _record_lines(record: ArchivedRecord) -> list[str]:
    lines = [f"{name}: {value}" for name, value in record.warc_headers.items()]
    if record.status is not None:
        lines += ["", f"HTTP status: {record.status}"]
        lines += [f"{name}: {value}" for name, value in record.http_headers]
    return lines


def show_record(layout: OutputLayout, url: str, at: str | None = None) -> list[str]:
    """The WARC and HTTP headers of the latest capture of ``url`` (or the one at ``at``,
    a timestamp prefix), and what its payload is."""
    capture = _pick(_lookup(layout, url), at)
    record = read_record_at(capture.path, capture.offset)
    lines = [f"# {capture.path}:{capture.offset} ({capture.length} bytes)", *_record_lines(record)]
    payload = record
    if record.record_type == "revisit":
        payload = resolve_revisit(record, _index(layout))
        if payload is None:
            return [*lines, "", "# revisit: its original is not in this archive"]
        lines += ["", f"# revisit of {payload.path.name}:{payload.offset} ({payload.date})"]
    digest = hashlib.sha1(payload.payload).hexdigest()
    lines += ["", f"# payload: {len(payload.payload)} bytes decoded, sha1 {digest}"]
    return lines


def document_text(layout: OutputLayout, url: str, sidecar: bool = False) -> str:
    """The document named after ``url`` (the portal's own address), or its sidecar."""
    paths = layout.document(url)
    if not paths.exists():
        raise NotFound(f"no document for {canonical_url(url)} (expected {paths.text})")
    if sidecar:
        return json.dumps(paths.read_sidecar(), ensure_ascii=False, indent=1)
    return paths.text.read_text(encoding="utf-8")


@dataclass
class PortalStats:
    """What the crawl state says of one portal."""

    portal: str
    replies: int = 0
    versions: int = 0  # text versions over all replies (a reply edited once has 2)
    gone: int = 0
    failed: int = 0  # replies whose last answer was neither 200 nor 304, and not gone
    attachments: int = 0
    attachments_failed: int = 0
    last_fetch: str = ""

    def add(self, record: UrlRecord) -> None:
        failed = record.gone_since is None and record.status not in (200, 304)
        if record.kind == "reply":
            self.replies += 1
            self.versions += max(record.version, 1 if record.text_digest else 0)
            self.gone += record.gone_since is not None
            self.failed += failed
        elif record.kind == "attachment":
            self.attachments += 1
            self.attachments_failed += failed
        self.last_fetch = max(self.last_fetch, record.last_seen or "")


def portal_stats(layout: OutputLayout) -> list[PortalStats]:
    """Per portal, from ``state.sqlite3``."""
    if not layout.state_db.exists():
        raise NotFound(f"no crawl state at {layout.state_db}")
    by_portal: dict[str, PortalStats] = {}
    with CrawlState(layout.state_db) as state:
        for record in state.urls():
            by_portal.setdefault(record.portal, PortalStats(record.portal)).add(record)
    return [by_portal[name] for name in sorted(by_portal)]


def stats_lines(stats: Iterable[PortalStats]) -> list[str]:
    """A table: one line per portal."""
    header = (f"{'portal':<28} {'replies':>7} {'versions':>8} {'gone':>5} {'failed':>6} "
              f"{'attach.':>7} {'failed':>6}  last fetch")
    rows = [f"{s.portal:<28} {s.replies:>7} {s.versions:>8} {s.gone:>5} {s.failed:>6} "
            f"{s.attachments:>7} {s.attachments_failed:>6}  {s.last_fetch}" for s in stats]
    return [header, *rows]
