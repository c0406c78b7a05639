"""A cleaning worker process: documents made off the crawl's reactor thread.

``crawler.cleanpool`` starts each worker as ``python -c`` (see ``BOOT``) and sends it
jobs: a ``CleanJob`` (the page record, the decision, the attachments' payloads), as a
length-prefixed pickle on its stdin. The worker makes the document with the one maker
(``corpus.maker.make_document``) under the per-page budget (``corpus.budget``) and
answers a ``CleanAnswer`` the same way on a private descriptor (its stdout is moved to
stderr, so a cleaner that prints cannot corrupt the channel). It writes nothing: the
crawl writes the pair and commits its state, in that order. It imports no Scrapy or
Twisted, and exits when its stdin closes.
"""

from __future__ import annotations

import gc
import importlib
import json
import logging
import os
import pickle
import struct
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from .budget import Budget, attempt
from .decision import Decision
from .maker import AttachmentPayload, Document, Page, make_document

__all__ = ["BOOT", "CleanAnswer", "CleanJob", "load_function", "main", "make", "read_frame",
           "write_frame"]

BOOT = ("import sys, json, os; sys.path[:0] = json.loads(os.environ['GOVREPLY_WORKER_PATH']); "
        "from corpus.cleanworker import main; main()")
_HEADER = struct.Struct(">Q")


@dataclass
class CleanJob:
    """One page to make a document of."""

    page: Page
    decision: Decision
    attachments: Sequence[AttachmentPayload] = ()


@dataclass
class CleanAnswer:
    """The document, or why there is none (``reason``: a word for reports)."""

    document: Document | None
    reason: str | None = None
    detail: str = ""
    seconds: float = 0.0
    extra: dict[str, Any] = field(default_factory=dict)


def write_frame(fh: BinaryIO, obj: Any) -> None:
    data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    fh.write(_HEADER.pack(len(data)))
    fh.write(data)
    fh.flush()


def read_frame(fh: BinaryIO) -> Any:
    """The next object on ``fh``; ``EOFError`` when the stream ends."""
    head = fh.read(_HEADER.size)
    if len(head) < _HEADER.size:
        raise EOFError("the stream ended")
    (size,) = _HEADER.unpack(head)
    data = fh.read(size)
    if len(data) < size:
        raise EOFError("the stream ended inside a frame")
    return pickle.loads(data)


def frame_size(head: bytes) -> int:
    """The payload size announced by a frame's header (``len(head) == HEADER_SIZE``)."""
    return _HEADER.unpack(head)[0]


HEADER_SIZE = _HEADER.size


def load_function(spec: str) -> Callable[..., Any]:
    """``module:function`` imported (the cleaner a worker runs)."""
    module_name, _, attr = spec.partition(":")
    return getattr(importlib.import_module(module_name), attr or "clean_page")


def make(job: CleanJob, clean: Callable[..., Any], seconds: float | None) -> CleanAnswer:
    """The document of ``job`` under the time limit (in-process: what a worker runs)."""
    began = time.perf_counter()
    tried = attempt(seconds, make_document, job.page, job.decision, job.attachments,
                    clean=clean)
    return CleanAnswer(tried.value, tried.reason, tried.detail,
                       round(time.perf_counter() - began, 4))


# A worker allocates millions of short-lived objects a page and keeps few: the collector
# runs every 20,000 allocations instead of 700 and never walks the objects of the modules
# imported at start (``gc.freeze``). About 3 % of a re-clean worker's time on the hint
# path (``benchmarks/bench_reclean.py``); cycles are still collected.
GC_THRESHOLDS = (20000, 20, 100)


def settle_collector() -> None:
    """Tune the garbage collector of a worker process, once its imports are done."""
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)


def main() -> None:
    """Serve jobs on stdin until it closes (the budget and cleaner come from the
    environment: ``GOVREPLY_WORKER_BUDGET``, ``GOVREPLY_WORKER_CLEANER``)."""
    settle_collector()
    channel = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    logging.basicConfig(level=os.environ.get("GOVREPLY_WORKER_LOG_LEVEL", "WARNING"),
                        format="%(asctime)s [clean worker %(process)d] %(levelname)s: "
                               "%(message)s")
    budget = Budget(**json.loads(os.environ.get("GOVREPLY_WORKER_BUDGET", "{}")))
    clean = load_function(os.environ.get("GOVREPLY_WORKER_CLEANER", "cleaners:clean_page"))
    budget.cap_memory()
    jobs = sys.stdin.buffer
    while True:
        try:
            job = read_frame(jobs)
        except EOFError:
            break
        answer = make(job, clean, budget.seconds)
        try:
            write_frame(channel, answer)
        except MemoryError:
            write_frame(channel, CleanAnswer(None, "over-memory", "the document is too big "
                                                                  "to hand back"))
        if answer.reason == "over-memory":
            break  # start afresh: the next page gets a clean heap
    channel.close()
