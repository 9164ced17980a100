//! Diaries written at every earlier schema version open with their data intact, and are
//! upgraded only by a command that writes (docs/design.md section 4).
//!
//! Each `tests/fixtures/diary-vN.sqlite3` was written by the cramplog of schema N, with
//! `diary-vN.nights.json` the `list --all --json` it gave then. When a migration is added,
//! commit a fixture of the previous version here.

use crate::harness::Env;

const FIXTURES: &[(i64, &str)] = &[(1, "diary-v1")];

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
