#!/usr/bin/env bash
# Benchmark anchors side by side in one run (docs/design.md section 8, version 2; BENCHMARKS.md):
# `log` vs the sqlite3 shell's durable insert, every report format at 1, 10 and 100 years vs
# the sqlite3 shell's weekly query over the same nights and vs a pandas + matplotlib script,
# peak memory, and the everyday report of a 100-year diary vs a 1-year one. Paired,
# alternating runs (scripts/bench_anchors.py). Never a test: numbers go to BENCHMARKS.md.
# Usage: scripts/bench-anchors.sh [PAIRS [BEFORE_BIN]]   (BEFORE_BIN: an older build to compare;
#   its diaries are made in its own schema and copied, so both read the same nights)
#   needs sqlite3, /usr/bin/time, python3 with scripts/requirements-bench.txt; builds --release
set -euo pipefail
cd "$(dirname "$0")/.."
pairs=${1:-10}
cargo build --release --quiet
target_dir=${CARGO_TARGET_DIR:-target}
case $target_dir in /*) ;; *) target_dir=$(pwd)/$target_dir ;; esac
bin=$target_dir/release/cramplog
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export CRAMPLOG_TODAY=2026-11-27 NO_COLOR=1
# shellcheck source=scripts/diary-generator.sh
source scripts/diary-generator.sh
before=${2:-}
for y in 1 10 100; do
  if [ -n "$before" ]; then
    mkdir -p "$work/before"
    bin=$before make_diary "$work/before/y$y.sqlite3" $((y * 365))
    cp "$work/before/y$y.sqlite3" "$work/y$y.sqlite3"
    # Upgrade the copy to this build's schema with one write.
    CRAMPLOG_DB="$work/y$y.sqlite3" "$bin" log 1901-01-01 --none >/dev/null
    CRAMPLOG_DB="$work/y$y.sqlite3" "$bin" delete 1901-01-01 --yes >/dev/null
  else
    make_diary "$work/y$y.sqlite3" $((y * 365))
  fi
done
cat > "$work/insert.sql" <<'SQL'
PRAGMA foreign_keys = ON;
BEGIN IMMEDIATE;
DELETE FROM nights WHERE night = '2026-11-26';
INSERT INTO nights (night, soreness, entered_at) VALUES ('2026-11-26', 3, '2026-11-27T08:00:00+00:00');
INSERT INTO episodes (night, seq, phase, leg, site, duration_s, pain) VALUES ('2026-11-26', 0, 'woke_me', 'left', 'calf', 120, 7);
COMMIT;
SQL
echo "nights: $(for y in 1 10 100; do sqlite3 "$work/y$y.sqlite3" 'SELECT count(*) FROM nights'; done | paste -sd/)"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo), load $(cut -d' ' -f1-3 /proc/loadavg)"
python3 scripts/bench_anchors.py "$bin" "$work" "$pairs" ${before:+"$before" "$work/before"}
