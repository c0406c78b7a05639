"""Third-round signals: a catalogue block inside the body, a title split over two headings,
trailing chrome (credits, site labels, 版权所有), headings of injected CVs, outlier list
items, performer promo clauses, glued info labels. Every page and sentence is made up,
each class with at least two wordings and what must stay."""

from __future__ import annotations

from cleaners import clean_page

GOV_URL = "https://www.example.gov.cn/zwgk/202405/t20240512_1.html"
NEWS_URL = "https://news.example.com/2024/05/12/a1.html"
PROSE = ["今年以来,某某市持续推进城乡学校结对帮扶工作,累计结对学校一百二十所。",
         "下一步,市教育局将继续完善帮扶机制,推动优质资源共享。"]


def page(inner: str, title: str = "某某市召开城乡结对帮扶推进会", heading: str | None = None,
         browser: str | None = None, footer: str = "网站标识码：1234567890") -> str:
    heading = f"<h1>{title}</h1>" if heading is None else heading
    return f"""<html><head><title>{browser or title}_某某市人民政府</title></head><body>
<div class="nav"><a href="/">首页</a> <a href="/zwgk">政务公开</a></div>
{heading}<div class="article-content">{inner}</div>
<div class="footer">{footer}</div></body></html>"""


def prose(lines: list[str] = PROSE) -> str:
    return "".join(f"<p>{p}</p>" for p in lines)


def clean(html: str, url: str = GOV_URL):
    return clean_page(html.encode(), url)


def lines_of(html: str, url: str = GOV_URL) -> list[str]:
    return clean(html, url).text.split("\n")


def body_of(html: str, url: str = GOV_URL) -> list[str]:
    return lines_of(html, url)[7:]


# -- 1. a catalogue block inside the body container -------------------------------------------

def test_a_catalogue_table_inside_the_body_becomes_the_metadata_block():
    table = """<table class="xxgk">
<tr><td>索引号：</td><td>11350100MB0123456X/2024-00123</td><td>发布机构：</td><td>某某市教育局</td></tr>
<tr><td>成文日期：</td><td>2024-05-10</td><td>主题分类：</td><td>教育</td></tr>
<tr><td>文号：</td><td>某教提〔2024〕56号</td><td>发布日期：</td><td>2024-05-12</td></tr></table>"""
    title = "某某市教育局关于市政协十届三次会议第56号提案的答复"
    doc = clean(page(table + prose(), title=title))
    lines = doc.text.split("\n")
    assert lines[1:6] == ["- 索引号: 11350100MB0123456X/2024-00123", "- 发布机构: 某某市教育局",
                          "- 文号: 某教提〔2024〕56号", "- 发布日期: 2024-05-12", "- 时效性:"]
    assert lines[7:] == PROSE
    assert doc.sidecar["metadata"]["主题分类"] == "教育"
    assert "take_info_block" in doc.sidecar["steps"]


def test_a_catalogue_list_one_field_a_line_and_a_label_over_its_value_leave_the_body():
    listed = """<ul class="info"><li>索引号：00123-2024-0056</li><li>信息分类：民政</li>
<li>发布机构：某某区民政局</li><li>生成日期：2024-03-02</li><li>有效性：有效</li></ul>"""
    lines = lines_of(page(listed + prose(), title="某某区民政局关于加强养老服务的答复"))
    assert lines[1:6] == ["- 索引号: 00123-2024-0056", "- 发布机构: 某某区民政局", "- 文号:",
                          "- 发布日期: 2024-03-02", "- 时效性: 有效"]
    assert lines[7:] == PROSE
    stacked = """<dl><dt>索引号</dt><dd>QX-2023-118</dd><dt>主题分类</dt><dd>城乡建设</dd>
<dt>发文机关</dt><dd>某某县住建局</dd></dl>"""
    lines = lines_of(page(prose() + stacked, title="某某县住建局关于老旧小区改造的说明"))
    assert lines[1:3] == ["- 索引号: QX-2023-118", "- 发布机构: 某某县住建局"]
    assert lines[7:] == PROSE


def test_a_catalogue_table_without_colons_and_with_labels_no_key_reads_leaves_the_body():
    table = ("<table><tr><td>索引号</td><td>JT-2022-031</td><td>信息分类</td><td>交通</td></tr>"
             "<tr><td>信息名称</td><td>关于公交线路调整的说明</td><td>文号</td><td>某交〔2022〕3号</td></tr>"
             "<tr><td>发布机构</td><td>某某县交通运输局</td><td>生成日期</td><td>2022-07-01</td></tr>"
             "</table>")
    lines = lines_of(page(table + prose(), title="关于公交线路调整的说明"))
    assert lines[1:5] == ["- 索引号: JT-2022-031", "- 发布机构: 某某县交通运输局",
                          "- 文号: 某交〔2022〕3号", "- 发布日期: 2022-07-01"]
    assert lines[7:] == PROSE


def test_body_lines_with_a_label_or_two_stay():
    notice = [*PROSE, "活动时间:2024年6月1日上午9时", "活动地点:市民广场",
              "发布日期:2024年5月20日", "联系人:王某某联系电话:0591-12345678"]
    assert body_of(page(prose(notice), title="某某市全民阅读活动通知")) == notice
    reply = ["文号:某教提〔2024〕56号的办理意见已于5月10日送达。", PROSE[0]]
    assert body_of(page(prose(reply))) == reply


# -- 3. trailing chrome ----------------------------------------------------------------------

TAIL = ("<p>附件下载：</p><ul><li><a href='/a.doc'></a></li></ul>"
        "<p>编辑：李四　校对：王五　审核：赵六</p>"
        "<div>【字体：大 中 小】 打印本页 关闭窗口</div><p>扫一扫在手机打开当前页</p>"
        "<p>主办单位：某某市人民政府办公室</p><p>网站标识码：3501000001</p>")


def test_credits_print_rows_qr_prompts_and_site_labels_at_the_end_go():
    doc = clean(page(prose() + TAIL))
    assert doc.text.split("\n")[7:] == PROSE
    assert "编辑:李四校对:王五审核:赵六" in doc.sidecar["removed"]
    assert "主办单位:某某市人民政府办公室" in doc.sidecar["removed"]
    other = prose() + ("<p>【责任编辑：钱某某】</p><p>[打印本页] [关闭窗口]</p>"
                       "<p>联系我们 | 网站地图 | 法律声明</p><p>相关附件：</p><p>点击下载</p>"
                       "<p>相关文件：暂无</p>"
                       "<p>版权所有：某某县人民政府 技术支持：某某网络公司</p>")
    assert body_of(page(other, footer="")) == PROSE


def test_a_lone_editor_line_goes_on_a_government_page_and_stays_on_a_news_site():
    inner = prose() + "<p>责任编辑：孙某某</p>"
    assert body_of(page(inner)) == PROSE
    news = page(inner, footer="某某新闻网 版权所有")
    assert body_of(news, NEWS_URL) == [*PROSE, "责任编辑:孙某某"]
    assert body_of(page(inner), NEWS_URL) == PROSE  # any host: the page shows a 网站标识码
    credit = prose() + "<p>（责任编辑：孙某某 / 图片来源：市文化馆）</p>"
    assert body_of(page(credit))[-1] == "(责任编辑:孙某某 / 图片来源:市文化馆)"


def test_sentences_about_copyright_editors_and_organisers_stay():
    kept = ["根据著作权法,作品的版权所有者享有复制权和发行权。",
            "他曾担任该丛书的责任编辑,负责全书的审核与校对。",
            "主办单位:某某市文化馆", "承办单位:某某区图书馆"]
    assert body_of(page(prose(kept), title="某某市举办版权知识讲座", footer="")) == kept


# -- 7. glued info labels ---------------------------------------------------------------------

def test_glued_labels_on_one_info_line_fill_their_fields():
    lines = lines_of(page("<div class='info'>来源:某某市教育局发布:2024-05-12</div>" + prose()))
    assert lines[2] == "- 发布机构: 某某市教育局" and lines[4] == "- 发布日期: 2024-05-12"
    assert lines[7:] == PROSE
    other = "<p>发布时间：2023-01-02 来源：某某市统计局 浏览次数：12</p>"
    lines = lines_of(page(other + prose()))
    assert lines[2] == "- 发布机构: 某某市统计局" and lines[4] == "- 发布日期: 2023-01-02"
    assert lines[7:] == PROSE


# -- 4. CV blocks under a heading that no lexicon names ---------------------------------------

def test_a_cv_under_a_person_heading_goes_with_its_heading():
    cases = {
        "学生代表：": "林某某，2001年出生于某某省某某市，毕业于某某学院经济系，"
                     "曾任学生会主席，荣获国家奖学金。",
        "关于活动负责人：": "钟某某，1978年生于某某县，毕业于某某农业大学，"
                        "现任某某农业科技有限公司执行董事。",
        "嘉宾介绍": "温某某，著名作家，1965年出生于某某省，毕业于某某师范大学中文系，"
                    "著有长篇小说《远山》。",
    }
    for heading, cv in cases.items():
        doc = clean(page(prose() + f"<p>{heading}</p><p>{cv}</p><p>活动在歌声中落下帷幕。</p>"))
        assert doc.text.split("\n")[7:] == [*PROSE, "活动在歌声中落下帷幕。"], heading
        assert doc.sidecar["removed"][-2] == heading.replace("：", ":")


def test_a_heading_and_cv_on_one_line_go_whole():
    line = ("优秀校友代表：邹某某，1983年出生，毕业于某某大学，"
            "现任某某文化传媒有限公司执行董事，荣获多项大奖。")
    assert body_of(page(prose() + f"<p>{line}</p>")) == PROSE


def test_a_person_heading_over_a_quote_or_an_officials_profile_stays():
    quoted = ["获奖学生代表：", "张某某同学在发言中表示，将珍惜荣誉，继续努力。"]
    assert body_of(page(prose(quoted))) == ["获奖学生代表:", quoted[1].replace("，", ",")]
    profile = ["拟任人选：", "王某某，男，1975年生，毕业于某某大学，现任某某县财政局副局长。"]
    assert body_of(page(prose(profile), title="某某县干部任前公示")) == [
        "拟任人选:", profile[1].replace("，", ",")]


# -- 5. an outlier item of a list -------------------------------------------------------------

def test_a_lineage_or_owner_item_among_officials_is_cut_with_its_separator():
    heritage = ("出席开幕式的有：市文化和旅游局副局长陈某某、市文化馆馆长刘某某、"
                "某某剪纸第五代传承人韩某某、区委宣传部副部长周某某。")
    doc = clean(page(f"<p>{heritage}</p>" + prose(), title="某某市非遗展示活动开幕"))
    assert doc.text.split("\n")[7] == (
        "出席开幕式的有:市文化和旅游局副局长陈某某、市文化馆馆长刘某某、区委宣传部副部长周某某。")
    assert "某某剪纸第五代传承人韩某某、" in doc.sidecar["removed"]
    owner = ("参加座谈的有县农业农村局局长吴某某、县供销社主任郑某某、"
             "某某农业发展有限公司执行董事冯某某、镇党委书记黄某某。")
    assert body_of(page(f"<p>{owner}</p>" + prose(), title="某某县召开农业座谈会"))[0] == (
        "参加座谈的有县农业农村局局长吴某某、县供销社主任郑某某、镇党委书记黄某某。")


def test_a_real_attendee_list_and_a_list_of_managers_stay():
    attendees = ("出席活动的有：市文化和旅游局副局长陈某某、"
                 "国家级非物质文化遗产代表性传承人韩某某、市文化馆馆长刘某某。")
    managers = ("参加座谈的有某某集团董事长吴某某、某某科技有限公司总经理郑某某、"
                "某某农业发展有限公司执行董事冯某某。")
    for line in (attendees, managers):
        assert body_of(page(f"<p>{line}</p>" + prose()))[0] == line.replace("：", ":")


# -- 6. a performer's or endorser's promo clause -----------------------------------------------

def test_a_promo_clause_is_cut_and_the_sentence_stays():
    concert = ("1月20日晚，某某市迎新春文艺演出在市文化中心举行，"
               "特邀著名歌唱家苗某某倾情演绎，现场观众800余人。")
    doc = clean(page(f"<p>{concert}</p>" + prose(), title="某某市举办迎新春文艺演出"))
    assert doc.text.split("\n")[7] == (
        "1月20日晚,某某市迎新春文艺演出在市文化中心举行,现场观众800余人。")
    assert ",特邀著名歌唱家苗某某倾情演绎" in doc.sidecar["removed"]
    brand = "由国际知名影星岳某某倾力代言，本届农产品展销会吸引了两百余家企业参展。"
    assert body_of(page(f"<p>{brand}</p>" + prose(), title="某某县农产品展销会开幕"))[0] == (
        "本届农产品展销会吸引了两百余家企业参展。")


def test_a_programme_line_and_a_concert_about_its_artist_stay():
    programme = "演出中，青年歌唱家李某某演唱了《我和我的祖国》，赢得阵阵掌声。"
    assert body_of(page(f"<p>{programme}</p>" + prose()))[0] == programme.replace("，", ",")
    about = ["5月1日，著名歌唱家苗某某倾情演绎经典曲目，为市民献上一场视听盛宴。",
             "苗某某表示，很高兴回到家乡演出。"]
    assert body_of(page(prose(about), title="苗某某家乡音乐会举行")) == [
        line.replace("，", ",") for line in about]


# -- 2. a title split over two headings or two lines -------------------------------------------

def test_a_title_split_over_two_headings_is_joined():
    full = "某某市民政局关于市政协十届二次会议第123号提案的答复"
    split = "<h1>某某市民政局关于市政协十届二次会议</h1><h1>第123号提案的答复</h1>"
    lines = lines_of(page(prose(), heading=split, browser=full))
    assert lines[0] == "政协提案办理答复" and lines[6] == full and lines[7:] == PROSE
    inside = ("<div class='article-content'><h2>某某县交通运输局对县人大十八届三次会议</h2>"
              "<h3>第45号建议的答复</h3>" + prose() + "</div>")
    lines = lines_of(page("", heading=inside, browser="某某县交通运输局"))
    assert lines[6] == "某某县交通运输局对县人大十八届三次会议第45号建议的答复"
    assert lines[7:] == PROSE


def test_a_title_broken_by_a_line_break_is_joined():
    heading = ("<div class='title'>某某区卫生健康委员会关于进一步完善社区医疗服务<br>"
               "建议的答复</div>")
    lines = lines_of(page(prose(), heading=heading, browser="某某区卫生健康委员会"))
    assert lines[6] == "某某区卫生健康委员会关于进一步完善社区医疗服务建议的答复"


def test_a_subtitle_and_a_column_caption_are_no_continuation():
    heading = "<h1>山海之间绘新景</h1><h2>——某某县乡村振兴工作纪实</h2>"
    lines = lines_of(page(prose(), heading=heading, browser="山海之间绘新景"))
    assert lines[6] == "山海之间绘新景" and lines[7] == "——某某县乡村振兴工作纪实"
    heading = "<h2 class='title'>通知公告</h2><h1>关于开展2024年度统计执法检查的通知</h1>"
    lines = lines_of(page(prose(), heading=heading,
                          browser="关于开展2024年度统计执法检查的通知"))
    assert lines[6] == "关于开展2024年度统计执法检查的通知" and lines[7:] == PROSE


def test_an_outlier_in_a_list_printed_one_item_a_line_goes_and_a_real_list_stays():
    guests = ["市文化和旅游局副局长陈某某", "市文化馆馆长刘某某", "某某古琴艺术第三代传人蒋某某",
              "区委宣传部副部长周某某"]
    inner = "<p>出席嘉宾：</p>" + "".join(f"<p>{g}</p>" for g in guests) + prose()
    doc = clean(page(inner, title="某某市古琴艺术展开幕"))
    assert doc.text.split("\n")[7:] == ["出席嘉宾:", *guests[:2], guests[3], *PROSE]
    real = ["市文化和旅游局副局长陈某某", "市文化馆馆长刘某某", "区委宣传部副部长周某某"]
    inner = "<p>出席嘉宾：</p>" + "".join(f"<p>{g}</p>" for g in real) + prose()
    assert body_of(page(inner)) == ["出席嘉宾:", *real, *PROSE]


def test_an_issuer_over_its_matter_is_one_title_and_a_last_item_after_and_is_a_list_item():
    heading = "<h1>某某区人民政府办公室</h1><h2>关于区政协三届二次会议第8号提案的答复</h2>"
    lines = lines_of(page(prose(), heading=heading, browser="答复"))
    assert lines[6] == "某某区人民政府办公室关于区政协三届二次会议第8号提案的答复"
    line = ("出席仪式的有市农业农村局局长吴某某、县供销社主任郑某某"
            "及某某茶业有限公司创始人冯某某。")
    body = body_of(page(f"<p>{line}</p>" + prose(), title="某某县茶叶节开幕"))
    assert body[0] == "出席仪式的有市农业农村局局长吴某某、县供销社主任郑某某。"


def test_a_button_row_after_an_open_title_is_no_continuation():
    heading = ("<h3 class='post_title'>周末去哪里看展比较好的</h3>"
               "<div class='post_title_btns'><a>只看楼主</a> <a>收藏</a> <a>回复</a></div>")
    lines = lines_of(page(prose(), heading=heading, browser="周末去哪里看展比较好的_某某论坛"),
                     NEWS_URL)
    assert lines[6] == "周末去哪里看展比较好的"
