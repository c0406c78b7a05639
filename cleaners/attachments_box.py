"""Attachment names listed next to the body (the page's 附件 box)."""

from __future__ import annotations

import posixpath
import re
from urllib.parse import unquote, urlsplit

from lxml import etree

from .filetypes import DOC_EXTENSIONS
from .html import element_text

__all__ = ["DOC_EXTENSIONS", "attachment_names"]

_EXT = re.compile(r"\.(" + "|".join(DOC_EXTENSIONS) + r")$", re.I)
NEAR_LEVELS = 3


def _is_document_link(a: etree._Element) -> bool:
    path = urlsplit(a.get("href") or "").path
    return bool(_EXT.search(path))


def _name(a: etree._Element) -> str:
    text = element_text(a) or (a.get("title") or "").strip()
    if text:
        return text
    return unquote(posixpath.basename(urlsplit(a.get("href") or "").path))


def attachment_names(body: etree._Element) -> list[str]:
    """Names of document links near ``body`` but outside it (at most ``NEAR_LEVELS`` up)."""
    scope = body
    for _ in range(NEAR_LEVELS):
        parent = scope.getparent()
        if parent is None or parent.tag in ("body", "html"):
            break
        scope = parent
    inside = set(body.iter("a"))
    names = []
    for a in scope.iter("a"):
        if a in inside or not _is_document_link(a):
            continue
        name = _name(a)
        if name and name not in names:
            names.append(name)
    return names
