"""Text of reply-page attachments: the PDF text layer (pypdf) and DOCX (python-docx).

WPS, DOC, OFD, XLS and XLSX files are recognised but not read: no extractor for them is
installed, and the result says so in ``error``. Nothing here raises on bad input.
"""

from __future__ import annotations

import io
import logging
import posixpath
import re
import warnings
import zipfile
from urllib.parse import unquote, urlsplit

from cleaners.document import AttachmentText
from cleaners.filetypes import (
    ATTACHMENT_TYPES,
    CONTENT_TYPES,
    OLE2_MAGIC,
    OLE2_TYPES,
    PDF_MAGIC,
    ZIP_MAGIC,
)

__all__ = ["detect_type", "extract_attachment_text"]

def _filename(url: str) -> str:
    return unquote(posixpath.basename(urlsplit(url).path))


def _zip_type(body: bytes) -> str | None:
    """docx / xlsx / ofd from the names inside a ZIP container."""
    try:
        with zipfile.ZipFile(io.BytesIO(body)) as zf:
            names = set(zf.namelist())
    except (zipfile.BadZipFile, ValueError, OSError):
        return None
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "OFD.xml" in names:
        return "ofd"
    return None


def detect_type(body: bytes, url: str, content_type: str | None = None) -> str:
    """The attachment type: magic bytes first, then Content-Type, then the URL extension."""
    ext = posixpath.splitext(_filename(url))[1].lstrip(".").lower()
    if body.lstrip()[: len(PDF_MAGIC)] == PDF_MAGIC:
        return "pdf"
    if body[: len(ZIP_MAGIC)] == ZIP_MAGIC:
        found = _zip_type(body)
        if found:
            return found
    if body[: len(OLE2_MAGIC)] == OLE2_MAGIC and ext in OLE2_TYPES:
        return ext
    mime = (content_type or "").split(";")[0].strip().lower()
    if mime in CONTENT_TYPES:
        return CONTENT_TYPES[mime]
    return ext if ext in ATTACHMENT_TYPES else (ext or "unknown")


def extract_attachment_text(
    body: bytes, url: str, content_type: str | None = None
) -> AttachmentText:
    """Text of one attachment; ``needs_ocr`` for a PDF without a text layer."""
    kind = detect_type(body, url, content_type)
    name = _filename(url)
    if not body:
        return AttachmentText(url, name, kind, error="empty body")
    reader = {"pdf": _pdf_text, "docx": _docx_text}.get(kind)
    if reader is None:
        return AttachmentText(url, name, kind, error=f"no text extractor for {kind} files")
    try:
        text, needs_ocr = reader(body)
    except Exception as exc:  # corrupt or hostile files: report, never raise
        return AttachmentText(url, name, kind, error=f"cannot read {kind}: {exc!r}"[:300])
    return AttachmentText(url, name, kind, text=text, needs_ocr=needs_ocr)


def _lines(chunks: list[str]) -> str:
    """One paragraph per line; whitespace runs collapsed, blank lines dropped."""
    out = []
    for chunk in chunks:
        for line in chunk.splitlines():
            line = re.sub(r"[ \t\u3000\xa0]+", " ", line).strip()
            if line:
                out.append(line)
    return "\n".join(out)


def _pdf_text(body: bytes) -> tuple[str, bool]:
    from pypdf import PdfReader

    pypdf_log = logging.getLogger("pypdf")
    level = pypdf_log.level
    pypdf_log.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(io.BytesIO(body), strict=False)
            if reader.is_encrypted:
                reader.decrypt("")
            pages = [page.extract_text() or "" for page in reader.pages]
    finally:
        pypdf_log.setLevel(level)
    text = _lines(pages)
    return text, bool(pages) and not text


def _docx_text(body: bytes) -> tuple[str, bool]:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = docx.Document(io.BytesIO(body))
    chunks: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            chunks.append(block.text)
        elif isinstance(block, Table):
            chunks.extend(_table_rows(block))
    return _lines(chunks), False


def _table_rows(table) -> list[str]:
    """One line per row, cells joined by a space (merged cells once)."""
    rows = []
    for row in table.rows:
        cells: list[str] = []
        for cell in row.cells:
            text = " ".join(p.text.strip() for p in cell.paragraphs if p.text.strip())
            if text and (not cells or cells[-1] != text):
                cells.append(text)
        rows.append(" ".join(cells))
    return rows
