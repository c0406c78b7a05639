"""Scrapy settings for govreply. Every ``GOVREPLY_*`` setting is documented in the README."""

from crawler import PROJECT_CONTACT, __version__

BOT_NAME = "govreply"
SPIDER_MODULES = ["spiders"]
NEWSPIDER_MODULE = "spiders"
COMMANDS_MODULE = "crawler.commands"

# --- Where everything goes ------------------------------------------------------
GOVREPLY_OUTPUT_DIR = "output"  # WARCs in warc/, documents in text/<portal>/

# --- WARC capture (crawler.warc.WarcCaptureMiddleware) --------------------------------
GOVREPLY_WARC_ENABLED = True
GOVREPLY_WARC_PREFIX = "govreply"
GOVREPLY_WARC_MAX_SIZE = 1_000_000_000  # rotate files at this many bytes
GOVREPLY_MAX_RESPONSE_SIZE = 100 * 1024 * 1024  # keep this much, mark WARC-Truncated: length
GOVREPLY_CRAWL_NAME = ""  # recorded in warcinfo; defaults to the spider name

# --- Incremental crawling (crawler.incremental) ---------------------------------------
GOVREPLY_INCREMENTAL = True  # state in <GOVREPLY_OUTPUT_DIR>/state.sqlite3
GOVREPLY_FULL_RECRAWL = False  # True: plain requests, every page fetched and stored again
GOVREPLY_STOP_AT_KNOWN_PAGE = True  # stop paging at a list page of known items only

# --- Politeness -------------------------------------------------------------------
# who site operators write to: set your own (the default is refused for real hosts)
GOVREPLY_CONTACT = PROJECT_CONTACT
# {contact} is filled in from GOVREPLY_CONTACT (crawler.useragent)
USER_AGENT = f"govreply/{__version__} (+{{contact}})"
ROBOTSTXT_OBEY = True
ROBOTSTXT_USER_AGENT = "govreply"
CONCURRENT_REQUESTS = 8
CONCURRENT_REQUESTS_PER_DOMAIN = 2
# Scrapy waits DOWNLOAD_DELAY (or AutoThrottle's larger delay) times a random
# 1 +/- DOWNLOAD_DELAY_JITTER between requests to a host: 2.0 x 0.5 = every gap 1-3 s.
DOWNLOAD_DELAY = 2.0
DOWNLOAD_DELAY_JITTER = 0.5
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 2.0
AUTOTHROTTLE_MAX_DELAY = 60.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
DOWNLOAD_TIMEOUT = 60
RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
# A broken-off body is archived (WARC-Truncated: disconnect) instead of dropped.
DOWNLOAD_FAIL_ON_DATALOSS = False
DOWNLOAD_MAXSIZE = 1024 * 1024 * 1024

GOVREPLY_RETRY_BACKOFF_BASE = 2.0  # seconds; doubled on every further retry
GOVREPLY_RETRY_BACKOFF_MAX = 300.0
GOVREPLY_RETRY_AFTER_MAX = 3600.0  # longest Retry-After honoured

DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.useragent.UserAgentMiddleware": None,
    "crawler.useragent.ContactUserAgentMiddleware": 500,
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "crawler.middlewares.PoliteRetryMiddleware": 550,
    # Past HttpCompressionMiddleware (590) and RedirectMiddleware (600) on the way
    # in, so it sees every response as it came off the wire, redirects included.
    "crawler.incremental.IncrementalMiddleware": 940,
    "crawler.warc.WarcCaptureMiddleware": 950,
}
# --- Progress (crawler.progress.ProgressLine) ------------------------------------------
GOVREPLY_PROGRESS = "auto"  # a live line on a terminal (no LOG_FILE); "on" / "off"
GOVREPLY_PROGRESS_INTERVAL = 1.0  # seconds between updates
EXTENSIONS = {
    "crawler.progress.ProgressLine": 600,
}

ITEM_PIPELINES = {
    "crawler.pipelines.CleanDocumentPipeline": 300,
}

TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = "INFO"

# --- Cleaning (crawler.pipelines, crawler.cleanpool) -----------------------------------
GOVREPLY_CLEAN = True  # False: archive-only (WARC, state, decision records; `scrapy reclean`)
GOVREPLY_CLEAN_WORKERS = 0  # cleaning processes; 0: one per core
GOVREPLY_CLEAN_QUEUE = 0  # pages waiting for a free worker, beyond those being cleaned; 0: WORKERS
# The per-page budget, the same as `scrapy reclean`'s (corpus.budget)
GOVREPLY_CLEAN_TIMEOUT = 60.0  # seconds one page may take (0: no limit)
GOVREPLY_CLEAN_MAX_MB = 32  # a bigger page body is archived but not cleaned (0: no limit)
GOVREPLY_CLEAN_MAX_MEMORY_MB = 2048  # address space of each cleaning process (0: no cap)
GOVREPLY_CLEANER = "cleaners:clean_page"  # module:function (a hook for tests)
