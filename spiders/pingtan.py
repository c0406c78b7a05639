"""平潭综合实验区 (www.pingtan.gov.cn): the 政协提案 and 人大议案 reply sections.

Written from the recorded list and reply pages in tests/data/corpus. Each list
page carries the whole section's items as static ``<li>`` blocks (the TRS
"动静结合" list), so page 1 links every reply; further ``index_N.htm`` pages are
followed when the page announces them.
"""

from __future__ import annotations

from cleaners.document import PortalHints
from spiders.base import ReplySpider

SECTIONS = (
    "https://www.pingtan.gov.cn/zwgk/zdlyxxgk/yata/zxta/",
    "https://www.pingtan.gov.cn/zwgk/zdlyxxgk/yata/rdya/",
)


class PingtanSpider(ReplySpider):
    name = "pingtan"
    portal_start_urls = SECTIONS
    hints = PortalHints(name="pingtan", container=".article_content")
