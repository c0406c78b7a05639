"""Zero-config: ``scrapy crawl portal -a start_url=…`` on a list shape it was not told about."""

from __future__ import annotations

from urllib.parse import urlsplit

from archive.reader import iter_records
from corpus.urls import document_stem
from crawler.localsite import LocalSite, Route

from .helpers import CORPUS, run_scrapy
from .sites.shapes import next_and_numbers


def _path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + ("?" + parts.query if parts.query else "")


def test_portal_spider_follows_replies_and_pages_from_the_start_url_alone(tmp_path):
    shape = next_and_numbers()
    reply_html = (CORPUS / "html" / "ah_jyt_news.html").read_bytes()
    routes = {_path(shape.url): Route(shape.html.encode("utf-8"))}
    routes.update({_path(u): Route(reply_html) for u in shape.replies})
    # one reply served as GBK, declared only in the HTTP header
    gbk_url = shape.replies[0]
    routes[_path(gbk_url)] = Route(reply_html.decode("utf-8").encode("gb18030"),
                                   content_type="text/html; charset=GBK")
    with LocalSite(routes) as site:
        start = site.url(_path(shape.url))
        run_scrapy("crawl", "portal", "-a", f"start_url={start}", "-a", "name=ah_test",
                   settings={"GOVREPLY_OUTPUT_DIR": str(tmp_path), "ROBOTSTXT_OBEY": "False"})
    fetched = {h.path for h in site.hits}
    assert {_path(u) for u in shape.replies} <= fetched
    assert {_path(u) for u in shape.pages} <= fetched  # every announced list page requested
    assert not {_path(u) for u in shape.off_section} & fetched  # other columns left alone
    documents = {p.stem for p in (tmp_path / "text").rglob("*.txt")}
    expected = {document_stem(site.url(_path(u))) for u in shape.replies}
    assert documents == expected  # one per reply page, none for list pages
    gbk_doc = next((tmp_path / "text").rglob(document_stem(site.url(_path(gbk_url))) + ".txt"))
    assert "\ufffd" not in gbk_doc.read_text("utf-8")
    archived = {r.url for f in (tmp_path / "warc").glob("*.warc.gz") for r in iter_records(f)}
    assert {site.url(_path(u)) for u in shape.replies} <= archived
