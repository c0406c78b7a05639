"""Sixth-round signals: a flat body that holds the site's menu and page actions (a page
saved again by a word processor), a native place between a title stack and its name, a
name that is the head of a title, a form of address after a name, a lone editor's credit,
a title printed twice. Every page and sentence is made
up, each class with at least two wordings and what must stay."""

from __future__ import annotations

from lxml import html

from cleaners import clean_page
from cleaners.endorsements import cut_title_stacks
from cleaners.menus import drop_link_blocks
from cleaners.paragraphs import drop_title_repeat
from cleaners.persons import mentions
from cleaners.steps import StepContext

from .helpers import GOV_ARTICLE_URL, clean_gov_article

PROSE = ["近日,某某县召开全县文化产业发展座谈会,听取企业代表意见建议。",
         "会议要求,各部门要加强协作,持续优化营商环境,推动文化产业高质量发展。"]
TITLE = "某某县召开文化产业发展座谈会"


def body_lines(inner: str, title: str = TITLE) -> list[str]:
    return clean_gov_article(inner, PROSE, title).text.split("\n")[7:]


# -- 1. a flat body: the menu above the article, page actions inside it ----------------------

MENU = "".join(f'<p>·<a href="/{n}/">{label}</a></p>' for n, label in enumerate(
    ("网站首页", "机构概况", "政务公开", "政策法规", "互动交流")))


def flat_page(before: str, after: str = "") -> bytes:
    """A page saved again by a word processor: one flat section, no article container."""
    paragraphs = "".join(f"<p>{p}</p>" for p in PROSE)
    return (f'<html><head><title>{TITLE}</title></head><body><div class="WordSection1">'
            f"{before}<p><b>{TITLE}</b></p><p>发布日期: 2024-01-29</p>{paragraphs}{after}"
            f"<p>主办单位:某某县人民政府 网站标识码:1234567890</p></div></body></html>").encode()


def test_the_menu_heading_a_flat_body_and_its_page_actions_go():
    actions = ('<p>·<a href="javascript:void(0)">【关闭页面】</a></p>'
               '<p><a href="javascript:window.print()">打印本页</a></p>')
    doc = clean_page(flat_page(MENU, actions), GOV_ARTICLE_URL)
    body = doc.text.split("\n")[7:]
    assert body == PROSE
    assert "·网站首页" in doc.sidecar["removed"] and "·【关闭页面】" in doc.sidecar["removed"]
    assert "drop_link_blocks" in doc.sidecar["steps"]


def test_links_that_open_documents_stay_and_two_links_are_no_menu():
    attachment = '<p><a href="/files/2024/fangan.pdf">附件:某某县文化产业扶持办法</a></p>'
    scripted = "<p><a href=\"javascript:openFile('/files/mingdan.docx')\">附件:企业名单</a></p>"
    two = '<p><a href="/">网站首页</a></p><p><a href="/zwgk/">政务公开</a></p>'
    body = clean_page(flat_page(two, attachment + scripted), GOV_ARTICLE_URL).text
    assert "附件:某某县文化产业扶持办法" in body and "附件:企业名单" in body
    assert "网站首页" in body.split("\n")[7:9] or "网站首页" in body  # two links: no menu


def test_a_body_of_links_only_and_a_void_link_inside_a_sentence_stay():
    index = html.fromstring("<div>" + MENU + "</div>")
    drop_link_blocks(index)
    assert len(index.findall(".//a")) == 5
    inline = html.fromstring('<div><p>座谈会由<a href="javascript:void(0)">县文旅局</a>主办,'
                             "企业代表发言。</p></div>")
    drop_link_blocks(inline, StepContext())
    assert "".join(inline.itertext()) == "座谈会由县文旅局主办,企业代表发言。"


# -- 2. a native place between the stack and the name; a name that heads a title ---------------

def test_a_stack_with_a_native_place_before_the_name_is_cut_whole():
    line = ("座谈会邀请到文旅领域的龙头企业,某某研究院商学院客座教授、某某智库专家、"
            "某某工匠专家谷客座教授,江西省某某市人应某某等10家企业代表参加。")
    assert cut_title_stacks(line) == "座谈会邀请到文旅领域的龙头企业等10家企业代表参加。"
    other = ("活动特邀某某国际艺术学院终身客座教授、某某书画院名誉院长、湖南省长沙县人"
             "欧阳明远现场授课。")
    assert cut_title_stacks(other) == "活动特邀现场授课。"


def test_an_official_with_a_native_place_stays():
    line = "市委常委、宣传部部长,江苏省南京市人张某某出席会议并讲话。"
    assert cut_title_stacks(line) == line


def test_a_name_is_never_the_head_of_the_next_title():
    line = "某某智库专家、元培工匠专家谷客座教授王某某出席。"
    names = [m.name for m in mentions(line)]
    assert "谷客座" not in names


# -- 3. a form of address after a name is ordinary prose ---------------------------------------

def test_a_genuine_guest_addressed_as_professor_stays_in_a_list_of_officers():
    line = ("他们分别是某某市易学研究学会首席专家叶某本教授,"
            "某某国学研究会会长程某忠教授,某某市国学学会会长孙某。")
    assert cut_title_stacks(line) == line
    other = "某某市书法家协会首席专家柏某林先生,某某县文化馆馆长韦某出席。"
    assert cut_title_stacks(other) == other


# -- 4. only the span goes: a sentence left without its subject reads as the original did ----

def test_a_spliced_subject_goes_and_its_predicate_stays():
    lines = body_lines("<p>活动现场展出了设计作品两百余件。某某威莎科技有限公司创始人、"
                       "某某协会会员庄某威出席活动并致辞。</p>")
    assert lines[0] == "活动现场展出了设计作品两百余件。出席活动并致辞。"


# -- 5. a lone editor's credit ending a government page; a title printed twice ------------------

def test_a_lone_editor_credit_ending_a_government_body_goes():
    assert body_lines("", TITLE) == PROSE
    doc = clean_gov_article("", [*PROSE, "编辑:朱某东"], TITLE)
    assert doc.text.split("\n")[7:] == PROSE
    two = clean_gov_article("", [*PROSE, "编辑:朱某东 王某"], TITLE)
    assert two.text.split("\n")[7:] == PROSE


def test_an_editor_credit_at_the_top_or_off_a_government_portal_stays():
    top = clean_gov_article("<p>编辑:朱某东</p>", PROSE, TITLE)
    assert "编辑:朱某东" in top.text
    page = (f"<html><head><title>{TITLE}</title></head><body><h1>{TITLE}</h1><div "
            f'class="article">{"".join(f"<p>{p}</p>" for p in PROSE)}<p>编辑:朱某东</p>'
            "</div></body></html>")
    assert "编辑:朱某东" in clean_page(page.encode(), "https://news.example.com/a/1.html").text


def test_a_title_printed_twice_at_the_top_of_the_body_goes_twice():
    lines = body_lines(f"<p>{TITLE}</p><p>{TITLE}</p>")
    assert lines == PROSE
    ctx = StepContext(title=TITLE)
    assert drop_title_repeat(f"{TITLE}\n正文一句。\n{TITLE}", ctx) == f"正文一句。\n{TITLE}"


# -- 6. a forum thread: every post's text, in page order ---------------------------------------

REPLIES = ["建议对这把武器进行改版,现在的攻击范围太小,和同类武器相比差得太远,希望官方认真考虑。"
           "第一,换弹速度应当加快;第二,攻击范围应当增加;第三,弹药应当无限。",
           "顶你,确实太弱了", "同质化太严重了就没意思了,强烈复议"]


def thread(posts: list[str], stamp: str = "", unit_id: str = "post_{n}") -> bytes:
    units = "".join(
        f'<div id="{unit_id.format(n=5380 + n)}"><table class="plhin"><tr><td class="pls">'
        f'<a href="/space/{n}">用户{n}</a> <a href="/t/{n}">主题 12</a> <a href="/p/{n}">'
        f'帖子 345</a> <a href="/c/{n}">积分 678</a></td><td class="plc"><div class="po">'
        + "".join(f'<a href="/do/{k}">{w}</a> ' for k, w in enumerate(
            ("回复", "引用", "举报", "支持", "反对", "分享", "收藏")))
        + f'</div><div class="pi">发表于 '
        f'2024-4-6 20:4{n}</div><div class="t_fsz"><table><tr><td class="t_f" '
        f'id="postmessage_{5380 + n}">{stamp if n == 0 else ""}{text}</td></tr></table>'
        f"</div></td></tr></table></div>" for n, text in enumerate(posts))
    return (f"<html><head><title>建议对武器进行改版 - 游戏论坛</title></head><body>"
            f'<div id="hd"><a href="/">论坛首页</a> <a href="/forum-1">建议区</a></div>'
            f'<h1 id="thread_subject">建议对武器进行改版</h1><div id="postlist">{units}</div>'
            f'<div id="ft">Powered by Discuz! 版权所有</div></body></html>').encode()


def test_every_post_of_a_thread_is_the_body_in_page_order():
    doc = clean_page(thread(REPLIES), "https://bbs.example.com/thread-1-1-1.html")
    assert doc.text.split("\n")[7:] == REPLIES
    assert doc.sidecar["extractor"].endswith("+posts")


def test_a_moderation_stamp_in_a_post_goes():
    stamp = "<i>本主题由管理员[客服] 于 2024-4-6 20:46 审核通过</i><br>"
    body = clean_page(thread(REPLIES, stamp), "https://bbs.example.com/t/1.html").text
    assert "审核通过" not in body and body.split("\n")[7:] == REPLIES
    edited = "<i>本帖最后由 某某 于 2023-12-01 09:15 编辑</i><br>"
    assert "最后由" not in clean_page(thread(REPLIES, edited), "https://bbs.example.com/t/2").text


def test_numbered_units_without_the_bodys_markup_add_nothing():
    article = "".join(f"<p>{p}</p>" for p in PROSE)
    page = (f"<html><head><title>{TITLE}</title></head><body><h1>{TITLE}</h1>"
            f'<div id="item_1"><div class="article">{article}</div></div>'
            f'<div id="item_2"><div class="side"><a href="/a">相关阅读:某某县开展文化惠民活动'
            "</a></div></div></body></html>")
    doc = clean_page(page.encode(), "https://news.example.com/a/1.html")
    assert doc.text.split("\n")[7:] == PROSE
    assert "posts" not in doc.sidecar["extractor"]


def test_an_article_around_numbered_table_rows_is_no_thread():
    rows = "".join(f'<tr id="row_{n}"><td id="cell_{n}">某某企业{n}号</td><td>一等奖</td></tr>'
                   for n in range(1, 6))
    article = "".join(f"<p>{p}</p>" for p in PROSE)
    page = (f"<html><head><title>{TITLE}</title></head><body><h1>{TITLE}</h1>"
            f'<div class="article">{article}<table>{rows}</table></div></body></html>')
    doc = clean_page(page.encode(), "https://www.example.gov.cn/a/1.html")
    body = doc.text.split("\n")[7:]
    assert body[:2] == PROSE and len(body) == 7
    assert "posts" not in doc.sidecar["extractor"]


# -- 7. related-article boxes the body took in --------------------------------------------------

def related_page(box: str) -> bytes:
    article = "".join(f"<p>{p}</p>" for p in PROSE)
    return (f"<html><head><title>{TITLE}</title></head><body><div class=\"text_con\">"
            f"<h1>{TITLE}</h1><div class=\"box_con\">{article}</div>{box}</div>"
            "</body></html>").encode()


def related_box(caption: str, tag: str = "h2") -> str:
    items = "".join(f'<li><a href="/n/{n}.html">某某县第{n}届文化节开幕</a><p>近日,某某县举办'
                    f"第{n}届文化节,群众踊跃参加。</p></li>" for n in range(1, 4))
    return f'<div class="box_read"><{tag}>{caption}</{tag}><ul>{items}</ul></div>'


def test_a_related_articles_box_below_the_article_goes():
    for caption, tag in (("推荐阅读", "h2"), ("相关新闻:", "div"), ("精彩图集", "span")):
        doc = clean_page(related_page(related_box(caption, tag)),
                         "https://news.example.com/n1/2024/0618/c1-1.html")
        assert doc.text.split("\n")[7:] == PROSE, caption
        assert any(r.startswith(caption.rstrip(":")) for r in doc.sidecar["removed"])


def test_a_caption_in_a_sentence_or_without_links_stays():
    sentence = ("<div><p>推荐阅读</p><p>本报推荐阅读的书目由县图书馆提供,共计三十种,"
                "涵盖文学、历史、科普等门类。</p></div>")
    doc = clean_page(related_page(sentence), "https://news.example.com/a/2.html")
    assert "本报推荐阅读的书目由县图书馆提供,共计三十种,涵盖文学、历史、科普等门类。" in doc.text
