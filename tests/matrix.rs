//! The bad-input matrix (docs/design.md section 8): every case exits 2 with one line that names
//! the value, prints no panic, and leaves the diary's bytes unchanged.

use crate::harness::{Env, snapshot};

const CASES: &[(&[&str], &str)] = &[
    (&["log", "2026-11-22", "-e", "left calf 2m 11"], "pain '11'"),
    (
        &["log", "2026-11-22", "-e", "left calf 0s 5"],
        "duration '0s'",
    ),
    (
        &["log", "2026-02-30", "--none"],
        "'2026-02-30' is not a real date",
    ),
    (&["log", "2026-11-28", "--none"], "in the future"),
    (
        &["log", "today", "--none"],
        "Did you mean last night, Thu 26 Nov 2026?",
    ),
    (
        &["log", "2026-11-27", "--none"],
        "has not ended yet; a night is logged the morning after",
    ),
    (
        &["log", "2026-11-22", "--none", "-s", "sweling"],
        "did you mean 'swelling_feeling'",
    ),
    (&["log", "2026-11-22", "-e", "left knee 2m 5"], "'knee'"),
    (&["log", "2026-11-20", "--none"], "--replace"),
    (
        &["log", "2026-11-22", "--none", "--sleep-quality", "0"],
        "--sleep-quality '0'",
    ),
    (
        &["log", "2026-11-22", "--none", "--awakenings", "21"],
        "--awakenings '21'",
    ),
    (
        &[
            "log",
            "2026-11-22",
            "--none",
            "--awakenings",
            "2",
            "--cramp-awakenings",
            "5",
        ],
        "more than the 2 awakenings",
    ),
    (
        &["log", "2026-11-22", "--none", "--bed", "25:00"],
        "'25:00' is not a clock time",
    ),
    (
        &["log", "2026-11-22", "--none", "--up", "7"],
        "'7' is not a clock time",
    ),
    (
        &["log", "2026-11-22", "--none", "--peak", "noon"],
        "unknown symptom peak 'noon'",
    ),
    (
        &["log", "2026-11-22", "--none", "--walk-pain", "site=knee"],
        "'knee'",
    ),
    (
        &["log", "2026-11-22", "--none", "--calf-cm", "10,38"],
        "'10'",
    ),
    (
        &["log", "2026-11-22", "--none", "--standing", "25"],
        "--standing '25' is not valid; give a number from 0 to 24",
    ),
    (
        &["log", "2026-11-22", "--none", "--sitting", "abc"],
        "'abc'",
    ),
    (
        &[
            "log",
            "2026-11-22",
            "--none",
            "--standing",
            "5",
            "--sitting",
            "20",
        ],
        "more than 24 hours",
    ),
    (
        &["log", "2026-11-22", "--none", "--exertion", "extreme"],
        "'extreme'",
    ),
    (
        &["log", "2026-11-22", "--none", "--fluids", "41"],
        "--fluids '41'",
    ),
    (
        &["log", "2026-11-22", "--none", "--alcohol", "51"],
        "--alcohol '51'",
    ),
    (
        &["log", "2026-11-22", "--none", "--caffeine", "x"],
        "--caffeine 'x'",
    ),
    (
        &["log", "2026-11-22", "--none", "--elevation", "1441"],
        "--elevation '1441'",
    ),
    (
        &["log", "2026-11-22", "--none", "--stretched=perhaps"],
        "--stretched=yes",
    ),
    (
        &["log", "2026-11-22", "--none", "--soreness", "3:middle"],
        "'middle'",
    ),
    (
        &["log", "2026-11-22", "--none", "-s", "heaviness:left:11"],
        "severity 11",
    ),
    (
        &[
            "log",
            "2026-11-22",
            "--none",
            "-s",
            "heaviness",
            "-s",
            "heaviness",
        ],
        "twice",
    ),
    (&["log", "2026-11-22", "-e", "left left calf"], "leg twice"),
    (
        &["log", "2026-11-22", "-e", "left calf resleep=601"],
        "resleep '601'",
    ),
    (
        &["log", "2026-11-22", "-e", "left calf relief=prayer"],
        "unknown relief 'prayer'",
    ),
    (
        &["log", "2026-11-22", "--none", "-e", "left calf 5"],
        "cannot be used with",
    ),
    (
        &["edit", "2026-11-20", "--fix-episode", "3=left calf 5"],
        "has 1 cramp;",
    ),
    (
        &["edit", "2026-11-20", "--unset", "colour"],
        "unknown field to unset 'colour'",
    ),
    (&["delete", "2026-11-20"], "--yes"),
    (&["profile", "set", "sex", "maybe"], "'maybe'"),
    (
        &["profile", "set", "birth_yaer", "1961"],
        "did you mean 'birth_year'",
    ),
    (
        &[
            "med",
            "add",
            "X",
            "--class",
            "statn",
            "--start",
            "2026-01-01",
        ],
        "did you mean 'statin'",
    ),
    (
        &[
            "med",
            "add",
            "X",
            "--class",
            "statin",
            "--start",
            "2027-01-01",
        ],
        "in the future",
    ),
    (
        &["med", "stop", "Simvo", "--date", "2026-11-01"],
        "did you mean 'Simva'",
    ),
    (
        &["event", "add", "2026-11-01", "compresion_start"],
        "did you mean 'compression_start'",
    ),
    (&["event", "delete", "999"], "no event #999"),
    (
        &["report", "--from", "2026-11-20", "--to", "2026-11-10"],
        "is after --to",
    ),
    (&["report", "--last", "0w"], "--last '0w'"),
    (&["show", "2026-11-22"], "not logged"),
    (&["report", "--format", "docx"], "'docx'"),
    (&["list", "--from", "2026-13-01"], "'2026-13-01'"),
    (&["export", "--format", "csv"], "-o DIR"),
    (&["reprot"], "'report'"),
    (&["log", "--sorenes", "3"], "--soreness"),
    // Clap's details stay in the one line (issue 15).
    (&["chart"], "not provided: --output <FILE>, <KIND>"),
    (
        &["log", "--none", "--soreness", "-3"],
        "--soreness cannot be negative. --soreness: Next-morning soreness 0-10",
    ),
    (
        &["report", "--format", "docx"],
        "use one of: text, md, html, pdf, json",
    ),
    (
        &["med", "add", "salbutamol inhaler", "--start", "2026-10-01"],
        "add --class with one of: laba,",
    ),
    (
        &["edit", "2026-11-20", "--fix-episode", "1=left knee"],
        "'knee'",
    ),
    // Each names the missing piece or the valid values (issue 15).
    (&["event", "add"], "not provided: <DATE>, <KIND>"),
    (&["med", "add", "X"], "not provided: --start <DATE>"),
    (&["trial", "start"], "not provided: <KIND>"),
    (&["ask"], "not provided: <TEXT>"),
    (
        &["chart", "foo", "-o", "x.svg"],
        "use one of: weekly, calendar, time-of-night",
    ),
    (
        &["export", "--format", "xml"],
        "use one of: json, csv, fhir",
    ),
    (&["report", "--paper", "a5"], "use one of: a4, letter"),
    (
        &["log", "--sleep-quality", "-1", "--none"],
        "--sleep-quality cannot be negative. --sleep-quality: Sleep quality 1 (very poor) to 5",
    ),
    (
        &["trial", "start", "jogging"],
        "choose from: compression, stretching, elevation",
    ),
    (
        &[
            "event",
            "add",
            "2026-11-01",
            "duplex_scan",
            "--result",
            "maybe",
        ],
        "choose from: reflux, no_reflux, unclear",
    ),
    (
        &["log", "2026-11-22", "--none", "--compression", "sometimes"],
        "choose from: none, part, most",
    ),
    (
        &["profile", "set", "sex"],
        "'sex' has no value; give KEY VALUE pairs",
    ),
    (&["event", "delete", "abc"], "'abc' is not an event id"),
    (&["event", "delete", "-3"], "'-3' is not an event id"),
    (&["ask", "done", "-1"], "'-1' is not a question number"),
    // A word for a number: plain words and the option's description (its range).
    (
        &["trial", "start", "stretching", "--pairs", "x"],
        "'x' for '--pairs <N>': not a whole number; --pairs: Pairs of periods, 1 to 16",
    ),
    // An option whose completions are only suggestions says what it takes, not "one of".
    (
        &["log", "-e"],
        "--episode: One cramp, as words in any order",
    ),
];

fn seeded() -> Env {
    let env = Env::new();
    env.ok(&[
        "log",
        "2026-11-20",
        "-e",
        "left calf 2m 7",
        "--soreness",
        "3",
    ]);
    env.ok(&["profile", "set", "sex", "female"]);
    env.ok(&[
        "med",
        "add",
        "Simva",
        "--class",
        "statin",
        "--start",
        "2026-10-01",
    ]);
    env.ok(&["event", "add", "2026-11-01", "compression_start"]);
    env
}

#[test]
fn every_bad_input_exits_2_with_one_line_and_changes_nothing() {
    let env = seeded();
    let before = snapshot(&env.db());
    assert!(before.0.is_some());
    assert!(CASES.len() >= 30);
    for (args, needle) in CASES {
        env.fails(args, 2, needle);
        assert_eq!(
            snapshot(&env.db()),
            before,
            "the diary changed after {args:?}"
        );
    }
}

#[test]
fn a_bad_pinned_today_is_a_usage_error() {
    let env = seeded();
    let out = env
        .cmd(&["log", "--none"])
        .env("CRAMPLOG_TODAY", "someday")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    crate::harness::assert_one_line_error(&stderr);
    assert!(stderr.contains("CRAMPLOG_TODAY 'someday'"), "{stderr}");
}

#[test]
fn files_that_cannot_be_written_or_read_are_runtime_or_usage_errors_without_damage() {
    let env = seeded();
    let before = snapshot(&env.db());
    let missing_dir = env.path("nodir/x.svg");
    env.fails(
        &["chart", "weekly", "-o", missing_dir.to_str().unwrap()],
        2,
        "does not exist",
    );
    env.fails(
        &["import", env.path("nope.json").to_str().unwrap()],
        2,
        "does not exist",
    );
    assert_eq!(snapshot(&env.db()), before);
}

/// `-e` and the options read the words the guided entry reads (issue 15).
#[test]
fn options_read_the_words_people_type() {
    let env = Env::new();
    env.ok(&[
        "log",
        "2026-11-22",
        "-e",
        "left calf two minutes 7 out of 10 3am relief=stretch",
        "--standing",
        "7,5",
    ]);
    let n = env.json(&["show", "2026-11-22", "--json"]);
    let e = &n["episodes"][0];
    assert_eq!(
        (&e["duration_s"], &e["pain"], &e["time"]),
        (
            &serde_json::json!(120),
            &serde_json::json!(7),
            &serde_json::json!("03:00")
        ),
        "{n}"
    );
    assert_eq!(n["standing_h"], serde_json::json!(7.5), "{n}");
}

/// What the README writes works as written: `--paper A4`, `med add NAME` without a class,
/// and `edit --fix-episode` changes only the fields given.
#[test]
fn readme_spellings_and_partial_fixes_work() {
    let env = seeded();
    env.ok(&["report", "--paper", "A4", "--format", "TEXT"]);
    let added = env.ok(&["med", "add", "Amlodipine 5 mg", "--start", "2026-10-02"]);
    assert!(
        added
            .contains("Class: calcium-channel blocker (for blood pressure), from cramplog's table"),
        "{added}"
    );
    let list = env.ok(&["med", "list"]);
    assert!(list.contains("statin (for cholesterol)"), "{list}");
    env.ok(&["edit", "2026-11-20", "--fix-episode", "1=right 8"]);
    let n = env.json(&["show", "2026-11-20", "--json"]);
    assert_eq!(
        n["episodes"][0],
        serde_json::json!({"phase": "woke_me", "leg": "right", "site": "calf",
                           "duration_s": 120, "pain": 8})
    );
}

/// `status` says whether last night is logged; `--quiet` answers with the exit code only,
/// and neither creates a diary.
#[test]
fn status_says_whether_last_night_is_logged() {
    let env = Env::new();
    let out = env.cmd(&["status", "--quiet"]).output().unwrap();
    assert_eq!(
        (out.status.code(), out.stdout.len(), out.stderr.len()),
        (Some(1), 0, 0)
    );
    assert!(!env.db().exists(), "status created the diary");
    assert!(env.ok(&["status"]).contains("no diary yet"));
    env.ok(&["log", "2026-11-25", "--none"]);
    assert!(
        env.ok(&["status"])
            .contains("last night (Thu 26 Nov 2026) is not logged yet")
    );
    env.ok(&["log", "2026-11-26", "--none"]);
    assert_eq!(
        env.ok(&["status"]).trim(),
        "cramplog: last night (Thu 26 Nov 2026) is logged."
    );
    let out = env.cmd(&["status", "-q"]).output().unwrap();
    assert_eq!((out.status.code(), out.stdout.len()), (Some(0), 0));
}

/// `profile set --help` lists every key with its meaning and values (src/profile.rs KEYS).
#[test]
fn profile_set_help_lists_every_key_and_its_values() {
    let env = Env::new();
    let help = env.ok(&["profile", "set", "--help"]);
    let help = help.split_whitespace().collect::<Vec<_>>().join(" ");
    for key in [
        "birth_year",
        "known_varicose_veins",
        "occupation_posture",
        "prior_vein_procedure",
    ] {
        assert!(help.contains(key), "{key} missing from:\n{help}");
    }
    assert!(help.contains("none, left, right or both"), "{help}");
    assert!(help.contains("standing, sitting or mixed"), "{help}");
}
