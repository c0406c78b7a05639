"""Where FORMAT.md documents are written, under stable names.

``<text_dir>/<portal>/<first 16 hex of sha1(canonical URL)>.txt`` and ``.json``:
a re-crawl or a re-clean of the same URL overwrites the same pair. Both files
are written to a temporary name and renamed, so a reader never sees half a file.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from w3lib.url import canonicalize_url

__all__ = ["DocumentPaths", "canonical_url", "document_paths", "document_stem", "portal_of",
           "write_document"]


def canonical_url(url: str) -> str:
    """The URL a document is named after: w3lib's canonical form, fragment dropped."""
    return canonicalize_url(url, keep_fragments=False)


def document_stem(url: str) -> str:
    """First 16 hex digits of sha1(canonical URL)."""
    return hashlib.sha1(canonical_url(url).encode("utf-8")).hexdigest()[:16]


def portal_of(url: str) -> str:
    """The portal a URL belongs to, by host name (``www.pingtan.gov.cn``)."""
    return (urlsplit(url).hostname or "unknown").lower()


class DocumentPaths:
    """The ``.txt`` and ``.json`` paths of one document."""

    def __init__(self, text_dir: Path, portal: str, url: str):
        folder = Path(text_dir) / portal
        stem = document_stem(url)
        self.text = folder / f"{stem}.txt"
        self.sidecar = folder / f"{stem}.json"

    def exists(self) -> bool:
        return self.text.exists() and self.sidecar.exists()

    def read_sidecar(self) -> dict[str, Any] | None:
        try:
            return json.loads(self.sidecar.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None


def document_paths(text_dir: str | os.PathLike[str], portal: str, url: str) -> DocumentPaths:
    return DocumentPaths(Path(text_dir), portal, url)


def _atomic_write(path: Path, data: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(data)
    os.replace(tmp, path)


def write_document(text_dir: str | os.PathLike[str], portal: str, url: str, text: str,
                   sidecar: dict[str, Any]) -> DocumentPaths:
    """Write the text file and its sidecar (sidecar last: its presence marks completion)."""
    paths = document_paths(text_dir, portal, url)
    _atomic_write(paths.text, text)
    _atomic_write(paths.sidecar, json.dumps(sidecar, ensure_ascii=False, indent=1) + "\n")
    return paths


def assemble_sidecar(cleaner_sidecar: dict[str, Any], *, url: str, final_url: str, portal: str,
                     fetched_at: str, warc: dict[str, Any] | None,
                     attachment_warcs: dict[str, dict[str, Any] | None] | None = None
                     ) -> dict[str, Any]:
    """The FORMAT.md sidecar: crawl facts first, then what the cleaner found."""
    sidecar: dict[str, Any] = {
        "url": url,
        "final_url": final_url,
        "portal": portal,
        "fetched_at": fetched_at,
        "warc": _warc_pointer(warc),
    }
    sidecar.update(cleaner_sidecar)
    warcs = attachment_warcs or {}
    sidecar["attachments"] = [
        {**attachment, "warc": _warc_pointer(warcs.get(attachment.get("url", "")))}
        for attachment in cleaner_sidecar.get("attachments", [])
    ]
    return sidecar


def _warc_pointer(location: dict[str, Any] | None) -> dict[str, Any] | None:
    if not location:
        return None
    keys = ("filename", "offset", "length", "record_id", "payload_digest")
    return {key: location.get(key) for key in keys}


def keep_previous_version(paths: DocumentPaths, version: int) -> DocumentPaths | None:
    """Move the current pair aside as ``<stem>.v<version>.txt/.json`` before a new version."""
    if not paths.exists():
        return None
    kept = DocumentPaths.__new__(DocumentPaths)
    kept.text = paths.text.with_name(f"{paths.text.stem}.v{version}.txt")
    kept.sidecar = paths.sidecar.with_name(f"{paths.sidecar.stem}.v{version}.json")
    os.replace(paths.text, kept.text)
    os.replace(paths.sidecar, kept.sidecar)
    return kept
