"""Randomized crawl-level trials for ``benchmarks/faults.py`` (each returns a ``Trial``).

- ``crawl_kill``: a nightly SIGKILLed at a random moment, then the next night;
- ``crawl_point``: a nightly killed at a named fault point, at a random pass;
- ``crawl_full_disk``: a nightly on a tmpfs with little room left (JOBDIR inside the
  output, ``--full`` at random), or an injected ENOSPC; space returns, the next night;
- ``concurrent``: overlapping portal sets at once (one must exit 75), disjoint ones (both run);
- ``inputs``: a re-clean over the crawl's WARCs with a damaged member, a truncated copy and
  foreign files: every input accounted for, no document lost but those the damage costs.
"""

from __future__ import annotations

import random
import shutil
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from crawler.localsite import LocalSite, Route

from .crawl import BIG_REPLY, CrawlCheck, crawl_check, documents, nightly_argv, run_nightly
from .harness import FullDisk, child_env, small_filesystem

__all__ = ["CRAWL_POINTS", "Trial", "concurrent", "crawl_full_disk", "crawl_kill",
           "crawl_point", "inputs"]

CRAWL_POINTS = ("warc.created", "warc.mid_record", "warc.renamed", "documents.between_pair",
                "state.before_commit", "state.committed")
DONE = (0, 1)


@dataclass
class Trial:
    """One trial's figures and whether everything held."""

    kind: str
    kills: int = 0
    faults: int = 0
    inputs: int = 0
    documents_lost: int = 0
    records: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _checked(trial: Trial, out: Path, clean: dict[str, str], after) -> Trial:
    if after.returncode not in DONE:
        trial.problems.append(f"the next night exited {after.returncode}: "
                              f"{after.stderr.strip().splitlines()[-1:]}")
    check: CrawlCheck = crawl_check(out, clean)
    trial.documents_lost = len(check.lost) + len(check.committed_without_document)
    trial.records = check.records
    if not check.ok:
        trial.problems.append(repr(check))
    return trial


def crawl_kill(routes: dict[str, Route], out: Path, clean: dict[str, str],
               rng: random.Random) -> Trial:
    trial = Trial("crawl: random kill")
    with LocalSite(routes) as site:
        run = run_nightly(site, out, kill_after=rng.uniform(0.3, 3.5),
                          settings={"GOVREPLY_WARC_MAX_SIZE": str(rng.choice(
                              [300_000, 2_000_000, 50_000_000]))})
        trial.kills = int(run.fired == "SIGKILL")
        after = run_nightly(site, out)
    return _checked(trial, out, clean, after)


def crawl_point(routes: dict[str, Route], out: Path, clean: dict[str, str], point: str,
                rng: random.Random) -> Trial:
    trial = Trial(f"crawl: kill at {point}")
    passes = {"warc.renamed": 2, "warc.created": 3, "warc.mid_record": 2}.get(point, 6)
    armed = f"{point}@{rng.randint(1, passes)}"
    with LocalSite(routes) as site:
        run = run_nightly(site, out, point=armed, settings={"GOVREPLY_WARC_MAX_SIZE": "400000"})
        if run.fired != point:
            trial.problems.append(f"{armed} never fired (exit {run.returncode})")
        trial.kills = trial.faults = int(run.fired == point)
        after = run_nightly(site, out)
    return _checked(trial, out, clean, after)


def crawl_full_disk(routes: dict[str, Route], root: Path, clean: dict[str, str],
                    rng: random.Random) -> tuple[Trial, bool]:
    trial = Trial("crawl: full disk")
    free = rng.choice([60_000, 150_000, 200_000, 400_000, 900_000, 2_000_000])
    extra = ("--full",) if rng.random() < 0.5 else ()
    with small_filesystem(root, "24m") as mount:
        disk = FullDisk(mount, real=True) if mount else FullDisk(root, real=False)
        out = disk.path / "out"
        settings = {"JOBDIR": str(out / "jobs" / "all")}
        with LocalSite(routes) as site:
            started = time.monotonic()
            if disk.real:
                disk.leave(free)
                run = run_nightly(site, out, *extra, settings=settings)
            else:
                run = run_nightly(site, out, *extra, settings=settings, enospc_after=free)
            took = time.monotonic() - started
            trial.faults = 1
            if run.returncode not in (74, *DONE):
                trial.problems.append(f"exit {run.returncode} on a full disk (free {free})")
            if run.returncode == 74 and "archive write failed" not in run.stderr[-600:]:
                trial.problems.append("exit 74 without the error's line on stderr")
            if run.returncode in DONE and "No space left" in run.stderr:
                trial.problems.append(f"a write error, yet exit {run.returncode}")
            if took > 200:
                trial.problems.append(f"the stopped run took {took:.0f} s")
            disk.free()
            after = run_nightly(site, out, settings=settings)
        _checked(trial, out, clean, after)
    return trial, mount is not None


def concurrent(routes: dict[str, Route], out: Path, clean: dict[str, str]) -> Trial:
    trial = Trial("crawl: concurrent runs")
    with LocalSite(routes) as site:
        site.hold(paths=[BIG_REPLY])
        first = subprocess.Popen(nightly_argv(site, out, portal="all"), env=child_env(),
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 120
        while BIG_REPLY not in site.held and time.monotonic() < deadline:
            time.sleep(0.1)
        same = run_nightly(site, out, portal="pingtan_zxta")
        site.release()
        first.communicate(timeout=300)
        if same.returncode != 75:
            trial.problems.append(f"an overlapping run exited {same.returncode}, not 75")
        zxta = subprocess.Popen(nightly_argv(site, out, portal="pingtan_zxta"), env=child_env(),
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        rdya = run_nightly(site, out, portal="pingtan_rdya")
        zxta.communicate(timeout=300)
        if rdya.returncode not in DONE or zxta.returncode not in DONE:
            trial.problems.append(f"disjoint runs exited {zxta.returncode}, {rdya.returncode}")
        if list((out / "locks").iterdir()):
            trial.problems.append("lock files left")
        after = run_nightly(site, out)
    return _checked(trial, out, clean, after)


def _damage(path: Path, rng: random.Random) -> int:
    """Break one gzip member of ``path`` in the middle; its offset."""
    data = bytearray(path.read_bytes())
    starts = [i for i in range(len(data) - 12) if data[i:i + 4] == b"\x1f\x8b\x08\x00"]
    offset = rng.choice(starts[len(starts) // 3:])
    data[offset + 10] = 0xFF  # a reserved deflate block type: invalid on any input
    path.write_bytes(bytes(data))
    return offset


def inputs(crawled: Path, root: Path, rng: random.Random) -> Trial:
    """A re-clean over the crawl's WARCs, one damaged, a truncated copy, foreign files."""
    from archive.inspect import inspect_file
    from archive.reader import iter_archive_paths
    from reclean import RecleanOptions, run_reclean

    trial = Trial("inputs: damaged and foreign")
    warcs = root / "warc"
    shutil.copytree(crawled / "warc", warcs, ignore=shutil.ignore_patterns("*.cdxj"))
    files = sorted(warcs.glob("*.warc.gz"))
    good = run_reclean(RecleanOptions([str(warcs)], str(root / "good"), progress=False))
    expected = documents(root / "good")
    victim = rng.choice(files)
    _damage(victim, rng)
    cut = warcs / f"cut-{victim.name}"
    cut.write_bytes(victim.read_bytes()[: rng.randint(1000, victim.stat().st_size - 1)])
    (warcs / "notes.warc.gz").write_text("not an archive\n" * 40, encoding="utf-8")
    (warcs / "random.warc.gz").write_bytes(bytes(rng.getrandbits(8) for _ in range(5000)))
    summary = run_reclean(RecleanOptions([str(warcs)], str(root / "out"), progress=False))
    listed = list(iter_archive_paths([warcs]))
    reports = [inspect_file(p) for p in listed]
    trial.inputs = len(reports)
    trial.faults = 3
    if len(reports) != len(files) + 3:
        trial.problems.append(f"{len(reports)} inputs accounted for, {len(files) + 3} given")
    statuses = {Path(r.path).name: r.status for r in reports}
    for name in ("notes.warc.gz", "random.warc.gz"):
        if statuses.get(name) != "refused":
            trial.problems.append(f"{name}: {statuses.get(name)}, not refused")
    if statuses.get(victim.name) != "partly-damaged":
        trial.problems.append(f"the damaged file is {statuses.get(victim.name)}")
    got = documents(root / "out")
    wrong = [name for name, text in got.items() if expected.get(name) not in (None, text)]
    lost = set(expected) - set(got)
    trial.documents_lost = max(0, len(lost) - 1)  # the damaged member may cost one
    trial.records = sum(r.records for r in reports)
    if wrong or trial.documents_lost:
        trial.problems.append(f"documents wrong {wrong[:3]}, lost {sorted(lost)[:3]}")
    if not summary.failures or good.failed:
        trial.problems.append("the damage is not in the re-clean's report")
    return trial
