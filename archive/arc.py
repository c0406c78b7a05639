"""ARC v1 files (the Internet Archive's format before WARC): header lines and resync points.

An ARC record starts with one line, ``URL IP-address Archive-date Content-type
Archive-length``; the URL may hold spaces (old crawlers wrote them unescaped), so
the line is split from the right, as warcio does. The file opens with a
``filedesc://`` record. warcio reads ARC records converted to WARC headers
(``arc2warc``); this module only recognises the lines, so that a file is taken
for ARC on evidence and a damaged plain ARC can be read past.
"""

from __future__ import annotations

import re

__all__ = ["ARC_HEADER", "is_arc_header", "looks_like_warc_version"]

# URL (may contain spaces) IP date(12-18 digits: some writers add milliseconds)
# content-type length (warcio reads an invalid length as 0, so anything goes here)
ARC_HEADER = re.compile(
    rb"^(?:filedesc://\S+|[A-Za-z][A-Za-z0-9+.-]*:[^\r\n]*?) \S+ \d{12,18} \S+ \S+\r*$",
    re.MULTILINE,
)
_WARC_VERSION = re.compile(rb"^WARC/(?:1\.[01]|0\.1[78])$")


def is_arc_header(line: bytes) -> bool:
    """``line`` (one line, newline optional) is an ARC v1 record header."""
    return ARC_HEADER.match(line.rstrip(b"\r\n")) is not None


def looks_like_warc_version(line: bytes) -> bool:
    """``line`` is a WARC version line (``WARC/1.0``, ``1.1``, or the drafts ``0.17``/``0.18``)."""
    return _WARC_VERSION.match(line.rstrip(b"\r\n")) is not None
