"""One target's document, in a worker: its decision, the payload records, the one maker.

A target from a decision record names the record that holds the page's payload and
each attachment's; they are read where the decision says. A routed target (a WARC
without decisions) resolves revisits through the index and finds its attachments
with today's discovery rules. Both end in ``corpus.maker.make_document``, the
function the crawl calls.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import lru_cache

from archive.index import CdxjIndex
from archive.location import RecordLocation
from archive.reader import ArchivedRecord, read_record_at
from cleaners import ParsedPage, parse_page
from corpus import discovery
from corpus.budget import Budget
from corpus.decision import AttachmentDecision, Decision
from corpus.layout import DocumentPaths, OutputLayout
from corpus.maker import (
    AttachmentPayload,
    CannotMake,
    Document,
    Page,
    cleaner_headers,
    make_document,
)
from corpus.payloads import payload_of, read_at
from corpus.urls import Mirror

from .cleaner import Cleaner, is_current
from .routing import latest_capture, read_capture
from .targets import Target

__all__ = ["Made", "WorkerContext", "make_target"]


@lru_cache(maxsize=4)
def _index(paths: tuple[str, ...]) -> CdxjIndex:
    return CdxjIndex(paths)


@dataclass
class WorkerContext:
    """What every document of a shard shares."""

    layout: OutputLayout
    cleaner: Cleaner
    index_paths: tuple[str, ...]
    budget: Budget = field(default_factory=Budget)

    @property
    def index(self) -> CdxjIndex:
        return _index(self.index_paths)


@dataclass
class Made:
    """A document made (``cleaned``, to be written) or found current (``unchanged``)."""

    status: str
    paths: DocumentPaths
    document: Document | None  # None when unchanged
    text: str
    source: RecordLocation  # the record that holds the page's payload


def _from_decision(record: ArchivedRecord, target: Target, decision: Decision
                   ) -> tuple[ArchivedRecord, list[AttachmentPayload]]:
    path_of = target.files.get
    payload = payload_of(record, known=decision.payload, path_of=path_of)
    attachments = []
    for attachment in decision.attachments:
        if attachment.payload is None:
            attachments.append(AttachmentPayload(attachment.url, attachment.status,
                                                 error=attachment.error))
            continue
        try:
            found = read_at(attachment.payload, path_of)
        except CannotMake as exc:
            raise CannotMake("unresolved-attachment", str(exc)) from exc
        attachments.append(AttachmentPayload.from_record(attachment.url, found))
    return payload, attachments


def _within_budget(payload: ArchivedRecord, ctx: WorkerContext) -> None:
    refusal = ctx.budget.refusal(len(payload.payload))
    if refusal is not None:
        raise CannotMake("too-large", refusal)


def _shared_parse(payload: ArchivedRecord) -> ParsedPage | None:
    """The page parsed once, as the cleaner parses it, for routing and cleaning alike
    (None when the cleaner would refuse it, or had to flatten markup nested too deep,
    which drops links, or when its article is embedded as data, which the cleaner is
    given rendered: routing then parses the page its own way, as the crawl does)."""
    if discovery.embedded_article(payload.payload, payload.content_type) is not None:
        return None
    try:
        parsed = parse_page(payload.payload, cleaner_headers(payload.http_headers))
    except ValueError:
        return None
    return None if parsed.flattened else parsed


def _routed(record: ArchivedRecord, target: Target, decision: Decision, ctx: WorkerContext
            ) -> tuple[ArchivedRecord, list[AttachmentPayload], Decision, ParsedPage | None]:
    """Resolve the page through the index and find its attachments as the crawl would."""
    payload = payload_of(record, index=ctx.index)
    _within_budget(payload, ctx)
    parsed = _shared_parse(payload)
    decoded = parsed.decoded if parsed is not None else payload.text()
    mirror = Mirror(*target.mirror) if target.mirror else Mirror(None, target.url)
    attachments, found = [], []
    page_tree = parsed.root if parsed is not None else decoded
    for link in discovery.find_attachment_links(page_tree, record.url):
        capture = latest_capture(ctx.index, link.url)
        source = read_capture(ctx.index, capture) if capture is not None else None
        if source is None:  # not archived, or archived as an error (listed as failed)
            source = _failed_answer(ctx.index, link.url)
            if source is None:
                continue
        url = mirror.portal_url(source.url)
        attachments.append(AttachmentPayload.from_record(url, source))
        found.append(AttachmentDecision(url, link.url, source.location(), source.status))
    decision = replace(decision, page=record.location(), payload=payload.location(),
                       attachments=tuple(found), charset=decoded.encoding,
                       charset_source=decoded.source)
    return payload, attachments, decision, parsed


def _failed_answer(index: CdxjIndex, url: str) -> ArchivedRecord | None:
    """The latest archived answer for ``url`` when it is an error (a 404, a 500)."""
    answers = [c for c in index.lookup(url) if c.record_type == "response"
               and c.status[:1] in ("4", "5")]
    if not answers:
        return None
    try:
        return read_record_at(answers[-1].path, answers[-1].offset)
    except (OSError, ValueError):
        return None


def make_target(record: ArchivedRecord, target: Target, ctx: WorkerContext) -> Made:
    """Make the document of ``target`` from its page record (not written yet)."""
    decision = target.read_decision()
    parsed = None
    if target.routed:
        payload, attachments, decision, parsed = _routed(record, target, decision, ctx)
    else:
        payload, attachments = _from_decision(record, target, decision)
        _within_budget(payload, ctx)
    page = Page.from_record(payload)
    paths = ctx.layout.document(decision.document_url)
    previous, earlier, text = paths.state()
    digests = {a.url: a.location.payload_digest for a in attachments if a.location}
    if text is not None and is_current(
            previous, payload_digest=page.location.payload_digest,
            attachment_digests=digests, hints=decision.hints, cleaner=ctx.cleaner):
        return Made("unchanged", paths, None, text, page.location)
    earlier = earlier or {}
    document = make_document(page, decision, attachments, clean=ctx.cleaner.clean,
                             version=earlier.get("version", 1), parsed=parsed)
    return Made("cleaned", paths, document, document.text, page.location)
