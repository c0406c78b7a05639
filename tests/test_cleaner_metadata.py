"""The metadata stage and the one date parser: layouts, values, sources, hints."""

from __future__ import annotations

from datetime import date

import pytest

from cleaners import PortalHints, clean_page
from cleaners.dates import find_iso_date, iter_dates, parse_date, to_iso_date
from cleaners.labels import label_pairs
from cleaners.metadata import clean_name_value, five_keys

URL = "https://www.example.gov.cn/xwzx/t20240105_1.html"
BODY = "<p>为做好相关工作，经研究，现将有关事项通知如下，请认真贯彻执行。</p>" * 3


def page(info: str, head: str = "", body: str = BODY) -> bytes:
    return (f"<html><head><meta charset='utf-8'>{head}<title>关于开展工作的通知_某某网</title>"
            f"</head><body><div class='nav'><a href='/'>首页</a></div>{info}"
            f"<h1>关于开展工作的通知</h1><div class='article_content'>{body}</div>"
            "<div class='footer'>网站标识码:1234567890 某ICP备12345678号</div></body></html>"
            ).encode()


def keys(doc) -> dict[str, str]:
    return {k: v for k, v in doc.sidecar["metadata"].items() if k in
            ("索引号", "发布机构", "文号", "发布日期", "时效性")}


# -- dates --------------------------------------------------------------------------------

@pytest.mark.parametrize("text, iso", [
    ("2021-08-30", "2021-08-30"), ("2021/8/30", "2021-08-30"), ("2021.8.30", "2021-08-30"),
    ("2021年8月30日", "2021-08-30"), ("2021 年 08 月 30 日 09时32分", "2021-08-30"),
    ("发布时间：２０２１－０８－０３", "2021-08-03"), ("20210830", "2021-08-30"),
    ("二〇二一年八月三十日", "2021-08-30"), ("二○二一年十二月廿一日", "2021-12-21"),
    ("二零二三年元月五日", "2023-01-05"), ("2023-02-30 and 2023-03-01", "2023-03-01"),
])
def test_dates_in_the_forms_portals_print(text, iso):
    assert find_iso_date(text) == iso


@pytest.mark.parametrize("text", ["2023-02-30", "2021年13月1日", "二〇二三年二月三十日",
                                  "2021-08/30", "2021年8月", "第20210号", "1899-01-01"])
def test_no_date_where_the_calendar_has_none(text):
    assert find_iso_date(text) is None


def test_parse_date_takes_a_whole_date_and_a_time_only():
    assert parse_date("2020年09月15日 09时32分") == date(2020, 9, 15)
    assert parse_date("2024-08-14 10:46") == date(2024, 8, 14)
    assert parse_date("二〇二一年八月三十日") == date(2021, 8, 30)
    assert parse_date("2024-03-03 来源:某局") is None
    assert parse_date("截至2024-03-03") is None
    assert list(iter_dates("2021-01-02 至 2021年2月3日")) == [date(2021, 1, 2), date(2021, 2, 3)]
    assert to_iso_date(" 暂无 ") == "暂无"


def test_a_chinese_numeral_signature_date_is_the_reply_date():
    body = ("<p>张委员：你提出的提案收悉，现答复如下，感谢关心。</p><p>某某市民政局</p>"
            "<p>二〇二一年八月三十日</p>")
    doc = clean_page(page("", body=body), URL)
    assert doc.sidecar["reply_date"] == "2021-08-30"


# -- label layouts -------------------------------------------------------------------------

def test_glued_labels_are_split_by_the_known_labels():
    raw = label_pairs(["来源:采育镇日期:2024-09-27 15:28 打印【字体:大中小】",
                       "时间发布:2023-06-12 阅读次数:次信息来源:某某日报"])
    assert raw["来源"] == "采育镇" and raw["日期"].startswith("2024-09-27")
    assert raw["信息来源"] == "某某日报" and raw["时间发布"] == "2023-06-12"
    assert label_pairs(["会议时间:2021年"]) == {"会议时间": "2021年"}


def test_column_layout_tables_pair_labels_with_values():
    assert label_pairs(["索引号\t发布机构\t发布日期", "001\t某局\t2021-01-02"]) == {
        "索引号": "001", "发布机构": "某局", "发布日期": "2021-01-02"}
    shifted = label_pairs(["索取号\t发布时间\t发布机构\t文件编号\t备注",
                           "076478684Q/2024-00112\t某市卫生健康委员会\t某卫基层〔2024〕5号"])
    assert shifted == {"索取号": "076478684Q/2024-00112", "发布机构": "某市卫生健康委员会",
                       "文件编号": "某卫基层〔2024〕5号"}


@pytest.mark.parametrize("value, name", [
    ("教育部 下载 收藏", "教育部"), ("教育部下载收藏", "教育部"),
    ("某某日报 2024-10-17 08:03", "某某日报"),
    ("某某日报 2016-08-11 08:13:00 【", "某某日报"), ("某某市人民政府分享:", "某某市人民政府"),
    ("《廊坊日报》", "《廊坊日报》"),
])
def test_a_name_value_ends_where_buttons_or_a_date_follow(value, name):
    assert clean_name_value(value) == name


def test_five_keys_synonyms_and_guards():
    out = five_keys({"发文机构": "某某部办公厅", "文号": "〔〕号", "时间发布": "2023-06-12 09:51",
                     "索取号": "A-1"})
    assert out == {"索引号": "A-1", "发布机构": "某某部办公厅", "文号": "",
                   "发布日期": "2023-06-12", "时效性": ""}
    assert five_keys({"成文日期": "2021-01-01"}, "2021-02-02")["发布日期"] == "2021-02-02"
    assert five_keys({}, "2022-10-14", near_date="2020-09-15")["发布日期"] == "2020-09-15"
    # an event's start and end are no publication date; 责任部门 issues when nothing else does
    out = five_keys({"开始时间": "2024-05-08", "结束时间": "2024-05-10",
                     "责任部门": "某某县统计局"}, "2024-03-01")
    assert (out["发布日期"], out["发布机构"]) == ("2024-03-01", "某某县统计局")
    assert five_keys({"责任部门": "某局", "来源": "某某日报"})["发布机构"] == "某某日报"


# -- sources on the page --------------------------------------------------------------------

def test_an_unlabelled_date_under_the_title_beats_the_pubdate_meta():
    info = ("<div class='title'>关于开展工作的通知</div><div>2020年09月15日 09时32分</div>"
            "<div>来源: 某某网</div>")
    doc = clean_page(page(info, head="<meta name='PubDate' content='2022-10-14'>"), URL)
    assert keys(doc)["发布日期"] == "2020-09-15" and keys(doc)["发布机构"] == "某某网"


def test_a_source_written_by_a_script_or_given_by_meta_is_read():
    script = ("<div>日期:2023-11-16 来源:<script>var csource = \"某某特区报\"; "
              "if(csource){document.write(csource);}</script></div>")
    assert keys(clean_page(page(script), URL))["发布机构"] == "某某特区报"
    empty = "<div>日期:2023-11-16 来源:</div>"
    meta = "<meta name='ContentSource' content='某某市政府网'>"
    assert keys(clean_page(page(empty, head=meta), URL))["发布机构"] == "某某市政府网"
    no_label = "<div>日期:2023-11-16</div>"
    assert keys(clean_page(page(no_label, head=meta), URL))["发布机构"] == ""


def test_info_lines_at_the_top_of_the_body_feed_the_metadata_and_leave_it():
    body = "<p>关于开展工作的通知 2023-08-19 来源:某某日报</p>" + BODY
    doc = clean_page(page("", body=body), URL)
    assert keys(doc)["发布机构"] == "某某日报" and keys(doc)["发布日期"] == "2023-08-19"
    assert "来源" not in doc.text.split("\n", 7)[-1]


# -- portal hints ----------------------------------------------------------------------------

def test_every_match_of_the_metadata_and_title_selectors_is_read():
    info = ("<div class='ext'>时间:2021-03-04</div><div class='ext'>来源:某某政协</div>"
            "<div class='tt'>关于开展工作</div><div class='tt'>的通知</div>")
    hints = PortalHints("p", container=".article_content", title=".tt", metadata=".ext")
    doc = clean_page(page(info), URL, portal=hints)
    assert keys(doc)["发布机构"] == "某某政协" and keys(doc)["发布日期"] == "2021-03-04"
    assert doc.sidecar["title"] == "关于开展工作的通知"
    assert doc.sidecar["extractor"] == "hint"


def test_a_selector_that_does_not_parse_is_an_error_at_once():
    with pytest.raises(ValueError, match="invalid CSS selector"):
        PortalHints("p", container="div[")
    with pytest.raises(ValueError):
        PortalHints("p", metadata=":::")
