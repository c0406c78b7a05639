"""The anchor of ``bench_crawl.py``: a plain Scrapy spider that walks the same section.

It fetches what the govreply crawl fetches (list pages, reply pages, attachments) with
Scrapy's own selectors and keeps nothing: no WARC, no state, no cleaning. Run by
``bench_crawl.py`` as ``scrapy runspider`` from a folder outside the project, so
Scrapy's default settings apply, plus the ones the benchmark gives both crawls.
"""

from __future__ import annotations

import scrapy

ATTACHMENT_TYPES = ("pdf", "doc", "docx", "wps", "ofd", "xls", "xlsx")


class PlainSectionSpider(scrapy.Spider):
    name = "plain"

    def __init__(self, start_url: str = "", **kwargs):
        super().__init__(**kwargs)
        self.start_urls = [start_url]

    def parse(self, response):
        for href in response.css("li > a::attr(href)").getall():
            yield response.follow(href, callback=self.parse_reply)
        for href in response.xpath('//a[normalize-space(.)="下一页"]/@href').getall():
            yield response.follow(href, callback=self.parse)

    def parse_reply(self, response):
        # every attachment link, each fetched as the crawl fetches it (dont_filter)
        selector = ", ".join(f'a[href$=".{ext}"]::attr(href)' for ext in ATTACHMENT_TYPES)
        for href in response.css(selector).getall():
            yield response.follow(href, callback=self.parse_attachment, dont_filter=True)

    def parse_attachment(self, response):
        return None
