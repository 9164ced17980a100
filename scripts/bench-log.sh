#!/usr/bin/env bash
# Benchmark: `cramplog log` against the sqlite3 shell doing the same insert (docs/design.md
# section 8: within 1.5x). Both replace the same night with one cramp and a soreness score in
# one transaction on a diary that already holds a year of nights. Prints medians and ratio.
# Usage: scripts/bench-log.sh [RUNS]   (needs hyperfine and sqlite3; builds --release)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-60}
cargo build --release --quiet
bin=target/release/cramplog
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export CRAMPLOG_DB="$work/diary.sqlite3" CRAMPLOG_TODAY=2026-11-27 NO_COLOR=1
for i in $(seq 2 366); do
  printf 'log "%s days ago" -e "left calf 1m 5"\n' "$i"
done | while read -r line; do eval "$bin $line" >/dev/null; done
sql="PRAGMA foreign_keys = ON;
BEGIN IMMEDIATE;
DELETE FROM nights WHERE night = '2026-11-26';
INSERT INTO nights (night, soreness, entered_at) VALUES ('2026-11-26', 3, '2026-11-27T08:00:00+00:00');
INSERT INTO episodes (night, seq, phase, leg, site, duration_s, pain) VALUES ('2026-11-26', 0, 'woke_me', 'left', 'calf', 120, 7);
COMMIT;"
printf '%s\n' "$sql" > "$work/insert.sql"
hyperfine -N --warmup 5 --runs "$runs" --export-json "$work/result.json" \
  -n "cramplog log" "$bin log last-night -e 'left calf 2m 7' --soreness 3 --replace" \
  -n "sqlite3 shell" "sqlite3 -cmd '.timeout 30000' $CRAMPLOG_DB '.read $work/insert.sql'" >&2
python3 - "$work/result.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
med = {x["command"]: x["median"] * 1000 for x in r}
a, b = med["cramplog log"], med["sqlite3 shell"]
print(f"cramplog log median {a:.2f} ms; sqlite3 shell median {b:.2f} ms; ratio {a / b:.2f}x (target <= 1.5x)")
PY
