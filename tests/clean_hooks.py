"""Cleaner hooks for the crawl's cleaning pool (``GOVREPLY_CLEANER=tests.clean_hooks:NAME``).

They run inside the cleaning worker processes (``corpus.cleanworker``); each wraps the
real ``cleaners.clean_page`` and misbehaves on the page whose URL holds ``MARK``.
No tests here.
"""

from __future__ import annotations

import os
import sys
import time

from cleaners import clean_page

MARK = os.environ.get("GOVREPLY_TEST_HOOK_URL", "t20221104_38189")


def crashing_clean_page(body, url, *args, **kwargs):
    """Dies on the marked page, as a crash in C code would."""
    if MARK in url:
        os._exit(70)
    return clean_page(body, url, *args, **kwargs)


def greedy_clean_page(body, url, *args, **kwargs):
    """Asks for 4 GiB on the marked page (over any memory budget a test sets)."""
    if MARK in url:
        hog = bytearray(4 << 30)
        return hog  # never reached under the budget
    return clean_page(body, url, *args, **kwargs)


def slow_clean_page(body, url, *args, **kwargs):
    """The real cleaner, after ``GOVREPLY_TEST_SLOW`` seconds."""
    time.sleep(float(os.environ.get("GOVREPLY_TEST_SLOW", "1")))
    return clean_page(body, url, *args, **kwargs)


def modules_clean_page(body, url, *args, **kwargs):
    """The real cleaner; the sidecar also lists the worker's imported top-level modules."""
    document = clean_page(body, url, *args, **kwargs)
    document.sidecar["worker_modules"] = sorted({m.split(".")[0] for m in sys.modules})
    document.sidecar["worker_pid"] = os.getpid()
    return document
