"""``python -m cleaners PATH… [--out DIR] [--url-map FILE] [--url URL] [--json]
[--content-type CT]``

Cleans saved pages in one process. One page without ``--out``: its document (or, with
``--json``, its sidecar) goes to stdout, byte for byte what the file would hold (no
trailing newline). With ``--out DIR``: ``DIR/<name>.txt`` and ``DIR/<name>.json`` per page.
A directory among the PATHs stands for the ``.html``/``.htm`` files under it.

Exit status: 0 every page cleaned; 1 some page could not be read or cleaned (each named on
stderr in one line, the others are still written); 2 bad arguments; 3 the URL map cannot
be read or the output directory cannot be written.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import sys
from pathlib import Path

from .pipeline import clean_page

EXIT_PAGE_FAILED, EXIT_USAGE, EXIT_SETUP = 1, 2, 3
_SUFFIXES = (".html", ".htm", ".shtml", ".xhtml")


class SetupError(Exception):
    """The run cannot start: URL map or output directory unusable."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m cleaners",
        description="Clean saved pages into FORMAT.md documents and their sidecars.",
    )
    parser.add_argument("paths", nargs="+", type=Path, metavar="PATH",
                        help="saved HTML pages, or directories of them")
    parser.add_argument("--out", type=Path, help="write <name>.txt and <name>.json here")
    parser.add_argument("--url-map", type=Path,
                        help="TSV of page path and URL (or a corpus MANIFEST.tsv)")
    parser.add_argument("--url", help="the page's URL (one page only)")
    parser.add_argument("--content-type", help="the HTTP Content-Type header, if known")
    parser.add_argument("--json", action="store_true",
                        help="print the sidecar instead of the document (one page, no --out)")
    return parser


def _pages(paths: list[Path]) -> list[Path]:
    pages: list[Path] = []
    for path in paths:
        if path.is_dir():
            pages.extend(sorted(p for p in path.rglob("*") if p.suffix.lower() in _SUFFIXES))
        else:
            pages.append(path)
    return pages


def _url_map(path: Path) -> dict[Path, str]:
    """``path<TAB>url`` lines (relative paths are relative to the map's folder), or a
    MANIFEST.tsv with ``html``/``path`` and ``url`` columns."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise SetupError(f"cannot read the URL map {path}: {exc}") from exc
    rows = [line.split("\t") for line in lines if line.strip() and not line.startswith("#")]
    head = [c.strip().lower() for c in rows[0]] if rows else []
    if "url" in head and ({"html", "path"} & set(head)):
        key = "html" if "html" in head else "path"
        records = csv.DictReader(lines, delimiter="\t")
        pairs = [(r[key], r["url"]) for r in records if r.get(key)]
    else:
        pairs = [(r[0], r[1]) for r in rows if len(r) >= 2]
    base = path.parent
    return {(base / p).resolve(): url.strip() for p, url in pairs}


def _names(pages: list[Path]) -> dict[Path, str]:
    """Output names: the file's stem, made unique with a short hash when two collide."""
    stems: dict[str, int] = {}
    for page in pages:
        stems[page.stem] = stems.get(page.stem, 0) + 1
    return {page: page.stem if stems[page.stem] == 1 else
            f"{page.stem}.{hashlib.sha1(str(page.resolve()).encode()).hexdigest()[:8]}"
            for page in pages}


def _write(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def _clean(page: Path, url: str, headers: dict[str, str] | None):
    """The cleaned document of ``page``, or the one-line reason it has none."""
    try:
        body = page.read_bytes()
    except OSError as exc:
        return None, f"cannot read it: {exc.strerror or exc}"
    try:
        return clean_page(body, url, headers), None
    except ValueError as exc:
        return None, str(exc)


def run(args: argparse.Namespace) -> int:
    pages = _pages(args.paths)
    if not pages:
        print("error: no page found in the given paths", file=sys.stderr)
        return EXIT_PAGE_FAILED
    urls = _url_map(args.url_map) if args.url_map else {}
    if args.out is not None:
        try:
            args.out.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise SetupError(f"cannot create {args.out}: {exc.strerror or exc}") from exc
    headers = {"Content-Type": args.content_type} if args.content_type else None
    names = _names(pages)
    failed = 0
    for page in pages:
        url = args.url or urls.get(page.resolve()) or page.resolve().as_uri()
        document, reason = _clean(page, url, headers)
        if document is None:
            print(f"error: {page}: {reason}", file=sys.stderr)
            failed += 1
            continue
        sidecar = json.dumps(document.sidecar, ensure_ascii=False, indent=1)
        if args.out is None:
            sys.stdout.write(sidecar if args.json else document.text)
            continue
        try:
            _write(args.out / f"{names[page]}.txt", document.text)
            _write(args.out / f"{names[page]}.json", sidecar)
        except OSError as exc:
            raise SetupError(f"cannot write to {args.out}: {exc.strerror or exc}") from exc
    return EXIT_PAGE_FAILED if failed else 0


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; every error is one line on stderr and a distinct exit status."""
    parser = _parser()
    args = parser.parse_args(argv)
    if args.out is None and (len(args.paths) > 1 or args.paths[0].is_dir()):
        parser.error("several pages need --out DIR")
    if args.url and (len(args.paths) > 1 or args.paths[0].is_dir()):
        parser.error("--url names one page; use --url-map for several")
    if args.json and args.out is not None:
        parser.error("--json prints one sidecar; with --out both files are written")
    try:
        return run(args)
    except SetupError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_SETUP


if __name__ == "__main__":
    raise SystemExit(main())
