"""The User-Agent header, with the operator's contact filled in.

``USER_AGENT`` may hold ``{contact}``; it is replaced by ``GOVREPLY_CONTACT`` so a
user who sets only their contact still sends an identifying, reachable agent. A
``USER_AGENT`` without the placeholder is sent as it is. ``sent_user_agent`` is the
one answer to "what header goes out", for the middleware and for the warcinfo record.

The default contact is the project's own address: fine for the recorded pages on
127.0.0.1, never for a real portal. A crawl whose spider names a host that is not
loopback, with the contact left at the default, is refused before anything is
fetched (``ContactRequired``); a request for such a host that slips through anyway
(a redirect, a spider that names no hosts) is dropped and counted.
"""

from __future__ import annotations

import ipaddress
import logging
from collections.abc import Iterable
from urllib.parse import urlsplit

from scrapy import signals
from scrapy.downloadermiddlewares.useragent import UserAgentMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.settings import BaseSettings

from crawler import PROJECT_CONTACT

__all__ = ["ContactRequired", "ContactUserAgentMiddleware", "is_loopback", "sent_user_agent",
           "user_agent_for"]

logger = logging.getLogger(__name__)
STATS_PREFIX = "govreply/useragent"


class ContactRequired(ValueError):
    """A real host would be crawled under the project's own contact (or none)."""


def user_agent_for(template: str, contact: str) -> str:
    """``template`` with ``{contact}`` replaced (an empty contact is an error)."""
    if "{contact}" not in template:
        return template
    if not contact.strip():
        raise ValueError("GOVREPLY_CONTACT is empty: set a URL or mailto: where site "
                         "operators can reach you")
    return template.replace("{contact}", contact.strip())


def sent_user_agent(settings: BaseSettings) -> str:
    """The User-Agent header the crawl sends, from ``USER_AGENT`` and ``GOVREPLY_CONTACT``."""
    return user_agent_for(settings.get("USER_AGENT", ""), settings.get("GOVREPLY_CONTACT", ""))


def is_loopback(host: str | None) -> bool:
    """127.0.0.0/8, ::1 and ``localhost``: hosts a default contact may be sent to."""
    if not host:
        return False
    host = host.strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _uses_default_contact(settings: BaseSettings) -> bool:
    template = settings.get("USER_AGENT", "")
    return "{contact}" in template and (
        settings.get("GOVREPLY_CONTACT", "").strip() == PROJECT_CONTACT)


def _spider_hosts(spider) -> Iterable[str]:
    """The hosts a spider says it will fetch: its allowed domains and listed URLs."""
    yield from getattr(spider, "allowed_domains", None) or ()
    for url in getattr(spider, "urls", None) or ():
        yield urlsplit(url).hostname or ""


def check_contact(settings: BaseSettings, hosts: Iterable[str]) -> None:
    """Raise ``ContactRequired`` when a non-loopback host would get the default contact."""
    if not _uses_default_contact(settings):
        return
    names = {urlsplit(f"//{h}").hostname or h for h in hosts}
    real = sorted(h for h in names if not is_loopback(h))
    if real:
        raise ContactRequired(
            f"GOVREPLY_CONTACT is the project's default ({PROJECT_CONTACT}); set your own URL "
            f"or mailto: before crawling {', '.join(real[:3])}"
            f"{', ...' if len(real) > 3 else ''} (-s GOVREPLY_CONTACT=mailto:you@example.org)")


class ContactUserAgentMiddleware(UserAgentMiddleware):
    """Scrapy's user-agent middleware, with ``{contact}`` filled in from the settings."""

    def __init__(self, user_agent: str = "Scrapy", *, default_contact: bool = False,
                 stats=None):
        super().__init__(user_agent)
        self.default_contact = default_contact
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        agent = sent_user_agent(settings)
        check_contact(settings, _spider_hosts(crawler.spider))
        middleware = cls(agent, default_contact=_uses_default_contact(settings),
                         stats=crawler.stats)
        crawler.signals.connect(middleware.spider_opened, signal=signals.spider_opened)
        return middleware

    def process_request(self, request, spider=None):
        if self.default_contact and not is_loopback(urlsplit(request.url).hostname):
            if self.stats is not None:
                self.stats.inc_value(f"{STATS_PREFIX}/refused_default_contact")
            logger.error("not fetched: %s would be sent the project's default contact; set "
                         "GOVREPLY_CONTACT", request.url)
            raise IgnoreRequest(f"default GOVREPLY_CONTACT for {request.url}")
        return super().process_request(request)
