"""Re-clean one shard: a generator pipeline, datatrove-style.

``read`` (records of the byte range) -> ``select`` (records that become documents)
-> ``document`` (make it with the one maker, write the pair). Each step yields
events for the runner: ``read`` counts, ``begin`` before a document, ``outcome``
after it, ``failure`` for damaged input, ``derived`` after a conversion record.
Runs in the worker process (``reclean.worker``); nothing here stops on bad input.
Only making a document runs under its time limit: the pair is written after it,
so no timeout can cut a pair in half. Pairs are written unsynced; the shard's
documents are synced in one pass once the shard is over, before its marker
(``sync_documents``, called by ``runner.finish_shard``).
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable, Container, Iterator
from dataclasses import dataclass, field, fields
from functools import lru_cache
from pathlib import Path
from typing import Any

from archive.derived import DerivedWarc, build_conversion_record
from archive.reader import ArchivedRecord, ReadError, iter_records
from corpus.budget import Budget, attempt
from corpus.layout import OutputLayout, sync_pairs

from .cleaner import Cleaner, load_cleaner
from .documents import Made, WorkerContext, make_target
from .targets import Target

__all__ = ["ShardTask", "process_shard"]

logger = logging.getLogger(__name__)

Event = dict[str, Any]
READ_BATCH = 32


@dataclass
class ShardTask:
    """Everything a worker needs to run one shard (JSON-serialisable)."""

    path: str
    start: int
    end: int | None
    key: str
    targets: list[dict]  # ``Target.as_dict()`` of the page records in this shard
    output: str  # the output directory (``corpus.layout.OutputLayout``)
    index_paths: list[str]
    cleaner: str
    timeout: float | None = 60.0
    derived_path: str | None = None
    resume_after: int | None = None  # skip records up to this offset (after a kill)
    skip: list[int] = field(default_factory=list)  # targets failed by a kill: not retried
    records: int = 0
    max_bytes: int | None = None  # the per-page size budget (corpus.budget)
    max_memory: int | None = None  # the worker's address space cap (corpus.budget)

    def to_json(self) -> str:
        """The task as one JSON line's content (fields as they are: ``dataclasses.asdict``
        deep-copies every target, 20 ms a shard on the critical path between shards)."""
        return json.dumps({f.name: getattr(self, f.name) for f in fields(self)})


@lru_cache(maxsize=4)
def _cleaner(spec: str) -> Cleaner:
    return load_cleaner(spec)


# -- step 1: read ----------------------------------------------------------------------------
def read_step(task: ShardTask, wanted: Container[int] = ()) -> Iterator[ArchivedRecord | Event]:
    """The shard's response/revisit records (payloads only of those at ``wanted``
    offsets: memory holds one page at a time); each damaged record as a ``failure``."""
    damage: list[ReadError] = []
    skip = task.resume_after if task.resume_after is not None else -1
    for record in iter_records(task.path, start=task.start, end=task.end,
                               on_error=damage.append, payload_at=wanted.__contains__):
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
def _make(record: ArchivedRecord, target: Target, ctx: WorkerContext, timeout: float | None,
          outcome: Event) -> Made | None:
    """Make the document under the per-page budget; failures go into ``outcome``."""
    tried = attempt(timeout, make_target, record, target, ctx)
    if tried.reason is not None:
        outcome.update(status="failed", reason=tried.reason, detail=tried.detail)
    return tried.value


def document_step(items: Iterator[tuple[ArchivedRecord, Target] | Event], task: ShardTask,
                  ctx: WorkerContext, derived: DerivedWarc | None, hand_over: bool = False
                  ) -> Iterator[Event]:
    """Make and write each selected record's document; one ``outcome`` event each, once
    its pair is on disk (unsynced).

    With ``hand_over`` (the worker process) the pair is not written here: the outcome
    carries it (``pair``: folder, stem, text, sidecar) and the runner, in the parent
    process, writes it before it reads the next event, so the file system's work, and its
    waits, happen beside the cleaning instead of between two pages (measured on the hint
    path, 2000 pages, interleaved: one worker 12.2 s against 17.0 s when it writes its own
    pairs; two workers 9.4 against 9.8 s). A thread beside the cleaner was tried: each
    call into the kernel from a second thread takes the interpreter lock back from the
    cleaner, which cost more than the writing itself. Without it (a caller that runs the
    shard in its own process) the pair is written here, between two cleanings.
    """
    for item in items:
        if isinstance(item, dict):
            yield item
            continue
        record, target = item
        yield {"t": "begin", "offset": record.offset, "url": target.url}
        outcome = {"t": "outcome", "path": task.path, "offset": record.offset,
                   "url": target.url}
        made = _make(record, target, ctx, task.timeout, outcome)
        if made is None:
            logger.warning("document failed (%s) at %s:%d %s: %s", outcome["reason"],
                           task.path, record.offset, target.url, outcome["detail"])
            yield outcome
            continue
        outcome["status"] = made.status
        if made.document is not None and hand_over:  # the runner writes it
            outcome["pair"] = [str(made.paths.folder), made.paths.stem, made.document.text,
                               made.document.sidecar]
        elif made.document is not None:  # synced with the shard's others, before its marker
            made.paths.write(made.document.text, made.document.sidecar, sync=False)
        if derived is not None:
            yield {"t": "derived", "size": derived.write(_conversion(made))}
        yield outcome


def _conversion(made: Made):
    """A conversion record of the text, referring to the record that holds its source."""
    source = made.source
    return build_conversion_record(source.target_uri, made.text, refers_to=source.record_id,
                                   refers_to_uri=source.target_uri,
                                   refers_to_date=source.date)


# -- the pipeline ------------------------------------------------------------------------------
def process_shard(task: ShardTask, emit: Callable[[Event], None], hand_over: bool = False
                  ) -> None:
    """Run the shard's pipeline, passing every event to ``emit``; ``done`` last. With
    ``hand_over`` each document's pair goes out in its outcome, for the caller to write
    (``document_step``)."""
    skip = set(task.skip)
    targets = {t["offset"]: Target.from_dict(t) for t in task.targets
               if (task.resume_after is None or t["offset"] > task.resume_after)
               and t["offset"] not in skip}
    derived = None
    if task.derived_path:
        derived = DerivedWarc(task.derived_path, {"software": "govreply reclean",
                                                  "source": Path(task.path).name})
        emit({"t": "derived", "size": derived.fh.tell()})
    ctx = WorkerContext(OutputLayout(task.output), _cleaner(task.cleaner),
                        tuple(task.index_paths), Budget(task.timeout, task.max_bytes))
    damaged = set()
    reading = read_step(task, frozenset(targets))
    try:
        for event in document_step(select_step(reading, targets), task, ctx, derived,
                                   hand_over):
            if event["t"] == "failure":
                damaged.add(event["offset"])
            emit(event)
    except BaseException:
        if derived is not None:  # a half-written derived file is of no use to anyone
            derived.discard()
        raise
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


def sync_documents(layout: OutputLayout, targets: list[dict]) -> None:
    """Sync every document pair of a shard (written by its worker, or by one killed
    earlier in the shard) and their folders: one pass, before the shard counts as done
    (``runner.finish_shard``)."""
    sync_pairs(layout.document(target["url"]) for target in targets)
