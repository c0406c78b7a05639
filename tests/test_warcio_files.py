"""warcio's own sixteen test archives (copies in ``tests/data/peer/warcio/``, see its
README for provenance and licence): read as warcio reads them, each accounted for."""

from __future__ import annotations

import hashlib
import re

import pytest

from archive.inspect import inspect_file

from .helpers import DATA
from .peer_yardstick import ours, warcio_read, warcio_recompressed
from .test_peer_archives import PEERS

COPIES = DATA / "peer" / "warcio"
# where the counts in these files differ from our equivalents' (PEERS)
QUIRKS = {"example-bad-non-chunked.warc.gz": {"decompressed-offsets": 6},
          "example-wget-bad-target-uri.warc.gz": {"target-uri-brackets": 5}}


def test_the_copies_are_unchanged_and_complete():
    listed = dict(re.findall(r"^\| `([^`]+)` \| `test/data/[^`]+` \| \d+ \| `([0-9a-f]{16})` \|$",
                             (COPIES / "README.md").read_text("utf-8"), re.M))
    assert set(listed) == set(PEERS)
    for name, digest in listed.items():
        assert hashlib.sha256((COPIES / name).read_bytes()).hexdigest()[:16] == digest, name
    licence = (COPIES / "LICENSE").read_text("utf-8")
    assert "Version 2.0" in licence and "www.apache.org/licenses/" in licence


@pytest.mark.parametrize("name", sorted(PEERS))
def test_each_copy_reads_as_warcio_reads_it_and_is_accounted_for(name):
    path = COPIES / name
    _, status, quirks = PEERS[name]
    yardstick = warcio_read(path)
    if yardstick.error:  # warcio fails on it: what its iterator reads after a recompress
        assert status == "recovered", yardstick.error
        yardstick = warcio_recompressed(path)
        assert not yardstick.error and yardstick.records
    records, errors = ours(path)
    assert errors == [] and records == yardstick.records
    report = inspect_file(path)
    assert report.status == status, report.line()
    assert report.damage == [] and report.records == len(records)
    for quirk, count in QUIRKS.get(name, quirks).items():
        assert report.quirks.get(quirk) == count, report.quirks
