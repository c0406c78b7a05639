"""Hanweb / 大汉 jcms (Zhejiang's intensive platform and many provinces).

Column pages ``/col/col<id>/index.html``; details ``/art/YYYY/M/D/art_<col>_<id>.html``.
A column's list is usually not in its HTML but paged through the platform:

* the ``api-gateway`` unit API. The column page names it on the pager ``div``
  (``unitUrl="…"`` and ``queryData="{'webId':…,'pageId':…,'tagId':…,'tplSetId':…}"``,
  with ``count``/``rows``/``pageNo``), or on the ``unitbuild.js`` script tag
  (``url="…"`` and ``queryData``); page N is
  ``…/front/page/build/unit?…&parseType=bulidstatic&pageType=column&rows=R&pageNo=N``
  (the pager ``div`` form, PLATFORMS.md) or ``…&paramJson={"pageNo":N,"pageSize":R}``
  (the script form, as public crawlers of miit.gov.cn and samr.gov.cn send it). It
  answers ``{"success": true, "data": {"html": "<li>…</li>…<div count=… rows=…>"}}``.
* the older ``/module/web/jpage/dataproxy.jsp?page=N&…``: the column page carries the
  first records in a ``<datastore>`` data island (``<nextgroup>`` names the proxy page of
  the next group), and the proxy answers ``<recordset><record><![CDATA[<li>…]]></record>…`` with
  ``<totalrecord>`` / ``<totalpage>``.

Each API page announces the next one (chained), so a nightly that meets a page of known
replies stops there. Small columns render their items in the page itself, with no unit.
Reply links of a column are its own ``art_<col>_`` links when it has any.
"""

from __future__ import annotations

import ast
import json
import math
import re
from collections.abc import Iterable, Iterator
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from cleaners.document import PortalHints

from ..common import resolve
from ..links import ReplyLink
from ..pagination import with_page_number
from . import register
from .base import Family, ListPage, fragment_links, generic_links, generic_pages

_COLUMN_URL = re.compile(r"/col/col(\d+)/")
_ART = re.compile(r"/art_(\d+)_\d+\.html$")
_UNIT_PATH = "/api-gateway/jpaas-publish-server/front/page/build/unit"
_DEFAULT_ROWS = 15


def _column_id(url: str) -> str | None:
    m = _COLUMN_URL.search(urlsplit(url).path)
    return m.group(1) if m else None


def _query_data(raw: str | None) -> dict[str, str] | None:
    """``queryData="{'webId':'3185',…}"`` (a JS literal) as a dict of strings."""
    if not raw:
        return None
    try:
        value = ast.literal_eval(raw.strip())
    except (ValueError, SyntaxError):
        try:
            value = json.loads(raw)
        except ValueError:
            return None
    return {str(k): str(v) for k, v in value.items()} if isinstance(value, dict) else None


def _int_attr(el, *names: str) -> int | None:
    for name in names:
        value = (el.get(name) or el.get(name.lower()) or "").strip()
        if value.isdigit():
            return int(value)
    return None


def _unit(page: ListPage) -> tuple[str, dict[str, str], int, bool] | None:
    """The column's API unit: (endpoint URL, query, rows per page, paramJson form)."""
    if page.doc is None:
        return None
    for el in page.doc.xpath("//*[@querydata]"):
        query = _query_data(el.get("querydata"))
        endpoint = el.get("uniturl") or el.get("url") or (_UNIT_PATH if query else None)
        if not query or not endpoint or "build/unit" not in endpoint:
            continue
        if query.get("pageType", "column") != "column":
            continue  # an article page's own units (正文, related articles): not a list
        query = {k: v for k, v in query.items() if k not in ("rows", "count", "pageNo")}
        rows = _int_attr(el, "rows", "pageSize") or _DEFAULT_ROWS
        return urljoin(page.url, endpoint), query, rows, el.tag == "script"
    return None


def _unit_page_url(endpoint: str, query: dict[str, str], rows: int, number: int,
                   param_json: bool) -> str:
    params = {"parseType": "bulidstatic", "pageType": "column", **query}
    if param_json:
        params["paramJson"] = json.dumps({"pageNo": number, "pageSize": rows},
                                         separators=(",", ":"))
    else:
        params.update(rows=str(rows), pageNo=str(number))
    parts = urlsplit(endpoint)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(params), ""))


def _datastore(page: ListPage) -> tuple[list[str], str | None]:
    """The records of a ``<datastore>`` data island and its proxy URL (``<nextgroup>``)."""
    if "<datastore" not in page.text:
        return [], None
    island = re.search(r"<datastore>(.*?)</datastore>", page.text, re.S)
    if not island:
        return [], None
    body = island.group(1)
    records = re.findall(r"<record>\s*<!\[CDATA\[(.*?)\]\]>\s*</record>", body, re.S)
    proxy = re.search(r"""<nextgroup>.*?href=["']([^"']*dataproxy\.jsp[^"']*)""", body, re.S)
    return records, (resolve(proxy.group(1).replace("&amp;", "&"), page.base) if proxy else None)


def detect(page: ListPage) -> str | None:
    if page.kind != "html" or page.doc is None:
        return None
    if _unit(page):
        return "api-gateway unit (queryData) on the column page"
    if "<datastore" in page.text or "dataproxy.jsp" in page.text:
        return "jpage <datastore> / dataproxy.jsp"
    if _column_id(page.url) and any(_ART.search(h) for h in page.doc.xpath("//a/@href")):
        return "column URL /col/col<id>/ with art_<col>_<id> links"
    if any("unitbuild" in src for src in page.doc.xpath("//script/@src")):
        return "script unitbuild.js (jpaas)"
    if page.doc.xpath("//meta[@name='Maketime']") and page.doc.xpath(
            "//meta[@name='WebId' or @name='i_columnid'] | //*[@id='hiddenLocation']"):
        return "jcms metas Maketime and WebId / i_columnid"
    return None


def _own_column(links: Iterable[ReplyLink], page_url: str) -> list[ReplyLink]:
    """The column's own ``art_<col>_`` links when it has any; else every link."""
    found = list(links)
    column = _column_id(page_url)
    own = [link for link in found if (m := _ART.search(link.url)) and m.group(1) == column]
    return own or found


def reply_links(page: ListPage) -> Iterable[ReplyLink]:
    if page.kind == "json":
        html = (page.data or {}).get("data", {}).get("html", "") if isinstance(
            page.data, dict) else ""
        return fragment_links([html], page.url, page.url, via="json") if html else \
            generic_links(page)
    if page.kind == "xml":
        return generic_links(page)
    records, _ = _datastore(page)
    if records:
        return fragment_links(records, page.base, page.url, via="script")
    if _unit(page):
        return []  # the list is the unit's: the rest of the column page is not the list
    return _own_column(generic_links(page), page.url)


def _next_unit_page(page: ListPage) -> Iterator[str]:
    """The next API page after this one, when the pager in its HTML says there is one."""
    data = page.data if isinstance(page.data, dict) else {}
    html = (data.get("data") or {}).get("html", "") if isinstance(data.get("data"), dict) else ""
    query = dict(parse_qsl(urlsplit(page.url).query))
    number, rows = int(query.get("pageNo", 0) or 0), int(query.get("rows", 0) or 0)
    if "paramJson" in query:
        try:
            params = json.loads(query["paramJson"])
            number, rows = int(params.get("pageNo", 1)), int(params.get("pageSize", 0))
        except (ValueError, AttributeError):
            return
    count = re.search(r"""\bcount=["']?(\d+)""", html)
    rows_attr = re.search(r"""\brows=["']?(\d+)""", html)
    rows = rows or (int(rows_attr.group(1)) if rows_attr else _DEFAULT_ROWS)
    if not count or not number or number * rows >= int(count.group(1)):
        return
    if "paramJson" in query:
        params = json.loads(query["paramJson"])
        params["pageNo"] = number + 1
        query["paramJson"] = json.dumps(params, separators=(",", ":"))
        parts = urlsplit(page.url)
        yield urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), ""))
    else:
        yield with_page_number(page.url, "pageNo", number + 1)


def _next_proxy_page(page: ListPage) -> Iterator[str]:
    """The next ``dataproxy.jsp`` page after this one (``<totalpage>`` / ``<totalrecord>``)."""
    query = dict(parse_qsl(urlsplit(page.url).query))
    number = int(query.get("page", 1) or 1)
    total_pages = re.search(r"<totalpage>\s*(\d+)", page.text)
    total_records = re.search(r"<totalrecord>\s*(\d+)", page.text)
    per_page = int(query.get("perpage", 0) or 0) or len(re.findall(r"<record>", page.text))
    if total_pages:
        pages = int(total_pages.group(1))
    elif total_records and per_page:
        pages = math.ceil(int(total_records.group(1)) / per_page)
    else:
        return
    if number < pages:
        yield with_page_number(page.url, "page", number + 1)


def next_pages(page: ListPage) -> list[str]:
    if page.kind == "json":
        return list(_next_unit_page(page))
    if page.kind == "xml":
        return list(_next_proxy_page(page))
    unit = _unit(page)
    if unit:
        return [_unit_page_url(*unit[:3], 1, unit[3])]
    _, proxy = _datastore(page)
    if proxy:  # the next group after the records the island holds
        return [proxy]
    return generic_pages(page)  # a column that renders its pages itself


def scope(url: str) -> str | None:
    """Details live under ``/art/``, API pages under ``/api-gateway/`` or ``/module/``:
    the whole host, with reply links held to the column's own ``art_<col>_``."""
    return None


HANWEB = register(Family(
    "hanweb", "Hanweb / 大汉 jcms", detect=detect, reply_links=reply_links,
    next_pages=next_pages, scope=scope, hints=PortalHints(container="#zoom"),
))
