"""HTML side: parse, drop invisible elements (a tree step), and turn a subtree into lines."""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

from .chars import CELL_SEP
from .steps import StepContext

__all__ = [
    "BLOCK_TAGS",
    "SKIP_TAGS",
    "drop_invisible",
    "element_text",
    "is_invisible",
    "linearise",
    "parse_html",
]

SKIP_TAGS = frozenset({
    "script", "style", "noscript", "template", "head", "title", "iframe", "select",
    "option", "button", "input", "textarea", "svg", "object", "embed", "canvas", "map",
    "audio", "video", "meta", "link",
})
BLOCK_TAGS = frozenset({
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd",
    "table", "tbody", "thead", "tfoot", "tr", "section", "article", "main", "aside",
    "header", "footer", "nav", "blockquote", "pre", "center", "form", "address", "hr",
    "figure", "figcaption", "caption", "fieldset", "legend", "body", "html",
})
_CELLS = ("td", "th")

_HIDDEN_STYLE = re.compile(
    r"display\s*:\s*none|visibility\s*:\s*hidden|font-size\s*:\s*0+(?:\.0+)?(?:px|pt|em|rem|%)?\s*(?:;|!|$)"
    r"|(?:left|top|text-indent|margin-left)\s*:\s*-\d{3,}(?:\.\d+)?(?:px|pt|em)"
    r"|(?:^|;)\s*(?:width|height)\s*:\s*0+(?:px)?\s*;(?=.*overflow\s*:\s*hidden)",
    re.I,
)


def parse_html(text: str) -> lxml.html.HtmlElement:
    """Parse a decoded page; raise ``ValueError`` when there is nothing to parse."""
    if not text.strip():
        raise ValueError("empty document")
    # lxml refuses str input that carries an XML encoding declaration
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
    try:
        return lxml.html.document_fromstring(text)
    except etree.ParserError as exc:
        raise ValueError(f"unparsable HTML: {exc}") from exc


def is_invisible(el: etree._Element) -> bool:
    """True when inline style or the ``hidden`` attribute keeps ``el`` off screen."""
    if el.get("hidden") is not None:
        return True
    style = el.get("style")
    return bool(style) and bool(_HIDDEN_STYLE.search(style))


def drop_invisible(tree: etree._Element, ctx: StepContext | None = None) -> etree._Element:
    """Remove elements hidden by inline CSS or ``hidden`` (injected links, off-screen spam)."""
    for el in [e for e in tree.iter() if isinstance(e.tag, str) and is_invisible(e)]:
        if el.getparent() is None or el.tag in ("html", "body"):
            continue
        text = element_text(el) if el.tag not in SKIP_TAGS else ""
        if text and ctx is not None:
            ctx.removed.append(text)
        el.drop_tree()
    return tree


def _render(
    el: etree._Element, out: list[str], in_cell: bool, skip: etree._Element | None = None
) -> None:
    tag = el.tag if isinstance(el.tag, str) else ""
    if el is skip:
        out.append("\n")
    elif tag and tag not in SKIP_TAGS:
        if tag == "br":
            out.append(" " if in_cell else "\n")
        elif tag == "tr" and not in_cell and _is_data_row(el):
            out.append("\n" + _render_row(el) + "\n")
        else:
            block = tag in BLOCK_TAGS or (tag in _CELLS and not in_cell)
            brk = CELL_SEP if in_cell else "\n"
            if block:
                out.append(brk)
            if el.text:
                out.append(_inline(el.text, tag))
            for child in el:
                _render(child, out, in_cell, skip)
            if block:
                out.append(brk)
    if el.tail:
        out.append(_inline(el.tail, ""))


def _inline(text: str, tag: str) -> str:
    """Source line breaks are white space in HTML (except in <pre>)."""
    return text.replace("\r", " ").replace("\n", " ") if tag != "pre" else text


def _is_data_row(tr: etree._Element) -> bool:
    """A table row whose cells are data (two or more with text, no nested table)."""
    cells = [c for c in tr if c.tag in _CELLS]
    filled = sum(1 for c in cells if "".join(c.itertext()).strip())
    return filled >= 2 and not any(True for _ in tr.iter("table"))


def _render_row(tr: etree._Element) -> str:
    cells = []
    for cell in tr:
        if cell.tag not in _CELLS:
            continue
        out: list[str] = []
        if cell.text:
            out.append(_inline(cell.text, ""))
        for child in cell:
            _render(child, out, in_cell=True)
        text = re.sub(r"[^\S\t]+", " ", "".join(out).replace("\n", CELL_SEP))
        text = re.sub(r" ?\t[\t ]*", CELL_SEP, text).strip(f" {CELL_SEP}")
        if text.strip(CELL_SEP + " "):
            cells.append(text)
    return CELL_SEP.join(cells)


def linearise(el: etree._Element, skip: etree._Element | None = None) -> str:
    """The text of ``el``: one line per block element, one line per table row.

    ``skip`` is left out (used to read the page around the body).
    """
    out: list[str] = []
    tail, el.tail = el.tail, None
    try:
        _render(el, out, in_cell=False, skip=skip)
    finally:
        el.tail = tail
    return "".join(out)


def element_text(el: etree._Element) -> str:
    """Plain text of ``el`` (skipping scripts and styles), white space collapsed."""
    return re.sub(r"\s+", " ", linearise(el)).strip()
