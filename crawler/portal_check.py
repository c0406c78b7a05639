"""``scrapy portals check NAME``: fetch a portal's first list page, and say whether
discovery finds reply links there.

For a user with network access, before the first crawl of an entry (or when a
nightly reports template drift). One polite look per start URL: robots.txt is
obeyed, the crawl's User-Agent is sent, and at most one more page is fetched when
the start page lists nothing itself (a Hanweb column whose list is its API, a
section page of session folders): the first further list page discovery names.
Nothing is archived. ``base_url`` fetches from another origin under the portal's
paths, as ``scrapy crawl portal -a base_url=`` does.
"""

from __future__ import annotations

import time
import urllib.error
import urllib.request
import urllib.robotparser
from collections.abc import Callable
from dataclasses import dataclass, field

from archive.charset import decode_html
from corpus import discovery
from corpus.registry import Portal
from corpus.sections import Section, resolve_section
from corpus.urls import Mirror, origin_of

__all__ = ["Fetched", "ListCheck", "StartCheck", "check_portal", "fetch"]


@dataclass(frozen=True)
class Fetched:
    url: str  # after redirects
    status: int | None
    body: bytes = b""
    content_type: str | None = None
    error: str | None = None


def fetch(url: str, agent: str, timeout: float = 30) -> Fetched:
    """GET ``url``; HTTP errors and network failures are answers, not exceptions."""
    request = urllib.request.Request(url, headers={"User-Agent": agent})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return Fetched(response.geturl(), response.status, response.read(),
                           response.headers.get("Content-Type"))
    except urllib.error.HTTPError as exc:
        return Fetched(url, exc.code, error=f"HTTP {exc.code}")
    except (urllib.error.URLError, OSError, ValueError) as exc:
        return Fetched(url, None, error=str(getattr(exc, "reason", exc)))


@dataclass
class ListCheck:
    """One fetched list page and what discovery found on it."""

    url: str
    fetched: Fetched
    links: list[discovery.ReplyLink] = field(default_factory=list)
    pages: list[str] = field(default_factory=list)


@dataclass
class StartCheck:
    """One start URL: its page, the section's family, and the pages looked at."""

    start_url: str
    section: Section | None = None
    detected: discovery.Detection | None = None  # what the start page itself shows
    lists: list[ListCheck] = field(default_factory=list)
    refused: str | None = None  # why nothing was fetched (robots.txt)

    @property
    def reply_links(self) -> int:
        return sum(len(c.links) for c in self.lists)

    @property
    def reachable(self) -> bool:
        return any(c.fetched.status == 200 for c in self.lists)


def _robots(origin: str, get: Callable[[str], Fetched]) -> urllib.robotparser.RobotFileParser:
    """The origin's robots.txt; none (404) or none reachable forbids nothing."""
    parser = urllib.robotparser.RobotFileParser()
    robots = get(origin + "/robots.txt")
    lines = decode_html(robots.body, robots.content_type).splitlines() \
        if robots.status == 200 else []
    parser.parse(lines)
    return parser


def _read_list(url: str, portal_url: str, fetched: Fetched, section: Section | None,
               portal: Portal, platform: str | None) -> tuple[ListCheck, Section | None]:
    check = ListCheck(url, fetched)
    if fetched.status != 200:
        return check, section
    html = decode_html(fetched.body, fetched.content_type)
    section = section or resolve_section(portal, html, portal_url, platform)
    check.links = discovery.find_reply_links(
        html, fetched.url, section_prefix=section.portal.section_prefix,
        link_selector=portal.link_selector, platform=section.platform)
    check.pages = discovery.find_pagination(html, fetched.url, platform=section.platform)
    return check, section


def check_portal(portal: Portal, *, agent: str, base_url: str | None = None,
                 platform: str | None = None, delay: float = 1.0,
                 get: Callable[[str], Fetched] | None = None) -> list[StartCheck]:
    """Look at every start URL of ``portal`` (see the module docstring)."""
    get = get or (lambda u: fetch(u, agent))
    mirror = Mirror(base_url.rstrip("/") if base_url else None, portal.start_urls[0])
    results = []
    robots: dict[str, urllib.robotparser.RobotFileParser] = {}
    for start in portal.start_urls:
        result = StartCheck(start)
        results.append(result)
        url = mirror.fetch_url(start)
        origin = origin_of(url)
        if origin not in robots:
            robots[origin] = _robots(origin, get)
        if not robots[origin].can_fetch("govreply", url):
            result.refused = "robots.txt disallows it for govreply"
            continue
        fetched = get(url)
        check, result.section = _read_list(url, start, fetched, None, portal, platform)
        if fetched.status == 200:
            result.detected = discovery.detect_platform(
                decode_html(fetched.body, fetched.content_type), start)
        result.lists.append(check)
        if not check.links and check.pages:
            time.sleep(delay)
            nxt = check.pages[0]
            more, _ = _read_list(nxt, mirror.portal_url(nxt), get(nxt), result.section,
                                 portal, platform)
            result.lists.append(more)
        time.sleep(delay)
    return results
