"""CMS families: where the rules for one family of portal software plug in.

A ``Family`` says whether a page is one of its own (``matches``) and offers the
reply links and other list pages it finds there; the generic rules
(``GENERIC``) serve every page no family claims. A family module (TRS, Hanweb,
...) builds its ``Family`` and calls ``register``; ``family_for`` picks the
first registered family that matches a page. Families may also offer cleaner
hints for their reply pages (``hints``: container, title and metadata
selectors), used for ad-hoc sections that have no registry entry.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import chain

import lxml.html

from cleaners.document import PortalHints

from .links import ReplyLink, anchor_links
from .pagination import generic_next_pages
from .scripts import script_links

__all__ = ["GENERIC", "Family", "family_for", "register", "registered"]

# (parsed page, base URL for relative links, page URL) -> candidates, in page order
LinkFinder = Callable[[lxml.html.HtmlElement, str, str], Iterable[ReplyLink]]
PageFinder = Callable[[lxml.html.HtmlElement, str, str], Iterable[str]]


@dataclass(frozen=True)
class Family:
    """The discovery rules of one CMS family."""

    name: str
    matches: Callable[[lxml.html.HtmlElement, str], bool]
    reply_links: LinkFinder
    next_pages: PageFinder
    hints: PortalHints | None = None


def _generic_reply_links(doc: lxml.html.HtmlElement, base: str, url: str
                         ) -> Iterable[ReplyLink]:
    return chain(anchor_links(doc, base, url), script_links(doc, base, url))


GENERIC = Family("generic", lambda doc, url: True, _generic_reply_links, generic_next_pages)
_FAMILIES: list[Family] = []


def register(family: Family) -> Family:
    """Add a family (before the generic rules, after the families registered earlier)."""
    if any(f.name == family.name for f in _FAMILIES):
        raise ValueError(f"a discovery family named {family.name!r} is registered already")
    _FAMILIES.append(family)
    return family


def registered() -> list[Family]:
    """The registered families in the order they are tried, the generic rules last."""
    return [*_FAMILIES, GENERIC]


def family_for(doc: lxml.html.HtmlElement, url: str) -> Family:
    """The first registered family whose ``matches`` holds for the page, else ``GENERIC``."""
    return next((f for f in _FAMILIES if f.matches(doc, url)), GENERIC)
