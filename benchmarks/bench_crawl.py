"""Benchmark the crawl: pages/s against a plain Scrapy spider on the same loopback section.

    .venv/bin/python benchmarks/bench_crawl.py [--replies 500] [--repeat 3]
                                               [--portal adhoc|registry] [--modes ...]

Serves a section of ``--replies`` reply pages (the recorded Pingtan pages under new
URLs, 20 to a list page, every 20th with a DOCX attachment) from 127.0.0.1 and runs,
interleaved (the order rotates every round), each a fresh process and output folder:

* ``plain``: a plain Scrapy spider (``benchmarks/plain_spider.py``) with Scrapy's
  default settings, fetching the same URLs and keeping nothing;
* ``crawl``: ``scrapy crawl portal`` as users run it (WARC, state, decision records,
  documents cleaned in the process pool);
* ``archive``: the same with ``GOVREPLY_CLEAN=False`` (archive-only: WARC, state and
  decision records; no documents);
* ``nopipe`` and ``bare`` (not in the default set): the crawl without its item
  pipeline (WARC and state, no decision records, no documents), and with neither
  WARC, state nor pipeline (routing alone): where the time goes.

Politeness is off in every run (no delay, no AutoThrottle, robots.txt not asked) and the
concurrency is the same (``--concurrency`` requests, all to the one host). pages/s is
Scrapy's ``response_received_count`` over its ``elapsed_time_seconds`` (engine start to
close: a crawl's close waits for its last document), so process start-up is left out of
every side alike; wall seconds are printed beside it. Figures are medians over the
rounds; the load average is printed with every run. Asserts nothing.
"""

from __future__ import annotations

import argparse
import io
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from crawler.localsite import LocalSite, Route, corpus_dir  # noqa: E402

SECTION = "/zwgk/zdlyxxgk/yata/zxta/"
PER_LIST = 20
MODES = ("plain", "crawl", "archive")
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _docx(lines: list[str]) -> bytes:
    import docx

    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _list_page(number: int, links: list[tuple[str, str]], last: bool) -> bytes:
    items = "".join(f'<li><a href="{href}" title="{title}">{title}</a>'
                    f'<span class="bf-pass">2025-12-31</span></li>' for href, title in links)
    following = "" if last else f'<a href="index_{number + 1}.htm">下一页</a>'
    return (f'<html><head><meta charset="utf-8"><title>政协提案</title></head><body>'
            f'<div class="list_base"><div ms-visible="$showStatic(1)"><ul>{items}</ul></div>'
            f'<div class="pages">{following}</div></div></body></html>').encode()


def build_section(replies: int, attachment_every: int = 20) -> tuple[dict[str, Route], int]:
    """The routes of the section and how many URLs a crawl of it fetches."""
    bodies = [p.read_bytes() for p in sorted((corpus_dir() / "html").glob("pingtan_*.html"))]
    routes: dict[str, Route] = {}
    lists = [[]]
    attachments = 0
    for i in range(replies):
        month = 1 + i % 12
        href = f"./2022{month:02d}/t2022{month:02d}01_{100000 + i}.htm"
        body = bodies[i % len(bodies)]
        if i % attachment_every == 0:
            name = f"W0{100000 + i}.docx"
            link = f'<p><a href="../files/{name}">附件：答复意见{i}.docx</a></p>'.encode()
            body = body.replace(b"</body>", link + b"</body>", 1)
            routes[f"{SECTION}files/{name}"] = Route(
                _docx([f"关于第{i}号提案的答复", "你提出的建议收悉，现答复如下。"]),
                content_type=DOCX)
            attachments += 1
        routes[SECTION + href[2:]] = Route(body)
        if len(lists[-1]) == PER_LIST:
            lists.append([])
        lists[-1].append((href, f"关于第{i}号提案的答复"))
    for n, links in enumerate(lists):
        page = _list_page(n, links, n == len(lists) - 1)
        routes[SECTION if n == 0 else f"{SECTION}index_{n}.htm"] = Route(page)
    return routes, replies + len(lists) + attachments


def _common_settings(concurrency: int) -> dict[str, str]:
    return {"DOWNLOAD_DELAY": "0", "AUTOTHROTTLE_ENABLED": "False", "ROBOTSTXT_OBEY": "False",
            "CONCURRENT_REQUESTS": str(concurrency),
            "CONCURRENT_REQUESTS_PER_DOMAIN": str(concurrency),
            "TELNETCONSOLE_ENABLED": "False", "LOG_LEVEL": "INFO"}


def command(mode: str, site: LocalSite, out: Path, portal: str, concurrency: int,
            workers: int | None) -> tuple[list[str], Path]:
    """The command line of one run, and the folder it runs in."""
    settings = _common_settings(concurrency)
    if mode == "plain":
        args = ["runspider", str(REPO / "benchmarks" / "plain_spider.py"),
                "-a", f"start_url={site.url(SECTION)}"]
        cwd = out  # outside the project: Scrapy's defaults, not govreply's settings
    else:
        if portal == "registry":
            args = ["crawl", "portal", "-a", "name=pingtan_zxta", "-a", f"base_url={site.url('')}"]
        else:
            args = ["crawl", "portal", "-a", f"start_url={site.url(SECTION)}"]
        settings["GOVREPLY_OUTPUT_DIR"] = str(out)
        if workers:
            settings["GOVREPLY_CLEAN_WORKERS"] = str(workers)
        if mode == "archive":
            settings["GOVREPLY_CLEAN"] = "False"
        elif mode == "nopipe":
            settings["ITEM_PIPELINES"] = "{}"
        elif mode == "bare":
            settings.update(GOVREPLY_WARC_ENABLED="False", ITEM_PIPELINES="{}",
                            GOVREPLY_INCREMENTAL="False")
        cwd = REPO
    line = [sys.executable, "-m", "scrapy", *args]
    for name, value in settings.items():
        line += ["-s", f"{name}={value}"]
    return line, cwd


def _stat(log: str, name: str) -> float:
    found = re.search(rf"'{re.escape(name)}': ([\d.]+)", log)
    return float(found.group(1)) if found else 0.0


def run(mode: str, site: LocalSite, tmp: Path, n: int, args) -> dict[str, float]:
    out = tmp / f"{mode}-{n}"
    out.mkdir()
    line, cwd = command(mode, site, out, args.portal, args.concurrency, args.workers)
    env = {k: v for k, v in os.environ.items() if k != "SCRAPY_SETTINGS_MODULE"}
    env["PYTHONPATH"] = str(REPO)
    load = os.getloadavg()[0]
    began = time.perf_counter()
    done = subprocess.run(line, cwd=cwd, env=env, capture_output=True, text=True, timeout=1800)
    wall = time.perf_counter() - began
    if done.returncode not in (0, 1):
        raise SystemExit(f"{mode} run failed ({done.returncode}):\n{done.stderr[-3000:]}")
    log = done.stderr
    pages = _stat(log, "response_received_count")
    elapsed = _stat(log, "elapsed_time_seconds")
    return {"pages": pages, "elapsed": elapsed, "wall": wall, "load": load,
            "rate": pages / elapsed if elapsed else 0.0,
            "documents": _stat(log, "govreply/documents/written"),
            "decisions": _stat(log, "govreply/decisions/written"),
            "failed": _stat(log, "govreply/documents/failed")}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--replies", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=3, help="interleaved rounds")
    parser.add_argument("--portal", choices=("adhoc", "registry"), default="adhoc",
                        help="-a start_url= (generic cleaning) or the registry entry "
                             "pingtan_zxta with its hints")
    parser.add_argument("--modes", default=",".join(MODES),
                        help=f"comma-separated, from plain,crawl,archive,nopipe,bare (default "
                             f"{','.join(MODES)})")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--workers", type=int, default=None,
                        help="GOVREPLY_CLEAN_WORKERS (default: the setting's default)")
    args = parser.parse_args(argv)
    modes = args.modes.split(",")
    routes, urls = build_section(args.replies)
    results: dict[str, list[dict[str, float]]] = {m: [] for m in modes}
    print(f"section: {args.replies} replies, {urls} URLs; portal {args.portal}; "
          f"{os.cpu_count()} cores; load average {os.getloadavg()}")
    with LocalSite(routes) as site, tempfile.TemporaryDirectory(prefix="bench-crawl-") as tmp:
        for n in range(args.repeat):
            for mode in modes[n % len(modes):] + modes[:n % len(modes)]:
                result = run(mode, site, Path(tmp), n, args)
                results[mode].append(result)
                print(f"  round {n + 1} {mode:<8} {result['pages']:.0f} pages in "
                      f"{result['elapsed']:.1f}s = {result['rate']:6.1f} pages/s "
                      f"(wall {result['wall']:.1f}s, documents {result['documents']:.0f}, "
                      f"decisions {result['decisions']:.0f}, failed {result['failed']:.0f}; "
                      f"load {result['load']:.2f})", flush=True)
    medians = {m: statistics.median(r["rate"] for r in rs) for m, rs in results.items()}
    print("\nmedian pages/s: " + ", ".join(f"{m} {v:.1f}" for m, v in medians.items()))
    if "plain" in medians:
        targets = {"crawl": 0.5, "archive": 0.8}
        for mode in modes:
            if mode == "plain":
                continue
            ratios = [r["rate"] / p["rate"] for r, p in zip(results[mode], results["plain"],
                                                            strict=True)]
            target = f"  (target >= {targets[mode]})" if mode in targets else ""
            print(f"{mode} / plain Scrapy: {medians[mode] / medians['plain']:.2f}x "
                  f"(per round {', '.join(f'{x:.2f}' for x in ratios)}){target}")
    print(f"load average after: {os.getloadavg()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
