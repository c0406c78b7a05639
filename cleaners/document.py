"""The value types that cross the cleaners' boundary."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .selectors import compile_selector

__all__ = ["AttachmentText", "CleanedDocument", "PortalHints"]


@dataclass(frozen=True)
class PortalHints:
    """What a portal's registry entry knows about its reply pages (all optional)."""

    name: str = ""
    container: str | None = None  # CSS selector of the article body
    title: str | None = None  # CSS selector of the document title
    metadata: str | None = None  # CSS selector of the 信息公开 block / info line
    kind: str | None = None  # the section's usual kind, e.g. 政协提案办理答复

    def __post_init__(self) -> None:
        for selector in (self.container, self.title, self.metadata):
            if selector:
                compile_selector(selector)  # a selector that does not parse is an error now

    def as_dict(self) -> dict[str, str | None]:
        """The hints as the sidecar records them (``dataclasses.asdict``, without its deep
        copy: every field is a string)."""
        return {"name": self.name, "container": self.container, "title": self.title,
                "metadata": self.metadata, "kind": self.kind}


@dataclass(frozen=True)
class AttachmentText:
    """Text taken from one attachment of a reply page (PDF, DOCX, ...)."""

    url: str
    filename: str
    type: str  # "pdf", "docx", "doc", "wps", "ofd", "xls", ...
    text: str = ""
    needs_ocr: bool = False  # a PDF with no text layer
    error: str | None = None  # why no text could be taken, if so


@dataclass
class CleanedDocument:
    """The FORMAT.md text file and the cleaner's part of its JSON sidecar."""

    text: str
    sidecar: dict[str, Any] = field(default_factory=dict)

    @property
    def kind(self) -> str:
        return self.sidecar.get("kind", "")

    @property
    def title(self) -> str:
        return self.sidecar.get("title", "")
