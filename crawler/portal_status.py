"""What ``scrapy portals`` lists: each registry entry with its family, checked state,
last run and counts, read from the crawl state of an output directory.

Runs are keyed by spider and portal set (``portal:a,b``); a portal's last run is the
latest run whose key names it. Its counts are the run's ``govreply/items/<portal>/…``
stats, the documents the state knows for the portal, and the platform the run used.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from corpus.registry import Portal
from crawler.state import CrawlState, RunRecord

__all__ = ["PortalStatus", "format_table", "portal_statuses"]

OUTCOMES = ("new", "changed", "unchanged", "gone", "failed")


@dataclass(frozen=True)
class PortalStatus:
    """One row of the listing."""

    portal: Portal
    last_run: RunRecord | None = None
    documents: int = 0  # reply URLs the state knows for the portal
    platform_used: str | None = None  # the family the last run read the section with

    def counts(self) -> dict[str, int]:
        stats = self.last_run.stats if self.last_run else {}
        return {o: int(stats.get(f"govreply/items/{self.portal.name}/{o}", 0)) for o in OUTCOMES}


def _names(run: RunRecord) -> set[str]:
    return set((run.portal or "").partition(":")[2].split(","))


def portal_statuses(portals: Iterable[Portal], state_path: Path | None) -> list[PortalStatus]:
    """A status per entry; without a state file (no crawl yet) only the registry's facts."""
    portals = list(portals)
    if state_path is None or not state_path.exists():
        return [PortalStatus(p) for p in portals]
    with CrawlState(state_path) as state:
        runs = state.runs(limit=10_000)
        rows = []
        for portal in portals:
            run = next((r for r in runs if portal.name in _names(r)), None)
            documents = sum(1 for _ in state.urls(portal.name, kind="reply"))
            used = run.stats.get(f"govreply/platform/{portal.name}") if run else None
            rows.append(PortalStatus(portal, run, documents, used))
    return rows


def _last_run(status: PortalStatus) -> str:
    run = status.last_run
    if run is None:
        return "never"
    return f"{run.finished_at or run.started_at} {run.status or 'running'}"


def format_table(statuses: list[PortalStatus]) -> str:
    """The listing, one line per entry, columns aligned."""
    header = ("name", "platform", "checked", "starts", "last run", "documents",
              "new/changed/unchanged/gone/failed")
    rows = [header]
    for s in statuses:
        platform = s.portal.platform or (f"detect ({s.platform_used})" if s.platform_used
                                         else "detect")
        c = s.counts()
        rows.append((s.portal.name, platform, "yes" if s.portal.checked else "no",
                     str(len(s.portal.start_urls)), _last_run(s), str(s.documents),
                     "/".join(str(c[o]) for o in OUTCOMES) if s.last_run else "-"))
    widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
    return "\n".join("  ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=True))
                     .rstrip() for r in rows)
