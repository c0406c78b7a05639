"""Each text cleaning step on its own (``str -> str``), and the version rule."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from cleaners import CLEANER_VERSION, RULES, STEPS
from cleaners.boilerplate import drop_boilerplate, is_boilerplate
from cleaners.chinese import is_traditional, to_simplified
from cleaners.normalise import collapse_whitespace, fold_width, join_cells
from cleaners.paragraphs import drop_duplicate_blocks, drop_title_repeat, join_broken_lines
from cleaners.spam import drop_gambling_spam, is_gambling_line
from cleaners.steps import StepContext, cleaner_version
from cleaners.summaries import drop_summary_table

SEEDS = Path(__file__).parent / "data" / "seeds"


def seed(prefix: str) -> str:
    return next(SEEDS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


# -- character normalisation -------------------------------------------------

def test_fold_width_maps_fullwidth_ascii_and_spaces():
    assert fold_width("（一）ＡＢＣ１２３，：；\u3000x\u00a0y") == "(一)ABC123,:; x y"


def test_fold_width_keeps_chinese_punctuation_and_circled_numbers():
    text = "、。《》“”‘’〔〕【】—…·①②"
    assert fold_width(text) == text


def test_collapse_whitespace_between_cjk_only():
    assert collapse_whitespace("联 系 人：张三") == "联系人：张三"
    assert collapse_whitespace("中学组  11  人") == "中学组 11 人"
    assert collapse_whitespace("投产, 二期") == "投产, 二期"
    assert collapse_whitespace("  a \n\n  \n b  ") == "a\nb"


def test_collapse_whitespace_treats_fullwidth_punctuation_as_cjk():
    assert collapse_whitespace("专家组：    闵浩") == "专家组：闵浩"


def test_cells_keep_their_separator_until_joined():
    text = collapse_whitespace("被处罚当事人\t复星 联合")
    assert text == "被处罚当事人\t复星联合"
    assert join_cells(text) == "被处罚当事人 复星联合"


# -- Traditional → Simplified -------------------------------------------------

def test_traditional_page_is_converted():
    text = seed("004")
    assert is_traditional(text)
    out = to_simplified(text)
    assert "广州市民政局关于政协十三届广州市委员会第三次会议第1007号提案答复的函" in out
    assert not is_traditional(out)


def test_simplified_pages_are_left_alone():
    for prefix in ("000", "001", "002", "003"):
        text = seed(prefix)
        assert not is_traditional(text)
        assert to_simplified(text) is text


# -- boilerplate -------------------------------------------------------------

def test_boilerplate_lines_are_recognised():
    for line in ["当前位置:首页 > 政务公开 > 建议提案", "您當前所在位置: 首頁", "【字体:大 中 小】",
                 "[ 字体: 大 中 小 ]", "浏览量:", "访问次数: 123", "扫一扫在手机打开当前页",
                 "打印 关闭", "【打印本页】【关闭窗口】", "网站标识码:3590000001 闽ICP备123号",
                 "发布日期:2020-11-04 09:44 信息来源:市民政局 浏览量:", "相关链接", "无障碍浏览",
                 "【信息发布:某某局】【内容纠错】【打印文章】【关闭窗口】", "▪ 上一篇:", "X",
                 "【关闭当前页面】", "某某市人民政府微信公众号"]:
        assert is_boilerplate(line), line


def test_body_lines_are_not_boilerplate():
    for line in ["主办单位:区社会事业局", "承办单位:区农业农村局、区城发集团", "委员反馈:满意",
                 "联系人:省民政厅基层政权和社区治理处陈健", "2021年8月30日", "红河州民政局",
                 "(联系人:彭勇,联系电话:83178761)", "附件:1.办理情况表"]:
        assert not is_boilerplate(line), line


def test_drop_boilerplate_reports_what_it_cut():
    ctx = StepContext()
    out = drop_boilerplate("当前位置:首页 > 政务公开\n正文第一段。\n扫一扫在手机打开当前页", ctx)
    assert out == "正文第一段。"
    assert ctx.removed == ["当前位置:首页 > 政务公开", "扫一扫在手机打开当前页"]


# -- injected spam -----------------------------------------------------------

def test_gambling_block_of_seed_004_is_spam():
    lines = seed("004").split("\n")
    assert is_gambling_line(lines[0])
    assert is_gambling_line(lines[-1])
    assert sum(is_gambling_line(line) for line in lines) == 2


def test_welfare_lottery_fund_prose_survives():
    for prefix in ("000", "002"):
        text = seed(prefix)
        assert "福彩公益金" in text
        assert drop_gambling_spam(text) == text


def test_drop_gambling_spam_reports_the_block():
    ctx = StepContext()
    block = "澳门葡京娱乐场 时时彩开奖结果 棋牌游戏下载"
    assert drop_gambling_spam(f"{block}\n正文。", ctx) == "正文。"
    assert ctx.removed == [block]


# -- paragraphs --------------------------------------------------------------

def test_line_broken_inside_a_sentence_is_joined():
    text = ("(一)加强组织领导。我市高度重视社区治理工作,市民政局牵头起草了《试点方案》,"
            "经市政府常务会议和市委全面深化改革领导小组\n审议通过,以市委改革办名义印发实施。\n"
            "事由:关于将马腿村打造成岚岛乡村全域旅游新样板的\n建议\n提案人:林黎代表")
    assert join_broken_lines(text).split("\n") == [
        "(一)加强组织领导。我市高度重视社区治理工作,市民政局牵头起草了《试点方案》,"
        "经市政府常务会议和市委全面深化改革领导小组审议通过,以市委改革办名义印发实施。",
        "事由:关于将马腿村打造成岚岛乡村全域旅游新样板的建议",
        "提案人:林黎代表",
    ]


def test_headings_signatures_and_table_rows_are_not_joined():
    text = ("一、综合\n国民经济继续健康稳定发展。\n(一)社区治理机制体制不断健全完善\n"
            "2007—2019年,州委、州政府先后出台了文件。\n红河州民政局\n2021年8月30日\n"
            "行政处罚决定\t对某公司罚款158万元。其中,总公司38万元,分支机构120万元\n"
            "作出处罚决定的日期\t2024年7月8日")
    assert join_broken_lines(text) == text


def test_a_run_of_clauses_broken_by_a_picture_is_joined():
    # a picture paragraph split the sentence; the line before it has commas but no full stop
    text = ("会议指出,开展代表约见活动是人大代表行使监督权的一种方式,通过约见活动,"
            "代表可以直接反映群众的诉求并提出建议\n意见,推动热点难点问题得到解决。")
    assert join_broken_lines(text) == text.replace("\n", "")
    # a long line of two clauses, a list heading or a name list is not prose enough
    kept = ("出席会议的有县人大常委会主任某某,副主任某某、某某\n会议听取了工作报告。\n"
            "关于加快推进城乡融合发展和乡村振兴战略实施的若干意见和工作安排\n各乡镇人民政府:")
    assert join_broken_lines(kept) == kept


def test_title_repeated_at_the_top_is_dropped_even_over_two_lines():
    ctx = StepContext(title="平潭县第十八届人大第四次会议代表建议意见办理情况公开内容")
    text = "平潭县第十八届人大第四次会议\n代表建议意见办理情况公开内容\n第1010号"
    assert drop_title_repeat(text, ctx) == "第1010号"
    assert drop_title_repeat("第1010号\n正文", ctx) == "第1010号\n正文"


def test_a_photo_caption_ending_with_its_credit_is_not_joined_to_the_next_paragraph():
    text = ("3月2日,某某县县长在某某镇调研春耕生产,了解种粮大户的困难。本报记者张小禾摄\n"
            "县长强调,要抓好春耕备耕各项工作。")
    assert join_broken_lines(text) == text


def test_the_repeated_title_goes_with_a_footnote_marker_after_it():
    ctx = StepContext(title="某某县2023年国民经济和社会发展统计公报")
    text = "某某县2023年国民经济和社会发展统计公报[1]\n某某县统计局"
    assert drop_title_repeat(text, ctx) == "某某县统计局"


def test_second_copy_of_a_block_is_dropped():
    rows = ["行政处罚决定书文号\t金罚决字〔2024〕36号", "被处罚当事人\t某公司",
            "行政处罚决定\t罚款"]
    text = "\n".join(["标题", *rows, "页脚", *rows])
    assert drop_duplicate_blocks(text) == "\n".join(["标题", *rows, "页脚"])
    assert drop_duplicate_blocks("一\n二\n一\n二") == "一\n二\n一\n二"


# -- registry and version rule -----------------------------------------------

def test_steps_are_named_versioned_and_unique():
    names = [s.name for s in STEPS]
    assert len(names) == len(set(names))
    assert all(isinstance(s.version, int) and s.version >= 1 for s in STEPS)
    assert {s.on for s in STEPS} == {"tree", "body", "text"}
    assert names[-1] == "join_cells"


def test_cleaner_version_changes_when_a_step_version_is_bumped():
    assert cleaner_version(STEPS, RULES) == CLEANER_VERSION
    bumped = (dataclasses.replace(STEPS[0], version=STEPS[0].version + 1), *STEPS[1:])
    assert cleaner_version(bumped, RULES) != CLEANER_VERSION
    assert cleaner_version(STEPS[::-1], RULES) != CLEANER_VERSION


def test_cleaner_version_changes_when_a_metadata_rule_is_bumped():
    assert cleaner_version(STEPS) != CLEANER_VERSION
    bumped = {name: version + 1 for name, version in RULES.items()}
    assert cleaner_version(STEPS, bumped) != CLEANER_VERSION


def test_a_bracket_left_open_at_a_break_is_closed_on_the_next_line_and_joined():
    text = ("附件:《某某系统技术规范—第1部分》(略,详情请登录某某委网\n站)\n"
            "第一章 总则\n《某某县关于加强农村饮水安全工作的\n"
            "实施意见》已经县政府同意,现印发给你们。")
    assert join_broken_lines(text).split("\n") == [
        "附件:《某某系统技术规范—第1部分》(略,详情请登录某某委网站)",
        "第一章 总则",
        "《某某县关于加强农村饮水安全工作的实施意见》已经县政府同意,现印发给你们。",
    ]
    # a bracket closed on its own line, or another opened first, is no broken sentence
    kept = "某某县人民政府(公章)\n2024年3月1日\n关于某某的通知(征求意见稿\n(一)总体要求)"
    assert join_broken_lines(kept) == kept


_NOTICE = ("一、项目名称:某某县乡村道路安防工程五标\n二、采购单位:某某县公路建设养护中心\n"
           "三、成交供应商:某某市交通设施工程有限公司,地址:某某市城南大道88号\n"
           "四、评审小组成员:王小明、李大为、赵长青\n五、代理机构:某某项目管理咨询有限公司,"
           "地址:某某市人民路一号综合大楼\n六、公告期限:自本公告发布之日起1个工作日。")


def test_a_summary_table_the_notice_repeats_leaves_the_body():
    summary = ("公告概要:\n采购项目名称\t某某县乡村道路安防工程五标\n"
               "采购单位\t某某县公路建设养护中心\n成交供应商\t某某市交通设施工程有限公司\n"
               "评审小组成员\t王小明、李大为、赵长青\n代理机构名称\t某某项目管理咨询有限公司\n"
               "联系人\t黄先生\t联系电话\t0745-1234567")
    ctx = StepContext()
    assert drop_summary_table(f"{summary}\n{_NOTICE}", ctx) == _NOTICE
    assert "采购单位\t某某县公路建设养护中心" in ctx.removed
    # under the title and an info line too; but not a table the text does not repeat
    top = f"某某工程成交公告\n2021-06-10 来源:\n{summary}\n{_NOTICE}"
    assert drop_summary_table(top) == f"某某工程成交公告\n2021-06-10 来源:\n{_NOTICE}"
    own = summary.replace("某某县乡村道路安防工程五标", "某某县城区照明改造工程").replace(
        "某某县公路建设养护中心", "某某县城市管理局").replace("某某市交通设施", "某某市照明")
    assert drop_summary_table(f"{own}\n{_NOTICE}") == f"{own}\n{_NOTICE}"


def test_tables_of_figures_or_inside_the_body_stay():
    figures = ("指标\t数值\t增长\n地区生产总值\t1234.56亿元\t8.5%\n第一产业\t234.12亿元\t4.1%\n"
               "第二产业\t456.78亿元\t9.2%\n第三产业\t543.66亿元\t9.0%")
    prose = ("全年地区生产总值1234.56亿元,比上年增长8.5%。其中,第一产业增加值234.12亿元,"
             "第二产业增加值456.78亿元,第三产业增加值543.66亿元。") * 2
    assert drop_summary_table(f"{figures}\n{prose}") == f"{figures}\n{prose}"
    table = ("采购单位\t某某县公路建设养护中心\n成交供应商\t某某市交通设施工程有限公司\n"
             "评审小组成员\t王小明、李大为、赵长青\n代理机构名称\t某某项目管理咨询有限公司")
    inside = f"关于某某工程的说明\n第一段说明文字。\n第二段说明文字。\n第三段。\n{table}\n{_NOTICE}"
    assert drop_summary_table(inside) == inside


def test_the_readmes_step_table_names_every_step_at_its_version():
    """The README's table of steps is what users read: every step, in order, each at the
    version the registry stamps on documents."""
    import re

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| \w+ \| `(\w+)` \| (\d+) \| (tree|body|text) \|", readme, re.M)
    assert [(name, int(version), on) for name, version, on in rows] == \
        [(s.name, s.version, s.on) for s in STEPS]
