"""Which archived records become documents, and under which names.

Decided the way the crawl decides: the crawl writes a document for each page it
reached as a reply page of a list page. The WARC's ``warcinfo`` names the spider
(``isPartOf``); its start URLs are looked up in the index, list pages are read
back and routed with the spider's own rules (``spiders.discovery`` reply links and
pagination, section prefix), and each reply link is resolved (redirects followed)
to its latest capture. A crawl from a mirror (``-a base_url=``) is recognised by
captures of the start URLs' paths on another origin; documents are then named by
the portal's URL, as the crawl names them. Archives of an unknown spider, or of a
spider without start URLs, are routed from every archived list-shaped page.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from archive.index import Capture, CdxjIndex
from archive.reader import ArchivedRecord, read_record_at, resolve_revisit
from archive.warcinfo import read_warcinfo
from crawler.documents import document_stem, portal_of
from spiders import discovery
from spiders.base import ReplySpider, rebase_url

__all__ = ["Routing", "Target", "latest_capture", "plan_documents", "read_payload", "routings_for",
           "spider_loader"]

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
    rebase: str | None = None  # map fetched URLs onto this origin (mirror crawl)
    hints: dict | None = None  # PortalHints fields the crawl passed to the cleaner

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class Routing:
    """A spider's routing rules, bound to the origin its pages were fetched from."""

    name: str
    start_urls: list[str]  # as fetched
    prefix_for: Callable[[str], str]  # the section prefix reply links must lie under
    portal_start: str | None = None  # the portal's first start URL, when fetched from a mirror
    hints: dict | None = None

    def portal_url(self, fetched_url: str) -> str:
        return rebase_url(fetched_url, self.portal_start) if self.portal_start else fetched_url


def _section_prefix(url: str) -> str:
    path = urlsplit(url).path
    return path if path.endswith("/") else path.rsplit("/", 1)[0] + "/"


def spider_loader(spider_modules: Iterable[str] = ("spiders",)):
    """Scrapy's spider loader over ``spider_modules``."""
    from scrapy.settings import Settings
    from scrapy.spiderloader import get_spider_loader

    return get_spider_loader(Settings({"SPIDER_MODULES": list(spider_modules)}))


def _origins(index: CdxjIndex) -> list[str]:
    found = {}
    for capture in index:
        parts = urlsplit(capture.url)
        found[f"{parts.scheme}://{parts.netloc}"] = None
    return list(found)


def _replay_routings(spider_cls: type[ReplySpider], index: CdxjIndex) -> list[Routing]:
    portal_hosts = {urlsplit(u).hostname for u in spider_cls.portal_start_urls}
    hints = asdict(spider_cls.hints) if spider_cls.hints else None
    routings = []
    for origin in _origins(index):
        mirror = urlsplit(origin).hostname not in portal_hosts
        spider = spider_cls(base_url=origin) if mirror else spider_cls()
        starts = [u for u in spider.start_urls if index.lookup(u)]
        if starts:
            routings.append(Routing(spider.name, starts, spider.section_prefix_for,
                                    spider_cls.portal_start_urls[0] if mirror else None, hints))
    return routings


def _generic_routing(index: CdxjIndex, name: str) -> Routing:
    starts = sorted({c.url for c in index if c.record_type == "response" and c.status == "200"
                     and "html" in c.mime and _LISTING_PATH_RE.search(urlsplit(c.url).path)})
    return Routing(name or "generic", starts, _section_prefix)


def routings_for(warc_paths: Iterable[Path], index: CdxjIndex, *, spider: str | None = None,
                 spider_modules: Iterable[str] = ("spiders",)) -> list[Routing]:
    """The routing of each spider named by the files' ``warcinfo`` (or ``spider``)."""
    names = {spider} if spider else {read_warcinfo(p).get("isPartOf", "") for p in warc_paths}
    loader = spider_loader(spider_modules)
    known = set(loader.list())
    routings: list[Routing] = []
    for name in sorted(names):
        spider_cls = loader.load(name) if name in known else None
        if spider_cls and issubclass(spider_cls, ReplySpider) and spider_cls.portal_start_urls:
            routings.extend(_replay_routings(spider_cls, index))
        else:
            logger.info("spider %r unknown or without start URLs: routing from list-shaped "
                        "pages", name)
            routings.append(_generic_routing(index, name))
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
    queue = [(url, None) for url in routing.start_urls]
    seen: set[str] = set()
    while queue:
        url, prefix = queue.pop(0)
        capture = latest_capture(index, url)
        if capture is None or capture.url in seen:
            continue
        seen.add(capture.url)
        record = read_payload(index, capture)
        if record is None:
            continue
        html = record.text()
        prefix = prefix or routing.prefix_for(record.url)
        for link in discovery.find_reply_links(html, record.url, section_prefix=prefix):
            yield link.url
        for page_url in discovery.find_pagination(html, record.url):
            queue.append((page_url, prefix))


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
                            capture.timestamp, routing.portal_start, routing.hints)
            key = document_stem(url)
            old = chosen.get(key)
            if old is None or (old.timestamp, old.path, old.offset) < (
                    target.timestamp, target.path, target.offset):
                chosen[key] = target
    return sorted(chosen.values(), key=lambda t: (t.path, t.offset))
