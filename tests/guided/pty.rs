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
        ("Which night", ""),
        ("How many cramps", "2"),
        ("Cramp 1 of 2: which leg?", "left"),
        ("which muscle?", "calf"),
        ("how long did it last?", "2m"),
        ("how painful was it", "7"),
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
        ("How well did you sleep?", "-"),
        ("How many times did a cramp wake you?", "-"),
        ("1. Is one leg newly swollen", ""),
        ("2. Are you short of breath", ""),
        ("3. Has a vein bled", ""),
        ("4. Is a foot suddenly cold", ""),
        ("5. Any new change", ""),
        ("Did you have any of these in your legs yesterday?", "1 7"),
        ("Heavy legs: how bad", "6 left"),
        ("Ankle swelling (seen): which leg?", "left"),
        ("When in the day were your legs worst?", "-"),
        ("hours were you on your feet", "7.5"),
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
    answer(&mut p, "Which night", "");
    answer(&mut p, "How many cramps", "1");
    answer(&mut p, "The cramp: which leg?", "left");
    p.exp_string("The cramp: which muscle?").unwrap();
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
    answer(&mut p, "Which night", "");
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

/// A logged night is replaced only after asking; the summary offers habits from the night
/// before and a quiet night is all Enter.
#[test]
fn a_quiet_night_is_all_enter_and_a_logged_night_is_replaced_only_when_asked() {
    let env = Env::new();
    env.ok(&["log", "2026-11-25", "--none", "--compression", "most"]);
    env.ok(&["log", "2026-11-26", "-e", "left calf 1m 5"]);
    let mut p = spawn(&env, bin().to_str().unwrap(), &["log"]);
    answer(&mut p, "Which night", "");
    answer(&mut p, "Replace it with a new entry?", "y");
    answer(&mut p, "How many cramps", "");
    for q in [
        "How sore",
        "How well did you sleep",
        "1. ",
        "2. ",
        "3. ",
        "4. ",
        "5. ",
        "legs yesterday?",
        "on your feet",
    ] {
        answer(&mut p, q, "");
    }
    answer(&mut p, "(Enter = most of the day, as the night before)", "");
    for q in [
        "legs raised",
        "stretch",
        "glasses",
        "alcohol",
        "caffeine",
        "for your doctor",
    ] {
        answer(&mut p, q, "");
    }
    p.exp_string("Taken from the night before: compression stockings")
        .unwrap();
    answer(&mut p, "Save this entry?", "");
    p.exp_string("Saved the night of Thu 26 Nov 2026: no cramps")
        .unwrap();
    p.exp_eof().unwrap();
    let shown = env.json(&["show", "--json"]);
    assert_eq!(shown["episodes"], json!([]));
    assert_eq!(shown["compression"], json!("most"));
    assert_eq!(shown["symptoms"], json!([]));
    assert!(shown.get("standing_h").is_none());
}
