"""Politeness by default: delay, concurrency, robots.txt, an agent that says who we are."""

from __future__ import annotations

import itertools

import pytest
from scrapy import Request
from scrapy.settings import Settings

from crawler import settings as project_settings
from crawler.localsite import LocalSite, Route
from crawler.useragent import user_agent_for

from .helpers import run_scrapy


def _defaults() -> Settings:
    settings = Settings()
    settings.setmodule(project_settings, priority="project")
    return settings


def test_the_shortest_randomised_delay_is_at_least_one_second():
    settings = _defaults()
    jitter = settings.getfloat("DOWNLOAD_DELAY_JITTER")
    shortest = settings.getfloat("DOWNLOAD_DELAY") * (1 - jitter)
    assert shortest >= 1.0
    assert settings.getbool("AUTOTHROTTLE_ENABLED")
    assert settings.getfloat("AUTOTHROTTLE_START_DELAY") >= settings.getfloat("DOWNLOAD_DELAY")
    assert settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN") <= 2
    assert settings.getbool("ROBOTSTXT_OBEY")
    assert {429, 500, 502, 503, 504} <= set(settings.getlist("RETRY_HTTP_CODES"))


def test_the_agent_template_takes_the_contact_and_refuses_an_empty_one():
    assert user_agent_for("govreply/1 (+{contact})", " mailto:a@b.org ") == \
        "govreply/1 (+mailto:a@b.org)"
    assert user_agent_for("MyArchive/2", "") == "MyArchive/2"  # no placeholder: as given
    with pytest.raises(ValueError, match="GOVREPLY_CONTACT"):
        user_agent_for("govreply/1 (+{contact})", "  ")


def _site() -> LocalSite:
    page = b"<html><body><p>ok</p></body></html>"
    return LocalSite({
        "/robots.txt": Route(b"User-agent: *\nDisallow: /private/\n", content_type="text/plain"),
        "/a.html": Route(page), "/b.html": Route(page), "/c.html": Route(page),
        "/private/d.html": Route(page),
    })


def test_requests_carry_the_contact_and_keep_a_second_apart(tmp_path):
    with _site() as site:
        urls = ",".join(site.url(p) for p in ("/a.html", "/b.html", "/c.html"))
        run_scrapy("crawl", "fetch", "-a", f"urls={urls}",
                   settings={"GOVREPLY_OUTPUT_DIR": str(tmp_path),
                             "GOVREPLY_CONTACT": "mailto:archive@example.org",
                             "DOWNLOAD_DELAY": "2.0", "AUTOTHROTTLE_ENABLED": "True"})
        hits = list(site.hits)
    assert hits[0].path == "/robots.txt"
    agents = {h.headers.get("User-Agent") for h in hits}
    assert len(agents) == 1
    [agent] = agents
    assert agent.startswith("govreply/") and "(+mailto:archive@example.org)" in agent
    gaps = [b.at - a.at for a, b in itertools.pairwise(hits)]
    # (1 - 0.5) x 2.0 s at least; server-side arrival times, so allow connection set-up
    assert len(gaps) == 3 and min(gaps) >= 0.9


def test_robots_txt_is_obeyed_unless_switched_off(tmp_path):
    for obey, expected in (("True", {"/a.html"}), ("False", {"/a.html", "/private/d.html"})):
        with _site() as site:
            urls = ",".join(site.url(p) for p in ("/a.html", "/private/d.html"))
            run_scrapy("crawl", "fetch", "-a", f"urls={urls}",
                       settings={"GOVREPLY_OUTPUT_DIR": str(tmp_path / obey),
                                 "ROBOTSTXT_OBEY": obey})
            fetched = {h.path for h in site.hits if h.path != "/robots.txt"}
        assert fetched == expected, obey


class _Slot:
    def __init__(self, delay: float, jitter: float):
        self.delay, self.jitter = delay, jitter
        self.lastseen = 1000.0  # the fake clock's start: the refused request just left

    def longest_wait(self, now: float) -> float:
        """The longest a next request can wait from ``now``, as Scrapy's downloader draws
        it: delay x (1 + jitter), counted from the slot's last request."""
        return self.delay * (1 + self.jitter) - (now - self.lastseen)


class _Downloader:
    def __init__(self):
        self.slots = {"example.org": _Slot(2.0, 0.5)}

    def get_slot_key(self, request):
        return "example.org"


def _retry_middleware():
    from scrapy import Spider
    from scrapy.http import Request, Response
    from scrapy.utils.test import get_crawler

    from crawler.middlewares import PoliteRetryMiddleware

    crawler = get_crawler(Spider, settings_dict={"RETRY_TIMES": 3})
    crawler.spider = crawler._create_spider("polite")
    crawler.stats.open_spider()
    crawler.engine = type("Engine", (), {"downloader": _Downloader()})()
    middleware = PoliteRetryMiddleware.from_crawler(crawler)
    slot = crawler.engine.downloader.slots["example.org"]
    request = Request("http://example.org/list.html")
    return middleware, slot, request, Response


class _Clock:
    def __init__(self):
        self.now = 1000.0
        self.timers: list[tuple[float, object]] = []  # (when, function) of _call_later

    def __call__(self) -> float:
        return self.now

    def call_later(self, seconds: float, function) -> None:
        self.timers.append((self.now + seconds, function))

    def advance(self, seconds: float) -> None:
        """Move on, running the timers that fall due."""
        self.now += seconds
        due = [t for t in self.timers if t[0] <= self.now]
        self.timers = [t for t in self.timers if t[0] > self.now]
        for _, function in due:
            function()


@pytest.fixture
def clock(monkeypatch):
    import crawler.middlewares

    fake = _Clock()
    monkeypatch.setattr(crawler.middlewares, "_clock", fake)
    monkeypatch.setattr(crawler.middlewares, "_call_later", fake.call_later)
    return fake


def test_retry_after_holds_the_host_against_other_answers_until_it_is_over(clock):
    middleware, slot, request, response = _retry_middleware()
    refused = response(request.url, status=429, headers={"Retry-After": "30"})
    clock.now += 0.5  # the answer came half a second after the request left
    retry = middleware.process_response(request, refused)
    # the next request leaves exactly when the server asked: 30 s after its answer
    assert retry is not refused and slot.jitter == 0
    assert slot.longest_wait(clock.now) == pytest.approx(30)
    # another page of the host answers meanwhile, and AutoThrottle lowers the delay
    slot.delay = 5.0
    other = Request("http://example.org/other.html")
    clock.advance(10)
    middleware.process_response(other, response(other.url, status=200))
    assert slot.longest_wait(clock.now) == pytest.approx(20)
    clock.advance(20)  # the hold is over: the host's own delay and jitter are back
    assert (slot.delay, slot.jitter) == (2.0, 0.5)
    middleware.process_response(retry, response(request.url, status=200))
    assert (slot.delay, slot.jitter) == (2.0, 0.5)


def test_a_refused_last_retry_does_not_hold_the_host_past_it(clock):
    """Issue 13, item 13: the hold ends when the server asked, not 16 s later."""
    middleware, slot, request, response = _retry_middleware()
    for _ in range(3):  # RETRY_TIMES = 3: three retries, each refused with Retry-After 8
        request = middleware.process_response(
            request, response(request.url, status=429, headers={"Retry-After": "8"}))
        assert slot.longest_wait(clock.now) <= 8 + 1e-9  # never longer than asked
        clock.advance(8)
        slot.lastseen = clock.now  # the retry leaves as soon as the hold lets it
    last = response(request.url, status=429, headers={"Retry-After": "8"})
    assert middleware.process_response(request, last) is last  # given up: no retry
    # the host is not held past its last retry: its own delay, jitter and no timer left
    assert (slot.delay, slot.jitter) == (2.0, 0.5) and clock.timers == []


def test_backoff_grows_while_the_host_keeps_failing(clock):
    middleware, slot, request, response = _retry_middleware()
    waits = []
    for _ in range(3):
        request = middleware.process_response(request, response(request.url, status=503))
        waits.append(slot.longest_wait(clock.now))
    assert waits == [2, 4, 8]  # base 2 s, doubled per attempt
    clock.advance(3600)
    middleware.process_response(request, response(request.url, status=404))  # not retried
    assert (slot.delay, slot.jitter) == (2.0, 0.5)
