"""The speed-ups of issue 15 item 4 give what the plain code gave."""

from __future__ import annotations

import lxml.html
import pytest
from lxml import etree

from cleaners.chinese import TRADITIONAL_THRESHOLD, _traditional_only, is_traditional
from cleaners.html import _HIDDEN_STYLE, is_invisible, parse_html

_FORM_PAGE = ("<html><body><form><label>l</label><input name=a><select><option>x</option>"
              "</select><textarea>t</textarea></form><p>x</p></body></html>")


def test_parse_gives_lxml_html_element_classes():
    ours = [type(el) for el in parse_html(_FORM_PAGE).iter()]
    plain = [type(el) for el in lxml.html.document_fromstring(
        _FORM_PAGE, parser=lxml.html.HTMLParser()).iter()]
    assert ours == plain
    assert lxml.html.FormElement in ours and lxml.html.InputElement in ours


@pytest.mark.parametrize("style", [
    "display:none", "DISPLAY : NONE", "visibility:Hidden", "font-size:0", "FONT-SIZE: 00.0em;",
    "left:-9999px", "Text-Indent:-999EM", "width:0;overflow:hidden", "HEIGHT:0PX; OVERFLOW:HIDDEN",
    "diſplay:none", "vİsibility:hidden", "vısıbılıty:hıdden", "\u212aeft:-999px",
    "font-family:宋体;display:none", "font-family:宋体;color:red", "color:red", "border:none",
    "font-size:16px", "font-size:０", "left:-１２３px", "top:\u3000-999px",
])
def test_is_invisible_matches_the_case_insensitive_pattern(style):
    el = etree.Element("div", style=style)
    assert is_invisible(el) == bool(_HIDDEN_STYLE.search(style))


def test_is_traditional_counts_every_traditional_character():
    simplified = "这是一个简体中文的句子，内容关于政府信息公开。" * 4  # 84 Han characters
    trad = sorted(_traditional_only())
    assert not is_traditional(simplified + trad[0] * 4)  # under five hits
    assert is_traditional(simplified + trad[0] * 10)  # one kind ten times: 10 / 94 > 5 %
    assert is_traditional(simplified + "".join(trad[:20]))  # many kinds
    assert not is_traditional(simplified * 30 + "".join(trad[:20]))  # 20 / 2540 < 5 %
    assert TRADITIONAL_THRESHOLD == 0.05
