"""warcio's sixteen test archives (or our equivalents): read as warcio reads them.

For each file, ``iter_records`` must give the records warcio's ``ArchiveIterator``
gives (type, URL, status, payload bytes). Where warcio itself fails, the yardstick
is what its iterator reads in the file ``warcio recompress`` makes, and the file
must be reported ``recovered``. See ``tests/data/peer/README.md`` for provenance.
"""

from __future__ import annotations

import gzip
import sys
import zlib
from pathlib import Path

import pytest

from archive.index import index_warc
from archive.inspect import inspect_file

from .helpers import DATA
from .peer_archives import BUILDERS, build
from .peer_yardstick import cdxj_indexer_reference, ours, warcio_read, warcio_recompressed

PEER = DATA / "peer"
SAMPLES = Path(sys.prefix) / "sample_archive" / "warcs"  # installed by pywb

# warcio file -> (where ours or its twin is, status, repairs that must be counted)
PEERS = {
    "bad.arc": (SAMPLES / "bad.arc", "recovered", {"invalid-record-length": 3}),
    "example-bad-non-chunked.warc.gz": (PEER / "whole-file-gzip.warc.gz", "recovered",
                                        {"decompressed-offsets": 5}),
    "example-bad.warc.gz.bad": (SAMPLES / "example-bad.warc.gz.bad", "recovered",
                                {"decompressed-offsets": 6}),
    "example-digest.warc": (PEER / "digest-mismatch.warc", "read", {}),
    "example-iana.org-chunked.warc": (PEER / "chunked-transfer.warc", "read", {}),
    "example-resource.warc.gz": (PEER / "resource.warc.gz", "read", {}),
    "example-space-in-target-uri.warc.gz": (PEER / "space-in-target-uri.warc.gz", "read",
                                            {"target-uri-spaces": 1}),
    "example-space-in-url.arc": (PEER / "space-in-url.arc", "recovered",
                                 {"target-uri-spaces": 1, "record-shorter-than-declared": 1}),
    "example-trunc.warc": (PEER / "trunc.warc", "read", {"bytes-after-declared-length": 1}),
    "example-wget-bad-target-uri.warc.gz": (PEER / "wget-bracketed-target-uri.warc.gz", "read",
                                            {"target-uri-brackets": 4}),
    "example-wrong-chunks.warc.gz": (PEER / "wrong-chunks.warc.gz", "recovered",
                                     {"decompressed-offsets": 2}),
    "example.arc": (SAMPLES / "example.arc", "read", {}),
    "example.arc.gz": (SAMPLES / "example.arc.gz", "read", {}),
    "example.warc": (SAMPLES / "example.warc", "read", {}),
    "example.warc.gz": (SAMPLES / "example.warc.gz", "read", {}),
    "post-test.warc.gz": (SAMPLES / "post-test.warc.gz", "read", {}),
}


def _peer(name: str) -> tuple[Path, str, dict[str, int]]:
    path, status, quirks = PEERS[name]
    assert path.is_file(), f"{path} missing (pywb installs the samples: pip install -e '.[test]')"
    return path, status, quirks


def test_every_warcio_test_file_has_a_peer():
    modelled = {warcio_name for _, _, warcio_name in BUILDERS.values()}
    assert len(PEERS) == 16 and modelled <= set(PEERS)
    assert {p.name for p, _, _ in PEERS.values() if p.parent == PEER} == set(BUILDERS)


@pytest.mark.parametrize("warcio_name", sorted(PEERS))
def test_iter_records_reads_what_warcio_reads(warcio_name):
    path, status, _ = _peer(warcio_name)
    yardstick = warcio_read(path)
    if yardstick.error:  # warcio fails on it: compare with what `warcio recompress` makes
        assert status == "recovered", yardstick.error
        yardstick = warcio_recompressed(path)
        assert not yardstick.error and yardstick.records
    records, errors = ours(path)
    assert errors == []
    assert records == yardstick.records
    assert [r for r in records if r[0] in ("response", "revisit")] == yardstick.http


@pytest.mark.parametrize("warcio_name", sorted(PEERS))
def test_each_file_is_accounted_for_with_its_repairs_counted(warcio_name):
    path, status, quirks = _peer(warcio_name)
    report = inspect_file(path)
    assert report.status == status, report.line()
    assert report.damage == [] and report.records == len(ours(path)[0])
    for name, count in quirks.items():
        assert report.quirks.get(name) == count, report.quirks
    assert report.copy_advised == ("decompressed-offsets" in quirks)
    assert report.line().startswith(f"{path}: {status} (")


@pytest.mark.parametrize("warcio_name", sorted(PEERS))
def test_the_index_is_cdxj_indexers_wherever_warcio_can_index(warcio_name, tmp_path):
    path, _, _ = _peer(warcio_name)
    copy = tmp_path / path.name
    copy.write_bytes(path.read_bytes())
    ours_index = index_warc(copy).read_text(encoding="utf-8")
    if warcio_read(path).error:
        # cdxj-indexer stops at warcio's error; ours has a line per record the reader gives
        with pytest.raises(Exception):  # noqa: B017 - whatever warcio raises
            cdxj_indexer_reference(copy, tmp_path / "ref.cdxj")
        indexed = {"response", "revisit", "resource", "metadata"}
        assert len(ours_index.splitlines()) == sum(1 for r in ours(path)[0] if r[0] in indexed)
        return
    assert ours_index == cdxj_indexer_reference(copy, tmp_path / "ref.cdxj")


def _members(data: bytes) -> list[bytes]:
    """The decompressed content of each gzip member (zlib versions differ in bytes)."""
    out = []
    while data:
        decomp = zlib.decompressobj(zlib.MAX_WBITS | 16)
        out.append(decomp.decompress(data))
        assert decomp.eof
        data = decomp.unused_data
    return out


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_our_peer_files_are_what_the_generator_builds(name):
    committed = (PEER / name).read_bytes()
    built = build(name)
    if BUILDERS[name][1]:
        assert _members(committed) == _members(built)
        assert gzip.decompress(committed) == gzip.decompress(built)
    else:
        assert committed == built
