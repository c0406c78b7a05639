"""Re-clean archived WARCs into FORMAT.md documents: streaming, parallel, resumable.

``run_reclean(RecleanOptions(inputs=[...], output=...))`` runs the whole job;
``scrapy reclean`` (and ``python -m reclean``) is its command line. It reads
what the crawl decided from the WARCs' decision records, routes WARCs that have
none with today's discovery rules, and makes every document with the crawl's own
maker (``corpus.maker``). No Scrapy, Twisted, ``crawler`` or ``spiders`` is
imported here or in the worker processes. See the README, "Re-cleaning archived
WARCs".
"""

from .job import RecleanError, RecleanOptions, run_reclean
from .report import Summary

__all__ = ["RecleanError", "RecleanOptions", "Summary", "run_reclean"]
