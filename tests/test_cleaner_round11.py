"""Eleventh-round signals, from the misses of a blind synthetic set (``gov29``) and
made-up sentences only: a group named with 等 before a title stack, a lecture clause
whose lecturer was the span, a time of day written 08时45分 right before a label. Every
sentence is made up, each rule with what must stay."""

from __future__ import annotations

from cleaners import clean_page
from cleaners.endorsements import cut_title_stacks
from cleaners.persons import mentions

from .helpers import GOV_ARTICLE_URL, cut, gov_article

# -- a group before the stack -------------------------------------------------------------------


def test_a_group_named_with_deng_is_no_title_of_the_stack_after_it():
    line = ("市商务局有关负责同志,北方机床集团、某重工等龙头企业代表,青岚贸易有限公司执行董事、"
            "某某民营经济促进会副会长严某舟,以及60余家配套企业负责人参加会议。")
    out, removed = cut(line)
    assert out == ("市商务局有关负责同志,北方机床集团、某重工等龙头企业代表,"
                   "以及60余家配套企业负责人参加会议。")
    assert removed == [",青岚贸易有限公司执行董事、某某民营经济促进会副会长严某舟"]


def test_a_higher_education_body_still_opens_a_stack():
    line = "某某职业技术学院院长、某省高等教育学会副会长严某舟出席。"
    (found,) = mentions(line)
    assert line[found.start:found.end] == "某某职业技术学院院长、某省高等教育学会副会长严某舟"


# -- the lecture clause of a substituted lecturer ----------------------------------------------


def test_a_lecture_clause_goes_with_the_lecturer_before_another_person():
    line = ("培训采取授课与演练相结合的方式。青禾养生文化传播有限公司创始人、某某自然疗法协会"
            "荣誉主席邝某远大师作专题讲座,区人民医院康复科主任医师冯某新围绕操作规范进行讲解。")
    out, removed = cut(line)
    assert out == ("培训采取授课与演练相结合的方式。"
                   "区人民医院康复科主任医师冯某新围绕操作规范进行讲解。")
    assert removed == ["青禾养生文化传播有限公司创始人、某某自然疗法协会荣誉主席邝某远大师"
                       "作专题讲座,"]


def test_any_other_predicate_of_the_span_stays():
    line = ("活动在区文化广场举行。某某画院一级美术师、某某美术学院客座教授陈某文现场宣读倡议书,"
            "区融媒体中心主持人马某舒通过视频发出倡议。")
    out, _ = cut(line)
    assert out == ("活动在区文化广场举行。现场宣读倡议书,"
                   "区融媒体中心主持人马某舒通过视频发出倡议。")
    official = ("培训采取授课与演练相结合的方式。区卫生健康局局长冯某新作专题讲座,"
                "区人民医院主任医师邝某远进行讲解。")
    assert cut_title_stacks(official) == official


# -- a time of day right before a label ---------------------------------------------------------


def test_a_date_with_a_time_in_chinese_units_before_a_label_is_the_date_shown():
    head = '<meta name="PubDate" content="2024-05-17 16:02:19">'
    inner = ('<div class="info"><span>2023年11月08日 08时45分</span><span>来源：某某县融媒体中心'
             '</span></div><p>11月7日,全县产业链对接会在县城举行,80余家企业参加。</p>'
             '<p>会上,6家龙头企业发布了配套需求清单,涉及采购金额约3亿元。</p>')
    page = gov_article(inner, "全县举办产业链对接会", head)
    document = clean_page(page.encode(), GOV_ARTICLE_URL)
    assert "- 发布日期: 2023-11-08" in document.text.splitlines()
    assert "- 发布机构: 某某县融媒体中心" in document.text.splitlines()
