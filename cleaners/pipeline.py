"""The one entry point: raw response in, FORMAT.md document and sidecar out."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence
from typing import Any

from lxml import etree

from archive.charset import decode_html

from .attachments_box import DOC_EXTENSIONS, attachment_names
from .boilerplate import is_frame
from .chinese import convert_t2s
from .document import AttachmentText, CleanedDocument, PortalHints
from .html import linearise, parse_html
from .kind import decide_kind
from .locate import locate_body
from .metadata import (
    FIVE_KEYS,
    document_number,
    five_keys,
    label_pairs,
    normalise_fields,
    proposal_facts,
)
from .normalise import collapse_whitespace, fold_width, join_cells
from .registry import CLEANER_VERSION, RULES, STEPS, TEXT_STEPS, TREE_STEPS
from .steps import StepContext
from .title import meta_content, page_title

__all__ = ["clean_page"]

# Site-wide labels found around the body that are no document metadata.
_SITE_LABELS = frozenset({"热门搜索", "历史搜索", "当前位置", "主办单位", "承办单位", "协办单位",
                          "技术支持", "网站标识码", "版权所有", "联系电话", "电话", "地址", "邮编",
                          "传真", "邮箱", "网站地图"})
_COLUMN_METAS = ("ColumnName", "ColumnType", "lanmu", "column")
_DATE_METAS = ("PubDate", "publishdate", "pubdate", "article:published_time", "firstpublishedtime",
               "dc.date")


_READABLE = re.compile(r"[\w\u4e00-\u9fff]{2,}")


_CONTROL_BYTES = bytes(b for b in range(32) if b not in b"\t\n\r\f\x1b")


def _looks_binary(body: bytes) -> bool:
    """True when control bytes (NUL …) make up a noticeable share of a page without BOM."""
    if body.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False  # UTF-16 text has NUL bytes by design
    sample = body[:8192]
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return controls > max(2, len(sample) // 100) or (controls > 0 and len(sample) < 64)


def _has_text(root) -> bool:
    """True when the page has at least some words (not binary junk or an empty shell)."""
    body = root.find("body")
    text = etree.tostring(body if body is not None else root, method="text", encoding="unicode")
    readable = sum(len(m) for m in _READABLE.findall(text))
    junk = sum(1 for ch in text if ch == "\ufffd" or (ord(ch) < 32 and ch not in "\t\n\r"))
    return readable >= 2 and junk <= readable


def _header(headers: Mapping[str, str] | None, name: str) -> str | None:
    for key, value in (headers or {}).items():
        if key.lower() == name:
            return value
    return None


def _fields_text(text: str, traditional: bool) -> str:
    """Normalise a title or metadata text like the body (width, spaces, t2s)."""
    text = join_cells(fold_width(collapse_whitespace(text)))
    return convert_t2s(text) if traditional else text


def _run_text_steps(text: str, ctx: StepContext, changed: list[str]) -> str:
    for step in TEXT_STEPS:
        new = step(text, ctx)
        if new != text and step.name not in changed:
            changed.append(step.name)
        text = new
    return text


def _select(root, selector: str | None):
    if not selector:
        return None
    try:
        found = root.cssselect(selector)
    except Exception:
        return None
    return found[0] if found else None


def _body_only_files(lines: list[str]) -> bool:
    ext = tuple(f".{e}" for e in DOC_EXTENSIONS)
    return bool(lines) and all(line.lower().endswith(ext) for line in lines)


def _attachment_entries(attachments: Sequence[AttachmentText]) -> list[dict[str, Any]]:
    return [
        {"url": a.url, "filename": a.filename, "type": a.type, "chars": len(a.text),
         "needs_ocr": a.needs_ocr, "error": a.error}
        for a in attachments
    ]


def clean_page(
    body: bytes,
    url: str,
    headers: Mapping[str, str] | None = None,
    *,
    portal: PortalHints | None = None,
    attachments: Sequence[AttachmentText] = (),
) -> CleanedDocument:
    """Clean one fetched page. Raises ``ValueError`` for empty or unreadable input."""
    if not body or not body.strip():
        raise ValueError("empty input")
    if _looks_binary(body):
        raise ValueError("binary data, not a text page")
    decoded = decode_html(body, _header(headers, "content-type"))
    root = parse_html(decoded)
    if not _has_text(root):
        raise ValueError("no readable text in document")
    ctx = StepContext()
    changed: list[str] = []
    for step in TREE_STEPS:
        before = len(ctx.removed)
        root = step(root, ctx)
        if len(ctx.removed) > before:
            changed.append(step.name)

    located = locate_body(root, portal.container if portal else None, url)
    raw_body = linearise(located.element)
    body_flat = raw_body.replace(" ", "")
    extra = [n for n in attachment_names(located.element) if n.replace(" ", "") not in body_flat]
    if extra:
        raw_body += "\n" + "\n".join(extra)

    title_el = _select(root, portal.title if portal else None)
    raw_title = linearise(title_el) if title_el is not None else page_title(root)
    ctx.title = _fields_text(raw_title, traditional=False)
    text = _run_text_steps(raw_body, ctx, changed)
    traditional = "to_simplified" in changed
    title = _fields_text(raw_title, traditional)

    meta_el = _select(root, portal.metadata if portal else None)
    around = linearise(meta_el) if meta_el is not None else linearise(root, skip=located.element)
    meta_lines = fold_width(collapse_whitespace(around)).split("\n")
    if traditional:
        meta_lines = [convert_t2s(line) for line in meta_lines]
    pairs = label_pairs(line for line in meta_lines if not is_frame(line))
    raw = {label: value for label, value in pairs.items() if label not in _SITE_LABELS}
    meta_date = meta_content(root, *_DATE_METAS)
    keys = five_keys(raw, meta_date)
    body_lines = text.split("\n") if text else []
    if not title and body_lines:
        title = body_lines.pop(0)  # no title anywhere: the first paragraph stands for it
    if not keys["文号"]:
        keys["文号"] = document_number(body_lines)

    attached_text = []
    for attachment in attachments:
        if attachment.text.strip():
            actx = StepContext()
            part = _run_text_steps(attachment.text, actx, [])
            attached_text.extend(line for line in part.split("\n") if line)
    column = meta_content(root, *_COLUMN_METAS)
    kind = decide_kind(title, "\n".join(body_lines + attached_text), column,
                       portal.kind if portal else None)

    lines = [kind, *(f"- {k}:" + (f" {keys[k]}" if keys[k] else "") for k in FIVE_KEYS), title]
    lines += body_lines + attached_text
    doc_text = "\n".join(line for line in lines if line.strip() or line is kind)

    metadata: dict[str, Any] = dict(keys)
    for label, value in normalise_fields(raw).items():
        metadata.setdefault(label, value)
    metadata["raw"] = raw
    sidecar: dict[str, Any] = {
        "kind": kind,
        "title": title,
        "metadata": metadata,
        "text_sha1": hashlib.sha1(doc_text.encode("utf-8")).hexdigest(),
        "cleaner_version": CLEANER_VERSION,
        "steps": changed,
        "step_versions": {s.name: s.version for s in STEPS},
        "rule_versions": dict(RULES),
        "converted_t2s": traditional,
        "removed": [_fields_text(r, traditional) for r in ctx.removed],
        "encoding": decoded.encoding,
        "encoding_source": decoded.source,
        "extractor": located.method,
        "attachments": _attachment_entries(attachments),
    }
    sidecar.update(proposal_facts(title, body_lines))
    if any(a.needs_ocr for a in attachments) and (not body_lines or _body_only_files(body_lines)):
        sidecar["needs_ocr"] = True
    return CleanedDocument(text=doc_text, sidecar=sidecar)
