"""Held-out Hanweb replica: 济南市人民政府 建议提案办理 column, on another jcms template.

The tests' Hanweb replica (``hanweb``) is built on the Zhejiang template and pages
through the unit API and the proxy with ``<totalpage>``. This one is rebuilt from
different markup of the same family, and the family's code was not shaped on it:

Recorded: ``jinan_gov_news`` (www.jinan.gov.cn, a Shandong jcms 5 template: ``WebId`` /
``i_columnid`` metas, ``div.dqwz`` breadcrumb tables, ``old_title`` heading, ``sp_time``
info line with a hidden duplicate 信息来源, ``#zoom`` body, ``rdyd`` boxes 热点推荐 and 相关阅读
whose links are documents of the same column, ``module/visitcount`` iframe, navigation
and footer iframes ``/col/colNNN/index.html``). From PLATFORMS.md: ``dataproxy.jsp``
recordset XML with ``<totalrecord>``. Inferred: the column id, the data island's first
records (page 1) and ``<nextgroup>`` (proxy page 2), proxy pages that announce only
``<totalrecord>`` (the page count from it and ``perpage``), three records per page.
"""

from __future__ import annotations

from .kit import (
    Attachment,
    Replica,
    Reply,
    decoy_links,
    esc,
    fill,
    fresh,
    number_id,
    paragraphs,
    pool,
    replace_element,
    serialise,
    set_meta,
    set_title,
)

ORIGIN = "http://www.jinan.gov.cn"
RECORDED = "jinan_gov_news"
COLUMN = "25417"
START = f"/col/col{COLUMN}/index.html"
PER_PAGE = 3


def proxy_path(page: int) -> str:
    return (f"/module/web/jpage/dataproxy.jsp?page={page}&webid=1&path=/&columnid={COLUMN}"
            "&unitid=116512&webname=%E6%B5%8E%E5%8D%97%E5%B8%82%E4%BA%BA%E6%B0%91%E6%94%BF%E5%BA%9C"
            f"&permissiontype=0&perpage={PER_PAGE}")


def related(items: list[Reply]) -> str:
    return "".join(f"<li><a href='{r.path}' title='{esc(r.text.title)}' target=\"_blank\">"
                   f"{esc(r.text.title)}</a><span>{r.text.date[5:]}</span></li>" for r in items)


def reply_html(reply: Reply, others: list[Reply]) -> str:
    text = reply.text
    doc = fresh(RECORDED, ORIGIN)
    set_title(doc, f"{text.title} 建议提案办理 济南政府网_济南市人民政府门户网站")
    post = reply.path.rsplit("_", 1)[1][:-5]
    for name, value in (("ArticleTitle", text.title), ("pubdate", text.date + " 07:27"),
                        ("ContentSource", text.publisher), ("Url", ORIGIN + reply.path),
                        ("ColumnName", "建议提案办理"), ("ColumnType", "建议提案办理"),
                        ("i_columnid", COLUMN), ("i_articleid", post)):
        set_meta(doc, name, value)
    head = doc.xpath("//div[contains(@class, 'old_title')]")[0]
    head.text = text.title
    fonts = doc.xpath("//div[contains(@class, 'sp_time')]/font")
    fonts[0].text = f"发布日期：{text.date} 07:27"
    fonts[1].text = f"信息来源：{text.publisher}"
    zoom = doc.get_element_by_id("zoom")
    attach = "".join(f'<p>附件：<a href="{esc(a.path)}">{esc(a.name)}</a></p>'
                     for a in reply.attachments)
    fill(zoom, f'<meta name="ContentStart"/>{paragraphs(list(text.lines))}{attach}'
               '<meta name="ContentEnd"/>')
    for box in doc.xpath("//div[contains(@class, 'rdyd') and contains(@class, 'bt-right')]"
                         "//ul[@class='list']/ul"):
        fill(box, related(others))
    return serialise(doc)


def column_html(first: list[Reply], hot: list[Reply], total: int) -> str:
    doc = fresh(RECORDED, ORIGIN)
    set_title(doc, "建议提案办理 济南政府网_济南市人民政府门户网站")
    for name, value in (("ArticleTitle", ""), ("ColumnName", "建议提案办理"),
                        ("i_columnid", COLUMN), ("i_articleid", "")):
        set_meta(doc, name, value)
    records = "".join(f"<record><![CDATA[{related([r])}]]></record>" for r in first)
    article = doc.xpath("//div[contains(@class, 'wz')]")[0]
    replace_element(article, (
        '<div class="wz"><div class="lmlb_title">建议提案办理</div>'
        f'<div id="{116512}"><script type="text/xml"><datastore>'
        f'<nextgroup><![CDATA[<a href="{esc(proxy_path(2))}"></a>]]></nextgroup>'
        f"<recordset>{records}</recordset></datastore></script>"
        "<script language=\"javascript\" src=\"/module/web/jpage/jpage.js\"></script>"
        f"<script>var totalRecord = {total}; var perPage = {PER_PAGE};</script></div></div>"))
    for box in doc.xpath("//div[contains(@class, 'rdyd')]//ul[@class='list']"):
        fill(box, f"<ul>{related(hot)}</ul>")
    return serialise(doc)


def build() -> Replica:
    replica = Replica("heldout", "hanweb", (START,), ORIGIN, recorded=RECORDED,
                      provenance=__doc__)
    for i, text in enumerate(pool(9, offset=3)):
        y, m, d = text.date.split("-")
        path = f"/art/{y}/{int(m)}/{int(d)}/art_{COLUMN}_{number_id('jn' + str(i), 7)}.html"
        replica.replies.append(Reply(path, text))
    replica.replies[7].attachments.append(Attachment(
        f"/module/download/downfile.jsp?classid=0&filename={number_id('jnpdf', 10)}.pdf",
        "建议办理情况表.pdf", _pdf()))
    # documents of the same column that the column page shows outside its list (热点推荐)
    hot = [Reply(f"/art/2024/6/1/art_{COLUMN}_{number_id('jnhot' + str(i), 7)}.html", t)
           for i, t in enumerate(pool(2, offset=15))]
    for i, reply in enumerate(replica.replies):
        reply.html = reply_html(reply, [replica.replies[(i + 1) % 9], hot[0]])
    for reply in hot:
        replica.add_decoy(reply.path, reply_html(reply, hot).encode("utf-8"))
    total = len(replica.replies)
    replica.add_list(START, column_html(replica.replies[:PER_PAGE], hot, total))
    pages = -(-total // PER_PAGE)
    for page in range(2, pages + 1):  # the column page's island holds page 1
        items = replica.replies[(page - 1) * PER_PAGE: page * PER_PAGE]
        records = "".join(f"<record><![CDATA[{related([r])}]]></record>" for r in items)
        xml = (f'<?xml version="1.0" encoding="UTF-8"?><datastore><totalrecord>{total}'
               f"</totalrecord><recordset>{records}</recordset></datastore>")
        replica.add_list(proxy_path(page), xml, "text/xml;charset=UTF-8")
    for html in [b.decode() for b, t in replica.lists.values() if "html" in t] + \
            [r.html for r in replica.replies]:
        decoy_links(replica, html)
    return replica


def _pdf() -> bytes:
    from tests.test_attachment_crawl import cjk_pdf

    return cjk_pdf(("建议办理情况表", "济南市 已办结"))
