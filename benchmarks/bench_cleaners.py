"""Time ``clean_page`` over the gold corpus against ``trafilatura.extract`` alone.

Prints per-page times and the median per-page ratio (cleaners / trafilatura), and
with ``--profile`` where the cleaners' time goes. Ratios, not absolute times, are
the figure to compare across machines::

    python benchmarks/bench_cleaners.py [--repeat 5] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import csv
import pstats
import statistics
import sys
import time
from pathlib import Path

import trafilatura

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from cleaners import clean_page  # noqa: E402

CORPUS = REPO / "tests" / "data" / "corpus"


def _pages() -> list[tuple[str, str, bytes]]:
    with (CORPUS / "MANIFEST.tsv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    return [(r["id"], r["url"], (CORPUS / "html" / f"{r['id']}.html").read_bytes()) for r in rows]


def _best_of(func, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        best = min(best, time.perf_counter() - start)
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="best of N runs per page")
    parser.add_argument("--profile", action="store_true", help="profile clean_page as well")
    args = parser.parse_args(argv)
    pages = _pages()
    for _, url, body in pages:  # warm up caches (OpenCC tables, lxml, trafilatura)
        clean_page(body, url)
        trafilatura.extract(body, url=url)
    ratios, ours_total, theirs_total = [], 0.0, 0.0
    print(f"{'page':<22} {'cleaners ms':>12} {'trafilatura ms':>15} {'ratio':>7}")
    for page, url, body in pages:
        ours = _best_of(lambda b=body, u=url: clean_page(b, u), args.repeat)
        theirs = _best_of(lambda b=body, u=url: trafilatura.extract(b, url=u), args.repeat)
        ratios.append(ours / theirs)
        ours_total += ours
        theirs_total += theirs
        print(f"{page:<22} {ours * 1000:12.1f} {theirs * 1000:15.1f} {ours / theirs:7.2f}")
    print(f"\nmedian per-page ratio cleaners/trafilatura: {statistics.median(ratios):.2f}")
    print(f"total-time ratio: {ours_total / theirs_total:.2f} "
          f"({ours_total * 1000:.0f} ms vs {theirs_total * 1000:.0f} ms)")
    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        for _, url, body in pages:
            clean_page(body, url)
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
