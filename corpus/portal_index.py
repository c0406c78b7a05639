"""The portal-URL index: a crawl from a mirror, found by the portal's own URLs.

A crawl with ``-a base_url=`` (a local mirror, the bundled recordings) fetches
``http://127.0.0.1:8000/zwgk/...`` and archives it under that URI, as fetched, while
its documents are named by the portal's URL (the sidecar's ``url``). The mapping
between the two is recorded in each page's decision record (``document-url`` and
``attachment-N-url`` beside the records they name). ``write_portal_index`` turns it
into ``<name>.portal.cdxj`` beside the WARC: a copy of each named record's own index
line, under the portal URL's SURT key and with ``url`` the portal URL. A directory of
WARCs is a pywb index directory, and ``CdxjIndex`` reads every ``*.cdxj`` in it, so
both find a document's capture from its sidecar ``url``; the main ``.cdxj`` stays
byte-identical to cdxj-indexer's. A crawl of the portal itself has no such lines
and gets no such file.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from archive import files
from archive.index import index_path_for, url_key
from archive.location import RecordLocation
from archive.reader import ReadError, iter_records

from .decision import DecisionError, read_decision

__all__ = ["PORTAL_INDEX_SUFFIX", "portal_index_path", "portal_lines", "portal_pairs",
           "write_portal_index"]

logger = logging.getLogger(__name__)
PORTAL_INDEX_SUFFIX = ".portal.cdxj"


def portal_index_path(warc_path: str | os.PathLike[str]) -> Path:
    """``x.warc.gz`` -> ``x.portal.cdxj`` beside it."""
    main = index_path_for(warc_path)
    return main.with_name(main.name[: -len(".cdxj")] + PORTAL_INDEX_SUFFIX)


def portal_pairs(warc_path: str | os.PathLike[str]) -> Iterator[tuple[str, RecordLocation]]:
    """(portal URL, the record it was fetched as) for each page and attachment that the
    file's decision records name under another URL than the one fetched."""
    def skip(error: ReadError) -> None:  # damage is reported where the file is read
        return None

    for record in iter_records(warc_path, types=("metadata",), on_error=skip):
        try:
            decision = read_decision(record)
        except DecisionError:
            continue
        if decision is None:
            continue
        named = [(decision.document_url, decision.page),
                 *((a.url, a.payload) for a in decision.attachments if a.payload is not None)]
        for url, location in named:
            if location.filename and location.target_uri and url != location.target_uri:
                yield url, location


def _index_lines(directory: Path, filename: str) -> dict[int, str]:
    """The main index lines of one WARC of ``directory``, by record offset."""
    try:
        with open(index_path_for(directory / filename), encoding="utf-8") as fh:
            lines = [line.rstrip("\n") for line in fh if line.strip() and line[0] != "!"]
    except OSError:
        return {}
    return {int(json.loads(line.split(" ", 2)[2])["offset"]): line for line in lines}


def _aliased(line: str, url: str) -> str:
    _, timestamp, data = line.split(" ", 2)
    fields = json.loads(data)
    fields["url"] = url
    return f"{url_key(url)} {timestamp} {json.dumps(fields, ensure_ascii=False)}"


def portal_lines(warc_path: str | os.PathLike[str],
                 pairs: Iterable[tuple[str, RecordLocation]] | None = None) -> list[str]:
    """The sorted lines of the portal-URL index of one WARC."""
    directory = Path(warc_path).parent
    by_file: dict[str, dict[int, str]] = {}
    lines = set()
    for url, location in portal_pairs(warc_path) if pairs is None else pairs:
        if location.filename not in by_file:
            by_file[location.filename] = _index_lines(directory, location.filename)
        line = by_file[location.filename].get(location.offset)
        if line is not None:
            lines.add(_aliased(line, url))
    return sorted(lines)


def write_portal_index(warc_path: str | os.PathLike[str]) -> Path | None:
    """Write ``<name>.portal.cdxj`` (atomically) when the WARC names pages by other URLs
    than those fetched; return its path, or None when there is nothing to write."""
    lines = portal_lines(warc_path)
    if not lines:
        return None
    target = portal_index_path(warc_path)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    data = ("\n".join(lines) + "\n").encode("utf-8")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o644)
    try:
        try:
            files.write_all(fd, data, 0)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    files.fsync_dir(target.parent)
    logger.info("portal-URL index %s: %d captures named by the portal's URLs", target.name,
                len(lines))
    return target
