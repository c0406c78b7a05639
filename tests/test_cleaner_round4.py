"""Fourth-round signals: a celebrity's relative spliced into an enumeration, a labelled
performer clause with a works list, a firm's owner among public bodies or officials (a
name of two surnames, a region in brackets in the firm's name). Every page and sentence
is made up, each class with at least two wordings and what must stay."""

from __future__ import annotations

from .helpers import GOV_ARTICLE_URL, clean_gov_article, gov_article

GOV_URL = GOV_ARTICLE_URL
PROSE = ["近年来,某某县持续推进公共文化服务体系建设,建成乡镇综合文化站十八个。",
         "下一步,县文化和旅游局将继续丰富群众文化活动,提升服务效能。"]


def page(inner: str, title: str = "某某县举办群众文化活动") -> str:
    return gov_article(inner, title)


def clean(inner: str, title: str = "某某县举办群众文化活动"):
    return clean_gov_article(inner, PROSE, title)


def first_line(inner: str, title: str = "某某县举办群众文化活动") -> str:
    return clean(inner, title).text.split("\n")[7]


# -- 1. a celebrity's relative spliced into an enumeration --------------------------------------

def test_a_celebrity_kinship_item_goes_with_its_joiner():
    doc = clean("<p>参加笔会的有县文联副主席甘立群、县文化馆馆长朱慧敏、以及著名山水画大师"
                "骆青岩之孙骆云舟画家。</p>")
    assert doc.text.split("\n")[7] == "参加笔会的有县文联副主席甘立群、县文化馆馆长朱慧敏。"
    assert "、以及著名山水画大师骆青岩之孙骆云舟画家" in doc.sidecar["removed"]
    daughter = ("<p>出席读书会的有县委宣传部副部长邹明远、县图书馆馆长祁海燕和知名作家"
                "蒲晓岚的女儿蒲一宁等,活动吸引了两百余名读者。</p>")
    assert first_line(daughter) == (
        "出席读书会的有县委宣传部副部长邹明远、县图书馆馆长祁海燕等,活动吸引了两百余名读者。")
    master = ("<p>雅集邀请了县书协主席韦春生、京剧泰斗柏松龄之孙柏子墨、县美协秘书长"
              "晏丽华参加。</p>")
    assert first_line(master) == "雅集邀请了县书协主席韦春生、县美协秘书长晏丽华参加。"


def test_a_kinship_the_article_is_about_and_a_plain_family_mention_stay():
    about = ("<p>纪念馆开馆仪式上,县文旅局局长李振华和著名作家蒲晓岚的女儿蒲一宁共同为纪念馆"
             "揭牌。</p><p>蒲一宁回忆了父亲蒲晓岚在县里创作的经历。</p>")
    lines = clean(about, "蒲晓岚纪念馆开馆").text.split("\n")[7:9]
    assert lines == ["纪念馆开馆仪式上,县文旅局局长李振华和著名作家蒲晓岚的女儿蒲一宁"
                     "共同为纪念馆揭牌。", "蒲一宁回忆了父亲蒲晓岚在县里创作的经历。"]
    family = "<p>村里的老党员和他的儿子王建军一起参加了义务植树。</p>"
    assert first_line(family) == "村里的老党员和他的儿子王建军一起参加了义务植树。"


# -- 2. a labelled performer clause with a works list -------------------------------------------

def test_a_labelled_performer_clause_is_cut_and_the_sentence_stays():
    doc = clean("<p>6月8日晚,某某县第三届荷花节开幕式在滨湖广场举行,表演嘉宾：韩雨桐（韩小桐）"
                "内地女歌手,带着代表作《荷塘夜曲》《小城故事多》率先开唱,现场观众三千余人。</p>",
                "某某县第三届荷花节开幕")
    assert doc.text.split("\n")[7] == (
        "6月8日晚,某某县第三届荷花节开幕式在滨湖广场举行,现场观众三千余人。")
    assert any("韩雨桐" in cut for cut in doc.sidecar["removed"])
    guest = ("<p>晚会在县体育馆举行,特邀嘉宾：许嘉怡青年歌手,携代表作《山里的歌》献唱,"
             "全场观众一起合唱。</p>")
    assert first_line(guest) == "晚会在县体育馆举行,全场观众一起合唱。"


def test_a_concert_whose_artist_recurs_and_a_guest_line_without_works_stay():
    concert = ("<p>音乐会在县文化中心举行,演出嘉宾：韩雨桐（韩小桐）内地女歌手,带着代表作"
               "《荷塘夜曲》率先开唱。</p><p>韩雨桐表示,很高兴回到家乡演出。</p>")
    lines = clean(concert, "韩雨桐家乡音乐会举行").text.split("\n")[7:9]
    assert lines == ["音乐会在县文化中心举行,演出嘉宾:韩雨桐(韩小桐)内地女歌手,带着代表作"
                     "《荷塘夜曲》率先开唱。", "韩雨桐表示,很高兴回到家乡演出。"]
    host = "<p>本期讲座在县图书馆举行,嘉宾：朱海波,县文化馆副研究馆员。</p>"
    assert first_line(host) == "本期讲座在县图书馆举行,嘉宾:朱海波,县文化馆副研究馆员。"


# -- 3. a firm's owner among public bodies or officials -----------------------------------------

def test_an_owner_among_public_bodies_or_officials_goes():
    bodies = ("<p>参加签约仪式的有县商务局、县投资促进中心、某某镇人民政府、华星（北京）国际传媒"
              "广告有限公司执行董事殷子轩等单位负责人。</p>")
    assert first_line(bodies) == (
        "参加签约仪式的有县商务局、县投资促进中心、某某镇人民政府等单位负责人。")
    two_surnames = ("<p>出席活动的有县委宣传部副部长邹明远、县文联主席柏春华、金鼎（深圳）广告传播"
                    "有限公司执行董事张王梓涵。</p>")
    assert first_line(two_surnames) == "出席活动的有县委宣传部副部长邹明远、县文联主席柏春华。"
    closing = ("<p>县委宣传部、县文联、县融媒体中心、星河（上海）文化传媒有限公司执行董事"
               "欧阳振宇,以及各乡镇代表参加了会议。</p>")
    assert first_line(closing) == "县委宣传部、县文联、县融媒体中心,以及各乡镇代表参加了会议。"
    after_and = ("<p>出席活动的有县委宣传部副部长邹明远、县文联主席柏春华和金鼎（深圳）广告传播"
                 "有限公司执行董事殷子轩。</p>")
    assert first_line(after_and) == "出席活动的有县委宣传部副部长邹明远、县文联主席柏春华。"


def test_a_list_of_companies_and_an_owner_the_article_quotes_stay():
    firms = ("<p>参加洽谈会的有某某科技有限公司、某某（北京）传媒有限公司、某某建设集团执行董事"
             "钱立新等企业代表。</p>")
    assert first_line(firms) == ("参加洽谈会的有某某科技有限公司、某某(北京)传媒有限公司、"
                                 "某某建设集团执行董事钱立新等企业代表。")
    quoted = ("<p>会上,县商务局、某某镇人民政府、某某（北京）传媒有限公司执行董事钱立新分别发言。"
              "</p><p>钱立新介绍了公司在县里的投资计划。</p>")
    lines = clean(quoted).text.split("\n")[7:9]
    assert lines == ["会上,县商务局、某某镇人民政府、某某(北京)传媒有限公司执行董事钱立新"
                     "分别发言。", "钱立新介绍了公司在县里的投资计划。"]
