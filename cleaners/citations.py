"""Drop an encyclopedia's citation marks inside the body: ``<sup>[1]</sup>``, ``[3-4]``.

A body step. A ``sup`` whose whole text is one bracketed reference number, a range or a
list of them (Wikipedia's ``<sup class="reference">``, Baike's ``<sup data-tag="ref">``)
points at the reference list; it is no part of the sentence it follows. A ``sup`` that
holds anything else (an exponent, ``m<sup>2</sup>``, a footnote's ``①``) stays.
"""

from __future__ import annotations

import re

from lxml import etree

from .steps import StepContext

__all__ = ["drop_citation_marks"]

_CITATION = re.compile(r"\[\s*\d{1,3}(?:\s*[-–,，]\s*\d{1,3})*\s*\]")
_SUPS = etree.XPath(".//sup")


def drop_citation_marks(body: etree._Element, ctx: StepContext | None = None
                        ) -> etree._Element:
    """Remove citation marks from the located ``body`` (each reported in ``ctx.removed``)."""
    for sup in _SUPS(body):
        text = "".join(sup.itertext()).strip()
        if not _CITATION.fullmatch(text):
            continue
        if ctx is not None:
            ctx.removed.append(text)
        sup.drop_tree()
    return body
