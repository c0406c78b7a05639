"""Items: what the spiders hand to the pipelines (a reply page as fetched, with its
attachments), and what the pipeline hands on to feed exports (one document)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from archive.location import RecordLocation
from cleaners.document import PortalHints
from corpus.registry import Portal

__all__ = ["FetchedAttachment", "ReplyPage", "document_item"]


@dataclass
class FetchedAttachment:
    """An attachment of a reply page, as fetched (body decoded from its content-encoding)."""

    url: str  # the portal's own address, after redirects
    link_url: str  # the address the reply links (before redirects): the state's key
    status: int | None = None
    body: bytes = field(default=b"", repr=False)
    content_type: str | None = None
    capture: RecordLocation | None = None  # the response or revisit record of this fetch
    payload: RecordLocation | None = None  # for a revisit: the record holding the payload
    truncated: bool = False
    error: str | None = None  # why it could not be fetched, if so


@dataclass
class ReplyPage:
    """A reply page to make a document of: the fetched page, where it sits, its portal."""

    url: str  # the document's URL (the portal's own address)
    final_url: str  # the URL actually fetched, after redirects
    portal: Portal
    status: int
    headers: Sequence[tuple[str, str]]  # the response headers (Scrapy's names)
    body: bytes = field(repr=False)  # decoded from its content-encoding
    capture: RecordLocation | None  # the response or revisit record of this fetch
    payload: RecordLocation | None  # the record holding its payload (a revisit's original)
    charset: tuple[str, str] = ("", "")  # (encoding, source) as decode_html decided
    attachments: list[FetchedAttachment] = field(default_factory=list)
    hints: PortalHints | None = None  # the section's hints (entry, then family); None: entry's
    platform: str = ""  # the section's CMS family
    link_url: str = ""  # the portal URL the list linked (before redirects): the ledger's key
    truncated: str | None = None  # WARC-Truncated of the body: "length" or "disconnect"


def document_item(text: str, sidecar: Mapping[str, Any]) -> dict[str, Any]:
    """What ``-O items.jsonl`` (any Scrapy feed export) gets for a document: the sidecar's
    fields, then ``text``, the document's text (FORMAT.md). JSON-ready: no bytes."""
    return {**sidecar, "text": text}
