"""Guangzhou-cluster replica: 广州市民政局 (registry ``gz_mzj``), seed 004 among its replies.

Recorded: the page markup is ``gz_gov_news`` (www.gz.gov.cn, the city cluster's NFCMS
template: ``div.curmb`` 当前位置, ``h1.content_title``, ``div.content_attr`` date and
来源, ``#zoomcon`` body with the ``info_xgfj`` 相关附件 box, ``info_xgxw`` 相关新闻,
``window.NFCMS_SITE_ID`` scripts, header, menus and footer, most of them links to
www.gz.gov.cn, another host). From PLATFORMS.md: lists ``index.html``, ``index_2.html``,
…; details ``…/content/post_<id>.html`` with mobile twins ``mpost_<id>.html`` (the same
document); the bureau's section ``/gk/jytablgz/``; seed 004 is the Traditional copy a spam
mirror makes of such a page (path kept, text converted to Traditional, a gambling-keyword
line on top and at the end). Inferred: the post ids, the list markup and pager links, the
``NFCMS_CAT_ID``, which rows link the mobile twin.
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

ORIGIN = "https://mzj.gz.gov.cn"
RECORDED = "gz_gov_news"
SECTION = "/gk/jytablgz/"
PER_PAGE = 3


def post_path(seed: str, mobile: bool = False) -> str:
    return f"{SECTION}content/{'m' if mobile else ''}post_{number_id(seed, 7)}.html"


def _doc(title: str, crumb: str):
    doc = fresh(RECORDED)
    set_title(doc, f"\n{title} - 广州市民政局\n")
    for name, value in (("SiteName", "广州市民政局"), ("SiteDomain", "mzj.gz.gov.cn"),
                        ("ColumnName", "建议提案办理工作"), ("ColumnType", "建议提案办理")):
        set_meta(doc, name, value)
    doc.get_element_by_id("dqwz").text = None
    fill(doc.get_element_by_id("dqwz"), crumb)
    for script in doc.iter("script"):
        if script.text and "NFCMS_SITE_ID" in script.text:
            script.text = script.text.replace("200001", "200024").replace('"6858"', '"5735"')
    return doc


def reply_html(reply: Reply, source: str, spam: str | None) -> str:
    text = reply.text
    crumb = ('您當前所在位置: <a href="/">首頁</a> &gt; <a href="/gk/">公開</a> &gt; '
             f'<a href="{SECTION}">建議提案辦理工作</a>') if spam else (
        f'当前位置：<a href="/">首页</a>&nbsp;&gt;&nbsp;<a href="/gk/">公开</a>&nbsp;&gt;&nbsp;'
        f'<a href="{SECTION}">建议提案办理工作</a>')
    doc = _doc(text.title, crumb)
    for name, value in (("ArticleTitle", text.title), ("PubDate", text.date + " 10:32:00"),
                        ("ContentSource", source), ("Url", ORIGIN + reply.path)):
        set_meta(doc, name, value)
    doc.xpath("//h1[contains(@class, 'content_title')]")[0].text = text.title
    attr = doc.xpath("//div[@class='content_attr clearfix']/ul[@class='fl']")[0]
    labels = ("來源", "發布時間", "閱讀次數") if spam else ("来源", "发布时间", "阅读次数")
    fill(attr, f'<li class="ly"><span id="laiyuan">{labels[0]}: {esc(source)}</span> '
               f'<span class="date">{labels[1]}:{text.date} 10:32</span> '
               f'<span class="view">{labels[2]}:<span id="NFCMS-POST-VISIT-2">-</span></span></li>')
    zoom = doc.get_element_by_id("zoomcon")
    files = "".join(f'<li><a href="{esc(a.path)}">{esc(a.name)}</a></li>'
                    for a in reply.attachments)
    fill(zoom, paragraphs(list(text.lines)) +
         '<div class="info_xgfj"><div class="info_xgxw_title">相关附件</div>'
         f'<ul id="ul_xgfj">{files}</ul></div>')
    related = doc.get_element_by_id("ul_xggj")
    fill(related, f'<li><a href="/xxgk/zcjd/content/post_{number_id("related", 7)}.html">'
                  "关于印发广州市民政事业发展规划的通知</a></li>")
    if spam:
        body = doc.find("body")
        top = lxml_p(spam)
        body.insert(0, top)
        zoom.addnext(lxml_p(spam.split(" ", 1)[1]))
    return serialise(doc)


def lxml_p(text: str):
    import lxml.html

    return lxml.html.fragment_fromstring(f'<p class="gjc">{esc(text)}</p>')


def list_html(items: list[Reply], page: int, pages: int, mobile: set[str]) -> str:
    doc = _doc("建议提案办理工作", f'当前位置：<a href="/">首页</a>&nbsp;&gt;&nbsp;<a href="/gk/">'
                           f'公开</a>&nbsp;&gt;&nbsp;<a href="{SECTION}">建议提案办理工作</a>')
    set_meta(doc, "ArticleTitle", "")
    rows = ""
    for r in items:
        href = r.path.replace("/post_", "/mpost_") if r.path in mobile else r.path
        rows += (f'<li><a href="{href}" target="_blank" title="{esc(r.text.title)}">'
                 f'{esc(r.text.title)}</a><span class="date">{r.text.date}</span>'
                 + (f'<a class="wap" href="{r.path.replace("/post_", "/mpost_")}">手机版</a>'
                    if r.path in mobile and page == 1 else "") + "</li>")
    pager = ['<a href="index.html">首页</a>']
    if page > 1:
        pager.append(f'<a href="{"index.html" if page == 2 else f"index_{page - 1}.html"}">'
                     "上一页</a>")
    pager += [f'<a href="{"index.html" if n == 1 else f"index_{n}.html"}">{n}</a>'
              for n in range(1, pages + 1)]
    if page < pages:
        pager.append(f'<a href="index_{page + 1}.html">下一页</a>')
    pager.append(f'<a href="index_{pages}.html">尾页</a>')
    hot = (f'<div class="hot_news"><h3>热点</h3><ul><li><a href="/xxgk/zcjd/content/post_'
           f'{number_id("hot", 7)}.html">关于广州市民政局建议提案办理工作的通知</a></li>'
           "</ul></div>")
    main = doc.xpath("//div[@class='mainbox_bg content clearfix']")[0]
    replace_element(main, (
        '<div class="mainbox_bg content clearfix"><div class="news_list">'
        f'<ul class="list">{rows}</ul></div>{negatives("/attachment/0/jytabl_summary.pdf")}'
        f'<div class="page" id="page">{"".join(pager)}</div>{hot}</div>'))
    head = doc.xpath("//div[@class='content_slide']")[0]
    replace_element(head, '<div class="content_slide"><h2 class="lm_title">建议提案办理工作</h2>'
                          "</div>")
    return serialise(doc)


def _seed_004() -> tuple[Text, str]:
    lines = seed_lines(4)
    spam, title = lines[0], lines[2]
    start = next(i for i, line in enumerate(lines) if line.startswith("來源"))
    body = tuple(line.strip() for line in lines[start + 1:-1])
    return Text(title, body, "", "2019-07-15"), spam


def build() -> Replica:
    replica = Replica("guangzhou", "guangzhou", (SECTION + "index.html",), ORIGIN,
                      registry="gz_mzj", recorded=RECORDED, provenance=__doc__)
    seed, spam = _seed_004()
    texts = [seed, *pool(8, offset=2)]
    for i, text in enumerate(texts):
        reply = Reply(post_path(f"gz{i}"), text, gold="004" if i == 0 else None)
        if i == 3:
            reply.attachments.append(Attachment(
                f"/attachment/7/{number_id('att', 6)}/2459183.pdf", "提案办理情况表.pdf", _pdf()))
        reply.html = reply_html(reply, text.publisher, spam if i == 0 else None)
        replica.replies.append(reply)
    mobile = {replica.replies[1].path, replica.replies[5].path}  # rows linking the twin
    pages = -(-len(texts) // PER_PAGE)
    for page in range(1, pages + 1):
        items = replica.replies[(page - 1) * PER_PAGE: page * PER_PAGE]
        path = SECTION + ("index.html" if page == 1 else f"index_{page}.html")
        replica.add_list(path, list_html(items, page, pages, mobile))
    for reply in replica.replies:  # the mobile twins are served too: the same page
        replica.add_decoy(reply.path.replace("/post_", "/mpost_"), reply.html.encode("utf-8"))
    for html in [*(b.decode() for b, _ in replica.lists.values()),
                 *(r.html for r in replica.replies)]:
        decoy_links(replica, html)
    return replica


def _pdf() -> bytes:
    from tests.test_attachment_crawl import cjk_pdf

    return cjk_pdf(("提案办理情况表", "广州市民政局 已办结"))
