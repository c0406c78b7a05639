"""The re-clean job: plan documents and shards, run the shards, report.

``run_reclean(RecleanOptions(...))`` is the whole job; ``scrapy reclean`` (and
``python -m reclean``) is a thin CLI over it.
"""

from __future__ import annotations

import bisect
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from archive.index import CdxjIndex, index_path_for
from archive.shards import Shard, plan_digest, plan_shards
from corpus.budget import MiB
from corpus.layout import OutputLayout
from corpus.registry import Registry, load_registry

from .cleaner import DEFAULT_CLEANER, load_cleaner
from .decisions import WarcFiles, decision_targets, scan_file
from .executors import run_dask, run_local
from .inputs import InputFile, prepare_inputs
from .markers import ShardMarkers, job_key
from .report import Progress, Summary
from .routing import routed_targets
from .runner import ShardRunner
from .shard import ShardTask
from .targets import Selection, Target, latest_per_document

__all__ = ["RecleanError", "RecleanOptions", "run_reclean"]

logger = logging.getLogger(__name__)


class RecleanError(ValueError):
    """Options the job cannot run with (one line, for the command's stderr)."""


@dataclass
class RecleanOptions:
    """What ``scrapy reclean`` takes (see the README, "Re-cleaning archived WARCs")."""

    inputs: Sequence[str]  # WARC files, directories or globs
    output: str = "output"  # documents go to <output>/text, job state to <output>/reclean
    workers: int = 1
    dask: str | None = None  # a Dask scheduler address: run there instead
    records_per_shard: int = 100
    timeout: float | None = 60.0  # per document, seconds
    max_page_mb: float | None = 32.0  # a bigger page is not cleaned (corpus.budget)
    max_memory_mb: float | None = 2048.0  # address space of each worker (corpus.budget)
    grace: float = 10.0  # past the timeout before the watchdog kills a worker
    derived_warc: bool = False  # also write conversion records to <output>/reclean/derived
    cleaner: str = DEFAULT_CLEANER  # module:function (a hook for tests)
    portals: Sequence[str] = ()  # only these portals (registry names or ad-hoc sections)
    url_prefixes: Sequence[str] = ()  # only documents whose URL starts with one of these
    hints: str = "recorded"  # "recorded": the decisions' hints; "current": today's registry
    route: bool = False  # route every page with today's discovery rules, decisions ignored
    restart: bool = False  # ignore completion markers
    report: str | None = None  # JSON report path (default <output>/reclean/report.json)
    progress: bool | None = None  # tqdm bar; None: when stderr is a terminal


class _Indexes:
    """The index of each file a shard reads: the inputs' (``reclean.inputs``), else the
    one beside a WARC of the crawl, else one made under the output."""

    def __init__(self, inputs: Sequence[InputFile], layout: OutputLayout):
        self._known = {item.read_path: item.index for item in inputs}
        self._layout = layout

    def __call__(self, path: Path) -> Path:
        path = Path(path)
        if path not in self._known:
            beside = index_path_for(path)
            self._known[path] = beside if beside.exists() else self._layout.reclean_index(path)
        return self._known[path]

    def of(self, paths: Sequence[Path]) -> list[Path]:
        return [self(p) for p in paths]


def _load_cleaner(spec: str):
    try:
        return load_cleaner(spec)
    except (ImportError, AttributeError, ValueError) as exc:
        raise RecleanError(f"--cleaner {spec}: {type(exc).__name__}: {exc}") from None


def _stray_decisions(scan, files: WarcFiles) -> bool:
    """A file whose decisions all name page records in files that are not there (a copy
    renamed or decompressed by hand: its offsets are not those the decisions name)."""
    return bool(scan.decisions) and all(files.path_of(d.page.filename) is None
                                        for d in scan.decisions)


def plan_targets(paths: list[Path], options: RecleanOptions, registry: Registry,
                 indexes: _Indexes | None = None) -> list[Target]:
    """Every document to make: from decision records, and by routing the WARCs that have
    none (all of them with ``route``); the latest of each document."""
    selection = Selection(options.portals, options.url_prefixes)
    scans = [] if options.route else [scan_file(p) for p in paths]
    for scan in scans:
        for problem in scan.problems:
            logger.warning("unreadable decision record %s", problem)
        if scan.damaged and scan.decided:
            logger.warning("%s is damaged (%d unreadable parts): decision records there are "
                           "lost, and their pages are not made; --route routes its pages "
                           "instead", scan.path.name, scan.damaged)
    files = WarcFiles(paths)
    stray = [s for s in scans if s.decided and _stray_decisions(s, files)]
    for scan in stray:
        logger.warning("%s: its decision records name %s, which is not given: its pages are "
                       "routed with today's discovery rules instead", scan.path.name,
                       scan.decisions[0].page.filename)
        scan.decided, scan.decisions = False, []
    routed = paths if options.route else [s.path for s in scans if not s.decided]
    if routed and not options.route:
        names = ", ".join(p.name for p in routed[:5]) + (", ..." if len(routed) > 5 else "")
        logger.info("%d of %d WARC files hold no decision records (written before decision "
                    "records, or by another crawler): their pages are routed with today's "
                    "discovery rules, as --route does: %s", len(routed), len(paths), names)
    targets = decision_targets(scans, files, hints=options.hints, registry=registry,
                               selection=selection)
    if routed:
        index = CdxjIndex(indexes.of(routed) if indexes is not None else routed)
        targets += routed_targets(index, registry, selection)
    chosen = latest_per_document(targets)
    _check_selection(options, registry, chosen)
    return chosen


def _check_selection(options: RecleanOptions, registry: Registry, targets: list[Target]) -> None:
    found = {dict(t.decision).get("portal") for t in targets}
    unknown = [n for n in options.portals if n not in found and registry.find(n) is None]
    if unknown:
        raise RecleanError(f"--portal {', '.join(unknown)}: no registry entry, and no section "
                           f"of that name in the WARCs")


def _targets_by_shard(shards: Sequence[Shard], targets: Sequence[Target],
                      dicts: Sequence[dict]) -> list[list[dict]]:
    """The targets of each shard (as dicts), found by file and offset."""
    by_path: dict[str, list[tuple[int, dict]]] = {}
    for target, data in zip(targets, dicts, strict=True):
        by_path.setdefault(str(target.path), []).append((target.offset, data))
    for entries in by_path.values():
        entries.sort(key=lambda entry: entry[0])
    found = []
    for shard in shards:
        entries = by_path.get(str(shard.path), [])
        offsets = [offset for offset, _ in entries]
        low = bisect.bisect_left(offsets, shard.start)
        high = len(offsets) if shard.end is None else bisect.bisect_left(offsets, shard.end)
        found.append([data for _, data in entries[low:high]])
    return found


def _mib(value: float | None) -> int | None:
    return int(value * MiB) if value else None


def run_reclean(options: RecleanOptions) -> Summary:
    """Re-clean the archived reply pages of ``options.inputs``; returns the summary."""
    began = time.monotonic()
    layout = OutputLayout(Path(options.output).resolve())
    cleaner = _load_cleaner(options.cleaner)
    inputs = prepare_inputs(list(options.inputs), layout)
    if not inputs:
        raise FileNotFoundError(f"no file among {list(options.inputs)}")
    # the worker processes start now: their imports overlap the planning
    runners = [] if options.dask else [ShardRunner(grace=options.grace).start()
                                       for _ in range(max(1, options.workers))]
    try:
        return _run(options, layout, inputs, cleaner, runners, began)
    finally:
        for runner in runners:
            runner.close()


def _run(options: RecleanOptions, layout: OutputLayout, inputs: list[InputFile], cleaner,
         runners: list[ShardRunner], began: float) -> Summary:
    paths = [item.read_path for item in inputs if item.readable]
    indexes = _Indexes(inputs, layout)
    targets = plan_targets(paths, options, load_registry(), indexes) if paths else []
    # a decision may name a page record in a WARC of its crawl that was not given
    shard_paths = list(dict.fromkeys([*paths, *(Path(t.path) for t in targets)]))
    shards = plan_shards(shard_paths, records_per_shard=options.records_per_shard,
                         index_of=indexes)
    dicts = [t.as_dict() for t in targets]
    budget = [options.timeout, options.max_page_mb, options.max_memory_mb]  # a larger one
    key = job_key([cleaner.version, cleaner.step_versions, cleaner.spec, options.derived_warc,
                   plan_digest(shards), dicts, *budget])  # retries what a smaller one failed
    markers = ShardMarkers(layout.reclean_markers(), key)
    if options.restart:
        markers.clear()
    pending = [s for s in shards if not markers.is_done(s.key)]
    shard_targets = _targets_by_shard(pending, targets, dicts)
    summary = Summary(shards_total=len(shards), shards_done_before=len(shards) - len(pending),
                      documents_planned=len(targets), executor="dask" if options.dask else "local",
                      workers=options.workers, cleaner_version=cleaner.version, job=key,
                      files=[item.as_dict() for item in inputs])
    logger.info("reclean job %s: %d WARCs, %d shards (%d done), %d documents planned", key,
                len(shard_paths), len(shards), summary.shards_done_before, len(targets))
    tasks = [ShardTask(path=s.path, start=s.start, end=s.end, key=s.key,
                       targets=chosen, output=str(layout.root),
                       index_paths=[str(p) for p in indexes.of(shard_paths)],
                       cleaner=cleaner.spec,
                       timeout=options.timeout, records=s.records,
                       max_bytes=_mib(options.max_page_mb),
                       max_memory=_mib(options.max_memory_mb),
                       derived_path=str(layout.reclean_derived(s.key))
                       if options.derived_warc else None)
             for s, chosen in zip(pending, shard_targets, strict=True)]
    if tasks:
        _execute(tasks, options, (str(markers.directory.parent), key), summary, runners)
    summary.wall_seconds = time.monotonic() - began
    if options.report:
        summary.write(options.report)
    else:
        summary.write_run(layout.reclean_reports_dir, latest=layout.reclean_report)
    return summary


def _execute(tasks: list[ShardTask], options: RecleanOptions, markers: tuple[str, str],
             summary: Summary, runners: list[ShardRunner]) -> None:
    progress = Progress(sum(t.records for t in tasks), tty=options.progress)
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
                      on_event=on_event, on_result=on_result, runners=runners)
    finally:
        progress.close()
