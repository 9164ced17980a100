#!/usr/bin/env bash
# Regenerates reports/sample/: the demo diary's report exactly as `cramplog demo` writes it,
# with today and the "generated" time pinned so the files are reproducible byte for byte.
# tests/pdf.rs (the_committed_sample_is_up_to_date) fails when these files are out of date.
# Usage: scripts/regenerate-sample.sh [--debug]   (builds --release, or the debug build that
# the tests use, which writes the same bytes; honours CARGO_TARGET_DIR)
set -euo pipefail
cd "$(dirname "$0")/.."
export CRAMPLOG_TODAY=2026-11-27 SOURCE_DATE_EPOCH=1795766400 TZ=UTC NO_COLOR=1
if [[ "${1:-}" == --debug ]]; then
  cargo build --quiet
  bin=${CARGO_TARGET_DIR:-target}/debug/cramplog
else
  cargo build --release --quiet
  bin=${CARGO_TARGET_DIR:-target}/release/cramplog
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$bin" demo --db "$work/demo.sqlite3" --out-dir "$work" >/dev/null
mkdir -p reports/sample
cp "$work/demo-report.pdf" "$work/demo-report.html" reports/sample/
ls -l reports/sample
