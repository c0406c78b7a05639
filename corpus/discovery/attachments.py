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
    html: str, url: str, *, hosts: Collection[str] = ()
) -> list[AttachmentLink]:
    """Attachments a reply page offers, in page order, once each.

    Found by extension in ``href``, in TRS ``OLDSRC`` attributes, in the link text or title
    (``…公开内容.wps``), and download links labelled 附件. Only the page's own domain
    (``pingtan.gov.cn`` covers ``www.`` and file hosts under it) and ``hosts`` are kept;
    links in site chrome are left out. The cheap tests run first: only a link that looks
    like an attachment on an allowed domain gets the site-chrome walk up its ancestors.
    """
    doc = parse(html)
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


def _attachment_of(el: etree._Element, base: str) -> AttachmentLink | None:
    raw = el.get("href") or el.get("src") or el.get("data")
    target = resolve(raw, base)
    if target is None:
        oldsrc = el.get("oldsrc")
        target = resolve(oldsrc, base) if oldsrc else None
    if target is None:
        return None
    path_name = unquote(posixpath.basename(urlsplit(target).path))
    label = clean(el.text_content()) if el.tag == "a" else ""
    title = clean(el.get("title"))
    ext = (
        ext_of(path_name)
        or ext_of(el.get("oldsrc") or "")
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
