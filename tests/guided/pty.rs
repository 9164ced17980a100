//! The guided entry driven in a real pseudo-terminal, as a patient would use it.

use rexpect::process::WaitStatus;
use rexpect::session::PtySession;
use serde_json::json;

use super::{Env, bin, bytes};

fn spawn(env: &Env, program: &str, args: &[&str]) -> PtySession {
    let mut cmd = std::process::Command::new(program);
    cmd.args(args);
    env.apply(&mut cmd);
    rexpect::session::spawn_command(cmd, Some(15_000)).unwrap()
}

/// Waits for `question`, then types `answer` and Enter.
fn answer(p: &mut PtySession, question: &str, answer: &str) {
    p.exp_string(question)
        .unwrap_or_else(|e| panic!("waiting for {question:?}: {e}"));
    p.exp_string("> ").unwrap();
    p.send_line(answer).unwrap();
}

#[test]
fn a_full_guided_entry_stores_exactly_the_answers_given() {
    let env = Env::new();
    let mut p = spawn(&env, bin().to_str().unwrap(), &["log"]);
    let script = [
        ("How many cramps", "2"),
        ("Cramp 1 of 2: which leg?", "left"),
        ("which muscle?", "calf"),
        ("how long did it last?", "2 minutes"),
        ("how painful was it", "7 out of 10"),
        ("when did it happen?", ""),
        ("about what time?", "03:10"),
        ("what helped?", "stretching"),
        ("Cramp 2 of 2: which leg?", "2"),
        ("which muscle?", "foot"),
        ("how long did it last?", "45s"),
        ("how painful was it", "4/10"),
        ("when did it happen?", "3"),
        ("about what time?", "-"),
        ("what helped?", "5"),
        ("How sore are your legs", "3 left"),
        ("How well did you sleep", "-"),
        ("How many times did a cramp wake you?", "-"),
        ("Does any of these apply to you now?", ""),
        ("in your legs yesterday?", "1 7"),
        ("Heavy legs: how bad", "6 left"),
        ("Ankle swelling (seen): which leg?", "left"),
        ("When in the day were your legs worst?", "-"),
        ("hours were you on your feet", "7,5"),
        ("compression stockings", ""),
        ("legs raised", ""),
        ("stretch your calves", ""),
        ("glasses of water", ""),
        ("Units of alcohol", ""),
        ("Drinks with caffeine", ""),
        ("Anything else for your doctor?", ""),
    ];
    for (q, a) in script {
        answer(&mut p, q, a);
    }
    p.exp_string("Please check").unwrap();
    answer(&mut p, "Save this entry?", "");
    p.exp_string("Saved the night of Thu 26 Nov 2026: 2 cramps")
        .unwrap();
    p.exp_eof().unwrap();
    assert!(matches!(
        p.process().wait().unwrap(),
        WaitStatus::Exited(_, 0)
    ));

    let mut shown = env.json(&["show", "--json"]);
    let entered = shown.as_object_mut().unwrap().remove("entered_at").unwrap();
    assert!(
        entered.as_str().unwrap().starts_with("2026-11-27T08:00:00"),
        "{entered}"
    );
    assert_eq!(
        shown,
        json!({
            "night": "2026-11-26",
            "episodes": [
                {"time": "03:10", "phase": "woke_me", "leg": "left", "site": "calf",
                 "duration_s": 120, "pain": 7, "relief": "stretch"},
                {"phase": "on_waking", "leg": "right", "site": "foot",
                 "duration_s": 45, "pain": 4, "relief": "by_itself"}
            ],
            "soreness": 3,
            "soreness_side": "left",
            "symptoms": [
                {"id": "heaviness", "side": "left", "severity": 6},
                {"id": "ankle_swelling", "side": "left"}
            ],
            "standing_h": 7.5
        })
    );
}

/// Ctrl-C at the fourth question: the diary stays byte-for-byte as it was, the exit code is
/// 130 with "nothing was saved", and the terminal settings are exactly as before (the entry
/// never leaves line mode).
#[test]
fn ctrl_c_at_the_fourth_question_changes_nothing_and_leaves_the_terminal_sane() {
    let env = Env::new();
    env.ok(&["log", "2026-11-20", "--none", "--standing", "4"]);
    let before = bytes(&env.db()).unwrap();
    let script = r#"trap : INT
before=$(stty -g)
"$0" log
code=$?
after=$(stty -g)
echo "exit=$code"
[ "$before" = "$after" ] && echo "terminal unchanged"
"#;
    let mut p = spawn(&env, "sh", &["-c", script, bin().to_str().unwrap()]);
    answer(&mut p, "How many cramps", "1");
    answer(&mut p, "The cramp: which leg?", "left");
    answer(&mut p, "The cramp: which muscle?", "");
    p.exp_string("The cramp: how long").unwrap();
    p.exp_string("> ").unwrap();
    p.send_control('c').unwrap();
    p.exp_string("cancelled; nothing was saved").unwrap();
    p.exp_string("exit=130").unwrap();
    p.exp_string("terminal unchanged").unwrap();
    p.exp_eof().unwrap();
    assert_eq!(bytes(&env.db()).unwrap(), before, "the diary changed");
    assert_eq!(env.json(&["list", "--all", "--json"])["logged"], json!(1));
}

/// End of input (Ctrl-D) cancels too, and a diary that did not exist is not created.
#[test]
fn end_of_input_cancels_without_creating_the_diary() {
    let env = Env::new();
    let mut p = spawn(&env, bin().to_str().unwrap(), &["log"]);
    answer(&mut p, "How many cramps", "0");
    p.exp_string("How sore are your legs").unwrap();
    p.exp_string("> ").unwrap();
    p.send_control('d').unwrap();
    p.exp_string("input ended; nothing was saved").unwrap();
    p.exp_eof().unwrap();
    assert!(matches!(
        p.process().wait().unwrap(),
        WaitStatus::Exited(_, 130)
    ));
    assert!(!env.db().exists(), "a cancelled entry created the diary");
}

/// A week of usual nights: one left-calf cramp on most, stockings most of the day, calves
/// stretched, 6 h on their feet, 8 glasses, 2 coffees.
fn seed_usual_week(env: &Env) {
    for day in 19..=25 {
        let night = format!("2026-11-{day}");
        let mut args = vec!["log", night.as_str()];
        if day % 3 == 0 {
            args.push("--none");
        } else {
            args.extend(["-e", "left calf 2m 6 03:00 relief=stretch"]);
        }
        args.extend([
            "--compression",
            "most",
            "--stretched",
            "--standing",
            "6",
            "--fluids",
            "8",
            "--caffeine",
            "2",
        ]);
        env.ok(&args);
    }
}

/// Answers every question with `first` at the first and Enter at the rest, until the
/// summary's question; returns the prompts seen, the keys typed and everything shown.
fn enter_through(p: &mut PtySession, first: &str) -> (usize, usize, String) {
    let (mut prompts, mut keys, mut shown) = (0, 0, String::new());
    loop {
        let before = p.exp_string("> ").unwrap();
        shown.push_str(&before);
        let typed = if prompts == 0 { first } else { "" };
        prompts += 1;
        keys += typed.chars().count() + 1;
        p.send_line(typed).unwrap();
        if before.contains("Save this entry?") {
            return (prompts, keys, shown);
        }
    }
}

#[test]
fn a_quiet_night_like_the_usual_is_eight_enters_with_the_safety_screen() {
    let env = Env::new();
    seed_usual_week(&env);
    let mut p = spawn(&env, bin().to_str().unwrap(), &["log"]);
    let (prompts, keys, shown) = enter_through(&mut p, "");
    p.exp_string("Saved the night of Thu 26 Nov 2026: no cramps")
        .unwrap();
    p.exp_eof().unwrap();
    assert_eq!((prompts, keys), (8, 8), "{shown}");
    assert!(
        shown.contains("Safety questions (asked every morning)"),
        "{shown}"
    );
    assert!(
        shown.contains("Was yesterday a usual day for you?"),
        "{shown}"
    );
    let n = env.json(&["show", "--json"]);
    assert_eq!(n["episodes"], json!([]));
    assert_eq!(n["symptoms"], json!([]));
    assert_eq!(
        (
            &n["compression"],
            &n["stretched"],
            &n["standing_h"],
            &n["fluids_glasses"]
        ),
        (&json!("most"), &json!(true), &json!(6.0), &json!(8))
    );
    assert!(
        n.get("alcohol_units").is_none(),
        "never recorded, never assumed"
    );
}

#[test]
fn a_night_with_the_usual_cramp_is_at_most_14_keys() {
    let env = Env::new();
    seed_usual_week(&env);
    let mut p = spawn(&env, bin().to_str().unwrap(), &["log"]);
    let (prompts, keys, shown) = enter_through(&mut p, "1");
    p.exp_string("Saved the night of Thu 26 Nov 2026: 1 cramp")
        .unwrap();
    p.exp_eof().unwrap();
    assert!(keys <= 14, "{keys} keys, {prompts} prompts:\n{shown}");
    assert_eq!(prompts, 10, "{shown}");
    let n = env.json(&["show", "--json"]);
    assert_eq!(
        n["episodes"],
        json!([{"time": "03:00", "phase": "woke_me", "leg": "left", "site": "calf",
                "duration_s": 120, "pain": 6, "relief": "stretch"}])
    );
}

#[test]
fn a_typo_gets_did_you_mean_and_enter_takes_it() {
    let env = Env::new();
    let mut p = spawn(&env, bin().to_str().unwrap(), &["log"]);
    answer(&mut p, "How many cramps", "1");
    answer(&mut p, "The cramp: which leg?", "lft");
    p.exp_string("did you mean 'left'?").unwrap();
    answer(&mut p, "(Enter = left)", "");
    answer(&mut p, "which muscle?", "calfe");
    p.exp_string("did you mean 'calf'?").unwrap();
    answer(&mut p, "(Enter = calf)", "");
    answer(&mut p, "how long did it last?", "two minutes");
    answer(&mut p, "how painful", ".");
    answer(&mut p, "Does any of these apply to you now?", "not sure");
    p.exp_string("treat it as a yes").unwrap();
    answer(&mut p, "(Enter = no, none of these)", "n");
    answer(&mut p, "Save this entry?", "");
    p.exp_eof().unwrap();
    let n = env.json(&["show", "--json"]);
    assert_eq!(
        n["episodes"],
        json!([{"phase": "woke_me", "leg": "left", "site": "calf", "duration_s": 120}])
    );
}

#[test]
fn no_at_save_offers_a_change_and_discarding_asks_once_more() {
    let env = Env::new();
    env.ok(&["log", "2026-11-20", "--none"]);
    let before = bytes(&env.db()).unwrap();
    let mut p = spawn(&env, bin().to_str().unwrap(), &["log"]);
    answer(&mut p, "How many cramps", "0");
    answer(&mut p, "How sore are your legs", ".");
    answer(&mut p, "Does any of these apply", "");
    answer(&mut p, "Save this entry?", "n");
    answer(&mut p, "What would you like to change?", "discard");
    answer(&mut p, "Discard all your answers?", "y");
    p.exp_string("discarded; nothing was saved").unwrap();
    p.exp_eof().unwrap();
    assert!(matches!(
        p.process().wait().unwrap(),
        WaitStatus::Exited(_, 130)
    ));
    assert_eq!(bytes(&env.db()).unwrap(), before, "the diary changed");
}

/// Changing one answer at the summary: the part is asked again, then the summary comes
/// back at once with the other answers kept (issue 15, "nothing lost by accident").
#[test]
fn changing_one_answer_at_the_summary_is_a_few_keys() {
    let env = Env::new();
    seed_usual_week(&env);
    let mut p = spawn(&env, bin().to_str().unwrap(), &["log"]);
    // The usual cramp night, up to the summary's question: there, n.
    let mut first = true;
    loop {
        let before = p.exp_string("> ").unwrap();
        if before.contains("Save this entry?") {
            p.send_line("n").unwrap();
            break;
        }
        p.send_line(if first { "1" } else { "" }).unwrap();
        first = false;
    }
    answer(&mut p, "What would you like to change?", "3");
    answer(&mut p, "How sore are your legs", "4");
    answer(&mut p, "How well did you sleep", "");
    answer(&mut p, "How many times did a cramp wake you?", "");
    // Straight back to the summary: no safety screen, day or note question in between.
    let between = p.exp_string("Save this entry?").unwrap();
    assert!(between.contains("Please check"), "{between}");
    for skipped in [
        "Safety questions",
        "Was yesterday a usual day",
        "Anything else",
    ] {
        assert!(
            !between.contains(skipped),
            "{skipped} asked again:\n{between}"
        );
    }
    p.send_line("").unwrap();
    p.exp_string("Saved the night of Thu 26 Nov 2026: 1 cramp")
        .unwrap();
    p.exp_eof().unwrap();
    let n = env.json(&["show", "--json"]);
    assert_eq!(n["soreness"], 4);
    assert_eq!(n["episodes"].as_array().unwrap().len(), 1);
    assert_eq!(
        (&n["compression"], &n["fluids_glasses"]),
        (&json!("most"), &json!(8))
    );
}

#[test]
fn a_back_dated_night_speaks_of_that_night() {
    let env = Env::new();
    let mut p = spawn(&env, bin().to_str().unwrap(), &["log", "2026-11-22"]);
    let (_, _, shown) = enter_through(&mut p, "");
    p.exp_string("Saved the night of Sun 22 Nov 2026").unwrap();
    p.exp_eof().unwrap();
    let flat = shown.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains("How many cramps did you have the night of Sun 22 Nov 2026?"),
        "{flat}"
    );
    assert!(flat.contains("the morning after Sun 22 Nov 2026"), "{flat}");
    for wrong in ["last night", "this morning", "yesterday"] {
        assert!(
            !flat.to_lowercase().contains(wrong),
            "'{wrong}' in:\n{flat}"
        );
    }
}

#[test]
fn every_line_fits_a_60_column_terminal() {
    let env = Env::new();
    seed_usual_week(&env);
    let mut p = spawn(
        &env,
        "sh",
        &[
            "-c",
            "stty rows 24 cols 60 && exec \"$0\" log",
            bin().to_str().unwrap(),
        ],
    );
    let mut shown = String::new();
    for (q, a) in [
        ("How many cramps", "1"),
        ("like your usual one?", ""),
        ("How sore", ""),
        ("How well did you sleep", ""),
        ("a cramp wake you?", ""),
        ("Does any of these apply", "2"),
    ] {
        shown.push_str(&p.exp_string(q).unwrap());
        shown.push_str(q);
        shown.push_str(&p.exp_string("> ").unwrap());
        // rexpect's terminal does not echo: end the prompt's line as typing would.
        shown.push_str(">\n");
        p.send_line(a).unwrap();
    }
    shown.push_str(&p.exp_string("CALL EMERGENCY SERVICES").unwrap());
    shown.push_str(&p.exp_string("> ").unwrap());
    p.send_control('c').unwrap();
    shown.push_str(&p.exp_eof().unwrap());
    for line in shown.lines() {
        let line = line.trim_end_matches('\r');
        assert!(
            line.chars().count() <= 60,
            "too wide ({}): {line:?}",
            line.chars().count()
        );
    }
}

/// A logged night is replaced only after asking, and when last night is logged the night
/// question offers the most recent night not logged yet.
#[test]
fn a_logged_night_is_replaced_only_when_asked() {
    let env = Env::new();
    env.ok(&["log", "2026-11-25", "--none", "--compression", "most"]);
    env.ok(&["log", "2026-11-26", "-e", "left calf 1m 5"]);
    let mut p = spawn(&env, bin().to_str().unwrap(), &["log"]);
    answer(&mut p, "(Enter = Tue 24 Nov 2026)", "last night");
    answer(&mut p, "Replace it with a new entry?", "y");
    let (_, _, shown) = enter_through(&mut p, "");
    assert!(shown.contains("(Enter = yes, as usual)"), "{shown}");
    p.exp_string("Saved the night of Thu 26 Nov 2026: no cramps")
        .unwrap();
    p.exp_eof().unwrap();
    let shown = env.json(&["show", "--json"]);
    assert_eq!(shown["episodes"], json!([]));
    assert_eq!(shown["compression"], json!("most"));
    assert_eq!(shown["symptoms"], json!([]));
    assert!(shown.get("standing_h").is_none());
}
