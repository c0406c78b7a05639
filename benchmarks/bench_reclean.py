"""Benchmark ``reclean`` against a bare warcio + ``clean_page`` loop on the same path.

    .venv/bin/python benchmarks/bench_reclean.py [--records 2000] [--repeat 3]
                                                 [--paths hints,nohints] [--big-gb 1.0]

Builds, for each path, a WARC of ``--records`` reply pages (the recorded Pingtan pages
under new URLs, one list page linking them all, a decision record per reply page as the
crawl writes them):

* ``hints``: the decisions carry the registry entry ``pingtan_zxta``'s hints (its body
  container), so the cleaner takes its hint path;
* ``nohints``: the decisions of an ad-hoc section (``-a start_url=``): no hints, the
  generic path (trafilatura and the body-location cascade).

and measures, interleaved (the order rotates every round), medians of ``--repeat``:

* ``bare``: warcio's ``ArchiveIterator`` over the WARC and ``clean_page`` on every reply
  page with the hints its decision holds (the same call reclean makes), in this process,
  writing nothing: the floor;
* ``bare+files``: the same loop writing each text and sidecar as plain files (no
  temporary file, no sync): what the documents cost on this disk;
* ``w1`` / ``w2``: ``run_reclean`` with 1 and 2 worker processes into a fresh output
  folder, wall time of the whole job (planning, worker start, documents written);
* ``bare x2``: the machine's own ceiling for two processes: two ``bare`` loops in two
  child processes at once (started after their imports, on one signal), documents of
  both over the wall time. ``bare x2 / bare`` is what two cores give this work right
  now, the anchor for ``w2 / w1`` (memory bandwidth, a shared cache, a VM's
  neighbours: two processes rarely get 2.0x).

Ratios: ``w1 / bare`` (target >= 0.9) and ``w2 / w1`` (target >= 1.8), of the medians and
as the median of each round's own ratio (runs seconds apart: this VM's speed drifts by a
third within minutes, so the paired figure is the steadier one). With ``--big-gb``,
the peak RSS of one worker over a WARC of that size (the pages plus large binary records
that are read through but not cleaned), measured in a child process. Asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from warcio.archiveiterator import ArchiveIterator  # noqa: E402

from archive import records  # noqa: E402
from archive.writer import RotatingWarcWriter  # noqa: E402
from cleaners import clean_page  # noqa: E402
from corpus.decision import WARCINFO_FIELD, Decision, build_decision_record  # noqa: E402
from corpus.maker import cleaner_headers  # noqa: E402
from corpus.registry import adhoc_portal, load_registry  # noqa: E402
from crawler.localsite import corpus_dir  # noqa: E402
from reclean import RecleanOptions, run_reclean  # noqa: E402

SECTION = "https://www.pingtan.gov.cn/zwgk/zdlyxxgk/yata/zxta/"
PATHS = ("hints", "nohints")


def _exchange(url: str, body: bytes, content_type: str = "text/html; charset=utf-8"):
    return records.HttpExchange(url=url, method="GET", request_headers=[("Accept", "*/*")],
                                request_body=b"", status=200,
                                response_headers=[("Content-Type", content_type)], body=body)


def _portal(path: str):
    return load_registry().get("pingtan_zxta") if path == "hints" else adhoc_portal(SECTION)


def build_warc(directory: Path, pages: int, path: str = "hints", filler_bytes: int = 0) -> Path:
    """One WARC: a list page, ``pages`` reply pages with their decision records, then
    ``filler_bytes`` of binary records."""
    corpus = sorted((corpus_dir() / "html").glob("pingtan_*.html"))
    bodies = [p.read_bytes() for p in corpus]
    urls = [f"{SECTION}2022{1 + i % 12:02d}/t2022{1 + i % 12:02d}01_{100000 + i}.htm"
            for i in range(pages)]
    items = "".join(f'<li><a href="{u}">关于第{i}号提案的答复</a><span>2022-01-01</span></li>'
                    for i, u in enumerate(urls))
    listing = (f'<html><head><meta charset="utf-8"></head><body><div ms-visible="$showStatic(1)">'
               f"<ul>{items}</ul></div></body></html>").encode()
    portal = _portal(path)
    with RotatingWarcWriter(directory, prefix="bench", max_size=1 << 40,
                            warcinfo={"isPartOf": "pingtan", WARCINFO_FIELD: "1"}) as writer:
        writer.write_exchange(_exchange(SECTION, listing))
        for i, url in enumerate(urls):
            page = writer.write_exchange(_exchange(url, bodies[i % len(bodies)]))
            writer.write_record(build_decision_record(Decision(
                url, portal.name, portal.hints(), page, page, adhoc=portal.adhoc,
                section_prefix=portal.section_prefix, link_selector=portal.link_selector)))
        written, n = 0, 0
        while written < filler_bytes:
            chunk = os.urandom(8 << 20)
            writer.write_exchange(_exchange(f"{SECTION}files/blob{n}.bin", chunk,
                                            "application/octet-stream"))
            written += len(chunk)
            n += 1
    return next(directory.glob("*.warc.gz"))


def bare(warc: Path, path: str, out: Path | None = None) -> tuple[int, float]:
    """warcio + ``clean_page`` over every reply page, with its decision's hints; with
    ``out``, each text and sidecar also written there (plain files: what the disk costs)."""
    hints = _portal(path).hints()
    began, count = time.perf_counter(), 0
    if out is not None:
        out.mkdir(parents=True)
    with open(warc, "rb") as fh:
        for record in ArchiveIterator(fh):
            url = record.rec_headers.get_header("WARC-Target-URI")
            if record.rec_type != "response" or url == SECTION:
                continue
            body = record.content_stream().read()
            document = clean_page(body, url, cleaner_headers(record.http_headers.headers),
                                  portal=hints)
            if out is not None:
                (out / f"{count}.txt").write_text(document.text, encoding="utf-8")
                (out / f"{count}.json").write_text(json.dumps(document.sidecar, indent=1,
                                                              ensure_ascii=False))
            count += 1
    return count, time.perf_counter() - began


def bare_pair(warc: Path, path: str) -> tuple[int, float]:
    """Two ``bare`` loops at once in two child processes: documents of both, wall time
    from the moment both are ready (imports done) to the end of the slower one."""
    children = [subprocess.Popen([sys.executable, __file__, "--bare-child", str(warc), path],
                                 stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
                for _ in range(2)]
    try:
        for child in children:
            if child.stdout.readline().strip() != "ready":
                raise RuntimeError("a bare child did not start")
        began = time.monotonic()
        for child in children:
            child.stdin.write("go\n")
            child.stdin.flush()
        answers = [child.stdout.readline().split() for child in children]
    finally:
        for child in children:
            child.stdin.close()
            child.wait()
    docs = sum(int(count) for count, _ in answers)
    return docs, max(float(ended) for _, ended in answers) - began


def _bare_child(warc: str, path: str) -> int:
    """``--bare-child``: wait for ``go`` on stdin, run ``bare``, print the documents and
    the monotonic clock at the end (comparable across processes)."""
    print("ready", flush=True)
    sys.stdin.readline()
    docs, _ = bare(Path(warc), path)
    print(docs, time.monotonic(), flush=True)
    return 0


def reclean(warc: Path, out: Path, workers: int) -> tuple[int, float]:
    options = RecleanOptions([str(warc.parent)], str(out), workers=workers, progress=False)
    began = time.perf_counter()
    summary = run_reclean(options)
    seconds = time.perf_counter() - began
    if summary.failed:
        print(f"  ({summary.failed} failed: {dict(summary.failed_by_reason)})")
    return summary.cleaned + summary.unchanged, seconds


def _load() -> str:
    return "load average " + " ".join(f"{x:.2f}" for x in os.getloadavg())


def measure(path: str, warc: Path, tmp: Path, repeat: int) -> dict[str, list[float]]:
    """docs/s of bare, w1 and w2: interleaved rounds, the order rotating."""
    runs = {"bare": lambda n: bare(warc, path),
            "bare+files": lambda n: bare(warc, path, tmp / f"{path}-bare-{n}"),
            "w1": lambda n: reclean(warc, tmp / f"{path}-w1-{n}", 1),
            "w2": lambda n: reclean(warc, tmp / f"{path}-w2-{n}", 2),
            "bare x2": lambda n: bare_pair(warc, path)}
    names = list(runs)
    rates: dict[str, list[float]] = {name: [] for name in names}
    for n in range(repeat):
        for name in names[n % len(names):] + names[:n % len(names)]:
            load = _load()
            docs, seconds = runs[name](n)
            rates[name].append(docs / seconds)
            print(f"  {path:<8} round {n + 1} {name:<10} {docs} documents in {seconds:6.1f}s = "
                  f"{docs / seconds:6.1f} docs/s  ({load})", flush=True)
    return rates


def _paired(rates: dict[str, list[float]], top: str, bottom: str) -> float:
    """The median over rounds of ``top / bottom`` measured in the same round: this VM's
    speed drifts by a third within minutes, and a round's runs are seconds apart."""
    return statistics.median(a / b for a, b in zip(rates[top], rates[bottom], strict=True))


def report(path: str, rates: dict[str, list[float]]) -> None:
    med = {name: statistics.median(values) for name, values in rates.items()}
    print(f"{path}: median docs/s bare {med['bare']:.1f} (writing its files too: "
          f"{med['bare+files']:.1f}), reclean -w1 {med['w1']:.1f}, -w2 {med['w2']:.1f}")
    print(f"{path}: reclean -w1 / bare loop = {med['w1'] / med['bare']:.2f}x (target >= 0.9); "
          f"-w2 / -w1 = {med['w2'] / med['w1']:.2f}x (target >= 1.8, {os.cpu_count()} cores)")
    print(f"{path}: the same, median of each round's own ratio: -w1 / bare "
          f"{_paired(rates, 'w1', 'bare'):.2f}x, -w2 / -w1 {_paired(rates, 'w2', 'w1'):.2f}x")
    print(f"{path}: reclean -w1 / bare loop writing its files = "
          f"{med['w1'] / med['bare+files']:.2f}x (the disk's share left out)")
    ceiling = _paired(rates, "bare x2", "bare")
    print(f"{path}: the machine's ceiling, two bare loops at once / one: {ceiling:.2f}x "
          f"(paired); -w2 / -w1 reaches {_paired(rates, 'w2', 'w1') / ceiling:.0%} of it")


def peak_rss(warc: Path, out: Path) -> float:
    """Peak RSS (MB) of the one worker of ``reclean --workers 1`` over ``warc``."""
    code = ("import resource, sys; sys.path.insert(0, sys.argv[1]); "
            "from reclean import RecleanOptions, run_reclean; "
            "run_reclean(RecleanOptions([sys.argv[2]], sys.argv[3], progress=False)); "
            "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    done = subprocess.run([sys.executable, "-c", code, str(REPO), str(warc), str(out)],
                          capture_output=True, text=True, check=True)
    return int(done.stdout.split()[-1]) / 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--records", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--paths", default=",".join(PATHS), help="hints,nohints")
    parser.add_argument("--big-gb", type=float, default=0.0,
                        help="also measure one worker's peak RSS on a WARC of this size")
    parser.add_argument("--bare-child", nargs=2, metavar=("WARC", "PATH"),
                        help=argparse.SUPPRESS)  # one of the two loops of ``bare x2``
    args = parser.parse_args(argv)
    if args.bare_child:
        return _bare_child(*args.bare_child)
    print(f"{os.cpu_count()} cores; {_load()}")
    with tempfile.TemporaryDirectory(prefix="bench-reclean-") as tmp:
        tmp = Path(tmp)
        results = {}
        for path in args.paths.split(","):
            warc = build_warc(tmp / f"warc-{path}", args.records, path)
            print(f"{path}: WARC {warc.stat().st_size / 1e6:.1f} MB, {args.records} reply "
                  f"pages + 1 list page")
            results[path] = measure(path, warc, tmp, args.repeat)
        for path, rates in results.items():
            report(path, rates)
        if args.big_gb:
            big_dir = tmp / "big"
            began = time.perf_counter()
            big = build_warc(big_dir / "warc", args.records, "hints", int(args.big_gb * 1e9))
            print(f"big WARC: {big.stat().st_size / 1e9:.2f} GB, largest record 8 MiB (built in "
                  f"{time.perf_counter() - began:.0f}s)")
            print(f"reclean -w1 over it: worker peak RSS {peak_rss(big, big_dir / 'out'):.0f} MB")
    print(f"after: {_load()}; this process's peak RSS "
          f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
