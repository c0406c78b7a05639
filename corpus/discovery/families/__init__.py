"""CMS families: which family a section's start page belongs to, and each family's rules.

One module per family (``vsb``, ``hanweb``, ``anhui``, ``guangzhou``, ``gkmlpt``,
``trs``, ``ylcms``, ``asp``, ``sessions``, ``ucap``); each builds a ``Family`` and
registers it here. ``detect`` tries them in order (the more specific first) on a
start page and says which one matched and why; ``named`` gives a family by name
(``-a platform=NAME``, the registry's ``platform`` key). The generic rules are the
fallback for every page no family claims.
"""

from __future__ import annotations

from dataclasses import dataclass

from .base import GENERIC, Family, ListPage

__all__ = ["GENERIC", "Detection", "Family", "ListPage", "UnknownPlatform", "detect",
           "named", "names", "register", "registered"]

_FAMILIES: list[Family] = []


class UnknownPlatform(ValueError):
    """A platform name no family has."""


@dataclass(frozen=True)
class Detection:
    """The family a page was found to belong to, and the evidence."""

    family: Family
    evidence: str

    @property
    def name(self) -> str:
        return self.family.name


def register(family: Family) -> Family:
    """Add a family, tried after the ones registered before it and before the generic."""
    if family.name == GENERIC.name or any(f.name == family.name for f in _FAMILIES):
        raise ValueError(f"a discovery family named {family.name!r} is registered already")
    _FAMILIES.append(family)
    return family


def registered() -> list[Family]:
    """The registered families in the order they are tried, the generic rules last."""
    return [*_FAMILIES, GENERIC]


def names() -> list[str]:
    return [f.name for f in registered()]


def named(name: str) -> Family:
    """The family called ``name`` (``UnknownPlatform`` naming the known ones otherwise)."""
    for family in registered():
        if family.name == name:
            return family
    raise UnknownPlatform(f"unknown platform {name!r}; known: {', '.join(names())}")


def detect(page: ListPage) -> Detection:
    """The first family whose ``detect`` finds evidence on the page, else the generic."""
    for family in _FAMILIES:
        evidence = family.detect(page)
        if evidence:
            return Detection(family, evidence)
    return Detection(GENERIC, "no family's markers on the start page")


# Registration order = detection order: data-driven platforms with unmistakable markers
# first, URL-shape families after them, TRS (whose pager script others copy) late.
from . import gkmlpt  # noqa: E402, I001  (each module registers its family)
from . import hanweb  # noqa: E402
from . import ucap  # noqa: E402
from . import guangzhou  # noqa: E402
from . import vsb  # noqa: E402
from . import anhui  # noqa: E402
from . import ylcms  # noqa: E402
from . import sessions  # noqa: E402
from . import asp  # noqa: E402
from . import trs  # noqa: E402

__all__ += ["anhui", "asp", "gkmlpt", "guangzhou", "hanweb", "sessions", "trs", "ucap",
            "vsb", "ylcms"]
