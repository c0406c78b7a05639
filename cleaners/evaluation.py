"""Quality of the cleaners against the gold corpus, side by side with plain trafilatura.

Figures per page and in total: character-bigram F1 of the whole document (white
space removed), exact-line precision and recall, metadata accuracy (the five
keys, kind and title) and spam leak (gold ``removed`` snippets found in the
output). Run ``python -m cleaners.evaluation`` to print the report. The cleaner
runs without portal hints, so the figures measure the generic rules.
"""

from __future__ import annotations

import csv
import json
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import trafilatura

from .chars import strip_spaces
from .metadata import FIVE_KEYS
from .pipeline import clean_page

__all__ = ["CORPUS", "PageScore", "Report", "evaluate", "format_report", "score_page"]

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "data" / "corpus"
META_FIELDS = ("kind", *FIVE_KEYS, "title")


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
        return sum(p.bigram_f1 for p in self.pages) / len(self.pages)

    @property
    def min_f1(self) -> float:
        return min(p.bigram_f1 for p in self.pages)

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


def score_page(page: str, out: str, gold: str, gold_meta: dict, fields: dict) -> PageScore:
    """Score one output document ``out`` against the gold text and sidecar."""
    out_lines, gold_lines = out.split("\n"), gold.split("\n")
    hits = sum((Counter(out_lines) & Counter(gold_lines)).values())
    expected = {"kind": gold_meta["kind"], "title": gold_meta["title"], **gold_meta["metadata"]}
    meta_hits = sum(1 for f in META_FIELDS if fields.get(f) == expected.get(f))
    flat = strip_spaces(out)
    leaks = [s for s in gold_meta.get("removed", []) if strip_spaces(s) in flat]
    return PageScore(page, bigram_f1(out, gold), hits, len(out_lines), len(gold_lines),
                     meta_hits, len(META_FIELDS), leaks)


def _manifest(corpus: Path) -> list[dict[str, str]]:
    with (corpus / "MANIFEST.tsv").open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def _cleaner(body: bytes, url: str) -> tuple[str, dict]:
    text = clean_page(body, url).text
    return text, _header_fields(text)


def _plain_trafilatura(body: bytes, url: str) -> tuple[str, dict]:
    doc = trafilatura.bare_extraction(body, url=url, with_metadata=True)
    if doc is None:
        return "", {}
    fields = {"title": doc.title or "", "发布日期": doc.date or ""}
    return doc.text or "", fields


EXTRACTORS: dict[str, Callable[[bytes, str], tuple[str, dict]]] = {
    "cleaners": _cleaner,
    "trafilatura": _plain_trafilatura,
}


def evaluate(corpus: Path = CORPUS, names: tuple[str, ...] = ("cleaners", "trafilatura")
             ) -> dict[str, Report]:
    """Run each extractor over every page of ``corpus`` and score it."""
    reports = {name: Report(name, []) for name in names}
    for row in _manifest(corpus):
        page = row["id"]
        body = (corpus / "html" / f"{page}.html").read_bytes()
        gold = (corpus / "gold" / f"{page}.txt").read_text(encoding="utf-8")
        gold_meta = json.loads((corpus / "gold" / f"{page}.json").read_text(encoding="utf-8"))
        for name in names:
            out, fields = EXTRACTORS[name](body, row["url"])
            reports[name].pages.append(score_page(page, out, gold, gold_meta, fields))
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
        rows.append(f"{n:<12} mean F1 {t['mean_bigram_f1']:.4f}  min F1 {t['min_bigram_f1']:.4f}  "
                    f"line P {t['line_precision']:.4f}  line R {t['line_recall']:.4f}  "
                    f"metadata {t['metadata_accuracy']:.4f}  spam leak {t['spam_leak']}")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    """Print the report (``python -m cleaners.evaluation [CORPUS_DIR]``)."""
    args = sys.argv[1:] if argv is None else argv
    corpus = Path(args[0]) if args else CORPUS
    print(format_report(evaluate(corpus)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
