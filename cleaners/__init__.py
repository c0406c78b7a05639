"""Turn a fetched reply page into the FORMAT.md document and its sidecar.

One entry point: :func:`clean_page`. The cleaning steps, their versions and
their order are in :data:`STEPS`, the versions of the metadata rules in
:data:`RULES`; :data:`CLEANER_VERSION` derives from both.
"""

from .document import AttachmentText, CleanedDocument, PortalHints
from .page import ParsedPage, parse_page
from .pipeline import clean_page
from .registry import CLEANER_VERSION, RULES, STEPS

__all__ = [
    "CLEANER_VERSION",
    "RULES",
    "STEPS",
    "AttachmentText",
    "CleanedDocument",
    "ParsedPage",
    "PortalHints",
    "clean_page",
    "parse_page",
]
