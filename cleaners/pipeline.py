"""The one entry point: raw response in, FORMAT.md document and sidecar out.

:func:`clean_page` runs named stages in order, each a small function:

1. ``read`` (:func:`cleaners.page.parse_page`): check, decode, parse (or take a parsed page);
2. ``tree steps``: the registered ``tree -> tree`` steps (:data:`cleaners.registry.STEPS`);
3. ``locate`` (:func:`cleaners.locate.locate_body`): the body-location cascade, whose
   winning stage goes to the sidecar's ``extractor``; then a second copy of the article;
4. ``body``: the body steps (on the body element), the body's lines and the attachment
   names beside it;
5. ``title``: the hint's title selector (every match), else metadata, heading, <title>;
6. ``text steps``: the registered ``str -> str`` steps;
7. ``metadata`` (:mod:`cleaners.fields`): labels around the body, the five keys;
8. ``kind`` and ``assemble``: the kind line, the text file and the sidecar.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from typing import Any

from lxml import etree

from .attachments_box import DOC_EXTENSIONS, attachment_names
from .boilerplate import is_government
from .document import AttachmentText, CleanedDocument, PortalHints
from .facts import proposal_facts
from .fields import PageFields, fields_text, read_fields
from .html import linearise
from .kind import decide_kind
from .locate import Located, locate_body
from .page import ParsedPage, has_text, parse_page
from .pagetext import PageText
from .registry import BODY_STEPS, CLEANER_VERSION, RULES, STEPS, TEXT_STEPS, TREE_STEPS
from .selectors import select_all
from .steps import StepContext
from .title import article_title, meta_content, subtitle
from .twins import find_twin, hidden_copy

__all__ = ["clean_page"]

_COLUMN_METAS = ("ColumnName", "ColumnType", "lanmu", "column")


def _tree_steps(root: etree._Element, ctx: StepContext, steps=TREE_STEPS) -> list[str]:
    changed = []
    for step in steps:
        before = (len(ctx.removed), ctx.changes)
        step(root, ctx)
        if (len(ctx.removed), ctx.changes) != before:
            changed.append(step.name)
    return changed


def _text_steps(text: str, ctx: StepContext, changed: list[str]) -> str:
    for step in TEXT_STEPS:
        new = step(text, ctx)
        if new != text and step.name not in changed:
            changed.append(step.name)
        text = new
    return text


def _locate(root: etree._Element, portal: PortalHints | None, url: str) -> Located:
    page = PageText(root)
    if not has_text(page.text):
        raise ValueError("no readable text in document")
    return locate_body(root, portal.container if portal else None, url, page)


def _body(located: Located, rerender: bool = False, title: str = "") -> str:
    """The body's lines (rendered again when a body step changed it) after a subtitle
    printed outside it, plus attachment links beside it (the 附件 box) not in it."""
    render = linearise if rerender else located.page.lines_of
    raw = "\n".join(render(el) for el in located.elements)
    if title and (sub := subtitle(located.page, located.element, title)):
        raw = f"{sub}\n{raw}"
    flat = raw.replace(" ", "")
    extra = [n for n in attachment_names(located.element) if n.replace(" ", "") not in flat]
    return raw + "\n" + "\n".join(extra) if extra else raw


def _raw_title(located: Located, portal: PortalHints | None) -> str:
    """Every match of the hint's title selector (distinct texts), else the page's title."""
    if portal and portal.title:
        texts: list[str] = []
        for el in select_all(located.page.root, portal.title):
            text = " ".join(located.page.lines_of(el).split())
            if text and text not in texts:
                texts.append(text)
        if texts:
            return " ".join(texts)
    return article_title(located.page, located.element)


def _attachment_lines(attachments: Sequence[AttachmentText]) -> list[str]:
    lines: list[str] = []
    for attachment in attachments:
        if attachment.text.strip():
            part = _text_steps(attachment.text, StepContext(), [])
            lines.extend(line for line in part.split("\n") if line)
    return lines


def _body_only_files(lines: list[str]) -> bool:
    ext = tuple(f".{e}" for e in DOC_EXTENSIONS)
    return bool(lines) and all(line.lower().endswith(ext) for line in lines)


def _attachment_entries(attachments: Sequence[AttachmentText]) -> list[dict[str, Any]]:
    return [
        {"url": a.url, "filename": a.filename, "type": a.type, "chars": len(a.text),
         "needs_ocr": a.needs_ocr, "error": a.error}
        for a in attachments
    ]


def _assemble(kind: str, fields: PageFields, title: str, body_lines: list[str],
              attached: list[str]) -> str:
    keys = fields.keys
    lines = [kind, *(f"- {k}:" + (f" {keys[k]}" if keys[k] else "") for k in keys), title]
    lines += body_lines + attached
    return "\n".join(line for line in lines if line.strip() or line is kind)


def clean_page(
    body: bytes,
    url: str,
    headers: Mapping[str, str] | None = None,
    *,
    portal: PortalHints | None = None,
    attachments: Sequence[AttachmentText] = (),
    parsed: ParsedPage | None = None,
) -> CleanedDocument:
    """Clean one fetched page. Raises ``ValueError`` for empty or unreadable input.

    ``parsed``: the page already read by :func:`cleaners.parse_page` (its tree is modified).
    """
    page = parsed if parsed is not None else parse_page(body, headers)
    ctx = StepContext(url=url)
    changed = _tree_steps(page.root, ctx)
    located = _locate(page.root, portal, url)
    ctx.government = is_government(url, located.page.text)
    twin = find_twin(located.page, located.element)
    if twin is not None:
        ctx.twin = located.page.lines_of(twin)
    else:
        ctx.hidden = lambda: hidden_copy(page.root)
    body_changed = list(dict.fromkeys(name for el in located.elements
                                      for name in _tree_steps(el, ctx, BODY_STEPS)))
    changed += body_changed
    raw_title = _raw_title(located, portal)
    raw_body = _body(located, bool(body_changed), raw_title)
    ctx.title = fields_text(raw_title, traditional=False)
    text = _text_steps(raw_body, ctx, changed)
    traditional = "to_simplified" in changed
    title = fields_text(raw_title, traditional)
    fields = read_fields(located, portal, ctx, traditional, twin)
    body_lines = text.split("\n") if text else []
    if not title and body_lines:
        title = body_lines.pop(0)  # no title anywhere: the first paragraph stands for it
    fields.fill_document_number(body_lines)
    attached = _attachment_lines(attachments)
    column = meta_content(page.root, *_COLUMN_METAS)
    kind = decide_kind(title, "\n".join(body_lines + attached), column,
                       portal.kind if portal else None)
    doc_text = _assemble(kind, fields, title, body_lines, attached)
    sidecar: dict[str, Any] = {
        "kind": kind,
        "title": title,
        "metadata": fields.sidecar(),
        "text_sha1": hashlib.sha1(doc_text.encode("utf-8")).hexdigest(),
        "cleaner_version": CLEANER_VERSION,
        "steps": changed,
        "step_versions": {s.name: s.version for s in STEPS},
        "rule_versions": dict(RULES),
        "converted_t2s": traditional,
        "removed": [fields_text(r, traditional) for r in ctx.removed],
        "encoding": page.decoded.encoding,
        "encoding_source": page.decoded.source,
        "extractor": located.method,
        "second_copy": twin is not None,
        "attachments": _attachment_entries(attachments),
    }
    sidecar.update(proposal_facts(title, body_lines))
    if any(a.needs_ocr for a in attachments) and (not body_lines or _body_only_files(body_lines)):
        sidecar["needs_ocr"] = True
    return CleanedDocument(text=doc_text, sidecar=sidecar)
