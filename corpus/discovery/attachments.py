"""Attachments a reply page offers: PDF, DOC(X), WPS, OFD, XLS(X) (``cleaners.filetypes``)."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Collection
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from lxml import etree

from .common import base_url, clean, ext_of, host_of, in_chrome, parse, resolve, site_of

__all__ = ["AttachmentLink", "find_attachment_links"]

_ATTACHMENT_LABEL_RE = re.compile(r"附件|下载|download", re.I)
_DOWNLOAD_URL_RE = re.compile(r"download|attach|filedown|getfile|fileid", re.I)


@dataclass(frozen=True)
class AttachmentLink:
    """One attachment offered by a reply page."""

    url: str
    filename: str  # the file name: link text or title ending in .ext, else the URL's
    type: str  # lower-case extension: "pdf", "docx", "wps", ...; "" when unknown
    label: str = ""  # the link text as shown on the page


def find_attachment_links(
    html: str | etree._Element | None, url: str, *, hosts: Collection[str] = ()
) -> list[AttachmentLink]:
    """Attachments a reply page offers, in page order, once each.

    Found by extension in ``href``, in TRS ``OLDSRC`` attributes, in the link text or title
    (``…公开内容.wps``), and download links labelled 附件. Only the page's own domain
    (``pingtan.gov.cn`` covers ``www.`` and file hosts under it) and ``hosts`` are kept;
    links in site chrome are left out. The cheap tests run first: the raw attributes
    and the link text are looked at before any URL is resolved, and only a link that is
    an attachment on an allowed domain gets the site-chrome walk up its ancestors.
    ``html`` may be the page's text or its parsed tree (parsed once, shared with others).
    """
    doc = parse(html) if isinstance(html, str) or html is None else html
    if doc is None:
        return []
    base = base_url(doc, url)
    sites = {site_of(host_of(url)), *(site_of(h) for h in hosts)}
    found: dict[str, AttachmentLink] = {}
    for el in doc.iter("a", "iframe", "embed", "object"):
        link = _attachment_of(el, base)
        if (link is None or link.url in found or site_of(host_of(link.url)) not in sites
                or in_chrome(el)):
            continue
        found[link.url] = link
    return list(found.values())


def _raw_name(raw: str) -> str | None:
    """The last path segment of an unresolved link (query and fragment cut off; ``""``
    for a folder), or None when the link has no path (``?id=1``: the page's own path)."""
    path = raw.split("#", 1)[0].split("?", 1)[0].strip()
    if not path:
        return None
    return unquote(path.rsplit("/", 1)[-1])


def _attachment_of(el: etree._Element, base: str) -> AttachmentLink | None:
    raw = el.get("href") or el.get("src") or el.get("data")
    oldsrc = el.get("oldsrc")
    text = el.text_content() if el.tag == "a" else ""
    raw_title = el.get("title") or ""
    # the cheap test, before anything is resolved or cleaned: a link whose own path names
    # no attachment type, whose oldsrc does not either, whose title and text hold no dot
    # and no download label is no attachment (a path-less link, ``?id=1``, is tested in
    # full: its name is the page's own).
    raw_name = _raw_name(raw or "")
    if not (raw_name is None or ext_of(raw_name) or ext_of(oldsrc or "") or "." in raw_title
            or "." in text or _ATTACHMENT_LABEL_RE.search(text)
            or _ATTACHMENT_LABEL_RE.search(raw_title)):
        return None
    label = clean(text)
    title = clean(raw_title)
    target = resolve(raw, base)
    if target is None:
        target = resolve(oldsrc, base) if oldsrc else None
    if target is None:
        return None
    path_name = unquote(posixpath.basename(urlsplit(target).path))
    ext = (
        ext_of(path_name)
        or ext_of(oldsrc or "")
        or ext_of(title)
        or ext_of(label)
    )
    if not ext and not (
        _ATTACHMENT_LABEL_RE.search(label or title) and _DOWNLOAD_URL_RE.search(target)
    ):
        return None
    filename = next((n for n in (title, label) if ext_of(n)), "")
    if not filename:
        filename = path_name if ext_of(path_name) else (label or title or path_name)
    return AttachmentLink(target, filename, ext, label or title)
