"""``scrapy portals``: the registry's entries, validated and listed; ``check`` one.

    scrapy portals                    # every entry: platform, checked, last run, counts
    scrapy portals check NAME [-a base_url=URL] [-a platform=NAME]

The registry is ``$GOVREPLY_PORTALS`` when set, else the bundled
``corpus/portals.toml``. Every problem of every entry is printed (one line each, on
stderr) and the command exits ``EXIT_CONFIG``. Last runs and counts come from the
crawl state under ``GOVREPLY_OUTPUT_DIR``. ``check`` exit codes: 0 reply links
found, ``EXIT_NO_LINKS`` none found, ``EXIT_UNREACHABLE`` no start page could be
fetched, ``EXIT_USAGE`` bad arguments (unknown portal or platform, no start URL).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import ClassVar

from scrapy.commands import ScrapyCommand
from scrapy.utils.conf import arglist_to_dict

from corpus import discovery
from corpus.registry import Registry, RegistryError, load_registry, registry_path
from crawler.portal_check import StartCheck, check_portal
from crawler.portal_status import format_table, portal_statuses
from crawler.useragent import user_agent_for

EXIT_OK = 0
EXIT_NO_LINKS = 2  # the start pages were fetched, discovery found no reply link
EXIT_USAGE = 64  # EX_USAGE
EXIT_UNREACHABLE = 69  # EX_UNAVAILABLE: no start page could be fetched
EXIT_CONFIG = 78  # EX_CONFIG: the registry file has errors
_CHECK_ARGS = ("base_url", "platform")


def _error(message: str) -> None:
    print(f"govreply: {message}", file=sys.stderr)


def describe(result: StartCheck) -> list[str]:
    """A few lines per start URL: what was fetched and what discovery found."""
    lines = [f"start URL {result.start_url}"]
    if result.refused:
        return [*lines, f"  not fetched: {result.refused}"]
    if result.section is not None:
        s = result.section
        lines.append(f"  platform: {s.platform} ({s.source}: {s.evidence})")
    shown = result.detected
    if shown is not None and (result.section is None or result.section.source != "detected"):
        lines.append(f"  the start page shows: {shown.name} ({shown.evidence})")
    for check in result.lists:
        got = check.fetched
        if got.status != 200:
            lines.append(f"  {check.url}: {got.error or f'HTTP {got.status}'}")
            continue
        lines.append(f"  {check.url}: HTTP 200, {len(check.links)} reply links, "
                     f"{len(check.pages)} further list pages")
        lines += [f"    {link.title or '(no title)'}  {link.url}" for link in check.links[:3]]
    return lines


class Command(ScrapyCommand):
    requires_project = True
    requires_crawler_process = False  # nothing is crawled: no reactor, no Scrapy log banner
    default_settings: ClassVar[dict[str, str]] = {"LOG_LEVEL": "WARNING"}

    def syntax(self) -> str:
        return "[check NAME [-a base_url=URL] [-a platform=NAME]]"

    def short_desc(self) -> str:
        return "List and validate the portal registry; check one entry's first list page"

    def add_options(self, parser) -> None:
        super().add_options(parser)
        parser.add_argument("-a", dest="spargs", action="append", default=[],
                            metavar="NAME=VALUE",
                            help="check: base_url=URL (fetch from another origin), "
                                 "platform=NAME (force a family)")

    def run(self, args: list[str], opts) -> None:
        try:
            registry = load_registry()
        except RegistryError as exc:
            for line in str(exc).splitlines():
                _error(line)
            self.exitcode = EXIT_CONFIG
            return
        if not args:
            self.exitcode = self._list(registry)
        elif args[0] == "check" and len(args) == 2:
            self.exitcode = self._check(registry, args[1], opts.spargs)
        else:
            _error(f"usage: scrapy portals {self.syntax()}")
            self.exitcode = EXIT_USAGE

    def _list(self, registry: Registry) -> int:
        state = Path(self.settings.get("GOVREPLY_OUTPUT_DIR", "output")) / "state.sqlite3"
        print(f"registry: {registry_path()} ({len(registry)} entries, all valid)")
        print(format_table(portal_statuses(registry.all(), state)))
        return EXIT_OK

    def _check(self, registry: Registry, name: str, spargs: list[str]) -> int:
        try:
            arguments = arglist_to_dict(spargs)
        except ValueError:
            _error("-a takes NAME=VALUE")
            return EXIT_USAGE
        unknown = sorted(set(arguments) - set(_CHECK_ARGS))
        platform = arguments.get("platform")
        portal = registry.find(name)
        problem = (f"unknown -a arguments {unknown}" if unknown
                   else f"no portal named {name!r} in {registry_path()}" if portal is None
                   else f"{name} has no start URL to check" if not portal.start_urls
                   else f"unknown platform {platform!r}; known: "
                        f"{', '.join(discovery.platform_names())}"
                   if platform and platform not in discovery.platform_names() else None)
        if problem:
            _error(problem)
            return EXIT_USAGE
        settings = self.settings
        try:
            agent = user_agent_for(settings.get("USER_AGENT"), settings.get("GOVREPLY_CONTACT", ""))
        except ValueError as exc:
            _error(str(exc))
            return EXIT_USAGE
        results = check_portal(portal, agent=agent, base_url=arguments.get("base_url"),
                               platform=platform, delay=settings.getfloat("DOWNLOAD_DELAY", 1))
        print(f"{portal.name} ({'checked' if portal.checked else 'not checked'}): "
              f"{portal.label or portal.name}")
        for result in results:
            print("\n".join(describe(result)))
        found = sum(r.reply_links for r in results)
        if not any(r.reachable for r in results):
            print("result: no start page could be fetched")
            return EXIT_UNREACHABLE
        print(f"result: {'discovery finds ' + str(found) if found else 'NO'} reply links")
        return EXIT_OK if found else EXIT_NO_LINKS
