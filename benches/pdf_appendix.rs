//! PDF engine benchmark: a 10-year appendix (3,650 table rows, long notes, mixed scripts)
//! laid out and rendered by `pdf::render`, the median of 7 runs. Moved here from a unit test
//! so no test times anything (docs/design.md, "Benchmarks").
//!
//! Run: `cargo bench --bench pdf_appendix` (or `scripts/bench-pdf-appendix.sh`).

#![allow(clippy::print_stdout, clippy::unwrap_used)]

use std::time::Instant;

use cramplog::pdf::{Block, Meta, PageDecor, Paper, render};

const ROWS: usize = 3650;
const RUNS: usize = 7;

// The same appendix as the PDF engine's tests.
include!("../src/pdf/appendix_fixture.rs");

fn main() {
    let blocks = vec![Block::Heading("Appendix".into()), appendix(ROWS)];
    let meta = Meta {
        title: "Leg-cramp diary report".into(),
        subject: "Benchmark appendix".into(),
        creation: chrono::NaiveDate::from_ymd_opt(2025, 4, 1)
            .and_then(|d| d.and_hms_opt(9, 30, 0))
            .unwrap(),
        lang: "en-GB".into(),
    };
    let decor = PageDecor {
        header_left: "cramplog · leg-cramp diary".into(),
        header_right: "benchmark".into(),
        footer_left: "Self-reported, not a diagnosis".into(),
        banner: Some("DEMO DATA".into()),
    };
    let mut times = Vec::new();
    let mut size = 0;
    for _ in 0..RUNS {
        let t = Instant::now();
        size = render(Paper::A4, &meta, &decor, &blocks).unwrap().len();
        times.push(t.elapsed());
    }
    times.sort();
    println!(
        "{ROWS}-row appendix: {size} bytes, render median {:?} (min {:?}, max {:?}) over {RUNS} runs",
        times[RUNS / 2],
        times[0],
        times[RUNS - 1]
    );
}
