//! The patient's own questions (`cramplog ask`) and recorded duplex results
//! (`event add D duplex_scan --result …`), docs/design.md sections 12 and 13: stored, shown
//! in every report format, carried by the JSON export, and refused with one sentence when
//! bad, leaving the diary unchanged.

use serde_json::{Value, json};

use crate::harness::{Env, snapshot, tool_missing};

/// The words of the PDF report, spaces collapsed; `None` when pdftotext is missing outside CI.
fn pdf_words(env: &Env, extra: &[&str]) -> Option<String> {
    let pdf = env.path("r.pdf");
    let mut args = vec![
        "report",
        "--format",
        "pdf",
        "--force",
        "-o",
        pdf.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    env.ok(&args);
    match std::process::Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
    {
        Ok(out) => Some(
            String::from_utf8_lossy(&out.stdout)
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" "),
        ),
        Err(e) => {
            tool_missing(&format!("pdftotext is not installed ({e})"));
            None
        }
    }
}

/// Text with every run of white space made one space (the text report wraps its lines).
fn flat(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Three logged nights, so a report can be made.
fn logged() -> Env {
    let env = Env::new();
    for night in ["2026-11-24", "2026-11-25"] {
        env.ok(&["log", night, "--none"]);
    }
    env.ok(&["log", "2026-11-26", "-e", "left calf 2m 6"]);
    env
}

fn ask_on(env: &Env, today: &str, text: &str) -> Value {
    let out = env
        .cmd(&["ask", text, "--json"])
        .env("CRAMPLOG_TODAY", today)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn questions_are_saved_listed_oldest_first_and_marked_done() {
    let env = logged();
    let first = ask_on(
        &env,
        "2026-11-27",
        "Could my water tablet cause the cramps?",
    );
    let older = ask_on(&env, "2026-11-10", "Should I wear the stockings at night?");
    assert_eq!(
        first,
        json!({"id": 1, "text": "Could my water tablet cause the cramps?", "asked": "2026-11-27"})
    );
    assert_eq!(older["id"], 2);
    // Words typed without quotes are one question; spaces are collapsed.
    let out = env.ok(&["ask", "Is", "the", "left  leg", "worse?"]);
    assert!(
        out.contains("Saved question #3: \"Is the left leg worse?\""),
        "{out}"
    );
    assert!(out.contains("cramplog ask done 3"), "{out}");

    let list = env.json(&["ask", "list", "--json"]);
    let ids: Vec<i64> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, [2, 1, 3], "oldest first: {list}");
    let table = env.ok(&["ask", "list"]);
    assert!(table.starts_with("no."), "{table}");
    assert!(table.contains("Should I wear the stockings at night?"));
    // A long question wraps at word boundaries to the terminal's width.
    let long = "Could the cramps in my left calf be caused by the veins, and would wearing the stockings at night as well as in the day help?";
    env.ok(&["ask", long]);
    for columns in ["60", "80"] {
        let out = env
            .cmd(&["ask", "list"])
            .env("COLUMNS", columns)
            .output()
            .unwrap();
        let out = String::from_utf8(out.stdout).unwrap();
        let max: usize = columns.parse().unwrap();
        assert!(out.lines().all(|l| l.chars().count() <= max), "{out}");
        let words = out.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(words.contains(long), "{out}");
    }
    env.ok(&["ask", "done", "4"]);

    let done = env.ok(&["ask", "done", "2"]);
    assert!(
        done.contains("Marked question #2 done (2026-11-27)"),
        "{done}"
    );
    let open = env.json(&["ask", "list", "--json"]);
    assert_eq!(open.as_array().unwrap().len(), 2);
    let all = env.json(&["ask", "list", "--all", "--json"]);
    assert_eq!(all[0]["done"], "2026-11-27", "{all}");
    // Marking it again changes nothing and says so.
    let before = snapshot(&env.db());
    let again = env.ok(&["ask", "done", "#2"]);
    assert!(
        again.contains("already marked done on 2026-11-27"),
        "{again}"
    );
    assert_eq!(snapshot(&env.db()), before);
    let json = env.json(&["ask", "done", "1", "--json"]);
    assert_eq!(json["done"], "2026-11-27");
    let none = env.ok(&["ask", "done", "3"]);
    assert!(none.contains("#3"));
    let empty = env.ok(&["ask", "list"]);
    let empty = empty.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        empty.contains("No open questions (4 marked done"),
        "{empty}"
    );
}

#[test]
fn bad_questions_and_numbers_are_one_line_errors_and_change_nothing() {
    let env = logged();
    env.ok(&["ask", "A first question?"]);
    let before = snapshot(&env.db());
    let long = "x".repeat(501);
    let cases: &[(&[&str], &str)] = &[
        (&["ask", "stop\u{1b}[2J now?"], "U+001B"),
        (&["ask", "line one\nline two"], "U+000A"),
        (&["ask", &long], "501 characters long; keep it to 500"),
        (&["ask", "   "], "the question is empty"),
        (&["ask"], "<TEXT>"),
        (&["ask", "done", "99"], "there is no question #99"),
        (&["ask", "done", "abc"], "'abc' is not a question number"),
        (&["ask", "done", "0"], "'0' is not a question number"),
        (&["ask", "done"], "<ID>"),
        // A slip for a command is not saved as a question.
        (&["ask", "lst"], "'lst' looks like the command 'ask list'"),
        (&["ask", "dne", "2"], "type cramplog ask done 2,"),
        (&["ask", "--json", "list"], "type cramplog ask list --json,"),
    ];
    for (args, needle) in cases {
        env.fails(args, 2, needle);
        assert_eq!(
            snapshot(&env.db()),
            before,
            "the diary changed after {args:?}"
        );
    }
    // 500 characters are fine.
    env.ok(&["ask", &"y".repeat(500)]);
    // No diary yet: listing says so, marking is refused, and no file is created.
    let fresh = Env::new();
    assert!(fresh.ok(&["ask", "list"]).contains("No questions yet"));
    fresh.fails(&["ask", "done", "1"], 2, "there is no question #1");
    assert!(!fresh.db().exists());
}

#[test]
fn open_questions_are_in_every_report_format_escaped() {
    let env = logged();
    ask_on(&env, "2026-11-20", "Is <b>this</b> & that from my veins?");
    ask_on(&env, "2026-11-21", "Done already?");
    env.ok(&["ask", "done", "2"]);
    let report = env.json(&["report", "--format", "json"]);
    assert_eq!(
        report["questions"],
        json!([{"id": 1, "text": "Is <b>this</b> & that from my veins?", "asked": "2026-11-20"}])
    );
    let text = env.ok(&["report"]);
    assert!(text.contains("The patient's questions"), "{text}");
    assert!(text.contains("Is <b>this</b> & that from my veins? (asked 20 Nov 2026)"));
    assert!(!text.contains("Done already?"));
    let md = env.ok(&["report", "--format", "md"]);
    assert!(md.contains("## The patient's questions"), "{md}");
    assert!(
        !md.contains("<b>this</b>"),
        "Markdown must escape the question: {md}"
    );
    let html = env.ok(&["report", "--format", "html"]);
    assert!(html.contains(r#"<section id="questions""#));
    assert!(
        html.contains("Is &lt;b&gt;this&lt;/b&gt; &amp; that from my veins?"),
        "HTML must escape the question"
    );
    assert!(!html.contains("<b>this</b>"));
    // On page 1: before the pattern flags in every format.
    for out in [&text, &md, &html] {
        let q = out
            .find("The patient&#39;s questions")
            .or(out.find("The patient's questions"));
        let flags = out
            .find("Pattern flags\n")
            .or(out.find("<h2 id=\"h-flags\">"));
        assert!(q.is_some(), "no questions section");
        if let (Some(q), Some(f)) = (q, flags) {
            assert!(q < f, "questions come before the pattern flags");
        }
    }
    if let Some(words) = pdf_words(&env, &[]) {
        assert!(words.contains("The patient's questions"), "{words}");
        assert!(
            words.contains("Is <b>this</b> & that from my veins?"),
            "{words}"
        );
        assert!(!words.contains("Done already?"));
    }
    // Without open questions there is no section.
    env.ok(&["ask", "done", "1"]);
    assert!(!env.ok(&["report"]).contains("The patient's questions"));
}

/// A recorded duplex result is shown beside the composite line in every format; "no reflux"
/// replaces it, and the JSON keeps the composite as judged.
#[test]
fn a_duplex_result_is_shown_beside_the_composite_line() {
    let env = logged();
    let composite = "The diary does not show the combined pattern";
    assert!(flat(&env.ok(&["report"])).contains(composite));
    env.ok(&[
        "event",
        "add",
        "2026-11-02",
        "duplex_scan",
        "--result",
        "reflux",
        "--side",
        "left",
    ]);
    let reflux =
        "A venous duplex scan on Mon 2 Nov 2026 was recorded as showing reflux (left leg).";
    for format in ["text", "md", "html"] {
        let out = flat(&env.ok(&["report", "--format", format]));
        assert!(out.contains(composite), "{format}");
        assert!(out.contains(reflux), "{format}: {out}");
    }
    let listed = env.json(&["event", "list", "--json"]);
    assert_eq!(listed[0]["result"], "reflux", "{listed}");
    // A later scan with no reflux wins, and replaces the composite line.
    let out = env.ok(&[
        "event",
        "add",
        "2026-11-16",
        "duplex_scan",
        "--result",
        "no_reflux",
        "--label",
        "vascular lab",
    ]);
    assert!(out.contains("result: no venous reflux"), "{out}");
    let no_reflux = "A venous duplex scan on Mon 16 Nov 2026 was recorded as showing no venous reflux: the pattern is not explained by reflux; discuss other causes.";
    for format in ["text", "md", "html"] {
        let out = flat(&env.ok(&["report", "--format", format]));
        assert!(
            !out.contains(composite),
            "{format}: the composite line is replaced"
        );
        assert!(out.contains(no_reflux), "{format}: {out}");
        assert!(!out.contains(reflux), "{format}: only the latest scan");
    }
    if let Some(words) = pdf_words(&env, &[]) {
        assert!(
            words.contains("was recorded as showing no venous reflux"),
            "{words}"
        );
        assert!(!words.contains(composite), "{words}");
    }
    let json = env.json(&["report", "--format", "json"]);
    assert_eq!(
        json["duplex"],
        json!({"date": "2026-11-16", "result": "no_reflux", "side": null})
    );
    assert!(
        json["composite"]["line"]
            .as_str()
            .unwrap()
            .contains(composite)
    );
    // A report that ends before the scan does not show it.
    let early = flat(&env.ok(&["report", "--from", "2026-11-01", "--to", "2026-11-10"]));
    assert!(early.contains(reflux), "{early}");
    assert!(!early.contains("no venous reflux: the pattern"));
}

/// Once a scan is recorded, the topics stop suggesting one (the demo's composite is met).
#[test]
fn the_topics_stop_suggesting_a_scan_once_one_is_recorded() {
    let env = Env::new();
    let db = env.path("demo.sqlite3");
    let db = db.to_str().unwrap();
    env.ok(&["demo", "--db", db, "--no-report"]);
    let topics = |env: &Env| -> Vec<String> {
        env.json(&["report", "--db", db, "--format", "json"])["topics_to_discuss"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t.as_str().unwrap().to_string())
            .collect()
    };
    let suggest = "Whether a venous duplex ultrasound scan is needed";
    assert!(
        topics(&env).iter().any(|t| t.starts_with(suggest)),
        "{:?}",
        topics(&env)
    );
    env.ok(&["event", "add", "--db", db, "2026-11-20", "duplex_scan"]);
    let after = topics(&env);
    assert!(
        !after.iter().any(|t| t.contains("scan is needed")),
        "{after:?}"
    );
    assert!(
        after
            .iter()
            .any(|t| t == "What the venous duplex scan of Fri 20 Nov 2026 means for the cramps."),
        "{after:?}"
    );
    let text = flat(&env.ok(&["report", "--db", db]));
    assert!(!text.contains(suggest));
    assert!(text.contains("What the venous duplex scan of Fri 20 Nov 2026 means"));
}

#[test]
fn bad_duplex_results_are_one_line_errors_and_change_nothing() {
    let env = logged();
    let before = snapshot(&env.db());
    env.fails(
        &[
            "event",
            "add",
            "2026-11-20",
            "duplex_scan",
            "--result",
            "refluks",
        ],
        2,
        "--result: unknown duplex result 'refluks'; did you mean 'reflux'",
    );
    env.fails(
        &[
            "event",
            "add",
            "2026-11-20",
            "compression_start",
            "--result",
            "reflux",
        ],
        2,
        "--result belongs to a duplex_scan, not to compression_start",
    );
    assert_eq!(snapshot(&env.db()), before);
}

/// Export version 2 carries questions and results; an import into an empty diary gives the
/// same export back; version 1 files still import; bad records are named and refused.
#[test]
fn export_carries_questions_and_results_and_import_restores_them() {
    let env = logged();
    ask_on(&env, "2026-11-20", "Why only the left calf?");
    ask_on(&env, "2026-11-22", "Can I stop the stockings in summer?");
    env.ok(&["ask", "done", "2"]);
    env.ok(&[
        "event",
        "add",
        "2026-11-02",
        "duplex_scan",
        "--result",
        "unclear",
    ]);
    let file = env.path("export.json");
    let said = env.ok(&["export", "--format", "json", "-o", file.to_str().unwrap()]);
    assert!(said.contains("1 event, 2 questions to"), "{said}");
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(doc["version"], 2);
    assert_eq!(
        doc["questions"],
        json!([
            {"id": 1, "text": "Why only the left calf?", "asked": "2026-11-20"},
            {"id": 2, "text": "Can I stop the stockings in summer?", "asked": "2026-11-22", "done": "2026-11-27"}
        ])
    );
    assert_eq!(
        doc["events"],
        json!([{"date": "2026-11-02", "kind": "duplex_scan", "result": "unclear"}])
    );
    let other = Env::new();
    let out = other.ok(&["import", file.to_str().unwrap()]);
    assert!(out.contains("2 questions added or updated"), "{out}");
    let again = other.path("again.json");
    other.ok(&["export", "--format", "json", "-o", again.to_str().unwrap()]);
    assert_eq!(
        std::fs::read(&file).unwrap(),
        std::fs::read(&again).unwrap()
    );
    // The same file again changes nothing.
    let before = snapshot(&other.db());
    let out = other.ok(&["import", file.to_str().unwrap()]);
    assert!(!out.contains("question"), "{out}");
    assert_eq!(snapshot(&other.db()), before);
    // A question marked done in the file updates the diary's.
    let mut done = doc.clone();
    done["questions"][0]["done"] = json!("2026-11-26");
    let done_file = other.path("done.json");
    std::fs::write(&done_file, done.to_string()).unwrap();
    let dry = other.ok(&["import", "--dry-run", done_file.to_str().unwrap()]);
    assert!(
        dry.contains("Would update when this question was done"),
        "{dry}"
    );
    other.ok(&["import", done_file.to_str().unwrap()]);
    assert_eq!(
        other.json(&["ask", "list", "--json"]),
        json!([]),
        "both questions are done now"
    );

    // Version 1 (no questions, no results) still imports.
    let v1 = env.path("v1.json");
    std::fs::write(
        &v1,
        r#"{"format":"cramplog","version":1,"events":[{"date":"2026-10-01","kind":"duplex_scan","side":"left"}],
            "nights":[{"night":"2026-11-01","episodes":[]}]}"#,
    )
    .unwrap();
    let fresh = Env::new();
    fresh.ok(&["import", v1.to_str().unwrap()]);
    assert_eq!(fresh.json(&["event", "list", "--json"])[0]["side"], "left");

    // Bad questions and results are named by record and field; nothing is written.
    for (change, needle) in [
        (
            json!({"questions": [{"id": 1, "text": "Q", "asked": "2026-11-20", "done": "2026-11-19"}]}),
            "questions[0].done: 2026-11-19 is before the day it was asked",
        ),
        (
            json!({"questions": [{"id": 1, "text": "a\u{1b}b", "asked": "2026-11-20"}]}),
            "questions[0].text: holds the control character U+001B",
        ),
        (
            json!({"questions": [{"id": 1, "text": "x".repeat(501), "asked": "2026-11-20"}]}),
            "questions[0].text: give a question of 1 to 500 characters",
        ),
        (
            json!({"questions": [{"id": 1, "text": "A", "asked": "2026-11-20"}, {"id": 1, "text": "B", "asked": "2026-11-20"}]}),
            "questions[1].id: 1 is in the file twice",
        ),
        (
            json!({"events": [{"date": "2026-11-01", "kind": "vein_procedure", "result": "reflux"}]}),
            "events[0].result: only a duplex_scan has a result",
        ),
        (
            json!({"events": [{"date": "2026-11-01", "kind": "duplex_scan", "result": "maybe"}]}),
            "events[0].result",
        ),
    ] {
        let mut bad = json!({"format": "cramplog", "version": 2, "nights": []});
        for (k, v) in change.as_object().unwrap() {
            bad[k] = v.clone();
        }
        let path = env.path("bad.json");
        std::fs::write(&path, bad.to_string()).unwrap();
        let before = snapshot(&other.db());
        other.fails(&["import", path.to_str().unwrap()], 2, needle);
        assert_eq!(snapshot(&other.db()), before);
    }
}
