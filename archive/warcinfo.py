"""The ``warcinfo`` record at the head of a WARC file, as a dict."""

from __future__ import annotations

import os

from warcio.archiveiterator import ArchiveIterator

__all__ = ["read_warcinfo"]


def read_warcinfo(path: str | os.PathLike[str]) -> dict[str, str]:
    """The fields of the file's first record if it is a ``warcinfo`` (else ``{}``)."""
    try:
        with open(path, "rb") as fh:
            for record in ArchiveIterator(fh):
                if record.rec_type != "warcinfo":
                    return {}
                text = record.content_stream().read().decode("utf-8", "replace")
                return dict(_fields(text))
    except Exception:  # a damaged head just means no warcinfo
        return {}
    return {}


def _fields(text: str):
    for line in text.splitlines():
        name, sep, value = line.partition(":")
        if sep and name.strip():
            yield name.strip(), value.strip()
