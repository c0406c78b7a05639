"""The portal registry: ``corpus/portals.toml`` loaded, validated and looked up.

Every entry is checked when the file is read, and every problem is reported at
once (one line each): types, the closed set of kinds (``cleaners.kind.KINDS``),
hosts and start URLs, the platform (a discovery family's name), and each CSS
selector compiled as the cleaners and discovery will use it. ``GOVREPLY_PORTALS``
names a registry file of one's own (default: the bundled ``corpus/portals.toml``).
``adhoc_portal`` makes the same kind of entry for a section known only by its list
page (``scrapy crawl portal -a start_url=``).
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from lxml.cssselect import CSSSelector, SelectorError

from cleaners.document import PortalHints
from cleaners.kind import KINDS

from .discovery import platform_names

__all__ = ["DEFAULT_PATH", "ENV_VAR", "Portal", "Registry", "RegistryError", "adhoc_portal",
           "load_registry", "parse_registry", "registry_path"]

DEFAULT_PATH = Path(__file__).with_name("portals.toml")
ENV_VAR = "GOVREPLY_PORTALS"  # a registry file of one's own
_NAME_RE = re.compile(r"[a-z0-9_]+")
_HOST_RE = re.compile(r"[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+(:\d+)?")
SELECTOR_KEYS = ("container", "title", "metadata", "link_selector")
_REQUIRED = {"name": str, "kind": str, "start_urls": list, "allowed_hosts": list, "checked": bool}
_OPTIONAL = {"label": str, "section_prefix": str, "notes": str, "platform": str} | dict.fromkeys(
    SELECTOR_KEYS, str)


class RegistryError(ValueError):
    """A registry file that cannot be used: one line per problem, naming entry and key."""


@dataclass(frozen=True)
class Portal:
    """One registry entry (or an ad-hoc section, ``adhoc`` True)."""

    name: str
    kind: str
    start_urls: tuple[str, ...]
    allowed_hosts: tuple[str, ...]
    checked: bool
    label: str = ""
    section_prefix: str | None = None
    container: str | None = None
    title: str | None = None
    metadata: str | None = None
    link_selector: str | None = None
    notes: str = ""
    platform: str | None = None  # the discovery family (None: detected on the start page)
    adhoc: bool = False

    def hints(self) -> PortalHints:
        """What the cleaners may use from this entry (an empty value: none)."""
        return PortalHints(self.name, self.container or None, self.title or None,
                           self.metadata or None, self.kind or None)

    def covers(self, url: str) -> bool:
        """Whether ``url`` is on one of the portal's hosts and under its section prefix."""
        parts = urlsplit(url)
        if (parts.netloc or "").lower() not in self.allowed_hosts:
            return False
        return self.section_prefix is None or parts.path.startswith(self.section_prefix)


class Registry:
    """The validated entries, by name, in file order."""

    def __init__(self, portals: list[Portal]) -> None:
        self._portals = {p.name: p for p in portals}

    def get(self, name: str) -> Portal:
        try:
            return self._portals[name]
        except KeyError:
            raise KeyError(f"no portal named {name!r} in the registry") from None

    def find(self, name: str) -> Portal | None:
        return self._portals.get(name)

    def all(self) -> list[Portal]:
        return list(self._portals.values())

    def __iter__(self) -> Iterator[Portal]:
        return iter(self._portals.values())

    def __len__(self) -> int:
        return len(self._portals)

    def portal_for_url(self, url: str) -> Portal | None:
        """The entry covering ``url``; the longest section prefix wins."""
        matches = [p for p in self._portals.values() if p.covers(url)]
        return max(matches, key=lambda p: len(p.section_prefix or ""), default=None)

    def hints_for_url(self, url: str) -> PortalHints | None:
        portal = self.portal_for_url(url)
        return portal.hints() if portal else None


def adhoc_portal(start_url: str, name: str | None = None, kind: str | None = None) -> Portal:
    """A registry-like entry for a section known only by its list page URL: its host,
    and its folder as the section prefix."""
    parts = urlsplit(start_url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"start_url must be an http(s) URL, not {start_url!r}")
    path = parts.path if parts.path.endswith("/") else parts.path.rsplit("/", 1)[0] + "/"
    slug = name or re.sub(r"[^a-z0-9]+", "_", f"{parts.hostname}{path}".lower()).strip("_")
    return Portal(name=slug, kind=kind or "", start_urls=(start_url,),
                  allowed_hosts=(parts.netloc.lower(),), checked=False, section_prefix=path,
                  adhoc=True)


def registry_path() -> Path:
    """The registry file in use: ``$GOVREPLY_PORTALS`` if set, else the bundled one."""
    own = os.environ.get(ENV_VAR, "").strip()
    return Path(own).expanduser() if own else DEFAULT_PATH


def load_registry(path: str | Path | None = None) -> Registry:
    """Read and validate a registry file (default: ``registry_path()``)."""
    path = Path(path) if path is not None else registry_path()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise RegistryError(f"{path}: cannot read the registry: {exc}") from exc
    return parse_registry(data, source=str(path))


def parse_registry(data: Mapping[str, Any], source: str = "<registry>") -> Registry:
    """Validate the parsed TOML document: a list of ``[[portal]]`` tables."""
    errors: list[str] = []
    extra = set(data) - {"portal"}
    if extra:
        errors.append(f"{source}: unknown top-level keys {sorted(extra)}")
    entries = data.get("portal", [])
    if not isinstance(entries, list) or not entries:
        errors.append(f"{source}: no [[portal]] entries")
        entries = []
    portals: list[Portal] = []
    seen: set[str] = set()
    for i, entry in enumerate(entries):
        where = f"{source}: portal #{i + 1}"
        if isinstance(entry, dict) and isinstance(entry.get("name"), str):
            where += f" ({entry['name']!r})"
        problems = _problems(entry)
        errors.extend(f"{where}: {problem}" for problem in problems)
        if problems:
            continue
        if entry["name"] in seen:
            errors.append(f"{where}: duplicate name")
        seen.add(entry["name"])
        portals.append(_portal(entry))
    if errors:
        raise RegistryError("\n".join(errors))
    return Registry(portals)


def _portal(entry: dict[str, Any]) -> Portal:
    return Portal(
        name=entry["name"],
        kind=entry["kind"],
        start_urls=tuple(entry["start_urls"]),
        allowed_hosts=tuple(h.lower() for h in entry["allowed_hosts"]),
        checked=entry["checked"],
        label=entry.get("label", ""),
        section_prefix=entry.get("section_prefix"),
        notes=entry.get("notes", ""),
        platform=entry.get("platform"),
        **{key: entry.get(key) for key in SELECTOR_KEYS},
    )


def _problems(entry: Any) -> list[str]:
    """Everything wrong with one entry (empty when it is good)."""
    if not isinstance(entry, dict):
        return ["an entry must be a table"]
    problems = []
    unknown = set(entry) - set(_REQUIRED) - set(_OPTIONAL)
    if unknown:
        problems.append(f"unknown keys {sorted(unknown)}")
    for key, typ in _REQUIRED.items():
        if key not in entry:
            problems.append(f"missing key {key!r}")
        elif not isinstance(entry[key], typ):
            problems.append(f"{key!r} must be a {typ.__name__}")
    for key, typ in _OPTIONAL.items():
        if key in entry and not isinstance(entry[key], typ):
            problems.append(f"{key!r} must be a {typ.__name__}")
    return problems or _value_problems(entry)


def _value_problems(entry: dict[str, Any]) -> list[str]:
    problems = []
    if not _NAME_RE.fullmatch(entry["name"]):
        problems.append("name must match [a-z0-9_]+")
    if entry["kind"] not in KINDS:
        problems.append(f"kind {entry['kind']!r} is not one of {sorted(KINDS)}")
    platform = entry.get("platform")
    if platform is not None and platform not in platform_names():
        problems.append(f"platform {platform!r} is not one of {platform_names()}")
    prefix = entry.get("section_prefix")
    if prefix is not None and not prefix.startswith("/"):
        problems.append("section_prefix must start with '/'")
    hosts = entry["allowed_hosts"]
    for host in hosts:
        if not isinstance(host, str) or not _HOST_RE.fullmatch(host.lower()):
            problems.append(f"allowed host {host!r} is not a host name")
    allowed = {h.lower() for h in hosts if isinstance(h, str)}
    problems += [p for url in entry["start_urls"] for p in _start_url_problems(url, allowed,
                                                                               prefix)]
    if entry["checked"] and not entry["start_urls"]:
        problems.append("checked = true needs start_urls")
    if entry["start_urls"] and not hosts:
        problems.append("start_urls given without allowed_hosts")
    for key in SELECTOR_KEYS:
        if key in entry:
            try:
                CSSSelector(entry[key])  # translated and compiled, as lxml will use it
            except (SelectorError, SyntaxError, ValueError) as exc:
                problems.append(f"{key} {entry[key]!r} is not valid CSS: {exc}")
    return problems


def _start_url_problems(url: Any, hosts: set[str], prefix: str | None) -> list[str]:
    parts = urlsplit(url) if isinstance(url, str) else None
    if parts is None or parts.scheme not in ("http", "https") or not parts.netloc:
        return [f"start URL {url!r} is not an absolute http(s) URL"]
    if parts.netloc.lower() not in hosts:
        return [f"start URL {url!r} is not on an allowed host"]
    if prefix and not parts.path.startswith(prefix):
        return [f"start URL {url!r} is outside section_prefix"]
    return []
