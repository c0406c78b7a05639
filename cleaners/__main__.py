"""``python -m cleaners PAGE.html --url URL [--json] [--content-type CT]``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .pipeline import clean_page


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m cleaners",
        description="Print the FORMAT.md document (or its sidecar) for a saved page.",
    )
    parser.add_argument("page", type=Path, help="the saved HTML page")
    parser.add_argument("--url", required=True, help="the page's URL")
    parser.add_argument("--content-type", help="the HTTP Content-Type header, if known")
    parser.add_argument("--json", action="store_true", help="print the sidecar instead")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; errors go to stderr with exit status 1, without a traceback."""
    args = _parser().parse_args(argv)
    try:
        body = args.page.read_bytes()
    except OSError as exc:
        print(f"error: cannot read {args.page}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    headers = {"Content-Type": args.content_type} if args.content_type else None
    try:
        document = clean_page(body, args.url, headers)
    except ValueError as exc:
        print(f"error: {args.page}: {exc}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(document.sidecar, ensure_ascii=False, indent=1))
    else:
        sys.stdout.write(document.text + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
