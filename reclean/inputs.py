"""The re-clean's input files: every file given is read, recovered or refused, and said so.

``prepare_inputs(paths, layout)`` lists every file under the given files, directories
and globs (``archive.reader.iter_archive_paths``: ARC, plain WARC, misnamed files
too), and accounts for each with ``archive.inspect`` (``FileReport``):

- a file with its own index beside it (a crawl's WARC) is used as it is;
- any other file is inspected once, and its index written in the same pass under
  the output (``OutputLayout.reclean_index``), never beside the user's file; the
  report is kept beside that index, so a rerun reads neither again;
- ``refused`` (not a WARC or ARC at all): reported, skipped;
- ``copy_advised`` (whole-file gzip, records split across members): a seekable copy
  is written under the output (``archive.recompress.recompress_copy``) and indexed,
  and the copy is what shards read and sidecars point at.

Damage inside a file is not counted here: the shards that read the file report it.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path

from archive.index import index_path_for, index_warc
from archive.inspect import Damage, FileReport, inspect_file, layout_words
from archive.layout import archive_layout
from archive.reader import iter_archive_paths
from archive.recompress import copy_name, recompress_copy
from corpus.layout import OutputLayout

__all__ = ["InputFile", "prepare_inputs"]

logger = logging.getLogger(__name__)
REPORT_SUFFIX = ".report.json"


@dataclass
class InputFile:
    """One file given to the re-clean, and how it is read."""

    path: Path  # the file as given (resolved)
    report: FileReport
    read_path: Path  # what the shards read: the file, or a recompressed copy
    index: Path  # the CDXJ index of ``read_path``
    inspected: bool = True  # False: a crawl's WARC with its own index, used as it is

    @property
    def readable(self) -> bool:
        return self.report.status != "refused"

    def as_dict(self) -> dict[str, object]:
        data = self.report.as_dict()
        data.update(inspected=self.inspected, read_from=str(self.read_path),
                    index=str(self.index))
        return data


def _own_index(path: Path) -> Path | None:
    """The index beside a file, when it is at least as new as the file (ours)."""
    index = index_path_for(path)
    try:
        return index if index.stat().st_mtime >= path.stat().st_mtime else None
    except OSError:
        return None


def _load_report(path: Path) -> FileReport | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        data.pop("copy_advised", None)
        data["damage"] = [Damage(**d) for d in data.get("damage", [])]
        return FileReport(**data)
    except (OSError, ValueError, TypeError):
        return None


def _inspected(path: Path, index: Path) -> FileReport:
    """The file's report, inspecting it (and writing ``index``) unless both are there."""
    saved = index.with_name(index.name + REPORT_SUFFIX)
    report = _load_report(saved) if index.exists() else None
    if report is None:
        report = inspect_file(path, index_to=index)
        saved.write_text(json.dumps(report.as_dict(), ensure_ascii=False) + "\n",
                         encoding="utf-8")
    return report


def _copy(path: Path, report: FileReport, layout: OutputLayout) -> tuple[Path, Path]:
    """A seekable copy of ``path`` under the output, and its index (both made once)."""
    target = layout.reclean_recovered_dir / copy_name(path, report.format or "warc")
    fresh = target.exists() and target.stat().st_mtime >= path.stat().st_mtime
    if not fresh:
        target = recompress_copy(path, layout.reclean_recovered_dir)
    index = index_path_for(target)
    if not fresh or not index.exists():
        index_warc(target)
    logger.warning("%s: %s; read from a copy with one gzip member per record: %s",
                   path, report.layout, target)
    return target, index


def prepare_input(path: Path, layout: OutputLayout) -> InputFile:
    """Account for one file and say how its records are read."""
    own = _own_index(path)
    if own is not None:
        shape = archive_layout(path)
        if shape.format is not None and not shape.flattened:
            report = FileReport(str(path), "read", shape.format, layout_words(shape.members),
                                reason="has its own index: used as it is, not inspected")
            return InputFile(path, report, path, own, inspected=False)
    index = layout.reclean_index(path)
    report = _inspected(path, index)
    if report.status == "refused":
        return InputFile(path, report, path, index)
    if report.copy_advised:
        copy, copy_index = _copy(path, report, layout)
        return InputFile(path, report, copy, copy_index)
    return InputFile(path, report, path, index)


def _ours(path: Path, layout: OutputLayout) -> bool:
    """Files the re-clean itself writes (documents, reports, copies): never inputs."""
    return any(path.is_relative_to(folder) for folder in (layout.reclean_dir, layout.text_dir))


def prepare_inputs(inputs: list[str], layout: OutputLayout) -> list[InputFile]:
    """Every file under ``inputs``, accounted for (see the module docstring)."""
    found = []
    for path in iter_archive_paths(inputs):
        path = path.resolve()
        if path.is_file() and not _ours(path, layout):
            found.append(prepare_input(path, layout))
    for item in found:
        if item.report.status != "read":
            logger.warning("%s", item.report.line())
    return found
