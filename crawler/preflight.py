"""What ``scrapy crawl`` and ``scrapy nightly`` do before and around a crawl.

- ``check_command_line``: the command line and the settings, checked in the command's
  ``process_options``, before Scrapy even makes its crawler process (``refuse`` prints the
  one line and exits): positional arguments, ``-a`` values, the spider's own
  arguments (its ``check_arguments`` class method names the portals it will crawl), the
  contact for the User-Agent, a writable output directory;
- ``run_crawl``: run one crawl and catch what keeps it from starting, so that a failed
  start is one line and an exit code, not a traceback and a second error;
- ``start_failure``: that line (``str()`` of the write error for a full disk) and code.
"""

from __future__ import annotations

import asyncio
import sqlite3
import sys
from dataclasses import dataclass, field
from typing import Any, NoReturn
from urllib.parse import urlsplit

from scrapy.crawler import Crawler
from scrapy.spiderloader import get_spider_loader
from scrapy.utils.conf import arglist_to_dict

from corpus.layout import OutputLayout
from crawler.arguments import EXIT_USAGE, ArgumentError, check_output_dir
from crawler.failures import write_error
from crawler.useragent import ContactRequired, check_contact, user_agent_for

__all__ = ["CommandLine", "check_command_line", "error_line", "parse_spider_arguments",
           "refuse", "run_crawl", "start_failure"]

EXIT_SOFTWARE = 70  # sysexits EX_SOFTWARE: the crawl failed to start for another reason


@dataclass
class CommandLine:
    """A checked command line: the spider, its arguments, the portals, the output."""

    spider: str
    arguments: dict[str, str]
    portals: list[Any] = field(default_factory=list)  # corpus.registry.Portal
    layout: OutputLayout | None = None

    @property
    def portal_names(self) -> list[str]:
        return sorted(p.name for p in self.portals)


def error_line(message: str) -> None:
    """The one line a refused command prints."""
    print(f"govreply: error: {message}", file=sys.stderr)


def parse_spider_arguments(values: list[str] | dict[str, str]) -> dict[str, str]:
    """``-a NAME=VALUE`` options as a dict (``ArgumentError`` for a value without ``=``)."""
    if isinstance(values, dict):
        return values
    try:
        return arglist_to_dict(values)
    except ValueError:
        bad = next((v for v in values if "=" not in v), values[-1] if values else "")
        raise ArgumentError(f"-a {bad!r}: spider arguments are -a NAME=VALUE") from None


def check_command_line(settings, spider: str, arguments: dict[str, str],
                       extra: list[str]) -> CommandLine:
    """Everything checked before the crawl; ``ArgumentError`` says what is wrong."""
    if extra:
        raise ArgumentError(f"unexpected argument {' '.join(extra)!r}: spider arguments "
                            "are -a NAME=VALUE")
    loader = get_spider_loader(settings)
    try:
        spidercls = loader.load(spider)
    except KeyError:
        known = ", ".join(sorted(loader.list()))
        raise ArgumentError(f"no spider named {spider!r} (known: {known})") from None
    checker = getattr(spidercls, "check_arguments", None)
    portals = list(checker(dict(arguments))) if checker else []
    try:
        user_agent_for(settings.get("USER_AGENT") or "", settings.get("GOVREPLY_CONTACT") or "")
    except ValueError as exc:
        raise ArgumentError(str(exc)) from None
    try:  # the middleware checks again at the start (a spider that names hosts otherwise)
        check_contact(settings, _named_hosts(arguments, portals))
    except ContactRequired as exc:
        raise ArgumentError(str(exc)) from None
    root = check_output_dir(settings.get("GOVREPLY_OUTPUT_DIR") or "output")
    return CommandLine(spider, dict(arguments), portals, OutputLayout(root))


def _named_hosts(arguments: dict[str, str], portals: list) -> list[str]:
    """The hosts the command line says the crawl will fetch: the mirror's when
    ``base_url`` is given, else the portals' and the listed URLs'."""
    if arguments.get("base_url"):
        return [urlsplit(arguments["base_url"]).hostname or ""]
    hosts = [host for portal in portals for host in getattr(portal, "allowed_hosts", ())]
    hosts += [urlsplit(url.strip()).hostname or ""
              for url in arguments.get("urls", "").split(",") if url.strip()]
    return hosts


def refuse(exc: ArgumentError) -> NoReturn:
    """Print the line and exit with the error's code, before any crawl machinery starts."""
    error_line(str(exc))
    sys.exit(exc.exit_code)


def run_crawl(process, spider: str, arguments: dict[str, str]
              ) -> tuple[Crawler, BaseException | None]:
    """Run ``spider`` to its end; the crawler and what kept it from starting, if anything."""
    crawler = process.create_crawler(spider)
    failures: list[BaseException] = []
    started = process.crawl(crawler, **arguments)
    if isinstance(started, asyncio.Future):
        def done(task: asyncio.Future) -> None:
            if not task.cancelled() and task.exception() is not None:
                failures.append(task.exception())

        started.add_done_callback(done)
    elif hasattr(started, "addErrback"):
        started.addErrback(lambda failure: failures.append(failure.value))
    process.start()
    return crawler, failures[0] if failures else None


def start_failure(exc: BaseException, layout: OutputLayout) -> int:
    """Print the one line for a crawl that could not start; its exit code."""
    if isinstance(exc, ArgumentError):
        error_line(str(exc))
        return exc.exit_code
    error = write_error(exc, layout.state_db if isinstance(exc, sqlite3.Error) else layout.root)
    if error is not None:  # a full disk before the first fetch
        print(str(error), file=sys.stderr)
        return error.EXIT_CODE
    if isinstance(exc, ValueError | KeyError):
        error_line(str(exc).strip("'\""))
        return EXIT_USAGE
    error_line(f"the crawl could not start: {type(exc).__name__}: {exc}")
    return EXIT_SOFTWARE
