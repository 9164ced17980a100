//! `profile`, `med` and `event`: typed values, did-you-mean, dates, JSON.

use serde_json::json;

use super::{Env, bytes};

#[test]
fn profile_set_show_unset() {
    let env = Env::new();
    let out = env.ok(&[
        "profile",
        "set",
        "birth_year",
        "1961",
        "sex",
        "female",
        "height_cm",
        "165",
        "known_varicose_veins",
        "left",
        "smoker",
        "no",
    ]);
    assert!(out.contains("birth_year = 1961, sex = female"), "{out}");
    assert_eq!(
        env.json(&["profile", "show", "--json"]),
        json!({"birth_year": 1961, "sex": "female", "height_cm": 165,
               "known_varicose_veins": "left", "smoker": false})
    );
    let text = env.ok(&["profile", "show"]);
    assert!(
        text.contains("occupation_posture") && text.contains("not set"),
        "{text}"
    );
    env.ok(&["profile", "unset", "smoker"]);
    assert!(
        env.json(&["profile", "show", "--json"])
            .get("smoker")
            .is_none()
    );
    let again = env.ok(&["profile", "unset", "smoker"]);
    assert!(again.contains("was not set"), "{again}");
}

#[test]
fn bad_profile_values_change_nothing() {
    let env = Env::new();
    env.ok(&["profile", "set", "birth_year", "1961"]);
    let before = bytes(&env.db());
    for (args, needle) in [
        (vec!["birth_year", "2027"], "give a year from 1900 to 2026"),
        (vec!["sex", "female", "weight_kg", "500"], "from 20 to 400"),
        (vec!["brith_year", "1961"], "did you mean 'birth_year'"),
        (vec!["diabetes", "sometimes"], "answer yes or no"),
        (
            vec!["occupation_posture", "sittin"],
            "did you mean 'sitting'",
        ),
        (
            vec!["sex", "female", "weight_kg"],
            "'weight_kg' has no value",
        ),
    ] {
        let mut full = vec!["profile", "set"];
        full.extend(&args);
        let err = env.fails(&full, 2, "");
        assert!(err.contains(needle), "{args:?}: {err}");
        assert_eq!(err.lines().count(), 1, "{err}");
    }
    assert_eq!(bytes(&env.db()), before);
    assert_eq!(
        env.json(&["profile", "show", "--json"]),
        json!({"birth_year": 1961})
    );
}

#[test]
fn medications_add_stop_list() {
    let env = Env::new();
    env.ok(&[
        "med",
        "add",
        "Bendroflumethiazide",
        "--class",
        "thiazide_diuretic",
        "--start",
        "2026-10-09",
        "--dose",
        "2.5 mg",
    ]);
    env.ok(&[
        "med",
        "add",
        "Magnesium citrate",
        "--class",
        "magnesium",
        "--start",
        "3 days ago",
    ]);
    let out = env.ok(&["med", "stop", "bendroflumethiazide", "--date", "yesterday"]);
    assert!(
        out.contains("Stopped Bendroflumethiazide on 2026-11-26"),
        "{out}"
    );
    assert_eq!(
        env.json(&["med", "list", "--json"]),
        json!([
            {"name": "Bendroflumethiazide", "class": "thiazide_diuretic",
             "start": "2026-10-09", "stop": "2026-11-26", "dose": "2.5 mg"},
            {"name": "Magnesium citrate", "class": "magnesium", "start": "2026-11-24"}
        ])
    );
    let table = env.ok(&["med", "list"]);
    assert!(table.contains("(taking)"), "{table}");
}

#[test]
fn medication_mistakes_are_refused_with_a_hint() {
    let env = Env::new();
    env.ok(&[
        "med",
        "add",
        "Simvastatin",
        "--class",
        "statin",
        "--start",
        "2026-11-01",
    ]);
    let before = bytes(&env.db());
    for (args, needle) in [
        (
            vec!["add", "X", "--class", "statin", "--start", "2026-12-01"],
            "is in the future",
        ),
        (
            vec!["add", "X", "--class", "statn", "--start", "2026-11-01"],
            "did you mean 'statin'",
        ),
        (
            vec![
                "add",
                "X",
                "--class",
                "statin",
                "--start",
                "2026-11-10",
                "--stop",
                "2026-11-01",
            ],
            "before --start",
        ),
        (
            vec![
                "add",
                "simvastatin",
                "--class",
                "statin",
                "--start",
                "2026-11-01",
            ],
            "already in the diary",
        ),
        (
            vec!["stop", "simvastatn", "--date", "2026-11-20"],
            "did you mean 'Simvastatin'",
        ),
        (
            vec!["stop", "Simvastatin", "--date", "2026-10-01"],
            "before 'Simvastatin' started",
        ),
        (
            vec!["stop", "Simvastatin", "--date", "tomorrow"],
            "not a night",
        ),
    ] {
        let mut full = vec!["med"];
        full.extend(&args);
        let err = env.fails(&full, 2, "");
        assert!(err.contains(needle), "{args:?}: {err}");
    }
    assert_eq!(bytes(&env.db()), before);
}

#[test]
fn events_add_list_delete() {
    let env = Env::new();
    let out = env.ok(&[
        "event",
        "add",
        "2026-10-30",
        "compression_start",
        "--label",
        "class 1 stockings",
        "--side",
        "both",
    ]);
    assert!(out.contains("Added event #1"), "{out}");
    env.ok(&["event", "add", "yesterday", "other", "--label", "GP visit"]);
    assert_eq!(
        env.json(&["event", "list", "--json"]),
        json!([
            {"id": 1, "date": "2026-10-30", "kind": "compression_start",
             "label": "class 1 stockings", "side": "both"},
            {"id": 2, "date": "2026-11-26", "kind": "other", "label": "GP visit"}
        ])
    );
    env.ok(&["event", "delete", "1"]);
    assert_eq!(
        env.json(&["event", "list", "--json"])
            .as_array()
            .unwrap()
            .len(),
        1
    );
    let before = bytes(&env.db());
    assert!(
        env.fails(&["event", "delete", "1"], 2, "")
            .contains("no event #1")
    );
    assert!(
        env.fails(&["event", "add", "2026-12-01", "duplex_scan"], 2, "")
            .contains("in the future")
    );
    assert!(
        env.fails(&["event", "add", "2026-11-01", "compresion_start"], 2, "")
            .contains("did you mean 'compression_start'")
    );
    assert!(
        env.fails(
            &["event", "add", "2026-11-01", "other", "--side", "up"],
            2,
            ""
        )
        .contains("--side")
    );
    assert_eq!(bytes(&env.db()), before);
}
