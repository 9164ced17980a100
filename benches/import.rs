//! Import benchmark: a 10-year diary (3,650 nights) exported as JSON and as CSV, imported
//! into a fresh diary by the release binary, end to end (process start, parsing, checks,
//! one transaction). The bar (docs/design.md section 8 and the portability issue) is under 1 s.
//!
//! Run: `cargo bench --bench import` (prints the median of 7 runs per format).

#![allow(clippy::print_stdout, clippy::unwrap_used)]

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use chrono::{DateTime, NaiveDate};
use cramplog::model::{Episode, Night, Symptom};
use cramplog::vocab::{Compression, Exertion, Leg, Phase, Relief, Site, SymptomId};

const TODAY: &str = "2026-11-27";
const NIGHTS: i64 = 3650;
const RUNS: usize = 7;

/// A realistic, deterministic 10-year diary: every night logged, about a third with cramps,
/// a symptom checklist, exposures and an occasional note.
fn ten_years() -> Vec<Night> {
    let last = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
    let mut seed: u64 = 42;
    let mut rnd = move |n: u64| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) % n
    };
    (0..NIGHTS)
        .map(|i| {
            let date = last - chrono::Duration::days(NIGHTS - 1 - i);
            let mut n = Night::new(date);
            for _ in 0..[0, 0, 0, 1, 1, 2][rnd(6) as usize] {
                n.episodes.push(Episode {
                    time: chrono::NaiveTime::from_hms_opt(rnd(6) as u32, rnd(60) as u32, 0),
                    phase: Phase::WokeMe,
                    leg: Some([Leg::Left, Leg::Right, Leg::Both][rnd(3) as usize]),
                    site: Some([Site::Calf, Site::Foot, Site::Toes][rnd(3) as usize]),
                    duration_s: Some(10 + rnd(600) as u32),
                    pain: Some(rnd(11) as u8),
                    hard: Some(rnd(2) == 1),
                    relief: Some(Relief::Stretch),
                    resleep_min: Some(rnd(60) as u16),
                });
            }
            n.soreness = Some(rnd(6) as u8);
            n.sleep_quality = Some(1 + rnd(5) as u8);
            n.symptoms = Some(if rnd(2) == 0 {
                vec![]
            } else {
                vec![
                    Symptom {
                        id: SymptomId::Heaviness,
                        side: Some(Leg::Left),
                        severity: Some(rnd(11) as u8),
                    },
                    Symptom {
                        id: SymptomId::AnkleSwelling,
                        side: Some(Leg::Left),
                        severity: None,
                    },
                ]
            });
            n.standing_h = Some(rnd(10) as f64 + 0.5);
            n.exertion = Some(Exertion::Usual);
            n.compression = Some(Compression::None);
            n.fluids_glasses = Some(rnd(10) as u8);
            n.stretched = Some(rnd(2) == 1);
            if rnd(10) == 0 {
                n.note = Some("long day at work, calves tight in the evening".into());
            }
            n.entered_at = DateTime::parse_from_rfc3339("2026-01-01T08:00:00+01:00").ok();
            n
        })
        .collect()
}

fn run(args: &[&str], db: &Path, cwd: &Path) -> Duration {
    let start = Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_cramplog"))
        .args(args)
        .current_dir(cwd)
        .env("CRAMPLOG_DB", db)
        .env("CRAMPLOG_TODAY", TODAY)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let took = start.elapsed();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    took
}

fn median(mut xs: Vec<Duration>) -> Duration {
    xs.sort();
    xs[xs.len() / 2]
}

fn report(label: &str, xs: Vec<Duration>) {
    let ms: Vec<String> = xs
        .iter()
        .map(|d| format!("{:.0}", d.as_secs_f64() * 1e3))
        .collect();
    let (min, max) = (*xs.iter().min().unwrap(), *xs.iter().max().unwrap());
    println!(
        "{label}: median {:.0} ms (min {:.0}, max {:.0}; runs: {} ms)",
        median(xs).as_secs_f64() * 1e3,
        min.as_secs_f64() * 1e3,
        max.as_secs_f64() * 1e3,
        ms.join(", ")
    );
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let doc = serde_json::json!({
        "format": "cramplog", "version": 1, "profile": {}, "medications": [], "events": [],
        "nights": ten_years(),
    });
    let file = dir.path().join("ten-years.json");
    std::fs::write(&file, serde_json::to_vec_pretty(&doc).unwrap()).unwrap();
    let size = std::fs::metadata(&file).unwrap().len();
    println!(
        "{NIGHTS} nights, JSON file {:.1} MB, {RUNS} runs each",
        size as f64 / 1e6
    );

    // A CSV pair of the same diary, written by the program itself.
    let seeded = dir.path().join("seeded.sqlite3");
    run(&["import", file.to_str().unwrap()], &seeded, dir.path());
    run(
        &["export", "--format", "csv", "-o", "csv"],
        &seeded,
        dir.path(),
    );

    let mut json = Vec::new();
    let mut csv = Vec::new();
    let mut export = Vec::new();
    for i in 0..RUNS {
        json.push(run(
            &["import", file.to_str().unwrap()],
            &dir.path().join(format!("j{i}.sqlite3")),
            dir.path(),
        ));
        csv.push(run(
            &["import", "csv"],
            &dir.path().join(format!("c{i}.sqlite3")),
            dir.path(),
        ));
        export.push(run(
            &["export", "-o", &format!("e{i}.json")],
            &seeded,
            dir.path(),
        ));
    }
    report("import JSON (3,650 nights, empty diary)", json);
    report("import CSV  (3,650 nights, empty diary)", csv);
    report("export JSON (3,650 nights)", export);
}
