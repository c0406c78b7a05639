"""Big and deep pages: the body is kept, and the cost grows linearly with the page.

Cost is checked as a ratio against a page one eighth the size cleaned in the same test
(linear: about 8x; one quadratic step: about 64x), and by the bounds the cleaners put on
their searches; never against a wall-clock limit.
"""

from __future__ import annotations

import time

import pytest

from cleaners import clean_page
from cleaners.locate import MAX_SEGMENTS, _segments
from cleaners.persons import NameCounts

URL = "http://www.example.gov.cn/xwzx/a.html"
PARAGRAPH = ("为确保国庆期间网络与信息安全，近日，市通信管理局组织检查小组深入各公司开展大检查，"
             "听取汇报并检查机房。")


def big_page(paragraphs: int, one_node: bool = False) -> bytes:
    if one_node:
        body = "<p>" + PARAGRAPH * paragraphs + "</p>"
    else:
        body = "".join(f"<p>第{i}项工作。{PARAGRAPH}</p>" for i in range(paragraphs))
    return (f"<html><head><meta charset='utf-8'><title>检查通知</title></head><body>"
            f"<div class='nav'><a href='/'>首页</a></div><h1>关于开展检查的通知</h1>"
            f"<div class='article_content'>{body}</div></body></html>").encode()


def _best_time(body: bytes, runs: int = 2) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        clean_page(body, URL)
        best = min(best, time.perf_counter() - start)
    return best


@pytest.mark.slow
def test_a_page_with_one_text_node_over_10_mb_keeps_its_body():
    body = big_page(11 * 1024 * 1024 // len(PARAGRAPH.encode()) + 1, one_node=True)
    doc = clean_page(body, URL)
    text = "\n".join(doc.text.split("\n")[7:])
    assert len(text.encode()) > 10 * 1024 * 1024
    assert text.startswith("为确保国庆期间网络与信息安全")


@pytest.mark.slow
def test_cost_grows_linearly_with_the_page():
    small, large = big_page(2_000), big_page(16_000)
    doc = clean_page(large, URL)
    assert doc.text.count("项工作。") == 16_000  # the whole body is kept
    ratio = _best_time(large) / _best_time(small)
    assert ratio < 24, f"8x the page took {ratio:.1f}x the time (linear: about 8)"


def test_markup_nested_deeper_than_the_parser_follows_keeps_its_text():
    for tag in ("div", "font"):
        body = (f"<html><body>{f'<{tag}>' * 5000}<p>{PARAGRAPH}</p><p>{PARAGRAPH}</p>"
                f"{f'</{tag}>' * 5000}</body></html>").encode()
        assert clean_page(body, URL).text.count("市通信管理局") == 2, tag


def test_searches_are_bounded_whatever_the_page_size():
    extracted = "\n".join(f"第{i}段落的文字内容" for i in range(50_000))
    assert len(_segments(extracted)) == MAX_SEGMENTS
    names = NameCounts("张三" * 1000, budget=3)
    assert [names.count(n) for n in ("张三", "李四", "王五")] == [1000, 0, 0]
    assert names.count("赵六") > 1000  # over budget: counted as frequent, never cut for
