"""Quality gate: the cleaners against the gold corpus, on both paths users run.

* generic: no portal hints (``python -m cleaners.evaluation``);
* registry: every corpus page a registry entry covers, cleaned with that entry's hints
  (``python -m corpus.evaluation``).

Floors live in tests/quality_floors.json, one set per path, and only ever go up. The
same figures for plain trafilatura are printed side by side.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cleaners.evaluation import bigram_f1, format_report, format_step_portals, score_page
from cleaners.registry import STEPS
from corpus.evaluation import evaluate_both

FLOORS = json.loads((Path(__file__).parent / "quality_floors.json").read_text(encoding="utf-8"))
FIGURES = ["mean_bigram_f1", "min_bigram_f1", "line_precision", "line_recall",
           "metadata_accuracy"]


@pytest.fixture(scope="module")
def both():
    return evaluate_both()


@pytest.mark.parametrize("path", ["generic", "registry"])
def test_every_page_of_the_path_is_scored(both, path):
    assert len(both[path]["cleaners"].pages) == FLOORS[path]["pages"]


def test_the_registry_path_covers_only_registry_pages(both):
    pages = {p.page for p in both["registry"]["cleaners"].pages}
    assert pages and all(page.startswith("pingtan_") for page in pages)


@pytest.mark.parametrize("path", ["generic", "registry"])
@pytest.mark.parametrize("figure", FIGURES)
def test_cleaners_stay_above_their_floor(both, path, figure):
    assert both[path]["cleaners"].totals()[figure] >= FLOORS[path][figure]


@pytest.mark.parametrize("path", ["generic", "registry"])
def test_no_injected_snippet_leaks(both, path):
    report = both[path]["cleaners"]
    leaks = {p.page: p.leaks for p in report.pages if p.leaks}
    assert report.spam_leak <= FLOORS[path]["spam_leak"], leaks


def test_cleaners_beat_plain_trafilatura(both, capsys):
    ours, theirs = both["generic"]["cleaners"].totals(), both["generic"]["trafilatura"].totals()
    assert ours["mean_bigram_f1"] > theirs["mean_bigram_f1"]
    assert ours["line_recall"] > theirs["line_recall"]
    with capsys.disabled():
        for path, reports in both.items():
            print(f"\n{path} path\n" + format_report(reports))
        print(format_step_portals(both["generic"]["cleaners"], [s.name for s in STEPS]))


def test_step_portal_counts_name_every_step_that_changed_text(both):
    report = both["generic"]["cleaners"]
    portals = report.step_portals()
    changed = {step for page in report.pages for step in page.steps}
    assert set(portals) == changed
    assert len(portals["collapse_whitespace"]) == len({p.portal for p in report.pages})
    assert "acts on one portal only" not in format_step_portals(both["registry"]["cleaners"],
                                                                ["collapse_whitespace"])


def test_metrics_themselves():
    assert bigram_f1("甲乙丙", "甲 乙\n丙") == 1.0
    assert bigram_f1("甲乙", "丙丁") == 0.0
    keys = {"索引号": "", "发布机构": "", "文号": "", "发布日期": "", "时效性": ""}
    gold_meta = {"kind": "其他", "title": "T", "removed": ["广告词"], "metadata": keys}
    score = score_page("p", "其他\n甲\n广告 词", "其他\n甲\n乙", gold_meta, {"kind": "其他"})
    assert (score.line_hits, score.out_lines, score.gold_lines) == (2, 3, 3)
    assert score.leaks == ["广告词"]
    assert score.meta_hits == 1
