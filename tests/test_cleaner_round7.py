"""Seventh-round signals: an editors' credit written with slashes after a contributor
(``某科供稿 摄影/某 编辑/某``), a reprint's 原标题 line under the title, links to a topic
page or to earlier coverage. Every sentence is made up, each with what must stay."""

from __future__ import annotations

import pytest

from cleaners.boilerplate import drop_boilerplate, is_credit
from cleaners.steps import StepContext

PROSE = "活动现场,参赛选手围绕理论知识和专业技能展开角逐,展现了良好的专业素养。"


@pytest.mark.parametrize("credit", [
    "药剂科供稿 摄影/张艳 编辑/苏芳",
    "院团委、宣传科供稿摄影/李明编辑/王芳",
    "文/张三 图/李四",
    "摄影:王五 编辑:赵六",
])
def test_a_credit_row_with_slashes_or_a_photographer_goes(credit):
    ctx = StepContext()
    assert drop_boilerplate(f"{PROSE}\n{credit}", ctx) == PROSE
    assert ctx.removed == [credit]


@pytest.mark.parametrize("line", [
    "文/张三",  # one label: an author's own line
    "图:市领导在活动现场调研",  # a caption
    "本报记者张三摄影/李四",  # not labels only
    "(责任编辑:张三/图片来源:新华社)",  # the article's own credit line
])
def test_a_caption_or_an_authors_line_stays(line):
    assert not is_credit(line, government=True)
    assert drop_boilerplate(f"{PROSE}\n{line}") == f"{PROSE}\n{line}"


def test_the_original_headline_under_the_title_goes_but_not_further_down():
    top = "原标题:某市举办中药技能大赛"
    text = f"{top}\n{PROSE}\n第一段。\n第二段。\n{top}"
    assert drop_boilerplate(text) == f"{PROSE}\n第一段。\n第二段。\n{top}"


@pytest.mark.parametrize("link", [
    "点击进入专题:", "点击进入“文艺星青年”>>", "此前报道:港媒称某某出狱前首次受访",
    "延伸阅读:某市出台文化产业扶持办法",
])
def test_links_to_a_topic_or_earlier_coverage_go(link):
    assert drop_boilerplate(f"{PROSE}\n{link}") == PROSE


def test_a_sentence_about_earlier_reports_stays():
    line = "此前报道:该项目于去年开工,目前已完成主体工程。"  # a sentence, not a title
    assert drop_boilerplate(f"{PROSE}\n{line}") == f"{PROSE}\n{line}"


@pytest.mark.parametrize("pager", ["【1】【2】【3】【4】", "上一页 1 2 3 下一页",
                                   "共3页 上一页 1 2 3"])
def test_a_multi_page_articles_page_numbers_go(pager):
    assert drop_boilerplate(f"{PROSE}\n{pager}") == PROSE


@pytest.mark.parametrize("row", ["12 15 18", "1 2", "2023年 12 页"])
def test_a_row_of_numbers_stays(row):
    assert drop_boilerplate(f"{PROSE}\n{row}") == f"{PROSE}\n{row}"


def test_app_download_plugs_go():
    plug = "人民日报客户端下载手机人民网人民视频客户端下载"
    assert drop_boilerplate(f"{PROSE}\n{plug}") == PROSE
