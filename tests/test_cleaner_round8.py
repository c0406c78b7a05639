"""Eighth-round signals, from the misses of two held-out sets (``gov9``, ``web4``) and
made-up pages only: a readers' comment section beside a short article, citation marks of
an encyclopedia. Every sentence is made up, each with what must stay."""

from __future__ import annotations

import pytest

from cleaners import clean_page
from cleaners.bios import drop_injected_bios
from cleaners.boilerplate import drop_boilerplate
from cleaners.chinese import to_simplified
from cleaners.citations import drop_citation_marks
from cleaners.evaluation import body_of
from cleaners.paragraphs import drop_title_repeat
from cleaners.persons import mentions
from cleaners.steps import StepContext

from .helpers import bios, cut

URL = "https://news.example.com/c/2024-05-16/doc-1.shtml"
ARTICLE = "".join(
    f"<p>{n}月16日,某市中级人民法院公开审理了某某案,检察机关出示了相关证据,被告人及其辩护人"
    f"进行了质证,控辩双方在法庭的主持下充分发表了意见。</p>" for n in range(1, 9)
) + "<p>庭审最后,法庭宣布休庭,择期宣判。</p>"
COMMENTS = "".join(
    f"<div class='item'><div class='cont'><a href='/u/{n}'>网友{n}</a>"
    f"<div class='txt'>这件事说明了什么,大家怎么看,我觉得值得深思。</div>"
    f"<div class='info'><span>5月16日18:{n:02d}</span><a href='#'>举报</a><a href='#'>赞</a>"
    f"<a href='#'>回复</a></div></div></div>" for n in range(10, 30))


def _page(section_class: str) -> bytes:
    return (f"<html><head><title>某某案公开审理</title></head><body>"
            f"<div class='main'><div class='left'><h1>某某案公开审理</h1>"
            f"<div class='article' id='artibody'>{ARTICLE}</div>"
            f"<div class='{section_class}'><div class='list'>{COMMENTS}</div></div>"
            f"</div></div></body></html>").encode()


@pytest.mark.parametrize("section_class", ["blk-comment", "sina-comment-wrap", "cmnt_list",
                                           "gentie-box"])
def test_a_comment_section_beside_a_short_article_is_not_the_body(section_class):
    body = body_of(clean_page(_page(section_class), URL).text)
    assert "庭审最后,法庭宣布休庭,择期宣判。" in body
    assert "网友" not in body and "举报" not in body


def test_the_same_prose_in_a_block_not_named_for_comments_still_widens_the_body():
    # the widening the comment rule limits: a parent adding much more prose is taken
    body = body_of(clean_page(_page("commentary"), URL).text)
    assert "庭审最后,法庭宣布休庭,择期宣判。" in body and "网友10" in body


PROSE = "活动现场,参赛选手围绕理论知识和专业技能展开角逐,展现了良好的专业素养。"


@pytest.mark.parametrize("member", [
    "王某某,毕业于某某学院。某某咨询有限公司顾问。",  # one cue: the header announced people
    "刘某某,毕业于某某推拿学院。某某健康咨询有限公司股东。",  # 股东: a firm's owner
])
def test_the_line_under_a_bare_panel_header_is_its_first_member(member):
    out, removed = bios(f"{PROSE}\n四、关于专家组\n{member}\n{PROSE}")
    assert out == \
        f"{PROSE}\n{PROSE}"
    assert removed == ["四、关于专家组", member]


@pytest.mark.parametrize("line", [
    "专家组由市卫健委组织,毕业于相关专业的人员组成。",  # opens with no personal name
    "王志刚,市卫生健康委员会副主任,毕业于某某学院。",  # an official
])
def test_a_line_under_a_panel_header_that_is_no_member_stays(line):
    assert drop_injected_bios(f"{PROSE}\n四、关于专家组\n{line}\n{PROSE}") == \
        f"{PROSE}\n{line}\n{PROSE}"


TITLE = "“学书法晒快乐”书法培训"


def test_a_module_caption_and_two_title_copies_open_the_body():
    ctx = StepContext(title=TITLE)
    text = f"信息详情\n{TITLE}\n{TITLE}\n{PROSE}"
    assert drop_title_repeat(text, ctx) == PROSE
    # a line before the title that is no module caption stays
    assert drop_title_repeat(f"聚焦基层\n{TITLE}\n{PROSE}", ctx) == f"聚焦基层\n{PROSE}"


def test_an_info_line_under_two_title_copies_and_a_back_to_top_link_go():
    ctx = StepContext(title=TITLE)
    text = f"信息详情\n{TITLE}\n{TITLE}\n发布时间:2017-05-02\n{PROSE}\n回到顶部"
    assert drop_boilerplate(text, ctx) == f"信息详情\n{TITLE}\n{TITLE}\n{PROSE}"
    assert ctx.removed == ["发布时间:2017-05-02", "回到顶部"]
    # further down, the same line is the article's own
    lines = f"{PROSE}\n{PROSE}\n{PROSE}\n发布时间:2017-05-02\n{PROSE}"
    assert drop_boilerplate(lines, StepContext(title=TITLE)) == lines


def test_citation_marks_go_and_other_superscripts_stay():
    from lxml import html


    body = html.fromstring(
        "<div><p>某区为省级高新技术产业开发区<sup data-tag='ref'> [1]</sup><sup> [5]</sup>。"
        "面积952公顷<sup class='reference'><a href='#cite-3'>[3-4]</a></sup>,"
        "约10<sup>6</sup>平方米,见注<sup>①</sup>。</p></div>")
    ctx = StepContext()
    drop_citation_marks(body, ctx)
    assert body.text_content() == "某区为省级高新技术产业开发区。面积952公顷,约106平方米,见注①。"
    assert ctx.removed == ["[1]", "[5]", "[3-4]"]


# -- injections written blind to the rules (gov11): forms the grammar had to read --------

def test_two_bodies_titles_joined_by_jian_are_one_stack():
    line = ("6月1日,由区文化和旅游局、区妇联、某某文化传媒有限公司总经理兼某某文化促进会会员"
            "张某某主办的亲子阅读活动在区图书馆举行。")
    out, removed = cut(line)
    assert out == "6月1日,由区文化和旅游局、区妇联主办的亲子阅读活动在区图书馆举行。"
    assert removed == ["、某某文化传媒有限公司总经理兼某某文化促进会会员张某某"]
    # one body's two posts joined by 兼 are one official title: nothing is cut
    official = "市委书记兼市长王某某出席活动并讲话,市政协主席李某某主持会议。"
    assert cut(official) == (official, [])


def test_a_planners_title_lets_the_stack_be_read():
    line = ("副市长王某某出席开幕式并讲话,某某文化发展有限公司创始人、资深活动策划人赵某某出席"
            "开幕式并致辞,市文化局局长李某某主持开幕式。")
    out, removed = cut(line)
    assert "赵某某" not in out and "副市长王某某出席开幕式并讲话" in out
    assert removed and removed[0].startswith("某某文化发展有限公司创始人")


@pytest.mark.parametrize("heading, bio", [
    ("附:活动嘉宾简介", "周某某(副主任医师),毕业于某某医学院,某某医疗科技有限公司首席医学官。"),
    ("●关于活动学术主持", "郑某,某某青年画院研究会秘书长,国画《春山行旅》入选全国美展。"),
])
def test_person_headings_with_a_prefix_or_a_bullet_go_with_their_bio(heading, bio):
    out, removed = bios(f"{PROSE}\n{heading}\n{bio}\n{PROSE}")
    assert out == f"{PROSE}\n{PROSE}"
    assert removed == [heading, bio]


def test_a_bracketed_heading_opening_a_bio_line_and_a_gender_after_the_name():
    bio = "【评审简介】孙某某女,1965年生于某某省某市;某某诗词学会会员;现任某某书画院院长"
    assert drop_injected_bios(f"{PROSE}\n{bio}\n{PROSE}") == f"{PROSE}\n{PROSE}"


def test_ji_joins_two_bodies_titles_and_jingji_opens_no_stack():
    line = ("出席会议的还有:市直有关部门主要负责同志;某某企业管理咨询有限公司总经理及某某市民营经济"
            "研究会副会长钱某某;部分金融机构负责同志等。")
    out, removed = cut(line)
    assert out == "出席会议的还有:市直有关部门主要负责同志;部分金融机构负责同志等。"
    assert removed == ["某某企业管理咨询有限公司总经理及某某市民营经济研究会副会长钱某某;"]

    [person] = mentions("某某市民营经济研究会副会长钱某某出席")  # one body, not 济研究会
    assert person.titles[0].org == "某某市民营经济研究会"


def test_a_panel_of_members_goes_whole_each_after_the_first_with_one_cue():
    members = ["吴某某,某某省青年美术家协会理事,某某书画院院长,作品多次入选省级美术展览。",
               "郑某某,某某工笔画学会会员,某某艺术培训学校校长,国家二级美术师。",
               "冯某某,毕业于某某师范大学美术学院,某某书画研究院特聘画家。"]
    text = "\n".join([PROSE, "评审嘉宾", *members, PROSE])
    assert drop_injected_bios(text) == f"{PROSE}\n{PROSE}"
    # an official's line after a CV stays
    official = "王某某,某某市文化广电和旅游局副局长,介绍了展览的筹备情况。"
    text = "\n".join([PROSE, "评审嘉宾", members[0], official, PROSE])
    assert drop_injected_bios(text) == f"{PROSE}\n{official}\n{PROSE}"


# -- gov13: harder blind forms ---------------------------------------------------------------

def test_an_alias_makes_a_managers_span_and_a_writers_pen_name_stays():
    line = "24人参加本次培训,某某数智科技有限公司总经理刘某某(又名刘某)应邀列席。"
    out, removed = cut(line)
    # the clause before has its own subject and verb: only the span goes, the comma stays
    assert removed == ["某某数智科技有限公司总经理刘某某(又名刘某)"]
    assert out == "24人参加本次培训,应邀列席。"  # (its predicate stays: a clause, no subject)
    writer = "座谈会上,作家孙某某(原名孙某)谈了创作体会,与会人员进行了交流。"
    assert cut(writer) == (writer, [])


def test_an_owners_run_spliced_into_an_officials_stack_goes_and_the_official_stays():
    line = ("启动仪式上,区委常委、人民武装部部长、某某文化传播有限公司执行董事、某某省书法家协会"
            "会员周某某致辞,介绍活动安排。")
    out, removed = cut(line)
    assert out == "启动仪式上,区委常委、人民武装部部长周某某致辞,介绍活动安排。"
    assert removed == ["、某某文化传播有限公司执行董事、某某省书法家协会会员"]
    # an official who is an association's member: nothing is cut
    member = "启动仪式上,区委常委、宣传部部长、区书法家协会会员周某某致辞,介绍活动安排。"
    assert cut(member) == (member, [])


def test_a_cv_that_goes_on_in_a_second_paragraph_goes_whole():
    first = "韩某某,1968年生于某某省某市,毕业于某某艺术学院美术系,现任某某艺术品有限公司执行董事。"
    second = "他的作品多次入选全国性美术展览,被多家艺术机构收藏,出版有《韩某某山水画集》。"
    assert drop_injected_bios(f"{PROSE}\n{first}\n{second}\n{PROSE}") == f"{PROSE}\n{PROSE}"
    # named in the article too: a genuine profile stays
    named = f"韩某某的作品展今天开幕。\n{first}\n{second}\n{PROSE}"
    assert drop_injected_bios(named) == named


def test_members_named_with_a_colon_under_a_heading_go():
    lines = ["3.嘉宾介绍:", "赵某某:某某市青少年教育促进会副会长、某某教育咨询有限公司总经理",
             "钱某某:某某市心理咨询师协会会员、某某家庭教育服务中心主任"]
    assert drop_injected_bios("\n".join([PROSE, *lines, PROSE])) == f"{PROSE}\n{PROSE}"


def test_a_traditional_paragraph_on_a_simplified_page_is_converted():
    simplified = f"{PROSE}\n{PROSE}"
    traditional = ("陳某某,畢業於某某師範大學心理學系,現任某某文化傳播有限公司董事長,"
                   "長期從事研究工作。")
    out = to_simplified(f"{simplified}\n{traditional}")
    assert out.split("\n")[:2] == [PROSE, PROSE]
    expected = "陈某某,毕业于某某师范大学心理学系,现任某某文化传播有限公司董事长,长期从事研究工作。"
    assert out.split("\n")[2] == expected
    assert to_simplified(simplified) == simplified  # a stray 著 or 於 converts nothing


def test_members_whose_titles_follow_their_names_under_a_showcase_heading_go():
    lines = ["特邀专家风采",
             "孙某某:某某企业管理咨询有限公司首席顾问、国际注册管理咨询师(CMC),长期从事企业咨询。",
             "周某某:某某教育科技有限公司创始人、高级人力资源管理师。"]
    assert drop_injected_bios("\n".join([PROSE, *lines, PROSE])) == f"{PROSE}\n{PROSE}"
    # officials under such a heading stay
    official = "王某某:某某市科学技术局副局长,介绍了本市人才政策。"
    assert drop_injected_bios(f"{PROSE}\n特邀专家风采\n{official}\n{PROSE}") == \
        f"{PROSE}\n特邀专家风采\n{official}\n{PROSE}"
