"""The batch CLI: ``python -m cleaners PATH… [--out DIR] [--url-map FILE]``."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from cleaners import clean_page

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "tests" / "data" / "corpus"
PAGES = ["pingtan_zxta_38112", "sz_wtl_news", "gz_gov_news"]


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "cleaners", *args], capture_output=True,
                          text=True, cwd=REPO, timeout=300)


def urls() -> dict[str, str]:
    rows = (CORPUS / "MANIFEST.tsv").read_text(encoding="utf-8").splitlines()[1:]
    return {row.split("\t")[0]: row.split("\t")[2] for row in rows}


def test_many_pages_in_one_run_are_written_as_format_files(tmp_path):
    url_map = tmp_path / "urls.tsv"
    url_map.write_text("".join(f"{CORPUS}/html/{p}.html\t{urls()[p]}\n" for p in PAGES),
                       encoding="utf-8")
    out = tmp_path / "out"
    result = run_cli(*(str(CORPUS / "html" / f"{p}.html") for p in PAGES), "--out", str(out),
                     "--url-map", str(url_map))
    assert result.returncode == 0, result.stderr
    for page in PAGES:
        text = (out / f"{page}.txt").read_text(encoding="utf-8")
        expected = clean_page((CORPUS / "html" / f"{page}.html").read_bytes(), urls()[page])
        assert text == expected.text and not text.endswith("\n")
        assert json.loads((out / f"{page}.json").read_text(encoding="utf-8"))["title"] == \
            expected.sidecar["title"]


def test_a_corpus_manifest_serves_as_url_map_and_a_directory_as_input(tmp_path):
    out = tmp_path / "out"
    result = run_cli(str(CORPUS / "html"), "--out", str(out), "--url-map",
                     str(CORPUS / "MANIFEST.tsv"))
    assert result.returncode == 0, result.stderr
    assert len(list(out.glob("*.txt"))) == len(urls())
    gold = (CORPUS / "gold" / "gz_gov_news.txt").read_text(encoding="utf-8")
    assert (out / "gz_gov_news.txt").read_text(encoding="utf-8") == gold


def test_a_bad_page_is_one_line_and_the_others_are_still_written(tmp_path):
    bad = tmp_path / "bad.html"
    bad.write_bytes(b"\x00\xff\x00\xfe" * 10)
    good = CORPUS / "html" / f"{PAGES[0]}.html"
    out = tmp_path / "out"
    result = run_cli(str(bad), str(tmp_path / "missing.html"), str(good), "--out", str(out))
    assert result.returncode == 1
    lines = result.stderr.strip().split("\n")
    assert len(lines) == 2 and all(line.startswith("error: ") for line in lines)
    assert "binary" in lines[0] and "cannot read" in lines[1]
    assert (out / f"{PAGES[0]}.txt").exists() and "Traceback" not in result.stderr


@pytest.mark.parametrize("args", [
    ["a.html", "b.html"],                                   # several pages need --out
    ["a.html", "b.html", "--url", "http://x/", "--out", "o"],  # --url names one page
    ["a.html", "--json", "--out", "o"],
    ["--bogus", "a.html"],
])
def test_bad_arguments_exit_2(args):
    result = run_cli(*args)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_an_unreadable_url_map_or_output_dir_exits_3(tmp_path):
    page = str(CORPUS / "html" / f"{PAGES[0]}.html")
    result = run_cli(page, "--out", str(tmp_path), "--url-map", str(tmp_path / "none.tsv"))
    assert result.returncode == 3
    assert result.stderr.startswith("error: cannot read the URL map")
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = run_cli(page, "--out", str(blocker / "sub"))
    assert result.returncode == 3 and result.stderr.count("\n") == 1


def test_same_named_pages_from_two_folders_get_distinct_files(tmp_path):
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "page.html").write_bytes(
            (CORPUS / "html" / f"{PAGES[0]}.html").read_bytes())
    result = run_cli(str(tmp_path / "a"), str(tmp_path / "b"), "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert len(list((tmp_path / "out").glob("page.*.txt"))) == 2
