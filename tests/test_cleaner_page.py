"""clean_page end to end: interface, tree steps, metadata, kind, seeds, attachments, CLI."""

from __future__ import annotations

import html
import json
import subprocess
import sys
from pathlib import Path

import pytest

from cleaners import CLEANER_VERSION, STEPS, AttachmentText, PortalHints, clean_page
from cleaners.chars import strip_spaces
from cleaners.chinese import is_traditional
from cleaners.html import drop_invisible, linearise, parse_html
from cleaners.kind import decide_kind
from cleaners.metadata import five_keys, label_pairs
from cleaners.steps import StepContext

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "tests" / "data" / "seeds"
URL = "https://www.example.gov.cn/zwgk/jyta/t20210830_1.html"


def seed_lines(prefix: str) -> list[str]:
    return next(SEEDS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8").split("\n")


def article_page(title: str, paragraphs: list[str], meta_rows: str = "", before: str = "",
                 after: str = "", head: str = "") -> bytes:
    """A portal-like page: nav, breadcrumb, 信息公开 table, title, article, footer."""
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8">{head}
<title>{html.escape(title)}_某某市人民政府</title></head><body>
<div class="nav"><a href="/">首页</a><a href="/zwgk/">政务公开</a><a href="/hd/">互动交流</a></div>
{before}
<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a></div>
<table class="xxgk">{meta_rows}</table>
<h1 class="article-title">{html.escape(title)}</h1>
<div class="info">【字体：<a>大</a> <a>中</a> <a>小</a>】 浏览次数：12</div>
<div class="article-content" id="zoom">{body}</div>
<div class="share">分享到：微信 微博</div>
<div class="qr">扫一扫在手机打开当前页</div>
{after}
<div class="footer">主办单位：某某市人民政府办公室 网站标识码：1234567890 某ICP备12345678号</div>
</body></html>""".encode()


SEED0_META = ("<tr><td>索 引 号：</td><td>20240913-210917-771</td><td>发布机构：</td>"
              "<td>红河州民政局</td></tr><tr><td>文　　号：</td><td></td><td>发布日期：</td>"
              "<td>2021-11-02</td></tr><tr><td>时效性：</td><td>有效</td></tr>")


# -- interface ----------------------------------------------------------------

def test_seed_000_round_trips_exactly():
    lines = seed_lines("000")
    page = article_page(lines[6], lines[7:], SEED0_META)
    doc = clean_page(page, URL, {"content-type": "text/html; charset=utf-8"})
    assert doc.text == "\n".join(lines)
    assert doc.kind == "政协提案办理答复"
    assert doc.title == lines[6]


def test_sidecar_has_the_promised_keys():
    lines = seed_lines("000")
    doc = clean_page(article_page(lines[6], lines[7:], SEED0_META), URL)
    side = doc.sidecar
    for key in ("kind", "title", "metadata", "text_sha1", "cleaner_version", "steps",
                "step_versions", "converted_t2s", "removed", "encoding", "attachments"):
        assert key in side, key
    assert side["cleaner_version"] == CLEANER_VERSION
    assert side["step_versions"] == {s.name: s.version for s in STEPS}
    assert side["metadata"]["发布机构"] == "红河州民政局"
    assert side["metadata"]["raw"]["索引号"] == "20240913-210917-771"
    assert side["proposal_number"] == "第77号"
    assert side["session"] == "十二届四次会议"
    assert side["reply_date"] == "2021-08-30"
    assert side["converted_t2s"] is False
    assert not {"url", "final_url", "portal", "fetched_at", "warc"} & set(side)
    json.dumps(side, ensure_ascii=False)  # serialisable


def test_text_has_no_blank_lines_or_padding():
    lines = seed_lines("002")
    doc = clean_page(article_page(lines[3], lines[4:]), URL)
    for line in doc.text.split("\n"):
        assert line and line == line.strip()
    assert not doc.text.endswith("\n")


@pytest.mark.parametrize("body", [b"", b"   \n", b"\x00\x01\x02\x03"])
def test_empty_or_unreadable_input_raises_value_error(body):
    with pytest.raises(ValueError):
        clean_page(body, URL)


# -- seeds --------------------------------------------------------------------

def test_seed_004_comes_out_simplified_without_the_gambling_block():
    lines = [line for line in seed_lines("004") if line.strip()]
    spam, crumb, title, info = lines[:4]
    page = article_page(title, [spam, *lines[4:]], before=f"<div>{crumb}</div><div>{info}</div>")
    doc = clean_page(page, URL)
    out = doc.text.split("\n")
    assert doc.sidecar["converted_t2s"] is True
    assert "drop_gambling_spam" in doc.sidecar["steps"]
    assert not is_traditional(doc.text)
    assert not any("开奖" in line or "棋牌" in line for line in out)
    assert out[0] == "政协提案办理答复"
    assert out[4] == "- 发布日期: 2019-07-15"
    assert out[3] == "- 文号: 穗民案〔2019〕89号"
    assert out[6] == "广州市民政局关于政协十三届广州市委员会第三次会议第1007号提案答复的函"
    assert any("市委全面深化改革领导小组审议通过,以市委改革办名义印发实施" in line for line in out)
    assert out[-3:] == ["广州市民政局", "2019年6月26日", "(联系人:彭勇,联系电话:83178761)"]
    assert any("彩" in r for r in doc.sidecar["removed"])


def test_seed_003_comes_out_width_folded_like_seed_000():
    lines = seed_lines("003")
    page = article_page(lines[3], [lines[0], lines[1], *lines[4:]])
    doc = clean_page(page, URL)
    assert not any("\uff01" <= ch <= "\uff5e" or ch in "\u3000\u00a0" for ch in doc.text)
    out = doc.text.split("\n")
    assert "尊敬的王登朝代表:" in out
    assert "一、社区治理整体情况" in out
    assert "(联系人:刘伟胜电话:6687818)" in out
    assert doc.kind == "人大代表建议办理答复"
    assert "  " not in doc.text


@pytest.mark.parametrize("prefix", ["000", "002"])
def test_welfare_lottery_fund_text_survives_whole(prefix):
    lines = seed_lines(prefix)
    fund = [line for line in lines if "福彩公益金" in line]
    page = article_page(lines[6] if prefix == "000" else lines[3], lines[7:])
    doc = clean_page(page, URL)
    assert fund
    assert all(strip_spaces(line) in strip_spaces(doc.text) for line in fund)
    assert "drop_gambling_spam" not in doc.sidecar["steps"]


# -- tree step and linearisation ---------------------------------------------

def test_drop_invisible_removes_hidden_and_offscreen_injections():
    root = parse_html(
        "<html><body><div><p>正文。</p>"
        '<div style="display:none">赌场</div><p style="visibility: hidden">彩票</p>'
        '<span style="position:absolute;left:-9999px">棋牌</span><a style="font-size:0">x</a>'
        "<div hidden>隐藏</div><p>结尾。</p></div></body></html>")
    ctx = StepContext()
    text = linearise(drop_invisible(root, ctx))
    assert "正文。" in text and "结尾。" in text
    for word in ("赌场", "彩票", "棋牌", "隐藏"):
        assert word not in text
    assert ctx.removed == ["赌场", "彩票", "棋牌", "x", "隐藏"]


def test_table_rows_become_one_line_and_layout_tables_do_not():
    root = parse_html(
        "<html><body><table><tr><td><p>第一段。</p><p>第二段。</p></td></tr></table>"
        "<table><tr><td>作出处罚决定的<br>机关名称</td><td><p>甲</p><p>乙</p></td></tr></table>"
        "</body></html>")
    lines = [line for line in linearise(root).split("\n") if line.strip()]
    assert lines == ["第一段。", "第二段。", "作出处罚决定的 机关名称\t甲\t乙"]


def test_portal_container_hint_is_used():
    page = article_page("某某通知标题", ["正文。"], after='<div id="other"><p>另一篇。</p></div>')
    doc = clean_page(page, URL, portal=PortalHints(name="x", container="#other"))
    assert doc.text.split("\n")[7:] == ["另一篇。"]
    assert doc.sidecar["extractor"] == "hint"


# -- metadata and kind --------------------------------------------------------

def test_label_synonyms_and_dates():
    raw = label_pairs(["发布时间:2009-09-30 10:53 来源:北京通信管理局", "文件编号:浙教〔2024〕1号"])
    keys = five_keys(raw)
    assert keys == {"索引号": "", "发布机构": "北京通信管理局", "文号": "浙教〔2024〕1号",
                    "发布日期": "2009-09-30", "时效性": ""}


def test_meta_date_is_the_last_resort():
    assert five_keys({}, "2023-05-16 10:00")["发布日期"] == "2023-05-16"
    assert five_keys({"发布日期": "2017年5月15日"}, "2022-04-24")["发布日期"] == "2017-05-15"


@pytest.mark.parametrize(
    ("title", "body", "column", "hint", "kind"),
    [
        ("关于规范公益性公墓建设的建议", "案由:…\n提案人:林龙珠委员\n委员反馈:满意",
         "政协提案", None, "政协提案办理答复"),
        ("关于恢复平潭二中高一招生的建议", "事由:…\n提案人:林从立等代表\n代表反馈:基本满意",
         "人大议案", None, "人大代表建议办理答复"),
        ("关于加快老旧小区改造的议案办理情况的答复", "王代表:你提出的议案收悉。现答复如下:",
         "", None, "人大议案办理答复"),
        ("平潭县第十八届人大第三次会议代表建议意见办理情况公开内容", "附件.pdf",
         "人大议案", None, "建议提案办理综述"),
        ("北京通管局组织专项检查", "为确保网络安全,近日,北京市通信管理局组织检查。",
         "地方工作", None, "其他"),
        ("关于第12号提案的答复", "张委员:你提出的提案收悉,现答复如下:",
         "", None, "政协提案办理答复"),
        ("某某活动举行", "正文。", "", "人大代表建议办理答复", "人大代表建议办理答复"),
        # a column named for both families ("建议提案办理") does not decide: the body does
        ("关于发展海洋产业的建议", "案由:…\n提案人:王某委员\n委员反馈:满意",
         "建议提案办理", None, "政协提案办理答复"),
        ("关于发展海洋产业的建议", "事由:…\n领衔人:李某代表\n代表反馈:满意",
         "建议提案办理", None, "人大代表建议办理答复"),
        # an NPC standing-committee member is not a CPPCC 委员
        ("关于加强河道管理的建议", "市人大常委会委员:你提出的关于加强河道管理的建议收悉。",
         "建议提案办理", None, "人大代表建议办理答复"),
        # a subject that names the other family is not an addressee line
        ("关于发挥政协委员作用的建议", "王某代表:你提出的关于发挥政协委员作用的建议收悉。",
         "建议提案办理", None, "人大代表建议办理答复"),
    ],
)
def test_kind_is_decided(title, body, column, hint, kind):
    assert decide_kind(title, body, column, hint) == kind


# -- attachments ---------------------------------------------------------------

def test_attachments_are_appended_and_listed():
    paragraphs = ["张委员:", "你提出的提案收悉,现答复如下:", "见附件。"]
    page = article_page("关于第5号提案的答复", paragraphs)
    att = AttachmentText(url="https://x.gov.cn/a.pdf", filename="a.pdf", type="pdf",
                         text="附件正文第一段，内容。\n\n附件　第二段。")
    doc = clean_page(page, URL, attachments=[att])
    assert doc.text.split("\n")[-2:] == ["附件正文第一段,内容。", "附件第二段。"]
    assert doc.sidecar["attachments"] == [{"url": att.url, "filename": "a.pdf", "type": "pdf",
                                           "chars": len(att.text), "needs_ocr": False,
                                           "error": None}]
    assert "needs_ocr" not in doc.sidecar


def test_reply_that_is_only_a_scanned_attachment_needs_ocr():
    page = article_page("关于第5号提案的答复", [])
    page = page.replace(b'<div class="article-content" id="zoom"></div>',
                        '<div class="article-content" id="zoom"><p><a href="/f/reply.pdf">'
                        '答复.pdf</a></p></div>'.encode())
    att = AttachmentText(url="https://x.gov.cn/f/reply.pdf", filename="答复.pdf", type="pdf",
                         needs_ocr=True)
    doc = clean_page(page, URL, attachments=[att])
    assert doc.sidecar["needs_ocr"] is True
    assert doc.text.split("\n")[-1] == "答复.pdf"


# -- CLI ----------------------------------------------------------------------

def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "cleaners", *args], capture_output=True,
                          text=True, cwd=REPO, timeout=120)


def test_cli_prints_the_document_and_the_sidecar(tmp_path):
    lines = seed_lines("000")
    page = tmp_path / "page.html"
    page.write_bytes(article_page(lines[6], lines[7:], SEED0_META))
    text = run_cli(str(page), "--url", URL)
    assert text.returncode == 0
    assert text.stdout == "\n".join(lines)  # byte for byte a FORMAT.md file: no newline
    side = run_cli(str(page), "--url", URL, "--json")
    assert side.returncode == 0
    assert json.loads(side.stdout)["kind"] == "政协提案办理答复"


@pytest.mark.parametrize("content", [None, b"", b"\x00\xff\x00\xfe"])
def test_cli_fails_cleanly_on_bad_input(tmp_path, content):
    page = tmp_path / "page.html"
    if content is not None:
        page.write_bytes(content)
    result = run_cli(str(page), "--url", URL)
    assert result.returncode != 0
    assert result.stderr.startswith("error:")
    assert "Traceback" not in result.stderr
