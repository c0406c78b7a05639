"""VSB / 博达 replica: 红河州民政局 (registry ``honghe_mzj``), seed 000 among its replies.

No VSB page is recorded in the corpus: the markup follows PLATFORMS.md (lists
``<section>.htm`` and ``<section>/N.htm`` numbered down, pager ``div.pb_sys_common`` with
``span.p_no``/``span.p_next``/``span.p_last``/``span.p_t``, details ``/info/<col>/<id>.htm``,
body ``#vsb_content .v_news_content``, metadata ``div.label span``) and stored VSB pages
of public sites (list rows ``li id="line_u5_N"``, ``_showDynClickBatch``, scripts under
``/system/resource/``, attachments ``/system/_content/download.jsp?…wbfileid=``).
Inferred: the section's paths under ``/zfxxgk/fdzdgknr/jyta/`` (the form PLATFORMS.md
gives for hh.gov.cn lists), the column ids, the header, menu and footer.
"""

from __future__ import annotations

from .kit import (
    Attachment,
    Replica,
    Reply,
    Text,
    decoy_links,
    esc,
    negatives,
    paragraphs,
    pool,
    seed_lines,
)

ORIGIN = "https://www.hh.gov.cn"
SECTION = "/zfxxgk/fdzdgknr/jyta/zxwyta"
START = SECTION + ".htm"
COLUMN = "1563"
PER_PAGE = 3


def chrome(title: str, crumb: str, main: str) -> str:
    """A VSB page: header, menu, breadcrumb, the main area, footer, VSB scripts."""
    menu = "".join(f'<li><a href="/{p}.htm">{t}</a></li>' for p, t in (
        ("index", "首页"), ("zwgk", "政务公开"), ("zwfw", "政务服务"), ("hdjl", "互动交流"),
        ("zfxxgk", "政府信息公开")))
    return (
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\">"
        f"<title>{esc(title)}-红河州民政局</title>"
        '<meta name="SiteName" content="红河州民政局">'
        '<link rel="stylesheet" href="/system/resource/css/pagedown/sys.css">'
        '<script type="text/javascript" src="/system/resource/js/counter.js"></script>'
        '<script type="text/javascript" src="/system/resource/js/dynclicks.js"></script>'
        "</head><body>"
        '<div class="header"><div class="logo"><a href="/index.htm">红河州民政局</a></div>'
        f'<ul class="nav">{menu}</ul></div>'
        f'<div class="dqwz">当前位置：<a href="/index.htm">首页</a> &gt; {crumb}</div>'
        f'<div class="container">{main}</div>'
        '<div class="footer"><p><a href="/wzdt.htm">网站地图</a> | <a href="/lxwm.htm">联系我们</a>'
        "</p><p>主办单位：红河州民政局 滇ICP备05001234号 网站标识码5325000012</p></div>"
        "</body></html>")


def crumb() -> str:
    return ('<a href="/zfxxgk.htm">政府信息公开</a> &gt; <a href="/zfxxgk/fdzdgknr.htm">'
            f'法定主动公开内容</a> &gt; <a href="{START}">政协提案</a>')


def reply_html(reply: Reply, facts: list[tuple[str, str]]) -> str:
    text = reply.text
    label = "".join(f"<span>{esc(k)}：{esc(v)}</span>" for k, v in facts)
    attach = "".join(
        f'<li>附件【<a href="{esc(a.path)}">{esc(a.name)}</a>】已下载<span id="nattach{i}">'
        f"<script>getClickTimes({i},1563,\"wbnewsfile\",\"attach\")</script></span>次</li>"
        for i, a in enumerate(reply.attachments))
    main = (
        '<form name="_newscontent_fromname"><div class="article">'
        f"<h1>{esc(text.title)}</h1>"
        f'<div class="label">{label}</div>'
        '<div id="vsb_content"><div class="v_news_content">'
        f"{paragraphs(list(text.lines))}</div></div>"
        + (f'<ul style="list-style-type:none;">{attach}</ul>' if attach else "")
        + '<div class="related"><h3>相关文章</h3><ul>'
        f'<li><a href="/info/1564/{52000 + len(text.title)}.htm">'
        "红河州民政局2021年工作总结</a></li>"
        "</ul></div></div></form>"
        '<script>_showDynClicks("wbnews", 1563, 51234)</script>')
    return chrome(text.title, crumb(), main)


def pager(page: int, pages: int) -> str:
    """The VSB pager of page ``page`` (1-based): page k >= 2 is ``zxwyta/{pages-k+1}.htm``."""
    prefix = "zxwyta/" if page == 1 else ""

    def href(k: int) -> str:
        return ("../zxwyta.htm" if page > 1 else "zxwyta.htm") if k == 1 else \
            f"{prefix}{pages - k + 1}.htm"

    spans = [f'<span class="p_t">共{pages * PER_PAGE}条</span> <span class="p_pages">']
    spans.append('<span class="p_first_d p_fun_d">首页</span>' if page == 1 else
                 f'<span class="p_first p_fun"><a href="{href(1)}">首页</a></span>')
    for k in range(1, pages + 1):
        spans.append(f'<span class="p_no_d">{k}</span>' if k == page else
                     f'<span class="p_no"><a href="{href(k)}">{k}</a></span>')
    if page < pages:
        spans.append(f'<span class="p_next p_fun"><a href="{href(page + 1)}">下页</a></span>'
                     f'<span class="p_last p_fun"><a href="{href(pages)}">尾页</a></span>')
    spans.append(f'</span> <span class="p_t">{page}/{pages}</span>')
    return ('<div class="pb_sys_common pb_sys_normal pb_sys_style1" '
            f'style="margin-top:10px;text-align:center;">{"".join(spans)}</div>')


def list_html(items: list[Reply], page: int, pages: int) -> str:
    rows = "".join(
        f'<li id="line_u5_{i}"><a href="{"../" * (page > 1)}../../../info/{COLUMN}/'
        f'{r.path.rsplit("/", 1)[1]}" title="{esc(r.text.title)}">{esc(r.text.title)}</a>'
        f'<span class="time">{r.text.date}</span></li>'
        f'<span id="section_u5_{i}" style="display:none;"><hr></span>'
        for i, r in enumerate(items))
    ids = ",".join(f"'dynclicks_u5_{r.path.rsplit('/', 1)[1][:-4]}'" for r in items)
    main = (
        '<div class="list"><h2>政协提案</h2>'
        f'<ul class="list_ul">{rows}</ul>'
        f"{negatives('/__local/resources/jytabl_summary.pdf')}"
        f"{pager(page, pages)}"
        f"<script>_showDynClickBatch([{ids}],[],\"wbnews\", 1563)</script></div>"
        '<div class="hot"><h3>热点关注</h3><ul>'
        '<li><a href="/info/1564/51999.htm">关于做好2022年建议提案办理工作的通知</a></li>'
        '<li><a href="/info/1565/41234.htm">红河州民政局关于政协提案办理情况的报告</a></li>'
        "</ul></div>")
    return chrome("政协提案", crumb(), main)


def page_path(page: int, pages: int) -> str:
    return START if page == 1 else f"{SECTION}/{pages - page + 1}.htm"


def build() -> Replica:
    replica = Replica("vsb", "vsb", (START,), ORIGIN, registry="honghe_mzj",
                      provenance=__doc__)
    seed = seed_lines(0)
    texts = [Text(seed[6], tuple(seed[7:]), "红河州民政局", "2021-11-02"), *pool(8, offset=4)]
    for i, text in enumerate(texts):
        reply = Reply(f"/info/{COLUMN}/{51230 + i}.htm", text, gold="000" if i == 0 else None)
        if i == 0:
            facts = [(line[2:].split(":", 1)[0], line.split(":", 1)[1].strip())
                     for line in seed[1:6]]
        else:
            facts = [("索引号", f"20240913-2109{i:02d}-{700 + i}"), ("发布机构", text.publisher),
                     ("文号", ""), ("发布日期", text.date), ("时效性", "有效")]
        if i == 5:
            reply.attachments.append(Attachment(
                "/system/_content/download.jsp?urltype=news.DownloadAttachUrl&owner=1563"
                "&wbfileid=8123401", "附件1：提案办理情况表.pdf", _pdf()))
        reply.html = reply_html(reply, facts)
        replica.replies.append(reply)
    pages = -(-len(texts) // PER_PAGE)
    for page in range(1, pages + 1):
        items = replica.replies[(page - 1) * PER_PAGE: page * PER_PAGE]
        replica.add_list(page_path(page, pages), list_html(items, page, pages))
    for html in [*(b.decode() for b, _ in replica.lists.values()),
                 *(r.html for r in replica.replies)]:
        decoy_links(replica, html)
    return replica


def _pdf() -> bytes:
    from tests.test_attachment_crawl import cjk_pdf

    return cjk_pdf(("提案办理情况表", "第77号 红河州民政局 已办结"))
