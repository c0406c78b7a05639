"""archive.charset.decode_html: header, then <meta>, then detection; wrong declarations."""

from __future__ import annotations

import pytest

from archive.charset import decode_html, normalise_charset_name

TEXT = "平潭综合实验区关于政协提案的答复：现将办理情况答复如下。感谢您对我们工作的支持！"


def page(charset_meta: str | None, text: str = TEXT) -> str:
    meta = f'<meta charset="{charset_meta}">' if charset_meta else ""
    return f"<html><head>{meta}<title>t</title></head><body><p>{text}</p></body></html>"


@pytest.mark.parametrize(
    ("name", "expected"),
    [("GB2312", "gb18030"), ("gbk", "gb18030"), ("UTF-8", "utf-8"), ("'utf8'", "utf-8"),
     ("x-nonsense", None), ("", None)],
)
def test_charset_names_widen_to_supersets(name, expected):
    assert normalise_charset_name(name) == expected


def test_header_charset_wins_over_meta():
    body = page("utf-8").encode("gb18030")
    decoded = decode_html(body, "text/html; charset=GBK")
    assert TEXT in decoded
    assert (decoded.encoding, decoded.source) == ("gb18030", "header")


def test_meta_charset_when_no_header():
    decoded = decode_html(page("gb2312").encode("gb18030"))
    assert TEXT in decoded
    assert (decoded.encoding, decoded.source) == ("gb18030", "meta")


def test_gbk_bytes_declared_utf8_still_decode():
    body = page("utf-8").encode("gbk")
    decoded = decode_html(body, "text/html; charset=utf-8")
    assert TEXT in decoded
    assert decoded.encoding == "gb18030"


def test_utf8_bytes_declared_gbk_still_decode():
    body = page("gbk").encode("utf-8")
    decoded = decode_html(body, "text/html; charset=gb2312")
    assert TEXT in decoded
    assert decoded.encoding == "utf-8"


def test_no_declaration_is_detected():
    decoded = decode_html(page(None).encode("gb18030"))
    assert TEXT in decoded
    assert decoded.source == "detected"


def test_utf8_bom():
    decoded = decode_html(b"\xef\xbb\xbf" + page(None).encode("utf-8"))
    assert TEXT in decoded
    assert decoded.source == "bom"
    assert not decoded.startswith("\ufeff")


def test_gb18030_only_characters_survive():
    text = TEXT + "𠀀"  # outside GBK, inside GB18030
    decoded = decode_html(page("gbk", text).encode("gb18030"))
    assert "𠀀" in decoded


def test_decoded_text_is_a_str():
    decoded = decode_html(page("utf-8").encode("utf-8"))
    assert isinstance(decoded, str)
    assert decoded.upper().startswith("<HTML>")
