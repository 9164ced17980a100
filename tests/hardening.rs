//! Crash safety and concurrency (docs/design.md section 8): a killed process never damages the
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
    // Every failure names the file: several files are checked after a kill.
    let fail = |e: rusqlite::Error| -> ! { panic!("{}: {e}", db.display()) };
    let conn = rusqlite::Connection::open(db).unwrap_or_else(|e| fail(e));
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap_or_else(|e| fail(e));
    let mut stmt = conn
        .prepare("SELECT night FROM nights")
        .unwrap_or_else(|e| fail(e));
    let nights = stmt
        .query_map([], |r| r.get::<_, String>(0))
        .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
        .unwrap_or_else(|e| fail(e));
    (check, nights)
}

#[test]
fn sigkill_during_log_never_loses_a_saved_night() {
    let env = Env::new();
    env.ok(&["log", "--none"]); // the diary exists, as for a patient after day one
    let bin = assert_cmd::cargo::cargo_bin("cramplog");
    let mut saved: Vec<String> = vec!["2026-11-26".into()];
    // Kill at random moments across a whole run: time a few undisturbed runs first.
    let started = std::time::Instant::now();
    for i in 0..3 {
        env.ok(&["log", &format!("{} days ago", 1000 + i), "--none"]);
    }
    // A staircase keeps about half the runs killed whatever the machine's load: the window
    // widens after a kill and narrows after a finished run.
    let span = (started.elapsed().as_micros() as u64 / 3).max(1_000) * 2;
    let mut kills = Staircase::new(0x5eed, span);
    for i in 0..240u64 {
        let night = chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
            - chrono::Duration::days(i as i64);
        let mut run = std::process::Command::new(&bin);
        run.args([
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
        .env("CRAMPLOG_TODAY", TODAY);
        if kills.run(&mut run) {
            saved.push(night.to_string());
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
    let killed = kills.killed;
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

fn cramplog(env: &Env) -> std::process::Command {
    let mut c = std::process::Command::new(assert_cmd::cargo::cargo_bin("cramplog"));
    c.env("CRAMPLOG_DB", env.db())
        .env("XDG_DATA_HOME", env.dir.path().join("xdg"))
        .env("CRAMPLOG_TODAY", TODAY)
        .env("NO_COLOR", "1");
    c
}

#[test]
fn writers_and_readers_at_once_never_see_a_locked_diary() {
    let env = Env::new();
    env.ok(&["log", "--none"]);
    let env = std::sync::Arc::new(env);
    let mut threads = Vec::new();
    for w in 0..3i64 {
        let env = env.clone();
        threads.push(std::thread::spawn(move || {
            let mut errors = Vec::new();
            for i in 0..25i64 {
                let night = format!("{} days ago", 2 + w + i * 3);
                let out = cramplog(&env)
                    .args([
                        "log",
                        &night,
                        "-e",
                        "left calf 1m 5",
                        "-s",
                        "heaviness:left:5",
                    ])
                    .output()
                    .unwrap();
                if !out.status.success() {
                    errors.push(String::from_utf8_lossy(&out.stderr).into_owned());
                }
            }
            errors
        }));
    }
    for r in 0..2 {
        let env = env.clone();
        threads.push(std::thread::spawn(move || {
            let mut errors = Vec::new();
            for _ in 0..15 {
                let args: &[&str] = if r == 0 {
                    &["list", "--all", "--json"]
                } else {
                    &["report", "--format", "json", "--last", "12w"]
                };
                let out = cramplog(&env).args(args).output().unwrap();
                if !out.status.success() {
                    errors.push(String::from_utf8_lossy(&out.stderr).into_owned());
                } else if serde_json::from_slice::<serde_json::Value>(&out.stdout).is_err() {
                    errors.push("a reader got output that is not JSON".into());
                }
            }
            errors
        }));
    }
    let errors: Vec<String> = threads
        .into_iter()
        .flat_map(|t| t.join().unwrap())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    let list = env.json(&["list", "--all", "--json"]);
    assert_eq!(list["logged"], 76, "1 + 3 writers x 25 nights");
}

#[test]
fn sigkill_during_import_leaves_all_or_nothing() {
    let env = Env::new();
    env.ok(&["log", "--none"]);
    // A file of 1,000 nights, written by export so it is valid.
    let source = Env::new();
    let nights: Vec<serde_json::Value> = (0..1000)
        .map(|i| {
            let night =
                chrono::NaiveDate::from_ymd_opt(2023, 1, 1).unwrap() + chrono::Duration::days(i);
            serde_json::json!({
                "night": night.to_string(),
                "episodes": [{"leg": "left", "site": "calf", "duration_s": 60, "pain": 5}],
                "symptoms": [{"id": "heaviness", "side": "left", "severity": 4}],
                "note": "imported"
            })
        })
        .collect();
    let file = source.path("big.json");
    std::fs::write(
        &file,
        serde_json::to_vec(&serde_json::json!({
            "format": "cramplog", "version": 1, "profile": {}, "medications": [], "events": [],
            "nights": nights
        }))
        .unwrap(),
    )
    .unwrap();
    // The undisturbed run times the kills: into a diary of its own.
    let probe = Env::new();
    let (killed, finished) = kill_rounds(
        0xfeed,
        60,
        |round| {
            let mut c = cramplog(if round == usize::MAX { &probe } else { &env });
            c.args(["import", file.to_str().unwrap(), "--replace"]);
            c
        },
        |round, ok| {
            if round == usize::MAX {
                return;
            }
            let (check, stored) = integrity(&env.db());
            assert_eq!(check, "ok", "round {round}");
            let imported = stored.iter().filter(|n| n.as_str() < "2026-01-01").count();
            assert!(
                imported == 0 || imported == 1000,
                "round {round}: a killed import left {imported} of 1000 nights"
            );
            if ok {
                assert_eq!(
                    imported, 1000,
                    "round {round}: import said ok but nights are missing"
                );
            }
        },
    );
    assert!(
        killed >= 10 && finished >= 5,
        "killed {killed}, finished {finished}"
    );
}

#[test]
fn the_diary_is_private_whatever_the_umask() {
    use std::os::unix::fs::PermissionsExt;
    let env = Env::new();
    let bin = assert_cmd::cargo::cargo_bin("cramplog");
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("umask 000; exec '{}' log --none", bin.display()))
        .env("CRAMPLOG_DB", env.db())
        .env("CRAMPLOG_TODAY", TODAY)
        .status()
        .unwrap();
    assert!(status.success());
    let mode = std::fs::metadata(env.db()).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    let dir_mode = std::fs::metadata(env.db().parent().unwrap())
        .unwrap()
        .permissions()
        .mode()
        & 0o777;
    assert_eq!(dir_mode, 0o700);
}

#[test]
fn a_diary_spanning_more_than_sixty_years_still_renders_every_format() {
    let env = Env::new();
    // One night a month from 1960: a long span without a long test.
    let nights: Vec<serde_json::Value> = (0..800)
        .map(|i| {
            let night = chrono::NaiveDate::from_ymd_opt(1960 + i / 12, (i % 12) as u32 + 1, 15)
                .unwrap();
            serde_json::json!({"night": night.to_string(),
                "episodes": if i % 3 == 0 { serde_json::json!([{"leg": "left", "site": "calf", "duration_s": 60, "pain": 5}]) } else { serde_json::json!([]) }})
        })
        .filter(|n| n["night"].as_str().unwrap() < "2026-11-27")
        .collect();
    let file = env.path("long.json");
    std::fs::write(
        &file,
        serde_json::to_vec(
            &serde_json::json!({"format": "cramplog", "version": 1, "profile": {},
            "medications": [], "events": [], "nights": nights}),
        )
        .unwrap(),
    )
    .unwrap();
    env.ok(&["import", file.to_str().unwrap()]);
    for format in ["text", "md", "json", "html", "pdf"] {
        let out = env.path(&format!("r.{format}"));
        env.ok(&[
            "report",
            "--all",
            "--format",
            format,
            "-o",
            out.to_str().unwrap(),
        ]);
        assert!(std::fs::metadata(&out).unwrap().len() > 1000, "{format}");
    }
}

/// Runs `make()` `rounds` times, killing it after a random part of an undisturbed run's time
/// (a staircase keeps about half the runs killed), and calls `after(round, finished)` after
/// each. Returns (killed, finished).
fn kill_rounds(
    seed: u64,
    rounds: usize,
    mut make: impl FnMut(usize) -> std::process::Command,
    mut after: impl FnMut(usize, bool),
) -> (usize, usize) {
    let started = std::time::Instant::now();
    let probe = make(usize::MAX).status().unwrap();
    assert!(probe.success(), "an undisturbed run fails");
    after(usize::MAX, true);
    let span = (started.elapsed().as_micros() as u64).max(1_000);
    let mut kills = Staircase::new(seed, span);
    for round in 0..rounds {
        let ok = kills.run(&mut make(round));
        after(round, ok);
    }
    (kills.killed, kills.finished)
}

/// SIGKILLs runs at random moments within a window that widens after a kill and narrows
/// after a finished run: a staircase that keeps about half the runs killed whatever the
/// machine's load.
struct Staircase {
    rng: Lcg,
    /// The window, in µs.
    span: u64,
    killed: usize,
    finished: usize,
}

impl Staircase {
    fn new(seed: u64, span: u64) -> Staircase {
        Staircase {
            rng: Lcg(seed),
            span,
            killed: 0,
            finished: 0,
        }
    }

    /// Starts `run` (output discarded), kills it at a random moment of the window, and says
    /// whether it finished first.
    fn run(&mut self, run: &mut std::process::Command) -> bool {
        let mut child = run
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_micros(self.rng.next(self.span)));
        let _ = child.kill(); // SIGKILL
        let ok = child.wait().unwrap().success();
        if ok {
            self.finished += 1;
            self.span = self.span * 9 / 10;
        } else {
            self.killed += 1;
            self.span = self.span * 11 / 10;
        }
        ok
    }
}

fn night_list(db: &std::path::Path) -> Vec<String> {
    integrity(db).1
}

#[test]
fn sigkill_during_report_o_leaves_the_old_file_or_the_new_one() {
    let env = Env::new();
    env.ok(&["log", "--none"]);
    env.ok(&["log", "2 days ago", "-e", "left calf 2m 7"]);
    let out = env.path("report.md");
    std::fs::write(&out, "the old report\n").unwrap();
    let diary = std::fs::read(env.db()).unwrap();
    let reference = env.path("reference.md");
    // Written the way the killed runs write (same environment), to compare byte for byte.
    let made = cramplog(&env)
        .args([
            "report",
            "--format",
            "md",
            "-o",
            reference.to_str().unwrap(),
        ])
        .status()
        .unwrap();
    assert!(made.success());
    let full = std::fs::read_to_string(&reference).unwrap();
    let (killed, finished) = kill_rounds(
        0x0e1,
        40,
        |_| {
            let mut c = cramplog(&env);
            c.args([
                "report",
                "--format",
                "md",
                "-o",
                out.to_str().unwrap(),
                "--force",
            ]);
            c
        },
        |round, _| {
            let text = std::fs::read_to_string(&out).unwrap();
            assert!(
                text == "the old report\n" || text == full,
                "round {round}: a killed report left {} bytes",
                text.len()
            );
            assert_eq!(std::fs::read(env.db()).unwrap(), diary, "round {round}");
        },
    );
    assert!(
        killed >= 5 && finished >= 5,
        "killed {killed}, finished {finished}"
    );
}

/// A diary of `nights` nights, each with one cramp of `pain` and a long note (so the files
/// take a moment to flush to disk), imported in one go.
fn long_diary(nights: usize, pain: u8) -> Env {
    let env = Env::new();
    let note = "Long day on my feet; legs heavy by the evening. ".repeat(20);
    let rows: Vec<serde_json::Value> = (0..nights)
        .map(|i| {
            let night = chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap()
                + chrono::Duration::days(i as i64);
            serde_json::json!({
                "night": night.to_string(),
                "note": note,
                "episodes": [{"leg": "left", "site": "calf", "duration_s": 60, "pain": pain}],
            })
        })
        .collect();
    let doc = serde_json::json!({"format": "cramplog", "version": 1, "nights": rows});
    let file = env.path("nights.json");
    std::fs::write(&file, doc.to_string()).unwrap();
    env.ok(&["import", file.to_str().unwrap()]);
    env
}

#[test]
fn sigkill_during_csv_export_leaves_the_old_pair_or_the_new_one() {
    // Two diaries with the same nights and episode counts but other pain values: a mix of
    // their files would be wrong, and an incomplete pair is neither export.
    let a = long_diary(600, 7);
    let b = long_diary(600, 3);
    let dir = a.path("csv");
    let exports = [
        a.ok(&["export", "--format", "json"]),
        b.ok(&["export", "--format", "json"]),
    ];
    let export = |env: &Env| {
        let mut c = cramplog(env);
        c.args(["export", "--format", "csv", "-o"])
            .arg(&dir)
            .arg("--force");
        c
    };
    let (killed, finished) = kill_rounds(
        0xc5,
        60,
        |round| export(if round % 2 == 0 { &b } else { &a }),
        |round, _| {
            // What a reader finds at this moment: both files, of one export (temporary
            // files of a killed run aside, which are hidden and swept later).
            let mut shown: Vec<String> = std::fs::read_dir(&dir)
                .map(|d| {
                    d.flatten()
                        .map(|e| e.file_name().to_string_lossy().into_owned())
                        .filter(|n| !n.starts_with('.'))
                        .collect()
                })
                .unwrap_or_default();
            shown.sort();
            assert_eq!(
                shown,
                ["episodes.csv", "nights.csv"],
                "round {round}: the folder holds neither the old pair nor the new one"
            );
            let reader = Env::new();
            let out = reader
                .cmd(&["import", dir.to_str().unwrap()])
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "round {round}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            let got = reader.ok(&["export", "--format", "json"]);
            assert!(
                exports.contains(&got),
                "round {round}: the folder held a mix of two exports"
            );
        },
    );
    assert!(
        killed >= 5 && finished >= 5,
        "killed {killed}, finished {finished}"
    );
    // Nothing a killed run left stays once an export finishes.
    let ok = export(&a).output().unwrap();
    assert!(ok.status.success(), "{ok:?}");
    let left: Vec<String> = std::fs::read_dir(dir.parent().unwrap())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".tmp"))
        .collect();
    assert!(left.is_empty(), "left behind: {left:?}");
}

#[test]
fn a_reader_during_csv_exports_imports_one_export_or_is_refused_never_a_mix() {
    let a = long_diary(200, 7);
    let b = long_diary(200, 3);
    let dir = a.path("csv");
    let exports = [
        a.ok(&["export", "--format", "json"]),
        b.ok(&["export", "--format", "json"]),
    ];
    a.ok(&["export", "--format", "csv", "-o", dir.to_str().unwrap()]);
    let (mut whole, mut refused) = (0, 0);
    std::thread::scope(|s| {
        let writer = s.spawn(|| {
            for round in 0..40 {
                let env = if round % 2 == 0 { &b } else { &a };
                let out = cramplog(env)
                    .args(["export", "--format", "csv", "--force", "-o"])
                    .arg(&dir)
                    .output()
                    .unwrap();
                assert!(out.status.success(), "{out:?}");
            }
        });
        while !writer.is_finished() {
            // A reader takes nights.csv and episodes.csv one after the other, by path: an
            // export may swap the folder between the two.
            let reader = Env::new();
            let out = reader
                .cmd(&["import", dir.to_str().unwrap()])
                .output()
                .unwrap();
            if out.status.success() {
                whole += 1;
                let got = reader.ok(&["export", "--format", "json"]);
                assert!(
                    exports.contains(&got),
                    "a reader imported a mix of two exports"
                );
            } else {
                refused += 1;
                let stderr = String::from_utf8_lossy(&out.stderr);
                assert!(
                    stderr.contains("not from the same export"),
                    "unexpected refusal: {stderr}"
                );
            }
        }
        writer.join().unwrap();
    });
    assert!(
        whole > 0,
        "no reader got a whole export ({refused} refused)"
    );
}

#[test]
fn sigkill_during_restore_leaves_the_old_diary_or_the_backup() {
    let env = Env::new();
    env.ok(&["log", "--none"]);
    let one = env.path("one.sqlite3");
    env.ok(&["backup", one.to_str().unwrap()]);
    env.ok(&["log", "2 days ago", "-e", "left calf 1m 5"]);
    let two = env.path("two.sqlite3");
    env.ok(&["backup", two.to_str().unwrap()]);
    let states = [night_list(&one), night_list(&two)];
    let (killed, finished) = kill_rounds(
        0x5e5,
        40,
        |round| {
            let from = if round % 2 == 0 { &one } else { &two };
            let mut c = cramplog(&env);
            c.args(["restore", from.to_str().unwrap()]);
            c
        },
        |round, _| {
            let (check, nights) = integrity(&env.db());
            assert_eq!(check, "ok", "round {round}");
            assert!(states.contains(&nights), "round {round}: {nights:?}");
        },
    );
    assert!(
        killed >= 5 && finished >= 5,
        "killed {killed}, finished {finished}"
    );
    // The dated copies are whole diaries too. (A hidden `.NAME.PID-N.tmp` is a copy being
    // written when its restore was killed, not a dated copy: the next restore sweeps it.)
    let dir = env.db().parent().unwrap().to_path_buf();
    let names = || -> Vec<String> {
        std::fs::read_dir(&dir)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect()
    };
    for name in names() {
        if name.contains(".before-restore-") && !name.ends_with("-wal") && !name.starts_with('.') {
            assert_eq!(integrity(&dir.join(&name)).0, "ok", "{name}");
        }
    }
    // One more restore, undisturbed: what the killed ones left half-written is gone.
    let ok = cramplog(&env)
        .args(["restore", one.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(ok.status.success(), "{ok:?}");
    let left: Vec<String> = names()
        .into_iter()
        .filter(|n| n.starts_with('.') && n.contains(".tmp"))
        .collect();
    assert!(left.is_empty(), "left behind by killed restores: {left:?}");
}

#[test]
fn sigkill_during_the_first_log_leaves_no_diary_or_a_whole_one() {
    let mut kills = Staircase::new(0xf1, 30_000);
    for round in 0..40 {
        let env = Env::new();
        let mut first_log = cramplog(&env);
        first_log.args(["log", "-e", "left calf 2m 7", "-s", "heaviness:left:6"]);
        let ok = kills.run(&mut first_log);
        let has_schema = env.db().exists()
            && rusqlite::Connection::open(env.db())
                .and_then(|c| {
                    c.query_row(
                        "SELECT count(*) FROM sqlite_schema WHERE name = 'nights'",
                        [],
                        |r| r.get::<_, i64>(0),
                    )
                })
                .unwrap()
                == 1;
        if has_schema {
            let (check, nights) = integrity(&env.db());
            assert_eq!(check, "ok", "round {round}");
            if ok {
                assert_eq!(nights, ["2026-11-26"], "round {round}");
            }
        } else {
            // No diary, an empty file, or a first transaction that never committed.
            assert!(
                !ok,
                "round {round}: log said saved but the diary holds nothing"
            );
        }
        // Whatever was left, the next log works.
        env.ok(&["log", "3 days ago", "--none"]);
    }
    let (killed, finished) = (kills.killed, kills.finished);
    assert!(
        killed >= 5 && finished >= 5,
        "killed {killed}, finished {finished}"
    );
}
