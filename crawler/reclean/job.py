"""The re-clean job: plan documents and shards, run the shards, report.

``run_reclean(RecleanOptions(...))`` is the whole job; ``scrapy reclean`` is a thin
CLI over it.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from archive.index import CdxjIndex, index_path_for, index_warc
from archive.reader import iter_warc_paths
from archive.shards import Shard, plan_digest, plan_shards

from .cleaner import DEFAULT_CLEANER, load_cleaner
from .executors import run_dask, run_local
from .markers import ShardMarkers, job_key
from .plan import Target, plan_documents, routings_for
from .report import Progress, Summary
from .shard import ShardTask

__all__ = ["RecleanOptions", "run_reclean"]

logger = logging.getLogger(__name__)


@dataclass
class RecleanOptions:
    """What ``scrapy reclean`` takes (see the README, "Re-cleaning archived WARCs")."""

    inputs: Sequence[str]  # WARC files, directories or globs
    output: str = "output"  # documents go to <output>/text, job state to <output>/reclean
    workers: int = 1
    dask: str | None = None  # a Dask scheduler address: run there instead
    records_per_shard: int = 500
    timeout: float | None = 60.0  # per document, seconds
    grace: float = 10.0  # past the timeout before the watchdog kills a worker
    derived_warc: bool = False  # also write conversion records to <output>/reclean/derived
    cleaner: str = DEFAULT_CLEANER  # module:function (a hook for tests)
    portals: Sequence[str] = ()  # registry sections to route (default: all, plus ad-hoc)
    restart: bool = False  # ignore completion markers
    report: str | None = None  # JSON report path (default <output>/reclean/report.json)
    progress: bool | None = None  # tqdm bar; None: when stderr is a terminal


def _warc_files(inputs: Sequence[str]) -> list[Path]:
    paths = [p.resolve() for p in iter_warc_paths(inputs) if p.is_file()]
    for path in paths:
        if not index_path_for(path).exists():
            logger.info("indexing %s", path)
            index_warc(path)
    return paths


def _targets_of(shard: Shard, targets: Sequence[Target]) -> list[dict]:
    return [t.as_dict() for t in targets if t.path == shard.path and t.offset >= shard.start
            and (shard.end is None or t.offset < shard.end)]


def run_reclean(options: RecleanOptions) -> Summary:
    """Re-clean the archived reply pages of ``options.inputs``; returns the summary."""
    began = time.monotonic()
    output = Path(options.output).resolve()
    state = output / "reclean"
    paths = _warc_files(options.inputs)
    if not paths:
        raise FileNotFoundError(f"no finished .warc.gz among {list(options.inputs)}")
    cleaner = load_cleaner(options.cleaner)
    index = CdxjIndex(paths)
    targets = plan_documents(index, routings_for(index, portals=options.portals or None))
    shards = plan_shards(paths, records_per_shard=options.records_per_shard)
    key = job_key([cleaner.version, cleaner.step_versions, cleaner.spec, options.derived_warc,
                   plan_digest(shards), [t.as_dict() for t in targets]])
    markers = ShardMarkers(state / "state", key)
    if options.restart:
        markers.clear()
    pending = [s for s in shards if not markers.is_done(s.key)]
    summary = Summary(shards_total=len(shards), shards_done_before=len(shards) - len(pending),
                      documents_planned=len(targets), executor="dask" if options.dask else "local",
                      workers=options.workers, cleaner_version=cleaner.version, job=key)
    logger.info("reclean job %s: %d WARCs, %d shards (%d done), %d documents planned", key,
                len(paths), len(shards), summary.shards_done_before, len(targets))
    tasks = [ShardTask(path=s.path, start=s.start, end=s.end, key=s.key,
                       targets=_targets_of(s, targets), text_dir=str(output / "text"),
                       index_paths=[str(p) for p in paths], cleaner=cleaner.spec,
                       timeout=options.timeout, records=s.records,
                       derived_path=str(state / "derived" / f"{s.key}.warc.gz")
                       if options.derived_warc else None)
             for s in pending]
    if tasks:
        _execute(tasks, options, (str(markers.directory.parent), key), summary)
    summary.wall_seconds = time.monotonic() - began
    summary.write(options.report or state / "report.json")
    return summary


def _execute(tasks: list[ShardTask], options: RecleanOptions, markers: tuple[str, str],
             summary: Summary) -> None:
    progress = Progress(sum(t.records for t in tasks),
                        tty=options.progress)
    try:
        def on_event(event: dict) -> None:
            if event["t"] == "read":
                progress.advance(event["n"])

        def on_result(result: dict) -> None:
            summary.add(result)
            if options.dask:
                progress.advance(result.get("read", 0))

        if options.dask:
            run_dask(tasks, address=options.dask, markers=markers, grace=options.grace,
                     on_result=on_result)
        else:
            run_local(tasks, workers=options.workers, markers=markers, grace=options.grace,
                      on_event=on_event, on_result=on_result)
    finally:
        progress.close()


def options_dict(options: RecleanOptions) -> dict:
    """The options as a plain dict (for logs and reports)."""
    return {k: (list(v) if isinstance(v, tuple) else v) for k, v in asdict(options).items()}


