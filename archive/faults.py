"""Named fault points for the reliability suite: kill the process at a chosen step.

Production code marks the places where a badly timed kill matters with
``fault_point("name")``. Nothing happens unless the environment variable
``GOVREPLY_FAULT_POINT`` names that point (read once per process), in which case
the process kills itself with SIGKILL there, as ``kill -9`` would. ``name@N`` kills
at the N-th time the point is reached (default: the first); several points are
separated by commas. When ``GOVREPLY_FAULT_MARK`` names a file, the point's name is
written there just before the kill, so a test knows the fault really fired.

In-process tests can also run a callback at a point (``on_fault_point``), to widen
a race window on purpose.

The points of the archive layer:

- ``warc.created``: a new WARC file exists under its temporary name, before it is
  locked and visible as ``.open``;
- ``warc.mid_record``: part of a record is on disk (records over 1 MiB);
- ``warc.renamed``: a finished WARC has its final name, before its ``.cdxj`` exists;
- ``recovery.renamed``: the same step in ``archive.recovery``.

And of the layers above (one naming style, ``<where>.<step>``, everywhere):

- ``documents.between_pair``: a document's ``.txt`` is on disk, its ``.json`` not yet;
- ``state.before_commit``: the pair is on disk, the text digest not yet committed;
- ``state.committed``: the text digest is committed.

The tests in ``tests/faults/`` set them to prove that no state is committed before
what it describes is on disk.
"""

from __future__ import annotations

import os
import signal
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache

__all__ = ["ENV_VAR", "MARK_ENV_VAR", "fault_point", "on_fault_point"]

ENV_VAR = "GOVREPLY_FAULT_POINT"
MARK_ENV_VAR = "GOVREPLY_FAULT_MARK"

_hooks: dict[str, list[Callable[[], None]]] = {}
_passes: Counter[str] = Counter()


@cache
def _armed() -> dict[str, int]:
    """``{point: the pass at which to kill}`` from the environment."""
    armed = {}
    for item in os.environ.get(ENV_VAR, "").split(","):
        name, _, nth = item.strip().partition("@")
        if name:
            armed[name] = int(nth) if nth.strip().isdigit() else 1
    return armed


def _kill(name: str) -> None:
    mark = os.environ.get(MARK_ENV_VAR)
    if mark:
        with open(mark, "w", encoding="utf-8") as fh:
            fh.write(name)
    os.kill(os.getpid(), signal.SIGKILL)


def fault_point(name: str) -> None:
    """Kill this process with SIGKILL if ``GOVREPLY_FAULT_POINT`` names ``name`` (and
    this is the pass it names); run the callbacks ``on_fault_point`` registered."""
    for hook in _hooks.get(name, ()):
        hook()
    armed = _armed()
    if name in armed:
        _passes[name] += 1
        if _passes[name] == armed[name]:
            _kill(name)


@contextmanager
def on_fault_point(name: str, callback: Callable[[], None]) -> Iterator[None]:
    """Run ``callback`` every time this process reaches the point ``name`` (tests)."""
    _hooks.setdefault(name, []).append(callback)
    try:
        yield
    finally:
        _hooks[name].remove(callback)
        if not _hooks[name]:
            del _hooks[name]
