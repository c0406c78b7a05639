"""Fujian ylcms replica: 浦城县人民政府 建议提案 column.

No ylcms page is recorded. From PLATFORMS.md: ``/cms/html/<site>/<section>/index.html``,
the pager through ``sitemanage`` scripts. From public crawlers of Fujian county sites
(华安, 南靖, 平和, 漳浦 … ``/cms/html/<site>/<section>/index.html``, 诏安
``/cms/sitemanage/index.shtml?siteId=…``): list rows ``.list-content a`` beside
``.list-time``, body ``.content``, details ``/cms/html/<site>/<YYYY-MM-DD>/<id>.html``
(浦城 ``/cms/html/pcxrmzf/2024-07-24/1721828210.html``). Inferred: the column name, the
pager script (``createPager(…, "/cms/sitemanage/index.shtml?siteId=…&catalogId=…&page=")``
with ``pageCount``), the reply page layout, header and footer.
"""

from __future__ import annotations

from .kit import (
    Attachment,
    Replica,
    Reply,
    decoy_links,
    esc,
    negatives,
    number_id,
    paragraphs,
    pool,
)

ORIGIN = "https://www.pc.gov.cn"
SITE = "/cms/html/pcxrmzf/"
START = SITE + "jyta/index.html"
MANAGER = "/cms/sitemanage/index.shtml?siteId=830612491159490008&catalogId=19230&page="
PER_PAGE = 3


def chrome(title: str, main: str) -> str:
    menu = "".join(f'<a href="{SITE}{p}/index.html">{t}</a>' for p, t in (
        ("zwgk", "政务公开"), ("zwfw", "政务服务"), ("hdjl", "互动交流"), ("zjpc", "走进浦城")))
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{esc(title)}-浦城县人民政府'
            '</title><script src="/cms/sitemanage/js/jquery.js"></script></head><body>'
            f'<div class="header"><a href="{SITE}index.html">浦城县人民政府</a></div>'
            f'<div class="nav">{menu}</div>'
            f'<div class="position">当前位置：<a href="{SITE}index.html">首页</a> &gt; '
            f'<a href="{START}">建议提案</a></div><div class="main">{main}</div>'
            '<div class="footer">主办：浦城县人民政府办公室 闽ICP备12345678号 '
            f'<a href="{SITE}wzdt/index.html">网站地图</a></div></body></html>')


def reply_html(reply: Reply) -> str:
    text = reply.text
    attach = "".join(f'<p>附件：<a href="{esc(a.path)}">{esc(a.name)}</a></p>'
                     for a in reply.attachments)
    return chrome(text.title, (
        f'<div class="article"><h1 class="title">{esc(text.title)}</h1>'
        f'<div class="info">发布时间：{text.date} 来源：{esc(text.publisher)} 浏览次数：'
        '<span id="hits"></span></div>'
        f'<div class="content">{paragraphs(list(text.lines))}{attach}</div></div>'))


def list_html(items: list[Reply], page: int, pages: int) -> str:
    rows = "".join(
        f'<li><span class="list-content"><a href="{r.path}" target="_blank" '
        f'title="{esc(r.text.title)}">{esc(r.text.title)}</a></span>'
        f'<span class="list-time">{r.text.date}</span></li>' for r in items)
    hot = (f'<div class="sidebar"><h3>热门信息</h3><ul><li><a href="{SITE}2024-03-01/'
           f'{number_id("pc-hot", 10)}.html">关于做好2024年建议提案办理工作的通知</a></li>'
           "</ul></div>")
    return chrome("建议提案", (
        f'<div class="list"><ul>{rows}</ul>{negatives(SITE + "upload/jytabl_summary.pdf")}'
        '<div class="pages" id="pages"></div>'
        f'<script>var pageCount = {pages};\ncreatePager("pages", {page}, pageCount, '
        f'"{MANAGER}");</script></div>{hot}'))


def build() -> Replica:
    replica = Replica("ylcms", "ylcms", (START,), ORIGIN, provenance=__doc__)
    for i, text in enumerate(pool(8, offset=10)):
        reply = Reply(f"{SITE}{text.date}/{number_id('pc' + str(i), 10)}.html", text)
        if i == 1:
            pdf = f"{SITE}upload/2024/07/{number_id('pcatt', 10)}.pdf"
            reply.attachments.append(Attachment(pdf, "建议办理情况表.pdf", _pdf()))
        reply.html = reply_html(reply)
        replica.replies.append(reply)
    pages = -(-len(replica.replies) // PER_PAGE)
    for page in range(1, pages + 1):
        items = replica.replies[(page - 1) * PER_PAGE: page * PER_PAGE]
        replica.add_list(START if page == 1 else f"{MANAGER}{page}",
                         list_html(items, page, pages))
    for html in [*(b.decode() for b, _ in replica.lists.values()),
                 *(r.html for r in replica.replies)]:
        decoy_links(replica, html)
    return replica


def _pdf() -> bytes:
    from tests.test_attachment_crawl import cjk_pdf

    return cjk_pdf(("建议办理情况表", "浦城县 已办结"))
