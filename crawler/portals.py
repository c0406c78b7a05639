"""The portal registry: ``crawler/portals.toml`` loaded, validated and looked up."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from cssselect import GenericTranslator, SelectorError

from cleaners.document import PortalHints

__all__ = ["DEFAULT_PATH", "KINDS", "Portal", "Registry", "RegistryError", "load_registry"]

DEFAULT_PATH = Path(__file__).with_name("portals.toml")
KINDS = frozenset(
    {"政协提案办理答复", "人大代表建议办理答复", "人大议案办理答复", "建议提案办理综述", "其他"}
)
_NAME_RE = re.compile(r"[a-z0-9_]+")
_HOST_RE = re.compile(r"[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+(:\d+)?")
_SELECTOR_KEYS = ("container", "title", "metadata", "link_selector")
_REQUIRED = {"name": str, "kind": str, "start_urls": list, "allowed_hosts": list, "checked": bool}
_OPTIONAL = {"label": str, "section_prefix": str, "notes": str} | dict.fromkeys(_SELECTOR_KEYS, str)


class RegistryError(ValueError):
    """A registry file that cannot be used, with the entry and key at fault."""


@dataclass(frozen=True)
class Portal:
    """One registry entry."""

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

    def hints(self) -> PortalHints:
        """What the cleaners may use from this entry."""
        return PortalHints(self.name, self.container, self.title, self.metadata, self.kind)

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


def load_registry(path: str | Path | None = None) -> Registry:
    """Read and validate a registry file (default: ``crawler/portals.toml``)."""
    path = Path(path) if path is not None else DEFAULT_PATH
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise RegistryError(f"{path}: cannot read the registry: {exc}") from exc
    return parse_registry(data, source=str(path))


def parse_registry(data: Mapping[str, Any], source: str = "<registry>") -> Registry:
    """Validate the parsed TOML document: a list of ``[[portal]]`` tables."""
    extra = set(data) - {"portal"}
    if extra:
        raise RegistryError(f"{source}: unknown top-level keys {sorted(extra)}")
    entries = data.get("portal", [])
    if not isinstance(entries, list) or not entries:
        raise RegistryError(f"{source}: no [[portal]] entries")
    portals: list[Portal] = []
    seen: set[str] = set()
    for i, entry in enumerate(entries):
        where = f"{source}: portal #{i + 1}"
        if isinstance(entry, dict) and isinstance(entry.get("name"), str):
            where += f" ({entry['name']!r})"
        portal = _portal(entry, where)
        if portal.name in seen:
            raise RegistryError(f"{where}: duplicate name")
        seen.add(portal.name)
        portals.append(portal)
    return Registry(portals)


def _portal(entry: Any, where: str) -> Portal:
    if not isinstance(entry, dict):
        raise RegistryError(f"{where}: an entry must be a table")
    unknown = set(entry) - set(_REQUIRED) - set(_OPTIONAL)
    if unknown:
        raise RegistryError(f"{where}: unknown keys {sorted(unknown)}")
    for key, typ in _REQUIRED.items():
        if key not in entry:
            raise RegistryError(f"{where}: missing key {key!r}")
        if not isinstance(entry[key], typ):
            raise RegistryError(f"{where}: {key!r} must be a {typ.__name__}")
    for key, typ in _OPTIONAL.items():
        if key in entry and not isinstance(entry[key], typ):
            raise RegistryError(f"{where}: {key!r} must be a {typ.__name__}")
    _check_values(entry, where)
    return Portal(
        name=entry["name"],
        kind=entry["kind"],
        start_urls=tuple(entry["start_urls"]),
        allowed_hosts=tuple(h.lower() for h in entry["allowed_hosts"]),
        checked=entry["checked"],
        label=entry.get("label", ""),
        section_prefix=entry.get("section_prefix"),
        notes=entry.get("notes", ""),
        **{key: entry.get(key) for key in _SELECTOR_KEYS},
    )


def _check_values(entry: dict[str, Any], where: str) -> None:
    if not _NAME_RE.fullmatch(entry["name"]):
        raise RegistryError(f"{where}: name must match [a-z0-9_]+")
    if entry["kind"] not in KINDS:
        raise RegistryError(f"{where}: kind {entry['kind']!r} is not one of {sorted(KINDS)}")
    prefix = entry.get("section_prefix")
    if prefix is not None and not prefix.startswith("/"):
        raise RegistryError(f"{where}: section_prefix must start with '/'")
    hosts = entry["allowed_hosts"]
    for host in hosts:
        if not isinstance(host, str) or not _HOST_RE.fullmatch(host.lower()):
            raise RegistryError(f"{where}: allowed host {host!r} is not a host name")
    for url in entry["start_urls"]:
        parts = urlsplit(url) if isinstance(url, str) else None
        if parts is None or parts.scheme not in ("http", "https") or not parts.netloc:
            raise RegistryError(f"{where}: start URL {url!r} is not an absolute http(s) URL")
        if parts.netloc.lower() not in {h.lower() for h in hosts}:
            raise RegistryError(f"{where}: start URL {url!r} is not on an allowed host")
        if prefix and not parts.path.startswith(prefix):
            raise RegistryError(f"{where}: start URL {url!r} is outside section_prefix")
    if entry["checked"] and not entry["start_urls"]:
        raise RegistryError(f"{where}: checked = true needs start_urls")
    if entry["start_urls"] and not hosts:
        raise RegistryError(f"{where}: start_urls given without allowed_hosts")
    for key in _SELECTOR_KEYS:
        if key in entry:
            try:
                GenericTranslator().css_to_xpath(entry[key])
            except SelectorError as exc:
                message = f"{where}: {key} {entry[key]!r} is not valid CSS: {exc}"
                raise RegistryError(message) from exc
