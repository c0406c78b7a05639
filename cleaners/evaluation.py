"""Quality of the cleaners against a gold corpus, side by side with plain trafilatura.

Figures per page and in total: character-bigram F1 of the whole document (white space
removed), exact-line precision and recall, metadata accuracy (the five keys, kind and
title) and spam leak (gold ``removed`` snippets found in the output). Besides, for each
cleaning step, the distinct portals of the corpus on which it changed the text; a step
that acts on one portal only is flagged for review (a rule that may be tied to one site).

``python -m cleaners.evaluation [CORPUS_DIR]`` runs the generic path (no portal hints).
``--body-only`` scores a corpus of general web pages whose gold texts are bodies only
(no metadata block, no title): each document's body (what follows its title line) is
compared with the gold, metadata is not scored, and the leak check is the same.
The registry path (hints from the portal registry) is run one layer up, by
``python -m corpus.evaluation``, with the same scoring: :func:`evaluate` takes the hints.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import trafilatura

from .chars import strip_spaces
from .document import PortalHints
from .metadata import FIVE_KEYS
from .pipeline import clean_page

__all__ = [
    "CORPUS",
    "CorpusError",
    "PageScore",
    "Report",
    "bigram_f1",
    "body_of",
    "corpus_argument",
    "evaluate",
    "format_report",
    "format_step_portals",
    "main",
    "score_page",
]

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "data" / "corpus"
META_FIELDS = ("kind", *FIVE_KEYS, "title")
Hints = Callable[[str], "PortalHints | None"]


@dataclass
class PageScore:
    """The figures of one page for one extractor."""

    page: str
    bigram_f1: float
    line_hits: int
    out_lines: int
    gold_lines: int
    meta_hits: int
    meta_total: int
    leaks: list[str] = field(default_factory=list)
    portal: str = ""
    steps: list[str] = field(default_factory=list)

    @property
    def line_precision(self) -> float:
        return self.line_hits / self.out_lines if self.out_lines else 0.0

    @property
    def line_recall(self) -> float:
        return self.line_hits / self.gold_lines if self.gold_lines else 0.0


@dataclass
class Report:
    """All pages of one extractor, with totals."""

    name: str
    pages: list[PageScore]

    @property
    def mean_f1(self) -> float:
        return sum(p.bigram_f1 for p in self.pages) / max(1, len(self.pages))

    @property
    def min_f1(self) -> float:
        return min((p.bigram_f1 for p in self.pages), default=0.0)

    @property
    def line_precision(self) -> float:
        return sum(p.line_hits for p in self.pages) / max(1, sum(p.out_lines for p in self.pages))

    @property
    def line_recall(self) -> float:
        return sum(p.line_hits for p in self.pages) / max(1, sum(p.gold_lines for p in self.pages))

    @property
    def metadata_accuracy(self) -> float:
        total = sum(p.meta_total for p in self.pages)
        return sum(p.meta_hits for p in self.pages) / max(1, total)

    @property
    def spam_leak(self) -> int:
        return sum(len(p.leaks) for p in self.pages)

    def totals(self) -> dict[str, float]:
        return {
            "mean_bigram_f1": self.mean_f1,
            "min_bigram_f1": self.min_f1,
            "line_precision": self.line_precision,
            "line_recall": self.line_recall,
            "metadata_accuracy": self.metadata_accuracy,
            "spam_leak": self.spam_leak,
        }

    def step_portals(self) -> dict[str, set[str]]:
        """Each step and the distinct portals on whose pages it changed the text."""
        portals: dict[str, set[str]] = {}
        for page in self.pages:
            for step in page.steps:
                portals.setdefault(step, set()).add(page.portal)
        return portals


def _bigrams(text: str) -> Counter[str]:
    flat = strip_spaces(text)
    return Counter(flat[i:i + 2] for i in range(len(flat) - 1))


def bigram_f1(out: str, gold: str) -> float:
    """Character-bigram F1 of two documents, white space removed."""
    a, b = _bigrams(out), _bigrams(gold)
    if not a or not b:
        return 0.0
    overlap = sum((a & b).values())
    return 2 * overlap / (sum(a.values()) + sum(b.values()))


def _header_fields(text: str) -> dict[str, str]:
    """kind, the five keys and the title read back from a FORMAT.md document."""
    lines = text.split("\n")
    fields = {"kind": lines[0] if lines else ""}
    for key, line in zip(FIVE_KEYS, lines[1:6], strict=False):
        prefix = f"- {key}:"
        fields[key] = line[len(prefix):].strip() if line.startswith(prefix) else None
    fields["title"] = lines[6] if len(lines) > 6 else ""
    return fields


def body_of(document: str) -> str:
    """The body of a FORMAT.md document: the lines after its title (the seventh line)."""
    return "\n".join(document.split("\n")[len(META_FIELDS):])


def score_page(page: str, out: str, gold: str, gold_meta: dict, fields: dict | None
               ) -> PageScore:
    """Score one output document ``out`` against the gold text and sidecar (``fields``
    None: a body-only score, metadata left out)."""
    out_lines, gold_lines = out.split("\n"), gold.split("\n")
    hits = sum((Counter(out_lines) & Counter(gold_lines)).values())
    expected = {"kind": gold_meta.get("kind"), "title": gold_meta.get("title"),
                **gold_meta["metadata"]}
    meta_total = len(META_FIELDS) if fields is not None else 0
    meta_hits = sum(1 for f in META_FIELDS if fields.get(f) == expected.get(f)) if meta_total else 0
    flat = strip_spaces(out)
    leaks = [s for s in gold_meta.get("removed", []) if strip_spaces(s) in flat]
    return PageScore(page, bigram_f1(out, gold), hits, len(out_lines), len(gold_lines),
                     meta_hits, meta_total, leaks)


class CorpusError(Exception):
    """A corpus directory that cannot be evaluated (missing or damaged file)."""


EXIT_CORPUS = 3


def manifest(corpus: Path) -> list[dict[str, str]]:
    """The rows of ``corpus/MANIFEST.tsv``; each names at least ``id`` and ``url``."""
    try:
        with (corpus / "MANIFEST.tsv").open(encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh, delimiter="\t"))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise CorpusError(f"{corpus}/MANIFEST.tsv: cannot read it: {exc}") from exc
    for number, row in enumerate(rows, 2):
        if not row.get("id") or row.get("url") is None:
            raise CorpusError(f"{corpus}/MANIFEST.tsv line {number}: no id or url column")
    return rows


def _read_page(corpus: Path, page: str) -> tuple[bytes, str, dict]:
    """The html bytes, gold text and gold sidecar of ``page``."""
    try:
        body = (corpus / "html" / f"{page}.html").read_bytes()
        gold = (corpus / "gold" / f"{page}.txt").read_text(encoding="utf-8")
        gold_meta = json.loads((corpus / "gold" / f"{page}.json").read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise CorpusError(f"{corpus}: page {page}: {exc}") from exc
    if not isinstance(gold_meta, dict) or not isinstance(gold_meta.get("metadata"), dict):
        raise CorpusError(f"{corpus}: page {page}: gold sidecar has no metadata object")
    return body, gold, gold_meta


def _cleaner(body: bytes, url: str, hints: PortalHints | None) -> tuple[str, dict, list[str]]:
    document = clean_page(body, url, portal=hints)
    return document.text, _header_fields(document.text), document.sidecar["steps"]


_BODIES = {"cleaners": body_of}  # what each extractor's output holds besides its body


def _plain_trafilatura(body: bytes, url: str, hints: PortalHints | None):
    doc = trafilatura.bare_extraction(body, url=url, with_metadata=True)
    if doc is None:
        return "", {}, []
    return doc.text or "", {"title": doc.title or "", "发布日期": doc.date or ""}, []


EXTRACTORS = {"cleaners": _cleaner, "trafilatura": _plain_trafilatura}


def evaluate(corpus: Path = CORPUS, names: tuple[str, ...] = ("cleaners", "trafilatura"),
             hints: Hints | None = None, body_only: bool = False) -> dict[str, Report]:
    """Run each extractor over every page of ``corpus`` and score it.

    With ``hints`` (a URL -> :class:`PortalHints` look-up, the registry path) only the
    pages it knows are scored, and the cleaners get their hints. With ``body_only`` the
    gold texts are bodies: each output's body is scored, its metadata is not."""
    reports = {name: Report(name, []) for name in names}
    for row in manifest(corpus):
        page_hints = hints(row["url"]) if hints is not None else None
        if hints is not None and page_hints is None:
            continue
        page = row["id"]
        body, gold, gold_meta = _read_page(corpus, page)
        for name in names:
            out, fields, steps = EXTRACTORS[name](body, row["url"], page_hints)
            if body_only:
                out, fields = _BODIES.get(name, str)(out), None
            score = score_page(page, out, gold, gold_meta, fields)
            score.portal, score.steps = row.get("portal", ""), steps
            reports[name].pages.append(score)
    return reports


def format_report(reports: dict[str, Report]) -> str:
    """Per-page and total figures, extractors side by side."""
    names = list(reports)
    head = f"{'page':<22}" + "".join(f" | {n[:11]:>11} F1   P     R    meta leak" for n in names)
    rows = [head, "-" * len(head)]
    for i, page in enumerate(reports[names[0]].pages):
        cells = []
        for n in names:
            p = reports[n].pages[i]
            cells.append(f" | {p.bigram_f1:>14.3f} {p.line_precision:5.2f} {p.line_recall:5.2f} "
                         f"{p.meta_hits}/{p.meta_total} {len(p.leaks):>3}")
        rows.append(f"{page.page:<22}" + "".join(cells))
    rows.append("-" * len(head))
    for n in names:
        t = reports[n].totals()
        scored = any(p.meta_total for p in reports[n].pages)  # not in a body-only run
        meta = f"{t['metadata_accuracy']:.4f}" if scored else "   n/a"
        rows.append(f"{n:<12} mean F1 {t['mean_bigram_f1']:.4f}  min F1 {t['min_bigram_f1']:.4f}  "
                    f"line P {t['line_precision']:.4f}  line R {t['line_recall']:.4f}  "
                    f"metadata {meta}  spam leak {t['spam_leak']}")
    return "\n".join(rows)


def format_step_portals(report: Report, steps: list[str]) -> str:
    """How many distinct portals each step changed text on; one portal only is flagged."""
    portals = report.step_portals()
    total = len({p.portal for p in report.pages})
    rows = [f"steps: distinct portals (of {total}) on which a step changed the text"]
    for step in steps:
        seen = portals.get(step, set())
        flag = "   <- acts on one portal only: review" if len(seen) == 1 and total > 1 else ""
        rows.append(f"  {step:<26} {len(seen):>3}{flag}")
    return "\n".join(rows)


def corpus_argument(prog: str, description: str, argv: list[str] | None
                    ) -> tuple[Path, bool]:
    """The corpus directory named on the command line (default: the bundled corpus) and
    whether ``--body-only`` was given.

    A directory without ``MANIFEST.tsv`` is a usage error (argparse's one line, exit 2)."""
    parser = argparse.ArgumentParser(prog=prog, description=description)
    parser.add_argument("corpus", nargs="?", type=Path, default=CORPUS, metavar="CORPUS_DIR",
                        help="a directory laid out as tests/data/corpus (MANIFEST.tsv, html/, "
                             "gold/); default: the bundled corpus")
    parser.add_argument("--body-only", action="store_true",
                        help="the gold texts are bodies only (general web pages): score each "
                             "document's body, not its metadata")
    args = parser.parse_args(argv)
    if not (args.corpus / "MANIFEST.tsv").is_file():
        parser.error(f"{args.corpus}: no MANIFEST.tsv there")
    return args.corpus, args.body_only


def main(argv: list[str] | None = None) -> int:
    """Print the report (``python -m cleaners.evaluation [CORPUS_DIR]``)."""
    from .registry import STEPS

    corpus, body_only = corpus_argument(
        "python -m cleaners.evaluation", "Score the cleaners' generic path against a gold "
        "corpus.", argv)
    try:
        reports = evaluate(corpus, body_only=body_only)
    except CorpusError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_CORPUS
    print("generic path (no portal hints)" + (", bodies only" if body_only else ""))
    print(format_report(reports))
    print(format_step_portals(reports["cleaners"], [s.name for s in STEPS]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
