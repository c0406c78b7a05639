"""A WACZ of an output directory: its WARCs, their index, and the reply pages as pages.

``write_wacz(layout, target)`` packs every finished WARC of ``<output>/warc`` with
py-wacz (webrecorder's own packager, the library ``wacz validate`` comes from) and
passes it ``pages.jsonl``: one entry per document, the reply page's archived URL and
capture time with the title from its sidecar, so a WACZ player lists the replies by
title. ``validate_wacz`` runs py-wacz's validation (the checks of ``wacz validate``).
"""

from __future__ import annotations

import contextlib
import io
import json
import logging
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from .layout import OutputLayout

__all__ = ["WaczError", "page_entries", "validate_wacz", "write_wacz"]

logger = logging.getLogger(__name__)
PAGES_HEADER = {"format": "json-pages-1.0", "id": "pages", "title": "Reply pages"}


class WaczError(RuntimeError):
    """The WACZ could not be made (one line)."""


def page_entries(layout: OutputLayout) -> Iterator[dict[str, str]]:
    """One pages.jsonl entry per current document (versions ``.vN`` left out), by URL."""
    entries = []
    for path in layout.text_dir.rglob("*.json"):
        if ".v" in path.stem:
            continue
        try:
            sidecar = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        url = sidecar.get("final_url") or sidecar.get("url")
        if not url or not sidecar.get("warc"):
            continue
        entries.append({"id": path.stem, "url": url, "ts": sidecar.get("fetched_at", ""),
                        "title": sidecar.get("title") or url})
    yield from sorted(entries, key=lambda e: (e["url"], e["ts"]))


def _quiet(call, *args):
    """Run a py-wacz entry point, its prints sent to the log instead of stdout."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = call(*args)
    for line in out.getvalue().splitlines():
        logger.info("py-wacz: %s", line)
    return code, out.getvalue()


def _wacz_main():
    try:
        from wacz.main import main
    except ImportError:
        raise WaczError("py-wacz is not installed: pip install -e '.[wacz]'") from None
    return main


def write_wacz(layout: OutputLayout, target: str | os.PathLike[str]) -> tuple[Path, int]:
    """Write ``target`` (atomically); return it and the number of pages listed."""
    wacz_main = _wacz_main()

    warcs = sorted(str(p) for p in layout.warc_dir.glob("*.warc.gz"))
    if not warcs:
        raise WaczError(f"no finished WARC in {layout.warc_dir}")
    pages = list(page_entries(layout))
    target = Path(target).resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".wacz-", dir=target.parent) as tmp:
        listing = Path(tmp) / "pages.jsonl"
        listing.write_text("\n".join(json.dumps(e, ensure_ascii=False)
                                     for e in [PAGES_HEADER, *pages]) + "\n", encoding="utf-8")
        partial = Path(tmp) / target.name
        args = ["create", "-o", str(partial), "--title", f"govreply {layout.root.name}"]
        if pages:
            args += ["-p", str(listing)]
        code, printed = _quiet(wacz_main, [*args, *warcs])
        if code != 0:
            raise WaczError(f"py-wacz could not pack {layout.warc_dir}: {printed.strip()[-300:]}")
        unmatched = printed.count("Invalid passed page")
        if unmatched:
            raise WaczError(f"{unmatched} pages have no capture in the WARCs")
        os.replace(partial, target)
    return target, len(pages)


def validate_wacz(path: str | os.PathLike[str]) -> bool:
    """py-wacz's own validation of ``path`` (``wacz validate -f PATH``)."""
    code, _ = _quiet(_wacz_main(), ["validate", "-f", str(path)])
    return code == 0
