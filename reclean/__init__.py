"""Re-clean archived WARCs into FORMAT.md documents: streaming, parallel, resumable.

``run_reclean(RecleanOptions(inputs=[...], output=...))`` runs the whole job;
``scrapy reclean`` (and ``python -m reclean``) is its command line. It reads
what the crawl decided from the WARCs' decision records, routes WARCs that have
none with today's discovery rules, and makes every document with the crawl's own
maker (``corpus.maker``). No Scrapy, Twisted, ``crawler`` or ``spiders`` is
imported here or in the worker processes. See the README, "Re-cleaning archived
WARCs".
"""

__all__ = ["RecleanError", "RecleanOptions", "Summary", "run_reclean"]

_HOMES = {"RecleanError": "job", "RecleanOptions": "job", "run_reclean": "job",
          "Summary": "report"}


def __getattr__(name: str):
    """The job's names, imported on first use (PEP 562): a worker process imports
    ``reclean.worker`` only, not the job's planning (registry, routing)."""
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(f".{_HOMES[name]}", __name__), name)
