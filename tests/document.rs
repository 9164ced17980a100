//! The report document: every format shows the same sections, in the same order, with the
//! same titles and wording (docs/design.md, "Report sections"); snapshots of the text and
//! Markdown reports of a fixed diary, so wording drift shows up in review.

use std::path::Path;
use std::process::Command;

use crate::harness::Env;

/// The demo diary (fixed: `CRAMPLOG_TODAY` is pinned by the harness).
fn demo(env: &Env) -> String {
    let db = env.path("demo.sqlite3");
    env.ok(&["demo", "--db", db.to_str().unwrap(), "--no-report"]);
    db.to_str().unwrap().to_string()
}

fn report(env: &Env, db: &str, format: &str) -> String {
    env.ok(&["report", "--db", db, "--format", format])
}

/// `pdftotext` of the report, or `None` when the tool is missing outside CI (under
/// `CI=true` a missing tool fails the test: CI installs it).
#[allow(clippy::print_stderr)]
fn pdf_text(env: &Env, db: &str) -> Option<String> {
    if Command::new("pdftotext").arg("-v").output().is_err() {
        assert!(
            std::env::var_os("CI").is_none(),
            "pdftotext is missing (Debian: apt-get install poppler-utils)"
        );
        eprintln!("SKIPPED: pdftotext is not installed (apt-get install poppler-utils)");
        return None;
    }
    let pdf = env.path("report.pdf");
    env.ok(&[
        "report",
        "--db",
        db,
        "--format",
        "pdf",
        "-o",
        pdf.to_str().unwrap(),
    ]);
    let out = Command::new("pdftotext")
        .args([pdf.to_str().unwrap(), "-"])
        .output()
        .unwrap();
    assert!(out.status.success());
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Section titles of the text report: the lines that end in a rule.
fn text_titles(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|l| l.strip_suffix('─'))
        .filter_map(|l| l.rsplit_once(" ─").map(|(t, _)| t.trim().to_string()))
        .filter(|t| !t.is_empty())
        .collect()
}

fn md_titles(md: &str) -> Vec<String> {
    md.lines()
        .filter_map(|l| l.strip_prefix("## "))
        .map(str::to_string)
        .collect()
}

/// The `<h2>` of every `<section>` (HTML-unescaped: titles hold no markup).
fn html_titles(html: &str) -> Vec<String> {
    html.split("<section id=\"")
        .skip(1)
        .filter_map(|s| {
            let h2 = s.split_once("<h2")?.1.split_once('>')?.1;
            Some(
                h2.split_once("</h2>")?
                    .0
                    .replace("&amp;", "&")
                    .replace("&lt;", "<")
                    .replace("&gt;", ">")
                    .replace("&#39;", "'")
                    .replace("&quot;", "\""),
            )
        })
        .collect()
}

fn flat(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn every_format_has_the_same_section_titles_in_the_same_order() {
    let env = Env::new();
    let db = demo(&env);
    let text = text_titles(&report(&env, &db, "text"));
    let md = md_titles(&report(&env, &db, "md"));
    let html = html_titles(&report(&env, &db, "html"));
    assert!(text.len() >= 10, "too few sections: {text:?}");
    assert!(text.contains(&"Warning signs: read this first".to_string()));
    assert!(text.contains(&"Night by night".to_string()));
    assert_eq!(md, text, "Markdown and text differ");
    assert_eq!(html, text, "HTML and text differ");
    // The PDF: every title, in order, in the text of the pages.
    if let Some(pdf) = pdf_text(&env, &db) {
        let pdf = flat(&pdf);
        let mut at = 0;
        for t in &text {
            let found = pdf[at..]
                .find(t.as_str())
                .unwrap_or_else(|| panic!("PDF: {t:?} missing or out of order"));
            at += found + t.len();
        }
    }
}

#[test]
fn an_empty_events_section_reads_the_same_sentence_in_every_format() {
    let env = Env::new();
    env.ok(&["log", "2026-11-25", "--none"]);
    env.ok(&["log", "2026-11-26", "-e", "left calf 1m 5"]);
    let db = env.db();
    let db = db.to_str().unwrap();
    let sentence = "No events or medicine changes recorded in this period.";
    for format in ["text", "md", "html"] {
        let out = report(&env, db, format);
        assert_eq!(out.matches(sentence).count(), 1, "{format}:\n{out}");
        assert!(out.contains("Events and medicine changes"), "{format}");
    }
    if let Some(pdf) = pdf_text(&env, db) {
        assert_eq!(flat(&pdf).matches(sentence).count(), 1, "PDF:\n{pdf}");
    }
    // With an event, the sentence is gone everywhere.
    env.ok(&["event", "add", "2026-11-26", "compression_start"]);
    for format in ["text", "md", "html"] {
        assert!(!report(&env, db, format).contains(sentence), "{format}");
    }
}

/// Ids are for JSON, CSV and FHIR only (docs/design.md): no rule or level id of the JSON
/// report (`red_flag_prompt_review`, `prompt_review`) stands in a report a person reads.
#[test]
fn readable_reports_name_no_rule_or_level_ids() {
    let env = Env::new();
    let db = demo(&env);
    let json: serde_json::Value = serde_json::from_str(&report(&env, &db, "json")).unwrap();
    let mut ids: Vec<String> = Vec::new();
    for flag in json["flags"].as_array().unwrap() {
        for key in ["id", "level"] {
            let id = flag[key].as_str().unwrap();
            if id.contains('_') && !ids.iter().any(|i| i == id) {
                ids.push(id.to_string());
            }
        }
    }
    assert!(ids.iter().any(|i| i == "prompt_review"), "{ids:?}");
    for format in ["text", "md", "html"] {
        let mut shown = report(&env, &db, format);
        if format == "html" {
            // What a browser shows: the text between tags (anchors may use ids).
            shown = shown
                .split('<')
                .filter_map(|part| part.split_once('>').map(|(_, text)| text))
                .collect();
        }
        for id in &ids {
            assert!(!shown.contains(id.as_str()), "{format} report names {id}");
        }
    }
}

/// An evidence note that the clinician sentence already quotes (sleep disruption's
/// criterion) is not printed a second time under it.
#[test]
fn a_flag_says_its_criterion_once() {
    let env = Env::new();
    let db = demo(&env);
    for format in ["text", "md", "html"] {
        let shown = flat(&report(&env, &db, format));
        assert_eq!(
            shown.matches("oth criteria met: woken by cramps").count(),
            1,
            "{format}"
        );
    }
}

/// The demo diary's reports, pinned: a change of wording shows up as a snapshot diff.
#[test]
fn text_and_markdown_reports_of_the_demo_diary() {
    let env = Env::new();
    let db = demo(&env);
    let text = report(&env, &db, "text");
    let md = report(&env, &db, "md");
    // The diary path is the only thing that varies between runs.
    let scrub = |s: &str| s.replace(env.dir.path().to_str().unwrap(), "[TMP]");
    insta::with_settings!({ snapshot_path => Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots") }, {
        insta::assert_snapshot!("demo_report_text", scrub(&text));
        insta::assert_snapshot!("demo_report_md", scrub(&md));
    });
}

/// A diary begun 16 nights ago and logged every night: the default report covers those 16
/// nights, judges the cramp frequency and has no comparison column.
#[test]
fn a_young_diary_gets_a_report_of_its_own_nights() {
    let env = Env::new();
    for day in 11..=26 {
        let night = format!("2026-11-{day:02}");
        if day % 2 == 0 {
            env.ok(&["log", &night, "-e", "left calf 1m 5"]);
        } else {
            env.ok(&["log", &night, "--none"]);
        }
    }
    env.ok(&["event", "add", "2026-10-01", "compression_start"]);
    let json: serde_json::Value =
        serde_json::from_str(&env.ok(&["report", "--format", "json"])).unwrap();
    assert_eq!(json["period"]["from"], "2026-11-11");
    assert_eq!(json["period"]["nights"], 16);
    assert_eq!(json["coverage"]["logged"], 16);
    assert_eq!(json["coverage"]["missing"], 0);
    assert_eq!(json["comparison"]["kind"], "none");
    let freq = json["flags"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == "cramp_frequency_high")
        .unwrap();
    assert_ne!(freq["level"], "insufficient_data", "{freq}");
    // The compression start before the diary began is listed as context.
    assert_eq!(json["events"][0]["date"], "2026-10-01");
    let text = env.ok(&["report"]);
    assert!(text.contains("Logged 16 of 16 nights"), "{text}");
    assert!(text.contains("No comparison: the previous period has fewer than 14"));
    assert!(text.contains("2026-10-01  Compression start"), "{text}");
    // `--all` and an explicit period are not shortened.
    let json: serde_json::Value =
        serde_json::from_str(&env.ok(&["report", "--format", "json", "--last", "8w"])).unwrap();
    assert_eq!(json["period"]["nights"], 56);
    assert_eq!(json["comparison"]["kind"], "first_and_last_four_weeks");
}
