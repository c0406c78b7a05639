"""The quality gate on the path users run: both paths over the gold corpus.

``python -m corpus.evaluation [CORPUS_DIR]`` prints the generic path (no hints, as
``python -m cleaners.evaluation`` does) and the registry path: every corpus page a
registry entry covers, cleaned with that entry's ``PortalHints``. It lives above the
cleaners because the cleaners must not import the registry (the corpus layer sits above
them); the scoring is the cleaners' own (:func:`cleaners.evaluation.evaluate`).
"""

from __future__ import annotations

import sys
from pathlib import Path

from cleaners.evaluation import (
    CORPUS,
    EXIT_CORPUS,
    CorpusError,
    Report,
    corpus_argument,
    evaluate,
    format_report,
    format_step_portals,
)
from cleaners.registry import STEPS
from corpus.registry import load_registry

__all__ = ["evaluate_both", "main"]


def evaluate_both(corpus: Path = CORPUS, body_only: bool = False
                  ) -> dict[str, dict[str, Report]]:
    """``{"generic": reports, "registry": reports}`` over ``corpus``."""
    registry = load_registry()
    return {
        "generic": evaluate(corpus, body_only=body_only),
        "registry": evaluate(corpus, names=("cleaners",), hints=registry.hints_for_url,
                             body_only=body_only),
    }


def main(argv: list[str] | None = None) -> int:
    """Print both paths' reports; a damaged corpus is one line on stderr and exit 3."""
    corpus, body_only = corpus_argument(
        "python -m corpus.evaluation", "Score the cleaners on the generic and the registry "
        "path.", argv)
    try:
        both = evaluate_both(corpus, body_only)
    except CorpusError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_CORPUS
    steps = [s.name for s in STEPS]
    for path, reports in both.items():
        count = len(reports["cleaners"].pages)
        print(f"\n{path} path ({count} pages{', registry hints' if path == 'registry' else ''})")
        if not count:  # no means of nothing: a corpus of portals the registry lacks
            print("no page of this corpus is covered by a registry entry")
            continue
        print(format_report(reports))
        print(format_step_portals(reports["cleaners"], steps))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
