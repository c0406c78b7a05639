"""govreply's Scrapy project: settings, middlewares, extensions, pipelines, commands."""

__version__ = "0.1.0"

# The project's own address: the default GOVREPLY_CONTACT, refused for real hosts
# (crawler.useragent); every operator sets their own.
PROJECT_CONTACT = "https://github.com/govreply/govreply"
