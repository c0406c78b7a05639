"""平潭综合实验区 (www.pingtan.gov.cn): the 政协提案 and 人大议案 reply sections.

Both sections come from the portal registry (``corpus/portals.toml``:
``pingtan_zxta``, ``pingtan_rdya``), checked against the recorded list and
reply pages in tests/data/corpus. Each list page carries the whole section as
static ``<li>`` blocks (the TRS "动静结合" list), so page 1 links every reply.
"""

from __future__ import annotations

from typing import Any

from corpus.registry import load_registry
from spiders.base import ReplySpider

SECTIONS = ("pingtan_zxta", "pingtan_rdya")


class PingtanSpider(ReplySpider):
    name = "pingtan"

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        registry = load_registry()
        self.setup_portals(registry.get(name) for name in SECTIONS)
