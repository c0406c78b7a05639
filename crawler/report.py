"""The nightly's run report and its summary, from the run's ledger.

``reports/<UTC>-<portals>.json`` holds, per portal, how many URLs ended in each outcome
(replies at the top level, ``lists`` and ``attachments`` apart), every URL that did not
end well with its reason (``urls``), the template drift, unreachable portals, the write
error that stopped the run (path and errno) and the exit code. It is small (one line per
listed URL, no empty field) and written atomically: into a file reserved when the run
starts (``ReportFile.reserve``, so a disk that fills up during the crawl still has room
for it), synced, then linked under its name, never over an earlier report.
"""

from __future__ import annotations

import errno
import json
import os
import re
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from archive.files import ArchiveWriteError, fsync_dir
from crawler.failures import FAILURES, Outcome
from crawler.outcomes import Entry, OutcomeLedger

__all__ = ["REPLY_OUTCOMES", "ReportFile", "build_report", "iso", "portal_counts",
           "portal_platforms", "summary"]

RESERVED_BYTES = (256 * 1024, 64 * 1024, 16 * 1024)  # the first that fits is set aside
SUMMARY_URLS = 50  # failed URLs listed at the end of the summary; the report has them all
REPLY_OUTCOMES = ("new", "changed", "unchanged", "gone", "dead", "failed", "unreachable",
                  "skipped", "pending")


def iso(moment: datetime | None = None) -> str:
    """ISO 8601, UTC, seconds: ``2026-12-02T02:17:05+00:00``."""
    return (moment or datetime.now(UTC)).astimezone(UTC).isoformat(timespec="seconds")


def portal_counts(ledger: OutcomeLedger, stats: dict[str, Any],
                  portals: list[str]) -> dict[str, dict[str, Any]]:
    """Per portal: reply outcomes (all of ``REPLY_OUTCOMES``), ``reply_links``, truncated
    documents, and the outcomes of list pages and attachments."""
    counts: dict[str, dict[str, Any]] = {}
    found = ledger.counts()
    for name in sorted(set(portals) | set(found)):
        roles = found.get(name, {})
        replies: Counter = roles.get("reply", Counter())
        entry: dict[str, Any] = {outcome: replies.get(outcome, 0) for outcome in REPLY_OUTCOMES}
        entry["reply_links"] = stats.get(f"govreply/lists/{name}/reply_links", 0)
        entry["truncated"] = stats.get(f"govreply/documents/truncated/{name}", 0)
        for role in ("list", "attachment"):
            if roles.get(role):
                entry[f"{role}s"] = dict(sorted(roles[role].items()))
        counts[name] = entry
    return counts


def portal_platforms(stats: dict[str, Any]) -> dict[str, dict[str, str]]:
    """``govreply/platform[_source|_evidence]/<portal>`` stats -> {portal: {platform,
    source, evidence}}: the CMS family each section was read with, and why."""
    fields = {"": "platform", "_source": "source", "_evidence": "evidence"}
    found: dict[str, dict[str, str]] = {}
    for key, value in stats.items():
        match = re.fullmatch(r"govreply/platform(_source|_evidence)?/([^/]+)", key)
        if match:
            found.setdefault(match.group(2), {})[fields[match.group(1) or ""]] = str(value)
    return found


def _drop_empty(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _drop_empty(v) for k, v in value.items() if v not in (None, "", {})}
    return value


def build_report(*, started: datetime, ledger: OutcomeLedger, stats: dict[str, Any],
                 portals: list[str], drift: list[str], exit_code: int, verdict: str,
                 resumed: bool) -> dict[str, Any]:
    """The report as a dict (``ReportFile.write`` writes it)."""
    problems = sorted(ledger.problems(), key=lambda e: (e.portal, e.outcome, e.url))
    report: dict[str, Any] = {
        "started": iso(started),
        "finished": iso(),
        "finish_reason": ledger.finish_reason or stats.get("finish_reason") or "not-started",
        "resumed": resumed,
        "exit_code": exit_code,
        "verdict": verdict,
        "portals": portal_counts(ledger, stats, portals),
        "platforms": portal_platforms(stats),
        "template_drift": drift,
        "unreachable": ledger.unreachable(),
        "new_failures": len(ledger.new_failures()),
        "queued_not_tried": sum(1 for e in ledger.entries.values()
                                if e.outcome is Outcome.PENDING and not e.tried),
        "urls": [e.as_dict() for e in problems],
    }
    if ledger.io_error is not None:
        report["io_error"] = _io_error(ledger.io_error)
    return _drop_empty(report)


def _io_error(error: ArchiveWriteError) -> dict[str, Any]:
    return {"message": str(error), "path": str(error.path), "errno": error.errno,
            "disk_full": error.disk_full}


def _dumps(report: dict[str, Any]) -> str:
    """Compact JSON with one line per listed URL."""
    urls = report.get("urls", [])
    head = {k: v for k, v in report.items() if k != "urls"}
    text = json.dumps(head, ensure_ascii=False, indent=1)
    if not urls:
        return text + "\n"
    lines = ",\n".join("  " + json.dumps(u, ensure_ascii=False, separators=(",", ":"))
                       for u in urls)
    return text[:-2] + ',\n "urls": [\n' + lines + "\n ]\n}\n"


class ReportFile:
    """A report's place, reserved at the run's start and filled at its end."""

    def __init__(self, folder: Path, label: str):
        self.folder = folder
        self.label = label
        self.reserved: Path | None = None

    def reserve(self) -> ReportFile:
        """Set room aside for the report now, while the disk has some (best effort)."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            path = self.folder / f".{self.label}.{os.getpid()}.report"
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
            self.reserved = path
            try:
                for size in RESERVED_BYTES:
                    try:
                        os.posix_fallocate(fd, 0, size)
                        break
                    except OSError:
                        continue
            finally:
                os.close(fd)
        except OSError:
            self.discard()
        return self

    def discard(self) -> None:
        if self.reserved is not None:
            self.reserved.unlink(missing_ok=True)
            self.reserved = None

    def write(self, report: dict[str, Any], now: datetime | None = None) -> Path:
        """Write the report under ``<UTC>-<label>.json`` (``<UTC>.02-…`` and on when that
        name is taken); ``OSError`` when it cannot be written. On a full disk, a report
        without its URL list (``urls_left_out`` says how many) is tried before giving up."""
        try:
            return self._write(_dumps(report).encode("utf-8"), now)
        except OSError as exc:
            if not report.get("urls") or exc.errno not in (errno.ENOSPC, errno.EDQUOT):
                raise
        shorter = {k: v for k, v in report.items() if k != "urls"}
        shorter["urls_left_out"] = len(report["urls"])
        return self._write(_dumps(shorter).encode("utf-8"), now)

    def _write(self, data: bytes, now: datetime | None) -> Path:
        temporary = self.reserved or self.folder / f".{self.label}.{os.getpid()}.report"
        self.folder.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(temporary, os.O_WRONLY | os.O_CREAT, 0o644)
            try:
                written = os.pwrite(fd, data, 0)
                if written != len(data):
                    raise OSError(errno.ENOSPC, f"short write ({written} of {len(data)} bytes)")
                os.ftruncate(fd, len(data))
                os.fsync(fd)
            finally:
                os.close(fd)
            path = self._link(temporary, now)
        except OSError:
            if temporary != self.reserved:
                temporary.unlink(missing_ok=True)
            raise
        temporary.unlink(missing_ok=True)
        self.reserved = None
        fsync_dir(self.folder)
        return path

    def _link(self, temporary: Path, now: datetime | None) -> Path:
        stamp = f"{now or datetime.now(UTC):%Y%m%dT%H%M%SZ}"
        for n in range(1, 100):
            path = self.folder / (f"{stamp}-{self.label}.json" if n == 1
                                  else f"{stamp}.{n:02d}-{self.label}.json")
            try:
                os.link(temporary, path)
            except FileExistsError:
                continue
            return path
        raise FileExistsError(f"99 reports for {self.label} at {stamp} in {self.folder}")


def _failure_line(entry: Entry) -> str:
    mark = " (new)" if entry.new else ""
    return f"  {entry.outcome:<11} {entry.url}  {entry.reason}{mark}"


def summary(report: dict[str, Any], ledger: OutcomeLedger, path: Path | None) -> str:
    """The lines for the cron mail; they end with the failed URLs."""
    lines = []
    if report.get("finish_reason") not in ("finished", None):
        lines.append(f"stopped before the end ({report['finish_reason']})")
    for name, c in report.get("portals", {}).items():
        lines.append(f"{name}: {c['new']} new, {c['changed']} changed, {c['unchanged']} "
                     f"unchanged, {c['gone']} gone, {c['failed']} failed, {c['dead']} dead"
                     + (f", {c['unreachable']} unreachable" if c["unreachable"] else "")
                     + (f", {c['truncated']} truncated" if c["truncated"] else ""))
    for name in report.get("template_drift", []):
        lines.append(f"{name}: TEMPLATE DRIFT - the list yields no reply links")
    for name in report.get("unreachable", []):
        lines.append(f"{name}: UNREACHABLE - its host answered nothing")
    lines.append(f"exit {report['exit_code']}: {report.get('verdict', 'ok')}")
    lines.append(f"report: {path}" if path else "report: not written")
    failed = [e for e in ledger.problems() if e.outcome in FAILURES and e.tried]
    waiting = sum(1 for e in ledger.entries.values() if e.outcome is Outcome.DEAD and not e.tried)
    if failed:
        lines.append(f"failed URLs ({len(failed)}):")
        failed.sort(key=lambda e: (not e.new, e.portal, e.url))
        lines += [_failure_line(e) for e in failed[:SUMMARY_URLS]]
        if len(failed) > SUMMARY_URLS:
            lines.append(f"  … and {len(failed) - SUMMARY_URLS} more in the report")
    if waiting:
        lines.append(f"{waiting} dead links not asked tonight (listed in the report)")
    return "\n".join(lines)
