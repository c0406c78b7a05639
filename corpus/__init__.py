"""The document layer, without Scrapy: names, the registry, discovery, decisions, the maker.

Both the crawl (``crawler``, ``spiders``) and the re-clean (``reclean``) make their
documents through this package, so the two cannot drift: ``urls`` names documents,
``layout`` places every file, ``registry`` holds the known portals, ``discovery``
finds reply links, pages and attachments, ``decision`` is the record of what the
crawl decided, and ``maker`` turns a page and its decision into the document.
"""
