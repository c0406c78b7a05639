"""The worker process: runs shards sent as JSON lines on stdin, events out as JSON lines.

Started by ``runner.ShardRunner`` as ``python -c`` (see there). Its stdout is
moved to a private descriptor for the protocol, so a cleaner that prints cannot
corrupt it; logging and prints go to stderr. It exits when stdin closes.
"""

from __future__ import annotations

import json
import logging
import os
import sys

from archive.files import ArchiveWriteError
from corpus.budget import Budget
from corpus.cleanworker import settle_collector

from .shard import ShardTask, process_shard

__all__ = ["main"]


def main() -> None:
    settle_collector()
    channel = os.fdopen(os.dup(1), "w", encoding="utf-8", buffering=1)
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    logging.basicConfig(level=os.environ.get("GOVREPLY_RECLEAN_LOG_LEVEL", "WARNING"),
                        format="%(asctime)s [reclean worker %(process)d] %(levelname)s: "
                               "%(message)s")

    def emit(event: dict) -> None:
        channel.write(json.dumps(event, ensure_ascii=False) + "\n")

    try:
        _serve(emit)
    except BrokenPipeError:  # the job's process is gone (killed): nobody reads any more
        os._exit(0)
    channel.close()


def _serve(emit) -> None:
    """Run each shard sent on stdin until stdin closes."""
    for line in sys.stdin:
        if not line.strip():
            continue
        task = ShardTask(**json.loads(line))
        Budget(max_memory=task.max_memory).cap_memory()
        try:
            process_shard(task, emit, hand_over=True)  # its runner writes the pairs
        except BrokenPipeError:
            raise
        except (ArchiveWriteError, OSError) as exc:  # a full disk: one line, no traceback
            if not isinstance(exc, ArchiveWriteError):  # a derived WARC's write
                exc = ArchiveWriteError.from_os_error(getattr(exc, "filename", None)
                                                      or task.output, exc)
            logging.error("shard %s: %s", task.key, exc)
            emit({"t": "shard-error", "detail": f"{type(exc).__name__}: {exc}"[:500],
                  "kind": "io"})
        except Exception as exc:  # a shard-level problem: reported, shard left unfinished
            logging.exception("shard %s failed", task.key)
            emit({"t": "shard-error", "detail": f"{type(exc).__name__}: {exc}"[:500]})
