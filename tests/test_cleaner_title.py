"""The document title: the article's heading next to the body, not a breadcrumb, a column
caption or a side box's caption (made-up pages)."""

from __future__ import annotations

from cleaners import clean_page

URL = "https://www.example.org.cn/news/2024/0301.html"
ARTICLE = ("<p>3月1日，某某县水产技术推广站组织开展春季鱼苗放流活动，共放流鲢鳙鱼苗二十万尾。</p>"
           "<p>推广站技术人员现场讲解了放流鱼苗的品种、规格和检疫要求，并向群众发放宣传资料。</p>")


def title_of(page: str) -> str:
    return clean_page(page.encode(), URL).text.split("\n")[6]


def test_a_breadcrumb_classed_as_a_title_is_not_the_title():
    page = f"""<html><head><title>春季鱼苗放流活动举行-某某县水产网</title></head><body>
<div class="title"><a href="/">首页</a> &gt; <a href="/news/">工作动态</a> &gt;</div>
<div class="title_tex">春季鱼苗放流活动举行</div>
<div class="content">{ARTICLE}</div></body></html>"""
    assert title_of(page) == "春季鱼苗放流活动举行"


def test_the_heading_the_browser_title_repeats_beats_the_column_caption():
    page = f"""<html><head><title>春季鱼苗放流活动举行-某某网</title></head><body>
<div class="ny-tit"><h3>工作动态</h3></div>
<div class="art"><h3>春季鱼苗放流活动举行</h3>
<div class="content">{ARTICLE}</div></div></body></html>"""
    out = clean_page(page.encode(), URL).text.split("\n")
    assert out[6] == "春季鱼苗放流活动举行"
    assert "工作动态" not in out and out.count("春季鱼苗放流活动举行") == 1


def test_a_side_box_caption_classed_tit_loses_to_the_heading_over_the_body():
    page = f"""<html><head><title>某某县水产技术推广站</title></head><body>
<div class="left"><h5>某某县水产技术推广站开展春季鱼苗放流活动</h5>
<div class="doc">{ARTICLE}</div></div>
<div class="right"><div class="tit">相关推荐</div><a href="/a">其他新闻一</a></div>
</body></html>"""
    assert title_of(page) == "某某县水产技术推广站开展春季鱼苗放流活动"


def test_without_headings_the_browser_title_loses_its_site_name():
    page = f"""<html><head><title>班子成员_某某县档案馆</title></head><body>
<div class="nav"><div class="nav-tit"><a href="/">网站首页</a></div>
<div class="nav-tit"><a href="/b">班子成员</a></div></div>
<div class="list">{ARTICLE}</div></body></html>"""
    assert title_of(page) == "班子成员"


def subtitle_of(second: str) -> str:
    from lxml import html as lxml_html

    from cleaners.pagetext import PageText
    from cleaners.title import subtitle

    root = lxml_html.fromstring(f"""<html><head><title>某某县召开水产养殖座谈会_某某网</title>
</head><body><div class="content"><h1>某某县召开水产养殖座谈会</h1>{second}
<div class="attr">发布时间：2024-10-08 来源：某某县水产站</div>
<div class="article">{ARTICLE}</div></div></body></html>""")
    page = PageText(root)
    return subtitle(page, root.find_class("article")[0], "某某县召开水产养殖座谈会")


def test_a_subtitle_under_the_heading_outside_the_body_opens_the_body():
    assert subtitle_of("<h2>推动渔业绿色发展 助力乡村振兴</h2>") == "推动渔业绿色发展 助力乡村振兴"
    for second in ("<h2><a href='/x'>县水产站工作动态栏目</a></h2>", "<h2>分享到：</h2>",
                   "<div>推动渔业绿色发展 助力乡村振兴</div>"):
        assert subtitle_of(second) == "", second


def test_a_section_heading_opening_the_body_does_not_beat_the_pages_h1():
    page = f"""<html><head><title>某某网</title></head><body>
<h1>某某县2024年水产工作要点</h1><table>{"<tr><td>索引号：</td><td>0001</td></tr>" * 30}</table>
<div class="content"><h3>一、总体要求</h3>{ARTICLE}</div></body></html>"""
    assert title_of(page) == "某某县2024年水产工作要点"
