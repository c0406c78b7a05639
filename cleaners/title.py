"""The document's own title: ArticleTitle-style metadata, the article heading, then <title>."""

from __future__ import annotations

import re

from lxml import etree

from .html import element_text

__all__ = ["meta_content", "page_title"]

_TITLE_METAS = ("ArticleTitle", "articletitle", "og:title", "dc.title", "DC.title",
                "twitter:title", "title")
_TITLE_CLASS = re.compile(r"(^|[\s_-])(article[_-]?title|arti[_-]?title|con[_-]?title|"
                          r"detail[_-]?title|news[_-]?title|title|bt|tit)($|[\s_-])", re.I)
_SEPARATORS = re.compile(r"\s*(?:[_|｜]|\s-\s|\s—\s|--)\s*")
MIN_TITLE, MAX_TITLE = 4, 150


def meta_content(root: etree._Element, *names: str) -> str:
    """The first non-empty ``<meta name|property=…>`` content among ``names``."""
    wanted = {n.lower() for n in names}
    for meta in root.iter("meta"):
        key = (meta.get("name") or meta.get("property") or "").lower()
        if key in wanted and (meta.get("content") or "").strip():
            return meta.get("content").strip()
    return ""


def _heading(root: etree._Element) -> str:
    body = root.find("body")
    if body is None:
        return ""
    for el in body.iter("h1"):
        text = element_text(el)
        if MIN_TITLE <= len(text) <= MAX_TITLE:
            return text
    for el in body.iter("h1", "h2", "h3", "div", "td", "p", "span"):
        marker = f"{el.get('class') or ''} {el.get('id') or ''}"
        if _TITLE_CLASS.search(marker):
            text = element_text(el)
            if MIN_TITLE <= len(text) <= MAX_TITLE:
                return text
    return ""


def _browser_title(root: etree._Element) -> str:
    el = root.find(".//title")
    text = element_text(el) if el is not None else ""
    parts = [p for p in _SEPARATORS.split(text) if p.strip()]
    return max(parts, key=len) if parts else ""


def page_title(root: etree._Element) -> str:
    """Title from metadata, else the article heading, else the longest part of <title>."""
    for name in _TITLE_METAS[:-1]:
        value = meta_content(root, name)
        if MIN_TITLE <= len(value) <= MAX_TITLE:
            return value
    return _heading(root) or _browser_title(root)
