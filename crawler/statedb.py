"""The crawl state's SQLite schema, its migrations, and rows as records.

``crawler.state.CrawlState`` is the only user; the schema lives here so that the
state's logic and its storage can be read (and kept under 400 lines) apart.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from archive.location import RecordLocation

__all__ = ["MIGRATIONS", "SCHEMA_VERSION", "Transaction", "UrlRecord", "url_record"]

SCHEMA_VERSION = 4

_SCHEMA = """
CREATE TABLE IF NOT EXISTS urls (
    url             TEXT PRIMARY KEY,
    portal          TEXT NOT NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('list', 'reply', 'attachment')),
    first_seen      TEXT NOT NULL,
    last_seen       TEXT NOT NULL,
    status          INTEGER,
    etag            TEXT,
    last_modified   TEXT,
    payload_digest  TEXT,
    text_digest     TEXT,
    version         INTEGER NOT NULL DEFAULT 0,
    gone_since      TEXT,
    warc_filename   TEXT,
    warc_offset     INTEGER,
    warc_record_id  TEXT,
    warc_date       TEXT,
    warc_target_uri TEXT,
    had_reply_links INTEGER,
    reply_links     INTEGER,
    last_run        INTEGER REFERENCES runs (id)
);
CREATE INDEX IF NOT EXISTS urls_portal ON urls (portal, kind);
CREATE TABLE IF NOT EXISTS runs (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    portal      TEXT,
    started_at  TEXT NOT NULL,
    finished_at TEXT,
    status      TEXT NOT NULL DEFAULT 'running',
    stats       TEXT
);
CREATE TABLE IF NOT EXISTS run_reply_counts (
    run_id  INTEGER NOT NULL REFERENCES runs (id),
    portal  TEXT NOT NULL,
    count   INTEGER NOT NULL,
    PRIMARY KEY (run_id, portal)
);
"""
# version -> the script that brings the schema from the version before to it
MIGRATIONS = {
    1: _SCHEMA,
    2: "ALTER TABLE urls ADD COLUMN warc_length INTEGER;",  # the record's length in its file
    # failure bookkeeping: when the URL last answered (alive), when it was last tried,
    # since when and how often in a row it failed, and why
    3: """
ALTER TABLE urls ADD COLUMN alive_at TEXT;
ALTER TABLE urls ADD COLUMN last_tried TEXT;
ALTER TABLE urls ADD COLUMN failing_since TEXT;
ALTER TABLE urls ADD COLUMN failed_tries INTEGER NOT NULL DEFAULT 0;
ALTER TABLE urls ADD COLUMN failure TEXT;
UPDATE urls SET alive_at = last_seen WHERE warc_filename IS NOT NULL OR status = 304;
UPDATE urls SET last_tried = last_seen;
""",
    # when the decision record of a reply's latest answer was written (an archive-only
    # crawl's part of a reply is done then); replies archived before count as decided
    4: """
ALTER TABLE urls ADD COLUMN decided_at TEXT;
UPDATE urls SET decided_at = last_seen WHERE kind = 'reply' AND status IN (200, 304);
""",
}


@dataclass(frozen=True)
class UrlRecord:
    """The stored state of one URL."""

    url: str
    portal: str
    kind: str
    first_seen: str
    last_seen: str
    status: int | None
    etag: str | None
    last_modified: str | None
    payload_digest: str | None
    text_digest: str | None
    version: int
    gone_since: str | None
    warc: RecordLocation | None  # the latest response record (a revisit refers to it)
    had_reply_links: bool | None
    reply_links: int | None
    last_run: int | None
    alive_at: str | None = None  # the last 2xx or 304 answer
    last_tried: str | None = None
    failing_since: str | None = None  # the first failed try of the current run of failures
    failed_tries: int = 0  # failed tries in a row
    failure: str | None = None  # the last failure's reason
    decided_at: str | None = None  # the decision record of the latest answer is written

    @property
    def dead(self) -> bool:
        """Never alive, and failing: a link that has answered 404/410 since first sight."""
        return self.alive_at is None and self.failing_since is not None and \
            self.status in (404, 410)


class Transaction:
    """BEGIN IMMEDIATE … COMMIT / ROLLBACK on an autocommit connection."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def __enter__(self) -> sqlite3.Connection:
        self._db.execute("BEGIN IMMEDIATE")
        return self._db

    def __exit__(self, exc_type: object, *rest: object) -> None:
        self._db.execute("ROLLBACK" if exc_type else "COMMIT")


def url_record(row: sqlite3.Row) -> UrlRecord:
    warc = None
    if row["warc_filename"]:
        warc = RecordLocation(row["warc_filename"], row["warc_offset"], row["warc_length"],
                              row["warc_record_id"] or "", row["payload_digest"] or "",
                              row["warc_date"] or "", row["warc_target_uri"] or "", "response")
    had = row["had_reply_links"]
    return UrlRecord(
        url=row["url"], portal=row["portal"], kind=row["kind"], first_seen=row["first_seen"],
        last_seen=row["last_seen"], status=row["status"], etag=row["etag"],
        last_modified=row["last_modified"], payload_digest=row["payload_digest"],
        text_digest=row["text_digest"], version=row["version"], gone_since=row["gone_since"],
        warc=warc, had_reply_links=None if had is None else bool(had),
        reply_links=row["reply_links"], last_run=row["last_run"], alive_at=row["alive_at"],
        last_tried=row["last_tried"], failing_since=row["failing_since"],
        failed_tries=row["failed_tries"], failure=row["failure"], decided_at=row["decided_at"],
    )
