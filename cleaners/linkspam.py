"""Drop a link to another site appended to a paragraph after its last sentence (a body step).

Link spam rides on genuine paragraphs: ``…提供有力人才支持和智力保障。<a href="http://
<a firm's site>/">某某猎头服务平台</a></p>``. The sentence has ended; the link is not part
of it, names a third party, and leads off the portal. A link is dropped when all hold:

* it leads to another host, and not to a government one (``*.gov.cn``: portals cite each
  other, 详见中国政府网);
* its text is short (at most ``MAX_TEXT`` characters) and has no clause punctuation:
  a name, not a sentence;
* it ends its block (nothing but white space after it) and the text before it in the
  block ends a sentence (。！？): a link introduced by 详见:, 来源:, 附件: is a reference,
  and a link inside a sentence is part of it.

The text around it stays; each dropped link's text is listed in ``removed``.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from lxml import etree

from .steps import StepContext

__all__ = ["drop_link_spam"]

MAX_TEXT = 40
_LINKS = etree.XPath(".//a[@href]")
_CLAUSE_PUNCT = re.compile(r"[，。；：、,;:！？!?]")
_SENTENCE_END = ("。", "！", "？", "!", "?")


def _host(url: str) -> str:
    try:
        return (urlsplit(url.strip()).hostname or "").lower()
    except ValueError:
        return ""


def _foreign(href: str, page_host: str) -> bool:
    host = _host(href) if href.strip().lower().startswith(("http://", "https://")) else ""
    return bool(host) and host != page_host and not host.endswith("gov.cn")


def _text_before(link: etree._Element) -> str:
    """The block's text before ``link`` (its parent's text and earlier siblings)."""
    parent = link.getparent()
    parts = [parent.text or ""]
    for sibling in parent:
        if sibling is link:
            break
        parts.append("".join(sibling.itertext()) if isinstance(sibling.tag, str) else "")
        parts.append(sibling.tail or "")
    return "".join(parts).strip()


def _ends_block(link: etree._Element) -> bool:
    if (link.tail or "").strip():
        return False
    return all(isinstance(s.tag, str) and s.tag == "br" and not (s.tail or "").strip()
               for s in link.itersiblings())


def drop_link_spam(body: etree._Element, ctx: StepContext | None = None) -> etree._Element:
    """Remove off-site links appended after a paragraph's last sentence (see the module)."""
    page_host = _host(ctx.url) if ctx is not None else ""
    for link in _LINKS(body):
        parent = link.getparent()
        if parent is None or not _foreign(link.get("href", ""), page_host):
            continue
        text = "".join(link.itertext()).strip()
        if not 2 <= len(text) <= MAX_TEXT or _CLAUSE_PUNCT.search(text):
            continue
        if not _ends_block(link) or not _text_before(link).endswith(_SENTENCE_END):
            continue
        if ctx is not None:
            ctx.removed.append(text)
        link.drop_tree()
    return body
