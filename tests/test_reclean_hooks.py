"""Cleaner hooks for the re-clean tests (``--cleaner tests.test_reclean_hooks:NAME``).

Each wraps the real ``cleaners.clean_page``; they run inside the re-clean worker
processes, so they are configured through the environment. No tests here.
"""

from __future__ import annotations

import os
import signal
import time

from cleaners import RULES as REAL_RULES
from cleaners import STEPS as REAL_STEPS
from cleaners import clean_page

MARK = os.environ.get("GOVREPLY_TEST_HOOK_URL", "t20221104_38189")  # the page a hook picks on


def hanging_clean_page(body, url, *args, **kwargs):
    """Loops forever on the marked page (the SIGALRM limit must stop it)."""
    while MARK in url:
        pass
    return clean_page(body, url, *args, **kwargs)


def blocking_clean_page(body, url, *args, **kwargs):
    """Ignores SIGALRM and sleeps on the marked page (only the watchdog can stop it)."""
    if MARK in url:
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
        time.sleep(3600)
    return clean_page(body, url, *args, **kwargs)


def failing_clean_page(body, url, *args, **kwargs):
    """Raises on the marked page."""
    if MARK in url:
        raise ValueError("this page breaks the cleaner")
    return clean_page(body, url, *args, **kwargs)


def slow_clean_page(body, url, *args, **kwargs):
    """The real cleaner, slowly (so a run can be killed midway)."""
    time.sleep(float(os.environ.get("GOVREPLY_TEST_SLOW", "0.3")))
    return clean_page(body, url, *args, **kwargs)


BUMPED_STEP = os.environ.get("GOVREPLY_TEST_BUMP_STEP", "join_broken_lines")
BUMPED_STEPS = {s.name: s.version + (s.name == BUMPED_STEP) for s in REAL_STEPS}


def bumped_clean_page(body, url, *args, **kwargs):
    """The real cleaner as if ``BUMPED_STEP`` had a new version."""
    document = clean_page(body, url, *args, **kwargs)
    document.sidecar["step_versions"] = dict(BUMPED_STEPS)
    document.sidecar["cleaner_version"] = bumped_clean_page.CLEANER_VERSION
    return document


bumped_clean_page.CLEANER_VERSION = f"1.bumped-{BUMPED_STEP}"
bumped_clean_page.STEPS = BUMPED_STEPS


BUMPED_RULES = {name: version + 1 for name, version in REAL_RULES.items()}


def rule_bumped_clean_page(body, url, *args, **kwargs):
    """The real cleaner as if every metadata rule (``cleaners.RULES``) had a new version."""
    document = clean_page(body, url, *args, **kwargs)
    document.sidecar["rule_versions"] = dict(BUMPED_RULES)
    document.sidecar["cleaner_version"] = rule_bumped_clean_page.CLEANER_VERSION
    return document


rule_bumped_clean_page.CLEANER_VERSION = "1.bumped-rules"
rule_bumped_clean_page.STEPS = REAL_STEPS
rule_bumped_clean_page.RULES = BUMPED_RULES
