"""End to end: reply pages whose content is in attached PDF / DOCX files.

``scrapy crawl portal -a start_url=…`` on a local section of three replies built on the
recorded Pingtan reply page ``pingtan_rdya_97064`` (a short HTML body that only links the
公开内容 PDF, as such pages are published). The first reply links a PDF with a (CJK) text
layer, the second a DOCX, the third a scanned PDF without a text layer plus a WPS and an
OFD file served as ``application/octet-stream``.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from archive.reader import read_record_at
from corpus.maker import AttachmentPayload, failure_of
from corpus.urls import document_stem
from crawler.localsite import LocalSite, Route

from .helpers import CORPUS, run_scrapy, warcio_check
from .test_attachments import image_stream, pdf, serialize_pdf

SECTION = "/zwgk/jyta/"
RECORDED_TITLE = "平潭县第十八届人大第三次会议代表建议意见办理情况公开内容"
RECORDED_HREF = "./W020250205324019734998.pdf"
RECORDED_NAME = RECORDED_TITLE + ".pdf"

PDF_LINES = (
    "关于加快推进跨海渠建设的建议的答复",
    "薛雄代表:您提出的关于加快推进跨海渠建设的建议收悉,现答复如下。",
    "区农业农村局协调区堤防公司按照分期实施的方式落实项目建设。",
    "平潭综合实验区农业农村局",
    "2025年1月24日",
)
DOCX_LINES = (
    "关于推进大福村红色文化产业基地建设的建议的答复",
    "林心煜代表:您提出的建议收悉。",
    "金井片区局会同区党群部将大福等3个村纳入红色村申报名单。",
    "金井片区管理局",
)

# --- attachment files -------------------------------------------------------------------

_TO_UNICODE = b"""/CIDInit /ProcSet findresource begin
12 dict begin
begincmap
/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def
/CMapName /Adobe-Identity-UCS def
/CMapType 2 def
1 begincodespacerange
<0000> <FFFF>
endcodespacerange
1 beginbfrange
<0000> <FFFF> <0000>
endbfrange
endcmap
CMapName currentdict /CMap defineresource pop
end
end"""


def cjk_pdf(*pages: tuple[str, ...]) -> bytes:
    """A PDF whose text layer holds ``pages`` (lines of Chinese), as government PDFs do.

    A Type0 font with Identity-H encoding (the CID is the UTF-16 code unit) and a
    ToUnicode CMap, so that text extraction sees the characters; no font program embedded.
    """
    n = len(pages)
    font = 3 + 2 * n
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>"
        % (b" ".join(b"%d 0 R" % (3 + 2 * i) for i in range(n)), n),
    ]
    for i, lines in enumerate(pages):
        ops = [b"BT /F1 12 Tf 72 770 Td 14 TL"]
        ops += [b"<%s> Tj T*" % line.encode("utf-16-be").hex().upper().encode() for line in lines]
        stream = b"\n".join([*ops, b"ET"])
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
            b"/Resources << /Font << /F1 %d 0 R >> >> >>" % (4 + 2 * i, font))
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
    objects.append(b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /Identity-H"
                   b" /DescendantFonts [%d 0 R] /ToUnicode %d 0 R >>" % (font + 1, font + 2))
    objects.append(b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo"
                   b" << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 1000 >>")
    objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(_TO_UNICODE), _TO_UNICODE))
    return serialize_pdf(objects)


def make_docx(lines: tuple[str, ...]) -> bytes:
    import docx

    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def make_ofd() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("OFD.xml", '<?xml version="1.0" encoding="UTF-8"?><ofd:OFD '
                    'xmlns:ofd="http://www.ofdspec.org/2016" Version="1.0"/>')
        zf.writestr("Doc_0/Document.xml", "<ofd:Document/>")
    return buffer.getvalue()


WPS = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(range(256)) * 2  # OLE2 container


# --- the site -------------------------------------------------------------------------


class Attachment:
    def __init__(self, path: str, body: bytes, content_type: str, name: str, gzip: bool = False,
                 served: bool = True):
        self.path, self.body, self.content_type, self.name = path, body, content_type, name
        self.gzip, self.served = gzip, served


def reply_page(title: str, attachments: list[Attachment]) -> bytes:
    """The recorded 97064 page with its title and its one PDF link swapped."""
    html = (CORPUS / "html" / "pingtan_rdya_97064.html").read_text(encoding="utf-8")
    assert html.count(RECORDED_HREF) == 1
    start = html.index("<a ", html.rindex("<img", 0, html.index(RECORDED_HREF)))
    end = html.index("</a>", start) + len("</a>")
    anchors = "</p><p>".join(
        f'<a style="font-size:12px; color:#0066cc;" href="{a.path}" title="{a.name}" '
        f'OLDSRC="{a.path.rsplit("/", 1)[-1]}">{a.name}</a>' for a in attachments)
    html = html[:start] + anchors + html[end:]
    return html.replace(RECORDED_TITLE, title).encode("utf-8")


REPLIES = {  # key -> (path, title)
    "pdf": (SECTION + "202502/t20250205_97101.htm",
            "关于加快推进跨海渠建设的建议办理情况公开内容"),
    "docx": (SECTION + "202502/t20250205_97102.htm",
             "关于推进大福村红色文化产业基地建设的建议办理情况"),
    "scan": (SECTION + "202502/t20250205_97103.htm",
             "关于提升塘屿岛旅游建设的建议办理情况公开内容"),
}


def build_site() -> tuple[dict[str, Route], dict[str, list[Attachment]]]:
    attachments = {
        "pdf": [Attachment(SECTION + "202502/W020250205000000000001.pdf",
                           cjk_pdf(PDF_LINES[:3], PDF_LINES[3:]), "application/pdf",
                           "跨海渠建设建议办理情况公开内容.pdf"),
                # linked, but the server has lost it (404)
                Attachment(SECTION + "202502/W020250205000000000009.doc", b"",
                           "text/plain", "跨海渠建设建议原文.doc", served=False)],
        "docx": [Attachment(
            SECTION + "202502/W020250205000000000002.docx", make_docx(DOCX_LINES),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "大福村建议答复.docx", gzip=True)],
        "scan": [
            Attachment(SECTION + "202502/W020250205000000000003.pdf",
                       pdf(image_stream(), image_stream(), image=True), "application/pdf",
                       "塘屿岛旅游建设建议答复(扫描件).pdf"),
            Attachment(SECTION + "202502/W020250205000000000004.wps", WPS,
                       "application/octet-stream", "塘屿岛旅游建设建议答复.wps"),
            # attachments often sit outside the section's folder
            Attachment("/upload/2025/02/W020250205000000000005.ofd", make_ofd(),
                       "application/octet-stream", "塘屿岛旅游建设建议答复.ofd"),
        ],
    }
    items = "".join(
        f'<li><a href="{path}" title="{title}" target="_blank">{title}</a>'
        f"<span>2025-02-05</span></li>" for path, title in REPLIES.values())
    list_html = (
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>建议提案办理</title></head>'
        '<body><div class="header"><ul class="nav"><li><a href="/">首页</a></li>'
        '<li><a href="/zwgk/">政务公开</a></li></ul></div>'
        f'<div class="list"><ul>{items}</ul></div>'
        '<div class="footer"><a href="/wzdt/">网站地图</a></div></body></html>'
    )
    routes = {SECTION: Route(list_html.encode("utf-8"), gzip=True),
              "/robots.txt": Route(b"User-agent: *\nDisallow: /uc/\n",
                                   content_type="text/plain")}
    for key, (path, title) in REPLIES.items():
        routes[path] = Route(reply_page(title, attachments[key]), gzip=True)
        for a in attachments[key]:
            if a.served:
                routes[a.path] = Route(a.body, content_type=a.content_type, gzip=a.gzip)
    return routes, attachments


# --- the crawl ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    out = tmp_path_factory.mktemp("attachment_crawl")
    routes, attachments = build_site()
    with LocalSite(routes) as site:
        result = run_scrapy("crawl", "portal", "-a", f"start_url={site.url(SECTION)}",
                            settings={"GOVREPLY_OUTPUT_DIR": str(out)})
    return out, site, attachments, result


def _responses(warc_dir: Path) -> dict[str, list[tuple[bytes, dict[str, str]]]]:
    """Target URI -> [(decoded payload, HTTP headers)] of every response record."""
    found: dict[str, list[tuple[bytes, dict[str, str]]]] = {}
    for path in sorted(warc_dir.glob("*.warc.gz")):
        with open(path, "rb") as fh:
            for record in ArchiveIterator(fh):
                if record.rec_type == "response":
                    uri = record.rec_headers.get_header("WARC-Target-URI")
                    headers = dict(record.http_headers.headers)
                    found.setdefault(uri, []).append((record.content_stream().read(), headers))
    return found


def _document(out: Path, url: str) -> tuple[str, dict]:
    stem = document_stem(url)
    [text_file] = list((out / "text").rglob(f"{stem}.txt"))
    sidecar = json.loads(text_file.with_suffix(".json").read_text("utf-8"))
    return text_file.read_text("utf-8"), sidecar


@pytest.mark.slow
def test_every_attachment_is_archived_byte_exact(crawled):
    out, site, attachments, _ = crawled
    archived = _responses(out / "warc")
    for files in attachments.values():
        for a in files:
            if not a.served:
                continue
            url = site.url(a.path)
            assert url in archived, f"{a.path} not archived"
            [(payload, headers)] = archived[url]  # fetched once, one response record
            assert payload == a.body
            assert headers["Content-Type"] == a.content_type
    # the gzip-encoded DOCX stays gzip in the record; the payload above is decoded
    docx_url = site.url(attachments["docx"][0].path)
    assert archived[docx_url][0][1].get("Content-Encoding") == "gzip"
    assert warcio_check(sorted((out / "warc").glob("*.warc.gz"))).returncode == 0


@pytest.mark.slow
def test_sidecar_points_at_each_attachment_record(crawled):
    out, site, attachments, _ = crawled
    for key, (path, _title) in REPLIES.items():
        _, sidecar = _document(out, site.url(path))
        listed = {entry["url"]: entry for entry in sidecar["attachments"]}
        # one the server lost (404) is not listed: the sidecar lists what was read, the
        # same as ``scrapy reclean`` makes from the archive
        assert set(listed) == {site.url(a.path) for a in attachments[key] if a.served}
        for a in attachments[key]:
            if not a.served:
                continue
            pointer = listed[site.url(a.path)]["warc"]
            assert pointer is not None, a.path
            record = read_record_at(out / "warc" / pointer["filename"], pointer["offset"])
            assert (record.record_type, record.url) == ("response", site.url(a.path))
            assert record.payload == a.body


@pytest.mark.slow
def test_pdf_text_layer_is_the_reply_text(crawled):
    out, site, _, _ = crawled
    text, sidecar = _document(out, site.url(REPLIES["pdf"][0]))
    lines = text.split("\n")
    assert lines[6] == REPLIES["pdf"][1]  # the title, after kind and five metadata lines
    for line in PDF_LINES:
        assert line in lines, line
    # the page's own body (the file names) comes before the attachment's text
    assert lines.index("跨海渠建设建议办理情况公开内容.pdf") < lines.index(PDF_LINES[1])
    [entry] = sidecar["attachments"]  # the lost .doc does not keep the reply from being written
    assert (entry["type"], entry["needs_ocr"], entry["error"]) == ("pdf", False, None)
    assert entry["chars"] > 50
    assert not sidecar.get("needs_ocr")
    assert sidecar["text_sha1"]
    assert not re.search(r"^\s|\s$|\n\n", text)  # FORMAT.md: no blank lines, no edge spaces


@pytest.mark.slow
def test_docx_text_is_the_reply_text(crawled):
    out, site, _, _ = crawled
    text, sidecar = _document(out, site.url(REPLIES["docx"][0]))
    lines = text.split("\n")
    for line in DOCX_LINES:
        assert line in lines, line
    [entry] = sidecar["attachments"]
    assert (entry["type"], entry["needs_ocr"], entry["error"]) == ("docx", False, None)
    assert not sidecar.get("needs_ocr")


@pytest.mark.slow
def test_scanned_pdf_flags_needs_ocr_and_other_formats_are_listed(crawled):
    out, site, attachments, _ = crawled
    text, sidecar = _document(out, site.url(REPLIES["scan"][0]))
    assert sidecar["needs_ocr"] is True
    by_type = {entry["type"]: entry for entry in sidecar["attachments"]}
    assert set(by_type) == {"pdf", "wps", "ofd"}
    assert by_type["pdf"]["needs_ocr"] is True and by_type["pdf"]["chars"] == 0
    assert by_type["wps"]["error"] == "no text extractor for wps files"
    assert by_type["ofd"]["error"] == "no text extractor for ofd files"
    # no text was made up: the body is the title and the three file names
    assert text.split("\n")[6:] == [REPLIES["scan"][1], *(a.name for a in attachments["scan"])]


@pytest.mark.slow
def test_documents_only_for_reply_pages(crawled):
    out, site, _, _ = crawled
    stems = {p.stem for p in (out / "text").rglob("*.txt")}
    assert stems == {document_stem(site.url(path)) for path, _ in REPLIES.values()}
    assert len(list((out / "text").rglob("*.json"))) == 3
    fetched = {h.path for h in site.hits if h.status == 200}
    assert SECTION in fetched
    assert "/zwgk/" not in fetched and "/" not in fetched  # menu links are not followed


@pytest.mark.slow
def test_an_unchanged_attachment_behind_a_redirect_keeps_its_text_in_a_new_version(tmp_path):
    routes, attachments = build_site()
    pdf_path, pdf_title = REPLIES["pdf"]
    target = attachments["pdf"][0]
    link = "/download.jsp?id=1"  # the reply links a script that redirects to the file
    routes[link] = Route(b"", status=302, headers={"Location": target.path})
    linked = [Attachment(link, b"", target.content_type, target.name)]
    routes[pdf_path] = Route(reply_page(pdf_title, linked), gzip=True)
    with LocalSite(routes) as site:
        run_scrapy("crawl", "portal", "-a", f"start_url={site.url(SECTION)}",
                   settings={"GOVREPLY_OUTPUT_DIR": str(tmp_path)})
        # the reply is edited; its attachment is not
        site.routes[pdf_path] = Route(reply_page(pdf_title + "(修订)", linked), gzip=True)
        run_scrapy("crawl", "portal", "-a", f"start_url={site.url(SECTION)}",
                   settings={"GOVREPLY_OUTPUT_DIR": str(tmp_path)})
        answers = [h.status for h in site.hits if h.path == target.path]
    assert answers == [200, 304]  # asked conditionally the second time
    text, sidecar = _document(tmp_path, site.url(pdf_path))
    assert sidecar["version"] == 2 and "(修订)" in text
    assert PDF_LINES[0] in text  # read back from the archived copy of the first run
    [entry] = sidecar["attachments"]
    record = read_record_at(tmp_path / "warc" / entry["warc"]["filename"],
                            entry["warc"]["offset"])
    assert record.payload == target.body


def test_a_lost_attachment_is_listed_in_the_sidecar_with_its_error(crawled):
    out, site, attachments, _ = crawled
    _, sidecar = _document(out, site.url(REPLIES["pdf"][0]))
    lost = attachments["pdf"][1]
    [failed] = sidecar["failed_attachments"]
    assert (failed["url"], failed["status"], failed["error"]) == (site.url(lost.path), 404,
                                                                  "HTTP 404")
    record = read_record_at(out / "warc" / failed["warc"]["filename"], failed["warc"]["offset"])
    assert (record.url, record.status) == (site.url(lost.path), 404)  # the archived answer
    _, docx = _document(out, site.url(REPLIES["docx"][0]))
    assert docx["failed_attachments"] == []


def test_why_an_attachment_gave_no_text_is_said_in_a_few_words():
    assert failure_of(AttachmentPayload("u", None, error="TimeoutError: took too long")) == \
        "TimeoutError: took too long"
    assert failure_of(AttachmentPayload("u", 500, error="Ignoring non-200 response")) == \
        "HTTP 500"
    assert failure_of(AttachmentPayload("u", 200, b"x", truncated=True)) == "truncated"
    assert failure_of(AttachmentPayload("u", 200)) == "empty body"
    assert failure_of(AttachmentPayload("u", None)) == "not fetched"
