"""CMS families, in process: detection, discovery on every replica, the rules one by one.

Every replica (``tests/sites/families``) is walked without Scrapy: its start pages must be
detected as its family, and discovery must find exactly its reply pages (recall and
precision 1.0) reading exactly its list pages (API pages included). The seed replies,
made into documents by the one document maker with the section's hints, equal their
hand-written gold. Then the family rules each on their own: forced platforms, mobile
twins, GBK query bytes, the Hanweb unit forms, the proxy's page total, gkmlpt's tree and
embedded articles, session folders.
"""

from __future__ import annotations

import json

import pytest

from archive.location import RecordLocation
from corpus import discovery
from corpus.decision import Decision
from corpus.maker import Page, make_document
from corpus.registry import adhoc_portal, load_registry
from corpus.sections import resolve_section

from .sites.families import MIRROR_ONLY, REPLICAS, SEED_REPLICAS, replica
from .sites.families.kit import gold_document
from .sites.families.walk import LOCAL, measure, registry_portal, walk


def _start_html(name: str, index: int = 0) -> tuple[str, str]:
    site = replica(name)
    body, kind = site.lists[site.starts[index]]
    from archive.charset import decode_html

    return decode_html(body, kind), LOCAL + site.starts[index]


@pytest.mark.parametrize("name", REPLICAS)
def test_start_pages_are_detected_as_their_family(name):
    site = replica(name)
    for index in range(len(site.starts)):
        html, url = _start_html(name, index)
        detection = discovery.detect_platform(html, url)
        assert detection.name == site.family, (url, detection.evidence)
        assert detection.evidence


@pytest.mark.parametrize("name", REPLICAS)
def test_discovery_finds_exactly_the_replies_reading_exactly_the_lists(name, record_property):
    site = replica(name)
    options = {"portal": registry_portal(site)} if name in MIRROR_ONLY else {}
    found = walk(site, **options)
    result = measure(site, **options)
    record_property("recall", result.recall)
    record_property("precision", result.precision)
    assert (result.recall, result.precision) == (1.0, 1.0), (
        found.replies - site.reply_paths, site.reply_paths - found.replies)
    assert found.lists == set(site.lists) and not found.missing
    assert len(site.lists) >= 3 and site.replies and site.decoys


@pytest.mark.parametrize("seed", sorted(SEED_REPLICAS))
def test_seed_portal_entries_read_their_replica(seed):
    site = replica(SEED_REPLICAS[seed])
    portal = registry_portal(site)
    assert portal.platform == site.family and portal.checked is False
    found = walk(site, portal=portal)
    assert found.replies == site.reply_paths and found.lists == set(site.lists)
    assert {(s.platform, s.source) for s in found.sections} == {(site.family, "registry")}


@pytest.mark.parametrize("seed", sorted(SEED_REPLICAS))
def test_seed_reply_documents_equal_their_gold(seed):
    """The one document maker, with the section's hints (registry entry, then family)."""
    site = replica(SEED_REPLICAS[seed])
    portal = registry_portal(site)
    html, _ = _start_html(site.name)
    section = resolve_section(portal, html, portal.start_urls[0])
    [reply] = [r for r in site.replies if r.gold == seed]
    body = reply.html.encode(reply.encoding, "xmlcharrefreplace")
    headers = [("Content-Type", "text/html" if not reply.declared else
                f"text/html; charset={reply.encoding}")]
    location = RecordLocation("", 0, date="2026-01-01T00:00:00Z", target_uri=site.origin)
    decision = Decision(site.origin + reply.path, portal.name, section.hints(), location,
                        location, platform=section.platform)
    document = make_document(Page(site.origin + reply.path, 200, headers, body, location),
                             decision)
    assert document.text == gold_document(seed)
    assert document.sidecar["platform"] == site.family


def test_gold_documents_keep_the_format():
    for seed in SEED_REPLICAS:
        lines = gold_document(seed).split("\n")
        assert lines[0] in ("政协提案办理答复", "人大代表建议办理答复", "其他")
        assert [line.split(":")[0] for line in lines[1:6]] == [
            "- 索引号", "- 发布机构", "- 文号", "- 发布日期", "- 时效性"]
        assert all(line and line == line.strip() for line in lines), seed
        assert not gold_document(seed).endswith("\n")


# --- the rules one by one -----------------------------------------------------------------

def test_a_forced_platform_wins_and_an_unknown_one_is_refused():
    html, url = _start_html("vsb")
    assert discovery.detect_platform(html, url, "generic").name == "generic"
    assert discovery.detect_platform(html, url, "trs").evidence == "given"
    with pytest.raises(discovery.UnknownPlatform, match="unknown platform 'nosuch'"):
        discovery.detect_platform(html, url, "nosuch")
    section = resolve_section(adhoc_portal(url), html, url, "generic")
    assert (section.platform, section.source) == ("generic", "argument")
    assert section.portal.section_prefix == "/zfxxgk/fdzdgknr/jyta/"  # generic: the folder
    assert resolve_section(adhoc_portal(url), html, url).portal.section_prefix is None


def test_section_hints_take_the_entry_first_then_the_family():
    html, url = _start_html("hanweb")
    entry = registry_portal(replica("hanweb"))
    hints = resolve_section(entry, html, entry.start_urls[0]).hints()
    assert (hints.container, hints.kind) == ("#zoom", "人大代表建议办理答复")
    pingtan = load_registry().get("pingtan_zxta")
    assert resolve_section(pingtan, html, url, "trs").hints().container == ".article_content"


def test_mobile_twins_are_one_document():
    html = ('<div class="news_list"><ul><li><a href="content/post_123.html">关于第1号提案的答复</a>'
            '</li><li><a href="content/mpost_123.html">关于第1号提案的答复</a></li>'
            '<li><a href="content/mpost_456.html">关于第2号提案的答复</a></li></ul></div>')
    url = "https://mzj.gz.gov.cn/gk/jytablgz/index.html"
    links = discovery.find_reply_links(html, url, platform="guangzhou")
    assert [link.url for link in links] == ["https://mzj.gz.gov.cn/gk/jytablgz/content/post_123.html",
                                            "https://mzj.gz.gov.cn/gk/jytablgz/content/post_456.html"]


def test_gbk_query_bytes_are_kept_in_page_urls():
    site = replica("asp")
    html, url = _start_html("asp")
    pages = discovery.find_pagination(html, url, platform="asp")
    assert pages and all("words=%BD%A8%D2%E9%B4%F0%B8%B4" in p for p in pages)
    generic = discovery.find_pagination(html, url, platform="generic")
    assert all("%EF%BF%BD" not in p for p in generic)  # no U+FFFD from a decode/encode
    assert {p.removeprefix(LOCAL) for p in pages} <= set(site.lists)


def test_hanweb_unit_on_a_script_tag_pages_with_param_json():
    """The unitbuild.js form (as miit.gov.cn column pages have it): ``paramJson`` paging."""
    query = ('{&quot;parseType&quot;:&quot;bulidstatic&quot;,&quot;webId&quot;:&quot;8d82&quot;,'
             '&quot;tplSetId&quot;:&quot;2097&quot;,&quot;pageType&quot;:&quot;column&quot;,'
             '&quot;tagId&quot;:&quot;当前栏目_list&quot;,&quot;editType&quot;:&quot;null&quot;,'
             '&quot;pageId&quot;:&quot;c52d&quot;}')
    html = (f'<html><body><div id="x"></div><script id="u" src="/js/unitbuild.js" '
            f'url="/api-gateway/jpaas-publish-server/front/page/build/unit" queryData="{query}">'
            "</script></body></html>")
    url = "https://www.miit.gov.cn/xwfb/zxzc/index.html"
    assert discovery.detect_platform(html, url).name == "hanweb"
    [first] = discovery.find_pagination(html, url)
    assert first.startswith("https://www.miit.gov.cn/api-gateway/jpaas-publish-server/front/"
                            "page/build/unit?")
    assert "paramJson=%7B%22pageNo%22%3A1%2C%22pageSize%22%3A15%7D" in first
    answer = json.dumps({"success": True, "data": {"html": (
        '<ul><li><a href="/zwgk/zcwj/art/2026/art_1.html" title="关于第3号建议的答复">关于第3号建议'
        '的答复</a><span>2026-07-28</span></li></ul><div class="pagination" rows="15" '
        'count="31" pageNo="1"></div>')}}, ensure_ascii=False)
    [link] = discovery.find_reply_links(answer, first, platform="hanweb")
    assert (link.url, link.date) == ("https://www.miit.gov.cn/zwgk/zcwj/art/2026/art_1.html",
                                     "2026-07-28")
    [second] = discovery.find_pagination(answer, first, platform="hanweb")
    assert "%22pageNo%22%3A2" in second
    last = answer.replace('pageNo=\\"1\\"', 'pageNo=\\"3\\"')
    third = second.replace("%22pageNo%22%3A2", "%22pageNo%22%3A3")
    assert discovery.find_pagination(last, third, platform="hanweb") == []


def test_article_units_of_a_hanweb_page_are_no_list():
    html = ('<script src="unitbuild.js" url="/api-gateway/jpaas-publish-server/front/page/build/'
            'unit" queryData="{\'pageType\':\'article\',\'pageId\':\'x\'}"></script>')
    assert discovery.find_pagination(html, "https://www.miit.gov.cn/a/art/2020/art_x.html") == []


def test_dataproxy_pages_from_total_records_and_per_page():
    url = "http://www.jinan.gov.cn/module/web/jpage/dataproxy.jsp?page=2&columnid=1&perpage=3"
    xml = ("<?xml version='1.0'?><datastore><totalrecord>8</totalrecord><recordset>"
           + "<record><![CDATA[<li><a href='/art/2024/1/1/art_1_1.html'>关于第1号建议的答复</a>"
             "</li>]]></record>" * 3 + "</recordset></datastore>")
    assert discovery.find_pagination(xml, url, platform="hanweb") == [url.replace("page=2",
                                                                                  "page=3")]
    assert discovery.find_pagination(xml, url.replace("page=2", "page=3"),
                                     platform="hanweb") == []


def test_gkmlpt_follows_the_proposal_categories_of_the_tree_only():
    html, _ = _start_html("gkmlpt")
    url = "https://smzt.gd.gov.cn/gkmlpt/index"
    assert discovery.find_pagination(html, url) == [
        "https://smzt.gd.gov.cn/gkmlpt/api/all/2401?page=1&sid=755331"]
    assert discovery.find_pagination(html, url + "#2396") == [
        "https://smzt.gd.gov.cn/gkmlpt/api/all/2396?page=1&sid=755331"]


def test_gkmlpt_embedded_article_is_rendered_for_the_cleaner_and_the_attachments():
    site = replica("gkmlpt")
    reply = next(r for r in site.replies if r.attachments)
    rendered = discovery.embedded_article(reply.html.encode("utf-8")).decode("utf-8")
    assert reply.text.title in rendered and reply.text.lines[0] in rendered
    assert "索引号:" in rendered and "发布日期:" in rendered
    [attachment] = discovery.find_attachment_links(reply.html, site.origin + reply.path)
    assert attachment.url == site.origin + reply.attachments[0].path
    assert discovery.embedded_article(b"<html><body><p>DETAIL = not json</p></body></html>") \
        is None
    assert discovery.embedded_article(b"<html><body><p>no article</p></body></html>") is None


def test_session_folders_are_list_pages_and_their_index_pages_are_documents():
    html, url = _start_html("sessions")
    assert discovery.find_reply_links(html, url, platform="sessions") == []
    pages = discovery.find_pagination(html, url, platform="sessions")
    assert [p.rsplit("/", 2)[1] for p in pages] == [
        "sssjrdschy2025n", "sssjrdechy2024n", "sssjrdychy2023n"]


def test_vsb_pager_pages_every_page_from_the_first():
    site = replica("vsb")
    html, url = _start_html("vsb")
    pages = {p.removeprefix(LOCAL) for p in discovery.find_pagination(html, url)}
    assert pages == set(site.lists) - {site.starts[0]}


def test_held_out_related_boxes_are_no_list():
    """The jinan template shows documents of the same column beside the list (热点推荐)."""
    site = replica("heldout")
    html, url = _start_html("heldout")
    links = {link.url.removeprefix(LOCAL) for link in discovery.find_reply_links(html, url)}
    assert links and links <= site.reply_paths
    decoy_art = {p for p in site.decoys if "/art/" in p}
    assert decoy_art and not links & decoy_art


def test_an_xhtml_page_with_an_xml_declaration_is_html():
    html = ('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0'
            ' Transitional//EN" "x"><html><body><ul><li><a href="./202401/t20240105_1.html">'
            '关于第1号提案的答复</a></li></ul><a href="index_1.html">下一页</a></body></html>')
    url = "https://www.x.gov.cn/jyta/"
    assert [link.url for link in discovery.find_reply_links(html, url)] == [
        "https://www.x.gov.cn/jyta/202401/t20240105_1.html"]
    assert discovery.find_pagination(html, url) == ["https://www.x.gov.cn/jyta/index_1.html"]


# recorded pages outside MANIFEST.tsv (added for the replicas; their rows are in the
# shared corpus's manifest) and the recorded Pingtan list
_EXTRA = {"jinan_gov_news": ("html/jinan_gov_news.html",
                             "http://www.jinan.gov.cn/art/2024/6/19/art_1861_4982441.html"),
          "sc_gov_mianyang_news": ("html/sc_gov_mianyang_news.html",
                                   "http://www.sc.gov.cn/10462/10464/10465/10595/2020/9/15/"
                                   "e651244f5f89400a95c651e2f53de7fe.shtml"),
          "pingtan_zxta_list": ("lists/pingtan_zxta.html",
                                "https://www.pingtan.gov.cn/zwgk/zdlyxxgk/yata/zxta/")}


@pytest.mark.parametrize(("page", "family"), [
    ("zj_jyt_xxgk", "hanweb"), ("jinan_gov_news", "hanweb"), ("miit_local_news", "hanweb"),
    ("ah_jyt_news", "anhui"), ("gz_gov_news", "guangzhou"), ("sc_gov_mianyang_news", "ucap"),
    ("bj_jw_news", "trs"), ("pingtan_zxta_list", "trs"), ("nfra_xzcf", "generic"),
])
def test_recorded_pages_show_their_platform(page, family):
    """Recorded pages of known platforms (MANIFEST.tsv notes) are detected as theirs."""
    import csv

    from .sites.families.kit import CORPUS

    if page in _EXTRA:
        html_path, url = _EXTRA[page]
    else:
        with open(CORPUS / "MANIFEST.tsv", encoding="utf-8", newline="") as fh:
            row = next(r for r in csv.DictReader(fh, delimiter="\t") if r["id"] == page)
        html_path, url = row["html"], row["url"]
    html = (CORPUS / html_path).read_text(encoding="utf-8")
    assert discovery.detect_platform(html, url).name == family
