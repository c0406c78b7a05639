"""``python -m tests.faults.crawl_child ARGS``: ``scrapy ARGS``, optionally on a disk that fills.

With ``GOVREPLY_TEST_ENOSPC_AFTER=BYTES`` the archive's writes fail with ENOSPC once that
many bytes are written (``FullDisk``'s injection, where no tmpfs can be mounted); the
documents and the state are written as usual.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import archive.files

from .harness import FullDisk


def main() -> None:
    budget = os.environ.get("GOVREPLY_TEST_ENOSPC_AFTER")
    if budget:
        disk = FullDisk(Path("."), real=False)
        disk.leave(int(budget))
        archive.files.write_all = disk.injected_write(archive.files.write_all)
    from scrapy.cmdline import execute

    execute(["scrapy", *sys.argv[1:]])


if __name__ == "__main__":
    main()
