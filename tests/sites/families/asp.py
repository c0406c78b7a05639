"""ASP / GBK replica: 濮阳市民政局 (registry ``puyang_mzj``), seed 003 among its replies.

No ASP page is recorded. From PLATFORMS.md: older city portals on ASP / ASP.NET, lists
``…_search.asp?words=<GBK percent-encoded>&page=N`` (or ``NewsList.aspx?ClassID=&page=N``),
pages declared and served as GBK/GB2312 (www.puyang.gov.cn is ASP and GBK). Inferred: the
table layout, the ``/mzj/`` folder, the search words (建议答复), the detail form
``ShowNews.asp?id=N``, the info table of the reply page (文号 / 签发人 / 发布机构 / 发布日期,
the letter head of seed 003), and everything else. Every page is GBK; most declare it in
the Content-Type header, seed 003's page only in its ``<meta>``.
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

ORIGIN = "http://www.puyang.gov.cn"
WORDS = "%BD%A8%D2%E9%B4%F0%B8%B4"  # 建议答复 in GBK, percent-encoded
LIST = "/mzj/news_search.asp"
START = f"{LIST}?words={WORDS}&page=1"
PER_PAGE = 3
GBK = "text/html; charset=gb2312"


def chrome(title: str, main: str) -> str:
    menu = "".join(f'<td><a href="/mzj/{p}">{t}</a></td>' for p, t in (
        ("index.asp", "首页"), ("news_list.asp?classid=1", "工作动态"),
        ("news_list.asp?classid=2", "政策法规"), ("news_list.asp?classid=3", "办事指南")))
    return (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
        f"<title>{esc(title)}--濮阳市民政局</title></head><body>"
        '<table width="980" align="center" class="top"><tr><td class="logo">濮阳市民政局</td></tr>'
        f'</table><table width="980" align="center" class="menu"><tr>{menu}</tr></table>'
        f'<table width="980" align="center"><tr><td>{main}</td></tr></table>'
        '<table width="980" align="center" class="bottom"><tr><td>'
        '<a href="/mzj/about.asp">关于我们</a> | <a href="/mzj/sitemap.asp">网站地图</a><br>'
        "版权所有：濮阳市民政局 豫ICP备05012345号</td></tr></table></body></html>")


def reply_html(reply: Reply, info: list[tuple[str, str]]) -> str:
    text = reply.text
    cells = "".join(f"<td>{esc(k)}：{esc(v)}</td>" for k, v in info)
    attach = "".join(f'<p>附件：<a href="{esc(a.path)}">{esc(a.name)}</a></p>'
                     for a in reply.attachments)
    main = (
        '<table width="100%" class="position"><tr><td>您现在的位置：<a href="/mzj/index.asp">'
        f'首页</a> &gt;&gt; <a href="{START}">建议提案答复</a></td></tr></table>'
        f'<table width="100%" class="article"><tr><td class="title" align="center">'
        f"<h1>{esc(text.title)}</h1></td></tr>"
        f'<tr><td><table class="newsinfo" width="100%"><tr>{cells}'
        '<td>点击数：<script src="/mzj/count.asp?id=1"></script></td></tr></table></td></tr>'
        f'<tr><td id="fontzoom" class="content">{paragraphs(list(text.lines))}{attach}</td></tr>'
        '<tr><td align="right">【<a href="javascript:window.print()">打印本页</a>】'
        '【<a href="javascript:window.close()">关闭窗口</a>】</td></tr></table>')
    return chrome(text.title, main)


def page_link(page: int) -> str:
    return f"news_search.asp?words={WORDS}&amp;page={page}"


def list_html(items: list[Reply], page: int, pages: int) -> str:
    rows = "".join(
        f'<tr><td class="list"><a href="ShowNews.asp?id={r.path.rsplit("=", 1)[1]}" '
        f'target="_blank">{esc(r.text.title)}</a></td><td>{r.text.date}</td></tr>'
        for r in items)
    nav = [f'<a href="{page_link(1)}">首页</a>']
    if page > 1:
        nav.append(f'<a href="{page_link(page - 1)}">上一页</a>')
    if page < pages:
        nav.append(f'<a href="{page_link(page + 1)}">下一页</a>')
    nav.append(f'<a href="{page_link(pages)}">尾页</a>')
    main = (
        '<table width="100%" class="position"><tr><td>您现在的位置：<a href="/mzj/index.asp">'
        "首页</a> &gt;&gt; 建议提案答复</td></tr></table>"
        f'<table width="100%" class="news_list">{rows}</table>'
        f"{negatives('/mzj/UploadFile/2021/jytabl_summary.pdf')}"
        f'<table width="100%"><tr><td align="center">共{len(items) and pages}页 第{page}/{pages}页 '
        f'{" ".join(nav)}</td></tr></table>'
        '<table class="right"><tr><td><b>热门文章</b></td></tr>'
        '<tr><td><a href="ShowNews.asp?id=9001">关于2021年全市民政工作要点的通知</a></td></tr>'
        "</table>")
    return chrome("建议提案答复", main)


def build() -> Replica:
    replica = Replica("asp", "asp", (START,), ORIGIN, registry="puyang_mzj", provenance=__doc__)
    seed = seed_lines(3)
    seed_text = Text(seed[2].strip(), tuple(line.strip() for line in seed[3:]),
                     "濮阳市民政局", "2021-07-09")
    texts = [seed_text, *pool(8, offset=16)]
    for i, text in enumerate(texts):
        reply = Reply(f"/mzj/ShowNews.asp?id={3950 + i}", text, encoding="gbk",
                      declared=i != 0, gold="003" if i == 0 else None)
        if i == 0:
            info = [("文号", "濮民文〔2021〕44号"), ("签发人", "冯  勇"),
                    ("发布机构", "濮阳市民政局"), ("发布日期", "2021-07-09")]
        else:
            info = [("发布机构", text.publisher), ("发布日期", text.date)]
        if i == 6:
            reply.attachments.append(Attachment("/mzj/UploadFile/2021/7/20210709153012.pdf",
                                                "建议办理情况表.pdf", _pdf()))
        reply.html = reply_html(reply, info)
        replica.replies.append(reply)
    pages = -(-len(texts) // PER_PAGE)
    for page in range(1, pages + 1):
        items = replica.replies[(page - 1) * PER_PAGE: page * PER_PAGE]
        replica.add_list(f"{LIST}?words={WORDS}&page={page}", list_html(items, page, pages),
                         GBK, encoding="gbk")
    for html in [*(b.decode("gbk") for b, _ in replica.lists.values()),
                 *(r.html for r in replica.replies)]:
        decoy_links(replica, html)
    replica.add_decoy("/mzj/ShowNews.asp?id=9001",
                      chrome("关于2021年全市民政工作要点的通知", "<p>其他栏目的文件。</p>")
                      .encode("gbk"), GBK)
    return replica


def _pdf() -> bytes:
    from tests.test_attachment_crawl import cjk_pdf

    return cjk_pdf(("建议办理情况表", "濮阳市民政局 已办结"))
