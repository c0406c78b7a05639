"""Discovery over a replica, in process: every list page from the start URLs on.

``walk`` reads the replica's routes as the crawl would (the body decoded by
``archive.charset.decode_html``, the family settled on each start page by
``corpus.sections.resolve_section``, reply links and pagination by
``corpus.discovery``), without Scrapy or sockets. ``Measure`` compares what it
found with the replica's own lists: reply-link recall and precision, and whether
every list page, and nothing else, was read as a list.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from archive.charset import decode_html
from corpus import discovery
from corpus.registry import Portal, adhoc_portal, load_registry
from corpus.sections import Section, resolve_section
from corpus.urls import Mirror

from .kit import Replica, Routes

LOCAL = "http://127.0.0.1:8000"


def _path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + ("?" + parts.query if parts.query else "")


@dataclass
class Walk:
    replies: set[str] = field(default_factory=set)  # paths of the reply links found
    lists: set[str] = field(default_factory=set)  # paths read as list pages
    missing: set[str] = field(default_factory=set)  # list pages announced but not served
    sections: list[Section] = field(default_factory=list)


@dataclass(frozen=True)
class Measure:
    replica: str
    family: str
    detected: tuple[str, ...]
    recall: float
    precision: float
    lists_exact: bool

    def row(self) -> str:
        return (f"{self.replica:<16} {self.family:<10} detected {','.join(self.detected):<18} "
                f"recall {self.recall:.2f}  precision {self.precision:.2f}  "
                f"lists {'exact' if self.lists_exact else 'WRONG'}")


def registry_portal(replica: Replica) -> Portal:
    """The replica's registry entry: the seed portal's, else one made for it (as a user's
    own registry would hold it)."""
    if replica.registry:
        return load_registry().get(replica.registry)
    host = urlsplit(replica.origin).netloc
    return Portal(name=f"replica_{replica.name}", kind="政协提案办理答复",
                  start_urls=tuple(replica.origin + s for s in replica.starts),
                  allowed_hosts=(host,), checked=False, platform=None)


def walk(replica: Replica, *, portal: Portal | None = None, platform: str | None = None) -> Walk:
    """Read every list page reachable from the start URLs: of ``portal`` fetched from the
    replica as a mirror (``-a base_url``), else of ad-hoc sections of each start URL."""
    routes = Routes(replica.routes())
    result = Walk()
    if portal is not None:
        sections = [(portal, Mirror(LOCAL, portal.start_urls[0]))]
    else:
        sections = [(adhoc_portal(LOCAL + s), Mirror(None, LOCAL + s)) for s in replica.starts]
    for entry, mirror in sections:
        own_hosts = entry.allowed_hosts if mirror.fetch_base else ()
        for start in entry.start_urls:
            section = None
            queue = [(mirror.fetch_url(start), start)]
            seen: set[str] = set()
            while queue:
                url, portal_url = queue.pop(0)
                path = _path(url)
                if path in seen:
                    continue
                seen.add(path)
                route = routes.get(path)
                if route is None or route.status != 200:
                    result.missing.add(path)
                    continue
                result.lists.add(path)
                html = decode_html(route.body, route.content_type)
                if section is None:
                    section = resolve_section(entry, html, portal_url, platform)
                    result.sections.append(section)
                links = discovery.find_reply_links(
                    html, url, section_prefix=section.portal.section_prefix,
                    link_selector=entry.link_selector, platform=section.platform,
                    hosts=own_hosts)
                result.replies |= {_path(mirror.follow(link.url, own_hosts)[0])
                                   for link in links}
                queue += [mirror.follow(page, own_hosts) for page in
                          discovery.find_pagination(html, url, platform=section.platform)]
    return result


def measure(replica: Replica, **options) -> Measure:
    found = walk(replica, **options)
    expected = replica.reply_paths
    hits = found.replies & expected
    return Measure(
        replica.name, replica.family, tuple(s.platform for s in found.sections),
        len(hits) / len(expected) if expected else 1.0,
        len(hits) / len(found.replies) if found.replies else 0.0,
        found.lists == set(replica.lists) and not found.missing,
    )
