"""Which cleaner a re-clean runs, its versions, and whether a document is current.

The cleaner is named ``module:function`` (default ``cleaners:clean_page``, the one
entry point the crawl calls). Its ``CLEANER_VERSION`` and ``STEPS`` are read from
the same module when it defines them, else from ``cleaners``. Naming another
function is the documented hook for tests (a pathological or slow cleaner).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

__all__ = ["DEFAULT_CLEANER", "Cleaner", "is_current", "load_cleaner", "step_versions_of"]

DEFAULT_CLEANER = "cleaners:clean_page"


@dataclass(frozen=True)
class Cleaner:
    """A loaded cleaner: the function and the versions it stamps on documents."""

    spec: str
    clean: Callable[..., Any]
    version: str
    step_versions: dict[str, str]


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


def load_cleaner(spec: str = DEFAULT_CLEANER) -> Cleaner:
    """Import ``module:function`` and find its versions (see module doc)."""
    module_name, _, attr = spec.partition(":")
    module = importlib.import_module(module_name)
    clean = getattr(module, attr or "clean_page")
    home = module if hasattr(module, "CLEANER_VERSION") else importlib.import_module("cleaners")
    return Cleaner(spec, clean, str(home.CLEANER_VERSION),
                   step_versions_of(getattr(home, "STEPS", None)))


def is_current(sidecar: Mapping[str, Any] | None, *, payload_digest: str,
               attachment_digests: Mapping[str, str], cleaner: Cleaner) -> bool:
    """Whether a written document already reflects this source and this cleaner.

    Current when the page's payload digest, the digests of the attachments its
    sidecar cites and the cleaner version are those recorded, and no step that
    changed this document's text (its sidecar ``steps``) has a new version; a step
    the cleaner now has that the document never went through makes it stale too.
    """
    if not sidecar:
        return False
    warc = sidecar.get("warc") or {}
    if warc.get("payload_digest") != payload_digest:
        return False
    if str(sidecar.get("cleaner_version")) != cleaner.version:
        return False
    recorded = {str(k): str(v) for k, v in (sidecar.get("step_versions") or {}).items()}
    if set(cleaner.step_versions) - set(recorded):
        return False
    for step in sidecar.get("steps") or ():
        if recorded.get(step) != cleaner.step_versions.get(step):
            return False
    recorded_attachments = _recorded_attachments(sidecar)
    return all(attachment_digests.get(url) == digest
               for url, digest in recorded_attachments.items())


def _recorded_attachments(sidecar: Mapping[str, Any]) -> dict[str, str]:
    found = {}
    for attachment in sidecar.get("attachments") or ():
        warc = attachment.get("warc") or {}
        if attachment.get("url") and warc.get("payload_digest"):
            found[attachment["url"]] = warc["payload_digest"]
    return found
