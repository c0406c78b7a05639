"""Fixtures of the reliability suite."""

from __future__ import annotations

import pytest

import archive.files

from .harness import FullDisk, small_filesystem


@pytest.fixture(params=["tmpfs", "injected"])
def full_disk(request, tmp_path, monkeypatch):
    """A ``FullDisk``: a 2 MiB tmpfs where this machine can mount one (else skipped),
    and an injected ``ENOSPC`` in ``archive.files`` writes (always)."""
    if request.param == "tmpfs":
        with small_filesystem(tmp_path / "disk", "2m") as mount:
            if mount is None:
                pytest.skip("cannot mount a tmpfs here (not root, or no mount namespace)")
            disk = FullDisk(mount, real=True)
            yield disk
            disk.free()
        return
    disk = FullDisk(tmp_path / "disk", real=False)
    disk.path.mkdir()
    monkeypatch.setattr(archive.files, "write_all",
                        disk.injected_write(archive.files.write_all))
    yield disk
