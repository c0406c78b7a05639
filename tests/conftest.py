"""Fixtures shared by the test modules."""

from __future__ import annotations

import pytest

from crawler.localsite import LocalSite


@pytest.fixture
def local_site():
    """A LocalSite on 127.0.0.1; add routes to ``site.routes`` before requesting them."""
    site = LocalSite().start()
    yield site
    site.stop()
