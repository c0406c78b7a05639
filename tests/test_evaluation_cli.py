"""The evaluation commands (``cleaners.evaluation``, ``corpus.evaluation``) on bad input:
one line on stderr and a distinct exit status, never a traceback."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from cleaners.evaluation import CORPUS

from .helpers import REPO

MODULES = ("cleaners.evaluation", "corpus.evaluation")
PAGE = "gz_gov_news"


def _run(module: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", module, *args], cwd=REPO, capture_output=True,
                          text=True, timeout=300)


def _one_page_corpus(tmp_path, gold_json: str | None = None):
    """A corpus of one page of the bundled corpus, its sidecar optionally replaced."""
    rows = (CORPUS / "MANIFEST.tsv").read_text(encoding="utf-8").split("\n")
    row = next(r for r in rows if r.startswith(PAGE + "\t"))
    (tmp_path / "html").mkdir()
    (tmp_path / "gold").mkdir()
    (tmp_path / "MANIFEST.tsv").write_text(rows[0] + "\n" + row + "\n", encoding="utf-8")
    shutil.copy(CORPUS / "html" / f"{PAGE}.html", tmp_path / "html")
    shutil.copy(CORPUS / "gold" / f"{PAGE}.txt", tmp_path / "gold")
    sidecar = tmp_path / "gold" / f"{PAGE}.json"
    if gold_json is None:
        shutil.copy(CORPUS / "gold" / f"{PAGE}.json", sidecar)
    else:
        sidecar.write_text(gold_json, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("module", MODULES)
@pytest.mark.parametrize(("args", "words"), [
    (["/nonexistent/corpus"], "no MANIFEST.tsv there"),
    (["a", "b"], "unrecognized arguments: b"),
    (["--bogus"], "unrecognized arguments: --bogus"),
])
def test_bad_arguments_are_one_usage_line(module, args, words):
    done = _run(module, *args)
    assert done.returncode == 2
    assert words in done.stderr and "Traceback" not in done.stderr
    assert done.stdout == ""


@pytest.mark.parametrize("module", MODULES)
@pytest.mark.parametrize(("damage", "words"), [
    ("missing_html", "No such file or directory"),
    ("bad_json", "page gz_gov_news:"),
    ("no_metadata", "gold sidecar has no metadata object"),
])
def test_damaged_corpus_is_one_line_and_exit_3(module, tmp_path, damage, words):
    sidecar = {"bad_json": "{not json", "no_metadata": json.dumps({"title": "x"})}.get(damage)
    corpus = _one_page_corpus(tmp_path, sidecar)
    if damage == "missing_html":
        (corpus / "html" / f"{PAGE}.html").unlink()
    done = _run(module, str(corpus))
    assert done.returncode == 3, done.stderr
    lines = done.stderr.strip().split("\n")
    assert len(lines) == 1 and lines[0].startswith("error: ") and words in lines[0]


def test_a_one_page_corpus_is_scored(tmp_path):
    done = _run("cleaners.evaluation", str(_one_page_corpus(tmp_path)))
    assert done.returncode == 0, done.stderr
    assert PAGE in done.stdout and "mean F1 1.0000" in done.stdout


def test_a_corpus_the_registry_does_not_cover_says_so_on_the_registry_path(tmp_path):
    corpus = _one_page_corpus(tmp_path)
    manifest = corpus / "MANIFEST.tsv"  # the same page, at an address no entry covers
    rows = manifest.read_text(encoding="utf-8").split("\n")
    fields = rows[1].split("\t")
    url_column = next(i for i, f in enumerate(fields) if f.startswith("http"))
    fields[url_column] = "https://www.example-portal.gov.cn/art/2024/1/1/art_1_1.html"
    manifest.write_text("\n".join([rows[0], "\t".join(fields), ""]), encoding="utf-8")
    done = _run("corpus.evaluation", str(corpus))
    assert done.returncode == 0, done.stderr
    generic, registry = done.stdout.split("\nregistry path")
    assert PAGE in generic and "mean F1" in generic
    assert "(0 pages" in registry and "no page of this corpus is covered" in registry
    assert "mean F1" not in registry


def test_body_only_scores_the_body_against_a_body_gold_and_leaves_metadata_out(tmp_path):
    corpus = _one_page_corpus(tmp_path)
    gold = (corpus / "gold" / f"{PAGE}.txt").read_text(encoding="utf-8").split("\n")
    (corpus / "gold" / f"{PAGE}.txt").write_text("\n".join(gold[7:]), encoding="utf-8")
    whole = _run("cleaners.evaluation", str(corpus))
    body = _run("cleaners.evaluation", str(corpus), "--body-only")
    assert whole.returncode == body.returncode == 0
    assert "bodies only" in body.stdout and "metadata    n/a" in body.stdout
    row = next(line for line in body.stdout.split("\n") if line.startswith(PAGE))
    assert row.split("|")[1].split()[0] == "1.000"  # the body matches its gold exactly
    whole_row = next(line for line in whole.stdout.split("\n") if line.startswith(PAGE))
    assert float(whole_row.split("|")[1].split()[0]) < 1.0  # a header against a body gold
