"""The output directory: one object names every file a crawl or a re-clean writes.

    warc/                         WARC files and their .cdxj indexes
    text/<folder>/<stem>.txt      a document, and its sidecar <stem>.json
    text/<folder>/<stem>.v<N>.*   an earlier version of a document
    state.sqlite3                 the crawl state
    reports/  locks/              nightly run reports, and one lock per portal set
    reclean/state/<job>/          re-clean completion markers
    reclean/derived/              re-clean conversion WARCs
    reclean/reports/<UTC>.json    one report per re-clean run
    reclean/report.json           the last re-clean's report (a copy)
    reclean/indexes/              indexes of input files that have none beside them
    reclean/recovered/            seekable copies of whole-file gzip inputs

A document is a pair written as one unit: the ``.txt`` then the ``.json``, each to a
temporary file that is synced and renamed (the directory synced after), so a reader
never sees half a file; ``DocumentPaths.complete()`` tells whether the two belong
together (the sidecar's ``text_sha1`` is the text's), so a pair cut in half by a kill
is found and rewritten by the next run.
"""

from __future__ import annotations

import contextlib
import ctypes
import hashlib
import json
import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from archive.faults import fault_point
from archive.writer import OPEN_SUFFIX

from .urls import document_stem, folder_name, portal_of

__all__ = ["DocumentPaths", "OutputLayout", "sync_pairs"]


def _fsync(path: Path) -> None:
    """Sync a file or a directory to disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _syncfs() -> Callable[[int], int] | None:
    """Linux's ``syncfs(2)`` (one flush of a whole file system), or None elsewhere."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.syncfs
    except (OSError, AttributeError):
        return None


_SYNCFS = _syncfs()


def sync_pairs(pairs: Iterable[DocumentPaths]) -> None:
    """Put many pairs written with ``sync=False`` (and the renames into their folders) on
    disk at once: one ``syncfs`` per file system where Linux has it (a journal commit for
    all, where syncing file by file costs one each), else each file and folder synced."""
    pairs = list(pairs)
    folders = {p.folder for p in pairs if p.folder.exists()}
    if _SYNCFS is not None:
        devices: dict[int, Path] = {}
        for folder in folders:
            devices.setdefault(folder.stat().st_dev, folder)
        for folder in devices.values():
            fd = os.open(folder, os.O_RDONLY)
            try:
                if _SYNCFS(fd) != 0:
                    error = ctypes.get_errno()
                    raise OSError(error, os.strerror(error), str(folder))
            finally:
                os.close(fd)
        return
    for paths in pairs:
        paths.sync(folder=False)
    for folder in folders:
        _fsync(folder)


def _encode_pair(text: str, sidecar: dict[str, Any]) -> tuple[bytes, bytes]:
    """The bytes of a document's two files: the text, and the sidecar as indented JSON."""
    return (text.encode("utf-8"),
            (json.dumps(sidecar, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))


def _durable_write(path: Path, data: bytes, sync: bool = True) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename; with ``sync`` the
    file is synced before the rename and the directory after it. Plain descriptor calls,
    the folder made only when the first file of it cannot be opened: a re-clean writes
    thousands of pairs between cleanings."""
    folder, name = os.path.split(path)
    tmp = os.path.join(folder, f".{name}.{os.getpid()}.tmp")
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC
    try:
        fd = os.open(tmp, flags, 0o666)
    except FileNotFoundError:  # the first document of its folder
        os.makedirs(folder, exist_ok=True)
        fd = os.open(tmp, flags, 0o666)
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
            if sync:
                os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    if sync:
        _fsync(Path(folder))


class DocumentPaths:
    """The ``.txt`` and ``.json`` of one document, written and checked as a pair."""

    def __init__(self, folder: Path, stem: str):
        self.folder = folder
        self.stem = stem
        self.text = folder / f"{stem}.txt"
        self.sidecar = folder / f"{stem}.json"

    def exists(self) -> bool:
        return self.text.exists() and self.sidecar.exists()

    def read_sidecar(self) -> dict[str, Any] | None:
        try:
            data = json.loads(self.sidecar.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) else None

    def complete(self) -> dict[str, Any] | None:
        """The sidecar when both files are there and belong together, else None."""
        return self.state()[0]

    def state(self) -> tuple[dict[str, Any] | None, dict[str, Any] | None, str | None]:
        """``(complete sidecar or None, the sidecar read, the text)``, the files read once:
        the sidecar of a torn pair still tells the version number to go on from."""
        sidecar = self.read_sidecar()
        if sidecar is None:
            return None, None, None
        try:
            data = self.text.read_bytes()
        except OSError:
            return None, sidecar, None
        if sidecar.get("text_sha1") != hashlib.sha1(data).hexdigest():
            return None, sidecar, None
        try:
            return sidecar, sidecar, data.decode("utf-8")
        except UnicodeDecodeError:  # not a file this code wrote
            return None, sidecar, None

    def torn(self) -> bool:
        """One file without the other, or two that do not belong together: a write that
        was cut off (an absent document is not torn)."""
        if not self.text.exists() and not self.sidecar.exists():
            return False
        return self.complete() is None

    def write(self, text: str, sidecar: dict[str, Any], *, sync: bool = True) -> None:
        """Write the pair: text first, sidecar last (the sidecar completes it).

        ``sync=False`` leaves the syncing to a later ``sync()`` (a re-clean syncs a
        shard's documents once, before it marks the shard done): until then a crash of
        the machine may lose or tear the pair, which ``complete()`` then tells.
        """
        text_bytes, sidecar_bytes = _encode_pair(text, sidecar)
        _durable_write(self.text, text_bytes, sync)
        fault_point("documents.between_pair")
        _durable_write(self.sidecar, sidecar_bytes, sync)

    def sync(self, folder: bool = True) -> None:
        """Sync the pair's files (those that exist) to disk, and their folder (many pairs
        at once: ``sync_pairs``)."""
        for path in (self.text, self.sidecar):
            if path.exists():
                _fsync(path)
        if folder and self.folder.exists():
            _fsync(self.folder)

    def version(self, number: int) -> DocumentPaths:
        """The paths of version ``number`` kept beside the current pair."""
        return DocumentPaths(self.folder, f"{self.stem}.v{number}")

    def keep_as_version(self, number: int) -> DocumentPaths | None:
        """Move the current pair aside as version ``number`` (before a new version)."""
        if not self.exists():
            return None
        kept = self.version(number)
        os.replace(self.text, kept.text)
        os.replace(self.sidecar, kept.sidecar)
        _fsync(self.folder)
        return kept


class OutputLayout:
    """Where everything under one output directory goes."""

    def __init__(self, root: str | os.PathLike[str]):
        self.root = Path(root)

    @property
    def warc_dir(self) -> Path:
        return self.root / "warc"

    @property
    def text_dir(self) -> Path:
        return self.root / "text"

    @property
    def state_db(self) -> Path:
        return self.root / "state.sqlite3"

    @property
    def reports_dir(self) -> Path:
        return self.root / "reports"

    def lock_file(self, label: str) -> Path:
        return self.root / "locks" / f"{label}.lock"

    @property
    def reclean_dir(self) -> Path:
        return self.root / "reclean"

    def reclean_markers(self) -> Path:
        """The folder that holds one folder of completion markers per re-clean job."""
        return self.reclean_dir / "state"

    def reclean_derived(self, shard_key: str) -> Path:
        return self.reclean_dir / "derived" / f"{shard_key}.warc.gz"

    @property
    def reclean_report(self) -> Path:
        """The last re-clean's report (each run's is also kept in ``reclean_reports_dir``)."""
        return self.reclean_dir / "report.json"

    @property
    def reclean_reports_dir(self) -> Path:
        return self.reclean_dir / "reports"

    def reclean_index(self, source: Path) -> Path:
        """Where the index of an input file with none beside it goes (a user's files are
        never written beside); the name changes with the file's path, size and mtime."""
        stat = source.stat()
        tag = hashlib.sha1(f"{source.resolve()}\0{stat.st_size}\0{stat.st_mtime_ns}".encode(
            "utf-8", "surrogateescape")).hexdigest()[:12]
        return self.reclean_dir / "indexes" / f"{source.name}-{tag}.cdxj"

    @property
    def reclean_recovered_dir(self) -> Path:
        """Seekable copies (one gzip member per record) of inputs that are not."""
        return self.reclean_dir / "recovered"

    def document(self, url: str, folder: str | None = None) -> DocumentPaths:
        """The pair of the document named after ``url`` (in ``text/<host of url>/``)."""
        return DocumentPaths(self.text_dir / (folder_name(folder) if folder else portal_of(url)),
                             document_stem(url))

    def warc_path(self, filename: str) -> Path:
        """A WARC of this output by name; the ``.open`` file while it is being written."""
        path = self.warc_dir / filename
        if not path.exists():
            still_open = path.with_name(path.name + OPEN_SUFFIX)
            if still_open.exists():
                return still_open
        return path
