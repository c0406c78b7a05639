"""A whole portal section in a shape the other tests do not use, served from 127.0.0.1.

Built on the recorded page ``yichun_tjgb_2022`` (www.yichun.gov.cn, the Jiangxi
集约化 platform: ``xxgk-*`` chrome, 索引号/发布机构 ``meta-data`` block, ``#zoomcon``
body, ``fj-a`` attachment box, ``article-reldocuments`` related links). No other test
uses that page. The same ``.shtml`` hex-id URL form appears in ``shapes.shtml_hex_list``
(wanzai chrome) with static ``list_N.shtml`` pages and numbered pager links; here the
list has **no pager links at all**: a script knows ``pageCount`` and renders
``javascript:goPage(n)`` buttons that load ``xxgk_list.shtml?page=N``.

Everything the pages link to on the same host is served: every list page (``?page=1``
too), every reply page, the menu / breadcrumb / footer pages, the column's own
explanation page, documents of other columns (which look exactly like replies) and a
PDF attachment. Reply texts are the gold documents of the recorded Pingtan replies
(``tests/data/corpus/gold``), so what a crawl must extract is known.

``UnseenPortal`` is mutable: a test can change a reply or publish a new one and call
``routes()`` again.
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

CORPUS = Path(__file__).resolve().parents[1] / "data" / "corpus"
RECORDED = "yichun_tjgb_2022"
RECORDED_TITLE = "宜春市2022年国民经济和社会发展统计公报"
REAL_ORIGIN = "https://www.yichun.gov.cn"
SECTION = "/ycsrmzf/jytabl/"
LIST_FILE = "xxgk_list.shtml"
START = SECTION + LIST_FILE
PER_PAGE = 6

# Gold replies used as reply texts (kind 政协提案 / 人大代表建议; not the 综述 pages).
GOLD_REPLIES = (
    "pingtan_zxta_38112", "pingtan_zxta_38189", "pingtan_zxta_38197", "pingtan_zxta_38226",
    "pingtan_zxta_82872", "pingtan_zxta_82873", "pingtan_zxta_82874", "pingtan_zxta_82876",
    "pingtan_zxta_104986", "pingtan_zxta_104990", "pingtan_zxta_104993", "pingtan_zxta_104995",
    "pingtan_rdya_37906", "pingtan_rdya_37918", "pingtan_rdya_37921", "pingtan_rdya_37945",
    "pingtan_rdya_37954", "pingtan_rdya_42952",
)


@dataclass
class Attachment:
    path: str
    name: str  # the link text, as the page shows it
    body: bytes
    content_type: str = "application/pdf"


@dataclass
class Reply:
    """One reply page of the section and how the server answers for it."""

    path: str
    title: str
    lines: list[str]  # body paragraphs
    publisher: str
    date: str  # ISO
    index_no: str
    encoding: str = "utf-8"  # "gbk": re-encoded and declared only in <meta>
    gzip: bool = False
    etag: bool = True
    last_modified: float | None = 1_700_000_000.0
    throttle: int = 0  # 429 with Retry-After this many times first
    attachments: list[Attachment] = field(default_factory=list)
    related: list[tuple[str, str]] = field(default_factory=list)  # 关联稿件 (path, title)


@cache
def _recorded() -> str:
    text = (CORPUS / "html" / f"{RECORDED}.html").read_text(encoding="utf-8")
    # the section is served from 127.0.0.1: its own absolute links become root-relative
    return text.replace(REAL_ORIGIN + "/", "/")


def _doc() -> lxml.html.HtmlElement:
    return copy.deepcopy(_recorded_doc())


@cache
def _recorded_doc() -> lxml.html.HtmlElement:
    return lxml.html.fromstring(_recorded())


def _serialise(doc: lxml.html.HtmlElement, charset: str = "UTF-8") -> str:
    """The page as text; libxml2 drops the recorded http-equiv charset, so it is put back."""
    html = lxml.html.tostring(doc, encoding="unicode")
    head = html.index("<head>") + len("<head>")
    meta = f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">'
    return "<!DOCTYPE html>\n" + html[:head] + meta + html[head:]


def esc(text: str) -> str:
    return htmlmod.escape(text, quote=True)


def _set_meta(doc: lxml.html.HtmlElement, name: str, value: str) -> None:
    for meta in doc.xpath(f'//meta[@name="{name}"]'):
        meta.set("content", value)


def _replace_children(el: lxml.html.HtmlElement, fragment: str) -> None:
    for child in list(el):
        el.remove(child)
    el.text = None
    wrapper = lxml.html.fragment_fromstring(fragment, create_parent="div")
    el.text = wrapper.text
    for child in wrapper:
        el.append(child)


def _hex_id(seed: str) -> str:
    return hashlib.md5(seed.encode("utf-8")).hexdigest()


def gold_reply(doc_id: str) -> tuple[str, list[str], str, str]:
    """Title, body lines, publisher and date of a gold document."""
    lines = (CORPUS / "gold" / f"{doc_id}.txt").read_text(encoding="utf-8").split("\n")
    meta = {line[2:].split(":", 1)[0]: line.split(":", 1)[1].strip() for line in lines[1:6]}
    return lines[6], lines[7:], meta["发布机构"], meta["发布日期"]


# --- pages ------------------------------------------------------------------------------


def reply_html(reply: Reply) -> str:
    """The recorded detail page carrying this reply: title, meta-data block, body, 附件."""
    doc = _doc()
    _set_meta(doc, "ArticleTitle", reply.title)
    _set_meta(doc, "PubDate", f"{reply.date} 09:30:00")
    _set_meta(doc, "ContentSource", reply.publisher)
    _set_meta(doc, "ColumnName", "建议提案办理")
    _set_meta(doc, "ColumnType", "建议提案办理")
    _set_meta(doc, "ColumnDescription", "公开市政府各部门办理人大代表建议和政协委员提案的答复。")
    _set_meta(doc, "ColumnKeywords", "建议提案办理")
    doc.find(".//title").text = f"{reply.title} | 中国宜春"
    values = {"IndexNo": reply.index_no, "ReleaseMechanism": reply.publisher,
              "scrq": reply.date, "fl": "建议提案办理"}
    for dd in doc.cssselect("div.meta-data dd"):
        key = next((c for c in dd.get("class", "").split() if c in values), None)
        if key:
            dd.cssselect("div.display-block")[0].text = values[key]
    doc.cssselect("h1.article-title ucaptitle")[0].text = reply.title
    doc.cssselect("#view")[0].text = str(100 + len(reply.title))
    body = doc.cssselect("#zoomcon")[0]
    body.set("aria-label", f"正文区,{reply.title}")
    _replace_children(body.cssselect("ucapcontent")[0],
                      "".join(f'<p style="text-indent: 2em;">{esc(line)}</p>'
                              for line in reply.lines))
    box = body.cssselect("div.fj-a")[0]
    if reply.attachments:
        del box.attrib["style"]
        for a in reply.attachments:
            link = lxml.html.fragment_fromstring(f'<a href="{esc(a.path)}">{esc(a.name)}</a>')
            box.append(link)
    related = doc.cssselect("div.article-reldocuments ul.common_newslist")[0]
    _replace_children(related, "".join(f'<li><a href="{esc(p)}" target="_blank">{esc(t)}</a></li>'
                                       for p, t in reply.related))
    tip = doc.get_element_by_id("ariaTipText", None)
    if tip is not None:
        tip.set("aria-label", tip.get("aria-label", "").replace(RECORDED_TITLE, reply.title))
    return _serialise(doc, "GBK" if reply.encoding == "gbk" else "UTF-8")


def page_path(n: int) -> str:
    return START if n == 0 else f"{START}?page={n}"


def list_html(items: list[Reply], page: int, pages: int, hot: list[tuple[str, str]]) -> str:
    """Page ``page`` (1-based) of the column list: its items and a script-rendered pager."""
    doc = _doc()
    _set_meta(doc, "ArticleTitle", "")
    _set_meta(doc, "ColumnName", "建议提案办理")
    _set_meta(doc, "ColumnType", "建议提案办理")
    doc.find(".//title").text = "建议提案办理 | 中国宜春"
    crumb = doc.cssselect("div.xxgk-crumb h2")[0]
    crumb.append(lxml.html.fragment_fromstring(
        f'<a href="{START}" target="_self">建议提案办理</a>'))
    rows = "".join(
        f'<li><a href="./{r.path[len(SECTION):]}" target="_blank" title="{esc(r.title)}">'
        f"{esc(r.title if len(r.title) <= 24 else r.title[:24] + '...')}</a>"
        f'<span class="date">{r.date}</span></li>'
        for r in items
    )
    hot_rows = "".join(f'<li><a href="{p}" target="_blank">{esc(t)}</a></li>' for p, t in hot)
    fragment = (
        '<div class="xxgk-list clearfix">'
        '<div class="xxgk-list-hd"><h3>建议提案办理</h3>'
        f'<a class="more" href="{SECTION}lmsm.shtml">栏目说明</a></div>'
        f'<ul class="common_newslist">{rows}</ul>'
        '<p class="tip"><a href="https://www.gov.cn/zhengce/content/2023-01/05/content_5735174.htm">'
        "关于省十四届人大一次会议第123号建议的答复</a>"
        '<a href="javascript:void(0)" onclick="openWin()">关于第5号提案办理情况的说明</a>'
        '<a href="/ycsrmzf/upload/2024/jytabl_summary.pdf">2024年建议提案办理情况汇总.pdf</a>'
        "</p>"
        '<div class="xxgk-hot"><h3>热点信息</h3>'
        f'<ul class="common_newslist">{hot_rows}</ul></div>'
        '<div class="xxgk-page" id="pageBar"></div>'
        "<script>\n"
        f"var pageCount = {pages}, currentPage = {page};\n"
        "function goPage(n) {\n"
        "  if (n < 1 || n > pageCount) { return; }\n"
        f"  window.location.href = \"{LIST_FILE}?page=\" + n;\n"
        "}\n"
        "(function () {\n"
        "  var html = '';\n"
        "  for (var i = 1; i <= pageCount; i++) {\n"
        "    html += i == currentPage ? '<span class=\"cur\">' + i + '</span>'\n"
        "         : '<a href=\"javascript:goPage(' + i + ')\">' + i + '</a>';\n"
        "  }\n"
        "  document.getElementById('pageBar').innerHTML = html;\n"
        "})();\n"
        "</script></div>"
    )
    target = doc.cssselect("div.xxgk-detail")[0]
    parent = target.getparent()
    index = parent.index(target)
    parent.remove(target)
    wrapper = lxml.html.fragment_fromstring(fragment, create_parent="div")
    for offset, child in enumerate(wrapper):
        parent.insert(index + offset, child)
    return _serialise(doc)


def _plain_page(title: str, text: str) -> bytes:
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{esc(title)}</title>'
            f"</head><body><h1>{esc(title)}</h1><p>{esc(text)}</p></body></html>").encode()


# --- the portal -------------------------------------------------------------------------


class UnseenPortal:
    """The section's replies, list pages and decoys, and the routes serving them."""

    def __init__(self, attachment: Attachment):
        self.replies: list[Reply] = []
        for i, doc_id in enumerate(GOLD_REPLIES):
            title, lines, publisher, date = gold_reply(doc_id)
            month = date[:7].replace("-", "")
            self.replies.append(Reply(
                path=f"{SECTION}{month}/{_hex_id(doc_id)}.shtml",
                title=title, lines=lines, publisher=publisher, date=date,
                index_no=f"014717475N/{date[:4]}-{40300 + i:07d}",
                gzip=i % 2 == 0,
            ))
        # server behaviour, spread over the list pages
        self.replies[2].encoding = "gbk"
        self.replies[3].etag = False  # Last-Modified only
        self.replies[4].last_modified = None  # ETag only
        self.replies[9].attachments.append(attachment)
        self.replies[9].related = [(self.replies[10].path, self.replies[10].title),
                                   (self.other_column[0][0], self.other_column[0][1])]
        self.list_throttle = {2: 1}  # page 2 of the list answers 429 once

    # other columns' documents: the same URL form and reply-like titles
    other_column = (
        ("/ycsrmzf/tjgb/202305/36796cdc82d04268913f2884cf2fe579.shtml", RECORDED_TITLE),
        ("/ycsrmzf/zcjd/202404/" + _hex_id("zcjd-1") + ".shtml",
         "关于《宜春市城市管理办法》的政策解读"),
        ("/ycsrmzf/tzgg/202403/" + _hex_id("tzgg-1") + ".shtml",
         "关于做好2024年市人大代表建议和政协提案办理工作的通知"),
    )

    @property
    def pages(self) -> int:
        return -(-len(self.replies) // PER_PAGE)

    def list_pages(self) -> dict[str, str]:
        """Path -> HTML of every list page (the start URL and ``?page=1`` are page 1)."""
        out = {}
        hot = [(p, t) for p, t in self.other_column]
        for n in range(1, self.pages + 1):
            items = self.replies[(n - 1) * PER_PAGE: n * PER_PAGE]
            html = list_html(items, n, self.pages, hot)
            out[page_path(n)] = html
            if n == 1:
                out[START] = html
        return out

    def decoys(self) -> dict[str, bytes]:
        """Every other same-host page the list and reply pages link to."""
        recorded = _recorded_doc()
        out: dict[str, bytes] = {}
        for href in recorded.xpath("//a/@href"):
            if href.startswith("/") and not href.startswith("//"):
                out[href] = _plain_page("中国宜春", "栏目页面")
        for path, title in self.other_column[1:]:
            other = Reply(path=path, title=title,
                          lines=["本文为其他栏目的文件，不是建议提案答复。"],
                          publisher="宜春市人民政府办公室", date="2024-03-01",
                          index_no="014717475N/2024-0009999")
            out[path] = reply_html(other).encode("utf-8")
        out[self.other_column[0][0]] = _recorded().encode("utf-8")  # the recorded page itself
        out[SECTION + "lmsm.shtml"] = _plain_page(
            "栏目说明", "本栏目公开市政府各部门对人大代表建议和政协委员提案的答复。")
        out["/ycsrmzf/upload/2024/jytabl_summary.pdf"] = b"%PDF-1.4\n% summary\n"
        return out

    def routes(self) -> dict[str, Route]:
        routes: dict[str, Route] = {
            "/robots.txt": Route(b"User-agent: *\nDisallow: /uc/\n", content_type="text/plain"),
        }
        for path, body in self.decoys().items():
            kind = "application/pdf" if path.endswith(".pdf") else "text/html; charset=utf-8"
            routes[path] = Route(body, content_type=kind)
        for path, html in self.list_pages().items():
            page = int(path.rsplit("=", 1)[1]) if "?page=" in path else 0
            routes[path] = Route(html.encode("utf-8"), gzip=True, etag=False, last_modified=None,
                                 throttle=self.list_throttle.get(page, 0))
        for reply in self.replies:
            html = reply_html(reply)
            if reply.encoding == "gbk":
                body, content_type = html.encode("gbk", "xmlcharrefreplace"), "text/html"
            else:
                body, content_type = html.encode("utf-8"), "text/html; charset=utf-8"
            routes[reply.path] = Route(body, content_type=content_type, gzip=reply.gzip,
                                       etag=reply.etag, last_modified=reply.last_modified,
                                       throttle=reply.throttle)
            for a in reply.attachments:
                routes[a.path] = Route(a.body, content_type=a.content_type)
        return routes

    def publish(self, reply: Reply) -> None:
        """A new reply appears at the top of the list (the others shift down)."""
        self.replies.insert(0, reply)
