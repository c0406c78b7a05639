"""平潭综合实验区 (www.pingtan.gov.cn): the 政协提案 and 人大议案 reply sections.

Both sections come from the portal registry (``corpus/portals.toml``:
``pingtan_zxta``, ``pingtan_rdya``), checked against the recorded list and
reply pages in tests/data/corpus. Each list page carries the whole section as
static ``<li>`` blocks (the TRS "动静结合" list), so page 1 links every reply.
"""

from __future__ import annotations

from typing import Any, ClassVar

from corpus.registry import Portal
from crawler.arguments import check_base_url, check_unknown_arguments
from spiders.base import ReplySpider, check_platform
from spiders.portal import resolve_portals

SECTIONS = ("pingtan_zxta", "pingtan_rdya")


class PingtanSpider(ReplySpider):
    name = "pingtan"
    ARGUMENTS: ClassVar[frozenset[str]] = frozenset({"base_url", "platform"})

    def __init__(self, *args: Any, **kwargs: Any):
        check_unknown_arguments({k: v for k, v in kwargs.items()
                                 if k not in self.ARGUMENTS}, self.ARGUMENTS, self.name)
        super().__init__(*args, **kwargs)
        self.setup_portals(self.check_arguments({}))

    @classmethod
    def check_arguments(cls, arguments: dict[str, str]) -> list[Portal]:
        check_unknown_arguments(arguments, cls.ARGUMENTS, cls.name)
        check_base_url(arguments.get("base_url"))
        check_platform(arguments.get("platform"))
        return [p for name in SECTIONS for p in resolve_portals(name=name)]
