"""The one list of document file types: what counts as an attachment, and how to tell.

``DOC_EXTENSIONS`` is every extension a link to a document file may end in (the
附件 box lists them all); ``ATTACHMENT_TYPES`` are the ones the crawl fetches as a
reply's attachments (office and PDF documents, not archives or slides);
``TEXT_TYPES`` the ones whose text is taken; ``NON_PAGE_EXTENSIONS`` are the files a
link may point to that are no page at all (images, scripts, media, archives).
Type detection reads magic bytes first (``PDF_MAGIC``, ``ZIP_MAGIC``,
``OLE2_MAGIC``), then ``CONTENT_TYPES``.
"""

from __future__ import annotations

__all__ = [
    "ATTACHMENT_TYPES",
    "CONTENT_TYPES",
    "DOC_EXTENSIONS",
    "NON_PAGE_EXTENSIONS",
    "OLE2_MAGIC",
    "OLE2_TYPES",
    "PDF_MAGIC",
    "TEXT_TYPES",
    "ZIP_MAGIC",
]

ATTACHMENT_TYPES = frozenset({"pdf", "doc", "docx", "wps", "ofd", "xls", "xlsx", "et"})
DOC_EXTENSIONS = ("pdf", "doc", "docx", "wps", "xls", "xlsx", "et", "ofd", "zip", "rar", "txt",
                  "ppt", "pptx", "csv")
TEXT_TYPES = frozenset({"pdf", "docx"})
NON_PAGE_EXTENSIONS = ("jpg", "jpeg", "png", "gif", "bmp", "svg", "webp", "ico", "css", "js",
                       "mp4", "mp3", "avi", "flv", "swf", "zip", "rar", "7z", "exe", "apk")

CONTENT_TYPES = {
    "application/pdf": "pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/msword": "doc",
    "application/vnd.ms-works": "wps",
    "application/kswps": "wps",
    "application/wps-office.wps": "wps",
    "application/ofd": "ofd",
    "application/vnd.ms-excel": "xls",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
}
PDF_MAGIC = b"%PDF-"
ZIP_MAGIC = b"PK\x03\x04"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # DOC, XLS and WPS share this container
OLE2_TYPES = frozenset({"doc", "wps", "xls", "et"})
