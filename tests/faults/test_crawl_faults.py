"""Issue 13 at the crawl's level: nightlies killed at named points, run out of disk (JOBDIR
inside the output, ``--full`` too), and run side by side. After each, and the run that
follows it: no finished file damaged, no document lost, every failure in the report, the
right exit code."""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import time

import pytest

from crawler.localsite import LocalSite
from crawler.verdict import EXIT_IOERR, EXIT_LOCKED, EXIT_OK, EXIT_PARTIAL

from .crawl import (
    BIG_REPLY,
    clean_documents,
    crawl_check,
    documents,
    nightly_argv,
    run_nightly,
    trial_routes,
)
from .harness import FullDisk, child_env, small_filesystem

KILLED = -signal.SIGKILL
DONE = (EXIT_OK, EXIT_PARTIAL)


@pytest.fixture(scope="module")
def clean(tmp_path_factory):
    return clean_documents(tmp_path_factory.mktemp("clean"))


# -- kills at named points --------------------------------------------------------------------

@pytest.mark.slow
@pytest.mark.parametrize("point", ["state.committed@3", "documents.between_pair@5",
                                   "warc.renamed", "warc.mid_record@2", "state.before_commit@8"])
def test_a_nightly_killed_at_a_named_point_loses_nothing(tmp_path, clean, point):
    out = tmp_path / "out"
    settings = {"GOVREPLY_WARC_MAX_SIZE": "400000"}  # rotations, so warc.renamed fires
    with LocalSite(trial_routes()) as site:
        killed = run_nightly(site, out, point=point, settings=settings)
        assert killed.fired == point.split("@")[0], killed.stderr[-3000:]
        assert killed.returncode == KILLED
        after = run_nightly(site, out, settings=settings)
    assert after.returncode in DONE, after.stderr[-3000:]
    check = crawl_check(out, clean)
    assert check.ok, check
    assert documents(out) == clean  # the same documents as an undisturbed run


# -- a full disk ------------------------------------------------------------------------------

@pytest.fixture(params=["tmpfs", "injected"])
def small_disk(request, tmp_path):
    """A ``FullDisk``: a 24 MiB tmpfs (room for the whole crawl once space returns) where
    this machine can mount one, and a WARC writer that runs out of space (an injected
    ENOSPC) everywhere."""
    if request.param == "tmpfs":
        with small_filesystem(tmp_path / "disk", "24m") as mount:
            if mount is None:
                pytest.skip("cannot mount a tmpfs here (not root, or no mount namespace)")
            yield FullDisk(mount, real=True)
        return
    folder = tmp_path / "disk"
    folder.mkdir()
    yield FullDisk(folder, real=False)


def _full_run(disk: FullDisk, site: LocalSite, out, *extra: str, free: int):
    if disk.real:
        disk.leave(free)
        return run_nightly(site, out, *extra, settings={"JOBDIR": str(out / "jobs" / "all")})
    return run_nightly(site, out, *extra, enospc_after=free,
                       settings={"JOBDIR": str(out / "jobs" / "all")})


@pytest.mark.slow
@pytest.mark.parametrize("full", [False, True], ids=["nightly", "full"])
@pytest.mark.parametrize("free", [170_000, 250_000, 900_000])
def test_a_full_disk_stops_the_nightly_cleanly_with_exit_74(small_disk, clean, full, free):
    out = small_disk.path / "out"
    extra = ("--full",) if full else ()
    with LocalSite(trial_routes()) as site:
        started = time.monotonic()
        run = _full_run(small_disk, site, out, *extra, free=free)
        took = time.monotonic() - started
        assert run.returncode == EXIT_IOERR, (run.returncode, run.stderr[-3000:])
        assert took < 150  # bounded: the run ends, it does not hang on its JOBDIR
        last = run.stderr.strip().splitlines()[-1]
        assert last.startswith("archive write failed: ") and "errno 28" in last, last
        reports = sorted((out / "reports").glob("*.json"))
        if reports:  # written into the room set aside at the start
            report = json.loads(reports[-1].read_text("utf-8"))
            assert report["exit_code"] == EXIT_IOERR and report["io_error"]["errno"] == 28
            assert report["io_error"]["path"].startswith(str(out))
            assert "0 failed" not in run.stdout or report["portals"]
        small_disk.free()
        # space returns: the next night recovers and completes, nothing lost
        after = run_nightly(site, out, settings={"JOBDIR": str(out / "jobs" / "all")})
    assert after.returncode in DONE, after.stderr[-3000:]
    check = crawl_check(out, clean)
    assert check.ok, check


@pytest.mark.slow
def test_a_full_disk_before_the_first_fetch_is_one_line_and_exit_74(tmp_path):
    with small_filesystem(tmp_path / "disk", "1m") as mount:
        if mount is None:
            pytest.skip("cannot mount a tmpfs here")
        disk = FullDisk(mount, real=True)
        disk.leave(0)
        with LocalSite(trial_routes(big=False)) as site:
            run = run_nightly(site, mount / "out")
    assert run.returncode == EXIT_IOERR, run.stderr[-2000:]
    assert "No space left on device" in run.stderr.strip().splitlines()[-1]
    assert "Traceback" not in run.stderr


# -- runs side by side ------------------------------------------------------------------------

@pytest.mark.slow
def test_overlapping_runs_exclude_each_other_and_disjoint_ones_do_not(tmp_path, clean):
    out = tmp_path / "out"
    with LocalSite(trial_routes()) as site:
        site.hold(paths=[BIG_REPLY])  # keeps the first run busy
        first = subprocess.Popen(nightly_argv(site, out, portal="all"), env=child_env(),
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 120
        while BIG_REPLY not in site.held:
            assert time.monotonic() < deadline and first.poll() is None, "no hold reached"
            time.sleep(0.1)
        same = run_nightly(site, out, portal="pingtan_zxta")
        crawl = subprocess.run([*nightly_argv(site, out, portal="pingtan_zxta")[:3], "crawl",
                                "portal", *nightly_argv(site, out, portal="pingtan_zxta")[4:]],
                               env=child_env(), capture_output=True, text=True, timeout=120)
        site.release()
        first.communicate(timeout=300)
        assert same.returncode == EXIT_LOCKED and "pingtan_zxta is in progress" in same.stderr
        assert crawl.returncode == EXIT_LOCKED, crawl.stderr[-2000:]
        assert first.returncode in DONE
        # two different portals at once, on the same output: both run
        site.hold(paths=[BIG_REPLY])
        zxta = subprocess.Popen(nightly_argv(site, out, portal="pingtan_zxta"), env=child_env(),
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        while BIG_REPLY not in site.held:
            assert zxta.poll() is None, zxta.communicate()[1][-2000:]
            time.sleep(0.1)
        rdya = run_nightly(site, out, portal="pingtan_rdya")
        site.release()
        zxta.communicate(timeout=300)
    assert rdya.returncode in DONE and zxta.returncode in DONE, rdya.stderr[-2000:]
    assert not list((out / "locks").iterdir())  # every lock file removed by its holder
    check = crawl_check(out, clean)
    assert check.ok, check
    shutil.rmtree(out / "jobs", ignore_errors=True)


# -- the scheduler's disk queue on a full disk --------------------------------------------------

def test_a_disk_queue_that_cannot_be_written_stops_the_crawl_instead_of_hanging(tmp_path):
    """Issue 13 item 7: Scrapy's own scheduler raised from every push and pop, and its
    engine retried the pop every 5 s for ever. The guarded one stops the crawl once."""
    import errno

    from scrapy import Request, Spider
    from scrapy.utils.test import get_crawler

    from crawler.outcomes import ledger_for
    from crawler.scheduler import GuardedScheduler

    class _Spider(Spider):
        name = "faults"

    crawler = get_crawler(_Spider, {
        "JOBDIR": str(tmp_path / "job"), "GOVREPLY_OUTPUT_DIR": str(tmp_path / "out"),
        "SCHEDULER_PRIORITY_QUEUE": "scrapy.pqueues.ScrapyPriorityQueue"})
    crawler.stats.open_spider()
    scheduler = GuardedScheduler.from_crawler(crawler)
    scheduler.open(_Spider())
    assert scheduler.enqueue_request(Request("http://127.0.0.1:9/a"))

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    scheduler.dqs.push = scheduler.dqs.pop = full
    assert scheduler.enqueue_request(Request("http://127.0.0.1:9/b"))  # kept in memory
    assert scheduler.next_request().url == "http://127.0.0.1:9/b"  # no exception
    assert scheduler.next_request() is None and not scheduler.has_pending_requests()
    error = ledger_for(crawler).io_error
    assert error is not None and error.errno == errno.ENOSPC and error.disk_full
    assert str(error.path).startswith(str(tmp_path / "job"))
    scheduler.close("archive_write_error")  # saves nothing, raises nothing
