"""Injection forms the second round added: rosters, person labels, panel continuations,
affiliations, lineage and contest titles, garbled list items, speaker labels, and where
a cut span takes its separator. Every sentence is made up (names, bodies and firms
included); each test also shows what must stay."""

from __future__ import annotations

import pytest

from .helpers import bios, cut

# -- a biography filled into a roster -------------------------------------------------------

ROSTER = ["钱晓峰", "某某县图书馆馆长", "主持县图书馆全面工作。",
          "孙丽娜", "某某县图书馆副馆长", "分管采编部、流通部和少儿阅览部。",
          "周建国", "某某县图书馆副馆长", "分管办公室、信息技术部。"]
OUTSIDER = ["韩德海", "韩德海,男,1941年出生,某某省某县人,毕业于某某师范学院,某县文联创作室主任",
            "韩德海,祖籍某某省,1962年-1970年某县中学教师。1971年-1999年任某县文联创作室主任,"
            "主编《某县民间故事集》。"]


def test_a_cv_filled_into_a_roster_of_leaders_is_dropped_whole():
    text = "\n".join(ROSTER[:6] + OUTSIDER + ROSTER[6:])
    out, removed = bios(text, title="领导班子")
    assert out == "\n".join(ROSTER)
    assert removed == OUTSIDER


def test_a_roster_of_cvs_and_a_roster_without_a_common_body_stay():
    profiles = ["李文博", "李文博,男,汉族,1976年5月生,毕业于某某大学,现任某县财政局副局长。",
                "赵明", "赵明,男,汉族,1980年3月生,毕业于某某学院,现任某镇党委副书记。",
                "王芳", "王芳,女,汉族,1982年8月生,毕业于某某大学,现任某县教育局科长。"]
    assert bios("\n".join(profiles))[0] == "\n".join(profiles)
    mixed = ["钱晓峰", "馆长", "主持全面工作。", "孙丽娜", "副馆长", "分管采编部。",
             *OUTSIDER[:2]]
    assert bios("\n".join(mixed))[0] == "\n".join(mixed)


def test_a_leader_whose_cv_names_the_rosters_body_or_post_stays():
    for cv in ("吴海涛,男,1970年出生,毕业于某某大学,现任某某县图书馆馆长。",
               "吴海涛,男,1970年出生,毕业于某某大学,2015年起任副馆长。"):
        text = "\n".join([*ROSTER[3:], "吴海涛", cv])
        assert bios(text)[0] == text, cv


# -- a person label opening a CV line --------------------------------------------------------

def test_a_guide_label_with_a_cv_line_is_dropped_and_the_word_elsewhere_stays():
    text = ("同学们紧跟讲解员的脚步,认真聆听介绍。\n"
            "讲解员:某某心理学研修班,某某协会心理咨询师,某某教育创始人,出生于1990年,"
            "毕业于某某大学的邵云帆在校教师。\n活动结束后,同学们纷纷表示收获很大。")
    out, removed = bios(text)
    assert out == "同学们紧跟讲解员的脚步,认真聆听介绍。\n活动结束后,同学们纷纷表示收获很大。"
    assert len(removed) == 1 and removed[0].startswith("讲解员:")


def test_a_genuine_speaker_or_doctor_introduced_by_a_label_stays():
    for line in ("主讲人:毕业于某某大学,现任某某大学文学院教授、博士生导师的梁文远。",
                 "专家:毕业于某某医科大学,擅长心血管疾病诊治的某某医院主任医师丁雪琴"):
        text = "讲座将于本周五下午举行,欢迎师生参加。\n" + line
        assert bios(text, title="讲座预告")[0] == text, line


# -- the end of a panel block ---------------------------------------------------------------

def test_a_panel_block_ends_where_the_article_resumes():
    resumed = ("据了解,本次大赛征集楷书、隶书作品,将由省书协邀请知名书法家组成评委会,"
               "最终获得一、二、三等奖的作者将获得奖金。")
    text = "\n".join(["大赛由市文联主办。", "关于专家组:某市书法家协会会员、某某书画院理事柯远山",
                      resumed])
    out, removed = bios(text)
    assert out == "大赛由市文联主办。\n" + resumed
    assert removed == ["关于专家组:某市书法家协会会员、某某书画院理事柯远山"]


def test_a_panel_block_continues_over_lines_that_open_with_the_persons_record():
    block = ["关于主持人:", "祁远山,某某省某市人,毕业于某某艺术学院,现任某某文化传播公司执行董事。",
             "曾获某某主持大赛金奖,出版《主持的艺术》,擅长晚会主持。",
             "2019年荣获某某年度十佳主持人称号,被评为某某文化大使。"]
    text = "\n".join(["晚会在市体育馆举行。", *block, "晚会在歌声中落下帷幕。"])
    out, removed = bios(text)
    assert out == "晚会在市体育馆举行。\n晚会在歌声中落下帷幕。" and removed == block


@pytest.mark.parametrize("block", [
    ["关于专家组:", "车远帆", "车远帆,1970年生,某某省人,毕业于某某美术学院,现为某某书画院理事。"],
    ["关于专家组成员:车远帆、邝雨", "车远帆,1970年生,毕业于某某美术学院,某某书画院理事。",
     "邝雨,1982年生,毕业于某某师范学院,某某文化公司创始人。"],
])
def test_a_panel_header_alone_or_listing_names_takes_the_cvs_after_it(block):
    text = "\n".join(["展览持续至月底。", *block])
    assert bios(text) == ("展览持续至月底。", block)


def test_a_phrase_after_a_surname_like_character_is_no_name():
    line = "展览现场,某某国际文化交流协会会员车远帆为观众讲解作品,作品多次获奖。"
    assert bios(line)[0] == line  # 展览现场 is no person: no biography paragraph


# -- title stacks -------------------------------------------------------------------------------

def test_an_honour_held_in_an_association_counts_as_an_affiliation_too():
    out, removed = cut("活动邀请了某某文化荣誉协会客座教授庞子川等30余名书法爱好者,现场挥毫。")
    assert out == "活动邀请了30余名书法爱好者,现场挥毫。"
    assert removed == ["某某文化荣誉协会客座教授庞子川等"]


def test_a_disciple_spliced_into_the_hosts_takes_its_enumeration_comma():
    out, removed = cut("某大学艺术中心主任孔明一行来访,学院副院长冯立、某某大师再传弟子伍思源"
                       "出席座谈会。")
    assert out == "某大学艺术中心主任孔明一行来访,学院副院长冯立出席座谈会。"
    assert removed == ["、某某大师再传弟子伍思源"]


def test_a_contest_champion_in_a_trade_stack_is_read_and_cut():
    out, _ = cut("某某协会会长石磊,高级美容师、某某联赛形象大使、某国际大赛冠军卜晓蕾,"
                 "某市总工会副主席葛明等领导出席。")
    assert out == "某某协会会长石磊,某市总工会副主席葛明等领导出席。"


def test_titles_and_a_name_glued_by_an_enumeration_comma_are_cut_before_and():
    out, removed = cut("社长洪涛,副社长甘霖,编委会成员,某某画报社副社长、阎思远和全体采编人员"
                       "参加了会议。")
    assert out == "社长洪涛,副社长甘霖,编委会成员和全体采编人员参加了会议。"
    assert removed == [",某某画报社副社长、阎思远"]


def test_a_substituted_speaker_label_goes_with_its_colon():
    out, _ = cut("某某艺术委员会副主席、某某联盟终身客座教授祁千山:这次展览让我受益匪浅。")
    assert out == "这次展览让我受益匪浅。"


@pytest.mark.parametrize("text", [
    "活动邀请了市书法家协会主席金大成等20余名书法家现场创作。",  # an association's head
    "奥运冠军伍思源出席活动,并与青少年交流。",  # a champion, named nowhere else, stays
    "某某大学举办了“传承中医文化”活动,与中外学生交流。",
    "局长冯立、副局长洪涛出席会议。",
    "学院院长冯立,副院长甘霖和全体教师参加了会议。",
    # the heads of associations, at a ceremony and named nowhere else
    "市委常委、宣传部长王建国,市文联主席赵明,市书法家协会主席钱浩然出席活动。",
    "市书法家协会副主席、秘书长刘墉主持开幕式。",
])
def test_look_alikes_stay(text):
    assert cut(text)[0] == text


# -- a hidden copy: the description meta, a read-aloud script ----------------------------------

def hidden_page(head: str, script: str = "") -> bytes:
    shown = ("<p>新生入学教育于9月26日开展,共邀请五位校友参与分享。</p>"
             "<p>某某学院校外导师、客座教授、教师方立以“衣山漫路”为主题,介绍了服装行业的发展之路,"
             "他将坚持定位为服装人的特质。</p><p>活动得到同学们的一致好评,大家表示收获很大。</p>")
    return (f"<html><head><title>校友谈专业</title>{head}</head><body><h1>校友谈专业</h1>"
            f"<div class='article'>{shown}</div><script>{script}</script></body></html>").encode()


ORIGINAL = ("新生入学教育于9月26日开展，共邀请五位校友参与分享。某某集团技术总监、高级工程师方立以"
            "“衣山漫路”为主题，介绍了服装行业的发展之路，他将坚持定位为服装人的特质。")


@pytest.mark.parametrize("head,script", [
    (f'<meta name="description" content="{ORIGINAL}">', ""),
    ("", f"var ss = '　　{ORIGINAL}　　活动得到同学们的一致好评，大家表示收获很大。';"),
])
def test_a_hidden_copy_restores_the_substituted_titles(head, script):
    from cleaners import clean_page

    doc = clean_page(hidden_page(head, script), "http://www.example.edu.cn/a.html")
    assert doc.text.split("\n")[8].startswith("某某集团技术总监、高级工程师方立以“衣山漫路”为主题")
    assert any("客座教授" in r for r in doc.sidecar["removed"])


def test_a_hidden_text_that_copies_nothing_changes_nothing():
    from cleaners import clean_page

    other = "本站是某某学院的官方网站，提供学院新闻、通知公告、招生就业等信息服务。" * 2
    doc = clean_page(hidden_page(f'<meta name="description" content="{other}">'),
                     "http://www.example.edu.cn/a.html")
    assert "某某学院校外导师" not in doc.text  # the title stack is still cut by its own rule
    assert not any("某某集团" in line for line in doc.text.split("\n"))


# -- an off-topic promotional paragraph -----------------------------------------------------------

TOUR = ["5月12日,某某县乡村旅游推介会在省城举行,县文旅局推介了六条精品线路。",
        "推介会上,县文旅局负责人介绍了全县乡村民宿、农家乐和景区的发展情况,"
        "并邀请游客到县里体验采摘、垂钓和非遗手工。",
        "据了解,今年以来全县共接待游客120万人次,乡村旅游收入同比增长两成。"]
PROMO = ("云雾岭是高山蜂蜜的重要产地之一,也是云雾岭品牌的发源地,出产百花蜜、槐花蜜和枣花蜜等。"
         "云雾岭蜂蜜选用海拔千米以上的野生蜜源,口感醇厚。创始人为岑玉珩,是养蜂专业合作社的带头人。")


def test_an_appended_promotion_of_a_brand_and_its_founder_goes():
    out, removed = bios("\n".join([*TOUR, PROMO]))
    assert out == "\n".join(TOUR) and removed == [PROMO]


def test_a_founder_quoted_in_an_article_about_the_firm_stays():
    firm = ["某某蜂业在县城举办开放日活动,展示了蜂蜜加工和检测流程。",
            "某某蜂业创始人为岑玉珩,她介绍,蜂业合作社带动了周边三百多户蜂农增收,"
            "蜂蜜加工线今年将扩建。",
            "开放日期间,蜂业合作社还为蜂农举办了养蜂技术培训。"]
    assert bios("\n".join(firm))[0] == "\n".join(firm)
    span = "会上,某某蜂业有限公司执行董事岑玉珩与县文旅局负责人介绍了蜂蜜产业。"
    spliced = [*TOUR[:2], span, TOUR[2]]
    assert bios("\n".join(spliced))[0] == "\n".join(spliced)  # a span: cut_title_stacks' job
