"""Targets for WARCs without decision records, routed by today's discovery rules.

Our own WARCs from before decision records, and WARCs other crawlers wrote
(wget ``--warc-file``, Heritrix, browsertrix), say nothing of what became a
document. Their pages are routed the way the crawl routes them: for every
registry section whose start URLs are in the index, the list pages are read
back and their reply links and pagination followed (``corpus.discovery``);
each reply link resolves, redirects followed, to its latest capture. A section
captured from an origin that is not one of its hosts was crawled from a mirror:
documents are named by the portal's URLs (``corpus.urls.Mirror``). List-shaped
pages no registry section covers are routed as ad-hoc sections.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from archive.index import Capture, CdxjIndex
from archive.reader import ArchivedRecord, read_record_at
from corpus import discovery
from corpus.decision import Decision
from corpus.maker import CannotMake
from corpus.payloads import payload_of
from corpus.registry import Portal, Registry, adhoc_portal
from corpus.sections import Section, given_section, resolve_section
from corpus.urls import Mirror, origin_of

from .targets import Selection, Target

__all__ = ["Routing", "latest_capture", "read_capture", "routed_targets", "routings_for"]

logger = logging.getLogger(__name__)

MAX_REDIRECTS = 5
_LISTING_PATH_RE = re.compile(r"(?:/|/(?:index|default|list)(?:_\d+)?\.s?html?)$")


@dataclass(frozen=True)
class Routing:
    """A portal section as it was crawled from one origin."""

    portal: Portal
    start_urls: tuple[str, ...]  # as fetched
    mirror: Mirror


def _section_routings(portal: Portal, origins: list[str], index: CdxjIndex) -> list[Routing]:
    routings = []
    for origin in origins:
        from_mirror = urlsplit(origin).netloc.lower() not in portal.allowed_hosts
        mirror = Mirror(origin if from_mirror else None, portal.start_urls[0])
        starts = tuple(u for u in map(mirror.fetch_url, portal.start_urls) if index.lookup(u))
        if starts:
            routings.append(Routing(portal, starts, mirror))
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
    return [Routing(adhoc_portal(url), (url,), Mirror(None, url)) for url in starts
            if registry.portal_for_url(url) is None and not _covered(url, known)]


def routings_for(index: CdxjIndex, registry: Registry, portals: Iterable[str] = ()
                 ) -> list[Routing]:
    """Every registry section (or the named ones) found in the index, plus ad-hoc ones."""
    named = set(portals)
    wanted = [p for p in registry.all() if not named or p.name in named]
    origins = list(dict.fromkeys(origin_of(c.url) for c in index))
    routings = [r for p in wanted if p.start_urls for r in _section_routings(p, origins, index)]
    adhoc = _adhoc_routings(index, registry, routings)
    return routings + [r for r in adhoc if not named or r.portal.name in named]


# -- reading captures back ------------------------------------------------------------------
def latest_capture(index: CdxjIndex, url: str) -> Capture | None:
    """The latest capture of ``url`` after redirects, if it is a 200 response or a revisit."""
    for _ in range(MAX_REDIRECTS + 1):
        captures = [c for c in index.lookup(url) if c.record_type in ("response", "revisit")]
        if not captures:
            return None
        capture = captures[-1]
        if capture.record_type == "revisit" or capture.status == "200":
            return capture
        if not capture.status.startswith("3"):
            return None
        location = _location_header(capture)
        if not location:
            return None
        url = urljoin(capture.url, location)
    return None


def _location_header(capture: Capture) -> str | None:
    try:
        return read_record_at(capture.path, capture.offset).header("Location")
    except (OSError, ValueError):
        return None


def read_capture(index: CdxjIndex, capture: Capture) -> ArchivedRecord | None:
    """The record holding the payload of ``capture`` (a revisit resolved to its original)."""
    try:
        return payload_of(read_record_at(capture.path, capture.offset), index=index)
    except (OSError, ValueError, CannotMake) as exc:
        logger.warning("cannot read %s:%d: %s", capture.path, capture.offset, exc)
        return None


# -- routing ----------------------------------------------------------------------------------
def _reply_urls(routing: Routing, index: CdxjIndex, listing: set[str] | None = None
                ) -> Iterator[tuple[str, Section]]:
    """Reply links of the section's list pages, read with the family its start page
    settles (``corpus.sections``, as the crawl does), each with that section;
    ``listing`` collects the pages that turned out to be lists (they link replies)."""
    queue = list(routing.start_urls)
    seen: set[str] = set()
    section: Section | None = None
    while queue:
        url = queue.pop(0)
        capture = latest_capture(index, url)
        if capture is None or capture.url in seen:
            continue
        seen.add(capture.url)
        record = read_capture(index, capture)
        if record is None:
            continue
        html = record.text()
        if section is None:
            section = resolve_section(routing.portal, html,
                                      routing.mirror.portal_url(record.url))
        hosts = routing.portal.allowed_hosts if routing.mirror.fetch_base else ()
        links = discovery.find_reply_links(
            html, record.url, section_prefix=section.portal.section_prefix,
            link_selector=routing.portal.link_selector, platform=section.platform, hosts=hosts)
        if links and listing is not None:
            listing.update((capture.url, record.url))
        yield from ((routing.mirror.follow(link.url, hosts)[0], section) for link in links)
        queue.extend(routing.mirror.follow(page, hosts)[0] for page in
                     discovery.find_pagination(html, record.url, platform=section.platform))


def _draft_decision(section: Section, url: str, capture: Capture) -> Decision:
    """What the crawl would have decided; the worker fills in the payload and attachments."""
    page = capture.location
    portal = section.portal
    return Decision(document_url=url, portal=portal.name, hints=section.hints(), page=page,
                    payload=page, adhoc=portal.adhoc, section_prefix=portal.section_prefix,
                    link_selector=portal.link_selector, platform=section.platform)


def _picked_pages(index: CdxjIndex, registry: Registry, selection: Selection,
                  skip: set[str]) -> list[Target]:
    """With ``--url-prefix``: every archived HTML page under a prefix that routing did not
    reach (no list page links it; it links no replies itself): the user picked it."""
    targets = []
    for capture in index:
        url = capture.url
        if (capture.record_type != "response" or capture.status != "200"
                or "html" not in capture.mime or url in skip
                or not any(url.startswith(p) for p in selection.url_prefixes)):
            continue
        try:
            portal = registry.portal_for_url(url) or adhoc_portal(url)
        except ValueError:  # not an http(s) URL
            continue
        section = given_section(portal, portal.platform or "generic", "url-prefix")
        decision = _draft_decision(section, url, capture)
        targets.append(Target(path=str(capture.path), offset=capture.offset,
                              length=capture.length, url=url, timestamp=capture.timestamp,
                              decision=tuple(decision.fields()), routed=True,
                              mirror=(None, url)))
    return targets


def routed_targets(index: CdxjIndex, registry: Registry, selection: Selection) -> list[Target]:
    """One target per reply link of every routed section (its latest capture); with
    ``--url-prefix`` also the HTML pages under it that no list links (``_picked_pages``)."""
    only = selection.portals if selection and not selection.url_prefixes else ()
    targets = []
    lists: set[str] = set()
    for routing in routings_for(index, registry, only):
        for reply_url, section in _reply_urls(routing, index, lists):
            capture = latest_capture(index, reply_url)
            if capture is None:
                continue
            url = routing.mirror.portal_url(capture.url)
            if not selection.wants(routing.portal.name, url, capture.url):
                continue
            decision = _draft_decision(section, url, capture)
            targets.append(Target(path=str(capture.path), offset=capture.offset,
                                  length=capture.length, url=url, timestamp=capture.timestamp,
                                  decision=tuple(decision.fields()), routed=True,
                                  mirror=(routing.mirror.fetch_base, routing.mirror.portal_base)))
    if selection.url_prefixes:
        reached = lists | {t.url for t in targets} | {
            t.read_decision().page.target_uri for t in targets}
        targets += _picked_pages(index, registry, selection, reached)
    return targets

