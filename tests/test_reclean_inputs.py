"""``reclean`` over damaged and foreign inputs that have no ``.cdxj`` yet (issue 13, item 8).

Indexing used to abort the job on a damaged member (0 of 28 documents) or to drop
every record after it from the plan; now it resyncs as the reader does.
"""

from __future__ import annotations

import gzip
import json

import pytest

from archive.index import index_path_for
from reclean import RecleanOptions, run_reclean

from .test_reclean import DOCS, baseline, crawl, files_of, warcs_copy  # noqa: F401 (fixtures)

pytestmark = pytest.mark.slow


def _damage_member(data: bytearray, offset: int) -> None:
    assert data[offset + 3] == 0  # no optional gzip header fields: deflate data at +10
    data[offset + 10] = 0xFF  # reserved deflate block type: invalid on any input


def test_a_damaged_member_without_an_index_costs_only_its_own_document(
        crawl, baseline, tmp_path):  # noqa: F811 (the fixtures imported above)
    warc_dir = warcs_copy(crawl, tmp_path / "warc")
    warc = next(warc_dir.glob("*.warc.gz"))
    good = run_reclean(RecleanOptions([str(warc_dir)], str(tmp_path / "first"),
                                      progress=False))
    assert good.cleaned == DOCS and not good.failures
    pointers = sorted(json.loads(p.read_text(encoding="utf-8"))["warc"]["offset"]
                      for p in (tmp_path / "first" / "text").rglob("*.json"))
    damaged = pointers[len(pointers) // 2]  # a reply page in the middle of the file
    data = bytearray(warc.read_bytes())
    _damage_member(data, damaged)
    warc.write_bytes(bytes(data))
    index_path_for(warc).unlink()
    notes = warc_dir / "notes.warc.gz"
    notes.write_text("a plain text file with a misleading name\n" * 50, encoding="utf-8")
    out = tmp_path / "out"
    given = sorted(p.name for p in warc_dir.iterdir())
    summary = run_reclean(RecleanOptions([str(warc_dir)], str(out), progress=False))
    assert summary.cleaned == DOCS - 1  # every later record is still planned
    # the damage is counted once, by the shard that reads it; the text file is refused,
    # reported and skipped, and nothing is written beside either input (issue 12, item 10)
    assert dict(summary.failed_by_reason) == {"corrupt": 1}
    [corrupt] = summary.failures
    assert corrupt["offset"] == damaged
    files = {f["path"]: f for f in summary.files}
    assert files[str(notes)]["status"] == "refused"
    assert files[str(warc)]["status"] == "partly-damaged"
    assert not index_path_for(notes).exists() and not index_path_for(warc).exists()
    assert sorted(p.name for p in warc_dir.iterdir()) == given
    expected = files_of(baseline)
    got = files_of(out)
    assert len(got) == len(expected) - 2 and all(expected[n] == d for n, d in got.items())


def test_an_uncompressed_copy_of_a_crawl_warc_gives_the_crawls_documents(
        crawl, baseline, tmp_path):  # noqa: F811 (the fixtures imported above)
    """``gunzip`` of a crawl's WARC: its decision records name the ``.gz`` file, which is
    not given, so its pages are routed (as --route does) from the plain file itself."""
    given = tmp_path / "plain"
    given.mkdir()
    [warc] = (crawl / "warc").glob("*.warc.gz")
    plain = given / warc.name.removesuffix(".gz")
    plain.write_bytes(gzip.decompress(warc.read_bytes()))
    out = tmp_path / "out"
    summary = run_reclean(RecleanOptions([str(given)], str(out), progress=False))
    assert summary.cleaned == DOCS and summary.failed == 0
    [entry] = summary.files
    assert entry["status"] == "read" and entry["layout"] == "uncompressed"
    expected, got = files_of(baseline), files_of(out)
    assert sorted(got) == sorted(expected)
    assert all(got[n] == d for n, d in expected.items() if n.endswith(".txt"))
    assert all(json.loads(got[n])["warc"]["filename"] == plain.name
               for n in got if n.endswith(".json"))
    assert sorted(p.name for p in given.iterdir()) == [plain.name]
