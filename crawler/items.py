"""Items the spiders hand to the pipelines."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cleaners.document import PortalHints

__all__ = ["FetchedAttachment", "ReplyPage"]


@dataclass
class FetchedAttachment:
    """An attachment of a reply page, as fetched (body decoded from its content-encoding)."""

    url: str
    body: bytes
    content_type: str | None
    warc: dict[str, Any] | None = None
    error: str | None = None  # why it could not be fetched, if so
    link_url: str | None = None  # the address the reply links (before redirects): state key


@dataclass
class ReplyPage:
    """A reply page to clean: the fetched body plus where it came from."""

    url: str  # canonical URL of the document (the portal's own address)
    final_url: str  # the URL actually fetched, after redirects
    portal: str
    body: bytes
    headers: dict[str, str]
    fetched_at: str
    warc: dict[str, Any] | None = None
    hints: PortalHints | None = None
    attachments: list[FetchedAttachment] = field(default_factory=list)
