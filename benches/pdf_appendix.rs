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

fn rows() -> Vec<Vec<String>> {
    (0..ROWS)
        .map(|i| {
            let note = match i % 7 {
                0 => "Woke at 03:10 with a hard cramp in the left calf; stretched, walked to the kitchen, eased after about five minutes. Sore next morning.".to_string(),
                3 => format!("{}{i}", "Unterschenkelkrampfbeschwerden".repeat(4)),
                5 => "Cramp after a long shift standing (9 h). Took magnesium. 🦵😣 — שלום".to_string(),
                _ => String::new(),
            };
            vec![
                format!("2025-{:02}-{:02}", 1 + (i / 28) % 12, 1 + i % 28),
                (i % 3).to_string(),
                if i % 3 == 0 { "—".into() } else { format!("{} min", 2 + i % 9) },
                if i % 3 == 0 { "—".into() } else { format!("{}/10", 3 + i % 6) },
                note,
            ]
        })
        .collect()
}

fn main() {
    let blocks = vec![
        Block::Heading("Appendix".into()),
        Block::Table {
            headers: ["Night", "Cramps", "Longest", "Worst pain", "Notes"]
                .map(String::from)
                .to_vec(),
            rows: rows(),
            widths: vec![0.14, 0.1, 0.12, 0.12, 0.52],
            align_right: vec![false, true, true, true, false],
        },
    ];
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
