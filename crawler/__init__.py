"""govreply's Scrapy project: settings, middlewares, extensions, pipelines, commands."""

__version__ = "0.1.0"
