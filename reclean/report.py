"""Progress while a re-clean runs, and its summary and JSON report afterwards."""

from __future__ import annotations

import json
import logging
import os
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

__all__ = ["Progress", "Summary"]

logger = logging.getLogger(__name__)

MAX_FAILURES_LISTED = 1000


class Progress:
    """A tqdm bar (records/s, ETA) on a terminal; plain log lines every ``every`` s otherwise."""

    def __init__(self, total: int, *, stream: TextIO | None = None, tty: bool | None = None,
                 every: float = 10.0):
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty() if tty is None else tty
        self.total = total
        self.done = 0
        self.every = every
        self.started = self._last = time.monotonic()
        self.bar = None
        if self.tty:
            from tqdm import tqdm

            self.bar = tqdm(total=total, unit="rec", file=self.stream, dynamic_ncols=True,
                            desc="reclean", smoothing=0.1)

    def advance(self, records: int) -> None:
        self.done += records
        if self.bar is not None:
            self.bar.update(records)
            return
        now = time.monotonic()
        if now - self._last >= self.every:
            self._last = now
            rate = self.done / max(now - self.started, 1e-9)
            eta = (self.total - self.done) / rate if rate else float("inf")
            logger.info("reclean: %d/%d records, %.1f records/s, ETA %.0fs", self.done,
                        self.total, rate, eta)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


@dataclass
class Summary:
    """Totals over the shards a run processed."""

    read: int = 0
    cleaned: int = 0
    unchanged: int = 0
    failed: int = 0
    failed_by_reason: Counter = field(default_factory=Counter)
    failures: list[dict] = field(default_factory=list)
    shards_total: int = 0
    shards_done_before: int = 0
    shards_run: int = 0
    shards_unfinished: list[dict] = field(default_factory=list)
    documents_planned: int = 0
    wall_seconds: float = 0.0
    executor: str = "local"
    workers: int = 1
    cleaner_version: str = ""
    job: str = ""
    files: list[dict] = field(default_factory=list)  # each input's ``InputFile.as_dict()``

    def add(self, result: dict[str, Any]) -> None:
        self.shards_run += 1
        for name in ("read", "cleaned", "unchanged", "failed"):
            setattr(self, name, getattr(self, name) + result.get(name, 0))
        for failure in result.get("failures", []):
            self.failed_by_reason[failure.get("reason") or "unknown"] += 1
            if len(self.failures) < MAX_FAILURES_LISTED:
                self.failures.append(failure)
        extra = result.get("failed", 0) - len(result.get("failures", []))
        if extra > 0:
            self.failed_by_reason["unlisted"] += extra
        if not result.get("complete"):
            self.shards_unfinished.append({"shard": result.get("key"),
                                           "error": result.get("error"),
                                           "kind": result.get("error_kind") or "error"})

    @property
    def io_error(self) -> bool:
        """A shard stopped by an I/O error writing its output (a full disk)."""
        return any(s.get("kind") == "io" for s in self.shards_unfinished)

    @property
    def readable_files(self) -> int:
        return sum(1 for f in self.files if f.get("status") != "refused")

    @property
    def records_per_second(self) -> float:
        return self.read / self.wall_seconds if self.wall_seconds else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "read": self.read, "cleaned": self.cleaned, "unchanged": self.unchanged,
            "failed": self.failed, "failed_by_reason": dict(sorted(self.failed_by_reason.items())),
            "wall_seconds": round(self.wall_seconds, 3),
            "records_per_second": round(self.records_per_second, 1),
            "documents_planned": self.documents_planned,
            "shards": {"total": self.shards_total, "done_before": self.shards_done_before,
                       "run": self.shards_run, "unfinished": self.shards_unfinished},
            "executor": self.executor, "workers": self.workers,
            "cleaner_version": self.cleaner_version, "job": self.job,
            "files": self.files,
            "failures": self.failures,
        }

    def text(self) -> str:
        """The human summary printed at the end of a run."""
        statuses = Counter(f.get("status") for f in self.files)
        lines = [
            *([f"files: {len(self.files)} ("
               + ", ".join(f"{n} {status}" for status, n in sorted(statuses.items())) + ")"]
              if self.files else []),
            *(f"  {_file_line(f)}" for f in self.files if f.get("status") != "read"),
            f"reclean: {self.read} records read, {self.cleaned} documents cleaned, "
            f"{self.unchanged} unchanged, {self.failed} failed in {self.wall_seconds:.1f}s "
            f"({self.records_per_second:.1f} records/s)",
            f"shards: {self.shards_run} run, {self.shards_done_before} already done, "
            f"{self.shards_total} in all",
        ]
        if self.cleaned == 0 and not self.shards_unfinished:
            lines.append("nothing changed: no document was written")
        for reason, count in sorted(self.failed_by_reason.items()):
            lines.append(f"  failed ({reason}): {count}")
        for failure in self.failures[:20]:
            lines.append(f"    {failure.get('reason')}: {failure.get('path')}:"
                         f"{failure.get('offset')} {failure.get('url') or ''} "
                         f"{failure.get('detail') or ''}".rstrip())
        for shard in self.shards_unfinished:
            lines.append(f"  unfinished shard {shard['shard']}: {shard['error']} (rerun to retry)")
        return "\n".join(lines)

    def write_run(self, folder: Path, *, latest: Path | None = None,
                  now: datetime | None = None) -> Path:
        """Write this run's report as ``folder/<UTC time>.json``, never over an earlier one
        (a second run in the same second gets ``<time>.02.json``); copy it to ``latest``."""
        folder.mkdir(parents=True, exist_ok=True)
        stamp = f"{now or datetime.now(UTC):%Y%m%dT%H%M%SZ}"
        data = json.dumps(self.as_dict(), ensure_ascii=False, indent=1) + "\n"
        for n in range(1, 1000):
            path = folder / (f"{stamp}.json" if n == 1 else f"{stamp}.{n:02d}.json")
            try:
                with open(path, "x", encoding="utf-8") as fh:
                    fh.write(data)
            except FileExistsError:
                continue
            if latest is not None:
                self.write(latest)
            return path
        raise FileExistsError(f"999 reports at {stamp} in {folder}")

    def write(self, path: str | os.PathLike[str]) -> Path:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.tmp")
        tmp.write_text(json.dumps(self.as_dict(), ensure_ascii=False, indent=1) + "\n",
                       encoding="utf-8")
        os.replace(tmp, path)
        return path


def _file_line(report: dict[str, Any]) -> str:
    """One line for an input file that was not simply read."""
    reason = f": {report['reason']}" if report.get("reason") else ""
    copy = (f" (read from {report['read_from']})"
            if report.get("read_from") and report.get("read_from") != report.get("path") else "")
    return f"{report.get('status')}: {report.get('path')}{reason}{copy}"
