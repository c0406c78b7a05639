"""Names from URLs: the canonical URL, the document stem, its folder, and the one mirror mapping.

A document is named after the portal's own URL of its page (``canonical_url``);
a crawl from a mirror (``-a base_url=``, a local recording, a wget copy) fetches
the same paths from another origin, and ``Mirror`` maps between the two.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Collection
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from w3lib.url import canonicalize_url

__all__ = ["Mirror", "canonical_url", "document_stem", "folder_name", "origin_of", "portal_of",
           "rebase_url"]


@functools.lru_cache(maxsize=1 << 16)
def canonical_url(url: str) -> str:
    """The URL a document is named after: w3lib's canonical form, fragment dropped
    (cached: planning a re-clean names each document three times)."""
    return canonicalize_url(url, keep_fragments=False)


def document_stem(url: str) -> str:
    """First 16 hex digits of sha1(canonical URL)."""
    return hashlib.sha1(canonical_url(url).encode("utf-8")).hexdigest()[:16]


def portal_of(url: str) -> str:
    """The folder of a URL's documents: its host name (``www.pingtan.gov.cn``), made safe
    as one folder name (``folder_name``)."""
    return folder_name(urlsplit(url).hostname or "")


@functools.lru_cache(maxsize=4096)
def folder_name(host: str) -> str:
    """A host name as one folder name: only ``[a-z0-9._-]`` (others become ``_``), no run
    of dots, no leading or trailing dot, so ``..`` and ``.`` never name the output root or
    ``text/`` itself; ``unknown`` when nothing is left."""
    name = re.sub(r"[^a-z0-9._-]", "_", host.lower())
    name = re.sub(r"\.{2,}", "_", name).strip(".")
    return name if re.search(r"[a-z0-9]", name) else "unknown"


def origin_of(url: str) -> str:
    """``scheme://host[:port]`` of a URL."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def rebase_url(url: str, base_url: str) -> str:
    """``url`` with the scheme and host of ``base_url`` (path and query kept)."""
    base = urlsplit(base_url)
    parts = urlsplit(url)
    return urlunsplit((base.scheme, base.netloc, parts.path, parts.query, ""))


@dataclass(frozen=True)
class Mirror:
    """Where a portal's pages are fetched from, and the portal's own address of each.

    ``fetch_base`` is the origin pages are fetched from (None: the portal itself);
    ``portal_base`` is the portal's first start URL, whose scheme and host name the
    documents.
    """

    fetch_base: str | None
    portal_base: str

    def fetch_url(self, portal_url: str) -> str:
        """Where to fetch a portal URL from."""
        return rebase_url(portal_url, self.fetch_base) if self.fetch_base else portal_url

    def portal_url(self, fetched_url: str) -> str:
        """The portal's own address of a fetched URL."""
        return rebase_url(fetched_url, self.portal_base) if self.fetch_base else fetched_url

    def follow(self, link: str, portal_hosts: Collection[str]) -> tuple[str, str]:
        """(where to fetch, the portal's own address) of a URL found on a fetched page.

        A page of the mirror links the mirror (relative links) or the portal itself
        (absolute links to one of ``portal_hosts``, as NFCMS lists and list APIs give
        them); both are fetched from the mirror.
        """
        if self.fetch_base and (urlsplit(link).netloc or "").lower() in portal_hosts:
            return self.fetch_url(link), link
        return link, self.portal_url(link)
