//! The diary store and the log / show / list / edit / delete commands (issue 2).

use serde_json::json;

use crate::harness::{Env, snapshot};

const FULL: &[&str] = &[
    "log",
    "2026-11-20",
    "-e",
    "left calf 2m 7/10 03:10 relief=stretch",
    "-e",
    "right foot 45s 4",
    "--soreness",
    "3",
    "-s",
    "heaviness:left:6",
    "-s",
    "ankle_swelling:left",
    "--standing",
    "7",
    "--compression",
    "none",
];

#[test]
fn logged_night_shows_exactly_what_was_given() {
    let env = Env::new();
    env.ok(FULL);
    let night = env.json(&["show", "2026-11-20", "--json"]);
    assert_eq!(
        night,
        json!({
            "night": "2026-11-20",
            "episodes": [
                {"time": "03:10", "phase": "woke_me", "leg": "left", "site": "calf",
                 "duration_s": 120, "pain": 7, "relief": "stretch"},
                {"phase": "woke_me", "leg": "right", "site": "foot", "duration_s": 45, "pain": 4}
            ],
            "soreness": 3,
            "symptoms": [
                {"id": "heaviness", "side": "left", "severity": 6},
                {"id": "ankle_swelling", "side": "left"}
            ],
            "standing_h": 7.0,
            "compression": "none",
            "entered_at": "2026-11-27T08:00:00Z"
        })
    );
}

#[test]
fn cramp_free_and_missing_nights_are_different() {
    let env = Env::new();
    env.ok(FULL);
    env.ok(&["log", "2026-11-21", "--none"]);
    let list = env.json(&[
        "list",
        "--from",
        "2026-11-20",
        "--to",
        "2026-11-22",
        "--json",
    ]);
    assert_eq!(list["logged"], 2);
    assert_eq!(list["missing"], json!(["2026-11-22"]));
    assert_eq!(list["nights"][1]["night"], "2026-11-21");
    assert_eq!(list["nights"][1]["episodes"], json!([]));
    let table = env.ok(&["list", "--from", "2026-11-20", "--to", "2026-11-22"]);
    // The line wraps at the terminal's width (80 here).
    let words = table.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        words.contains("logged 2 of 3 nights; 1 with cramps, 1 cramp-free, 1 missing"),
        "{table}"
    );
    let missing_row = table.lines().find(|l| l.contains("2026-11-22")).unwrap();
    assert!(missing_row.contains("missing"), "{table}");
    let free_row = table.lines().find(|l| l.contains("2026-11-21")).unwrap();
    assert!(free_row.contains("none"), "{table}");
}

#[test]
fn unknown_and_no_stay_different() {
    let env = Env::new();
    env.ok(&[
        "log",
        "2026-11-20",
        "--none",
        "--heat=no",
        "--stretched=no",
        "--no-symptoms",
        "--rls",
        "at-rest=yes,relieved=no",
    ]);
    env.ok(&["log", "2026-11-21", "--none"]);
    let a = env.json(&["show", "2026-11-20", "--json"]);
    let b = env.json(&["show", "2026-11-21", "--json"]);
    assert_eq!(a["heat"], false);
    assert_eq!(a["stretched"], false);
    assert_eq!(a["symptoms"], json!([]));
    assert_eq!(a["urge_at_rest"], true);
    assert_eq!(a["urge_relieved_by_moving"], false);
    assert!(a.get("urge_worse_evening").is_none());
    for key in ["heat", "stretched", "symptoms", "urge_at_rest"] {
        assert!(b.get(key).is_none(), "{key} should be unknown: {b}");
    }
}

#[test]
fn every_night_field_is_stored() {
    let env = Env::new();
    env.ok(&[
        "log",
        "2026-11-19",
        "-e",
        "both thigh 1m30s 9 23:40 before-sleep hard relief=massage resleep=20",
        "--soreness",
        "5:right",
        "--sleep-quality",
        "2",
        "--awakenings",
        "3",
        "--cramp-awakenings",
        "2",
        "--disturbance",
        "6",
        "--bed",
        "22:30",
        "--up",
        "06:45",
        "-s",
        "restless_urge:both:5",
        "-s",
        "walking_pain:left:4",
        "--peak",
        "end_of_day",
        "--rls",
        "at-rest=yes,relieved=yes,evening=yes,before-sleep=no",
        "--walk-pain",
        "at-rest=no,settles=yes,site=calf",
        "--calf-cm",
        "38.5,37",
        "--standing",
        "6.5",
        "--sitting",
        "3",
        "--exertion",
        "hard",
        "--heat",
        "--fluids",
        "8",
        "--alcohol",
        "1.5",
        "--caffeine",
        "2",
        "--compression",
        "part",
        "--elevation",
        "30",
        "--stretched",
        "--note",
        "long day <b>at work</b>",
    ]);
    let n = env.json(&["show", "2026-11-19", "--json"]);
    assert_eq!(
        n["episodes"][0],
        json!({"time": "23:40", "phase": "before_sleep", "leg": "both",
        "site": "thigh", "duration_s": 90, "pain": 9, "hard": true, "relief": "massage", "resleep_min": 20})
    );
    let expect = json!({"soreness": 5, "soreness_side": "right", "sleep_quality": 2, "awakenings": 3,
        "cramp_awakenings": 2, "sleep_disturbance": 6, "bed_time": "22:30", "up_time": "06:45",
        "symptom_peak": "end_of_day", "urge_at_rest": true, "urge_relieved_by_moving": true,
        "urge_worse_evening": true, "urge_before_sleep": false, "walk_pain_at_rest": false,
        "walk_pain_settles_10min": true, "walk_pain_site": "calf", "calf_cm_left": 38.5,
        "calf_cm_right": 37.0, "standing_h": 6.5, "sitting_h": 3.0, "exertion": "hard", "heat": true,
        "fluids_glasses": 8, "alcohol_units": 1.5, "caffeine_drinks": 2, "compression": "part",
        "elevation_min": 30, "stretched": true, "note": "long day <b>at work</b>"});
    for (k, v) in expect.as_object().unwrap() {
        assert_eq!(&n[k], v, "field {k}");
    }
    assert_eq!(
        n["symptoms"],
        json!([{"id": "restless_urge", "side": "both", "severity": 5},
        {"id": "walking_pain", "side": "left", "severity": 4}])
    );
}

#[test]
fn night_phrases_resolve_against_pinned_today() {
    let env = Env::new();
    env.ok(&["log", "--none"]);
    env.ok(&["log", "3", "days", "ago", "--none"]);
    env.ok(&["log", "monday", "--none"]);
    let list = env.json(&["list", "--all", "--json"]);
    let nights: Vec<&str> = list["nights"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["night"].as_str().unwrap())
        .collect();
    assert_eq!(nights, ["2026-11-23", "2026-11-24", "2026-11-26"]);
}

#[test]
fn bad_input_fails_with_one_line_and_leaves_the_diary_unchanged() {
    let env = Env::new();
    env.ok(FULL);
    let before = snapshot(&env.db());
    let cases: &[(&[&str], &str)] = &[
        (&["log", "2026-11-22", "-e", "left calf 2m 11"], "pain '11'"),
        (
            &["log", "2026-11-22", "-e", "left calf 0s 5"],
            "duration '0s'",
        ),
        (&["log", "2026-02-30", "--none"], "2026-02-30"),
        (&["log", "2026-11-28", "--none"], "in the future"),
        (
            &["log", "2026-11-22", "--none", "-s", "sweling"],
            "did you mean 'swelling_feeling'",
        ),
        (&["log", "2026-11-22", "-e", "left knee 2m 5"], "'knee'"),
        (&["log", "2026-11-20", "--none"], "--replace"),
        (
            &["log", "2026-11-22", "--soreness", "11"],
            "--soreness '11'",
        ),
        (&["log", "2026-11-22", "--standing", "7"], "--none"),
        (
            &["log", "2026-11-22", "--none", "-s", "ankle_swelling:left:5"],
            "side only",
        ),
        (
            &["log", "2026-11-22", "--none", "--compression", "sometimes"],
            "unknown compression 'sometimes'",
        ),
        (
            &["log", "2026-11-22", "--none", "--heat=maybe"],
            "--heat=yes",
        ),
        (
            &["log", "2026-11-22", "--none", "--calf-cm", "38"],
            "LEFT,RIGHT",
        ),
        (
            &["log", "2026-11-22", "--none", "--rls", "atrest=yes"],
            "did you mean 'at-rest'",
        ),
        (
            &["log", "2026-11-22", "--none", "-e", "left calf 5"],
            "cannot be used with",
        ),
        (
            &["edit", "2026-11-20", "--fix-episode", "3=left calf 5"],
            "has 2 cramps",
        ),
        (&["edit", "2026-11-22", "--soreness", "2"], "not logged"),
        (&["edit", "2026-11-20"], "nothing to change"),
        (&["show", "2026-11-22"], "not logged"),
        (&["delete", "2026-11-20"], "--yes"),
        (&["list", "--last", "8x"], "--last '8x'"),
    ];
    for (args, needle) in cases {
        env.fails(args, 2, needle);
        assert_eq!(snapshot(&env.db()), before, "diary changed by {args:?}");
    }
}

#[test]
fn no_diary_file_is_created_by_a_failed_command() {
    let env = Env::new();
    env.fails(&["log", "2026-11-22", "-e", "left calf 2m 11"], 2, "pain");
    env.fails(&["show", "2026-11-22"], 1, "no diary");
    assert!(!env.db().exists());
    assert!(!env.db().parent().unwrap().exists());
}

#[test]
fn diary_is_private() {
    use std::os::unix::fs::PermissionsExt;
    let env = Env::new();
    env.ok(&["log", "--none"]);
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&env.db()), 0o600);
    assert_eq!(mode(env.db().parent().unwrap()), 0o700);
}

#[test]
fn default_path_follows_xdg_data_home() {
    let env = Env::new();
    env.cmd(&["log", "--none"])
        .env_remove("CRAMPLOG_DB")
        .assert()
        .success();
    assert!(env.dir.path().join("xdg/cramplog/diary.sqlite3").exists());
    let other = env.path("other.sqlite3");
    env.cmd(&[
        "--db",
        other.to_str().unwrap(),
        "log",
        "yesterday",
        "--none",
    ])
    .assert()
    .success();
    assert!(other.exists());
}

#[test]
fn a_text_file_is_not_a_diary_and_stays_as_it_was() {
    let env = Env::new();
    let path = env.path("notes.txt");
    std::fs::write(&path, "my shopping list\n".repeat(100)).unwrap();
    let before = std::fs::read(&path).unwrap();
    let out = env
        .cmd(&["--db", path.to_str().unwrap(), "log", "--none"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    crate::harness::assert_one_line_error(&stderr);
    assert!(stderr.contains("not a cramplog diary"), "{stderr}");
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn a_diary_from_a_newer_version_is_refused_unchanged() {
    let env = Env::new();
    env.ok(&["log", "--none"]);
    {
        let conn = rusqlite::Connection::open(env.db()).unwrap();
        conn.pragma_update(None, "user_version", 99).unwrap();
    }
    let before = snapshot(&env.db());
    for args in [
        &["log", "2026-11-20", "--none"][..],
        &["list"][..],
        &["show"][..],
    ] {
        env.fails(args, 1, "newer cramplog");
        assert_eq!(snapshot(&env.db()), before);
    }
}

#[test]
fn another_programs_sqlite_file_is_not_touched() {
    let env = Env::new();
    let path = env.path("other.db");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch("CREATE TABLE recipes (name TEXT);")
            .unwrap();
    }
    let before = snapshot(&path);
    env.cmd(&["--db", path.to_str().unwrap(), "log", "--none"])
        .assert()
        .code(1);
    assert_eq!(snapshot(&path), before);
}

#[test]
fn edit_changes_only_the_given_fields_and_episodes() {
    let env = Env::new();
    env.ok(FULL);
    env.ok(&[
        "edit",
        "2026-11-20",
        "--fix-episode",
        "2=right foot 50s 5",
        "--add-episode",
        "left calf 30s 3",
        "--soreness",
        "4",
        "--unset",
        "compression",
    ]);
    let n = env.json(&["show", "2026-11-20", "--json"]);
    assert_eq!(n["episodes"].as_array().unwrap().len(), 3);
    assert_eq!(n["episodes"][1]["duration_s"], 50);
    assert_eq!(n["episodes"][2]["pain"], 3);
    assert_eq!(n["soreness"], 4);
    assert!(n.get("compression").is_none());
    assert_eq!(n["standing_h"], 7.0);
    env.ok(&[
        "edit",
        "2026-11-20",
        "--drop-episode",
        "1",
        "--drop-episode",
        "3",
    ]);
    let n = env.json(&["show", "2026-11-20", "--json"]);
    assert_eq!(n["episodes"].as_array().unwrap().len(), 1);
    env.ok(&["edit", "2026-11-20", "--none"]);
    assert_eq!(
        env.json(&["show", "2026-11-20", "--json"])["episodes"],
        json!([])
    );
}

#[test]
fn replace_overwrites_and_delete_removes() {
    let env = Env::new();
    env.ok(FULL);
    env.ok(&["log", "2026-11-20", "--none", "--replace"]);
    let n = env.json(&["show", "2026-11-20", "--json"]);
    assert_eq!(n["episodes"], json!([]));
    assert!(
        n.get("soreness").is_none(),
        "replace starts from an empty night"
    );
    env.ok(&["delete", "2026-11-20", "--yes"]);
    env.fails(&["show", "2026-11-20"], 2, "not logged");
}

#[test]
fn red_flag_advice_is_printed_at_once() {
    let env = Env::new();
    let out = env
        .cmd(&["log", "--none", "-s", "calf_tender_warm_red:left"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("URGENT"), "{stderr}");
    assert!(stderr.contains("Get medical help today"), "{stderr}");
    let out = env
        .cmd(&["log", "2 days ago", "--none", "-s", "breathless_chest_pain"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("Call emergency services now"), "{stderr}");
}

#[test]
fn no_terminal_and_no_options_points_at_the_flags() {
    let env = Env::new();
    env.fails(&["log"], 2, "--none");
    assert!(!env.db().exists());
}

#[test]
fn two_processes_logging_fifty_nights_each_lose_nothing() {
    let env = Env::new();
    env.ok(&["log", "2026-11-26", "--none"]); // create the diary first as a patient would
    let spawn = |offset: i64| {
        let db = env.db();
        let xdg = env.dir.path().join("xdg");
        std::thread::spawn(move || {
            let bin = assert_cmd::cargo::cargo_bin("cramplog");
            let mut failures = Vec::new();
            for i in 0..50 {
                let night = format!("{} days ago", 2 + offset + i * 2);
                let out = std::process::Command::new(&bin)
                    .args(["log", &night, "-e", "left calf 1m 5"])
                    .env("CRAMPLOG_DB", &db)
                    .env("XDG_DATA_HOME", &xdg)
                    .env("CRAMPLOG_TODAY", crate::harness::TODAY)
                    .output()
                    .expect("runs");
                if !out.status.success() {
                    failures.push(String::from_utf8_lossy(&out.stderr).into_owned());
                }
            }
            failures
        })
    };
    let (a, b) = (spawn(0), spawn(1));
    let failures: Vec<String> = a
        .join()
        .unwrap()
        .into_iter()
        .chain(b.join().unwrap())
        .collect();
    assert!(failures.is_empty(), "{failures:?}");
    let list = env.json(&["list", "--all", "--json"]);
    assert_eq!(list["logged"], 101);
}
