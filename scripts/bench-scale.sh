#!/usr/bin/env bash
# Benchmark (docs/design.md section 8, issue "Hardening and benchmarks"): `report` in every format
# at 1, 10 and 100 years of nights, with peak memory, and JSON export/import at 10 years.
# Targets: every report of 10 years under 1 s and growing linearly; peak memory under 50 MB.
# Diaries are made by scripts/bench-report.sh's generator (a realistic mix of nights).
# Usage: scripts/bench-scale.sh [RUNS]   (needs hyperfine, sqlite3, /usr/bin/time; --release)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-10}
cargo build --release --quiet
bin=${CARGO_TARGET_DIR:-target}/release/cramplog
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export CRAMPLOG_TODAY=2026-11-27 NO_COLOR=1 TZ=UTC SOURCE_DATE_EPOCH=1790000000

# shellcheck source=scripts/diary-generator.sh
source scripts/diary-generator.sh

declare -A nights=([1]=365 [10]=3650 [100]=36500)
for y in 1 10 100; do
  make_diary "$work/y$y.sqlite3" "${nights[$y]}"
done

printf '%-8s %-6s %12s %12s %10s %10s\n' years format "median ms" "ms/1k nights" "peak MB" "output"
for y in 1 10 100; do
  db="$work/y$y.sqlite3"
  n=$(sqlite3 "$db" 'SELECT count(*) FROM nights')
  r=$runs; [ "$y" = 100 ] && r=3
  for f in text md json html pdf; do
    out="$work/out.$f"
    hyperfine -N --warmup 1 --runs "$r" --export-json "$work/h.json" \
      "env CRAMPLOG_DB=$db $bin report --all --format $f -o $out --force" >/dev/null 2>&1
    med=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['results'][0]['median']*1000)" "$work/h.json")
    CRAMPLOG_DB="$db" /usr/bin/time -f '%M' -o "$work/rss" "$bin" report --all --format "$f" -o "$out" --force 2>/dev/null
    rss=$(tail -1 "$work/rss")
    size=$(du -h "$out" | cut -f1)
    printf '%-8s %-6s %12.1f %12.2f %10.1f %10s\n' "$y" "$f" "$med" \
      "$(python3 -c "print($med / $n * 1000)")" "$(python3 -c "print($rss / 1024)")" "$size"
  done
done

echo
db="$work/y10.sqlite3"
CRAMPLOG_DB="$db" "$bin" export --format json -o "$work/ten.json"
hyperfine -N --warmup 1 --runs "$runs" --export-json "$work/io.json" \
  -n "export json, 10 years" "env CRAMPLOG_DB=$db $bin export --format json -o $work/e.json --force" \
  -n "import json, 10 years" \
  "sh -c 'rm -f $work/imp.sqlite3*; CRAMPLOG_DB=$work/imp.sqlite3 $bin import $work/ten.json'" \
  >/dev/null 2>&1
python3 - "$work/io.json" <<'PY'
import json, sys
for x in json.load(open(sys.argv[1]))["results"]:
    print(f"{x['command']:<24} median {x['median'] * 1000:8.1f} ms")
PY
rm -f "$work"/imp.sqlite3*
CRAMPLOG_DB="$work/imp.sqlite3" /usr/bin/time -f '%M' -o "$work/rss" "$bin" import "$work/ten.json" >/dev/null
rss=$(tail -1 "$work/rss")
echo "peak memory, import json 10 years: $((rss / 1024)) MB"
