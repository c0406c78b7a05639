"""The metadata stage: which lines of the page hold the 信息公开 fields, and their values.

Sources, in order (the first occurrence of a label wins):

* the portal hint's ``metadata`` selector: every match, in document order;
* otherwise the page around the body: the lines before it, the info lines the text steps
  took out of the body's top (``StepContext.info``), the lines after it;
* an unlabelled date on its own line just before the body (``2020年09月15日 09时32分``
  under the title; not the value of a date label on the line above), or after a name
  value on an info line (``来源:某中心 2022-11-14 14:59``), used before the ``PubDate``
  meta, which is often a regeneration time;
* the ``ContentSource`` meta, only when the page shows an empty 来源 label, or a value it
  cut with an ellipsis that the meta starts with (``中华人民共和国教育…``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from lxml import etree

from .boilerplate import is_frame
from .chinese import convert_t2s
from .dates import parse_date
from .document import PortalHints
from .facts import document_number
from .labels import ANY_KNOWN_LABEL, KNOWN_LABELS
from .locate import Located
from .metadata import FIVE_KEYS, five_keys, is_date_label, label_pairs, normalise_fields
from .normalise import collapse_whitespace, fold_width, join_cells
from .selectors import select_all
from .steps import StepContext
from .title import meta_content

__all__ = ["PageFields", "fields_text", "read_fields"]

# Site-wide labels found around the body that are no document metadata.
_SITE_LABELS = frozenset({"热门搜索", "历史搜索", "当前位置", "主办单位", "承办单位", "协办单位",
                          "技术支持", "网站标识码", "版权所有", "联系电话", "电话", "地址", "邮编",
                          "传真", "邮箱", "网站地图", "运行维护单位", "运行维护", "主办",
                          "政务服务热线"})
_DATE_METAS = ("PubDate", "publishdate", "pubdate", "article:published_time", "firstpublishedtime",
               "dc.date")
_SOURCE_METAS = ("ContentSource", "source", "contentsource")
NEAR_LINES = 12  # lines before the body searched for an unlabelled date
# The page around the body read for labels: the 信息公开 block and info lines sit next to
# the body; menus and footers further off hold none (and cost time on big pages).
LINES_BEFORE, LINES_AFTER = 60, 40
# Where labels begin after a date: at a space before a label, or right after the date at a
# known label (``2021年06月10日来源:某局``: no space is left between two CJK characters).
_LABELS_AFTER = re.compile(
    r"\s(?=[\u4e00-\u9fff]{2,6}\s*:)|(?<=[\d日分秒])(?=(?:" + ANY_KNOWN_LABEL + r")\s*:)")
# An info line whose name value is followed by an unlabelled date (来源:某中心 2022-11-14 …).
_NAMED_THEN_DATE = re.compile(
    r"^(?:来源|信息来源|文章来源|作者|编辑|供稿)\s*:\s*[^\d:]{1,30}?\s+"
    r"(?P<date>(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?)")


@dataclass
class PageFields:
    """The five keys and every raw label of one page."""

    keys: dict[str, str]
    raw: dict[str, str]

    def fill_document_number(self, body_lines: list[str]) -> None:
        """A document number at the top of the body fills an empty 文号."""
        if not self.keys["文号"]:
            self.keys["文号"] = document_number(body_lines)

    def sidecar(self) -> dict[str, Any]:
        metadata: dict[str, Any] = dict(self.keys)
        for label, value in normalise_fields(self.raw).items():
            metadata.setdefault(label, value)
        metadata["raw"] = self.raw
        return metadata


def fields_text(text: str, traditional: bool) -> str:
    """Normalise a title or metadata text like the body (width, spaces, t2s)."""
    text = join_cells(fold_width(collapse_whitespace(text)))
    return convert_t2s(text) if traditional else text


def _lines(text: str, traditional: bool) -> list[str]:
    lines = fold_width(collapse_whitespace(text)).split("\n")
    return [convert_t2s(line) for line in lines] if traditional else lines


def _last_lines(text: str, count: int) -> str:
    """The last ``count`` non-blank lines of ``text`` (rendered text has many blank ones)."""
    end, found = len(text), 0
    while found < count and end > 0:
        start = text.rfind("\n", 0, end - 1)
        if text[start + 1:end].strip():
            found += 1
        end = start + 1 if start >= 0 else 0
    return text[end:]


def _first_lines(text: str, count: int) -> str:
    """The first ``count`` non-blank lines of ``text``."""
    start, found = 0, 0
    while found < count and start < len(text):
        end = text.find("\n", start + 1)
        end = len(text) if end < 0 else end
        if text[start:end].strip():
            found += 1
        start = end
    return text[:start]


def _near_date(before: list[str], title: str = "") -> str:
    """The last line among those just before the body that is only a date (and time),
    and not the value of a label on the line above (``发文日期:`` / ``2023-04-18``); labels
    after the date, and the title before it, may share its line."""
    for i in range(len(before) - 1, max(-1, len(before) - 1 - NEAR_LINES), -1):
        line = _LABELS_AFTER.split(before[i], maxsplit=1)[0]  # 2024-03-03 15:54 来源:…
        if title and line.replace(" ", "").startswith(title):
            line = line.replace(" ", "")[len(title):]
        if len(line) <= 24 and (day := parse_date(line)) is not None:
            above = before[i - 1].rstrip() if i else ""
            label = above[:-1] if above.endswith(":") else above if above in KNOWN_LABELS else ""
            if not (label and is_date_label(label)):
                return day.isoformat()
        if (named := _NAMED_THEN_DATE.match(before[i])) and (
                day := parse_date(named.group("date"))) is not None:
            return day.isoformat()
    return ""


def _hinted_lines(located: Located, selector: str) -> list[str] | None:
    matches = select_all(located.page.root, selector)
    if not matches:
        return None
    return ["\n".join(located.page.lines_of(el) for el in matches)]


def read_fields(located: Located, portal: PortalHints | None, ctx: StepContext,
                traditional: bool, twin: etree._Element | None = None) -> PageFields:
    """The metadata of the page whose body ``located`` found."""
    root = located.page.root
    hinted = _hinted_lines(located, portal.metadata) if portal and portal.metadata else None
    if hinted is not None:
        before = _lines(hinted[0], traditional) + ctx.info
        after: list[str] = []
    else:
        head, tail = located.page.before_and_after(located.element)
        before = _lines(_last_lines(head, LINES_BEFORE), traditional) + ctx.info
        after = _lines(_first_lines(tail, LINES_AFTER), traditional)
    pairs = label_pairs(line for line in before + after if not is_frame(line))
    raw = {label: value for label, value in pairs.items() if label not in _SITE_LABELS}
    near = _near_date(before, ctx.title.replace(" ", ""))
    keys = five_keys(raw, meta_content(root, *_DATE_METAS), near_date=near,
                     meta_source=fields_text(meta_content(root, *_SOURCE_METAS), traditional))
    return PageFields({k: keys[k] for k in FIVE_KEYS}, raw)
