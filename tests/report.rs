//! Reports of planted diaries: each pattern found at the right level, sparse data giving
//! `insufficient_data`, red flags first, statistics matching scipy, 80-column text, and the
//! `report` command end to end.

use std::path::Path;

use chrono::{Duration, NaiveDate, NaiveTime};
use cramplog::analysis::Level;
use cramplog::analysis::{Input, analyse};
use cramplog::model::Period;
use cramplog::model::{Episode, Event, Medication, Night, Symptom};
use cramplog::profile::Profile;
use cramplog::report::{Format, Meta, Report, render};
use cramplog::store::{self, Access, Store};
use cramplog::vocab::{Compression, EventKind, Exertion, Leg, MedClass, Site, SymptomId};

// ---------------------------------------------------------------------------------------
// Test environment: the shared harness, plus direct store writes
// ---------------------------------------------------------------------------------------

use crate::harness::{Env, TODAY};

/// Writes a planted diary straight into the test diary (one transaction).
fn plant(env: &Env, d: &Planted) {
    std::fs::create_dir_all(env.db().parent().unwrap()).unwrap();
    let mut s = Store::open(&env.db(), Access::Create).unwrap();
    s.write(|tx| {
        for n in &d.nights {
            store::insert_night(tx, n)?;
        }
        for m in &d.meds {
            store::insert_medication(tx, m)?;
        }
        for e in &d.events {
            store::insert_event(tx, e)?;
        }
        for (k, v) in d.profile.to_stored() {
            store::set_profile(tx, &k, &v)?;
        }
        Ok(())
    })
    .unwrap();
}

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn today() -> NaiveDate {
    date(TODAY)
}

/// The default report period for TODAY: the 84 nights up to last night.
fn period() -> Period {
    Period {
        from: today() - Duration::days(84),
        to: today() - Duration::days(1),
    }
}

// ---------------------------------------------------------------------------------------
// Planted diaries
// ---------------------------------------------------------------------------------------

/// SplitMix64: a tiny deterministic generator so every planted diary is reproducible.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }
    fn range(&mut self, lo: u32, hi: u32) -> u32 {
        lo + (self.next() % u64::from(hi - lo + 1)) as u32
    }
}

#[derive(Default, Clone)]
struct Planted {
    nights: Vec<Night>,
    meds: Vec<Medication>,
    events: Vec<Event>,
    profile: Profile,
}

impl Planted {
    fn report(&self) -> Report {
        self.report_for(period())
    }

    fn report_for(&self, p: Period) -> Report {
        let input = Input {
            nights: &self.nights,
            profile: &self.profile,
            medications: &self.meds,
            events: &self.events,
            period: p,
            today: today(),
        };
        Report::build(
            &input,
            Meta {
                generated: date(TODAY)
                    .and_hms_opt(8, 0, 0)
                    .unwrap()
                    .and_utc()
                    .fixed_offset(),
                time_zone: "UTC".into(),
                program_version: "test".into(),
                demo: false,
                name: None,
                redact_notes: false,
            },
        )
    }
}

fn level(r: &Report, id: &str) -> Level {
    r.flag(id)
        .unwrap_or_else(|| panic!("flag {id} missing"))
        .level
}

fn sym(id: SymptomId, side: Option<Leg>, severity: Option<u8>) -> Symptom {
    Symptom { id, side, severity }
}

/// A typical night cramp: calf or foot, short, painful, at night.
fn cramp(rng: &mut Rng, leg: Leg) -> Episode {
    Episode {
        time: NaiveTime::from_hms_opt(rng.range(1, 5), rng.range(0, 59), 0),
        leg: Some(leg),
        site: Some(if rng.chance(0.8) {
            Site::Calf
        } else {
            Site::Foot
        }),
        duration_s: Some(rng.range(30, 300)),
        pain: Some(rng.range(5, 9) as u8),
        ..Episode::default()
    }
}

/// A night with the usual answers filled in; `cramps` episodes on `leg`.
fn base_night(rng: &mut Rng, d: NaiveDate, cramps: usize, leg: Leg) -> Night {
    let mut n = Night::new(d);
    n.episodes = (0..cramps).map(|_| cramp(rng, leg)).collect();
    n.symptoms = Some(Vec::new());
    n.soreness = Some(if cramps > 0 { rng.range(2, 5) as u8 } else { 0 });
    n.cramp_awakenings = Some(cramps.min(2) as u8);
    n.awakenings = Some(cramps.min(2) as u8 + 1);
    n.sleep_disturbance = Some(if cramps > 0 { rng.range(3, 7) as u8 } else { 0 });
    n.exertion = Some(Exertion::Usual);
    n.heat = Some(false);
    n.stretched = Some(false);
    n.alcohol_units = Some(0.0);
    n.entered_at = Some(
        (d + Duration::days(1))
            .and_hms_opt(7, 30, 0)
            .unwrap()
            .and_utc()
            .fixed_offset(),
    );
    n
}

/// The nights of the default period plus the 84 before it.
fn days() -> impl Iterator<Item = NaiveDate> {
    let p = period();
    (p.previous().from.iter_days()).take_while(move |d| *d <= p.to)
}

/// Venous-type pattern: long standing days bring heavy, aching, swollen (left) legs and
/// left-calf cramps on most nights; compression none; nothing else planted.
fn venous_diary(seed: u64) -> Planted {
    let mut rng = Rng(seed);
    let mut d = Planted::default();
    for day in days() {
        let roll = rng.unit();
        let (standing, long) = if roll < 0.5 {
            (f64::from(rng.range(5, 9)), true)
        } else if roll < 0.6 {
            (3.0, false)
        } else {
            (f64::from(rng.range(0, 1)), false)
        };
        let p_cramp = if long { 0.85 } else { 0.15 };
        let cramps = if rng.chance(p_cramp) {
            rng.range(1, 2) as usize
        } else {
            0
        };
        let leg = if rng.chance(0.88) {
            Leg::Left
        } else {
            Leg::Right
        };
        let mut n = base_night(&mut rng, day, cramps, leg);
        n.standing_h = Some(standing);
        n.sitting_h = Some(8.0);
        n.compression = Some(Compression::None);
        n.elevation_min = Some(if rng.chance(0.5) { 0 } else { 30 });
        if long && rng.chance(0.85) {
            n.symptoms = Some(vec![
                sym(
                    SymptomId::Heaviness,
                    Some(Leg::Left),
                    Some(rng.range(5, 8) as u8),
                ),
                sym(SymptomId::AnkleSwelling, Some(Leg::Left), None),
            ]);
            n.symptom_peak = Some(cramplog::vocab::Peak::EndOfDay);
        }
        // A few missing nights.
        if rng.chance(0.04) {
            continue;
        }
        d.nights.push(n);
    }
    for (key, value) in [
        ("birth_year", "1961"),
        ("sex", "female"),
        ("occupation_posture", "standing"),
        ("height_cm", "165"),
        ("weight_kg", "78"),
        ("known_varicose_veins", "left"),
    ] {
        d.profile.set_stored(key, value).unwrap();
    }
    d
}

/// No planted pattern: every exposure and the cramps are independent coin flips.
fn random_diary(seed: u64) -> Planted {
    let mut rng = Rng(seed);
    let mut d = Planted::default();
    for day in days() {
        let cramps = if rng.chance(0.4) {
            rng.range(1, 2) as usize
        } else {
            0
        };
        let leg = if rng.chance(0.5) {
            Leg::Left
        } else {
            Leg::Right
        };
        let mut n = base_night(&mut rng, day, cramps, leg);
        n.standing_h = Some(f64::from(rng.range(0, 8)));
        n.compression = Some(match rng.range(0, 2) {
            0 => Compression::None,
            1 => Compression::Part,
            _ => Compression::Most,
        });
        n.elevation_min = Some(if rng.chance(0.5) { 0 } else { 45 });
        n.heat = Some(rng.chance(0.3));
        n.stretched = Some(rng.chance(0.3));
        n.alcohol_units = Some(if rng.chance(0.3) { 3.0 } else { 0.0 });
        n.exertion = Some(if rng.chance(0.15) {
            Exertion::Hard
        } else {
            Exertion::Usual
        });
        let mut s = Vec::new();
        if rng.chance(0.4) {
            s.push(sym(
                SymptomId::Aching,
                Some(Leg::Both),
                Some(rng.range(4, 7) as u8),
            ));
        }
        if rng.chance(0.2) {
            s.push(sym(
                SymptomId::AnkleSwelling,
                Some(if rng.chance(0.5) {
                    Leg::Left
                } else {
                    Leg::Right
                }),
                None,
            ));
        }
        n.symptoms = Some(s);
        if rng.chance(0.1) {
            continue;
        }
        d.nights.push(n);
    }
    d
}

// ---------------------------------------------------------------------------------------
// Planted patterns found at the right level
// ---------------------------------------------------------------------------------------

#[test]
fn venous_type_diary_raises_the_venous_flags_and_the_composite_line() {
    let d = venous_diary(7);
    let r = d.report();
    assert_eq!(level(&r, "cramp_frequency_high"), Level::Notable);
    assert_eq!(level(&r, "venous_cosymptom_association"), Level::Notable);
    assert_eq!(level(&r, "standing_day_association"), Level::Notable);
    assert_eq!(level(&r, "laterality_concordance"), Level::Notable);
    for competing in [
        "rls_like_pattern",
        "pad_claudication_pattern",
        "medication_timing_association",
        "cramp_phenotype_atypical",
    ] {
        assert!(
            !level(&r, competing).is_met(),
            "{competing} should not be met"
        );
    }
    assert!(r.composite.met, "{:?}", r.composite.reasons);
    assert!(
        r.composite
            .line
            .contains("consistent with a venous contribution")
    );
    let rf: Vec<&str> = r
        .composite
        .risk_factors
        .iter()
        .map(|f| f.id.as_str())
        .collect();
    assert_eq!(rf, ["age", "female_sex", "bmi", "standing_occupation"]);
    // Laterality uses the left ankle swelling logged in the diary.
    let lat = r
        .flag("laterality_concordance")
        .unwrap()
        .evidence
        .laterality()
        .cloned()
        .unwrap();
    assert_eq!(lat.predominant_leg, Some(Leg::Left));
    assert_eq!(lat.sign_side, Some(Leg::Left));
    assert_eq!(lat.sign_side_source.as_deref(), Some("diary"));
    // Flags are sorted: nothing urgent, then notable first.
    assert_eq!(r.flags[0].level, Level::Notable);
    assert!(r.flags.windows(2).all(|w| w[0].level <= w[1].level));
}

#[test]
fn every_rule_appears_once_with_texts_and_sources() {
    for d in [venous_diary(7), random_diary(1), sparse_diary()] {
        let r = d.report();
        let mut ids: Vec<&str> = r.flags.iter().map(|f| f.id.as_str()).collect();
        ids.sort();
        let mut want = cramplog::vocab::RuleId::ids();
        want.sort();
        assert_eq!(ids, want);
        for f in &r.flags {
            assert!(
                !f.title.is_empty() && !f.patient_text.is_empty() && !f.clinician_text.is_empty(),
                "{}",
                f.id
            );
            assert!(!f.sources.is_empty(), "{} has no sources", f.id);
            assert_eq!(
                f.level == Level::InsufficientData,
                f.missing.is_some(),
                "{}",
                f.id
            );
        }
    }
}

#[test]
fn a_diary_without_a_planted_pattern_raises_no_notable_association() {
    for seed in [1, 2, 3, 4, 5, 11, 42] {
        let r = random_diary(seed).report();
        for c in &r.associations {
            assert_ne!(
                c.level,
                Some(Level::Notable),
                "seed {seed}: {} notable",
                c.id
            );
        }
        for id in [
            "venous_cosymptom_association",
            "standing_day_association",
            "compression_elevation_relief",
            "laterality_concordance",
            "medication_timing_association",
        ] {
            assert_ne!(level(&r, id), Level::Notable, "seed {seed}: {id}");
            assert_ne!(
                level(&r, id),
                Level::InsufficientData,
                "seed {seed}: {id} has enough data"
            );
        }
        assert!(!r.composite.met, "seed {seed}");
    }
}

fn rls_diary() -> Planted {
    let mut rng = Rng(99);
    let mut d = Planted::default();
    for day in days() {
        let cramps = usize::from(rng.chance(0.15));
        let mut n = base_night(&mut rng, day, cramps, Leg::Both);
        if rng.chance(0.55) {
            n.symptoms = Some(vec![sym(SymptomId::RestlessUrge, Some(Leg::Both), Some(6))]);
            n.urge_at_rest = Some(true);
            n.urge_relieved_by_moving = Some(true);
            n.urge_worse_evening = Some(true);
            n.urge_before_sleep = Some(true);
        }
        d.nights.push(n);
    }
    d
}

#[test]
fn rls_like_diary_is_flagged_and_blocks_the_composite() {
    let r = rls_diary().report();
    assert_eq!(level(&r, "rls_like_pattern"), Level::Notable);
    let f = r.flag("rls_like_pattern").unwrap();
    assert!(f.patient_text.contains("more typical of restless legs"));
    assert!(!f.patient_text.contains("you have"), "never a diagnosis");
    assert!(!r.composite.met);
    assert!(
        r.composite
            .reasons
            .iter()
            .any(|s| s.contains("competing pattern met"))
    );
}

fn sparse_diary() -> Planted {
    let mut rng = Rng(5);
    let mut d = Planted::default();
    // Nine logged nights, spread over the period; five with a cramp.
    for (i, k) in [3, 12, 20, 31, 40, 52, 63, 71, 80].iter().enumerate() {
        let day = period().from + Duration::days(*k);
        let mut n = base_night(&mut rng, day, usize::from(i % 2 == 0), Leg::Left);
        n.standing_h = Some(6.0);
        n.compression = Some(Compression::None);
        n.elevation_min = Some(0);
        n.stretched = Some(true);
        d.nights.push(n);
    }
    d.meds.push(Medication {
        name: "simvastatin".into(),
        class: MedClass::Statin,
        start: today() - Duration::days(30),
        stop: None,
        dose: Some("20 mg".into()),
    });
    d.events.push(Event {
        id: 1,
        date: today() - Duration::days(50),
        kind: EventKind::StretchingStart,
        label: Some("calf stretches".into()),
        side: None,
        result: None,
    });
    d
}

#[test]
fn nine_logged_nights_give_insufficient_data_instead_of_guesses() {
    let r = sparse_diary().report();
    assert_eq!(r.coverage.logged, 9);
    for id in [
        "cramp_frequency_high",
        "cramp_phenotype_atypical",
        "venous_cosymptom_association",
        "standing_day_association",
        "compression_elevation_relief",
        "self_care_nonresponse",
        "laterality_concordance",
        "worsening_trend",
        "sleep_disruption",
        "rls_like_pattern",
        "medication_timing_association",
    ] {
        let f = r.flag(id).unwrap();
        assert_eq!(f.level, Level::InsufficientData, "{id}: {:?}", f.level);
        let missing = f.missing.as_deref().unwrap();
        assert!(
            missing.starts_with("needs") && missing.contains("has"),
            "{id}: {missing}"
        );
        assert!(
            f.evidence.statistic.as_ref().is_none_or(|s| s.p.is_none()),
            "{id} guessed a p-value"
        );
    }
    assert_eq!(
        r.flag("standing_day_association")
            .unwrap()
            .missing
            .as_deref(),
        Some("needs ≥ 28 logged nights with standing hours known; has 9")
    );
    // Rules without a minimum still answer.
    assert_eq!(level(&r, "pad_claudication_pattern"), Level::NotMet);
    assert_eq!(level(&r, "red_flag_urgent_clot"), Level::NotMet);
    // insufficient_data sorts last.
    assert_eq!(r.flags.last().unwrap().level, Level::InsufficientData);
}

#[test]
fn a_single_red_flag_night_is_reported_urgent_and_first() {
    let mut d = random_diary(3);
    let last_night = today() - Duration::days(1);
    let n = d.nights.iter_mut().find(|n| n.night == last_night).unwrap();
    n.symptoms = Some(vec![sym(
        SymptomId::CalfTenderWarmRed,
        Some(Leg::Left),
        None,
    )]);
    let r = d.report();
    let first = &r.flags[0];
    assert_eq!(first.id, "red_flag_urgent_clot");
    assert_eq!(first.level, Level::UrgentToday);
    assert!(
        first.patient_text.contains("Get medical help today"),
        "{}",
        first.patient_text
    );
    assert!(!first.patient_text.contains("Reported on"));
    assert_eq!(first.evidence.red_flag_nights().len(), 1);
    assert_eq!(first.evidence.red_flag_nights()[0].night, last_night);
    assert!(first.evidence.red_flag_nights()[0].recent);
    assert_eq!(level(&r, "red_flag_prompt_review"), Level::NotMet);
    assert!(r.topics_to_discuss[0].contains("calf tender, warm or red"));
    let text = text_of(&r, false);
    let urgent = text.find("!! URGENT, TODAY").unwrap();
    assert!(
        urgent < text.find("Key numbers ─").unwrap(),
        "urgent before the key numbers"
    );
}

#[test]
fn an_old_red_flag_says_reported_on_not_call_now_and_keeps_the_highest_level() {
    let mut d = random_diary(4);
    let old = today() - Duration::days(20);
    let older = today() - Duration::days(30);
    for n in d.nights.iter_mut() {
        if n.night == old {
            n.symptoms = Some(vec![sym(SymptomId::BreathlessChestPain, None, None)]);
        }
        if n.night == older {
            n.symptoms = Some(vec![sym(
                SymptomId::NewOneSidedSwelling,
                Some(Leg::Right),
                None,
            )]);
            n.calf_cm_left = Some(36.0);
            n.calf_cm_right = Some(39.5);
        }
        if n.night == today() - Duration::days(2) {
            n.symptoms = Some(vec![sym(SymptomId::OpenSore, Some(Leg::Left), None)]);
        }
    }
    let r = d.report();
    assert_eq!(r.flags[0].id, "red_flag_urgent_clot");
    assert_eq!(r.flags[0].level, Level::UrgentEmergency);
    assert_eq!(r.flags[1].id, "red_flag_prompt_review");
    assert_eq!(r.flags[1].level, Level::PromptReview);
    let clot = &r.flags[0];
    assert_eq!(
        clot.evidence.red_flag_nights().len(),
        2,
        "each night listed"
    );
    assert!(
        clot.patient_text.contains("Reported on"),
        "{}",
        clot.patient_text
    );
    assert!(
        !clot.patient_text.contains("now."),
        "no 'call now' for an old red flag: {}",
        clot.patient_text
    );
    let signs: Vec<&str> = clot
        .evidence
        .red_flag_nights()
        .iter()
        .flat_map(|n| n.signs.iter().map(|s| s.id.as_str()))
        .collect();
    assert!(signs.contains(&"calf_difference") && signs.contains(&"breathless_chest_pain"));
}

fn worsening_diary(worse: bool) -> Planted {
    let mut rng = Rng(17);
    let mut d = Planted::default();
    let p = period();
    for day in days() {
        let recent = day > p.to - Duration::days(14);
        let prob = match (recent, worse) {
            (true, true) | (false, false) => 0.8,
            _ => 0.12,
        };
        let cramps = usize::from(rng.chance(prob));
        d.nights.push(base_night(&mut rng, day, cramps, Leg::Right));
    }
    d
}

#[test]
fn worsening_is_notable_and_improving_is_not_met_with_its_direction() {
    use cramplog::analysis::flags::Direction;
    let r = worsening_diary(true).report();
    let f = r.flag("worsening_trend").unwrap();
    assert_eq!(f.level, Level::Notable);
    assert_eq!(f.evidence.direction(), Some(Direction::Worse));
    assert!(
        f.evidence.mann_kendall().is_some(),
        "Mann–Kendall is in the evidence"
    );
    assert!(f.evidence.notes.iter().any(|n| n.contains("summer")));
    let r = worsening_diary(false).report();
    let f = r.flag("worsening_trend").unwrap();
    assert_eq!(f.level, Level::NotMet);
    assert_eq!(f.evidence.direction(), Some(Direction::Improving));
}

fn medication_diary() -> Planted {
    let mut rng = Rng(23);
    let mut d = Planted::default();
    let start = date("2026-10-01");
    for day in days() {
        let prob = if day >= start { 0.6 } else { 0.1 };
        let cramps = usize::from(rng.chance(prob));
        d.nights.push(base_night(&mut rng, day, cramps, Leg::Both));
    }
    d.meds.push(Medication {
        name: "indapamide".into(),
        class: MedClass::ThiazideDiuretic,
        start,
        stop: None,
        dose: None,
    });
    d.meds.push(Medication {
        name: "magnesium".into(),
        class: MedClass::Magnesium,
        start: date("2026-10-20"),
        stop: None,
        dose: None,
    });
    d
}

#[test]
fn a_medication_start_before_more_cramps_is_flagged_without_advising_to_stop() {
    let r = medication_diary().report();
    let f = r.flag("medication_timing_association").unwrap();
    assert_eq!(f.level, Level::Notable, "{}", f.clinician_text);
    assert_eq!(
        f.evidence.medications().len(),
        1,
        "magnesium is a treatment, never tested"
    );
    let m = &f.evidence.medications()[0];
    assert_eq!(m.before_from, date("2026-08-06"));
    assert!(
        m.before_from < r.period.from,
        "the before-window reaches outside the period"
    );
    assert_eq!(m.comparison.unexposed.nights, 56);
    assert!(m.comparison.in_holm_family);
    assert!(
        f.patient_text
            .contains("do not stop a medicine on your own")
    );
    let all = format!("{} {}", f.patient_text, f.clinician_text).to_lowercase();
    assert!(!all.contains("stop taking") && !all.contains("you should stop"));
    assert!(!r.composite.met);
    let meds: Vec<_> = r
        .medications
        .iter()
        .map(|m| (m.name.as_str(), m.started_in_period))
        .collect();
    assert_eq!(meds, [("indapamide", true), ("magnesium", true)]);
}

#[test]
fn stretching_without_improvement_is_self_care_nonresponse() {
    let mut rng = Rng(31);
    let mut d = Planted::default();
    let start = period().to - Duration::days(45);
    for day in days() {
        let cramps = usize::from(rng.chance(0.5)) + usize::from(rng.chance(0.3));
        let mut n = base_night(&mut rng, day, cramps, Leg::Left);
        n.stretched = Some(day >= start);
        d.nights.push(n);
    }
    let r = d.report();
    let f = r.flag("self_care_nonresponse").unwrap();
    let s = f.evidence.stretching().unwrap();
    assert_eq!((s.start, s.detected_from.as_str()), (start, "nightly"));
    assert_eq!(f.level, Level::Notable, "{}", f.clinician_text);
    // With a big fall, it is not met.
    for n in d
        .nights
        .iter_mut()
        .filter(|n| n.night >= start + Duration::days(14))
    {
        n.episodes.clear();
    }
    let r = d.report();
    assert_eq!(level(&r, "self_care_nonresponse"), Level::NotMet);
}

// ---------------------------------------------------------------------------------------
// Statistics against the reference implementations
// ---------------------------------------------------------------------------------------

/// Counts and reference values for `venous_diary(7)`, produced by scipy/statsmodels through
/// `tests/reference/stats_reference.py` (section "analysis: venous_diary(7)").
#[allow(clippy::type_complexity)]
mod reference {
    include!("reference/analysis_venous_seed7.rs");
}

fn close(got: Option<f64>, want: Option<f64>, what: &str) {
    match (got, want) {
        (Some(g), Some(w)) => assert!((g - w).abs() <= 1e-6, "{what}: {g} vs reference {w}"),
        (g, w) => assert_eq!(g, w, "{what}"),
    }
}

#[test]
fn evidence_matches_the_reference_implementations() {
    let r = venous_diary(7).report();
    for &(
        id,
        counts,
        fisher,
        rr,
        rr_lo,
        rr_hi,
        rate,
        rate_lo,
        rate_hi,
        rate_p,
        mh,
        mh_lo,
        mh_hi,
        cmh_p,
        holm,
    ) in reference::COMPARISONS
    {
        let (counts, id) = (&counts, &id);
        let (rr, rr_lo, rr_hi, rate, rate_lo, rate_hi) =
            (&rr, &rr_lo, &rr_hi, &rate, &rate_lo, &rate_hi);
        let c = r.associations.iter().find(|c| c.id == *id).unwrap();
        let got = (
            c.exposed.cramp_nights,
            c.exposed.nights - c.exposed.cramp_nights,
            c.unexposed.cramp_nights,
            c.unexposed.nights - c.unexposed.cramp_nights,
            c.exposed.episodes,
            c.unexposed.episodes,
        );
        assert_eq!(
            got, *counts,
            "{id}: the planted diary changed; regenerate the reference"
        );
        close(c.fisher_p, Some(fisher), &format!("{id} fisher"));
        assert_eq!(c.fisher_p_holm, None, "{id}: Holm adjusts the CMH p");
        let st = c.stratified.as_ref().unwrap();
        close(st.risk_ratio, mh, &format!("{id} MH risk ratio"));
        close(st.risk_ratio_ci_low, mh_lo, &format!("{id} MH low"));
        close(st.risk_ratio_ci_high, mh_hi, &format!("{id} MH high"));
        close(st.cmh_p, Some(cmh_p), &format!("{id} CMH p"));
        close(st.cmh_p_holm, holm, &format!("{id} CMH Holm"));
        close(c.risk_ratio, *rr, &format!("{id} risk ratio"));
        close(c.risk_ratio_ci_low, *rr_lo, &format!("{id} rr low"));
        close(c.risk_ratio_ci_high, *rr_hi, &format!("{id} rr high"));
        close(c.rate_ratio, *rate, &format!("{id} rate ratio"));
        close(c.rate_ratio_ci_low, *rate_lo, &format!("{id} rate low"));
        close(c.rate_ratio_ci_high, *rate_hi, &format!("{id} rate high"));
        close(c.rate_ratio_p, Some(rate_p), &format!("{id} rate p"));
    }
    let f = r.flag("laterality_concordance").unwrap();
    let lat = f.evidence.laterality().unwrap();
    let (left, sided, p, p_holm) = reference::LATERALITY;
    assert_eq!(
        (lat.left_episodes, lat.left_episodes + lat.right_episodes),
        (left, sided)
    );
    close(lat.p, Some(p), "laterality binomial p");
    close(lat.p_holm, Some(p_holm), "laterality Holm p");
    let f = r.flag("cramp_frequency_high").unwrap();
    let s = f.evidence.statistic.as_ref().unwrap();
    let (k, n, lo, hi) = reference::FREQUENCY;
    assert_eq!(
        (f.evidence.counts[0].count, f.evidence.counts[0].of),
        (k, Some(n))
    );
    close(s.value, Some(7.0 * f64::from(k) / f64::from(n)), "rate");
    close(s.ci_low, Some(7.0 * lo), "frequency CI low");
    close(s.ci_high, Some(7.0 * hi), "frequency CI high");
    let f = r.flag("worsening_trend").unwrap();
    let s = f.evidence.statistic.as_ref().unwrap();
    let (x1, t1, x0, t0, ratio, lo, hi, pv) = reference::WORSENING;
    assert_eq!(
        (
            f.evidence.counts[0].count,
            f.evidence.counts[0].of,
            f.evidence.counts[1].count,
            f.evidence.counts[1].of
        ),
        (x1, Some(t1), x0, Some(t0))
    );
    close(s.value, ratio, "worsening ratio");
    close(s.ci_low, lo, "worsening low");
    close(s.ci_high, hi, "worsening high");
    close(s.p, Some(pv), "worsening p");
    let mk = f.evidence.mann_kendall().unwrap();
    let (weeks, ms, var_s, z, mp, tau) = reference::MANN_KENDALL;
    assert_eq!(mk.weeks, weeks);
    close(Some(mk.s), Some(ms), "Mann-Kendall S");
    close(Some(mk.var_s), Some(var_s), "Mann-Kendall var S");
    close(Some(mk.z), Some(z), "Mann-Kendall z");
    close(Some(mk.p), Some(mp), "Mann-Kendall p");
    close(Some(mk.tau), Some(tau), "Mann-Kendall tau");
}

/// Prints the counts the reference script needs (run with `--nocapture` after changing the
/// planted diary, paste into tests/reference/stats_reference.py).
#[test]
fn print_reference_counts_for_the_script() {
    let r = venous_diary(7).report();
    for c in r.associations.iter().filter(|c| c.sufficient) {
        let strata: Vec<String> = c
            .stratified
            .iter()
            .flat_map(|s| s.blocks.iter().filter(|b| b.informative))
            .map(|b| {
                format!(
                    "({}, {}, {}, {})",
                    b.exposed.cramp_nights,
                    b.exposed.nights,
                    b.unexposed.cramp_nights,
                    b.unexposed.nights
                )
            })
            .collect();
        println!(
            "(\"{}\", {}, {}, {}, {}, {}, {}, {}, [{}]),",
            c.id,
            c.exposed.cramp_nights,
            c.exposed.nights - c.exposed.cramp_nights,
            c.unexposed.cramp_nights,
            c.unexposed.nights - c.unexposed.cramp_nights,
            c.exposed.episodes,
            c.unexposed.episodes,
            c.in_holm_family,
            strata.join(", ")
        );
    }
    let lat = r
        .flag("laterality_concordance")
        .unwrap()
        .evidence
        .laterality()
        .cloned()
        .unwrap();
    println!(
        "LATERALITY = ({}, {})",
        lat.left_episodes,
        lat.left_episodes + lat.right_episodes
    );
    println!(
        "FREQUENCY = ({}, {})",
        r.coverage.cramp_nights, r.coverage.logged
    );
    let w = &r.flag("worsening_trend").unwrap().evidence.counts;
    println!(
        "WORSENING = ({}, {}, {}, {})",
        w[0].count,
        w[0].of.unwrap(),
        w[1].count,
        w[1].of.unwrap()
    );
    let weeks: Vec<String> = r
        .weekly
        .iter()
        .filter(|w| w.logged > 0)
        .map(|w| format!("({}, {})", w.cramp_nights, w.logged))
        .collect();
    println!("WEEKS = [{}]", weeks.join(", "));
}

// ---------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------

mod properties {
    use super::*;
    use proptest::prelude::*;

    fn strip(mut r: Report) -> Report {
        r.generated = date("2000-01-01")
            .and_hms_opt(0, 0, 0)
            .unwrap()
            .and_utc()
            .fixed_offset();
        r
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]

        /// A night after the period changes nothing; a night before it changes nothing that
        /// describes the period itself.
        #[test]
        fn a_night_outside_the_period_changes_nothing_inside_it(
            seed in 0u64..1000,
            after in 0i64..1,
            before in 1i64..200,
            cramps in 0usize..4,
        ) {
            let d = random_diary(seed);
            let p = Period { from: period().from + Duration::days(28), to: period().to - Duration::days(1) };
            let base = strip(d.report_for(p));
            let mut rng = Rng(seed);
            let mut later = d.clone();
            let day = p.to + Duration::days(1 + after);
            later.nights.retain(|n| n.night != day);
            let mut extra = base_night(&mut rng, day, cramps, Leg::Left);
            extra.symptoms = Some(vec![sym(SymptomId::BreathlessChestPain, None, None)]);
            later.nights.push(extra);
            prop_assert_eq!(&strip(later.report_for(p)), &base);

            let mut earlier = d.clone();
            let day = p.from - Duration::days(before);
            earlier.nights.retain(|n| n.night != day);
            earlier.nights.push(base_night(&mut rng, day, cramps, Leg::Right));
            let r = strip(earlier.report_for(p));
            prop_assert_eq!(&r.coverage, &base.coverage);
            prop_assert_eq!(&r.summary, &base.summary);
            prop_assert_eq!(&r.weekly, &base.weekly);
            prop_assert_eq!(&r.monthly, &base.monthly);
            prop_assert_eq!(&r.calendar, &base.calendar);
            prop_assert_eq!(&r.distributions, &base.distributions);
            prop_assert_eq!(&r.cosymptoms, &base.cosymptoms);
            prop_assert_eq!(&r.associations, &base.associations);
            prop_assert_eq!(&r.nights, &base.nights);
        }

        /// Missing nights are never zeros: rates are per logged night, and a week without a
        /// logged night has no rate at all.
        #[test]
        fn missing_nights_never_count_as_zero(seed in 0u64..1000, drop in proptest::collection::vec(0usize..84, 0..40)) {
            let mut d = random_diary(seed);
            let p = period();
            let dropped: Vec<NaiveDate> = drop.iter().map(|k| p.from + Duration::days(*k as i64)).collect();
            d.nights.retain(|n| !dropped.contains(&n.night));
            let r = d.report();
            let logged: Vec<&Night> = d.nights.iter().filter(|n| p.contains(n.night)).collect();
            let cramp = logged.iter().filter(|n| n.had_cramp()).count();
            prop_assert_eq!(r.coverage.logged as usize, logged.len());
            prop_assert_eq!(r.coverage.logged + r.coverage.missing + r.coverage.not_yet_due, r.coverage.nights_in_period);
            prop_assert_eq!(r.summary.cramp_nights_per_week, (!logged.is_empty()).then(|| 7.0 * cramp as f64 / logged.len() as f64));
            for w in &r.weekly {
                let in_week: Vec<&&Night> = logged.iter().filter(|n| w.from <= n.night && n.night <= w.to).collect();
                let c = in_week.iter().filter(|n| n.had_cramp()).count();
                prop_assert_eq!(w.logged as usize, in_week.len());
                prop_assert_eq!(w.is_missing, in_week.is_empty());
                prop_assert_eq!(w.cramp_nights_per_week, (!in_week.is_empty()).then(|| 7.0 * c as f64 / in_week.len() as f64));
                prop_assert_eq!(w.logged + w.missing, w.nights_in_week);
            }
            let missing = r.calendar.iter().filter(|c| c.state == cramplog::analysis::coverage::NightState::Missing).count();
            prop_assert_eq!(missing as u32, r.coverage.missing);
        }
    }
}

// ---------------------------------------------------------------------------------------
// Text rendering
// ---------------------------------------------------------------------------------------

fn text_of(r: &Report, color: bool) -> String {
    let mut out = Vec::new();
    render(r, Format::Text, &mut out, color).unwrap();
    String::from_utf8(out).unwrap()
}

/// Removes ANSI colour sequences.
fn strip_ansi(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn assert_fits_80(text: &str) {
    for (i, line) in strip_ansi(text).lines().enumerate() {
        assert!(
            line.chars().count() <= 80,
            "line {} is {} wide:\n{line}",
            i + 1,
            line.chars().count()
        );
    }
}

#[test]
fn text_report_fits_80_columns_with_and_without_colour() {
    let mut d = venous_diary(7);
    let k = d.nights.len() - 5;
    d.nights[k].note = Some("A very long note that goes on and on about the cramp in the left calf that woke me at three and again at five, with a URL https://example.org/a/really/long/path/that/cannot/be/broken/at/spaces and\ttabs\u{1b}[31m and escapes".into());
    let mut r = d.report();
    r.name = Some(
        "Jane Q. Patient-With-A-Rather-Long-Double-Barrelled-Name Smithson-Worthington".into(),
    );
    let plain = text_of(&r, false);
    assert!(
        !plain.contains('\u{1b}'),
        "no escapes without colour, even from a note"
    );
    assert!(
        plain.contains("Note: \"A very long note"),
        "the note is in the appendix"
    );
    assert_fits_80(&plain);
    let coloured = text_of(&r, true);
    assert!(coloured.contains('\u{1b}'));
    assert_fits_80(&coloured);
    assert_eq!(strip_ansi(&coloured), plain, "colour only adds escapes");
    for needle in [
        "Self-reported by the patient, not a diagnosis",
        "Key numbers ─",
        "Night calendar ─",
        "█ night with cramps",
        "? not logged",
        "Only a venous duplex ultrasound scan can confirm or exclude venous reflux.",
        "Edinburgh Vein Study",
        "summer",
        "28 %",
        "Topics to discuss ─",
        "Pattern consistent with a venous contribution",
    ] {
        assert!(plain.contains(needle), "missing {needle:?}");
    }
    let cov = &r.coverage;
    assert!(plain.contains(&format!(
        "Logged {} of {} nights: {} with cramps, {} cramp-free, {} missing",
        cov.logged, cov.due, cov.cramp_nights, cov.cramp_free, cov.missing
    )));
    // Associations are printed with their raw counts.
    let standing = r.associations.iter().find(|c| c.id == "standing").unwrap();
    assert!(plain.contains(&format!(
        "Cramps on {} of {} nights after ≥ 4 h standing",
        standing.exposed.cramp_nights, standing.exposed.nights
    )));
}

#[test]
fn ten_years_of_nights_render_within_80_columns() {
    let mut rng = Rng(3);
    let mut d = Planted::default();
    let p = Period {
        from: today() - Duration::days(3650),
        to: today() - Duration::days(1),
    };
    for day in p.days() {
        if rng.chance(0.05) {
            continue;
        }
        let cramps = usize::from(rng.chance(0.4));
        d.nights.push(base_night(&mut rng, day, cramps, Leg::Left));
    }
    let r = d.report_for(p);
    assert_eq!(r.calendar.len(), 3650);
    let t = text_of(&r, false);
    assert_fits_80(&t);
    assert!(t.contains("Last 26 weeks shown"));
}

// ---------------------------------------------------------------------------------------
// Through the binary
// ---------------------------------------------------------------------------------------

fn mode(p: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p).unwrap().permissions().mode() & 0o777
}

#[test]
fn logged_red_flag_is_first_in_the_json_report_through_the_binary() {
    let env = Env::new();
    env.ok(&[
        "log",
        "2026-11-20",
        "-e",
        "left calf 2m 7/10 03:10",
        "--standing",
        "6",
    ]);
    env.ok(&["log", "2026-11-21", "--none", "--no-symptoms"]);
    env.ok(&[
        "log",
        "-e",
        "left calf 90s 6",
        "-s",
        "new_one_sided_swelling:left",
    ]);
    // 12 weeks asked for explicitly (the default would start at the first logged night).
    let json: serde_json::Value =
        serde_json::from_str(&env.ok(&["report", "--format", "json", "--last", "12w"])).unwrap();
    assert_eq!(json["report_version"], 2);
    assert_eq!(json["period"]["from"], "2026-09-04");
    assert_eq!(json["period"]["to"], "2026-11-26");
    assert_eq!(json["period"]["nights"], 84);
    assert_eq!(json["flags"][0]["id"], "red_flag_urgent_clot");
    assert_eq!(json["flags"][0]["level"], "urgent_today");
    assert_eq!(json["flags"].as_array().unwrap().len(), 14);
    assert_eq!(json["coverage"]["logged"], 3);
    assert_eq!(json["coverage"]["missing"], 81);
    assert_eq!(json["coverage"]["nights_in_period"], 84);
    assert_eq!(json["calendar"].as_array().unwrap().len(), 84);
    assert_eq!(json["calendar"][83]["state"], "cramp");
    assert_eq!(json["calendar"][0]["state"], "missing");
    assert_eq!(json["demo"], false);
    assert!(
        json["flags"][13]["missing"].as_str().is_some(),
        "insufficient_data last"
    );
    // Infinite and undefined values are null.
    assert!(json["summary"]["mean_soreness"].is_null());
    let round_trip: Report = serde_json::from_value(json).unwrap();
    assert_eq!(round_trip.flags.len(), 14);
}

#[test]
fn json_report_is_byte_identical_with_pinned_dates() {
    let env = Env::new();
    plant(&env, &venous_diary(7));
    let run = || {
        env.cmd(&["report", "--format", "json", "--last", "8w"])
            .env("SOURCE_DATE_EPOCH", "1790000000")
            .output()
            .unwrap()
    };
    let (a, b) = (run(), run());
    assert!(a.status.success());
    assert_eq!(a.stdout, b.stdout);
    let json: serde_json::Value = serde_json::from_slice(&a.stdout).unwrap();
    assert_eq!(json["generated"], "2026-09-21T14:13:20Z");
    assert_eq!(json["period"]["nights"], 56);
    assert_eq!(json["time_zone"], "UTC");
}

#[test]
fn planted_diary_through_the_binary_text_md_and_files() {
    let env = Env::new();
    let mut d = venous_diary(7);
    d.nights.last_mut().unwrap().note = Some("secret | *note*".into());
    plant(&env, &d);
    let text = env.ok(&["report"]);
    assert_fits_80(&text);
    assert!(text.contains("Pattern consistent with a venous contribution"));
    assert!(text.contains("secret | *note*"));
    let md = env.ok(&["report", "--format", "md", "--redact-notes"]);
    assert!(md.contains("## Key numbers") && md.contains("## Night by night"));
    assert!(!md.contains("secret"), "notes redacted");
    let md = env.ok(&["report", "--format", "md"]);
    assert!(
        md.contains("secret \\| \\*note\\*"),
        "user text escaped in Markdown"
    );

    let file = env.path("report.txt");
    env.ok(&["report", "-o", file.to_str().unwrap()]);
    assert_eq!(mode(&file), 0o600);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), text);
    let out = env
        .cmd(&["report", "-o", file.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("already exists; add --force"));
    env.ok(&[
        "report",
        "--format",
        "json",
        "-o",
        file.to_str().unwrap(),
        "--force",
    ]);
    assert!(std::fs::read_to_string(&file).unwrap().starts_with('{'));
    assert_eq!(mode(&file), 0o600);

    let out = env
        .cmd(&["report", "--from", "2026-11-20", "--to", "2026-11-10"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn demo_diaries_say_demo_data() {
    let env = Env::new();
    plant(&env, &random_diary(2));
    let mut s = Store::open(&env.db(), Access::Existing).unwrap();
    s.write(|tx| store::Meta::set(tx, store::Meta::DEMO, "1"))
        .unwrap();
    let text = env.ok(&["report"]);
    assert!(text.lines().nth(1).unwrap().contains("DEMO DATA"));
    assert!(
        text.trim_end()
            .ends_with("DEMO DATA: this report was made from example nights.")
    );
    let md = env.ok(&["report", "--format", "md"]);
    assert!(md.starts_with("# Night-time leg cramps: diary report — DEMO DATA"));
    let json: serde_json::Value =
        serde_json::from_str(&env.ok(&["report", "--format", "json"])).unwrap();
    assert_eq!(json["demo"], true);
}

#[test]
fn analyse_is_pure_and_repeatable() {
    let d = venous_diary(7);
    let input = Input {
        nights: &d.nights,
        profile: &d.profile,
        medications: &d.meds,
        events: &d.events,
        period: period(),
        today: today(),
    };
    let (a, b) = (analyse(&input), analyse(&input));
    assert_eq!(a.flags, b.flags);
    // Order of the input does not matter.
    let mut shuffled = d.nights.clone();
    shuffled.reverse();
    let input2 = Input {
        nights: &shuffled,
        ..input
    };
    assert_eq!(analyse(&input2).flags, a.flags);
}

#[test]
fn a_new_diary_says_its_missing_nights_came_before_it_began() {
    let env = Env::new();
    env.ok(&["log", "2026-11-25", "--none"]);
    env.ok(&["log", "2026-11-26", "-e", "left calf 1m 5"]);
    // The default period starts at the first logged night; 12 weeks asked for explicitly
    // reach back before the diary began.
    let json: serde_json::Value =
        serde_json::from_str(&env.ok(&["report", "--format", "json"])).unwrap();
    assert_eq!(json["coverage"]["logged"], 2);
    assert_eq!(json["coverage"]["missing"], 0);
    let json: serde_json::Value =
        serde_json::from_str(&env.ok(&["report", "--format", "json", "--last", "12w"])).unwrap();
    let c = &json["coverage"];
    assert_eq!(c["logged"], 2);
    assert_eq!(c["missing"], 82);
    assert_eq!(c["missing_before_diary"], 82);
    assert_eq!(c["diary_began"], "2026-11-25");
    let text = env.ok(&["report", "--last", "12w"]);
    assert!(
        text.contains("82 missing (82 of them")
            && text.contains("before the diary began on 25 Nov 2026"),
        "{text}"
    );
    // A gap after the first entry is missing for real and is not explained away.
    env.ok(&["log", "2026-11-20", "--none"]);
    let json: serde_json::Value =
        serde_json::from_str(&env.ok(&["report", "--format", "json", "--last", "12w"])).unwrap();
    assert_eq!(json["coverage"]["missing"], 81);
    assert_eq!(json["coverage"]["missing_before_diary"], 77);
}

/// The demo report's findings (associations, flags, composite line, topics) as committed in
/// `tests/fixtures/demo-findings.json`: any change to a rule's numbers or words shows up in
/// review. After an intended change, rewrite it with `CRAMPLOG_BLESS=1 cargo test demo_findings`.
#[test]
fn demo_findings_match_the_committed_json() {
    let env = Env::new();
    let db = env.path("demo.sqlite3");
    let db = db.to_str().unwrap();
    env.ok(&["demo", "--db", db, "--no-report"]);
    let report = env.json(&["report", "--format", "json", "--db", db]);
    let mut findings = serde_json::Map::new();
    for key in ["associations", "flags", "composite", "topics_to_discuss"] {
        findings.insert(key.to_string(), report[key].clone());
    }
    let got = serde_json::to_string_pretty(&findings).unwrap() + "\n";
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/demo-findings.json");
    if std::env::var_os("CRAMPLOG_BLESS").is_some() {
        std::fs::write(&path, &got).unwrap();
    }
    let want = std::fs::read_to_string(&path).unwrap();
    let (got_v, want_v): (serde_json::Value, serde_json::Value) = (
        serde_json::from_str(&got).unwrap(),
        serde_json::from_str(&want).unwrap(),
    );
    assert!(
        got_v == want_v,
        "the demo's findings changed; diff them against tests/fixtures/demo-findings.json"
    );
}

// ---------------------------------------------------------------------------------------
// Time-stratified associations and changes after treatments (docs/design.md sections 9, 10)
// ---------------------------------------------------------------------------------------

/// The default period's nights only.
fn period_days() -> impl Iterator<Item = NaiveDate> {
    period().from.iter_days().take_while(|d| *d <= period().to)
}

fn report_json(d: &Planted) -> serde_json::Value {
    let env = Env::new();
    plant(&env, d);
    env.json(&["report", "--format", "json"])
}

fn json_flag<'a>(r: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    r["flags"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == id)
        .unwrap_or_else(|| panic!("flag {id} missing"))
}

fn json_comparison<'a>(r: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    r["associations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == id)
        .unwrap_or_else(|| panic!("comparison {id} missing"))
}

/// Left-calf cramps, left varicose veins in the profile (laterality is met), stockings from
/// half-way through the period on every night, and cramps falling steadily all along,
/// stockings or not.
fn stockings_before_after_diary() -> Planted {
    let mut rng = Rng(41);
    let mut d = Planted::default();
    // Four nights before the last 4-week block: that block holds 4 nights with stockings,
    // too few to compare within it.
    let start = period().from + Duration::days(52);
    for (i, day) in period_days().enumerate() {
        let p = 0.95 - 0.9 * i as f64 / 84.0;
        let cramps = usize::from(rng.chance(p));
        let mut n = base_night(&mut rng, day, cramps, Leg::Left);
        n.compression = Some(if day >= start {
            Compression::Most
        } else {
            Compression::None
        });
        d.nights.push(n);
    }
    d.events.push(Event {
        id: 0,
        date: start,
        kind: EventKind::CompressionStart,
        label: Some("class 1 stockings".into()),
        side: None,
        result: None,
    });
    d.profile
        .set_stored("known_varicose_veins", "left")
        .unwrap();
    d
}

#[test]
fn stockings_started_mid_period_are_before_after_only_and_never_make_the_composite() {
    let r = report_json(&stockings_before_after_diary());
    assert_eq!(r["report_version"], 2);
    let c = json_comparison(&r, "compression");
    assert_eq!(c["design"], "before_after");
    assert_eq!(c["sufficient"], false);
    assert_eq!(c["stratified"]["informative_blocks"], 1);
    assert_eq!(c["stratified"]["exposed"]["nights"], 4, "{c}");
    // The crude comparison, kept in the evidence, would have read the fall as relief.
    assert!(c["fisher_p"].as_f64().unwrap() < 0.05, "{c}");
    assert!(c["risk_ratio"].as_f64().unwrap() < 1.0);
    let f = json_flag(&r, "compression_elevation_relief");
    assert_eq!(f["level"], "insufficient_data");
    let missing = f["missing"].as_str().unwrap();
    assert!(missing.contains("before/after"), "{missing}");
    assert!(missing.contains("Changes after treatments"), "{missing}");
    assert_eq!(json_flag(&r, "laterality_concordance")["level"], "notable");
    assert_eq!(r["composite"]["met"], false, "{}", r["composite"]);
    // The stockings appear as a change after a treatment instead.
    let ch = &r["changes"][0];
    assert_eq!(ch["kind"], "compression_start");
    assert_eq!(ch["pre_trend"], "falling", "{ch}");
    let caveats: Vec<&str> = ch["caveats"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c.as_str())
        .collect();
    assert!(caveats.iter().any(|c| c.contains("already falling")));
    assert!(caveats.iter().any(|c| c.contains("self-experiment")));
    let text = {
        let env = Env::new();
        plant(&env, &stockings_before_after_diary());
        env.ok(&["report"])
    };
    assert!(text.contains("before/after"), "the reason is printed");
}

/// Stockings worn on a random half of the days, with a real effect: cramps on 3 of 4 nights
/// without them and 1 of 4 with them.
fn stockings_random_half_diary() -> Planted {
    let mut rng = Rng(43);
    let mut d = Planted::default();
    for day in period_days() {
        let on = rng.chance(0.5);
        let cramps = usize::from(rng.chance(if on { 0.25 } else { 0.75 }));
        let mut n = base_night(&mut rng, day, cramps, Leg::Left);
        n.compression = Some(if on {
            Compression::Most
        } else {
            Compression::None
        });
        d.nights.push(n);
    }
    d
}

#[test]
fn stockings_on_random_days_with_a_real_effect_are_notable_within_the_same_weeks() {
    let r = report_json(&stockings_random_half_diary());
    let c = json_comparison(&r, "compression");
    assert_eq!(c["design"], "stratified");
    let st = &c["stratified"];
    assert_eq!(st["informative_blocks"], 3);
    assert!(st["risk_ratio_ci_high"].as_f64().unwrap() < 1.0, "{st}");
    assert!(st["cmh_p_holm"].as_f64().unwrap() < 0.05, "{st}");
    assert_eq!(c["level"], "notable");
    let f = json_flag(&r, "compression_elevation_relief");
    assert_eq!(f["level"], "notable");
    assert_eq!(
        f["evidence"]["statistic"]["name"],
        "mantel_haenszel_risk_ratio"
    );
    assert_eq!(f["evidence"]["statistic"]["value"], st["risk_ratio"]);
    // The blocks add up to the crude groups (every block is informative here).
    let blocks = st["blocks"].as_array().unwrap();
    let sum = |k: &str| -> u64 {
        blocks
            .iter()
            .map(|b| b[k]["nights"].as_u64().unwrap())
            .sum()
    };
    assert_eq!(sum("exposed"), c["exposed"]["nights"].as_u64().unwrap());
    assert_eq!(sum("unexposed"), c["unexposed"]["nights"].as_u64().unwrap());
    assert_eq!(blocks.last().unwrap()["to"], period().to.to_string());
}

/// A vein procedure half-way through, a medicine started 12 days after it.
fn vein_procedure_diary() -> (Planted, NaiveDate) {
    let mut rng = Rng(47);
    let mut d = Planted::default();
    let procedure = period().from + Duration::days(40);
    for day in period_days() {
        let p = if day < procedure { 0.7 } else { 0.3 };
        let cramps = usize::from(rng.chance(p));
        if rng.chance(0.05) {
            continue;
        }
        d.nights.push(base_night(&mut rng, day, cramps, Leg::Right));
    }
    d.events.push(Event {
        id: 0,
        date: procedure,
        kind: EventKind::VeinProcedure,
        label: Some("right great saphenous vein ablation".into()),
        side: Some(Leg::Right),
        result: None,
    });
    d.meds.push(Medication {
        name: "atorvastatin".into(),
        class: MedClass::Statin,
        start: procedure + Duration::days(12),
        stop: None,
        dose: None,
    });
    (d, procedure)
}

#[test]
fn a_vein_procedure_gets_a_change_entry_with_its_counts_ci_and_the_overlapping_medicine() {
    let (d, procedure) = vein_procedure_diary();
    let r = report_json(&d);
    let changes = r["changes"].as_array().unwrap();
    assert_eq!(changes.len(), 2, "the procedure and the medicine start");
    let ch = &changes[0];
    assert_eq!(ch["kind"], "vein_procedure");
    assert_eq!(ch["date"], procedure.to_string());
    // Counts straight from the planted nights.
    let count = |from: NaiveDate, to: NaiveDate| {
        let ns: Vec<&Night> = d
            .nights
            .iter()
            .filter(|n| n.night >= from && n.night <= to)
            .collect();
        let cramp = ns.iter().filter(|n| !n.episodes.is_empty()).count() as f64;
        (ns.len() as f64, cramp)
    };
    let (n0, c0) = count(
        procedure - Duration::days(28),
        procedure - Duration::days(1),
    );
    let (n1, c1) = count(procedure, procedure + Duration::days(27));
    assert_eq!(
        ch["before"]["from"],
        (procedure - Duration::days(28)).to_string()
    );
    assert_eq!(
        ch["after"]["to"],
        (procedure + Duration::days(27)).to_string()
    );
    assert_eq!(ch["before"]["logged"].as_f64(), Some(n0));
    assert_eq!(ch["before"]["cramp_nights"].as_f64(), Some(c0));
    assert_eq!(ch["after"]["logged"].as_f64(), Some(n1));
    assert_eq!(ch["after"]["cramp_nights"].as_f64(), Some(c1));
    assert_eq!(ch["enough"], true);
    // Risk ratio after vs before with the Katz CI, computed here from the counts.
    let rr = (c1 / n1) / (c0 / n0);
    let se = (1.0 / c1 - 1.0 / n1 + 1.0 / c0 - 1.0 / n0).sqrt();
    let z = 1.959_963_984_540_054;
    close(ch["risk_ratio"].as_f64(), Some(rr), "risk ratio");
    close(
        ch["risk_ratio_ci_low"].as_f64(),
        Some(rr * (-z * se).exp()),
        "low",
    );
    close(
        ch["risk_ratio_ci_high"].as_f64(),
        Some(rr * (z * se).exp()),
        "high",
    );
    assert!(ch["risk_ratio_ci_high"].as_f64().unwrap() < 1.0, "{ch}");
    assert!(ch["fisher_p"].as_f64().unwrap() < 0.05);
    let overlaps = ch["overlaps"].as_array().unwrap();
    assert_eq!(overlaps.len(), 1, "{ch}");
    assert_eq!(overlaps[0]["kind"], "medication_start");
    assert_eq!(overlaps[0]["label"], "atorvastatin");
    assert_eq!(overlaps[0]["days"], 12);
    let summary = ch["summary"].as_str().unwrap();
    assert!(summary.starts_with("After vein procedure"), "{summary}");
    assert!(!summary.contains("because"), "{summary}");
    assert_eq!(changes[1]["kind"], "medication_start");
    assert_eq!(changes[1]["overlaps"][0]["days"], -12);
    // Every format shows the section with the same numbers.
    let env = Env::new();
    plant(&env, &d);
    for format in ["text", "md", "html"] {
        let out = env.ok(&["report", "--format", format]);
        assert!(
            out.to_lowercase().contains("changes after treatments"),
            "{format}"
        );
        assert!(
            out.contains("12 days later"),
            "{format}: the overlap is named"
        );
        let rr_text = cramplog::analysis::wording::ratio(ch["risk_ratio"].as_f64());
        assert!(out.contains(&format!("risk ratio {rr_text}")), "{format}");
    }
}
