"""The five FORMAT.md keys from the page's labels, its meta tags and an unlabelled date.

Label parsing is in :mod:`cleaners.labels`; this module decides which label fills which
key (FORMAT.md's synonyms, first non-empty wins), cleans values (a name value ends where
a date, bracket or button word follows it) and picks the publication date: a labelled
one, else an unlabelled date beside the title, else the ``PubDate``-style meta tags.
"""

from __future__ import annotations

import re

from .dates import find_iso_date, to_iso_date
from .facts import document_number, proposal_facts
from .labels import label_pairs

__all__ = [
    "FIVE_KEYS",
    "clean_name_value",
    "complete_truncated",
    "document_number",
    "five_keys",
    "is_date_label",
    "label_pairs",
    "normalise_fields",
    "proposal_facts",
]

FIVE_KEYS = ("索引号", "发布机构", "文号", "发布日期", "时效性")
SYNONYMS: dict[str, tuple[str, ...]] = {
    "索引号": ("索引号", "信息索引", "索取号"),
    "发布机构": ("发布机构", "发布单位", "发文机关", "发文单位", "发文机构", "信息来源", "来源",
             "文章来源", "新闻来源", "稿件来源", "内容来源", "责任部门"),
    "文号": ("文号", "发文字号", "文件编号"),
    "发布日期": ("发布日期", "发布时间", "生成日期", "时间"),
    "时效性": ("时效性", "有效性"),
}
_SOURCE_LABELS = frozenset(SYNONYMS["发布机构"][5:-1])  # 信息来源, 来源, 文章来源 …
# 责任部门 (last): the issuing department of a 信息公开 catalogue entry, when none of the
# others is shown.
# When no synonym of 发布日期 is there: other labels of the publication date, in order.
LATER_DATE_LABELS = ("日期", "更新时间", "更新日期", "发表时间", "上传时间", "录入时间")
_DATE_LIKE_LABEL = re.compile(r"发布|发表|发稿|时间|日期")
# Dates of something else than the publication: a document's own dates, a reply's, a
# deadline, a birth, an event's start and end (开始时间 / 结束时间 of an activity page).
_NOT_PUBLICATION = re.compile(
    r"成文|发文|印发|实施|废止|答复|办复|会议|截止|有效|出生|开始|结束|起止|举办|活动")
DATE_FIELDS = frozenset({"发布日期", "成文日期", "生成日期", "发文日期", "发布时间", "时间",
                         "日期", "印发日期", "答复日期", "办复日期", "实施日期",
                         *LATER_DATE_LABELS})
# What ends a name value on an info line: a date, a bracket, a font-size toggle's label
# (白云时事字体大小:大中小), or a button word or the next label after a space; a
# button run or a 简体/繁體 toggle the value runs into.
_BUTTONS = r"下载|收藏|打印|分享到?|关闭|字[体号]|浏览|阅读|点击|纠错"
_VALUE_END = re.compile(
    r"\s*(?:[【\[|｜】\]]|(?<!\d)(?:19|20)\d{2}\s*[-/.年]|字[体号](?:大小)?\s*[:：])"
    rf"|\s+(?:{_BUTTONS}|来源|作者|编辑|时间|日期)"
)
_TRAILING_BUTTONS = re.compile(rf"(?:(?:{_BUTTONS})[:：]?)+$"
                               # a script toggle run into the value (…促进局简体/繁體)
                               r"|(?:简体|繁[體体])(?:中文|版)?(?:\s*[/|｜]?\s*(?:简体|繁[體体])"
                               r"(?:中文|版)?)?$")  # (…局简体|繁體: the bar split it first)
# A template cuts a long name to fit its info line: 中华人民共和国教育… / 某某市人民政府...
_ELLIPSIS = re.compile(r"\s*(?:…+|\.{2,}|。{2,}|⋯+)$")
MIN_PREFIX = 2  # a visible prefix this long at least: shorter ones match any meta
_HAS_NUMBER = re.compile(r"\d|[〇一二三四五六七八九十]+号")


def _clean_value(label: str, value: str) -> str:
    value = value.strip(" |")
    if label in DATE_FIELDS:
        return to_iso_date(value)
    return value


def clean_name_value(value: str) -> str:
    """A name value (发布机构 …) up to a date, bracket or button word that follows it
    (``来源:教育部 下载 收藏`` gives 教育部)."""
    value = _VALUE_END.split(value.strip(" |"), maxsplit=1)[0].strip()
    return _TRAILING_BUTTONS.sub("", value).strip() if len(value) > 4 else value


def complete_truncated(value: str, meta: str) -> str:
    """A name value the page cut with an ellipsis (``中华人民共和国教育…``), completed from
    the source meta when that starts with the visible prefix; else the value as shown
    (an unrelated meta never replaces it)."""
    cut = _ELLIPSIS.search(value)
    if cut is None or not meta:
        return value
    prefix = value[:cut.start()].replace(" ", "")
    full = clean_name_value(meta)
    if len(prefix) >= MIN_PREFIX and full.replace(" ", "").startswith(prefix):
        return full
    return value


def is_date_label(label: str) -> bool:
    """True for a label whose value is a date (发布日期, 成文日期, 发稿时间 …)."""
    return label in DATE_FIELDS or bool(_DATE_LIKE_LABEL.search(label))


def _publication_date(raw: dict[str, str]) -> str:
    for label in (*SYNONYMS["发布日期"], *LATER_DATE_LABELS):
        if raw.get(label) and (found := find_iso_date(raw[label])):
            return found
    for label, value in raw.items():  # 时间发布:, 发稿时间: … (not 成文日期, 答复日期 …)
        date_label = _DATE_LIKE_LABEL.search(label) and not _NOT_PUBLICATION.search(label)
        if date_label and (found := find_iso_date(value)):
            return found
    return ""


def five_keys(raw: dict[str, str], meta_date: str | None = None, *, near_date: str = "",
              meta_source: str = "") -> dict[str, str]:
    """The five FORMAT.md keys from raw labels (first non-empty synonym wins).

    ``near_date``: an unlabelled date beside the title, used before ``meta_date`` (the
    ``PubDate`` meta, often a regeneration time). ``meta_source``: the ``ContentSource``
    meta, used when the page shows a 来源 label with no value (a script fills it), and to
    complete a value the page cut with an ellipsis when the meta starts with what it shows."""
    out = {}
    for key, synonyms in SYNONYMS.items():
        present = [raw[s] for s in synonyms if s in raw]
        out[key] = _clean_value(key, next((v for v in present if v.strip()), ""))
    out["发布机构"] = complete_truncated(clean_name_value(out["发布机构"]), meta_source)
    if not _HAS_NUMBER.search(out["文号"]):
        out["文号"] = ""  # a template's empty 〔〕号, or a name picked up by mistake
    if not out["发布机构"] and meta_source and any(label in raw for label in _SOURCE_LABELS):
        out["发布机构"] = meta_source
    out["发布日期"] = (_publication_date(raw) or find_iso_date(near_date)
                   or find_iso_date(meta_date) or "")
    return out


def normalise_fields(raw: dict[str, str]) -> dict[str, str]:
    """Every raw field with dates made ISO (the sidecar's extra fields)."""
    return {label: _clean_value(label, value) for label, value in raw.items()}
