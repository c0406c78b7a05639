"""Re-clean one shard: a generator pipeline, datatrove-style.

``read`` (records of the byte range) -> ``select`` (records that become documents)
-> ``document`` (resolve, check, clean, write). Each step yields events for the
runner: ``read`` counts, ``begin`` before a document, ``outcome`` after it,
``failure`` for damaged input, ``derived`` after a conversion record. Runs in the
worker process (``crawler.reclean.worker``); nothing here stops on bad input.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from archive.derived import DerivedWarc, build_conversion_record
from archive.index import CdxjIndex
from archive.reader import ArchivedRecord, ReadError, iter_records, resolve_revisit
from cleaners.document import PortalHints
from crawler.documents import assemble_sidecar, document_paths, write_document
from spiders import discovery
from spiders.base import rebase_url

from .cleaner import Cleaner, is_current, load_cleaner
from .plan import Target, latest_capture, read_payload
from .timeouts import DocumentTimeout, time_limit

__all__ = ["ShardTask", "process_shard"]

logger = logging.getLogger(__name__)

Event = dict[str, Any]
READ_BATCH = 32
_ENCODED = ("gzip", "x-gzip", "deflate", "br", "zstd")


@dataclass
class ShardTask:
    """Everything a worker needs to run one shard (JSON-serialisable)."""

    path: str
    start: int
    end: int | None
    key: str
    targets: list[dict]  # Target fields, for the records of this shard
    text_dir: str
    index_paths: list[str]
    cleaner: str
    timeout: float | None = 60.0
    derived_path: str | None = None
    resume_after: int | None = None  # skip records up to this offset (after a kill)
    records: int = 0
    extra: dict = field(default_factory=dict)


@lru_cache(maxsize=4)
def _index(paths: tuple[str, ...]) -> CdxjIndex:
    return CdxjIndex(paths)


@lru_cache(maxsize=4)
def _cleaner(spec: str) -> Cleaner:
    return load_cleaner(spec)


# -- step 1: read ----------------------------------------------------------------------------
def read_step(task: ShardTask) -> Iterator[ArchivedRecord | Event]:
    """The shard's response/revisit records; each damaged record as a ``failure`` event."""
    damage: list[ReadError] = []
    skip = task.resume_after if task.resume_after is not None else -1
    for record in iter_records(task.path, start=task.start, end=task.end,
                               on_error=damage.append):
        yield from (_read_failure(error, skip) for error in damage)
        damage.clear()
        if record.offset > skip:
            yield record
    yield from (_read_failure(error, skip) for error in damage)


def _read_failure(error: ReadError, skip: int) -> Event:
    if error.offset <= skip:
        return {"t": "noop"}
    logger.warning("%s record at %s:%d: %s", error.kind, error.path, error.offset, error.reason)
    return {"t": "failure", "path": error.path, "offset": error.offset, "reason": error.kind,
            "detail": error.reason[:300]}


# -- step 2: select --------------------------------------------------------------------------
def select_step(items: Iterator[ArchivedRecord | Event], targets: dict[int, Target]
                ) -> Iterator[tuple[ArchivedRecord, Target] | Event]:
    """Pass events on, count records read, keep the records that are targets."""
    read = 0
    for item in items:
        if isinstance(item, dict):
            if item["t"] != "noop":
                yield item
            continue
        read += 1
        if read % READ_BATCH == 0:
            yield {"t": "read", "n": READ_BATCH}
        target = targets.pop(item.offset, None)
        if target is not None:
            yield item, target
    if read % READ_BATCH:
        yield {"t": "read", "n": read % READ_BATCH}


# -- step 3: documents ----------------------------------------------------------------------
@dataclass
class _Context:
    task: ShardTask
    cleaner: Cleaner
    derived: DerivedWarc | None

    @property
    def index(self) -> CdxjIndex:
        return _index(tuple(self.task.index_paths))


class DocumentFailed(Exception):
    """A document that cannot be made, with a short reason (counted by reason)."""

    def __init__(self, reason: str, detail: str = ""):
        super().__init__(detail or reason)
        self.reason = reason


def document_step(items: Iterator[tuple[ArchivedRecord, Target] | Event], ctx: _Context
                  ) -> Iterator[Event]:
    """Make each selected record's document; one ``outcome`` event each."""
    for item in items:
        if isinstance(item, dict):
            yield item
            continue
        record, target = item
        yield {"t": "begin", "offset": record.offset, "url": target.url}
        outcome = {"t": "outcome", "path": task_path(ctx), "offset": record.offset,
                   "url": target.url}
        try:
            with time_limit(ctx.task.timeout):
                outcome["status"], text = make_document(record, target, ctx)
        except DocumentTimeout as exc:
            outcome.update(status="failed", reason="timeout", detail=str(exc))
        except DocumentFailed as exc:
            outcome.update(status="failed", reason=exc.reason, detail=str(exc)[:300])
        except Exception as exc:  # a cleaner bug must not stop the run
            outcome.update(status="failed", reason="cleaner-error",
                           detail=f"{type(exc).__name__}: {exc}"[:300])
        else:
            if ctx.derived is not None:
                yield {"t": "derived", "size": ctx.derived.write(_conversion(record, text))}
        if outcome["status"] == "failed":
            logger.warning("document failed (%s) at %s:%d %s: %s", outcome["reason"],
                           outcome["path"], record.offset, target.url, outcome["detail"])
        yield outcome


def task_path(ctx: _Context) -> str:
    return ctx.task.path


def _conversion(record: ArchivedRecord, text: str):
    return build_conversion_record(record.url, text, refers_to=record.record_id,
                                   refers_to_uri=record.url, refers_to_date=record.date)


def _portal_url(url: str, target: Target) -> str:
    return rebase_url(url, target.rebase) if target.rebase else url


def _scrapy_headers(record: ArchivedRecord) -> dict[str, str]:
    """The response headers as the crawl's spider saw them (Scrapy's names, decoded body)."""
    headers: dict[str, str] = {}
    for name, value in record.http_headers:
        key = name.title()
        if key == "Content-Encoding" or key.startswith("X-Archive-Orig-"):
            continue
        headers[key] = f"{headers[key]}, {value}" if key in headers else value
    return headers


def _payload_record(record: ArchivedRecord, ctx: _Context) -> ArchivedRecord:
    if record.record_type != "revisit":
        return record
    original = resolve_revisit(record, ctx.index)
    if original is None:
        raise DocumentFailed("unresolved-revisit", f"no original for {record.refers_to_uri}")
    return original


def _check_decoded(record: ArchivedRecord) -> None:
    encoding = (record.header("Content-Encoding") or "").strip().lower()
    if encoding in _ENCODED and (not record.payload or record.payload[:2] == b"\x1f\x8b"):
        raise DocumentFailed("undecodable", f"Content-Encoding {encoding} could not be undone")


def _attachment_captures(html: str, record: ArchivedRecord, target: Target, ctx: _Context):
    links = discovery.find_attachment_links(html, record.url)
    if not links:
        return []
    found = []
    for link in links:
        capture = latest_capture(ctx.index, link.url)
        if capture is not None:
            found.append((_portal_url(capture.url, target), capture))
    return found


def make_document(record: ArchivedRecord, target: Target, ctx: _Context) -> tuple[str, str]:
    """``("cleaned" | "unchanged", text)``; raises ``DocumentFailed`` on bad input."""
    source = _payload_record(record, ctx)
    _check_decoded(source)
    html = source.text()
    attachments = _attachment_captures(html, record, target, ctx)
    paths = document_paths(ctx.task.text_dir, target.portal, target.url)
    digests = {url: capture.digest for url, capture in attachments}
    previous = paths.read_sidecar() if paths.text.exists() else None
    if is_current(previous, payload_digest=record.payload_digest, attachment_digests=digests,
                  cleaner=ctx.cleaner):
        return "unchanged", paths.text.read_text(encoding="utf-8")
    texts, warcs = _attachment_texts(attachments, ctx)
    hints = PortalHints(**target.hints) if target.hints else None
    document = ctx.cleaner.clean(source.payload, target.url, _scrapy_headers(source),
                                 portal=hints, attachments=texts)
    sidecar = assemble_sidecar(document.sidecar, url=target.url, final_url=record.url,
                               portal=target.portal, fetched_at=_iso_seconds(record.date),
                               warc=record.location(), attachment_warcs=warcs)
    sidecar["version"] = (previous or {}).get("version", 1)  # the crawl's text version
    write_document(ctx.task.text_dir, target.portal, target.url, document.text, sidecar)
    return "cleaned", document.text


def _attachment_texts(attachments, ctx: _Context):
    from cleaners.attachments import extract_attachment_text

    texts, warcs = [], {}
    for url, capture in attachments:
        record = read_payload(ctx.index, capture)
        if record is None:
            continue
        warcs[url] = record.location()
        if record.status != 200 and record.record_type != "revisit":
            continue
        try:
            texts.append(extract_attachment_text(record.payload, url, record.content_type or None))
        except Exception as exc:
            raise DocumentFailed("attachment-error", f"{url}: {type(exc).__name__}: {exc}") from exc
    return texts, warcs


def _iso_seconds(warc_date: str) -> str:
    """``2026-01-02T03:04:05.678Z`` -> ``2026-01-02T03:04:05Z`` (the sidecar's form)."""
    return warc_date[:19] + "Z" if len(warc_date) >= 19 else warc_date


# -- the pipeline ------------------------------------------------------------------------------
def process_shard(task: ShardTask, emit: Callable[[Event], None]) -> None:
    """Run the shard's pipeline, passing every event to ``emit``; ``done`` last."""
    targets = {t["offset"]: Target(**t) for t in task.targets
               if task.resume_after is None or t["offset"] > task.resume_after}
    derived = None
    if task.derived_path:
        derived = DerivedWarc(task.derived_path, {"software": "govreply reclean",
                                                  "source": Path(task.path).name})
        emit({"t": "derived", "size": derived.fh.tell()})
    ctx = _Context(task, _cleaner(task.cleaner), derived)
    pipeline = document_step(select_step(read_step(task), targets), ctx)
    damaged = set()
    for event in pipeline:
        if event["t"] == "failure":
            damaged.add(event["offset"])
        emit(event)
    size = os.path.getsize(task.path)
    for offset, target in sorted(targets.items()):
        if offset in damaged:
            continue
        cut = offset + target.length > size
        emit({"t": "outcome", "path": task.path, "offset": offset, "url": target.url,
              "status": "failed", "reason": "truncated" if cut else "unreadable",
              "detail": f"the file ends at {size}, inside the record" if cut
              else "the record could not be read back"})
    if derived is not None:
        if derived.count > 1:
            derived.finish()
        else:
            derived.discard()
    emit({"t": "done"})
