"""``portal``: crawl a 建议提案 section from its list page alone, or registry entries.

``scrapy crawl portal -a start_url=URL`` (optional ``-a name=``, ``-a kind=``)
needs no other configuration: reply links, pagination and attachments are
found by ``corpus.discovery``; the crawl stays on the start URL's host and
under its folder (``corpus.registry.adhoc_portal``). ``-a name=NAME`` crawls a
registry entry (``corpus/portals.toml``), ``-a name=all`` every entry that has
start URLs.
"""

from __future__ import annotations

from typing import Any

from corpus.registry import adhoc_portal, load_registry
from spiders.base import ReplySpider


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
