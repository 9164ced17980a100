//! Snapshot tests (insta) of what a fixed diary looks like in `list`, `show` and the CSV
//! export, so any change of wording or layout shows up in review as a snapshot diff. The
//! snapshots are committed under `tests/snapshots/`; under `CI=true` insta writes none, so a
//! changed output fails. Update them on purpose with `INSTA_UPDATE=always cargo test views`
//! (or `cargo insta review`) and read the diff.

use crate::harness::Env;

/// Five nights of the week before `TODAY` (2026-11-27), one of them missing, with every kind
/// of field: cramps, symptoms with sides and severities, probes, exposures, a hostile note.
fn fixed_diary() -> Env {
    let env = Env::new();
    let nights: &[&[&str]] = &[
        &[
            "log",
            "2026-11-19",
            "-e",
            "left calf 2m 7/10 03:10 relief=stretch hard resleep=15",
            "-e",
            "left foot 45s 4",
            "--soreness",
            "3:left",
            "-s",
            "heaviness:left:6",
            "-s",
            "ankle_swelling:left",
            "--standing",
            "7.5",
            "--sitting",
            "2",
            "--compression",
            "none",
            "--bed",
            "22:45",
            "--up",
            "06:30",
            "--disturbance",
            "7",
            "--awakenings",
            "4",
            "--sleep-quality",
            "3",
            "--cramp-awakenings",
            "1",
            "--peak",
            "end_of_day",
            "--exertion",
            "usual",
            "--heat=no",
            "--fluids",
            "6",
            "--alcohol",
            "1.5",
            "--caffeine",
            "2",
            "--elevation",
            "0",
            "--stretched=no",
            "--calf-cm",
            "38.5,37",
            "--note",
            "Long shift; \"sore\" <b>calf</b>, =1+1",
        ],
        &[
            "log",
            "2026-11-20",
            "--none",
            "--no-symptoms",
            "--standing",
            "1",
            "--compression",
            "most",
            "--stretched",
        ],
        &[
            "log",
            "2026-11-22",
            "-e",
            "right calf 5m 8 on-waking",
            "-s",
            "restless_urge:both:5",
            "--rls",
            "at-rest=yes,relieved=yes,evening=yes,before-sleep=no",
            "-s",
            "walking_pain:right:4",
            "--walk-pain",
            "at-rest=no,settles=yes,site=calf",
        ],
        &[
            "log",
            "2026-11-23",
            "-e",
            "both thigh 30s 3 before-sleep",
            "--soreness",
            "1",
        ],
        &[
            "log",
            "2026-11-24",
            "--none",
            "--heat",
            "--exertion",
            "hard",
        ],
    ];
    for args in nights {
        env.ok(args);
    }
    env
}

#[test]
fn list_of_a_fixed_week() {
    let env = fixed_diary();
    insta::assert_snapshot!(
        "list",
        env.ok(&["list", "--from", "2026-11-18", "--to", "2026-11-26"])
    );
}

#[test]
fn show_of_a_full_night_and_a_quiet_one() {
    let env = fixed_diary();
    insta::assert_snapshot!("show_full", env.ok(&["show", "2026-11-19"]));
    insta::assert_snapshot!("show_quiet", env.ok(&["show", "2026-11-20"]));
    insta::assert_snapshot!("show_probes", env.ok(&["show", "2026-11-22"]));
}

/// `list` and `show` fit the terminal (`COLUMNS`; 80 when unknown) and break only between
/// words: at 60 columns every line fits, and the words are the same, in the same order, as
/// at 200 columns.
#[test]
fn list_and_show_wrap_at_word_boundaries_to_the_terminal_width() {
    let env = fixed_diary();
    env.ok(&[
        "edit",
        "2026-11-22",
        "--note",
        "Walked the dog for an hour, then stood at the kitchen counter cooking for twelve",
        "-s",
        "new_one_sided_swelling:left",
        "-s",
        "calf_tender_warm_red:left",
    ]);
    let at = |columns: &str, args: &[&str]| -> String {
        let out = env.cmd(args).env("COLUMNS", columns).output().unwrap();
        assert!(out.status.success(), "{out:?}");
        String::from_utf8(out.stdout).unwrap()
    };
    let words = |s: &str| s.split_whitespace().map(str::to_string).collect::<Vec<_>>();
    env.ok(&[
        "event",
        "add",
        "2026-11-01",
        "vein_procedure",
        "--side",
        "left",
        "--label",
        "endovenous laser ablation of the great saphenous vein at the city hospital",
    ]);
    let list = ["list", "--from", "2026-11-18", "--to", "2026-11-26"];
    for args in [
        &list[..],
        &["show", "2026-11-19"],
        &["show", "2026-11-22"],
        &["event", "list"],
    ] {
        let narrow = at("60", args);
        for line in narrow.lines() {
            assert!(line.chars().count() <= 60, "{args:?}: {line:?}\n{narrow}");
        }
        assert_eq!(words(&narrow), words(&at("200", args)), "{args:?}");
        assert!(
            narrow.lines().count() > at("200", args).lines().count(),
            "{args:?}"
        );
        // Unknown width (not a terminal, no COLUMNS): 80.
        for line in env.ok(args).lines() {
            assert!(line.chars().count() <= 80, "{args:?}: {line:?}");
        }
    }
    // Events in plain words; the ids are for `event list --json`.
    let events = at("200", &["event", "list"]);
    assert!(
        events.contains("vein procedure") && events.contains("left leg"),
        "{events}"
    );
    assert!(!events.contains("vein_procedure"), "{events}");
    // The notes of a row go below it when their column would be too narrow.
    let narrow = at("60", &list);
    assert!(
        narrow.contains("\n    heavy legs, ankle swelling (seen); \"Long shift;"),
        "{narrow}"
    );
}

/// `list` without a period, like the report, starts at the first logged night
/// (docs/design.md section 12): a diary begun three nights ago lists three nights.
#[test]
fn list_starts_at_the_first_logged_night() {
    let env = Env::new();
    for night in ["2026-11-24", "2026-11-25", "2026-11-26"] {
        env.ok(&["log", night, "--none"]);
    }
    let list = env.json(&["list", "--json"]);
    assert_eq!(
        (&list["from"], &list["logged"], &list["missing"]),
        (
            &serde_json::json!("2026-11-24"),
            &serde_json::json!(3),
            &serde_json::json!([])
        ),
        "{list}"
    );
    assert!(!env.ok(&["list"]).contains("missing -"));
}

#[test]
fn csv_export_of_a_fixed_diary() {
    let env = fixed_diary();
    let dir = env.path("csv");
    env.ok(&["export", "--format", "csv", "-o", dir.to_str().unwrap()]);
    let read = |name: &str| std::fs::read_to_string(dir.join(name)).unwrap();
    insta::assert_snapshot!("nights_csv", read("nights.csv"));
    insta::assert_snapshot!("episodes_csv", read("episodes.csv"));
}
