"""Reply links carried by scripts: JSON (or JS literal) arrays of ``{title, url}`` objects,
HTML strings, and JSON list endpoints."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import lxml.html

from cleaners.dates import find_iso_date

from .common import clean, parse, resolve
from .links import ReplyLink, anchor_links, looks_like_reply

__all__ = ["balanced", "json_links", "loads_js", "script_links"]


def script_links(doc: lxml.html.HtmlElement, base: str, page_url: str) -> Iterator[ReplyLink]:
    """Reply links in list data that scripts carry: JSON / JS arrays and HTML strings."""
    for script in doc.iter("script"):
        text = script.text or ""
        if len(text) < 20 or script.get("src"):
            continue
        yield from json_links(text, base, page_url)
        if "<a" in text and "href" in text:
            fragment = parse(f"<div>{_strip_cdata(text)}</div>")
            if fragment is not None:
                yield from anchor_links(fragment, base, page_url, via="script")


def _strip_cdata(text: str) -> str:
    return text.replace("<![CDATA[", "").replace("]]>", "")


_URL_KEYS = ("url", "href", "link", "linkurl", "docurl", "docpuburl", "puburl", "detailurl")
_TITLE_KEYS = ("title", "doctitle", "name", "subject", "bt", "topic")
_DATE_KEYS = ("date", "pubdate", "publishdate", "publishedtime", "docreltime", "time",
              "releasedate", "fbrq", "createtime", "pubtime")


def json_links(text: str, base: str, page_url: str) -> Iterator[ReplyLink]:
    for value in _json_values(text):
        for obj in _json_objects(value):
            keys = {k.lower(): v for k, v in obj.items() if isinstance(k, str)}
            href = next((keys[k] for k in _URL_KEYS if isinstance(keys.get(k), str)), None)
            title = next((keys[k] for k in _TITLE_KEYS if isinstance(keys.get(k), str)), "")
            target = resolve(href, base)
            if target is None:
                continue
            title = clean(re.sub(r"<[^>]+>", "", title))
            if looks_like_reply(target, title, page_url):
                raw_date = next((str(keys[k]) for k in _DATE_KEYS if keys.get(k)), "")
                yield ReplyLink(target, title, find_iso_date(raw_date), "json")


def _json_objects(value: Any) -> Iterator[dict]:
    if isinstance(value, dict):
        yield value
        for v in value.values():
            yield from _json_objects(v)
    elif isinstance(value, list):
        for v in value:
            yield from _json_objects(v)


def _json_values(text: str) -> Iterator[Any]:
    """JSON values found in script text: whole-text JSON, else each top-level ``[{`` array."""
    try:
        yield json.loads(text)
        return
    except ValueError:
        pass
    for start in (m.start() for m in re.finditer(r"\[\s*\{", text)):
        chunk = balanced(text, start)
        if chunk is None:
            continue
        for candidate in (chunk, _js_to_json(chunk)):
            try:
                yield json.loads(candidate)
                break
            except ValueError:
                continue


def balanced(text: str, start: int, limit: int = 2_000_000) -> str | None:
    """The bracketed expression starting at ``text[start]``, string-literal aware."""
    depth, quote, escaped = 0, "", False
    for i in range(start, min(len(text), start + limit)):
        ch = text[i]
        if quote:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == quote:
                quote = ""
        elif ch in "\"'":
            quote = ch
        elif ch in "[{":
            depth += 1
        elif ch in "]}":
            depth -= 1
            if depth == 0:
                return text[start : i + 1]
    return None


def _js_to_json(chunk: str) -> str:
    """Loosen a JS literal into JSON: single-quoted strings, bare keys, trailing commas."""
    def requote(m: re.Match[str]) -> str:
        return json.dumps(m.group(1).replace("\\'", "'"))

    out = re.sub(r"'((?:[^'\\]|\\.)*)'", requote, chunk)
    out = re.sub(r"([{,]\s*)([A-Za-z_$][\w$]*)\s*:", r'\1"\2":', out)
    return re.sub(r",\s*([}\]])", r"\1", out)


def loads_js(chunk: str) -> Any:
    """A JSON or JS literal (single quotes, bare keys, trailing commas) parsed; None if not."""
    for candidate in (chunk, _js_to_json(chunk)):
        try:
            return json.loads(candidate)
        except ValueError:
            continue
    return None
