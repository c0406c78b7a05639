"""Decode an HTML (or text) payload to str.

Order of evidence: the charset parameter of the HTTP Content-Type header, then
the document's own ``<meta charset>`` / ``<meta http-equiv>``, then detection.
GB2312 and GBK are read as GB18030 (its superset), as browsers do. A declared
charset that does not fit the bytes (GBK bytes declared UTF-8, or the reverse)
is not trusted: the next piece of evidence is tried.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

__all__ = ["DecodedText", "decode_html", "normalise_charset_name"]

# Charset aliases that browsers widen to a superset (WHATWG Encoding Standard).
_SUPERSETS = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "gb_2312-80": "gb18030",
    "cp936": "gb18030",
    "iso-8859-1": "cp1252",
    "latin-1": "cp1252",
    "latin1": "cp1252",
    "ascii": "cp1252",
    "us-ascii": "cp1252",
    "big5": "big5hkscs",
}

_HEADER_CHARSET = re.compile(rb"charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.I)
_META_CHARSET = re.compile(
    rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.I
)
_META_SCAN_BYTES = 4096


class DecodedText(str):
    """A str that remembers the encoding it was decoded with and why."""

    encoding: str
    source: str  # "header", "meta", "bom", "detected" or "fallback"

    def __new__(cls, text: str, encoding: str, source: str) -> DecodedText:
        obj = super().__new__(cls, text)
        obj.encoding = encoding
        obj.source = source
        return obj


def normalise_charset_name(name: str | bytes | None) -> str | None:
    """Return the Python codec name for a declared charset, widened to its superset."""
    if not name:
        return None
    if isinstance(name, bytes):
        name = name.decode("ascii", "ignore")
    name = name.strip().strip("\"'").lower()
    name = _SUPERSETS.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _charset_from_header(content_type: str | bytes | None) -> str | None:
    if not content_type:
        return None
    if isinstance(content_type, str):
        content_type = content_type.encode("latin-1", "ignore")
    match = _HEADER_CHARSET.search(content_type)
    return normalise_charset_name(match.group(1)) if match else None


def _charset_from_meta(body: bytes) -> str | None:
    match = _META_CHARSET.search(body[:_META_SCAN_BYTES])
    return normalise_charset_name(match.group(1)) if match else None


def _charset_from_bom(body: bytes) -> str | None:
    for bom, name in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if body.startswith(bom):
            return name
    return None


def _decoded(body: bytes, encoding: str) -> str | None:
    """``body`` decoded under ``encoding``, or None when it does not decode without errors."""
    try:
        return body.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _plausibility(text: str) -> float:
    """Share of non-ASCII characters that are common CJK ideographs or punctuation."""
    non_ascii = [c for c in text if ord(c) > 127]
    if not non_ascii:
        return 1.0
    common = sum(
        1
        for c in non_ascii
        if "\u4e00" <= c <= "\u9fff" or "\u3000" <= c <= "\u303f" or "\uff00" <= c <= "\uffef"
        or "\u2010" <= c <= "\u206f"
    )
    return common / len(non_ascii)


def _detect(body: bytes) -> str | None:
    best = from_bytes(body[:65536]).best()
    if best is None:
        return None
    return normalise_charset_name(best.encoding)


def decode_html(body: bytes, content_type: str | bytes | None = None) -> DecodedText:
    """Decode ``body``; ``content_type`` is the raw HTTP Content-Type header if known."""
    bom = _charset_from_bom(body)
    if bom:
        return DecodedText(body.decode(bom, "replace"), bom, "bom")
    candidates = (
        ("header", _charset_from_header(content_type)),
        ("meta", _charset_from_meta(body)),
    )
    ascii_only = body.isascii()
    as_utf8 = None if ascii_only else _decoded(body, "utf-8")  # each reading decoded once
    for source, encoding in candidates:
        if not encoding:
            continue
        text = as_utf8 if encoding == "utf-8" and not ascii_only else _decoded(body, encoding)
        if text is None:
            continue
        if as_utf8 is not None and encoding != "utf-8" and (
            _plausibility(as_utf8) > _plausibility(text)
        ):
            # GB18030 and single-byte codecs accept UTF-8 bytes as mojibake;
            # the reading with more real CJK text wins.
            return DecodedText(as_utf8, "utf-8", "detected")
        return DecodedText(text, encoding, source)
    # Declared charsets missing or wrong: UTF-8 first (it almost never decodes
    # non-UTF-8 bytes by accident), then GB18030, then the detector.
    for encoding in ("utf-8", "gb18030"):
        text = as_utf8 if encoding == "utf-8" and not ascii_only else _decoded(body, encoding)
        if text is not None:
            return DecodedText(text, encoding, "detected")
    detected = _detect(body)
    if detected:
        return DecodedText(body.decode(detected, "replace"), detected, "detected")
    return DecodedText(body.decode("utf-8", "replace"), "utf-8", "fallback")
