"""The quick start's documents, as users get them, scored against the gold corpus.

``scrapy demo --output DIR`` (what ``quickstart.sh`` runs) crawls the bundled Pingtan
recordings through the portal registry; every document it writes is scored against the
gold document of its page, with the quality gate's own scoring.
"""

from __future__ import annotations

import csv
import json

import pytest

from cleaners.evaluation import _header_fields, score_page
from corpus.urls import document_stem

from .helpers import CORPUS, run_scrapy


def _gold_by_url() -> dict[str, str]:
    with open(CORPUS / "MANIFEST.tsv", encoding="utf-8", newline="") as fh:
        return {row["url"]: row["id"] for row in csv.DictReader(fh, delimiter="\t")}


@pytest.fixture(scope="module")
def demo_output(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo") / "output"
    run_scrapy("demo", "--output", str(out), timeout=600)
    return out


@pytest.mark.slow
def test_quick_start_documents_match_their_gold(demo_output):
    gold_ids = _gold_by_url()
    sidecars = sorted((demo_output / "text").rglob("*.json"))
    assert len(sidecars) == 28
    scores = []
    for path in sidecars:
        sidecar = json.loads(path.read_text(encoding="utf-8"))
        page = gold_ids[sidecar["url"]]
        assert path.stem == document_stem(sidecar["url"])
        text = path.with_suffix(".txt").read_text(encoding="utf-8")
        gold = (CORPUS / "gold" / f"{page}.txt").read_text(encoding="utf-8")
        gold_meta = json.loads((CORPUS / "gold" / f"{page}.json").read_text(encoding="utf-8"))
        scores.append(score_page(page, text, gold, gold_meta, _header_fields(text)))
    failing = {s.page: round(s.bigram_f1, 3) for s in scores if s.bigram_f1 < 1.0}
    assert not failing, failing
    assert all(s.meta_hits == s.meta_total for s in scores), [s.page for s in scores
                                                             if s.meta_hits < s.meta_total]
    assert sum(len(s.leaks) for s in scores) == 0


@pytest.mark.slow
def test_quick_start_documents_name_their_publisher(demo_output):
    for path in (demo_output / "text").rglob("*.txt"):
        publisher = path.read_text(encoding="utf-8").split("\n")[2]
        assert publisher.startswith("- 发布机构: ") and len(publisher) > len("- 发布机构: "), path
