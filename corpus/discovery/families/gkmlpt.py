"""Guangdong gkmlpt (政府信息公开目录 of Guangdong agencies: ``/gkmlpt/…``).

``/gkmlpt/index`` holds the site's ``SID`` and the category ``TREE`` in
``window._CONFIG``; a category's list is JSON, ``/gkmlpt/api/all/<cat_id>?page=N&sid=<sid>``
(``total`` or ``classify.post_count``, ``articles[]`` with ``url``/``title``/dates). The
categories followed are the ones the start URL names (``#<cat_id>``), else every
category whose name reads like a proposals section (建议, 提案). Content pages
``/gkmlpt/content/…/post_<id>.html`` embed the article as JSON (``DETAIL`` with
``title``, ``content`` HTML, publisher, 索引号, 文号, dates); ``article`` renders it
as a plain HTML page for the cleaners. The JSON field names follow PLATFORMS.md
and public crawlers of gd.gov.cn; no live page was checked.
"""

from __future__ import annotations

import html as htmlmod
import json
import math
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from urllib.parse import parse_qsl, urljoin, urlsplit

from cleaners.document import PortalHints

from ..common import clean, resolve
from ..links import ReplyLink
from ..pagination import with_page_number
from ..scripts import balanced, loads_js
from . import register
from .base import Family, ListPage

_SID = re.compile(r"""\bSID["']?\s*[:=]\s*['"]?(\w+)""")
_TREE = re.compile(r"""\bTREE["']?\s*[:=]\s*\[""")
_SECTION_NAME = re.compile(r"建议|提案")
_DETAIL = re.compile(r"\bDETAIL\s*=\s*\{")
_META_FIELDS = (("索引号", ("identifier", "index_no")), ("发布机构", ("publisher", "source")),
                ("文号", ("document_number",)), ("发布日期", ("display_publish_time",
                                                           "publish_time", "first_publish_time")))


def detect(page: ListPage) -> str | None:
    if "/gkmlpt/" in urlsplit(page.url).path:
        return "URL under /gkmlpt/"
    if page.doc is not None and "_CONFIG" in page.scripts and _SID.search(page.scripts):
        return "window._CONFIG with SID"
    return None


def _sections(nodes, found: list[str]) -> list[str]:
    """The top-most categories named like a proposals section (their lists hold their
    children's articles, so a matched category is not looked into)."""
    for node in nodes if isinstance(nodes, list) else []:
        if not isinstance(node, dict):
            continue
        if _SECTION_NAME.search(str(node.get("name", ""))) and str(node.get("id", "")).isdigit():
            found.append(str(node["id"]))
        else:
            _sections(node.get("children"), found)
    return found


def _categories(scripts: str, url: str) -> list[str]:
    wanted = urlsplit(url).fragment
    if wanted.isdigit():
        return [wanted]
    m = _TREE.search(scripts)
    tree = loads_js(balanced(scripts, m.end() - 1) or "") if m else None
    return list(dict.fromkeys(_sections(tree, [])))


def _api_page(page_url: str, category: str, sid: str, number: int) -> str:
    return urljoin(page_url, f"/{_prefix(page_url)}gkmlpt/api/all/{category}?page={number}"
                             f"&sid={sid}")


def _prefix(url: str) -> str:
    """The path before ``gkmlpt/`` (bureaus of a city site keep theirs: ``/gzsmzj/``)."""
    path = urlsplit(url).path
    return path[1:path.index("gkmlpt/")] if "gkmlpt/" in path else ""


def _date(value) -> str | None:
    if isinstance(value, int | float) and value > 10**8:
        return datetime.fromtimestamp(value, UTC).date().isoformat()
    m = re.search(r"\d{4}-\d{2}-\d{2}", str(value or ""))
    return m.group(0) if m else None


def _articles(page: ListPage) -> list[dict]:
    data = page.data
    articles = data.get("articles") if isinstance(data, dict) else None
    return [a for a in articles or [] if isinstance(a, dict)]


def reply_links(page: ListPage) -> Iterator[ReplyLink]:
    for article in _articles(page):
        target = resolve(article.get("url") or article.get("post_url"), page.url)
        if target:
            when = article.get("display_publish_time") or article.get("first_publish_time")
            yield ReplyLink(target, clean(article.get("title")), _date(when), "json")


def _total(page: ListPage) -> int:
    data = page.data if isinstance(page.data, dict) else {}
    classify = data.get("classify") if isinstance(data.get("classify"), dict) else {}
    for value in (data.get("total"), classify.get("post_count")):
        if isinstance(value, int | str) and str(value).isdigit():
            return int(value)
    return 0


def next_pages(page: ListPage) -> list[str]:
    if page.kind == "json":  # page 1 of a category announces the others
        query = dict(parse_qsl(urlsplit(page.url).query))
        per_page = len(_articles(page))
        if query.get("page", "1") != "1" or not per_page:
            return []
        pages = math.ceil(_total(page) / per_page)
        return [with_page_number(page.url, "page", n) for n in range(2, pages + 1)]
    if page.doc is None:
        return []
    sid = _SID.search(page.scripts)
    if not sid:
        return []
    return [_api_page(page.url, cat, sid.group(1), 1)
            for cat in _categories(page.scripts, page.url)]


def scope(url: str) -> str | None:
    """The list API and the content pages sit under the site's ``gkmlpt/``."""
    return "/" + _prefix(url) + "gkmlpt/"


def _detail(text: str) -> dict | None:
    m = _DETAIL.search(text)
    if not m:
        return None
    chunk = balanced(text, m.end() - 1)
    try:
        value = json.loads(chunk) if chunk else None
    except ValueError:
        return None
    return value if isinstance(value, dict) and isinstance(value.get("content"), str) else None


def article(text: str) -> str | None:
    """The embedded ``DETAIL`` article as an HTML page: title, info table, content."""
    if "DETAIL" not in text:
        return None
    detail = _detail(text)
    if detail is None:
        return None
    title = htmlmod.escape(clean(detail.get("title")))
    rows = []
    for label, keys in _META_FIELDS:
        value = next((detail[k] for k in keys if detail.get(k)), "")
        value = _date(value) if label == "发布日期" else clean(str(value))
        rows.append(f"<tr><th>{label}:</th><td>{htmlmod.escape(value or '')}</td></tr>")
    return ("<!DOCTYPE html><html><head><meta charset=\"utf-8\">"
            f"<title>{title}</title></head><body><h1 class=\"gkmlpt-title\">{title}</h1>"
            f"<table class=\"gkmlpt-meta\">{''.join(rows)}</table>"
            f"<div class=\"gkmlpt-content\">{detail['content']}</div></body></html>")


GKMLPT = register(Family(
    "gkmlpt", "Guangdong gkmlpt (政府信息公开目录)", detect=detect, reply_links=reply_links,
    next_pages=next_pages, scope=scope, article=article, article_marker=b"DETAIL",
    hints=PortalHints(container="div.gkmlpt-content", title="h1.gkmlpt-title",
                      metadata="table.gkmlpt-meta"),
))
