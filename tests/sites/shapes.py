"""Synthetic list pages in five CMS shapes, built in code on recorded portal pages.

Each shape takes a recorded page from ``tests/data/corpus/html`` (its real header, menus,
breadcrumb, footer and friend links stay as they are) and swaps the article element for a
list. The list markup itself is synthetic: no list page of these portals was recorded, so the
list element follows the portal's URL forms (TRS ``t<date>_<id>.html``, Hanweb ``art_<col>_<id>``,
``/<column>/<id>.html``, NFCMS ``post_<id>``, ``.shtml`` hex ids) and the list idioms named
in issue 4, and titles come from recorded pages (the two Pingtan lists and the seed replies).
Every shape plants hard negatives inside the list area: an off-host reply-like link, a
``javascript:`` link, a PDF, the column index, and links to other columns.
"""

from __future__ import annotations

import html as htmlmod
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import urljoin

import lxml.html

CORPUS = Path(__file__).resolve().parents[1] / "data" / "corpus"

# Titles as published: seed replies (000, 001, 003, 004) and a few Pingtan list items.
SEED_TITLES = (
    "红河州民政局对政协红河州十二届四次会议第77号提案的答复",
    "浙江省民政厅关于省十四届人大一次会议台11号建议的答复",
    "关于对市八届人大四次会议第395号建议的答复",
    "廣州市民政局關于政協十三屆廣州市委員會第三次會議第1007號提案答復的函",
)


@dataclass(frozen=True)
class Shape:
    """One synthetic list page and what discovery should find on it."""

    name: str
    recorded: str  # corpus page whose chrome is reused
    url: str
    html: str
    section_prefix: str | None
    replies: tuple[str, ...]  # the list's document links, in order
    titles: tuple[str, ...]  # their full titles, in the same order
    pages: frozenset[str]  # the other pages of the list
    off_section: frozenset[str]  # same-host document links of other columns on the page


@cache
def pingtan_titles() -> tuple[str, ...]:
    """The titles of the recorded Pingtan list items (政协提案 then 人大议案)."""
    titles: list[str] = []
    for name in ("pingtan_zxta", "pingtan_rdya"):
        text = (CORPUS / "lists" / f"{name}.html").read_text(encoding="utf-8")
        titles += re.findall(r'<a href="\./\d{6}/t\d+_\d+\.htm"[^>]*title="([^"]+)"', text)
    return tuple(titles)


def titles(n: int, offset: int = 0) -> list[str]:
    pool = SEED_TITLES + pingtan_titles()
    return [pool[(offset + i) % len(pool)] for i in range(n)]


def recorded_page(name: str) -> str:
    return (CORPUS / "html" / f"{name}.html").read_text(encoding="utf-8")


def splice(recorded: str, css: str, fragment: str) -> str:
    """The recorded page with its first ``css`` element replaced by ``fragment``."""
    doc = lxml.html.fromstring(recorded_page(recorded))
    target = doc.cssselect(css)[0]
    parent = target.getparent()
    wrapper = lxml.html.fragment_fromstring(fragment, create_parent="div")
    index = parent.index(target)
    parent.remove(target)
    for offset, child in enumerate(wrapper):
        parent.insert(index + offset, child)
    return "<!DOCTYPE html>\n" + lxml.html.tostring(doc, encoding="unicode")


def esc(text: str) -> str:
    return htmlmod.escape(text, quote=True)


def negatives(host_root: str) -> str:
    """Hard negatives placed inside the list area of every shape (none is a reply link)."""
    return (
        '<p class="tip">'
        f'<a href="https://www.gov.cn/zhengce/content/2023-01/05/content_5735174.htm">'
        "关于省十四届人大一次会议第123号建议的答复</a>"
        '<a href="javascript:void(0)" onclick="open()">关于第5号提案办理情况的说明</a>'
        f'<a href="{host_root}upload/2024/办理情况汇总.pdf">建议提案办理情况汇总.pdf</a>'
        '<a href="./">返回栏目</a>'
        "</p>"
    )


# --- the shapes -----------------------------------------------------------------------


def trs_create_page_html() -> Shape:
    """TRS WCM list (jw.beijing.gov.cn chrome): ``<ul>`` rows + ``createPageHTML`` pager."""
    url = "https://jw.beijing.gov.cn/jyzx/jyxw/"
    items, replies = [], []
    names = titles(20)
    for i, title in enumerate(names):
        day = f"202311{(i % 28) + 1:02d}"
        href = f"./202311/t{day}_{3329137 - i}.html"
        replies.append(urljoin(url, href))
        date = f"{day[:4]}-{day[4:6]}-{day[6:]}"
        items.append(f'<li><a href="{href}" target="_blank" title="{esc(title)}">{esc(title)}'
                     f"</a><span>{date}</span></li>")
    other = urljoin(url, "../tzgg/202311/t20231129_3328001.html")
    fragment = (
        '<div class="announce_content"><ul class="list">' + "".join(items) + "</ul>"
        + negatives("https://jw.beijing.gov.cn/")
        + f'<div class="hot_list"><a href="{other}">关于做好冬季校园安全工作的通知</a></div>'
        '<div class="page" id="page_div"></div>'
        "<script>var countPage = 4//共多少页\n"
        'createPageHTML(countPage, 0, "index", "html");</script></div>'
    )
    return Shape(
        "trs_createPageHTML", "bj_jw_news", url,
        splice("bj_jw_news", "div.announce_content", fragment),
        "/jyzx/jyxw/", tuple(replies), tuple(names),
        frozenset(urljoin(url, f"index_{n}.html") for n in (1, 2, 3)),
        frozenset({other}),
    )


def hanweb_table_page_no() -> Shape:
    """Hanweb jcms-like list (jyt.zj.gov.cn chrome): a table with a date column, ?pageNo."""
    url = "http://jyt.zj.gov.cn/col/col1543973/index.html?uid=4892867&pageNo=1"
    rows, replies = [], []
    names = titles(15, offset=3)
    for i, title in enumerate(names):
        href = f"/art/2024/10/{(i % 28) + 1}/art_1543973_{58942886 - i * 7}.html"
        replies.append(urljoin(url, href))
        rows.append(f'<tr><td class="bt"><a href="{href}" target="_blank" title="{esc(title)}">'
                    f"{esc(title)}</a></td><td>2024-10-{(i % 28) + 1:02d}</td></tr>")
    fragment = (
        '<div class="main"><table class="xxgk_list" width="100%"><tr><th>标题</th>'
        "<th>发布日期</th></tr>" + "".join(rows) + "</table>"
        + negatives("http://jyt.zj.gov.cn/")
        + '<div class="pagination">共4页 '
        '<a href="?uid=4892867&amp;pageNo=2">下一页</a> '
        '<a href="?uid=4892867&amp;pageNo=4">尾页</a></div></div>'
    )
    pages = frozenset(
        f"http://jyt.zj.gov.cn/col/col1543973/index.html?uid=4892867&pageNo={n}" for n in (2, 3, 4)
    )
    return Shape(
        "hanweb_table_pageNo", "zj_jyt_xxgk", url,
        splice("zj_jyt_xxgk", "div.main", fragment),
        None, tuple(replies), tuple(names), pages, frozenset(),
    )


def next_and_numbers() -> Shape:
    """A ``/<column>/<id>.html`` list (jyt.ah.gov.cn chrome) with 下一页, numbers and 尾页."""
    url = "http://jyt.ah.gov.cn/xwzx/jcjy/index.html"
    items, replies = [], []
    names = titles(12, offset=9)
    for i, title in enumerate(names):
        href = f"/xwzx/jcjy/{40678766 - i * 13}.html"
        replies.append(urljoin(url, href))
        items.append(f'<li><span class="date">[2023-0{(i % 9) + 1}-1{i % 10}]</span>'
                     f'<a href="{href}" title="{esc(title)}">{esc(title[:18])}...</a></li>')
    others = [f"http://jyt.ah.gov.cn/xwzx/gzdt/{40680000 + i}.html" for i in range(3)]
    hot = "".join(f'<li><a href="{o}">关于做好2024年春季学期开学工作的通知</a></li>'
                  for o in others)
    fragment = (
        '<div class="con_main"><ul class="doc_list">' + "".join(items) + "</ul>"
        + negatives("http://jyt.ah.gov.cn/")
        + '<div class="page-box"><a href="index.html?page=1">首页</a>'
        '<a href="index.html?page=2">下一页</a><a href="index.html?page=2">2</a>'
        '<a href="index.html?page=3">3</a><a href="index.html?page=5">尾页</a></div>'
        f'<div class="hot_news"><h3>热点信息</h3><ul>{hot}</ul></div></div>'
    )
    return Shape(
        "next_and_page_numbers", "ah_jyt_news", url,
        splice("ah_jyt_news", "div.con_main", fragment),
        "/xwzx/jcjy/", tuple(replies), tuple(names),
        frozenset(f"{url}?page={n}" for n in (2, 3, 4, 5)),
        frozenset(others),
    )


def json_embedded() -> Shape:
    """An NFCMS list (www.gz.gov.cn chrome) whose items are a ``var data = [...]`` array."""
    url = "https://www.gz.gov.cn/ysgz/xwdt/ysdt/index.html"
    records, replies = [], []
    names = titles(18, offset=20)
    for i, title in enumerate(names):
        link = f"https://www.gz.gov.cn/ysgz/xwdt/ysdt/content/post_{9360640 - i * 3}.html"
        replies.append(link)
        record = {"title": title, "url": link, "publishedTime": f"2024-01-{i % 28 + 1:02d} 10:00"}
        records.append(json.dumps(record, ensure_ascii=False))
    related = "https://www.gz.gov.cn/xw/gzyw/content/post_9360000.html"
    fragment = (
        '<div class="content_article" id="zoomcon"><ul id="list"></ul>'
        + negatives("https://www.gz.gov.cn/")
        + '<div id="page"><a class="next" href="index_2.html">下一页</a></div>'
        "<script>var data = [" + ",".join(records) + "];\n"
        "var html = ''; for (var i = 0; i < data.length; i++) {"
        " html += '<li><a href=\"' + data[i].url + '\">' + data[i].title + '</a></li>'; }"
        " document.getElementById('list').innerHTML = html;</script></div>"
    )
    page = splice("gz_gov_news", "div.content_article", fragment)
    page = page.replace('<ul id="ul_xggj" style="padding-top:0;">',
                        f'<ul id="ul_xggj" style="padding-top:0;"><li><a href="{related}">'
                        "关于加快建设营商环境改革创新试点城市的意见</a></li>", 1)
    return Shape(
        "json_embedded", "gz_gov_news", url, page, "/ysgz/xwdt/ysdt/", tuple(replies), tuple(names),
        frozenset({"https://www.gz.gov.cn/ysgz/xwdt/ysdt/index_2.html"}), frozenset(),
    )


def shtml_hex_list() -> Shape:
    """A ``.shtml`` list (www.wanzai.gov.cn chrome, hex-id documents) with list_N pages."""
    url = "http://www.wanzai.gov.cn/wzxrmzf/tjgb/list.shtml"
    items, replies = [], []
    names = titles(10, offset=40)
    for i, title in enumerate(names):
        hexid = f"{(0x9C059BF058EF4DB8B3C8F920E22186FE + i * 7919):032x}"
        href = f"http://www.wanzai.gov.cn/wzxrmzf/tjgb/2017{(i % 9) + 1:02d}/{hexid}.shtml"
        replies.append(href)
        items.append(f'<li><a href="{href}" target="_blank">{esc(title)}</a>'
                     f"<span>2017-{(i % 9) + 1:02d}-15</span></li>")
    fragment = (
        '<div class="article-content"><ul class="news-list">' + "".join(items) + "</ul>"
        + negatives("http://www.wanzai.gov.cn/")
        + '<div class="pagination"><span>1</span><a href="list_2.shtml">2</a>'
        '<a href="list_3.shtml">3</a><a href="list_2.shtml">下一页</a></div></div>'
    )
    return Shape(
        "shtml_hex_list", "wanzai_tjgb_2015", url,
        splice("wanzai_tjgb_2015", "#zoomcon", fragment),
        "/wzxrmzf/tjgb/", tuple(replies), tuple(names),
        frozenset(urljoin(url, f"list_{n}.shtml") for n in (2, 3)), frozenset(),
    )


SHAPES: tuple[Callable[[], Shape], ...] = (
    trs_create_page_html,
    hanweb_table_page_no,
    next_and_numbers,
    json_embedded,
    shtml_hex_list,
)


def all_shapes() -> list[Shape]:
    return [build() for build in SHAPES]


def recall_precision(found: list[str], expected: tuple[str, ...]) -> tuple[float, float]:
    """Recall and precision of found URLs against the expected ones."""
    hits = len(set(found) & set(expected))
    recall = hits / len(set(expected)) if expected else 1.0
    precision = hits / len(set(found)) if found else 1.0
    return recall, precision
