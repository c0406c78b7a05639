"""Drop interactive widgets inside the body: a comment, vote or search box of form controls.

A body step: it runs on the located body element (a page-wide removal would change what
the body-location stages see).

A visible form control (a text field, a text area, a check box, a select) belongs to a
widget whose text is its labels and buttons (匿名评论:, 联系手机:, 验证码:, 提交留言 返回,
全部留言 / 评论 / 有用()). Climbing from the control, the widget is the largest ancestor
whose text stays short, holds no sentence punctuation and no metadata label; it goes
whole. An ancestor with prose (the article; an ASP.NET page wrapped in one <form>) or
with 来源/发布日期 … labels (an info table) is never reached, so no text of the document
goes with a widget.
"""

from __future__ import annotations

import re

from lxml import etree

from .labels import KNOWN_LABELS
from .steps import StepContext

__all__ = ["drop_form_widgets"]

MAX_WIDGET_TEXT = 300
_SENTENCE = re.compile(r"[。，；！？,;!?]")
_LABEL = re.compile("(?:" + "|".join(sorted(map(re.escape, KNOWN_LABELS), key=len, reverse=True))
                    + r")\s*[:：]")
_CONTROLS = etree.XPath(
    ".//textarea | .//select | .//input[not(@type) or @type='text' or @type='tel' or "
    "@type='email' or @type='number' or @type='search' or @type='password' or "
    "@type='checkbox' or @type='radio']")


def _short_text(el: etree._Element) -> str | None:
    """``el``'s text when it is at most ``MAX_WIDGET_TEXT`` characters, else None."""
    parts, size = [], 0
    for piece in el.itertext():
        size += len(piece.strip())
        if size > MAX_WIDGET_TEXT:
            return None
        parts.append(piece)
    return "".join(parts)


def _widget(control: etree._Element, body: etree._Element) -> etree._Element | None:
    """The largest ancestor of ``control`` inside ``body`` that is only a widget."""
    found = None
    for el in control.iterancestors():
        if el is body:
            break
        text = _short_text(el)
        if text is None or _SENTENCE.search(text) or _LABEL.search(text):
            break
        found = el
    return found


def drop_form_widgets(body: etree._Element, ctx: StepContext | None = None) -> etree._Element:
    """Remove the widgets around visible form controls inside the located ``body``
    (reported in ``ctx.removed``)."""
    widgets: list[etree._Element] = []
    for control in _CONTROLS(body):
        widget = _widget(control, body)
        if widget is not None and not any(w is widget or w in widget.iterancestors()
                                          for w in widgets):
            widgets = [w for w in widgets if widget not in w.iterancestors()]
            widgets.append(widget)
    for widget in widgets:
        if ctx is not None:
            text = " ".join("".join(widget.itertext()).split())
            if text:
                ctx.removed.append(text)
            else:
                ctx.changes += 1
        widget.drop_tree()
    return body
