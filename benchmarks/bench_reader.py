"""Benchmark reading and indexing our own WARCs: ``iter_records`` and ``index_warc``.

    .venv/bin/python benchmarks/bench_reader.py [--records 5000] [--rounds 7] [--against main]

Builds one WARC the way the crawl writes it (gzip member per record, a response
and its request per fetch, the recorded Pingtan pages as bodies) and times, in
interleaved rounds (medians printed with the load average):

* baseline: warcio's ``ArchiveIterator`` reading every response/revisit payload,
  and cdxj-indexer's ``write_cdx_index`` (what ``index_warc`` used to call);
* ``archive.reader.iter_records`` and ``archive.index.index_warc`` of this tree;
* with ``--against REF``: the same two functions as they are at git ``REF``
  (loaded from ``git show`` into a temporary package), for a before/after ratio.

Prints figures and ratios; asserts nothing.
"""

from __future__ import annotations

import argparse
import importlib
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from cdxj_indexer.main import write_cdx_index  # noqa: E402
from warcio.archiveiterator import ArchiveIterator  # noqa: E402

from archive import index as index_now  # noqa: E402
from archive import reader as reader_now  # noqa: E402
from archive import records  # noqa: E402
from archive.writer import RotatingWarcWriter  # noqa: E402
from crawler.localsite import corpus_dir  # noqa: E402


def build_warc(directory: Path, records_wanted: int) -> Path:
    """A crawl-like WARC of ``records_wanted`` records (response + request per fetch)."""
    bodies = [p.read_bytes() for p in sorted((corpus_dir() / "html").glob("*.html"))]
    with RotatingWarcWriter(directory, prefix="bench", max_size=1 << 40, index=False,
                            warcinfo={"isPartOf": "bench"}) as writer:
        for i in range(records_wanted // 2):
            body = bodies[i % len(bodies)]
            writer.write_exchange(records.HttpExchange(
                url=f"https://www.example.gov.cn/jyta/t2022_{i}.htm", method="GET",
                request_headers=[("Accept", "*/*")], request_body=b"", status=200,
                response_headers=[("Content-Type", "text/html; charset=utf-8"),
                                  ("Content-Length", str(len(body)))], body=body))
    return next(directory.glob("*.warc.gz"))


def load_ref(ref: str, into: Path):
    """``(reader, index)`` modules of ``archive`` as at git ``ref``."""
    package = into / "archive_ref"
    package.mkdir(parents=True)
    names = subprocess.run(["git", "-C", str(REPO), "ls-tree", "--name-only", f"{ref}:archive"],
                           check=True, capture_output=True, text=True).stdout.split()
    for name in names:
        if name.endswith(".py"):
            text = subprocess.run(["git", "-C", str(REPO), "show", f"{ref}:archive/{name}"],
                                  check=True, capture_output=True, text=True).stdout
            (package / name).write_text(text, encoding="utf-8")
    sys.path.insert(0, str(into))
    return importlib.import_module("archive_ref.reader"), importlib.import_module(
        "archive_ref.index")


def warcio_read(path: Path) -> int:
    count = 0
    with open(path, "rb") as fh:
        for record in ArchiveIterator(fh):
            if record.rec_type in ("response", "revisit"):
                record.content_stream().read()
                count += 1
    return count


def reader_of(module) -> Callable[[Path], int]:
    return lambda path: sum(1 for _ in module.iter_records(path))


def cdxj_indexer(path: Path) -> int:
    target = path.with_name(path.name + ".ref.cdxj")
    write_cdx_index(str(target), [str(path)], {"sort": True})
    return sum(1 for _ in open(target, encoding="utf-8"))


def indexer_of(module) -> Callable[[Path], int]:
    return lambda path: sum(1 for _ in open(module.index_warc(path), encoding="utf-8"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--records", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--against", metavar="REF", help="also time archive/ as at git REF")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-reader-") as tmp:
        tmp = Path(tmp)
        warc = build_warc(tmp / "warc", args.records)
        print(f"WARC: {args.records} records, {warc.stat().st_size / 1e6:.1f} MB")
        variants: dict[str, Callable[[Path], int]] = {
            "warcio ArchiveIterator": warcio_read,
            "iter_records (this tree)": reader_of(reader_now),
            "cdxj-indexer write_cdx_index": cdxj_indexer,
            "index_warc (this tree)": indexer_of(index_now),
        }
        if args.against:
            old_reader, old_index = load_ref(args.against, tmp / "ref")
            variants[f"iter_records ({args.against})"] = reader_of(old_reader)
            variants[f"index_warc ({args.against})"] = indexer_of(old_index)
        times: dict[str, list[float]] = {name: [] for name in variants}
        cpu: dict[str, list[float]] = {name: [] for name in variants}
        counts: dict[str, int] = {}
        for _ in range(args.rounds):
            for name, run in variants.items():  # interleaved: load hits all alike
                began, began_cpu = time.perf_counter(), time.process_time()
                counts[name] = run(warc)
                times[name].append(time.perf_counter() - began)
                cpu[name].append(time.process_time() - began_cpu)
        load = os.getloadavg()
        print(f"load average: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} "
              f"({os.cpu_count()} CPUs), {args.rounds} interleaved rounds")
        wall = {name: statistics.median(values) for name, values in times.items()}
        median = {name: statistics.median(values) for name, values in cpu.items()}
        for name in variants:
            print(f"  {name:34s} {wall[name] * 1000:8.1f} ms wall {median[name] * 1000:8.1f} ms "
                  f"CPU  ({counts[name]} items)")
        print("ratios of median CPU time (lower is faster; CPU time is steadier than wall "
              "time on a shared machine):")
        print(f"  iter_records / warcio:        "
              f"{median['iter_records (this tree)'] / median['warcio ArchiveIterator']:.3f}")
        print(f"  index_warc / cdxj-indexer:    "
              f"{median['index_warc (this tree)'] / median['cdxj-indexer write_cdx_index']:.3f}")
        if args.against:
            ref = args.against
            print(f"  iter_records now / {ref}:   "
                  f"{median['iter_records (this tree)'] / median[f'iter_records ({ref})']:.3f}")
            print(f"  index_warc now / {ref}:     "
                  f"{median['index_warc (this tree)'] / median[f'index_warc ({ref})']:.3f}")


if __name__ == "__main__":
    main()
