"""What every CMS family plugs in: the page a family reads, its rules, and the generic rules.

A ``Family`` reads a ``ListPage`` (a list page as text: HTML, or the JSON / XML an
API answers) and offers its reply links and the other list pages it announces.
``detect`` says why a start page is one of the family's (a short piece of
evidence: "meta generator …", "script unitbuild.js", "URL /col/col123/"), or None.
``scope`` gives the section prefix of an ad-hoc section started at a list URL (a
family whose reply pages live outside the list's folder widens it). ``hints`` are
the family's reply-page selectors for the cleaners (below a registry entry's
own); ``article`` turns a reply page whose article is embedded as data into HTML.
The generic rules (``GENERIC``) serve every page no family claims.
"""

from __future__ import annotations

import json
import posixpath
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from itertools import chain
from typing import Any
from urllib.parse import urlsplit

import lxml.html

from cleaners.document import PortalHints

from ..common import base_url, parse
from ..links import ReplyLink, anchor_links
from ..pagination import finish_pages, generic_next_pages
from ..scripts import json_links, script_links

__all__ = ["GENERIC", "Family", "ListPage", "folder_of", "fragment_links", "generic_links",
           "generic_pages", "script_text"]

_XML_START = re.compile(r"<\?xml|<(?:recordset|datastore|record|root|data)\b", re.I)
_HTML_ROOT = re.compile(r"<(?:!doctype\s+html|html)\b", re.I)  # XHTML with an XML declaration


@dataclass
class ListPage:
    """A list page as discovery reads it: text and URL; parsed on demand."""

    text: str
    url: str

    @cached_property
    def kind(self) -> str:
        """``json``, ``xml`` or ``html``, from what the text starts with."""
        head = self.text.lstrip()[:200]
        if head[:1] in ("{", "["):
            return "json"
        if _XML_START.match(head) and not _HTML_ROOT.search(self.text[:4096]):
            return "xml"
        return "html"

    @cached_property
    def doc(self) -> lxml.html.HtmlElement | None:
        return parse(self.text) if self.kind == "html" else None

    @cached_property
    def base(self) -> str:
        return base_url(self.doc, self.url) if self.doc is not None else self.url

    @cached_property
    def data(self) -> Any:
        """The parsed JSON of a JSON page (None if it does not parse)."""
        try:
            return json.loads(self.text) if self.kind == "json" else None
        except ValueError:
            return None

    @cached_property
    def scripts(self) -> str:
        return script_text(self.doc) if self.doc is not None else ""


def script_text(doc: lxml.html.HtmlElement) -> str:
    """The text of the page's inline scripts, one after another."""
    return "\n".join(s.text or "" for s in doc.iter("script") if not s.get("src"))


def folder_of(url: str) -> str:
    """The folder of a URL's path (``/a/b/`` for ``/a/b/index.html`` and ``/a/b/``)."""
    path = urlsplit(url).path or "/"
    return path if path.endswith("/") else posixpath.dirname(path).rstrip("/") + "/"


def fragment_links(fragments: Iterable[str], base: str, page_url: str, *, via: str
                   ) -> Iterable[ReplyLink]:
    """Reply-like anchors in HTML fragments (list items an API or a data island carries)."""
    for fragment in fragments:
        root = parse(f"<div>{fragment}</div>")
        if root is not None:
            yield from anchor_links(root, base, page_url, via=via)


def generic_links(page: ListPage) -> Iterable[ReplyLink]:
    """The generic rules: anchors and script-carried lists, or a JSON list body."""
    if page.kind == "json":
        return json_links(page.text, page.url, page.url)
    if page.kind == "xml":
        cdata = re.findall(r"<!\[CDATA\[(.*?)\]\]>", page.text, re.S)
        return fragment_links(cdata or [page.text], page.url, page.url, via="xml")
    if page.doc is None:
        return ()
    return chain(anchor_links(page.doc, page.base, page.url),
                 script_links(page.doc, page.base, page.url))


def generic_pages(page: ListPage) -> list[str]:
    """The generic pager rules (``pagination.generic_next_pages``), finished."""
    if page.doc is None:
        return []
    return finish_pages(generic_next_pages(page.doc, page.base, page.url), page.url)


def _no_evidence(page: ListPage) -> str | None:
    return None


def _folder_scope(url: str) -> str | None:
    return folder_of(url)


@dataclass(frozen=True)
class Family:
    """The discovery rules of one CMS family (see the module docstring)."""

    name: str
    label: str  # what the family is, for listings and reports
    detect: Callable[[ListPage], str | None] = _no_evidence
    reply_links: Callable[[ListPage], Iterable[ReplyLink]] = generic_links
    next_pages: Callable[[ListPage], Iterable[str]] = generic_pages
    scope: Callable[[str], str | None] = _folder_scope
    hints: PortalHints = field(default_factory=PortalHints)
    article: Callable[[str], str | None] | None = None
    article_marker: bytes = b""  # bytes every page with an embedded article holds


GENERIC = Family("generic", "no family: the generic rules")
