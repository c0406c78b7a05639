"""Seventh-round signals: an editors' credit written with slashes after a contributor
(``某科供稿 摄影/某 编辑/某``), a reprint's 原标题 line under the title, links to a topic
page or to earlier coverage. Every sentence is made up, each with what must stay."""

from __future__ import annotations

import pytest

from cleaners import clean_page
from cleaners.boilerplate import drop_boilerplate, is_credit
from cleaners.steps import StepContext

from .helpers import clean_gov_article

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


# -- a thread whose posts are unnumbered units around numbered messages (tieba) ---------------

REPLIES = ["楼主说的情况我也遇到过,刚工作的时候什么都不会,被同事说了很多次。后来慢慢学,"
           "每天下班以后多看多练,一年以后就好多了,所以不要着急,慢慢来总会好的。",
           "同意楼上,慢慢来", "每个人都有自己的节奏,不用和别人比"]


def tieba(posts: list[str], message_id: str = "post_content_{n}") -> bytes:
    units = "".join(
        f'<div class="l_post j_l_post"><div class="d_author"><a href="/home/{n}">用户{n}</a>'
        f'<a href="/level/{n}">等级 {n}</a></div><div class="d_post_content_main">'
        f'<div class="d_post_content j_d_post_content" id="{message_id.format(n=1468 + n)}">'
        f'{text}</div><div class="post-tail-wrap"><a href="/r/{n}">回复</a>'
        f"<span>{n + 1}楼</span><span>2023-03-0{n + 1} 13:30</span></div></div></div>"
        for n, text in enumerate(posts))
    return (f"<html><head><title>刚工作什么都不会怎么办_某某吧</title></head><body>"
            f'<div class="nav"><a href="/">贴吧首页</a> <a href="/f">某某吧</a></div>'
            f'<h3 class="core_title_txt">刚工作什么都不会怎么办</h3>'
            f'<div class="p_postlist">{units}</div>'
            f'<div class="footer">©2023 Baidu 贴吧协议</div></body></html>').encode()


def test_every_numbered_message_of_unnumbered_post_units_is_the_body():
    doc = clean_page(tieba(REPLIES), "https://tieba.example.com/p/8123")
    body = doc.text.split("\n")[7:]
    assert body == REPLIES
    assert doc.sidecar["extractor"].endswith("+posts")


def test_a_page_printed_twice_with_numbered_copies_is_no_thread():
    copies = [REPLIES[0], REPLIES[0]]  # the article and its elder-mode copy
    doc = clean_page(tieba(copies, "content_{n}"), "https://www.example.gov.cn/a/2.html")
    assert "posts" not in doc.sidecar["extractor"]


# -- title stacks: a predicate shared by a list, 还有 before the stack, an alias with a colon ---

EVENT = ["近日,某某市举办2024年非遗文化进社区活动,吸引了众多市民参与。",
         "活动现场还设置了非遗展示区,市民可以近距离体验传统技艺。"]
EVENT_TITLE = "某某市举办非遗文化进社区活动"


def event_line(sentence: str) -> str:
    doc = clean_gov_article(f"<p>{sentence}</p>", EVENT, EVENT_TITLE)
    return next(line for line in doc.text.split("\n")[7:] if line not in EVENT)


@pytest.mark.parametrize(("sentence", "expected"), [
    # the predicate belongs to every attendee: it stays with the officials
    ("市委常委、宣传部部长李建国,副市长王红,深圳市某某科技有限公司创始人、广东省收藏家协会"
     "副会长赵志强出席活动。", "市委常委、宣传部部长李建国,副市长王红出席活动。"),
    ("市文化馆馆长陈明,某某文化传播有限公司执行董事、某某协会会员林小红参加活动。",
     "市文化馆馆长陈明参加活动。"),
    # a clause before with a predicate of its own: the span's clause goes whole (as before)
    ("副市长王红致辞,某某文化传播有限公司执行董事、某某协会会员林小红作总结讲话,市文化馆"
     "馆长陈明主持。", "副市长王红致辞,市文化馆馆长陈明主持。"),
])
def test_a_predicate_shared_by_a_list_stays_with_the_other_items(sentence, expected):
    assert event_line(sentence) == expected


def test_the_verb_before_the_stack_is_no_part_of_its_organisation():
    line = event_line("出席活动的还有某某投资集团有限公司董事长、某某商会常务副会长郑国栋等嘉宾。")
    assert line == "出席活动的还有嘉宾。"


@pytest.mark.parametrize("alias", ["(笔名:王明)", "(原名王明)", "(艺名:小明)"])
def test_an_alias_with_or_without_a_colon_goes_with_the_span(alias):
    line = event_line(f"深圳市某某文化传媒有限公司董事长、中国民间文艺家协会会员王小明{alias}"
                      "出席活动并为获奖者颁奖。")
    assert line == "出席活动并为获奖者颁奖。"


def test_presenting_awards_to_winners_is_no_prize_of_ones_own():
    from cleaners.biocues import bio_cues

    assert bio_cues("为获奖者颁奖,并与获奖代表合影") == 0
    assert bio_cues("作品曾获全国美展银奖,荣获金奖") == 2


# -- what a cut leaves of a label; an injected row of a roster table --------------------------

def test_a_label_whose_content_was_the_span_goes_with_it():
    doc = clean_gov_article("<p>活动由市文化馆承办。(作者:某某文化发展有限公司董事长、中国楹联学会"
                            "会员张德明)</p><p>主讲人:某某健康科技有限公司创始人、国家二级心理咨询师"
                            "周丽娟</p>", EVENT, EVENT_TITLE)
    body = doc.text.split("\n")[7:]
    assert "活动由市文化馆承办。" in body
    assert not any("作者" in line or "主讲人" in line for line in body)
    assert "(作者:)" in doc.sidecar["removed"] and "主讲人:" in doc.sidecar["removed"]


def test_labels_and_brackets_no_cut_emptied_stay():
    from cleaners.endorsements import cut_title_stacks

    text = "报名方式:\n联系人:\n备注()"
    assert cut_title_stacks(text) == text


def roster(rows: list[tuple[str, str]]) -> str:
    cells = "".join(f"<tr><td>{n}</td><td>{name}</td><td>{post}</td></tr>"
                    for n, (name, post) in enumerate(rows, 1))
    return f"<table><tr><td>序号</td><td>姓名</td><td>单位及职务</td></tr>{cells}</table>"


OFFICIALS = [("陈明", "市文化馆馆长"), ("刘洋", "市非遗保护中心主任"), ("赵静", "区文化馆副馆长")]
SELLER = ("林小红", "某某文化传播有限公司执行董事、某某协会会员")


def body_rows(html: str) -> list[str]:
    return [line for line in clean_gov_article(html, EVENT, EVENT_TITLE).text.split("\n")[7:]
            if line not in EVENT]


def test_an_owners_row_among_officials_goes_whole():
    rows = body_rows(roster([*OFFICIALS[:2], SELLER, OFFICIALS[2]]))
    assert rows == ["序号 姓名 单位及职务", "1 陈明 市文化馆馆长", "2 刘洋 市非遗保护中心主任",
                    "4 赵静 区文化馆副馆长"]


@pytest.mark.parametrize("rows", [
    # a table of company managers has no outlier
    [("王强", "某某食品有限公司总经理"), ("李华", "某某科技有限公司董事长"), SELLER],
    # too few other people to tell
    [OFFICIALS[0], SELLER],
])
def test_a_table_of_managers_or_a_short_table_stays(rows):
    assert any("林小红" in line for line in body_rows(roster(rows)))


def test_an_owner_the_article_names_again_stays():
    html = roster([*OFFICIALS, SELLER]) + "<p>林小红介绍了公司参与非遗传承的做法。</p>"
    assert any("执行董事" in line for line in body_rows(html))


def test_a_name_in_latin_letters_after_a_selling_stack_goes():
    line = event_line("上海某某国际贸易有限公司创始人、中国收藏家协会会员Jason Li出席活动并致辞。")
    assert line == "出席活动并致辞。"


def test_a_scholar_with_a_latin_name_stays():
    sentence = "美国某某大学教授、博士生导师John Smith作主旨演讲。"
    assert event_line(sentence) == sentence


def test_two_spans_listed_at_the_line_start_go_without_repeating_the_rest():
    line = event_line("某某文化传播有限公司创始人、某某市收藏家协会会员周建国,"
                      "某某艺术品有限公司执行董事、中国书法家协会会员吴海涛为展览揭幕。")
    assert line.count("为展览揭幕") == 1
    assert "周建国" not in line and "吴海涛" not in line


def test_an_editorial_chain_printed_a_label_a_line_goes():
    text = f"{PROSE}\n编辑:李明\n审核:王芳\n点击“阅读原文”了解更多"
    assert drop_boilerplate(text) == PROSE


@pytest.mark.parametrize("tail", ["编辑:李明", "文/张三\n图:市领导在活动现场调研"])
def test_one_credit_or_a_credit_over_a_caption_stays(tail):
    assert drop_boilerplate(f"{PROSE}\n{tail}") == f"{PROSE}\n{tail}"
