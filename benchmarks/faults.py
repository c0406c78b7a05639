"""Fault-injection trials of the archive layer; prints the figures, exit 1 on any loss.

    .venv/bin/python benchmarks/faults.py [--kills 12] [--seed 13]

Each trial runs ``tests/faults/writer_child.py`` (a writer acknowledging every record
it wrote) until it is killed, then the next start's steps (recovery, missing indexes)
and checks: every acknowledged record is in a finished WARC, no complete record sits in
a ``.tail``, every finished WARC passes ``warcio check``, every record is indexed, no
``.open`` file is left. Trials:

* ``--kills`` SIGKILLs at random moments (random body sizes and rotation sizes);
* a kill at each named fault point of the archive (``archive/faults.py``), at a
  random pass;
* full disks: a 2 MiB tmpfs where this machine can mount one (root), else an
  injected ENOSPC; the writer goes on writing after the error, as the crawl did,
  then is killed.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.faults.harness import (  # noqa: E402
    FullDisk,
    TrialOutcome,
    archive_trial,
    run_and_kill,
    run_until_fault,
    small_filesystem,
    writer_child,
)


def random_kill(out: Path, rng: random.Random) -> TrialOutcome:
    body = rng.choice(["300", "5000", "60000"])
    rotate = rng.choice(["20000", "200000", "5000000"])
    run = run_and_kill(writer_child(out, "--records", "0", "--body-size", body,
                                    "--max-size", rotate), after=rng.uniform(0.6, 2.5))
    return archive_trial(out, run)


def point_kill(out: Path, point: str, rng: random.Random) -> TrialOutcome:
    if point == "recovery.renamed":
        left = run_until_fault(writer_child(out, "--records", "30", "--die"), None)
        assert left.returncode < 0
        command = [sys.executable, "-c", "import sys; from archive.recovery import "
                   "recover_open_files; recover_open_files(sys.argv[1])", str(out)]
        run = run_until_fault(command, point)
        run.stdout = left.stdout  # the records the writer acknowledged
    elif point == "warc.mid_record":
        run = run_until_fault(writer_child(out, "--records", "6", "--random", "--body-size",
                                           "2500000", "--max-size", "100000000"),
                              f"{point}@{rng.randint(1, 12)}")
    else:
        run = run_until_fault(writer_child(out, "--records", "200", "--max-size", "20000"),
                              f"{point}@{rng.randint(1, 5)}")
    if not run.fired:
        raise SystemExit(f"fault point {point} never fired:\n{run.stderr[-2000:]}")
    return archive_trial(out, run)


def full_disk(out: Path, rng: random.Random) -> tuple[TrialOutcome, bool]:
    with small_filesystem(out, "2m") as mount:
        disk = FullDisk(mount, real=True) if mount else FullDisk(out, real=False)
        disk.leave(rng.randint(50_000, 400_000))
        run = run_until_fault(writer_child(disk.path, "--records", "40", "--random",
                                           "--body-size", "20000", "--max-size", "10000000",
                                           "--keep-going", "--die", *disk.child_args()),
                              None)
        disk.free()
        return archive_trial(disk.path, run), mount is not None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=12)
    parser.add_argument("--full-disks", type=int, default=4)
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    points = ["warc.created", "warc.mid_record", "warc.renamed", "recovery.renamed"]
    outcomes: list[tuple[str, TrialOutcome]] = []
    tmpfs_used = 0
    with tempfile.TemporaryDirectory(prefix="govreply-faults-") as scratch:
        root = Path(scratch)
        for n in range(args.kills):
            outcomes.append(("random kill", random_kill(root / f"kill{n}", rng)))
        for point in points:
            outcomes.append((f"kill at {point}", point_kill(root / point, point, rng)))
        for n in range(args.full_disks):
            outcome, real = full_disk(root / f"disk{n}", rng)
            tmpfs_used += real
            outcomes.append(("full disk", outcome))
    kinds = Counter(kind for kind, _ in outcomes)
    total = Counter()
    for kind, outcome in outcomes:
        total.update(acknowledged=outcome.acknowledged, lost=outcome.lost,
                     moved_aside=outcome.moved_aside, check_failed=int(outcome.check_failed),
                     index_gaps=len(outcome.index_gaps), left_open=outcome.left_open,
                     killed=int(outcome.killed))
        flag = "ok " if outcome.ok else "BAD"
        print(f"{flag} {kind:28} acknowledged {outcome.acknowledged:6}  lost {outcome.lost}  "
              f"moved aside {outcome.moved_aside}  check {'FAIL' if outcome.check_failed else 'ok'}"
              f"  index gaps {len(outcome.index_gaps)}  left open {outcome.left_open}")
    print(f"trials {len(outcomes)}: {dict(kinds)}; processes killed {total['killed']}; "
          f"full disks on tmpfs {tmpfs_used} of {args.full_disks}")
    print(f"records acknowledged {total['acknowledged']}, lost {total['lost']}, complete records "
          f"moved aside {total['moved_aside']}, WARCs failing warcio check "
          f"{total['check_failed']}, index gaps {total['index_gaps']}, .open left "
          f"{total['left_open']}")
    return 0 if all(outcome.ok for _, outcome in outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())
