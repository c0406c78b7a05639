"""What the family replicas share: recorded pages, reply texts, page surgery, routes.

A replica is a portal section served from 127.0.0.1 under the portal's own paths:
list pages (HTML, or the JSON / XML of a list API), reply pages, an attachment,
and decoys (menu and footer pages, other columns' documents in the same URL form,
a column note, a PDF in the list area). ``Replica.routes()`` is what ``LocalSite``
serves; every route answers conditional requests (ETag / Last-Modified, 304).
Reply texts are the seed documents (on their portal's replica) and the gold
documents of the recorded Pingtan replies, so what a crawl must extract is known.
"""

from __future__ import annotations

import copy
import hashlib
import html as htmlmod
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import lxml.html

from crawler.localsite import Route

DATA = Path(__file__).resolve().parents[2] / "data"
CORPUS = DATA / "corpus"
SEEDS = DATA / "seeds"
GOLD = DATA / "families"  # the hand-written gold documents of the seed replies

# Gold Pingtan replies used as reply texts (replies to proposals and suggestions).
POOL = (
    "pingtan_zxta_38112", "pingtan_zxta_38189", "pingtan_zxta_38197", "pingtan_zxta_38226",
    "pingtan_zxta_82872", "pingtan_zxta_82873", "pingtan_zxta_82874", "pingtan_zxta_82876",
    "pingtan_zxta_104986", "pingtan_zxta_104990", "pingtan_zxta_104993", "pingtan_zxta_104995",
    "pingtan_rdya_37906", "pingtan_rdya_37918", "pingtan_rdya_37921", "pingtan_rdya_37945",
    "pingtan_rdya_37954", "pingtan_rdya_42952", "pingtan_rdya_42953", "pingtan_rdya_87528",
)
ROBOTS = Route(b"User-agent: *\nDisallow: /uc/\n", content_type="text/plain")
HTML = "text/html; charset=utf-8"


def esc(text: str) -> str:
    return htmlmod.escape(text, quote=True)


def hex_id(seed: str, n: int = 32) -> str:
    return hashlib.md5(seed.encode("utf-8")).hexdigest()[:n]


def number_id(seed: str, digits: int = 8) -> int:
    return int(hashlib.md5(seed.encode("utf-8")).hexdigest(), 16) % 10**digits + 10**(digits - 1)


@cache
def recorded(name: str) -> str:
    """A recorded page of ``tests/data/corpus/html``."""
    return (CORPUS / "html" / f"{name}.html").read_text(encoding="utf-8")


def parse(html: str) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(html)


def fresh(name: str, origin: str = "") -> lxml.html.HtmlElement:
    """A parsed copy of a recorded page; its own absolute links made root-relative."""
    text = recorded(name)
    if origin:
        text = text.replace(origin + "/", "/")
    return copy.deepcopy(parse(text))


def serialise(doc: lxml.html.HtmlElement, charset: str = "UTF-8") -> str:
    """The page as text, its charset declared first in ``<head>``."""
    text = lxml.html.tostring(doc, encoding="unicode")
    head = text.index("<head>") + len("<head>") if "<head>" in text else 0
    meta = f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">'
    return "<!DOCTYPE html>\n" + text[:head] + meta + text[head:]


def fragment(html: str) -> list:
    return list(lxml.html.fragment_fromstring(html, create_parent="div"))


def replace_element(el, html: str) -> None:
    """Put the elements of ``html`` where ``el`` is."""
    parent = el.getparent()
    index = parent.index(el)
    tail = el.tail
    parent.remove(el)
    new = fragment(html)
    for offset, child in enumerate(new):
        parent.insert(index + offset, child)
    if new:
        new[-1].tail = (new[-1].tail or "") + (tail or "")


def fill(el, html: str) -> None:
    """Replace the children and text of ``el`` with ``html``."""
    for child in list(el):
        el.remove(child)
    wrapper = lxml.html.fragment_fromstring(html, create_parent="div")
    el.text = wrapper.text
    for child in wrapper:
        el.append(child)


def set_meta(doc, name: str, value: str) -> None:
    for meta in doc.xpath(f'//meta[@name="{name}"]'):
        meta.set("content", value)


def set_title(doc, text: str) -> None:
    doc.find(".//title").text = text


def paragraphs(lines: list[str], style: str = "text-indent: 2em;") -> str:
    return "".join(f'<p style="{style}">{esc(line)}</p>' for line in lines)


def plain_page(title: str, text: str) -> bytes:
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{esc(title)}</title>'
            f"</head><body><h1>{esc(title)}</h1><p>{esc(text)}</p></body></html>").encode()


@dataclass(frozen=True)
class Text:
    """A reply's text: title, body lines, publisher, date (ISO), the rest of its facts."""

    title: str
    lines: tuple[str, ...]
    publisher: str
    date: str


def pool_text(doc_id: str) -> Text:
    """Title, body lines, publisher and date of a gold Pingtan reply."""
    lines = (CORPUS / "gold" / f"{doc_id}.txt").read_text(encoding="utf-8").split("\n")
    meta = {line[2:].split(":", 1)[0]: line.split(":", 1)[1].strip() for line in lines[1:6]}
    return Text(lines[6], tuple(lines[7:]), meta["发布机构"], meta["发布日期"])


def pool(n: int, offset: int = 0) -> list[Text]:
    return [pool_text(POOL[(offset + i) % len(POOL)]) for i in range(n)]


def seed_lines(number: int) -> list[str]:
    """The lines of seed ``number`` (000 … 004) as published, blank lines dropped."""
    path = next(SEEDS.glob(f"{number:03d}_*.txt"))
    return [line for line in path.read_text(encoding="utf-8").split("\n") if line.strip()]


def gold_document(name: str) -> str:
    return (GOLD / f"{name}.txt").read_text(encoding="utf-8")


@dataclass
class Attachment:
    path: str
    name: str  # the link text
    body: bytes
    content_type: str = "application/pdf"


@dataclass
class Reply:
    """One reply page of a replica."""

    path: str
    text: Text
    html: str = ""  # the page, once rendered
    encoding: str = "utf-8"  # "gbk": served GBK-encoded
    declared: bool = True  # charset in the Content-Type header (else only in <meta>)
    gold: str | None = None  # name of the hand-written gold document it must give
    attachments: list[Attachment] = field(default_factory=list)


@dataclass
class Replica:
    """A section of one family's portal, as served from 127.0.0.1."""

    name: str
    family: str  # the family discovery must detect on the start page
    starts: tuple[str, ...]  # paths of the start URLs (one per section)
    origin: str  # the portal's own origin (registry crawls fetch it via base_url)
    replies: list[Reply] = field(default_factory=list)
    lists: dict[str, tuple[bytes, str]] = field(default_factory=dict)  # path -> body, type
    decoys: dict[str, tuple[bytes, str]] = field(default_factory=dict)
    registry: str | None = None  # the seed portal's registry name
    recorded: str = ""  # the recorded page whose markup the replica is built on
    provenance: str = ""  # what is recorded, what is from PLATFORMS.md, what is inferred

    @property
    def reply_paths(self) -> set[str]:
        return {r.path for r in self.replies}

    def add_list(self, path: str, body: str | bytes, content_type: str = HTML,
                 encoding: str = "utf-8") -> None:
        data = body.encode(encoding, "xmlcharrefreplace") if isinstance(body, str) else body
        self.lists[path] = (data, content_type)

    def add_decoy(self, path: str, body: bytes, content_type: str = HTML) -> None:
        self.decoys.setdefault(path, (body, content_type))

    def routes(self) -> dict[str, Route]:
        routes = {"/robots.txt": ROBOTS}
        for path, (body, kind) in {**self.decoys, **self.lists}.items():
            routes[path] = Route(body, content_type=kind)
        for reply in self.replies:
            data = reply.html.encode(reply.encoding, "xmlcharrefreplace")
            kind = f"text/html; charset={reply.encoding.upper()}" if reply.declared else \
                "text/html"
            routes[reply.path] = Route(data, content_type=kind, gzip=True)
            for a in reply.attachments:
                routes[a.path] = Route(a.body, content_type=a.content_type)
        return routes


class Routes(dict):
    """Routes that match a request whatever the order of its query parameters (a real
    server does not care; API URLs are built by the code under test)."""

    @staticmethod
    def key(path: str) -> str:
        base, _, query = path.partition("?")
        return base + ("?" + "&".join(sorted(query.split("&"))) if query else "")

    def __init__(self, routes: dict[str, Route]):
        super().__init__(routes)
        self._by_key = {self.key(p): r for p, r in routes.items()}

    def get(self, path, default=None):
        found = super().get(path)
        return found if found is not None else self._by_key.get(self.key(path), default)

    def update(self, *args, **kwargs):
        super().update(*args, **kwargs)
        self._by_key = {self.key(p): r for p, r in self.items()}


def serve(replica: Replica):
    """A started ``LocalSite`` serving the replica (use as a context manager)."""
    from crawler.localsite import LocalSite

    site = LocalSite()
    site.routes = Routes(replica.routes())
    return site


def decoy_links(replica: Replica, html: str, skip: set[str] = frozenset()) -> None:
    """Serve every same-host page ``html`` links (menus, footers, columns) as a plain page."""
    skip = set(skip) | {a.path for r in replica.replies for a in r.attachments}
    for href in parse(html).xpath("//a/@href | //iframe/@src"):
        href = href.strip()
        if not href.startswith("/") or href.startswith("//") or href in skip:
            continue
        path = href.split("#")[0]
        if path.endswith(".pdf"):
            replica.add_decoy(path, b"%PDF-1.4\n% not an attachment of a reply\n",
                              "application/pdf")
        elif path not in replica.lists and path not in replica.reply_paths:
            replica.add_decoy(path, plain_page("栏目页面", "网站栏目、导航或页脚链接的页面。"))


def negatives(pdf_path: str) -> str:
    """Hard negatives placed in every list area: an off-host reply-like link, a script
    link, a PDF that is no reply, and the way back to the column."""
    return (
        '<p class="tip">'
        '<a href="https://www.gov.cn/zhengce/content/2023-01/05/content_5735174.htm">'
        "关于省十四届人大一次会议第123号建议的答复</a>"
        '<a href="javascript:void(0)" onclick="openWin()">关于第5号提案办理情况的说明</a>'
        f'<a href="{pdf_path}">建议提案办理情况汇总.pdf</a>'
        "</p>"
    )
