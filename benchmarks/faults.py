"""Fault-injection trials of the archive and the crawl; prints the figures, exit 1 on any loss.

    .venv/bin/python benchmarks/faults.py [--kills 12] [--crawl-kills 8] [--seed 13]

Archive trials run ``tests/faults/writer_child.py`` (a writer acknowledging every record
it wrote) until it is killed, then the next start's steps (recovery, missing indexes)
and check: every acknowledged record is in a finished WARC, no complete record sits in
a ``.tail``, every finished WARC passes ``warcio check``, every record is indexed, no
``.open`` file is left. Trials:

* ``--kills`` SIGKILLs at random moments (random body sizes and rotation sizes);
* a kill at each named fault point of the archive (``archive/faults.py``), at a
  random pass;
* full disks: a 2 MiB tmpfs where this machine can mount one (root), else an
  injected ENOSPC; the writer goes on writing after the error, as the crawl did,
  then is killed.

Crawl trials (``tests/faults/trials.py``) run ``scrapy nightly`` over the recorded Pingtan
sections (and a 3.5 MB reply page) and then the next night, and check: every finished
WARC passes ``warcio check`` and is indexed, no document torn or lost against an
undisturbed run, no text committed without its document, every failure in the report
with its reason, the exit code (74 on a full disk, 75 for an overlapping run):

* ``--crawl-kills`` SIGKILLs at random moments; a kill at each crawl fault point;
* ``--crawl-disks`` full disks (24 MiB tmpfs, a random amount left, JOBDIR inside the
  output, ``--full`` at random; an injected ENOSPC where no tmpfs can be mounted);
* overlapping and disjoint runs side by side;
* ``--inputs`` re-cleans over damaged and foreign inputs.
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

from crawler.localsite import LocalSite  # noqa: E402
from tests.faults.crawl import documents, run_nightly, trial_routes  # noqa: E402
from tests.faults.harness import (  # noqa: E402
    FullDisk,
    TrialOutcome,
    archive_trial,
    run_and_kill,
    run_until_fault,
    small_filesystem,
    writer_child,
)
from tests.faults.trials import (  # noqa: E402
    CRAWL_POINTS,
    concurrent,
    crawl_full_disk,
    crawl_kill,
    crawl_point,
    inputs,
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


def crawl_trials(args, rng: random.Random, root: Path) -> tuple[list, int]:
    """The crawl's trials; (trials, full disks that were a real tmpfs)."""
    clean_out = root / "clean"
    routes = trial_routes()
    with LocalSite(routes) as site:
        run = run_nightly(site, clean_out)
    if run.returncode not in (0, 1):
        raise SystemExit(f"the undisturbed nightly failed:\n{run.stderr[-3000:]}")
    clean = documents(clean_out)
    done: list = []
    real = 0
    for n in range(args.crawl_kills):
        done.append(crawl_kill(routes, root / f"ckill{n}", clean, rng))
    for point in CRAWL_POINTS:
        done.append(crawl_point(routes, root / f"c-{point}", clean, point, rng))
    for n in range(args.crawl_disks):
        trial, on_tmpfs = crawl_full_disk(routes, root / f"cdisk{n}", clean, rng)
        real += on_tmpfs
        done.append(trial)
    done.append(concurrent(routes, root / "concurrent", clean))
    for n in range(args.inputs):
        done.append(inputs(clean_out, root / f"inputs{n}", rng))
    return done, real


def print_crawl(trials: list, real: int, disks: int) -> None:
    for trial in trials:
        flag = "ok " if trial.ok else "BAD"
        print(f"{flag} {trial.kind:38} kills {trial.kills}  faults {trial.faults}  inputs "
              f"{trial.inputs:3}  records {trial.records:5}  documents lost "
              f"{trial.documents_lost}  {'; '.join(trial.problems)[:300]}")
    print(f"crawl trials {len(trials)}: kills {sum(t.kills for t in trials)}, faults "
          f"{sum(t.faults for t in trials)} (full disks on tmpfs {real} of {disks}), inputs "
          f"{sum(t.inputs for t in trials)}, records checked {sum(t.records for t in trials)}, "
          f"documents lost {sum(t.documents_lost for t in trials)}, trials failing "
          f"{sum(not t.ok for t in trials)}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=12)
    parser.add_argument("--full-disks", type=int, default=4)
    parser.add_argument("--crawl-kills", type=int, default=8)
    parser.add_argument("--crawl-disks", type=int, default=6)
    parser.add_argument("--inputs", type=int, default=3)
    parser.add_argument("--no-crawl", action="store_true", help="archive trials only")
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
        crawled, crawl_tmpfs = ([], 0) if args.no_crawl else crawl_trials(args, rng, root)
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
    if not args.no_crawl:
        print_crawl(crawled, crawl_tmpfs, args.crawl_disks)
    lost = total["lost"] + sum(t.documents_lost for t in crawled)
    print(f"TOTAL trials {len(outcomes) + len(crawled)}, kills "
          f"{total['killed'] + sum(t.kills for t in crawled)}, faults "
          f"{args.full_disks + len(points) + sum(t.faults for t in crawled)}, inputs "
          f"{sum(t.inputs for t in crawled)}, records lost {lost}")
    ok = all(outcome.ok for _, outcome in outcomes) and all(t.ok for t in crawled)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
