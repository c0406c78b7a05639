"""``scrapy reclean`` over archives a user brings (issue 14 item 2, issue 12 items 10, 11).

Every file of a directory of warcio-style test archives (ours in tests/data/peer, and
pywb's installed twins of warcio's own) is reported as read, recovered, partly damaged
or refused; the HTML pages a ``--route --url-prefix`` selection picks become
documents; nothing is written beside the inputs; each run keeps its own report.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest

from .helpers import DATA, run_scrapy

SAMPLES = Path(sys.prefix) / "sample_archive" / "warcs"  # installed by pywb
TWINS = ("bad.arc", "example-bad.warc.gz.bad", "example.arc", "example.arc.gz",
         "post-test.warc.gz", "example.warc", "example.warc.gz")
STATUSES = {"read", "recovered", "partly-damaged", "refused"}
PICKED = {"http://example.com/", "http://example.com?example=1",
          "http://www.example.test/reply/17.html",
          "http://www.example.test/search?q=reply%20to%20proposal&page=1"}


def reclean(*args: str, check: bool = False):
    return run_scrapy("reclean", "--progress", "log", *args, settings={"LOG_LEVEL": "WARNING"},
                      check=check)


def _peer_dir(target: Path) -> Path:
    target.mkdir()
    for path in sorted((DATA / "peer").iterdir()):
        if path.is_file() and path.name != "README.md":  # warcio/ is its own test
            shutil.copy2(path, target / path.name)
    for name in TWINS:
        if (SAMPLES / name).exists():
            shutil.copy2(SAMPLES / name, target / name)
    return target


def _reports(out: Path) -> list[dict]:
    return [json.loads(p.read_text("utf-8"))
            for p in sorted((out / "reclean" / "reports").glob("*.json"))]


@pytest.mark.slow
def test_reclean_over_warcios_test_files_accounts_for_every_file(tmp_path):
    given = _peer_dir(tmp_path / "peer")
    before = sorted(p.name for p in given.iterdir())
    out = tmp_path / "out"
    args = (str(given), "-O", str(out), "--route", "--url-prefix", "http://example.com",
            "--url-prefix", "http://www.example.test/")
    result = reclean(*args)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    [report] = _reports(out)
    files = {Path(f["path"]).name: f for f in report["files"]}
    assert sorted(files) == before  # every file accounted for, none twice
    assert {f["status"] for f in files.values()} <= STATUSES
    assert files["whole-file-gzip.warc.gz"]["status"] == "recovered"
    assert "recovered" in files["whole-file-gzip.warc.gz"]["read_from"]
    assert files["example.arc"]["status"] == "read"
    for name, entry in files.items():  # what is not simply read is printed, one line each
        if entry["status"] != "read":
            assert f"{entry['status']}: {given / name}" in result.stdout
    urls = {json.loads(p.read_text("utf-8"))["url"] for p in (out / "text").rglob("*.json")}
    assert urls == PICKED
    assert sorted(p.name for p in given.iterdir()) == before  # nothing beside the inputs
    again = reclean(*args, "--restart")  # inspected and copied once: read from the output
    assert again.returncode == 0 and "0 documents cleaned, 4 unchanged" in again.stdout
    assert "wrote a copy" not in again.stderr
    assert len(_reports(out)) == 2  # one report per run
    assert json.loads((out / "reclean" / "report.json").read_text("utf-8"))["unchanged"] == 4


def test_a_file_named_warc_gz_that_is_no_warc_is_reported_and_skipped(tmp_path):
    given = tmp_path / "in"
    given.mkdir()
    shutil.copy2(DATA / "peer" / "trunc.warc", given / "trunc.warc")
    (given / "x.warc.gz").write_text("<html><body>not an archive</body></html>\n" * 20)
    out = tmp_path / "out"
    result = reclean(str(given), "-O", str(out), "--route", "--url-prefix",
                     "http://www.example.test/")
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    assert f"refused: {given / 'x.warc.gz'}" in result.stdout
    assert "files: 2 (1 read, 1 refused)" in result.stdout
    assert "1 documents cleaned" in result.stdout
    assert sorted(p.name for p in given.iterdir()) == ["trunc.warc", "x.warc.gz"]
    alone = reclean(str(given / "x.warc.gz"), "-O", str(tmp_path / "out2"))
    assert alone.returncode == 1
    assert alone.stderr.strip().splitlines()[-1] == \
        "reclean: error: none of the files given is a WARC or ARC file"


def test_an_unknown_cleaner_is_one_line_and_exit_64(tmp_path):
    result = reclean(str(DATA / "peer"), "-O", str(tmp_path), "--cleaner", "nosuch:thing")
    assert result.returncode == 64
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines()[-1].startswith(
        "reclean: error: --cleaner nosuch:thing: ModuleNotFoundError")


def test_a_document_that_cannot_be_written_exits_74_without_a_traceback(tmp_path):
    given = tmp_path / "in"
    given.mkdir()
    shutil.copy2(DATA / "peer" / "chunked-transfer.warc", given / "c.warc")
    out = tmp_path / "out"
    (out / "text").mkdir(parents=True)
    (out / "text" / "www.example.test").write_text("a file where the folder goes")
    result = reclean(str(given), "-O", str(out), "--route", "--url-prefix",
                     "http://www.example.test/")
    assert result.returncode == 74, result.stdout + result.stderr[-2000:]
    assert "Traceback" not in result.stderr


def test_a_derived_warc_that_cannot_be_written_exits_74(tmp_path):
    given = tmp_path / "in"
    given.mkdir()
    shutil.copy2(DATA / "peer" / "chunked-transfer.warc", given / "c.warc")
    out = tmp_path / "out"
    # the derived file's own path is taken by a directory: opening it fails (EISDIR)
    (out / "reclean" / "derived" / "c.warc@0-eof.warc.gz.open").mkdir(parents=True)
    result = reclean(str(given), "-O", str(out), "--route", "--url-prefix",
                     "http://www.example.test/", "--derived-warc")
    assert result.returncode == 74, result.stdout + result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    assert "ArchiveWriteError" in result.stdout


def test_help_texts_are_not_garbled_and_name_arguments_and_exit_codes():
    reclean_help = run_scrapy("reclean", "-h").stdout
    flat = " ".join(reclean_help.split())
    assert "records per shard, the unit of resumption; default 100" in flat
    assert "seconds one document may take, 0 for no limit; default 60" in flat
    underlined = [line for line in reclean_help.splitlines() if set(line) <= {"=", "-"}
                  and line]
    assert len(underlined) == 3  # Usage, Options, Global Options: nothing else
    assert "74  an output could not be written" in reclean_help
    nightly_help = run_scrapy("nightly", "-h").stdout
    for argument in ("name=NAME|all", "start_url=URL", "kind=KIND", "base_url=URL"):
        assert argument in nightly_help
    for code in ("0   success", "1   partial failure", "2   template drift", "75  locked"):
        assert code in nightly_help
