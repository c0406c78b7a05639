"""The re-clean's command line: one set of options for ``scrapy reclean`` and
``python -m reclean``.

Exit status: 0 done; 1 no readable archive found; 2 some shard could not be finished
(rerun to retry it); 64 options the job cannot run with (an unknown ``--portal``, say);
74 an output could not be written (a full disk).
"""

from __future__ import annotations

import argparse
import logging
import sys

from archive.files import ArchiveWriteError

from .cleaner import DEFAULT_CLEANER
from .decisions import HINTS_MODES
from .job import RecleanError, RecleanOptions, run_reclean

__all__ = ["DESCRIPTION", "EXIT_BAD_OPTIONS", "EXIT_IO_ERROR", "EXIT_NO_INPUT",
           "EXIT_UNFINISHED", "add_arguments", "main", "options_from", "run"]

EXIT_NO_INPUT = 1
EXIT_UNFINISHED = 2
EXIT_BAD_OPTIONS = 64  # EX_USAGE
EXIT_IO_ERROR = 74  # EX_IOERR

DESCRIPTION = f"""\
Re-clean archived WARCs (files, directories, globs) into FORMAT.md documents.

Every file given is reported as read, recovered, partly damaged or refused; refused
files are skipped, whole-file gzip is read from a copy under the output.

Exit status:
  0   done
  {EXIT_NO_INPUT}   no file given, or none of them readable as WARC or ARC
  {EXIT_UNFINISHED}   some shard could not be finished (rerun to retry it)
  {EXIT_BAD_OPTIONS}  options the job cannot run with (an unknown --portal or --cleaner)
  {EXIT_IO_ERROR}  an output could not be written (a full disk)"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The re-clean's options, added to ``parser`` (the inputs are positional)."""
    add = parser.add_argument
    add("--output", "-O", default=None, help="output directory (default: GOVREPLY_OUTPUT_DIR)")
    add("--workers", "-w", type=int, default=1,
        help="worker processes on this machine (default: 1)")
    add("--dask", metavar="ADDRESS", default=None,
        help="run on the Dask cluster at ADDRESS (tcp://host:8786)")
    add("--shard-records", type=int, default=100,
        help="records per shard, the unit of resumption; default 100")
    add("--timeout", type=float, default=60.0,
        help="seconds one document may take, 0 for no limit; default 60")
    add("--max-page-mb", type=float, default=32.0,
        help="a bigger page is not cleaned, counted too-large; 0 for no limit; default 32 "
             "(the crawl's GOVREPLY_CLEAN_MAX_MB)")
    add("--max-memory-mb", type=float, default=2048.0,
        help="address space of each worker process, 0 for no cap; default 2048 (the "
             "crawl's GOVREPLY_CLEAN_MAX_MEMORY_MB)")
    add("--derived-warc", action="store_true",
        help="also write the texts as WARC conversion records")
    add("--hints", choices=HINTS_MODES, default="recorded",
        help="the portal hints the decisions recorded, or today's registry entry of the "
             "recorded portal; default recorded")
    add("--route", action="store_true",
        help="ignore decision records: route every page with today's discovery rules "
             "(WARCs without decisions are routed anyway)")
    add("--portal", action="append", default=[], metavar="NAME",
        help="only the documents of this portal: a registry name or an ad-hoc section "
             "(repeatable)")
    add("--url-prefix", action="append", default=[], metavar="URL",
        help="only documents whose URL (the portal's, or the fetched one) starts with URL "
             "(repeatable)")
    add("--restart", action="store_true", help="ignore completion markers of an earlier run")
    add("--report", default=None,
        help="JSON report path; default OUTPUT/reclean/reports/<UTC time>.json, "
             "copied to OUTPUT/reclean/report.json")
    add("--cleaner", default=DEFAULT_CLEANER,
        help="module:function of the cleaner (a hook for tests; default: %(default)s)")
    add("--progress", choices=("auto", "bar", "log"), default="auto",
        help="tqdm bar or log lines (auto: bar on a terminal)")


def options_from(inputs: list[str], args: argparse.Namespace, output: str) -> RecleanOptions:
    """The job's options from parsed arguments; ``output`` when ``--output`` is not given.
    Raises ``RecleanError`` for values no job can run with."""
    if not inputs:
        raise RecleanError("give at least one WARC file, directory or glob")
    if args.workers < 1:
        raise RecleanError("--workers must be at least 1")
    if args.shard_records < 1:
        raise RecleanError("--shard-records must be at least 1")
    if args.max_page_mb < 0 or args.max_memory_mb < 0:
        raise RecleanError("--max-page-mb and --max-memory-mb must not be negative")
    return RecleanOptions(
        inputs=inputs, output=args.output or output, workers=args.workers, dask=args.dask,
        records_per_shard=args.shard_records, timeout=args.timeout or None,
        max_page_mb=args.max_page_mb or None, max_memory_mb=args.max_memory_mb or None,
        derived_warc=args.derived_warc, cleaner=args.cleaner, portals=args.portal,
        url_prefixes=args.url_prefix, hints=args.hints, route=args.route,
        restart=args.restart, report=args.report,
        progress={"auto": None, "bar": True, "log": False}[args.progress])


def run(inputs: list[str], args: argparse.Namespace, output: str) -> int:
    """Run the job; print its summary; return the exit status (errors: one line, stderr)."""
    try:
        summary = run_reclean(options_from(inputs, args, output))
    except FileNotFoundError as exc:
        print(f"reclean: error: {exc}", file=sys.stderr)
        return EXIT_NO_INPUT
    except RecleanError as exc:
        print(f"reclean: error: {exc}", file=sys.stderr)
        return EXIT_BAD_OPTIONS
    except ArchiveWriteError as exc:
        print(f"reclean: error: {exc}", file=sys.stderr)
        return EXIT_IO_ERROR
    except OSError as exc:  # writing an index, a copy or the report under the output
        print(f"reclean: error: {exc.filename or ''}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_IO_ERROR
    print(summary.text())
    if summary.io_error:
        return EXIT_IO_ERROR
    if summary.shards_unfinished:
        return EXIT_UNFINISHED
    if not summary.readable_files:
        print("reclean: error: none of the files given is a WARC or ARC file", file=sys.stderr)
        return EXIT_NO_INPUT
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m reclean", description=DESCRIPTION,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("inputs", nargs="*", metavar="PATH",
                        help="WARC files, directories or globs")
    add_arguments(parser)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s [%(name)s] %(levelname)s: "
                                                   "%(message)s")
    return run(args.inputs, args, "output")
