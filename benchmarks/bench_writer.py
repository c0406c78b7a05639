"""Benchmark the WARC writer (the crawl's hot path): records/s against a baseline.

    .venv/bin/python benchmarks/bench_writer.py [--records 5000] [--repeats 5]
    .venv/bin/python benchmarks/bench_writer.py --against /path/to/other/checkout

Each measurement writes ``--records`` small exchanges (a response and its request,
a ~600-byte page each) with ``RotatingWarcWriter`` (no index, which is made once per
file) and closes it, in a fresh subprocess. The baseline, in the same run and
interleaved with it, is plain warcio writing the same records to a buffered file
flushed after every record (the I/O the writer did before whole-record units), or,
with ``--against DIR``, the ``RotatingWarcWriter`` of another checkout (e.g. main).
Prints the load, every repeat, the medians and the ratio; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

_ONE = r"""
import json, sys, time
sys.path.insert(0, sys.argv[1])
from archive import records
kind, out, count = sys.argv[2], sys.argv[3], int(sys.argv[4])
exchanges = [records.HttpExchange(
    url=f"http://127.0.0.1:9/bench/{n}.html", method="GET",
    request_headers=[("Accept", "*/*"), ("User-Agent", "govreply-bench")], request_body=b"",
    status=200, response_headers=[("Content-Type", "text/html; charset=utf-8")],
    body=(f"<html><body><p>第{n}号提案的答复</p>" + "办理情况" * 120 + "</body></html>").encode(),
    ip_address="127.0.0.1") for n in range(count)]
if kind == "writer":
    from archive.writer import RotatingWarcWriter
    start = time.perf_counter()
    writer = RotatingWarcWriter(out, index=False)
    for exchange in exchanges:
        writer.write_exchange(exchange)
    writer.close()
else:  # warcio, flushed per record
    from warcio.warcwriter import WARCWriter
    start = time.perf_counter()
    with open(f"{out}/plain.warc.gz", "wb") as fh:
        warc = WARCWriter(fh, gzip=True, warc_version="1.1")
        for exchange in exchanges:
            response = records.build_response_record(exchange)
            request = records.build_request_record(
                exchange, response.rec_headers.get_header("WARC-Record-ID"),
                response.rec_headers.get_header("WARC-Date"))
            warc.write_record(response); fh.flush()
            warc.write_record(request); fh.flush()
print(json.dumps({"seconds": time.perf_counter() - start}))
"""


def measure(kind: str, repo: Path, count: int) -> float:
    """Records (exchanges) per second of one run in a fresh process."""
    with tempfile.TemporaryDirectory(prefix="govreply-bench-") as out:
        result = subprocess.run([sys.executable, "-c", _ONE, str(repo), kind, out, str(count)],
                                capture_output=True, text=True, check=True)
    return count / json.loads(result.stdout)["seconds"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=5000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--against", type=Path, default=None,
                        help="a checkout whose RotatingWarcWriter is the baseline")
    args = parser.parse_args()
    baseline_name = f"writer of {args.against}" if args.against else "warcio, flush per record"
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}  "
          f"({os.cpu_count()} CPUs)")
    ours, theirs = [], []
    for repeat in range(args.repeats):  # interleaved, so load drifts hit both alike
        if args.against:
            theirs.append(measure("writer", args.against, args.records))
        else:
            theirs.append(measure("plain", REPO, args.records))
        ours.append(measure("writer", REPO, args.records))
        print(f"repeat {repeat + 1}: writer {ours[-1]:8.0f} rec/s   "
              f"baseline {theirs[-1]:8.0f} rec/s")
    mine, base = statistics.median(ours), statistics.median(theirs)
    print(f"median: writer {mine:.0f} rec/s, baseline ({baseline_name}) {base:.0f} rec/s")
    print(f"ratio writer/baseline: {mine / base:.3f}")
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
