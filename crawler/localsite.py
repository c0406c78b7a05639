"""A small HTTP server on 127.0.0.1 that serves recorded portal pages.

Used by the offline quick start (``scrapy demo``) and by the tests. Each route
is a recorded body with the behaviour a real portal shows: gzip when asked,
ETag / Last-Modified with 304 answers, a 429 with Retry-After, a body cut off
mid-transfer. Requests are logged in ``LocalSite.hits`` so tests can check
what a crawler sent. ``LocalSite.hold()`` keeps requests waiting until
``release()``, so a test can stop a crawl at a known point.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import threading
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from email.utils import formatdate
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

__all__ = ["Hit", "LocalSite", "Route", "corpus_dir", "recorded_portal_routes"]

_REPO = Path(__file__).resolve().parent.parent


def corpus_dir() -> Path:
    """The recorded corpus bundled with the repository (tests/data/corpus)."""
    return _REPO / "tests" / "data" / "corpus"


@dataclass
class Route:
    """What the server answers for one path (query included)."""

    body: bytes
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    gzip: bool = False  # gzip the body when the client accepts it
    etag: bool = True
    last_modified: float | None = 1_700_000_000.0  # epoch seconds, None for no header
    throttle: int = 0  # answer 429 (Retry-After: 1) this many times first
    disconnect_after: int | None = None  # send this many body bytes, then hang up

    @property
    def etag_value(self) -> str:
        return '"' + hashlib.sha1(self.body).hexdigest()[:16] + '"'


@dataclass(frozen=True)
class Hit:
    """One request the server received."""

    method: str
    path: str
    headers: dict[str, str]
    status: int
    at: float = field(default_factory=time.monotonic)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format: str, *args) -> None:
        pass

    def do_HEAD(self) -> None:
        self._answer(send_body=False)

    def do_GET(self) -> None:
        self._answer(send_body=True)

    def _answer(self, send_body: bool) -> None:
        site = self.server.site
        if not site.admit(self.path):  # held, then dropped: hang up without an answer
            self.close_connection = True
            return None
        route = site.routes.get(self.path)
        status = self._status_for(route)
        site.record(Hit(self.command, self.path, dict(self.headers.items()), status))
        if route is None:
            return self._send_plain(404, b"not found", send_body)
        if status == 429:
            return self._send_plain(429, b"slow down", send_body, {"Retry-After": "1"})
        if status == 304:
            self.send_response(304)
            self._validators(route)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        body = route.body
        encoding = None
        if route.gzip and "gzip" in self.headers.get("Accept-Encoding", ""):
            body = gzip.compress(body, mtime=0)
            encoding = "gzip"
        self.send_response(route.status)
        self.send_header("Content-Type", route.content_type)
        if encoding:
            self.send_header("Content-Encoding", encoding)
            self.send_header("Vary", "Accept-Encoding")
        if route.status == 200:
            self._validators(route)
        for name, value in route.headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        if route.disconnect_after is not None:
            self.send_header("Connection", "close")
        self.end_headers()
        if not send_body:
            return None
        if route.disconnect_after is not None:
            self.wfile.write(body[: route.disconnect_after])
            self.wfile.flush()
            self.close_connection = True
            return None
        self.wfile.write(body)
        return None

    def _status_for(self, route: Route | None) -> int:
        if route is None:
            return 404
        if self.server.site.take_throttle(self.path, route):
            return 429
        if route.status == 200 and self._not_modified(route):
            return 304
        return route.status

    def _not_modified(self, route: Route) -> bool:
        inm = self.headers.get("If-None-Match")
        if inm is not None:
            return route.etag and route.etag_value in [t.strip() for t in inm.split(",")]
        ims = self.headers.get("If-Modified-Since")
        if ims is not None and route.last_modified is not None:
            return ims == formatdate(route.last_modified, usegmt=True)
        return False

    def _validators(self, route: Route) -> None:
        if route.etag:
            self.send_header("ETag", route.etag_value)
        if route.last_modified is not None:
            self.send_header("Last-Modified", formatdate(route.last_modified, usegmt=True))

    def _send_plain(self, status: int, body: bytes, send_body: bool,
                    headers: Mapping[str, str] | None = None) -> None:
        self.send_response(status, HTTPStatus(status).phrase)
        self.send_header("Content-Type", "text/plain")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if send_body:
            self.wfile.write(body)


class _Hold:
    """Requests kept waiting until ``LocalSite.release()``."""

    def __init__(self, after: int | None, paths: Iterable[str]):
        self.remaining = after  # answer this many more, then hold all (None: only ``paths``)
        self.paths = frozenset(paths)
        self.released = threading.Event()
        self.drop = False
        self.waiting: list[str] = []


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    site: LocalSite


class LocalSite:
    """Serve ``routes`` on 127.0.0.1 (a free port unless one is given)."""

    def __init__(self, routes: Mapping[str, Route] | None = None, port: int = 0):
        self.routes: dict[str, Route] = dict(routes or {})
        self.hits: list[Hit] = []
        self._throttled: dict[str, int] = {}
        self._hold: _Hold | None = None
        self._lock = threading.Lock()
        self._server = _Server(("127.0.0.1", port), _Handler)
        self._server.site = self
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def url(self, path: str) -> str:
        return self.base_url + path

    def record(self, hit: Hit) -> None:
        with self._lock:
            self.hits.append(hit)

    def take_throttle(self, path: str, route: Route) -> bool:
        with self._lock:
            used = self._throttled.get(path, 0)
            if used < route.throttle:
                self._throttled[path] = used + 1
                return True
            return False

    # -- holding requests ------------------------------------------------------------
    def hold(self, after: int | None = None, paths: Iterable[str] = ()) -> None:
        """Keep requests waiting until ``release()``: every request for one of ``paths``,
        and every request once ``after`` more have been let through. A held request is
        not in ``hits`` until it is answered."""
        with self._lock:
            if self._hold is not None:
                raise RuntimeError("already holding; release() first")
            self._hold = _Hold(after, paths)

    def release(self, *, drop: bool = False) -> None:
        """Let the held requests go on; ``drop=True`` hangs them up unanswered and unrecorded
        (for a client that was killed while it waited)."""
        with self._lock:
            hold, self._hold = self._hold, None
        if hold is not None:
            hold.drop = drop
            hold.released.set()

    @property
    def held(self) -> list[str]:
        """Paths of the requests waiting now."""
        with self._lock:
            return list(self._hold.waiting) if self._hold else []

    def admit(self, path: str) -> bool:
        """Called by the handler first: True to answer, False to hang up (dropped)."""
        with self._lock:
            hold = self._hold
            if hold is None:
                return True
            if path not in hold.paths and (hold.remaining is None or hold.remaining > 0):
                if hold.remaining is not None:
                    hold.remaining -= 1
                return True
            hold.waiting.append(path)
        hold.released.wait()
        with self._lock:
            hold.waiting.remove(path)
        return not hold.drop

    def start(self) -> LocalSite:
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self.release(drop=True)
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> LocalSite:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def _path_of(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + ("?" + parts.query if parts.query else "")


def recorded_portal_routes(corpus: Path | None = None, host: str = "www.pingtan.gov.cn",
                           **route_options) -> dict[str, Route]:
    """Routes for every recorded page of ``host`` in the corpus, under their real paths.

    The list pages are served at their section URLs (see the corpus README).
    """
    corpus = corpus or corpus_dir()
    routes: dict[str, Route] = {}
    with open(corpus / "MANIFEST.tsv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            if urlsplit(row["url"]).hostname == host:
                routes[_path_of(row["url"])] = Route((corpus / row["html"]).read_bytes(),
                                                     **route_options)
    if host == "www.pingtan.gov.cn":
        for section in ("zxta", "rdya"):
            path = f"/zwgk/zdlyxxgk/yata/{section}/"
            body = (corpus / "lists" / f"pingtan_{section}.html").read_bytes()
            routes[path] = Route(body, **route_options)
    routes["/robots.txt"] = Route(b"User-agent: *\nDisallow: /uc/\n",
                                  content_type="text/plain")
    return routes
