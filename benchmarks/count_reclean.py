"""Instruction counts of ``reclean`` against the bare loop, under valgrind's callgrind.

    .venv/bin/python benchmarks/count_reclean.py [--records 300] [--paths hints,nohints]

Wall-clock ratios on a shared 2-core VM drift by 20 % or more between runs (the bare loop
alone took 10.7 s to 17.5 s for the same 2000 pages in one hour); instruction counts do
not: the same binary, input and environment give the same count whatever else runs. For
each path this builds the WARC of ``bench_reclean.py`` (``--records`` pages), then counts,
each in a fresh interpreter under ``valgrind --tool=callgrind --trace-children=yes``:

* ``bare``: ``bench_reclean.bare`` (warcio + ``clean_page``), after the same imports;
* ``w1``: ``run_reclean`` with one worker, every process (the planning parent and the
  worker) counted;
* the imports alone of each (subtracted, so start-up costs are shown apart).

Prints each count and the ratios bare / w1 over all processes (CPU work) and over the
worker alone. Needs valgrind; takes about 5 minutes per path for 300 pages (the two
counts of a path run side by side). Asserts nothing.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

IMPORTS = "import bench_reclean; from reclean import RecleanOptions, run_reclean"
RUNS = {
    "bare": IMPORTS + "; bench_reclean.bare(Path(sys.argv[1]), sys.argv[2])",
    "w1": IMPORTS + "; run_reclean(RecleanOptions([sys.argv[1]], sys.argv[3], workers=1, "
                    "progress=False, timeout=None, grace=3600))",
    "imports": IMPORTS,
    "worker-imports": "import reclean.worker, reclean.shard, reclean.documents, cleaners",
}
_TOTAL = re.compile(r"^(?:summary|totals):\s+(\d+)", re.M)


def _code(body: str) -> str:
    return (f"import sys; from pathlib import Path; sys.path[:0] = [{str(REPO)!r}, "
            f"{str(REPO / 'benchmarks')!r}]; {body}")


def start(name: str, warc: Path, path: str, work: Path) -> subprocess.Popen:
    """``RUNS[name]`` under callgrind, one output file per process in ``work/name``."""
    out = work / name
    out.mkdir(parents=True)
    return subprocess.Popen(
        ["valgrind", "--tool=callgrind", "--trace-children=yes",
         f"--callgrind-out-file={out}/cg.%p.out", sys.executable, "-c", _code(RUNS[name]),
         str(warc), path, str(work / f"{name}-output")],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def counts(work: Path, name: str) -> list[int]:
    """The instruction count of each process of a run, largest first."""
    found = []
    for file in (work / name).glob("cg.*.out"):
        match = _TOTAL.search(file.read_text(errors="replace"))
        if match:
            found.append(int(match.group(1)))
    return sorted(found, reverse=True)


def measure(path: str, records: int, tmp: Path) -> dict[str, list[int]]:
    import bench_reclean

    warc = bench_reclean.build_warc(tmp / f"warc-{path}", records, path)
    work = tmp / f"count-{path}"
    results = {}
    for pair in (("bare", "w1"), ("imports", "worker-imports")):
        running = {name: start(name, warc, path, work) for name in pair}
        for name, proc in running.items():
            if proc.wait() != 0:
                raise SystemExit(f"{path} {name}: valgrind run failed (exit {proc.returncode})")
            results[name] = counts(work, name)
    return results


def report(path: str, records: int, c: dict[str, list[int]]) -> None:
    g = 1e9
    bare, imports = sum(c["bare"]), sum(c["imports"])
    job, worker, worker_imports = sum(c["w1"]), c["w1"][0], sum(c["worker-imports"])
    print(f"{path}: {records} pages; instructions (G): bare loop {bare / g:.2f} "
          f"(imports {imports / g:.2f}), reclean -w1 all processes {job / g:.2f} "
          f"(worker {worker / g:.2f}, its imports {worker_imports / g:.2f}; "
          f"parent {(job - worker) / g:.2f})")
    print(f"{path}: bare / w1 all processes = {bare / job:.2f}x; bare loop net of imports / "
          f"worker net of imports = {(bare - imports) / (worker - worker_imports):.2f}x")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--records", type=int, default=300)
    parser.add_argument("--paths", default="hints,nohints", help="hints,nohints")
    args = parser.parse_args(argv)
    if args.records < 1:
        parser.error("--records must be at least 1")
    if shutil.which("valgrind") is None:
        print("count_reclean: valgrind is not installed (apt-get install valgrind)",
              file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="count-reclean-") as tmp:
        for path in args.paths.split(","):
            if path not in ("hints", "nohints"):
                parser.error(f"--paths: unknown path {path!r} (hints, nohints)")
            report(path, args.records, measure(path, args.records, Path(tmp)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
