//! Crash safety and concurrency (DESIGN.md section 8): a killed process never damages the
//! diary or loses a night that was reported saved.

use std::time::Duration;

use crate::harness::{Env, TODAY};

/// A tiny deterministic generator, so a failing run can be repeated exactly.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, bound: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % bound
    }
}

fn integrity(db: &std::path::Path) -> (String, Vec<String>) {
    let conn = rusqlite::Connection::open(db).unwrap();
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    let mut stmt = conn.prepare("SELECT night FROM nights").unwrap();
    let nights = stmt
        .query_map([], |r| r.get::<_, String>(0))
        .unwrap()
        .collect::<Result<Vec<_>, _>>()
        .unwrap();
    (check, nights)
}

#[test]
fn sigkill_during_log_never_loses_a_saved_night() {
    let env = Env::new();
    env.ok(&["log", "--none"]); // the diary exists, as for a patient after day one
    let bin = assert_cmd::cargo::cargo_bin("cramplog");
    let mut rng = Lcg(0x5eed);
    let mut saved: Vec<String> = vec!["2026-11-26".into()];
    let mut killed = 0;
    // Kill at random moments across a whole run: time a few undisturbed runs first.
    let started = std::time::Instant::now();
    for i in 0..3 {
        env.ok(&["log", &format!("{} days ago", 1000 + i), "--none"]);
    }
    // A staircase keeps about half the runs killed whatever the machine's load: the window
    // widens after a kill and narrows after a finished run.
    let mut span = (started.elapsed().as_micros() as u64 / 3).max(1_000) * 2;
    for i in 0..240u64 {
        let night = chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
            - chrono::Duration::days(i as i64);
        let mut child = std::process::Command::new(&bin)
            .args([
                "log",
                &night.to_string(),
                "-e",
                "left calf 2m 7 03:10",
                "-e",
                "right foot 45s 4",
                "-s",
                "heaviness:left:6",
                "--note",
                "killed or not",
            ])
            .env("CRAMPLOG_DB", env.db())
            .env("CRAMPLOG_TODAY", TODAY)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_micros(rng.next(span)));
        let _ = child.kill(); // SIGKILL
        let status = child.wait().unwrap();
        if status.success() {
            saved.push(night.to_string());
            span = span * 9 / 10;
        } else {
            killed += 1;
            span = span * 11 / 10;
        }
        if i % 40 == 39 {
            let (check, nights) = integrity(&env.db());
            assert_eq!(check, "ok", "after {i} runs");
            for s in &saved {
                assert!(
                    nights.contains(s),
                    "night {s} was reported saved but is gone"
                );
            }
        }
    }
    let (check, nights) = integrity(&env.db());
    assert_eq!(check, "ok");
    for s in &saved {
        assert!(
            nights.contains(s),
            "night {s} was reported saved but is gone"
        );
    }
    assert!(
        killed >= 50,
        "only {killed} runs were killed; the test lost its teeth"
    );
    assert!(
        saved.len() > 30,
        "only {} runs finished; kills came too early",
        saved.len()
    );
    // Every stored night is whole: two episodes and its symptom, never half a night.
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    let partial: i64 = conn
        .query_row(
            "SELECT count(*) FROM nights n WHERE n.night > '2025-01-01' AND n.night != '2026-11-26' AND (
               (SELECT count(*) FROM episodes e WHERE e.night = n.night) != 2 OR
               (SELECT count(*) FROM symptoms s WHERE s.night = n.night) != 1)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(partial, 0, "a killed write left half a night behind");
    eprintln!(
        "kill test: {killed} of 240 runs killed, {} saved",
        saved.len() - 1
    );
}
