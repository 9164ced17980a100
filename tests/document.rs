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
    assert!(flat(&text).contains("No comparison: the previous period has fewer than 14"));
    assert!(
        text.contains("2026-10-01  Started compression stockings"),
        "{text}"
    );
    // `--all` and an explicit period are not shortened.
    let json: serde_json::Value =
        serde_json::from_str(&env.ok(&["report", "--format", "json", "--last", "8w"])).unwrap();
    assert_eq!(json["period"]["nights"], 56);
    assert_eq!(json["comparison"]["kind"], "first_and_last_four_weeks");
}

/// A diary that uses every id of the vocabulary: each symptom (with a side and, where it
/// takes one, a severity), site, leg, relief, phase, time of day, walking-pain site, effort,
/// compression level, medicine class and event kind, written as a JSON export and imported.
fn every_id_diary(env: &Env) -> String {
    use cramplog::vocab::*;
    use serde_json::json;
    let start = chrono::NaiveDate::from_ymd_opt(2026, 9, 1).unwrap();
    let mut nights = Vec::new();
    for i in 0..87usize {
        let night = start + chrono::Duration::days(i as i64);
        let pick = |n: usize| (i + n) % 7;
        let leg = Leg::ALL[i % Leg::ALL.len()];
        let mut symptoms = Vec::new();
        for (k, s) in SymptomId::ALL.iter().enumerate() {
            // Each symptom on a few nights; warning signs once each, early in the period.
            let on = if s.urgency().is_some() {
                i == 3 * k % 60
            } else {
                (i + k) % 5 == 0
            };
            if on {
                let mut x = json!({"id": s.id(), "side": Leg::ALL[(i + k) % 3].id()});
                if s.takes_severity() {
                    x["severity"] = json!(1 + (i + k) % 10);
                }
                symptoms.push(x);
            }
        }
        let episodes: Vec<serde_json::Value> = (0..(i % 3))
            .map(|e| {
                json!({
                    "time": "02:30",
                    "phase": Phase::ALL[(i + e) % Phase::ALL.len()].id(),
                    "leg": Leg::ALL[(i + e) % Leg::ALL.len()].id(),
                    "site": Site::ALL[(i + e) % Site::ALL.len()].id(),
                    "duration_s": 60 + 10 * e,
                    "pain": 3 + e,
                    "relief": Relief::ALL[(i + e) % Relief::ALL.len()].id(),
                })
            })
            .collect();
        nights.push(json!({
            "night": night.to_string(),
            "episodes": episodes,
            "soreness": pick(0),
            "soreness_side": leg.id(),
            "cramp_awakenings": i % 2,
            "symptoms": symptoms,
            "symptom_peak": Peak::ALL[i % Peak::ALL.len()].id(),
            "walk_pain_site": WalkSite::ALL[i % WalkSite::ALL.len()].id(),
            "exertion": Exertion::ALL[i % Exertion::ALL.len()].id(),
            "compression": Compression::ALL[i % Compression::ALL.len()].id(),
            "calf_cm_left": 38.0,
            "calf_cm_right": 37.5,
            "standing_h": (i % 9) as f64,
            "entered_at": format!("{}T07:30:00Z", night + chrono::Duration::days(1)),
        }));
    }
    let medications: Vec<serde_json::Value> = MedClass::ALL
        .iter()
        .enumerate()
        .map(|(k, c)| {
            let mut m = json!({"name": format!("Medicine {k}"), "class": c.id(), "start": format!("2026-10-{:02}", 1 + k)});
            if k % 3 == 0 {
                m["stop"] = json!(format!("2026-11-{:02}", 1 + k));
            }
            m
        })
        .collect();
    let events: Vec<serde_json::Value> = EventKind::ALL
        .iter()
        .enumerate()
        .map(|(k, e)| json!({"date": format!("2026-10-{:02}", 10 + k), "kind": e.id(), "side": "left", "label": "as planned"}))
        .collect();
    let doc = json!({
        "format": "cramplog",
        "version": 2,
        "profile": {"sex": "female", "known_varicose_veins": "both", "occupation_posture": "mixed", "birth_year": 1960},
        "medications": medications,
        "events": events,
        "nights": nights,
        "trials": [],
    });
    let file = env.path("every-id.json");
    std::fs::write(&file, serde_json::to_vec(&doc).unwrap()).unwrap();
    env.ok(&["import", file.to_str().unwrap()]);
    env.db().to_str().unwrap().to_string()
}

/// The visible text of an HTML report: no style sheet, no tags.
fn html_visible(html: &str) -> String {
    let body = html
        .split_once("</style>")
        .map_or(html, |(_, rest)| rest)
        .to_string();
    let mut out = String::new();
    let mut in_tag = false;
    for c in body.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// Ids that must not reach a reader: every multi-word id, and "symptom:side" specs.
fn leaked_ids(text: &str) -> Vec<String> {
    let mut leaks: Vec<String> = cramplog::labels::every_id()
        .into_iter()
        .filter(|id| id.contains('_') && text.contains(id))
        .map(String::from)
        .collect();
    for s in cramplog::vocab::SymptomId::ALL {
        for side in ["left", "right", "both"] {
            let spec = format!("{}:{side}", s.id());
            if text.contains(&spec) {
                leaks.push(spec);
            }
        }
    }
    leaks
}

#[test]
fn no_internal_id_reaches_the_reports_of_the_demo_or_of_a_diary_using_every_id() {
    // Every leak of every format, so one run shows them all.
    let mut leaks: Vec<(String, Vec<String>)> = Vec::new();
    let mut check = |what: String, text: &str| {
        let l = leaked_ids(text);
        if !l.is_empty() {
            leaks.push((what, l));
        }
    };
    for every in [false, true] {
        let env = Env::new();
        let db = if every {
            every_id_diary(&env)
        } else {
            demo(&env)
        };
        let which = if every { "every-id diary" } else { "demo" };
        for format in ["text", "md"] {
            check(format!("{which} {format}"), &report(&env, &db, format));
        }
        let html = html_visible(&report(&env, &db, "html"));
        assert!(html.contains("Key numbers"), "{html}");
        check(format!("{which} html"), &html);
        if let Some(pdf) = pdf_text(&env, &db) {
            // pdftotext breaks lines; an id split at a line end would still be an id.
            check(format!("{which} pdf"), &flat(&pdf));
        }
        // Terminal tables too: the night list and one night in full.
        check(format!("{which} list"), &env.ok(&["list", "--db", &db]));
        check(
            format!("{which} show"),
            &env.ok(&["show", "--db", &db, "2026-11-20"]),
        );
    }
    assert!(leaks.is_empty(), "{leaks:#?}");
}
