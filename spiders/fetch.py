"""``fetch``: archive a given list of URLs to WARC, nothing else.

``scrapy crawl fetch -a urls=URL1,URL2`` or ``-a url_file=FILE`` (one URL a
line). Every response, whatever its status, is archived by the WARC
middleware; no documents are written.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

import scrapy

from crawler.arguments import ArgumentError, check_http_url, check_unknown_arguments


def listed_urls(urls: str = "", url_file: str | None = None) -> list[str]:
    """The URLs of ``-a urls=`` and ``-a url_file=``, each checked."""
    listed = [u.strip() for u in urls.split(",") if u.strip()]
    if url_file:
        try:
            lines = Path(url_file).read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise ArgumentError(f"cannot read url_file {url_file}: {exc}") from None
        listed += [u.strip() for u in lines if u.strip() and not u.startswith("#")]
    if not listed:
        raise ArgumentError("fetch needs -a urls=URL[,URL...] or -a url_file=FILE")
    return [check_http_url(url, "URL") for url in listed]


class FetchSpider(scrapy.Spider):
    name = "fetch"
    custom_settings: ClassVar[dict[str, Any]] = {"HTTPERROR_ALLOW_ALL": True, "ITEM_PIPELINES": {}}
    ARGUMENTS: ClassVar[frozenset[str]] = frozenset({"urls", "url_file"})

    def __init__(self, *args: Any, urls: str = "", url_file: str | None = None,
                 **kwargs: Any):
        check_unknown_arguments(kwargs, self.ARGUMENTS, self.name)
        super().__init__(*args, **kwargs)
        self.urls = listed_urls(urls, url_file)

    @classmethod
    def check_arguments(cls, arguments: dict[str, str]) -> list:
        check_unknown_arguments(arguments, cls.ARGUMENTS, cls.name)
        listed_urls(arguments.get("urls", ""), arguments.get("url_file"))
        return []  # no portal: nothing to lock

    async def start(self):
        for url in self.urls:
            yield scrapy.Request(url, callback=self.parse, dont_filter=True)

    def parse(self, response: scrapy.http.Response):
        self.crawler.stats.inc_value("govreply/fetch/done")
        return None
