//! Diaries written at every earlier schema version open with their data intact, and are
//! upgraded only by a command that writes (docs/design.md section 4).
//!
//! Each `tests/fixtures/diary-vN.sqlite3` was written by the cramplog of schema N, with
//! `diary-vN.nights.json` the `list --all --json` it gave then. When a migration is added,
//! commit a fixture of the previous version here.

use crate::harness::Env;

const FIXTURES: &[(i64, &str)] = &[(1, "diary-v1"), (3, "diary-v3")];

fn fixture(name: &str, ext: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(format!("{name}.{ext}"))
}

#[test]
fn every_older_diary_opens_with_its_nights_intact() {
    for (version, name) in FIXTURES {
        let env = Env::new();
        std::fs::create_dir_all(env.db().parent().unwrap()).unwrap();
        std::fs::copy(fixture(name, "sqlite3"), env.db()).unwrap();
        let expected: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(fixture(name, "nights.json")).unwrap())
                .unwrap();
        let listing = env
            .cmd(&["list", "--all", "--json"])
            .env("CRAMPLOG_TODAY", "2026-03-01")
            .output()
            .unwrap();
        assert!(listing.status.success(), "{name}: {listing:?}");
        let got: serde_json::Value = serde_json::from_slice(&listing.stdout).unwrap();
        assert_eq!(got["nights"], expected["nights"], "{name}: nights changed");

        // A write upgrades the schema to the newest version, keeping every night.
        env.ok(&["log", "2026-11-20", "--none"]);
        let conn = rusqlite::Connection::open(env.db()).unwrap();
        let now: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert!(now >= *version, "{name}: schema went backwards");
        let got = env.json(&[
            "list",
            "--from",
            "2026-02-20",
            "--to",
            "2026-02-22",
            "--json",
        ]);
        assert_eq!(
            got["nights"], expected["nights"],
            "{name}: nights lost on upgrade"
        );
    }
}

/// Schema 3 (before migration 0004) keeps its events, medicines and trials through the
/// upgrade; the upgraded diary takes questions and duplex results, and a read alone leaves
/// the file at schema 3.
#[test]
fn a_schema_3_diary_upgrades_to_questions_and_duplex_results() {
    let env = Env::new();
    std::fs::create_dir_all(env.db().parent().unwrap()).unwrap();
    std::fs::copy(fixture("diary-v3", "sqlite3"), env.db()).unwrap();
    let version = |env: &Env| -> i64 {
        rusqlite::Connection::open(env.db())
            .unwrap()
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap()
    };
    let before = std::fs::read(env.db()).unwrap();
    let events = env.json(&["event", "list", "--json"]);
    assert_eq!(events.as_array().unwrap().len(), 2, "{events}");
    assert_eq!(events[1]["kind"], "duplex_scan");
    assert!(events[1].get("result").is_none(), "{events}");
    assert_eq!(env.json(&["ask", "list", "--json"]), serde_json::json!([]));
    assert_eq!(
        std::fs::read(env.db()).unwrap(),
        before,
        "reading changed the file"
    );
    assert_eq!(version(&env), 3);

    let q = env.json(&[
        "ask",
        "Is the swelling on the left from my veins?",
        "--json",
    ]);
    assert_eq!(q["id"], 1);
    assert_eq!(version(&env), 4);
    env.ok(&[
        "event",
        "add",
        "2026-11-20",
        "duplex_scan",
        "--result",
        "reflux",
        "--side",
        "left",
    ]);
    let events = env.json(&["event", "list", "--json"]);
    assert_eq!(events.as_array().unwrap().len(), 3);
    assert_eq!(events[0]["label"], "class 1 knee-high");
    assert_eq!(events[2]["result"], "reflux");
    let export = env.json(&["export", "--format", "json"]);
    assert_eq!(export["trials"].as_array().unwrap().len(), 1, "{export}");
    assert_eq!(export["medications"][0]["name"], "Bendroflumethiazide");
    assert_eq!(
        export["questions"][0]["text"],
        "Is the swelling on the left from my veins?"
    );
}
