"""The one document maker: a page, its decision and its attachments in, the document out.

The crawl pipeline and the re-clean both call ``make_document``, so a document does
not depend on which of the two made it: the same page record, decision and
attachment payloads give the same ``.txt`` and ``.json``, byte for byte.
``fetched_at`` is the WARC-Date of the record that holds the page's payload (for a
revisit: the original response), and ``warc`` points at that record.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from archive.location import RecordLocation
from archive.reader import ArchivedRecord
from cleaners import AttachmentText, CleanedDocument, ParsedPage, clean_page
from cleaners.attachments import extract_attachment_text

from .decision import Decision
from .discovery import embedded_article

__all__ = ["AttachmentPayload", "CannotMake", "Document", "Page", "cleaner_headers",
           "cleaner_input", "failure_of", "iso_seconds", "make_document", "usable"]

Cleaner = Callable[..., CleanedDocument]
_ENCODED = ("gzip", "x-gzip", "deflate", "br", "zstd")
# Framing that described the bytes on the wire, not the decoded body a document is made of.
_FRAMING = ("content-encoding", "content-length", "transfer-encoding")


class CannotMake(Exception):
    """The document cannot be made from this input; ``reason`` is a short word for reports."""

    def __init__(self, reason: str, detail: str = ""):
        super().__init__(detail or reason)
        self.reason = reason


def _header(headers: Sequence[tuple[str, str]], name: str) -> str | None:
    lname = name.lower()
    return next((value for key, value in headers if key.lower() == lname), None)


@dataclass(frozen=True)
class Page:
    """The record that holds a page's payload, as a document is made from it."""

    url: str  # the fetched URL (after redirects): the sidecar's ``final_url``
    status: int | None
    headers: Sequence[tuple[str, str]]  # the HTTP response headers, as archived
    body: bytes  # decoded from its content-encoding
    location: RecordLocation  # where the record sits; its date is ``fetched_at``
    truncated: str | None = None  # the record's WARC-Truncated: "length", "disconnect", …

    @classmethod
    def from_record(cls, record: ArchivedRecord) -> Page:
        return cls(record.url, record.status, tuple(record.http_headers), record.payload,
                   record.location(), record.truncated or None)


@dataclass(frozen=True)
class AttachmentPayload:
    """An attachment's answer: the record holding its payload, or why there is none."""

    url: str  # the portal's own address (after redirects)
    status: int | None
    body: bytes = b""
    content_type: str | None = None
    location: RecordLocation | None = None
    truncated: bool = False
    error: str | None = None  # why it could not be fetched (a timeout, a refused connection)

    @classmethod
    def from_record(cls, url: str, record: ArchivedRecord) -> AttachmentPayload:
        return cls(url, record.status, record.payload, record.header("Content-Type"),
                   record.location(), bool(record.truncated))


@dataclass
class Document:
    """A FORMAT.md text and its full sidecar."""

    text: str
    sidecar: dict[str, Any]

    def with_version(self, version: int) -> Document:
        self.sidecar["version"] = version
        return self


def usable(attachment: AttachmentPayload) -> bool:
    """The one attachment filter: its text is taken from a whole 200 answer with a body."""
    return attachment.status == 200 and bool(attachment.body) and not attachment.truncated


def failure_of(attachment: AttachmentPayload) -> str:
    """Why an attachment gave no text, in a few words (for the sidecar)."""
    if attachment.status not in (None, 200):
        return f"HTTP {attachment.status}"
    if attachment.error:
        return attachment.error
    if attachment.truncated:
        return "truncated"
    if attachment.status == 200:
        return "empty body"
    return "not fetched"


def cleaner_headers(headers: Sequence[tuple[str, str]]) -> dict[str, str]:
    """The response headers as the cleaner sees them: names title-cased, repeated values
    joined, the wire's framing (content and transfer encodings, length) left out."""
    found: dict[str, str] = {}
    for name, value in headers:
        key = name.title()
        lower = key.lower()
        if lower in _FRAMING or lower.startswith("x-archive-orig-"):
            continue
        found[key] = f"{found[key]}, {value}" if key in found else value
    return found


def cleaner_input(page: Page) -> tuple[bytes, dict[str, str]]:
    """What the cleaner is given: the page and its headers, or, for a page whose article
    is embedded as data (gkmlpt ``DETAIL``), that article rendered as UTF-8 HTML."""
    headers = cleaner_headers(page.headers)
    rendered = embedded_article(page.body, _header(page.headers, "Content-Type"))
    if rendered is None:
        return page.body, headers
    return rendered, {**headers, "Content-Type": "text/html; charset=utf-8"}


def iso_seconds(warc_date: str) -> str:
    """``2026-01-02T03:04:05.678Z`` -> ``2026-01-02T03:04:05Z`` (the sidecar's form)."""
    return warc_date[:19] + "Z" if len(warc_date) >= 19 else warc_date


def _check_decoded(page: Page) -> None:
    encoding = (_header(page.headers, "Content-Encoding") or "").strip().lower()
    if encoding in _ENCODED and (not page.body or page.body[:2] == b"\x1f\x8b"):
        raise CannotMake("undecodable", f"Content-Encoding {encoding} could not be undone")


def _attachment_texts(attachments: Sequence[AttachmentPayload]) -> list[AttachmentText]:
    texts = []
    for attachment in filter(usable, attachments):
        try:
            texts.append(extract_attachment_text(attachment.body, attachment.url,
                                                 attachment.content_type))
        except Exception as exc:
            raise CannotMake("attachment-error",
                             f"{attachment.url}: {type(exc).__name__}: {exc}") from exc
    return texts


def make_document(page: Page, decision: Decision, attachments: Sequence[AttachmentPayload] = (),
                  *, clean: Cleaner = clean_page, version: int = 1,
                  parsed: ParsedPage | None = None) -> Document:
    """Clean ``page`` with the decision's hints and the usable attachments' texts.

    ``parsed``: the page as ``cleaners.parse_page`` read it (parsed once, for routing
    too); the cleaner gets it when it cleans the page itself (not an embedded article).
    Raises ``CannotMake`` for input no document can be made of; what the cleaner raises
    passes through.
    """
    _check_decoded(page)
    texts = _attachment_texts(attachments)
    body, headers = cleaner_input(page)
    shared = {"parsed": parsed} if parsed is not None and body is page.body else {}
    cleaned = clean(body, decision.document_url, headers, portal=decision.hints,
                    attachments=texts, **shared)
    sidecar = assemble_sidecar(cleaned.sidecar, page=page, decision=decision,
                               attachments=attachments)
    sidecar.setdefault("text_sha1", hashlib.sha1(cleaned.text.encode("utf-8")).hexdigest())
    sidecar["version"] = version
    return Document(cleaned.text, sidecar)


def assemble_sidecar(cleaner_sidecar: Mapping[str, Any], *, page: Page, decision: Decision,
                     attachments: Sequence[AttachmentPayload]) -> dict[str, Any]:
    """The FORMAT.md sidecar: crawl facts first, then what the cleaner found (each usable
    attachment with its WARC pointer), the attachments that gave no text and why
    (``failed_attachments``), the hints."""
    attachment_locations = {a.url: a.location for a in attachments if usable(a)}
    sidecar: dict[str, Any] = {
        "url": decision.document_url,
        "final_url": page.url,
        "portal": decision.folder,
        "fetched_at": iso_seconds(page.location.date),
        "warc": page.location.pointer() if page.location.filename else None,  # not archived
        "platform": decision.platform or None,  # the section's CMS family
    }
    sidecar.update(cleaner_sidecar)
    if page.truncated:  # made from part of the body only
        sidecar["truncated"] = page.truncated
    sidecar["attachments"] = [
        {**entry, "warc": _pointer(attachment_locations.get(entry.get("url", "")))}
        for entry in cleaner_sidecar.get("attachments", [])
    ]
    sidecar["failed_attachments"] = [
        {"url": a.url, "status": a.status, "error": failure_of(a), "warc": _pointer(a.location)}
        for a in attachments if not usable(a)
    ]
    sidecar["hints"] = decision.hints.as_dict()
    return sidecar


def _pointer(location: RecordLocation | None) -> dict[str, Any] | None:
    return location.pointer() if location is not None else None
