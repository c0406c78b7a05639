"""Per-session folders replica: 辽宁省 省人大代表建议 (one list per congress session).

No page of this form is recorded. From PLATFORMS.md: one folder per congress session,
``/jyta/srddbjy/sssjrdschy2025n/index.shtml``, details ``/…/<14-digit id>/index.shtml``.
Inferred: the host and the ``/zwgk/`` prefix, the session folder names of 2023 and 2024,
the section page linking the sessions, a session paged on with ``index_1.shtml``, the
layout, header and footer.
"""

from __future__ import annotations

from .kit import Attachment, Replica, Reply, decoy_links, esc, negatives, paragraphs, pool

ORIGIN = "https://www.ln.gov.cn"
SECTION = "/zwgk/jyta/srddbjy/"
SESSIONS = (("sssjrdschy2025n", "省十四届人大三次会议（2025年）", 2025),
            ("sssjrdechy2024n", "省十四届人大二次会议（2024年）", 2024),
            ("sssjrdychy2023n", "省十四届人大一次会议（2023年）", 2023))
PER_PAGE = 3


def chrome(title: str, crumb: str, main: str) -> str:
    menu = "".join(f'<li><a href="/{p}/index.shtml">{t}</a></li>' for p, t in (
        ("zwgk", "政务公开"), ("zwfw", "政务服务"), ("hdjl", "互动交流"), ("zjln", "走进辽宁")))
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{esc(title)}_辽宁省人民政府'
            f'</title></head><body><div class="header"><a href="/index.shtml">辽宁省人民政府</a>'
            f'<ul class="nav">{menu}</ul></div><div class="location">当前位置：'
            f'<a href="/index.shtml">首页</a> &gt; <a href="/zwgk/index.shtml">政务公开</a> &gt; '
            f'<a href="/zwgk/jyta/index.shtml">建议提案办理</a> &gt; {crumb}</div>'
            f'<div class="main">{main}</div><div class="footer">主办：辽宁省人民政府办公厅 '
            '<a href="/wzdt/index.shtml">网站地图</a></div></body></html>')


def reply_html(reply: Reply, session: str) -> str:
    text = reply.text
    attach = "".join(f'<p>附件：<a href="{esc(a.path)}">{esc(a.name)}</a></p>'
                     for a in reply.attachments)
    return chrome(text.title, esc(session), (
        f'<div class="article"><h1>{esc(text.title)}</h1><div class="info">'
        f"发布时间：{text.date} 来源：{esc(text.publisher)}</div>"
        f'<div class="TRS_Editor">{paragraphs(list(text.lines))}{attach}</div></div>'))


def session_html(items: list[Reply], name: str, page: int, pages: int) -> str:
    rows = "".join(f'<li><a href="./{r.path.rsplit("/", 2)[1]}/index.shtml" target="_blank">'
                   f"{esc(r.text.title)}</a><span>{r.text.date}</span></li>" for r in items)
    pager = " ".join(
        f'<a href="{"index.shtml" if n == 1 else f"index_{n - 1}.shtml"}">{n}</a>'
        for n in range(1, pages + 1)) if pages > 1 else ""
    return chrome(name, esc(name), (
        f'<div class="list"><h2>{esc(name)}</h2><ul>{rows}</ul>'
        f"{negatives('/zwgk/jyta/upload/jytabl_summary.pdf')}"
        f'<div class="page">{pager}</div></div>'))


def section_html() -> str:
    rows = "".join(f'<li><a href="./{folder}/index.shtml">{esc(name)}</a></li>'
                   for folder, name, _ in SESSIONS)
    return chrome("省人大代表建议", "省人大代表建议", (
        f'<div class="sessions"><h2>省人大代表建议</h2><ul>{rows}</ul></div>'
        '<div class="other"><a href="/zwgk/jyta/zxtadf/index.shtml">省政协提案答复</a> '
        '<a href="/zwgk/jyta/blqk/index.shtml">办理情况综述</a></div>'))


def build() -> Replica:
    replica = Replica("sessions", "sessions", (SECTION + "index.shtml",), ORIGIN,
                      provenance=__doc__)
    replica.add_list(SECTION + "index.shtml", section_html())
    texts = iter(pool(10, offset=14))
    for s, (folder, name, year) in enumerate(SESSIONS):
        count = 4 if s == 0 else 3
        replies = []
        for i in range(count):
            text = next(texts)
            stamp = f"{year}0{6 + i}1{s}093015"
            reply = Reply(f"{SECTION}{folder}/{stamp}/index.shtml", text)
            if s == 1 and i == 0:
                reply.attachments.append(Attachment(f"{SECTION}{folder}/{stamp}/P020240612.pdf",
                                                    "建议办理情况表.pdf", _pdf()))
            reply.html = reply_html(reply, name)
            replies.append(reply)
        replica.replies += replies
        pages = -(-count // PER_PAGE)
        for page in range(1, pages + 1):
            path = f"{SECTION}{folder}/" + ("index.shtml" if page == 1 else
                                            f"index_{page - 1}.shtml")
            replica.add_list(path, session_html(replies[(page - 1) * PER_PAGE: page * PER_PAGE],
                                                name, page, pages))
    for html in [*(b.decode() for b, _ in replica.lists.values()),
                 *(r.html for r in replica.replies)]:
        decoy_links(replica, html)
    return replica


def _pdf() -> bytes:
    from tests.test_attachment_crawl import cjk_pdf

    return cjk_pdf(("建议办理情况表", "辽宁省 已办结"))
