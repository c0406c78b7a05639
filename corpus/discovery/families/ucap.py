"""UCAP / 开普云 (the Sichuan provincial portal and its departments).

Reply pages wrap title and body in ``<UCAPTITLE>`` / ``<UCAPCONTENT>`` tags, carry metas
``ColumnName``/``ColumnType`` (e.g. 省人大代表建议和答复) and ``Url``, and render the
article twice: the normal copy (``#cmsArticleContent``) and the 长者专区 elder-mode copy
(``div#zzzqcontentwrap2022``). Details ``/<site>/<col path>/YYYY/M/D/<32 hex>.shtml``.
The hints take the normal copy only. List pages have no markup of their own that is
known (none was recorded): they are read by the generic rules, and an ad-hoc section
is the list's folder (a column's details are dated folders inside it, as the recorded
``/10462/10464/10465/10595/2020/9/15/<hex>.shtml``). The Jiangxi intensive platform
(``yichun_tjgb_2022``) wraps its titles in ``<UCAPTITLE>`` too.
"""

from __future__ import annotations

import re

from cleaners.document import PortalHints

from . import register
from .base import Family, ListPage

_DETAIL = re.compile(r"/\d{4}/\d{1,2}/\d{1,2}/[0-9a-f]{32}\.shtml$")


def detect(page: ListPage) -> str | None:
    doc = page.doc
    if doc is None:
        return None
    if doc.xpath("//ucaptitle | //ucapcontent"):
        return "UCAPTITLE / UCAPCONTENT tags"
    if doc.xpath("//meta[@name='template,templategroup,version']"):
        return "meta template,templategroup,version"
    if doc.xpath("//*[@id='zzzqcontentwrap2022']"):
        return "elder-mode copy #zzzqcontentwrap2022"
    details = [h for h in doc.xpath("//a/@href") if _DETAIL.search(h.split("?")[0])]
    if len(details) >= 3 and doc.xpath("//meta[@name='SiteIDCode']"):
        return f"{len(details)} links shaped YYYY/M/D/<hex>.shtml"
    return None


UCAP = register(Family(
    "ucap", "UCAP / 开普云", detect=detect,
    hints=PortalHints(container="#cmsArticleContent", title="#articlecontent ucaptitle"),
))
