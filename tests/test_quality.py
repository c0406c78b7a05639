"""Quality gate: the cleaners (generic path, no portal hints) against the gold corpus.

Floors live in tests/quality_floors.json and only ever go up. The same figures
for plain trafilatura are printed side by side (``python -m cleaners.evaluation``).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cleaners.evaluation import bigram_f1, evaluate, format_report, score_page

FLOORS = json.loads((Path(__file__).parent / "quality_floors.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def reports():
    return evaluate()


def test_every_corpus_page_is_scored(reports):
    assert len(reports["cleaners"].pages) == 36
    assert len(reports["trafilatura"].pages) == 36


@pytest.mark.parametrize("figure", ["mean_bigram_f1", "min_bigram_f1", "line_precision",
                                    "line_recall", "metadata_accuracy"])
def test_cleaners_stay_above_their_floor(reports, figure):
    assert reports["cleaners"].totals()[figure] >= FLOORS[figure]


def test_no_injected_snippet_leaks(reports):
    leaks = {p.page: p.leaks for p in reports["cleaners"].pages if p.leaks}
    assert reports["cleaners"].spam_leak <= FLOORS["spam_leak"], leaks


def test_cleaners_beat_plain_trafilatura(reports, capsys):
    ours, theirs = reports["cleaners"].totals(), reports["trafilatura"].totals()
    assert ours["mean_bigram_f1"] > theirs["mean_bigram_f1"]
    assert ours["line_recall"] > theirs["line_recall"]
    with capsys.disabled():
        print("\n" + format_report(reports))


def test_metrics_themselves():
    assert bigram_f1("甲乙丙", "甲 乙\n丙") == 1.0
    assert bigram_f1("甲乙", "丙丁") == 0.0
    keys = {"索引号": "", "发布机构": "", "文号": "", "发布日期": "", "时效性": ""}
    gold_meta = {"kind": "其他", "title": "T", "removed": ["广告词"], "metadata": keys}
    score = score_page("p", "其他\n甲\n广告 词", "其他\n甲\n乙", gold_meta, {"kind": "其他"})
    assert (score.line_hits, score.out_lines, score.gold_lines) == (2, 3, 3)
    assert score.leaks == ["广告词"]
    assert score.meta_hits == 1
