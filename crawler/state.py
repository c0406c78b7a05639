"""Incremental crawl state in an embedded SQLite database (one writer, WAL mode).

Per URL: when it was first and last seen, the validators for a conditional request (ETag,
Last-Modified), payload and text digests, HTTP status, kind (list / reply / attachment),
since when it is gone, a version that bumps on a real text change, and where the latest
response record sits in the WARC files, so that a revisit record can refer to it. Per list
page: whether it had reply links last time. Per run and portal: how many reply links were
seen (template-drift check), and the run history.

Every try's end is noted (``note_outcome``): when the URL last answered, since when and
how many tries in a row it has failed, and why. A failure is *new* when the try before
did not fail (only new failures make a nightly exit 1); a link that was never alive
(404/410 since first sight) is *dead* and asked again only after 1, 2, 4 … nights
(``dead_retry_at``). The schema is in ``crawler.statedb``.

A reply's text digest and version are committed (``commit_text``) only after its
document pair is on disk; ``text_change`` tells what the new text is without
writing anything.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from archive.faults import fault_point
from archive.location import RecordLocation

from .statedb import MIGRATIONS, SCHEMA_VERSION, Transaction, UrlRecord, url_record

__all__ = ["ROLES", "SCHEMA_VERSION", "ChangeKind", "CrawlState", "RunRecord", "UrlRecord",
           "dead_retry_at"]

ROLES = frozenset({"list", "reply", "attachment"})  # what a URL is to the crawl


class ChangeKind(StrEnum):
    """What a newly extracted text is, compared with the last one stored."""

    NEW = "new"
    CHANGED = "changed"
    UNCHANGED = "unchanged"


@dataclass(frozen=True)
class RunRecord:
    """One crawl run."""

    id: int
    portal: str | None
    started_at: str
    finished_at: str | None
    status: str
    stats: dict[str, Any]


def dead_retry_at(record: UrlRecord, interval: timedelta) -> datetime | None:
    """When a dead link (never alive, 404/410 since first sight) is worth asking again:
    ``interval`` after its last try, doubled with every further failed try (1, 2, 4 …
    nights), less a quarter of ``interval`` so that a nightly run a little earlier than
    the last one still counts. None when the URL is not dead."""
    if not record.dead or record.last_tried is None:
        return None
    tries = max(1, record.failed_tries)
    wait = interval * (2 ** min(tries - 1, 16)) - interval / 4
    return datetime.fromisoformat(record.last_tried) + wait


def _utcnow() -> datetime:
    return datetime.now(UTC)


class CrawlState:
    """The state database at ``path``; use as a context manager or call ``close()``."""

    def __init__(self, path: str | Path, *, clock: Callable[[], datetime] = _utcnow) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._clock = clock
        self._db = sqlite3.connect(self.path, isolation_level=None)
        self._db.row_factory = sqlite3.Row
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute("PRAGMA foreign_keys=ON")
        self._db.execute("PRAGMA busy_timeout=5000")
        self._migrate()
        self.run_id: int | None = None

    # --- lifecycle ------------------------------------------------------------------

    def _migrate(self) -> None:
        version = self._db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            self._db.close()
            raise RuntimeError(
                f"{self.path}: state schema {version} is newer than this code ({SCHEMA_VERSION})"
            )
        for step in range(version + 1, SCHEMA_VERSION + 1):
            # one script, one transaction: each step and its version number together
            self._db.executescript(
                f"BEGIN IMMEDIATE;\n{MIGRATIONS[step]}\nPRAGMA user_version = {step};\nCOMMIT;"
            )

    def _tx(self) -> Transaction:
        """``with self._tx():`` runs the block in one transaction (committed or rolled back)."""
        return Transaction(self._db)

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> CrawlState:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _now(self) -> str:
        return self._clock().astimezone(UTC).isoformat(timespec="seconds")

    @property
    def schema_version(self) -> int:
        return self._db.execute("PRAGMA user_version").fetchone()[0]

    # --- runs -----------------------------------------------------------------------

    def start_run(self, portal: str | None = None) -> int:
        """Open a run; later ``record_*`` calls are attributed to it."""
        cur = self._db.execute(
            "INSERT INTO runs (portal, started_at) VALUES (?, ?)", (portal, self._now())
        )
        self.run_id = cur.lastrowid
        return self.run_id

    def finish_run(self, status: str = "finished", stats: dict[str, Any] | None = None) -> None:
        if self.run_id is None:
            raise RuntimeError("no run in progress")
        self._db.execute(
            "UPDATE runs SET finished_at = ?, status = ?, stats = ? WHERE id = ?",
            (self._now(), status, json.dumps(stats or {}, ensure_ascii=False), self.run_id),
        )
        self.run_id = None

    def previous_run(self, portal: str | None) -> RunRecord | None:
        """The latest run with key ``portal`` (a spider's ``run_key``: its name and the
        portals it crawls) before the current one."""
        row = self._db.execute(
            "SELECT * FROM runs WHERE portal IS ? AND id IS NOT ? ORDER BY id DESC LIMIT 1",
            (portal, self.run_id),
        ).fetchone()
        if row is None:
            return None
        return RunRecord(row["id"], row["portal"], row["started_at"], row["finished_at"],
                         row["status"], json.loads(row["stats"] or "{}"))

    def runs(self, limit: int = 20) -> list[RunRecord]:
        """The latest runs, newest first."""
        rows = self._db.execute("SELECT * FROM runs ORDER BY id DESC LIMIT ?", (limit,))
        return [
            RunRecord(r["id"], r["portal"], r["started_at"], r["finished_at"], r["status"],
                      json.loads(r["stats"] or "{}"))
            for r in rows
        ]

    # --- URLs -----------------------------------------------------------------------

    def get(self, url: str) -> UrlRecord | None:
        row = self._db.execute("SELECT * FROM urls WHERE url = ?", (url,)).fetchone()
        return url_record(row) if row else None

    def known(self, url: str) -> bool:
        return self._db.execute("SELECT 1 FROM urls WHERE url = ?", (url,)).fetchone() is not None

    def urls(self, portal: str | None = None, kind: str | None = None) -> Iterator[UrlRecord]:
        query, args = "SELECT * FROM urls WHERE 1=1", []
        if portal is not None:
            query, args = query + " AND portal = ?", [*args, portal]
        if kind is not None:
            query, args = query + " AND kind = ?", [*args, kind]
        for row in self._db.execute(query + " ORDER BY url", args).fetchall():
            yield url_record(row)

    def conditional_headers(self, url: str) -> dict[str, str]:
        """If-None-Match / If-Modified-Since from the last 200 response, if any."""
        row = self._db.execute(
            "SELECT etag, last_modified, gone_since FROM urls WHERE url = ?", (url,)
        ).fetchone()
        if row is None or row["gone_since"]:
            return {}
        headers = {}
        if row["etag"]:
            headers["If-None-Match"] = row["etag"]
        if row["last_modified"]:
            headers["If-Modified-Since"] = row["last_modified"]
        return headers

    def record_fetch(
        self,
        url: str,
        *,
        portal: str,
        kind: str,
        status: int,
        etag: str | None = None,
        last_modified: str | datetime | None = None,
        payload_digest: str | None = None,
        warc: RecordLocation | None = None,
    ) -> UrlRecord:
        """Store one fetch. 200 replaces validators, digest and WARC location; 304 keeps
        them (the revisit refers to the stored record); 404 / 410 mark the URL gone."""
        if kind not in ROLES:
            raise ValueError(f"kind must be one of {sorted(ROLES)}, not {kind!r}")
        if isinstance(last_modified, datetime):
            last_modified = format_datetime(last_modified.astimezone(UTC), usegmt=True)
        now = self._now()
        with self._tx():
            self._db.execute(
                "INSERT INTO urls (url, portal, kind, first_seen, last_seen, status, last_run) "
                "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (url) DO UPDATE SET "
                "portal = excluded.portal, kind = excluded.kind, last_seen = excluded.last_seen,"
                " status = excluded.status, last_run = excluded.last_run",
                (url, portal, kind, now, now, status, self.run_id),
            )
            if 200 <= status < 300 or status == 304:
                self._db.execute("UPDATE urls SET alive_at = ?, decided_at = NULL WHERE url = ?",
                                 (now, url))
            if 200 <= status < 300:
                loc = warc or RecordLocation("", 0)
                self._db.execute(
                    "UPDATE urls SET etag = ?, last_modified = ?, payload_digest = ?, "
                    "gone_since = NULL, warc_filename = ?, warc_offset = ?, warc_length = ?, "
                    "warc_record_id = ?, warc_date = ?, warc_target_uri = ? WHERE url = ?",
                    (etag, last_modified, payload_digest, loc.filename or None,
                     loc.offset if warc else None, loc.length, loc.record_id or None,
                     loc.date or None, loc.target_uri or None, url),
                )
            elif status == 304:
                self._db.execute("UPDATE urls SET gone_since = NULL WHERE url = ?", (url,))
            elif status in (404, 410):
                self._db.execute(
                    "UPDATE urls SET gone_since = COALESCE(gone_since, ?) WHERE url = ?",
                    (now, url),
                )
        record = self.get(url)
        assert record is not None
        return record

    def note_outcome(self, url: str, *, portal: str, kind: str,
                     failure: str | None) -> bool:
        """Store how a try of ``url`` ended: ``failure`` is the reason it failed, or None
        when it ended well. Returns True for a *new* failure: the URL did not fail at its
        previous try (or was never tried). A URL no answer ever came from is added."""
        if kind not in ROLES:
            raise ValueError(f"kind must be one of {sorted(ROLES)}, not {kind!r}")
        now = self._now()
        with self._tx():
            row = self._db.execute("SELECT failing_since FROM urls WHERE url = ?",
                                   (url,)).fetchone()
            if row is None:
                self._db.execute(
                    "INSERT INTO urls (url, portal, kind, first_seen, last_seen, last_run) "
                    "VALUES (?, ?, ?, ?, ?, ?)", (url, portal, kind, now, now, self.run_id))
            if failure is None:
                self._db.execute(
                    "UPDATE urls SET last_tried = ?, failing_since = NULL, failed_tries = 0, "
                    "failure = NULL WHERE url = ?", (now, url))
                return False
            self._db.execute(
                "UPDATE urls SET last_tried = ?, failing_since = COALESCE(failing_since, ?), "
                "failed_tries = failed_tries + 1, failure = ? WHERE url = ?",
                (now, now, failure, url))
        return row is None or row["failing_since"] is None

    def text_change(self, url: str, text_digest: str) -> tuple[ChangeKind, int]:
        """What a newly cleaned text is to the stored one, and the version it gets
        (nothing is written: ``commit_text`` does that, once the document is on disk)."""
        row = self._db.execute(
            "SELECT text_digest, version FROM urls WHERE url = ?", (url,)
        ).fetchone()
        if row is None:
            raise KeyError(f"{url} has no recorded fetch")
        if row["text_digest"] == text_digest:
            return ChangeKind.UNCHANGED, row["version"]
        change = ChangeKind.NEW if row["text_digest"] is None else ChangeKind.CHANGED
        return change, row["version"] + 1

    def commit_decision(self, url: str) -> None:
        """The decision record of ``url``'s latest answer is written (into the WARC)."""
        self._db.execute("UPDATE urls SET decided_at = ? WHERE url = ?", (self._now(), url))

    def commit_text(self, url: str, text_digest: str, version: int, *,
                    etag: str | None = None, last_modified: str | None = None) -> None:
        """Store the text digest and version of a document that is on disk, with the
        validators of the answer it was made from (when given)."""
        fault_point("state.before_commit")
        if etag or last_modified:
            cur = self._db.execute(
                "UPDATE urls SET text_digest = ?, version = ?, etag = COALESCE(?, etag), "
                "last_modified = COALESCE(?, last_modified) WHERE url = ?",
                (text_digest, version, etag, last_modified, url))
        else:
            cur = self._db.execute("UPDATE urls SET text_digest = ?, version = ? WHERE url = ?",
                                   (text_digest, version, url))
        if cur.rowcount == 0:
            raise KeyError(f"{url} has no recorded fetch")
        fault_point("state.committed")

    # --- list pages and drift ---------------------------------------------------------

    def record_list_page(self, url: str, *, portal: str, reply_links: int) -> None:
        """Bookkeeping of a fetched list page: its reply-link count, added to the run's."""
        with self._tx():
            cur = self._db.execute(
                "UPDATE urls SET had_reply_links = ?, reply_links = ? WHERE url = ?",
                (int(reply_links > 0), reply_links, url),
            )
            if cur.rowcount == 0:
                raise KeyError(f"{url} has no recorded fetch")
            if self.run_id is not None:
                self._db.execute(
                    "INSERT INTO run_reply_counts (run_id, portal, count) VALUES (?, ?, ?) "
                    "ON CONFLICT (run_id, portal) DO UPDATE SET count = count + excluded.count",
                    (self.run_id, portal, reply_links),
                )

    def reply_count(self, portal: str, run_id: int) -> int | None:
        row = self._db.execute(
            "SELECT count FROM run_reply_counts WHERE run_id = ? AND portal = ?",
            (run_id, portal),
        ).fetchone()
        return row["count"] if row else None

    def reply_count_last_run(self, portal: str) -> int | None:
        """Reply links counted for ``portal`` in the latest finished run before this one."""
        row = self._db.execute(
            "SELECT c.count FROM run_reply_counts c JOIN runs r ON r.id = c.run_id "
            "WHERE c.portal = ? AND r.finished_at IS NOT NULL AND r.id IS NOT ? "
            "ORDER BY r.id DESC LIMIT 1",
            (portal, self.run_id),
        ).fetchone()
        return row["count"] if row else None
