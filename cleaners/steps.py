"""The cleaning steps: names, versions, declared order, and the version rule.

A step is a small pure function, either ``tree -> tree`` (lxml, before the text
is taken out of the page; a "body" step gets the located body element) or ``str -> str``
(on the body text, one paragraph per line). Each has a name and an integer version;
bump the version whenever the step's output can change. ``CLEANER_VERSION`` is a short hash of every
``name:version`` pair plus the format version, so any bump changes it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

__all__ = ["FORMAT_VERSION", "Step", "StepContext", "cleaner_version"]

FORMAT_VERSION = 1  # docs/FORMAT.md


@dataclass
class StepContext:
    """What a step may read besides its input, and where it reports cuts."""

    title: str = ""
    removed: list[str] = field(default_factory=list)
    changes: int = 0  # tree steps that change the page without cutting text count here
    twin: str = ""  # the text of a second copy of the article on the page, if any
    # texts kept out of sight that may copy it (description, TTS script), read when needed
    hidden: Callable[[], str] | None = None
    info: list[str] = field(default_factory=list)  # info lines taken out of the body (metadata)
    government: bool = False  # a government portal's page (cleaners.boilerplate.is_government)
    url: str = ""  # the page's address (links to other hosts are told by it)


@dataclass(frozen=True)
class Step:
    """One named, versioned cleaning step."""

    name: str
    version: int
    func: Callable[[Any, StepContext], Any]
    on: str  # "tree" (the page), "body" (the located body element) or "text"

    def __call__(self, value: Any, ctx: StepContext | None = None) -> Any:
        return self.func(value, ctx if ctx is not None else StepContext())


def cleaner_version(steps: tuple[Step, ...], rules: dict[str, int] | None = None) -> str:
    """Short stable hash of the format version, every step's and rule's ``name:version``."""
    spec = ";".join([f"{s.name}:{s.version}" for s in steps]
                    + [f"rule {name}:{version}" for name, version in sorted((rules or {}).items())])
    digest = hashlib.sha1(f"format:{FORMAT_VERSION};{spec}".encode()).hexdigest()
    return f"{FORMAT_VERSION}.{digest[:10]}"
