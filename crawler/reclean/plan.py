"""Which archived records become documents, and under which names.

Decided the way the crawl decides: the crawl writes a document for each page it
reached as a reply link of a list page of a portal section. The portal registry
(``crawler/portals.toml``) gives each section's start URLs, section prefix and
link selector; start URLs found in the index are read back and routed with the
crawl's own rules (``spiders.discovery`` reply links and pagination), and each
reply link is resolved (redirects followed) to its latest capture. A crawl from a
mirror (``-a base_url=``) is recognised by captures of a start URL's path on an
origin outside the portal's hosts; documents are then named by the portal's URL
(rebased onto its first start URL), exactly as the spiders name them. Archived
list-shaped pages that no registry section covers (``scrapy crawl portal -a
start_url=...``) are routed as ad-hoc sections, like ``spiders.portal`` does.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from urllib.parse import urljoin, urlsplit

from archive.index import Capture, CdxjIndex
from archive.reader import ArchivedRecord, read_record_at, resolve_revisit
from crawler.documents import document_stem, portal_of
from crawler.portals import Portal, Registry, load_registry
from spiders import discovery
from spiders.base import rebase_url
from spiders.portal import adhoc_portal

__all__ = ["Routing", "Target", "latest_capture", "plan_documents", "read_payload",
           "routings_for"]

logger = logging.getLogger(__name__)

MAX_REDIRECTS = 5
_LISTING_PATH_RE = re.compile(r"(?:/|/(?:index|default|list)(?:_\d+)?\.s?html?)$")


@dataclass(frozen=True)
class Target:
    """One record that becomes one document."""

    path: str  # the WARC holding the record
    offset: int
    url: str  # the document's URL (the portal's own address): names the files
    portal: str
    timestamp: str = ""
    length: int = 0  # the record's length in the file, from the index
    rebase: str | None = None  # map fetched URLs onto this origin (mirror crawl)
    hints: dict | None = None  # PortalHints fields the crawl passed to the cleaner

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Routing:
    """A portal section as it was crawled from one origin."""

    portal: Portal
    start_urls: tuple[str, ...]  # as fetched
    rebase: str | None = None  # the portal's first start URL, when fetched from a mirror

    def portal_url(self, fetched_url: str) -> str:
        return rebase_url(fetched_url, self.rebase) if self.rebase else fetched_url


def _origins(index: CdxjIndex) -> list[str]:
    found = {}
    for capture in index:
        parts = urlsplit(capture.url)
        found[f"{parts.scheme}://{parts.netloc}"] = None
    return list(found)


def _section_routings(portal: Portal, origins: list[str], index: CdxjIndex) -> list[Routing]:
    routings = []
    for origin in origins:
        mirror = urlsplit(origin).netloc.lower() not in portal.allowed_hosts
        starts = tuple(rebase_url(u, origin) if mirror else u for u in portal.start_urls)
        starts = tuple(u for u in starts if index.lookup(u))
        if starts:
            routings.append(Routing(portal, starts, portal.start_urls[0] if mirror else None))
    return routings


def _covered(url: str, routings: list[Routing]) -> bool:
    """Whether a registry section crawled from ``url``'s origin covers it."""
    parts = urlsplit(url)
    for routing in routings:
        start = urlsplit(routing.start_urls[0])
        prefix = routing.portal.section_prefix or ""
        if start.netloc == parts.netloc and parts.path.startswith(prefix):
            return True
    return False


def _adhoc_routings(index: CdxjIndex, registry: Registry, known: list[Routing]
                    ) -> list[Routing]:
    starts = sorted({c.url for c in index if c.record_type == "response" and c.status == "200"
                     and "html" in c.mime and _LISTING_PATH_RE.search(urlsplit(c.url).path)})
    return [Routing(adhoc_portal(url), (url,)) for url in starts
            if registry.portal_for_url(url) is None and not _covered(url, known)]


def routings_for(index: CdxjIndex, registry: Registry | None = None,
                 portals: Iterable[str] | None = None) -> list[Routing]:
    """Every registry section (or the named ones) found in the index, plus ad-hoc ones."""
    registry = registry or load_registry()
    wanted = [registry.get(n) for n in portals] if portals else registry.all()
    origins = _origins(index)
    routings = [r for p in wanted if p.start_urls for r in _section_routings(p, origins, index)]
    if not portals:
        routings += _adhoc_routings(index, registry, routings)
    return routings


# -- reading captures back ------------------------------------------------------------------
def latest_capture(index: CdxjIndex, url: str) -> Capture | None:
    """The latest capture of ``url`` after redirects, if it is a 200 response or a revisit."""
    for _ in range(MAX_REDIRECTS + 1):
        captures = index.lookup(url)
        if not captures:
            return None
        capture = captures[-1]
        if capture.record_type == "revisit" or capture.status == "200":
            return capture
        if not capture.status.startswith("3"):
            return None
        location = _location(capture)
        if not location:
            return None
        url = urljoin(capture.url, location)
    return None


def _location(capture: Capture) -> str | None:
    try:
        return read_record_at(capture.path, capture.offset).header("Location")
    except (OSError, ValueError):
        return None


def read_payload(index: CdxjIndex, capture: Capture) -> ArchivedRecord | None:
    """The record of ``capture`` with its payload (a revisit resolved to its original)."""
    try:
        record = read_record_at(capture.path, capture.offset)
    except (OSError, ValueError) as exc:
        logger.warning("cannot read %s:%d: %s", capture.path, capture.offset, exc)
        return None
    if record.record_type == "revisit":
        original = resolve_revisit(record, index)
        if original is None:
            return None
        record.payload = original.payload
    return record


# -- routing ----------------------------------------------------------------------------------
def _reply_urls(routing: Routing, index: CdxjIndex) -> Iterator[str]:
    portal = routing.portal
    queue = list(routing.start_urls)
    seen: set[str] = set()
    while queue:
        url = queue.pop(0)
        capture = latest_capture(index, url)
        if capture is None or capture.url in seen:
            continue
        seen.add(capture.url)
        record = read_payload(index, capture)
        if record is None:
            continue
        html = record.text()
        yield from (link.url for link in discovery.find_reply_links(
            html, record.url, section_prefix=portal.section_prefix,
            link_selector=portal.link_selector))
        queue.extend(discovery.find_pagination(html, record.url))


def plan_documents(index: CdxjIndex, routings: Iterable[Routing]) -> list[Target]:
    """Every document to write: one target per document name, its latest capture."""
    chosen: dict[str, Target] = {}
    for routing in routings:
        for reply_url in _reply_urls(routing, index):
            capture = latest_capture(index, reply_url)
            if capture is None:
                continue
            url = routing.portal_url(capture.url)
            target = Target(str(capture.path), capture.offset, url, portal_of(url),
                            capture.timestamp, capture.length, routing.rebase,
                            asdict(routing.portal.hints()))
            key = document_stem(url)
            old = chosen.get(key)
            if old is None or (old.timestamp, old.path, old.offset) < (
                    target.timestamp, target.path, target.offset):
                chosen[key] = target
    return sorted(chosen.values(), key=lambda t: (t.path, t.offset))
