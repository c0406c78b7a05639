"""Attachment text extraction on PDFs and DOCX files generated here, and on bad input."""

from __future__ import annotations

import io
import zlib

import docx
import pytest

from cleaners.attachments import detect_type, extract_attachment_text
from cleaners.document import AttachmentText

URL = "https://www.pingtan.gov.cn/zwgk/zdlyxxgk/yata/rdya/202502/W020250205324019734998.pdf"


def pdf(*page_streams: bytes, image: bool = False) -> bytes:
    """A minimal valid PDF, one page per content stream, with a correct xref table.

    With ``image`` every page also gets a 4x4 grey image XObject ``/Im1`` (a "scan").
    """
    n = len(page_streams)
    font = 3 + 2 * n
    resources = b"/XObject << /Im1 %d 0 R >>" % (font + 1) if image else b""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>"
        % (b" ".join(b"%d 0 R" % (3 + 2 * i) for i in range(n)), n),
    ]
    for i, stream in enumerate(page_streams):
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
            b"/Resources << /Font << /F1 %d 0 R >> %s >> >>" % (4 + 2 * i, font, resources)
        )
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    if image:
        pixels = zlib.compress(bytes(range(16)))
        objects.append(b"<< /Type /XObject /Subtype /Image /Width 4 /Height 4 "
                       b"/ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode "
                       b"/Length %d >>\nstream\n%s\nendstream" % (len(pixels), pixels))
    return serialize_pdf(objects)


def serialize_pdf(objects: list[bytes]) -> bytes:
    """A PDF file of ``objects`` (object 1 the catalog) with its xref table and trailer."""
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n"
              % (len(objects) + 1, xref))
    return out.getvalue()


def text_stream(*lines: str) -> bytes:
    ops = [b"BT /F1 12 Tf 72 770 Td 14 TL"]
    ops += [b"(%s) Tj T*" % line.encode("latin-1") for line in lines]
    return b"\n".join([*ops, b"ET"])


def image_stream() -> bytes:
    return b"q 500 0 0 700 40 60 cm /Im1 Do Q"


def make_docx() -> bytes:
    document = docx.Document()
    document.add_paragraph("关于加强社区治理的建议的答复")
    document.add_paragraph("")
    document.add_paragraph("王代表：  你提出的建议收悉。")
    table = document.add_table(rows=2, cols=3)
    for r, row in enumerate([("序号", "承办单位", "办理结果"), ("1", "市民政局", "A")]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    document.add_paragraph("市民政局\n2021年8月30日")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_pdf_text_layer():
    body = pdf(text_stream("Reply to suggestion No. 77", "Handled: A"),
               text_stream("Page two   text"))
    result = extract_attachment_text(body, URL, "application/pdf")
    assert result == AttachmentText(
        url=URL,
        filename="W020250205324019734998.pdf",
        type="pdf",
        text="Reply to suggestion No. 77\nHandled: A\nPage two text",
    )


def test_scanned_pdf_needs_ocr():
    body = pdf(image_stream(), image_stream(), image=True)
    result = extract_attachment_text(body, URL)
    assert (result.type, result.text, result.needs_ocr, result.error) == ("pdf", "", True, None)


def test_docx_paragraphs_and_table_rows():
    url = "http://www.example.gov.cn/u/%E7%AD%94%E5%A4%8D.docx"
    result = extract_attachment_text(make_docx(), url)
    assert result.filename == "答复.docx"
    assert result.type == "docx"
    assert result.text.split("\n") == [
        "关于加强社区治理的建议的答复",
        "王代表： 你提出的建议收悉。",
        "序号 承办单位 办理结果",
        "1 市民政局 A",
        "市民政局",
        "2021年8月30日",
    ]
    assert not result.needs_ocr and result.error is None


@pytest.mark.parametrize(
    ("name", "body", "kind"),
    [
        ("a.wps", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504, "wps"),
        ("a.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504, "doc"),
        ("a.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504, "xls"),
        ("a.ofd", b"PK\x03\x04 not really a zip", "ofd"),
    ],
)
def test_formats_without_extractor(name, body, kind):
    result = extract_attachment_text(body, "http://www.example.gov.cn/" + name)
    assert (result.type, result.text, result.needs_ocr) == (kind, "", False)
    assert result.error == f"no text extractor for {kind} files"


@pytest.mark.parametrize(
    ("body", "url", "kind"),
    [
        (b"%PDF-1.4\n garbage without objects", URL, "pdf"),
        (pdf(text_stream("x"))[:200], URL, "pdf"),
        (b"PK\x03\x04" + b"\0" * 40, "http://x.gov.cn/a.docx", "docx"),
    ],
)
def test_corrupt_input_sets_error_and_never_raises(body, url, kind):
    result = extract_attachment_text(body, url)
    assert result.type == kind
    assert result.text == "" and result.error and result.error.startswith(f"cannot read {kind}")


def test_empty_body_and_detection():
    assert extract_attachment_text(b"", URL).error == "empty body"
    docx_body = make_docx()
    # magic bytes win over a misleading extension or Content-Type
    assert detect_type(docx_body, "http://x.gov.cn/download?id=1", "text/html") == "docx"
    assert detect_type(pdf(text_stream("x")), "http://x.gov.cn/a.doc") == "pdf"
    assert detect_type(b"?", "http://x.gov.cn/f", "application/msword") == "doc"
    assert detect_type(b"?", "http://x.gov.cn/f.xlsx") == "xlsx"
    assert detect_type(b"?", "http://x.gov.cn/f") == "unknown"
