"""A subprocess that writes WARC records and acknowledges each one on stdout.

``python -m tests.faults.writer_child OUT [--records N] [--body-size B] [--max-size M]
[--random]``: writes N exchanges (0: until killed) with ``RotatingWarcWriter`` into
OUT, printing one JSON line per exchange once ``write_exchange`` has returned (so
every acknowledged record must survive any kill), then closes the writer. An archive
write error prints ``{"error": ...}`` and exits 74.

For full-disk trials: ``--enospc-after BYTES`` makes writes fail with ENOSPC after
that many bytes (where no tmpfs can be mounted); after the first error space returns
(``--ballast FILE`` is deleted, or the injected limit lifted); ``--keep-going`` goes
on writing after errors, as the crawl did; ``--die`` ends with SIGKILL, not close.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
from pathlib import Path

import archive.files
from archive import records
from archive.writer import RotatingWarcWriter

from .harness import FullDisk


def _exchange(n: int, size: int, random_body: bool) -> records.HttpExchange:
    body = os.urandom(size) if random_body else (f"<p>{n}</p>".encode() + b"x" * size)
    return records.HttpExchange(
        url=f"http://127.0.0.1:9/faults/{n}", method="GET", request_headers=[("Accept", "*/*")],
        request_body=b"", status=200, response_headers=[("Content-Type", "text/html")],
        body=body, ip_address="127.0.0.1")


def _say(item: dict) -> None:
    sys.stdout.write(json.dumps(item) + "\n")
    sys.stdout.flush()


def _options(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--records", type=int, default=100)
    parser.add_argument("--body-size", type=int, default=2000)
    parser.add_argument("--max-size", type=int, default=50_000)
    parser.add_argument("--random", action="store_true", help="incompressible bodies")
    parser.add_argument("--enospc-after", type=int, default=None)
    parser.add_argument("--ballast", default=None)
    parser.add_argument("--keep-going", action="store_true")
    parser.add_argument("--die", action="store_true")
    return parser.parse_args(argv)


def _space_returns(disk: FullDisk | None, ballast: str | None) -> None:
    if disk is not None:
        disk.free()
    if ballast:
        Path(ballast).unlink(missing_ok=True)


def main(argv: list[str] | None = None) -> int:
    args = _options(argv)
    disk = None
    if args.enospc_after is not None:
        disk = FullDisk(Path(args.out), real=False)
        disk.leave(args.enospc_after)
        archive.files.write_all = disk.injected_write(archive.files.write_all)
    writer = RotatingWarcWriter(args.out, max_size=args.max_size, warcinfo={"isPartOf": "faults"})
    failed = 0
    for n in range(args.records) if args.records else iter(int, 1):
        try:
            location = writer.write_exchange(_exchange(n, args.body_size, args.random))
        except Exception as exc:  # the archive's write error (OSError before it had a type)
            _say({"error": str(exc), "type": type(exc).__name__,
                  "errno": getattr(exc, "errno", None)})
            failed += 1
            _space_returns(disk, args.ballast)
            if not args.keep_going:
                break
            continue
        _say({"file": location.filename, "offset": location.offset,
              "record_id": location.record_id, "url": location.target_uri})
    if args.die:
        os.kill(os.getpid(), signal.SIGKILL)
    try:
        _say({"closed": [path.name for path in writer.close()]})
    except Exception as exc:
        _say({"error": str(exc), "type": type(exc).__name__})
        failed += 1
    return 74 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
