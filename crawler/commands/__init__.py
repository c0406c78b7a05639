"""govreply's Scrapy commands (``COMMANDS_MODULE``)."""
