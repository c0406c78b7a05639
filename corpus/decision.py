"""The decision record: what the crawl decided about one page, kept in the WARC beside it.

One WARC ``metadata`` record (``Content-Type: application/warc-fields``) per page
the crawl routes to a document, written at crawl time whether or not cleaning
it succeeds. ``WARC-Target-URI`` is the page's fetched URL, ``WARC-Refers-To``
and ``WARC-Concurrent-To`` the page's ``response`` or ``revisit`` record. Its
fields name the document (URL, folder, stem), the portal (registry name or
ad-hoc section) and the hints used, the charset decision, the role, the
record holding the page's payload (for a revisit: the original response) and
each attachment's, and the section's CMS family (``platform``). Indexers
(cdxj-indexer, pywb) leave ``warc-fields``
metadata records out of their indexes, so look-ups and replay are unchanged.
A re-clean reads these records back (``read_decision``) instead of replaying
the crawl's routing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields, replace

from archive.location import RecordLocation
from archive.reader import ArchivedRecord
from archive.records import build_metadata_record, parse_warc_fields
from cleaners.document import PortalHints

from .urls import document_stem, portal_of

__all__ = ["FORMAT", "WARCINFO_FIELD", "AttachmentDecision", "Decision", "DecisionError",
           "build_decision_record", "read_decision"]

FORMAT = "1"
MARKER = "govreply-decision"  # the first field of every decision record: its format
WARCINFO_FIELD = "govreply-decisions"  # in warcinfo: this crawl writes decision records
WARC_FIELDS = "application/warc-fields"
_ATTACHMENT_RE = re.compile(r"attachment-(\d+)-url")
_HINTS = ("kind", "container", "title", "metadata")


class DecisionError(ValueError):
    """A decision record that cannot be read (a newer format, a missing field)."""


@dataclass(frozen=True)
class AttachmentDecision:
    """One attachment of the page: where the crawl found it and what it got."""

    url: str  # the portal's own address, after redirects (names it in the sidecar)
    link: str  # the address the page links
    payload: RecordLocation | None = None  # the record holding its payload (if fetched)
    status: int | None = None  # the answer: 200, 304 (payload: the earlier response), 404...
    error: str | None = None  # why it could not be fetched, if so


@dataclass(frozen=True)
class Decision:
    """What the crawl decided about one page."""

    document_url: str  # the portal's own URL of the page: names the document
    portal: str  # registry name, or the ad-hoc section's name
    hints: PortalHints  # what the cleaner was given
    page: RecordLocation  # the record fetched for the page: response or revisit
    payload: RecordLocation  # the record holding the page's payload (a revisit's original)
    adhoc: bool = False  # an ad-hoc section (``-a start_url=``), not a registry entry
    platform: str = ""  # the section's CMS family (corpus.discovery.families)
    section_prefix: str | None = None
    link_selector: str | None = None
    charset: str = ""  # the page's encoding, as archive.charset.decode_html decided
    charset_source: str = ""  # "header", "meta", "bom", "detected" or "fallback"
    attachments: tuple[AttachmentDecision, ...] = ()
    role: str = "reply"
    location: RecordLocation | None = None  # where this decision record sits, once read
    # the fields as read from the record (``fields()`` gives them back as they are: a
    # re-clean plans thousands); not carried over by ``replace``, which makes a new decision
    _recorded: tuple[tuple[str, str], ...] | None = field(default=None, init=False,
                                                          compare=False, repr=False)

    @property
    def folder(self) -> str:
        return portal_of(self.document_url)

    @property
    def stem(self) -> str:
        return document_stem(self.document_url)

    def with_hints(self, hints: PortalHints) -> Decision:
        return replace(self, hints=hints)

    def fields(self) -> list[tuple[str, str]]:
        """The record's warc-fields, in order (each value one line)."""
        if self._recorded is not None:
            return list(self._recorded)
        out = [(MARKER, FORMAT), ("role", self.role), ("document-url", self.document_url),
               ("document-folder", self.folder), ("document-stem", self.stem),
               ("portal", self.portal), ("portal-source", "adhoc" if self.adhoc else "registry"),
               ("platform", self.platform)]
        out += [(f"hint-{name}", getattr(self.hints, name)) for name in _HINTS]
        out += [("hint-section-prefix", self.section_prefix),
                ("hint-link-selector", self.link_selector),
                ("charset", self.charset), ("charset-source", self.charset_source)]
        out += _location_fields("page", self.page) + _location_fields("payload", self.payload)
        for n, attachment in enumerate(self.attachments, 1):
            out += [(f"attachment-{n}-url", attachment.url),
                    (f"attachment-{n}-link", attachment.link),
                    (f"attachment-{n}-status", attachment.status),
                    (f"attachment-{n}-error", attachment.error)]
            if attachment.payload is not None:
                out += _location_fields(f"attachment-{n}-payload", attachment.payload)
        return [(name, " ".join(str(value).splitlines())) for name, value in out
                if value not in (None, "")]

    @classmethod
    def from_fields(cls, pairs: Iterable[tuple[str, str]] | Iterable[list[str]],
                    location: RecordLocation | None = None) -> Decision:
        """The decision the fields name (``DecisionError`` when they cannot be read)."""
        pairs = [(name, value) for name, value in pairs]
        values = dict(pairs)
        if values.get(MARKER) != FORMAT:
            raise DecisionError(f"decision format {values.get(MARKER)!r}, this code reads "
                                f"format {FORMAT}")
        try:
            portal = values["portal"]
            hints = PortalHints(portal, **{n: values.get(f"hint-{n}") or None for n in _HINTS})
            decision = cls(document_url=values["document-url"], portal=portal, hints=hints,
                           page=_location_from("page", values),
                           payload=_location_from("payload", values),
                           adhoc=values.get("portal-source") == "adhoc",
                           platform=values.get("platform", ""),
                           section_prefix=values.get("hint-section-prefix"),
                           link_selector=values.get("hint-link-selector"),
                           charset=values.get("charset", ""),
                           charset_source=values.get("charset-source", ""),
                           attachments=_attachments_from(values),
                           role=values.get("role", "reply"), location=location)
        except (KeyError, ValueError) as exc:
            raise DecisionError(f"decision record without a usable {exc}") from exc
        object.__setattr__(decision, "_recorded", tuple(pairs))  # frozen: set once, here
        return decision


_LOCATION_KEYS = {f.name: f.name.replace("_", "-") for f in fields(RecordLocation)}


def _location_fields(prefix: str, location: RecordLocation) -> list[tuple[str, object]]:
    return [(f"{prefix}-{key}", getattr(location, name)) for name, key in _LOCATION_KEYS.items()]


def _location_from(prefix: str, values: Mapping[str, str]) -> RecordLocation:
    found = {name: values.get(f"{prefix}-{key}") for name, key in _LOCATION_KEYS.items()}
    if not found["filename"] or found["offset"] is None:
        raise KeyError(f"{prefix} record")
    length = found.pop("length")
    offset = found.pop("offset")
    return RecordLocation(offset=int(offset), length=int(length) if length else None,
                          **{k: v or "" for k, v in found.items()})


def _attachments_from(values: Mapping[str, str]) -> tuple[AttachmentDecision, ...]:
    numbers = sorted(int(m.group(1)) for name in values if (m := _ATTACHMENT_RE.fullmatch(name)))
    found = []
    for n in numbers:
        status = values.get(f"attachment-{n}-status")
        payload = (_location_from(f"attachment-{n}-payload", values)
                   if f"attachment-{n}-payload-filename" in values else None)
        found.append(AttachmentDecision(
            url=values[f"attachment-{n}-url"], link=values.get(f"attachment-{n}-link", ""),
            payload=payload, status=int(status) if status else None,
            error=values.get(f"attachment-{n}-error")))
    return tuple(found)


def build_decision_record(decision: Decision, date: str | None = None):
    """The ``metadata`` record of ``decision`` (built with warcio)."""
    return build_metadata_record(decision.page.target_uri, decision.fields(),
                                 refers_to=decision.page.record_id,
                                 concurrent_to=[decision.page.record_id], date=date)


def read_decision(record: ArchivedRecord) -> Decision | None:
    """The decision a ``metadata`` record holds; None for a record that is not one."""
    if record.record_type != "metadata":
        return None
    content_type = (record.warc_headers.get("Content-Type") or "").split(";")[0].strip()
    if content_type != WARC_FIELDS:
        return None
    pairs = parse_warc_fields(record.payload)
    if not pairs or pairs[0][0] != MARKER:
        return None  # another crawler's metadata (Heritrix outlinks, ...)
    return Decision.from_fields(pairs, location=RecordLocation(
        filename=record.filename, offset=record.offset, length=record.length,
        record_id=record.record_id, date=record.date, target_uri=record.url,
        record_type="metadata"))
