"""Dates in the forms Chinese portals print, normalised to ISO ``YYYY-MM-DD``."""

from __future__ import annotations

import re

__all__ = ["find_iso_date", "to_iso_date"]

_DATE = re.compile(
    r"(?P<y>(?:19|20)\d{2})\s*(?:[-/.年])\s*(?P<m>\d{1,2})\s*(?:[-/.月])\s*(?P<d>\d{1,2})\s*日?"
)
_COMPACT = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})(?P<m>[01]\d)(?P<d>[0-3]\d)(?!\d)")


def _valid(y: str, m: str, d: str) -> str | None:
    month, day = int(m), int(d)
    if 1 <= month <= 12 and 1 <= day <= 31:
        return f"{int(y):04d}-{month:02d}-{day:02d}"
    return None


def find_iso_date(text: str) -> str | None:
    """The first date in ``text`` as ISO, or None."""
    for pattern in (_DATE, _COMPACT):
        for m in pattern.finditer(text or ""):
            iso = _valid(m.group("y"), m.group("m"), m.group("d"))
            if iso:
                return iso
    return None


def to_iso_date(text: str) -> str:
    """``text`` as an ISO date if it holds one, else ``text`` unchanged (stripped)."""
    return find_iso_date(text) or (text or "").strip()
