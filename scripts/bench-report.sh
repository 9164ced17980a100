#!/usr/bin/env bash
# Benchmark: `cramplog report` over 10 years of nightly data (3,650 logged nights) in text,
# Markdown, JSON, HTML and PDF (docs/design.md section 8: every format under 1 s, growing linearly), plus a
# 1-year diary to show the growth. Nights are written with the sqlite3 shell (a realistic mix:
# ~40 % cramp nights with 1-2 episodes, symptom checklists, exposures, notes).
# Prints the median of each; peak memory (max RSS) from /usr/bin/time when available.
# Usage: scripts/bench-report.sh [RUNS]   (needs hyperfine and sqlite3; builds --release)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-20}
cargo build --release --quiet
bin=${CARGO_TARGET_DIR:-target}/release/cramplog
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export CRAMPLOG_TODAY=2026-11-27 NO_COLOR=1 TZ=UTC SOURCE_DATE_EPOCH=1790000000

# shellcheck source=scripts/diary-generator.sh
source scripts/diary-generator.sh

make_diary "$work/ten.sqlite3" 3650
make_diary "$work/one.sqlite3" 365
echo "ten years: $(sqlite3 "$work/ten.sqlite3" 'SELECT count(*) FROM nights') nights" >&2

hyperfine -N --warmup 3 --runs "$runs" --export-json "$work/result.json" \
  -n "text, 10 years" "env CRAMPLOG_DB=$work/ten.sqlite3 $bin report --all" \
  -n "md, 10 years" "env CRAMPLOG_DB=$work/ten.sqlite3 $bin report --all --format md" \
  -n "json, 10 years" "env CRAMPLOG_DB=$work/ten.sqlite3 $bin report --all --format json" \
  -n "html, 10 years" "env CRAMPLOG_DB=$work/ten.sqlite3 $bin report --all --format html" \
  -n "pdf, 10 years" "env CRAMPLOG_DB=$work/ten.sqlite3 $bin report --all --format pdf" \
  -n "text, 1 year" "env CRAMPLOG_DB=$work/one.sqlite3 $bin report --all" \
  -n "json, 1 year" "env CRAMPLOG_DB=$work/one.sqlite3 $bin report --all --format json" \
  -n "html, 1 year" "env CRAMPLOG_DB=$work/one.sqlite3 $bin report --all --format html" \
  -n "pdf, 1 year" "env CRAMPLOG_DB=$work/one.sqlite3 $bin report --all --format pdf" \
  -n "text, 12 weeks of 10 years" "env CRAMPLOG_DB=$work/ten.sqlite3 $bin report" \
  -n "html, 12 weeks of 10 years" "env CRAMPLOG_DB=$work/ten.sqlite3 $bin report --format html" \
  -n "pdf, 12 weeks of 10 years" "env CRAMPLOG_DB=$work/ten.sqlite3 $bin report --format pdf" >&2
python3 - "$work/result.json" <<'PY'
import json, sys
for x in json.load(open(sys.argv[1]))["results"]:
    print(f"{x['command']:<28} median {x['median'] * 1000:8.1f} ms  (min {x['min'] * 1000:.1f}, max {x['max'] * 1000:.1f})")
PY
if [ -x /usr/bin/time ]; then
  for f in text json html pdf; do
    rss=$( { CRAMPLOG_DB="$work/ten.sqlite3" /usr/bin/time -v "$bin" report --all --format $f >/dev/null; } 2>&1 |
      awk -F': ' '/Maximum resident set size/ {print $2}' )
    echo "peak memory, $f, 10 years: $((rss / 1024)) MB"
  done
fi
# The size of the 10-year PDF (the night-by-night appendix is most of it).
CRAMPLOG_DB="$work/ten.sqlite3" "$bin" report --all --format pdf -o "$work/ten.pdf" 2>/dev/null
CRAMPLOG_DB="$work/one.sqlite3" "$bin" report --all --format pdf -o "$work/one.pdf" 2>/dev/null
for f in ten one; do
  pages=$(pdfinfo "$work/$f.pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')
  echo "pdf, $f: ${pages:-?} pages, $(( $(stat -c %s "$work/$f.pdf") / 1024 )) KB"
done
