"""A run's exit code, decided in one place from its ledger (``crawler.outcomes``).

| code | meaning |
|---|---|
| 0  | every URL ended well, or failed as it did the night before (listed in the report) |
| 1  | new failures (URLs that did not fail at their previous try), or stopped early |
| 2  | template drift: a list had reply links and yields none, or a registry start page has none |
| 64 | a bad argument or setting (one line on stderr) |
| 69 | a portal's host answered nothing at all (DNS, refused, timed out): unreachable |
| 73 | the output directory or the run's report cannot be written |
| 74 | writing the archive, documents or state failed (a full disk): the crawl stopped |
| 75 | another run holds the lock of one of the portals, or the JOBDIR |
| 78 | the portal registry cannot be used |

When several hold, the highest in this order wins: 74, 69, 2, 1 (64, 73, 75 and 78 end a
run before it crawls, or after, for 73, with nothing else left to say).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from crawler.arguments import EXIT_CANTCREAT, EXIT_CONFIG, EXIT_USAGE

__all__ = ["EXIT_CANTCREAT", "EXIT_CONFIG", "EXIT_DRIFT", "EXIT_IOERR", "EXIT_LOCKED",
           "EXIT_OK", "EXIT_PARTIAL", "EXIT_UNREACHABLE", "EXIT_USAGE", "RunVerdict", "decide"]

EXIT_OK = 0
EXIT_PARTIAL = 1
EXIT_DRIFT = 2
EXIT_UNREACHABLE = 69  # sysexits EX_UNAVAILABLE
EXIT_IOERR = 74  # EX_IOERR (archive.files.ArchiveWriteError.EXIT_CODE)
EXIT_LOCKED = 75  # EX_TEMPFAIL


@dataclass(frozen=True)
class RunVerdict:
    """The exit code and the words for it."""

    code: int
    reasons: list[str] = field(default_factory=list)

    @property
    def summary(self) -> str:
        return "; ".join(self.reasons) if self.reasons else "ok"


def decide(*, new_failures: int, drift: list[str], unreachable: list[str], complete: bool,
           io_error: str | None) -> RunVerdict:
    """The exit code of a run that crawled (see the module's table)."""
    reasons = []
    if io_error:
        reasons.append(f"stopped by a write error: {io_error}")
    if unreachable:
        reasons.append(f"unreachable: {', '.join(unreachable)}")
    if drift:
        reasons.append(f"template drift: {', '.join(drift)}")
    if new_failures:
        reasons.append(f"{new_failures} new failures")
    if not complete and not io_error:
        reasons.append("stopped before the end")
    if io_error:
        code = EXIT_IOERR
    elif unreachable:
        code = EXIT_UNREACHABLE
    elif drift:
        code = EXIT_DRIFT
    elif new_failures or not complete:
        code = EXIT_PARTIAL
    else:
        code = EXIT_OK
    return RunVerdict(code, reasons)
