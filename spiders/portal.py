"""``portal``: crawl a 建议提案 section from its list page alone, or registry entries.

``scrapy crawl portal -a start_url=URL`` (optional ``-a name=``, ``-a kind=``)
needs no other configuration: reply links, pagination and attachments are
found by ``spiders.discovery``; the crawl stays on the start URL's host and
under its folder. ``-a name=NAME`` crawls a registry entry
(``crawler/portals.toml``), ``-a name=all`` every entry that has start URLs.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from crawler.portals import Portal, load_registry
from spiders.base import ReplySpider


def adhoc_portal(start_url: str, name: str | None = None, kind: str | None = None) -> Portal:
    """A registry-like entry for a section known only by its list page URL."""
    parts = urlsplit(start_url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"start_url must be an http(s) URL, not {start_url!r}")
    path = parts.path if parts.path.endswith("/") else parts.path.rsplit("/", 1)[0] + "/"
    slug = name or re.sub(r"[^a-z0-9]+", "_", f"{parts.hostname}{path}".lower()).strip("_")
    return Portal(
        name=slug,
        kind=kind or "",
        start_urls=(start_url,),
        allowed_hosts=(parts.netloc.lower(),),
        checked=False,
        section_prefix=path,
    )


class PortalSpider(ReplySpider):
    name = "portal"

    def __init__(self, *args: Any, start_url: str | None = None, kind: str | None = None,
                 **kwargs: Any):
        entry = kwargs.pop("name", None)  # not the spider's own name
        super().__init__(*args, **kwargs)
        if start_url:
            portals = [adhoc_portal(start_url, entry, kind)]
        elif entry == "all":
            portals = load_registry().all()
        elif entry:
            portals = [load_registry().get(entry)]
        else:
            raise ValueError("portal needs -a start_url=URL or -a name=NAME|all")
        self.setup_portals(portals)
