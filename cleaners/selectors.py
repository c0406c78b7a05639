"""CSS selectors of portal hints, compiled once per selector string."""

from __future__ import annotations

from functools import lru_cache

from cssselect import SelectorError
from lxml import etree
from lxml.cssselect import CSSSelector

__all__ = ["compile_selector", "select_all"]


@lru_cache(maxsize=256)
def compile_selector(selector: str) -> CSSSelector:
    """The compiled selector; ``ValueError`` names a selector that does not parse."""
    try:
        return CSSSelector(selector, translator="html")
    except (SelectorError, SyntaxError) as exc:
        raise ValueError(f"invalid CSS selector {selector!r}: {exc}") from exc


def select_all(root: etree._Element, selector: str) -> list[etree._Element]:
    """Every element of ``root`` that ``selector`` matches, in document order."""
    return compile_selector(selector)(root)
