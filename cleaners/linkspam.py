"""Drop a link to another site appended to a paragraph after its last sentence (a body step).

Link spam rides on genuine paragraphs: ``…提供有力人才支持和智力保障。<a href="http://
<a firm's site>/">某某猎头服务平台</a></p>``. The sentence has ended; the link is not part
of it, names a third party, and leads off the portal. A link is dropped when all hold:

* it leads to another site (registrable domain: m.example.com.cn is example.com.cn's), and
  not to a government one or the state's and party's news sites (``*.gov.cn``, 人民网,
  新华网, 共产党员网 …: portals cite them);
* its text is short (at most ``MAX_TEXT`` characters), has no clause punctuation and says
  no action or file (报名入口, 点此投票, 附件1.docx): a name, not a sentence or a service;
* it ends its paragraph (nothing but white space after it; a link straight under a
  ``div`` is not looked at) and the text before it in the paragraph ends a sentence
  (。！？) that does not name it (原文详见人民网。<a>人民网</a>): a link introduced by 详见:,
  来源:, 附件: is a reference, and a link inside a sentence is part of it.

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
# what a link does for the reader, or a file it leads to: a service, not a name
_ACTION = re.compile(r"报名|附件|下载|投票|点击|点此|入口|原文|详见|查看|更多|链接|"
                     r"\.(?:docx?|pdf|xlsx?|wps|ofd|zip|rar)\b", re.IGNORECASE)
_PARAGRAPHS = frozenset({"p", "span", "font", "strong", "b", "em", "li"})
# the state's and the party's news sites, which government pages cite as sources
_STATE_MEDIA = ("gov.cn", "people.com.cn", "xinhuanet.com", "news.cn", "12371.cn", "cctv.com",
                "chinadaily.com.cn", "cnr.cn", "gmw.cn", "qstheory.cn")
_SECOND_LEVEL = ("com.cn", "net.cn", "org.cn", "gov.cn", "edu.cn", "ac.cn")


def _host(url: str) -> str:
    try:
        return (urlsplit(url.strip()).hostname or "").lower()
    except ValueError:
        return ""


def _site(host: str) -> str:
    """The registrable domain of ``host`` (m.example.com.cn -> example.com.cn)."""
    labels = host.split(".")
    keep = 3 if ".".join(labels[-2:]) in _SECOND_LEVEL else 2
    return ".".join(labels[-keep:])


def _foreign(href: str, page_host: str) -> bool:
    href = href.strip().lower()
    host = _host(href) if href.startswith(("http://", "https://", "//")) else ""
    if not host or (page_host and _site(host) == _site(page_host)):
        return False
    return not any(host == d or host.endswith("." + d) for d in _STATE_MEDIA)


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
    page_host = None
    for link in _LINKS(body):
        parent = link.getparent()
        if parent is None or parent.tag not in _PARAGRAPHS or not _ends_block(link):
            continue
        if page_host is None:  # the page's host, once a link could be spam
            page_host = _host(ctx.url) if ctx is not None else ""
        if not _foreign(link.get("href", ""), page_host):
            continue
        text = "".join(link.itertext()).strip()
        if not 2 <= len(text) <= MAX_TEXT or _CLAUSE_PUNCT.search(text) or _ACTION.search(text):
            continue
        before = _text_before(link)
        if not before.endswith(_SENTENCE_END) or text in before:
            continue  # …原文详见人民网。<a>人民网</a>: the sentence names it
        if ctx is not None:
            ctx.removed.append(text)
        link.drop_tree()
    return body
