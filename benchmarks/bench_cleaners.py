"""Time ``clean_page`` over the gold corpus against trafilatura, two ways.

* **like for like**: ``trafilatura.extract`` on the same bytes with the options the
  cleaners give their own trafilatura call (``cleaners.locate.TRAFILATURA_OPTIONS``);
* **defaults**: ``trafilatura.extract(body, url=url)`` as a user would call it.

Each page is timed in interleaved rounds (cleaners, like-for-like, defaults, then again,
``--repeat`` times, the order rotating every round) and the median of each is kept; the
figure is the median over pages of the per-page ratio, with the total-time ratio beside
it. The machine's load average is printed before and after: ratios, not absolute times,
are the figure to compare across machines::

    python benchmarks/bench_cleaners.py [--repeat 7] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import csv
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

import trafilatura

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from cleaners import clean_page  # noqa: E402
from cleaners.locate import TRAFILATURA_OPTIONS  # noqa: E402

CORPUS = REPO / "tests" / "data" / "corpus"


def _pages() -> list[tuple[str, str, bytes]]:
    with (CORPUS / "MANIFEST.tsv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    return [(r["id"], r["url"], (CORPUS / "html" / f"{r['id']}.html").read_bytes()) for r in rows]


def _timed(func) -> float:
    start = time.perf_counter()
    func()
    return time.perf_counter() - start


def _load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} ({os.cpu_count()} cores)"


def measure(pages, repeat: int) -> list[tuple[str, float, float, float]]:
    """(page, cleaners, like-for-like, defaults): medians of interleaved runs, seconds."""
    results = []
    for page, url, body in pages:
        runs = [
            lambda b=body, u=url: clean_page(b, u),
            lambda b=body, u=url: trafilatura.extract(b, url=u, **TRAFILATURA_OPTIONS),
            lambda b=body, u=url: trafilatura.extract(b, url=u),
        ]
        times: list[list[float]] = [[], [], []]
        for round_ in range(repeat):
            for k in range(3):
                which = (k + round_) % 3  # rotate the order: no side always runs first
                times[which].append(_timed(runs[which]))
        results.append((page, *(statistics.median(t) for t in times)))
    return results


def report(results) -> str:
    rows = [f"{'page':<22} {'cleaners ms':>12} {'own opts ms':>12} {'defaults ms':>12} "
            f"{'vs own':>7} {'vs dflt':>8}"]
    for page, ours, own, default in results:
        rows.append(f"{page:<22} {ours * 1000:12.1f} {own * 1000:12.1f} {default * 1000:12.1f} "
                    f"{ours / own:7.2f} {ours / default:8.2f}")
    own_ratio = statistics.median(r[1] / r[2] for r in results)
    default_ratio = statistics.median(r[1] / r[3] for r in results)
    totals = [sum(r[k] for r in results) for k in (1, 2, 3)]
    rows += [
        "",
        f"median per-page ratio, clean_page / trafilatura with the cleaner's options: "
        f"{own_ratio:.2f}  (target <= 1.20; total {totals[0] / totals[1]:.2f})",
        f"median per-page ratio, clean_page / trafilatura.extract defaults:           "
        f"{default_ratio:.2f}  (target <= 1.00; total {totals[0] / totals[2]:.2f})",
    ]
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7, help="interleaved rounds per page")
    parser.add_argument("--profile", action="store_true", help="profile clean_page as well")
    args = parser.parse_args(argv)
    pages = _pages()
    for _, url, body in pages:  # warm up caches (OpenCC tables, lxml, trafilatura)
        clean_page(body, url)
        trafilatura.extract(body, url=url)
    print(f"before: {_load()}")
    results = measure(pages, args.repeat)
    print(report(results))
    print(f"after:  {_load()}")
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
