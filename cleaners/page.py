"""The read stage: raw bytes checked, decoded and parsed once, to be shared.

:func:`parse_page` is public so that a caller that needs the tree too (routing, attachment
discovery) parses the page once and hands the result to ``clean_page(parsed=…)``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from lxml import etree

from archive.charset import DecodedText, decode_html

from .html import parse_html_flattened

__all__ = ["ParsedPage", "has_text", "parse_page"]

_CONTROL_BYTES = bytes(b for b in range(32) if b not in b"\t\n\r\f\x1b")
_READABLE = re.compile(r"[\w\u4e00-\u9fff]{2,}")
_WORD_RUN = re.compile(r"\w+")
_JUNK = re.compile(r"[\ufffd\x00-\x08\x0b\x0c\x0e-\x1f]")


@dataclass
class ParsedPage:
    """A decoded and parsed page. ``clean_page`` modifies ``root`` (its tree steps)."""

    root: etree._Element
    decoded: DecodedText
    flattened: bool = False  # markup nested too deep was flattened: some tags are gone


def _looks_binary(body: bytes) -> bool:
    """True when control bytes (NUL …) make up a noticeable share of a page without BOM."""
    if body.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False  # UTF-16 text has NUL bytes by design
    sample = body[:8192]
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return controls > max(2, len(sample) // 100) or (controls > 0 and len(sample) < 64)


def has_text(text: str) -> bool:
    """True when a page's visible ``text`` has some words (not binary junk or an empty
    shell)."""
    readable = len(text) - len(_WORD_RUN.sub("", text))  # C-level counts, no lists
    junk = _JUNK.subn("", text)[1]
    return _READABLE.search(text) is not None and junk <= readable


def _header(headers: Mapping[str, str] | None, name: str) -> str | None:
    for key, value in (headers or {}).items():
        if key.lower() == name:
            return value
    return None


def parse_page(body: bytes, headers: Mapping[str, str] | None = None) -> ParsedPage:
    """Decode and parse ``body``; ``ValueError`` for empty, binary or unparsable input
    (``clean_page`` also refuses a page without readable text, once it has walked it)."""
    if not body or not body.strip():
        raise ValueError("empty input")
    if _looks_binary(body):
        raise ValueError("binary data, not a text page")
    decoded = decode_html(body, _header(headers, "content-type"))
    root, flattened = parse_html_flattened(decoded)
    return ParsedPage(root, decoded, flattened)
