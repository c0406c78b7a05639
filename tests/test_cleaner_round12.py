"""Twelfth-round signals, from the misses of two blind sets (``gov30``, ``gov31``) and
made-up sentences only: a firm's advert spliced into news (``cleaners.adverts``), an
off-site link appended after a paragraph's last sentence (``cleaners.linkspam``), what a
cut speaker says (``cleaners.quotes``), a CV clause inside a sentence of the article's
own, and the comma before one more subject of a list. Every sentence is made up, each
rule with what must stay."""

from __future__ import annotations

from lxml import html as lxml_html

from cleaners import clean_page
from cleaners.adverts import cut_firm_adverts
from cleaners.linkspam import drop_link_spam
from cleaners.steps import StepContext

from .helpers import GOV_ARTICLE_URL, bios, cut, gov_article


def adverts(text: str, title: str = "") -> tuple[str, list[str]]:
    ctx = StepContext(title=title)
    return cut_firm_adverts(text, ctx), ctx.removed


# -- a firm's advert ----------------------------------------------------------------------------


def test_a_hotline_after_a_firms_product_goes_with_its_sentence():
    text = ("会上,区卫健局介绍了下一步工作思路。其中,某某云医健康科技有限公司自主研发的“某某通”"
            "平台已累计服务患者逾百万人次,企业咨询热线020-12345678全天开通。\n第二段。")
    out, removed = adverts(text)
    assert out == "会上,区卫健局介绍了下一步工作思路。\n第二段。"
    assert removed == ["其中,某某云医健康科技有限公司自主研发的“某某通”平台已累计服务患者"
                       "逾百万人次,企业咨询热线020-12345678全天开通。"]


def test_a_paid_service_clause_goes_and_the_sentence_stays():
    text = ("今后,某某司法所将持续创新普法方式,并携手某某澜石律师事务所开通“一键问律”线上付费"
            "咨询通道,弘扬法治精神。")
    out, removed = adverts(text)
    assert out == "今后,某某司法所将持续创新普法方式,弘扬法治精神。"
    assert removed == [",并携手某某澜石律师事务所开通“一键问律”线上付费咨询通道"]


def test_a_paragraph_selling_a_firm_goes_whole():
    text = ("展览展出书画作品120余幅。\n本次展览的布展由某某墨香文化艺术品有限公司倾情承担,"
            "该公司深耕装裱二十余年,欢迎广大爱好者莅临选购。")
    out, removed = adverts(text)
    assert out == "展览展出书画作品120余幅。"
    assert len(removed) == 1 and removed[0].startswith("本次展览的布展由")


def test_a_firms_trainee_among_the_winners_goes_alone():
    text = ("最终,张某某、李某某等9名学生获得特等奖,某某墨韵教育咨询有限公司推荐学员王某某获评"
            "本届唯一“金笔奖”称号,其余参赛学生分获一、二、三等奖。")
    out, _ = adverts(text)
    assert out == "最终,张某某、李某某等9名学生获得特等奖,其余参赛学生分获一、二、三等奖。"


def test_a_utility_hotline_in_a_genuine_notice_stays():
    text = "因管网改造,某某路段明日停水。如有疑问,请拨打某某水务有限公司服务热线0591-87654321。"
    assert adverts(text) == (text, [])


def test_a_firm_the_article_is_about_stays():
    text = ("某某新材料有限公司年产5万吨项目今日投产。该公司自主研发的“某某膜”产品已累计服务客户"
            "300余家,销售热线0591-87654321。\n某某新材料有限公司负责人表示,将扩大产能。")
    assert adverts(text) == (text, [])


def test_a_firm_with_one_cue_only_stays():
    text = "签约仪式上,某某智能科技有限公司自主研发的巡检机器人亮相,吸引了众多观众。"
    assert adverts(text) == (text, [])


def test_a_firm_named_in_the_title_stays():
    text = "活动由某某云帆文化传媒有限公司承办,现场还开通了“云帆”直播平台,累计服务观众万余人次。"
    assert adverts(text, title="某某云帆文化传媒有限公司承办文化周")[1] == []


# -- link spam ----------------------------------------------------------------------------------


def _body(inner: str):
    return lxml_html.fromstring(f"<div>{inner}</div>")


def _links(inner: str, url: str = GOV_ARTICLE_URL) -> tuple[str, list[str]]:
    ctx = StepContext(url=url)
    body = drop_link_spam(_body(inner), ctx)
    return body.text_content(), ctx.removed


def test_an_off_site_link_after_the_last_sentence_goes():
    text, removed = _links('<p>为高质量发展提供人才支持。<a href="http://www.example-hr.com/">'
                           "某某高端人才猎头服务平台</a></p>")
    assert text == "为高质量发展提供人才支持。"
    assert removed == ["某某高端人才猎头服务平台"]


def test_a_government_link_a_reference_and_a_link_inside_a_sentence_stay():
    kept = ['<p>政策全文已发布。<a href="http://www.gov.cn/zhengce/1.htm">中国政府网</a></p>',
            '<p>详见:<a href="http://www.example-hr.com/">某某人才网</a></p>',
            '<p>活动由<a href="http://www.example-hr.com/">某某人才网</a>协办。</p>',
            '<p>报名已开始。<a href="/zwgk/2.htm">报名表下载</a></p>',
            '<p>报名已开始。<a href="http://www.example-hr.com/">点击这里,报名</a></p>']
    for inner in kept:
        assert _links(inner)[1] == [], inner


def test_link_spam_is_cut_in_the_whole_page_and_the_next_paragraph_stays_apart():
    inner = ('<p>本届大会共安排13场活动,为人才交流搭建平台。<a href="http://www.example-hr.com/">'
             "某某猎头服务平台</a></p><p>大会将于11月12日在昆明开幕。</p>")
    doc = clean_page(gov_article(inner, "人才交流会将开幕").encode(), GOV_ARTICLE_URL)
    assert "某某猎头服务平台" not in doc.text
    assert doc.text.endswith("为人才交流搭建平台。\n大会将于11月12日在昆明开幕。")


# -- what a cut speaker says ----------------------------------------------------------------------


def test_a_fake_experts_quote_and_claim_go_with_the_span():
    text = ("活动现场气氛热烈。\n“敬老不能只在重阳一天。”某某康养产业促进会特聘专家、某某康养文化"
            "研究院院长谭某林在接受采访时表示,愿为社区养老提供全程指导。")
    out, _ = cut(text)
    assert out == "活动现场气氛热烈。"


def test_a_substituted_speakers_quote_stays():
    text = ("此次开工的枢纽是灌区最重要的节点工程。某某工会委员会主席、客座教授,某某标准化协会会员"
            "廖某有介绍:“我们与施工队员在工地同吃同住,仅一个月就实现开工建设。”")
    out, _ = cut(text)
    assert "“我们与施工队员在工地同吃同住,仅一个月就实现开工建设。”" in out
    assert "廖某有" not in out


def test_a_speaker_praising_their_own_firm_goes_with_the_statement():
    text = ("动员大会在项目现场举行。\n某某核能产业促进联盟特聘顾问、某某清源能源科技有限公司"
            "首席专家覃某宇在接受采访时表示,项目将带动配套产业集聚,清源能源自主研发的巡检机器人"
            "已完成测试。")
    out, _ = cut(text)
    assert out == "动员大会在项目现场举行。"


# -- a CV clause inside a sentence of the article's own -------------------------------------------


def test_a_spliced_cv_clause_goes_and_the_winners_stay():
    text = ("决赛现场,数百名学生认真书写。最终,张某某、李某某等9名学生获得特等奖,某某翰墨书画院"
            "特聘导师、某某砚田文化传播有限公司总经理麦某贤获评“特别贡献奖”,其余参赛学生分获"
            "一、二、三等奖。")
    out, _ = bios(text)
    assert out == ("决赛现场,数百名学生认真书写。最终,张某某、李某某等9名学生获得特等奖,"
                   "其余参赛学生分获一、二、三等奖。")


# -- one more subject of a list ------------------------------------------------------------


def test_the_comma_before_one_more_subject_goes_with_the_span():
    line = ("省领导张某、李某某,某某湾区文化产业联盟名誉主席、某某朗晴文化发展有限公司董事长"
            "钟某霖参加会见。")
    out, removed = cut(line)
    assert out == "省领导张某、李某某参加会见。"
    assert removed == [",某某湾区文化产业联盟名誉主席、某某朗晴文化发展有限公司董事长钟某霖"]


# -- round 12b: from a second pair of blind sets (gov32, gov33) ----------------------------------


def test_a_firm_with_its_boss_in_brackets_goes_from_a_list_of_bodies():
    text = ("设计城又先后与某某全球概念股份有限公司、某某瀚宇智造装备有限公司(董事长汪某澄,某省优秀"
            "民营企业家)、某某经济特区管委会等企业和机构建立了合作关系。")
    out, removed = adverts(text)
    assert out == ("设计城又先后与某某全球概念股份有限公司、某某经济特区管委会等企业和机构"
                   "建立了合作关系。")
    assert removed == ["、某某瀚宇智造装备有限公司(董事长汪某澄,某省优秀民营企业家)"]


def test_a_boss_named_again_keeps_the_item():
    text = ("签约企业有某某甲有限公司、某某乙装备有限公司(董事长汪某澄)等。\n"
            "汪某澄在签约仪式上介绍了项目情况。")
    assert adverts(text) == (text, [])


def test_an_order_invitation_and_a_sole_printer_go():
    text = ("本书是连续第五年出版的实录图书。本书由某某绿源文化传媒有限公司独家承印发行,"
            "各地可直接联系该公司批量订购。")
    out, _ = adverts(text)
    assert out == "本书是连续第五年出版的实录图书。"


def test_a_prescribed_firms_app_goes():
    text = ("各区要组织开展义诊活动。各区可统一选用某某瑞衡健康科技有限公司开发的“轻体管家”小程序"
            "开展居民体重自测打卡。")
    out, _ = adverts(text)
    assert out == "各区要组织开展义诊活动。"


def test_a_sign_in_clause_for_a_firms_platform_goes():
    text = ("(一)培训平台。通过学校公众号连接学习平台,学员也可登录某某启睿远程教育科技有限公司"
            "“某才学堂”平台同步学习")
    out, removed = adverts(text)
    assert out == "(一)培训平台。通过学校公众号连接学习平台"
    assert removed == [",学员也可登录某某启睿远程教育科技有限公司“某才学堂”平台同步学习"]


def test_a_firm_with_a_place_in_brackets_is_one_name():
    text = ("签约仪式上,某某优选(北京)健康科技有限公司自主研发的“康某通”平台亮相,"
            "预约热线400-123-4567。")
    out, _ = adverts(text + "\n本次活动共签约项目12个,健康科技产业链项目5个。")
    assert out == "本次活动共签约项目12个,健康科技产业链项目5个。"


def test_a_cut_speakers_praise_in_quotes_goes_with_its_sentence():
    text = ("他还在现场示范化妆方法。到场的某某形象设计协会名誉会长、某某美容学院客座导师温某琳"
            "评价说:“这是我见过最专业的公益课。”")
    out, _ = cut(text)
    assert out == "他还在现场示范化妆方法。"


def test_self_praise_alone_is_how_news_reports_a_firms_achievement():
    text = ("创新成果不断涌现。某某智控科技有限公司自主研发的“某某眼”巡检系统成为全省首家通过"
            "认证的同类产品。")
    assert adverts(text) == (text, [])


def test_a_banks_product_with_a_low_rate_is_news():
    text = ("金融助企持续发力。某某农村商业银行股份有限公司推出“惠农贷”产品,累计服务农户3000余户,"
            "提供优惠利率。")
    assert adverts(text) == (text, [])
