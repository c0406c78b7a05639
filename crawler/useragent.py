"""The User-Agent header, with the operator's contact filled in.

``USER_AGENT`` may hold ``{contact}``; it is replaced by ``GOVREPLY_CONTACT`` so a
user who sets only their contact still sends an identifying, reachable agent. A
``USER_AGENT`` without the placeholder is sent as it is.
"""

from __future__ import annotations

from scrapy import signals
from scrapy.downloadermiddlewares.useragent import UserAgentMiddleware

__all__ = ["ContactUserAgentMiddleware", "user_agent_for"]


def user_agent_for(template: str, contact: str) -> str:
    """``template`` with ``{contact}`` replaced (an empty contact is an error)."""
    if "{contact}" not in template:
        return template
    if not contact.strip():
        raise ValueError("GOVREPLY_CONTACT is empty: set a URL or mailto: where site "
                         "operators can reach you")
    return template.replace("{contact}", contact.strip())


class ContactUserAgentMiddleware(UserAgentMiddleware):
    """Scrapy's user-agent middleware, with ``{contact}`` filled in from the settings."""

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        agent = user_agent_for(settings.get("USER_AGENT"), settings.get("GOVREPLY_CONTACT", ""))
        middleware = cls(agent)
        crawler.signals.connect(middleware.spider_opened, signal=signals.spider_opened)
        return middleware
