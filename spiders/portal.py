"""``portal``: crawl a 建议提案 section from its list page alone, or registry entries.

``scrapy crawl portal -a start_url=URL`` (optional ``-a name=``, ``-a kind=``)
needs no other configuration: reply links, pagination and attachments are
found by ``corpus.discovery``; the crawl stays on the start URL's host and
under its folder (``corpus.registry.adhoc_portal``). ``-a name=NAME`` crawls a
registry entry (``corpus/portals.toml``), ``-a name=all`` every entry that has
start URLs. Every argument is checked (``check_arguments``) before anything starts.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

from corpus.registry import Portal, RegistryError, adhoc_portal, load_registry
from crawler.arguments import (
    EXIT_CONFIG,
    ArgumentError,
    check_base_url,
    check_http_url,
    check_kind,
    check_unknown_arguments,
)
from spiders.base import ReplySpider, check_platform

_NAME = re.compile(r"[a-z0-9_]+")


def _registry():
    try:
        return load_registry()
    except RegistryError as exc:
        first = str(exc).splitlines()[0]
        raise ArgumentError(f"the portal registry cannot be used: {first}",
                            EXIT_CONFIG) from None


def resolve_portals(start_url: str | None = None, name: str | None = None,
                    kind: str | None = None) -> list[Portal]:
    """The portals ``-a start_url= / name= / kind=`` name, or ``ArgumentError``."""
    kind = check_kind(kind)
    if start_url is not None:
        start_url = check_http_url(start_url, "start_url")
        if name is not None and not _NAME.fullmatch(name):
            raise ArgumentError(f"name {name!r} must match [a-z0-9_]+")
        return [adhoc_portal(start_url, name, kind)]
    if not name:
        raise ArgumentError("portal needs -a start_url=URL or -a name=NAME|all")
    registry = _registry()
    if name == "all":
        portals = [p for p in registry.all() if p.start_urls]
        if not portals:
            raise ArgumentError("no registry portal has a start URL")
        return portals
    portal = registry.find(name)
    if portal is None:
        known = ", ".join(sorted(p.name for p in registry.all()))
        raise ArgumentError(f"no portal named {name!r} in the registry (known: {known}, all)")
    if not portal.start_urls:
        raise ArgumentError(f"portal {name!r} has no start URL in the registry: crawl its "
                            "section with -a start_url=URL")
    return [portal]


class PortalSpider(ReplySpider):
    name = "portal"
    ARGUMENTS: ClassVar[frozenset[str]] = frozenset({"start_url", "name", "kind", "base_url",
                                                     "platform"})

    def __init__(self, *args: Any, start_url: str | None = None, kind: str | None = None,
                 **kwargs: Any):
        entry = kwargs.pop("name", None)  # not the spider's own name
        check_unknown_arguments(kwargs, self.ARGUMENTS, self.name)
        super().__init__(*args, **kwargs)
        self.setup_portals(resolve_portals(start_url, entry, kind))

    @classmethod
    def check_arguments(cls, arguments: dict[str, str]) -> list[Portal]:
        """Every ``-a`` argument checked; the portals they name."""
        check_unknown_arguments(arguments, cls.ARGUMENTS, cls.name)
        check_base_url(arguments.get("base_url"))
        check_platform(arguments.get("platform"))
        return resolve_portals(arguments.get("start_url"), arguments.get("name"),
                               arguments.get("kind"))
