#!/usr/bin/env bash
# Benchmark: the PDF engine on a 10-year appendix (3,650 rows), release build, median of 7.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo bench --locked --bench pdf_appendix
