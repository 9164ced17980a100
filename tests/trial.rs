//! Randomised self-experiments through the binary (docs/design.md section 11): a planted
//! effect reads `benefit` with the exact p of a brute-force enumeration, no effect reads
//! `no_clear_benefit`, two usable pairs read `too_early`, washout nights never count, the
//! seeded schedule is reproducible and balanced, and the safety rule refuses before writing.

use serde_json::{Value, json};

use crate::harness::{Env, snapshot};

/// The trial starts on this night, with today pinned to it.
const START: &str = "2026-08-03";

fn start_trial(env: &Env, extra: &[&str]) -> Value {
    let mut args = vec!["trial", "start", "compression", "--seed", "11", "--json"];
    args.extend_from_slice(extra);
    let out = env
        .cmd(&args)
        .env("CRAMPLOG_TODAY", START)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Imports one night per strip entry of `trial`: compression as planned on analysed nights
/// (the opposite on washout nights), and `cramps(planned_on, pair, night index in its
/// period)` episodes, where washout nights get 3 episodes that must never count.
fn log_trial(env: &Env, trial: &Value, cramps: impl Fn(bool, usize, usize) -> usize) {
    let k = trial["nights"].as_u64().unwrap() as usize;
    let w = trial["washout"].as_u64().unwrap() as usize;
    let strip = trial["strip"].as_array().unwrap();
    let nights: Vec<Value> = strip
        .iter()
        .enumerate()
        .map(|(i, n)| {
            let on = n["planned_on"].as_bool().unwrap();
            let index = i % k;
            let (wear_on, count) = if index < w {
                (!on, 3)
            } else {
                (on, cramps(on, i / (2 * k), index))
            };
            json!({
                "night": n["night"],
                "compression": if wear_on { "most" } else { "none" },
                "episodes": vec![json!({"leg": "left", "site": "calf", "pain": 6}); count],
            })
        })
        .collect();
    let doc = json!({"format": "cramplog", "version": 1, "nights": nights});
    let file = env.path("nights.json");
    std::fs::write(&file, doc.to_string()).unwrap();
    env.ok(&["import", file.to_str().unwrap()]);
}

/// Output as one line of single-spaced words: the commands wrap to the terminal's width.
fn flat(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn show(env: &Env) -> Value {
    env.json(&["trial", "show", "--json"])
}

/// The exact one- and two-sided p of the mean difference by enumerating every sign
/// pattern, in integers: each d_i is (on − off cramp nights) / counted nights, all periods
/// having the same number of counted nights.
fn enumerate(diffs: &[i64]) -> (f64, f64) {
    let t: i64 = diffs.iter().sum();
    let n = diffs.len();
    let (mut less, mut extreme) = (0u32, 0u32);
    for signs in 0..(1u32 << n) {
        let s: i64 = diffs
            .iter()
            .enumerate()
            .map(|(i, d)| if signs >> i & 1 == 1 { -d } else { *d })
            .sum();
        less += u32::from(s <= t);
        extreme += u32::from(s.abs() >= t.abs());
    }
    let all = f64::from(1u32 << n);
    (f64::from(less) / all, f64::from(extreme) / all)
}

#[test]
fn a_strong_effect_with_full_adherence_reads_benefit_with_the_enumerated_p() {
    let env = Env::new();
    let trial = start_trial(&env, &[]);
    assert_eq!(trial["pairs"], 5);
    // Off periods: cramps on nights 2..=5 (4 of 5 counted); on periods: 0 or 1 by pair.
    let on_cramps = |night: usize, pair: usize| usize::from(night == 2 + pair % 2 && pair != 3);
    log_trial(&env, &trial, |on, pair, i| {
        if on {
            on_cramps(i, pair)
        } else {
            usize::from((2..=5).contains(&i))
        }
    });
    let midway = env
        .cmd(&["trial", "show", "--json"])
        .env("CRAMPLOG_TODAY", "2026-09-01")
        .output()
        .unwrap();
    let midway: Value = serde_json::from_slice(&midway.stdout).unwrap();
    assert_eq!(midway["status"], "running");
    assert_eq!(midway["result"], "too_early", "two pairs by 1 Sep");
    let a = show(&env);
    assert_eq!(a["status"], "complete");
    assert_eq!(a["usable_pairs"], 5);
    // Washout nights (3 episodes each, exposure opposite to the plan) never count.
    for p in a["periods"].as_array().unwrap() {
        assert_eq!(p["analysed_nights"], 5);
        assert_eq!(p["logged"], 5);
        assert_eq!(p["followed"], 5);
        assert_eq!(p["episodes"], p["cramp_nights"]);
    }
    assert_eq!(a["adherence"]["share"], 1.0);
    let diffs: Vec<i64> = (0..5)
        .map(|pair| {
            let on = (2..7).map(|i| on_cramps(i, pair) as i64).sum::<i64>();
            on - 4
        })
        .collect();
    let (one, two) = enumerate(&diffs);
    assert_eq!(a["p_one_sided"].as_f64(), Some(one));
    assert_eq!(a["p_two_sided"].as_f64(), Some(two));
    assert_eq!(one, 1.0 / 32.0);
    assert!(a["risk_ratio"]["ci_high"].as_f64().unwrap() < 1.0);
    assert_eq!(a["result"], "benefit");
    let text = env
        .cmd(&["trial", "show"])
        .env("CRAMPLOG_TODAY", "2026-10-20")
        .output()
        .unwrap();
    let text = flat(&String::from_utf8(text.stdout).unwrap());
    assert!(
        text.contains("Consistent with fewer cramps with the stockings"),
        "{text}"
    );
    assert!(text.contains("one-sided p = 0.031 (1 of 32)"), "{text}");
    assert!(text.contains("Pair 1"), "{text}");
}

#[test]
fn no_effect_reads_no_clear_benefit() {
    let env = Env::new();
    let trial = start_trial(&env, &[]);
    log_trial(&env, &trial, |_, _, i| usize::from(i % 2 == 0));
    let a = show(&env);
    assert_eq!(a["usable_pairs"], 5);
    assert_eq!(a["t"], 0.0);
    assert_eq!(a["p_one_sided"], 1.0);
    assert_eq!(a["result"], "no_clear_benefit");
    // In words a patient can check against the period table.
    let text = flat(&env.ok(&["trial", "show"]));
    assert!(
        text.contains("Pair by pair: fewer cramp nights with the stockings in none of the 5 usable pairs, as many in 5, more in none."),
        "{text}"
    );
    assert!(text.contains("With 5 pairs the test can only reach p < 0.05 when every pair has fewer cramp nights with the stockings."));
}

#[test]
fn two_usable_pairs_read_too_early_and_a_stopped_trial_is_complete() {
    let env = Env::new();
    let trial = start_trial(&env, &["--pairs", "5"]);
    log_trial(&env, &trial, |on, _, i| usize::from(!on && i > 3));
    let stop = env
        .cmd(&["trial", "stop", "--date", "2026-08-30", "--json"])
        .env("CRAMPLOG_TODAY", "2026-09-10")
        .output()
        .unwrap();
    assert!(stop.status.success(), "{stop:?}");
    let a: Value = serde_json::from_slice(&stop.stdout).unwrap();
    assert_eq!(a["stopped"], "2026-08-30");
    assert_eq!(a["status"], "complete");
    assert_eq!(a["usable_pairs"], 2);
    assert_eq!(a["result"], "too_early");
    assert_eq!(a["strip"].as_array().unwrap().len(), 28);
    // Stopping again: nothing runs.
    env.fails(&["trial", "stop"], 2, "no self-experiment is running");
    // A new trial may start once the old one has ended.
    env.ok(&["trial", "start", "stretching", "--seed", "3"]);
    let list = env.json(&["trial", "list", "--json"]);
    assert_eq!(list.as_array().unwrap().len(), 2);
    assert_eq!(list[0]["result"], "too_early");
    assert_eq!(list[1]["kind"], "stretching");
}

#[test]
fn a_seeded_schedule_is_reproducible_and_balanced() {
    let (a, b) = (Env::new(), Env::new());
    let ta = start_trial(&a, &["--pairs", "8"]);
    let tb = start_trial(&b, &["--pairs", "8"]);
    assert_eq!(ta["order"], tb["order"]);
    assert_eq!(ta["order"].as_array().unwrap().len(), 8);
    let strip = ta["strip"].as_array().unwrap();
    assert_eq!(strip.len(), 8 * 2 * 7);
    for pair in strip.chunks(14) {
        let on = pair
            .iter()
            .filter(|n| n["planned_on"].as_bool().unwrap())
            .count();
        assert_eq!(on, 7, "each pair has one on and one off period");
    }
    // Without a seed the order comes from the system; the schedule is still balanced.
    let c = Env::new();
    let out = c
        .cmd(&["trial", "start", "elevation", "--json"])
        .output()
        .unwrap();
    let tc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(tc["order"].as_array().unwrap().len(), 5);
}

#[test]
fn log_style_plan_and_tonight_are_shown() {
    let env = Env::new();
    let out = flat(&env.ok(&["trial", "start", "compression", "--seed", "11"]));
    assert!(out.contains("Caution:"), "{out}");
    assert!(out.contains("Today and tonight, Fri 27 Nov:"), "{out}");
    assert!(out.contains("(period 1 of 10, a washout night"), "{out}");
    let show = flat(&env.ok(&["trial", "show"]));
    assert!(show.contains("Today and tonight, Fri 27 Nov"), "{show}");
}

#[test]
fn fewer_than_five_pairs_is_allowed_with_a_warning() {
    let env = Env::new();
    let out = flat(&env.ok(&["trial", "start", "stretching", "--pairs", "3"]));
    assert!(
        out.contains("can never show a benefit at p < 0.05"),
        "{out}"
    );
    assert!(out.contains("1/8 = 0.125"), "{out}");
}

#[test]
fn safety_rule_refuses_compression_before_writing_anything() {
    let env = Env::new();
    env.ok(&["profile", "set", "prior_dvt", "yes"]);
    let before = snapshot(&env.db());
    let out = env
        .cmd(&["trial", "start", "compression"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("Caution:"),
        "the caution comes first: {stdout}"
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    crate::harness::assert_one_line_error(&stderr);
    assert!(stderr.contains("past blood clot"), "{stderr}");
    assert!(stderr.contains("--clinician-agreed"), "{stderr}");
    assert_eq!(snapshot(&env.db()), before, "the diary must be unchanged");
    // Other measures are not refused, and the clinician's agreement lifts the refusal.
    env.ok(&["trial", "start", "compression", "--clinician-agreed"]);

    let env = Env::new();
    env.ok(&["log", "2026-10-01", "--none", "-s", "open_sore:left"]);
    env.fails(
        &["trial", "start", "compression"],
        2,
        "open sore on the leg was logged on 2026-10-01",
    );
    env.ok(&["trial", "start", "elevation"]);
}

#[test]
fn bad_requests_are_one_line_errors_and_one_trial_runs_at_a_time() {
    let env = Env::new();
    env.fails(
        &["trial", "start", "compresion"],
        2,
        "did you mean 'compression'",
    );
    env.fails(
        &["trial", "start", "stretching", "--pairs", "0"],
        2,
        "--pairs 0",
    );
    env.fails(
        &["trial", "start", "stretching", "--washout", "5"],
        2,
        "choose --washout 4 or less",
    );
    env.fails(
        &["trial", "start", "stretching", "--from", "yesterday"],
        2,
        "has passed",
    );
    assert!(!env.db().exists(), "a refused start creates no diary");
    env.ok(&["trial", "start", "stretching", "--from", "2026-11-30"]);
    env.fails(
        &["trial", "start", "elevation"],
        2,
        "only one can run at a time",
    );
    // Stopping a trial that has not begun removes it.
    let out = env.ok(&["trial", "stop"]);
    assert!(out.contains("had not begun"), "{out}");
    assert_eq!(env.json(&["trial", "list", "--json"]), json!([]));
}

#[test]
fn an_older_diary_gets_trials_on_its_first_write() {
    let env = Env::new();
    std::fs::create_dir_all(env.db().parent().unwrap()).unwrap();
    let fixture =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/diary-v1.sqlite3");
    std::fs::copy(fixture, env.db()).unwrap();
    assert_eq!(env.json(&["trial", "list", "--json"]), json!([]));
    env.ok(&["trial", "start", "elevation", "--seed", "1"]);
    assert_eq!(
        env.json(&["trial", "list", "--json"])
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn log_says_the_plan_for_the_night_and_whether_it_was_followed() {
    let env = Env::new();
    let t = start_trial(&env, &[]);
    let on = |i: usize| t["strip"][i]["planned_on"].as_bool().unwrap();
    let wear = |i: usize, follow: bool| if on(i) == follow { "most" } else { "none" };
    let log = |today: &str, extra: &[&str]| {
        let mut args = vec!["log", "--none"];
        args.extend_from_slice(extra);
        let out = env
            .cmd(&args)
            .env("CRAMPLOG_TODAY", today)
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        flat(&String::from_utf8(out.stdout).unwrap())
    };
    let label = |i: usize| {
        if on(i) {
            "stockings ON"
        } else {
            "stockings OFF"
        }
    };
    // Night 0 (Mon 3 Aug) is a washout night.
    let out = log("2026-08-04", &["--compression", wear(0, true)]);
    assert!(
        out.contains(&format!(
            "Plan for Mon 3 Aug: {} (period 1 of 10, a washout night: not counted, but keep to the plan)",
            label(0)
        )),
        "{out}"
    );
    // And what to do today, for the night that begins this evening.
    assert!(
        out.contains(&format!(
            "Today and tonight, Tue 4 Aug: {} (period 1 of 10, a washout night",
            label(1)
        )),
        "{out}"
    );
    let out = log("2026-08-06", &["--compression", wear(2, true)]);
    assert!(
        out.contains(&format!(
            "Plan for Wed 5 Aug: {} (period 1 of 10); followed.",
            label(2)
        )),
        "{out}"
    );
    let out = log("2026-08-07", &["--compression", wear(3, false)]);
    assert!(out.contains("did not follow the plan"), "{out}");
    let out = log("2026-08-08", &[]);
    assert!(out.contains("not recorded"), "{out}");
    assert!(
        out.contains("cramplog edit 2026-08-07 --compression"),
        "{out}"
    );
    // With --json the plan goes to stderr, stdout stays JSON.
    let out = env
        .cmd(&["log", "--none", "--json", "--compression", "part"])
        .env("CRAMPLOG_TODAY", "2026-08-09")
        .output()
        .unwrap();
    let _: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("Plan for Sat 8 Aug"));
    // The trial's last night (Sun 11 Oct): where its result is.
    let out = log("2026-10-12", &[]);
    assert!(
        out.contains("That was the last night of the self-experiment of compression stockings; its result: cramplog trial show."),
        "{out}"
    );
}

#[test]
fn export_version_2_carries_trials_and_import_restores_them() {
    let env = Env::new();
    let t = start_trial(&env, &[]);
    log_trial(&env, &t, |on, _, i| usize::from(!on && i == 4));
    let out = env
        .cmd(&["trial", "stop", "--date", "2026-09-20"])
        .env("CRAMPLOG_TODAY", "2026-09-25")
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let file = env.path("export.json");
    env.ok(&["export", "--format", "json", "-o", file.to_str().unwrap()]);
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(doc["version"], 2);
    assert_eq!(
        doc["trials"],
        json!([{
            "kind": "compression", "start": START, "pairs": 5, "nights": 7, "washout": 2,
            "order": t["order"], "stopped": "2026-09-20"
        }])
    );
    // Into an empty diary: the same trial and the same analysis, and the same export bytes.
    let other = Env::new();
    other.ok(&["import", file.to_str().unwrap()]);
    assert_eq!(
        other.json(&["trial", "list", "--json"]),
        env.json(&["trial", "list", "--json"])
    );
    let again = other.path("again.json");
    other.ok(&["export", "--format", "json", "-o", again.to_str().unwrap()]);
    assert_eq!(
        std::fs::read(&file).unwrap(),
        std::fs::read(&again).unwrap()
    );
    // Importing the same file again changes nothing; an overlapping different trial is refused.
    other.ok(&["import", file.to_str().unwrap()]);
    assert_eq!(
        other
            .json(&["trial", "list", "--json"])
            .as_array()
            .unwrap()
            .len(),
        1
    );
    let mut changed = doc.clone();
    changed["trials"][0]["start"] = json!("2026-08-05");
    std::fs::write(&file, changed.to_string()).unwrap();
    let before = snapshot(&other.db());
    other.fails(
        &["import", file.to_str().unwrap()],
        2,
        "overlaps a different self-experiment",
    );
    assert_eq!(snapshot(&other.db()), before);
    // A bad trial is named by its record and field.
    let mut bad = doc;
    bad["trials"][0]["washout"] = json!(6);
    std::fs::write(&file, bad.to_string()).unwrap();
    Env::new().fails(&["import", file.to_str().unwrap()], 2, "trials[0].washout");
}

/// The trial's section in every report format, and its numbers in the JSON report.
#[test]
fn every_report_format_shows_the_trial() {
    let env = Env::new();
    let t = start_trial(&env, &[]);
    log_trial(&env, &t, |on, _, i| {
        usize::from(if on { i == 3 } else { i > 2 })
    });
    let period = ["--from", "2026-08-01", "--to", "2026-10-31"];
    let mut args = vec!["report", "--format", "json"];
    args.extend_from_slice(&period);
    let report = env.json(&args);
    let trials = report["trials"].as_array().unwrap();
    assert_eq!(trials.len(), 1);
    let shown = show(&env);
    for key in [
        "periods",
        "strip",
        "p_one_sided",
        "p_two_sided",
        "risk_ratio",
        "result",
    ] {
        assert_eq!(trials[0][key], shown[key], "{key}");
    }
    assert_eq!(trials[0]["as_of"], "2026-10-31");
    assert_eq!(trials[0]["result"], "benefit");
    // A period that ends before the trial does not list it.
    let before = env.json(&[
        "report",
        "--format",
        "json",
        "--from",
        "2026-06-01",
        "--to",
        "2026-07-31",
    ]);
    assert_eq!(before["trials"], json!([]));
    for format in ["text", "md", "html"] {
        let mut args = vec!["report", "--format", format];
        args.extend_from_slice(&period);
        let out = env.ok(&args);
        assert!(
            out.contains("Self-experiments")
                && out.contains("Compression stockings: 5 pairs of 7-night periods"),
            "{format}: {out}"
        );
        assert!(
            out.contains("Consistent with fewer cramps with the stockings"),
            "{format}"
        );
        assert!(
            out.contains("stockings OFF") && out.contains("~~"),
            "{format}"
        );
        assert!(out.contains("(1 of 32)"), "{format}");
        let words = out.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            words.contains("so it is the fairer test of the measure"),
            "{format}: the pattern comparisons and the trial count nights differently"
        );
    }
    let pdf = env.path("r.pdf");
    let mut args = vec!["report", "--format", "pdf", "-o", pdf.to_str().unwrap()];
    args.extend_from_slice(&period);
    env.ok(&args);
    match std::process::Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
    {
        Ok(out) => {
            let text = String::from_utf8_lossy(&out.stdout)
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            assert!(text.contains("Self-experiments"), "{text}");
            assert!(text.contains("Compression stockings: 5 pairs"), "{text}");
            assert!(text.contains("(1 of 32)"), "{text}");
        }
        Err(e) => {
            assert!(
                std::env::var("CI").is_err(),
                "pdftotext is needed under CI: {e}"
            );
            eprintln!("SKIPPED: pdftotext is not installed ({e})");
        }
    }
}

#[test]
fn the_night_calendar_marks_each_trial_night_on_off_or_washout() {
    let env = Env::new();
    let t = start_trial(&env, &[]);
    log_trial(&env, &t, |on, _, i| usize::from(!on && i > 3));
    // The strip's plan for every night: washout for a period's first 2 nights.
    let want: std::collections::BTreeMap<chrono::NaiveDate, char> = t["strip"]
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
        .map(|(i, n)| {
            let night = n["night"].as_str().unwrap().parse().unwrap();
            let c = match (i % 7 < 2, n["planned_on"].as_bool().unwrap()) {
                (true, _) => '~',
                (false, true) => '+',
                (false, false) => '-',
            };
            (night, c)
        })
        .collect();
    assert_eq!(want.len(), 70);
    let period = ["--from", "2026-08-01", "--to", "2026-10-18"];
    let mut args = vec!["report", "--format", "text"];
    args.extend_from_slice(&period);
    let text = env.ok(&args);
    let words = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        words.contains("Rows marked 'plan': the self-experiment's plan for each night: + with compression stockings, - without, ~ washout (not counted)."),
        "{text}"
    );
    // Under each week's row, its plan row: the same characters as the strip, night by night.
    let lines: Vec<&str> = text.lines().collect();
    let mut seen = 0;
    for pair in lines.windows(2) {
        let Some(plan) = pair[1].strip_prefix("  plan") else {
            continue;
        };
        let monday = chrono::NaiveDate::parse_from_str(pair[0][..14].trim(), "%-d %b %Y")
            .unwrap_or_else(|e| panic!("{e}: {}", pair[0]));
        let cells: Vec<char> = format!("{plan:<29}").chars().skip(9).step_by(3).collect();
        for (i, c) in cells.iter().take(7).enumerate() {
            let night = monday + chrono::Duration::days(i as i64);
            assert_eq!(
                *c,
                want.get(&night).copied().unwrap_or(' '),
                "{night}: {pair:?}"
            );
            seen += usize::from(*c != ' ');
        }
    }
    assert_eq!(seen, 70, "every trial night has its mark");
    // The drawn calendar has the three marks in its legend, in the chart and every report.
    let svg = env.path("cal.svg");
    let mut args = vec!["chart", "calendar", "-o", svg.to_str().unwrap()];
    args.extend_from_slice(&period);
    env.ok(&args);
    let mut args = vec!["report", "--format", "html"];
    args.extend_from_slice(&period);
    let html = env.ok(&args);
    for drawn in [std::fs::read_to_string(&svg).unwrap(), html] {
        // (A page-1 calendar writes "self-experiment:" once, then its three keys.)
        for label in ["self-experiment:", "off", "washout (not counted)"] {
            assert!(drawn.contains(label), "{label}");
        }
    }
    // Outside the trial, no plan rows and no trial legend.
    let before = env.ok(&["report", "--from", "2026-06-01", "--to", "2026-07-31"]);
    assert!(!before.contains("  plan") && !before.contains("Rows marked 'plan'"));
}
