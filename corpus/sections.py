"""A portal section as a crawl reads it: the entry, its CMS family, and why that family.

The crawl's spiders and the re-clean's routing both call ``resolve_section`` on a
section's start page, so both read the section with the same family and scope.
The family is the one named by the crawl (``-a platform=``), else the registry
entry's ``platform``, else the one detected on the start page. An ad-hoc section
(known by its list URL only) gets the family's scope: a family whose reply pages
live outside the list's folder (Hanweb ``/art/…``, VSB ``/info/…``) widens it.
The reply-page hints are the entry's own, completed by the family's.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from cleaners.document import PortalHints

from .discovery import detect_platform, families
from .registry import Portal

__all__ = ["Section", "given_section", "resolve_section"]


@dataclass(frozen=True)
class Section:
    """A portal entry with the family it is read with."""

    portal: Portal  # the entry; an ad-hoc one with the family's scope
    platform: str  # the family's name ("generic" when none matched)
    source: str  # "argument" (-a platform=), "registry" (platform key) or "detected"
    evidence: str  # why: the marker found on the start page, or "given"

    def hints(self) -> PortalHints:
        """The entry's hints, each missing selector taken from the family's."""
        own, family = self.portal.hints(), families.named(self.platform).hints
        return PortalHints(own.name, own.container or family.container,
                           own.title or family.title, own.metadata or family.metadata,
                           own.kind)


def resolve_section(portal: Portal, html: str, url: str, platform: str | None = None
                    ) -> Section:
    """Read ``portal`` with the family ``platform`` names, its registry entry names, or
    its start page at ``url`` (the portal's own address) shows."""
    given = platform or portal.platform
    source = "argument" if platform else "registry" if portal.platform else "detected"
    detection = detect_platform(html, url, given)
    if portal.adhoc and detection.family is not families.GENERIC:
        portal = replace(portal, section_prefix=detection.family.scope(url))
    return Section(portal, detection.name, source, detection.evidence)


def given_section(portal: Portal, platform: str, source: str) -> Section:
    """``portal`` read with the family ``platform`` names, no page looked at (a reply asked
    for again before its list page is read). An ad-hoc section gets the family's scope."""
    family = families.named(platform)
    if portal.adhoc and family is not families.GENERIC and portal.start_urls:
        portal = replace(portal, section_prefix=family.scope(portal.start_urls[0]))
    return Section(portal, family.name, source, "given")
