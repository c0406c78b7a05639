"""The injection steps on their own: what they must cut, what they must leave alone.

Sentences are made up for the tests (names, firms and bodies included), in the shapes the
corpus README describes; none is copied from a corpus or held-out page.
"""

from __future__ import annotations

import pytest

from cleaners.bios import is_panel_header
from cleaners.persons import OFFICIAL, mentions
from cleaners.steps import StepContext
from cleaners.twins import cut_twin_differences

from .helpers import bios, cut

# -- the title-stack grammar ---------------------------------------------------------------

def test_a_stack_is_parsed_with_its_organisations_and_kinds():
    line = "据江南某某装饰设计有限责任公司法人、某某室内设计协会会员柳青介绍,平台已上线。"
    [m] = mentions(line)
    assert line[m.start:m.end] == "江南某某装饰设计有限责任公司法人、某某室内设计协会会员柳青"
    assert m.name == "柳青" and m.follower == "介绍"
    assert [t.org for t in m.titles] == ["江南某某装饰设计有限责任公司", "某某室内设计协会"]
    assert m.kinds == {"commercial-strong", "membership"}


def test_official_posts_are_classified_official():
    for line in ["副省长周明远出席活动并致辞。", "市委常委、副市长林海峰主持会议。",
                 "区统计局服务业相关负责人员宣讲了统计法规。",
                 "民进中央副主席、某市委主委王立出席。"]:
        assert all(OFFICIAL in m.kinds for m in mentions(line)), line


# -- cut_title_stacks -------------------------------------------------------------------------

def test_a_company_speaker_spliced_into_news_is_cut_and_the_sentence_reads():
    text = ("某某国际化妆品有限公司执行董事白若雪表示,本地化妆品制造业的转型升级推动了产业发展。"
            "陈立强调,这有益于企业的可持续发展。")
    out, removed = cut(text)
    assert out.startswith("表示,本地化妆品制造业")
    assert removed == ["某某国际化妆品有限公司执行董事白若雪"]


def test_an_honours_stack_at_a_paragraph_start_is_cut():
    out, removed = cut("一级美术师、某某美术学院客座教授、某某大学客座教授屠青山现场宣读倡议书,"
                       "主持人通过视频发出倡议。")
    assert out == "现场宣读倡议书,主持人通过视频发出倡议。"
    assert removed == ["一级美术师、某某美术学院客座教授、某某大学客座教授屠青山"]


def test_a_guest_in_an_attendee_list_goes_with_its_leading_comma():
    text = ("某镇开展书画活动,镇文化站站长于海,某某巡展组委会特约嘉宾、某某联盟终身客座教授"
            "郝明川,文联工作人员20余人参加。")
    out, removed = cut(text)
    assert out == "某镇开展书画活动,镇文化站站长于海,文联工作人员20余人参加。"
    assert removed == [",某某巡展组委会特约嘉宾、某某联盟终身客座教授郝明川"]


def test_a_list_item_between_semicolons_goes_with_one_separator():
    out, _ = cut("参加观摩的还有:市级领导同志;某某品牌全球事业合伙人、某某协会会员章一鸣;"
                 "各区县主要负责同志。")
    assert out == "参加观摩的还有:市级领导同志;各区县主要负责同志。"


def test_an_alias_clause_between_officials_goes_whole():
    text = ("副主任赵敏出席开幕式并致辞,某某文化传媒有限公司执行董事卓远(原名卓大远)作闭幕讲话,"
            "秘书长钱进主持开幕式。")
    out, removed = cut(text)
    assert out == "副主任赵敏出席开幕式并致辞,秘书长钱进主持开幕式。"
    assert removed == ["某某文化传媒有限公司执行董事卓远(原名卓大远)作闭幕讲话,"]


def test_a_co_presenter_takes_its_conjunction_after_an_adverbial():
    out, _ = cut("会上,某某网络科技有限公司执行董事、某某智城网络有限公司执行董事蓝天与区统计局"
                 "相关负责人员宣讲了统计法规。")
    assert out == "会上,区统计局相关负责人员宣讲了统计法规。"


def test_a_name_spliced_into_a_phrase_is_cut_back_to_the_phrase():
    out, _ = cut("“这些都需要逐一解决。”市工信委有关亚太室内设计(高级)设计师龚晓华负责人表示。")
    assert out == "“这些都需要逐一解决。”市工信委有关负责人表示。"


def test_a_span_inside_an_officials_stack_leaves_the_official():
    out, removed = cut("市文化和旅游局党组书记、某某教育科技有限公司创始人、高级企业培训师符一帆、"
                       "局长郑良带队座谈。")
    assert out == "市文化和旅游局党组书记、局长郑良带队座谈。"
    assert removed == ["某某教育科技有限公司创始人、高级企业培训师符一帆、"]


def test_a_ceremony_performed_by_a_firms_founder_is_cut():
    out, _ = cut("展览将持续开放至15日。某某科技有限公司创始人严小伟出席活动并致辞。")
    assert out == "展览将持续开放至15日。出席活动并致辞。"


@pytest.mark.parametrize("text", [
    "副省长周明远出席活动并致辞。",
    "市委常委、副市长林海峰,区委书记黄河出席开幕式。",
    "会上,区统计局服务业相关负责人员宣讲了统计相关法律法规。",
    "某某电商创始人、董事长兼CEO黄锦林表示,过去几年,美妆行业被关注的是品牌。",
    "某某生物技术股份有限公司董事长孙怀远表示,研发是根本。孙怀远认为,要坚持创新。",
    "某某科技有限公司总经理王伟介绍,企业今年产值增长。",
    "某省硬笔书法协会副主席、某市硬笔书法协会主席谢文表示,某市硬笔书法协会成立以来举办多场比赛。",
    "市政协副主席、民革市委会主委陈安出席并讲话。",
    "福彩公益金支持的养老服务项目由市民政局负责实施,项目负责人介绍了进展。",
])
def test_officials_and_genuine_speakers_stay(text):
    assert cut(text)[0] == text


# -- drop_injected_bios -------------------------------------------------------------------------

@pytest.mark.parametrize("line", ["关于专家组:", "四、关于专家组", "(五)关于评委组:",
                                  "关于企业代表", "关于专家组成员简介"])
def test_panel_headers_in_every_form(line):
    assert is_panel_header(line)


def test_panel_blocks_and_their_items_are_dropped():
    text = "\n".join([
        "正文第一段,内容。",
        "关于评委组:方晓云,毕业于某某理工大学、某某科协心理科学传播专家人才库入库专家",
        "关于专家组:詹浩高级安全专家、某某物联科技股份有限公司创始人、董事长",
        "1.国际标准化组织 某技术委员会专家委员:",
        "2.某某商业协会标准化技术委员会副主任委员",
        "正文第二段,内容。",
    ])
    out, removed = bios(text)
    assert out == "正文第一段,内容。\n正文第二段,内容。"
    assert len(removed) == 4


def test_a_biography_of_a_person_never_mentioned_is_dropped():
    text = "\n".join([
        "本次比赛在弓长岭区举行,来自省内4支代表队的运动员参赛。",
        "桑春雨出生于某省某市,4岁开始学习乒乓球,中文名桑春雨,国籍中国,民族汉族,毕业院校某体育学院,"
        "2010年省锦标赛团体冠军。",
        "比赛的成功举办推动了体育产业发展。",
    ])
    out, removed = bios(text)
    assert "桑春雨" not in out and len(removed) == 1


def test_a_one_line_cv_led_by_a_name_is_dropped():
    out, _ = bios("卫生健康委组织宣传推广。\n"
                  "欧阳冲,毕业于某某针灸推拿学院。某某健康咨询有限公司监事。")
    assert out == "卫生健康委组织宣传推广。"


def test_a_labelled_biography_goes_with_its_lead_in():
    text = ("展览吸引了众多书法爱好者。\n现场专家介绍:祝鸿名号三水,1934年生于北京,师从名家,"
            "长于画马。\n展览将持续一周。")
    assert bios(text)[0] == "展览吸引了众多书法爱好者。\n展览将持续一周。"


def test_a_byline_of_titles_loses_its_content_not_its_label():
    out, _ = bios("我们人类更应终身学习。(作者:某某网络发起人、毕业于某某大学、代表作《智能城市》"
                  "高金山,)")
    assert out == "我们人类更应终身学习。(作者:)"


def test_an_introduction_sentence_appended_to_a_paragraph_is_cut():
    out, removed = bios("专业组书法金奖共19幅。特等奖作品为《书法的传承》作者:冼运涛某市满堂红商务"
                        "信息中心主任,中国书法家协会会员。")
    assert out == "专业组书法金奖共19幅。"
    assert removed == ["特等奖作品为《书法的传承》作者:冼运涛某市满堂红商务信息中心主任,"
                       "中国书法家协会会员。"]


@pytest.mark.parametrize("text", [
    "关于专家组的组建,我局已会同有关部门研究。",
    "张三教授,长期关心社区治理工作,提出了宝贵意见。",
    "1.加强组织领导。",
    "李明,男,汉族,1975年生,研究生学历,现任市财政局副局长。",
    "经过激烈角逐,某某学校的许文老师喜获中学组一等奖,另两位老师获二等奖。",
    "许文,毕业于某某大学,是本次比赛的一等奖获得者。许文表示,将继续努力。",
])
def test_official_and_on_topic_paragraphs_stay(text):
    assert bios(text, title="许文获奖")[0] == text


# -- cut_twin_differences ---------------------------------------------------------------------

def test_the_other_copy_restores_what_the_injection_replaced():
    ctx = StepContext(twin="活动在成都举行。副省长周明远出席活动并致辞。\n第二段。")
    text = ("活动在成都举行。某某企业管理有限公司执行董事、高级健康管理师严冰出席活动并致辞。"
            "\n第二段。")
    assert cut_twin_differences(text, ctx) == ("活动在成都举行。副省长周明远出席活动并致辞。"
                                               "\n第二段。")
    assert ctx.removed == ["某某企业管理有限公司执行董事、高级健康管理师严冰"]


def test_differences_that_do_not_look_injected_are_left_alone():
    ctx = StepContext(twin="今年全市共接待游客120万人次。\n第二段文字。")
    text = "今年全市共接待游客130万人次。\n第二段文字。"
    assert cut_twin_differences(text, ctx) == text
    assert cut_twin_differences(text, StepContext()) == text


def test_a_full_cv_under_a_personal_profile_label_goes_even_for_a_named_winner():
    text = ("青年演员贺延杰荣获一等奖。\n荣获一等奖个人简介贺延杰(Michael He),演员,汉族,"
            "出生于1991年9月,2018年参与拍摄电影《某某》,2019年参演电影《某某某》。")
    assert bios(text)[0] == "青年演员贺延杰荣获一等奖。"
    official = ("干部任前公示。\n个人简介贺明,男,汉族,1975年生,毕业于某某大学,现任市财政局副局长。")
    assert bios(official)[0] == official


def test_a_page_rendered_twice_is_emitted_once_in_the_clean_wording():
    from cleaners import clean_page, parse_page

    paragraphs = ["第二段说明了活动的安排和各方面的准备情况,共有400余家企业参加。",
                  "第三段总结了下一步的工作,推动产业集聚融合,提升发展能级。"]
    main = ("<p>活动在成都举行。某某企业管理有限公司执行董事、高级健康管理师严冰出席活动并致辞。"
            "</p>"
            + "".join(f"<p>{p}</p>" for p in paragraphs))
    elder = ("<p>活动在成都举行。副省长周明远出席活动并致辞。</p>"
             + "".join(f"<p>{p}</p>" for p in paragraphs))
    body = (f"<html><head><meta charset='utf-8'><title>供需对接活动举行</title></head><body>"
            f"<h1>供需对接活动举行</h1><div class='article_content'>{main}</div>"
            f"<div class='footer'>网站标识码:1234567890</div>"
            f"<div id='elder'><h1>供需对接活动举行</h1><div class='older'>{elder}</div></div>"
            "</body></html>").encode()
    doc = clean_page(body, "http://www.example.gov.cn/a.html")
    lines = doc.text.split("\n")[7:]
    assert lines == ["活动在成都举行。副省长周明远出席活动并致辞。", *paragraphs]
    assert doc.sidecar["second_copy"] is True
    assert "某某企业管理有限公司执行董事、高级健康管理师严冰" in doc.sidecar["removed"]
    shared = clean_page(body, "http://www.example.gov.cn/a.html", parsed=parse_page(body))
    assert shared.text == doc.text
