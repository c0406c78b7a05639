"""Discovery of reply links, pagination and attachments on recorded and synthetic pages."""

from __future__ import annotations

import csv
import re
from urllib.parse import urljoin

import lxml.html
import pytest

from corpus.discovery import (
    AttachmentLink,
    announced_record_count,
    chrome_links,
    find_attachment_links,
    find_pagination,
    find_reply_links,
    is_reply_title,
    is_reply_url,
)
from tests.sites.shapes import CORPUS, all_shapes, recall_precision

PINGTAN = "https://www.pingtan.gov.cn/zwgk/zdlyxxgk/yata/"
LISTS = {"zxta": 59, "rdya": 45}
SHAPES = {s.name: s for s in all_shapes()}


def list_page(section: str) -> str:
    return (CORPUS / "lists" / f"pingtan_{section}.html").read_text(encoding="utf-8")


def manifest() -> list[dict[str, str]]:
    with (CORPUS / "MANIFEST.tsv").open(encoding="utf-8") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def static_list_items(html: str, url: str) -> list[str]:
    """Ground truth read independently: the <li><a> rows of the $showStatic(N) blocks."""
    doc = lxml.html.fromstring(html)
    hrefs = doc.xpath('//div[starts-with(@ms-visible, "$showStatic(")]//li/a/@href')
    return [urljoin(url, h) for h in hrefs]


# --- the real Pingtan lists -----------------------------------------------------------


@pytest.mark.parametrize("section", sorted(LISTS))
def test_pingtan_list_finds_exactly_the_listed_documents(section, record_property):
    url = PINGTAN + section + "/"
    html = list_page(section)
    expected = static_list_items(html, url)
    assert len(expected) == LISTS[section] == announced_record_count(html)

    links = find_reply_links(html, url, section_prefix=f"/zwgk/zdlyxxgk/yata/{section}/")
    found = [link.url for link in links]
    recall, precision = recall_precision(found, tuple(expected))
    record_property("recall", recall)
    record_property("precision", precision)
    assert found == expected  # same links, same order, no duplicates
    assert (recall, precision) == (1.0, 1.0)
    # zero-config (no section prefix) finds the same set
    assert [link.url for link in find_reply_links(html, url)] == expected


@pytest.mark.parametrize("section", sorted(LISTS))
def test_pingtan_list_ignores_navigation(section):
    url = PINGTAN + section + "/"
    html = list_page(section)
    doc = lxml.html.fromstring(html)
    all_links = {urljoin(url, h) for h in doc.xpath("//a/@href")}
    nav = all_links - set(static_list_items(html, url))
    assert len(nav) > 50  # the page has plenty of menu, footer and friend links
    found = {link.url for link in find_reply_links(html, url)}
    assert not found & nav


@pytest.mark.parametrize("section", sorted(LISTS))
def test_pingtan_list_titles_and_dates(section):
    url = PINGTAN + section + "/"
    html = list_page(section)
    links = find_reply_links(html, url)
    doc = lxml.html.fromstring(html)
    rows = doc.xpath('//div[starts-with(@ms-visible, "$showStatic(")]//li')
    assert len(rows) == len(links)
    for row, link in zip(rows, links, strict=True):
        assert link.title == row.xpath("a/@title")[0]  # full title, even where text is cut
        assert link.date == row.xpath("string(span)").strip()


def test_every_manifest_pingtan_page_is_linked_from_its_list():
    found = {
        link.url
        for section in LISTS
        for link in find_reply_links(list_page(section), PINGTAN + section + "/")
    }
    pingtan = [row["url"] for row in manifest() if row["id"].startswith("pingtan_")]
    assert len(pingtan) == 28
    assert set(pingtan) <= found


@pytest.mark.parametrize("section", sorted(LISTS))
def test_pingtan_list_needs_no_further_pages(section):
    # pageChnlInfo: recordCount equals the records embedded in page 1, so nothing to follow
    html = list_page(section)
    assert find_pagination(html, PINGTAN + section + "/") == []


def test_page_chnl_info_announces_static_pages_when_records_are_missing():
    html = list_page("zxta").replace("recordCount:'59'", "recordCount:'200'")
    pages = find_pagination(html, PINGTAN + "zxta/")
    # 59 embedded per page -> 4 pages, capped by maxStaticIndex 5; the .htm extension of the
    # column's documents is kept
    assert pages == [PINGTAN + f"zxta/index_{n}.htm" for n in (1, 2, 3)]


def test_detail_pages_yield_no_reply_links_or_pages():
    for row in manifest():
        html = (CORPUS / row["html"]).read_text(encoding="utf-8")
        assert find_reply_links(html, row["url"]) == [], row["id"]
        assert find_pagination(html, row["url"]) == [], row["id"]


# --- synthetic CMS shapes -------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_shape_recall_and_precision(name, record_property):
    shape = SHAPES[name]
    found = find_reply_links(shape.html, shape.url, section_prefix=shape.section_prefix)
    recall, precision = recall_precision([f.url for f in found], shape.replies)
    record_property("recall", recall)
    record_property("precision", precision)
    assert (recall, precision) == (1.0, 1.0)
    assert [f.url for f in found] == list(shape.replies)
    assert [f.title for f in found] == list(shape.titles)
    assert all(f.date and re.fullmatch(r"\d{4}-\d{2}-\d{2}", f.date) for f in found)


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_shape_zero_config_recall_and_precision(name, record_property):
    """Without a section prefix only other columns' documents can slip through."""
    shape = SHAPES[name]
    found = [f.url for f in find_reply_links(shape.html, shape.url)]
    recall, precision = recall_precision(found, shape.replies)
    record_property("recall", recall)
    record_property("precision", precision)
    assert recall == 1.0
    assert set(found) - set(shape.replies) == shape.off_section
    assert precision == len(shape.replies) / (len(shape.replies) + len(shape.off_section))


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_shape_ignores_recorded_chrome(name):
    shape = SHAPES[name]
    recorded = (CORPUS / "html" / f"{shape.recorded}.html").read_text(encoding="utf-8")
    hrefs = lxml.html.fromstring(recorded).xpath("//a/@href")
    chrome = {urljoin(shape.url, h) for h in hrefs if not h.startswith("javascript")}
    assert len(chrome) >= 5  # the recorded page's menus, breadcrumb, footer links
    found = {f.url for f in find_reply_links(shape.html, shape.url)}
    assert not found & chrome


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_shape_pagination(name):
    shape = SHAPES[name]
    pages = find_pagination(shape.html, shape.url)
    assert len(pages) == len(set(pages))
    assert set(pages) == shape.pages


def test_json_shape_links_come_from_the_script():
    shape = SHAPES["json_embedded"]
    found = find_reply_links(shape.html, shape.url)
    assert {f.via for f in found} == {"json"}


def test_shape_report():
    """Print the recall / precision table (shown with ``pytest -s`` or ``-rP``)."""
    lines = []
    for shape in SHAPES.values():
        for prefix in (shape.section_prefix, None):
            found = [f.url for f in find_reply_links(shape.html, shape.url, section_prefix=prefix)]
            recall, precision = recall_precision(found, shape.replies)
            lines.append(f"{shape.name:24} prefix={prefix!s:18} "
                         f"recall={recall:.3f} precision={precision:.3f}")
            assert recall == 1.0
    print("\n" + "\n".join(lines))


# --- smaller forms --------------------------------------------------------------------


def test_js_literal_array_and_json_body():
    html = """<html><body><ul id="l"></ul><script>
    var data = [{title:'关于加强社区治理的建议', url:'./202401/t20240102_1001.html',
                 pubDate:'2024-01-02'},
                {title:'站内通知', url:'/about/index.html'}];
    </script></body></html>"""
    url = "http://www.example.gov.cn/jytabl/"
    found = find_reply_links(html, url)
    assert found == [
        type(found[0])(url + "202401/t20240102_1001.html", "关于加强社区治理的建议",
                       "2024-01-02", "json")
    ]
    body = '{"total": 1, "rows": [{"doctitle": "第12号提案的答复", "docpuburl": "/a/b?id=77"}]}'
    [link] = find_reply_links(body, url)
    assert (link.url, link.title) == ("http://www.example.gov.cn/a/b?id=77", "第12号提案的答复")


def test_html_inside_script_and_link_selector():
    html = """<div id="d"><script type="text/xml"><datastore><recordset>
    <record><![CDATA[<li><a href="/art/2023/5/6/art_12_34.html">一篇</a>
    <span>2023-05-06</span></li>]]></record>
    </recordset></datastore></script>
    <div class="box"><a href="/x/1.htm">一</a><a href="/x/2.htm">二</a></div></div>"""
    url = "http://www.example.gov.cn/col/col12/index.html"
    [link] = find_reply_links(html, url)
    assert (link.url, link.date, link.via) == (
        "http://www.example.gov.cn/art/2023/5/6/art_12_34.html", "2023-05-06", "script")
    chosen = find_reply_links(html, url, link_selector=".box")
    assert [c.url for c in chosen] == ["http://www.example.gov.cn/x/1.htm",
                                        "http://www.example.gov.cn/x/2.htm"]


def test_hosts_exclude_and_chrome_links():
    page = """<ul><li><a href="http://file.example.gov.cn/t20240101_1.html">x</a></li>
    <li><a href="http://www.example.gov.cn/yata/t20240101_2.html">y</a></li>
    <li><a href="http://example.gov.cn/yata/t20240101_3.html">z</a></li></ul>"""
    url = "http://www.example.gov.cn/yata/"
    assert [f.url[-7:] for f in find_reply_links(page, url)] == ["_2.html", "_3.html"]
    assert len(find_reply_links(page, url, hosts=["file.example.gov.cn"])) == 3
    excluded = find_reply_links(page, url, exclude={"http://example.gov.cn/yata/t20240101_3.html"})
    assert [f.url[-7:] for f in excluded] == ["_2.html"]
    other = "<a href='/yata/t20240101_2.html'>y</a><a href='/about/'>a</a>"
    assert chrome_links([(page, url), (other, url)]) == {
        "http://www.example.gov.cn/yata/t20240101_2.html"}


def test_create_page_html_with_variables_and_current_page():
    html = """<script>var countPage = 3; var currentPage = 1;
    var prefix = "index"; var suffix = "shtml";
    createPageHTML(countPage, currentPage, prefix, suffix);</script>"""
    url = "http://www.example.gov.cn/yata/index_1.shtml"
    assert find_pagination(html, url) == [
        "http://www.example.gov.cn/yata/index.shtml",
        "http://www.example.gov.cn/yata/index_2.shtml",
    ]


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.pingtan.gov.cn/zwgk/zdlyxxgk/yata/zxta/202211/t20221103_38112.htm", True),
        ("http://jyt.zj.gov.cn/art/2024/10/21/art_1543973_58942886.html", True),
        ("https://www.gz.gov.cn/ysgz/xwdt/ysdt/content/post_9360641.html", True),
        ("http://jyt.ah.gov.cn/xwzx/jcjy/40678766.html", True),
        ("https://jw.beijing.gov.cn/jyzx/jyxw/202311/t20231130_3329137.html", True),
        ("http://www.wanzai.gov.cn/wzxrmzf/tjgb/201705/9c059bf058ef4db8b3c8f920e22186fe.shtml",
         True),
        ("https://www.miit.gov.cn/xwdt/gxdt/dfgz/art/2020/art_14730801a8ae49e99b132c83575b7810"
         ".html", True),
        ("https://www.nfra.gov.cn/cn/view/pages/ItemDetail.html?docId=1170162&itemId=4113", True),
        ("https://www.pingtan.gov.cn/zwgk/zdlyxxgk/yata/zxta/", False),
        ("http://jyt.ah.gov.cn/xwzx/jcjy/index.html", False),
        ("https://www.pingtan.gov.cn/images/site_logo.png", False),
    ],
)
def test_is_reply_url_on_corpus_url_forms(url, expected):
    assert is_reply_url(url) is expected


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("关于规范公益性公墓建设的建议", True),
        ("关于县政协十一届三次会议第132号提案答复的函", True),
        ("廣州市民政局關于政協十三屆廣州市委員會第三次會議第1007號提案答復的函", True),
        ("平潭综合实验区政协工作会议暨政协第十一届平潭县委员会第二次会议委员提案办理情况", True),
        ("政务公开", False),
        ("网站地图", False),
    ],
)
def test_is_reply_title(title, expected):
    assert is_reply_title(title) is expected


# --- attachments ----------------------------------------------------------------------


def detail(doc_id: str) -> tuple[str, str]:
    row = next(r for r in manifest() if r["id"] == doc_id)
    return (CORPUS / row["html"]).read_text(encoding="utf-8"), row["url"]


def test_attachment_pdf_of_97064():
    html, url = detail("pingtan_rdya_97064")
    assert find_attachment_links(html, url) == [
        AttachmentLink(
            "https://www.pingtan.gov.cn/zwgk/zdlyxxgk/yata/rdya/202502/W020250205324019734998.pdf",
            "平潭县第十八届人大第三次会议代表建议意见办理情况公开内容.pdf",
            "pdf",
            "平潭县第十八届人大第三次会议代表建议意见办理情况公开内容.pdf",
        )
    ]


def test_attachment_wps_of_104770():
    html, url = detail("pingtan_rdya_104770")
    assert find_attachment_links(html, url) == [
        AttachmentLink(
            "https://www.pingtan.gov.cn/zwgk/zdlyxxgk/yata/rdya/202601/P020260122563383368295.wps",
            "平潭县第十八届人大第四次会议代表建议意见办理情况公开内容.wps",
            "wps",
            "平潭县第十八届人大第四次会议代表建议意见办理情况公开内容.wps",
        )
    ]


def test_no_attachments_on_pages_without_any():
    for row in manifest():
        if row["id"] in ("pingtan_rdya_97064", "pingtan_rdya_104770"):
            continue
        html = (CORPUS / row["html"]).read_text(encoding="utf-8")
        assert find_attachment_links(html, row["url"]) == [], row["id"]


def test_attachment_forms():
    html = """<div class="content">
    <a href="/u/a.DOCX">申请表</a>
    <a OLDSRC="W0201.ofd" href="javascript:void(0)">文件</a>
    <a href="/down.jsp?fileId=9" title="答复意见.xls">下载</a>
    <a href="/download?id=5">附件1</a>
    <a href="http://file.example.gov.cn/f/b.xlsx">表</a>
    <a href="http://other.example.com/c.pdf">外站</a>
    <a href="/u/a.DOCX">重复</a></div>
    <div class="footer"><a href="/help.pdf">使用帮助.pdf</a></div>"""
    found = find_attachment_links(html, "http://www.example.gov.cn/yata/202401/t1.html")
    assert [(a.url.rsplit("/", 1)[-1], a.filename, a.type, a.label) for a in found] == [
        ("a.DOCX", "a.DOCX", "docx", "申请表"),
        ("W0201.ofd", "W0201.ofd", "ofd", "文件"),
        ("down.jsp?fileId=9", "答复意见.xls", "xls", "下载"),
        ("download?id=5", "附件1", "", "附件1"),
        ("b.xlsx", "b.xlsx", "xlsx", "表"),
    ]
    assert find_attachment_links("", "http://www.example.gov.cn/") == []


def test_a_first_page_link_under_a_page_query_is_not_a_new_page():
    html = ('<html><body><div class="page"><a href="list.shtml?page=1">首页</a>'
            '<a href="list.shtml?page=1">1</a><a href="list.shtml?page=3">3</a>'
            '<a href="list.shtml?page=3">下一页</a></div></body></html>')
    found = find_pagination(html, "http://example.gov.cn/jytabl/list.shtml?page=2")
    assert found == ["http://example.gov.cn/jytabl/list.shtml?page=3"]


def test_a_pager_counting_from_zero_keeps_its_page_one():
    html = ('<html><body><div class="page"><a href="list.jsp?pageIndex=0">首页</a>'
            '<a href="list.jsp?pageIndex=1">下一页</a><a href="list.jsp?pageIndex=4">尾页</a>'
            '</div></body></html>')
    found = find_pagination(html, "http://example.gov.cn/jytabl/list.jsp?pageIndex=0")
    assert "http://example.gov.cn/jytabl/list.jsp?pageIndex=1" in found


def test_related_document_boxes_are_not_lists_but_latest_news_boxes_are():
    item = ('<li><a href="/art/2024/6/{0}/art_1861_49816{0}.html">'
            "关于加强社区治理的建议的答复</a></li>")
    items = "".join(item.format(n) for n in range(10, 14))
    related = f'<div class="rdyd"><ul class="bt"><li>相关阅读</li></ul><ul>{items}</ul></div>'
    prev_next = ('<div><ul><li>下一篇:<a href="/art/2024/6/1/art_1861_4981600.html">'
                 "另一篇</a></li></ul></div>")
    latest = f'<div class="box"><h3>最新信息</h3><ul>{items}</ul></div>'
    url = "http://www.example.gov.cn/col/col1861/index.html"
    detail = f"<html><body><div>{related}{prev_next}</div></body></html>"
    listing = f"<html><body><div>{latest}</div></body></html>"
    assert find_reply_links(detail, url) == []
    assert len(find_reply_links(listing, url)) == 4
