"""Which cleaner a re-clean runs, its versions, and whether a document is current.

The cleaner is named ``module:function`` (default ``cleaners:clean_page``, the one
entry point the crawl calls). Its ``CLEANER_VERSION`` and ``STEPS`` are read from
the function's attributes, else its module, else ``cleaners``; ``RULES`` likewise,
else those of ``cleaners``. Naming another
function is the documented hook for tests (a pathological or slow cleaner).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from cleaners.document import PortalHints

__all__ = ["DEFAULT_CLEANER", "Cleaner", "is_current", "load_cleaner", "step_versions_of"]

DEFAULT_CLEANER = "cleaners:clean_page"


@dataclass(frozen=True)
class Cleaner:
    """A loaded cleaner: the function and the versions it stamps on documents."""

    spec: str
    clean: Callable[..., Any]
    version: str
    step_versions: dict[str, str]
    rule_versions: dict[str, str] = field(default_factory=dict)


def step_versions_of(steps: Any) -> dict[str, str]:
    """``{name: version}`` from ``STEPS``: a mapping, or steps with ``name``/``version``."""
    if steps is None:
        return {}
    if isinstance(steps, Mapping):
        items = steps.items()
    else:
        items = ((getattr(s, "name", None) or s[0], s) for s in steps)
    versions = {}
    for name, value in items:
        version = getattr(value, "version", value)
        if isinstance(value, tuple | list) and len(value) == 2:
            version = value[1]
        versions[str(name)] = str(version)
    return versions


def _cleaners():
    return importlib.import_module("cleaners")


def load_cleaner(spec: str = DEFAULT_CLEANER) -> Cleaner:
    """Import ``module:function`` and find its versions (see module doc)."""
    module_name, _, attr = spec.partition(":")
    module = importlib.import_module(module_name)
    clean = getattr(module, attr or "clean_page")
    for home in (clean, module, _cleaners()):
        if hasattr(home, "CLEANER_VERSION"):
            return Cleaner(spec, clean, str(home.CLEANER_VERSION),
                           step_versions_of(getattr(home, "STEPS", None)),
                           step_versions_of(getattr(home, "RULES", None)
                                            or getattr(_cleaners(), "RULES", None)))
    raise AttributeError(f"no CLEANER_VERSION for {spec}")


def is_current(sidecar: Mapping[str, Any] | None, *, payload_digest: str,
               attachment_digests: Mapping[str, str], hints: PortalHints,
               cleaner: Cleaner) -> bool:
    """Whether a written document already reflects this source, these hints and this cleaner.

    Current when the page's payload digest and the digests of the attachments its
    sidecar cites are those recorded, the portal hints are the sidecar's ``hints``, the
    format version (``cleaner_version``'s part before the dot) and the set of steps
    are unchanged, and no step that
    changed this document's text (its sidecar ``steps``) has a new version, nor has
    any metadata rule (``RULES``: they shape every document). A new version of a
    step that left this document alone does not make it stale.
    """
    if not sidecar:
        return False
    warc = sidecar.get("warc") or {}
    if warc.get("payload_digest") != payload_digest or sidecar.get("hints") != hints.as_dict():
        return False
    if _format_of(str(sidecar.get("cleaner_version", ""))) != _format_of(cleaner.version):
        return False
    recorded = {str(k): str(v) for k, v in (sidecar.get("step_versions") or {}).items()}
    if set(recorded) != set(cleaner.step_versions):
        return False
    if any(recorded.get(step) != cleaner.step_versions.get(step)
           for step in sidecar.get("steps") or ()):
        return False
    rules = {str(k): str(v) for k, v in (sidecar.get("rule_versions") or {}).items()}
    if rules != cleaner.rule_versions:
        return False
    return all(attachment_digests.get(url) == digest
               for url, digest in _recorded_attachments(sidecar).items())


def _format_of(version: str) -> str:
    return version.split(".", 1)[0] if "." in version else version


def _recorded_attachments(sidecar: Mapping[str, Any]) -> dict[str, str]:
    found = {}
    for attachment in sidecar.get("attachments") or ():
        warc = attachment.get("warc") or {}
        if attachment.get("url") and warc.get("payload_digest"):
            found[attachment["url"]] = warc["payload_digest"]
    return found
