"""Hanweb / 大汉 jcms replica: 浙江省民政厅 (registry ``zj_mzt``), seed 001 among its replies.

Recorded: the reply-page markup is ``zj_jyt_xxgk`` (jyt.zj.gov.cn, the Zhejiang jcms
template: ``hiddenLocation`` column spans, ``current-position`` breadcrumb, ``table.xxgk``
信息公开 table, title cell, info line, ``#zoom`` body between ContentStart/ContentEnd
metas, visitcount iframe). From PLATFORMS.md: column URLs ``/col/col<id>/index.html``,
details ``/art/YYYY/M/D/art_<col>_<id>.html``, the ``api-gateway … build/unit … pageNo=``
JSON API with the pager ``div`` attributes (``count``/``rows``/``pageNo``/``unitUrl``/
``queryData``) and the older ``dataproxy.jsp`` recordset XML with ``<totalrecord>``.
Inferred: the column ids, ``webId``/``tplSetId``/``unitid`` values, the list-item
markup inside the API ``html`` and the records, and the seed page's three-row xxgk
table (label and value in separate cells, as the seed's raw text shows them).

Two columns: 人大代表建议 (list only through the API, three API pages) and 政协提案
(the first page's records in a ``<datastore>`` island whose ``<nextgroup>`` names proxy
page 2, then ``dataproxy.jsp`` pages 2 and 3).
"""

from __future__ import annotations

import json

from .kit import (
    HTML,
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

ORIGIN = "https://mzt.zj.gov.cn"
RECORDED = "zj_jyt_xxgk"
UNIT = "/api-gateway/jpaas-publish-server/front/page/build/unit"
PROXY = "/module/web/jpage/dataproxy.jsp"
COLUMNS = {"rddbjy": ("1229106823", "人大代表建议"), "zxta": ("1229106824", "政协提案")}
ROWS = 3
QUERY = {"webId": "3185", "tagId": "分页列表", "tplSetId": "a1b2c3d4e5f6"}


def column_path(key: str) -> str:
    return f"/col/col{COLUMNS[key][0]}/index.html"


def api_path(key: str, number: int) -> str:
    """Page ``number`` of a column's unit API, in the form PLATFORMS.md records."""
    from urllib.parse import urlencode

    query = {"parseType": "bulidstatic", "pageType": "column", "webId": QUERY["webId"],
             "pageId": COLUMNS[key][0], "tagId": QUERY["tagId"], "tplSetId": QUERY["tplSetId"],
             "rows": str(ROWS), "pageNo": str(number)}
    return UNIT + "?" + urlencode(query)


def proxy_path(number: int) -> str:
    col = COLUMNS["zxta"][0]
    return (f"{PROXY}?page={number}&webid=3185&path=/&columnid={col}&unitid=7654321"
            "&webname=%E6%B5%99%E6%B1%9F%E7%9C%81%E6%B0%91%E6%94%BF%E5%8E%85&permissiontype=0")


def _seed_001() -> tuple[Text, dict[str, str], list[str]]:
    """Seed 001's text: title, the info table's values and the body as published."""
    lines = seed_lines(1)
    start = next(i for i, line in enumerate(lines) if line.startswith("发布日期"))
    body = [line.strip() for line in lines[start + 1:]]
    facts = {"索 引 号": "002482146/2023-00099", "主题分类": "其他", "发布单位": "省民政厅",
             "成文日期": "2023-06-27", "文  号": "浙民提〔2023〕7号", "主题词": "",
             "发布日期": "2023-10-30 09:10", "信息来源": "办公室"}
    title = lines[start - 1].strip()
    return Text(title, tuple(body), "省民政厅", "2023-10-30"), facts, body


def reply_html(reply: Reply, key: str, facts: dict[str, str], body_html: str) -> str:
    doc = fresh(RECORDED, "http://jyt.zj.gov.cn")
    col, name = COLUMNS[key]
    text = reply.text
    set_title(doc, text.title)
    for meta, value in (("ArticleTitle", text.title), ("PubDate", text.date + " 09:10"),
                        ("ContentSource", facts["信息来源"]), ("ColumnName", name),
                        ("SiteName", "浙江省民政厅"), ("SiteDomain", "mzt.zj.gov.cn"),
                        ("url", ORIGIN + reply.path), ("Maketime", text.date + " 09:10:00")):
        set_meta(doc, meta, value)
    spans = {"ss_webid": "3185", "col1_name": name, "col1_url": column_path(key),
             "col2_name": "建议提案", "col2_url": "/col/col1229106820/index.html"}
    for span_id, value in spans.items():
        doc.get_element_by_id(span_id).text = value
    crumb = doc.xpath("//div[@class='current-position']//table//table//tr")[0]
    fill(crumb, '<td> > <a href="/col/col1229106819/index.html">政务公开</a></td>'
                '<td> > <a href="/col/col1229106820/index.html">建议提案</a></td>'
                f'<td> > <a href="{column_path(key)}">{esc(name)}</a></td>')
    pairs = list(facts.items())[:6]
    rows = "".join(
        "<tr>" + "".join(f"<td>{esc(label)}</td><td>{esc(value)}</td>"
                         for label, value in pairs[i:i + 2]) + "</tr>"
        for i in range(0, 6, 2))
    table = doc.xpath("//table[@class='xxgk']")[0]
    fill(table, rows)
    doc.xpath("//td[contains(@class, 'title')]")[0].text = text.title
    info = doc.xpath("//tr[@style='font-size:15px;']")[0]
    info[0].text = f"发布日期：{facts['发布日期']} "
    info[1].text = f"信息来源：{facts['信息来源']}"
    zoom = doc.get_element_by_id("zoom")
    fill(zoom, f'<meta name="ContentStart">{body_html}<meta name="ContentEnd">')
    iframe = doc.xpath("//iframe[@id='vishidden']")[0]
    iframe.set("src", f"/module/visitcount/visit.jsp?type=3&i_webid=3185&i_columnid={col}")
    return serialise(doc)


def list_item(reply: Reply) -> str:
    return (f'<li><a href="{reply.path}" target="_blank" title="{esc(reply.text.title)}">'
            f"{esc(reply.text.title)}</a><span class=\"bt_time\">{reply.text.date}</span></li>")


def column_html(key: str, unit_html: str) -> str:
    """A column page: breadcrumb, the list area (a unit or a data island), a hot box."""
    doc = fresh(RECORDED, "http://jyt.zj.gov.cn")
    name = COLUMNS[key][1]
    set_title(doc, f"{name} 浙江省民政厅")
    set_meta(doc, "ArticleTitle", "")
    set_meta(doc, "ColumnName", name)
    hot = (f'<div class="hot_box"><h3>热点信息</h3><ul>'
           f'<li><a href="/art/2024/1/5/art_1229106830_{number_id("hot1")}.html">'
           "关于做好2024年全省民政系统建议提案办理工作的通知</a></li>"
           f'<li><a href="/art/2023/12/1/art_1229106831_{number_id("hot2")}.html">'
           "浙江省民政厅2023年度建议提案办理工作总结</a></li></ul></div>")
    main = doc.xpath("//div[@class='main']")[0]
    replace_element(main, f'<div class="main"><div class="lm_title">{esc(name)}</div>'
                          f"{unit_html}{negatives('/picture/0/jytabl_summary.pdf')}{hot}</div>")
    return serialise(doc)


def build() -> Replica:
    replica = Replica("hanweb", "hanweb", (column_path("rddbjy"), column_path("zxta")), ORIGIN,
                      registry="zj_mzt", recorded=RECORDED, provenance=__doc__)
    seed, seed_facts, seed_body = _seed_001()
    texts = {"rddbjy": [seed, *pool(8, offset=12)], "zxta": pool(9, offset=0)}
    for key, items in texts.items():
        col = COLUMNS[key][0]
        replies = []
        for i, text in enumerate(items):
            y, m, d = text.date.split("-")
            path = f"/art/{y}/{int(m)}/{int(d)}/art_{col}_{number_id(key + str(i))}.html"
            reply = Reply(path, text, gold="001" if text is seed else None)
            facts = seed_facts if text is seed else {
                "索 引 号": f"002482146/{y}-{i + 100:05d}", "主题分类": "其他",
                "发布单位": text.publisher, "成文日期": text.date, "文  号": "", "主题词": "",
                "发布日期": text.date + " 09:00", "信息来源": text.publisher}
            lines = seed_body if text is seed else list(text.lines)
            reply.html = reply_html(reply, key, facts, paragraphs(lines))
            replies.append(reply)
        replica.replies += replies
        pages = [replies[n:n + ROWS] for n in range(0, len(replies), ROWS)]
        if key == "rddbjy":
            query = json.dumps({"webId": QUERY["webId"], "pageId": col, "tagId": QUERY["tagId"],
                                "tplSetId": QUERY["tplSetId"]}).replace('"', "'")
            unit = (f'<div class="default_pgContainer" id="pg_list"></div>'
                    f'<div class="default_pgToolbar" count="{len(replies)}" rows="{ROWS}" '
                    f'pageNo="1" unitUrl="{UNIT}" queryData="{esc(query)}"></div>'
                    '<script src="/js/jquery.page.js"></script>')
            replica.add_list(column_path(key), column_html(key, unit))
            for n, items_n in enumerate(pages, 1):
                html = ("<ul class=\"list\">" + "".join(map(list_item, items_n)) + "</ul>"
                        f'<div class="default_pgToolbar" count="{len(replies)}" '
                        f'rows="{ROWS}" pageNo="{n}"></div>')
                body = json.dumps({"success": True, "data": {"html": html}}, ensure_ascii=False)
                replica.add_list(api_path(key, n), body, "application/json;charset=UTF-8")
        else:
            records = "".join(f"<record><![CDATA[{list_item(r)}]]></record>" for r in pages[0])
            island = (f'<div id="{col}"><script type="text/xml"><datastore><nextgroup>'
                      f'<![CDATA[<a href="{esc(proxy_path(2))}"></a>]]></nextgroup>'
                      f"<recordset>{records}</recordset></datastore></script></div>")
            replica.add_list(column_path(key), column_html(key, island))
            for n, items_n in enumerate(pages[1:], 2):  # the island holds page 1
                records = "".join(f"<record><![CDATA[{list_item(r)}]]></record>"
                                  for r in items_n)
                xml = (f'<?xml version="1.0" encoding="UTF-8"?><datastore>'
                       f"<totalrecord>{len(replies)}</totalrecord><totalpage>{len(pages)}"
                       f"</totalpage><recordset>{records}</recordset></datastore>")
                replica.add_list(proxy_path(n), xml, "text/xml;charset=UTF-8")
    attach = replica.replies[4]
    attach.attachments.append(Attachment(
        "/module/download/downfile.jsp?classid=0&filename=2310301500123.pdf",
        "附件：办理情况表.pdf", pdf_bytes()))
    attach.html = attach.html.replace(
        '<meta name="ContentEnd">',
        '<p>附件：<a href="/module/download/downfile.jsp?classid=0&amp;filename='
        '2310301500123.pdf">办理情况表.pdf</a></p><meta name="ContentEnd">')
    for body, kind in list(replica.lists.values()):
        if kind == HTML:
            decoy_links(replica, body.decode("utf-8"))
    for reply in replica.replies:
        decoy_links(replica, reply.html)
    return replica


def pdf_bytes() -> bytes:
    from tests.test_attachment_crawl import cjk_pdf

    return cjk_pdf(("建议办理情况表", "序号 建议编号 办理单位 办理结果",
                    "1 台11号 省民政厅 已办结"))
