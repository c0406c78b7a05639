"""HTML side: parse (huge trees too), the tree steps, and turning a subtree into lines.

Rendering is one iterative walk (no recursion, so a page nested thousands deep renders):
one line per block element, ``<br>`` a line break, a data table row one line with its
cells separated by ``CELL_SEP``. :mod:`cleaners.pagetext` runs the same walk once over a
whole page and keeps, besides the lines, the owner of every text piece and the span of
every element, so that the body, the page around it and any selector match are slices.
"""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

from .chars import CELL_SEP
from .steps import StepContext

__all__ = [
    "BLOCK_TAGS",
    "SKIP_TAGS",
    "WALK_EVENTS",
    "drop_invisible",
    "element_text",
    "inline_script_writes",
    "is_data_row",
    "is_invisible",
    "linearise",
    "parse_html",
    "parse_html_flattened",
    "render_row",
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
CELLS = frozenset({"td", "th"})
WALK_EVENTS = ("start", "end", "comment", "pi")  # comments are walked for their tails

_HIDDEN_STYLE = re.compile(
    r"display\s*:\s*none|visibility\s*:\s*hidden|font-size\s*:\s*0+(?:\.0+)?(?:px|pt|em|rem|%)?\s*(?:;|!|$)"
    r"|(?:left|top|text-indent|margin-left)\s*:\s*-\d{3,}(?:\.\d+)?(?:px|pt|em)"
    r"|(?:^|;)\s*(?:width|height)\s*:\s*0+(?:px)?\s*;(?=.*overflow\s*:\s*hidden)",
    re.I,
)
# re.I is plain case folding on text without the four characters that fold to an ASCII
# letter (İ ı ſ K): there the same pattern, case-sensitive, on the lowered text is faster
# (the pattern's letters are all lower case).
_HIDDEN_FOLDED = re.compile(_HIDDEN_STYLE.pattern)
_FOLDS_TO_ASCII = re.compile("[\u0130\u0131\u017f\u212a]")


def _class_lookup() -> etree.ElementNamespaceClassLookup:
    """lxml.html's element classes (``FormElement`` for <form> …, ``HtmlElement`` else),
    chosen in C: lxml.html's own lookup is a Python call for every element proxy made,
    ours and trafilatura's (it works on a copy of this tree, which keeps the lookup)."""
    fallback = etree.ElementDefaultClassLookup(
        element=lxml.html.HtmlElement, comment=lxml.html.HtmlComment,
        pi=lxml.html.HtmlProcessingInstruction, entity=lxml.html.HtmlEntity)
    lookup = etree.ElementNamespaceClassLookup(fallback)
    lookup.get_namespace(None).update(lxml.html.HtmlElementClassLookup._default_element_classes)
    return lookup


def _html_parser(**options) -> lxml.html.HTMLParser:
    parser = lxml.html.HTMLParser(huge_tree=True, collect_ids=False, default_doctype=False,
                                  remove_comments=True, remove_pis=True,  # as trafilatura
                                  **options)
    parser.set_element_class_lookup(_class_lookup())
    return parser


_PARSER = _html_parser(encoding="utf-8")  # the text is handed over as UTF-8 bytes
_STR_PARSER = _html_parser()
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")


# Markup nested deeper than libxml2 follows (2048 levels even with huge_tree: Word-pasted
# pages with thousands of unclosed <font>) is flattened: inline tags first, then all but a
# few line-making ones turned into line breaks.
_INLINE_TAGS = re.compile(
    r"</?(?:font|span|b|i|u|em|strong|a|small|big|sup|sub|o:p|st1:\w+)\b[^>]*>", re.I)
_OTHER_TAGS = re.compile(r"</?(?!(?:br|p|title|meta|h[1-6])\b)[a-z][^>]*>", re.I)


def _too_deep(parser: lxml.html.HTMLParser) -> bool:
    return any("Excessive depth" in e.message for e in parser.error_log)


def parse_html(text: str) -> lxml.html.HtmlElement:
    """Parse a decoded page (``huge_tree``: text nodes over 10 MB are kept; markup nested
    too deep is flattened first); ``ValueError`` when there is nothing to parse."""
    return parse_html_flattened(text)[0]


def _parse(text: str) -> tuple[lxml.html.HtmlElement, bool]:
    """The same tree as parsing the ``str`` (libxml2 reads UTF-8 bytes faster), and
    whether the markup was nested too deep for it."""
    try:
        data, parser = text.encode("utf-8"), _PARSER
    except UnicodeEncodeError:  # lone surrogates: only a str parse takes them
        data, parser = text, _STR_PARSER
    root = lxml.html.document_fromstring(data, parser=parser)
    return root, _too_deep(parser)


def parse_html_flattened(text: str) -> tuple[lxml.html.HtmlElement, bool]:
    """``parse_html``, and whether the markup had to be flattened (tags dropped)."""
    if not text.strip():
        raise ValueError("empty document")
    text = _XML_DECL.sub("", text[:512]) + text[512:]  # lxml refuses str with a declaration
    try:
        root, deep = _parse(text)
        flattened = False
        for flatten in (lambda t: _INLINE_TAGS.sub("", t), lambda t: _OTHER_TAGS.sub("<br>", t)):
            if not deep:
                break
            text = flatten(text)
            flattened = True
            root, deep = _parse(text)
        return root, flattened
    except etree.ParserError as exc:
        raise ValueError(f"unparsable HTML: {exc}") from exc


def is_invisible(el: etree._Element) -> bool:
    """True when inline style or the ``hidden`` attribute keeps ``el`` off screen."""
    if el.get("hidden") is not None:
        return True
    style = el.get("style")
    if not style:
        return False
    if style.isascii() or _FOLDS_TO_ASCII.search(style) is None:
        return _HIDDEN_FOLDED.search(style.lower()) is not None
    return _HIDDEN_STYLE.search(style) is not None


_STYLED = etree.XPath("//*[@hidden or @style]")


def drop_invisible(tree: etree._Element, ctx: StepContext | None = None) -> etree._Element:
    """Remove elements hidden by inline CSS or ``hidden`` (injected links, off-screen spam)."""
    dropped: set[etree._Element] = set()
    for el in _STYLED(tree):
        if el.tag in ("html", "body") or el.getparent() is None or not is_invisible(el):
            continue
        if any(a in dropped for a in el.iterancestors()):
            continue
        if ctx is not None and el.tag not in SKIP_TAGS:
            text = " ".join(etree.tostring(el, method="text", encoding="unicode",
                                           with_tail=False).split())  # for audit: C-level
            if text:
                ctx.removed.append(text)
        dropped.add(el)
        el.drop_tree()
    return tree


_WRITES = etree.XPath("/descendant::script[contains(., 'document.write')]")  # = //script
_WRITE_CALL = re.compile(
    r"document\.write(?:ln)?\(\s*(?P<arg>\"[^\"]*\"|'[^']*'|[A-Za-z_$][\w$]*)\s*\)")
_TAG = re.compile(r"<[^<>]*>")
MAX_WRITTEN = 60


def _written_text(script: str) -> str:
    """The text the script's first resolvable ``document.write`` prints, or ''."""
    for call in _WRITE_CALL.finditer(script):
        arg = call.group("arg")
        if arg[0] in "\"'":
            value = _TAG.sub("", arg[1:-1])  # markup written with the text: its text
        else:
            var = re.search(rf"\b{re.escape(arg)}\s*=\s*([\"'])([^\"'<]*)\1", script)
            value = var.group(2) if var else ""
        value = value.strip()
        if value and len(value) <= MAX_WRITTEN and not re.search(r"[<>{};=]", value):
            return value
    return ""


def inline_script_writes(tree: etree._Element, ctx: StepContext | None = None) -> etree._Element:
    """Replace a script that ``document.write``s a constant string by that string, as a
    browser shows it (来源: <script>document.write(csource)</script>)."""
    for script in _WRITES(tree):
        value = _written_text(script.text or "")
        parent = script.getparent()
        if not value or parent is None:
            continue
        added = value + (script.tail or "")
        prev = script.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + added
        else:
            parent.text = (parent.text or "") + added
        parent.remove(script)
        if ctx is not None:
            ctx.changes += 1
    return tree


def inline(text: str, tag: str) -> str:
    """Source line breaks are white space in HTML (except in <pre>)."""
    if tag == "pre" or ("\n" not in text and "\r" not in text):
        return text
    return text.replace("\r", " ").replace("\n", " ")


def is_data_row(tr: etree._Element) -> bool:
    """A table row whose cells are data (two or more with text, no nested table)."""
    filled = sum(1 for cell in tr
                 if cell.tag in CELLS and ((cell.text or "").strip()
                                           or "".join(cell.itertext()).strip()))
    return filled >= 2 and not any(True for _ in tr.iter("table"))


def render_row(tr: etree._Element) -> str:
    """One data row as one line: cells (and lines inside a cell) separated by CELL_SEP."""
    cells = []
    for cell in tr:
        if cell.tag not in CELLS:
            continue
        out = [inline(cell.text, "")] if cell.text else []
        for child in cell:
            _render_into(child, out, in_cell=True, with_tail=True)
        text = re.sub(r"[^\S\t]+", " ", "".join(out).replace("\n", CELL_SEP))
        text = re.sub(r" ?\t[\t ]*", CELL_SEP, text).strip(f" {CELL_SEP}")
        if text.strip(CELL_SEP + " "):
            cells.append(text)
    return CELL_SEP.join(cells)


def _render_into(root: etree._Element, out: list[str], in_cell: bool, with_tail: bool,
                 skip: etree._Element | None = None) -> None:
    """Append the rendering of ``root`` to ``out`` (iterative walk)."""
    brk = CELL_SEP if in_cell else "\n"
    walker = etree.iterwalk(root, events=WALK_EVENTS)
    blocks: list[bool] = []
    for event, el in walker:
        tag = el.tag if isinstance(el.tag, str) else ""
        if event in ("comment", "pi"):
            if el.tail:
                out.append(inline(el.tail, ""))
        elif event == "start":
            if el is skip:
                out.append("\n")
                walker.skip_subtree()
                blocks.append(False)
                continue
            if not tag or tag in SKIP_TAGS:
                walker.skip_subtree()
                blocks.append(False)
                continue
            if tag == "br":
                out.append(" " if in_cell else "\n")
                blocks.append(False)
                continue
            if tag == "tr" and not in_cell and is_data_row(el):
                out.append("\n" + render_row(el) + "\n")
                walker.skip_subtree()
                blocks.append(False)
                continue
            block = tag in BLOCK_TAGS or (tag in CELLS and not in_cell)
            blocks.append(block)
            if block:
                out.append(brk)
            if el.text:
                out.append(inline(el.text, tag))
        else:
            if blocks.pop():
                out.append(brk)
            if el.tail and (el is not root or with_tail):
                out.append(inline(el.tail, ""))


def linearise(el: etree._Element, skip: etree._Element | None = None) -> str:
    """The text of ``el``: one line per block element, one line per table row.

    ``skip`` is left out (a line break in its place).
    """
    out: list[str] = []
    _render_into(el, out, in_cell=False, with_tail=False, skip=skip)
    return "".join(out)


def element_text(el: etree._Element) -> str:
    """Plain text of ``el`` (skipping scripts and styles), white space collapsed."""
    return re.sub(r"\s+", " ", linearise(el)).strip()
