"""Chrome the second round recognises: form widgets in the body, prev/next and print/share
rows, player labels, date badges, back-to-list buttons (made-up pages and lines)."""

from __future__ import annotations

from cleaners import clean_page

URL = "https://www.example.gov.cn/bmdt/202409/t20240930_1.html"
PROSE = ["9月26日,某某市书画作品展在市文化馆开幕,展出作品八十余幅。",
         "展览持续至10月8日,市民可免费参观,周一闭馆。"]


def body_of(page: str) -> list[str]:
    return clean_page(page.encode(), URL).text.split("\n")[7:]


def page_with(inner: str, title: str = "某某市书画作品展开幕") -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in PROSE)
    return f"""<html><head><title>{title}_某某市人民政府</title></head><body>
<h1>{title}</h1><div class="xl-box">{paragraphs}{inner}</div>
<div class="footer">网站标识码：1234567890</div></body></html>"""


def test_a_comment_widget_inside_the_article_container_goes():
    widget = """<div class="m-comment"><ul><li><a>全部留言</a></li><li>/</li><li><a>评论</a></li>
<li><a>有用(<span></span>)</a></li></ul><form><label>匿名评论：</label><input type="checkbox">
<label>联系手机：</label><input name="tel" type="text">
<label>留言内容：</label><textarea></textarea>
<label>验证码：</label><input name="code"><a>提交留言</a> <a>返回</a></form></div>"""
    doc = clean_page(page_with(widget).encode(), URL)
    assert doc.text.split("\n")[7:] == PROSE
    assert any("联系手机" in r for r in doc.sidecar["removed"])
    assert "drop_form_widgets" in doc.sidecar["steps"]


def test_a_page_wrapped_in_one_form_and_an_info_table_with_a_search_box_stay():
    wrapped = f"""<html><head><title>某某市书画作品展开幕</title></head><body><form id="form1">
<input type="hidden" name="__VIEWSTATE" value="x"><input type="text" name="q">
<div class="xl-box">{"".join(f"<p>{p}</p>" for p in PROSE)}</div></form></body></html>"""
    assert body_of(wrapped) == PROSE
    info = ("<table><tr><td>来源：</td><td>市文化馆</td><td>发布日期：</td><td>2024-09-30</td></tr>"
            "<tr><td><input type='text' name='q'></td></tr></table>")
    doc = clean_page(page_with(info).encode(), URL)
    assert "- 发布机构: 市文化馆" in doc.text.split("\n")


def test_prev_next_links_print_rows_player_controls_and_back_buttons_are_chrome():
    tail = ("<p>打印页面 | 分享到：</p><p>分享到微信×</p><p>Play Video</p>"
            "<p>上一篇：[某某日报]某某县启动秋季植树活动 2024-09-28</p>"
            "<p>下一篇：[某某晚报]某某市图书馆延长开放时间 2024-10-02</p>"
            "<div class='back'><a href='/list'>返回列表</a></div>")
    doc = clean_page(page_with(tail).encode(), URL)
    assert doc.text.split("\n")[7:] == PROSE
    assert "上一篇:[某某日报]某某县启动秋季植树活动 2024-09-28" in doc.sidecar["removed"]


def test_a_date_badge_at_the_body_top_is_the_publication_date():
    page = f"""<html><head><title>某某研究所</title></head><body>
<div class="left"><h5>某某研究所召开年度工作会议</h5>
<div class="data"><div class="day">09</div><div class="year">2024年03月</div></div>
<div class="doc">{"".join(f"<p>{p}</p>" for p in PROSE)}</div></div></body></html>"""
    lines = clean_page(page.encode(), URL).text.split("\n")
    assert lines[4] == "- 发布日期: 2024-03-09"
    assert lines[7:] == PROSE


def info_page(info: str) -> bytes:
    return f"""<html><head><title>某某市书画作品展开幕</title>
<meta name="PubDate" content="2025-01-01 00:00"></head><body>
<h1>某某市书画作品展开幕</h1><div class="info">{info}</div>
<div class="xl-box">{"".join(f"<p>{p}</p>" for p in PROSE)}</div></body></html>""".encode()


def test_a_date_after_a_source_value_or_under_an_empty_author_label_is_read():
    def head(info: str) -> list[str]:
        return clean_page(info_page(info), URL).text.split("\n")[:7]

    lines = head("来源：宣传中心 2024-09-30 10:12:08 【字体：大 中 小】")
    assert lines[2:5] == ["- 发布机构: 宣传中心", "- 文号:", "- 发布日期: 2024-09-30"]
    lines = head("<div>来源：某某日报</div><div>作者：</div><div>2024-09-30 14:43</div>")
    assert lines[4] == "- 发布日期: 2024-09-30"
    lines = head("<div>成文日期：</div><div>2024-09-20</div>")
    assert lines[4] == "- 发布日期: 2025-01-01"  # a 成文日期 value is no publication date


def test_a_font_size_label_glued_to_the_source_ends_its_value():
    page = info_page("<span>发布时间：<b>2024-10-08</b></span><span>来源：<b>某某时事</b></span>"
                     "<span><b>字体大小：</b><a>大</a><a>中</a><a>小</a></span>")
    assert "- 发布机构: 某某时事" in clean_page(page, URL).text.split("\n")


def test_a_credit_line_in_round_brackets_is_the_articles_own():
    from cleaners.boilerplate import drop_boilerplate

    credit = "(责任编辑:韩梅 / 编发:李雷 / 图片来源:宣传部)"
    text = "\n".join([*PROSE, credit, "来源:某某日报 作者:韩梅"])
    assert drop_boilerplate(text) == "\n".join([*PROSE, credit])


def test_forum_and_wiki_stamps_counters_buttons_and_notices_are_chrome():
    from cleaners.boilerplate import is_chrome

    for line in ("编辑于 2024-03-01 15:45・IP 属地上海", "发布于 2024-03-02", "12 人赞同了该回答",
                 "查看全部 36 个回答", "登录后你可以查看更多回答", "¥29.90", "去购买", "广告",
                 "播报", "编辑", "展开全部", "更多", "转载请注明:原文链接 - https://example.com/a/1",
                 "本作品采用《CC 协议》,转载必须注明作者和本文链接"):
        assert is_chrome(line), line
    for line in ("记者编辑于是决定实地走访。", "12人赞同这一方案,3人反对。",
                 "广告牌整治工作已完成。", "登录后,点击我的办件查看进度。"):
        assert not is_chrome(line), line


def _dated_page(info: str) -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in PROSE)
    return f"""<html><head><title>某某市书画作品展开幕_某某市人民政府</title></head><body>
<div class="nav"><a href="/">首页</a></div><div class="main"><h2>某某市书画作品展开幕</h2>
<p class="tc">{info}</p><div class="content">{paragraphs}</div></div>
<div class="footer">网站标识码：1234567890</div></body></html>"""


def test_an_info_line_opened_by_an_unlabelled_date_gives_the_date_and_leaves_the_body():
    for info, source in [
        ('<span id="pubTime">2021年06月10日 17:35</span> 来源：<span id="sourceName"></span> '
         '【<span id="printBtn">打印</span>】', ""),
        ("2021-06-10 17:35 来源：市文化馆 【打印】", "市文化馆"),
        ("2021年06月10日 来源：市文化馆", "市文化馆"),  # no space left between 日 and 来源
    ]:
        lines = clean_page(_dated_page(info).encode(), URL).text.split("\n")
        assert lines[2] == f"- 发布机构: {source}".rstrip() and lines[4] == "- 发布日期: 2021-06-10"
        assert lines[7:] == PROSE, info


def test_a_body_line_opening_with_a_date_stays():
    line = "2021年6月10日,市文化馆举办书画讲座,来源于民间的作品占了一半。"
    lines = clean_page(_dated_page(line).encode(), URL).text.split("\n")
    assert line in lines[7:]
