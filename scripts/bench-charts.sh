#!/usr/bin/env bash
# Benchmark: every chart kind from data to SVG (plotters and the finishing pass) and SVG to
# PNG at print size (resvg, 2×), for 12 weeks and for 10 years of nights; medians of 15 runs,
# release build. Prints a Markdown table for BENCHMARKS.md. Never a timed test.
# Usage: scripts/bench-charts.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo bench --quiet --bench charts
