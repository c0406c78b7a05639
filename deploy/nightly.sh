#!/usr/bin/env bash
# The nightly job as systemd (deploy/govreply-nightly.service) or cron runs it:
# `scrapy nightly` over the portals named in GOVREPLY_NIGHTLY_ARGS, every list page on
# Sundays, one log file per day. Exit status: that of `scrapy nightly` (see its -h).
#
# Environment (deploy/nightly.env.example; systemd reads it from /etc/govreply/nightly.env):
#   GOVREPLY_OUTPUT_DIR    where the archive lives (required)
#   GOVREPLY_CONTACT       your URL or mailto: (required; the default is refused)
#   GOVREPLY_NIGHTLY_ARGS  spider arguments; default: -a name=all
#   GOVREPLY_HOME          the checkout with its .venv; default: this script's parent
#   GOVREPLY_WEEKDAY       1-7 (7 = Sunday); default: today
#   GOVREPLY_PRINT_COMMAND set: print the command instead of running it
set -euo pipefail
HOME_DIR="${GOVREPLY_HOME:-$(cd "$(dirname "$0")/.." && pwd)}"
: "${GOVREPLY_OUTPUT_DIR:?set GOVREPLY_OUTPUT_DIR (where the archive lives)}"
: "${GOVREPLY_CONTACT:?set GOVREPLY_CONTACT (your URL or mailto:)}"
read -r -a SPIDER_ARGS <<< "${GOVREPLY_NIGHTLY_ARGS:--a name=all}"
EXTRA=()
if [ "${GOVREPLY_WEEKDAY:-$(date +%u)}" = 7 ]; then  # Sundays: edits to older replies too
    EXTRA+=(-s GOVREPLY_STOP_AT_KNOWN_PAGE=False)
fi
mkdir -p "$GOVREPLY_OUTPUT_DIR/logs" "$GOVREPLY_OUTPUT_DIR/jobs"
COMMAND=(.venv/bin/scrapy nightly "${SPIDER_ARGS[@]}" "${EXTRA[@]}"
         -s GOVREPLY_OUTPUT_DIR="$GOVREPLY_OUTPUT_DIR"
         -s GOVREPLY_CONTACT="$GOVREPLY_CONTACT"
         -s JOBDIR="$GOVREPLY_OUTPUT_DIR/jobs/nightly"
         -s LOG_FILE="$GOVREPLY_OUTPUT_DIR/logs/$(date +%F).log")
cd "$HOME_DIR"
if [ -n "${GOVREPLY_PRINT_COMMAND:-}" ]; then
    echo "${COMMAND[*]}"
    exit 0
fi
exec "${COMMAND[@]}"
