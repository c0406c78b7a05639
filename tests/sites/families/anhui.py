"""Anhui provincial platform replica: 蚌埠市民政局 (registry ``bengbu_mzj``), seed 002 among
its pages.

Recorded: the page markup is ``ah_jyt_news`` (jyt.ah.gov.cn on the lonsun platform:
``wz_top`` breadcrumb, ``con_main`` with ``h1.newstitle``, ``div.newsinfo`` spans and the
``div.j-fontContent`` body, ``wzewm`` QR block, ``data-setting="{siteId:…}"`` widgets,
``StartLabelHtml_`` label comments, header, menu and footer). From PLATFORMS.md: lists
``/content/column/<colid>?pageIndex=N`` with the page count in a script (``pageCount:N``),
items ``div.listnews ul li a`` with the date in ``li span``, details
``/public/<siteid>/<docid>.html``. Inferred: the column and site ids, the pager script's
wording, the 蚌埠 site's info-line labels (发布日期 / 信息来源 / 浏览量, as seed 002's text
shows them).
"""

from __future__ import annotations

from .kit import (
    Attachment,
    Replica,
    Reply,
    Text,
    decoy_links,
    esc,
    fill,
    fresh,
    negatives,
    number_id,
    paragraphs,
    pool,
    replace_element,
    seed_lines,
    serialise,
    set_meta,
    set_title,
)

ORIGIN = "https://mzj.bengbu.gov.cn"
RECORDED = "ah_jyt_news"
SITE = "6788561"
COLUMN = "6795471"
START = f"/content/column/{COLUMN}"
PER_PAGE = 3


def _doc(title: str):
    doc = fresh(RECORDED, "http://jyt.ah.gov.cn")
    set_title(doc, f"{title}_蚌埠市民政局")
    for name, value in (("SiteName", "蚌埠市民政局"), ("SiteDomain", "mzj.bengbu.gov.cn"),
                        ("ColumnName", "建议提案"), ("ColumnType", "建议提案")):
        set_meta(doc, name, value)
    crumb = doc.xpath("//div[contains(@class, 'wz_top')]/span")[0]
    fill(crumb, '<a href="/index.html">首页</a> &gt; <a href="/xxgk/index.html">信息公开</a> '
                f'<i>&gt;</i> <a href="{START}">建议提案</a>')
    return doc


def reply_html(reply: Reply, body_lines: list[str]) -> str:
    text = reply.text
    doc = _doc(text.title)
    for name, value in (("ArticleTitle", text.title), ("PubDate", text.date + " 09:44"),
                        ("ContentSource", text.publisher), ("Author", text.publisher)):
        set_meta(doc, name, value)
    main = doc.xpath("//div[contains(@class, 'con_main')]")[0]
    main.xpath(".//h1[@class='newstitle']")[0].text = text.title
    info = main.xpath(".//div[@class='newsinfo']")[0]
    fill(info, f"<span>发布日期：{text.date} 09:44</span> "
               f"<span>信息来源：{esc(text.publisher)}</span>"
               '<span tabindex="0">浏览量：<span class="j-info-hit" '
               f'data-setting="{{infoId:{reply.path.rsplit("/", 1)[1][:-5]}}}"></span></span>'
               '<span class="wz_font">[ 字体：<a href="javascript:void(0)" class="j-fontBig">大</a>'
               ' <a href="javascript:void(0)" class="j-fontNormal">中</a>'
               ' <a href="javascript:void(0)" class="j-fontSmall">小</a> ]</span>')
    body = main.xpath(".//div[contains(@class, 'j-fontContent')]")[0]
    attach = "".join(f'<p>附件：<a href="{esc(a.path)}">{esc(a.name)}</a></p>'
                     for a in reply.attachments)
    fill(body, paragraphs(body_lines) + attach)
    return serialise(doc)


def list_html(items: list[Reply], page: int, pages: int) -> str:
    doc = _doc("建议提案")
    set_meta(doc, "ArticleTitle", "")
    rows = "".join(
        f'<li><a href="{r.path}" target="_blank" title="{esc(r.text.title)}">'
        f"{esc(r.text.title)}</a><span class=\"right date\">{r.text.date}</span></li>"
        for r in items)
    hot = "".join(f'<li><a href="/public/{SITE}/{number_id(t)}.html">{esc(t)}</a></li>' for t in (
        "关于做好2021年度人大代表建议和政协委员提案办理工作的通知",
        "蚌埠市民政局2020年建议提案办理工作总结"))
    main = doc.xpath("//div[contains(@class, 'con_main')]")[0]
    replace_element(main, (
        '<div class="con_main" role="article"><div class="lm_tit">建议提案</div>'
        f'<div class="listnews"><ul>{rows}</ul></div>'
        f"{negatives('/uploads/file/20201104/jytabl_summary.pdf')}"
        '<div class="pagination" id="page_list"></div>'
        "<script>\n"
        f"Ls.pagination('#page_list', function (pageIndex) {{\n"
        f"  location.href = '{START}?pageIndex=' + pageIndex;\n"
        f"}}, {{currPage: {page}, pageCount:{pages}, pageSize: {PER_PAGE}}});\n"
        "</script>"
        f'<div class="hot_news"><h3>热点信息</h3><ul>{hot}</ul></div></div>'))
    return serialise(doc)


def build() -> Replica:
    replica = Replica("anhui", "anhui", (START,), ORIGIN, registry="bengbu_mzj",
                      recorded=RECORDED, provenance=__doc__)
    seed = seed_lines(2)
    start = next(i for i, line in enumerate(seed) if line.startswith("发布日期"))
    end = next(i for i, line in enumerate(seed) if line.startswith("扫一扫"))
    seed_body = [line.strip() for line in seed[start + 1:end]]
    texts = [Text(seed[start - 1].strip(), tuple(seed_body), "市民政局", "2020-11-04"),
             *pool(8, offset=8)]
    for i, text in enumerate(texts):
        reply = Reply(f"/public/{SITE}/{number_id('bengbu' + str(i))}.html", text,
                      gold="002" if i == 0 else None)
        if i == 4:
            reply.attachments.append(Attachment(
                "/uploads/file/20210610/20210610093012_31234.pdf", "建议办理情况表.pdf", _pdf()))
        reply.html = reply_html(reply, seed_body if i == 0 else list(text.lines))
        replica.replies.append(reply)
    pages = -(-len(texts) // PER_PAGE)
    for page in range(1, pages + 1):
        items = replica.replies[(page - 1) * PER_PAGE: page * PER_PAGE]
        path = START if page == 1 else f"{START}?pageIndex={page}"
        replica.add_list(path, list_html(items, page, pages))
    for html in [*(b.decode() for b, _ in replica.lists.values()),
                 *(r.html for r in replica.replies)]:
        decoy_links(replica, html)
    return replica


def _pdf() -> bytes:
    from tests.test_attachment_crawl import cjk_pdf

    return cjk_pdf(("建议办理情况表", "市民政局 已办结"))
