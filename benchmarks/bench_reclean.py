"""Benchmark ``reclean``: speed against a warcio + trafilatura loop, scaling, memory.

    .venv/bin/python benchmarks/bench_reclean.py [--records 5000] [--big-gb 1.0]

Builds a WARC of ``--records`` reply pages (the recorded Pingtan pages under new
URLs, one list page linking them all, a decision record per reply page as the crawl
writes them) and measures, in the same run:

* baseline: warcio ``ArchiveIterator`` + ``trafilatura.extract`` over every HTML
  response of the WARC (records/s);
* ``reclean --workers 1`` with the real cleaner, and with a trafilatura-only
  cleaner (the same work as the baseline, so the ratio is the job's overhead);
* ``reclean --workers 2`` (scaling 1 -> 2);
* with ``--big-gb``: peak RSS of one worker over a WARC of that size (the pages
  plus large binary records that are read through but not cleaned).

Prints figures and ratios; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import trafilatura  # noqa: E402
from warcio.archiveiterator import ArchiveIterator  # noqa: E402

from archive import records  # noqa: E402
from archive.charset import decode_html  # noqa: E402
from archive.writer import RotatingWarcWriter  # noqa: E402
from cleaners import CLEANER_VERSION, STEPS  # noqa: E402
from cleaners.document import CleanedDocument  # noqa: E402
from corpus.decision import WARCINFO_FIELD, Decision, build_decision_record  # noqa: E402
from corpus.registry import load_registry  # noqa: E402
from crawler.localsite import corpus_dir  # noqa: E402
from reclean import RecleanOptions, run_reclean  # noqa: E402

SECTION = "https://www.pingtan.gov.cn/zwgk/zdlyxxgk/yata/zxta/"


def trafilatura_clean_page(body, url, headers=None, *, portal=None, attachments=()):
    """A cleaner doing only what the baseline does (decode + trafilatura.extract)."""
    text = trafilatura.extract(decode_html(body, (headers or {}).get("Content-Type"))) or ""
    return CleanedDocument(text, {"cleaner_version": CLEANER_VERSION, "steps": [],
                                  "step_versions": {s.name: s.version for s in STEPS}})


trafilatura_clean_page.CLEANER_VERSION = CLEANER_VERSION
trafilatura_clean_page.STEPS = STEPS


def _exchange(url: str, body: bytes, content_type: str = "text/html; charset=utf-8"):
    return records.HttpExchange(url=url, method="GET", request_headers=[("Accept", "*/*")],
                                request_body=b"", status=200,
                                response_headers=[("Content-Type", content_type)], body=body)


def build_warc(directory: Path, pages: int, filler_bytes: int = 0) -> Path:
    """One WARC: a list page, ``pages`` reply pages, then ``filler_bytes`` of binary records."""
    corpus = sorted((corpus_dir() / "html").glob("pingtan_*.html"))
    bodies = [p.read_bytes() for p in corpus]
    urls = [f"{SECTION}2022{1 + i % 12:02d}/t2022{1 + i % 12:02d}01_{100000 + i}.htm"
            for i in range(pages)]
    items = "".join(f'<li><a href="{u}">关于第{i}号提案的答复</a><span>2022-01-01</span></li>'
                    for i, u in enumerate(urls))
    listing = (f'<html><head><meta charset="utf-8"></head><body><div ms-visible="$showStatic(1)">'
               f"<ul>{items}</ul></div></body></html>").encode()
    portal = load_registry().get("pingtan_zxta")
    with RotatingWarcWriter(directory, prefix="bench", max_size=1 << 40,
                            warcinfo={"isPartOf": "pingtan", WARCINFO_FIELD: "1"}) as writer:
        writer.write_exchange(_exchange(SECTION, listing))
        for i, url in enumerate(urls):
            page = writer.write_exchange(_exchange(url, bodies[i % len(bodies)]))
            writer.write_record(build_decision_record(Decision(
                url, portal.name, portal.hints(), page, page,
                section_prefix=portal.section_prefix, link_selector=portal.link_selector)))
        written, n = 0, 0
        while written < filler_bytes:
            chunk = os.urandom(8 << 20)
            writer.write_exchange(_exchange(f"{SECTION}files/blob{n}.bin", chunk,
                                            "application/octet-stream"))
            written += len(chunk)
            n += 1
    return next(directory.glob("*.warc.gz"))


def baseline(warc: Path) -> tuple[int, float]:
    """warcio + trafilatura over every HTML response: (records, seconds)."""
    began, count = time.perf_counter(), 0
    with open(warc, "rb") as fh:
        for record in ArchiveIterator(fh):
            if record.rec_type != "response":
                continue
            ctype = record.http_headers.get_header("Content-Type") or ""
            body = record.content_stream().read()
            if "html" in ctype:
                trafilatura.extract(decode_html(body, ctype))
                count += 1
    return count, time.perf_counter() - began


def reclean(warc: Path, out: Path, workers: int, cleaner: str | None = None) -> tuple[int, float]:
    options = RecleanOptions([str(warc.parent)], str(out), workers=workers, progress=False,
                             records_per_shard=250)
    if cleaner:
        options.cleaner = cleaner
    began = time.perf_counter()
    summary = run_reclean(options)
    seconds = time.perf_counter() - began
    if summary.failed:
        print(f"  ({summary.failed} failed: {dict(summary.failed_by_reason)})")
    return summary.cleaned + summary.unchanged, seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--records", type=int, default=5000)
    parser.add_argument("--big-gb", type=float, default=0.0,
                        help="also measure one worker's peak RSS on a WARC of this size")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-reclean-") as tmp:
        tmp = Path(tmp)
        began = time.perf_counter()
        warc = build_warc(tmp / "warc", args.records)
        print(f"WARC: {warc.stat().st_size / 1e6:.1f} MB, {args.records} reply pages + 1 list "
              f"page (built in {time.perf_counter() - began:.1f}s)")
        n, s = baseline(warc)
        base = n / s
        print(f"baseline warcio+trafilatura: {n} pages in {s:.1f}s = {base:.1f} records/s")
        hook = "benchmarks.bench_reclean:trafilatura_clean_page"
        n, s = reclean(warc, tmp / "out-t1", 1, hook)
        print(f"reclean -w1 (trafilatura-only cleaner): {n} in {s:.1f}s = {n / s:.1f} records/s"
              f"  -> {n / s / base:.2f}x baseline")
        n, s = reclean(warc, tmp / "out1", 1)
        one = n / s
        print(f"reclean -w1 (real cleaner): {n} in {s:.1f}s = {one:.1f} records/s"
              f"  -> {one / base:.2f}x baseline")
        n, s = reclean(warc, tmp / "out2", 2)
        print(f"reclean -w2 (real cleaner): {n} in {s:.1f}s = {n / s:.1f} records/s"
              f"  -> scaling {n / s / one:.2f}x (cores: {os.cpu_count()})")
        if args.big_gb:
            big_dir = tmp / "big"
            began = time.perf_counter()
            big = build_warc(big_dir / "warc", args.records, int(args.big_gb * 1e9))
            print(f"big WARC: {big.stat().st_size / 1e9:.2f} GB (built in "
                  f"{time.perf_counter() - began:.0f}s)")
            before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            n, s = reclean(big, big_dir / "out", 1)
            peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            print(f"reclean -w1 on {big.stat().st_size / 1e9:.2f} GB: {n} documents in {s:.0f}s;"
                  f" worker peak RSS {peak / 1024:.0f} MB (before: {before / 1024:.0f} MB)")


if __name__ == "__main__":
    main()
