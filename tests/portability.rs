//! Export, import, backup and check, end to end through the built binary.

// Tests may unwrap (CONVENTIONS.md); the helpers below are test code too.
#![allow(clippy::unwrap_used)]

use std::fs;
use std::path::Path;

use chrono::{DateTime, Duration, NaiveDate};
use cramplog::model::{Episode, Event, Medication, Night, Symptom};
use cramplog::store::{self, Access, Store};
use cramplog::vocab::*;
use predicates::prelude::*;
use serde_json::Value;

use crate::harness::{Env, TODAY};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// A night with every field in use, two episodes with every field, and symptoms with
/// sides and severities.
fn full_night(date: &str) -> Night {
    let mut n = Night::new(d(date));
    n.episodes = vec![
        Episode {
            time: Some("03:10".parse().unwrap()),
            phase: Phase::WokeMe,
            leg: Some(Leg::Left),
            site: Some(Site::Calf),
            duration_s: Some(120),
            pain: Some(7),
            hard: Some(true),
            relief: Some(Relief::Stretch),
            resleep_min: Some(15),
        },
        Episode {
            time: Some("23:55".parse().unwrap()),
            phase: Phase::BeforeSleep,
            leg: Some(Leg::Both),
            site: Some(Site::Hamstring),
            duration_s: Some(7200),
            pain: Some(0),
            hard: Some(false),
            relief: Some(Relief::ByItself),
            resleep_min: Some(0),
        },
    ];
    n.soreness = Some(3);
    n.soreness_side = Some(Leg::Right);
    n.bed_time = Some("22:30".parse().unwrap());
    n.up_time = Some("06:45".parse().unwrap());
    n.sleep_quality = Some(2);
    n.awakenings = Some(4);
    n.cramp_awakenings = Some(1);
    n.sleep_disturbance = Some(6);
    n.symptoms = Some(vec![
        Symptom {
            id: SymptomId::Heaviness,
            side: Some(Leg::Left),
            severity: Some(6),
        },
        Symptom {
            id: SymptomId::AnkleSwelling,
            side: Some(Leg::Left),
            severity: None,
        },
        Symptom {
            id: SymptomId::VisibleVeins,
            side: Some(Leg::Both),
            severity: None,
        },
        Symptom {
            id: SymptomId::RestlessUrge,
            side: None,
            severity: Some(3),
        },
        Symptom {
            id: SymptomId::WalkingPain,
            side: Some(Leg::Right),
            severity: Some(10),
        },
    ]);
    n.symptom_peak = Some(Peak::EndOfDay);
    n.urge_at_rest = Some(true);
    n.urge_relieved_by_moving = Some(true);
    n.urge_worse_evening = Some(false);
    n.urge_before_sleep = Some(true);
    n.walk_pain_at_rest = Some(false);
    n.walk_pain_settles_10min = Some(true);
    n.walk_pain_site = Some(WalkSite::ThighButtock);
    n.calf_cm_left = Some(38.4);
    n.calf_cm_right = Some(37.15);
    n.standing_h = Some(7.25);
    n.sitting_h = Some(3.1);
    n.exertion = Some(Exertion::Hard);
    n.heat = Some(true);
    n.fluids_glasses = Some(6);
    n.alcohol_units = Some(1.3);
    n.caffeine_drinks = Some(2);
    n.compression = Some(Compression::Part);
    n.elevation_min = Some(45);
    n.stretched = Some(false);
    n.note = Some("Wadenkrampf, \"quoted\"; commas, <b>tags</b>\nsecond line – ünïcödé".into());
    n.entered_at = DateTime::parse_from_rfc3339("2026-11-21T07:42:13.250+01:00").ok();
    n
}

/// A diary with every kind of record: profile, medications, events, and nights that are
/// full, cramp-free (checklist answered, nothing ticked) and sparse (everything unknown).
fn seed_full(db: &Path) {
    let mut s = Store::open(db, Access::Create).unwrap();
    s.write(|tx| {
        for (k, v) in [
            ("birth_year", "1961"),
            ("sex", "female"),
            ("pregnant", "no"),
            ("smoker", "yes"),
            ("weight_kg", "72.5"),
            ("known_varicose_veins", "left"),
            ("prior_vein_procedure", "EVLA left 2019"),
        ] {
            store::set_profile(tx, k, v)?;
        }
        store::insert_medication(
            tx,
            &Medication {
                name: "Atorvastatin".into(),
                class: MedClass::Statin,
                start: d("2026-03-01"),
                stop: Some(d("2026-10-01")),
                dose: Some("20 mg at night".into()),
            },
        )?;
        store::insert_medication(
            tx,
            &Medication {
                name: "Amlodipine".into(),
                class: MedClass::CalciumChannelBlocker,
                start: d("2026-08-01"),
                stop: None,
                dose: None,
            },
        )?;
        store::insert_event(
            tx,
            &Event {
                id: 0,
                date: d("2026-10-15"),
                kind: EventKind::CompressionStart,
                label: Some("class 2 knee-high".into()),
                side: Some(Leg::Both),
                result: None,
            },
        )?;
        store::insert_event(
            tx,
            &Event {
                id: 0,
                date: d("2026-11-01"),
                kind: EventKind::DuplexScan,
                label: None,
                side: None,
                result: None,
            },
        )?;
        store::insert_night(tx, &full_night("2026-11-20"))?;
        let mut quiet = Night::new(d("2026-11-21"));
        quiet.symptoms = Some(vec![]);
        quiet.entered_at = DateTime::parse_from_rfc3339("2026-11-22T08:00:00-05:00").ok();
        store::insert_night(tx, &quiet)?;
        let mut sparse = Night::new(d("2026-11-23"));
        sparse.episodes.push(Episode::default());
        sparse.entered_at = DateTime::parse_from_rfc3339("2026-11-30T23:59:59+14:00").ok();
        store::insert_night(tx, &sparse)?;
        Ok(())
    })
    .unwrap();
}

/// `n` nightly entries ending the night before `TODAY`, every third with a cramp.
fn many_nights(n: usize) -> Vec<Night> {
    let last = d(TODAY) - Duration::days(1);
    (0..n)
        .map(|i| {
            let mut night = Night::new(last - Duration::days((n - 1 - i) as i64));
            night.episodes.push(Episode {
                leg: Some(Leg::Left),
                site: Some(Site::Calf),
                duration_s: Some(60 + i as u32 % 300),
                pain: Some((i % 11) as u8),
                ..Episode::default()
            });
            if i % 3 != 0 {
                night.episodes.clear();
            }
            night.soreness = Some((i % 5) as u8);
            night.standing_h = Some((i % 9) as f64 + 0.5);
            night.symptoms = Some(vec![]);
            night.entered_at = DateTime::parse_from_rfc3339("2026-01-01T08:00:00+01:00").ok();
            night
        })
        .collect()
}

fn doc(nights: &[Night]) -> String {
    serde_json::to_string_pretty(&serde_json::json!({
        "format": "cramplog",
        "version": 1,
        "profile": {},
        "medications": [],
        "events": [],
        "nights": nights,
    }))
    .unwrap()
}

#[cfg(unix)]
fn mode(p: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    fs::metadata(p).unwrap().permissions().mode() & 0o777
}

#[test]
fn json_round_trip_is_byte_identical() {
    let env = Env::new();
    seed_full(&env.db());
    let first = env.export_json(&env.db());
    let v: Value = serde_json::from_slice(&first).unwrap();
    assert_eq!(v["format"], "cramplog");
    assert_eq!(v["profile"]["birth_year"], 1961);
    assert_eq!(v["profile"]["pregnant"], false);
    assert_eq!(v["nights"][1]["episodes"], serde_json::json!([]));
    assert_eq!(v["nights"][1]["symptoms"], serde_json::json!([]));
    assert!(
        v["nights"][2].get("symptoms").is_none(),
        "unknown stays absent"
    );
    fs::write(env.path("export.json"), &first).unwrap();

    let copy = env.path("copy.sqlite3");
    env.cmd_with_db(&copy)
        .args(["import", "export.json"])
        .assert()
        .success()
        .stdout(predicate::str::contains("3 nights added"));
    let second = env.export_json(&copy);
    assert_eq!(
        String::from_utf8(first).unwrap(),
        String::from_utf8(second).unwrap()
    );
}

#[test]
fn csv_round_trip_keeps_every_night_and_episode_field() {
    let env = Env::new();
    seed_full(&env.db());
    env.cramplog()
        .args(["export", "--format", "csv", "-o", "sheets"])
        .assert()
        .success();
    let nights_csv = fs::read_to_string(env.path("sheets/nights.csv")).unwrap();
    let header = nights_csv.lines().next().unwrap();
    assert!(header.starts_with("night,episodes,soreness,"), "{header}");
    assert!(
        nights_csv.contains("heaviness:left:6;ankle_swelling:left;visible_veins:both;restless_urge:3;walking_pain:right:10"),
        "{nights_csv}"
    );
    assert!(
        nights_csv.contains("2026-11-21,0,"),
        "cramp-free night has count 0"
    );
    #[cfg(unix)]
    assert_eq!(mode(&env.path("sheets/episodes.csv")), 0o600);

    let copy = env.path("copy.sqlite3");
    env.cmd_with_db(&copy)
        .args(["import", "sheets"])
        .assert()
        .success();
    let original: Value = serde_json::from_slice(&env.export_json(&env.db())).unwrap();
    let back: Value = serde_json::from_slice(&env.export_json(&copy)).unwrap();
    assert_eq!(original["nights"], back["nights"]);

    // Pointing at nights.csv works too, and an identical re-import changes nothing.
    env.cmd_with_db(&copy)
        .args(["import", "sheets/nights.csv"])
        .assert()
        .success()
        .stdout(predicate::str::contains("0 nights added, 3 already there"));
}

#[test]
fn one_bad_record_in_a_thousand_writes_nothing_and_is_named() {
    let env = Env::new();
    let mut s = Store::open(&env.db(), Access::Create).unwrap();
    s.write(|tx| store::insert_night(tx, &full_night("2020-01-01")))
        .unwrap();
    drop(s);
    let before = fs::read(env.db()).unwrap();

    let mut nights = many_nights(1000);
    nights[612].episodes = vec![Episode {
        pain: Some(14),
        ..Episode::default()
    }];
    fs::write(env.path("big.json"), doc(&nights)).unwrap();
    env.cramplog()
        .args(["import", "big.json"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "nights[612].episodes[0].pain: 14 is out of range 0..=10",
        ))
        .stderr(predicate::str::contains("nothing was imported"));
    assert_eq!(fs::read(env.db()).unwrap(), before, "diary bytes unchanged");
    assert!(!env.path("diary.sqlite3-wal").exists());

    nights[612].episodes[0].pain = Some(4);
    fs::write(env.path("big.json"), doc(&nights)).unwrap();
    env.cramplog()
        .args(["import", "big.json"])
        .assert()
        .success()
        .stdout(predicate::str::contains("1000 nights added"));
}

#[test]
fn serde_errors_name_the_path() {
    let env = Env::new();
    let cases = [
        (
            r#"{"night":"2026-11-01","episodes":[{"pain":7,"leg":"leftt"}]}"#,
            "nights[0].episodes[0].leg: unknown value 'leftt'; did you mean 'left'?",
        ),
        (
            r#"{"night":"2026-02-30"}"#,
            "nights[0].night: '2026-02-30' is not a date; use YYYY-MM-DD",
        ),
        (
            r#"{"night":"2026-11-01","heat":"maybe"}"#,
            "nights[0].heat: 'maybe' is not valid here; give true or false",
        ),
        (
            r#"{"night":"2026-11-01","colour":"red"}"#,
            "nights[0].colour: unknown field 'colour'",
        ),
        (
            r#"{"night":"2026-11-01","entered_at":"2026-11-02 08:00"}"#,
            "nights[0].entered_at: '2026-11-02 08:00' is not a time with an offset",
        ),
        (
            r#"{"night":"2026-11-01","symptoms":[{"id":"ankle_swelling","severity":4}]}"#,
            "nights[0].symptoms[0].severity: 'ankle_swelling' is a sign",
        ),
    ];
    for (night, expected) in cases {
        let text = format!(r#"{{"format":"cramplog","version":1,"nights":[{night}]}}"#);
        fs::write(env.path("bad.json"), text).unwrap();
        env.cramplog()
            .args(["import", "bad.json"])
            .assert()
            .code(2)
            .stderr(predicate::str::contains(expected));
    }
    assert!(!env.db().exists(), "a failed import creates no diary");
}

#[test]
fn duplicate_and_future_nights_are_errors() {
    let env = Env::new();
    let mut nights = many_nights(3);
    nights.push(nights[1].clone());
    let mut future = Night::new(d("2026-11-28"));
    future.symptoms = Some(vec![]);
    nights.push(future);
    fs::write(env.path("f.json"), doc(&nights)).unwrap();
    env.cramplog()
        .args(["import", "f.json"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "nights[3].night: 2026-11-25 is in the file twice (first at nights[1].night)",
        ))
        .stderr(predicate::str::contains(
            "nights[4].night: 2026-11-28 is in the future",
        ));
}

#[test]
fn conflicts_are_refused_unless_replace_or_skip() {
    let env = Env::new();
    seed_full(&env.db());
    let mut changed = full_night("2026-11-20");
    changed.soreness = Some(9);
    let mut new = Night::new(d("2026-11-24"));
    new.symptoms = Some(vec![]);
    let text = serde_json::json!({
        "format": "cramplog", "version": 1,
        "profile": {"sex": "male", "height_cm": 170},
        "medications": [
            {"name": "amlodipine", "class": "calcium_channel_blocker", "start": "2026-08-01", "stop": "2026-11-10"},
            {"name": "Magnesium", "class": "magnesium", "start": "2026-11-01"}
        ],
        "events": [
            {"date": "2026-10-15", "kind": "compression_start", "label": "class 2 knee-high", "side": "both"},
            {"date": "2026-11-05", "kind": "stretching_start"}
        ],
        "nights": [changed, new]
    });
    fs::write(env.path("in.json"), text.to_string()).unwrap();
    let before = fs::read(env.db()).unwrap();

    env.cramplog()
        .args(["import", "in.json"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "1 night in the file is already in the diary with a different entry (2026-11-20)",
        ))
        .stderr(predicate::str::contains("--replace"));
    assert_eq!(fs::read(env.db()).unwrap(), before);

    env.cramplog()
        .args(["import", "in.json", "--dry-run"])
        .assert()
        .success()
        .stdout(predicate::str::contains("nothing was written"))
        .stdout(predicate::str::contains("Would add: 1 night (2026-11-24)"))
        .stdout(predicate::str::contains("CONFLICTS"))
        .stdout(predicate::str::contains(
            "Profile: sex would be overwritten by the file: 'female' -> 'male'",
        ))
        .stdout(predicate::str::contains(
            "Profile: height_cm would be set to '170'",
        ))
        .stdout(predicate::str::contains(
            "Would update medication: amlodipine",
        ))
        .stdout(predicate::str::contains("Would add medication: Magnesium"))
        .stdout(predicate::str::contains(
            "Would add event: 2026-11-05 stretching_start",
        ));
    assert_eq!(
        fs::read(env.db()).unwrap(),
        before,
        "a dry run writes nothing"
    );

    env.cramplog()
        .args(["import", "in.json", "--skip-existing"])
        .assert()
        .success()
        .stdout(predicate::str::contains("1 night added, 1 skipped"));
    let v: Value = serde_json::from_slice(&env.export_json(&env.db())).unwrap();
    assert_eq!(v["nights"][0]["soreness"], 3, "the diary's entry was kept");
    assert_eq!(v["profile"]["sex"], "male");
    assert_eq!(v["medications"].as_array().unwrap().len(), 3);
    assert_eq!(v["medications"][1]["stop"], "2026-11-10");
    assert_eq!(
        v["events"].as_array().unwrap().len(),
        3,
        "events merge by date, kind, label"
    );

    env.cramplog()
        .args(["import", "in.json", "--replace"])
        .assert()
        .success()
        .stdout(predicate::str::contains("1 replaced"));
    let v: Value = serde_json::from_slice(&env.export_json(&env.db())).unwrap();
    assert_eq!(v["nights"][0]["soreness"], 9);
    assert_eq!(v["events"].as_array().unwrap().len(), 3);
}

#[test]
fn missing_entered_at_is_stamped_with_the_import_time() {
    let env = Env::new();
    fs::write(
        env.path("n.json"),
        r#"{"format":"cramplog","version":1,"nights":[{"night":"2026-11-20","episodes":[]}]}"#,
    )
    .unwrap();
    env.cramplog().args(["import", "n.json"]).assert().success();
    let v: Value = serde_json::from_slice(&env.export_json(&env.db())).unwrap();
    let stamp = v["nights"][0]["entered_at"].as_str().unwrap();
    assert!(stamp.starts_with("2026-11-27T08:00:00"), "{stamp}");
    assert!(DateTime::parse_from_rfc3339(stamp).is_ok());
}

#[test]
fn csv_errors_name_file_line_and_column() {
    let env = Env::new();
    seed_full(&env.db());
    env.cramplog()
        .args(["export", "--format", "csv", "-o", "sheets"])
        .assert()
        .success();
    let episodes = fs::read_to_string(env.path("sheets/episodes.csv")).unwrap();
    // Line 3 is the second cramp of 2026-11-20: pain 0 → 14.
    let edited = episodes.replacen(",7200,0,no,", ",7200,14,no,", 1);
    assert_ne!(edited, episodes);
    fs::write(env.path("sheets/episodes.csv"), edited).unwrap();
    env.cmd_with_db(&env.path("new.sqlite3"))
        .args(["import", "sheets"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "episodes.csv line 3, pain: 14 is out of range 0..=10",
        ));
    assert!(!env.path("new.sqlite3").exists());
}

#[allow(clippy::print_stderr)]
#[test]
fn fhir_bundle_validates_and_is_reproducible() {
    let env = Env::new();
    seed_full(&env.db());
    let mut s = Store::open(&env.db(), Access::Existing).unwrap();
    s.write(|tx| {
        for n in many_nights(60).iter().take(50) {
            if !store::night_exists(tx, n.night)? {
                store::insert_night(tx, n)?;
            }
        }
        Ok(())
    })
    .unwrap();
    drop(s);
    let a = env
        .cramplog()
        .args(["export", "--format", "fhir"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    env.cramplog()
        .args(["export", "--format", "fhir", "-o", "bundle.json"])
        .assert()
        .success();
    assert_eq!(
        fs::read(env.path("bundle.json")).unwrap(),
        a,
        "reproducible"
    );
    let v: Value = serde_json::from_slice(&a).unwrap();
    assert_eq!(v["resourceType"], "Bundle");
    assert_eq!(v["type"], "collection");
    let text = String::from_utf8(a).unwrap();
    for code in [
        "449918009",
        "72514-3",
        "102572006",
        "72866009",
        "7771000",
        "24028007",
        "51440002",
    ] {
        assert!(text.contains(&format!("\"{code}\"")), "code {code} missing");
    }
    assert_eq!(v["entry"][0]["resource"]["birthDate"], "1961");

    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/validate_fhir.py");
    let out = match std::process::Command::new("python3")
        .arg(&script)
        .arg(env.path("bundle.json"))
        .output()
    {
        Ok(out) => out,
        Err(e) => {
            crate::harness::tool_missing(&format!(
                "FHIR validation needs python3 ({e}); install python3 and pip install 'fhir.resources>=7'"
            ));
            return;
        }
    };
    if out.status.code() == Some(3) {
        crate::harness::tool_missing(&format!(
            "FHIR validation needs the fhir.resources package: pip install 'fhir.resources>=7' ({})",
            String::from_utf8_lossy(&out.stderr).trim()
        ));
        return;
    }
    assert!(
        out.status.success(),
        "validate_fhir.py rejected the bundle: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("valid FHIR R4B Bundle"), "{said}");
}

#[allow(clippy::print_stderr)]
#[test]
fn backup_is_private_verified_and_opens_in_sqlite3() {
    let env = Env::new();
    seed_full(&env.db());
    env.cramplog()
        .args(["backup", "copy.sqlite3"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "3 nights, 3 cramp episodes, 5 symptoms, 2 medications, 2 events",
        ))
        .stdout(predicate::str::contains("Verified"));
    let copy = env.path("copy.sqlite3");
    #[cfg(unix)]
    assert_eq!(mode(&copy), 0o600);
    assert!(
        !env.path("copy.sqlite3-wal").exists(),
        "one self-contained file"
    );
    match std::process::Command::new("sqlite3")
        .arg(&copy)
        .arg("PRAGMA integrity_check; SELECT count(*) FROM nights;")
        .output()
    {
        Ok(out) => {
            assert!(out.status.success());
            assert_eq!(String::from_utf8_lossy(&out.stdout), "ok\n3\n");
        }
        Err(e) => crate::harness::tool_missing(&format!(
            "the sqlite3 shell is not installed ({e}); checked with rusqlite only"
        )),
    }
    // The copy is a diary in its own right.
    assert_eq!(env.export_json(&copy), env.export_json(&env.db()));

    env.cramplog()
        .args(["backup", "copy.sqlite3"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("already exists; add --force"));
    env.cramplog()
        .args(["backup", "copy.sqlite3", "--force"])
        .assert()
        .success();
    env.cramplog()
        .args(["backup", env.db().to_str().unwrap(), "--force"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is the diary itself"));
}

#[test]
fn check_says_healthy_or_damaged_in_plain_words() {
    let env = Env::new();
    seed_full(&env.db());
    env.cramplog()
        .arg("check")
        .assert()
        .success()
        .stdout(predicate::str::contains(format!(
            "Schema: version {}, up to date.",
            store::MIGRATIONS.len()
        )))
        .stdout(predicate::str::contains("integrity check): ok"))
        .stdout(predicate::str::contains("The diary is healthy."));
    let out = env.cramplog().args(["check", "--json"]).assert().success();
    let v: Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(v["healthy"], true);
    assert_eq!(v["counts"]["nights"], 3);

    // An episode whose night is gone: a broken link.
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    conn.execute_batch(
        "PRAGMA foreign_keys = OFF; INSERT INTO episodes (night, seq, phase) VALUES ('2026-01-01', 0, 'woke_me');",
    )
    .unwrap();
    drop(conn);
    env.cramplog()
        .arg("check")
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "Links (foreign key check): DAMAGED",
        ))
        .stdout(predicate::str::contains("The diary is damaged."))
        .stderr(predicate::str::contains("is damaged"));
    let out = env.cramplog().args(["check", "--json"]).assert().code(1);
    let v: Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(v["healthy"], false);
    assert_eq!(v["foreign_key_problems"][0]["table"], "episodes");
}

#[test]
fn outputs_are_private_whatever_the_umask_and_never_overwritten_silently() {
    let env = Env::new();
    seed_full(&env.db());
    let bin = env!("CARGO_BIN_EXE_cramplog");
    let out = std::process::Command::new("sh")
        .current_dir(env.dir.path())
        .env("CRAMPLOG_DB", env.db())
        .env("CRAMPLOG_TODAY", TODAY)
        .arg("-c")
        .arg(format!(
            "umask 000 && '{bin}' export -o out.json && '{bin}' export --format fhir -o fhir.json && '{bin}' export --format csv -o csvdir && '{bin}' backup b.sqlite3"
        ))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    #[cfg(unix)]
    for f in [
        "out.json",
        "fhir.json",
        "csvdir/nights.csv",
        "csvdir/episodes.csv",
        "b.sqlite3",
    ] {
        assert_eq!(mode(&env.path(f)), 0o600, "{f}");
    }
    #[cfg(unix)]
    assert_eq!(mode(&env.path("csvdir")), 0o700);

    fs::write(env.path("out.json"), "keep me").unwrap();
    env.cramplog()
        .args(["export", "-o", "out.json"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "out.json already exists; add --force",
        ));
    assert_eq!(fs::read_to_string(env.path("out.json")).unwrap(), "keep me");
    env.cramplog()
        .args(["export", "--format", "csv", "-o", "csvdir"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("nights.csv already exists"));
    env.cramplog()
        .args(["export", "-o", "out.json", "--force"])
        .assert()
        .success();
    assert!(
        fs::read_to_string(env.path("out.json"))
            .unwrap()
            .contains("\"cramplog\"")
    );
    let leftovers: Vec<String> = fs::read_dir(env.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn not_an_export_and_newer_versions_are_refused_clearly() {
    let env = Env::new();
    fs::write(env.path("x.json"), r#"{"hello": 1}"#).unwrap();
    env.cramplog()
        .args(["import", "x.json"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is not a cramplog export"));
    fs::write(
        env.path("x.json"),
        r#"{"format":"cramplog","version":3,"nights":[]}"#,
    )
    .unwrap();
    env.cramplog()
        .args(["import", "x.json"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("newer than this cramplog reads"));
    fs::write(env.path("x.json"), "{not json").unwrap();
    env.cramplog()
        .args(["import", "x.json"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is not valid JSON"));
    env.cramplog()
        .args(["import", "nowhere.json"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("does not exist"));
    assert!(!env.db().exists());
}

#[test]
fn csv_from_a_spreadsheet_with_bom_crlf_and_fewer_columns_imports() {
    let env = Env::new();
    fs::create_dir(env.path("sheet")).unwrap();
    fs::write(
        env.path("sheet/nights.csv"),
        "\u{feff}night,soreness,symptoms,note\r\n2026-11-20,2,heaviness:left:5,\"a, b\"\r\n2026-11-21,,-,\r\n",
    )
    .unwrap();
    fs::write(
        env.path("sheet/episodes.csv"),
        "night,leg,site,duration_s,pain\r\n2026-11-20,left,calf,90,6\r\n",
    )
    .unwrap();
    env.cramplog()
        .args(["import", "sheet", "--dry-run"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Would add: 2 nights (2026-11-20..2026-11-21)",
        ));
    assert!(!env.db().exists(), "a dry run creates no diary");
    env.cramplog().args(["import", "sheet"]).assert().success();
    let v: Value = serde_json::from_slice(&env.export_json(&env.db())).unwrap();
    assert_eq!(v["nights"][0]["episodes"][0]["pain"], 6);
    assert_eq!(v["nights"][0]["episodes"][0]["phase"], "woke_me");
    assert_eq!(v["nights"][0]["symptoms"][0]["severity"], 5);
    assert_eq!(v["nights"][0]["note"], "a, b");
    assert_eq!(v["nights"][1]["symptoms"], serde_json::json!([]));
    assert!(v["nights"][1].get("soreness").is_none());
}

#[test]
fn records_are_named_by_their_place_in_the_file_even_after_a_bad_one() {
    let env = Env::new();
    fs::write(
        env.path("bad.json"),
        r#"{"format":"cramplog","version":1,"nights":[
            {"night":"2026-11-20","episodes":[],"symptoms":[{"id":"sweling"}]},
            {"night":"2026-11-21","episodes":[],"awakenings":2,"cramp_awakenings":5}],
          "medications":[{"name":"X","class":"statn","start":"2026-01-01"},
            {"name":"Y","class":"statin","start":"2026-02-01","stop":"2026-01-01"}]}"#,
    )
    .unwrap();
    env.cramplog()
        .args(["import", "bad.json"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "nights[0].symptoms[0].id: unknown value 'sweling'",
        ))
        .stderr(predicate::str::contains(
            "nights[1].cramp_awakenings: 5 is more than",
        ))
        .stderr(predicate::str::contains(
            "medications[0].class: unknown value 'statn'",
        ))
        .stderr(predicate::str::contains(
            "medications[1].stop: 2026-01-01 is before the start",
        ));
}

#[test]
fn check_and_backup_find_a_damaged_page() {
    let env = Env::new();
    seed_full(&env.db());
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    let root: i64 = conn
        .query_row(
            "SELECT rootpage FROM sqlite_schema WHERE name = 'episodes'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let page: i64 = conn
        .pragma_query_value(None, "page_size", |r| r.get(0))
        .unwrap();
    drop(conn);
    // Overwrite the table's page header: a leaf page whose cells point nowhere.
    let mut bytes = fs::read(env.db()).unwrap();
    let at = ((root - 1) * page) as usize;
    bytes[at..at + 7].copy_from_slice(&[0x0d, 0, 0, 0, 9, 0x0f, 0xf0]);
    fs::write(env.db(), bytes).unwrap();
    env.cramplog()
        .arg("check")
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "File structure (integrity check): DAMAGED",
        ))
        .stderr(predicate::str::contains("is damaged"));
    env.cramplog()
        .args(["backup", "b.sqlite3"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "the backup failed its integrity check",
        ));
    assert!(
        !env.path("b.sqlite3").exists(),
        "no unverified backup is left"
    );
    let leftovers = fs::read_dir(env.dir.path())
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .ends_with(".tmp")
        })
        .count();
    assert_eq!(leftovers, 0);
}
