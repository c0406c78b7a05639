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

from cleaners.evaluation import CORPUS, Report, evaluate, format_report, format_step_portals
from cleaners.registry import STEPS
from corpus.registry import load_registry

__all__ = ["evaluate_both", "main"]


def evaluate_both(corpus: Path = CORPUS) -> dict[str, dict[str, Report]]:
    """``{"generic": reports, "registry": reports}`` over ``corpus``."""
    registry = load_registry()
    return {
        "generic": evaluate(corpus),
        "registry": evaluate(corpus, names=("cleaners",), hints=registry.hints_for_url),
    }


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    corpus = Path(args[0]) if args else CORPUS
    both = evaluate_both(corpus)
    steps = [s.name for s in STEPS]
    for path, reports in both.items():
        count = len(reports["cleaners"].pages)
        print(f"\n{path} path ({count} pages{', registry hints' if path == 'registry' else ''})")
        print(format_report(reports))
        print(format_step_portals(reports["cleaners"], steps))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
