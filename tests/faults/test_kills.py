"""Kills at named points (issue 13, items 3 and 'mid-record'), and at random moments."""

from __future__ import annotations

import random
import sys

import pytest
from scrapy import Spider
from scrapy.utils.test import get_crawler

from archive.index import index_path_for
from archive.writer import OPEN_SUFFIX
from crawler.warcwriter import CrawlWarcWriter

from .harness import (
    archive_trial,
    check_warcs,
    index_gaps,
    record_keys,
    run_and_kill,
    run_until_fault,
    writer_child,
)


def _next_crawl_start(output) -> None:
    """What a crawl does with its WARC directory when it starts and stops (no fetch)."""
    crawler = get_crawler(Spider, {"GOVREPLY_OUTPUT_DIR": str(output)})
    writer = CrawlWarcWriter.from_crawler(crawler)  # the capture middleware's writer
    spider = Spider(name="faults")
    writer.spider_opened(spider)
    writer.spider_closed(spider)


def test_a_kill_between_rename_and_index_is_indexed_at_the_next_start(tmp_path):
    warc_dir = tmp_path / "warc"
    run = run_until_fault(writer_child(warc_dir, "--records", "60", "--max-size", "20000"),
                          "warc.renamed")
    assert run.fired == "warc.renamed", run.stderr[-2000:]
    finished = sorted(warc_dir.glob("*.warc.gz"))
    assert len(finished) == 1 and not index_path_for(finished[0]).exists()
    acknowledged = {line["record_id"] for line in run.lines() if "record_id" in line}
    _next_crawl_start(tmp_path)
    assert index_gaps(warc_dir) == []
    assert acknowledged <= record_keys(sorted(warc_dir.glob("*.warc.gz")))


def test_a_kill_between_recoverys_rename_and_index_is_indexed_at_the_next_start(tmp_path):
    warc_dir = tmp_path / "warc"
    killed = run_until_fault(writer_child(warc_dir, "--records", "20", "--die"), None)
    assert killed.returncode < 0 and list(warc_dir.glob("*" + OPEN_SUFFIX))
    recover = [sys.executable, "-c", "import sys; from archive.recovery import "
               "recover_open_files; recover_open_files(sys.argv[1])", str(warc_dir)]
    run = run_until_fault(recover, "recovery.renamed")
    assert run.fired == "recovery.renamed", run.stderr[-2000:]
    (finished,) = warc_dir.glob("*.warc.gz")
    assert not index_path_for(finished).exists()
    _next_crawl_start(tmp_path)
    assert index_gaps(warc_dir) == []


def test_a_kill_in_the_middle_of_a_record_keeps_every_acknowledged_record(tmp_path):
    # 3 MB incompressible bodies are written in 1 MiB pieces: the 4th piece is inside
    # the second record, after the first was acknowledged
    run = run_until_fault(writer_child(tmp_path, "--records", "4", "--random",
                                       "--body-size", "3000000", "--max-size", "100000000"),
                          "warc.mid_record@4")
    assert run.fired == "warc.mid_record", run.stderr[-2000:]
    assert len(run.lines()) == 1
    outcome = archive_trial(tmp_path, run)
    assert outcome.ok, outcome
    assert outcome.acknowledged == 1
    assert sum(tail.stat().st_size for tail in tmp_path.glob("*.tail")) > 1_000_000


@pytest.mark.slow
def test_random_kills_lose_no_acknowledged_record(tmp_path):
    rng = random.Random(13)
    for trial in range(6):
        out = tmp_path / f"trial{trial}"
        run = run_and_kill(writer_child(out, "--records", "0", "--max-size", "30000",
                                        "--body-size", str(rng.choice([500, 5000, 40000]))),
                           after=rng.uniform(0.8, 2.0))
        outcome = archive_trial(out, run)
        assert outcome.killed and outcome.acknowledged > 0
        assert outcome.ok, (trial, outcome)
        assert check_warcs(out).returncode == 0
