"""TRS WCM (Guizhou, Hubei, Fujian's Pingtan, many ministries).

Lists ``index.html``, ``index_1.html`` …, the total announced by
``createPageHTML(<pages>, <current>, "index", "html")`` (or ``countPage`` and
``pageChnlInfo``); details ``./YYYYMM/tYYYYMMDD_<id>.shtml|htm``; body
``div.TRS_Editor`` / ``div.view.TRS_UEDITOR``. The pager rules are the generic
ones (they were written on the recorded Pingtan lists); what this module adds is
the detection and the body hint.
"""

from __future__ import annotations

import re

from cleaners.document import PortalHints

from . import register
from .base import Family, ListPage

_DETAIL = re.compile(r"/t\d{8}_\d+\.s?html?$")


def detect(page: ListPage) -> str | None:
    if page.doc is None:
        return None
    if "createPageHTML" in page.scripts:
        return "script createPageHTML(...)"
    if "pageChnlInfo" in page.scripts:
        return "script pageChnlInfo"
    if page.doc.xpath("//*[contains(@class, 'TRS_Editor') or contains(@class, 'TRS_UEDITOR')]"):
        return "class TRS_Editor"
    details = [h for h in page.doc.xpath("//a/@href") if _DETAIL.search(h.split("?")[0])]
    if len(details) >= 3:
        return f"{len(details)} links shaped t<date>_<id>"
    return None


TRS = register(Family(
    "trs", "TRS WCM", detect=detect,
    hints=PortalHints(container="div.TRS_Editor, div.TRS_UEDITOR"),
))
