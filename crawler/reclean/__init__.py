"""Re-clean archived WARCs into FORMAT.md documents: streaming, parallel, resumable.

``run_reclean(RecleanOptions(inputs=[...], output=...))`` runs the whole job;
``scrapy reclean`` is its command line. See the README, "Re-cleaning archived WARCs".
"""

from .job import RecleanOptions, run_reclean
from .report import Summary

__all__ = ["RecleanOptions", "Summary", "run_reclean"]
