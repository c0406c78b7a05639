#!/usr/bin/env bash
# Install govreply into ./.venv and run the main job on the bundled recorded pages.
# Offline: the pages are served from 127.0.0.1 by the job itself. The demo writes into
# its own directory, demo-output/ (rerun: started afresh); it never deletes anything
# else, and refuses a directory that holds a real crawl.
set -euo pipefail
cd "$(dirname "$0")"
PYTHON="${PYTHON:-python3}"
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e '.[test]'
.venv/bin/scrapy demo --output demo-output
