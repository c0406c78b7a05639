"""Fifth-round signals: a commercial span spliced into a worker's own stack of trade titles,
a sentence broken where an inline picture sat, a 来源 value cut with an ellipsis. Every page
and sentence is made up, each class with at least two wordings and what must stay."""

from __future__ import annotations

from cleaners import clean_page

from .helpers import GOV_ARTICLE_URL, clean_gov_article, gov_article

GOV_URL = GOV_ARTICLE_URL
PROSE = ["近年来,某某县持续推进产业工人队伍建设改革,培育高技能人才三千余名。",
         "下一步,县总工会将继续开展劳动和技能竞赛,营造尊重劳动的社会氛围。"]


def page(inner: str, title: str = "某某县举办劳模工匠事迹报告会", head: str = "") -> str:
    return gov_article(inner, title, head)


def clean(inner: str, title: str = "某某县举办劳模工匠事迹报告会", head: str = ""):
    return clean_gov_article(inner, PROSE, title, head)


def first_line(inner: str, title: str = "某某县举办劳模工匠事迹报告会") -> str:
    return clean(inner, title).text.split("\n")[7]


# -- 1. a commercial span spliced into a stack of trade titles ----------------------------------

def test_a_spliced_commercial_span_goes_and_the_trade_titles_and_the_name_stay():
    doc = clean("<p>报告会上,全国劳动模范、高级技师、某某市宏达机械制造有限公司执行董事、"
                "某某市机械行业协会会员韦振华作典型发言。</p>")
    assert doc.text.split("\n")[7] == "报告会上,全国劳动模范、高级技师韦振华作典型发言。"
    assert "、某某市宏达机械制造有限公司执行董事、某某市机械行业协会会员" in doc.sidecar["removed"]
    middle = ("<p>首席技师、某某智能科技有限公司法定代表人、市电子商务协会会员、高级工程师"
              "柏晓峰表示,要把技术传给更多年轻人。</p>")
    assert first_line(middle) == "首席技师、高级工程师柏晓峰表示,要把技术传给更多年轻人。"
    leading = ("<p>活动邀请了某某商贸有限公司执行董事、市餐饮行业协会会员、省技术能手殷立群"
               "现场授课。</p>")
    assert first_line(leading) == "活动邀请了省技术能手殷立群现场授课。"


def test_the_span_goes_when_the_worker_is_named_again_and_a_genuine_post_stays():
    named = ("<p>全国劳动模范、高级技师、某某市宏达机械制造有限公司执行董事、某某市机械行业协会"
             "会员韦振华讲述了扎根一线三十年的经历。</p><p>韦振华说,工匠精神就是把每件事做到极致。"
             "</p>")
    lines = clean(named).text.split("\n")[7:9]
    assert lines == ["全国劳动模范、高级技师韦振华讲述了扎根一线三十年的经历。",
                     "韦振华说,工匠精神就是把每件事做到极致。"]
    manager = ("<p>全国劳动模范、高级技师、某某机械制造有限公司董事长韦振华讲述了创业经历。</p>"
               + named)
    assert first_line(manager) == (
        "全国劳动模范、高级技师、某某机械制造有限公司董事长韦振华讲述了创业经历。")
    official = ("<p>市委常委、副市长、高级工程师、某某科技有限公司执行董事、某某协会会员邹明远"
                "出席并讲话。</p>" + named)
    # an official's titles and name stay; the owner's post a serving official cannot hold
    # (公务员法) and the membership spliced with it go (cleaners.endorsements.spliced_runs)
    assert first_line(official) == "市委常委、副市长、高级工程师邹明远出席并讲话。"


# -- 2. a sentence broken where an inline picture sat -------------------------------------------

PIC = '<img src="/images/2024/06/p1.jpg" alt="">'


def test_a_picture_inside_a_sentence_no_longer_breaks_it():
    want = "记者从县教育局获悉,今年全县新建中小学校十二所,新增学位三千余个。"
    wrapped = [
        f"<p>记者从县教育局获悉,今年全县<br>{PIC}<br>新建中小学校十二所,新增学位三千余个。</p>",
        f"<p>记者从县教育局获悉,今年全县<span><br>{PIC}</span><br>新建中小学校十二所,"
        "新增学位三千余个。</p>",
        f"<div>记者从县教育局获悉,今年全县<div class='pic'>{PIC}</div>新建中小学校十二所,"
        "新增学位三千余个。</div>",
        f"<p>记者从县教育局获悉,今年全县<span><p style='text-align:center'>{PIC}</p></span>"
        "新建中小学校十二所,新增学位三千余个。</p>",
        # the parser closes the <p> where the picture's block opens: the rest goes back
        f"<div><p>记者从县教育局获悉,今年全县<center>{PIC}</center>新建中小学校十二所,"
        "新增学位三千余个。</p></div>",
        f"<div><p>记者从县教育局获悉,今年全县的<p align='center'>{PIC}</p>中小学校十二所"
        "全部建成,新增学位三千余个。</p></div>",
    ]
    for inner in wrapped[:5]:
        doc = clean(inner, "某某县新建中小学校十二所")
        assert doc.text.split("\n")[7:9] == [want, PROSE[0]], inner
        assert "join_image_splits" in doc.sidecar["steps"]
    assert first_line(wrapped[5], "某某县新建中小学校十二所") == (
        "记者从县教育局获悉,今年全县的中小学校十二所全部建成,新增学位三千余个。")


def test_a_picture_between_real_paragraphs_still_separates_them():
    cases = {  # inner html: its first two lines, which must stay apart
        f"<p>今年全县新建中小学校十二所。<br>{PIC}<br>新增学位三千余个,缓解了入学压力。</p>":
            ["今年全县新建中小学校十二所。", "新增学位三千余个,缓解了入学压力。"],
        f"<p>记者从县教育局获悉,今年全县</p><p style='text-align:center'>{PIC}</p>"
        "<p>新建中小学校十二所,新增学位三千余个。</p>":
            ["记者从县教育局获悉,今年全县", "新建中小学校十二所,新增学位三千余个。"],
        f"<div>开学典礼现场<br>{PIC}<br>9月1日,某某县第一中学举行开学典礼,全校师生参加。</div>":
            ["开学典礼现场", "9月1日,某某县第一中学举行开学典礼,全校师生参加。"],
        f"<p>县领导走访了新建的学校,察看教室<br>{PIC}<br>图为县第一中学新校区。</p>":
            ["县领导走访了新建的学校,察看教室", "图为县第一中学新校区。"],
        f"<p>记者从县教育局获悉,今年全县<br>{PIC}<br>二、新建学校建设情况</p>":
            ["记者从县教育局获悉,今年全县", "二、新建学校建设情况"],
    }
    joined = f"<p>记者从县教育局获悉,今年全县<br>{PIC}<br>新建中小学校十二所。</p>"
    whole = "记者从县教育局获悉,今年全县新建中小学校十二所。"
    for inner, lines in cases.items():
        doc = clean(inner + joined, "某某县新建中小学校")
        assert doc.text.split("\n")[7:10] == [*lines, whole], inner


# -- 3. a 来源 value cut with an ellipsis -----------------------------------------------------

def source_of(info: str, meta: str) -> str:
    html = f"""<html><head><title>某某县教育工作通知_某某县人民政府</title>{meta}</head><body>
<div class="nav"><a href="/">首页</a> <a href="/zwgk">政务公开</a></div><h1>某某县教育工作通知</h1>
<div class="info">{info}</div><div class="article-content">{"".join(f"<p>{p}</p>" for p in PROSE)}
</div><div class="footer">网站标识码：1234567890</div></body></html>"""
    return clean_page(html.encode(), GOV_URL).text.split("\n")[2]


def test_a_source_cut_with_an_ellipsis_is_completed_from_the_meta_that_starts_with_it():
    meta = '<meta name="ContentSource" content="中华人民共和国教育部">'
    assert source_of("来源：中华人民共和国教育… 发布时间：2024-03-01", meta) == (
        "- 发布机构: 中华人民共和国教育部")
    dots = '<meta name="source" content="某某县文化和旅游局">'
    assert source_of("发布时间：2024-03-01 来源：某某县文化和旅游...", dots) == (
        "- 发布机构: 某某县文化和旅游局")
    wide = '<meta name="ContentSource" content="某某县人民政府办公室（县政府研究室）">'
    assert source_of("信息来源：某某县人民政府办公室… 发布时间：2024-03-01", wide) == (
        "- 发布机构: 某某县人民政府办公室(县政府研究室)")


def test_an_unrelated_meta_or_a_whole_value_is_not_replaced():
    unrelated = '<meta name="ContentSource" content="某某新闻网">'
    assert source_of("来源：中华人民共和国教育… 发布时间：2024-03-01", unrelated) == (
        "- 发布机构: 中华人民共和国教育…")
    longer = '<meta name="ContentSource" content="某某县文化和旅游局办公室">'
    assert source_of("来源：某某县文化和旅游局 发布时间：2024-03-01", longer) == (
        "- 发布机构: 某某县文化和旅游局")
    assert source_of("来源：某某县文化和旅游… 发布时间：2024-03-01", "") == (
        "- 发布机构: 某某县文化和旅游…")
    meta = '<meta name="ContentSource" content="某某县文化和旅游局">'
    assert source_of("来源：某某县文化和旅游… 发布时间：2024-03-01", meta) == (
        "- 发布机构: 某某县文化和旅游局")
