"""UCAP / 开普云 replica: 四川省人民政府 省人大代表建议和答复 column.

Recorded: the reply-page markup is ``sc_gov_mianyang_news`` (www.sc.gov.cn: the article in
``<UCAPTITLE>``/``<UCAPCONTENT>`` twice, the normal copy in ``#articlecontent`` /
``#cmsArticleContent`` and the 长者专区 copy in ``div#zzzqcontentwrap2022``; metas
``ColumnName``/``ColumnType``/``Url``; the unlabelled date and 来源 under the title;
header, menus, footer). From PLATFORMS.md: meta ``ColumnName`` 省人大代表建议和答复, the
elder-mode copy. Inferred: the list pages in the column's folder (``list.shtml``,
``list_2.shtml`` … with 下一页/尾页 links; no UCAP list page is recorded), the column id,
the detail paths ``<column>/YYYY/M/D/<32 hex>.shtml`` (the recorded page's form).
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
    hex_id,
    negatives,
    paragraphs,
    pool,
    replace_element,
    serialise,
    set_meta,
    set_title,
)

ORIGIN = "http://www.sc.gov.cn"
RECORDED = "sc_gov_mianyang_news"
COLUMN = "/10462/10464/13298/"
DETAILS = COLUMN
PER_PAGE = 3


def reply_html(reply: Reply) -> str:
    text = reply.text
    doc = fresh(RECORDED, ORIGIN)
    set_title(doc, f"{text.title}- 四川省人民政府网站")
    y, m, d = text.date.split("-")
    for name, value in (("ArticleTitle", text.title), ("PubDate", text.date + " 10:16:14"),
                        ("ColumnName", "省人大代表建议和答复"), ("ColumnType", "建议提案"),
                        ("ContentSource", text.publisher), ("Url", ORIGIN + reply.path)):
        set_meta(doc, name, value)
    attach = "".join(f'<p>附件：<a href="{esc(a.path)}">{esc(a.name)}</a></p>'
                     for a in reply.attachments)
    for title in doc.xpath("//ucaptitle"):
        title.text = text.title
    for content in doc.xpath("//ucapcontent"):
        fill(content, paragraphs(list(text.lines)) + attach)
    when = f"{y}年{m}月{d}日 09时32分"
    for li in doc.xpath("//ul[@id='articleattribute']/li[1] | //div[@id='wzmessg']/li[1]"):
        li.text = when
    for li in doc.xpath("//ul[@id='articleattribute']/li[2] | //div[@id='wzmessg']/li[2]"):
        li.text = f"来源:{text.publisher}"
    return serialise(doc)


def list_html(items: list[Reply], page: int, pages: int) -> str:
    doc = fresh(RECORDED, ORIGIN)
    set_title(doc, "省人大代表建议和答复- 四川省人民政府网站")
    set_meta(doc, "ArticleTitle", "")
    set_meta(doc, "ColumnName", "省人大代表建议和答复")
    rows = "".join(f'<li><a href="{r.path}" target="_blank" title="{esc(r.text.title)}">'
                   f'{esc(r.text.title)}</a><span>{r.text.date}</span></li>' for r in items)

    def name(n: int) -> str:
        return "list.shtml" if n == 1 else f"list_{n}.shtml"

    pager = [f'<a href="{name(1)}">首页</a>']
    if page > 1:
        pager.append(f'<a href="{name(page - 1)}">上一页</a>')
    if page < pages:
        pager.append(f'<a href="{name(page + 1)}">下一页</a>')
    pager.append(f'<a href="{name(pages)}">尾页</a>')
    side = (f'<div class="xglj"><h3>相关链接</h3><a href="/10462/10464/10797/2024/1/5/'
            f'{hex_id("side")}.shtml">关于做好2024年建议提案办理工作的通知</a></div>')
    main = doc.get_element_by_id("content")
    replace_element(main, (
        '<div id="content"><div class="lmlist"><h2>省人大代表建议和答复</h2>'
        f'<ul class="list">{rows}</ul>{negatives(COLUMN + "jytabl_summary.pdf")}'
        f'<div class="page">{" ".join(pager)} 共{pages}页</div></div>{side}</div>'))
    elder = doc.get_element_by_id("zzzqcontentwrap2022")
    elder.getparent().remove(elder)
    return serialise(doc)


def build() -> Replica:
    replica = Replica("ucap", "ucap", (COLUMN + "list.shtml",), ORIGIN, recorded=RECORDED,
                      provenance=__doc__)
    for i, text in enumerate(pool(8, offset=5)):
        y, m, d = text.date.split("-")
        reply = Reply(f"{DETAILS}{y}/{int(m)}/{int(d)}/{hex_id('sc' + str(i))}.shtml", text)
        if i == 3:
            reply.attachments.append(Attachment(
                f"/10462/10464/13298/{y}/{int(m)}/{int(d)}/{hex_id('scf')}/files/"
                f"{hex_id('scfile')}.pdf", "建议办理情况表.pdf", _pdf()))
        reply.html = reply_html(reply)
        replica.replies.append(reply)
    pages = -(-len(replica.replies) // PER_PAGE)
    for page in range(1, pages + 1):
        items = replica.replies[(page - 1) * PER_PAGE: page * PER_PAGE]
        replica.add_list(COLUMN + ("list.shtml" if page == 1 else f"list_{page}.shtml"),
                         list_html(items, page, pages))
    for html in [*(b.decode() for b, _ in replica.lists.values()),
                 *(r.html for r in replica.replies)]:
        decoy_links(replica, html)
    return replica


def _pdf() -> bytes:
    from tests.test_attachment_crawl import cjk_pdf

    return cjk_pdf(("建议办理情况表", "四川省 已办结"))
