"""Guangdong gkmlpt replica: 广东省民政厅 政府信息公开目录, 建议提案办理 category.

No gkmlpt page is recorded. From PLATFORMS.md: ``/gkmlpt/index`` holds ``SID`` and the
category ``TREE`` in ``window._CONFIG``; lists are JSON, ``/gkmlpt/api/all/<cat_id>?page=N
&sid=<sid>`` (``classify.post_count``, ``articles[]`` with url/title/date); content pages
embed the article as JSON (``DETAIL.content``). From public crawlers of gd.gov.cn: the
list's ``total`` and its absolute ``url``s, ``display_publish_time`` / ``first_publish_time``
as epoch seconds, ``publisher``, ``document_number``. Inferred: the page shells (a Vue
app's ``div#app``), the SID and category ids, ``identifier`` (索引号) and the shape of the
``DETAIL`` object, three articles per API page (the real API gives 100).
The list's article URLs are absolute on the portal's host, as the real API gives them:
a crawl of this replica goes through a registry entry and ``-a base_url``.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

from .kit import Attachment, Replica, Reply, decoy_links, esc, number_id, pool

ORIGIN = "https://smzt.gd.gov.cn"
SID = "755331"
CATEGORY = 2401
PER_PAGE = 3
TREE = [{"id": 2390, "name": "机构职能", "children": []},
        {"id": 2395, "name": "政策文件", "children": [{"id": 2396, "name": "规范性文件"}]},
        {"id": CATEGORY, "name": "建议提案办理", "children": [
            {"id": 2402, "name": "人大代表建议"}, {"id": 2403, "name": "政协提案"}]},
        {"id": 2410, "name": "统计数据", "children": []}]


def epoch(date: str) -> int:
    return int(datetime.fromisoformat(date).replace(tzinfo=UTC).timestamp()) + 3600


def shell(title: str, script: str) -> str:
    return ("<!DOCTYPE html><html><head><meta charset=\"utf-8\">"
            f"<title>{esc(title)}</title>"
            "<link rel=\"stylesheet\" href=\"/gkmlpt/static/css/app.css\">"
            f"</head><body><div class=\"header\"><a href=\"/\">广东省民政厅</a> "
            "<a href=\"/gkmlpt/index\">政府信息公开目录</a> <a href=\"/zwgk/\">政务公开</a></div>"
            f'<div id="app"></div><script>{script}</script>'
            '<script src="/gkmlpt/static/js/app.js"></script></body></html>')


def build() -> Replica:
    replica = Replica("gkmlpt", "gkmlpt", ("/gkmlpt/index",), ORIGIN, provenance=__doc__)
    config = {"SID": SID, "SITE_NAME": "广东省民政厅", "TREE": TREE}
    replica.add_list("/gkmlpt/index", shell("政府信息公开目录 广东省民政厅",
                                            "window._CONFIG = " + json.dumps(config,
                                                                             ensure_ascii=False)))
    articles = []
    for i, text in enumerate(pool(8, offset=6)):
        post = number_id(f"gk{i}", 7)
        path = f"/gkmlpt/content/3/{post // 1000}/post_{post}.html"
        content = "".join(f"<p>{esc(line)}</p>" for line in text.lines)
        reply = Reply(path, text)
        if i == 2:
            pdf = f"/attachment/0/512/512{post % 1000:03d}/{post}.pdf"
            reply.attachments.append(Attachment(pdf, "建议办理情况表.pdf", _pdf()))
            content += f'<p>附件：<a href="{pdf}">建议办理情况表.pdf</a></p>'
        detail = {"id": post, "title": text.title, "content": content,
                  "publisher": text.publisher, "identifier": f"006940116/2023-{1000 + i:05d}",
                  "document_number": "", "display_publish_time": epoch(text.date),
                  "classify_main_name": "建议提案办理"}
        reply.html = shell(f"{text.title} 广东省民政厅",
                           "window.DETAIL = " + json.dumps(detail, ensure_ascii=False) + ";")
        replica.replies.append(reply)
        articles.append({"id": post, "title": text.title, "url": ORIGIN + path,
                         "publisher": text.publisher, "document_number": "",
                         "first_publish_time": epoch(text.date),
                         "display_publish_time": epoch(text.date)})
    pages = -(-len(articles) // PER_PAGE)
    for page in range(1, pages + 1):
        body = {"total": len(articles), "articles": articles[(page - 1) * PER_PAGE:
                                                               page * PER_PAGE],
                "classify": {"id": CATEGORY, "name": "建议提案办理", "post_count": len(articles)}}
        replica.add_list(f"/gkmlpt/api/all/{CATEGORY}?page={page}&sid={SID}",
                         json.dumps(body, ensure_ascii=False), "application/json;charset=UTF-8")
    # the other categories answer too (a crawl that followed them would be wrong)
    for other in (2390, 2395, 2410):
        body = {"total": 1, "articles": [{"id": other, "title": "关于印发民政事业发展规划的通知",
                                          "url": f"{ORIGIN}/gkmlpt/content/3/1/post_{other}.html"}]}
        replica.add_decoy(f"/gkmlpt/api/all/{other}?page=1&sid={SID}",
                          json.dumps(body, ensure_ascii=False).encode(), "application/json")
        replica.add_decoy(f"/gkmlpt/content/3/1/post_{other}.html",
                          shell("其他栏目", "window.DETAIL = {\"title\": \"其他\", \"content\": "
                                "\"<p>其他栏目的文件。</p>\"};").encode())
    for html in [b.decode() for b, t in replica.lists.values() if "html" in t]:
        decoy_links(replica, html)
    return replica


def _pdf() -> bytes:
    from tests.test_attachment_crawl import cjk_pdf

    return cjk_pdf(("建议办理情况表", "广东省民政厅 已办结"))
