"""Ninth-round signals, from the misses of two blind synthetic sets (``gov15``, ``gov16``)
and made-up sentences only: short spans (one or two titles), name-first introductions,
thanks to a sponsor's boss, a subject whose sentence is only a guest's predicate. Every
sentence is made up, each rule with what must stay."""

from __future__ import annotations

from cleaners import clean_page
from cleaners.appositions import name_first_mentions
from cleaners.endorsements import cut_title_stacks
from cleaners.evaluation import body_of

from .helpers import bios, cut

# -- a private body's head among officials or unnamed groups ------------------------------


def test_a_private_academys_head_among_officials_is_cut():
    line = ("市文联副主席张某明、区文旅局副局长李某华、镇党委副书记王某刚、青松雅集书画院院长赵某飞"
            "等领导出席开幕式。")
    out, removed = cut(line)
    assert out == "市文联副主席张某明、区文旅局副局长李某华、镇党委副书记王某刚等领导出席开幕式。"
    assert removed == ["、青松雅集书画院院长赵某飞"]


def test_a_firms_manager_among_unnamed_groups_is_cut():
    out, _ = cut("区直有关部门主要负责同志;长林永盛置业集团董事长钱某军;各街道负责同志等参加会议。")
    assert out == "区直有关部门主要负责同志;各街道负责同志等参加会议。"
    out, _ = cut("共有40余名社区居民及家长和启航乐学教育咨询有限公司经理孙某芳参加了活动。")
    assert out == "共有40余名社区居民及家长参加了活动。"


def test_a_state_body_or_a_firm_on_topic_stays():
    state = "区文联副主席张某明、区委宣传部副部长李某华、省国画院院长赵某飞等领导出席开幕式。"
    assert cut_title_stacks(state) == state  # 省国画院: an administrative level, the state's
    on_topic = ("市商务局副局长李某华、长林永盛置业集团董事长钱某军出席签约仪式。"
                "长林永盛置业集团将投资建设物流园。")
    assert cut_title_stacks(on_topic) == on_topic  # the firm is what the article is about
    named = "共有40余名社区居民及家长参加了活动,社区主任孙某芳作了讲解。"
    assert cut_title_stacks(named) == named
    state_firm = "区文旅局副局长李某华,区图书馆馆长陈某明,东浦出版集团董事长邹某强等出席论坛。"
    assert cut_title_stacks(state_firm) == state_firm  # a firm's name need not show the state
    elder = "活动当天,社区老党员、退休教师宋某兰也来到现场,为孩子们讲述了成长经历。"
    assert cut_title_stacks(elder) == elder


# -- one or two titles with a second cue --------------------------------------------------

def test_an_influencer_or_an_investor_with_two_titles_is_cut():
    out, _ = cut("慰问现场,网络正能量达人、某市敬老形象大使何某龙对老人们表示了问候。")
    assert out == "慰问现场,对老人们表示了问候。"
    out, _ = cut("首批企业正式签约,资深投资人、远帆创投合伙人蒋某鸣现场见证,现场气氛热烈。")
    assert out == "首批企业正式签约,现场气氛热烈。"


def test_an_association_label_with_a_guests_presence_is_cut_a_members_talk_stays():
    out, _ = cut("活动共开展三期。中华钢笔书法研究院首席专家韩某伟到场指导。")
    assert out == "活动共开展三期。"
    member = "活动共开展三期。市书法家协会会员韩某伟讲解了执笔方法,韩某伟还为居民题字。"
    assert cut_title_stacks(member) == member


# -- name first ---------------------------------------------------------------------------

def test_name_first_stacks_are_read():
    line = "冯某涛——远景文化投资集团董事长、环球华人书画联合会常务副会长出席论坛。"
    (m,) = name_first_mentions(line)
    assert (m.name, len(m.titles), line[m.end:m.end + 2]) == ("冯某涛", 2, "出席")
    assert name_first_mentions("张某,某大学教授,介绍了研究进展。") == ()  # one title: apposition


def test_a_name_first_guest_is_cut_and_an_official_stays():
    line = ("区长刘某平出席开幕式并致辞,冯某涛——远景文化投资集团董事长、"
            "环球华人书画联合会常务副会长、国际和平文化基金会特聘顾问出席论坛并作主旨演讲,区政协副主席丁某主持开幕式。")
    out, _ = cut(line)
    assert out == "区长刘某平出席开幕式并致辞,区政协副主席丁某主持开幕式。"
    own = ("韦某华,区委常委、宣传部部长,区文明委副主任,出席活动并讲话。")
    assert cut_title_stacks(own) == own


def test_a_name_first_paragraph_goes_with_its_guests_predicate():
    line = ("魏某达,著名教育管理学家、环球华人教育联谊会副主席、多所高校特聘教授,"
            "应邀出席论坛并作《未来学校》主旨发言。")
    out, _ = cut(line)
    assert out == ""


# -- thanks to a sponsor's boss ------------------------------------------------------------

def test_a_sentence_thanking_a_firms_chairman_goes_thanks_to_a_firm_stay():
    line = ("比赛圆满结束。本次活动得到绿源果蔬科技有限公司的大力支持,在此衷心感谢公司董事长"
            "邱某平先生对家乡体育事业的关心。")
    out, removed = cut(line)
    assert out == "比赛圆满结束。"
    assert removed[0].startswith("本次活动得到")
    body = "比赛圆满结束。在此衷心感谢绿源果蔬科技有限公司对本次活动的大力支持。"
    assert cut_title_stacks(body) == body
    official = "比赛圆满结束。在此感谢副区长邱某平对赛事筹备的关心。"
    assert cut_title_stacks(official) == official


def test_a_credit_line_in_western_order_goes():
    out, _ = cut("特别鸣谢:严某东——海川文化投资集团有限公司董事长")
    assert out == ""


# -- where the cut ends ------------------------------------------------------------------

def test_a_guests_lone_predicate_goes_a_ceremony_stays():
    out, _ = cut("座谈会上,局长作了工作部署。瀚海启航教育咨询有限公司创始人、"
                 "国际教师发展联合会荣誉会长龚某丽应邀作特邀点评。")
    assert out == "座谈会上,局长作了工作部署。"
    out, _ = cut("展览将持续开放至15日。某某科技有限公司创始人严小伟出席活动并致辞。")
    assert out == "展览将持续开放至15日。出席活动并致辞。"  # the replaced speaker's ceremony


def test_a_speakers_clause_with_a_quoted_title_goes_whole():
    line = ("会上,校长邹某林就学校情况进行了汇报,国际青年教育联合会常务副会长、某某教育咨询有限公司"
            "董事长兼首席执行官谭某宁作了“新时代的课堂教学改革”主题分享,专家们进行了交流。")
    out, _ = cut(line)
    assert out == "会上,校长邹某林就学校情况进行了汇报,专家们进行了交流。"


# -- a lead paragraph in a wrapper of its own ---------------------------------------------

LEAD = "近日,某市教育局组织的专家团队抵达某县,正式启动对口支援行动,助力当地提升教学水平。"
REST = "".join(f"<section><p>第{n}天,专家团队走进课堂,听取了语文、数学、历史等学科的课堂教学,"
               f"并在课后与授课教师进行了深入细致的评课交流,提出了宝贵的意见和建议。</p></section>"
               for n in range(1, 7))


def _wrapped(before: str) -> bytes:
    return (f"<html><head><title>专家团队开展对口支援</title></head><body><div class='nav'>"
            f"<a href='/'>首页</a><a href='/xw/'>新闻</a></div><div class='page'>"
            f"<h1>专家团队开展对口支援</h1><div class='box'><div>"
            f"{before}<section><section>{REST}</section></section></div></div></div>"
            f"</body></html>").encode()


def test_a_lead_in_its_own_wrapper_before_the_body_is_kept():
    page = _wrapped(f"<section><section><p>{LEAD}</p></section></section>")
    body = body_of(clean_page(page, "https://www.example.gov.cn/xw/t1.html").text)
    assert body.split("\n")[0] == LEAD
    assert body.count("专家团队走进课堂") == 6


def test_links_before_the_body_are_no_lead():
    links = ("<section><p><a href='/xw/1.html'>某县召开教育工作会议,部署下一阶段重点工作。</a>"
             "</p></section>")
    body = body_of(clean_page(_wrapped(links), "https://www.example.gov.cn/xw/t1.html").text)
    assert "教育工作会议" not in body
    assert body.count("专家团队走进课堂") == 6


# -- found by a second pair of blind sets (gov17, gov18) ------------------------------------

def test_an_influencer_under_a_nickname_is_cut():
    out, _ = cut("园区已吸引多家企业入驻。知名美食博主、百万粉丝达人“厨房老周”(本名周某平)"
                 "受聘担任园区推广形象大使。目前园区运行良好。")
    assert out == "园区已吸引多家企业入驻。目前园区运行良好。"
    quoted = "园区已吸引多家企业入驻。园区主任称之为“筑巢引凤”(引凤)工程。"
    assert cut_title_stacks(quoted) == quoted


def test_a_caption_about_an_injected_person_goes_whole():
    out, _ = cut("图为网络文明公益形象大使、百万粉丝博主“小鹿说安全”(鹿某)在活动现场与居民合影")
    assert out == ""
    official = "图为副区长鹿某在活动现场与居民合影"
    assert cut_title_stacks(official) == official


def test_a_sponsor_credit_naming_a_firms_manager_goes_a_technical_credit_stays():
    out, _ = cut("文字:区融媒体中心\n图文支持:远航视觉文化传媒有限公司总经理韦某峰")
    assert out == "文字:区融媒体中心"
    credit = "技术支持:远航视觉文化传媒有限公司"
    assert cut_title_stacks(credit) == credit


def test_a_biography_going_on_in_a_paragraph_that_opens_with_the_name_goes():
    text = "\n".join([
        "书画展在区文化馆开幕,展出作品120余幅。",
        "当代著名书画大师、华夏书画名家联谊会终身名誉主席、某派艺术传人常某林(号“山人”),"
        "1960年生于某省某市,自幼酷爱丹青,尤擅画梅,被誉为“当代画梅第一人”。",
        "常某林先生作品先后被多家博物馆收藏,并作为礼品赠送外宾,现任某某书画院院长、"
        "国际华人书画家协会特聘顾问。",
        "展览将持续至本月底。"])
    out, removed = bios(text)
    assert out == "书画展在区文化馆开幕,展出作品120余幅。\n展览将持续至本月底。"
    assert len(removed) == 2


def test_a_headed_biography_takes_its_next_paragraph_about_the_same_person():
    text = "\n".join([
        "书画展在区文化馆开幕,展出作品120余幅。",
        "特邀嘉宾介绍:严某石(艺名严墨),1962年生于某省某县,环球书画家协会常务副主席、"
        "东方书画艺术研究院首席专家、一级美术师。",
        "严某石先生自幼习书,师从多位名家,作品多次被海内外机构收藏,曾获“书画艺术终身成就奖”。",
        "展览将持续至本月底。"])
    out, _ = bios(text)
    assert out == "书画展在区文化馆开幕,展出作品120余幅。\n展览将持续至本月底。"


def test_the_articles_own_subject_named_again_later_keeps_its_biography():
    text = "\n".join([
        "常某林,1960年生于某省某市,毕业于某美术学院,现任市美术馆馆长。",
        "常某林先生作品先后被多家博物馆收藏,曾获全国美展银奖。",
        "开幕式上,常某林介绍了本次展览的策划过程。"])
    out, _ = bios(text)
    assert out == text


# -- found by a third blind set (gov19) ---------------------------------------------------

def test_a_private_calligraphy_rank_ends_a_stack():
    line = ("区文联主席任某、区委宣传部副部长蔡某、北京墨香阁文化艺术有限公司董事长、"
            "某书画艺术研究会常务理事、一级书法师苗某昌、区文化委副主任石某等领导出席了开幕式。")
    out, _ = cut(line)
    assert out == "区文联主席任某、区委宣传部副部长蔡某、区文化委副主任石某等领导出席了开幕式。"


def test_fame_in_a_title_or_a_worldwide_association_adds_half_a_cue():
    out, _ = cut("学员们反复练习,劲头十足。"
                 "知名书法短视频博主“墨香小王”(本名王某宇)也走进课堂与学员互动。")
    assert out == "学员们反复练习,劲头十足。"
    out, _ = cut("第五届读书论坛近日在沪召开,国际出版文化交流协会副会长邝某新应邀出席。"
                 "论坛为期两天。")
    assert out == "第五届读书论坛近日在沪召开。论坛为期两天。"
    local = "第五届读书论坛近日在沪召开,市出版协会副会长邝某新应邀出席。论坛为期两天。"
    assert cut_title_stacks(local) == local
    writer = "著名作家邝某新为读者签名。"
    assert cut_title_stacks(writer) == writer


def test_a_name_first_speaker_after_a_quote_is_read():
    line = ("“数据要共享。”骆某辉——某某数通科技有限公司董事长、某智慧城市产业联盟首席专家表示,"
            "思路清晰。")
    (m,) = name_first_mentions(line)
    assert m.name == "骆某辉"
