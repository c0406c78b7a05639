"""TRS WCM replica: 平潭综合实验区 议案提案 · 政协提案, paged with ``createPageHTML``.

Recorded: the list page ``lists/pingtan_zxta.html`` (its chrome, the avalon list blocks
``div[ms-visible^='$showStatic(']`` and rows) and the 14 recorded ``pingtan_zxta_*`` reply
pages, served byte for byte at their own paths (one of them with an attachment link
added to its body). From PLATFORMS.md: lists ``index.htm``, ``index_1.htm`` …, the total
announced by ``createPageHTML(<pages>, <current>, "index", "htm")``, details
``./YYYYMM/tYYYYMMDD_<id>.htm``. Inferred: the section split into three static pages of
five (the recorded column holds every record in page 1 behind ``pageChnlInfo``, which
this replica replaces by the ``createPageHTML`` pager of other TRS sites).
"""

from __future__ import annotations

import csv
from urllib.parse import urlsplit

import lxml.html

from .kit import (
    CORPUS,
    Attachment,
    Replica,
    Reply,
    Text,
    decoy_links,
    esc,
    negatives,
    replace_element,
    serialise,
)

ORIGIN = "https://www.pingtan.gov.cn"
SECTION = "/zwgk/zdlyxxgk/yata/zxta/"
PER_PAGE = 5
PDF = SECTION + "202312/P020231206512345678901.pdf"


def recorded_replies() -> list[tuple[str, str, str]]:
    """(path, page HTML, title) of the recorded 政协提案 reply pages, newest first."""
    with open(CORPUS / "MANIFEST.tsv", encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader(fh, delimiter="\t")
                if r["id"].startswith("pingtan_zxta_")]
    out = []
    for row in rows:
        html = (CORPUS / row["html"]).read_text(encoding="utf-8")
        gold = (CORPUS / "gold" / f"{row['id']}.txt").read_text(encoding="utf-8").split("\n")
        out.append((urlsplit(row["url"]).path, html, gold[6]))
    return sorted(out, key=lambda r: r[0], reverse=True)


def list_html(items: list[Reply], page: int, pages: int) -> str:
    doc = lxml.html.fromstring((CORPUS / "lists" / "pingtan_zxta.html").read_text("utf-8"))
    for script in doc.iter("script"):
        if script.text and "pageChnlInfo" in script.text:
            script.text = f"var currentPage = {page};"
    rows = "".join(
        f'<li><a href=".{r.path[len(SECTION) - 1:]}" target="_blank" title="{esc(r.text.title)}">'
        f'{esc(r.text.title)}</a><em></em><span class="bf-pass">{r.text.date}</span></li>'
        for r in items)
    block = doc.xpath("//div[@ms-visible='showStatic']")[0]
    replace_element(block, (
        f'<div ms-visible="showStatic"><div ms-visible="$showStatic(1)"><ul>{rows}</ul></div>'
        f"{negatives(SECTION + 'W020240101000000000001.pdf')}"
        '<div class="page" id="page_div"></div>'
        f'<script>createPageHTML({pages}, {page - 1}, "index", "htm");</script></div>'))
    return serialise(doc)


def build() -> Replica:
    replica = Replica("trs", "trs", (SECTION,), ORIGIN, recorded="pingtan_zxta (list and replies)",
                      provenance=__doc__)
    for path, html, title in recorded_replies():
        date = "20" + path.split("/t20", 1)[1][:6]
        reply = Reply(path, Text(title, (), "", f"{date[:4]}-{date[4:6]}-{date[6:8]}"), html=html)
        replica.replies.append(reply)
    with_pdf = next(r for r in replica.replies if r.path.endswith("_82872.htm"))
    with_pdf.attachments.append(Attachment(PDF, "附件：办理情况表.pdf", _pdf()))
    body = '<div class="article_content article_content_01 font_family_cn"'
    head, rest = with_pdf.html.split(body, 1)
    opening, content = rest.split(">", 1)
    with_pdf.html = (f'{head}{body}{opening}><p><a href="./P020231206512345678901.pdf">'
                     f"附件：办理情况表.pdf</a></p>{content}")
    pages = -(-len(replica.replies) // PER_PAGE)
    for page in range(1, pages + 1):
        items = replica.replies[(page - 1) * PER_PAGE: page * PER_PAGE]
        html = list_html(items, page, pages)
        replica.add_list(SECTION + ("index.htm" if page == 1 else f"index_{page - 1}.htm"), html)
        if page == 1:
            replica.add_list(SECTION, html)
    for html in [*(b.decode() for b, _ in replica.lists.values()),
                 *(r.html for r in replica.replies)]:
        decoy_links(replica, html.replace(ORIGIN + "/", "/"))
    return replica


def _pdf() -> bytes:
    from tests.test_attachment_crawl import cjk_pdf

    return cjk_pdf(("提案办理情况表", "平潭综合实验区 已办结"))
