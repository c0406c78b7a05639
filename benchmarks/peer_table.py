"""The peer table: what warcio reads and what govreply reads, file by file.

    .venv/bin/python benchmarks/peer_table.py DIRECTORY [--markdown]

DIRECTORY holds archives to compare, e.g. warcio's own ``test/data/`` (fetch the
warcio repository somewhere outside this one) or ``tests/data/peer``. For each
file it prints: the response/revisit records warcio's ``ArchiveIterator`` reads
(and all its records), the same for ``archive.reader.iter_records``, govreply's
account of the file (``archive.inspect``), and what govreply does where the two
differ. Exit status 0, or 1 when govreply reads fewer response/revisit records
than warcio somewhere, or differs where warcio read without error.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from archive.inspect import FileReport, inspect_file  # noqa: E402
from tests.peer_yardstick import WarcioRead, ours, warcio_read, warcio_recompressed  # noqa: E402

HTTP = ("response", "revisit")


def _short(error: str) -> str:
    if "non-chunked gzip" in error:
        return "fails: one gzip member holds several records"
    return "fails: " + (error if len(error) < 70 else error[:67] + "...")


def _payload_note(theirs: WarcioRead, mine: list) -> str:
    sizes = [(len(a[3]), len(b[3])) for a, b in zip(theirs.http, mine, strict=False)
             if a[:3] == b[:3] and a[3] != b[3]]
    return "; ".join(f"warcio's payload {x} bytes, govreply's {y}" for x, y in sizes)


def difference(path: Path, theirs: WarcioRead, mine: list, errors: list,
               report: FileReport) -> tuple[str, bool]:
    """``(what govreply does where they differ, acceptable)``."""
    mine_http = [r for r in mine if r[0] in HTTP]
    repairs = ", ".join(f"{k} x{v}" for k, v in report.quirks.items())
    counted = f" (counted: {repairs})" if repairs else ""
    if not theirs.error:
        if mine == theirs.records and not errors:
            return f"same records, URLs, statuses, payloads{counted}", True
        return f"DIFFERS: {len(mine_http)} vs {len(theirs.http)} records; {report.line()}", False
    fixed = warcio_recompressed(path)
    same_as_fixed = not fixed.error and mine == fixed.records
    notes = [f"warcio {_short(theirs.error)}"]
    if payloads := _payload_note(theirs, mine_http):
        notes.append(payloads)
    if report.status == "refused":
        notes.append(f"govreply refuses it once: {report.reason}")
        return "; ".join(notes), True
    notes.append(f"govreply: {report.status}, {report.reason or 'read'}")
    notes.append("same records as warcio reads after `warcio recompress`" if same_as_fixed
                 else f"`warcio recompress` gives {len(fixed.http)} response/revisit records")
    return "; ".join(notes) + counted, same_as_fixed and len(mine_http) >= len(theirs.http)


def rows(directory: Path):
    for path in sorted(p for p in directory.iterdir() if p.is_file()):
        theirs = warcio_read(path)
        mine, errors = ours(path)
        report = inspect_file(path)
        note, ok = difference(path, theirs, mine, errors, report)
        yield (path.name, f"{len(theirs.http)} ({len(theirs.records)})",
               f"{sum(1 for r in mine if r[0] in HTTP)} ({len(mine)})", report.status, note, ok)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("directory", type=Path)
    parser.add_argument("--markdown", action="store_true", help="a Markdown table")
    args = parser.parse_args()
    if not args.directory.is_dir():
        print(f"error: not a directory: {args.directory}", file=sys.stderr)
        return 2
    logging.basicConfig(level=logging.ERROR)
    head = ("file", "warcio reads", "govreply reads", "govreply status",
            "what govreply does where they differ")
    table = list(rows(args.directory))
    if args.markdown:
        print("| " + " | ".join(head) + " |")
        print("|" + "---|" * len(head))
        for row in table:
            print("| " + " | ".join(str(c).replace("|", "\\|") for c in row[:5]) + " |")
    else:
        for row in table:
            print(f"{row[0]:40s} {row[1]:>8s} {row[2]:>8s}  {row[3]:15s} {row[4]}")
        print("(records: response+revisit, all types in brackets)")
    return 0 if all(row[5] for row in table) else 1


if __name__ == "__main__":
    sys.exit(main())
