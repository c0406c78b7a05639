"""Named fault points for the reliability suite: kill the process at a chosen step.

Production code marks the places where a badly timed kill matters with
``fault_point("name")``. Nothing happens unless the environment variable
``GOVREPLY_FAULT_POINT`` names that point (read once per process), in which case
the process kills itself with SIGKILL there, as ``kill -9`` would. The tests in
``tests/faults/`` set it to prove that no state is committed before what it
describes is on disk.
"""

from __future__ import annotations

import os
import signal
from functools import cache

__all__ = ["ENV_VAR", "fault_point"]

ENV_VAR = "GOVREPLY_FAULT_POINT"


@cache
def _armed() -> frozenset[str]:
    value = os.environ.get(ENV_VAR, "")
    return frozenset(name.strip() for name in value.split(",") if name.strip())


def fault_point(name: str) -> None:
    """Kill this process with SIGKILL if ``GOVREPLY_FAULT_POINT`` names ``name``."""
    if name in _armed():
        os.kill(os.getpid(), signal.SIGKILL)
