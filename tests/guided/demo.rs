//! `cramplog demo`: its own file, marked as a demo, rebuilt from scratch, never a real diary.

use super::{Env, bytes};

#[test]
fn the_demo_fills_twelve_weeks_with_profile_medicines_and_events() {
    let env = Env::new();
    let demo = env.path("demo.sqlite3");
    let db = demo.to_str().unwrap();
    let out = env.ok(&["demo", "--db", db]);
    // The test binary lives under target/, as after `cargo run`: the lines say so and
    // run through cargo as printed.
    assert!(
        out.contains(&format!("  cargo run --release -- list --all --db {db}")),
        "{out}"
    );
    assert!(out.contains("cramplog is not installed yet"), "{out}");
    assert!(out.contains("report"), "{out}");

    let list = env.json(&["list", "--all", "--json", "--db", db]);
    assert_eq!(list["nights_in_period"], 84);
    assert_eq!(list["to"], "2026-11-26");
    let nights = list["nights"].as_array().unwrap();
    let missing = list["missing"].as_array().unwrap().len();
    assert_eq!(nights.len() + missing, 84);
    assert!(nights.len() >= 80, "{} logged nights", nights.len());
    assert!(
        missing > 0,
        "the demo shows what a missing night looks like"
    );
    let cramp_free = nights
        .iter()
        .filter(|n| n["episodes"].as_array().unwrap().is_empty())
        .count();
    assert!(cramp_free >= 10, "{cramp_free} cramp-free nights");

    let profile = env.json(&["profile", "show", "--json", "--db", db]);
    assert_eq!(profile["birth_year"], 1961);
    assert_eq!(profile["known_varicose_veins"], "left");
    let meds = env.json(&["med", "list", "--json", "--db", db]);
    assert!(
        meds.as_array()
            .unwrap()
            .iter()
            .any(|m| m["class"] == "thiazide_diuretic")
    );
    let events = env.json(&["event", "list", "--json", "--db", db]);
    assert!(
        events
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["kind"] == "compression_start")
    );
}

#[test]
fn running_the_demo_again_rebuilds_the_same_diary() {
    let env = Env::new();
    let demo = env.path("demo.sqlite3");
    let db = demo.to_str().unwrap();
    env.ok(&["demo", "--db", db]);
    let first = env.ok(&["list", "--all", "--json", "--db", db]);
    // A change made to the demo diary disappears on the next run.
    env.ok(&["log", "2026-11-26", "--none", "--replace", "--db", db]);
    env.ok(&["event", "add", "2026-11-27", "other", "--db", db]);
    env.ok(&["demo", "--db", db]);
    assert_eq!(env.ok(&["list", "--all", "--json", "--db", db]), first);
    assert_eq!(
        env.json(&["event", "list", "--json", "--db", db])
            .as_array()
            .unwrap()
            .len(),
        2
    );
}

#[test]
fn the_demo_refuses_a_real_diary_and_ignores_cramplog_db() {
    let env = Env::new();
    env.ok(&["log", "--none"]);
    let real = env.db();
    let before = bytes(&real);
    let err = env.fails(&["demo", "--db", real.to_str().unwrap()], 2, "");
    assert!(err.contains("is not a demo diary"), "{err}");
    assert_eq!(bytes(&real), before, "the real diary changed");

    // Without --db the demo goes beside the default diary, whatever CRAMPLOG_DB says.
    let out = env.ok(&["demo"]);
    let default_demo = env.dir.path().join("xdg/cramplog/demo.sqlite3");
    assert!(default_demo.exists(), "{out}");
    assert_eq!(bytes(&real), before, "CRAMPLOG_DB was written by the demo");

    // Some other file is refused too, and left as it was.
    let other = env.path("notes.txt");
    std::fs::write(&other, "not a diary").unwrap();
    env.fails(&["demo", "--db", other.to_str().unwrap()], 1, "");
    assert_eq!(std::fs::read_to_string(&other).unwrap(), "not a diary");
    let empty = env.path("empty.sqlite3");
    std::fs::write(&empty, "").unwrap();
    env.fails(&["demo", "--db", empty.to_str().unwrap()], 2, "");
    assert_eq!(bytes(&empty), Some(Vec::new()));
}
