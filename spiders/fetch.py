"""``fetch``: archive a given list of URLs to WARC, nothing else.

``scrapy crawl fetch -a urls=URL1,URL2`` or ``-a url_file=FILE`` (one URL a
line). Every response, whatever its status, is archived by the WARC
middleware; no documents are written.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

import scrapy


class FetchSpider(scrapy.Spider):
    name = "fetch"
    custom_settings: ClassVar[dict[str, Any]] = {"HTTPERROR_ALLOW_ALL": True, "ITEM_PIPELINES": {}}

    def __init__(self, *args: Any, urls: str = "", url_file: str | None = None,
                 **kwargs: Any):
        super().__init__(*args, **kwargs)
        listed = [u.strip() for u in urls.split(",") if u.strip()]
        if url_file:
            lines = Path(url_file).read_text(encoding="utf-8").splitlines()
            listed += [u.strip() for u in lines if u.strip() and not u.startswith("#")]
        if not listed:
            raise ValueError("fetch needs -a urls=URL[,URL...] or -a url_file=FILE")
        self.urls = listed

    async def start(self):
        for url in self.urls:
            yield scrapy.Request(url, callback=self.parse, dont_filter=True)

    def parse(self, response: scrapy.http.Response):
        self.crawler.stats.inc_value("govreply/fetch/done")
        return None
